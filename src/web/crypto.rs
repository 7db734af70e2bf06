//! Passphrase encryption of exchange files with the browser's WebCrypto: PBKDF2-SHA256
//! (600,000 iterations, random 16-byte salt) derives an AES-256-GCM key; a random 12-byte nonce per
//! file. The envelope format is [`crate::exchange::Sealed`].

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::exchange::{PBKDF2_ITERATIONS, SEALED_FORMAT, Sealed};

/// The browser's WebCrypto (`crypto.subtle`).
pub(crate) fn subtle() -> Result<web_sys::SubtleCrypto, String> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .ok_or_else(|| "Chiffrement indisponible dans ce navigateur.".to_string())
}

/// A plain object of `pairs` (WebCrypto's algorithm parameters).
pub(crate) fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn random(len: u32) -> Result<Vec<u8>, String> {
    let mut bytes = vec![0u8; len as usize];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .ok_or("Aléa indisponible.")?;
    Ok(bytes)
}

fn b64(bytes: &[u8]) -> Result<String, String> {
    let binary: String = bytes.iter().map(|&b| char::from(b)).collect();
    web_sys::window()
        .and_then(|w| w.btoa(&binary).ok())
        .ok_or_else(|| "Encodage impossible.".to_string())
}

fn unb64(text: &str) -> Result<Vec<u8>, String> {
    let binary = web_sys::window()
        .and_then(|w| w.atob(text).ok())
        .ok_or_else(|| "Fichier chiffré abîmé.".to_string())?;
    Ok(binary.chars().map(|c| c as u32 as u8).collect())
}

async fn key(passphrase: &str, salt: &[u8], iterations: u32) -> Result<web_sys::CryptoKey, String> {
    let subtle = subtle()?;
    let err = |_| "Dérivation de la clé impossible.".to_string();
    let raw = Uint8Array::from(passphrase.as_bytes());
    let usages = Array::of1(&JsValue::from_str("deriveKey"));
    let base = JsFuture::from(
        subtle
            .import_key_with_str("raw", &raw, "PBKDF2", false, &usages)
            .map_err(err)?,
    )
    .await
    .map_err(err)?;
    let params = obj(&[
        ("name", "PBKDF2".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
        ("hash", "SHA-256".into()),
    ]);
    let algo = obj(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let derived = JsFuture::from(
        subtle
            .derive_key_with_object_and_object(
                &params,
                &base.unchecked_into(),
                &algo,
                false,
                &usages,
            )
            .map_err(err)?,
    )
    .await
    .map_err(err)?;
    Ok(derived.unchecked_into())
}

/// Encrypts a plain exchange file's text with `passphrase`; returns the envelope's JSON.
pub async fn seal(plain: &str, passphrase: &str) -> Result<String, String> {
    let salt = random(16)?;
    let iv = random(12)?;
    let key = key(passphrase, &salt, PBKDF2_ITERATIONS).await?;
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv.as_slice()).into()),
    ]);
    let data = plain.as_bytes().to_vec();
    let out = JsFuture::from(
        subtle()?
            .encrypt_with_object_and_u8_array(&params, &key, &data)
            .map_err(|_| "Chiffrement impossible.")?,
    )
    .await
    .map_err(|_| "Chiffrement impossible.")?;
    let cipher = Uint8Array::new(&out).to_vec();
    let sealed = Sealed {
        format: SEALED_FORMAT.to_string(),
        version: 1,
        kdf: "PBKDF2-SHA256".to_string(),
        iterations: PBKDF2_ITERATIONS,
        salt: b64(&salt)?,
        iv: b64(&iv)?,
        ciphertext: b64(&cipher)?,
    };
    serde_json::to_string(&sealed).map_err(|e| e.to_string())
}

/// Decrypts an envelope with `passphrase`; a wrong passphrase gives a clear French message.
pub async fn open(sealed: &Sealed, passphrase: &str) -> Result<Vec<u8>, String> {
    let salt = unb64(&sealed.salt)?;
    let iv = unb64(&sealed.iv)?;
    let cipher = unb64(&sealed.ciphertext)?;
    let key = key(passphrase, &salt, sealed.iterations).await?;
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv.as_slice()).into()),
    ]);
    let wrong = || {
        "Phrase de passe incorrecte (ou fichier abîmé) : le fichier n'a pas pu être déchiffré."
            .to_string()
    };
    let out = JsFuture::from(
        subtle()?
            .decrypt_with_object_and_u8_array(&params, &key, &cipher)
            .map_err(|_| wrong())?,
    )
    .await
    .map_err(|_| wrong())?;
    Ok(Uint8Array::new(&out).to_vec())
}

/// Starts the SHA-256 of `bytes` on the browser's own thread (WebCrypto copies them at once, so
/// they may change meanwhile): when awaited, `sha256:` and its hexadecimal digits, or `None`
/// when the browser cannot.
pub fn sha256(bytes: &[u8]) -> impl std::future::Future<Output = Option<String>> + use<> {
    let promise = subtle()
        .ok()
        .and_then(|s| s.digest_with_str_and_u8_array("SHA-256", bytes).ok());
    async move {
        let digest = JsFuture::from(promise?).await.ok()?;
        let digest = Uint8Array::new(&digest).to_vec();
        Some(format!("sha256:{}", crate::domain::signing::hex(&digest)))
    }
}
