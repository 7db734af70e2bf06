//! One convention with its companies and actions: the aggregate every change goes through.
//!
//! The [`Ledger`] checks the rules that need more than one record: who may take each step
//! ([`super::lifecycle`]: every change names its author's side, refused to the side that does not
//! own the step, for local changes exactly as for imported ones), dates inside the convention's
//! period (art. 3.2, 3.3), the envelope on engagement (art. 2.2), prices from the convention
//! (art. 1), actions only for known companies. A refused change leaves the ledger exactly as it
//! was.

mod amendments;
mod collaborations;
mod diffusion;
mod journal;
mod monthly_issue;
mod requests;
mod seals;

pub use seals::{Signed, Target, Unsealed};

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::action::{Action, ActionId, Stamp, Step};
use super::collaboration::Collaboration;
use super::company::{Company, CompanyEvent, CompanyId, CompanyStep};
use super::convention::{Convention, Fiche};
use super::devis_number;
use super::diffusion_request::{DiffusionId, DiffusionRequest};
use super::envelope::EnvelopeFigures;
use super::error::DomainError;
use super::issued::IssuedTable;
use super::journal::{EntryId, JournalEntry};
use super::lifecycle::{Owned, StepField, StepInput};
use super::money::Euros;
use super::monthly::MonthlyTable;
use super::ownership::SetAside;
use super::request::{Request, RequestId, RequestedCompany};
use super::trust::Trust;

/// Most companies, and most actions, one convention may hold: ten times the largest convention
/// expected, and what one browser handles smoothly (see BENCHMARKS.md).
pub const MAX_RECORDS_PER_CONVENTION: usize = 20_000;

/// A convention and everything recorded under it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    convention: Convention,
    companies: BTreeMap<CompanyId, Company>,
    actions: BTreeMap<ActionId, Action>,
    /// The payer's requests (art. 1).
    #[serde(default)]
    requests: BTreeMap<RequestId, Request>,
    /// Records of version 1 that broke the ownership rules, kept on this machine only and never
    /// sent (see [`super::ownership`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    set_aside: Vec<SetAside>,
    /// The monthly tables issued, by month ("2021-03"), art. 3.4.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    issued: BTreeMap<String, IssuedTable>,
    /// The meetings and promotion actions (art. 2.2, 2.3), by id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    journal: BTreeMap<EntryId, JournalEntry>,
    /// The requests to pass confidential data to outside bodies (art. 3.1), by id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    diffusion: BTreeMap<DiffusionId, DiffusionRequest>,
    /// The offers and demands of the companies of fiche 3 actions, by company (annex, fiche 3).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    collaborations: BTreeMap<CompanyId, Collaboration>,
    /// The keys this machine trusts for each party (`domain::trust`): kept here and in backups,
    /// never sent.
    #[serde(default, skip_serializing_if = "Trust::is_empty")]
    trust: Trust,
}

impl Ledger {
    /// An empty ledger for `convention`.
    pub fn new(convention: Convention) -> Ledger {
        Ledger {
            convention,
            companies: BTreeMap::new(),
            actions: BTreeMap::new(),
            requests: BTreeMap::new(),
            set_aside: Vec::new(),
            issued: BTreeMap::new(),
            journal: BTreeMap::new(),
            diffusion: BTreeMap::new(),
            collaborations: BTreeMap::new(),
            trust: Trust::default(),
        }
    }

    /// The convention's terms.
    pub fn convention(&self) -> &Convention {
        &self.convention
    }

    /// The companies, by id.
    pub fn companies(&self) -> &BTreeMap<CompanyId, Company> {
        &self.companies
    }

    /// An action of `fiche` under way for `company`, if any: a second one for the same company is
    /// most often a mistake (the same need opened twice), which the form asks about first.
    pub fn action_under_way(&self, company: &CompanyId, fiche: Fiche) -> Option<&Action> {
        self.actions
            .values()
            .find(|a| a.company() == company && a.fiche() == fiche && a.status().under_way())
    }

