//! One record merged with its copy from the other machine: each record kind implements
//! [`Record`], and [`super::plan`] merges every kind through one loop.
//! Histories are united (each event once, in one order on every machine); a fact both copies
//! hold differently is a conflict for the user to settle (or, for the kinds without a choice,
//! ours is kept and the preview says so).

use super::*;
use crate::domain::action::{Step, Stop, StopKind};
use crate::domain::collaboration::Collaboration;
use crate::domain::diffusion_request::{DiffusionId, DiffusionRequest};
use crate::domain::issued::IssuedTable;
use crate::domain::journal::JournalEntry;
use crate::domain::lifecycle::Owned;
use crate::domain::request::{Answer, RequestedCompany};
use crate::domain::signed::{self, HistoryEvent, unite};

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
    /// The record as the user names it (the company of an action…).
    fn name(&self, names: &Names) -> String;
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
    /// What this copy, received, is worth at the gate of signed steps (`domain::signed`), where
    /// `ours` is held.
    fn admission(&self, ours: Option<&Self>, gate: &Gate) -> Admission;
}

/// Where a record's name is read: the ledger the import builds, then the file's own companies (a
/// company held back — unsigned or refused — still names its actions in the preview).
pub(super) struct Names<'a> {
    /// The ledger as the import builds it.
    pub ledger: &'a Ledger,
    /// The file's companies' names, by id.
    pub file: &'a BTreeMap<CompanyId, String>,
}

