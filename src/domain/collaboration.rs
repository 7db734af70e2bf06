//! Fiche action 3 (annex: "synthèse des offres et demandes de collaboration pour mise en relation
//! des professionnels"): for each company of a fiche 3 action, the chamber records what it offers
//! to other professionals and what it looks for; Relance lists the possible matches between the
//! companies of the territory — an offer and a demand sharing a significant word (not a word any
//! offer uses, like "produits"), whatever the case, accents or plural — for the printed synthesis.
//!
//! The records are the chamber's (it runs the fiche); each change is stamped, signed by its author
//! (format 7) and kept, and a received record is re-checked whenever it is read.

use serde::{Deserialize, Serialize};

use super::audit::Stamp;
use super::company::{CompanyId, check_text};
use super::convention::{Convention, Fiche, Side};
use super::error::DomainError;
use super::ledger::Ledger;
use super::signed::{
    HistoryEvent, SealedKind, SealedLine, SignedHistory, Stated, StepView, seal_line, stated_by,
    steps_of, text_fact,
};
use super::signing::{Facts, Seal};
use super::text::fold_accents;

/// Most offers, and most demands, of one company.
pub const MAX_ITEMS: usize = 20;
/// Longest offer or demand, in characters.
pub const MAX_ITEM_CHARS: usize = 200;

/// What a company offers and looks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollaborationRecord {
    /// The company (with a fiche 3 action).
    pub company: CompanyId,
    /// What it offers other professionals, one item each.
    pub offers: Vec<String>,
    /// What it looks for, one item each.
    pub seeks: Vec<String>,
    /// Each recording, by the chamber.
    pub history: Vec<CollaborationEvent>,
}

/// One recording of a company's offers and demands: who and when, and its author's signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollaborationEvent {
    /// Who and when.
    pub stamp: Stamp,
    /// The lists as the recording left them and its author's signature (format 7; `None`:
    /// recorded before, or not yet signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

/// Brings the history lines of `record` (a record as files and stored ledgers write it) to format
/// 7: a line of formats 4 to 6 is a bare stamp (`{"actor":…,"at":…}`), which becomes
/// `{"stamp":{"actor":…,"at":…}}`, an unsigned recording. Lines already of format 7 are left.
pub fn upgrade_lines(record: &mut serde_json::Value) {
    let lines = record
        .get_mut("history")
        .and_then(serde_json::Value::as_array_mut);
    for line in lines.into_iter().flatten() {
        if line.get("stamp").is_none() && line.get("actor").is_some() {
            *line = serde_json::json!({ "stamp": line.take() });
        }
    }
}

/// The one step of a recording, as files and the canonical form write it.
const RECORDED: &str = "Recorded";
/// The step in French.
const RECORDED_LABEL: &str = "Offres et demandes enregistrées";

impl SealedLine for CollaborationEvent {
    fn step(&self) -> &'static str {
        RECORDED
    }
    fn label(&self) -> &'static str {
        RECORDED_LABEL
    }
    fn stamp(&self) -> &Stamp {
        &self.stamp
    }
    fn seal_mut(&mut self) -> &mut Option<Seal> {
        &mut self.seal
    }
    fn seal(&self) -> Option<&Seal> {
        self.seal.as_ref()
    }
}

impl HistoryEvent for CollaborationEvent {
    fn same_step(&self, other: &Self) -> bool {
        self.stamp == other.stamp
    }
    fn seal_slot(&mut self) -> Option<&mut Option<Seal>> {
        Some(&mut self.seal)
    }
}

/// A company's offers and demands, checked. Built by [`Collaboration::checked`], re-checked
/// whenever it is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CollaborationRecord", into = "CollaborationRecord")]
pub struct Collaboration {
    record: CollaborationRecord,
}

impl Collaboration {
    /// The record.
    pub fn record(&self) -> &CollaborationRecord {
        &self.record
    }

    /// The chamber's record of `company`'s offers and demands (texts trimmed, empty lines
    /// dropped), following `previous` if there was one: at least one item, each of a reasonable
    /// length.
    pub fn checked(
        company: CompanyId,
        offers: &[String],
        seeks: &[String],
        previous: Option<&Collaboration>,
        stamp: Stamp,
        convention: &Convention,
    ) -> Result<Collaboration, DomainError> {
        if stamp.actor.side != Side::Chamber {
            return Err(DomainError::NotYourStep {
                step: "Offres et demandes de collaboration",
                owner: convention.party(Side::Chamber).short_name.clone(),
                side: convention.party(stamp.actor.side).short_name.clone(),
            });
        }
        let items = |list: &[String], field| -> Result<Vec<String>, DomainError> {
            let out: Vec<String> = list
                .iter()
                .filter(|t| !t.trim().is_empty())
                .map(|t| check_text(t, field, MAX_ITEM_CHARS))
                .collect::<Result<_, _>>()?;
            if out.len() > MAX_ITEMS {
                return Err(DomainError::TooLong {
                    field,
                    max: MAX_ITEMS,
                });
            }
            Ok(out)
        };
        let (offers, seeks) = (items(offers, "offres")?, items(seeks, "demandes")?);
        if offers.is_empty() && seeks.is_empty() {
            return Err(DomainError::Required("offres ou demandes"));
        }
        let mut history = previous.map_or_else(Vec::new, |p| p.record.history.clone());
        history.push(CollaborationEvent { stamp, seal: None });
        Ok(Collaboration {
            record: CollaborationRecord {
                company,
                offers,
                seeks,
                history,
            },
        })
    }

    /// The history, for the merge.
    pub fn history(&self) -> &[CollaborationEvent] {
        &self.record.history
    }

