//! IndexedDB, where the ledgers live in the browser (browser only).
//!
//! Database `relance` (the demo's: `relance-demo`), version 1, with two object stores keyed by
//! text (their names: [`crate::storage::keys`]):
//! - `ledgers`: one JSON record per convention ([`StoredLedger`]), keyed by convention id;
//! - `backups`: JSON kept aside before anything destructive (a restore, setting corrupted data
//!   aside), keyed by a name with the date.
//!
//! Writes are checked: a save names the revision it expects to replace and is refused with
//! [`StoreError::Conflict`] when another tab saved first; a full store gives
//! [`StoreError::QuotaExceeded`]. Records are stored as JSON text, exactly what backups contain.

use idb::{
    Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode, TransactionResult,
};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::storage::format::{StoreError, StoredLedger};
use crate::storage::keys::{BACKUPS, DB_VERSION, EARLY_ACTIVE, EARLY_READ, LEDGERS, Place};

/// An open connection to the app's database.
#[derive(Debug)]
pub struct Db {
    db: Database,
}

/// Maps an IndexedDB failure to what the user is told; a full store is recognised by its
/// `QuotaExceededError` name.
fn to_store_error(err: impl std::fmt::Display) -> StoreError {
    let text = err.to_string();
    if text.contains("QuotaExceeded") || text.contains("quota") {
        StoreError::QuotaExceeded
    } else {
        StoreError::Unavailable(text)
    }
}

/// Why a transaction was aborted, from its `error` (a `DOMException`).
fn abort_reason(tx_error: Option<web_sys::DomException>) -> StoreError {
    match tx_error {
        Some(e) if e.name() == "QuotaExceededError" => StoreError::QuotaExceeded,
        Some(e) => StoreError::Unavailable(format!("{} : {}", e.name(), e.message())),
        None => StoreError::Unavailable("écriture interrompue".to_string()),
    }
}

/// What the page read before the app started: the inline script of `index.html` puts a promise
/// of `{ keys, values, db }` (the `ledgers` store and the open connection) in
/// `window.relanceEarlyRead`. It saves the start-up the time of opening and reading, done while
/// the wasm compiled. Writes stay safe if another tab saved in between: they are revision-checked.
pub struct EarlyRead {
    /// Every ledger record as raw text, with its key, as [`Db::load_raw`] gives them.
    pub records: Vec<(String, String)>,
    /// The connection, when the database is at this version with every store; else `None`
    /// (closed), and the app opens (and upgrades) the database itself.
    pub db: Option<Db>,
}

