//! The payer's requests for an intervention (art. 1: the chamber acts "à la demande de la CCST"),
//! through the ledger: asked by the payer, answered by the chamber with an action, or declined.

use chrono::NaiveDate;

use super::{Ledger, MAX_RECORDS_PER_CONVENTION};
use crate::domain::action::{ActionId, Stamp, Step};
use crate::domain::company::Company;
use crate::domain::convention::Fiche;
use crate::domain::error::DomainError;
use crate::domain::lifecycle::{Owned, RequestStep};
use crate::domain::request::{Answer, Request, RequestId, RequestedCompany};

impl Ledger {
    /// Records the payer's request for an intervention (art. 1), on a date inside the period, for
    /// a company the chamber follows or one named (already checked, see
    /// [`crate::domain::request::NamedCompany::check`]).
    pub fn request_intervention(
        &mut self,
        id: RequestId,
        company: RequestedCompany,
        fiche: Fiche,
        message: &str,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        RequestStep::Requested.authorize(&stamp, &self.convention)?;
        self.convention.check_in_period(on)?;
        if let RequestedCompany::Known(c) = &company
            && !self.companies.contains_key(c)
        {
            return Err(DomainError::UnknownCompany(c.0.clone()));
        }
        if self.requests.contains_key(&id) {
            return Err(DomainError::DuplicateId(id.0));
        }
        if self.requests.len() >= MAX_RECORDS_PER_CONVENTION {
            return Err(DomainError::TooManyRecords(MAX_RECORDS_PER_CONVENTION));
        }
        let request = Request::new(id.clone(), company, fiche, message, on, stamp)?;
        self.requests.insert(id, request);
        Ok(())
    }

    fn request_mut(&mut self, id: &RequestId) -> Result<&mut Request, DomainError> {
        self.requests
            .get_mut(id)
            .ok_or_else(|| DomainError::UnknownRequest(id.0.clone()))
    }

    /// The chamber declines a request, with the reason the payer will read.
    pub fn decline_request(
        &mut self,
        id: &RequestId,
        on: NaiveDate,
        reason: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        RequestStep::Declined.authorize(&stamp, &self.convention)?;
        let answer = Answer::Declined {
            on,
            reason: reason.to_string(),
        };
        self.request_mut(id)?.answer(answer, stamp)
    }

    /// The chamber takes a request up: the action `action` opens at "need identified" on `on`,
    /// with the request first in its history. For a company the payer named, `company` is the
    /// chamber's record of it (checked, see [`Company::from_form`]), added first.
    pub fn accept_request(
        &mut self,
        id: &RequestId,
        action: ActionId,
        company: Option<Company>,
        on: NaiveDate,
        need: &str,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        RequestStep::Accepted.authorize(&stamp, &self.convention)?;
        self.check_step(Step::Created, on, &stamp)?;
        // Several records change: on a copy, kept only if every part is accepted.
        let mut next = self.clone();
        let request = next
            .requests
            .get(id)
            .ok_or_else(|| DomainError::UnknownRequest(id.0.clone()))?
            .clone();
        let company_id = match (&request.record().company, company) {
            (RequestedCompany::Known(known), _) => known.clone(),
            (RequestedCompany::Named(_), Some(record)) => {
                let cid = record.id.clone();
                next.add_company(record, stamp.clone())?;
                cid
            }
            (RequestedCompany::Named(_), None) => return Err(DomainError::Required("entreprise")),
        };
        let fiche = request.record().fiche;
        let opened = next
            .new_action(action.clone(), &company_id, fiche, on, need, stamp.clone())?
            .answering(id.clone(), request.asked_by().clone());
        next.request_mut(id)?.answer(
            Answer::Accepted {
                action: action.clone(),
                on,
            },
            stamp,
        )?;
        next.actions.insert(action, opened);
        *self = next;
        Ok(())
    }
}