    /// The same lists with `history` (the merge's union of two copies' histories).
    pub(crate) fn with_history(mut self, history: Vec<CollaborationEvent>) -> Collaboration {
        self.record.history = history;
        self
    }
}

/// A company's offers and demands' signed steps (docs/echange.md, « Étapes signées »): each
/// recording states the lists as it left them (`collaboration`: the record's JSON without its
/// history).
impl SignedHistory for Collaboration {
    fn kind(&self) -> SealedKind {
        SealedKind::Collaboration
    }

    fn sealed_id(&self) -> String {
        self.record.company.0.clone()
    }

    fn signed_steps(&self) -> Vec<StepView<'_>> {
        steps_of(&self.record.history)
    }

    fn step_facts(&self, _step: &str, _stamp: &Stamp) -> Facts {
        let mut value = serde_json::to_value(&self.record).unwrap_or_default();
        if let Some(fields) = value.as_object_mut() {
            fields.remove("history");
        }
        Facts::from([("collaboration".to_string(), text_fact(&value.to_string()))])
    }

    /// The lists as they stand: stated by the latest recording (the merge keeps the lists of the
    /// latest, last in the history).
    fn stated(&self) -> Vec<Stated<'_>> {
        stated_by(self.signed_steps().pop())
    }

    fn step_label(&self, _step: &str) -> &'static str {
        RECORDED_LABEL
    }

    fn put_seal(&mut self, step: &str, stamp: &Stamp, seal: Seal) -> bool {
        seal_line(&mut self.record.history, step, stamp, seal)
    }
}

impl TryFrom<CollaborationRecord> for Collaboration {
    type Error = String;

    fn try_from(record: CollaborationRecord) -> Result<Self, Self::Error> {
        let ok = !record.history.is_empty()
            && record
                .history
                .iter()
                .all(|e| e.stamp.actor.side == Side::Chamber)
            && (!record.offers.is_empty() || !record.seeks.is_empty())
            && record.offers.len() <= MAX_ITEMS
            && record.seeks.len() <= MAX_ITEMS
            && record.offers.iter().chain(&record.seeks).all(|t| {
                !t.trim().is_empty() && t.trim() == t && t.chars().count() <= MAX_ITEM_CHARS
            });
        if ok {
            Ok(Collaboration { record })
        } else {
            Err(format!(
                "offres et demandes incohérentes (écrites par la chambre seule, au moins une, {MAX_ITEMS} au plus de {MAX_ITEM_CHARS} caractères)"
            ))
        }
    }
}

impl From<Collaboration> for CollaborationRecord {
    fn from(c: Collaboration) -> Self {
        c.record
    }
}

/// A possible match: a company offers what another looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// The company that offers.
    pub offering: CompanyId,
    /// Its offer.
    pub offer: String,
    /// The company that looks for it.
    pub seeking: CompanyId,
    /// Its demand.
    pub seek: String,
}

/// Words too common in offers and demands to say that two of them meet: French function words of
/// four letters or more, and what any offer or demand says ("produits", "clients", "recherche"…).
#[rustfmt::skip]
const COMMON: &[&str] = &[
    "avec", "dans", "sans", "sous", "pour", "chez", "vers", "entre", "leurs", "nous", "vous",
    "notre", "votre", "plus", "tous", "toutes", "cette", "comme", "aussi", "autres", "tres", "mais",
    "donc", "elles", "etre", "faire", "produits", "services", "clients", "entreprises",
    "professionnels", "artisans", "recherche", "besoins", "offres", "demandes", "partenaires",
    "partenariat", "collaboration", "contacts", "travail", "activite", "projets", "solutions",
    "mise", "relation", "locaux", "qualite",
];

/// A folded word without its final plural `s` or `x`, so that singular and plural meet.
fn stem(word: &str) -> &str {
    word.trim_end_matches(['s', 'x'])
}

/// The significant words of a text: folded (no case, accents), four letters or more, not one of
/// the [`COMMON`] words, without a final plural `s` or `x`.
fn words(text: &str) -> Vec<String> {
    fold_accents(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(stem)
        .filter(|w| !COMMON.iter().any(|c| stem(c) == *w))
        .map(str::to_string)
        .collect()
}

/// Every offer of one company that shares a significant word with a demand of another, in the
/// order of the companies' ids. Each text's words are computed once.
pub fn matches(ledger: &Ledger) -> Vec<Match> {
    /// Each text with its words.
    type Indexed = Vec<(String, Vec<String>)>;
    let indexed =
        |items: &[String]| -> Indexed { items.iter().map(|t| (t.clone(), words(t))).collect() };
    let all: Vec<(&CompanyId, Indexed, Indexed)> = ledger
        .collaborations()
        .values()
        .map(|c| {
            (
                &c.record.company,
                indexed(&c.record.offers),
                indexed(&c.record.seeks),
            )
        })
        .collect();
    let mut out = Vec::new();
    for (offering, offers, _) in &all {
        for (offer, offered) in offers {
            for (seeking, _, seeks) in all.iter().filter(|s| s.0 != *offering) {
                for (seek, sought) in seeks {
                    if sought.iter().any(|w| offered.contains(w)) {
                        out.push(Match {
                            offering: (*offering).clone(),
                            offer: offer.clone(),
                            seeking: (*seeking).clone(),
                            seek: seek.clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// Whether `company` has an action of fiche 3 in `ledger` (the fiche the synthesis belongs to).
pub fn has_fiche_3(ledger: &Ledger, company: &CompanyId) -> bool {
    ledger
        .actions()
        .values()
        .any(|a| a.company() == company && a.fiche() == Fiche::CircuitsCourts)
}

#[cfg(test)]
#[path = "collaboration_tests.rs"]
mod tests;
