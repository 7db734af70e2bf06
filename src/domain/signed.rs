//! The signed histories every record kind shares (issue "No one speaks for the other party"):
//! a company record's creation and changes, an action's steps, a request and its answer, an
//! amendment's proposal and acceptance, a journal entry and its changes, a diffusion request's
//! agreements, withdrawals and exports, a monthly table issued, a fiche 3 company's offers and
//! demands, the convention's termination and its receipt (art. 2.1–3.4: each party answers
//! for its own steps). Each kind says, through [`SignedHistory`], which steps its history holds,
//! the facts each states (what its signature covers besides who and when:
//! `signing::canonical`), and which facts the record states that a step must attest. Everything
//! else — what waits for a signature here, what a received copy is worth at the [`Gate`], which
//! signatures a file asks to check — is decided once, here, for every kind.

use super::audit::Stamp;
use super::convention::ConventionId;
use super::ledger::{Target, Unsealed};
use super::signing::{Facts, KeyId, RecordRef, Seal, canonical, hex};
use super::trust::{Distrust, Gate, Verdict};

/// The kinds of record whose steps are signed, as the canonical form names them
/// (`record=<kind>:<id>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SealedKind {
    /// An action (`action:<id>`).
    Action,
    /// A request of the payer (`request:<id>`).
    Request,
    /// An amendment (`amendment:<id>`).
    Amendment,
    /// A journal entry (`journal:<id>`).
    Journal,
    /// A request to pass confidential data to an outside body (`diffusion:<id>`).
    Diffusion,
    /// A monthly table issued (`issued:<year-month>`).
    Issued,
    /// A company record (`company:<id>`).
    Company,
    /// A fiche 3 company's offers and demands (`collaboration:<company id>`).
    Collaboration,
    /// The convention's termination: its notice and the receipt (`termination:notice`).
    Termination,
}

impl SealedKind {
    /// Its name in the canonical form.
    pub fn name(self) -> &'static str {
        match self {
            SealedKind::Action => "action",
            SealedKind::Request => "request",
            SealedKind::Amendment => "amendment",
            SealedKind::Journal => "journal",
            SealedKind::Diffusion => "diffusion",
            SealedKind::Issued => "issued",
            SealedKind::Company => "company",
            SealedKind::Collaboration => "collaboration",
            SealedKind::Termination => "termination",
        }
    }
}

/// One step of a record's history, as signatures see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepView<'a> {
    /// The step as files and the canonical form write it ("Engaged", "Proposed"…).
    pub step: &'static str,
    /// The step in French, for the user ("Engagé", "Avenant proposé"…).
    pub label: &'static str,
    /// Who took it and when.
    pub stamp: &'a Stamp,
    /// Its seal, once signed.
    pub seal: Option<&'a Seal>,
}

impl StepView<'_> {
    /// Whether it is the same step as `other` (what, who, when), sealed or not.
    fn same_step(&self, other: &StepView<'_>) -> bool {
        self.step == other.step && self.stamp == other.stamp
    }
}

/// A fact the record states, which a step must attest: a step named `step` (stamped `stamp` when
/// given) whose signed facts are the record's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stated<'a> {
    /// The step that states it.
    pub step: &'static str,
    /// The stamp it is expected under (`None`: any step of that kind will do).
    pub stamp: Option<&'a Stamp>,
}

/// The steps `steps` as facts the record states, each to be attested by itself: for
/// [`SignedHistory::stated`] (every step of an amendment, a termination or a diffusion request;
/// the last of a company record or of offers and demands, whose latest recording carries them).
pub fn stated_by<'a>(steps: impl IntoIterator<Item = StepView<'a>>) -> Vec<Stated<'a>> {
    steps
        .into_iter()
        .map(|s| Stated {
            step: s.step,
            stamp: Some(s.stamp),
        })
        .collect()
}

/// Puts `seal` in `slot` if it is empty, for [`SignedHistory::put_seal`]; `false` if it was
/// sealed already.
pub fn fill_seal(slot: &mut Option<Seal>, seal: Seal) -> bool {
    let open = slot.is_none();
    if open {
        *slot = Some(seal);
    }
    open
}

