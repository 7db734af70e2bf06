//! The IndexedDB layer against the browser's real storage: round trip, conflicts between tabs,
//! corrupted and future data left untouched, a real quota error from a storage bucket with a
//! tiny quota, and the records and connection read early by the page, taken once.

use chrono::NaiveDateTime;
use idb::Factory;
use relance::domain::convention::Convention;
use relance::domain::ledger::Ledger;
use relance::storage::format::{StoreError, StoredLedger, VERSION};
use relance::web::idb::Db;
use relance::workspace::command::NotifyTermination;
use relance::workspace::{Command, Workspace};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn at() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2021-03-01 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

/// A database of its own for each test, emptied first.
async fn fresh_db(name: &str) -> Db {
    let factory = Factory::new().unwrap();
    factory.delete(name).unwrap().await.unwrap();
    Db::open_with(factory, name).await.unwrap()
}

fn payer_stamp() -> relance::domain::audit::Stamp {
    relance::domain::audit::Stamp {
        actor: relance::domain::audit::Actor {
            side: relance::domain::convention::Side::Payer,
            name: "Agent".into(),
        },
        at: at(),
    }
}

fn seed_record(revision: u64) -> StoredLedger {
    StoredLedger::new(Ledger::new(Convention::seed()), revision, at(), None)
}

#[wasm_bindgen_test]
async fn a_saved_ledger_reads_back_identical() {
    let db = fresh_db("t-roundtrip").await;
    let record = seed_record(1);
    db.save(&record, 0, StoredLedger::to_json).await.unwrap();
    let raw = db.load_raw().await.unwrap();
    assert_eq!(raw.len(), 1);
    assert_eq!(raw[0].0, "ccst-cma-2020");
    assert_eq!(StoredLedger::from_json(&raw[0].1).unwrap(), record);
}

#[wasm_bindgen_test]
async fn a_stale_write_is_refused_and_changes_nothing() {
    let db = fresh_db("t-conflict").await;
    db.save(&seed_record(1), 0, StoredLedger::to_json)
        .await
        .unwrap();
    db.save(&seed_record(2), 1, StoredLedger::to_json)
        .await
        .unwrap();
    // Another tab still believes revision 1 is stored.
    let err = db
        .save(&seed_record(2), 1, StoredLedger::to_json)
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::Conflict);
    let text = db.load_one("ccst-cma-2020").await.unwrap().unwrap();
    assert_eq!(StoredLedger::from_json(&text).unwrap().revision, 2);
    // Writing a first record over an existing one is a conflict too.
    assert_eq!(
        db.save(&seed_record(1), 0, StoredLedger::to_json)
            .await
            .unwrap_err(),
        StoreError::Conflict
    );
}

#[wasm_bindgen_test]
async fn corrupted_data_is_reported_and_left_as_it_was() {
    let db = fresh_db("t-corrupted").await;
    let garbage = "{\"format\":\"relance-ledger\",\"version\":1,\"revision\":3,\"ledger\":{\"conv";
    db.put_raw("ccst-cma-2020", garbage).await.unwrap();
    let raw = db.load_raw().await.unwrap();
    let err = StoredLedger::from_json(&raw[0].1).unwrap_err();
    assert!(matches!(err, StoreError::Corrupted(_)), "{err:?}");
    assert!(err.to_string().starts_with("Données illisibles"));
    // Saving over it is refused: its revision cannot be read, so no expectation matches.
    assert_eq!(
        db.save(&seed_record(4), 3, StoredLedger::to_json)
            .await
            .unwrap_err(),
        StoreError::Conflict
    );
    assert_eq!(
        db.load_one("ccst-cma-2020").await.unwrap().as_deref(),
        Some(garbage)
    );
    // Set aside, it leaves the ledgers and is kept in the backups.
    db.set_aside("ccst-cma-2020", "quarantaine-test")
        .await
        .unwrap();
    assert!(db.load_raw().await.unwrap().is_empty());
    assert_eq!(
        db.get_backup("quarantaine-test").await.unwrap().as_deref(),
        Some(garbage)
    );
}

