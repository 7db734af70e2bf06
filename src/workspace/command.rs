//! Every change a user can make, as a value: the screen builds a [`Command`] from what was typed
//! and hands it to [`Workspace::execute`](super::Workspace::execute), the one function that
//! changes the workspace. A command carries what the user gave (form texts, dates, ids drawn by the
//! screen), never a decision: the domain checks it when it is applied, on that machine's state.
//!
//! Adding a gesture: a struct implementing [`Gesture`] (a change to one convention's records:
//! its `apply` calls the domain, its `label` says it), or a variant of [`Command`] (the workspace
//! itself); then a case in `command_tests::every_gesture`.

use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::NaiveDate;

use crate::domain::action::{ActionId, Stamp, Step};
use crate::domain::amendment::{AmendmentId, Changes};
use crate::domain::company::{Company, CompanyForm, CompanyId};
use crate::domain::convention::{Convention, ConventionId, Fiche};
use crate::domain::diffusion_request::{DiffusionId, DiffusionStep};
use crate::domain::error::DomainError;
use crate::domain::journal::{EntryBody, EntryId, JournalStep};
use crate::domain::ledger::Ledger;
use crate::domain::lifecycle::{CompanyStep, Owned, RequestStep, StepInput};
use crate::domain::request::{NamedCompany, RequestId, RequestedCompany};
use crate::exchange::merge::{Choice, ConflictKey, Plan};
use crate::storage::format::Backup;

/// A change to the workspace: one convention's records, or the set of conventions.
#[derive(Clone, Debug)]
pub enum Command {
    /// A gesture on the records of one convention.
    Ledger(ConventionId, Rc<dyn Gesture>),
    /// A new convention, with no record yet (or the one a received file names).
    AddConvention(Box<Convention>),
    /// A checked exchange file taken into its convention, as its preview showed it: the plan
    /// `exchange::merge::plan` made of it on that convention's ledger, with the user's choices on
    /// its conflicts. Refused if the ledger changed since the plan was made.
    Import {
        /// The file's name, for the undo button.
        name: String,
        /// The convention the file names.
        convention: ConventionId,
        /// The revision of its ledger the plan was made on.
        revision: u64,
        /// What the preview showed.
        planned: Box<Plan>,
    },
    /// Every convention replaced by a backup's (the data as it was kept before, in the backups
    /// store, written in the same transaction).
    Restore(Box<Backup>),
    /// Another tab's version of a convention met this tab's unsaved changes and some records
    /// differ on both sides: the user's choices settle them (see `Workspace::merge_stored`).
    SettleTabConflict {
        /// The user's choice for each record changed in both tabs (unlisted: this tab's).
        choices: BTreeMap<ConflictKey, Choice>,
        /// The exchange's merge.
        merge: super::MergeFn,
    },
    /// The last change undone (its ledger as it was before; a new revision, saved like any
    /// change).
    Undo,
    /// Makes again the change the last [`Command::Undo`] reverted, until another change is made.
    Redo,
    /// The signatures the browser made for the steps of a gesture just made
    /// (`Workspace::unsealed`), with the key that made them (trusted here for its side from
    /// then on): part of that gesture, not a change of its own.
    Seal {
        /// The convention.
        convention: ConventionId,
        /// The key that signed, and its holder.
        card: crate::domain::trust::KeyCard,
        /// The signatures.
        signed: Vec<crate::domain::ledger::Signed>,
        /// What puts them on: [`Ledger::seal`](crate::domain::ledger::Ledger::seal), handed in by
        /// the signing (downloaded on demand in the shipped build) so that the first download
        /// does not carry the keys' digests.
        put: PutSeals,
    },
}

/// What puts the signatures of [`Command::Seal`] on the steps: `Ledger::seal`, the number put.
pub type PutSeals = fn(
    &mut crate::domain::ledger::Ledger,
    crate::domain::trust::KeyCard,
    Vec<crate::domain::ledger::Signed>,
) -> usize;

