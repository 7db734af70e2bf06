//! The app's state, shared through Leptos context, and the one path every change takes:
//! [`AppState::execute`] hands a [`Command`] the screen built to [`Workspace::execute`], which
//! applies it through the domain; saving follows by itself ([`crate::web::sync`]).
//!
//! State flows one way: components read signals and build commands; they never write records.

use std::rc::Rc;

use leptos::prelude::*;

pub use super::screen::{DocKind, Screen, Tab};
use crate::domain::action::{ActionId, Actor, Stamp};
use crate::domain::convention::ConventionId;
use crate::domain::ledger::Ledger;
use crate::storage::format::{StoredLedger, Unreadable};
use crate::storage::keys;
use crate::web::idb::Db;
pub use crate::web::sync::SaveState;
use crate::web::sync::{Loaders, Sync};
use crate::web::{clock, settings};
use crate::workspace::{Command, Gesture, Workspace};

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
    /// Records are stored, but the code that reads them could not be downloaded (offline before
    /// the service worker held the build, or a build replaced since the page opened); nothing
    /// was changed.
    NoReader,
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
            (Flash::Changed(what), SaveState::WaitingForChoice) => {
                format!("{what} — à enregistrer après votre choix ci-dessus.")
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
    /// The form being filled, if any: leaving its screen asks first (`ui::history`).
    pub draft: super::history::Draft,
    /// What this machine last sent, by convention id (`ui::unsent`).
    pub sent: RwSignal<std::collections::BTreeMap<String, super::unsent::Sent>>,
    /// The status the actions list opens filtered on, when a button of « À faire » leads there.
    pub actions_status: RwSignal<Option<crate::domain::action::Status>>,
    /// Whether `navigator.storage.persist()` was granted.
    pub persisted: RwSignal<Option<bool>>,
    /// Where start-up stands. Until [`Phase::Ready`] the workspace holds at most the active
    /// convention, shown as a first look, and every change is refused.
    pub phase: RwSignal<Phase>,
    /// How much of the first screen is drawn (it is drawn in parts: `ui::first_draw`).
    pub drawn: super::first_draw::Drawn,
    /// Whether steps are being signed ([`AppState::seal_pending`]): one signing at a time.
    sealing: StoredValue<bool>,
    /// Saving and the other tabs.
    pub sync: Sync,
}

impl Default for AppState {
    /// Empty state, before storage is read.
    fn default() -> AppState {
        let workspace = RwSignal::new(Workspace::default());
        let identity = RwSignal::new(settings::setting(keys::IDENTITY));
        let sync = Sync::new(
            workspace,
            identity,
            Loaders {
                merge: || Box::pin(async { super::on_demand::merge_function().await.ok() }),
                read: || Box::pin(async { super::on_demand::read_function().await.ok() }),
                write: || Box::pin(async { super::on_demand::write_function().await.ok() }),
            },
        );
        AppState {
            workspace,
            active: RwSignal::new(None),
            identity,
            save: sync.save,
            flash: RwSignal::new(None),
            screen: RwSignal::new(Screen::Tab(Tab::Dashboard)),
            selected_action: RwSignal::new(None),
            actions_status: RwSignal::new(None),
            sent: RwSignal::new(super::unsent::stored()),
            draft: super::history::Draft(RwSignal::new(None)),
            persisted: RwSignal::new(None),
            phase: RwSignal::new(Phase::Loading),
            drawn: super::first_draw::Drawn::new(),
            sealing: StoredValue::new(false),
            sync,
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
        self.sync.use_db(Some(db));
        self.phase.set(Phase::Problems(problems));
    }

    /// Stops start-up because the code reading the stored records could not be downloaded: nothing
    /// is shown as if storage were empty, nothing is written.
    pub fn stop_without_reader(&self) {
        self.workspace.set(Workspace::default());
        self.active.set(None);
        self.phase.set(Phase::NoReader);
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
    /// saves what is new (nothing on a first start: the seed convention is written at its first
    /// change) and starts listening to other tabs; then, in the next task (a slow phone's tasks
    /// stay short), the app is ready and its first screen drawn.
    pub async fn finish_loading(&self, db: Option<Rc<Db>>, workspace: Workspace) {
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
        self.sync.use_db(db);
        self.workspace.set(workspace);
        self.active.set(active);
        self.sync.start();
        clock::pause().await;
        self.phase.set(Phase::Ready);
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

    /// **The one path of a change**: applies `command` to the workspace, stamped with who acts
    /// and when; shows what was done; saving follows (`web::sync`). Returns the domain's refusal
    /// as the French message to show; a refused command changes nothing.
    pub fn execute(&self, command: Command) -> Result<(), String> {
        self.check_loaded()?;
        let stamp = self.stamp();
        // An undo shows the convention it changed; other changes leave the picker as it is (an
        // import changes the convention its file names, whichever is shown).
        let show = matches!(command, Command::Undo);
        // Untracked: a refused change must not wake every view that reads the workspace.
        let result = self
            .workspace
            .try_update_untracked(|ws| ws.execute(command, stamp))
            .unwrap_or(Err(crate::domain::error::DomainError::IdentityRequired));
        match result {
            Ok(done) => {
                self.workspace.notify();
                if show
                    && let Some(id) = done.convention
                    && self.active.get_untracked().as_ref() != Some(&id)
                    && self.workspace.with_untracked(|ws| ws.ledger(&id).is_some())
                {
                    self.active.set(Some(id));
                }
                self.flash.set(Some(Flash::Changed(done.label)));
                let state = *self;
                leptos::task::spawn_local(async move {
                    let _ = state.seal_pending().await;
                });
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// Signs the steps of the gestures just made that wait for their author's signature
    /// (`ui::sealing`, whose code is fetched on demand at the first change). Runs after every
    /// change; an export awaits it, so that no file leaves with a step unsigned.
    pub async fn seal_pending(&self) -> Result<(), String> {
        // One signing at a time: a second caller (an export right after a change) waits for the
        // first, then signs what is left, so that a step is never signed twice and the screen is
        // not redrawn for a signature that changed nothing.
        while self.sealing.get_value() {
            clock::pause().await;
        }
        if self.workspace.with_untracked(|ws| ws.unsealed_count()) == 0 {
            return Ok(());
        }
        self.sealing.set_value(true);
        let result = match super::on_demand::seal_function().await {
            Ok(seal) => seal(*self).await,
            Err(_) => Err("Signature impossible : le code de signature n'a pas pu être chargé (connexion coupée ?). Réessayez une fois en ligne.".to_string()),
        };
        self.sealing.set_value(false);
        result
    }

    /// [`Self::execute`] of a gesture on the convention shown.
    pub fn change(&self, gesture: impl Gesture + 'static) -> Result<(), String> {
        let Some(id) = self.active.get_untracked() else {
            return Err(NOT_LOADED.to_string());
        };
        self.execute(Command::Ledger(id, Rc::new(gesture)))
    }

    /// Reverts the last change.
    pub fn undo(&self) {
        if let Err(text) = self.execute(Command::Undo) {
            self.flash.set(Some(Flash::Refused(text)));
        }
    }

    /// Makes the last undone change again.
    pub fn redo(&self) {
        if let Err(text) = self.execute(Command::Redo) {
            self.flash.set(Some(Flash::Refused(text)));
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
        self.sync.db()
    }
}

/// The shared state, from context.
pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
