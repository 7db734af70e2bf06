//! One record merged with its copy from the other machine: each record kind implements
//! [`Record`], and [`super::plan`] merges every kind through one loop.
//! Histories are united (each event once, in one order on every machine); a fact both copies
//! hold differently is a conflict for the user to settle (or, for the kinds without a choice,
//! ours is kept and the preview says so).

use super::*;
use crate::domain::action::Step;
use crate::domain::collaboration::Collaboration;
use crate::domain::diffusion_request::{DiffusionId, DiffusionRequest};
use crate::domain::issued::IssuedTable;
use crate::domain::journal::JournalEntry;
use crate::domain::lifecycle::Owned;

/// A kind of record the exchange merges: how it is found, merged, put back and named.
pub(super) trait Record: Clone + PartialEq + Sized {
    /// Its kind, in the plan's changes.
    const KIND: RecordKind;
    /// Its id.
    type Id: Clone + Ord;
    /// Its id.
    fn id(&self) -> Self::Id;
    /// Its id as the plan keeps it.
    fn key(id: &Self::Id) -> String;
    /// Ours, by id.
    fn ours<'l>(ledger: &'l Ledger, id: &Self::Id) -> Option<&'l Self>;
    /// Ours merged with theirs.
    fn merge(ours: &Self, theirs: &Self) -> Merged<Self>;
    /// Puts it in `ledger`, replacing ours.
    fn put(self, ledger: &mut Ledger);
    /// The record as the user names it, in `ledger` (the company of an action…).
    fn name(&self, ledger: &Ledger) -> String;
    /// The key of the user's choice when both sides changed it; `None` for the kinds that keep
    /// ours (the preview lists it among what is not taken, with [`Record::kept`]).
    fn conflict_key(id: &Self::Id) -> Option<ConflictKey>;
    /// Where a conflict is, for the user.
    fn place(name: &str) -> String {
        name.to_string()
    }
    /// Why theirs is not taken when both changed it (kinds without a choice).
    fn kept(detail: &str) -> String {
        format!("{detail} La version d'ici est gardée.")
    }
    /// Every step it records, with who took it and when.
    fn steps(&self) -> Vec<Taken>;
}

/// The steps of a history whose kinds name their owner (companies, actions, requests, journal).
fn owned_steps<'a, K: Owned + 'a>(events: impl Iterator<Item = (K, &'a Stamp)>) -> Vec<Taken> {
    events
        .map(|(kind, stamp)| Taken::new(kind.event_label(), stamp))
        .collect()
}

/// The steps `theirs` records that `ours` (if any) does not: what the file brings.
pub(super) fn brought<T: Record>(ours: Option<&T>, theirs: &T) -> Vec<Taken> {
    let known = ours.map(Record::steps).unwrap_or_default();
    theirs
        .steps()
        .into_iter()
        .filter(|t| !known.iter().any(|k| k.same_step(t)))
        .collect()
}

impl Record for Company {
    const KIND: RecordKind = RecordKind::Company;
    type Id = CompanyId;
    fn id(&self) -> CompanyId {
        self.id.clone()
    }
    fn key(id: &CompanyId) -> String {
        id.0.clone()
    }
    fn ours<'l>(ledger: &'l Ledger, id: &CompanyId) -> Option<&'l Company> {
        ledger.companies().get(id)
    }
    fn merge(ours: &Company, theirs: &Company) -> Merged<Company> {
        merge_company(ours, theirs)
    }
    fn put(self, ledger: &mut Ledger) {
        ledger.put_company(self);
    }
    fn name(&self, _: &Ledger) -> String {
        self.name.clone()
    }
    fn conflict_key(id: &CompanyId) -> Option<ConflictKey> {
        Some(ConflictKey::Company(id.clone()))
    }
    fn place(name: &str) -> String {
        format!("Entreprise {name}")
    }
    fn steps(&self) -> Vec<Taken> {
        owned_steps(self.history.iter().map(|e| (e.kind, &e.stamp)))
    }
}

