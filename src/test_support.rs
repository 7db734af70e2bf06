//! Fixtures shared by the native tests, the benchmarks and the examples that write test files
//! (`examples/make_corpus.rs`): dates, who acts, a company form, a ledger on the seed convention
//! with its companies. Not used by the app (the wasm build leaves it out: nothing calls it).
//!
//! They panic on impossible input: they build test data, never user data.

use chrono::NaiveDate;

use crate::domain::action::ActionId;
use crate::domain::audit::{Actor, Stamp};
use crate::domain::company::{Company, CompanyForm, CompanyId};
use crate::domain::convention::{Convention, Fiche, Side};
use crate::domain::journal::{EntryBody, Meeting, Venue};
use crate::domain::ledger::Ledger;

/// A valid SIRET (its Luhn sum is a multiple of 10) used by every fixture.
pub const SIRET: &str = "73282932000074";

/// The date `day/m/y`.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
}

/// Someone of `side`: Marie Dupont at the chamber, Paul Girard at the payer.
pub fn actor(side: Side) -> Actor {
    Actor {
        side,
        name: match side {
            Side::Chamber => "Marie Dupont".into(),
            Side::Payer => "Paul Girard".into(),
        },
    }
}

/// [`actor`] of `side` acting on `on` at 10:00.
pub fn stamp_on(side: Side, on: NaiveDate) -> Stamp {
    Stamp {
        actor: actor(side),
        at: on.and_hms_opt(10, 0, 0).expect("a valid time"),
    }
}

/// [`actor`] of `side` acting on 01/02/2021 at 10:00.
pub fn stamp(side: Side) -> Stamp {
    stamp_on(side, d(2021, 2, 1))
}

/// A valid company form: `name` in `commune`, 3 staff, [`SIRET`], not yet informed.
pub fn company_form(name: &str, commune: &str) -> CompanyForm {
    CompanyForm {
        name: name.into(),
        siret: SIRET.into(),
        commune: commune.into(),
        staff: "3".into(),
        activity: name.split_whitespace().next().unwrap_or(name).into(),
        address: String::new(),
    }
}

/// Adds the company of `form` with id `id` to `ledger`, created by the chamber with `stamp`.
pub fn add_company(ledger: &mut Ledger, id: &str, form: &CompanyForm, stamp: Stamp) -> CompanyId {
    let id = CompanyId(id.into());
    let company =
        Company::from_form(id.clone(), form, ledger.convention()).expect("a valid company");
    ledger
        .add_company(company, stamp)
        .expect("the chamber adds companies");
    id
}

/// A ledger on the seed convention with one company, id `id`, from `form`.
pub fn ledger_with(id: &str, form: &CompanyForm) -> Ledger {
    let mut l = Ledger::new(Convention::seed());
    add_company(&mut l, id, form, stamp(Side::Chamber));
    l
}

/// A ledger on the seed convention with a company per `(name, commune)`, ids `c0`, `c1`…
pub fn ledger_with_companies(companies: &[(&str, &str)]) -> Ledger {
    let mut l = Ledger::new(Convention::seed());
    for (i, (name, commune)) in companies.iter().enumerate() {
        add_company(
            &mut l,
            &format!("c{i}"),
            &company_form(name, commune),
            stamp(Side::Chamber),
        );
    }
    l
}

/// Opens action `id` of `fiche` for company `company` on `opened` and sends its devis on `sent`,
/// each by the chamber on its own day ([`stamp_on`]).
pub fn action_with_devis(
    ledger: &mut Ledger,
    id: &str,
    company: &str,
    fiche: Fiche,
    opened: NaiveDate,
    sent: NaiveDate,
) -> ActionId {
    let id = ActionId(id.into());
    ledger
        .create_action(
            id.clone(),
            &CompanyId(company.into()),
            fiche,
            opened,
            "Besoin",
            stamp_on(Side::Chamber, opened),
        )
        .expect("the chamber opens actions");
    ledger
        .send_devis(&id, sent, "Programme", stamp_on(Side::Chamber, sent))
        .expect("the chamber sends the devis");
    id
}

/// Opens action `id` of `fiche` for company `company` on 05/01/2021, sends its devis on 15/01 and
/// has the payer engage it on 20/01/2021.
pub fn engaged_action(ledger: &mut Ledger, id: &str, company: &str, fiche: Fiche) -> ActionId {
    let (cma, ccst) = (stamp(Side::Chamber), stamp(Side::Payer));
    let id = ActionId(id.into());
    let company = CompanyId(company.into());
    ledger
        .create_action(id.clone(), &company, fiche, d(2021, 1, 5), "x", cma.clone())
        .expect("the chamber opens actions");
    ledger
        .send_devis(&id, d(2021, 1, 15), "p", cma)
        .expect("the chamber sends the devis");
    ledger
        .engage(&id, d(2021, 1, 20), ccst)
        .expect("the payer engages");
    id
}

