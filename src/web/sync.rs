//! Saving and the tab channel: one reaction performs what the workspace owes storage
//! ([`Workspace::next_write`]), one write at a time, and tells the other tabs; the tabs' messages
//! bring their saves in.
//!
//! Saving is not called by the screens: [`Sync::start`] installs an effect that runs the save
//! loop whenever the workspace owes a write. When a save finds that another tab saved the same
//! convention first, the two versions are merged ([`Workspace::merge_stored`], the exchange's
//! rules) and the merge is saved: a tab's change is never refused for being second. Only records
//! changed in both tabs wait for the user's choices.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::domain::action::Actor;
use crate::domain::convention::ConventionId;
use crate::storage::format::{ReadFn, StoreError, StoredLedger, WriteFns};
use crate::web::idb::Db;
use crate::web::{clock, settings};
use crate::workspace::{MergeFn, Workspace, Write};

/// Where saving stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is in browser storage.
    Saved,
    /// A write is under way.
    Saving,
    /// Another tab's version differs from this tab's on records changed in both: saving that
    /// convention waits for the user's choices.
    WaitingForChoice,
    /// The last write failed; the change is still in memory.
    Failed(StoreError),
}

/// Brings code downloaded on demand in the shipped build, `None` when it cannot be fetched.
pub type Load<T> = fn() -> Pin<Box<dyn Future<Output = Option<T>>>>;

/// The code the save loop fetches at its first use rather than with the first download.
#[derive(Clone, Copy)]
pub struct Loaders {
    /// The exchange's merge: another tab's save met by this tab's changes.
    pub merge: Load<MergeFn>,
    /// The reading of a stored record: another tab's save.
    pub read: Load<ReadFn>,
    /// The writing of records: the first write (a first visit writes nothing before a change).
    pub write: Load<WriteFns>,
}

/// What a tab tells the others on the tab channel when it saved a convention:
/// `{"convention": id, "revision": n}`. Only the convention is read (another version's tab may
/// say more, or less).
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedMessage {
    convention: String,
    #[serde(default)]
    revision: u64,
}

/// What `load` brings, or the French refusal naming `what` when it cannot be fetched.
async fn fetched<T>(load: Load<T>, what: &'static str) -> Result<T, StoreError> {
    load().await.ok_or(StoreError::NotDownloaded(what))
}

/// The save loop and the tab channel. `Copy`: handles only.
#[derive(Clone, Copy)]
pub struct Sync {
    workspace: RwSignal<Workspace>,
    load: Loaders,
    identity: RwSignal<Option<Actor>>,
    /// Where saving stands.
    pub save: RwSignal<SaveState>,
    db: StoredValue<Option<Rc<Db>>, LocalStorage>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    saving: StoredValue<bool>,
}

impl Sync {
    /// Saving for `workspace`, whose records are stamped as saved by `identity`. Nothing is
    /// written before [`Sync::start`].
    pub fn new(
        workspace: RwSignal<Workspace>,
        identity: RwSignal<Option<Actor>>,
        load: Loaders,
    ) -> Sync {
        Sync {
            workspace,
            load,
            identity,
            save: RwSignal::new(SaveState::Saved),
            db: StoredValue::new_local(None),
            channel: StoredValue::new_local(settings::channel()),
            saving: StoredValue::new(false),
        }
    }

    /// The open database, if storage is available.
    pub fn db(&self) -> Option<Rc<Db>> {
        self.db.get_value()
    }

    /// Uses `db` (`None`: storage is unavailable), without saving yet.
    pub fn use_db(&self, db: Option<Rc<Db>>) {
        self.db.set_value(db);
    }

    /// Starts saving: from now on, whenever the workspace owes a write, the save loop runs; and
    /// the other tabs' saves are listened to.
    pub fn start(&self) {
        let sync = *self;
        Effect::new(move || {
            if sync
                .workspace
                .with(|ws| ws.owes_a_write() || ws.tab_conflict().is_some())
            {
                sync.run();
            }
        });
        self.listen_to_other_tabs();
    }

    /// Runs the save loop unless it is running (it picks up what comes meanwhile): each write the
    /// workspace owes, one at a time; stops at the first failure, keeping the changes in memory.
    pub fn run(&self) {
        if self.saving.get_value() {
            return;
        }
        let Some(db) = self.db() else {
            if self.workspace.with_untracked(Workspace::owes_a_write) {
                self.save.set(SaveState::Failed(StoreError::Unavailable(
                    "IndexedDB n'a pas pu être ouvert".to_string(),
                )));
            }
            return;
        };
        let sync = *self;
        sync.saving.set_value(true);
        spawn_local(async move {
            let mut wrote = false;
            let outcome = loop {
                let by = sync.identity.get_untracked();
                let Some(write) = sync
                    .workspace
                    .with_untracked(|ws| ws.next_write(clock::now(), by))
                else {
                    break if sync
                        .workspace
                        .with_untracked(|ws| ws.tab_conflict().is_some())
                    {
                        SaveState::WaitingForChoice
                    } else {
                        SaveState::Saved
                    };
                };
                if !wrote {
                    sync.save.set(SaveState::Saving);
                    wrote = true;
                }
                match sync.perform(&db, &write).await {
                    Ok(()) => {
                        sync.workspace.update(|ws| ws.written(&write));
                        sync.announce(&write);
                    }
                    Err(StoreError::Conflict) => {
                        let Write::One { record, .. } = &write else {
                            break SaveState::Failed(StoreError::Conflict);
                        };
                        if let Err(e) = sync.merge_with_stored(&db, record).await {
                            break SaveState::Failed(e);
                        }
                    }
                    Err(e) => break SaveState::Failed(e),
                }
            };
            sync.saving.set_value(false);
            sync.save.set(outcome);
        });
    }