impl Record for Action {
    const KIND: RecordKind = RecordKind::Action;
    type Id = ActionId;
    fn id(&self) -> ActionId {
        Action::id(self).clone()
    }
    fn key(id: &ActionId) -> String {
        id.0.clone()
    }
    fn ours<'l>(ledger: &'l Ledger, id: &ActionId) -> Option<&'l Action> {
        ledger.actions().get(id)
    }
    fn merge(ours: &Action, theirs: &Action) -> Merged<Action> {
        merge_action(ours, theirs)
    }
    fn put(self, ledger: &mut Ledger) {
        ledger.put_action(self);
    }
    fn name(&self, ledger: &Ledger) -> String {
        let company = ledger
            .companies()
            .get(self.company())
            .map(|c| c.name.clone())
            .unwrap_or_default();
        format!("{company} – {}", self.fiche())
    }
    fn conflict_key(id: &ActionId) -> Option<ConflictKey> {
        Some(ConflictKey::Action(id.clone()))
    }
    fn place(name: &str) -> String {
        format!("Action {name}")
    }
    /// Each step with the date, the amount and the reason it states.
    fn steps(&self) -> Vec<Taken> {
        let r = self.record();
        let mut steps = owned_steps(r.history.iter().map(|e| (e.kind, &e.stamp)));
        for (t, e) in steps.iter_mut().zip(&r.history) {
            t.on = e.kind.recorded_on(r);
            match e.kind {
                Step::DevisSent | Step::Engaged => t.amount = self.devis_amount(),
                Step::Invoiced | Step::Paid => {
                    let invoice = r.invoice.as_ref();
                    t.amount = invoice.map(|i| i.amount);
                    if e.kind == Step::Invoiced
                        && let (Some(i), Some(devis)) = (invoice, self.devis_amount())
                        && i.amount != devis
                    {
                        t.detail = Some(format!(
                            "pour un devis de {devis} : motif {}",
                            i.difference_reason.as_deref().unwrap_or("non indiqué")
                        ));
                    }
                }
                Step::Refused | Step::Cancelled => {
                    t.detail = r.stop.as_ref().map(|s| s.reason.clone())
                }
                Step::FollowedUp => {
                    if let Some(f) = r.follow_ups.iter().find(|f| f.stamp == e.stamp) {
                        t.on = Some(f.on);
                        let outcomes: Vec<&str> = f.outcomes.iter().map(|o| o.label()).collect();
                        t.detail = Some(
                            outcomes
                                .into_iter()
                                .chain((!f.text.trim().is_empty()).then_some(f.text.as_str()))
                                .collect::<Vec<_>>()
                                .join(" ; "),
                        );
                    }
                }
                _ => {}
            }
        }
        steps
    }
}

impl Record for Request {
    const KIND: RecordKind = RecordKind::Request;
    type Id = RequestId;
    fn id(&self) -> RequestId {
        Request::id(self).clone()
    }
    fn key(id: &RequestId) -> String {
        id.0.clone()
    }
    fn ours<'l>(ledger: &'l Ledger, id: &RequestId) -> Option<&'l Request> {
        ledger.requests().get(id)
    }
    fn merge(ours: &Request, theirs: &Request) -> Merged<Request> {
        merge_request(ours, theirs)
    }
    fn put(self, ledger: &mut Ledger) {
        ledger.put_request(self);
    }
    fn name(&self, ledger: &Ledger) -> String {
        self.summary(ledger.requested_company_name(&self.record().company))
    }
    fn conflict_key(id: &RequestId) -> Option<ConflictKey> {
        Some(ConflictKey::Request(id.clone()))
    }
    fn place(name: &str) -> String {
        format!("Demande {name}")
    }
    fn steps(&self) -> Vec<Taken> {
        owned_steps(self.record().history.iter().map(|e| (e.kind, &e.stamp)))
    }
}

