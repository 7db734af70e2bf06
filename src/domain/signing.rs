//! The signing keys of the people who use the app (issue "No one speaks for the other party",
//! first part): each identity (party + person) on a machine has an ECDSA P-256 key pair made by
//! the browser (`web::keys`); what the domain knows of it is its public key, its id and its
//! fingerprint — the digits two people read to each other by phone before one trusts the other's
//! key (as Signal's safety numbers).
//!
//! Why ECDSA P-256 with SHA-256: it is the one signature algorithm WebCrypto offers in every
//! browser the users have (Chromium, Firefox ESR 128+, Safari 16+; Ed25519 only arrived in
//! Safari 17 and Firefox 129), its private key can be made non-extractable and kept in IndexedDB,
//! and any standard tool checks its signatures (Node's `crypto`, OpenSSL, Python's
//! `cryptography`).

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use serde::{Deserialize, Serialize};

use super::audit::Stamp;
use super::convention::{ConventionId, Side};
use sha2::{Digest, Sha256};

/// Length of a raw uncompressed P-256 public key: `0x04`, then X and Y, 32 bytes each.
pub const RAW_KEY_LEN: usize = 65;

/// A public signing key: the raw uncompressed P-256 point, as WebCrypto exports it (`"raw"`),
/// written in files as lowercase hexadecimal.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublicKey(Vec<u8>);

impl PublicKey {
    /// The key from its raw bytes: 65 bytes, the first `0x04` (an uncompressed point).
    pub fn from_raw(raw: &[u8]) -> Result<PublicKey, String> {
        if raw.len() != RAW_KEY_LEN || raw[0] != 4 {
            return Err(format!(
                "clé publique illisible : {RAW_KEY_LEN} octets attendus, le premier 04 (point P-256 non compressé)"
            ));
        }
        Ok(PublicKey(raw.to_vec()))
    }

    /// Its raw bytes.
    pub fn raw(&self) -> &[u8] {
        &self.0
    }

    /// "3f9a0c…" (16 hexadecimal digits): the first 8 bytes of the SHA-256 of the raw key, which
    /// name the key in files and signatures.
    pub fn id(&self) -> KeyId {
        KeyId(hex(&Sha256::digest(&self.0)[..8]))
    }

    /// "12345 67890 12345 67890 12345 67890": 30 digits in 6 groups of 5, read aloud by phone to
    /// compare a key before trusting it. Each group is 5 bytes of the SHA-256 of the raw key, read
    /// as a big-endian number modulo 100 000 (Signal's safety numbers do the same with their
    /// hash): about 100 bits, short enough to read, far too many to forge a key that matches.
    pub fn fingerprint(&self) -> String {
        let hash = Sha256::digest(&self.0);
        hash[..30]
            .chunks(5)
            .map(|chunk| {
                let n = chunk.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b));
                format!("{:05}", n % 100_000)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.id())
    }
}

impl TryFrom<String> for PublicKey {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let bytes = unhex(&text).ok_or("clé publique illisible : hexadécimal attendu")?;
        PublicKey::from_raw(&bytes)
    }
}

impl From<PublicKey> for String {
    fn from(key: PublicKey) -> Self {
        hex(&key.0)
    }
}

/// The id of a public key ([`PublicKey::id`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct KeyId(pub String);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An ECDSA P-256 / SHA-256 signature as WebCrypto gives it: `r` then `s`, 32 bytes each,
/// written in files as 128 lowercase hexadecimal digits.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SignatureBytes(Vec<u8>);

impl SignatureBytes {
    /// Length of `r || s`.
    pub const LEN: usize = 64;

    /// From the 64 bytes WebCrypto gives.
    pub fn from_raw(raw: &[u8]) -> Result<SignatureBytes, String> {
        if raw.len() != Self::LEN {
            return Err(format!(
                "signature illisible : {} octets attendus (r puis s)",
                Self::LEN
            ));
        }
        Ok(SignatureBytes(raw.to_vec()))
    }

    /// Its 64 bytes.
    pub fn raw(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SignatureBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({}…)", &hex(&self.0[..4]))
    }
}

