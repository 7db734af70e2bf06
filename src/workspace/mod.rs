//! The user's working set: every convention's ledger held in memory, which of them have unsaved
//! changes, the undo history, and the writes storage owes. Pure Rust, tested natively; the UI
//! keeps one [`Workspace`] in a signal, and the browser's save loop (`web::sync`) performs what
//! [`Workspace::next_write`] asks for.
//!
//! **The path of a change**: every change is a [`Command`] handed to [`Workspace::execute`], which
//! stamps it, applies it through the domain on a copy, keeps the copy only if the domain accepts it,
//! records the undo step and marks what must be saved. A refused change leaves everything as it
//! was. Nothing else changes the records, except what storage brings: another tab's version
//! ([`Workspace::take_from_storage`], [`Workspace::merge_stored`]).

pub mod command;

use std::collections::{BTreeMap, VecDeque};

use chrono::NaiveDateTime;

pub use command::{Command, Gesture};

use crate::domain::action::{Actor, Stamp};
use crate::domain::convention::{Convention, ConventionId};
use crate::domain::error::DomainError;
use crate::domain::ledger::Ledger;
use crate::domain::ledger::Unsealed;
use crate::exchange::merge::{Choice, Conflict, ConflictKey, Plan};
use crate::storage::format::{Backup, StoredLedger};

/// The key under which the data is kept before a restore (one copy, replaced at each restore).
pub const BEFORE_RESTORE: &str = "avant-restauration";

/// How many changes can be undone.
pub const UNDO_DEPTH: usize = 20;

/// One convention's ledger with its storage bookkeeping.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    ledger: Ledger,
    /// Revision of the in-memory state.
    revision: u64,
    /// Revision known to be in storage (0: never saved).
    saved_revision: u64,
}

/// A change that can be undone: the ledger as it was before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UndoStep {
    /// The convention changed.
    pub convention: ConventionId,
    /// What the change was, for the undo button ("Annuler : engagement de …").
    pub label: String,
    before: Ledger,
}

/// The exchange's merge of another tab's version (`exchange::merge::plan_stored`), handed in by the caller: the shipped build
/// downloads its code only when two versions meet (an import, another tab's save), so the first
/// download does not carry it.
pub type MergeFn = fn(&Ledger, &Ledger, &BTreeMap<ConflictKey, Choice>) -> Plan;

/// What [`Workspace::execute`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    /// In words, for the message after it ("Entreprise créée", "Annulé : Devis engagé").
    pub label: String,
    /// The convention it changed, to show it (`None`: several, after a restore).
    pub convention: Option<ConventionId>,
}

/// A write storage owes, as [`Workspace::next_write`] gives it to the save loop.
#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    /// One convention's record, if storage still holds revision `expected` (0: none yet).
    One {
        /// The record.
        record: Box<StoredLedger>,
        /// The revision storage must hold.
        expected: u64,
    },
    /// Every record replaced (a restore), the data before kept under `key` in the backups store;
    /// all in one transaction.
    ReplaceAll {
        /// The records.
        records: Vec<StoredLedger>,
        /// Where the data before is kept.
        key: &'static str,
        /// The data before.
        before: Box<Backup>,
    },
    /// A copy of the data kept in the backups store under `key` (before an import).
    KeepBackup {
        /// Its key.
        key: String,
        /// The copy.
        backup: Box<Backup>,
    },
}

/// Another tab's version of a convention that differs from this tab's unsaved one on some
/// records: the save of that convention waits for the user's choices
/// ([`Command::SettleTabConflict`]).
#[derive(Clone, Debug, PartialEq)]
pub struct TabConflict {
    /// The version in storage.
    pub stored: StoredLedger,
    /// The records changed on both sides.
    pub conflicts: Vec<Conflict>,
}

