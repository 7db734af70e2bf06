//! Amendments (avenants, art. 3.2) through the ledger: proposed by one party, accepted by the
//! other, never leaving the envelope below the funds already engaged.

use chrono::NaiveDate;

use super::Ledger;
use crate::domain::action::Stamp;
use crate::domain::amendment::{Amendment, AmendmentId, Changes};
use crate::domain::convention::Convention;
use crate::domain::envelope::EnvelopeFigures;
use crate::domain::error::DomainError;

impl Ledger {
    /// Records an amendment proposed on `on` by `stamp`'s party. It changes nothing until the
    /// other party accepts it.
    pub fn propose_amendment(
        &mut self,
        id: AmendmentId,
        changes: Changes,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.convention.propose_amendment(Amendment {
            id,
            proposed_on: on,
            proposed: stamp,
            changes,
            accepted: None,
            proposed_seal: None,
        })
    }

    /// Records the other party's acceptance of amendment `id` on `on`: from then on it is in
    /// force, unless its envelope is below the funds already engaged.
    pub fn accept_amendment(
        &mut self,
        id: &AmendmentId,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        let mut amended = self.convention.clone();
        amended.accept_amendment(id, on, stamp)?;
        self.take_amended(amended)
    }

    /// Puts an amendment received from the other party (exchange merge, checked before). Its
    /// proposal and acceptance were checked where they were made; accepted there while this
    /// machine engaged more (an envelope reduced across an engagement), it is in force all the
    /// same, and the excess shows as [`EnvelopeFigures::overspent`].
    pub fn put_amendment(&mut self, a: Amendment) -> Result<(), DomainError> {
        self.convention.put_amendment(a)
    }

    /// Keeps the amended convention if the funds engaged fit in its envelope (art. 2.2).
    fn take_amended(&mut self, amended: Convention) -> Result<(), DomainError> {
        let engaged = EnvelopeFigures::compute(&amended, self.actions.values()).engaged;
        if engaged > amended.envelope() {
            return Err(DomainError::EnvelopeBelowEngaged {
                envelope: amended.envelope(),
                engaged,
            });
        }
        self.convention = amended;
        Ok(())
    }
}
