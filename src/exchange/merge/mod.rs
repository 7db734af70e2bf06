//! What importing a checked file changes: a [`Plan`], computed on a copy, applied only when the
//! user confirms.
//!
//! Rules. Records are matched by id. An action's history is append-only, so two versions merge by
//! the union of their steps: each step recorded by one side and not the other is taken; the same
//! step recorded with different values on the two sides is a **conflict**, left as it is here until
//! the user chooses. A company is taken when its history extends ours; two histories that diverged
//! are a conflict. A confidential note left out of a file never replaces ours. Ownership of every
//! step was checked when the file was read. Finally the envelope (art. 2.2) is never overspent: new
//! engagements that would exceed it are not taken, latest first, and are listed.
//!
//! Because steps are only ever added, importing the same file twice changes nothing, and importing
//! two files that do not conflict gives the same result in either order.

mod records;
mod words;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime};
use records::{Merged, Record, brought};

use super::{Content, Problem};
use crate::domain::action::{Action, ActionId, ActionRecord, Actor, Admission, Event, Stamp};
use crate::domain::amendment::{Acceptance, Amendment};
use crate::domain::company::{Company, CompanyId};
use crate::domain::convention::{Side, Termination};
use crate::domain::date::fr;
use crate::domain::envelope::EnvelopeFigures;
use crate::domain::journal::EntryId;
use crate::domain::ledger::Ledger;
use crate::domain::lifecycle::Status;
use crate::domain::money::Euros;
use crate::domain::request::{Request, RequestId, RequestRecord};
use crate::domain::signed::{self, smaller_seal};
use crate::domain::signing::RecordRef;
use crate::domain::signing::{KeyId, Verifier};
use crate::domain::trust::{Distrust, Gate, KeyCard, Statement, Trust, Verdict};

/// How the user settles a conflict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Choice {
    /// Keep this machine's version (the default).
    #[default]
    Mine,
    /// Take the file's version.
    Theirs,
}

/// Which record a conflict is about: the key of the user's [`Choice`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConflictKey {
    /// A company record.
    Company(CompanyId),
    /// An action.
    Action(ActionId),
    /// A request of the payer.
    Request(RequestId),
    /// A journal entry.
    Entry(EntryId),
}

impl std::fmt::Display for ConflictKey {
    /// A name unique among the conflicts of one import (a radio group's name).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConflictKey::Company(id) => write!(f, "entreprise:{id}"),
            ConflictKey::Action(id) => write!(f, "action:{id}"),
            ConflictKey::Request(id) => write!(f, "demande:{id}"),
            ConflictKey::Entry(id) => write!(f, "journal:{id}"),
        }
    }
}

/// A record both sides changed incompatibly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// Key for the user's [`Choice`].
    pub key: ConflictKey,
    /// The record, for the user.
    pub place: String,
    /// What differs.
    pub detail: String,
}

/// The kinds of records a plan changes, in the order the preview lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    /// An amendment (art. 3.2).
    Amendment,
    /// The termination of the convention (art. 3.3): its notice, its receipt.
    Termination,
    /// A company record.
    Company,
    /// An action.
    Action,
    /// A request of the payer.
    Request,
    /// A monthly table issued (art. 3.4).
    IssuedTable,
    /// A journal entry (art. 2.2, 2.3).
    Journal,
    /// A diffusion request (art. 3.1).
    Diffusion,
    /// A fiche 3 company's offers and demands.
    Collaboration,
}

/// What the plan does to a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// Not here yet: added.
    Added,
    /// Here: merged with what the other side recorded since.
    Updated,
    /// Changed on both sides: the other side's version taken, by the user's choice.
    Theirs,
}

impl What {
    /// Added when the record is `new` here, else updated.
    fn added_if(new: bool) -> What {
        if new { What::Added } else { What::Updated }
    }
}

/// A step a record brings that this machine did not have: what, by whom, when, and what it
/// states (its date, its amount, a reason).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taken {
    /// The step as the history says it ("Devis engagé").
    pub what: &'static str,
    /// Who took it, for which side.
    pub by: Actor,
    /// When (the author's clock).
    pub at: NaiveDateTime,
    /// The date the step states (the devis's, the engagement's…), when it has one.
    pub on: Option<NaiveDate>,
    /// The amount it states (the devis, the invoice), when it has one.
    pub amount: Option<Euros>,
    /// What else it says (a reason, a follow-up's results…), in French.
    pub detail: Option<String>,
}

