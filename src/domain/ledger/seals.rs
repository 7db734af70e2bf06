//! The seals of the steps taken here and the keys this machine trusts (`domain::trust`): which
//! steps wait for their author's signature, putting the signatures on, and the trust decisions
//! the user makes (a key confirmed by its fingerprint).

use chrono::NaiveDate;

use super::Ledger;
use crate::domain::action::{ActionId, Stamp, Step};
use crate::domain::convention::Side;
use crate::domain::date::fr;
use crate::domain::error::DomainError;
use crate::domain::lifecycle::Owned;
use crate::domain::signing::KeyId;
use crate::domain::signing::{Facts, Seal, SignatureBytes};
use crate::domain::trust::{How, KeyCard, KeyStatement, Statement, Trust};

/// What a signature seals: a step of an action, or a statement about a party's keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A step of an action.
    Step {
        /// The action.
        action: ActionId,
        /// The step.
        kind: Step,
    },
    /// A statement about a key.
    Statement(Statement),
}

/// Something taken here that waits for its author's signature: what to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsealed {
    /// What.
    pub target: Target,
    /// Who and when.
    pub stamp: Stamp,
    /// The facts it states.
    pub facts: Facts,
    /// The canonical form to sign.
    pub message: Vec<u8>,
}

impl Unsealed {
    /// With its signature, to put on it ([`Ledger::seal`]).
    pub fn signed(self, signature: SignatureBytes) -> Signed {
        Signed {
            target: self.target,
            stamp: self.stamp,
            facts: self.facts,
            signature,
        }
    }
}

/// A signature made for something that waited for it ([`Ledger::unsealed`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// What.
    pub target: Target,
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

    /// Every step and statement stamped `stamp` that waits for its author's signature, with
    /// what to sign.
    pub fn unsealed(&self, stamp: &Stamp) -> Vec<Unsealed> {
        let id = self.convention.id();
        let mut out: Vec<Unsealed> = self
            .actions
            .values()
            .flat_map(|a| a.unsealed(id, stamp))
            .collect();
        out.extend(self.trust.unsealed(stamp).map(|s| Unsealed {
            target: Target::Statement(s.statement.clone()),
            stamp: s.stamp.clone(),
            facts: s.statement.facts(),
            message: s.canonical(id),
        }));
        out
    }

    /// Introduces `key`, a key of the user's own party trusted here (a colleague's, confirmed by
    /// its fingerprint), to the other party: the statement, signed by the user's key, travels in
    /// the user's files, and the other party, trusting the user's key, then trusts this one
    /// without a question (a sigchain: a party's new keys introduced by its earlier ones).
    pub fn introduce_key(&mut self, key: &KeyId, stamp: Stamp) -> Result<(), DomainError> {
        let card = self.own_key(key, &stamp)?.clone();
        self.trust.take(
            KeyStatement {
                statement: Statement::Introduces(card),
                stamp,
                seal: None,
            },
            None,
        );
        Ok(())
    }

    /// The card of `key`, trusted here for the side of `stamp` and not withdrawn: a key the
    /// user may speak about.
    fn own_key(&self, key: &KeyId, stamp: &Stamp) -> Result<&KeyCard, DomainError> {
        let known = self
            .trust
            .get(key)
            .ok_or_else(|| DomainError::KeyUnknown(key.0.clone()))?;
        if known.card.side != stamp.actor.side {
            return Err(DomainError::KeyOfOtherParty {
                key: key.0.clone(),
                party: self.convention.party(known.card.side).short_name.clone(),
            });
        }
        if let Some(at) = self.trust.withdrawn_at(key) {
            return Err(DomainError::KeyWithdrawn {
                key: key.0.clone(),
                on: at.date(),
            });
        }
        Ok(&known.card)
    }

    /// Withdraws `key`, a key of the user's own party trusted here (a lost laptop): its
    /// signatures stamped after this are refused here at once, and by the other party once the
    /// statement, signed, reaches it.
    pub fn withdraw_key(&mut self, key: &KeyId, stamp: Stamp) -> Result<(), DomainError> {
        self.own_key(key, &stamp)?;
        self.trust.take(
            KeyStatement {
                statement: Statement::Withdraws(key.clone()),
                stamp,
                seal: None,
            },
            None,
        );
        Ok(())
    }

    /// Puts the signatures made with `card`'s key on the steps they sign, and trusts that key
    /// for its side as made here. A step undone meanwhile, or already sealed, is skipped;
    /// returns how many were put.
    pub fn seal(&mut self, card: KeyCard, signed: Vec<Signed>) -> usize {
        let key = card.key.id();
        let side = card.side;
        let mut put = 0;
        for s in signed {
            // Only the author's own (the facts are what `unsealed` gave for them: what was
            // stated when it was taken).
            if s.stamp.actor.side != side {
                continue;
            }
            let seal = Seal {
                facts: s.facts,
                key: key.clone(),
                signature: s.signature,
            };
            let sealed = match &s.target {
                Target::Step { action, kind } => self
                    .actions
                    .get_mut(action)
                    .is_some_and(|a| a.put_seal(*kind, &s.stamp, seal)),
                Target::Statement(statement) => self.trust.put_seal(statement, &s.stamp, seal),
            };
            if sealed {
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
            Some(How::Introduced { on, .. }) => {
                format!("signé (clé {}, présentée le {})", seal.key, fr(*on))
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
