//! The requests to pass confidential data to an outside body (art. 3.1) through the ledger.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Ledger;
use crate::domain::action::Stamp;
use crate::domain::diffusion_request::{DiffusionId, DiffusionRequest, DiffusionStep};
use crate::domain::error::DomainError;

impl Ledger {
    /// The diffusion requests, by id.
    pub fn diffusion_requests(&self) -> &BTreeMap<DiffusionId, DiffusionRequest> {
        &self.diffusion
    }

    /// Records a request of `recipient` for `what`, for `purpose`, on `on` (either party).
    pub fn request_diffusion(
        &mut self,
        id: DiffusionId,
        [recipient, what, purpose]: [&str; 3],
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        if self.diffusion.contains_key(&id) {
            return Err(DomainError::DuplicateId(id.0));
        }
        let r = DiffusionRequest::new(
            id.clone(),
            recipient,
            what,
            purpose,
            on,
            stamp,
            &self.convention,
        )?;
        self.diffusion.insert(id, r);
        Ok(())
    }

    /// Takes a step of `stamp`'s party on request `id`: its agreement, its withdrawal, or the
    /// record of an export (only while both agreements stand).
    pub fn diffusion_step(
        &mut self,
        id: &DiffusionId,
        kind: DiffusionStep,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.diffusion
            .get_mut(id)
            .ok_or_else(|| DomainError::UnknownDiffusion(id.0.clone()))?
            .take(kind, on, stamp)
    }

    /// Puts a request received from the other party (exchange merge, checked before).
    pub fn put_diffusion(&mut self, r: DiffusionRequest) {
        self.diffusion.insert(r.id().clone(), r);
    }
}
