//! Who does what, once: the table of every step that can be recorded on an action, on a company
//! record and on a request, with the side that owns it, the date rule it follows and its French
//! labels. The ledger (local changes), the exchange reader (the other party's records), the merge,
//! the gestures the screen offers and the documents all read this table; nothing else decides who
//! may take a step.
//!
//! The convention splits the work (art. 2.1–2.3): the chamber identifies needs, sends each devis
//! with its programme, does and invoices the service, keeps the diagnostic notes and the company
//! records (art. 2.1: "la CMA … adresse à la CCST un devis et un programme d'intervention"; art. 2.3:
//! the chamber "rend compte des actions menées"); the payer asks for interventions (art. 1: "à la
//! demande de la CCST"), engages or refuses each devis within the envelope and pays on invoice
//! (art. 2.2). Either may cancel an action before its service is done.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::action::ActionRecord;
use super::audit::Stamp;
use super::convention::{Convention, Side};
use super::error::DomainError;

/// Who may take a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Only this side.
    Only(Side),
    /// Either side.
    Either,
}

impl Owner {
    /// Whether someone of `side` may take the step.
    pub fn allows(self, side: Side) -> bool {
        match self {
            Owner::Only(owner) => owner == side,
            Owner::Either => true,
        }
    }
}

/// Where an action stands, derived from the steps it has recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    /// The chamber identified a need at a company.
    NeedIdentified,
    /// The chamber sent a devis with its programme (art. 2.1).
    DevisSent,
    /// The payer engaged the devis within the envelope (art. 2.2).
    Engaged,
    /// The chamber did the service.
    ServiceDone,
    /// The chamber invoiced the service (art. 2.1).
    Invoiced,
    /// The payer paid the invoice (art. 2.1).
    Paid,
    /// The payer refused the devis.
    Refused,
    /// The action was cancelled before the service was done.
    Cancelled,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 8] = [
        Status::NeedIdentified,
        Status::DevisSent,
        Status::Engaged,
        Status::ServiceDone,
        Status::Invoiced,
        Status::Paid,
        Status::Refused,
        Status::Cancelled,
    ];

    /// The status as the user reads it.
    pub fn label(self) -> &'static str {
        match self {
            Status::NeedIdentified => "Besoin identifié",
            Status::DevisSent => "Devis envoyé",
            Status::Engaged => "Engagé",
            Status::ServiceDone => "Service fait",
            Status::Invoiced => "Facturé",
            Status::Paid => "Payé",
            Status::Refused => "Refusé",
            Status::Cancelled => "Annulé",
        }
    }

    /// Whether the action is under way: opened and neither paid, refused nor cancelled.
    pub fn under_way(self) -> bool {
        !matches!(self, Status::Paid | Status::Refused | Status::Cancelled)
    }

    /// Whether the action's amount counts against the envelope in this status (art. 2.2).
    pub fn holds_funds(self) -> bool {
        matches!(
            self,
            Status::Engaged | Status::ServiceDone | Status::Invoiced | Status::Paid
        )
    }
}

/// Every step an action's history can record. The variants are declared in alphabetical order so
/// that the derived `Ord`, which orders merged histories on every machine, is the order earlier
/// versions gave by comparing the names as text: two parties on different versions merge a
/// history into the same order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Step {
    /// The action was cancelled, with a reason.
    Cancelled,
    /// The chamber opened the action: a need identified at a company.
    Created,
    /// The chamber sent the devis and its programme.
    DevisSent,
    /// The payer engaged the devis.
    Engaged,
    /// The chamber recorded what became of the company after the service (art. 2.3).
    FollowedUp,
    /// The chamber recorded its invoice.
    Invoiced,
    /// The chamber changed the diagnostic note.
    NoteChanged,
    /// The payer paid the invoice.
    Paid,
    /// The payer refused the devis, with a reason.
    Refused,
    /// The payer asked for the intervention that became this action (art. 1).
    Requested,
    /// The chamber did the service.
    ServiceDone,
}

/// When a step may be dated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateRule {
    /// Inside the convention's period, up to a termination's effect (art. 3.2, 3.3): what is
    /// prescribed, engaged or done.
    InPeriod,
    /// Possibly after the end: it only settles what was done within it (a cancellation releases
    /// funds; an invoice or a payment follows a service done in time).
    MaySettleAfterEnd,
    /// Not a dated step of the lifecycle.
    Undated,
}

