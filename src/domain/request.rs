//! The payer's requests for an intervention (art. 1: "à la demande de la CCST, la CMAR BFC–D90
//! pourra conduire des actions"): the payer names a company — one the chamber already follows, or a
//! new one by its name, SIRET and commune — and a fiche, with a message. The chamber answers each:
//! it takes it up (the request becomes an action, kept in the action's history) or declines it with
//! a reason. Company records stay the chamber's: a new company named in a request becomes a record
//! only when the chamber takes the request up.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::action::{ActionId, MAX_LONG_TEXT_CHARS, MAX_SHORT_TEXT_CHARS};
use super::audit::Stamp;
use super::company::{CompanyId, MAX_NAME_CHARS, check_text};
use super::convention::{Convention, Fiche};
use super::error::DomainError;
use super::lifecycle::{Owned, RequestStep};
use super::signed::{
    SealedKind, SignedHistory, Stated, StepView, json_fact, seal_line, steps_of, text_fact,
};
use super::signing::{Facts, Seal};
use super::siret::Siret;

/// Identifier of a request, unique across both parties' machines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestId(pub String);

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A company the chamber does not follow yet, as the payer names it. An agent taking an
/// artisan's call rarely has its SIRET: without one, a phone number or an e-mail address lets the
/// chamber reach the company, and the chamber completes the SIRET when it takes the request up
/// (its company record needs one, art. 1: "entreprises immatriculées").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedCompany {
    /// Company name.
    pub name: String,
    /// Checked SIRET, when the payer has it (always present in files of format 4 and older).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siret: Option<Siret>,
    /// Commune, in the convention's spelling.
    pub commune: String,
    /// A phone number or an e-mail address to reach the company; required without a SIRET.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact: String,
}

impl NamedCompany {
    /// Checks a name, a SIRET when one is typed, a commune of the territory (art. 2.1:
    /// "entreprises implantées sur la CCST") and a way to reach the company: a SIRET, or a phone
    /// number or an e-mail address.
    pub fn check(
        name: &str,
        siret: &str,
        commune: &str,
        contact: &str,
        convention: &Convention,
    ) -> Result<NamedCompany, DomainError> {
        let name = check_text(name, "Raison sociale", MAX_NAME_CHARS)?;
        let siret = if siret.trim().is_empty() {
            None
        } else {
            Some(Siret::parse(siret)?)
        };
        let commune = convention.commune(commune)?.to_string();
        let contact = contact.trim();
        if siret.is_none() && contact.is_empty() {
            return Err(DomainError::ContactRequired);
        }
        let contact = if contact.is_empty() {
            String::new()
        } else {
            check_text(contact, "Téléphone ou e-mail", MAX_SHORT_TEXT_CHARS)?
        };
        Ok(NamedCompany {
            name,
            siret,
            commune,
            contact,
        })
    }

    /// "Menuiserie Durand – SIRET 732 … – Delle", or "… – sans SIRET – Delle – 03 84 …".
    pub fn describe(&self) -> String {
        format!("{} – {}", self.name, self.reach())
    }

    /// How the chamber finds the company: "SIRET 732 … – Delle", or "sans SIRET – Delle – 03 84 …".
    pub fn reach(&self) -> String {
        let mut text = self
            .siret
            .as_ref()
            .map_or_else(|| "sans SIRET".to_string(), |s| format!("SIRET {s}"));
        text.push_str(" – ");
        text.push_str(&self.commune);
        if !self.contact.is_empty() {
            text.push_str(" – ");
            text.push_str(&self.contact);
        }
        text
    }
}

/// Which company a request is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestedCompany {
    /// A company the chamber already follows in this convention.
    Known(CompanyId),
    /// A company named by the payer.
    Named(NamedCompany),
}

/// How the chamber answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// Taken up: the action opened for it.
    Accepted {
        /// The action.
        action: ActionId,
        /// Date of the answer.
        #[serde(with = "crate::domain::date::serde_day")]
        on: NaiveDate,
    },
    /// Declined, with the reason the payer reads.
    Declined {
        /// Date of the answer.
        #[serde(with = "crate::domain::date::serde_day")]
        on: NaiveDate,
        /// Why.
        reason: String,
    },
}

impl Answer {
    /// The step that records this answer.
    pub fn step(&self) -> RequestStep {
        match self {
            Answer::Accepted { .. } => RequestStep::Accepted,
            Answer::Declined { .. } => RequestStep::Declined,
        }
    }

