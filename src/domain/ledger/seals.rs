//! The seals of the steps taken here and the keys this machine trusts (`domain::trust`): which
//! steps wait for their author's signature, putting the signatures on, and the trust decisions
//! the user makes (a key confirmed by its fingerprint).

use chrono::NaiveDate;

use super::Ledger;
use crate::domain::action::{ActionId, Stamp, Step, Unsealed};
use crate::domain::convention::Side;
use crate::domain::date::fr;
use crate::domain::lifecycle::Owned;
use crate::domain::signing::{Facts, Seal, SignatureBytes};
use crate::domain::trust::{How, KeyCard, Trust};

/// A signature made for a step that waited for it ([`Ledger::unsealed`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// The action.
    pub action: ActionId,
    /// The step.
    pub kind: Step,
    /// Who and when.
    pub stamp: Stamp,
    /// The facts signed.
    pub facts: Facts,
    /// The signature.
    pub signature: SignatureBytes,
}

impl Ledger {
    /// The keys this machine trusts for the convention's parties.
    pub fn trust(&self) -> &Trust {
        &self.trust
    }

    /// Every step stamped `stamp` that waits for its author's signature, with what to sign.
    pub fn unsealed(&self, stamp: &Stamp) -> Vec<Unsealed> {
        let id = self.convention.id();
        self.actions
            .values()
            .flat_map(|a| a.unsealed(id, stamp))
            .collect()
    }

    /// Puts the signatures made with `card`'s key on the steps they sign, and trusts that key
    /// for its side as made here. A step undone meanwhile, or already sealed, is skipped;
    /// returns how many were put.
    pub fn seal(&mut self, card: KeyCard, signed: Vec<Signed>) -> usize {
        let key = card.key.id();
        let side = card.side;
        let mut put = 0;
        for s in signed {
            // Only the author's own steps (the facts are what `unsealed` gave for them: what
            // the step stated when it was taken).
            if s.stamp.actor.side != side {
                continue;
            }
            let Some(action) = self.actions.get_mut(&s.action) else {
                continue;
            };
            let seal = Seal {
                facts: s.facts,
                key: key.clone(),
                signature: s.signature,
            };
            if action.put_seal(s.kind, &s.stamp, seal) {
                put += 1;
            }
        }
        if put > 0 {
            self.trust.add(card, How::MadeHere);
        }
        put
    }

    /// Trusts `card`'s key for its side, confirmed on `on` by its fingerprint (read with its
    /// holder).
    pub fn confirm_key(&mut self, card: KeyCard, on: NaiveDate) {
        self.trust.add(card, How::Confirmed { on });
    }

    /// The steps of `side` this file would carry that were signed on this machine, with a key
    /// made here: someone here took them under that side's name ("Changer"), and that side,
    /// which does not know the key, will refuse them. In words, for the export's warning.
    pub fn signed_here_for(&self, side: Side) -> Vec<String> {
        let party = &self.convention.party(side).short_name;
        let mut lines = Vec::new();
        for a in self.actions.values() {
            for e in &a.record().history {
                let made_here = e.seal.as_ref().is_some_and(|seal| {
                    self.trust
                        .get(&seal.key)
                        .is_some_and(|k| k.how == How::MadeHere)
                });
                if e.stamp.actor.side != side || !made_here {
                    continue;
                }
                let company = self
                    .companies
                    .get(a.company())
                    .map_or("", |c| c.name.as_str());
                lines.push(format!(
                    "« {} » de {company} – Fiche {}, le {} par {} : pris sur cette machine au \
                     nom de {party}, avec une clé que {party} ne connaît pas ; {party} le \
                     refusera.",
                    e.kind.event_label(),
                    a.fiche().number(),
                    fr(e.stamp.at.date()),
                    e.stamp.actor.name,
                ));
            }
        }
        lines
    }

    /// How a step of the history is proved, in words: "signé (clé 3f9a0c…, de ce poste)",
    /// "signé (clé …, reconnue le 01/02/2021)", "non signé (antérieur)".
    pub fn proof(&self, seal: Option<&Seal>) -> String {
        let Some(seal) = seal else {
            return "non signé (antérieur)".to_string();
        };
        match self.trust.get(&seal.key).map(|k| &k.how) {
            Some(How::MadeHere) => format!("signé (clé {}, de ce poste)", seal.key),
            Some(How::Confirmed { on }) => {
                format!("signé (clé {}, reconnue le {})", seal.key, fr(*on))
            }
            None => format!("signé (clé {}, inconnue ici)", seal.key),
        }
    }

    /// This ledger with `other`'s trust decisions as well (another tab's, a backup's).
    pub(crate) fn with_trust_of(mut self, other: &Trust) -> Ledger {
        self.trust = self.trust.merged_with(other);
        self
    }
}