impl Taken {
    fn new(what: &'static str, stamp: &Stamp) -> Taken {
        Taken {
            what,
            by: stamp.actor.clone(),
            at: stamp.at,
            on: None,
            amount: None,
            detail: None,
        }
    }

    /// Whether it is the same step as `other` (what, who, when), whatever it states.
    fn same_step(&self, other: &Taken) -> bool {
        (self.what, &self.by, self.at) == (other.what, &other.by, other.at)
    }
}

/// One record the plan changes: which, how, the steps it brings and, for an action, the amount
/// it holds against the envelope before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordChange {
    /// Its kind.
    pub kind: RecordKind,
    /// Its id.
    pub id: String,
    /// The record as the user names it ("Menuiserie Durand – Fiche 2").
    pub record: String,
    /// What happens to it.
    pub what: What,
    /// The steps it brings.
    pub taken: Vec<Taken>,
    /// For an action: engaged before and after (art. 2.2).
    pub engaged: Option<(Euros, Euros)>,
    /// For an action: where it stood before (`None`: new here) and after.
    pub status: Option<(Option<Status>, Status)>,
    /// What gestures made concurrently meant, in words, that this change brings (an export
    /// crossing a withdrawal, a cancellation without effect…: `Action::crossings`,
    /// `DiffusionRequest::crossings`).
    pub crossings: Vec<String>,
}

impl RecordChange {
    /// A change of `record` bringing `taken`. An action's figures and what concurrent gestures
    /// meant are filled once every record is merged.
    fn new(kind: RecordKind, id: String, record: String, what: What, taken: Vec<Taken>) -> Self {
        RecordChange {
            kind,
            id,
            record,
            what,
            taken,
            engaged: None,
            status: None,
            crossings: Vec::new(),
        }
    }

    /// The preview's line for it.
    pub fn line(&self) -> String {
        let name = &self.record;
        match (self.kind, self.what) {
            (_, What::Theirs) => format!("{name} (version du fichier)"),
            (RecordKind::Journal, What::Updated) => format!("{name} (modifiée)"),
            (RecordKind::Diffusion, What::Updated) => format!("{name} (mise à jour)"),
            _ => name.clone(),
        }
    }
}

/// What an import would do: the ledger after it, and every change said as a typed value.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The ledger after the import.
    pub result: Ledger,
    /// Each record changed, in the order of [`RecordKind`] then of the file.
    pub changes: Vec<RecordChange>,
    /// Records changed on both sides.
    pub conflicts: Vec<Conflict>,
    /// Changes not taken (over the envelope, termination mismatch), with why.
    pub refused: Vec<Problem>,
    /// Records held back because they bring unsigned steps (a version before signatures wrote
    /// them), in words: taken only if the user confirms ([`Received::take_unsigned`]).
    pub unsigned: Vec<String>,
    /// The keys the file's steps are signed with that this machine does not trust yet: the
    /// preview shows each one's holder and fingerprint, to confirm by phone.
    pub unknown_keys: Vec<KeyCard>,
    /// The keys a party introduced, trusted from this import without a question, in words.
    pub introduced: Vec<String>,
    /// The envelope before.
    pub before: EnvelopeFigures,
    /// The envelope after.
    pub after: EnvelopeFigures,
}

impl Plan {
    /// Whether the import changes nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The changes of the records of `kind` the plan adds (`Some(true)`), updates
    /// (`Some(false)`), or both (`None`).
    pub fn changes_of(
        &self,
        kind: RecordKind,
        added: Option<bool>,
    ) -> impl Iterator<Item = &RecordChange> {
        self.changes
            .iter()
            .filter(move |c| c.kind == kind && added.is_none_or(|a| (c.what == What::Added) == a))
    }

    /// The lines of the records of `kind` the plan adds (`added`) or updates.
    pub fn lines(&self, kind: RecordKind, added: bool) -> Vec<String> {
        self.changes_of(kind, Some(added))
            .map(RecordChange::line)
            .collect()
    }

