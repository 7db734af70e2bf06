//! The app's state, shared through Leptos context, and the one path every change takes:
//! [`AppState::apply`] runs a domain operation on the active ledger through the [`Workspace`],
//! then the save loop writes what is unsaved to IndexedDB and tells the other tabs.
//!
//! State flows one way: components read signals and call `apply`; they never write records.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::documents::DocKind;
pub use super::tabs::Tab;
use crate::domain::action::{ActionId, Actor, Stamp};
use crate::domain::convention::ConventionId;
use crate::domain::error::DomainError;
use crate::domain::ledger::Ledger;
use crate::storage::format::{StoreError, StoredLedger, Unreadable};
use crate::storage::keys;
use crate::web::idb::Db;
use crate::web::{clock, settings};
use crate::workspace::Workspace;

/// Where start-up stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading storage; the frame of `index.html` (or "Chargement…") is shown.
    Loading,
    /// The active convention's dashboard, decoded before the others and shown inert: every change
    /// is refused until they are read.
    FirstLook,
    /// Every stored convention is read; the app is usable.
    Ready,
    /// Some records cannot be read; nothing was changed.
    Problems(Vec<Unreadable>),
}

/// What the main screen shows: a tab, or a printable document of an action instead of the tabs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// One tab of the main screen.
    Tab(Tab),
    /// A document of an action (devis, letter, slide…), with a way back to the actions tab.
    Document(DocKind, ActionId),
}

impl Screen {
    /// The tab shown, or the actions tab a document was opened from.
    pub fn tab(&self) -> Tab {
        match self {
            Screen::Tab(tab) => *tab,
            Screen::Document(..) => Tab::Actions,
        }
    }
}

/// Where saving stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is in browser storage.
    Saved,
    /// A write is under way.
    Saving,
    /// The last write failed; the change is still in memory.
    Failed(StoreError),
}

/// A short message after an action of the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flash {
    /// A change the domain accepted ("Entreprise créée"). Whether it is saved is told from
    /// [`SaveState`] when the message is shown: it never claims a write that has not happened.
    Changed(String),
    /// Something that could not be done, and why.
    Refused(String),
}

impl Flash {
    /// The sentence shown, given where saving stands.
    pub fn text(&self, save: &SaveState) -> String {
        match (self, save) {
            (Flash::Refused(why), _) => why.clone(),
            (Flash::Changed(what), SaveState::Saving) => {
                format!("{what} — enregistrement en cours…")
            }
            (Flash::Changed(what), SaveState::Saved) => {
                format!("{what} — modification enregistrée.")
            }
            (Flash::Changed(what), SaveState::Failed(_)) => format!(
                "{what} sur cette page, mais la modification n'est pas enregistrée : voir le message ci-dessus."
            ),
        }
    }
}

/// Everything the components share. `Copy`: signals and handles only.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Every convention's ledger.
    pub workspace: RwSignal<Workspace>,
    /// The convention shown; `None` before storage is read, or when there is none.
    pub active: RwSignal<Option<ConventionId>>,
    /// Who is using the app; required before any change.
    pub identity: RwSignal<Option<Actor>>,
    /// Where saving stands.
    pub save: RwSignal<SaveState>,
    /// The last message.
    pub flash: RwSignal<Option<Flash>>,
    /// The tab or document shown.
    pub screen: RwSignal<Screen>,
    /// The action opened in the actions tab.
    pub selected_action: RwSignal<Option<ActionId>>,
    /// Whether `navigator.storage.persist()` was granted.
    pub persisted: RwSignal<Option<bool>>,
    /// Where start-up stands. Until [`Phase::Ready`] the workspace holds at most the active
    /// convention, shown as a first look, and every change is refused.
    pub phase: RwSignal<Phase>,
    /// Whether the tabs were drawn once (the first drawing is split in two tasks).
    pub tabs_drawn: StoredValue<bool>,
    db: StoredValue<Option<Rc<Db>>, LocalStorage>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    saving: StoredValue<bool>,
}

impl Default for AppState {
    /// Empty state, before storage is read.
    fn default() -> AppState {
        AppState {
            workspace: RwSignal::new(Workspace::default()),
            active: RwSignal::new(None),
            identity: RwSignal::new(settings::setting(keys::IDENTITY)),
            save: RwSignal::new(SaveState::Saved),
            flash: RwSignal::new(None),
            screen: RwSignal::new(Screen::Tab(Tab::Dashboard)),
            selected_action: RwSignal::new(None),
            persisted: RwSignal::new(None),
            phase: RwSignal::new(Phase::Loading),
            tabs_drawn: StoredValue::new(false),
            db: StoredValue::new_local(None),
            channel: StoredValue::new_local(settings::channel()),
            saving: StoredValue::new(false),
        }
    }
}

