//! The recorded facts of an action as they are stored and exchanged ([`ActionRecord`] and its
//! parts: devis, invoice, refusal or cancellation, note, history), and their re-check on the way in
//! ([`Action::try_from`]): a stored or received action obeys the same rules as one made here.

use super::*;
use crate::domain::lifecycle::Owned;

/// Identifier of an action, unique across both parties' machines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActionId(pub String);

impl fmt::Display for ActionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One line of an action's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// What happened.
    pub kind: Step,
    /// Who and when.
    pub stamp: Stamp,
    /// The facts the step stated and its author's signature (`None`: recorded before
    /// signatures, or not yet signed: the browser signs a step just after it is taken).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

crate::domain::signed::sealed_event!(Event, super::Action::step_name, Owned::event_label);

impl Event {
    /// An unsigned event.
    pub fn new(kind: Step, stamp: Stamp) -> Event {
        Event {
            kind,
            stamp,
            seal: None,
        }
    }

    /// Whether it is the same step as `other` (what, who, when), sealed or not.
    pub fn same_step(&self, other: &Event) -> bool {
        self.kind == other.kind && self.stamp == other.stamp
    }
}

/// The devis sent with its programme (art. 2.1). Its amount is the convention's price for the
/// fiche on the day it is made (art. 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Devis {
    /// Date sent.
    #[serde(with = "crate::domain::date::serde_day")]
    pub sent_on: NaiveDate,
    /// Price net of tax, from the convention.
    pub amount: Euros,
    /// Programme of the intervention.
    pub programme: String,
    /// Its number in the sender's series (`domain::devis_number`); absent from devis sent
    /// before format 5, which keep the number made from the action's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<crate::domain::devis_number::DevisNumber>,
}

/// The invoice for the service done (art. 2.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// The chamber's invoice number.
    pub number: String,
    /// Date of the invoice.
    #[serde(with = "crate::domain::date::serde_day")]
    pub issued_on: NaiveDate,
    /// Amount invoiced, net of tax.
    pub amount: Euros,
    /// Why the amount differs from the devis, when it does.
    pub difference_reason: Option<String>,
}

/// How an action stopped before payment: the payer refused its devis, or either party cancelled
/// it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopKind {
    /// The payer refused the devis.
    Refused,
    /// Cancelled before the service was done.
    Cancelled,
}

/// An action's refusal or cancellation: how and when it stopped, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stop {
    /// Refused or cancelled.
    pub kind: StopKind,
    /// Date of the decision.
    #[serde(with = "crate::domain::date::serde_day")]
    pub on: NaiveDate,
    /// Why.
    pub reason: String,
}

/// The diagnostic note of an action: what the adviser learnt of the company. Confidential unless
/// the user says otherwise (art. 3.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The text.
    pub text: String,
    /// Whether it may leave the user's machine only with express consent (art. 3.1).
    pub confidential: bool,
    /// Set in exchange files when a confidential text was left out: such a note never replaces
    /// the receiver's own.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withheld: bool,
}

/// The stored shape of an [`Action`], checked by [`Action::try_from`] on the way in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionRecord {
    /// Identifier.
    pub id: ActionId,
    /// The beneficiary.
    pub company: CompanyId,
    /// Which fiche of the annex.
    pub fiche: Fiche,
    /// Date the need was identified.
    #[serde(with = "crate::domain::date::serde_day")]
    pub identified_on: NaiveDate,
    /// The need, in a few words.
    pub need: String,
    /// The devis, once sent.
    pub devis: Option<Devis>,
    /// Date of the payer's engagement.
    #[serde(default, with = "crate::domain::date::serde_day_opt")]
    pub engaged_on: Option<NaiveDate>,
    /// Date the service was done.
    #[serde(default, with = "crate::domain::date::serde_day_opt")]
    pub done_on: Option<NaiveDate>,
    /// The invoice, once issued.
    pub invoice: Option<Invoice>,
    /// Date of payment.
    #[serde(default, with = "crate::domain::date::serde_day_opt")]
    pub paid_on: Option<NaiveDate>,
    /// Refusal or cancellation, if any (`closure` in files and storage).
    #[serde(rename = "closure")]
    pub stop: Option<Stop>,
    /// The diagnostic note.
    pub note: Note,
    /// Every change, oldest first.
    pub history: Vec<Event>,
    /// The payer's request this action answers, if any (art. 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestId>,
    /// What became of the company after the service, oldest first (art. 2.3; format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUp>,
}

impl ActionRecord {
    /// The record as it was before `step`: the step and every step that follows it (the
    /// lifecycle table's `after`) taken back, their facts and their history events. The merge
    /// takes an engagement back this way when it would overspend the envelope (art. 2.2).
    pub fn without_steps_from(&self, step: Step) -> ActionRecord {
        let mut r = self.clone();
        let gone = |s: Step| s == step || s.follows(step);
        for s in Step::ALL.into_iter().filter(|s| gone(*s)) {
            s.clear(&mut r);
        }
        r.history.retain(|e| !gone(e.kind));
        r
    }
}

