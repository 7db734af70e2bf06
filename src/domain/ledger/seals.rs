//! The seals of the steps taken here and the keys this machine trusts (`domain::trust`): which
//! steps wait for their author's signature, putting the signatures on, and the trust decisions
//! the user makes (a key confirmed by its fingerprint).

use chrono::NaiveDate;

use super::Ledger;
use crate::domain::action::{ActionId, Stamp, Step, Unsealed};
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
            // Only the author's own steps, stating what the record states now.
            if s.stamp.actor.side != side {
                continue;
            }
            let Some(action) = self.actions.get_mut(&s.action) else {
                continue;
            };
            if action.facts(s.kind, &s.stamp) != s.facts {
                continue;
            }
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

    /// This ledger with `other`'s trust decisions as well (another tab's, a backup's).
    pub(crate) fn with_trust_of(mut self, other: &Trust) -> Ledger {
        self.trust = self.trust.merged_with(other);
        self
    }
}