/// Every convention's ledger in memory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workspace {
    entries: BTreeMap<ConventionId, Entry>,
    undo: VecDeque<UndoStep>,
    /// The changes undone, the last undone last, each with the ledger as it was after it: what
    /// [`Command::Redo`] makes again. Cleared by any other change.
    redo: Vec<UndoStep>,
    /// A restore's data before, until the restore is written.
    replace: Option<Backup>,
    /// Copies to keep in the backups store, oldest first.
    keep: VecDeque<(String, Backup)>,
    /// A merge with another tab's version waiting for the user's choices.
    tab_conflict: Option<TabConflict>,
    /// The stamps of the gestures made here whose steps may still wait for their author's
    /// signature ([`Workspace::unsealed`], [`Command::Seal`]).
    to_seal: Vec<(ConventionId, Stamp)>,
}

impl Workspace {
    /// The workspace as loaded from storage; with the seed convention when storage held nothing,
    /// so that a first start shows the CCST convention. The seed is revision 0, which storage
    /// "holds" already (0: nothing stored): the same on every machine, it is written at its first
    /// change, so a first visit writes nothing — and downloads no writing code — before the user
    /// changes something.
    pub fn from_stored(stored: Vec<StoredLedger>) -> Workspace {
        let mut ws = Workspace::default();
        for s in stored {
            // A ledger whose reading moved records aside (data of version 1) is not written back
            // by itself: the repair is the same at every reading, and the next change writes it
            // in the current format. Marking it unsaved would make another tab's saves look like
            // conflicts.
            ws.entries.insert(
                s.ledger.convention().id().clone(),
                Entry {
                    ledger: s.ledger,
                    revision: s.revision,
                    saved_revision: s.revision,
                },
            );
        }
        if ws.entries.is_empty() {
            let seed = Ledger::new(Convention::seed());
            ws.entries.insert(
                seed.convention().id().clone(),
                Entry {
                    ledger: seed,
                    revision: 0,
                    saved_revision: 0,
                },
            );
        }
        ws
    }

    /// The conventions, by id.
    pub fn conventions(&self) -> impl Iterator<Item = &Convention> {
        self.entries.values().map(|e| e.ledger.convention())
    }

    /// One convention's ledger.
    pub fn ledger(&self, id: &ConventionId) -> Option<&Ledger> {
        self.entries.get(id).map(|e| &e.ledger)
    }

    /// The first convention's id, for a user who has not chosen one.
    pub fn first_id(&self) -> Option<&ConventionId> {
        self.entries.keys().next()
    }

    /// Every ledger, for a backup.
    pub fn ledgers(&self) -> impl Iterator<Item = &Ledger> {
        self.entries.values().map(|e| &e.ledger)
    }