impl StopKind {
    /// The step that records this closing.
    pub fn step(self) -> Step {
        match self {
            StopKind::Refused => Step::Refused,
            StopKind::Cancelled => Step::Cancelled,
        }
    }
}

impl TryFrom<ActionRecord> for Action {
    type Error = DomainError;

    /// Re-checks a stored or received action: each step needs the one before it, dates follow each
    /// other, amounts are positive, an invoice is never above its devis and a lower one has its
    /// reason.
    fn try_from(r: ActionRecord) -> Result<Self, Self::Error> {
        let name = format!(
            "Action de la fiche {} du {}",
            r.fiche.number(),
            fr(r.identified_on)
        );
        let bad = |detail| DomainError::InconsistentAction {
            action: name.clone(),
            detail,
        };
        let dates = lifecycle::chain_dates(&r);
        if dates.windows(2).any(|w| w[0].is_none() && w[1].is_some()) {
            return Err(bad("une étape manque avant la dernière enregistrée."));
        }
        let present: Vec<NaiveDate> = dates.into_iter().flatten().collect();
        if present.windows(2).any(|w| w[1] < w[0]) {
            return Err(bad("les dates des étapes ne se suivent pas."));
        }
        if let Some(devis) = &r.devis
            && devis.amount <= Euros::ZERO
        {
            return Err(bad("le montant du devis doit être positif."));
        }
        if let (Some(inv), Some(devis)) = (&r.invoice, &r.devis) {
            if inv.amount <= Euros::ZERO {
                return Err(bad("le montant de la facture doit être positif."));
            }
            if inv.amount > devis.amount {
                return Err(bad("la facture dépasse le devis."));
            }
            if inv.amount != devis.amount
                && inv
                    .difference_reason
                    .as_deref()
                    .is_none_or(|s| s.trim().is_empty())
            {
                return Err(bad("la facture diffère du devis sans raison."));
            }
        }
        if let Some(c) = &r.stop {
            // Possible at some point of the chain: a refusal needs a devis. Crossed by further
            // steps taken on another machine (dated after it, or beyond where it may be taken),
            // it is kept, without effect (`lifecycle::stop_without_effect`).
            let reached = lifecycle::CHAIN
                .iter()
                .take_while(|s| s.recorded_on(&r).is_some())
                .filter_map(|s| s.rule().reaches);
            if !std::iter::once(Status::NeedIdentified)
                .chain(reached)
                .any(|s| c.kind.step().rule().from.contains(&s))
            {
                return Err(bad("refus ou annulation à une étape qui ne le permet pas."));
            }
            if c.reason.trim().is_empty() {
                return Err(bad("refus ou annulation sans raison."));
            }
            if c.on < r.identified_on {
                return Err(bad("refus ou annulation daté avant le besoin identifié."));
            }
        }
        if r.need.trim().is_empty() {
            return Err(bad("le besoin identifié est vide."));
        }
        let long = |t: &str| t.chars().count() > MAX_LONG_TEXT_CHARS;
        let short = |t: &str| t.chars().count() > MAX_SHORT_TEXT_CHARS;
        if long(&r.need)
            || long(&r.note.text)
            || r.devis.as_ref().is_some_and(|d| long(&d.programme))
            || r.invoice.as_ref().is_some_and(|i| {
                short(&i.number) || i.difference_reason.as_deref().is_some_and(short)
            })
            || r.stop.as_ref().is_some_and(|c| short(&c.reason))
        {
            return Err(bad("un texte dépasse la longueur permise."));
        }
        if r.history.is_empty() {
            return Err(bad("l'historique est vide."));
        }
        for f in &r.follow_ups {
            f.check(r.fiche)
                .map_err(|e| DomainError::InconsistentAction {
                    action: name.clone(),
                    detail: match e {
                        DomainError::EmptyFollowUp => "une suite est vide.",
                        DomainError::OutcomeOfAnotherFiche { .. } => {
                            "une suite porte un résultat d'une autre fiche."
                        }
                        DomainError::TooLong { .. } => "un texte dépasse la longueur permise.",
                        _ => "les résultats d'une suite sont en double ou dans le désordre.",
                    },
                })?;
            // Its date follows the service done where it was recorded (`Ledger`); in a merged
            // record the service done may be another adviser's, recorded concurrently.
            if r.done_on.is_none() {
                return Err(bad("une suite précède le service fait."));
            }
        }
        let follow_up_stamps: Vec<&Stamp> = r
            .history
            .iter()
            .filter(|e| e.kind == Step::FollowedUp)
            .map(|e| &e.stamp)
            .collect();
        if follow_up_stamps.len() != r.follow_ups.len()
            || r.follow_ups
                .iter()
                .any(|f| !follow_up_stamps.contains(&&f.stamp))
        {
            return Err(bad("les suites et leur historique ne concordent pas."));
        }
        if r.request.is_some() != r.history.iter().any(|e| e.kind == Step::Requested) {
            return Err(bad(
                "la demande d'origine et son historique ne concordent pas.",
            ));
        }
        Ok(Action { record: r })
    }
}

impl From<Action> for ActionRecord {
    fn from(value: Action) -> Self {
        value.record
    }
}
