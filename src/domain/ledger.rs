//! One convention with its companies and actions: the aggregate every change goes through.
//!
//! The [`Ledger`] checks the rules that need more than one record: dates inside the convention's
//! period (art. 3.2, 3.3), the envelope on engagement (art. 2.2), prices from the convention (art. 1),
//! actions only for known companies. A refused change leaves the ledger exactly as it was.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::action::{Action, ActionId, Stamp};
use super::company::{Company, CompanyEvent, CompanyEventKind, CompanyId};
use super::convention::{Convention, Fiche};
use super::envelope::EnvelopeFigures;
use super::error::DomainError;
use super::money::Euros;
use super::monthly::MonthlyTable;

/// Most companies, and most actions, one convention may hold: ten times the largest convention
/// expected, and what one browser handles smoothly (see BENCHMARKS.md).
pub const MAX_RECORDS_PER_CONVENTION: usize = 20_000;

/// A convention and everything recorded under it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    convention: Convention,
    companies: BTreeMap<CompanyId, Company>,
    actions: BTreeMap<ActionId, Action>,
}

impl Ledger {
    /// An empty ledger for `convention`.
    pub fn new(convention: Convention) -> Ledger {
        Ledger {
            convention,
            companies: BTreeMap::new(),
            actions: BTreeMap::new(),
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

    /// The actions, by id.
    pub fn actions(&self) -> &BTreeMap<ActionId, Action> {
        &self.actions
    }

    /// The dashboard's figures (art. 2.3).
    pub fn figures(&self) -> EnvelopeFigures {
        EnvelopeFigures::compute(&self.convention, self.actions.values())
    }

    /// The monthly tracking table (art. 3.4).
    pub fn monthly_table(&self) -> MonthlyTable {
        MonthlyTable::compute(&self.convention, self.actions.values())
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

    /// Adds a checked company (see [`Company::from_form`]), stamped as created.
    pub fn add_company(&mut self, mut company: Company, stamp: Stamp) -> Result<(), DomainError> {
        if self.companies.contains_key(&company.id) {
            return Err(DomainError::DuplicateId(company.id.0));
        }
        if self.companies.len() >= MAX_RECORDS_PER_CONVENTION {
            return Err(DomainError::TooManyRecords(MAX_RECORDS_PER_CONVENTION));
        }
        company.history = vec![CompanyEvent {
            kind: CompanyEventKind::Created,
            stamp,
        }];
        self.companies.insert(company.id.clone(), company);
        Ok(())
    }

    /// Replaces a company's details, keeping its history and stamping the change.
    pub fn update_company(
        &mut self,
        mut company: Company,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        match self.companies.get_mut(&company.id) {
            Some(slot) => {
                company.history = std::mem::take(&mut slot.history);
                company.history.push(CompanyEvent {
                    kind: CompanyEventKind::Updated,
                    stamp,
                });
                *slot = company;
                Ok(())
            }
            None => Err(DomainError::UnknownCompany(company.id.0)),
        }
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
        if !self.companies.contains_key(company) {
            return Err(DomainError::UnknownCompany(company.0.clone()));
        }
        if self.actions.contains_key(&id) {
            return Err(DomainError::DuplicateId(id.0));
        }
        if self.actions.len() >= MAX_RECORDS_PER_CONVENTION {
            return Err(DomainError::TooManyRecords(MAX_RECORDS_PER_CONVENTION));
        }
        self.convention.check_in_period(identified_on)?;
        let action = Action::new(
            id.clone(),
            company.clone(),
            fiche,
            identified_on,
            need,
            stamp,
        )?;
        self.actions.insert(id, action);
        Ok(())
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
        self.convention.check_in_period(on)?;
        let fiche = self
            .actions
            .get(id)
            .ok_or_else(|| DomainError::UnknownAction(id.0.clone()))?
            .fiche();
        let price = self.convention.prices().price(fiche);
        self.action_mut(id)?.send_devis(on, price, programme, stamp)
    }

    /// Engages the devis if the envelope allows it (art. 2.2) and the date is in the period.
    pub fn engage(
        &mut self,
        id: &ActionId,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.convention.check_in_period(on)?;
        let figures = self.figures();
        let action = self.action_mut(id)?;
        let quoted = action.quoted().unwrap_or(Euros::ZERO);
        let mut next = action.clone();
        next.engage(on, stamp)?;
        figures.check_engagement(quoted)?;
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
        self.convention.check_in_period(on)?;
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
        self.action_mut(id)?.cancel(on, reason, stamp)
    }

    /// Records the service done, on a date inside the period.
    pub fn record_service_done(
        &mut self,
        id: &ActionId,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.convention.check_in_period(on)?;
        self.action_mut(id)?.record_service_done(on, stamp)
    }

    /// Records the invoice (art. 2.1). It may be dated after the end of the convention, for a
    /// service done within it. An amount above the devis engages the difference, within the
    /// envelope.
    pub fn record_invoice(
        &mut self,
        id: &ActionId,
        number: &str,
        on: NaiveDate,
        amount: Euros,
        difference_reason: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        let figures = self.figures();
        let action = self.action_mut(id)?;
        let quoted = action.quoted().unwrap_or(Euros::ZERO);
        let mut next = action.clone();
        next.record_invoice(number, on, amount, difference_reason, stamp)?;
        if amount > quoted {
            figures.check_engagement(amount - quoted)?;
        }
        *action = next;
        Ok(())
    }

    /// Records the payment of the invoice (art. 2.1), possibly after the end of the convention.
    pub fn record_payment(
        &mut self,
        id: &ActionId,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.action_mut(id)?.record_payment(on, stamp)
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

    /// Replaces the convention's termination (exchange merge: a notice recorded by the other side).
    pub fn put_termination(&mut self, termination: Option<super::convention::Termination>) {
        self.convention.set_termination(termination);
    }

    /// Changes an action's diagnostic note.
    pub fn set_note(
        &mut self,
        id: &ActionId,
        text: &str,
        confidential: bool,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.action_mut(id)?.set_note(text, confidential, stamp)
    }
}