    /// **The one path of a change.** Applies `command` stamped `stamp` (who, when; required for
    /// every change of records) through the domain; keeps the result only if the domain accepts
    /// it, records the undo step and marks what must be saved. Returns what was done, in words.
    pub fn execute(&mut self, command: Command, stamp: Option<Stamp>) -> Result<Done, DomainError> {
        let mut label = command.label();
        let mut convention = None;
        match command {
            Command::Ledger(id, gesture) => {
                let stamp = stamp.ok_or(DomainError::IdentityRequired)?;
                let named = self
                    .ledger(&id)
                    .map_or_else(|| label.clone(), |l| gesture.named(l));
                let mut used = None;
                self.change(&id, named, |l| {
                    let stamp = l.stamp_after_all(stamp);
                    used = Some(stamp.clone());
                    gesture.apply(l, stamp)
                })?;
                self.to_seal.extend(used.map(|s| (id.clone(), s)));
                convention = Some(id);
            }
            Command::AddConvention(c) => {
                convention = Some(c.id().clone());
                self.add_convention(*c)?;
            }
            Command::Undo => {
                let step = self.undo().ok_or(DomainError::NothingToUndo)?;
                label = format!("Annulé : {}", step.label);
                convention = Some(step.convention);
            }
            Command::Redo => {
                let step = self.redo().ok_or(DomainError::NothingToUndo)?;
                label = format!("Rétabli : {}", step.label);
                convention = Some(step.convention);
            }
            Command::Import {
                convention: id,
                revision,
                planned,
                ..
            } => {
                let stamp = stamp.ok_or(DomainError::IdentityRequired)?;
                // The plan was made on this very revision: a change since (another tab's save
                // taken meanwhile) makes it stale, and the preview is made again.
                if self.revision(&id) != Some(revision) {
                    return Err(DomainError::StalePreview);
                }
                let before = self.backup(stamp.at, Some(stamp.actor.clone()));
                self.change(&id, label.clone(), |l| {
                    *l = planned.result;
                    Ok(())
                })?;
                let key = format!(
                    "avant-import_{}",
                    crate::domain::date::stamp_for_file(stamp.at)
                );
                self.keep.push_back((key, before));
                convention = Some(id);
            }
            Command::Restore(backup) => {
                let (at, by) = stamp.map_or((backup.created_at, None), |s| (s.at, Some(s.actor)));
                let before = self.backup(at, by);
                let (mut restored, _) = self.restored(*backup);
                for e in restored.entries.values_mut() {
                    e.saved_revision = 0;
                }
                restored.replace = Some(before);
                restored.keep = std::mem::take(&mut self.keep);
                *self = restored;
            }
            Command::Seal {
                convention: id,
                card,
                signed,
                put,
            } => {
                // Not a change of its own: the seals complete the gesture just made (its undo
                // step stays the gesture's), and are saved with it.
                let entry = self
                    .entries
                    .get_mut(&id)
                    .ok_or_else(|| DomainError::UnknownConvention(id.0.clone()))?;
                let mut next = entry.ledger.clone();
                if put(&mut next, card, signed) > 0 {
                    entry.ledger = next;
                    entry.revision += 1;
                }
                convention = Some(id);
            }
            Command::SettleTabConflict { choices, merge } => {
                let waiting = self
                    .tab_conflict
                    .take()
                    .ok_or(DomainError::NothingToSettle)?;
                convention = Some(waiting.stored.ledger.convention().id().clone());
                self.take_merged(waiting.stored, &choices, merge);
            }
        }
        Ok(Done { label, convention })
    }

    /// The steps of the gestures made here that wait for their author's signature, by
    /// convention: what the browser signs next ([`Command::Seal`]).
    /// Gestures whose steps are all signed (or that recorded none) are forgotten.
    pub fn unsealed(&mut self) -> Vec<(ConventionId, Vec<Unsealed>)> {
        let mut out: Vec<(ConventionId, Vec<Unsealed>)> = Vec::new();
        let entries = &self.entries;
        let mut waiting = Vec::new();
        for (id, stamp) in std::mem::take(&mut self.to_seal) {
            let Some(e) = entries.get(&id) else {
                continue;
            };
            let steps = e.ledger.unsealed(&stamp);
            if steps.is_empty() {
                continue;
            }
            waiting.push((id.clone(), stamp));
            let id = &id;
            match out.iter_mut().find(|(c, _)| c == id) {
                Some((_, all)) => all.extend(steps),
                None => out.push((id.clone(), steps)),
            }
        }
        self.to_seal = waiting;
        out
    }

    /// How many gestures made here may still wait for signatures (cheap: what
    /// [`Workspace::unsealed`] would look at).
    pub fn unsealed_count(&self) -> usize {
        self.to_seal.len()
    }

    /// Every ledger as a backup made at `at` by `by`.
    fn backup(&self, at: NaiveDateTime, by: Option<Actor>) -> Backup {
        Backup::new(self.snapshot_all(at, by.clone()), at, by)
    }