    /// The company of this convention whose SIRET is `siret`, other than `except` (the one being
    /// edited): a SIRET identifies one establishment (INSEE), so a second record for it is a
    /// duplicate, which the company form says before it is saved.
    pub fn company_with_siret(
        &self,
        siret: &super::siret::Siret,
        except: Option<&CompanyId>,
    ) -> Option<&Company> {
        self.companies
            .values()
            .find(|c| &c.siret == siret && Some(&c.id) != except)
    }

    /// The actions, by id.
    pub fn actions(&self) -> &BTreeMap<ActionId, Action> {
        &self.actions
    }

    /// The payer's requests, by id.
    pub fn requests(&self) -> &BTreeMap<RequestId, Request> {
        &self.requests
    }

    /// The requests the chamber has not answered yet.
    pub fn waiting_requests(&self) -> impl Iterator<Item = &Request> {
        self.requests.values().filter(|r| r.is_waiting())
    }

    /// The name of the company a request is about.
    pub fn requested_company_name<'a>(&'a self, company: &'a RequestedCompany) -> &'a str {
        match company {
            RequestedCompany::Known(id) => self
                .companies
                .get(id)
                .map_or(id.0.as_str(), |c| c.name.as_str()),
            RequestedCompany::Named(c) => &c.name,
        }
    }

    /// Records kept aside by the ownership repair of version 1 data.
    pub fn set_aside(&self) -> &[SetAside] {
        &self.set_aside
    }

    /// The dashboard's figures (art. 2.3).
    pub fn figures(&self) -> EnvelopeFigures {
        EnvelopeFigures::compute(&self.convention, self.actions.values())
    }

    /// The actions as they stood at the end of day `on` ([`Action::as_of`]): those identified by
    /// then, without the steps dated later (the bilan, a meeting's compte-rendu).
    pub fn actions_on(&self, on: NaiveDate) -> Vec<Action> {
        self.actions.values().filter_map(|a| a.as_of(on)).collect()
    }

    /// Calls `f` with every stamp the ledger records: each step of each record, amendments,
    /// issued tables, a termination. (Plain loops through one `dyn` callback: the chain of nine
    /// iterators it replaced compiled to 5 KB in the first download.)
    fn each_stamp(&self, f: &mut dyn FnMut(&Stamp)) {
        let terms = self.convention.terms();
        for a in &terms.amendments {
            f(&a.proposed);
            if let Some(x) = &a.accepted {
                f(&x.stamp);
            }
        }
        for c in self.companies.values() {
            c.history.iter().for_each(|e| f(&e.stamp));
        }
        for a in self.actions.values() {
            a.record().history.iter().for_each(|e| f(&e.stamp));
        }
        for r in self.requests.values() {
            r.record().history.iter().for_each(|e| f(&e.stamp));
        }
        for e in self.journal.values() {
            e.history().iter().for_each(|e| f(&e.stamp));
        }
        for d in self.diffusion.values() {
            d.record().history.iter().for_each(|e| f(&e.stamp));
        }
        for c in self.collaborations.values() {
            c.history().iter().for_each(|e| f(&e.stamp));
        }
        self.issued.values().for_each(|t| f(&t.stamp));
        if let Some(t) = &terms.termination {
            f(&t.recorded);
            if let Some(r) = &t.receipt_recorded {
                f(r);
            }
        }
    }

    /// The latest moment any recorded step states (the author's clock), if any: a step taken here
    /// is stamped after it ([`Self::stamp_after_all`]).
    pub fn latest_moment(&self) -> Option<NaiveDateTime> {
        let mut latest = None;
        self.each_stamp(&mut |s| latest = latest.max(Some(s.at)));
        latest
    }

    /// How many steps of `side` are stamped after `sent` (the latest moment a file sent from here
    /// held, [`Self::latest_moment`] when it was written; `None`: nothing sent yet): what the other
    /// party has not received from this machine.
    pub fn unsent(&self, side: super::convention::Side, sent: Option<NaiveDateTime>) -> usize {
        let mut count = 0;
        self.each_stamp(&mut |s| {
            if s.actor.side == side && sent.is_none_or(|t| s.at > t) {
                count += 1;
            }
        });
        count
    }