impl Record for IssuedTable {
    const KIND: RecordKind = RecordKind::IssuedTable;
    type Id = String;
    fn id(&self) -> String {
        IssuedTable::key(self)
    }
    fn key(id: &String) -> String {
        id.clone()
    }
    fn ours<'l>(ledger: &'l Ledger, id: &String) -> Option<&'l IssuedTable> {
        ledger.issued_tables().get(id)
    }
    /// An issued table is never changed: the same month issued differently keeps ours.
    fn merge(ours: &IssuedTable, theirs: &IssuedTable) -> Merged<IssuedTable> {
        if ours == theirs {
            Merged::Ours
        } else {
            Merged::Conflict(String::new())
        }
    }
    fn put(self, ledger: &mut Ledger) {
        ledger.put_issued(self);
    }
    fn name(&self, _: &Ledger) -> String {
        self.label()
    }
    fn conflict_key(_: &String) -> Option<ConflictKey> {
        None
    }
    fn place(name: &str) -> String {
        format!("Tableau de {name}")
    }
    fn kept(_: &str) -> String {
        "déjà arrêté ici autrement : celui du fichier n'est pas repris.".into()
    }
    fn steps(&self) -> Vec<Taken> {
        vec![Taken::new("Tableau arrêté", &self.stamp)]
    }
}

impl Record for JournalEntry {
    const KIND: RecordKind = RecordKind::Journal;
    type Id = EntryId;
    fn id(&self) -> EntryId {
        JournalEntry::id(self).clone()
    }
    fn key(id: &EntryId) -> String {
        id.0.clone()
    }
    fn ours<'l>(ledger: &'l Ledger, id: &EntryId) -> Option<&'l JournalEntry> {
        ledger.journal().get(id)
    }
    fn merge(ours: &JournalEntry, theirs: &JournalEntry) -> Merged<JournalEntry> {
        merge_entry(ours, theirs)
    }
    fn put(self, ledger: &mut Ledger) {
        ledger.put_entry(self);
    }
    fn name(&self, _: &Ledger) -> String {
        self.label()
    }
    fn conflict_key(id: &EntryId) -> Option<ConflictKey> {
        Some(ConflictKey::Entry(id.clone()))
    }
    fn steps(&self) -> Vec<Taken> {
        owned_steps(self.history().iter().map(|e| (e.kind, &e.stamp)))
    }
}

impl Record for DiffusionRequest {
    const KIND: RecordKind = RecordKind::Diffusion;
    type Id = DiffusionId;
    fn id(&self) -> DiffusionId {
        DiffusionRequest::id(self).clone()
    }
    fn key(id: &DiffusionId) -> String {
        id.0.clone()
    }
    fn ours<'l>(ledger: &'l Ledger, id: &DiffusionId) -> Option<&'l DiffusionRequest> {
        ledger.diffusion_requests().get(id)
    }
    /// The union of both histories (each party's agreements, withdrawals, exports).
    fn merge(ours: &DiffusionRequest, theirs: &DiffusionRequest) -> Merged<DiffusionRequest> {
        match ours.merged_with(theirs) {
            Ok(merged) if &merged == ours => Merged::Ours,
            Ok(merged) => Merged::Changed(merged),
            Err(detail) => Merged::Conflict(detail),
        }
    }
    fn put(self, ledger: &mut Ledger) {
        ledger.put_diffusion(self);
    }
    fn name(&self, _: &Ledger) -> String {
        self.label()
    }
    fn conflict_key(_: &DiffusionId) -> Option<ConflictKey> {
        None
    }
    fn kept(detail: &str) -> String {
        format!("{detail} : celle du fichier n'est pas reprise.")
    }
    fn steps(&self) -> Vec<Taken> {
        self.record()
            .history
            .iter()
            .map(|e| Taken::new(e.kind.label(), &e.stamp))
            .collect()
    }
}

