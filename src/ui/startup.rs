//! Start-up, as one `async fn` the [`App`](super::App) calls: the first look at the convention last
//! shown (read by `index.html` while the wasm compiled), then every stored convention, then the
//! app becomes usable — or stops on records it cannot read, changing nothing. Its outcome is
//! [`AppState::phase`]. The code that reads a stored record is fetched only when storage holds
//! one (`on_demand::read_function`): a first visit does without it.

use std::rc::Rc;

use leptos::prelude::Set;

use super::on_demand::read_function;
use super::state::{AppState, SaveState};
use crate::storage::format::{StoreError, StoredLedger, Unreadable, decode_records};
use crate::storage::keys;
use crate::web::idb::{Db, request_persistence, take_early_active, take_early_read};
use crate::web::{clock, page};
use crate::workspace::Workspace;

/// Reads storage and sets `state` to what it found. `demo`: the demo's size, when the page runs
/// the demo (its own database, filled with generated data on first use).
pub async fn start_up(state: AppState, demo: Option<usize>) {
    // The frame of index.html is painted at least once, even when the wasm arrives before the
    // browser's first paint (a fast local network): what the page shows first never waits for
    // the wasm.
    if page::boot_frame_shown() {
        clock::after_next_paint().await;
    }
    // First look: the active convention's dashboard, painted before the other conventions are
    // decoded (nothing can change until they are).
    let first = match take_early_active().await {
        Some((_, text)) => match read_function().await {
            Ok(read) => read(&text).ok().map(|s| (text, s)),
            // Said below, where every record waits for the same code.
            Err(_) => None,
        },
        None => None,
    };
    if let Some((_, stored)) = &first {
        state.show_first_look(stored.clone());
        // Painted before the others are decoded (on a slow device, decoding them would otherwise
        // hold the first paint back).
        clock::after_next_paint().await;
    }
    let (early_db, early) = match take_early_read().await {
        Some(e) => (e.db, Some(e.records)),
        None => (None, None),
    };
    let opened = match (demo, early_db) {
        (None, Some(db)) => Ok(db),
        (None, None) => Db::open(keys::USER).await,
        (Some(n), db) => {
            if let Some(db) = db {
                db.close();
            }
            open_demo(n).await
        }
    };
    match opened {
        Ok(mut db) => match load(&db, early, first).await {
            Ok(Found::Ledgers(stored)) => {
                db.on_close(move || state.sync.storage_lost());
                let workspace = Workspace::from_stored(stored);
                // The first screen in a task of its own, after the reading's (a slow phone).
                clock::pause().await;
                state.finish_loading(Some(Rc::new(db)), workspace).await;
            }
            Ok(Found::Unreadable(problems)) => state.stop_on(problems, Rc::new(db)),
            Ok(Found::NoReader) => {
                db.close();
                state.stop_without_reader();
            }
            Err(e) => work_in_memory(state, e).await,
        },
        // No storage at all (private mode, disabled): work in memory and say so.
        Err(e) => work_in_memory(state, e).await,
    }
    state.persisted.set(request_persistence().await);
}

/// Storage cannot be used: the app works in memory and says that nothing is saved.
async fn work_in_memory(state: AppState, e: StoreError) {
    state
        .finish_loading(None, Workspace::from_stored(vec![]))
        .await;
    state.save.set(SaveState::Failed(e));
}

/// What start-up found in storage.
enum Found {
    /// Every stored ledger (none on a first visit).
    Ledgers(Vec<StoredLedger>),
    /// The records that cannot be read.
    Unreadable(Vec<Unreadable>),
    /// Records are stored, but the code that reads them could not be fetched.
    NoReader,
}

/// Reads every record (or takes those read early); all readable ones, or the list of those that
/// are not. `known`: the active convention's record already decoded, with its text.
async fn load(
    db: &Db,
    early: Option<Vec<(String, String)>>,
    known: Option<(String, StoredLedger)>,
) -> Result<Found, StoreError> {
    let raw = match early {
        Some(raw) if !raw.is_empty() => raw,
        _ => db.load_raw().await?,
    };
    if raw.is_empty() {
        return Ok(Found::Ledgers(Vec::new()));
    }
    let Ok(read) = read_function().await else {
        return Ok(Found::NoReader);
    };
    Ok(match decode_records(raw, known, read) {
        Ok(stored) => Found::Ledgers(stored),
        Err(problems) => Found::Unreadable(problems),
    })
}

/// Opens the demo's own database, filling it with `actions` generated actions over 110 conventions
/// (the seed and 109 others) the first time.
async fn open_demo(actions: usize) -> Result<Db, StoreError> {
    let db = Db::open(keys::DEMO).await?;
    if !db.is_empty().await? {
        return Ok(db);
    }
    // The generator and the writing are downloaded for the demo only.
    let unavailable = |_| StoreError::NotDownloaded("Le code de la démo");
    let region = super::on_demand::demo_function()
        .await
        .map_err(unavailable)?;
    let to = super::on_demand::write_function()
        .await
        .map_err(unavailable)?;
    for ledger in region(actions) {
        db.save(
            &StoredLedger::new(ledger, 1, clock::now(), None),
            0,
            to.ledger,
        )
        .await?;
    }
    Ok(db)
}
