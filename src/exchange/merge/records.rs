//! One record merged with its copy from the other machine: an action, a request, a company or a
//! journal entry.
//! Histories are united (each event once, in one order on every machine); a fact both copies
//! hold differently is a conflict for the user to settle.

use super::*;
use crate::domain::journal::JournalEntry;

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
    ours: &crate::domain::collaboration::Collaboration,
    theirs: &crate::domain::collaboration::Collaboration,
) -> Merged<crate::domain::collaboration::Collaboration> {
    merge_extending(
        ours,
        theirs,
        crate::domain::collaboration::Collaboration::history,
    )
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