    /// The lines of every record of `kind` the plan changes.
    pub fn lines_of(&self, kind: RecordKind) -> Vec<String> {
        self.changes_of(kind, None)
            .map(RecordChange::line)
            .collect()
    }
}

/// Merges every record of one kind the file carries into `result` (`ledger` as it was before the
/// import), by the kind's rules ([`Record`]): the changes, conflicts and refusals go to `p`.
fn merge_all<T: Record>(
    ledger: &Ledger,
    result: &mut Ledger,
    theirs: &[T],
    choices: &BTreeMap<ConflictKey, Choice>,
    gate: Option<&Gate>,
    file_names: &BTreeMap<CompanyId, String>,
    p: &mut Plan,
) {
    for t in theirs {
        let id = t.id();
        let ours = T::ours(ledger, &id);
        let name = t.name(&records::Names {
            ledger: result,
            file: file_names,
        });
        let merged = match ours {
            None => Some((t.clone(), What::Added)),
            Some(o) => match T::merge(o, t) {
                Merged::Ours => None,
                Merged::Changed(m) => Some((m, What::Updated)),
                Merged::Conflict(detail) => match T::conflict_key(&id) {
                    Some(key) => {
                        let theirs_chosen =
                            choices.get(&key).copied().unwrap_or_default() == Choice::Theirs;
                        p.conflicts.push(Conflict {
                            key,
                            place: T::place(&name),
                            detail,
                        });
                        theirs_chosen.then(|| (t.clone(), What::Theirs))
                    }
                    None => {
                        p.refused.push(Problem {
                            place: T::place(&name),
                            message: T::kept(&detail),
                        });
                        None
                    }
                },
            },
        };
        if let Some((m, what)) = merged {
            if let Some(gate) = gate
                && !admitted(m.admission(ours, gate), T::place(&name), result, p)
            {
                continue;
            }
            let taken = brought(ours, &m);
            p.changes
                .push(RecordChange::new(T::KIND, T::key(&id), name, what, taken));
            m.put(result);
        }
    }
}

/// The parties' statements about their keys the file carries (a key withdrawn), taken in the
/// order of their stamps when each is signed by a key trusted for its party (`trust::Gate`), the
/// facts it signs being what it says: the trust the file's steps are then judged by. Refused ones
/// go to `refused`, with why.
fn take_statements(
    ledger: &Ledger,
    content: &Content,
    cards: &BTreeMap<KeyId, KeyCard>,
    r: &Received,
    refused: &mut Vec<Problem>,
) -> Trust {
    let convention = ledger.convention();
    let mut trust = ledger.trust().clone();
    let mut statements = content.key_statements.clone();
    statements.sort_by(|a, b| (a.stamp.at, &a.statement).cmp(&(b.stamp.at, &b.statement)));
    for s in statements {
        let known = trust
            .statements()
            .iter()
            .any(|h| h.statement == s.statement && h.stamp == s.stamp && h.seal.is_some());
        if known {
            continue;
        }
        let verdict = match &s.seal {
            Some(seal) if seal.facts != s.statement.facts() => {
                Verdict::Refused(Distrust::Unattested)
            }
            seal => Gate {
                convention: convention.id(),
                trust: &trust,
                cards,
                confirmed: r.confirmed,
                verifier: r.verifier,
                take_unsigned: false,
            }
            .judge(RecordRef::Keys, s.statement.name(), &s.stamp, seal.as_ref()),
        };
        // A key withdrawn is said by its own party.
        let subject_side = match &s.statement {
            Statement::Withdraws(id) => trust
                .get(id)
                .map(|k| k.card.side)
                .or_else(|| cards.get(id).map(|c| c.side)),
            Statement::Introduces(card) => Some(card.side),
        };
        let why = match verdict {
            Verdict::Accepted if subject_side.is_none_or(|side| side == s.stamp.actor.side) => {
                let by = s.seal.as_ref().map(|seal| seal.key.clone());
                trust.take(s, by);
                continue;
            }
            Verdict::Accepted => format!(
                "une partie ne retire que ses propres clés : {} parle pour {}.",
                s.stamp.actor.name,
                convention.party(s.stamp.actor.side).short_name
            ),
            Verdict::Unsigned => "déclaration non signée.".to_string(),
            Verdict::Refused(why) => why.describe(convention),
        };
        let what = match &s.statement {
            Statement::Withdraws(id) => format!("Retrait de la clé {id}"),
            Statement::Introduces(card) => format!("Présentation de la clé {}", card.key.id()),
        };
        refused.push(Problem {
            place: format!(
                "{what} ({}, {})",
                s.stamp.actor.name,
                convention.party(s.stamp.actor.side).short_name
            ),
            message: format!("non repris : {why}"),
        });
    }
    trust
}