/// One gesture of a screen on one convention's records, as a value: what the user gave, applied
/// through the domain by [`Gesture::apply`]. Each gesture is a struct of its own, so that the code
/// applying a gesture of a screen loaded on demand comes with that screen.
pub trait Gesture: std::fmt::Debug {
    /// Applies the gesture to `ledger` through the domain, stamped `stamp`. The domain decides: a
    /// refusal is returned and `ledger` may be partly changed (the workspace applies gestures on
    /// a copy).
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError>;

    /// What the gesture is, as the undo button and the message after it say it.
    fn label(&self) -> String;
    /// The change as the undo and redo buttons name it, with the record it is about, read in
    /// `ledger` as it was before ("création de l'entreprise « Ébénisterie Roy »"); the label by
    /// default.
    fn named(&self, ledger: &Ledger) -> String {
        let _ = ledger;
        self.label()
    }
}

/// "Menuiserie Durand – Fiche 2" for action `id` of `ledger`, or "une action".
fn action_named(ledger: &Ledger, id: &ActionId) -> String {
    ledger.actions().get(id).map_or_else(
        || "une action".to_string(),
        |a| {
            let company = ledger
                .companies()
                .get(a.company())
                .map_or("", |c| c.name.as_str());
            format!("{company} – Fiche {}", a.fiche().number())
        },
    )
}

/// A new company, from the company form (the chamber's).
#[derive(Clone, Debug, PartialEq)]
pub struct AddCompany {
    /// Its id, drawn by the screen.
    pub id: CompanyId,
    /// What was typed.
    pub form: CompanyForm,
}

impl Gesture for AddCompany {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let AddCompany { id, form } = self;
        let company = first_error(Company::from_form(id.clone(), form, ledger.convention()))?;
        ledger.add_company(company, stamp)
    }

    fn label(&self) -> String {
        CompanyStep::Created.event_label().to_string()
    }

    fn named(&self, _: &Ledger) -> String {
        format!("création de l'entreprise « {} »", self.form.name.trim())
    }
}

/// A company's details changed, from the company form (the chamber's).
#[derive(Clone, Debug, PartialEq)]
pub struct UpdateCompany {
    /// The company.
    pub id: CompanyId,
    /// What was typed.
    pub form: CompanyForm,
}

impl Gesture for UpdateCompany {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let UpdateCompany { id, form } = self;
        let company = first_error(Company::from_form(id.clone(), form, ledger.convention()))?;
        ledger.update_company(company, stamp)
    }

    fn label(&self) -> String {
        CompanyStep::Updated.event_label().to_string()
    }

    fn named(&self, _: &Ledger) -> String {
        format!("modification de l'entreprise « {} »", self.form.name.trim())
    }
}

/// The company was told that the payer finances its accompaniment (art. 2.3).
#[derive(Clone, Debug, PartialEq)]
pub struct CompanyInformed {
    /// The company.
    pub company: CompanyId,
    /// When.
    pub on: NaiveDate,
}

impl Gesture for CompanyInformed {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let CompanyInformed { company, on } = self;
        ledger.record_company_informed(company, *on, stamp)
    }

    fn label(&self) -> String {
        "Entreprise notée comme informée".to_string()
    }
}

/// A new action: a need identified at a company.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateAction {
    /// Its id, drawn by the screen.
    pub id: ActionId,
    /// The company.
    pub company: CompanyId,
    /// The fiche.
    pub fiche: Fiche,
    /// When the need was identified.
    pub on: NaiveDate,
    /// The need.
    pub need: String,
}

impl Gesture for CreateAction {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let CreateAction {
            id,
            company,
            fiche,
            on,
            need,
        } = self;
        ledger.create_action(id.clone(), company, *fiche, *on, need, stamp)
    }

    fn label(&self) -> String {
        Step::Created.event_label().to_string()
    }

    fn named(&self, ledger: &Ledger) -> String {
        let company = ledger
            .companies()
            .get(&self.company)
            .map_or("", |c| c.name.as_str());
        format!(
            "création de l'action {company} – Fiche {}",
            self.fiche.number()
        )
    }
}

/// A step of an action's lifecycle, from its form (drawn from the lifecycle table).
#[derive(Clone, Debug, PartialEq)]
pub struct TakeStep {
    /// The action.
    pub action: ActionId,
    /// The step.
    pub step: Step,
    /// Its date.
    pub on: NaiveDate,
    /// What its form gave.
    pub input: StepInput,
}

