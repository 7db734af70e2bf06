//! Writes an exchange file of the seed convention with `n` generated actions, for the browser
//! benchmark of the import: `cargo run --release --example gen_exchange -- 10000 target/bench/x.json
//! [signed]`. With `signed`, every step is signed as the app signs it (one key per person, from a
//! fixed seed: RustCrypto's `p256`, the same ECDSA P-256 / SHA-256 as WebCrypto), as a file of the
//! current version; without, as a version before signatures wrote it.

use chrono::NaiveDate;
use relance::demo;
use relance::domain::audit::Actor;
use relance::domain::convention::{Convention, Side};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let path = args
        .next()
        .unwrap_or_else(|| format!("target/bench/echange-{n}.json"));
    let signed = args.next().as_deref() == Some("signed");
    let mut ledger = demo::ledger(Convention::seed(), n, 7);
    let keys = if signed {
        sign_every_step(&mut ledger)
    } else {
        Keys::default()
    };
    let at = NaiveDate::from_ymd_opt(2021, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default();
    let outgoing = relance::exchange::Outgoing::new(
        &ledger,
        Actor {
            side: Side::Chamber,
            name: "Banc d'essai".into(),
        },
        at,
        true,
    );
    // The batch seals the machine that took every step would add (`domain::batch_seal`).
    let seals = outgoing
        .batches()
        .into_iter()
        .filter_map(|(batch, message)| seal_batch(&keys, &batch, &message))
        .collect();
    let text = outgoing.finish(seals);
    if let Some(dir) = std::path::Path::new(&path).parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    }
    println!(
        "{path}: {n} actions, {} companies",
        ledger.companies().len()
    );
}

/// The signing key of each author, by name (none in the wasm32 lint pass).
#[cfg(not(target_arch = "wasm32"))]
type Keys = std::collections::BTreeMap<String, p256::ecdsa::SigningKey>;
#[cfg(target_arch = "wasm32")]
type Keys = std::collections::BTreeMap<String, ()>;

/// The wasm32 lint pass builds the examples too, without the native tests' `p256`: a native
/// tool, nothing to sign there.
#[cfg(target_arch = "wasm32")]
fn sign_every_step(_: &mut relance::domain::ledger::Ledger) -> Keys {
    Keys::default()
}

#[cfg(target_arch = "wasm32")]
fn seal_batch(
    _: &Keys,
    _: &relance::domain::batch_seal::Batch,
    _: &[u8],
) -> Option<relance::domain::batch_seal::BatchSeal> {
    None
}

/// `batch` sealed with its author's key.
#[cfg(not(target_arch = "wasm32"))]
fn seal_batch(
    keys: &Keys,
    batch: &relance::domain::batch_seal::Batch,
    message: &[u8],
) -> Option<relance::domain::batch_seal::BatchSeal> {
    use p256::ecdsa::Signature;
    use p256::ecdsa::signature::Signer;
    let s: Signature = keys.get(&batch.author.name)?.sign(message);
    Some(relance::domain::batch_seal::BatchSeal {
        key: batch.key.clone(),
        signature: relance::domain::signing::SignatureBytes::from_raw(&s.to_bytes()).ok()?,
    })
}

/// Signs every step of every action with its author's key (one per name).
#[cfg(not(target_arch = "wasm32"))]
fn sign_every_step(ledger: &mut relance::domain::ledger::Ledger) -> Keys {
    use p256::ecdsa::signature::Signer;
    use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
    use relance::domain::ledger::Signed;
    use relance::domain::signing::{PublicKey, SignatureBytes};
    use relance::domain::trust::KeyCard;
    use std::collections::BTreeMap;

    let mut keys: Keys = BTreeMap::new();
    let all: Vec<relance::domain::audit::Stamp> = ledger
        .actions()
        .values()
        .flat_map(|a| a.record().history.iter().map(|e| e.stamp.clone()))
        .collect();
    let mut done = std::collections::HashSet::new();
    for stamp in all {
        if !done.insert((stamp.actor.name.clone(), stamp.at)) {
            continue;
        }
        let seed = u8::try_from(keys.len() + 1).unwrap_or(255);
        let key = keys
            .entry(stamp.actor.name.clone())
            .or_insert_with(|| {
                let mut bytes = [seed; 32];
                bytes[0] = 1;
                SigningKey::from_bytes(&bytes.into()).expect("a valid scalar")
            })
            .clone();
        let signed: Vec<Signed> = ledger
            .unsealed(&stamp)
            .into_iter()
            .map(|u| {
                let s: Signature = key.sign(&u.message);
                u.signed(SignatureBytes::from_raw(&s.to_bytes()).expect("64 bytes"))
            })
            .collect();
        let point = VerifyingKey::from(&key).to_encoded_point(false);
        let card = KeyCard {
            key: PublicKey::from_raw(point.as_bytes()).expect("a P-256 point"),
            side: stamp.actor.side,
            name: stamp.actor.name.clone(),
        };
        ledger.seal(card, signed);
    }
    keys
}