/// "Menuiserie Durand – Fiche 2 : « Devis engagé » le 25/01/2021 à 10:00 par Paul Agent
/// (CCST), non signé" for a record held back for its unsigned steps.
fn unsigned_line(name: &str, steps: &[(&str, Stamp)]) -> String {
    let steps: Vec<String> = steps
        .iter()
        .map(|(step, stamp)| format!("« {step} » {}", by_whom(stamp)))
        .collect();
    format!(
        "{name} : {}, non signé (version antérieure)",
        steps.join(", ")
    )
}

/// Whether a record judged `admission` at the gate is taken; else it goes to the plan, held back
/// for the user's confirmation (unsigned steps) or refused, with why — both under `place`, the
/// record as the preview names it (« Tableau de 01/2021 », « Action Menuiserie Durand – Fiche 2 »).
fn admitted(admission: Admission, place: String, result: &Ledger, p: &mut Plan) -> bool {
    match admission {
        Admission::Admitted => true,
        Admission::Unsigned(steps) => {
            p.unsigned.push(unsigned_line(&place, &steps));
            false
        }
        Admission::Refused { step, stamp, why } => {
            p.refused.push(Problem {
                place,
                message: refusal(step, stamp.as_ref(), &why, result),
            });
            false
        }
    }
}

/// "le 25/01/2021 à 10:00 par Paul Agent".
fn by_whom(stamp: &Stamp) -> String {
    format!(
        "le {} à {} par {}",
        fr(stamp.at.date()),
        stamp.at.format("%H:%M"),
        stamp.actor.name
    )
}

/// Why a record is not taken: the step, who took it by the record's account, and why.
fn refusal(step: &str, stamp: Option<&Stamp>, why: &Distrust, ledger: &Ledger) -> String {
    let convention = ledger.convention();
    let step = match stamp {
        Some(s) => format!(
            "l'étape « {step} » {} ({}) est refusée",
            by_whom(s),
            convention.party(s.actor.side).short_name
        ),
        None => format!("l'étape « {step} » est refusée"),
    };
    format!(
        "{step} : {} Ce qui est ici n'est pas modifié ; demandez à l'autre partie un fichier \
         exporté de sa propre machine.",
        why.describe(convention)
    )
}

/// Works out the import of `content` (a checked file's, or another tab's ledger's) into
/// `ledger`, settling conflicts by `choices` (by [`Conflict::key`]; unlisted conflicts keep ours).
/// Changes nothing.
pub fn plan(ledger: &Ledger, content: &Content, choices: &BTreeMap<ConflictKey, Choice>) -> Plan {
    plan_gated(ledger, content, choices, None)
}

/// What the user decides in the preview of a received file about its signed steps, and the
/// signatures' check (`domain::trust`).
pub struct Received<'a> {
    /// The keys the file carries that the user confirms, by fingerprint.
    pub confirmed: &'a BTreeSet<KeyId>,
    /// Checks the signatures (in the browser: the answers WebCrypto gave before the plan).
    pub verifier: &'a dyn Verifier,
    /// Whether the unsigned steps (a version before signatures) are taken.
    pub take_unsigned: bool,
    /// The day, for the keys confirmed.
    pub today: NaiveDate,
}

/// [`plan`] of another tab's version of the same convention (`workspace::MergeFn`): the same
/// machine, so no gate.
pub fn plan_stored(
    ledger: &Ledger,
    stored: &Ledger,
    choices: &BTreeMap<ConflictKey, Choice>,
) -> Plan {
    plan(ledger, &Content::of(stored), choices)
}