/// Why a change is refused before every stored convention is read.
pub const NOT_LOADED: &str = "Chargement des données en cours : réessayez dans un instant.";

impl AppState {
    /// Shows the active convention's ledger, decoded before the others (its dashboard can be
    /// painted sooner), until [`AppState::finish_loading`] brings the whole workspace. Nothing
    /// saves, listens or changes in between: the phase is [`Phase::FirstLook`].
    pub fn show_first_look(&self, stored: StoredLedger) {
        self.active
            .set(Some(stored.ledger.convention().id().clone()));
        self.workspace.set(Workspace::from_stored(vec![stored]));
        self.phase.set(Phase::FirstLook);
    }

    /// Stops start-up on records that cannot be read: forgets the first look, keeps the database
    /// open for the repair, and shows the problems.
    pub fn stop_on(&self, problems: Vec<Unreadable>, db: Rc<Db>) {
        self.workspace.set(Workspace::default());
        self.active.set(None);
        self.db.set_value(Some(db));
        self.phase.set(Phase::Problems(problems));
    }

    /// `Err` with [`NOT_LOADED`] until every stored convention is read.
    pub fn check_loaded(&self) -> Result<(), String> {
        if self.phase.with_untracked(|p| *p == Phase::Ready) {
            Ok(())
        } else {
            Err(NOT_LOADED.to_string())
        }
    }

    /// Takes the workspace read from storage, shows the convention last chosen (or the first),
    /// saves what is new (the seed convention on a first start) and starts listening to other tabs.
    pub fn finish_loading(&self, db: Option<Rc<Db>>, workspace: Workspace) {
        let remembered = settings::setting::<ConventionId>(settings::place().active_key);
        let active = remembered
            .clone()
            .filter(|id| workspace.ledger(id).is_some())
            .or_else(|| workspace.first_id().cloned());
        // Remembered even when not chosen, so that the next start can show it first.
        if let Some(id) = &active
            && remembered.as_ref() != Some(id)
        {
            let _ = settings::set_setting(settings::place().active_key, id);
        }
        self.db.set_value(db);
        self.workspace.set(workspace);
        self.active.set(active);
        self.phase.set(Phase::Ready);
        self.listen_to_other_tabs();
        self.persist();
    }

    /// Reads the active ledger (tracked: re-runs when it changes).
    pub fn with_ledger<T>(&self, f: impl FnOnce(&Ledger) -> T) -> Option<T> {
        let id = self.active.get()?;
        self.workspace.with(|ws| ws.ledger(&id).map(f))
    }

    /// Reads the active ledger without tracking it (a form's initial values).
    pub fn with_ledger_untracked<T>(&self, f: impl FnOnce(&Ledger) -> T) -> Option<T> {
        let id = self.active.get_untracked()?;
        self.workspace.with_untracked(|ws| ws.ledger(&id).map(f))
    }

    /// Who acts now and when; `None` until the user said who they are.
    pub fn stamp(&self) -> Option<Stamp> {
        self.identity.get_untracked().map(|actor| Stamp {
            actor,
            at: clock::now(),
        })
    }

    /// Runs `f` on the active ledger with the current stamp; keeps the result only if the domain
    /// accepts it, then saves. Returns the domain's refusal as the French message to show.
    pub fn apply<T>(
        &self,
        label: impl Into<String>,
        f: impl FnOnce(&mut Ledger, Stamp) -> Result<T, DomainError>,
    ) -> Result<T, String> {
        let Some(id) = self.active.get_untracked() else {
            return Err(NOT_LOADED.to_string());
        };
        self.apply_to(&id, label, f)
    }

    /// [`Self::apply`] on the ledger of convention `id`, whichever convention is shown (an import
    /// changes the convention its file names).
    pub fn apply_to<T>(
        &self,
        id: &ConventionId,
        label: impl Into<String>,
        f: impl FnOnce(&mut Ledger, Stamp) -> Result<T, DomainError>,
    ) -> Result<T, String> {
        self.check_loaded()?;
        let stamp = self
            .stamp()
            .ok_or_else(|| "Indiquez d'abord qui vous êtes (en haut de la page).".to_string())?;
        let label = label.into();
        // Untracked: a refused change must not wake every view that reads the workspace.
        let result = self
            .workspace
            .try_update_untracked(|ws| ws.change(id, label.clone(), |l| f(l, stamp)))
            .unwrap_or(Err(DomainError::UnknownConvention(id.0.clone())));
        match result {
            Ok(out) => {
                self.workspace.notify();
                self.flash.set(Some(Flash::Changed(label)));
                self.persist();
                Ok(out)
            }
            Err(e) => Err(e.to_string()),
        }
    }

    pub fn update_workspace(&self, f: impl FnOnce(&mut Workspace)) -> Result<(), String> {
        self.check_loaded()?;
        self.workspace.update(f);
        self.persist();
        Ok(())
    }