    /// Date of the answer.
    pub fn on(&self) -> NaiveDate {
        match self {
            Answer::Accepted { on, .. } | Answer::Declined { on, .. } => *on,
        }
    }
}

/// One line of a request's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestEvent {
    /// What happened.
    pub kind: RequestStep,
    /// Who and when.
    pub stamp: Stamp,
    /// The facts the step stated and its author's signature (`None`: recorded before signatures,
    /// or not yet signed: the browser signs a step just after it is taken).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

crate::domain::signed::sealed_event!(RequestEvent, RequestStep::name, Owned::event_label);

/// A request of the payer. Fields private: built by [`Request::new`], answered through the
/// ledger, re-checked when deserialised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RequestRecord", into = "RequestRecord")]
pub struct Request {
    record: RequestRecord,
}

/// The stored shape of a [`Request`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestRecord {
    /// Identifier.
    pub id: RequestId,
    /// The company.
    pub company: RequestedCompany,
    /// The fiche asked for.
    pub fiche: Fiche,
    /// What the payer asks, in a few words.
    pub message: String,
    /// Date of the request.
    #[serde(with = "crate::domain::date::serde_day")]
    pub requested_on: NaiveDate,
    /// The chamber's answer, once given.
    pub answer: Option<Answer>,
    /// Who asked and who answered, oldest first.
    pub history: Vec<RequestEvent>,
}

impl Request {
    /// A new request, stamped by its author (whose side the ledger checked).
    pub fn new(
        id: RequestId,
        company: RequestedCompany,
        fiche: Fiche,
        message: &str,
        requested_on: NaiveDate,
        stamp: Stamp,
    ) -> Result<Request, DomainError> {
        let message = check_text(message, "message", MAX_LONG_TEXT_CHARS)?;
        Ok(Request {
            record: RequestRecord {
                id,
                company,
                fiche,
                message,
                requested_on,
                answer: None,
                history: vec![RequestEvent {
                    kind: RequestStep::Requested,
                    stamp,
                    seal: None,
                }],
            },
        })
    }

    /// The recorded facts, read-only.
    pub fn record(&self) -> &RequestRecord {
        &self.record
    }

    /// Identifier.
    pub fn id(&self) -> &RequestId {
        &self.record.id
    }

    /// Whether the chamber has not answered yet.
    pub fn is_waiting(&self) -> bool {
        self.record.answer.is_none()
    }

    /// The stamp of whoever asked.
    pub fn asked_by(&self) -> &Stamp {
        // A request always starts with its `Requested` event (checked on the way in).
        &self.record.history[0].stamp
    }

    /// Records the chamber's answer: once, dated on or after the request, a decline with a reason.
    pub(crate) fn answer(&mut self, answer: Answer, stamp: Stamp) -> Result<(), DomainError> {
        if self.record.answer.is_some() {
            return Err(DomainError::RequestAnswered);
        }
        if answer.on() < self.record.requested_on {
            return Err(DomainError::BeforePreviousStep {
                date: answer.on(),
                previous_step: "demande",
                previous: self.record.requested_on,
            });
        }
        let answer = match answer {
            Answer::Declined { on, reason } => {
                if reason.trim().is_empty() {
                    return Err(DomainError::ReasonRequired);
                }
                Answer::Declined {
                    on,
                    reason: check_text(&reason, "raison", MAX_SHORT_TEXT_CHARS)?,
                }
            }
            accepted => accepted,
        };
        self.record.history.push(RequestEvent {
            kind: answer.step(),
            stamp,
            seal: None,
        });
        self.record.answer = Some(answer);
        Ok(())
    }

    /// "Demande de la CCST du 12/03/2021 – Fiche 2 …", for lists.
    pub fn summary(&self, company_name: &str) -> String {
        format!(
            "{company_name} – Fiche {} – demandée le {}",
            self.record.fiche.number(),
            super::date::fr(self.record.requested_on)
        )
    }
}

impl TryFrom<RequestRecord> for Request {
    type Error = DomainError;