    /// Applies `f` to a copy of the ledger of `id`; keeps the copy only if `f` succeeds, and then
    /// records an undo step labelled `label`. The engine of [`Workspace::execute`].
    fn change<T>(
        &mut self,
        id: &ConventionId,
        label: impl Into<String>,
        f: impl FnOnce(&mut Ledger) -> Result<T, DomainError>,
    ) -> Result<T, DomainError> {
        let entry = self
            .entries
            .get_mut(id)
            .ok_or_else(|| DomainError::UnknownConvention(id.0.clone()))?;
        let mut next = entry.ledger.clone();
        let out = f(&mut next)?;
        let before = std::mem::replace(&mut entry.ledger, next);
        entry.revision += 1;
        self.redo.clear();
        self.undo.push_back(UndoStep {
            convention: id.clone(),
            label: label.into(),
            before,
        });
        if self.undo.len() > UNDO_DEPTH {
            self.undo.pop_front();
        }
        Ok(out)
    }

    /// Adds a new convention with an empty ledger.
    fn add_convention(&mut self, convention: Convention) -> Result<(), DomainError> {
        let id = convention.id().clone();
        if self.entries.contains_key(&id) {
            return Err(DomainError::DuplicateId(id.0));
        }
        self.entries.insert(
            id,
            Entry {
                ledger: Ledger::new(convention),
                revision: 1,
                saved_revision: 0,
            },
        );
        Ok(())
    }