/// The plan of a file received from another machine: as [`plan`], but every step it brings
/// passes the gate of signed steps (`domain::trust::Gate`): a record bringing a step not signed
/// by a key trusted for the side its stamp names is not taken and is listed among the refusals
/// with why; one bringing unsigned steps (a version before signatures) waits for the user's
/// confirmation ([`Plan::unsigned`]). The keys the user confirms are trusted in the result.
pub fn plan_received(
    ledger: &Ledger,
    content: &Content,
    choices: &BTreeMap<ConflictKey, Choice>,
    received: &Received,
) -> Plan {
    plan_gated(ledger, content, choices, Some(received))
}

/// [`plan`] or [`plan_received`].
fn plan_gated(
    ledger: &Ledger,
    content: &Content,
    choices: &BTreeMap<ConflictKey, Choice>,
    received: Option<&Received>,
) -> Plan {
    let before = ledger.figures();
    let mut result = ledger.clone();
    let cards: BTreeMap<KeyId, KeyCard> = content
        .keys
        .iter()
        .map(|c| (c.key.id(), c.clone()))
        .collect();
    let mut refused_statements = Vec::new();
    let trust = match received {
        Some(r) => take_statements(ledger, content, &cards, r, &mut refused_statements),
        None => ledger.trust().clone(),
    };
    result = result.with_trust_of(&trust);
    let introduced = trust
        .keys()
        .filter(|k| ledger.trust().get(&k.card.key.id()).is_none())
        .map(|k| {
            format!(
                "{} ({}, clé {}) : {}",
                k.card.name,
                ledger.convention().party(k.card.side).short_name,
                k.card.key.id(),
                k.how.describe()
            )
        })
        .collect();
    let gate = received.map(|r| Gate {
        convention: ledger.convention().id(),
        trust: &trust,
        cards: &cards,
        confirmed: r.confirmed,
        verifier: r.verifier,
        take_unsigned: r.take_unsigned,
    });
    let gate = gate.as_ref();
    let mut p = Plan {
        result: ledger.clone(),
        changes: Vec::new(),
        conflicts: Vec::new(),
        refused: refused_statements,
        unsigned: Vec::new(),
        unknown_keys: Vec::new(),
        introduced,
        before,
        after: before,
    };

    // The file's companies' names, for its records whose company is held back.
    let file_names: BTreeMap<CompanyId, String> = content
        .companies
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    // Amendments first, so that the records after them are merged under the amended terms (an
    // engagement after an extended end, within an increased envelope).
    merge_amendments(&mut result, &content.convention.amendments, gate, &mut p);

    merge_all(
        ledger,
        &mut result,
        &content.companies,
        choices,
        gate,
        &file_names,
        &mut p,
    );
    merge_all(
        ledger,
        &mut result,
        &content.actions,
        choices,
        gate,
        &file_names,
        &mut p,
    );
    merge_all(
        ledger,
        &mut result,
        &content.requests,
        choices,
        gate,
        &file_names,
        &mut p,
    );
    merge_all(
        ledger,
        &mut result,
        &content.issued_tables,
        choices,
        gate,
        &file_names,
        &mut p,
    );
    merge_all(
        ledger,
        &mut result,
        &content.journal,
        choices,
        gate,
        &file_names,
        &mut p,
    );
    merge_all(
        ledger,
        &mut result,
        &content.diffusion_requests,
        choices,
        gate,
        &file_names,
        &mut p,
    );
    merge_all(
        ledger,
        &mut result,
        &content.collaborations,
        choices,
        gate,
        &file_names,
        &mut p,
    );
    merge_termination(ledger, &mut result, content, gate, &mut p);

    // What concurrent gestures meant, said where the change shows it: only what is new here.
    for c in p.changes.iter_mut() {
        let convention = result.convention();
        let (before, after) = match c.kind {
            RecordKind::Action => {
                let id = ActionId(c.id.clone());
                let of = |l: &Ledger| l.actions().get(&id).map(|a| a.crossings(convention));
                (of(ledger), of(&result))
            }
            RecordKind::Diffusion => {
                let id = crate::domain::diffusion_request::DiffusionId(c.id.clone());
                let of = |l: &Ledger| {
                    l.diffusion_requests()
                        .get(&id)
                        .map(|d| d.crossings(convention))
                };
                (of(ledger), of(&result))
            }
            _ => continue,
        };
        let before = before.unwrap_or_default();
        c.crossings = after
            .unwrap_or_default()
            .into_iter()
            .filter(|w| !before.contains(w))
            .collect();
    }
    // Each action's status and engaged amount before and after, which explain the envelope's.
    for c in p.changes.iter_mut() {
        if c.kind != RecordKind::Action {
            continue;
        }
        let id = ActionId(c.id.clone());
        let (before, after) = (ledger.actions().get(&id), &result.actions()[&id]);
        c.engaged = Some((
            before.map_or(Euros::ZERO, Action::engaged_amount),
            after.engaged_amount(),
        ));
        c.status = Some((before.map(Action::status), after.status()));
    }
    if let Some(r) = received {
        // The keys the file carries that no step of it needs are not asked about.
        let mut used = content.seal_keys();
        used.extend(
            content
                .key_statements
                .iter()
                .filter_map(|s| s.seal.as_ref().map(|s| s.key.clone())),
        );
        for card in content.keys.iter() {
            let id = card.key.id();
            if trust.get(&id).is_some() || !used.contains(&id) {
                continue;
            }
            if r.confirmed.contains(&id) {
                result.confirm_key(card.clone(), r.today);
            }
            p.unknown_keys.push(card.clone());
        }
    }
    p.changes.sort_by_key(|c| c.kind);
    p.after = result.figures();
    p.result = result;
    p
}