/// A record whose history's steps are signed by their authors.
pub trait SignedHistory {
    /// Its kind.
    fn kind(&self) -> SealedKind;
    /// Its id, as the canonical form writes it.
    fn sealed_id(&self) -> String;
    /// Every step of its history, oldest first.
    fn signed_steps(&self) -> Vec<StepView<'_>>;
    /// The facts the step `step` stamped `stamp` states, as the record holds them now.
    fn step_facts(&self, step: &str, stamp: &Stamp) -> Facts;
    /// The facts the record states, each to be attested by a step.
    fn stated(&self) -> Vec<Stated<'_>>;
    /// The step `step` in French, for the user.
    fn step_label(&self, step: &str) -> &'static str;
    /// Puts `seal` on the unsealed step `step` stamped `stamp`; `false` if there is none (undone
    /// meanwhile, or sealed already).
    fn put_seal(&mut self, step: &str, stamp: &Stamp, seal: Seal) -> bool;
    /// Whether the step `step` is proved by another record (an action's request, copied from the
    /// payer's request record, which carries its signature): not judged here.
    fn proved_elsewhere(&self, _step: &str) -> bool {
        false
    }

    /// The canonical form of the step `step` stamped `stamp` stating `facts`, in `convention`.
    fn canonical(
        &self,
        convention: &ConventionId,
        step: &str,
        stamp: &Stamp,
        facts: &Facts,
    ) -> Vec<u8> {
        let id = self.sealed_id();
        canonical(
            convention,
            RecordRef::Of(self.kind().name(), &id),
            step,
            stamp,
            facts,
        )
    }
}

/// Longest text written as itself in a step's facts, in bytes.
pub const LONG_FACT: usize = 64;

/// A text as a fact: itself up to [`LONG_FACT`] bytes, else `sha256:` and the hexadecimal
/// SHA-256 of its UTF-8 bytes — the signature binds it all the same, and a programme or a need
/// is not written twice in every file.
pub fn text_fact(text: &str) -> String {
    if text.len() <= LONG_FACT {
        return text.to_string();
    }
    use sha2::{Digest, Sha256};
    format!("sha256:{}", hex(&Sha256::digest(text.as_bytes())))
}

/// A value as a fact: its compact JSON with every object's keys in byte order (as the file's
/// checksum writes it: `serde_json::Value` keeps its keys sorted), through [`text_fact`] (a
/// meeting's body, an amendment's changes, a table's figures).
pub fn json_fact<T: serde::Serialize>(value: &T) -> String {
    let value = serde_json::to_value(value).unwrap_or_default();
    text_fact(&value.to_string())
}

/// The steps of `record` stamped `stamp` that wait for a signature, with what to sign.
pub fn unsealed(
    record: &dyn SignedHistory,
    convention: &ConventionId,
    stamp: &Stamp,
) -> Vec<Unsealed> {
    record
        .signed_steps()
        .into_iter()
        .filter(|s| s.seal.is_none() && s.stamp == stamp)
        .map(|s| {
            let facts = record.step_facts(s.step, s.stamp);
            Unsealed {
                target: Target::Step {
                    kind: record.kind(),
                    id: record.sealed_id(),
                    step: s.step,
                },
                stamp: s.stamp.clone(),
                message: record.canonical(convention, s.step, s.stamp, &facts),
                facts,
            }
        })
        .collect()
}

