//! One action of the convention and its lifecycle: need identified → devis sent with its programme
//! (art. 2.1) → engaged by the payer (art. 2.2) → service done → invoiced → paid (art. 2.1: payment on
//! invoice for each service done); or refused / cancelled with a reason. Which side takes which
//! step, from which status and on which dates is the table of [`super::lifecycle`].
//!
//! An [`Action`] can only change through the step methods here, which refuse what the lifecycle
//! forbids and change nothing when they refuse. Rules that need the whole convention (the period, the
//! envelope) are checked by [`super::ledger::Ledger`] before it calls these methods.

mod record;
mod seal;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use super::audit::{Actor, Stamp};
use super::company::{CompanyId, check_text};
use super::convention::{Fiche, Side};
use super::date::fr;
use super::error::DomainError;
use super::follow_up::FollowUp;
use super::lifecycle::{self, Owned};
pub use super::lifecycle::{Status, Step};
use super::money::Euros;
use super::request::RequestId;
use super::signing::Seal;
pub use crate::domain::signed::Admission;
pub use record::{ActionId, ActionRecord, Devis, Event, Invoice, Note, Stop, StopKind};

/// Longest programme or note, in characters.
pub const MAX_LONG_TEXT_CHARS: usize = 5_000;
/// Longest reason or invoice number, in characters.
pub const MAX_SHORT_TEXT_CHARS: usize = 500;

/// The recorded facts of one action. All fields private: the lifecycle methods keep them consistent,
/// and deserialising re-checks them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ActionRecord", into = "ActionRecord")]
pub struct Action {
    record: ActionRecord,
}

impl Action {
    /// A new action for `company` at the "need identified" stage. Its note starts confidential when
    /// the fiche's notes are sensitive (Fiche 1 records the company's difficulties).
    pub fn new(
        id: ActionId,
        company: CompanyId,
        fiche: Fiche,
        identified_on: NaiveDate,
        need: &str,
        stamp: Stamp,
    ) -> Result<Action, DomainError> {
        let need = check_text(need, "besoin identifié", MAX_LONG_TEXT_CHARS)?;
        Ok(Action {
            record: ActionRecord {
                id,
                company,
                fiche,
                identified_on,
                need,
                devis: None,
                engaged_on: None,
                done_on: None,
                invoice: None,
                paid_on: None,
                stop: None,
                note: Note {
                    text: String::new(),
                    confidential: true,
                    withheld: false,
                },
                history: vec![Event::new(Step::Created, stamp)],
                request: None,
                follow_ups: Vec::new(),
            },
        })
    }

    /// The recorded facts, read-only.
    pub fn record(&self) -> &ActionRecord {
        &self.record
    }

    /// The same action with its confidential note left out (art. 3.1), for a file leaving this
    /// machine without the user's express consent.
    pub fn without_confidential_note(&self) -> Action {
        let mut a = self.clone();
        if a.record.note.confidential && !a.record.note.text.is_empty() {
            a.record.note.text.clear();
            a.record.note.withheld = true;
        }
        a
    }

    /// Identifier.
    pub fn id(&self) -> &ActionId {
        &self.record.id
    }

    /// The fiche.
    pub fn fiche(&self) -> Fiche {
        self.record.fiche
    }

    /// The beneficiary.
    pub fn company(&self) -> &CompanyId {
        &self.record.company
    }

    /// The request of the payer this action answers, if it came from one (art. 1).
    pub fn request(&self) -> Option<&RequestId> {
        self.record.request.as_ref()
    }

    /// Marks the action as the answer to the payer's request `id`, made with `stamp`: the request
    /// stays first in its history.
    pub(crate) fn answering(mut self, id: RequestId, stamp: Stamp) -> Action {
        self.record.request = Some(id);
        self.record
            .history
            .insert(0, Event::new(Step::Requested, stamp));
        self
    }

    /// Where the action stands.
    pub fn status(&self) -> Status {
        lifecycle::status(&self.record)
    }