    /// `stamp`, moved a second after the latest step recorded if its clock is behind it (a
    /// machine whose clock is late, after importing steps stamped by a machine ahead). Merges
    /// keep "the latest change" (docs/echange.md, "Gestes croisés"): a change made here after
    /// what it has received must be later than it, or two machines could settle on different
    /// versions.
    pub fn stamp_after_all(&self, mut stamp: Stamp) -> Stamp {
        if let Some(latest) = self.latest_moment()
            && stamp.at <= latest
        {
            stamp.at = latest + chrono::Duration::seconds(1);
        }
        stamp
    }

    /// The dashboard's figures as they stood at the end of day `on` (a meeting's compte-rendu).
    pub fn figures_on(&self, on: NaiveDate) -> EnvelopeFigures {
        EnvelopeFigures::compute(&self.convention, &self.actions_on(on))
    }

    /// The monthly tracking table (art. 3.4).
    pub fn monthly_table(&self) -> MonthlyTable {
        MonthlyTable::compute(&self.convention, self.actions.values())
    }

    /// Whether the company of an engaged action has not been told that the payer finances it
    /// (art. 2.3). Only engaged actions count: before, there is nothing to tell; after a refusal
    /// or a cancellation, nothing is financed.
    pub fn beneficiary_not_informed(&self, action: &Action) -> bool {
        action.status().holds_funds()
            && self
                .companies
                .get(action.company())
                .is_some_and(|c| c.informed_on.is_none())
    }

    /// The dashboard's warnings on `today`: the envelope, the end and a termination
    /// ([`super::envelope::alerts`]), and the engaged actions whose beneficiary was not informed.
    pub fn alerts(&self, today: NaiveDate) -> Vec<super::envelope::Alert> {
        let mut out = super::envelope::alerts(&self.convention, &self.figures(), today);
        let count = self
            .actions
            .values()
            .filter(|a| self.beneficiary_not_informed(a))
            .count();
        if let Some((year, month)) = self.month_to_issue(today) {
            out.push(super::envelope::Alert::MonthNotIssued {
                month: super::date::month_fr(year, month),
            });
        }
        let party = |side| self.convention.party(side).short_name.clone();
        for a in self
            .convention
            .terms()
            .amendments
            .iter()
            .filter(|a| !a.in_force())
        {
            out.push(super::envelope::Alert::AmendmentPending {
                label: a.label(),
                changes: a.describe(),
                proposer: format!(
                    "{} ({})",
                    a.proposed.actor.name,
                    party(a.proposed.actor.side)
                ),
                accepting: a.accepting_side(),
                accepting_party: party(a.accepting_side()),
            });
        }
        if count > 0 {
            out.push(super::envelope::Alert::BeneficiariesNotInformed {
                count,
                payer: self
                    .convention
                    .party(super::convention::Side::Payer)
                    .short_name
                    .clone(),
                chamber: self
                    .convention
                    .party(super::convention::Side::Chamber)
                    .short_name
                    .clone(),
            });
        }
        out
    }

    /// Records that a company was told, on `on`, that the payer finances its accompaniment
    /// (art. 2.3): a change to the company record, the chamber's. The company learns it from the
    /// letter sent once an action is engaged: `on` is on or after the first engagement of one of
    /// its actions, and not after the day it is noted (the stamp's).
    pub fn record_company_informed(
        &mut self,
        company: &CompanyId,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        CompanyStep::Updated.authorize(&stamp, &self.convention)?;
        let mut updated = self
            .companies
            .get(company)
            .ok_or_else(|| DomainError::UnknownCompany(company.0.clone()))?
            .clone();
        let first_engaged = self
            .actions
            .values()
            .filter(|a| a.company() == company)
            .filter_map(|a| a.record().engaged_on)
            .min()
            .ok_or_else(|| DomainError::NothingToInform(updated.name.clone()))?;
        if on < first_engaged {
            return Err(DomainError::InformedBeforeEngagement {
                on,
                engaged_on: first_engaged,
            });
        }
        if on > stamp.at.date() {
            return Err(DomainError::InTheFuture(on));
        }
        updated.informed_on = Some(on);
        self.replace_company(updated, stamp);
        Ok(())
    }