impl Record for Collaboration {
    const KIND: RecordKind = RecordKind::Collaboration;
    type Id = CompanyId;
    fn id(&self) -> CompanyId {
        self.record().company.clone()
    }
    fn key(id: &CompanyId) -> String {
        id.0.clone()
    }
    fn ours<'l>(ledger: &'l Ledger, id: &CompanyId) -> Option<&'l Collaboration> {
        ledger.collaborations().get(id)
    }
    fn merge(ours: &Collaboration, theirs: &Collaboration) -> Merged<Collaboration> {
        merge_collaboration(ours, theirs)
    }
    fn put(self, ledger: &mut Ledger) {
        ledger.put_collaboration(self);
    }
    fn name(&self, ledger: &Ledger) -> String {
        let company = &self.record().company;
        format!(
            "Offres et demandes de {}",
            ledger
                .companies()
                .get(company)
                .map_or(company.0.as_str(), |c| c.name.as_str())
        )
    }
    fn conflict_key(_: &CompanyId) -> Option<ConflictKey> {
        None
    }
    fn steps(&self) -> Vec<Taken> {
        self.history()
            .iter()
            .map(|s| Taken::new("Offres et demandes enregistrées", s))
            .collect()
    }
}

/// The outcome of merging one record.
pub(super) enum Merged<T> {
    /// Ours stays as it is.
    Ours,
    /// The merged record differs from ours.
    Changed(T),
    /// Both changed incompatibly.
    Conflict(String),
}

/// Order of events in a merged history: by time, then side, then who, then what — the same on
/// every machine, and the order version 1 gave (see [`crate::domain::lifecycle::Step`]).
pub(super) fn event_key<K: Ord + Copy>(
    stamp: &Stamp,
    kind: K,
) -> (chrono::NaiveDateTime, Side, &str, K) {
    (stamp.at, stamp.actor.side, stamp.actor.name.as_str(), kind)
}

/// One recorded step on both sides: the one that has it, or a conflict if both differ.
pub(super) fn pick<T: Clone + PartialEq>(
    ours: &Option<T>,
    theirs: &Option<T>,
    what: &str,
    diffs: &mut Vec<String>,
) -> Option<T> {
    match (ours, theirs) {
        (Some(a), Some(b)) if a != b => {
            diffs.push(what.to_string());
            Some(a.clone())
        }
        (a, b) => a.clone().or_else(|| b.clone()),
    }
}