impl Gesture for TakeStep {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let TakeStep {
            action,
            step,
            on,
            input,
        } = self;
        ledger.take_step(action, *step, *on, input, stamp)
    }

    fn label(&self) -> String {
        let TakeStep { step, .. } = self;
        step.event_label().to_string()
    }

    fn named(&self, ledger: &Ledger) -> String {
        format!(
            "« {} » de {}",
            self.step.event_label(),
            action_named(ledger, &self.action)
        )
    }
}

/// The diagnostic note of an action (the chamber's).
#[derive(Clone, Debug, PartialEq)]
pub struct SetNote {
    /// The action.
    pub action: ActionId,
    /// The note.
    pub text: String,
    /// Kept from the payer (art. 3.1).
    pub confidential: bool,
}

impl Gesture for SetNote {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let SetNote {
            action,
            text,
            confidential,
        } = self;
        ledger.set_note(action, text, *confidential, stamp)
    }

    fn label(&self) -> String {
        "Note modifiée".to_string()
    }

    fn named(&self, ledger: &Ledger) -> String {
        format!("note de {}", action_named(ledger, &self.action))
    }
}

/// The payer asks for an intervention (art. 1).
#[derive(Clone, Debug, PartialEq)]
pub struct RequestIntervention {
    /// Its id, drawn by the screen.
    pub id: RequestId,
    /// A known company, or the one named in the form.
    pub company: RequestedByForm,
    /// The fiche asked for.
    pub fiche: Fiche,
    /// The payer's message.
    pub message: String,
    /// When.
    pub on: NaiveDate,
}

impl Gesture for RequestIntervention {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let RequestIntervention {
            id,
            company,
            fiche,
            message,
            on,
        } = self;
        let company = match company {
            RequestedByForm::Known(c) => RequestedCompany::Known(c.clone()),
            RequestedByForm::Named {
                name,
                siret,
                commune,
                contact,
            } => RequestedCompany::Named(NamedCompany::check(
                name,
                siret,
                commune,
                contact,
                ledger.convention(),
            )?),
        };
        ledger.request_intervention(id.clone(), company, *fiche, message, *on, stamp)
    }

    fn label(&self) -> String {
        RequestStep::Requested.event_label().to_string()
    }
}

/// The chamber takes a request up: a new action (and the company, when the request named a
/// new one).
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptRequest {
    /// The request.
    pub id: RequestId,
    /// The action opened, its id drawn by the screen.
    pub action: ActionId,
    /// The company to create from the request's name, SIRET and commune, with what the
    /// chamber adds (id drawn by the screen); `None` for a known company.
    pub company: Option<(CompanyId, CompanyForm)>,
    /// When.
    pub on: NaiveDate,
    /// The need.
    pub need: String,
}

impl Gesture for AcceptRequest {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let AcceptRequest {
            id,
            action,
            company,
            on,
            need,
        } = self;
        let company = match company {
            Some((cid, form)) => Some(first_error(Company::from_form(
                cid.clone(),
                form,
                ledger.convention(),
            ))?),
            None => None,
        };
        ledger.accept_request(id, action.clone(), company, *on, need, stamp)
    }

    fn label(&self) -> String {
        RequestStep::Accepted.event_label().to_string()
    }
}

/// The chamber declines a request, with a reason.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclineRequest {
    /// The request.
    pub id: RequestId,
    /// When.
    pub on: NaiveDate,
    /// Why.
    pub reason: String,
}

impl Gesture for DeclineRequest {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let DeclineRequest { id, on, reason } = self;
        ledger.decline_request(id, *on, reason, stamp)
    }

    fn label(&self) -> String {
        RequestStep::Declined.event_label().to_string()
    }
}

/// A meeting or a promotion action recorded in the journal (art. 2.2, 2.3).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordEntry {
    /// Its id, drawn by the screen.
    pub id: EntryId,
    /// What it says.
    pub body: EntryBody,
}