    /// Records a termination notified by the side of `stamp`'s author (art. 3.3).
    pub fn notify_termination(
        &mut self,
        on: NaiveDate,
        reason: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.convention.notify_termination(on, reason, stamp)
    }

    /// Records the acknowledgment of receipt of the termination the side of `stamp` notified: the
    /// notice runs from it (art. 3.3).
    pub fn record_termination_receipt(
        &mut self,
        received_on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.convention
            .record_termination_receipt(received_on, &stamp)
    }

    /// Adds a checked company (see [`Company::from_form`]), stamped as created. Company records are
    /// the chamber's.
    pub fn add_company(&mut self, mut company: Company, stamp: Stamp) -> Result<(), DomainError> {
        CompanyStep::Created.authorize(&stamp, &self.convention)?;
        if self.companies.contains_key(&company.id) {
            return Err(DomainError::DuplicateId(company.id.0));
        }
        if self.companies.len() >= MAX_RECORDS_PER_CONVENTION {
            return Err(DomainError::TooManyRecords(MAX_RECORDS_PER_CONVENTION));
        }
        company.history = vec![CompanyEvent {
            kind: CompanyStep::Created,
            stamp,
            seal: None,
        }];
        self.companies.insert(company.id.clone(), company);
        Ok(())
    }

    /// Replaces a company's details, keeping its history and the date it was told it is
    /// financed (noted from the letter only, [`Self::record_company_informed`]), and stamping the
    /// change.
    pub fn update_company(
        &mut self,
        mut company: Company,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        CompanyStep::Updated.authorize(&stamp, &self.convention)?;
        let known = self
            .companies
            .get(&company.id)
            .ok_or_else(|| DomainError::UnknownCompany(company.id.0.clone()))?;
        company.informed_on = known.informed_on;
        self.replace_company(company, stamp);
        Ok(())
    }

    /// Puts `company` in place of the record of its id, with the record's history and an
    /// update by `stamp`.
    fn replace_company(&mut self, mut company: Company, stamp: Stamp) {
        if let Some(slot) = self.companies.get_mut(&company.id) {
            company.history = std::mem::take(&mut slot.history);
            company.history.push(CompanyEvent {
                kind: CompanyStep::Updated,
                stamp,
                seal: None,
            });
            *slot = company;
        }
    }

    /// Checks that `stamp`'s side owns `step` and that `on` meets the step's date rule.
    fn check_step(&self, step: Step, on: NaiveDate, stamp: &Stamp) -> Result<(), DomainError> {
        step.authorize(stamp, &self.convention)?;
        step.check_date(on, &self.convention)
    }

