//! Amendments (avenants) to a convention. The deliberation fixes the end "à ce jour" at
//! 31/12/2021 (art. 3.2): conventions get extended or amended. An amendment sets a new end date,
//! a new envelope, communes added to the territory and new prices for the devis sent from a date.
//! One party proposes it, the other accepts it (art. 3.1's "accord express des deux parties" for
//! any change of the terms); both steps are dated and stamped and travel in the exchange file.
//!
//! Until accepted an amendment changes nothing. Once accepted, every rule of the convention uses
//! the amended terms ([`super::convention::Convention`]'s `envelope`, `last_day`, `commune`,
//! `price_on`), amendments in force applying in the order they were proposed. A devis already sent
//! keeps its price: prices apply to devis sent from the amendment's date.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::audit::Stamp;
use super::convention::{Convention, Side};
use super::date::fr;
use super::error::DomainError;
use super::fiche::{Fiche, PriceList};
use super::money::Euros;
use super::signed::{SealedKind, SignedHistory, Stated, StepView, fill_seal, json_fact, stated_by};
use super::signing::{Facts, Seal};

/// Identifier of an amendment, unique across both parties' machines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AmendmentId(pub String);

impl fmt::Display for AmendmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// New prices, for the devis sent from a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPrices {
    /// The first day of sending a devis at these prices.
    #[serde(with = "crate::domain::date::serde_day")]
    pub from: NaiveDate,
    /// The prices.
    pub prices: PriceList,
}

/// What an amendment changes; what it leaves out stays as it was.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// A new end of the scheme.
    #[serde(
        default,
        with = "crate::domain::date::serde_day_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub ends_on: Option<NaiveDate>,
    /// A new envelope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope: Option<Euros>,
    /// Communes added to the territory.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communes_added: Vec<String>,
    /// New prices, from a date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prices: Option<NewPrices>,
}

/// The other party's acceptance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Date of the acceptance (of the signature of the amendment).
    #[serde(with = "crate::domain::date::serde_day")]
    pub on: NaiveDate,
    /// Who accepted it, for which party, and when.
    pub stamp: Stamp,
    /// What the acceptance stated and its author's signature (`None`: accepted before
    /// signatures, or not yet signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

/// An amendment, proposed by one party and, once the other accepts it, in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// Identifier.
    pub id: AmendmentId,
    /// Date of the proposal.
    #[serde(with = "crate::domain::date::serde_day")]
    pub proposed_on: NaiveDate,
    /// Who proposed it, for which party, and when.
    pub proposed: Stamp,
    /// What it changes.
    pub changes: Changes,
    /// The other party's acceptance, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Acceptance>,
    /// What the proposal stated and its author's signature (`None`: proposed before signatures,
    /// or not yet signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_seal: Option<Seal>,
}

impl Amendment {
    /// Whether it is in force: the other party has accepted it.
    pub fn in_force(&self) -> bool {
        self.accepted.is_some()
    }

    /// The party that accepts it: not the one that proposed it.
    pub fn accepting_side(&self) -> Side {
        self.proposed.actor.side.other()
    }

    /// "Avenant proposé le 15/11/2021".
    pub fn label(&self) -> String {
        format!("Avenant proposé le {}", fr(self.proposed_on))
    }