#[wasm_bindgen_test]
async fn data_from_a_newer_version_is_refused_and_never_overwritten() {
    let db = fresh_db("t-newer").await;
    let future = seed_record(9).to_json().replace(
        &format!("\"version\":{VERSION}"),
        &format!("\"version\":{}", VERSION + 1),
    );
    db.put_raw("ccst-cma-2020", &future).await.unwrap();
    let raw = db.load_raw().await.unwrap();
    let err = StoredLedger::from_json(&raw[0].1).unwrap_err();
    assert_eq!(
        err,
        StoreError::NewerVersion {
            found: u64::from(VERSION) + 1,
            supported: VERSION
        }
    );
    assert_eq!(
        db.load_one("ccst-cma-2020").await.unwrap().as_deref(),
        Some(future.as_str())
    );
}

/// Opens a storage bucket with a quota of `bytes` and returns its IndexedDB factory.
async fn bucket_factory(name: &str, bytes: f64) -> Factory {
    let navigator = web_sys::window().unwrap().navigator();
    let buckets = js_sys::Reflect::get(&navigator, &JsValue::from_str("storageBuckets")).unwrap();
    let delete = js_sys::Reflect::get(&buckets, &JsValue::from_str("delete")).unwrap();
    let delete: js_sys::Function = delete.into();
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(
        delete.call1(&buckets, &JsValue::from_str(name)).unwrap(),
    ))
    .await;
    let open: js_sys::Function = js_sys::Reflect::get(&buckets, &JsValue::from_str("open"))
        .unwrap()
        .into();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(
        &options,
        &JsValue::from_str("quota"),
        &JsValue::from_f64(bytes),
    )
    .unwrap();
    let bucket = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(
        open.call2(&buckets, &JsValue::from_str(name), &options)
            .unwrap(),
    ))
    .await
    .unwrap();
    let idb = js_sys::Reflect::get(&bucket, &JsValue::from_str("indexedDB")).unwrap();
    Factory::try_from(idb).unwrap()
}

#[wasm_bindgen_test]
async fn a_full_store_gives_a_quota_error_and_the_change_stays_in_memory() {
    let factory = bucket_factory("t-quota", 20_000.0).await;
    let db = Db::open_with(factory, "relance").await.unwrap();
    let mut ws = Workspace::from_stored(vec![]);
    let id = Convention::seed().id().clone();
    // A note of 4,000 characters per change quickly outgrows a 20 kB quota.
    let long = "é".repeat(4_000);
    let mut last = Ok(());
    for _ in 0..20 {
        let _ = ws.execute(
            Command::Ledger(
                id.clone(),
                std::rc::Rc::new(NotifyTermination {
                    on: chrono::NaiveDate::from_ymd_opt(2021, 3, 1).unwrap(),
                    reason: long.clone(),
                    received_on: None,
                }),
            ),
            Some(payer_stamp()),
        );
        let (stored, expected) = ws.to_save(&id, at(), None).unwrap();
        last = db.save(&stored, expected, StoredLedger::to_json).await;
        match &last {
            Ok(()) => ws.mark_saved(&id, stored.revision),
            Err(_) => break,
        }
    }
    assert_eq!(last, Err(StoreError::QuotaExceeded));
    assert!(
        last.unwrap_err()
            .to_string()
            .starts_with("L'espace de stockage du navigateur est plein")
    );
    assert_eq!(
        ws.unsaved(),
        vec![id.clone()],
        "the change is kept in memory, unsaved"
    );
}

/// Puts in `window.relanceEarlyRead` what the inline script of `index.html` resolves with.
fn set_early_read(result: &JsValue) {
    let window = web_sys::window().unwrap();
    let promise = js_sys::Promise::resolve(result);
    js_sys::Reflect::set(
        &window,
        &relance::storage::keys::EARLY_READ.into(),
        &promise,
    )
    .unwrap();
}

/// `{ keys, values, db }` as the early-read script gives them.
fn early_result(records: &[(&str, String)], db: &JsValue) -> JsValue {
    let keys = js_sys::Array::new();
    let values = js_sys::Array::new();
    for (k, v) in records {
        keys.push(&JsValue::from_str(k));
        values.push(&JsValue::from_str(v));
    }
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &"keys".into(), &keys).unwrap();
    js_sys::Reflect::set(&out, &"values".into(), &values).unwrap();
    js_sys::Reflect::set(&out, &"db".into(), db).unwrap();
    out.into()
}