/// One the other side proposed is taken; its acceptance by the other side too. Two different
/// versions of one amendment are not merged.
fn merge_amendments(result: &mut Ledger, theirs: &[Amendment], gate: Option<&Gate>, p: &mut Plan) {
    for theirs in theirs {
        let ours = result
            .convention()
            .terms()
            .amendments
            .iter()
            .find(|a| a.id == theirs.id)
            .cloned();
        let Some(merged) = merge_amendment(ours.as_ref(), theirs, p) else {
            continue;
        };
        if let Some(gate) = gate {
            let admission = signed::admission(&merged, ours.as_ref().map(|o| o as _), gate);
            let name = merged.label();
            if !admitted(admission, name.clone(), result, p) {
                continue;
            }
        }
        let theirs = &merged;
        // What it changes, from what to what (the terms in force before it).
        let was = result.convention();
        let mut changes = Vec::new();
        if let Some(end) = theirs.changes.ends_on {
            changes.push(format!("fin {} → {}", fr(was.ends_on()), fr(end)));
        }
        if let Some(envelope) = theirs.changes.envelope {
            changes.push(format!("enveloppe {} → {envelope}", was.envelope()));
        }
        changes.extend(
            theirs
                .describe()
                .into_iter()
                .filter(|d| !d.starts_with("Fin ") && !d.starts_with("Enveloppe ")),
        );
        match result.put_amendment(theirs.clone()) {
            Ok(()) => {
                let mut taken = Vec::new();
                if ours.is_none() {
                    let mut t = Taken::new("Avenant proposé", &theirs.proposed);
                    t.on = Some(theirs.proposed_on);
                    t.detail = Some(changes.join(", "));
                    taken.push(t);
                }
                let accepted_before = ours.as_ref().and_then(|o| o.accepted.as_ref());
                if let Some(a) = &theirs.accepted
                    && accepted_before.is_none_or(|b| b.stamp != a.stamp)
                {
                    let mut t = Taken::new("Avenant accepté", &a.stamp);
                    t.on = Some(a.on);
                    taken.push(t);
                }
                let state = if theirs.in_force() {
                    " (en vigueur)"
                } else {
                    " (proposé)"
                };
                p.changes.push(RecordChange::new(
                    RecordKind::Amendment,
                    theirs.id.0.clone(),
                    format!("{}{state}", theirs.label()),
                    What::added_if(ours.is_none()),
                    taken,
                ));
            }
            Err(e) => p.refused.push(Problem {
                place: theirs.label(),
                message: e.to_string(),
            }),
        }
    }
}