/// One row of the table.
#[derive(Debug)]
pub struct StepRule {
    /// The step.
    pub step: Step,
    /// Who may take it.
    pub owner: Owner,
    /// The statuses it may be taken from; empty for steps outside the status chain.
    pub from: &'static [Status],
    /// The status it leads to, for steps of the chain.
    pub reaches: Option<Status>,
    /// Its date rule.
    pub dated: DateRule,
    /// The button that takes it.
    pub gesture: &'static str,
    /// The line of the history that records it.
    pub event: &'static str,
    /// The step as a date's name in messages ("devis", "engagement").
    pub date_name: &'static str,
    /// What its form asks for besides the date, in the order shown.
    pub fields: &'static [StepField],
    /// The step it needs recorded first (the chain's previous step; the service done for a
    /// follow-up): what follows a step is what must go when that step is taken back.
    pub after: Option<Step>,
}

/// What a step's form asks for besides the date: the screen draws a step's form from its row's
/// [`StepRule::fields`], and [`StepInput`] carries the values to the ledger
/// (`Ledger::take_step`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepField {
    /// The programme sent with the devis (art. 2.1), prefilled with the fiche's.
    Programme,
    /// Why the devis is refused or the action cancelled.
    Reason,
    /// The outcomes observed after the service (annex, art. 2.3), ticked among the fiche's.
    Outcomes,
    /// A comment on the follow-up, sent to the payer.
    Comment,
    /// The invoice's number.
    InvoiceNumber,
    /// The amount invoiced, prefilled with the devis (art. 1: never above it).
    InvoiceAmount,
    /// Why the invoice is below the devis.
    DifferenceReason,
}

impl StepField {
    /// The form field's id, unique on the page.
    pub fn id(self) -> &'static str {
        match self {
            StepField::Programme => "step-programme",
            StepField::Reason => "step-reason",
            StepField::Outcomes => "step-outcomes",
            StepField::Comment => "step-follow-up",
            StepField::InvoiceNumber => "step-invoice-number",
            StepField::InvoiceAmount => "step-invoice-amount",
            StepField::DifferenceReason => "step-invoice-reason",
        }
    }

    /// The field's label.
    pub fn label(self) -> &'static str {
        match self {
            StepField::Programme => "Programme de l'intervention",
            StepField::Reason => "Raison",
            StepField::Outcomes => "Résultats observés (art. 2.3)",
            StepField::Comment => "Commentaire (transmis au financeur : rien de confidentiel)",
            StepField::InvoiceNumber => "Numéro de facture",
            StepField::InvoiceAmount => "Montant facturé (net de taxes)",
            StepField::DifferenceReason => {
                "Raison de l'écart (si le montant est inférieur au devis)"
            }
        }
    }

    /// How many lines of text it takes: 1 for a one-line field, more for a text area, 0 for the
    /// outcomes' boxes.
    pub fn rows(self) -> u32 {
        match self {
            StepField::Programme => 5,
            StepField::Reason | StepField::Comment => 2,
            StepField::Outcomes => 0,
            StepField::InvoiceNumber | StepField::InvoiceAmount | StepField::DifferenceReason => 1,
        }
    }
}

/// What the user gave a step's form besides the date: a text per [`StepField`] and the outcomes
/// ticked. A field the step does not ask for is ignored; one it asks for and is absent is empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepInput {
    /// The texts, by field.
    pub texts: std::collections::BTreeMap<StepField, String>,
    /// The outcomes ticked ([`StepField::Outcomes`]).
    pub outcomes: Vec<super::follow_up::Outcome>,
}

impl StepInput {
    /// The text given for `field`, or "".
    pub fn text(&self, field: StepField) -> &str {
        self.texts.get(&field).map_or("", String::as_str)
    }

    /// The input with `field` set to `text`.
    pub fn with(mut self, field: StepField, text: impl Into<String>) -> StepInput {
        self.texts.insert(field, text.into());
        self
    }
}

use Status as S;

