//! The journal of meetings and promotion actions (art. 2.2, 2.3), through the ledger: an entry
//! names only actions of this convention, and each is changed only by the side that wrote it.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Ledger;
use crate::domain::action::Stamp;
use crate::domain::error::DomainError;
use crate::domain::journal::{EntryBody, EntryId, JournalEntry};

impl Ledger {
    /// The journal's entries, by id.
    pub fn journal(&self) -> &BTreeMap<EntryId, JournalEntry> {
        &self.journal
    }

    /// Records a meeting or a promotion action written by `stamp`'s author.
    pub fn record_entry(
        &mut self,
        id: EntryId,
        body: EntryBody,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        if self.journal.contains_key(&id) {
            return Err(DomainError::DuplicateId(id.0));
        }
        if self.journal.len() >= super::MAX_RECORDS_PER_CONVENTION {
            return Err(DomainError::TooManyRecords(
                super::MAX_RECORDS_PER_CONVENTION,
            ));
        }
        self.check_linked_actions(&body)?;
        let entry = JournalEntry::new(id.clone(), body, stamp, &self.convention)?;
        self.journal.insert(id, entry);
        Ok(())
    }

    /// Changes an entry, by someone of the side that wrote it.
    pub fn change_entry(
        &mut self,
        id: &EntryId,
        body: EntryBody,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        self.check_linked_actions(&body)?;
        let mut entry = self
            .journal
            .get(id)
            .ok_or_else(|| DomainError::UnknownEntry(id.0.clone()))?
            .clone();
        entry.change(body, stamp, &self.convention)?;
        self.journal.insert(id.clone(), entry);
        Ok(())
    }

    /// The actions a meeting names must be this convention's.
    fn check_linked_actions(&self, body: &EntryBody) -> Result<(), DomainError> {
        if let EntryBody::Meeting(m) = body
            && let Some(unknown) = m.actions.iter().find(|a| !self.actions.contains_key(a))
        {
            return Err(DomainError::UnknownAction(unknown.0.clone()));
        }
        Ok(())
    }

    /// The meetings held and the promotion actions carried out up to `on` (the bilan's counts).
    pub fn journal_held(&self, on: NaiveDate) -> (u32, u32) {
        let mut counts = (0, 0);
        for e in self.journal.values().filter(|e| e.body().on() <= on) {
            match e.body() {
                EntryBody::Meeting(_) => counts.0 += 1,
                EntryBody::Promotion(_) => counts.1 += 1,
            }
        }
        counts
    }

    /// Puts an entry received from the other party (exchange merge, checked before).
    pub fn put_entry(&mut self, entry: JournalEntry) {
        self.journal.insert(entry.id().clone(), entry);
    }
}