/// What a received copy of a record is worth at the [`Gate`]: the steps it brings, judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Every step it brings is signed by a key trusted for its side (or known here already), and
    /// every fact it states is attested by such a step.
    Admitted,
    /// Some steps it brings are unsigned (a version before signatures wrote them): taken only on
    /// the user's explicit confirmation. The steps (in French), who and when.
    Unsigned(Vec<(&'static str, Stamp)>),
    /// A step is not accepted: the record is not taken (what it says is one whole).
    Refused {
        /// The step, in French.
        step: &'static str,
        /// Who took it, by the record's account, and when (`None`: a fact no step attests).
        stamp: Option<Stamp>,
        /// Why.
        why: Distrust,
    },
}

/// What `theirs`, received, is worth where `ours` is held (`None`: new here): each step it brings
/// must be signed by a key the gate trusts for the side its stamp names, its signature holding
/// (art. 2.1–2.2: each party answers for its own steps), and each fact the record states that
/// differs from ours (a date, an amount, a reason) must be stated by such a step — else the
/// record was altered after its steps were signed.
pub fn admission(
    theirs: &dyn SignedHistory,
    ours: Option<&dyn SignedHistory>,
    gate: &Gate,
) -> Admission {
    let ours_steps = ours.map(|o| o.signed_steps()).unwrap_or_default();
    let steps = theirs.signed_steps();
    let id = theirs.sealed_id();
    let record = RecordRef::Of(theirs.kind().name(), &id);
    let mut unsigned = Vec::new();
    for s in &steps {
        if ours_steps.contains(s) || theirs.proved_elsewhere(s.step) {
            continue;
        }
        match gate.judge(record, s.step, s.stamp, s.seal) {
            Verdict::Accepted => {}
            Verdict::Unsigned if ours_steps.iter().any(|o| o.same_step(s)) => {}
            Verdict::Unsigned => unsigned.push((s.label, s.stamp.clone())),
            Verdict::Refused(why) => {
                return Admission::Refused {
                    step: s.label,
                    stamp: Some(s.stamp.clone()),
                    why,
                };
            }
        }
    }
    for fact in theirs.stated() {
        let Some(first) = steps.first() else { break };
        let probe = fact.stamp.unwrap_or(first.stamp);
        let now = theirs.step_facts(fact.step, probe);
        if ours.is_some_and(|o| o.step_facts(fact.step, probe) == now) {
            continue;
        }
        let attested = steps.iter().any(|s| {
            s.step == fact.step
                && fact.stamp.is_none_or(|st| s.stamp == st)
                && match s.seal {
                    Some(seal) => seal.facts == now,
                    // An unsigned step (a version before signatures) attests as before: it is
                    // known here already, or held back above for the user's confirmation.
                    None => true,
                }
        });
        if !attested {
            return Admission::Refused {
                step: theirs.step_label(fact.step),
                stamp: None,
                why: Distrust::Unattested,
            };
        }
    }
    if unsigned.is_empty() || gate.take_unsigned {
        Admission::Admitted
    } else {
        Admission::Unsigned(unsigned)
    }
}

/// Each sealed step of `record`, with its canonical form and seal: what a file's batch seal and
/// a receiver's checks cover.
pub fn sealed_items<'a>(
    record: &'a dyn SignedHistory,
    convention: &ConventionId,
) -> Vec<(StepView<'a>, Vec<u8>)> {
    record
        .signed_steps()
        .into_iter()
        .filter_map(|s| {
            let seal = s.seal?;
            let message = record.canonical(convention, s.step, s.stamp, &seal.facts);
            Some((s, message))
        })
        .collect()
}

/// Adds to `keys` the keys whose signatures `records` carry. Generic, not through `dyn`: the
/// shipped build's first download (a file's export, another tab's merge) then carries only
/// [`SignedHistory::signed_steps`] of each kind, not the facts' code, which waits in the screens
/// loaded on demand.
pub fn keys_of<'a, T: SignedHistory + 'a>(
    records: impl IntoIterator<Item = &'a T>,
    keys: &mut std::collections::BTreeSet<KeyId>,
) {
    for r in records {
        keys.extend(
            r.signed_steps()
                .iter()
                .filter_map(|s| s.seal.map(|seal| seal.key.clone())),
        );
    }
}

/// A line of a record's history, as merges unite two copies' histories: each step once, a step
/// both copies hold keeping its seal (the smaller of two, should both carry one: the same on
/// every machine). Kinds whose lines carry no seal keep the defaults.
pub trait HistoryEvent: Clone + PartialEq {
    /// Whether it records the same step as `other` (what, who, when), sealed or not.
    fn same_step(&self, other: &Self) -> bool {
        self == other
    }
    /// Its seal's place, for the kinds whose lines are signed.
    fn seal_slot(&mut self) -> Option<&mut Option<Seal>> {
        None
    }
}

