//! This machine's signing keys (`domain::signing`): an ECDSA P-256 key pair per identity (party +
//! person), made by WebCrypto the first time it is asked for, its private key non-extractable,
//! kept as the browser's `CryptoKey` objects themselves in their own IndexedDB database
//! ([`keys::KEYS_DATABASE`]). No script — the app's included — can read the private key; it can
//! only ask the browser to sign with it.

use idb::{DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::crypto::{obj, subtle};
use crate::domain::action::Actor;
use std::collections::BTreeMap;

use crate::domain::signing::{KeyId, PublicKey};
use crate::domain::trust::{Answers, ToVerify};
use crate::storage::keys;

/// Why keys are unavailable, for the user.
const UNAVAILABLE: &str = "Clé de signature indisponible dans ce navigateur.";

/// The store's key of `actor`'s pair: its party and name.
fn slot(actor: &Actor) -> JsValue {
    JsValue::from_str(&format!("{:?}:{}", actor.side, actor.name))
}

async fn database() -> Result<idb::Database, String> {
    let factory = Factory::new().map_err(|_| UNAVAILABLE)?;
    let mut request = factory
        .open(keys::KEYS_DATABASE, Some(keys::KEYS_VERSION))
        .map_err(|_| UNAVAILABLE)?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = event.database() else { return };
        if !db.store_names().iter().any(|n| n == keys::KEYS) {
            let _ = db.create_object_store(keys::KEYS, ObjectStoreParams::new());
        }
    });
    request.await.map_err(|_| UNAVAILABLE.to_string())
}

/// The stored pair of `actor`: `{ private: CryptoKey, public: Uint8Array }`.
async fn stored(db: &idb::Database, actor: &Actor) -> Result<Option<Object>, String> {
    let tx = db
        .transaction(&[keys::KEYS], TransactionMode::ReadOnly)
        .map_err(|_| UNAVAILABLE)?;
    let store = tx.object_store(keys::KEYS).map_err(|_| UNAVAILABLE)?;
    let value = store
        .get(slot(actor))
        .map_err(|_| UNAVAILABLE)?
        .await
        .map_err(|_| UNAVAILABLE)?;
    Ok(value.and_then(|v| v.dyn_into::<Object>().ok()))
}

/// Makes `actor`'s pair and keeps it; a pair stored meanwhile (another tab) wins.
async fn make(db: &idb::Database, actor: &Actor) -> Result<Object, String> {
    let subtle = subtle()?;
    let failed = |_| "Création de la clé de signature impossible.".to_string();
    let algorithm = obj(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]);
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair = JsFuture::from(
        subtle
            .generate_key_with_object(&algorithm, false, &usages)
            .map_err(failed)?,
    )
    .await
    .map_err(failed)?;
    let private = Reflect::get(&pair, &"privateKey".into()).map_err(failed)?;
    let public: web_sys::CryptoKey = Reflect::get(&pair, &"publicKey".into())
        .map_err(failed)?
        .unchecked_into();
    let raw = JsFuture::from(subtle.export_key("raw", &public).map_err(failed)?)
        .await
        .map_err(failed)?;
    let record = obj(&[
        ("private", private),
        ("public", Uint8Array::new(&raw).into()),
    ]);
    let tx = db
        .transaction(&[keys::KEYS], TransactionMode::ReadWrite)
        .map_err(|_| UNAVAILABLE)?;
    let store = tx.object_store(keys::KEYS).map_err(|_| UNAVAILABLE)?;
    if let Some(existing) = store
        .get(slot(actor))
        .map_err(|_| UNAVAILABLE)?
        .await
        .map_err(|_| UNAVAILABLE)?
        .and_then(|v| v.dyn_into::<Object>().ok())
    {
        return Ok(existing);
    }
    store
        .add(&record, Some(&slot(actor)))
        .map_err(|_| UNAVAILABLE)?;
    tx.await.map_err(|_| UNAVAILABLE)?;
    Ok(record)
}

/// `actor`'s pair, made the first time.
async fn pair(actor: &Actor) -> Result<Object, String> {
    let db = database().await?;
    let pair = match stored(&db, actor).await? {
        Some(pair) => pair,
        None => make(&db, actor).await?,
    };
    db.close();
    Ok(pair)
}

/// The public key of `actor` on this machine, made the first time it is asked for.
pub async fn public_key(actor: &Actor) -> Result<PublicKey, String> {
    let pair = pair(actor).await?;
    let raw = Reflect::get(&pair, &"public".into()).map_err(|_| UNAVAILABLE)?;
    PublicKey::from_raw(&Uint8Array::new(&raw).to_vec())
}

/// `data` signed with `actor`'s private key: ECDSA P-256 with SHA-256, the 64-byte `r‖s`
/// (IEEE P1363) WebCrypto gives.
pub async fn sign(actor: &Actor, data: &[u8]) -> Result<Vec<u8>, String> {
    let pair = pair(actor).await?;
    let private: web_sys::CryptoKey = Reflect::get(&pair, &"private".into())
        .map_err(|_| UNAVAILABLE)?
        .unchecked_into();
    let failed = |_| "Signature impossible.".to_string();
    let algorithm = obj(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]);
    let signature = JsFuture::from(
        subtle()?
            .sign_with_object_and_u8_array(&algorithm, &private, data)
            .map_err(failed)?,
    )
    .await
    .map_err(failed)?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// Checks every signature with WebCrypto, each key imported once and the checks run together:
/// the ones that hold (`domain::trust::Answers`), for the plan of a received file.
pub async fn verify_all(checks: &[ToVerify]) -> Result<Answers, String> {
    let subtle = subtle()?;
    let failed = |_| "Vérification des signatures impossible dans ce navigateur.".to_string();
    let import = obj(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]);
    let algorithm = obj(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]);
    let mut imported: BTreeMap<KeyId, web_sys::CryptoKey> = BTreeMap::new();
    let mut answers = Answers::default();
    // In batches, so that a large file does not hold tens of thousands of promises at once.
    for batch in checks.chunks(2_000) {
        let promises = Array::new();
        for check in batch {
            let id = check.key.id();
            if !imported.contains_key(&id) {
                let usages = Array::of1(&"verify".into());
                let key = JsFuture::from(
                    subtle
                        .import_key_with_object(
                            "raw",
                            &Uint8Array::from(check.key.raw()),
                            &import,
                            true,
                            &usages,
                        )
                        .map_err(failed)?,
                )
                .await
                .map_err(failed)?;
                imported.insert(id.clone(), key.unchecked_into());
            }
            let promise = subtle
                .verify_with_object_and_u8_array_and_u8_array(
                    &algorithm,
                    &imported[&id],
                    check.signature.raw(),
                    &check.message,
                )
                .map_err(failed)?;
            promises.push(&promise);
        }
        let results = JsFuture::from(js_sys::Promise::all(&promises))
            .await
            .map_err(failed)?;
        let results: Array = results.unchecked_into();
        for (check, held) in batch.iter().zip(results.iter()) {
            if held.as_bool() == Some(true) {
                answers.held(check);
            }
        }
    }
    Ok(answers)
}