    /// Reverts the last change.
    pub fn undo(&self) {
        if let Err(text) = self.check_loaded() {
            self.flash.set(Some(Flash::Refused(text)));
            return;
        }
        let step = self.workspace.try_update(|ws| ws.undo()).flatten();
        if let Some(step) = step {
            self.active.set(Some(step.convention.clone()));
            self.flash
                .set(Some(Flash::Changed(format!("Annulé : {}", step.label))));
            self.persist();
        }
    }

    /// Shows convention `id` and remembers the choice.
    pub fn switch_to(&self, id: ConventionId) {
        let _ = settings::set_setting(settings::place().active_key, &id);
        self.selected_action.set(None);
        self.active.set(Some(id));
    }

    /// The open database, if storage is available.
    pub fn db(&self) -> Option<Rc<Db>> {
        self.db.get_value()
    }

    /// Writes every unsaved ledger, one at a time, unless a save loop is already running (it will
    /// pick up the new changes). Stops at the first failure, keeping the changes in memory.
    pub fn persist(&self) {
        if self.saving.get_value() {
            return;
        }
        let Some(db) = self.db() else {
            self.save.set(SaveState::Failed(StoreError::Unavailable(
                "IndexedDB n'a pas pu être ouvert".to_string(),
            )));
            return;
        };
        let state = *self;
        state.saving.set_value(true);
        state.save.set(SaveState::Saving);
        spawn_local(async move {
            let outcome = loop {
                let next = state.workspace.with_untracked(|ws| {
                    ws.unsaved().into_iter().next().and_then(|id| {
                        ws.to_save(&id, clock::now(), state.identity.get_untracked())
                    })
                });
                let Some((stored, expected)) = next else {
                    break SaveState::Saved;
                };
                match db.save(&stored, expected).await {
                    Ok(()) => {
                        let id = stored.ledger.convention().id().clone();
                        state
                            .workspace
                            .update(|ws| ws.mark_saved(&id, stored.revision));
                        state.announce(&id, stored.revision);
                    }
                    Err(e) => break SaveState::Failed(e),
                }
            };
            state.saving.set_value(false);
            state.save.set(outcome);
        });
    }

    /// Tells the other tabs that revision `revision` of `id` is saved.
    pub fn announce(&self, id: &ConventionId, revision: u64) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let msg = serde_json::json!({ "convention": id.0, "revision": revision });
                let _ = c.post_message(&wasm_bindgen::JsValue::from_str(&msg.to_string()));
            }
        });
    }

    /// Listens to the other tabs: when one saved a convention, reload it from storage (unless this
    /// tab has unsaved changes to it, which its own save will then report as a conflict).
    pub fn listen_to_other_tabs(&self) {
        let state = *self;
        self.channel.with_value(|c| {
            let Some(c) = c else { return };
            let handler =
                Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                    let Some(text) = e.data().as_string() else {
                        return;
                    };
                    let Ok(msg) = serde_json::from_str::<serde_json::Value>(&text) else {
                        return;
                    };
                    let Some(id) = msg
                        .get("convention")
                        .and_then(|v| v.as_str())
                        .map(str::to_string)
                    else {
                        return;
                    };
                    spawn_local(async move { state.reload_from_storage(&id).await });
                });
            c.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            handler.forget();
        });
    }

    /// Reads convention `id` from storage and takes it if this tab has no unsaved change to it.
    pub async fn reload_from_storage(&self, id: &str) {
        let Some(db) = self.db() else { return };
        let Ok(Some(text)) = db.load_one(id).await else {
            return;
        };
        match StoredLedger::from_json(&text) {
            Ok(stored) => {
                self.workspace.update(|ws| {
                    ws.take_from_storage(stored);
                });
            }
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
                let state = *self;
                db.on_close(move || state.storage_lost());
                self.db.set_value(Some(Rc::new(db)));
                self.workspace.update(Workspace::forget_saved);
                self.save.set(SaveState::Saved);
                self.persist();
            }
            Err(e) => self.save.set(SaveState::Failed(e)),
        }
    }

    /// After a conflict: drops this tab's unsaved version of the active convention and takes the
    /// one in storage.
    pub async fn take_other_tabs_version(&self) {
        let Some(id) = self.active.get_untracked() else {
            return;
        };
        let Some(db) = self.db() else { return };
        match db.load_one(&id.0).await {
            Ok(Some(text)) => match StoredLedger::from_json(&text) {
                Ok(stored) => {
                    self.workspace.update(|ws| ws.discard_local(stored));
                    self.save.set(SaveState::Saved);
                    self.persist();
                }
                Err(e) => self.save.set(SaveState::Failed(e)),
            },
            Ok(None) => self.persist(),
            Err(e) => self.save.set(SaveState::Failed(e)),
        }
    }
}

/// The shared state, from context.
pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
