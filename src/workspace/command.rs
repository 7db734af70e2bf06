//! Every change a user can make, as a value: the screen builds a [`Command`] from what was typed
//! and hands it to [`Workspace::execute`](super::Workspace::execute), the one function that
//! changes the workspace. A command carries what the user gave (form texts, dates, ids drawn by the
//! screen), never a decision: the domain checks it when it is applied, on that machine's state.
//!
//! Adding a gesture: a variant of [`Change`] (a record of one convention) or of [`Command`] (the
//! workspace itself), its arm in [`Change::apply`] calling the domain, its label in
//! [`Change::label`], and a test in this module's tests.

use std::collections::BTreeMap;

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
use crate::exchange::Checked;
use crate::exchange::merge::{Choice, ConflictKey};
use crate::storage::format::Backup;

/// A change to the workspace: one convention's records, or the set of conventions.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A change to the records of one convention.
    Ledger(ConventionId, Change),
    /// A new convention, with no record yet (or the one a received file names).
    AddConvention(Convention),
    /// A checked exchange file taken into its convention, as its preview showed it with the
    /// user's choices on its conflicts (`exchange::merge::plan`).
    Import {
        /// The file's name, for the undo button.
        name: String,
        /// The file, read and checked.
        checked: Box<Checked>,
        /// The user's choice for each conflict shown (unlisted: ours).
        choices: BTreeMap<ConflictKey, Choice>,
    },
    /// Every convention replaced by a backup's (the data as it was kept before, in the backups
    /// store, written in the same transaction).
    Restore(Box<Backup>),
    /// Another tab's version of a convention met this tab's unsaved changes and some records
    /// differ on both sides: the user's choices settle them (see `Workspace::merge_stored`).
    SettleTabConflict(BTreeMap<ConflictKey, Choice>),
    /// The last change undone (its ledger as it was before; a new revision, saved like any
    /// change).
    Undo,
}