impl Names<'_> {
    /// The name of company `id`: here, else in the file, else its id.
    fn company<'s>(&'s self, id: &'s CompanyId) -> &'s str {
        self.ledger
            .companies()
            .get(id)
            .map(|c| c.name.as_str())
            .or_else(|| self.file.get(id).map(String::as_str))
            .unwrap_or(id.0.as_str())
    }
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
    fn name(&self, _: &Names) -> String {
        self.name.clone()
    }
    fn conflict_key(id: &CompanyId) -> Option<ConflictKey> {
        Some(ConflictKey::Company(id.clone()))
    }
    fn place(name: &str) -> String {
        format!("Entreprise {name}")
    }
    fn admission(&self, ours: Option<&Company>, gate: &Gate) -> Admission {
        signed::admission(self, ours.map(|o| o as _), gate)
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
    fn name(&self, names: &Names) -> String {
        format!("{} – {}", names.company(self.company()), self.fiche())
    }
    fn conflict_key(id: &ActionId) -> Option<ConflictKey> {
        Some(ConflictKey::Action(id.clone()))
    }
    fn place(name: &str) -> String {
        format!("Action {name}")
    }
    fn admission(&self, ours: Option<&Action>, gate: &Gate) -> Admission {
        signed::admission(self, ours.map(|o| o as _), gate)
    }
    /// Each step with the date, the amount and the reason it states.
    fn steps(&self) -> Vec<Taken> {
        let r = self.record();
        let mut steps = owned_steps(r.history.iter().map(|e| (e.kind, &e.stamp)));
        for (t, e) in steps.iter_mut().zip(&r.history) {
            t.on = e.kind.recorded_on(r);
            match e.kind {
                Step::DevisSent => {
                    t.amount = self.devis_amount();
                    t.detail = self.devis_number().map(|n| format!("n° {n}"));
                }
                Step::Engaged => t.amount = self.devis_amount(),
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
    fn name(&self, names: &Names) -> String {
        self.summary(match &self.record().company {
            RequestedCompany::Known(id) => names.company(id),
            RequestedCompany::Named(c) => &c.name,
        })
    }
    fn conflict_key(id: &RequestId) -> Option<ConflictKey> {
        Some(ConflictKey::Request(id.clone()))
    }
    fn place(name: &str) -> String {
        format!("Demande {name}")
    }
    fn admission(&self, ours: Option<&Request>, gate: &Gate) -> Admission {
        signed::admission(self, ours.map(|o| o as _), gate)
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
    /// An issued table is never changed. The same month issued on two machines before either
    /// knew of the other: the first issued stands (by date of issue, then the author's clock,
    /// side and name), on every machine.
    fn merge(ours: &IssuedTable, theirs: &IssuedTable) -> Merged<IssuedTable> {
        let key = |t: &IssuedTable| (t.issued_on, owned_key(&t.stamp, ()));
        let unsealed = |t: &IssuedTable| IssuedTable {
            seal: None,
            ..t.clone()
        };
        if unsealed(ours) == unsealed(theirs) {
            // The same issue: the smaller seal of the two, as every history keeps.
            let seal = signed::smaller_seal(&ours.seal, &theirs.seal);
            if seal == ours.seal {
                Merged::Ours
            } else {
                Merged::Changed(IssuedTable {
                    seal,
                    ..ours.clone()
                })
            }
        } else if key(ours) <= key(theirs) {
            Merged::Ours
        } else {
            Merged::Changed(theirs.clone())
        }
    }
    fn put(self, ledger: &mut Ledger) {
        ledger.put_issued(self);
    }
    fn name(&self, _: &Names) -> String {
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
    fn admission(&self, ours: Option<&IssuedTable>, gate: &Gate) -> Admission {
        signed::admission(self, ours.map(|o| o as _), gate)
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
    fn name(&self, _: &Names) -> String {
        self.label()
    }
    fn conflict_key(id: &EntryId) -> Option<ConflictKey> {
        Some(ConflictKey::Entry(id.clone()))
    }
    fn admission(&self, ours: Option<&JournalEntry>, gate: &Gate) -> Admission {
        signed::admission(self, ours.map(|o| o as _), gate)
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
    fn name(&self, _: &Names) -> String {
        self.label()
    }
    fn conflict_key(_: &DiffusionId) -> Option<ConflictKey> {
        None
    }
    fn kept(detail: &str) -> String {
        format!("{detail} : celle du fichier n'est pas reprise.")
    }
    fn admission(&self, ours: Option<&DiffusionRequest>, gate: &Gate) -> Admission {
        signed::admission(self, ours.map(|o| o as _), gate)
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
    fn name(&self, names: &Names) -> String {
        format!(
            "Offres et demandes de {}",
            names.company(&self.record().company)
        )
    }
    fn conflict_key(_: &CompanyId) -> Option<ConflictKey> {
        None
    }
    fn admission(&self, ours: Option<&Collaboration>, gate: &Gate) -> Admission {
        signed::admission(self, ours.map(|o| o as _), gate)
    }
    fn steps(&self) -> Vec<Taken> {
        self.history()
            .iter()
            .map(|e| Taken::new("Offres et demandes enregistrées", &e.stamp))
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
/// [`event_key`], owned: for keys a closure returns.
pub(super) fn owned_key<K: Ord + Copy>(
    stamp: &Stamp,
    kind: K,
) -> (chrono::NaiveDateTime, Side, String, K) {
    (stamp.at, stamp.actor.side, stamp.actor.name.clone(), kind)
}

pub(super) fn event_key<K: Ord + Copy>(
    stamp: &Stamp,
    kind: K,
) -> (chrono::NaiveDateTime, Side, &str, K) {
    (stamp.at, stamp.actor.side, stamp.actor.name.as_str(), kind)
}

/// The union of two versions of an action. Both copies grew from one record by steps taken on
/// different machines; the result is the same whichever machine merges, in whichever order
/// (each rule below picks by the facts themselves, never by which copy is "ours"):
/// - the **chain** (devis, engagement, service done, invoice, payment) of the copy that went
///   further; as far on both, where they recorded a step differently (two advisers), the copy
///   whose value is the earlier (then the smaller) — [`chain_order`];
/// - the **closing** (refusal or cancellation) either recorded, the earlier if both did; whether
///   it is in effect is the lifecycle's rule ([`crate::domain::lifecycle::status`]);
/// - the **note** of the latest note change;
/// - the history and the follow-ups: the union, in one order.
pub(super) fn merge_action(ours: &Action, theirs: &Action) -> Merged<Action> {
    let (o, t) = (ours.record(), theirs.record());
    if o.company != t.company
        || o.fiche != t.fiche
        || o.identified_on != t.identified_on
        || o.need != t.need
        || o.request != t.request
    {
        return Merged::Conflict(
            "valeurs différentes des deux côtés : entreprise, fiche ou besoin.".into(),
        );
    }
    let chain = if chain_order(o, t).is_ge() { o } else { t };
    let stop = match (&o.stop, &t.stop) {
        (Some(a), Some(b)) => Some(if stop_order(a, b).is_ge() { a } else { b }.clone()),
        (a, b) => a.clone().or_else(|| b.clone()),
    };
    // History: the union, in one order for everyone; a step both hold keeps its seal (the
    // smaller of two, should both carry one).
    let mut history: Vec<Event> = o.history.clone();
    for e in &t.history {
        unite(&mut history, e);
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
    let record = ActionRecord {
        devis: chain.devis.clone(),
        engaged_on: chain.engaged_on,
        done_on: chain.done_on,
        invoice: chain.invoice.clone(),
        paid_on: chain.paid_on,
        stop,
        note: latest_note(o, t).clone(),
        history,
        follow_ups,
        ..o.clone()
    };
    match Action::try_from(record) {
        Ok(merged) if &merged == ours => Merged::Ours,
        Ok(merged) => Merged::Changed(merged),
        Err(e) => Merged::Conflict(format!(
            "les étapes des deux côtés sont incompatibles ({e})."
        )),
    }
}

/// Which of two chains of one action stands (`Greater`: `a`'s): the one that went further (an
/// engagement, a service done are never lost to a copy that stopped before them); at the same
/// step, the first step both recorded differently decides: the earlier date, then the smaller
/// value. A total order on the facts alone, so the merge of any number of copies
/// gives one chain whatever the order.
pub(super) fn chain_order(a: &ActionRecord, b: &ActionRecord) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    fn facts(r: &ActionRecord) -> [Option<(NaiveDate, String)>; 5] {
        fn json(v: &impl serde::Serialize) -> String {
            serde_json::to_string(v).unwrap_or_default()
        }
        [
            r.devis.as_ref().map(|d| (d.sent_on, json(d))),
            r.engaged_on.map(|d| (d, String::new())),
            r.done_on.map(|d| (d, String::new())),
            r.invoice.as_ref().map(|i| (i.issued_on, json(i))),
            r.paid_on.map(|d| (d, String::new())),
        ]
    }
    let (fa, fb) = (facts(a), facts(b));
    let reached = |f: &[Option<(NaiveDate, String)>; 5]| f.iter().flatten().count();
    match reached(&fa).cmp(&reached(&fb)) {
        Ordering::Equal => {}
        further => return further,
    }
    for (x, y) in fa.into_iter().zip(fb) {
        match (x, y) {
            (None, None) => return Ordering::Equal,
            (Some(_), None) => return Ordering::Greater,
            (None, Some(_)) => return Ordering::Less,
            (Some(x), Some(y)) if x != y => return y.cmp(&x),
            _ => {}
        }
    }
    Ordering::Equal
}

/// Which of two closings stands (`Greater`: `a`): the earlier, then by kind and reason.
fn stop_order(a: &Stop, b: &Stop) -> std::cmp::Ordering {
    (b.on, b.kind == StopKind::Refused, &b.reason).cmp(&(
        a.on,
        a.kind == StopKind::Refused,
        &a.reason,
    ))
}

/// The note of the copy whose latest note change is the later; on the same change, the copy
/// that holds its text (a file leaves a confidential note out, art. 3.1).
fn latest_note<'r>(o: &'r ActionRecord, t: &'r ActionRecord) -> &'r crate::domain::action::Note {
    let last = |r: &ActionRecord| {
        r.history
            .iter()
            .filter(|e| e.kind == Step::NoteChanged)
            .map(|e| owned_key(&e.stamp, e.kind))
            .max()
    };
    let key = |r: &'r ActionRecord| (last(r), !r.note.withheld);
    if key(t) > key(o) { &t.note } else { &o.note }
}

/// The union of two versions of a request: the union of their histories, and the answer that
/// stands when two advisers answered differently — an acceptance over a decline (its action
/// exists), then the earlier ([`answer_order`]).
pub(super) fn merge_request(ours: &Request, theirs: &Request) -> Merged<Request> {
    let (o, t) = (ours.record(), theirs.record());
    if o.company != t.company
        || o.fiche != t.fiche
        || o.message != t.message
        || o.requested_on != t.requested_on
    {
        return Merged::Conflict(
            "valeurs différentes des deux côtés : entreprise, fiche ou message.".into(),
        );
    }
    let answer = match (&o.answer, &t.answer) {
        (Some(a), Some(b)) => Some(if answer_order(a, b).is_ge() { a } else { b }.clone()),
        (a, b) => a.clone().or_else(|| b.clone()),
    };
    // The request first, then the answers in one order.
    let history = union_after_first(&o.history, &t.history, |e| owned_key(&e.stamp, e.kind));
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

/// Which of two answers stands (`Greater`: `a`): an acceptance over a decline, then the earlier,
/// then the smaller action id or reason.
fn answer_order(a: &Answer, b: &Answer) -> std::cmp::Ordering {
    let key = |x: &Answer| match x {
        Answer::Accepted { action, on } => (
            true,
            std::cmp::Reverse(*on),
            std::cmp::Reverse(action.0.clone()),
        ),
        Answer::Declined { on, reason } => (
            false,
            std::cmp::Reverse(*on),
            std::cmp::Reverse(reason.clone()),
        ),
    };
    key(a).cmp(&key(b))
}

/// The union of two histories of one record: its creation first when both open with it, then
/// every other event of either once, ordered by `key`.
fn union_after_first<E: HistoryEvent, K: Ord>(o: &[E], t: &[E], key: impl Fn(&E) -> K) -> Vec<E> {
    let mut history: Vec<E> = o.to_vec();
    for e in t {
        unite(&mut history, e);
    }
    // The creation stays first when both copies open with it; a record that two machines both
    // began (a company's first offers and demands, recorded by two advisers) is ordered whole.
    let from = usize::from(matches!((o.first(), t.first()), (Some(a), Some(b)) if a.same_step(b)));
    if let Some(rest) = history.get_mut(from..) {
        rest.sort_by_key(|e| key(e));
    }
    history
}

/// Two versions of a company: the union of their histories, and the fields of the latest change.
pub(super) fn merge_company(ours: &Company, theirs: &Company) -> Merged<Company> {
    merge_latest(
        ours,
        theirs,
        |c: &Company| c.history.as_slice(),
        |e| owned_key(&e.stamp, e.kind),
        |mut c, history| {
            c.history = history;
            c
        },
    )
}

/// Two versions of a company's offers and demands: the union of their histories, and the lists
/// of the latest recording.
pub(super) fn merge_collaboration(
    ours: &Collaboration,
    theirs: &Collaboration,
) -> Merged<Collaboration> {
    merge_latest(
        ours,
        theirs,
        Collaboration::history,
        |e| owned_key(&e.stamp, ()),
        Collaboration::with_history,
    )
}

/// Two versions of a journal entry: the union of their histories, and the body of the latest
/// change.
pub(super) fn merge_entry(ours: &JournalEntry, theirs: &JournalEntry) -> Merged<JournalEntry> {
    merge_latest(
        ours,
        theirs,
        JournalEntry::history,
        |e| owned_key(&e.stamp, e.kind),
        JournalEntry::with_history,
    )
}

/// Two versions of a record whose every change replaces its fields (a company, a journal entry,
/// offers and demands): the fields of the copy holding the latest change (by `key`: the author's
/// clock, side, name, kind — the same on every machine), with the union of both histories. Two
/// advisers changing one record concurrently: the later change stands, both are in the history.
fn merge_latest<T: Clone + PartialEq, E: HistoryEvent, K: Ord>(
    ours: &T,
    theirs: &T,
    history: impl Fn(&T) -> &[E],
    key: impl Fn(&E) -> K + Copy,
    with_history: impl Fn(T, Vec<E>) -> T,
) -> Merged<T> {
    let (o, t) = (history(ours), history(theirs));
    let latest = |h: &[E]| h.iter().map(key).max();
    let united = union_after_first(o, t, key);
    let winner = match latest(o).cmp(&latest(t)) {
        std::cmp::Ordering::Less => theirs,
        std::cmp::Ordering::Greater => ours,
        // The same latest change on both: the same fields, unless one copy lacks a change the
        // other has (then the longer history), or the copies were altered.
        std::cmp::Ordering::Equal if o.len() != t.len() => {
            if t.len() > o.len() {
                theirs
            } else {
                ours
            }
        }
        std::cmp::Ordering::Equal if ours == theirs => return Merged::Ours,
        // The same steps, one copy's signed and the other's not yet: the same fields.
        std::cmp::Ordering::Equal
            if with_history(ours.clone(), united.clone())
                == with_history(theirs.clone(), united.clone()) =>
        {
            ours
        }
        std::cmp::Ordering::Equal => {
            return Merged::Conflict("même historique, contenus différents.".into());
        }
    };
    let merged = with_history(winner.clone(), united);
    if &merged == ours {
        Merged::Ours
    } else {
        Merged::Changed(merged)
    }
}
