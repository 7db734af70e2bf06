//! The facts each step of an action states, for its signature (`domain::signing`), and the seals
//! its history carries: which steps still wait for their author's signature, the seal put on
//! them, and whether each fact the record states is attested by a step that states it.

use super::*;
use crate::domain::convention::ConventionId;
use crate::domain::ledger::{Target, Unsealed};
use crate::domain::signing::{Facts, RecordRef, Seal, canonical};
use crate::domain::trust::{Distrust, Gate, Verdict};

/// A text as a fact: itself up to [`LONG_FACT`] bytes, else `sha256:` and the hexadecimal
/// SHA-256 of its UTF-8 bytes — the signature binds it all the same, and a programme or a need
/// is not written twice in every file.
fn text_fact(text: &str) -> String {
    if text.len() <= LONG_FACT {
        return text.to_string();
    }
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    format!("sha256:{}", crate::domain::signing::hex(&digest))
}

/// Longest text written as itself in a step's facts, in bytes.
pub const LONG_FACT: usize = 64;

/// A date as files write it ("2021-01-25": chrono's `Display`, which its serde uses).
fn day(on: &NaiveDate) -> String {
    on.to_string()
}

/// An amount as files write it ("1200.00": the decimal's text, which its serde uses).
fn amount(euros: &Euros) -> String {
    euros.decimal().to_string()
}

impl Action {
    /// The facts the step `kind` stamped `stamp` states, as the record holds them now: what its
    /// signature covers besides who and when. A note's change states no fact: its text may be
    /// confidential (art. 3.1) and left out of files, so the signature says who changed it and
    /// when only.
    pub fn facts(&self, kind: Step, stamp: &Stamp) -> Facts {
        let r = &self.record;
        let mut f = Facts::new();
        let mut put = |name: &str, value: String| {
            f.insert(name.to_string(), value);
        };
        match kind {
            Step::Created => {
                put("company", r.company.0.clone());
                put("fiche", format!("{:?}", r.fiche));
                put("identified_on", day(&r.identified_on));
                put("need", text_fact(&r.need));
            }
            Step::Requested => {
                if let Some(id) = &r.request {
                    put("request", id.0.clone());
                }
            }
            Step::DevisSent => {
                if let Some(d) = &r.devis {
                    put("on", day(&d.sent_on));
                    put("amount", amount(&d.amount));
                    put("programme", text_fact(&d.programme));
                    if let Some(number) = &d.number {
                        put("number", number.to_string());
                    }
                }
            }
            Step::Engaged => {
                if let Some(on) = r.engaged_on {
                    put("on", day(&on));
                }
            }
            Step::ServiceDone => {
                if let Some(on) = r.done_on {
                    put("on", day(&on));
                }
            }
            Step::Invoiced => {
                if let Some(i) = &r.invoice {
                    put("number", i.number.clone());
                    put("on", day(&i.issued_on));
                    put("amount", amount(&i.amount));
                    if let Some(why) = &i.difference_reason {
                        put("difference_reason", text_fact(why));
                    }
                }
            }
            Step::Paid => {
                if let Some(on) = r.paid_on {
                    put("on", day(&on));
                }
            }
            Step::Refused | Step::Cancelled => {
                if let Some(s) = &r.stop {
                    put("on", day(&s.on));
                    put("reason", text_fact(&s.reason));
                }
            }
            Step::FollowedUp => {
                if let Some(fu) = r.follow_ups.iter().find(|fu| &fu.stamp == stamp) {
                    put("on", day(&fu.on));
                    put(
                        "outcomes",
                        serde_json::to_string(&fu.outcomes).unwrap_or_default(),
                    );
                    put("text", text_fact(&fu.text));
                }
            }
            Step::NoteChanged => {}
        }
        f
    }