/// The table, in the order of [`Step`]'s variants (checked by a test).
const RULES: [StepRule; 11] = [
    StepRule {
        step: Step::Cancelled,
        owner: Owner::Either,
        from: &[S::NeedIdentified, S::DevisSent, S::Engaged],
        reaches: Some(S::Cancelled),
        dated: DateRule::MaySettleAfterEnd,
        gesture: "Annuler l'action",
        event: "Action annulée",
        date_name: "annulation",
        fields: &[StepField::Reason],
        after: None,
    },
    StepRule {
        step: Step::Created,
        owner: Owner::Only(Side::Chamber),
        from: &[],
        reaches: Some(S::NeedIdentified),
        dated: DateRule::InPeriod,
        gesture: "Nouvelle action",
        event: "Action créée",
        date_name: "besoin identifié",
        fields: &[],
        after: None,
    },
    StepRule {
        step: Step::DevisSent,
        owner: Owner::Only(Side::Chamber),
        from: &[S::NeedIdentified],
        reaches: Some(S::DevisSent),
        dated: DateRule::InPeriod,
        gesture: "Envoyer le devis",
        event: "Devis envoyé",
        date_name: "devis",
        fields: &[StepField::Programme],
        after: Some(Step::Created),
    },
    StepRule {
        step: Step::Engaged,
        owner: Owner::Only(Side::Payer),
        from: &[S::DevisSent],
        reaches: Some(S::Engaged),
        dated: DateRule::InPeriod,
        gesture: "Engager",
        event: "Devis engagé",
        date_name: "engagement",
        fields: &[],
        after: Some(Step::DevisSent),
    },
    StepRule {
        step: Step::FollowedUp,
        owner: Owner::Only(Side::Chamber),
        from: &[],
        reaches: None,
        dated: DateRule::MaySettleAfterEnd,
        gesture: "Noter les résultats",
        event: "Suite enregistrée",
        date_name: "suite",
        fields: &[StepField::Outcomes, StepField::Comment],
        after: Some(Step::ServiceDone),
    },
    StepRule {
        step: Step::Invoiced,
        owner: Owner::Only(Side::Chamber),
        from: &[S::ServiceDone],
        reaches: Some(S::Invoiced),
        dated: DateRule::MaySettleAfterEnd,
        gesture: "Facturer",
        event: "Facture enregistrée",
        date_name: "facture",
        fields: &[
            StepField::InvoiceNumber,
            StepField::InvoiceAmount,
            StepField::DifferenceReason,
        ],
        after: Some(Step::ServiceDone),
    },
    StepRule {
        step: Step::NoteChanged,
        owner: Owner::Only(Side::Chamber),
        from: &[],
        reaches: None,
        dated: DateRule::Undated,
        gesture: "Enregistrer la note",
        event: "Note de diagnostic modifiée",
        date_name: "note",
        fields: &[],
        after: Some(Step::Created),
    },
    StepRule {
        step: Step::Paid,
        owner: Owner::Only(Side::Payer),
        from: &[S::Invoiced],
        reaches: Some(S::Paid),
        dated: DateRule::MaySettleAfterEnd,
        gesture: "Payer",
        event: "Paiement enregistré",
        date_name: "paiement",
        fields: &[],
        after: Some(Step::Invoiced),
    },
    StepRule {
        step: Step::Refused,
        owner: Owner::Only(Side::Payer),
        from: &[S::DevisSent],
        reaches: Some(S::Refused),
        dated: DateRule::InPeriod,
        gesture: "Refuser le devis",
        event: "Devis refusé",
        date_name: "refus",
        fields: &[StepField::Reason],
        after: Some(Step::DevisSent),
    },
    StepRule {
        step: Step::Requested,
        owner: Owner::Only(Side::Payer),
        from: &[],
        reaches: None,
        dated: DateRule::InPeriod,
        gesture: "Demander une intervention",
        event: "Intervention demandée",
        date_name: "demande",
        fields: &[],
        after: None,
    },
    StepRule {
        step: Step::ServiceDone,
        owner: Owner::Only(Side::Chamber),
        from: &[S::Engaged],
        reaches: Some(S::ServiceDone),
        dated: DateRule::InPeriod,
        gesture: "Service fait",
        event: "Service fait",
        date_name: "service fait",
        fields: &[],
        after: Some(Step::Engaged),
    },
];