/// `ours` (if any) merged with `theirs`, `None` when nothing changes: one proposal, by its
/// author; its acceptance by the other party: the one recorded, or the earlier of two (two agents
/// accepting on their machines); of one step both hold, the smaller seal (a copy sent before its
/// seal was put holds none).
fn merge_amendment(
    ours: Option<&Amendment>,
    theirs: &Amendment,
    p: &mut Plan,
) -> Option<Amendment> {
    let Some(o) = ours else {
        return Some(theirs.clone());
    };
    if o == theirs {
        return None;
    }
    let proposal = |a: &Amendment| Amendment {
        accepted: None,
        proposed_seal: None,
        ..a.clone()
    };
    if proposal(o) != proposal(theirs) {
        p.refused.push(Problem {
            place: theirs.label(),
            message: "enregistré autrement ici : celui du fichier n'est pas repris.".into(),
        });
        return None;
    }
    let first = |x: &Acceptance| (x.on, records::owned_key(&x.stamp, ()));
    let accepted = match (&o.accepted, &theirs.accepted) {
        (Some(a), Some(b)) if (a.on, &a.stamp) == (b.on, &b.stamp) => Some(Acceptance {
            seal: smaller_seal(&a.seal, &b.seal),
            ..a.clone()
        }),
        (Some(a), Some(b)) => Some(if first(b) < first(a) { b } else { a }.clone()),
        (a, b) => a.clone().or_else(|| b.clone()),
    };
    let merged = Amendment {
        accepted,
        proposed_seal: smaller_seal(&o.proposed_seal, &theirs.proposed_seal),
        ..o.clone()
    };
    (&merged != o).then_some(merged)
}

/// A termination notified by the other side is taken, and the receipt of the one held here;
/// judged at the gate like every signed record (the notice and the receipt are the notifying
/// side's steps). Two different notices are not merged ([`merged_termination`]).
fn merge_termination(
    ledger: &Ledger,
    result: &mut Ledger,
    content: &Content,
    gate: Option<&Gate>,
    p: &mut Plan,
) {
    let ours = ledger.convention().terms().termination.as_ref();
    let Some(theirs) = content.convention.termination.as_ref() else {
        return;
    };
    let Some(t) = merged_termination(ours, theirs) else {
        return;
    };
    let name = "Résiliation de la convention (art. 3.3)";
    if let Some(gate) = gate {
        let admission = signed::admission(&t, ours.map(|o| o as _), gate);
        if !admitted(admission, name.to_string(), result, p) {
            return;
        }
    }
    let mut taken = Vec::new();
    if ours.is_none_or(|o| o.recorded != t.recorded) {
        let mut notice = Taken::new("Résiliation notifiée", &t.recorded);
        notice.on = Some(t.notified_on);
        notice.detail = Some(format!("motif : {}", t.reason));
        taken.push(notice);
    }
    if let (Some(received), Some(stamp)) = (t.received_on, t.receipt_stamp())
        && ours.is_none_or(|o| o.received_on != t.received_on)
    {
        let mut receipt = Taken::new("Accusé de réception enregistré", stamp);
        receipt.on = Some(received);
        taken.push(receipt);
    }
    result.put_termination(Some(t));
    p.changes.push(RecordChange::new(
        RecordKind::Termination,
        "résiliation".into(),
        name.into(),
        What::added_if(ours.is_none()),
        taken,
    ));
}

/// The termination that stands when `theirs` is received where `ours` is held, if it differs
/// from ours. The first notice stands (by its letter's date, then who recorded it and when, then
/// its reason); of one notice, the receipt recorded (the earlier of two), each step keeping its
/// smaller seal. A total order, the same on every machine.
fn merged_termination(ours: Option<&Termination>, theirs: &Termination) -> Option<Termination> {
    let Some(o) = ours else {
        return Some(theirs.clone());
    };
    let notice = |t: &Termination| {
        (
            t.notified_on,
            records::owned_key(&t.recorded, ()),
            t.reason.clone(),
        )
    };
    if notice(theirs) != notice(o) {
        return (notice(theirs) < notice(o)).then(|| theirs.clone());
    }
    let receipt = |t: &Termination| {
        (
            t.received_on.is_none(),
            t.received_on,
            t.receipt_stamp().map(|s| records::owned_key(s, ())),
        )
    };
    let from = if receipt(theirs) < receipt(o) {
        theirs
    } else {
        o
    };
    let merged = Termination {
        seal: smaller_seal(&o.seal, &theirs.seal),
        receipt_seal: if receipt(theirs) == receipt(o) {
            smaller_seal(&o.receipt_seal, &theirs.receipt_seal)
        } else {
            from.receipt_seal.clone()
        },
        ..from.clone()
    };
    (&merged != o).then_some(merged)
}
