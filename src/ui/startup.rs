//! Start-up, as one `async fn` the [`App`](super::App) calls: the first look at the convention last
//! shown (read by `index.html` while the wasm compiled), then every stored convention, then the
//! app becomes usable — or stops on records it cannot read, changing nothing. Its outcome is
//! [`AppState::phase`].

use std::rc::Rc;

use leptos::prelude::Set;

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
        Some((_, text)) => StoredLedger::from_json(&text).ok().map(|s| (text, s)),
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
            Ok(Ok(stored)) => {
                db.on_close(move || state.sync.storage_lost());
                state.finish_loading(Some(Rc::new(db)), Workspace::from_stored(stored));
            }
            Ok(Err(problems)) => state.stop_on(problems, Rc::new(db)),
            Err(e) => work_in_memory(state, e),
        },
        // No storage at all (private mode, disabled): work in memory and say so.
        Err(e) => work_in_memory(state, e),
    }
    state.persisted.set(request_persistence().await);
}

/// Storage cannot be used: the app works in memory and says that nothing is saved.
fn work_in_memory(state: AppState, e: StoreError) {
    state.finish_loading(None, Workspace::from_stored(vec![]));
    state.save.set(SaveState::Failed(e));
}

/// Reads every record (or takes those read early); all readable ones, or the list of those that
/// are not. `known`: the active convention's record already decoded, with its text.
async fn load(
    db: &Db,
    early: Option<Vec<(String, String)>>,
    known: Option<(String, StoredLedger)>,
) -> Result<Result<Vec<StoredLedger>, Vec<Unreadable>>, StoreError> {
    let raw = match early {
        Some(raw) if !raw.is_empty() => raw,
        _ => db.load_raw().await?,
    };
    Ok(decode_records(raw, known))
}

/// Opens the demo's own database, filling it with `actions` generated actions over 110 conventions
/// (the seed and 109 others) the first time.
async fn open_demo(actions: usize) -> Result<Db, StoreError> {
    let db = Db::open(keys::DEMO).await?;
    if !db.is_empty().await? {
        return Ok(db);
    }
    for ledger in crate::demo::region(actions) {
        db.save(&StoredLedger::new(ledger, 1, clock::now(), None), 0)
            .await?;
    }
    Ok(db)
}
