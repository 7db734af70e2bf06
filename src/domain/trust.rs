//! Which keys speak for which party of a convention, and what a signed step received is worth
//! (issue "No one speaks for the other party"). The convention is between two institutions
//! (art. 2.1–2.2: the chamber sends devis and invoices, the payer engages and pays): a step the
//! other institution relies on must be provably taken by someone of the side its stamp names.
//!
//! Each ledger keeps the [`Trust`] of this machine: every key it knows, the side and person it
//! speaks for, and how it came to be trusted — made here (the keys of the identities used on
//! this machine), or confirmed by its fingerprint, read by phone with its holder (as SSH's
//! `known_hosts` or Signal's safety numbers: trust on first use, only after a human check).
//! A received step passes the [`Gate`]: signed by a key trusted for the side its stamp names,
//! the signature holding over the documented canonical form (`signing::canonical`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::audit::Stamp;
use super::convention::{Convention, ConventionId, Side};
use super::ledger::Ledger;
use super::signed::{SignedHistory, sealed_items};
use super::signing::{
    Facts, KeyId, PublicKey, RecordRef, Seal, SignatureBytes, Verifier, canonical,
};

/// A public key as files carry it: the key and who holds it, by their own account.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct KeyCard {
    /// The key.
    pub key: PublicKey,
    /// The side it signs for.
    pub side: Side,
    /// Its holder's name.
    pub name: String,
}

/// How a key came to be trusted here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum How {
    /// The key of an identity used on this machine: its steps are signed here.
    MadeHere,
    /// Its fingerprint was read with its holder and confirmed by the user here, on that day.
    Confirmed {
        /// The day of the confirmation.
        #[serde(with = "crate::domain::date::serde_day")]
        on: NaiveDate,
    },
    /// Introduced by a key already trusted for its party ([`Statement::Introduces`]).
    Introduced {
        /// The key that introduced it.
        by: KeyId,
        /// The day of the introduction.
        #[serde(with = "crate::domain::date::serde_day")]
        on: NaiveDate,
    },
}

impl How {
    /// In words: "clé de ce poste", "reconnue par son empreinte le 01/02/2021".
    pub fn describe(&self) -> String {
        match self {
            How::MadeHere => "clé de ce poste".to_string(),
            How::Confirmed { on } => {
                format!("reconnue par son empreinte le {}", super::date::fr(*on))
            }
            How::Introduced { by, on } => {
                format!("présentée le {} par la clé {by}", super::date::fr(*on))
            }
        }
    }
}

/// A key this machine trusts, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownKey {
    /// The key and its holder.
    pub card: KeyCard,
    /// How it came to be trusted.
    pub how: How,
}

/// What a key of a party says about another key of the same party: a new key introduced (a new
/// adviser, a new laptop), or a key withdrawn (a lost laptop). Signed by its author like a step;
/// it travels in files, so the other party trusts an introduced key without a question and refuses
/// a withdrawn key's later signatures (as a sigchain: a party's keys introduced by its earlier ones).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Statement {
    /// This key speaks for the same party from now on.
    Introduces(KeyCard),
    /// This key no longer speaks for the party: its signatures stamped after the statement are
    /// refused.
    Withdraws(KeyId),
}

/// A statement, who made it and when, and its seal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyStatement {
    /// What it says.
    pub statement: Statement,
    /// Who made it, for which side, and when.
    pub stamp: Stamp,
    /// Its author's signature (`None` until the browser signs it, just after it is made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

impl Statement {
    /// Its name in the canonical form.
    pub fn name(&self) -> &'static str {
        match self {
            Statement::Introduces(_) => "IntroducesKey",
            Statement::Withdraws(_) => "WithdrawsKey",
        }
    }

    /// The facts its signature covers: the key introduced (its raw key, side and holder) or the
    /// id of the key withdrawn.
    pub fn facts(&self) -> Facts {
        let mut f = Facts::new();
        match self {
            Statement::Introduces(card) => {
                f.insert("key".into(), String::from(card.key.clone()));
                f.insert("side".into(), format!("{:?}", card.side));
                f.insert("name".into(), card.name.clone());
            }
            Statement::Withdraws(id) => {
                f.insert("key".into(), id.0.clone());
            }
        }
        f
    }
}

impl KeyStatement {
    /// The canonical form its signature covers, in `convention`.
    pub fn canonical(&self, convention: &ConventionId) -> Vec<u8> {
        canonical(
            convention,
            RecordRef::Keys,
            self.statement.name(),
            &self.stamp,
            &self.statement.facts(),
        )
    }
}