    /// The label of the change [`Command::Undo`] would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.back().map(|u| u.label.as_str())
    }

    /// The label of the change [`Command::Redo`] would make again.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|u| u.label.as_str())
    }

    /// Reverts the last change; the reverted state is a new revision, saved like any change; the
    /// change can be made again ([`Command::Redo`]). Through [`Command::Undo`].
    fn undo(&mut self) -> Option<UndoStep> {
        let step = self.undo.pop_back()?;
        let entry = self.entries.get_mut(&step.convention)?;
        let after = std::mem::replace(&mut entry.ledger, step.before.clone());
        entry.revision += 1;
        self.redo.push(UndoStep {
            convention: step.convention.clone(),
            label: step.label.clone(),
            before: after,
        });
        Some(step)
    }

    /// Makes the last undone change again (its ledger as it was after it), a new revision, and
    /// undoable again. Through [`Command::Redo`].
    fn redo(&mut self) -> Option<UndoStep> {
        let step = self.redo.pop()?;
        let entry = self.entries.get_mut(&step.convention)?;
        let before = std::mem::replace(&mut entry.ledger, step.before.clone());
        entry.revision += 1;
        self.undo.push_back(UndoStep {
            convention: step.convention.clone(),
            label: step.label.clone(),
            before,
        });
        Some(step)
    }

    /// The next write storage owes, `None` when everything is saved (or waits for the user's
    /// choices on another tab's version). A restore first, then the copies to keep, then each
    /// convention changed.
    pub fn next_write(&self, at: NaiveDateTime, by: Option<Actor>) -> Option<Write> {
        if let Some(before) = &self.replace {
            return Some(Write::ReplaceAll {
                records: self.snapshot_all(at, by),
                key: BEFORE_RESTORE,
                before: Box::new(before.clone()),
            });
        }
        if let Some((key, backup)) = self.keep.front() {
            return Some(Write::KeepBackup {
                key: key.clone(),
                backup: Box::new(backup.clone()),
            });
        }
        let id = self.to_write().next()?;
        let (record, expected) = self.to_save(id, at, by)?;
        Some(Write::One {
            record: Box::new(record),
            expected,
        })
    }

    /// The conventions whose changes storage owes, but for one waiting for the user's choices.
    fn to_write(&self) -> impl Iterator<Item = &ConventionId> {
        let waiting = self
            .tab_conflict
            .as_ref()
            .map(|t| t.stored.ledger.convention().id());
        self.entries
            .iter()
            .filter(move |(id, e)| e.revision != e.saved_revision && Some(*id) != waiting)
            .map(|(id, _)| id)
    }

    /// Whether storage owes a write (the save loop's trigger); cheap, copies nothing.
    pub fn owes_a_write(&self) -> bool {
        self.replace.is_some() || !self.keep.is_empty() || self.to_write().next().is_some()
    }

    /// Notes that `write` is done.
    pub fn written(&mut self, write: &Write) {
        match write {
            Write::One { record, .. } => {
                self.mark_saved(record.ledger.convention().id(), record.revision)
            }
            Write::ReplaceAll { records, .. } => {
                self.replace = None;
                for r in records {
                    self.mark_saved(r.ledger.convention().id(), r.revision);
                }
            }
            Write::KeepBackup { key, .. } => self.keep.retain(|(k, _)| k != key),
        }
    }

    /// Another tab saved convention `stored` while this tab had unsaved changes to it (the save
    /// found storage newer than what this tab read). Merges the two versions with the exchange's
    /// merge (`exchange::merge::plan`: the same rules as a received file's): records changed in
    /// one tab only are taken from it, so both tabs' changes are kept; the merged version is
    /// written over the stored one. Records changed in both tabs are returned, and the save of
    /// that convention waits for the user's choices ([`Command::SettleTabConflict`]).
    pub fn merge_stored(&mut self, stored: StoredLedger, merge: MergeFn) -> Vec<Conflict> {
        let id = stored.ledger.convention().id().clone();
        let Some(entry) = self.entries.get(&id) else {
            self.take_from_storage(stored);
            return Vec::new();
        };
        if entry.revision == entry.saved_revision {
            self.take_from_storage(stored);
            return Vec::new();
        }
        let conflicts = merge(&entry.ledger, &stored.ledger, &BTreeMap::new()).conflicts;
        if conflicts.is_empty() {
            self.take_merged(stored, &BTreeMap::new(), merge);
        } else {
            self.tab_conflict = Some(TabConflict {
                stored,
                conflicts: conflicts.clone(),
            });
        }
        conflicts
    }

    /// The merge with another tab's version waiting for the user's choices, if any.
    pub fn tab_conflict(&self) -> Option<&TabConflict> {
        self.tab_conflict.as_ref()
    }

    /// Takes this tab's ledger merged with `stored` (conflicts settled by `choices`: `Mine` keeps
    /// this tab's record), as a revision after the stored one. The undo steps of that convention
    /// go: they would bring back a version without the other tab's changes.
    fn take_merged(
        &mut self,
        stored: StoredLedger,
        choices: &BTreeMap<ConflictKey, Choice>,
        merge: MergeFn,
    ) {
        let id = stored.ledger.convention().id().clone();
        let Some(entry) = self.entries.get_mut(&id) else {
            return;
        };
        entry.ledger = merge(&entry.ledger, &stored.ledger, choices)
            .result
            .with_trust_of(stored.ledger.trust());
        entry.saved_revision = stored.revision;
        entry.revision = stored.revision + 1;
        self.undo.retain(|u| u.convention != id);
        self.redo.retain(|u| u.convention != id);
    }

    /// Conventions whose in-memory state is not in storage yet.
    pub fn unsaved(&self) -> Vec<ConventionId> {
        self.entries
            .iter()
            .filter(|(_, e)| e.revision != e.saved_revision)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// What to write for `id`, and the revision storage must hold for the write to go ahead
    /// (`0`: nothing stored yet).
    pub fn to_save(
        &self,
        id: &ConventionId,
        at: NaiveDateTime,
        by: Option<Actor>,
    ) -> Option<(StoredLedger, u64)> {
        let e = self.entries.get(id)?;
        Some((
            StoredLedger::new(e.ledger.clone(), e.revision, at, by),
            e.saved_revision,
        ))
    }

    /// Forgets what storage held, so that every ledger is written again from scratch (after the
    /// browser's storage was cleared under the app).
    pub fn forget_saved(&mut self) {
        for e in self.entries.values_mut() {
            e.saved_revision = 0;
        }
    }

    /// Notes that revision `revision` of `id` is now in storage.
    pub fn mark_saved(&mut self, id: &ConventionId, revision: u64) {
        if let Some(e) = self.entries.get_mut(id) {
            e.saved_revision = e.saved_revision.max(revision);
        }
    }

    /// Takes a ledger another tab saved. Refused (returns `false`) when this tab has unsaved
    /// changes to the same convention, so neither side's work is silently dropped.
    pub fn take_from_storage(&mut self, stored: StoredLedger) -> bool {
        let id = stored.ledger.convention().id().clone();
        if let Some(e) = self.entries.get(&id) {
            if e.revision != e.saved_revision {
                return false;
            }
            if e.saved_revision >= stored.revision {
                return true;
            }
        }
        self.undo.retain(|u| u.convention != id);
        self.redo.retain(|u| u.convention != id);
        self.entries.insert(
            id,
            Entry {
                ledger: stored.ledger,
                revision: stored.revision,
                saved_revision: stored.revision,
            },
        );
        true
    }

    /// Replaces this tab's unsaved version of a convention with the one in storage, after a
    /// conflict the user chose to settle that way.
    pub fn discard_local(&mut self, stored: StoredLedger) {
        let id = stored.ledger.convention().id().clone();
        self.entries.remove(&id);
        self.take_from_storage(stored);
    }

    /// Every ledger as it would be stored, for a backup file.
    pub fn snapshot_all(&self, at: NaiveDateTime, by: Option<Actor>) -> Vec<StoredLedger> {
        self.entries
            .values()
            .map(|e| StoredLedger::new(e.ledger.clone(), e.revision, at, by.clone()))
            .collect()
    }

    /// What restoring `backup` would change, convention by convention.
    pub fn preview_restore(&self, backup: &Backup) -> Vec<RestoreLine> {
        let mut lines: Vec<RestoreLine> = backup
            .ledgers
            .iter()
            .map(|s| {
                let after = &s.ledger;
                let id = after.convention().id().clone();
                let before = self.ledger(&id);
                RestoreLine {
                    title: after.convention().terms().title.clone(),
                    change: match before {
                        None => RestoreChange::Added,
                        Some(b) if b == after => RestoreChange::Unchanged,
                        Some(_) => RestoreChange::Replaced,
                    },
                    companies: (
                        before.map_or(0, |b| b.companies().len()),
                        after.companies().len(),
                    ),
                    actions: (
                        before.map_or(0, |b| b.actions().len()),
                        after.actions().len(),
                    ),
                    available: (
                        before.map(|b| b.figures().available),
                        Some(after.figures().available),
                    ),
                    set_aside: after
                        .set_aside()
                        .iter()
                        .filter(|s| before.is_none_or(|b| !b.set_aside().contains(s)))
                        .map(|s| s.describe(after))
                        .collect(),
                    id,
                }
            })
            .collect();
        for (id, e) in &self.entries {
            if !backup
                .ledgers
                .iter()
                .any(|s| s.ledger.convention().id() == id)
            {
                lines.push(RestoreLine {
                    id: id.clone(),
                    title: e.ledger.convention().terms().title.clone(),
                    change: RestoreChange::Removed,
                    companies: (e.ledger.companies().len(), 0),
                    actions: (e.ledger.actions().len(), 0),
                    available: (Some(e.ledger.figures().available), None),
                    set_aside: Vec::new(),
                });
            }
        }
        lines
    }

    /// The workspace after restoring `backup`, and the records to write. Revisions continue past
    /// both the current and the backup's, so other tabs take the restored data as newer. The undo
    /// history is dropped: the restore itself is undone from the backup kept before it.
    pub fn restored(&self, backup: Backup) -> (Workspace, Vec<StoredLedger>) {
        let mut ws = Workspace::default();
        let mut records = Vec::new();
        for mut s in backup.ledgers {
            let id = s.ledger.convention().id().clone();
            s.revision = s.revision.max(self.revision(&id).unwrap_or(0)) + 1;
            ws.entries.insert(
                id,
                Entry {
                    ledger: s.ledger.clone(),
                    revision: s.revision,
                    saved_revision: s.revision,
                },
            );
            records.push(s);
        }
        (ws, records)
    }

    /// The revision of `id` in memory.
    pub fn revision(&self, id: &ConventionId) -> Option<u64> {
        self.entries.get(id).map(|e| e.revision)
    }
}

