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

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::audit::Stamp;
use super::convention::{Convention, ConventionId, Side};
use super::ledger::Ledger;
use super::signing::{KeyId, PublicKey, RecordRef, Seal, Verifier, canonical};

/// A public key as files carry it: the key and who holds it, by their own account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// A key this machine trusts, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownKey {
    /// The key and its holder.
    pub card: KeyCard,
    /// How it came to be trusted.
    pub how: How,
}

/// Every key this machine trusts for a convention, by id. The first decision about a key stays:
/// a key is never moved to the other side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Trust(BTreeMap<KeyId, KnownKey>);

impl Trust {
    /// The key with id `id`, if trusted here.
    pub fn get(&self, id: &KeyId) -> Option<&KnownKey> {
        self.0.get(id)
    }

    /// Every trusted key.
    pub fn keys(&self) -> impl Iterator<Item = &KnownKey> {
        self.0.values()
    }

    /// Whether nothing is trusted yet.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Trusts `card` for its side, `how`; a key already known keeps its first decision.
    pub fn add(&mut self, card: KeyCard, how: How) {
        self.0
            .entry(card.key.id())
            .or_insert(KnownKey { card, how });
    }

    /// Both machines' decisions: every key either trusts (the first decision for a key known to
    /// both: the one made here if either was, else the earlier confirmation), so that tabs and
    /// restores keep every decision and merge alike in any order.
    pub fn merged_with(&self, other: &Trust) -> Trust {
        let mut keys = self.0.clone();
        for (id, k) in &other.0 {
            keys.entry(id.clone())
                .and_modify(|mine| {
                    if rank(&k.how) < rank(&mine.how) {
                        *mine = k.clone();
                    }
                })
                .or_insert_with(|| k.clone());
        }
        Trust(keys)
    }
}

/// The order of [`Trust::merged_with`]: made here first, then the earlier confirmation.
fn rank(how: &How) -> (u8, Option<NaiveDate>) {
    match how {
        How::MadeHere => (0, None),
        How::Confirmed { on } => (1, Some(*on)),
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

impl ToVerify {
    /// The id of this check: the SHA-256 of the key, the message and the signature, so that an
    /// answer holds for this very message only.
    pub fn id(&self) -> [u8; 32] {
        check_id(&self.key, &self.message, &self.signature)
    }
}

/// See [`ToVerify::id`].
fn check_id(
    key: &PublicKey,
    message: &[u8],
    signature: &super::signing::SignatureBytes,
) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(key.raw());
    h.update((message.len() as u64).to_be_bytes());
    h.update(message);
    h.update(signature.raw());
    h.finalize().into()
}

/// The answers of a verifier that ran before (the browser's WebCrypto, asynchronously): the
/// checks that held, by [`ToVerify::id`]. A signature not checked counts as not holding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers(BTreeSet<[u8; 32]>);

impl Answers {
    /// Records that `check` held.
    pub fn held(&mut self, check: &ToVerify) {
        self.0.insert(check.id());
    }
}

impl Verifier for Answers {
    fn verifies(
        &self,
        key: &PublicKey,
        message: &[u8],
        signature: &super::signing::SignatureBytes,
    ) -> bool {
        self.0.contains(&check_id(key, message, signature))
    }
}

/// Every signature of `actions` (received) to check before their plan: the steps not held as
/// they are in `ledger`, signed by a key trusted here or carried by the file (`cards`). The
/// others need no check (known) or cannot pass (an unknown key).
pub fn to_verify<'a>(
    ledger: &Ledger,
    actions: impl IntoIterator<Item = &'a super::action::Action>,
    cards: &[KeyCard],
) -> Vec<ToVerify> {
    let id = ledger.convention().id();
    let mut out = Vec::new();
    for a in actions {
        let ours = ledger.actions().get(a.id());
        for e in &a.record().history {
            let Some(seal) = &e.seal else { continue };
            if ours.is_some_and(|o| o.record().history.contains(e)) {
                continue;
            }
            let key = ledger
                .trust()
                .get(&seal.key)
                .map(|k| &k.card.key)
                .or_else(|| cards.iter().map(|c| &c.key).find(|k| k.id() == seal.key));
            let Some(key) = key else { continue };
            out.push(ToVerify {
                key: key.clone(),
                message: a.canonical(id, e.kind, &e.stamp, &seal.facts),
                signature: seal.signature.clone(),
            });
        }
    }
    out
}
