//! The encrypted envelope of an exchange file (`relance-echange-chiffre`, version 1): AES-256-GCM
//! over the plain file's bytes, key from PBKDF2-SHA256 of a passphrase. The browser's WebCrypto
//! does both (`ui::crypto`); this module only reads and checks the envelope.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Problem;

/// Name of the encrypted envelope format.
pub const SEALED_FORMAT: &str = "relance-echange-chiffre";
/// PBKDF2-SHA256 iterations for the passphrase (OWASP 2023 recommendation: at least 600,000).
pub const PBKDF2_ITERATIONS: u32 = 600_000;

/// An exchange file encrypted with a passphrase: AES-256-GCM over the plain file's bytes, key from
/// PBKDF2-SHA256 (the browser's WebCrypto does both). Binary fields are base64.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    /// Always [`SEALED_FORMAT`].
    pub format: String,
    /// Always 1.
    pub version: u32,
    /// Always `PBKDF2-SHA256`.
    pub kdf: String,
    /// At least [`PBKDF2_ITERATIONS`].
    pub iterations: u32,
    /// Random salt, 16 bytes.
    pub salt: String,
    /// Random nonce, 12 bytes.
    pub iv: String,
    /// The encrypted file with its authentication tag.
    pub ciphertext: String,
}

impl Sealed {
    /// Reads an encrypted envelope, if `bytes` is one; refuses weak or unknown parameters.
    pub fn from_bytes(bytes: &[u8]) -> Option<Result<Sealed, Problem>> {
        /// Just the format, so that a plain file is not parsed twice into values.
        #[derive(Deserialize)]
        struct Head<'a> {
            #[serde(borrow)]
            format: Option<std::borrow::Cow<'a, str>>,
        }
        // A plain file never holds the encrypted format's name (a note quoting it is checked as
        // below): found without reading the whole file as JSON.
        memchr::memmem::find(bytes, SEALED_FORMAT.as_bytes())?;
        let head: Head = serde_json::from_slice(bytes).ok()?;
        if head.format.as_deref() != Some(SEALED_FORMAT) {
            return None;
        }
        let value: Value = serde_json::from_slice(bytes).ok()?;
        Some(match Sealed::deserialize(&value) {
            Ok(s)
                if s.version == 1
                    && s.kdf == "PBKDF2-SHA256"
                    && s.iterations >= PBKDF2_ITERATIONS =>
            {
                Ok(s)
            }
            Ok(_) => Err(Problem::file(
                "paramètres de chiffrement inconnus ou trop faibles.",
            )),
            Err(e) => Err(Problem::file(format!(
                "fichier chiffré illisible ({}).",
                crate::serde_fr::reason(&e.to_string())
            ))),
        })
    }
}
