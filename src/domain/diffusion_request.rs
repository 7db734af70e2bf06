//! Requests to pass confidential data to an outside body (art. 3.1: "les informations
//! confidentielles … ne pourront être communiquées à des tiers qu'après concertation et accord
//! express des deux parties", always naming the source). A request says who asks, what and for
//! what purpose; the chamber and the payer each give their agreement as a step of their own; only
//! while both agreements stand is the export of the confidential data offered; either party may
//! withdraw its agreement, which stops it. Each export is recorded. Aggregated, non-confidential
//! figures need none of this ([`crate::exchange::diffusion`]).
//!
//! Every step is dated and stamped; the history is the record, re-checked whenever it is read.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::action::{MAX_LONG_TEXT_CHARS, MAX_SHORT_TEXT_CHARS};
use super::audit::Stamp;
use super::company::check_text;
use super::convention::{Convention, Side};
use super::date::fr;
use super::error::DomainError;
use super::signed::{
    HistoryEvent, SealedKind, SignedHistory, Stated, StepView, seal_line, stated_by, steps_of,
    text_fact, unite,
};
use super::signing::{Facts, Seal};

/// Identifier of a diffusion request, unique across both parties' machines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DiffusionId(pub String);

impl fmt::Display for DiffusionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What happens to a diffusion request. Either party takes each step, for its own side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DiffusionStep {
    /// Its side agreed.
    Agreed,
    /// The confidential data were exported for the outside body.
    Exported,
    /// The request was recorded.
    Requested,
    /// Its side withdrew its agreement.
    Withdrawn,
}

impl DiffusionStep {
    /// The line of the history.
    pub fn label(self) -> &'static str {
        match self {
            DiffusionStep::Requested => "Diffusion demandée",
            DiffusionStep::Agreed => "Accord donné",
            DiffusionStep::Withdrawn => "Accord retiré",
            DiffusionStep::Exported => "Données exportées",
        }
    }
}

/// One step, dated and stamped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffusionEvent {
    /// What.
    pub kind: DiffusionStep,
    /// The date the user gives.
    #[serde(with = "crate::domain::date::serde_day")]
    pub on: NaiveDate,
    /// Who, for which party, and when.
    pub stamp: Stamp,
    /// The facts the step stated and its author's signature (`None`: recorded before signatures,
    /// or not yet signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

crate::domain::signed::sealed_event!(
    DiffusionEvent,
    DiffusionStep::name,
    DiffusionStep::label,
    custom_same_step
);

/// The same step: the same kind, date and stamp.
impl HistoryEvent for DiffusionEvent {
    fn same_step(&self, other: &Self) -> bool {
        (self.kind, self.on, &self.stamp) == (other.kind, other.on, &other.stamp)
    }
    fn seal_slot(&mut self) -> Option<&mut Option<Seal>> {
        Some(&mut self.seal)
    }
}

/// The stored and exchanged shape of a [`DiffusionRequest`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffusionRecord {
    /// Identifier.
    pub id: DiffusionId,
    /// The outside body that asks.
    pub recipient: String,
    /// The data asked for.
    pub what: String,
    /// What for.
    pub purpose: String,
    /// The request, then each agreement, withdrawal and export, in order.
    pub history: Vec<DiffusionEvent>,
}

/// A request to pass confidential data to an outside body. Built by [`DiffusionRequest::new`],
/// changed only by its steps, re-checked whenever it is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "DiffusionRecord", into = "DiffusionRecord")]
pub struct DiffusionRequest {
    record: DiffusionRecord,
}

impl DiffusionRequest {
    /// A request recorded on `on` by `stamp`'s author (either party).
    pub fn new(
        id: DiffusionId,
        recipient: &str,
        what: &str,
        purpose: &str,
        on: NaiveDate,
        stamp: Stamp,
        convention: &Convention,
    ) -> Result<DiffusionRequest, DomainError> {
        let signed = convention.terms().signed_on;
        if on < signed {
            return Err(DomainError::EntryBeforeSignature(signed));
        }
        Ok(DiffusionRequest {
            record: DiffusionRecord {
                id,
                recipient: check_text(recipient, "organisme destinataire", MAX_SHORT_TEXT_CHARS)?,
                what: check_text(what, "données demandées", MAX_LONG_TEXT_CHARS)?,
                purpose: check_text(purpose, "finalité", MAX_LONG_TEXT_CHARS)?,
                history: vec![DiffusionEvent {
                    kind: DiffusionStep::Requested,
                    on,
                    stamp,
                    seal: None,
                }],
            },
        })
    }

    /// The stored shape.
    pub fn record(&self) -> &DiffusionRecord {
        &self.record
    }

    /// Identifier.
    pub fn id(&self) -> &DiffusionId {
        &self.record.id
    }

    /// "Demande de diffusion du 02/03/2021 (Région BFC)".
    pub fn label(&self) -> String {
        format!(
            "Demande de diffusion du {} ({})",
            fr(self.record.history[0].on),
            self.record.recipient
        )
    }