    /// The action as it stood at the end of day `on`: the steps dated after it left out, `None` if
    /// its need was identified later. Each step's date follows the one before it, so what is left is
    /// a valid beginning of the same chain. For figures at a date (the bilan); never stored, and its
    /// history is left as it is.
    pub fn as_of(&self, on: NaiveDate) -> Option<Action> {
        let r = &self.record;
        if r.identified_on > on {
            return None;
        }
        let mut record = r.clone();
        let after = |d: NaiveDate| d > on;
        if record.devis.as_ref().is_some_and(|d| after(d.sent_on)) {
            record.devis = None;
        }
        if record.engaged_on.is_some_and(after) {
            record.engaged_on = None;
        }
        if record.done_on.is_some_and(after) {
            record.done_on = None;
        }
        if record.invoice.as_ref().is_some_and(|i| after(i.issued_on)) {
            record.invoice = None;
        }
        if record.paid_on.is_some_and(after) {
            record.paid_on = None;
        }
        if record.stop.as_ref().is_some_and(|s| after(s.on)) {
            record.stop = None;
        }
        record.follow_ups.retain(|f| !after(f.on));
        Some(Action { record })
    }

    /// The steps the lifecycle allows from here, for either side.
    pub fn next_steps(&self) -> Vec<Step> {
        lifecycle::next_steps(self.status()).collect()
    }

    /// What gestures made concurrently on two machines meant for this action, in French, with
    /// the article concerned (empty when none crossed): a closing kept without effect because
    /// the chain went further elsewhere; an engagement or a service crossing a closing in effect;
    /// one step recorded twice (two advisers), of which the merge kept one
    /// (`exchange::merge`: the copy that went further, then the earlier).
    pub fn crossings(&self, convention: &super::convention::Convention) -> Vec<String> {
        let r = &self.record;
        let party = |side: Side| convention.party(side).short_name.clone();
        let by = |e: &Event| format!("{} ({})", e.stamp.actor.name, party(e.stamp.actor.side));
        let event = |kind: Step| r.history.iter().find(|e| e.kind == kind);
        let mut out = Vec::new();
        if let Some(stop) = lifecycle::stop_without_effect(r) {
            let step = stop.kind.step();
            out.push(format!(
                "{} le {}{} sans effet : l'action avait atteint l'étape « {} » sur une autre machine avant que la décision n'y parvienne. L'action suit son cours ; le service fait est payé sur facture (art. 2.1).",
                step.rule().event,
                fr(stop.on),
                event(step).map(|e| format!(" par {}", by(e))).unwrap_or_default(),
                self.status().label(),
            ));
        } else if let Some(stop) = &r.stop {
            let closing = event(stop.kind.step());
            for later in [Step::Engaged, Step::ServiceDone] {
                if let (Some(c), Some(e)) = (closing, event(later))
                    && e.stamp.at > c.stamp.at
                {
                    out.push(format!(
                        "{} par {} alors que l'action avait été {} le {} par {} : la décision ne lui était pas encore parvenue. L'action reste {} ; rien n'est engagé sur l'enveloppe (art. 2.2).",
                        later.rule().event,
                        by(e),
                        if stop.kind == StopKind::Refused { "refusée" } else { "annulée" },
                        fr(stop.on),
                        by(c),
                        if stop.kind == StopKind::Refused { "refusée" } else { "annulée" },
                    ));
                }
            }
        }
        for step in lifecycle::CHAIN {
            let twice: Vec<&Event> = r.history.iter().filter(|e| e.kind == step).collect();
            if twice.len() > 1 {
                let names: Vec<String> = twice.iter().map(|e| by(e)).collect();
                out.push(format!(
                    "« {} » enregistré en même temps sur deux machines ({}) : la version qui était allée le plus loin, puis la plus ancienne, fait foi ; les deux restent à l'historique.",
                    step.rule().event,
                    names.join(", ")
                ));
            }
        }
        out
    }

    /// The steps someone of `side` may take from here: what the screen offers them. Besides the
    /// lifecycle's, a follow-up once the service is done (art. 2.3), for the chamber.
    pub fn gestures(&self, side: Side) -> Vec<Step> {
        let follow_up = (self.record.done_on.is_some() && Step::FollowedUp.owner().allows(side))
            .then_some(Step::FollowedUp);
        lifecycle::gestures(self.status(), side)
            .chain(follow_up)
            .collect()
    }