/// A change to one convention's records: each variant is one gesture of a screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// A new company, from the company form (the chamber's).
    AddCompany {
        /// Its id, drawn by the screen.
        id: CompanyId,
        /// What was typed.
        form: CompanyForm,
    },
    /// A company's details changed, from the company form (the chamber's).
    UpdateCompany {
        /// The company.
        id: CompanyId,
        /// What was typed.
        form: CompanyForm,
    },
    /// The company was told that the payer finances its accompaniment (art. 2.3).
    CompanyInformed {
        /// The company.
        company: CompanyId,
        /// When.
        on: NaiveDate,
    },
    /// A new action: a need identified at a company.
    CreateAction {
        /// Its id, drawn by the screen.
        id: ActionId,
        /// The company.
        company: CompanyId,
        /// The fiche.
        fiche: Fiche,
        /// When the need was identified.
        on: NaiveDate,
        /// The need.
        need: String,
    },
    /// A step of an action's lifecycle, from its form (drawn from the lifecycle table).
    Step {
        /// The action.
        action: ActionId,
        /// The step.
        step: Step,
        /// Its date.
        on: NaiveDate,
        /// What its form gave.
        input: StepInput,
    },
    /// The diagnostic note of an action (the chamber's).
    SetNote {
        /// The action.
        action: ActionId,
        /// The note.
        text: String,
        /// Kept from the payer (art. 3.1).
        confidential: bool,
    },
    /// The payer asks for an intervention (art. 1).
    RequestIntervention {
        /// Its id, drawn by the screen.
        id: RequestId,
        /// A known company, or the one named in the form.
        company: RequestedByForm,
        /// The fiche asked for.
        fiche: Fiche,
        /// The payer's message.
        message: String,
        /// When.
        on: NaiveDate,
    },
    /// The chamber takes a request up: a new action (and the company, when the request named a
    /// new one).
    AcceptRequest {
        /// The request.
        id: RequestId,
        /// The action opened, its id drawn by the screen.
        action: ActionId,
        /// The company to create from the request's name, SIRET and commune, with what the
        /// chamber adds (id drawn by the screen); `None` for a known company.
        company: Option<(CompanyId, CompanyForm)>,
        /// When.
        on: NaiveDate,
        /// The need.
        need: String,
    },
    /// The chamber declines a request, with a reason.
    DeclineRequest {
        /// The request.
        id: RequestId,
        /// When.
        on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// A meeting or a promotion action recorded in the journal (art. 2.2, 2.3).
    RecordEntry {
        /// Its id, drawn by the screen.
        id: EntryId,
        /// What it says.
        body: EntryBody,
    },
    /// A journal entry changed by its side.
    ChangeEntry {
        /// The entry.
        id: EntryId,
        /// What it says now.
        body: EntryBody,
    },
    /// An amendment proposed (art. 3.2).
    ProposeAmendment {
        /// Its id, drawn by the screen.
        id: AmendmentId,
        /// What it changes.
        changes: Changes,
        /// When.
        on: NaiveDate,
    },
    /// The other party's amendment accepted.
    AcceptAmendment {
        /// The amendment.
        id: AmendmentId,
        /// When.
        on: NaiveDate,
    },
    /// A request to pass confidential data to an outside body (art. 3.1).
    RequestDiffusion {
        /// Its id, drawn by the screen.
        id: DiffusionId,
        /// Who asks, what, and what for.
        recipient: String,
        /// What is asked.
        what: String,
        /// What for.
        purpose: String,
        /// When.
        on: NaiveDate,
    },
    /// A party's agreement, withdrawal or export on a diffusion request.
    DiffusionStep {
        /// The request.
        id: DiffusionId,
        /// The step.
        kind: DiffusionStep,
        /// When.
        on: NaiveDate,
    },
    /// What a fiche 3 company offers and looks for.
    SetCollaboration {
        /// The company.
        company: CompanyId,
        /// Its offers, one a line.
        offers: Vec<String>,
        /// What it looks for, one a line.
        seeks: Vec<String>,
    },
    /// A month of the tracking table issued for good (art. 3.4).
    IssueMonth {
        /// The year.
        year: i32,
        /// The month, 1 to 12.
        month: u32,
        /// Today, which must be after the month.
        today: NaiveDate,
    },
    /// A termination notified (art. 3.3), with its acknowledgment of receipt when known.
    NotifyTermination {
        /// When it was notified.
        on: NaiveDate,
        /// Why.
        reason: String,
        /// When it was received, if known.
        received_on: Option<NaiveDate>,
    },
    /// The acknowledgment of receipt of the termination this side notified.
    TerminationReceipt {
        /// When it was received.
        received_on: NaiveDate,
    },
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
    },
}

/// The first error of a company form, as the one message shown.
fn first_error(
    result: Result<Company, Vec<(crate::domain::company::CompanyField, DomainError)>>,
) -> Result<Company, DomainError> {
    result.map_err(|mut errors| errors.remove(0).1)
}