    /// The agreement of `side` standing now: its last agreement, unless withdrawn since.
    pub fn agreement(&self, side: Side) -> Option<&DiffusionEvent> {
        self.record
            .history
            .iter()
            .rev()
            .find(|e| {
                e.stamp.actor.side == side
                    && matches!(e.kind, DiffusionStep::Agreed | DiffusionStep::Withdrawn)
            })
            .filter(|e| e.kind == DiffusionStep::Agreed)
    }

    /// Whether both parties' agreements stand: only then may the data be exported.
    pub fn authorized(&self) -> bool {
        self.agreement(Side::Chamber).is_some() && self.agreement(Side::Payer).is_some()
    }

    /// Records the step `kind` of `stamp`'s party on `on`, if it may happen next on this
    /// machine: an agreement (not twice), a withdrawal (of an agreement standing), an export
    /// (both agreements standing, art. 3.1). An agreement or a withdrawal is not dated before the
    /// request or an earlier agreement or withdrawal (dates the users typed; an export is dated by
    /// the clock and is compared with none).
    pub fn take(
        &mut self,
        kind: DiffusionStep,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        let side = stamp.actor.side;
        let refused = |why: &str| Err(DomainError::DiffusionRefused(why.into()));
        match kind {
            DiffusionStep::Requested => return refused("demande déjà enregistrée"),
            DiffusionStep::Agreed if self.agreement(side).is_some() => {
                return refused("accord déjà donné par cette partie");
            }
            DiffusionStep::Withdrawn if self.agreement(side).is_none() => {
                return refused("aucun accord de cette partie à retirer");
            }
            DiffusionStep::Exported if !self.authorized() => {
                return refused("export sans l'accord exprès des deux parties (art. 3.1)");
            }
            _ => {}
        }
        if kind != DiffusionStep::Exported
            && let Some(last) = self
                .record
                .history
                .iter()
                .filter(|e| e.kind != DiffusionStep::Exported)
                .max_by_key(|e| e.on)
            && on < last.on
        {
            return Err(DomainError::DiffusionRefused(format!(
                "« {} » du {} précède l'étape « {} » du {}",
                kind.label(),
                fr(on),
                last.kind.label(),
                fr(last.on)
            )));
        }
        self.record.history.push(DiffusionEvent {
            kind,
            on,
            stamp,
            seal: None,
        });
        self.record.history[1..].sort_by(|a, b| history_key(a).cmp(&history_key(b)));
        Ok(())
    }

    /// The history holds together as a record: the request first, and once. What may happen
    /// next is [`Self::take`]'s rule, checked where a step is taken: a merged history holding
    /// steps taken concurrently on two machines (an export crossing a withdrawal) is accepted as
    /// it happened ([`Self::crossed_exports`]).
    fn check_history(&self) -> Result<(), String> {
        let h = &self.record.history;
        if h.first().map(|e| e.kind) != Some(DiffusionStep::Requested)
            || h[1..].iter().any(|e| e.kind == DiffusionStep::Requested)
        {
            return Err("la demande doit ouvrir l'historique, une seule fois".into());
        }
        // An export was made where both agreements stood: both are in any copy that holds it.
        let agreed = |side| {
            h.iter()
                .any(|e| e.kind == DiffusionStep::Agreed && e.stamp.actor.side == side)
        };
        if h.iter().any(|e| e.kind == DiffusionStep::Exported)
            && !(agreed(Side::Chamber) && agreed(Side::Payer))
        {
            return Err("export sans l'accord exprès des deux parties (art. 3.1)".into());
        }
        Ok(())
    }

    /// The exports made while the agreements did not both stand (in the history's order): each
    /// crossed a withdrawal that had not yet reached the machine that exported, with the
    /// withdrawal it crossed. On one machine an export is offered only while both stand.
    pub fn crossed_exports(&self) -> Vec<(&DiffusionEvent, &DiffusionEvent)> {
        let mut standing: [Option<&DiffusionEvent>; 2] = [None, None];
        let mut last_withdrawal: Option<&DiffusionEvent> = None;
        let mut crossed = Vec::new();
        for e in &self.record.history[1..] {
            let i = usize::from(e.stamp.actor.side == Side::Payer);
            match e.kind {
                DiffusionStep::Agreed => standing[i] = Some(e),
                DiffusionStep::Withdrawn => {
                    standing[i] = None;
                    last_withdrawal = Some(e);
                }
                DiffusionStep::Exported if standing.iter().any(Option::is_none) => {
                    if let Some(w) = last_withdrawal {
                        crossed.push((e, w));
                    }
                }
                _ => {}
            }
        }
        crossed
    }

    /// The exports that crossed a withdrawal ([`Self::crossed_exports`]), in French: who
    /// exported, when, whose withdrawal had not yet arrived; the export stays recorded and the
    /// withdrawal is in force (art. 3.1).
    pub fn crossings(&self, convention: &Convention) -> Vec<String> {
        let party = |side| convention.party(side).short_name.clone();
        self.crossed_exports()
            .into_iter()
            .map(|(export, withdrawal)| {
                format!(
                    "Données exportées le {} par {} ({}) alors que {} avait retiré son accord le {} : ce retrait ne lui était pas encore parvenu. L'export reste enregistré ; le retrait est en vigueur et aucune nouvelle diffusion n'est possible sans un nouvel accord (art. 3.1).",
                    fr(export.on),
                    export.stamp.actor.name,
                    party(export.stamp.actor.side),
                    party(withdrawal.stamp.actor.side),
                    fr(withdrawal.on),
                )
            })
            .collect()
    }