/// Adds `e` to `history` unless it holds the same step; then the step keeps the smaller seal of
/// the two.
pub fn unite<E: HistoryEvent>(history: &mut Vec<E>, e: &E) {
    let Some(held) = history.iter_mut().find(|h| h.same_step(e)) else {
        return history.push(e.clone());
    };
    let theirs = e.clone().seal_slot().and_then(|s| s.take());
    if let (Some(seal), Some(mine)) = (theirs, held.seal_slot())
        && mine.as_ref().is_none_or(|m| &seal < m)
    {
        *mine = Some(seal);
    }
}

impl HistoryEvent for Stamp {}

/// Of two copies of one step's seal, the one kept: the smaller of two, else the one there is.
pub fn smaller_seal(a: &Option<Seal>, b: &Option<Seal>) -> Option<Seal> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b).clone()),
        (a, b) => a.clone().or_else(|| b.clone()),
    }
}

/// A signed line of a record's history: its step, as files and in French, who and when, its seal.
pub trait SealedLine {
    /// The step as files and the canonical form write it.
    fn step(&self) -> &'static str;
    /// The step in French.
    fn label(&self) -> &'static str;
    /// Who and when.
    fn stamp(&self) -> &Stamp;
    /// Its seal's place.
    fn seal_mut(&mut self) -> &mut Option<Seal>;
    /// Its seal, once signed.
    fn seal(&self) -> Option<&Seal>;
}

/// The steps of `history`, for [`SignedHistory::signed_steps`].
pub fn steps_of<E: SealedLine>(history: &[E]) -> Vec<StepView<'_>> {
    history
        .iter()
        .map(|e| StepView {
            step: e.step(),
            label: e.label(),
            stamp: e.stamp(),
            seal: e.seal(),
        })
        .collect()
}

/// Puts `seal` on the unsealed line of `history` for step `step` stamped `stamp`, for
/// [`SignedHistory::put_seal`]; `false` if there is none.
pub fn seal_line<E: SealedLine>(history: &mut [E], step: &str, stamp: &Stamp, seal: Seal) -> bool {
    let line = history
        .iter_mut()
        .find(|e| e.step() == step && e.stamp() == stamp && e.seal().is_none());
    line.map(|e| *e.seal_mut() = Some(seal)).is_some()
}

/// Implements [`SealedLine`] for a history line with `kind`, `stamp` and `seal` fields, the step
/// named by `$name` and said by `$label` (functions of the kind), and [`HistoryEvent`] (the same
/// step: the same kind and stamp) unless told `custom_same_step`.
macro_rules! sealed_event {
    ($event:ty, $name:expr, $label:expr) => {
        $crate::domain::signed::sealed_event!($event, $name, $label, custom_same_step);
        impl $crate::domain::signed::HistoryEvent for $event {
            fn same_step(&self, other: &Self) -> bool {
                self.kind == other.kind && self.stamp == other.stamp
            }
            fn seal_slot(&mut self) -> Option<&mut Option<$crate::domain::signing::Seal>> {
                Some(&mut self.seal)
            }
        }
    };
    ($event:ty, $name:expr, $label:expr, custom_same_step) => {
        impl $crate::domain::signed::SealedLine for $event {
            fn step(&self) -> &'static str {
                $name(self.kind)
            }
            fn label(&self) -> &'static str {
                $label(self.kind)
            }
            fn stamp(&self) -> &$crate::domain::audit::Stamp {
                &self.stamp
            }
            fn seal_mut(&mut self) -> &mut Option<$crate::domain::signing::Seal> {
                &mut self.seal
            }
            fn seal(&self) -> Option<&$crate::domain::signing::Seal> {
                self.seal.as_ref()
            }
        }
    };
}
pub(crate) use sealed_event;