/// How restoring a backup changes one convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreChange {
    /// Not here now: added.
    Added,
    /// Here and different: replaced.
    Replaced,
    /// Here and identical.
    Unchanged,
    /// Here but not in the backup: removed.
    Removed,
}

impl RestoreChange {
    /// The change as the preview says it.
    pub fn label(self) -> &'static str {
        match self {
            RestoreChange::Added => "ajoutée",
            RestoreChange::Replaced => "remplacée",
            RestoreChange::Unchanged => "identique",
            RestoreChange::Removed => "supprimée",
        }
    }
}

/// One line of a restore preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoreLine {
    /// The convention.
    pub id: ConventionId,
    /// Its title.
    pub title: String,
    /// What happens to it.
    pub change: RestoreChange,
    /// Companies now and after.
    pub companies: (usize, usize),
    /// Actions now and after.
    pub actions: (usize, usize),
    /// Available envelope now and after.
    pub available: (
        Option<crate::domain::money::Euros>,
        Option<crate::domain::money::Euros>,
    ),
    /// The records of the backup that will be kept on this machine but set aside (written by
    /// an earlier version for the wrong party), each naming its company and fiche, with why.
    pub set_aside: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::convention::Side;

    fn at() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2021-03-01 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn seed_id() -> ConventionId {
        Convention::seed().id().clone()
    }

    fn terminate(l: &mut Ledger) -> Result<(), DomainError> {
        l.notify_termination(
            chrono::NaiveDate::from_ymd_opt(2021, 3, 1).unwrap(),
            "Motif",
            crate::test_support::stamp(Side::Payer),
        )
    }

    #[test]
    fn an_empty_store_starts_with_the_seed_convention_written_at_its_first_change() {
        let mut ws = Workspace::from_stored(vec![]);
        assert_eq!(ws.conventions().count(), 1);
        assert!(
            ws.unsaved().is_empty() && !ws.owes_a_write(),
            "the seed as the code makes it is not written"
        );
        assert_eq!(ws.next_write(at(), None), None);
        ws.change(&seed_id(), "Résiliation", terminate).unwrap();
        assert_eq!(ws.unsaved(), vec![seed_id()]);
        let (stored, expected) = ws.to_save(&seed_id(), at(), None).unwrap();
        assert_eq!(
            (stored.revision, expected),
            (1, 0),
            "written as a first record"
        );
    }

    #[test]
    fn a_change_bumps_the_revision_and_can_be_undone() {
        let mut ws = Workspace::from_stored(vec![]);
        assert!(ws.unsaved().is_empty());
        ws.change(&seed_id(), "Résiliation", terminate).unwrap();
        assert_eq!(ws.revision(&seed_id()), Some(1));
        assert_eq!(ws.unsaved(), vec![seed_id()]);
        assert_eq!(ws.undo_label(), Some("Résiliation"));
        let step = ws.undo().unwrap();
        assert_eq!(step.label, "Résiliation");
        assert_eq!(
            ws.ledger(&seed_id()).unwrap(),
            &Ledger::new(Convention::seed())
        );
        assert_eq!(
            ws.revision(&seed_id()),
            Some(2),
            "an undo is a new revision"
        );
        assert!(ws.undo().is_none());
    }

    #[test]
    fn a_refused_change_leaves_everything_as_it_was() {
        let mut ws = Workspace::from_stored(vec![]);
        let before = ws.clone();
        let err = ws
            .change(&seed_id(), "x", |l| {
                l.notify_termination(
                    chrono::NaiveDate::from_ymd_opt(2021, 3, 1).unwrap(),
                    " ",
                    crate::test_support::stamp(Side::Payer),
                )
            })
            .unwrap_err();
        assert_eq!(err, DomainError::ReasonRequired);
        assert_eq!(ws, before);
    }

    #[test]
    fn another_tabs_save_is_taken_unless_this_tab_has_unsaved_work() {
        let mut ws = Workspace::from_stored(vec![]);
        let mut other = Ledger::new(Convention::seed());
        terminate(&mut other).unwrap();
        let stored = StoredLedger::new(other.clone(), 2, at(), None);
        assert!(ws.take_from_storage(stored.clone()));
        assert_eq!(ws.ledger(&seed_id()), Some(&other));
        assert!(ws.unsaved().is_empty());

        ws.change(&seed_id(), "local", |l| {
            l.notify_termination(
                chrono::NaiveDate::from_ymd_opt(2021, 4, 1).unwrap(),
                "Autre",
                crate::test_support::stamp(Side::Chamber),
            )
        })
        .unwrap();
        let newer = StoredLedger::new(Ledger::new(Convention::seed()), 3, at(), None);
        assert!(
            !ws.take_from_storage(newer.clone()),
            "unsaved local work is not dropped"
        );
        ws.discard_local(newer);
        assert_eq!(
            ws.ledger(&seed_id()),
            Some(&Ledger::new(Convention::seed()))
        );
        assert!(ws.unsaved().is_empty());
    }

    #[test]
    fn restore_preview_lists_added_replaced_and_removed() {
        let mut ws = Workspace::from_stored(vec![]);
        let mut other = Convention::seed().terms().clone();
        other.id = ConventionId("autre".into());
        ws.add_convention(Convention::new(other.clone()).unwrap())
            .unwrap();
        let mut changed = Ledger::new(Convention::seed());
        terminate(&mut changed).unwrap();
        let mut third = other;
        third.id = ConventionId("troisieme".into());
        let backup = Backup::new(
            vec![
                StoredLedger::new(changed.clone(), 5, at(), None),
                StoredLedger::new(Ledger::new(Convention::new(third).unwrap()), 1, at(), None),
            ],
            at(),
            None,
        );
        let lines = ws.preview_restore(&backup);
        let changes: Vec<_> = lines.iter().map(|l| (l.id.0.as_str(), l.change)).collect();
        assert_eq!(
            changes,
            vec![
                ("ccst-cma-2020", RestoreChange::Replaced),
                ("troisieme", RestoreChange::Added),
                ("autre", RestoreChange::Removed)
            ]
        );
        let (after, records) = ws.restored(backup);
        assert_eq!(after.conventions().count(), 2);
        assert_eq!(after.ledger(&seed_id()), Some(&changed));
        assert_eq!(records[0].revision, 6);
        assert!(
            after.unsaved().is_empty(),
            "the caller writes the records in one transaction"
        );
    }

    #[test]
    fn after_storage_was_cleared_everything_is_written_again() {
        let mut ws = Workspace::from_stored(vec![]);
        ws.change(&seed_id(), "Résiliation", terminate).unwrap();
        ws.mark_saved(&seed_id(), 1);
        assert!(ws.unsaved().is_empty());
        ws.forget_saved();
        assert_eq!(ws.unsaved(), vec![seed_id()]);
        let (_, expected) = ws.to_save(&seed_id(), at(), None).unwrap();
        assert_eq!(expected, 0, "written as a first record");
    }

    #[test]
    fn undo_history_is_bounded() {
        let mut ws = Workspace::from_stored(vec![]);
        for i in 0..(UNDO_DEPTH + 5) {
            ws.change(&seed_id(), format!("c{i}"), |_| Ok(())).unwrap();
        }
        let mut n = 0;
        while ws.undo().is_some() {
            n += 1;
        }
        assert_eq!(n, UNDO_DEPTH);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod command_tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod convergence_tests;