    /// Writes `write` to `db`.
    async fn perform(&self, db: &Db, write: &Write) -> Result<(), StoreError> {
        let to = self.writer().await?;
        match write {
            Write::One { record, expected } => db.save(record, *expected, to.ledger).await,
            Write::ReplaceAll {
                records,
                key,
                before,
            } => {
                db.replace_all(records, key, &(to.backup)(before), to.ledger)
                    .await
            }
            Write::KeepBackup { key, backup } => db.put_backup(key, &(to.backup)(backup)).await,
        }
    }

    /// The writing of records, downloaded at its first use in the shipped build.
    pub async fn writer(&self) -> Result<WriteFns, StoreError> {
        fetched(self.load.write, "Le code qui enregistre vos modifications").await
    }

    /// Reads the version another tab saved of `record`'s convention and merges this tab's into
    /// it (see [`Workspace::merge_stored`]).
    async fn merge_with_stored(&self, db: &Db, record: &StoredLedger) -> Result<(), StoreError> {
        let id = &record.ledger.convention().id().0;
        let Some(text) = db.load_one(id).await? else {
            // Gone from storage (cleared by another tab): written again from scratch.
            self.workspace.update(Workspace::forget_saved);
            return Ok(());
        };
        let stored = self.reader().await?(&text)?;
        let merge = self.merge().await?;
        self.workspace.update(|ws| {
            ws.merge_stored(stored, merge);
        });
        Ok(())
    }

    /// The exchange's merge, downloaded at its first use in the shipped build.
    pub async fn merge(&self) -> Result<MergeFn, StoreError> {
        fetched(self.load.merge, "Le code de la fusion avec l'autre onglet").await
    }

    /// The reading of a stored record, downloaded at its first use in the shipped build.
    pub async fn reader(&self) -> Result<ReadFn, StoreError> {
        fetched(self.load.read, "Le code qui lit les données enregistrées").await
    }

    /// Tells the other tabs what `write` saved.
    fn announce(&self, write: &Write) {
        let records: Vec<&StoredLedger> = match write {
            Write::One { record, .. } => vec![record],
            Write::ReplaceAll { records, .. } => records.iter().collect(),
            Write::KeepBackup { .. } => Vec::new(),
        };
        self.channel.with_value(|c| {
            let Some(c) = c else { return };
            for r in records {
                let msg = SavedMessage {
                    convention: r.ledger.convention().id().0.clone(),
                    revision: r.revision,
                };
                let text = serde_json::to_string(&msg).unwrap_or_default();
                let _ = c.post_message(&wasm_bindgen::JsValue::from_str(&text));
            }
        });
    }

    /// Listens to the other tabs: when one saved a convention, reload it from storage (unless this
    /// tab has unsaved changes to it, which its own save will then merge).
    fn listen_to_other_tabs(&self) {
        let sync = *self;
        self.channel.with_value(|c| {
            let Some(c) = c else { return };
            let handler =
                Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                    let Some(id) = e
                        .data()
                        .as_string()
                        .and_then(|text| serde_json::from_str::<SavedMessage>(&text).ok())
                        .map(|msg| msg.convention)
                    else {
                        return;
                    };
                    spawn_local(async move { sync.reload_from_storage(ConventionId(id)).await });
                });
            c.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            handler.forget();
        });
    }

    /// Reads convention `id` from storage and takes it if this tab has no unsaved change to it.
    async fn reload_from_storage(&self, id: ConventionId) {
        let Some(db) = self.db() else { return };
        let Ok(Some(text)) = db.load_one(&id.0).await else {
            return;
        };
        match self.reader().await.and_then(|read| read(&text)) {
            Ok(stored) => self.workspace.update(|ws| {
                ws.take_from_storage(stored);
            }),
            Err(e) => self.save.set(SaveState::Failed(e)),
        }
    }

    /// The browser closed the database under the app (storage cleared): say so, keep the data on
    /// screen, stop writing until the user asks.
    pub fn storage_lost(&self) {
        self.db.set_value(None);
        self.save.set(SaveState::Failed(StoreError::Cleared));
    }

    /// After storage was cleared: opens the database again and writes every ledger from scratch.
    pub async fn write_everything_again(&self) {
        match Db::open(settings::place()).await {
            Ok(mut db) => {
                let sync = *self;
                db.on_close(move || sync.storage_lost());
                self.db.set_value(Some(Rc::new(db)));
                self.save.set(SaveState::Saved);
                self.workspace.update(Workspace::forget_saved);
            }
            Err(e) => self.save.set(SaveState::Failed(e)),
        }
    }
}