/// Every key this machine trusts for a convention, by id, and the statements it took (made here,
/// or received signed by a key it trusted): the first decision about a key stays, and a key is
/// never moved to the other side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trust {
    /// The keys trusted, by id.
    #[serde(default)]
    keys: BTreeMap<KeyId, KnownKey>,
    /// The statements taken, in the order of their stamps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    statements: Vec<KeyStatement>,
}

impl Trust {
    /// The key with id `id`, if trusted here.
    pub fn get(&self, id: &KeyId) -> Option<&KnownKey> {
        self.keys.get(id)
    }

    /// Every trusted key.
    pub fn keys(&self) -> impl Iterator<Item = &KnownKey> {
        self.keys.values()
    }

    /// Every statement taken.
    pub fn statements(&self) -> &[KeyStatement] {
        &self.statements
    }

    /// Whether nothing is trusted yet.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.statements.is_empty()
    }

    /// Trusts `card` for its side, `how`; a key already known keeps its first decision.
    pub fn add(&mut self, card: KeyCard, how: How) {
        self.keys
            .entry(card.key.id())
            .or_insert(KnownKey { card, how });
    }

    /// When `id` was withdrawn (the earliest withdrawal taken), if it was.
    pub fn withdrawn_at(&self, id: &KeyId) -> Option<NaiveDateTime> {
        self.statements
            .iter()
            .filter(|s| matches!(&s.statement, Statement::Withdraws(k) if k == id))
            .map(|s| s.stamp.at)
            .min()
    }

    /// Takes a statement: an introduced key is trusted for its party (unless known already);
    /// a withdrawal holds from its stamp. Kept once, in the order of the stamps.
    pub fn take(&mut self, statement: KeyStatement, by: Option<KeyId>) {
        if self
            .statements
            .iter()
            .any(|s| s.statement == statement.statement && s.stamp == statement.stamp)
        {
            return;
        }
        if let (Statement::Introduces(card), Some(by)) = (&statement.statement, by) {
            self.add(
                card.clone(),
                How::Introduced {
                    by,
                    on: statement.stamp.at.date(),
                },
            );
        }
        self.statements.push(statement);
        self.statements
            .sort_by(|a, b| (a.stamp.at, &a.statement).cmp(&(b.stamp.at, &b.statement)));
    }

    /// The statements made here that wait for their author's signature, stamped `stamp`.
    pub fn unsealed(&self, stamp: &Stamp) -> impl Iterator<Item = &KeyStatement> {
        self.statements
            .iter()
            .filter(move |s| s.seal.is_none() && &s.stamp == stamp)
    }

    /// Puts `seal` on the unsealed statement `statement` stamped `stamp`.
    pub(crate) fn put_seal(&mut self, statement: &Statement, stamp: &Stamp, seal: Seal) -> bool {
        match self
            .statements
            .iter_mut()
            .find(|s| &s.statement == statement && &s.stamp == stamp && s.seal.is_none())
        {
            Some(s) => {
                s.seal = Some(seal);
                true
            }
            None => false,
        }
    }

    /// Both machines' decisions: every key either trusts (the first decision for a key known to
    /// both: the one made here if either was, else the earlier confirmation), and every statement
    /// either took, so that tabs and restores keep every decision and merge alike in any order.
    pub fn merged_with(&self, other: &Trust) -> Trust {
        let mut keys = self.keys.clone();
        for (id, k) in &other.keys {
            keys.entry(id.clone())
                .and_modify(|mine| {
                    if rank(&k.how) < rank(&mine.how) {
                        *mine = k.clone();
                    }
                })
                .or_insert_with(|| k.clone());
        }
        let mut merged = Trust {
            keys,
            statements: self.statements.clone(),
        };
        for s in &other.statements {
            match merged
                .statements
                .iter_mut()
                .find(|m| m.statement == s.statement && m.stamp == s.stamp)
            {
                Some(m) if m.seal.is_none() => m.seal = s.seal.clone(),
                Some(_) => {}
                None => merged.statements.push(s.clone()),
            }
        }
        merged
            .statements
            .sort_by(|a, b| (a.stamp.at, &a.statement).cmp(&(b.stamp.at, &b.statement)));
        merged
    }
}

/// The order of [`Trust::merged_with`]: made here first, then the earlier confirmation.
fn rank(how: &How) -> (u8, Option<NaiveDate>) {
    match how {
        How::MadeHere => (0, None),
        How::Confirmed { on } => (1, Some(*on)),
        How::Introduced { on, .. } => (2, Some(*on)),
    }
}