impl Gesture for RecordEntry {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let RecordEntry { id, body } = self;
        ledger.record_entry(id.clone(), body.clone(), stamp)
    }

    fn label(&self) -> String {
        let RecordEntry { body, .. } = self;
        body.recorded_step().event_label().to_string()
    }
}

/// A journal entry changed by its side.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeEntry {
    /// The entry.
    pub id: EntryId,
    /// What it says now.
    pub body: EntryBody,
}

impl Gesture for ChangeEntry {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let ChangeEntry { id, body } = self;
        ledger.change_entry(id, body.clone(), stamp)
    }

    fn label(&self) -> String {
        JournalStep::Changed.event_label().to_string()
    }
}

/// An amendment proposed (art. 3.2).
#[derive(Clone, Debug, PartialEq)]
pub struct ProposeAmendment {
    /// Its id, drawn by the screen.
    pub id: AmendmentId,
    /// What it changes.
    pub changes: Changes,
    /// When.
    pub on: NaiveDate,
}

impl Gesture for ProposeAmendment {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let ProposeAmendment { id, changes, on } = self;
        ledger.propose_amendment(id.clone(), changes.clone(), *on, stamp)
    }

    fn label(&self) -> String {
        "Avenant proposé".to_string()
    }
}

/// The other party's amendment accepted.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptAmendment {
    /// The amendment.
    pub id: AmendmentId,
    /// When.
    pub on: NaiveDate,
}

impl Gesture for AcceptAmendment {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let AcceptAmendment { id, on } = self;
        ledger.accept_amendment(id, *on, stamp)
    }

    fn label(&self) -> String {
        "Avenant accepté".to_string()
    }
}

/// A request to pass confidential data to an outside body (art. 3.1).
#[derive(Clone, Debug, PartialEq)]
pub struct RequestDiffusion {
    /// Its id, drawn by the screen.
    pub id: DiffusionId,
    /// Who asks, what, and what for.
    pub recipient: String,
    /// What is asked.
    pub what: String,
    /// What for.
    pub purpose: String,
    /// When.
    pub on: NaiveDate,
}

impl Gesture for RequestDiffusion {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let RequestDiffusion {
            id,
            recipient,
            what,
            purpose,
            on,
        } = self;
        ledger.request_diffusion(id.clone(), [recipient, what, purpose], *on, stamp)
    }

    fn label(&self) -> String {
        DiffusionStep::Requested.label().to_string()
    }
}

/// A party's agreement, withdrawal or export on a diffusion request.
#[derive(Clone, Debug, PartialEq)]
pub struct TakeDiffusionStep {
    /// The request.
    pub id: DiffusionId,
    /// The step.
    pub kind: DiffusionStep,
    /// When.
    pub on: NaiveDate,
}

impl Gesture for TakeDiffusionStep {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let TakeDiffusionStep { id, kind, on } = self;
        ledger.diffusion_step(id, *kind, *on, stamp)
    }

    fn label(&self) -> String {
        let TakeDiffusionStep { kind, .. } = self;
        kind.label().to_string()
    }
}

/// What a fiche 3 company offers and looks for.
#[derive(Clone, Debug, PartialEq)]
pub struct SetCollaboration {
    /// The company.
    pub company: CompanyId,
    /// Its offers, one a line.
    pub offers: Vec<String>,
    /// What it looks for, one a line.
    pub seeks: Vec<String>,
}

impl Gesture for SetCollaboration {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let SetCollaboration {
            company,
            offers,
            seeks,
        } = self;
        ledger.set_collaboration(company, offers, seeks, stamp)
    }

    fn label(&self) -> String {
        "Offres et demandes enregistrées".to_string()
    }
}

/// A month of the tracking table issued for good (art. 3.4).
#[derive(Clone, Debug, PartialEq)]
pub struct IssueMonth {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// Today, which must be after the month.
    pub today: NaiveDate,
}

impl Gesture for IssueMonth {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let IssueMonth { year, month, today } = self;
        ledger.issue_month(*year, *month, *today, stamp)
    }

    fn label(&self) -> String {
        let IssueMonth { year, month, .. } = self;
        format!(
            "Tableau de {} arrêté",
            crate::domain::date::month_fr(*year, *month)
        )
    }
}