/// A meeting on `on` in Delle, Marie Dupont and Paul Girard, discussing `actions`, a decision and
/// no next date.
pub fn meeting(on: NaiveDate, actions: &[ActionId]) -> EntryBody {
    EntryBody::Meeting(Meeting {
        on,
        venue: Venue::Place("Delle, siège de la CCST".into()),
        chamber_participants: vec!["Marie Dupont".into()],
        payer_participants: vec!["Paul Girard".into()],
        actions: actions.to_vec(),
        decisions: "Relancer les entreprises de fiche 2.".into(),
        next_on: None,
    })
}

/// Where the monthly table's totals and the dashboard's figures of `ledger` disagree (engaged,
/// done, invoiced, paid, available, and the interventions still engaged per fiche): empty when
/// they agree, as they always must (art. 2.3 and 3.4 describe the same funds).
pub fn table_vs_dashboard(ledger: &Ledger) -> Vec<String> {
    let t = ledger.monthly_table().totals;
    let f = ledger.figures();
    let engaged_count: Vec<u32> = (0..3).map(|i| t.prescribed[i] - t.released[i]).collect();
    [
        ("engagé", t.cumulative_engaged == f.engaged),
        ("service fait", t.done == f.done),
        ("facturé", t.invoiced == f.invoiced),
        ("payé", t.paid == f.paid),
        ("disponible", t.available == f.available),
        (
            "actions engagées",
            engaged_count == f.engaged_count.to_vec(),
        ),
    ]
    .into_iter()
    .filter(|(_, same)| !same)
    .map(|(what, _)| format!("{what} : tableau {t:?}, tableau de bord {f:?}"))
    .collect()
}

/// Signing keys and a signature checker for native tests (RustCrypto's `p256`: the same ECDSA
/// P-256 / SHA-256 and `r || s` bytes as the browser's WebCrypto).
#[cfg(all(test, not(target_arch = "wasm32")))]
pub mod signing {
    use p256::ecdsa::signature::{Signer, Verifier as _};
    use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

    use crate::domain::action::Actor;
    use crate::domain::ledger::{Ledger, Signed};
    use crate::domain::signing::{PublicKey, SignatureBytes, Verifier};
    use crate::domain::trust::KeyCard;

    /// A signing key from a fixed seed (`seed` ≥ 1).
    pub fn key(seed: u8) -> SigningKey {
        let mut bytes = [seed; 32];
        bytes[0] = 1;
        SigningKey::from_bytes(&bytes.into()).expect("a valid scalar")
    }

    /// The public key of `key`.
    pub fn public(key: &SigningKey) -> PublicKey {
        let point = VerifyingKey::from(key).to_encoded_point(false);
        PublicKey::from_raw(point.as_bytes()).expect("a P-256 point")
    }

    /// `actor`'s card for `key`.
    pub fn card(actor: &Actor, key: &SigningKey) -> KeyCard {
        KeyCard {
            key: public(key),
            side: actor.side,
            name: actor.name.clone(),
        }
    }

    /// `message` signed with `key`.
    pub fn sign(key: &SigningKey, message: &[u8]) -> SignatureBytes {
        let s: Signature = key.sign(message);
        SignatureBytes::from_raw(&s.to_bytes()).expect("64 bytes")
    }

    /// The signatures of the steps waiting for one in `ledger` stamped `stamp`, by `key`.
    pub fn signatures(
        ledger: &Ledger,
        stamp: &crate::domain::action::Stamp,
        key: &SigningKey,
    ) -> Vec<Signed> {
        ledger
            .unsealed(stamp)
            .into_iter()
            .map(|u| {
                let signature = sign(key, &u.message);
                u.signed(signature)
            })
            .collect()
    }

    /// Checks signatures with `p256`.
    pub struct P256;

    impl Verifier for P256 {
        fn verifies(&self, key: &PublicKey, message: &[u8], signature: &SignatureBytes) -> bool {
            let (Ok(key), Ok(sig)) = (
                VerifyingKey::from_sec1_bytes(key.raw()),
                Signature::from_slice(signature.raw()),
            ) else {
                return false;
            };
            key.verify(message, &sig).is_ok()
        }
    }
}