/// The steps of the chain, in the order they follow each other; each needs the one before.
pub const CHAIN: [Step; 6] = [
    Step::Created,
    Step::DevisSent,
    Step::Engaged,
    Step::ServiceDone,
    Step::Invoiced,
    Step::Paid,
];

/// The steps that close an action without payment.
pub const CLOSINGS: [Step; 2] = [Step::Refused, Step::Cancelled];

impl Step {
    /// Every step, in the table's order.
    pub const ALL: [Step; 11] = [
        Step::Cancelled,
        Step::Created,
        Step::DevisSent,
        Step::Engaged,
        Step::FollowedUp,
        Step::Invoiced,
        Step::NoteChanged,
        Step::Paid,
        Step::Refused,
        Step::Requested,
        Step::ServiceDone,
    ];

    /// The step's row of the table.
    pub fn rule(self) -> &'static StepRule {
        &RULES[self as usize]
    }

    /// The button that takes the step.
    pub fn label(self) -> &'static str {
        self.rule().gesture
    }

    /// Whether the step can only have been taken after `step` (through the table's `after`).
    pub fn follows(self, step: Step) -> bool {
        let mut at = self.rule().after;
        while let Some(before) = at {
            if before == step {
                return true;
            }
            at = before.rule().after;
        }
        false
    }

    /// Takes back what the step recorded on `r` (its fact, not its history event): what a step
    /// sets, [`Step::recorded_on`] reads and this clears.
    pub fn clear(self, r: &mut ActionRecord) {
        let closed = |r: &mut ActionRecord, kind| {
            if r.stop.as_ref().is_some_and(|c| c.kind == kind) {
                r.stop = None;
            }
        };
        match self {
            Step::DevisSent => r.devis = None,
            Step::Engaged => r.engaged_on = None,
            Step::ServiceDone => r.done_on = None,
            Step::Invoiced => r.invoice = None,
            Step::Paid => r.paid_on = None,
            Step::FollowedUp => r.follow_ups.clear(),
            Step::Refused => closed(r, super::action::StopKind::Refused),
            Step::Cancelled => closed(r, super::action::StopKind::Cancelled),
            // The action itself, its note and the request it answers stay.
            Step::Created | Step::NoteChanged | Step::Requested => {}
        }
    }

    /// The date the step recorded on `r`, `None` when it is not recorded (or undated).
    pub fn recorded_on(self, r: &ActionRecord) -> Option<NaiveDate> {
        let closed = |kind| r.stop.as_ref().filter(|c| c.kind == kind).map(|c| c.on);
        match self {
            Step::Created => Some(r.identified_on),
            Step::DevisSent => r.devis.as_ref().map(|d| d.sent_on),
            Step::Engaged => r.engaged_on,
            Step::ServiceDone => r.done_on,
            Step::Invoiced => r.invoice.as_ref().map(|i| i.issued_on),
            Step::Paid => r.paid_on,
            Step::Refused => closed(super::action::StopKind::Refused),
            Step::Cancelled => closed(super::action::StopKind::Cancelled),
            Step::NoteChanged | Step::Requested | Step::FollowedUp => None,
        }
    }

    /// Refuses a date the step's rule does not allow.
    pub fn check_date(self, on: NaiveDate, convention: &Convention) -> Result<(), DomainError> {
        match self.rule().dated {
            DateRule::InPeriod => convention.check_in_period(on),
            DateRule::MaySettleAfterEnd | DateRule::Undated => Ok(()),
        }
    }
}

/// Where an action stands: its closing if it has one in effect ([`stop_in_effect`]), else the
/// last step of the chain recorded.
pub fn status(r: &ActionRecord) -> Status {
    let chain = chain_status(r);
    match stop_in_effect(r, chain) {
        Some(stop) => stop.rule().reaches.unwrap_or(chain),
        None => chain,
    }
}

/// Where the chain of an action stands (its last step recorded), its closing aside.
fn chain_status(r: &ActionRecord) -> Status {
    CHAIN
        .into_iter()
        .rev()
        .find(|s| s.recorded_on(r).is_some())
        .and_then(|s| s.rule().reaches)
        .unwrap_or(Status::NeedIdentified)
}

