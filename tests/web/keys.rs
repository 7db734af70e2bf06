//! This machine's signing keys (`web::keys`) in the real browser: one ECDSA P-256 pair per
//! identity, made once and kept in IndexedDB, its private key out of every script's reach, its
//! signatures checked by WebCrypto with the public key alone.

use js_sys::{Array, Object, Reflect, Uint8Array};
use relance::domain::audit::Actor;
use relance::domain::convention::Side;
use relance::web::keys;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

fn actor(side: Side, name: &str) -> Actor {
    Actor {
        side,
        name: name.into(),
    }
}

fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o
}

#[wasm_bindgen_test]
async fn a_key_is_made_once_per_identity_and_kept() {
    let marie = actor(Side::Chamber, "Marie Test Clé");
    let first = keys::public_key(&marie).await.unwrap();
    let again = keys::public_key(&marie).await.unwrap();
    assert_eq!(
        first, again,
        "the same key at the second call (kept in IndexedDB)"
    );
    let paul = keys::public_key(&actor(Side::Payer, "Marie Test Clé"))
        .await
        .unwrap();
    assert_ne!(
        first, paul,
        "another party, another key, even under the same name"
    );
    assert_eq!(first.fingerprint().split(' ').count(), 6);
}

#[wasm_bindgen_test]
async fn a_signature_checks_with_the_public_key_and_the_private_key_cannot_be_read() {
    let luc = actor(Side::Chamber, "Luc Test Signature");
    let public = keys::public_key(&luc).await.unwrap();
    let data = b"evenement canonique";
    let signature = keys::sign(&luc, data).await.unwrap();
    assert_eq!(signature.len(), 64, "r||s, IEEE P1363");

    let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
    let algorithm = obj(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]);
    let usages = Array::of1(&"verify".into());
    let key: web_sys::CryptoKey = JsFuture::from(
        subtle
            .import_key_with_object(
                "raw",
                &Uint8Array::from(public.raw()),
                &algorithm,
                true,
                &usages,
            )
            .unwrap(),
    )
    .await
    .unwrap()
    .unchecked_into();
    let verify = |data: &[u8]| {
        let params = obj(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]);
        subtle
            .verify_with_object_and_u8_array_and_u8_array(&params, &key, &signature, data)
            .unwrap()
    };
    assert_eq!(JsFuture::from(verify(data)).await.unwrap(), JsValue::TRUE);
    assert_eq!(
        JsFuture::from(verify(b"evenement modifie")).await.unwrap(),
        JsValue::FALSE
    );

    // The stored private key is the browser's object, never its bytes.
    let db = idb::Factory::new()
        .unwrap()
        .open("relance-keys", Some(1))
        .unwrap()
        .await
        .unwrap();
    let tx = db
        .transaction(&["keys"], idb::TransactionMode::ReadOnly)
        .unwrap();
    let stored = tx
        .object_store("keys")
        .unwrap()
        .get(JsValue::from_str("Chamber:Luc Test Signature"))
        .unwrap()
        .await
        .unwrap()
        .unwrap();
    let private: web_sys::CryptoKey = Reflect::get(&stored, &"private".into())
        .unwrap()
        .unchecked_into();
    assert!(!private.extractable());
    let export = subtle.export_key("pkcs8", &private).unwrap();
    assert!(
        JsFuture::from(export).await.is_err(),
        "a non-extractable key cannot be exported"
    );
}
