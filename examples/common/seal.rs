//! Shared by the examples that write test files: every step of a ledger signed with fixed test
//! keys, as each author's browser signs it after a gesture.

use relance::domain::convention::Side;
use relance::domain::ledger::Ledger;

/// Signs every step of `l` with its author's key, as each author's browser does after a gesture:
/// fixed keys (P-256 scalars `01 07 07 …` for the chamber, `01 09 09 …` for the payer).
pub fn seal_everything(l: &mut Ledger) {
    use p256::ecdsa::signature::Signer;
    use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
    use relance::domain::signing::{PublicKey, SignatureBytes};
    use relance::domain::trust::KeyCard;
    let mut stamps = Vec::new();
    for r in l.sealed_records() {
        for s in r.signed_steps() {
            if s.seal.is_none() && !stamps.contains(s.stamp) {
                stamps.push(s.stamp.clone());
            }
        }
    }
    for stamp in stamps {
        let mut scalar = [if stamp.actor.side == Side::Chamber {
            7
        } else {
            9
        }; 32];
        scalar[0] = 1;
        let key = SigningKey::from_bytes(&scalar.into()).expect("a valid scalar");
        let point = VerifyingKey::from(&key).to_encoded_point(false);
        let card = KeyCard {
            key: PublicKey::from_raw(point.as_bytes()).expect("a P-256 point"),
            side: stamp.actor.side,
            name: stamp.actor.name.clone(),
        };
        let signed = l
            .unsealed(&stamp)
            .into_iter()
            .map(|u| {
                let signature: Signature = key.sign(&u.message);
                u.signed(SignatureBytes::from_raw(&signature.to_bytes()).expect("64 bytes"))
            })
            .collect();
        l.seal(card, signed);
    }
}