/// The closing recorded on `r` when it is in effect: when the table allows it from where the
/// chain stands (`chain`). On one machine that is always so (the closing is offered only then);
/// a closing made on one machine while another took the chain further (a cancellation crossing
/// the service done recorded by another adviser) stays in the record and its history, **without
/// effect**: the service was done, and is paid on invoice (art. 2.1). A cancellation crossing an
/// engagement (not further) is in effect: the engagement no longer holds funds (art. 2.2).
pub fn stop_in_effect(r: &ActionRecord, chain: Status) -> Option<Step> {
    let stop = r.stop.as_ref()?.kind.step();
    stop.rule().from.contains(&chain).then_some(stop)
}

/// The closing recorded on `r` that is without effect ([`stop_in_effect`]), if any: what the
/// screens say of a closing crossed by further steps.
pub fn stop_without_effect(r: &ActionRecord) -> Option<&super::action::Stop> {
    let stop = r.stop.as_ref()?;
    stop_in_effect(r, chain_status(r)).is_none().then_some(stop)
}

/// The steps the lifecycle allows from `status`, for either side.
pub fn next_steps(status: Status) -> impl Iterator<Item = Step> {
    Step::ALL
        .into_iter()
        .filter(move |s| s.rule().from.contains(&status))
}

/// The steps someone of `side` may take from `status`: what the screen offers them.
pub fn gestures(status: Status, side: Side) -> impl Iterator<Item = Step> {
    next_steps(status).filter(move |s| s.owner().allows(side))
}

/// The dates of the chain's steps, in order, `None` for steps not taken.
pub fn chain_dates(r: &ActionRecord) -> [Option<NaiveDate>; 6] {
    CHAIN.map(|s| s.recorded_on(r))
}

/// Every step recorded on `r` (chain and closing) whose history has no event of its kind, so that
/// its owner could not be checked.
pub fn steps_without_event(r: &ActionRecord) -> impl Iterator<Item = Step> + '_ {
    CHAIN
        .into_iter()
        .chain(CLOSINGS)
        .filter(|s| s.recorded_on(r).is_some())
        .filter(|s| !r.history.iter().any(|e| e.kind == *s))
}

/// What may be done to a company record.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Ord, Eq, Serialize, Deserialize)]
pub enum CompanyStep {
    /// The record was created.
    Created,
    /// The record was changed.
    Updated,
}

impl Owned for CompanyStep {
    /// Company records are the chamber's (art. 2.3: the chamber reports on the companies it
    /// accompanies); the payer names a company in a request instead.
    fn owner(self) -> Owner {
        Owner::Only(Side::Chamber)
    }

    fn event_label(self) -> &'static str {
        match self {
            CompanyStep::Created => "Entreprise créée",
            CompanyStep::Updated => "Entreprise modifiée",
        }
    }
}

/// What may happen to a request of the payer (art. 1: "à la demande de la CCST").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RequestStep {
    /// The chamber took the request up: it became an action.
    Accepted,
    /// The chamber declined it, with a reason.
    Declined,
    /// The payer asked for an intervention.
    Requested,
}

impl Owned for RequestStep {
    /// The payer asks; the chamber answers.
    fn owner(self) -> Owner {
        match self {
            RequestStep::Requested => Owner::Only(Side::Payer),
            RequestStep::Accepted | RequestStep::Declined => Owner::Only(Side::Chamber),
        }
    }

    fn event_label(self) -> &'static str {
        match self {
            RequestStep::Requested => "Intervention demandée",
            RequestStep::Accepted => "Demande prise en charge",
            RequestStep::Declined => "Demande déclinée",
        }
    }
}

/// A step of some record whose owning side the convention names: an action's [`Step`], a
/// [`CompanyStep`], a [`RequestStep`]. [`Owned::authorize`] is the one ownership check.
pub trait Owned: Copy {
    /// Who may take the step.
    fn owner(self) -> Owner;

    /// The line of the history that records the step.
    fn event_label(self) -> &'static str;

    /// Refuses the step to someone whose side does not own it, with a French reason naming both
    /// parties.
    fn authorize(self, stamp: &Stamp, convention: &Convention) -> Result<(), DomainError> {
        match self.owner() {
            Owner::Only(owner) if owner != stamp.actor.side => Err(DomainError::NotYourStep {
                step: self.event_label(),
                owner: convention.party(owner).short_name.clone(),
                side: convention.party(stamp.actor.side).short_name.clone(),
            }),
            _ => Ok(()),
        }
    }
}