    /// Re-checks a stored or received request: its message, its history opening with the request,
    /// its answer recorded once, with its event, on or after the request.
    fn try_from(r: RequestRecord) -> Result<Self, Self::Error> {
        let bad = |detail| DomainError::InconsistentRequest {
            request: format!("Demande du {}", super::date::fr(r.requested_on)),
            detail,
        };
        if r.message.trim().is_empty() {
            return Err(bad("le message est vide."));
        }
        if r.message.chars().count() > MAX_LONG_TEXT_CHARS {
            return Err(bad("un texte dépasse la longueur permise."));
        }
        if r.history.first().map(|e| e.kind) != Some(RequestStep::Requested)
            || r.history[1..]
                .iter()
                .any(|e| e.kind == RequestStep::Requested)
        {
            return Err(bad(
                "l'historique doit commencer par la demande, une seule fois.",
            ));
        }
        let answers = r.history.len() - 1;
        match &r.answer {
            None if answers > 0 => {
                return Err(bad(
                    "une réponse figure à l'historique sans être enregistrée.",
                ));
            }
            Some(a) => {
                // Two advisers may answer on their machines before either knew of the other:
                // every answer is in the history, the one that stands is the merge's choice.
                if answers == 0 || !r.history[1..].iter().any(|e| e.kind == a.step()) {
                    return Err(bad("la réponse et son historique ne concordent pas."));
                }
                if a.on() < r.requested_on {
                    return Err(bad("la réponse précède la demande."));
                }
                if let Answer::Declined { reason, .. } = a
                    && (reason.trim().is_empty() || reason.chars().count() > MAX_SHORT_TEXT_CHARS)
                {
                    return Err(bad("la raison du refus est vide ou trop longue."));
                }
            }
            None => {}
        }
        if let RequestedCompany::Named(c) = &r.company
            && (c.name.trim().is_empty() || c.name.chars().count() > MAX_NAME_CHARS)
        {
            return Err(bad("le nom de l'entreprise est vide ou trop long."));
        }
        if let RequestedCompany::Named(c) = &r.company
            && ((c.siret.is_none() && c.contact.trim().is_empty())
                || c.contact.chars().count() > MAX_SHORT_TEXT_CHARS)
        {
            return Err(bad(
                "l'entreprise n'a ni SIRET ni téléphone ou e-mail, ou ce dernier est trop long.",
            ));
        }
        Ok(Request { record: r })
    }
}

impl From<Request> for RequestRecord {
    fn from(value: Request) -> Self {
        value.record
    }
}

impl RequestStep {
    /// The step as files and the canonical form write it.
    pub fn name(self) -> &'static str {
        match self {
            RequestStep::Accepted => "Accepted",
            RequestStep::Declined => "Declined",
            RequestStep::Requested => "Requested",
        }
    }

    fn named(name: &str) -> Option<RequestStep> {
        [
            RequestStep::Accepted,
            RequestStep::Declined,
            RequestStep::Requested,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// A request's signed steps (docs/echange.md, « Étapes signées »): the request states the
/// company, the fiche, the message and its date; an answer states its date and the action opened
/// or the reason of the decline.
impl SignedHistory for Request {
    fn kind(&self) -> SealedKind {
        SealedKind::Request
    }

    fn sealed_id(&self) -> String {
        self.record.id.0.clone()
    }

    fn signed_steps(&self) -> Vec<StepView<'_>> {
        steps_of(&self.record.history)
    }

    fn step_facts(&self, step: &str, _stamp: &Stamp) -> Facts {
        let r = &self.record;
        let mut f = Facts::new();
        match RequestStep::named(step) {
            Some(RequestStep::Requested) => {
                f.insert("company".into(), json_fact(&r.company));
                f.insert("fiche".into(), format!("{:?}", r.fiche));
                f.insert("message".into(), text_fact(&r.message));
                f.insert("on".into(), r.requested_on.to_string());
            }
            Some(kind) => match &r.answer {
                Some(Answer::Accepted { action, on }) if kind == RequestStep::Accepted => {
                    f.insert("action".into(), action.0.clone());
                    f.insert("on".into(), on.to_string());
                }
                Some(Answer::Declined { on, reason }) if kind == RequestStep::Declined => {
                    f.insert("on".into(), on.to_string());
                    f.insert("reason".into(), text_fact(reason));
                }
                _ => {}
            },
            None => {}
        }
        f
    }

    fn stated(&self) -> Vec<Stated<'_>> {
        let mut out = vec![Stated {
            step: RequestStep::Requested.name(),
            stamp: None,
        }];
        if let Some(a) = &self.record.answer {
            out.push(Stated {
                step: a.step().name(),
                stamp: None,
            });
        }
        out
    }

    fn step_label(&self, step: &str) -> &'static str {
        RequestStep::named(step).map_or("étape inconnue", Owned::event_label)
    }

    fn put_seal(&mut self, step: &str, stamp: &Stamp, seal: Seal) -> bool {
        seal_line(&mut self.record.history, step, stamp, seal)
    }
}