    /// What it changes, in French, one line each.
    pub fn describe(&self) -> Vec<String> {
        let c = &self.changes;
        let mut out = Vec::new();
        if let Some(end) = c.ends_on {
            out.push(format!("Fin du dispositif portée au {}", fr(end)));
        }
        if let Some(envelope) = c.envelope {
            out.push(format!("Enveloppe portée à {envelope}"));
        }
        if !c.communes_added.is_empty() {
            out.push(format!(
                "Communes ajoutées : {}",
                c.communes_added.join(", ")
            ));
        }
        if let Some(p) = &c.prices {
            out.push(format!(
                "Prix des devis envoyés à partir du {} : {}",
                fr(p.from),
                Fiche::ALL
                    .iter()
                    .map(|&f| format!("fiche {} {}", f.number(), p.prices.price(f)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out
    }

    /// Checks a proposal against `convention` as it stands (with the amendments already in
    /// force): it changes something, dates not before the signature, amounts above zero,
    /// communes new to the territory; an acceptance by the other party, not before the proposal.
    pub fn check(&self, convention: &Convention) -> Result<(), DomainError> {
        let c = &self.changes;
        let signed = convention.terms().signed_on;
        if c.ends_on.is_none()
            && c.envelope.is_none()
            && c.communes_added.is_empty()
            && c.prices.is_none()
        {
            return Err(DomainError::EmptyAmendment);
        }
        for day in [
            Some(self.proposed_on),
            c.ends_on,
            c.prices.as_ref().map(|p| p.from),
        ]
        .into_iter()
        .flatten()
        {
            if day <= signed {
                return Err(DomainError::AmendmentBeforeSignature(signed));
            }
        }
        // An earlier end would leave recorded steps outside the period (and the files carrying
        // them refused): that is a termination's business (art. 3.3).
        if let Some(end) = c.ends_on
            && end < convention.ends_on()
        {
            return Err(DomainError::AmendmentShortens {
                end,
                current: convention.ends_on(),
            });
        }
        if let Some(envelope) = c.envelope {
            envelope.positive("l'enveloppe")?;
        }
        if let Some(p) = &c.prices {
            p.prices.relance.positive("la fiche 1")?;
            p.prices.digital.positive("la fiche 2")?;
            p.prices.circuits_courts.positive("la fiche 3")?;
        }
        for (i, commune) in c.communes_added.iter().enumerate() {
            let folded = super::text::fold_accents(commune);
            if commune.trim() != commune || commune.is_empty() {
                return Err(DomainError::Required("commune ajoutée"));
            }
            if convention.commune(commune).is_ok()
                || c.communes_added[..i]
                    .iter()
                    .any(|o| super::text::fold_accents(o) == folded)
            {
                return Err(DomainError::CommuneAlreadyIn(commune.clone()));
            }
        }
        if let Some(a) = &self.accepted {
            if a.stamp.actor.side != self.accepting_side() {
                return Err(DomainError::NotYourStep {
                    step: "Avenant accepté",
                    owner: convention.party(self.accepting_side()).short_name.clone(),
                    side: convention.party(a.stamp.actor.side).short_name.clone(),
                });
            }
            if a.on < self.proposed_on {
                return Err(DomainError::BeforePreviousStep {
                    date: a.on,
                    previous_step: "proposition de l'avenant",
                    previous: self.proposed_on,
                });
            }
        }
        Ok(())
    }
}

/// The steps of an amendment, as files and the canonical form write them.
const PROPOSED: &str = "Proposed";
const ACCEPTED: &str = "Accepted";

/// An amendment's signed steps (docs/echange.md, « Étapes signées »): the proposal states its
/// date and what it changes (`changes`: their JSON, or its SHA-256 when long); the acceptance its
/// date.
impl SignedHistory for Amendment {
    fn kind(&self) -> SealedKind {
        SealedKind::Amendment
    }

    fn sealed_id(&self) -> String {
        self.id.0.clone()
    }

    fn signed_steps(&self) -> Vec<StepView<'_>> {
        let mut steps = vec![StepView {
            step: PROPOSED,
            label: "Avenant proposé",
            stamp: &self.proposed,
            seal: self.proposed_seal.as_ref(),
        }];
        if let Some(a) = &self.accepted {
            steps.push(StepView {
                step: ACCEPTED,
                label: "Avenant accepté",
                stamp: &a.stamp,
                seal: a.seal.as_ref(),
            });
        }
        steps
    }

    fn step_facts(&self, step: &str, _stamp: &Stamp) -> Facts {
        match (step, &self.accepted) {
            (PROPOSED, _) => Facts::from([
                ("changes".to_string(), json_fact(&self.changes)),
                ("on".to_string(), self.proposed_on.to_string()),
            ]),
            (ACCEPTED, Some(a)) => Facts::from([("on".to_string(), a.on.to_string())]),
            _ => Facts::new(),
        }
    }

    fn stated(&self) -> Vec<Stated<'_>> {
        stated_by(self.signed_steps())
    }

    fn step_label(&self, step: &str) -> &'static str {
        match step {
            PROPOSED => "Avenant proposé",
            _ => "Avenant accepté",
        }
    }

    fn put_seal(&mut self, step: &str, stamp: &Stamp, seal: Seal) -> bool {
        let slot = match (step, &mut self.accepted) {
            (PROPOSED, _) if &self.proposed == stamp => &mut self.proposed_seal,
            (ACCEPTED, Some(a)) if &a.stamp == stamp => &mut a.seal,
            _ => return false,
        };
        fill_seal(slot, seal)
    }
}

#[cfg(test)]
#[path = "amendment_tests.rs"]
mod tests;
