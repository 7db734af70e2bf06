//! One signature for the many steps a key signed in a file (the « sceau de lot »): the machine
//! that exports a file signs, with each of its own keys, the list of the digests of the sealed
//! steps and key statements the file carries under that key. A receiver that meets thousands of
//! new steps of one key checks that one signature instead of each step's (a first import of
//! 10,000 actions: two signatures instead of 20,000 — BENCHMARKS.md, seventeenth round).
//!
//! A batch seal adds nothing to what a step proves: each step keeps its own signature, which
//! travels with it and is what a third machine checks when the file is relayed without the batch
//! seal. Each digest covers a step's canonical form **and** its signature bytes, so the batch
//! vouches for exactly what is stored and relayed. When a batch seal does not hold (a step altered,
//! a step added under the key), the receiver checks each step's own signature, as without it.
//! Format: docs/echange.md, « Sceau de lot ».

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::audit::Actor;
use super::convention::ConventionId;
use super::signed::{SignedHistory, sealed_items};
use super::signing::{KeyId, PublicKey, RecordRef, SignatureBytes, canonical};
use super::trust::{KeyStatement, ToVerify};

/// Below this many new steps of one key, a receiver checks each step's signature (a few
/// milliseconds) rather than rebuild the batch.
pub const BATCH_MIN: usize = 64;

/// The first line of a batch seal's canonical form.
const HEADER: &str = "relance-lot-1";

/// A batch seal, as a file carries it (outside its content: it belongs to this very file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSeal {
    /// The key that signed ([`PublicKey::id`]).
    pub key: KeyId,
    /// Its signature of [`Batch::message`].
    pub signature: SignatureBytes,
}

/// The steps and statements a file holds under one key: their digests, and the author of the
/// first (the person whose key it is on the machine that exports).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// The key's id.
    pub key: KeyId,
    /// The author the first item's stamp names.
    pub author: Actor,
    /// The digest of each item: [`item_digest`].
    pub digests: BTreeSet<[u8; 32]>,
}

/// The digest of one sealed item: the SHA-256 of its canonical form followed by its 64 signature
/// bytes.
pub fn item_digest(message: &[u8], signature: &SignatureBytes) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(message);
    h.update(signature.raw());
    h.finalize().into()
}

impl Batch {
    /// The canonical form its seal signs, lines of UTF-8 each ended by `\n`:
    ///
    /// ```text
    /// relance-lot-1
    /// convention=<the convention's id>
    /// key=<the key's id>
    /// <one digest per line, 64 lowercase hexadecimal digits, in increasing order>
    /// ```
    pub fn message(&self, convention: &ConventionId) -> Vec<u8> {
        message(convention, &self.key, &self.digests)
    }
}

/// See [`Batch::message`].
fn message(convention: &ConventionId, key: &KeyId, digests: &BTreeSet<[u8; 32]>) -> Vec<u8> {
    let mut text = format!("{HEADER}\nconvention={}\nkey={}\n", convention.0, key.0);
    text.reserve(digests.len() * 65);
    for d in digests {
        text.push_str(&super::signing::hex(d));
        text.push('\n');
    }
    text.into_bytes()
}

/// The batches of a file's sealed items (each record's sealed steps and each sealed key
/// statement), by key, among `wanted` (every key when `None`). The sending machine seals the
/// batch of each of its keys, however small (one signature); a receiver uses a batch seal only
/// for at least [`BATCH_MIN`] new steps ([`batch_checks`]).
pub fn batches(
    convention: &ConventionId,
    records: &[&dyn SignedHistory],
    statements: &[KeyStatement],
    wanted: Option<&BTreeSet<KeyId>>,
) -> BTreeMap<KeyId, Batch> {
    let mut all: BTreeMap<KeyId, Batch> = BTreeMap::new();
    let mut add = |key: &KeyId, author: &Actor, message: Vec<u8>, signature: &SignatureBytes| {
        if wanted.is_some_and(|w| !w.contains(key)) {
            return;
        }
        all.entry(key.clone())
            .or_insert_with(|| Batch {
                key: key.clone(),
                author: author.clone(),
                digests: BTreeSet::new(),
            })
            .digests
            .insert(item_digest(&message, signature));
    };
    for s in statements {
        if let Some(seal) = &s.seal {
            let message = canonical(
                convention,
                RecordRef::Keys,
                s.statement.name(),
                &s.stamp,
                &seal.facts,
            );
            add(&seal.key, &s.stamp.actor, message, &seal.signature);
        }
    }
    for &r in records {
        for (step, message) in sealed_items(r, convention) {
            if let Some(seal) = step.seal {
                add(&seal.key, &step.stamp.actor, message, &seal.signature);
            }
        }
    }
    all
}