    /// "D-2021-MC-007": the devis number printed on paper, stable for the action — once the
    /// devis is sent (art. 2.1); before, the document is a draft without a number. A devis sent
    /// before numbers were given (format 4 and older) keeps the one it was printed with,
    /// "D-2021-0a1b2c3d", made from the action's id.
    pub fn devis_number(&self) -> Option<String> {
        let devis = self.record.devis.as_ref()?;
        if let Some(number) = &devis.number {
            return Some(number.to_string());
        }
        let id = &self.record.id.0;
        let tail = &id[id.char_indices().rev().nth(7).map_or(0, |(i, _)| i)..];
        Some(format!(
            "D-{}-{tail}",
            chrono::Datelike::year(&devis.sent_on)
        ))
    }

    /// The devis amount, once a devis exists.
    pub fn devis_amount(&self) -> Option<Euros> {
        self.record.devis.as_ref().map(|d| d.amount)
    }

    /// What the action holds against the envelope (art. 2.2): nothing before engagement or after a
    /// refusal or cancellation; the invoice amount once invoiced; the devis amount otherwise.
    pub fn engaged_amount(&self) -> Euros {
        if !self.status().holds_funds() {
            return Euros::ZERO;
        }
        match (&self.record.invoice, &self.record.devis) {
            (Some(invoice), _) => invoice.amount,
            (None, Some(devis)) => devis.amount,
            (None, None) => Euros::ZERO,
        }
    }

    /// The beneficiary letter (art. 2.3: the chamber tells the company that the payer finances its
    /// accompaniment): only for an action the payer engaged and that was not refused or cancelled,
    /// dated from the engagement, for the amount held (the devis, or the invoice once invoiced);
    /// written by the chamber only (its letterhead, its president's signature), so `None` for
    /// someone of the payer.
    pub fn beneficiary_letter(&self, side: Side) -> Option<(NaiveDate, Euros)> {
        if side != Side::Chamber || !self.status().holds_funds() {
            return None;
        }
        self.record.engaged_on.map(|on| (on, self.engaged_amount()))
    }

    /// The latest step of the chain recorded, which the next step may not precede.
    fn last_step(&self) -> (&'static str, NaiveDate) {
        lifecycle::CHAIN
            .into_iter()
            .rev()
            .find_map(|s| {
                s.recorded_on(&self.record)
                    .map(|on| (s.rule().date_name, on))
            })
            .unwrap_or(("besoin identifié", self.record.identified_on))
    }

    /// Refuses a step not allowed from the current status, or dated before the previous step.
    fn check_step(&self, step: Step, on: NaiveDate) -> Result<(), DomainError> {
        if !step.rule().from.contains(&self.status()) {
            return Err(DomainError::IllegalStep {
                step: step.label(),
                status: self.status().label(),
            });
        }
        let (previous_step, previous) = self.last_step();
        if on < previous {
            return Err(DomainError::BeforePreviousStep {
                date: on,
                previous_step,
                previous,
            });
        }
        Ok(())
    }

    fn log(&mut self, kind: Step, stamp: Stamp) {
        self.record.history.push(Event::new(kind, stamp));
    }