impl TryFrom<String> for SignatureBytes {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let bytes = unhex(&text).ok_or("signature illisible : hexadécimal attendu")?;
        SignatureBytes::from_raw(&bytes)
    }
}

impl From<SignatureBytes> for String {
    fn from(s: SignatureBytes) -> Self {
        hex(&s.0)
    }
}

/// What a step's signature covers besides who and when: the facts the step states, by name
/// ("montant", "date", "motif"…), as text.
pub type Facts = BTreeMap<String, String>;

/// The seal of one step of a record's history: the facts it stated, the key that signed them and
/// the signature over their canonical form ([`canonical`]). It travels with the record, so that a
/// file relayed by a third machine still proves who took the step.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Seal {
    /// The facts the step stated, as the author's machine recorded them.
    pub facts: Facts,
    /// The key that signed ([`PublicKey::id`]).
    pub key: KeyId,
    /// The signature of [`canonical`].
    pub signature: SignatureBytes,
}

/// Which record a step belongs to, in the canonical form: `<kind>:<id>` (`action:…`,
/// `request:…`: `sealed::SealedKind`), or `keys` for a statement about a party's keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordRef<'a> {
    /// A record, by its kind's name and its id.
    Of(&'static str, &'a str),
    /// The parties' keys (`trust::Statement`).
    Keys,
}

impl fmt::Display for RecordRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordRef::Of(kind, id) => write!(f, "{kind}:{id}"),
            RecordRef::Keys => f.write_str("keys"),
        }
    }
}

/// The first line of the canonical form: its name and version.
pub const CANONICAL_HEADER: &str = "relance-signature-1";

/// The bytes a step's signature covers (docs/echange.md, "Étapes signées"): UTF-8 lines, each
/// ended by `\n`:
///
/// ```text
/// relance-signature-1
/// convention=<convention id>
/// record=<kind>:<id>        action:…, request:…, amendment:…, journal:…, diffusion:…, issued:…
/// step=<the step as the file writes it: Engaged, DevisSent…>
/// side=<Chamber | Payer>
/// name=<the author's name>
/// at=<the stamp's moment as the file writes it: 2021-01-25T10:00:00>
/// fact.<name>=<value>        one line per fact, by name in byte order
/// ```
///
/// In every value a backslash is written `\\`, a line feed `\n`, a carriage return `\r`:
/// no value can add a line.
pub fn canonical(
    convention: &ConventionId,
    record: RecordRef<'_>,
    step: &str,
    stamp: &Stamp,
    facts: &Facts,
) -> Vec<u8> {
    let side = match stamp.actor.side {
        Side::Chamber => "Chamber",
        Side::Payer => "Payer",
    };
    // Written straight into one buffer: a file's first import builds tens of thousands.
    let mut text = String::with_capacity(256);
    text.push_str(CANONICAL_HEADER);
    text.push('\n');
    // A line: its name's parts as they are, then `=`, then its value's parts escaped.
    fn line(text: &mut String, name: &[&str], values: &[&str]) {
        for part in name {
            text.push_str(part);
        }
        text.push('=');
        for value in values {
            push_escaped(text, value);
        }
        text.push('\n');
    }
    line(&mut text, &["convention"], &[&convention.0]);
    match record {
        RecordRef::Of(kind, id) => line(&mut text, &["record"], &[kind, ":", id]),
        RecordRef::Keys => line(&mut text, &["record"], &["keys"]),
    }
    line(&mut text, &["step"], &[step]);
    line(&mut text, &["side"], &[side]);
    line(&mut text, &["name"], &[&stamp.actor.name]);
    // The moment has nothing to escape: written straight into the buffer.
    let _ = writeln!(text, "at={:?}", stamp.at);
    for (name, value) in facts {
        line(&mut text, &["fact.", name], &[value]);
    }
    text.into_bytes()
}