    /// The step as the file and the canonical form write it ("Engaged": its variant's name, as
    /// serde writes it; a test keeps the two alike).
    pub fn step_name(kind: Step) -> &'static str {
        match kind {
            Step::Cancelled => "Cancelled",
            Step::Created => "Created",
            Step::DevisSent => "DevisSent",
            Step::Engaged => "Engaged",
            Step::FollowedUp => "FollowedUp",
            Step::Invoiced => "Invoiced",
            Step::NoteChanged => "NoteChanged",
            Step::Paid => "Paid",
            Step::Refused => "Refused",
            Step::Requested => "Requested",
            Step::ServiceDone => "ServiceDone",
        }
    }

    /// The canonical form of the step `kind` stamped `stamp` stating `facts`, in `convention`.
    pub fn canonical(
        &self,
        convention: &ConventionId,
        kind: Step,
        stamp: &Stamp,
        facts: &Facts,
    ) -> Vec<u8> {
        canonical(
            convention,
            RecordRef::Action(&self.record.id.0),
            Self::step_name(kind),
            stamp,
            facts,
        )
    }

    /// The steps stamped `stamp` that wait for a signature, with what to sign.
    pub fn unsealed(&self, convention: &ConventionId, stamp: &Stamp) -> Vec<Unsealed> {
        self.record
            .history
            .iter()
            .filter(|e| e.seal.is_none() && &e.stamp == stamp)
            .map(|e| {
                let facts = self.facts(e.kind, &e.stamp);
                Unsealed {
                    target: Target::Step {
                        action: self.record.id.clone(),
                        kind: e.kind,
                    },
                    stamp: e.stamp.clone(),
                    message: self.canonical(convention, e.kind, &e.stamp, &facts),
                    facts,
                }
            })
            .collect()
    }

    /// Whether `other` is this action but for the seals of its history. A seal arrives just after
    /// each step (the browser signs it then): a screen showing the action's facts and forms is
    /// not drawn again for it — what the user is typing there stays — only its history's proofs.
    pub fn same_but_seals(&self, other: &Action) -> bool {
        let unsealed = |a: &Action| {
            let mut record = a.record.clone();
            for e in &mut record.history {
                e.seal = None;
            }
            record
        };
        self.record.history.len() == other.record.history.len() && unsealed(self) == unsealed(other)
    }

    /// Puts `seal` on the unsealed step `kind` stamped `stamp`; `false` if there is none (undone
    /// meanwhile).
    pub(crate) fn put_seal(&mut self, kind: Step, stamp: &Stamp, seal: Seal) -> bool {
        match self
            .record
            .history
            .iter_mut()
            .find(|e| e.kind == kind && &e.stamp == stamp && e.seal.is_none())
        {
            Some(e) => {
                e.seal = Some(seal);
                true
            }
            None => false,
        }
    }

    /// The steps whose facts the record states, each with the stamp it is expected under (`None`:
    /// any step of that kind will do): the devis, the engagement… and each follow-up (not the
    /// request it answers: a copy of the payer's request record, which answers for it). A fact is
    /// **attested** when a step of that kind states exactly the record's value.
    pub fn stated(&self) -> Vec<(Step, Option<&Stamp>)> {
        let r = &self.record;
        let mut steps = vec![(Step::Created, None)];
        let present = [
            (Step::DevisSent, r.devis.is_some()),
            (Step::Engaged, r.engaged_on.is_some()),
            (Step::ServiceDone, r.done_on.is_some()),
            (Step::Invoiced, r.invoice.is_some()),
            (Step::Paid, r.paid_on.is_some()),
        ];
        steps.extend(present.iter().filter(|(_, p)| *p).map(|(s, _)| (*s, None)));
        if let Some(stop) = &r.stop {
            let kind = match stop.kind {
                StopKind::Refused => Step::Refused,
                StopKind::Cancelled => Step::Cancelled,
            };
            steps.push((kind, None));
        }
        steps.extend(
            r.follow_ups
                .iter()
                .map(|fu| (Step::FollowedUp, Some(&fu.stamp))),
        );
        steps
    }
}

/// What a received copy of an action is worth at the [`Gate`]: the steps it brings, judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Every step it brings is signed by a key trusted for its side (or known here already), and
    /// every fact it states is attested by such a step.
    Admitted,
    /// Some steps it brings are unsigned (a version before signatures wrote them): taken only on
    /// the user's explicit confirmation. The steps, who and when.
    Unsigned(Vec<(Step, Stamp)>),
    /// A step is not accepted: the record is not taken (what it says is one whole).
    Refused {
        /// The step.
        step: Step,
        /// Who took it, by the record's account, and when (`None`: a fact no step attests).
        stamp: Option<Stamp>,
        /// Why.
        why: Distrust,
    },
}

impl Action {
    /// What this copy, received, is worth where `ours` is held (`None`: new here): each step it
    /// brings must be signed by a key the gate trusts for the side its stamp names, its
    /// signature holding (art. 2.1–2.2: each party answers for its own steps), and each fact the
    /// record states that differs from ours (a date, an amount, a reason) must be stated by such
    /// a step — else the record was altered after its steps were signed.
    pub fn admission(&self, ours: Option<&Action>, gate: &Gate) -> Admission {
        let held =
            |e: &Event| ours.is_some_and(|o| o.record.history.iter().any(|h| h.same_step(e)));
        let held_as_is = |e: &Event| ours.is_some_and(|o| o.record.history.contains(e));
        let record = RecordRef::Action(&self.record.id.0);
        let mut unsigned = Vec::new();
        for e in &self.record.history {
            // The request an action answers is copied from the payer's request record, stamped
            // as that request: the request's own record answers for it (not signed yet).
            if held_as_is(e) || e.kind == Step::Requested {
                continue;
            }
            match gate.judge(record, Self::step_name(e.kind), &e.stamp, e.seal.as_ref()) {
                Verdict::Accepted => {}
                Verdict::Unsigned if held(e) => {}
                Verdict::Unsigned => unsigned.push((e.kind, e.stamp.clone())),
                Verdict::Refused(why) => {
                    return Admission::Refused {
                        step: e.kind,
                        stamp: Some(e.stamp.clone()),
                        why,
                    };
                }
            }
        }
        for (kind, stamp) in self.stated() {
            let probe = stamp.unwrap_or(&self.record.history[0].stamp);
            let now = self.facts(kind, probe);
            if ours.is_some_and(|o| o.facts(kind, probe) == now) {
                continue;
            }
            let attested = self.record.history.iter().any(|e| {
                e.kind == kind
                    && stamp.is_none_or(|s| &e.stamp == s)
                    && match &e.seal {
                        Some(seal) => seal.facts == now,
                        // An unsigned step (a version before signatures) attests as before: it
                        // is known here already, or held back below for the user's confirmation.
                        None => true,
                    }
            });
            if !attested {
                return Admission::Refused {
                    step: kind,
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
}