/// Why a signed step is not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Distrust {
    /// Signed by a key this machine does not trust (`holder`: who the file says holds it).
    UnknownKey {
        /// The key's id.
        key: KeyId,
        /// Who holds it, as the file says, if it carries the key.
        holder: Option<KeyCard>,
    },
    /// Signed by a key trusted for the other side than the one the step's stamp names.
    WrongSide {
        /// The key's id.
        key: KeyId,
        /// The side the key is trusted for.
        trusted_for: Side,
    },
    /// Signed by a key its party withdrew, after the withdrawal.
    Withdrawn {
        /// The key's id.
        key: KeyId,
        /// When it was withdrawn.
        at: NaiveDateTime,
    },
    /// The signature does not hold: the step or its facts were changed after it was signed.
    Forged {
        /// The key's id.
        key: KeyId,
    },
    /// The record states a fact (a date, an amount) that no accepted step of its own states.
    Unattested,
}

impl Distrust {
    /// Why, in French, naming the key and its holder: completes "« Engagé » de Menuiserie Durand
    /// – Fiche 2 refusé : …".
    pub fn describe(&self, convention: &Convention) -> String {
        let party = |side: Side| convention.party(side).short_name.clone();
        match self {
            Distrust::UnknownKey { key, holder: None } => {
                format!("signé par une clé inconnue ici ({key}), que le fichier ne présente pas.")
            }
            Distrust::UnknownKey {
                key,
                holder: Some(card),
            } => format!(
                "signé par la clé {key} de « {} » ({}), que vous n'avez pas reconnue : \
                 vérifiez son empreinte avec son titulaire avant de l'accepter.",
                card.name,
                party(card.side)
            ),
            Distrust::WrongSide { key, trusted_for } => format!(
                "signé par la clé {key}, reconnue ici pour {} seulement : une étape de {} ne \
                 peut être prise que par une clé de {}.",
                party(*trusted_for),
                party(trusted_for.other()),
                party(trusted_for.other())
            ),
            Distrust::Withdrawn { key, at } => format!(
                "signé par la clé {key}, que sa partie a retirée le {} : ses signatures \
                 postérieures ne sont plus reconnues.",
                super::date::fr(at.date())
            ),
            Distrust::Forged { key } => format!(
                "la signature (clé {key}) ne correspond pas à l'étape : elle a été modifiée \
                 après avoir été signée."
            ),
            Distrust::Unattested => {
                "le fichier donne une valeur (date, montant, motif) qu'aucune étape signée \
                 n'atteste : il a été modifié."
                    .to_string()
            }
        }
    }
}

/// What a step received is worth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Signed by a key trusted for the side its stamp names, the signature holding.
    Accepted,
    /// Not signed (recorded by a version before signatures): taken only on the user's explicit
    /// confirmation.
    Unsigned,
    /// Not accepted, and why.
    Refused(Distrust),
}

/// The check every step received goes through: the keys trusted here, the keys the file carries
/// and the ones the user confirms in this preview, and a verifier of signatures.
pub struct Gate<'a> {
    /// The convention.
    pub convention: &'a ConventionId,
    /// The keys trusted here.
    pub trust: &'a Trust,
    /// The keys the file carries, by id.
    pub cards: &'a BTreeMap<KeyId, KeyCard>,
    /// The keys (among `cards`) the user confirms by fingerprint in this preview.
    pub confirmed: &'a BTreeSet<KeyId>,
    /// Checks the signatures.
    pub verifier: &'a dyn Verifier,
    /// Whether unsigned steps (from a version before signatures) are taken: the user's explicit
    /// confirmation.
    pub take_unsigned: bool,
}

impl Gate<'_> {
    /// The key trusted for `id`: trusted here, or carried by the file and confirmed by the user.
    fn key(&self, id: &KeyId) -> Option<&KeyCard> {
        self.trust.get(id).map(|k| &k.card).or_else(|| {
            self.confirmed
                .contains(id)
                .then(|| self.cards.get(id))
                .flatten()
        })
    }

    /// What the step `step` of `record`, stamped `stamp` and sealed `seal`, is worth.
    pub fn judge(
        &self,
        record: RecordRef<'_>,
        step: &str,
        stamp: &Stamp,
        seal: Option<&Seal>,
    ) -> Verdict {
        let Some(seal) = seal else {
            return Verdict::Unsigned;
        };
        let Some(card) = self.key(&seal.key) else {
            return Verdict::Refused(Distrust::UnknownKey {
                key: seal.key.clone(),
                holder: self.cards.get(&seal.key).cloned(),
            });
        };
        if card.side != stamp.actor.side {
            return Verdict::Refused(Distrust::WrongSide {
                key: seal.key.clone(),
                trusted_for: card.side,
            });
        }
        if let Some(at) = self.trust.withdrawn_at(&seal.key)
            && stamp.at > at
        {
            return Verdict::Refused(Distrust::Withdrawn {
                key: seal.key.clone(),
                at,
            });
        }
        let message = canonical(self.convention, record, step, stamp, &seal.facts);
        if self.verifier.verifies(&card.key, &message, &seal.signature) {
            Verdict::Accepted
        } else {
            Verdict::Refused(Distrust::Forged {
                key: seal.key.clone(),
            })
        }
    }
}