/// `value` with a backslash written `\\`, a line feed `\n`, a carriage return `\r`.
fn push_escaped(text: &mut String, value: &str) {
    // Looked for byte by byte: the three are ASCII, never inside a longer UTF-8 sequence.
    if memchr::memchr3(b'\\', b'\n', b'\r', value.as_bytes()).is_none() {
        return text.push_str(value);
    }
    for c in value.chars() {
        match c {
            '\\' => text.push_str("\\\\"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            c => text.push(c),
        }
    }
}

/// Checks signatures: the browser's WebCrypto in the app (the import verifies a file's
/// signatures before planning it, `ui::import`), RustCrypto's `p256` in the native tests. The
/// domain decides what a signature that holds, or does not, means ([`super::trust`]).
pub trait Verifier {
    /// Whether `signature` is `key`'s ECDSA P-256 / SHA-256 signature of `message`.
    fn verifies(&self, key: &PublicKey, message: &[u8], signature: &SignatureBytes) -> bool;
}

/// Lowercase hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    text
}

/// Bytes from hexadecimal (either case), `None` if it is not.
fn unhex(text: &str) -> Option<Vec<u8>> {
    let nibble = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    };
    let pairs = text.as_bytes().chunks(2);
    pairs
        .map(|pair| match *pair {
            [high, low] => Some(nibble(high)? << 4 | nibble(low)?),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The public key of the P-256 test vector of RFC 6979, A.2.5 (private key
    /// C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721).
    const RFC6979_PUBLIC: &str = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";

    #[test]
    fn a_key_has_a_stable_id_and_fingerprint() {
        let key = PublicKey::try_from(RFC6979_PUBLIC.to_string()).unwrap();
        // Committed vectors, computed independently (Python hashlib): any change to the id or
        // the fingerprint breaks what users compared.
        assert_eq!(key.id().0, "b18b86ce1389e46d");
        assert_eq!(key.fingerprint(), "78995 27738 29768 05939 57208 39128");
        assert_eq!(String::from(key.clone()), RFC6979_PUBLIC);
        assert_eq!(
            serde_json::to_string(&key).unwrap(),
            format!("\"{RFC6979_PUBLIC}\"")
        );
    }

    #[test]
    fn hexadecimal_reads_back_in_either_case_and_nothing_else_is_read() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(unhex(&hex(&bytes)), Some(bytes.clone()));
        assert_eq!(unhex(&hex(&bytes).to_uppercase()), Some(bytes));
        assert_eq!(unhex(""), Some(Vec::new()));
        for bad in ["a", "abc", "0g", "g0", " 0", "0x00", "é0", "+1"] {
            assert_eq!(unhex(bad), None, "{bad:?}");
        }
        assert!(SignatureBytes::try_from("0".repeat(127)).is_err());
        assert!(SignatureBytes::try_from("0".repeat(128)).is_ok());
    }

    #[test]
    fn a_value_is_escaped_so_that_it_cannot_add_a_line() {
        let mut text = String::new();
        push_escaped(&mut text, "é\\n\n\r« x »");
        assert_eq!(text, "é\\\\n\\n\\r« x »");
        let mut plain = String::new();
        push_escaped(&mut plain, "Menuiserie « Durand » – été");
        assert_eq!(plain, "Menuiserie « Durand » – été");
    }

    #[test]
    fn fingerprints_are_six_groups_of_five_digits_and_differ_between_keys() {
        let mut raw = unhex(RFC6979_PUBLIC).unwrap();
        let one = PublicKey::from_raw(&raw).unwrap().fingerprint();
        raw[64] ^= 1;
        let other = PublicKey::from_raw(&raw).unwrap().fingerprint();
        assert_ne!(one, other);
        for f in [one, other] {
            let groups: Vec<&str> = f.split(' ').collect();
            assert_eq!(groups.len(), 6);
            assert!(
                groups
                    .iter()
                    .all(|g| g.len() == 5 && g.bytes().all(|b| b.is_ascii_digit()))
            );
        }
    }

    #[test]
    fn what_is_not_a_raw_p256_key_is_refused_in_french() {
        for bad in [
            "",
            "04",
            "zz",
            &RFC6979_PUBLIC[..128],
            &format!("05{}", &RFC6979_PUBLIC[2..]),
        ] {
            let err = PublicKey::try_from(bad.to_string()).unwrap_err();
            assert!(err.starts_with("clé publique illisible"), "{bad}: {err}");
        }
    }
}