impl Change {
    /// Applies the change to `ledger` through the domain, stamped `stamp`. The domain decides:
    /// a refusal is returned and `ledger` may be partly changed (the workspace applies changes
    /// on a copy).
    pub fn apply(&self, ledger: &mut Ledger, stamp: Stamp) -> Result<(), DomainError> {
        match self {
            Change::AddCompany { id, form } => {
                let company =
                    first_error(Company::from_form(id.clone(), form, ledger.convention()))?;
                ledger.add_company(company, stamp)
            }
            Change::UpdateCompany { id, form } => {
                let company =
                    first_error(Company::from_form(id.clone(), form, ledger.convention()))?;
                ledger.update_company(company, stamp)
            }
            Change::CompanyInformed { company, on } => {
                ledger.record_company_informed(company, *on, stamp)
            }
            Change::CreateAction {
                id,
                company,
                fiche,
                on,
                need,
            } => ledger.create_action(id.clone(), company, *fiche, *on, need, stamp),
            Change::Step {
                action,
                step,
                on,
                input,
            } => ledger.take_step(action, *step, *on, input, stamp),
            Change::SetNote {
                action,
                text,
                confidential,
            } => ledger.set_note(action, text, *confidential, stamp),
            Change::RequestIntervention {
                id,
                company,
                fiche,
                message,
                on,
            } => {
                let company = match company {
                    RequestedByForm::Known(c) => RequestedCompany::Known(c.clone()),
                    RequestedByForm::Named {
                        name,
                        siret,
                        commune,
                    } => RequestedCompany::Named(NamedCompany::check(
                        name,
                        siret,
                        commune,
                        ledger.convention(),
                    )?),
                };
                ledger.request_intervention(id.clone(), company, *fiche, message, *on, stamp)
            }
            Change::AcceptRequest {
                id,
                action,
                company,
                on,
                need,
            } => {
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
            Change::DeclineRequest { id, on, reason } => {
                ledger.decline_request(id, *on, reason, stamp)
            }
            Change::RecordEntry { id, body } => {
                ledger.record_entry(id.clone(), body.clone(), stamp)
            }
            Change::ChangeEntry { id, body } => ledger.change_entry(id, body.clone(), stamp),
            Change::ProposeAmendment { id, changes, on } => {
                ledger.propose_amendment(id.clone(), changes.clone(), *on, stamp)
            }
            Change::AcceptAmendment { id, on } => ledger.accept_amendment(id, *on, stamp),
            Change::RequestDiffusion {
                id,
                recipient,
                what,
                purpose,
                on,
            } => ledger.request_diffusion(id.clone(), [recipient, what, purpose], *on, stamp),
            Change::DiffusionStep { id, kind, on } => ledger.diffusion_step(id, *kind, *on, stamp),
            Change::SetCollaboration {
                company,
                offers,
                seeks,
            } => ledger.set_collaboration(company, offers, seeks, stamp),
            Change::IssueMonth { year, month, today } => {
                ledger.issue_month(*year, *month, *today, stamp)
            }
            Change::NotifyTermination {
                on,
                reason,
                received_on,
            } => {
                ledger.notify_termination(*on, reason, stamp.clone())?;
                match received_on {
                    Some(r) => ledger.record_termination_receipt(*r, stamp),
                    None => Ok(()),
                }
            }
            Change::TerminationReceipt { received_on } => {
                ledger.record_termination_receipt(*received_on, stamp)
            }
        }
    }

    /// What the change is, as the undo button and the message after it say it.
    pub fn label(&self) -> String {
        let s = match self {
            Change::AddCompany { .. } => CompanyStep::Created.event_label(),
            Change::UpdateCompany { .. } => CompanyStep::Updated.event_label(),
            Change::CompanyInformed { .. } => "Entreprise notée comme informée",
            Change::CreateAction { .. } => Step::Created.event_label(),
            Change::Step { step, .. } => step.event_label(),
            Change::SetNote { .. } => "Note modifiée",
            Change::RequestIntervention { .. } => RequestStep::Requested.event_label(),
            Change::AcceptRequest { .. } => RequestStep::Accepted.event_label(),
            Change::DeclineRequest { .. } => RequestStep::Declined.event_label(),
            Change::RecordEntry { body, .. } => body.recorded_step().event_label(),
            Change::ChangeEntry { .. } => JournalStep::Changed.event_label(),
            Change::ProposeAmendment { .. } => "Avenant proposé",
            Change::AcceptAmendment { .. } => "Avenant accepté",
            Change::RequestDiffusion { .. } => DiffusionStep::Requested.label(),
            Change::DiffusionStep { kind, .. } => kind.label(),
            Change::SetCollaboration { .. } => "Offres et demandes enregistrées",
            Change::IssueMonth { year, month, .. } => {
                return format!(
                    "Tableau de {} arrêté",
                    crate::domain::date::month_fr(*year, *month)
                );
            }
            Change::NotifyTermination { .. } => "Résiliation notifiée",
            Change::TerminationReceipt { .. } => "Accusé de réception enregistré",
        };
        s.to_string()
    }
}

impl Command {
    /// What the command is, as the undo button and the message after it say it.
    pub fn label(&self) -> String {
        match self {
            Command::Ledger(_, change) => change.label(),
            Command::AddConvention(c) => format!("Convention « {} » ajoutée", c.terms().title),
            Command::Import { name, .. } => format!("Import de « {name} »"),
            Command::Restore(_) => "Sauvegarde restaurée".to_string(),
            Command::SettleTabConflict(_) => "Versions des deux onglets réunies".to_string(),
            Command::Undo => "Annulation".to_string(),
        }
    }
}