/// A termination notified (art. 3.3), with its acknowledgment of receipt when known.
#[derive(Clone, Debug, PartialEq)]
pub struct NotifyTermination {
    /// When it was notified.
    pub on: NaiveDate,
    /// Why.
    pub reason: String,
    /// When it was received, if known.
    pub received_on: Option<NaiveDate>,
}

impl Gesture for NotifyTermination {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let NotifyTermination {
            on,
            reason,
            received_on,
        } = self;
        ledger.notify_termination(*on, reason, stamp.clone())?;
        match received_on {
            Some(r) => ledger.record_termination_receipt(*r, stamp),
            None => Ok(()),
        }
    }

    fn label(&self) -> String {
        "Résiliation notifiée".to_string()
    }
}

/// The acknowledgment of receipt of the termination this side notified.
#[derive(Clone, Debug, PartialEq)]
pub struct TerminationReceipt {
    /// When it was received.
    pub received_on: NaiveDate,
}

impl Gesture for TerminationReceipt {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        let TerminationReceipt { received_on } = self;
        ledger.record_termination_receipt(*received_on, stamp)
    }

    fn label(&self) -> String {
        "Accusé de réception enregistré".to_string()
    }
}

/// The company a payer's request names: one the chamber keeps, or one named in the form (checked
/// against the convention's territory when applied).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestedByForm {
    /// A known company.
    Known(CompanyId),
    /// Name, SIRET and commune as typed.
    Named {
        /// Name.
        name: String,
        /// SIRET.
        siret: String,
        /// Commune.
        commune: String,
        /// A phone number or an e-mail address (required without a SIRET).
        contact: String,
    },
}

/// The first error of a company form, as the one message shown.
fn first_error(
    result: Result<Company, Vec<(crate::domain::company::CompanyField, DomainError)>>,
) -> Result<Company, DomainError> {
    result.map_err(|mut errors| errors.remove(0).1)
}

/// A key of the user's own party (a colleague's, confirmed by its fingerprint) introduced to the
/// other party.
#[derive(Clone, Debug, PartialEq)]
pub struct IntroduceKey {
    /// The key.
    pub key: crate::domain::signing::KeyId,
}

impl Gesture for IntroduceKey {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        ledger.introduce_key(&self.key, stamp)
    }

    fn label(&self) -> String {
        "Clé présentée".to_string()
    }

    fn named(&self, ledger: &Ledger) -> String {
        ledger.trust().get(&self.key).map_or_else(
            || format!("présentation de la clé {}", self.key),
            |k| format!("présentation de la clé de {} ({})", k.card.name, self.key),
        )
    }
}

/// A key of the user's own party withdrawn (a lost laptop), from the keys this machine trusts.
#[derive(Clone, Debug, PartialEq)]
pub struct WithdrawKey {
    /// The key.
    pub key: crate::domain::signing::KeyId,
}

impl Gesture for WithdrawKey {
    fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        ledger.withdraw_key(&self.key, stamp)
    }

    fn label(&self) -> String {
        "Clé retirée".to_string()
    }

    fn named(&self, ledger: &Ledger) -> String {
        ledger.trust().get(&self.key).map_or_else(
            || format!("retrait de la clé {}", self.key),
            |k| format!("retrait de la clé de {} ({})", k.card.name, self.key),
        )
    }
}

impl Command {
    /// What the command is, as the undo button and the message after it say it.
    pub fn label(&self) -> String {
        match self {
            Command::Ledger(_, gesture) => gesture.label(),
            Command::AddConvention(c) => format!("Convention « {} » ajoutée", c.terms().title),
            Command::Import { name, .. } => format!("Import de « {name} »"),
            Command::Restore(_) => "Données remplacées par la sauvegarde".to_string(),
            Command::SettleTabConflict { .. } => "Versions des deux onglets réunies".to_string(),
            Command::Undo => "Annulation".to_string(),
            Command::Redo => "Rétablissement".to_string(),
            Command::Seal { .. } => "Étapes signées".to_string(),
        }
    }
}
