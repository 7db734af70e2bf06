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

use crate::domain::batch_seal::{Batch, BatchCheck, BatchSeal};
use crate::domain::signing::{KeyId, PublicKey, SignatureBytes};
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

/// The public key of `actor` if this machine holds its pair (none is made).
async fn held_key(actor: &Actor) -> Result<Option<PublicKey>, String> {
    let db = database().await?;
    let pair = stored(&db, actor).await?;
    db.close();
    let Some(pair) = pair else { return Ok(None) };
    let raw = Reflect::get(&pair, &"public".into()).map_err(|_| UNAVAILABLE)?;
    PublicKey::from_raw(&Uint8Array::new(&raw).to_vec()).map(Some)
}

/// The batch seals of a file being written: one signature for each batch whose key is one of
/// this machine's (`domain::batch_seal`); the others' steps travel with their own signatures.
pub async fn seal_batches(batches: Vec<(Batch, Vec<u8>)>) -> Result<Vec<BatchSeal>, String> {
    let mut seals = Vec::new();
    for (batch, message) in batches {
        if held_key(&batch.author)
            .await?
            .is_some_and(|k| k.id() == batch.key)
        {
            let signature = SignatureBytes::from_raw(&sign(&batch.author, &message).await?)?;
            seals.push(BatchSeal {
                key: batch.key,
                signature,
            });
        }
    }
    Ok(seals)
}

/// Checks signatures with WebCrypto, each key imported once and the checks run together.
struct Checker {
    subtle: web_sys::SubtleCrypto,
    imported: BTreeMap<KeyId, web_sys::CryptoKey>,
}

/// Why a check could not run, for the user.
fn unavailable(_: JsValue) -> String {
    "Vérification des signatures impossible dans ce navigateur.".to_string()
}

impl Checker {
    /// `key` as WebCrypto's, imported the first time.
    async fn key(&mut self, key: &PublicKey) -> Result<web_sys::CryptoKey, String> {
        let id = key.id();
        if let Some(k) = self.imported.get(&id) {
            return Ok(k.clone());
        }
        let import = obj(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]);
        let usages = Array::of1(&"verify".into());
        let promise = self
            .subtle
            .import_key_with_object("raw", &Uint8Array::from(key.raw()), &import, true, &usages)
            .map_err(unavailable)?;
        let k: web_sys::CryptoKey = JsFuture::from(promise)
            .await
            .map_err(unavailable)?
            .unchecked_into();
        self.imported.insert(id, k.clone());
        Ok(k)
    }

    /// Whether each `(key, message, signature)` holds, checked together.
    async fn verify(&mut self, batch: &[(&PublicKey, &[u8], &[u8])]) -> Result<Vec<bool>, String> {
        let algorithm = obj(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]);
        let promises = Array::new();
        for (key, message, signature) in batch {
            let key = self.key(key).await?;
            let promise = self
                .subtle
                .verify_with_object_and_u8_array_and_u8_array(&algorithm, &key, signature, message)
                .map_err(unavailable)?;
            promises.push(&promise);
        }
        let results: Array = JsFuture::from(js_sys::Promise::all(&promises))
            .await
            .map_err(unavailable)?
            .unchecked_into();
        Ok(results.iter().map(|r| r.as_bool() == Some(true)).collect())
    }
}

/// Checks every signature of a received file with WebCrypto: first its batch seals
/// (`domain::batch_seal`), then each step that no batch seal that held covers. The ones that
/// hold (`domain::trust::Answers`), for the plan of a received file.
pub async fn verify_all(checks: Vec<ToVerify>, batches: &[BatchCheck]) -> Result<Answers, String> {
    let mut checker = Checker {
        subtle: subtle()?,
        imported: BTreeMap::new(),
    };
    let lots: Vec<_> = batches
        .iter()
        .map(|b| (&b.key, b.message.as_slice(), b.signature.raw()))
        .collect();
    let mut covered = vec![false; checks.len()];
    for (batch, held) in batches.iter().zip(checker.verify(&lots).await?) {
        if held {
            for &i in &batch.covers {
                covered[i] = true;
            }
        }
    }
    let mut answers = Answers::default();
    let mut each = Vec::new();
    for (check, covered) in checks.into_iter().zip(covered) {
        if covered {
            answers.held(check);
        } else {
            each.push(check);
        }
    }
    // In slices, so that a large file does not hold tens of thousands of promises at once.
    while !each.is_empty() {
        let slice: Vec<ToVerify> = each.drain(..each.len().min(2_000)).collect();
        let items: Vec<_> = slice
            .iter()
            .map(|c| (&c.key, c.message.as_slice(), c.signature.raw()))
            .collect();
        let held = checker.verify(&items).await?;
        drop(items);
        for (check, ok) in slice.into_iter().zip(held) {
            if ok {
                answers.held(check);
            }
        }
    }
    Ok(answers)
}