/// The union of two versions of an action.
pub(super) fn merge_action(ours: &Action, theirs: &Action) -> Merged<Action> {
    let (o, t) = (ours.record(), theirs.record());
    let mut diffs = Vec::new();
    if o.company != t.company
        || o.fiche != t.fiche
        || o.identified_on != t.identified_on
        || o.need != t.need
        || o.request != t.request
    {
        diffs.push("entreprise, fiche ou besoin".to_string());
    }
    let devis = pick(&o.devis, &t.devis, "devis", &mut diffs);
    let engaged_on = pick(&o.engaged_on, &t.engaged_on, "engagement", &mut diffs);
    let done_on = pick(&o.done_on, &t.done_on, "service fait", &mut diffs);
    let invoice = pick(&o.invoice, &t.invoice, "facture", &mut diffs);
    let paid_on = pick(&o.paid_on, &t.paid_on, "paiement", &mut diffs);
    let stop = pick(&o.stop, &t.stop, "refus ou annulation", &mut diffs);
    // History: ours, plus their events we do not have, in one order for everyone.
    let mut history: Vec<Event> = o.history.clone();
    for e in &t.history {
        if !history.contains(e) {
            history.push(e.clone());
        }
    }
    history.sort_by(|a, b| event_key(&a.stamp, a.kind).cmp(&event_key(&b.stamp, b.kind)));
    // Follow-ups: the union, in the same order as their events.
    let mut follow_ups = o.follow_ups.clone();
    for f in &t.follow_ups {
        if !follow_ups.contains(f) {
            follow_ups.push(f.clone());
        }
    }
    follow_ups.sort_by(|a, b| event_key(&a.stamp, a.on).cmp(&event_key(&b.stamp, b.on)));
    // The note follows the latest note change; theirs only if they changed it after ours.
    let note_events = |h: &[Event]| {
        h.iter()
            .filter(|e| e.kind == crate::domain::action::Step::NoteChanged)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (on, tn) = (note_events(&o.history), note_events(&t.history));
    let note = if t.note.withheld || t.note == o.note || tn.iter().all(|e| on.contains(e)) {
        o.note.clone()
    } else if on.iter().all(|e| tn.contains(e)) {
        t.note.clone()
    } else {
        diffs.push("note de diagnostic".to_string());
        o.note.clone()
    };
    if !diffs.is_empty() {
        return Merged::Conflict(format!(
            "valeurs différentes des deux côtés : {}.",
            diffs.join(", ")
        ));
    }
    let record = ActionRecord {
        id: o.id.clone(),
        company: o.company.clone(),
        fiche: o.fiche,
        identified_on: o.identified_on,
        need: o.need.clone(),
        devis,
        engaged_on,
        done_on,
        invoice,
        paid_on,
        stop,
        note,
        history,
        request: o.request.clone(),
        follow_ups,
    };
    match Action::try_from(record) {
        Ok(merged) if &merged == ours => Merged::Ours,
        Ok(merged) => Merged::Changed(merged),
        Err(e) => Merged::Conflict(format!(
            "les étapes des deux côtés sont incompatibles ({e})."
        )),
    }
}

/// The union of two versions of a request: the answer one side has (a conflict if both answered
/// differently), the union of their histories.
pub(super) fn merge_request(ours: &Request, theirs: &Request) -> Merged<Request> {
    let (o, t) = (ours.record(), theirs.record());
    let mut diffs = Vec::new();
    if o.company != t.company
        || o.fiche != t.fiche
        || o.message != t.message
        || o.requested_on != t.requested_on
    {
        diffs.push("entreprise, fiche ou message".to_string());
    }
    let answer = pick(&o.answer, &t.answer, "réponse", &mut diffs);
    if !diffs.is_empty() {
        return Merged::Conflict(format!(
            "valeurs différentes des deux côtés : {}.",
            diffs.join(", ")
        ));
    }
    // The request first, then the one answer: no order to settle.
    let mut history = o.history.clone();
    for e in &t.history {
        if !history.contains(e) {
            history.push(e.clone());
        }
    }
    let record = RequestRecord {
        answer,
        history,
        ..o.clone()
    };
    match Request::try_from(record) {
        Ok(merged) if &merged == ours => Merged::Ours,
        Ok(merged) => Merged::Changed(merged),
        Err(e) => Merged::Conflict(format!(
            "les réponses des deux côtés sont incompatibles ({e})."
        )),
    }
}

/// Two versions of a company: the one whose history extends the other's.
pub(super) fn merge_company(ours: &Company, theirs: &Company) -> Merged<Company> {
    merge_extending(ours, theirs, |c: &Company| c.history.as_slice())
}

/// Two versions of a company's offers and demands: the one whose history extends the other's.
pub(super) fn merge_collaboration(
    ours: &Collaboration,
    theirs: &Collaboration,
) -> Merged<Collaboration> {
    merge_extending(ours, theirs, Collaboration::history)
}

/// Two versions of a journal entry: the one whose history extends the other's.
pub(super) fn merge_entry(ours: &JournalEntry, theirs: &JournalEntry) -> Merged<JournalEntry> {
    merge_extending(ours, theirs, JournalEntry::history)
}

/// Two versions of a record changed by one side at a time: the one whose history extends the
/// other's; a conflict when each was changed since the last exchange.
fn merge_extending<T: Clone + PartialEq, E: PartialEq>(
    ours: &T,
    theirs: &T,
    history: impl Fn(&T) -> &[E],
) -> Merged<T> {
    let (o, t) = (history(ours), history(theirs));
    if o == t {
        return if ours == theirs {
            Merged::Ours
        } else {
            Merged::Conflict("même historique, contenus différents.".into())
        };
    }
    if t.starts_with(o) {
        Merged::Changed(theirs.clone())
    } else if o.starts_with(t) {
        Merged::Ours
    } else {
        Merged::Conflict("modifiée des deux côtés depuis le dernier échange.".into())
    }
}