impl Owned for Step {
    fn owner(self) -> Owner {
        self.rule().owner
    }

    fn event_label(self) -> &'static str {
        self.rule().event
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_follows_the_engagement_is_read_from_the_table() {
        let following: Vec<Step> = Step::ALL
            .into_iter()
            .filter(|s| s.follows(Step::Engaged))
            .collect();
        assert_eq!(
            following,
            [
                Step::FollowedUp,
                Step::Invoiced,
                Step::Paid,
                Step::ServiceDone
            ]
        );
        // Every step of the chain follows the one before it.
        for pair in CHAIN.windows(2) {
            assert_eq!(pair[1].rule().after, Some(pair[0]), "{:?}", pair[1]);
        }
    }

    #[test]
    fn a_paid_action_taken_back_to_before_its_engagement_is_a_devis_sent() {
        use crate::domain::convention::Fiche;
        use crate::test_support::{company_form, d, engaged_action, ledger_with, stamp};
        let mut l = ledger_with("e", &company_form("Garage", "Croix"));
        let id = engaged_action(&mut l, "a", "e", Fiche::Digital);
        let (cma, ccst) = (stamp(Side::Chamber), stamp(Side::Payer));
        l.record_service_done(&id, d(2021, 2, 1), cma.clone())
            .unwrap();
        l.record_invoice(
            &id,
            "F",
            d(2021, 2, 2),
            l.actions()[&id].devis_amount().unwrap(),
            "",
            cma.clone(),
        )
        .unwrap();
        l.record_payment(&id, d(2021, 2, 3), ccst).unwrap();
        l.add_follow_up(&id, d(2021, 3, 1), &[], "Suite", cma)
            .unwrap();
        let back = l.actions()[&id].record().without_steps_from(Step::Engaged);
        let action = crate::domain::action::Action::try_from(back.clone()).unwrap();
        assert_eq!(action.status(), Status::DevisSent);
        let kinds: Vec<Step> = back.history.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [Step::Created, Step::DevisSent]);
        assert!(back.follow_ups.is_empty() && back.invoice.is_none());
    }

    #[test]
    fn the_table_is_in_the_order_of_the_steps() {
        for step in Step::ALL {
            assert_eq!(step.rule().step, step);
        }
        let mut sorted = Step::ALL;
        sorted.sort();
        assert_eq!(sorted, Step::ALL, "ALL follows the derived order");
    }

    #[test]
    fn steps_order_as_earlier_versions_ordered_their_names() {
        let mut by_name = Step::ALL;
        by_name.sort_by_key(|s| format!("{s:?}"));
        assert_eq!(by_name, Step::ALL);
    }

    #[test]
    fn each_status_is_reached_by_exactly_one_step() {
        for status in Status::ALL {
            let reaching: Vec<_> = Step::ALL
                .into_iter()
                .filter(|s| s.rule().reaches == Some(status))
                .collect();
            assert_eq!(reaching.len(), 1, "{status:?}");
        }
    }

    #[test]
    fn each_side_is_offered_only_its_own_steps() {
        use Status::*;
        let names = |status, side| gestures(status, side).collect::<Vec<_>>();
        assert_eq!(
            names(NeedIdentified, Side::Chamber),
            [Step::Cancelled, Step::DevisSent]
        );
        assert_eq!(names(NeedIdentified, Side::Payer), [Step::Cancelled]);
        assert_eq!(
            names(DevisSent, Side::Payer),
            [Step::Cancelled, Step::Engaged, Step::Refused]
        );
        assert_eq!(names(DevisSent, Side::Chamber), [Step::Cancelled]);
        assert_eq!(
            names(Engaged, Side::Chamber),
            [Step::Cancelled, Step::ServiceDone]
        );
        assert_eq!(names(ServiceDone, Side::Chamber), [Step::Invoiced]);
        assert_eq!(names(ServiceDone, Side::Payer), []);
        assert_eq!(names(Invoiced, Side::Payer), [Step::Paid]);
        for side in [Side::Chamber, Side::Payer] {
            for status in [Paid, Refused, Cancelled] {
                assert_eq!(names(status, side), []);
            }
        }
    }
}