#[wasm_bindgen_test]
async fn the_records_and_connection_read_early_are_taken_once_and_work() {
    use relance::web::idb::take_early_read;
    // A database at this version with its stores, holding one record, opened as the page does.
    let name = "t-early";
    let created = fresh_db(name).await;
    let record = seed_record(4);
    created
        .save(&record, 0, StoredLedger::to_json)
        .await
        .unwrap();
    created.close();
    let raw = Factory::new()
        .unwrap()
        .open(name, None)
        .unwrap()
        .await
        .unwrap();
    let raw: web_sys::IdbDatabase = raw.into();
    set_early_read(&early_result(
        &[("ccst-cma-2020", record.to_json())],
        &raw.into(),
    ));
    let early = take_early_read().await.expect("read early");
    assert_eq!(
        early.records,
        vec![("ccst-cma-2020".to_string(), record.to_json())]
    );
    let db = early.db.expect("the connection is taken");
    // It is the app's connection from now on: a revision-checked save goes through it.
    db.save(&seed_record(5), 4, StoredLedger::to_json)
        .await
        .unwrap();
    assert_eq!(
        db.save(&seed_record(5), 4, StoredLedger::to_json)
            .await
            .unwrap_err(),
        StoreError::Conflict
    );
    // Taken once: a second start (after a repair) reads the database itself.
    assert!(take_early_read().await.is_none());
}

#[wasm_bindgen_test]
async fn nothing_read_early_leaves_the_app_to_read_itself() {
    use relance::web::idb::take_early_read;
    // The database did not exist (the script does not create it), or the read failed.
    set_early_read(&JsValue::NULL);
    assert!(take_early_read().await.is_none());
    // No script at all.
    assert!(take_early_read().await.is_none());
    // Records without a usable connection: the records are taken, the app opens the database.
    set_early_read(&early_result(&[("x", "{}".into())], &JsValue::NULL));
    let early = take_early_read().await.unwrap();
    assert_eq!(early.records.len(), 1);
    assert!(early.db.is_none());
    // A connection to a database without the app's stores is not taken (it is closed: deleting
    // the database then goes through without waiting for it).
    let factory = Factory::new().unwrap();
    factory.delete("t-early-bare").unwrap().await.unwrap();
    let bare: web_sys::IdbDatabase = factory
        .open("t-early-bare", Some(1))
        .unwrap()
        .await
        .unwrap()
        .into();
    set_early_read(&early_result(&[], &bare.into()));
    assert!(take_early_read().await.unwrap().db.is_none());
    factory.delete("t-early-bare").unwrap().await.unwrap();
}

#[wasm_bindgen_test]
async fn the_active_record_read_first_is_taken_once() {
    use relance::web::idb::take_early_active;
    let window = web_sys::window().unwrap();
    let set = |value: &JsValue| {
        let promise = js_sys::Promise::resolve(value);
        js_sys::Reflect::set(
            &window,
            &relance::storage::keys::EARLY_ACTIVE.into(),
            &promise,
        )
        .unwrap();
    };
    let record = seed_record(2).to_json();
    let read = js_sys::Object::new();
    js_sys::Reflect::set(&read, &"key".into(), &"ccst-cma-2020".into()).unwrap();
    js_sys::Reflect::set(&read, &"value".into(), &JsValue::from_str(&record)).unwrap();
    set(&read.into());
    assert_eq!(
        take_early_active().await,
        Some(("ccst-cma-2020".to_string(), record))
    );
    assert_eq!(take_early_active().await, None, "taken once");
    // No convention chosen yet, or no such record: the page gives null.
    set(&JsValue::NULL);
    assert_eq!(take_early_active().await, None);
    // A record that is not text is not taken (start-up then reads and reports it as usual).
    let odd = js_sys::Object::new();
    js_sys::Reflect::set(&odd, &"key".into(), &"x".into()).unwrap();
    js_sys::Reflect::set(&odd, &"value".into(), &JsValue::from_f64(3.0)).unwrap();
    set(&odd.into());
    assert_eq!(take_early_active().await, None);
}