/// A batch seal of a received file to check, with the checks it covers.
#[derive(Clone, Debug)]
pub struct BatchCheck {
    /// The key (trusted here or carried by the file).
    pub key: PublicKey,
    /// The canonical form signed.
    pub message: Vec<u8>,
    /// The seal's signature.
    pub signature: SignatureBytes,
    /// The positions, among the checks it was made for, of those the batch covers: all of its
    /// key's.
    pub covers: Vec<usize>,
}

/// The batch seals of a file received into `ledger` worth checking: those of keys with at least
/// [`BATCH_MIN`] of `checks` (the steps new here: [`super::trust::to_verify`]), each with its
/// batch rebuilt from the file — the digests of those checks, and of the file's steps under the
/// key that `ledger` already holds.
pub fn batch_checks(
    ledger: &super::ledger::Ledger,
    records: &[&dyn SignedHistory],
    seals: &[BatchSeal],
    checks: &[ToVerify],
) -> Vec<BatchCheck> {
    let convention = ledger.convention().id();
    let mut by_key: BTreeMap<&PublicKey, Vec<usize>> = BTreeMap::new();
    for (i, c) in checks.iter().enumerate() {
        by_key.entry(&c.key).or_default().push(i);
    }
    let per_key: BTreeMap<KeyId, Vec<usize>> =
        by_key.into_iter().map(|(k, i)| (k.id(), i)).collect();
    let wanted: BTreeMap<&KeyId, &Vec<usize>> = seals
        .iter()
        .filter_map(|s| Some((&s.key, per_key.get(&s.key)?)))
        .filter(|(_, covered)| covered.len() >= BATCH_MIN)
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut digests: BTreeMap<&KeyId, BTreeSet<[u8; 32]>> = wanted
        .iter()
        .map(|(key, covered)| {
            let d = covered
                .iter()
                .map(|&i| item_digest(&checks[i].message, &checks[i].signature))
                .collect();
            (*key, d)
        })
        .collect();
    // The file's steps under those keys that are not checks: held here as they are.
    for &r in records {
        let Some(ours) = ledger.sealed_record(r.kind(), &r.sealed_id()) else {
            continue;
        };
        let ours = ours.signed_steps();
        for (step, message) in sealed_items(r, convention) {
            let Some(seal) = step.seal else { continue };
            let Some(set) = digests.get_mut(&seal.key) else {
                continue;
            };
            if ours.contains(&step) {
                set.insert(item_digest(&message, &seal.signature));
            }
        }
    }
    seals
        .iter()
        .filter_map(|s| {
            let covers = wanted.get(&s.key)?;
            Some(BatchCheck {
                key: checks[covers[0]].key.clone(),
                message: message(convention, &s.key, &digests.remove(&s.key)?),
                signature: s.signature.clone(),
                covers: (*covers).clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(digests: &[[u8; 32]]) -> Batch {
        Batch {
            key: KeyId("256b1be32745d1d1".into()),
            author: crate::test_support::actor(super::super::convention::Side::Chamber),
            digests: digests.iter().copied().collect(),
        }
    }

    #[test]
    fn the_canonical_form_of_a_batch_is_stable() {
        let text = String::from_utf8(
            batch(&[[0xab; 32], [0x01; 32]]).message(&ConventionId("ccst-cma-2020".into())),
        )
        .unwrap();
        assert_eq!(
            text,
            format!(
                "relance-lot-1\nconvention=ccst-cma-2020\nkey=256b1be32745d1d1\n{}\n{}\n",
                "01".repeat(32),
                "ab".repeat(32)
            )
        );
    }

    #[test]
    fn an_item_digest_covers_the_message_and_the_signature() {
        let sig = SignatureBytes::from_raw(&[7; 64]).unwrap();
        let other = SignatureBytes::from_raw(&[8; 64]).unwrap();
        let d = item_digest(b"m", &sig);
        assert_ne!(d, item_digest(b"n", &sig));
        assert_ne!(d, item_digest(b"m", &other));
        // SHA-256("m" followed by 64 bytes of 7), computed independently.
        let mut expected = b"m".to_vec();
        expected.extend([7; 64]);
        assert_eq!(d, <[u8; 32]>::from(Sha256::digest(&expected)));
    }
}