    /// Records the devis `number` sent on `on` at `amount` (the convention's price) with its
    /// programme (art. 2.1).
    pub fn send_devis(
        &mut self,
        on: NaiveDate,
        amount: Euros,
        programme: &str,
        number: crate::domain::devis_number::DevisNumber,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::DevisSent, on)?;
        let programme = check_text(programme, "programme", MAX_LONG_TEXT_CHARS)?;
        let amount = amount.positive("le devis")?;
        self.record.devis = Some(Devis {
            sent_on: on,
            amount,
            programme,
            number: Some(number),
        });
        self.log(Step::DevisSent, stamp);
        Ok(())
    }

    /// Records the payer's engagement (art. 2.2). The envelope is checked by the ledger.
    pub fn engage(&mut self, on: NaiveDate, stamp: Stamp) -> Result<(), DomainError> {
        self.check_step(Step::Engaged, on)?;
        self.record.engaged_on = Some(on);
        self.log(Step::Engaged, stamp);
        Ok(())
    }

    /// Records the refusal of the devis, with its reason.
    pub fn refuse(&mut self, on: NaiveDate, reason: &str, stamp: Stamp) -> Result<(), DomainError> {
        self.close(StopKind::Refused, on, reason, stamp)
    }

    /// Cancels the action before its service is done, with a reason. Engaged funds return to the
    /// envelope.
    pub fn cancel(&mut self, on: NaiveDate, reason: &str, stamp: Stamp) -> Result<(), DomainError> {
        self.close(StopKind::Cancelled, on, reason, stamp)
    }

    fn close(
        &mut self,
        kind: StopKind,
        on: NaiveDate,
        reason: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        let step = kind.step();
        self.check_step(step, on)?;
        if reason.trim().is_empty() {
            return Err(DomainError::ReasonRequired);
        }
        let reason = check_text(reason, "raison", MAX_SHORT_TEXT_CHARS)?;
        self.record.stop = Some(Stop { kind, on, reason });
        self.log(step, stamp);
        Ok(())
    }

    /// Records that the service was done on `on`.
    pub fn record_service_done(&mut self, on: NaiveDate, stamp: Stamp) -> Result<(), DomainError> {
        self.check_step(Step::ServiceDone, on)?;
        self.record.done_on = Some(on);
        self.log(Step::ServiceDone, stamp);
        Ok(())
    }

    /// Records the invoice for the service done (art. 2.1: payment on invoice). The price is fixed
    /// per accompaniment (art. 1): the invoice is never above the devis, and lower only with a
    /// reason.
    pub fn record_invoice(
        &mut self,
        number: &str,
        on: NaiveDate,
        amount: Euros,
        difference_reason: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::Invoiced, on)?;
        let number = check_text(number, "numéro de facture", MAX_SHORT_TEXT_CHARS)?;
        let amount = amount.positive("la facture")?;
        let devis = self.devis_amount().unwrap_or(Euros::ZERO);
        let difference_reason = if amount == devis {
            None
        } else if amount > devis {
            return Err(DomainError::InvoiceAboveDevis {
                devis,
                invoiced: amount,
            });
        } else if difference_reason.trim().is_empty() {
            return Err(DomainError::InvoiceBelowDevisWithoutReason {
                devis,
                invoiced: amount,
            });
        } else {
            Some(check_text(
                difference_reason,
                "raison de l'écart",
                MAX_SHORT_TEXT_CHARS,
            )?)
        };
        self.record.invoice = Some(Invoice {
            number,
            issued_on: on,
            amount,
            difference_reason,
        });
        self.log(Step::Invoiced, stamp);
        Ok(())
    }

    /// Records the payment of the invoice (art. 2.1).
    pub fn record_payment(&mut self, on: NaiveDate, stamp: Stamp) -> Result<(), DomainError> {
        self.check_step(Step::Paid, on)?;
        self.record.paid_on = Some(on);
        self.log(Step::Paid, stamp);
        Ok(())
    }

    /// Replaces the diagnostic note and its confidentiality flag.
    pub fn set_note(
        &mut self,
        text: &str,
        confidential: bool,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        let text = text.trim();
        if text.chars().count() > MAX_LONG_TEXT_CHARS {
            return Err(DomainError::TooLong {
                field: "note de diagnostic",
                max: MAX_LONG_TEXT_CHARS,
            });
        }
        self.record.note = Note {
            text: text.to_string(),
            confidential,
            withheld: false,
        };
        self.log(Step::NoteChanged, stamp);
        Ok(())
    }

    /// Records what became of the company (art. 2.3), once the service is done and on or after
    /// its date.
    pub fn add_follow_up(&mut self, follow_up: FollowUp) -> Result<(), DomainError> {
        follow_up.check_date(self.record.done_on)?;
        follow_up.check(self.record.fiche)?;
        self.log(Step::FollowedUp, follow_up.stamp.clone());
        self.record.follow_ups.push(follow_up);
        Ok(())
    }

    /// The date of the latest thing that happened: the last step, or the refusal or cancellation.
    pub fn last_date(&self) -> NaiveDate {
        let (_, on) = self.last_step();
        self.record.stop.as_ref().map_or(on, |c| c.on)
    }

    /// Every date recorded on the action, oldest first.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        lifecycle::chain_dates(&self.record)
            .into_iter()
            .chain([self.record.stop.as_ref().map(|c| c.on)])
            .flatten()
    }

    /// A one-line summary of the latest step for lists: "Engagé le 12/03/2021".
    pub fn summary(&self) -> String {
        format!("{} le {}", self.status().label(), fr(self.last_date()))
    }

    /// Takes the record apart, for the ownership repair of data stored by version 1.
    pub(crate) fn into_record(self) -> ActionRecord {
        self.record
    }
}