/// Takes the promise the page left in `window[name]`, once, and awaits it: `None` when there is
/// none, it failed, or it gave something else than an object.
async fn take_page_promise(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(name);
    let promise = js_sys::Reflect::get(&window, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let promise: js_sys::Promise = promise.dyn_into().ok()?;
    let read = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    read.is_object().then_some(read)
}

/// Takes the active convention's record, read by the page's inline script before the others
/// (`window.relanceEarlyActive`: `{ key, value }` from the same read-only transaction as the
/// [`EarlyRead`], so from the same state of the database), once: `(key, text)`, or `None` when
/// there is none (no convention chosen yet, no such record, no early read).
pub async fn take_early_active() -> Option<(String, String)> {
    let read = take_page_promise(EARLY_ACTIVE).await?;
    let field = |name: &str| {
        js_sys::Reflect::get(&read, &JsValue::from_str(name))
            .ok()?
            .as_string()
    };
    Some((field("key")?, field("value")?))
}

/// Takes the [`EarlyRead`], once: `None` when there is none or it failed.
pub async fn take_early_read() -> Option<EarlyRead> {
    let read = take_page_promise(EARLY_READ).await?;
    let field = |name: &str| js_sys::Reflect::get(&read, &JsValue::from_str(name)).ok();
    let db = field("db")
        .and_then(|d| d.dyn_into::<web_sys::IdbDatabase>().ok())
        .and_then(|raw| {
            let names = raw.object_store_names();
            let complete = [LEDGERS, BACKUPS].iter().all(|s| names.contains(s));
            if raw.version() == f64::from(DB_VERSION) && complete {
                // From now on the app's connection: it reacts to a newer version as the one
                // `Db::open` gives would, without the page script's handler.
                raw.set_onversionchange(None);
                Some(Db {
                    db: Database::from(raw),
                })
            } else {
                raw.close();
                None
            }
        });
    let array = |name: &str| field(name)?.dyn_into::<js_sys::Array>().ok();
    let (keys, values) = (array("keys")?, array("values")?);
    let records = as_records(keys.iter(), values.iter());
    Some(EarlyRead { records, db })
}

/// Keys and values of the `ledgers` store, as `(key, text)` pairs (a value that is not text is
/// kept as empty text, which the decoding then reports).
fn as_records(
    keys: impl IntoIterator<Item = JsValue>,
    values: impl IntoIterator<Item = JsValue>,
) -> Vec<(String, String)> {
    keys.into_iter()
        .zip(values)
        .map(|(k, v)| {
            (
                k.as_string().unwrap_or_default(),
                v.as_string().unwrap_or_default(),
            )
        })
        .collect()
}

/// Just the revision of a stored record, read without checking the rest.
#[derive(Deserialize)]
struct RevisionOnly {
    revision: u64,
}

impl Db {
    /// Opens (and on first use creates) the database of `place` in the page's origin.
    pub async fn open(place: Place) -> Result<Db, StoreError> {
        let factory = Factory::new().map_err(to_store_error)?;
        Db::open_with(factory, place.database).await
    }

    /// Opens database `name` from `factory` — the page's, or a storage bucket's in tests.
    pub async fn open_with(factory: Factory, name: &str) -> Result<Db, StoreError> {
        let mut request = factory
            .open(name, Some(DB_VERSION))
            .map_err(to_store_error)?;
        request.on_upgrade_needed(|event| {
            let Ok(db) = event.database() else { return };
            let names = db.store_names();
            for store in [LEDGERS, BACKUPS] {
                if !names.iter().any(|n| n == store) {
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
        });
        let db = request.await.map_err(to_store_error)?;
        Ok(Db { db })
    }

    /// A transaction over `stores`, with the raw handle that still reports why it aborted after
    /// the `idb` wrapper is awaited.
    fn begin(
        &self,
        stores: &[&str],
        mode: TransactionMode,
    ) -> Result<(idb::Transaction, web_sys::IdbTransaction), StoreError> {
        let tx = self.db.transaction(stores, mode).map_err(to_store_error)?;
        let raw: web_sys::IdbTransaction = tx.into();
        Ok((idb::Transaction::from(raw.clone()), raw))
    }

    /// Waits for `tx` to commit; an abort (a full store among others) is reported with its reason.
    async fn commit(tx: idb::Transaction, raw: web_sys::IdbTransaction) -> Result<(), StoreError> {
        match tx.await {
            Ok(TransactionResult::Committed) => Ok(()),
            _ => Err(abort_reason(raw.error())),
        }
    }

    /// The value under `key` in `store`.
    async fn get(store: &idb::ObjectStore, key: &str) -> Result<Option<JsValue>, StoreError> {
        store
            .get(JsValue::from_str(key))
            .map_err(to_store_error)?
            .await
            .map_err(to_store_error)
    }

    /// Puts `value` under `key` in `store`.
    fn put(store: &idb::ObjectStore, key: &str, value: &JsValue) -> Result<(), StoreError> {
        store
            .put(value, Some(&JsValue::from_str(key)))
            .map(|_| ())
            .map_err(to_store_error)
    }

    /// Every stored ledger record as raw text, with its key; decoding is the caller's, so that one
    /// bad record can be reported without hiding the others.
    pub async fn load_raw(&self) -> Result<Vec<(String, String)>, StoreError> {
        let (tx, _) = self.begin(&[LEDGERS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(LEDGERS).map_err(to_store_error)?;
        let keys = store
            .get_all_keys(None, None)
            .map_err(to_store_error)?
            .await
            .map_err(to_store_error)?;
        let values = store
            .get_all(None, None)
            .map_err(to_store_error)?
            .await
            .map_err(to_store_error)?;
        Ok(as_records(keys, values))
    }

    /// Whether no ledger is stored (without reading them).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let (tx, _) = self.begin(&[LEDGERS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(LEDGERS).map_err(to_store_error)?;
        let count = store
            .count(None)
            .map_err(to_store_error)?
            .await
            .map_err(to_store_error)?;
        Ok(count == 0)
    }

    /// Reads one ledger record as raw text.
    pub async fn load_one(&self, key: &str) -> Result<Option<String>, StoreError> {
        let (tx, _) = self.begin(&[LEDGERS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(LEDGERS).map_err(to_store_error)?;
        Ok(Self::get(&store, key).await?.and_then(|v| v.as_string()))
    }

    /// Saves `stored` if storage still holds revision `expected` (0: nothing yet); otherwise
    /// refuses with [`StoreError::Conflict`] and writes nothing.
    pub async fn save(
        &self,
        stored: &StoredLedger,
        expected: u64,
        to_json: fn(&StoredLedger) -> String,
    ) -> Result<(), StoreError> {
        let key = &stored.ledger.convention().id().0;
        let (tx, raw) = self.begin(&[LEDGERS], TransactionMode::ReadWrite)?;
        let store = tx.object_store(LEDGERS).map_err(to_store_error)?;
        // Read and write in one transaction: no other tab can write in between.
        let current_revision = match Self::get(&store, key).await?.and_then(|v| v.as_string()) {
            None => 0,
            Some(text) => serde_json::from_str::<RevisionOnly>(&text)
                .map(|r| r.revision)
                .unwrap_or(u64::MAX),
        };
        if current_revision != expected {
            let _ = tx.abort();
            return Err(StoreError::Conflict);
        }
        Self::put(&store, key, &JsValue::from_str(&to_json(stored)))?;
        Self::commit(tx, raw).await
    }

    /// Replaces every ledger with `ledgers` in one transaction, after copying the current records
    /// into the `backups` store under `backup_key`; all or nothing.
    pub async fn replace_all(
        &self,
        ledgers: &[StoredLedger],
        backup_key: &str,
        backup_json: &str,
        to_json: fn(&StoredLedger) -> String,
    ) -> Result<(), StoreError> {
        let (tx, raw) = self.begin(&[LEDGERS, BACKUPS], TransactionMode::ReadWrite)?;
        let backups = tx.object_store(BACKUPS).map_err(to_store_error)?;
        Self::put(&backups, backup_key, &JsValue::from_str(backup_json))?;
        let store = tx.object_store(LEDGERS).map_err(to_store_error)?;
        store.clear().map_err(to_store_error)?;
        for l in ledgers {
            Self::put(
                &store,
                &l.ledger.convention().id().0,
                &JsValue::from_str(&to_json(l)),
            )?;
        }
        Self::commit(tx, raw).await
    }

    /// Keeps `json` in the `backups` store under `key`.
    pub async fn put_backup(&self, key: &str, json: &str) -> Result<(), StoreError> {
        let (tx, raw) = self.begin(&[BACKUPS], TransactionMode::ReadWrite)?;
        let store = tx.object_store(BACKUPS).map_err(to_store_error)?;
        Self::put(&store, key, &JsValue::from_str(json))?;
        Self::commit(tx, raw).await
    }

    /// Reads a kept backup.
    pub async fn get_backup(&self, key: &str) -> Result<Option<String>, StoreError> {
        let (tx, _) = self.begin(&[BACKUPS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(BACKUPS).map_err(to_store_error)?;
        Ok(Self::get(&store, key).await?.and_then(|v| v.as_string()))
    }

    /// Moves a ledger record that cannot be read into the `backups` store under `backup_key`, so
    /// the app can start again without losing it.
    pub async fn set_aside(&self, key: &str, backup_key: &str) -> Result<(), StoreError> {
        let (tx, raw) = self.begin(&[LEDGERS, BACKUPS], TransactionMode::ReadWrite)?;
        let ledgers = tx.object_store(LEDGERS).map_err(to_store_error)?;
        let value = Self::get(&ledgers, key).await?.unwrap_or(JsValue::NULL);
        let backups = tx.object_store(BACKUPS).map_err(to_store_error)?;
        Self::put(&backups, backup_key, &value)?;
        ledgers
            .delete(JsValue::from_str(key))
            .map_err(to_store_error)?;
        Self::commit(tx, raw).await
    }

    /// Writes raw text as a ledger record, bypassing every check: for tests that plant corrupted
    /// or future data.
    pub async fn put_raw(&self, key: &str, text: &str) -> Result<(), StoreError> {
        let (tx, raw) = self.begin(&[LEDGERS], TransactionMode::ReadWrite)?;
        let store = tx.object_store(LEDGERS).map_err(to_store_error)?;
        Self::put(&store, key, &JsValue::from_str(text))?;
        Self::commit(tx, raw).await
    }

    /// Calls `f` if the browser closes the connection (its storage was cleared, or deleted).
    pub fn on_close(&mut self, f: impl FnOnce() + 'static) {
        self.db.on_close(move |_| f());
    }

    /// Closes the connection.
    pub fn close(&self) {
        self.db.close();
    }
}

/// Asks the browser to keep this origin's storage under pressure (`navigator.storage.persist()`);
/// `Some(true)` when granted, `None` when the browser cannot say.
pub async fn request_persistence() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persist().ok()?;
    let granted = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    granted.as_bool()
}