/// Every signature a file's new steps carry, to check before planning its import (the browser
/// checks them asynchronously, then hands the answers to the [`Gate`] through a [`Verifier`]
/// that looks them up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToVerify {
    /// The key.
    pub key: PublicKey,
    /// The canonical form signed.
    pub message: Vec<u8>,
    /// The signature.
    pub signature: super::signing::SignatureBytes,
}

/// The answers of a verifier that ran before (the browser's WebCrypto, asynchronously): the
/// checks that held, each kept whole — key, message and signature — so that an answer holds for
/// that very message only. A signature not checked counts as not holding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers(HashMap<SignatureBytes, Vec<(PublicKey, Vec<u8>)>>);

impl Answers {
    /// Records that `check` held.
    pub fn held(&mut self, check: ToVerify) {
        self.0
            .entry(check.signature)
            .or_default()
            .push((check.key, check.message));
    }
}

impl Verifier for Answers {
    fn verifies(&self, key: &PublicKey, message: &[u8], signature: &SignatureBytes) -> bool {
        self.0
            .get(signature)
            .is_some_and(|held| held.iter().any(|(k, m)| k == key && m == message))
    }
}

/// Every signature of `records` (received) to check before their plan: the steps not held as
/// they are in `ledger`, signed by a key trusted here or carried by the file (`cards`). The
/// others need no check (known) or cannot pass (an unknown key).
pub fn to_verify(
    ledger: &Ledger,
    records: &[&dyn SignedHistory],
    statements: &[KeyStatement],
    cards: &[KeyCard],
) -> Vec<ToVerify> {
    let id = ledger.convention().id();
    let mut out = Vec::new();
    let carried: BTreeMap<KeyId, &PublicKey> = cards.iter().map(|c| (c.key.id(), &c.key)).collect();
    let key_of = |seal: &Seal| {
        ledger
            .trust()
            .get(&seal.key)
            .map(|k| k.card.key.clone())
            .or_else(|| carried.get(&seal.key).map(|&k| k.clone()))
    };
    for s in statements {
        let Some(seal) = &s.seal else { continue };
        let Some(key) = key_of(seal) else { continue };
        out.push(ToVerify {
            key,
            message: canonical(
                id,
                RecordRef::Keys,
                s.statement.name(),
                &s.stamp,
                &seal.facts,
            ),
            signature: seal.signature.clone(),
        });
    }
    for &r in records {
        let ours = ledger
            .sealed_record(r.kind(), &r.sealed_id())
            .map(|o| o.signed_steps())
            .unwrap_or_default();
        for (step, message) in sealed_items(r, id) {
            if ours.contains(&step) {
                continue;
            }
            let Some(seal) = step.seal else { continue };
            let Some(key) = key_of(seal) else { continue };
            out.push(ToVerify {
                key,
                message,
                signature: seal.signature.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_holds_for_its_very_key_message_and_signature_only() {
        let key = |b: u8| {
            let mut raw = vec![4; 65];
            raw[1] = b;
            PublicKey::from_raw(&raw).unwrap()
        };
        let sig = |b: u8| SignatureBytes::from_raw(&[b; 64]).unwrap();
        let mut answers = Answers::default();
        answers.held(ToVerify {
            key: key(1),
            message: b"engaged on 2021-01-25".to_vec(),
            signature: sig(1),
        });
        assert!(answers.verifies(&key(1), b"engaged on 2021-01-25", &sig(1)));
        // The same signature put on another message, or said to be another key's: not held.
        assert!(!answers.verifies(&key(1), b"engaged on 2021-01-24", &sig(1)));
        assert!(!answers.verifies(&key(2), b"engaged on 2021-01-25", &sig(1)));
        assert!(!answers.verifies(&key(1), b"engaged on 2021-01-25", &sig(2)));
    }
}