    /// Opens an action of `fiche` for a known company, on a date inside the period.
    pub fn create_action(
        &mut self,
        id: ActionId,
        company: &CompanyId,
        fiche: Fiche,
        identified_on: NaiveDate,
        need: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::Created, identified_on, &stamp)?;
        let action = self.new_action(id, company, fiche, identified_on, need, stamp)?;
        self.actions.insert(action.id().clone(), action);
        Ok(())
    }

    fn new_action(
        &self,
        id: ActionId,
        company: &CompanyId,
        fiche: Fiche,
        identified_on: NaiveDate,
        need: &str,
        stamp: Stamp,
    ) -> Result<Action, DomainError> {
        if !self.companies.contains_key(company) {
            return Err(DomainError::UnknownCompany(company.0.clone()));
        }
        if self.actions.contains_key(&id) {
            return Err(DomainError::DuplicateId(id.0));
        }
        if self.actions.len() >= MAX_RECORDS_PER_CONVENTION {
            return Err(DomainError::TooManyRecords(MAX_RECORDS_PER_CONVENTION));
        }
        Action::new(id, company.clone(), fiche, identified_on, need, stamp)
    }

    fn action_mut(&mut self, id: &ActionId) -> Result<&mut Action, DomainError> {
        self.actions
            .get_mut(id)
            .ok_or_else(|| DomainError::UnknownAction(id.0.clone()))
    }

    /// Sends the devis at the convention's price for the action's fiche (art. 1, 2.1).
    pub fn send_devis(
        &mut self,
        id: &ActionId,
        on: NaiveDate,
        programme: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::DevisSent, on, &stamp)?;
        let fiche = self
            .actions
            .get(id)
            .ok_or_else(|| DomainError::UnknownAction(id.0.clone()))?
            .fiche();
        let price = self.convention.price_on(fiche, on);
        let number = devis_number::next(
            chrono::Datelike::year(&on),
            &stamp.actor.name,
            self.numbered_devis(),
        );
        self.action_mut(id)?
            .send_devis(on, price, programme, number, stamp)
    }

    /// Every numbered devis with the name of the person who sent it.
    fn numbered_devis(&self) -> impl Iterator<Item = (&devis_number::DevisNumber, &str)> + Clone {
        self.actions.values().filter_map(|a| {
            let r = a.record();
            let number = r.devis.as_ref()?.number.as_ref()?;
            let by = r
                .history
                .iter()
                .find(|e| e.kind == Step::DevisSent)
                .map_or("", |e| e.stamp.actor.name.as_str());
            Some((number, by))
        })
    }

    /// The other actions whose devis carries the same number as `id`'s (one person sending
    /// from two devices that had not exchanged files: `domain::devis_number`).
    pub fn devis_number_shared_with(&self, id: &ActionId) -> Vec<&Action> {
        let Some(number) = self
            .actions
            .get(id)
            .and_then(|a| a.record().devis.as_ref()?.number.as_ref())
        else {
            return Vec::new();
        };
        self.actions
            .values()
            .filter(|a| {
                a.id() != id
                    && a.record().devis.as_ref().and_then(|d| d.number.as_ref()) == Some(number)
            })
            .collect()
    }

    /// Engages the devis if the envelope allows it (art. 2.2) and the date is in the period.
    pub fn engage(
        &mut self,
        id: &ActionId,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::Engaged, on, &stamp)?;
        let figures = self.figures();
        let action = self.action_mut(id)?;
        let devis = action.devis_amount().unwrap_or(Euros::ZERO);
        let mut next = action.clone();
        next.engage(on, stamp)?;
        figures.check_engagement(devis)?;
        *action = next;
        Ok(())
    }

    /// Refuses the devis, with a reason.
    pub fn refuse(
        &mut self,
        id: &ActionId,
        on: NaiveDate,
        reason: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::Refused, on, &stamp)?;
        self.action_mut(id)?.refuse(on, reason, stamp)
    }

    /// Cancels the action, with a reason; engaged funds return to the envelope. A cancellation may
    /// be recorded after the end of the convention: it only releases funds.
    pub fn cancel(
        &mut self,
        id: &ActionId,
        on: NaiveDate,
        reason: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::Cancelled, on, &stamp)?;
        self.action_mut(id)?.cancel(on, reason, stamp)
    }

    /// Records the service done, on a date inside the period.
    pub fn record_service_done(
        &mut self,
        id: &ActionId,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::ServiceDone, on, &stamp)?;
        self.action_mut(id)?.record_service_done(on, stamp)
    }

    /// Records the invoice (art. 2.1), never above the devis (art. 1). It may be dated after the
    /// end of the convention, for a service done within it.
    pub fn record_invoice(
        &mut self,
        id: &ActionId,
        number: &str,
        on: NaiveDate,
        amount: Euros,
        difference_reason: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::Invoiced, on, &stamp)?;
        self.action_mut(id)?
            .record_invoice(number, on, amount, difference_reason, stamp)
    }

    /// Records the payment of the invoice (art. 2.1), possibly after the end of the convention.
    pub fn record_payment(
        &mut self,
        id: &ActionId,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::Paid, on, &stamp)?;
        self.action_mut(id)?.record_payment(on, stamp)
    }

    /// Changes an action's diagnostic note: the chamber's.
    pub fn set_note(
        &mut self,
        id: &ActionId,
        text: &str,
        confidential: bool,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        Step::NoteChanged.authorize(&stamp, &self.convention)?;
        self.action_mut(id)?.set_note(text, confidential, stamp)
    }

    /// Records what became of an action's company after the service (art. 2.3): the chamber's.
    pub fn add_follow_up(
        &mut self,
        id: &ActionId,
        on: NaiveDate,
        outcomes: &[crate::domain::follow_up::Outcome],
        text: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_step(Step::FollowedUp, on, &stamp)?;
        let action = self.action_mut(id)?;
        let follow_up =
            crate::domain::follow_up::FollowUp::new(action.fiche(), on, outcomes, text, stamp)?;
        action.add_follow_up(follow_up)
    }

    /// Takes `step` on action `id`, dated `on`, with what its form gave (the fields of its row in
    /// the lifecycle table): the one way the screen records a step of an action.
    pub fn take_step(
        &mut self,
        id: &ActionId,
        step: Step,
        on: NaiveDate,
        input: &StepInput,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        let text = |f| input.text(f);
        match step {
            Step::DevisSent => self.send_devis(id, on, text(StepField::Programme), stamp),
            Step::Engaged => self.engage(id, on, stamp),
            Step::Refused => self.refuse(id, on, text(StepField::Reason), stamp),
            Step::Cancelled => self.cancel(id, on, text(StepField::Reason), stamp),
            Step::ServiceDone => self.record_service_done(id, on, stamp),
            Step::Invoiced => {
                let amount = Euros::parse_fr(text(StepField::InvoiceAmount))?;
                self.record_invoice(
                    id,
                    text(StepField::InvoiceNumber),
                    on,
                    amount,
                    text(StepField::DifferenceReason),
                    stamp,
                )
            }
            Step::Paid => self.record_payment(id, on, stamp),
            Step::FollowedUp => {
                self.add_follow_up(id, on, &input.outcomes, text(StepField::Comment), stamp)
            }
            // Taken by their own gestures: a new action, a note, a request.
            Step::Created | Step::NoteChanged | Step::Requested => {
                Err(DomainError::NotAStepOfThePanel(step.rule().event))
            }
        }
    }

    /// Puts a company as it is, replacing any with its id. For the exchange merge, whose records
    /// were checked against the convention and the ownership rules before.
    pub fn put_company(&mut self, company: Company) {
        self.companies.insert(company.id.clone(), company);
    }

    /// Puts an action as it is, replacing any with its id. For the exchange merge, whose records
    /// were checked (lifecycle, prices, period, ownership) before; the envelope is checked after.
    pub fn put_action(&mut self, action: Action) {
        self.actions.insert(action.id().clone(), action);
    }

    /// Puts a request as it is, replacing any with its id. For the exchange merge.
    pub fn put_request(&mut self, request: Request) {
        self.requests.insert(request.id().clone(), request);
    }

    /// Replaces the convention's termination (exchange merge: a notice recorded by the other side).
    pub fn put_termination(&mut self, termination: Option<super::convention::Termination>) {
        self.convention.set_termination(termination);
    }

    /// Moves the records that break the ownership rules aside (data written by version 1, which
    /// let the payer take the chamber's steps); returns what was moved, in French. See
    /// [`super::ownership`].
    pub fn set_aside_foreign_records(&mut self) -> Vec<String> {
        let found = super::ownership::repair(
            &self.convention,
            &mut self.companies,
            &mut self.actions,
            &mut self.requests,
        );
        let n = found.len();
        self.set_aside.extend(found);
        self.set_aside[self.set_aside.len() - n..]
            .iter()
            .map(|s| s.describe(self))
            .collect()
    }
}
