//! The facts each step of an action states, for its signature (`domain::signing`), and the seals
//! its history carries: which steps still wait for their author's signature, the seal put on
//! them, and whether each fact the record states is attested by a step that states it.

use super::*;
use crate::domain::signed::{
    SealedKind, SignedHistory, Stated, StepView, seal_line, steps_of, text_fact,
};
use crate::domain::signing::{Facts, Seal};

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

/// The step named `name` as files write it.
fn step_of(name: &str) -> Option<Step> {
    Step::ALL
        .iter()
        .copied()
        .find(|&k| Action::step_name(k) == name)
}

impl SignedHistory for Action {
    fn kind(&self) -> SealedKind {
        SealedKind::Action
    }

    fn sealed_id(&self) -> String {
        self.record.id.0.clone()
    }

    fn signed_steps(&self) -> Vec<StepView<'_>> {
        steps_of(&self.record.history)
    }

    fn step_facts(&self, step: &str, stamp: &Stamp) -> Facts {
        step_of(step).map_or_else(Facts::new, |kind| self.facts(kind, stamp))
    }

    fn stated(&self) -> Vec<Stated<'_>> {
        Action::stated(self)
            .into_iter()
            .map(|(kind, stamp)| Stated {
                step: Self::step_name(kind),
                stamp,
            })
            .collect()
    }

    fn step_label(&self, step: &str) -> &'static str {
        step_of(step).map_or("étape inconnue", Step::event_label)
    }

    fn put_seal(&mut self, step: &str, stamp: &Stamp, seal: Seal) -> bool {
        seal_line(&mut self.record.history, step, stamp, seal)
    }

    /// The request an action answers is copied from the payer's request record, stamped as that
    /// request: the request's own record, signed, answers for it.
    fn proved_elsewhere(&self, step: &str) -> bool {
        step == Self::step_name(Step::Requested)
    }
}