    /// Where it stands, in French, naming the parties.
    pub fn status(&self, convention: &Convention) -> String {
        let party = |side| convention.party(side).short_name.clone();
        let of = |side| match self.agreement(side) {
            Some(e) => format!("accord de {} le {}", party(side), fr(e.on)),
            None => format!("accord de {} attendu", party(side)),
        };
        let exported = self
            .record
            .history
            .iter()
            .filter(|e| e.kind == DiffusionStep::Exported)
            .count();
        format!(
            "{} ; {}{}{}",
            of(Side::Chamber),
            of(Side::Payer),
            if self.authorized() {
                " : diffusion autorisée"
            } else {
                " : diffusion non autorisée"
            },
            if exported > 0 {
                format!(" ; exportées {exported} fois")
            } else {
                String::new()
            }
        )
    }

    /// Merges another copy of this request (the other machine's): the union of both histories
    /// in one order (date, then the moment, party, name and step). Every step is kept, those taken concurrently included.
    pub fn merged_with(&self, theirs: &DiffusionRequest) -> Result<DiffusionRequest, String> {
        let (o, t) = (&self.record, &theirs.record);
        if (&o.recipient, &o.what, &o.purpose) != (&t.recipient, &t.what, &t.purpose) {
            return Err("organisme, données ou finalité différents des deux côtés".into());
        }
        let mut history = o.history.clone();
        for e in &t.history {
            unite(&mut history, e);
        }
        history[1..].sort_by(|a, b| history_key(a).cmp(&history_key(b)));
        DiffusionRequest::try_from(DiffusionRecord {
            history,
            ..o.clone()
        })
    }
}

/// The order of a request's steps after the request itself, the same on every machine: the
/// date, then the moment, party, name and step.
fn history_key(
    e: &DiffusionEvent,
) -> (NaiveDate, chrono::NaiveDateTime, Side, &str, DiffusionStep) {
    (
        e.on,
        e.stamp.at,
        e.stamp.actor.side,
        &e.stamp.actor.name,
        e.kind,
    )
}

impl TryFrom<DiffusionRecord> for DiffusionRequest {
    type Error = String;

    fn try_from(record: DiffusionRecord) -> Result<Self, Self::Error> {
        let request = DiffusionRequest { record };
        request
            .check_history()
            .map_err(|e| format!("{} incohérente : {e}", request.label()))?;
        Ok(request)
    }
}

impl From<DiffusionRequest> for DiffusionRecord {
    fn from(request: DiffusionRequest) -> Self {
        request.record
    }
}

#[cfg(test)]
#[path = "diffusion_request_tests.rs"]
mod tests;

impl DiffusionStep {
    /// The step as files and the canonical form write it.
    pub fn name(self) -> &'static str {
        match self {
            DiffusionStep::Agreed => "Agreed",
            DiffusionStep::Exported => "Exported",
            DiffusionStep::Requested => "Requested",
            DiffusionStep::Withdrawn => "Withdrawn",
        }
    }

    fn named(name: &str) -> Option<DiffusionStep> {
        [
            DiffusionStep::Agreed,
            DiffusionStep::Exported,
            DiffusionStep::Requested,
            DiffusionStep::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// A diffusion request's signed steps (docs/echange.md, « Étapes signées »): each states its
/// date; the request also the body that asks, the data and the purpose.
impl SignedHistory for DiffusionRequest {
    fn kind(&self) -> SealedKind {
        SealedKind::Diffusion
    }

    fn sealed_id(&self) -> String {
        self.record.id.0.clone()
    }

    fn signed_steps(&self) -> Vec<StepView<'_>> {
        steps_of(&self.record.history)
    }

    fn step_facts(&self, step: &str, stamp: &Stamp) -> Facts {
        let r = &self.record;
        let mut f = Facts::new();
        let Some(e) = r
            .history
            .iter()
            .find(|e| e.kind.name() == step && &e.stamp == stamp)
        else {
            return f;
        };
        f.insert("on".into(), e.on.to_string());
        if e.kind == DiffusionStep::Requested {
            f.insert("recipient".into(), text_fact(&r.recipient));
            f.insert("what".into(), text_fact(&r.what));
            f.insert("purpose".into(), text_fact(&r.purpose));
        }
        f
    }

    /// Every step states its own date: each is attested by itself.
    fn stated(&self) -> Vec<Stated<'_>> {
        stated_by(self.signed_steps())
    }

    fn step_label(&self, step: &str) -> &'static str {
        DiffusionStep::named(step).map_or("étape inconnue", DiffusionStep::label)
    }

    fn put_seal(&mut self, step: &str, stamp: &Stamp, seal: Seal) -> bool {
        seal_line(&mut self.record.history, step, stamp, seal)
    }
}
