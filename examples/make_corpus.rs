//! Writes the example exchange file of the documentation (`docs/exemple-echange.json`) and the
//! corpus of broken or hostile files (`tests/exchange-corpus/`), each with the problem it must
//! produce (`expected.tsv`). Run after a format change: `cargo run --example make_corpus`.

// Natively only (`p256` is a native dev-dependency); the wasm32 lint only compiles examples.
#[cfg(not(target_arch = "wasm32"))]
#[path = "common/seal.rs"]
mod seal;

use chrono::NaiveDate;
use relance::domain::action::ActionId;
use relance::domain::convention::{Convention, Fiche, Side};
use relance::domain::ledger::Ledger;
use relance::domain::money::Euros;
use relance::exchange::{checksum, write};
use relance::test_support::{self, actor, add_company, company_form, stamp_on};
use serde_json::{Value, json};

/// A day of 2021.
fn d(m: u32, day: u32) -> NaiveDate {
    test_support::d(2021, m, day)
}

fn example() -> Ledger {
    let mut l = Ledger::new(Convention::seed());
    let form = company_form("Boulangerie Martin", "Delle");
    let company = add_company(
        &mut l,
        "e-1f2a3b4c5d6e7f80",
        &form,
        stamp_on(Side::Chamber, d(1, 12)),
    );
    for (id, fiche) in [
        ("a-0a1b2c3d4e5f6a7b", Fiche::Digital),
        ("a-9f8e7d6c5b4a3928", Fiche::CircuitsCourts),
    ] {
        let id = ActionId(id.into());
        l.create_action(
            id.clone(),
            &company,
            fiche,
            d(1, 12),
            "Relancer les ventes",
            stamp_on(Side::Chamber, d(1, 12)),
        )
        .expect("create");
        l.send_devis(
            &id,
            d(1, 14),
            fiche.default_programme(),
            stamp_on(Side::Chamber, d(1, 14)),
        )
        .expect("devis");
    }
    let a = ActionId("a-0a1b2c3d4e5f6a7b".into());
    l.engage(&a, d(1, 25), stamp_on(Side::Payer, d(1, 25)))
        .expect("engage");
    l.record_company_informed(&company, d(1, 26), stamp_on(Side::Chamber, d(1, 26)))
        .expect("informed");
    l.record_service_done(&a, d(3, 2), stamp_on(Side::Chamber, d(3, 2)))
        .expect("done");
    l.record_invoice(
        &a,
        "F-2021-017",
        d(3, 5),
        Euros::whole(1200),
        "",
        stamp_on(Side::Chamber, d(3, 5)),
    )
    .expect("invoice");
    l
}

fn main() {
    #[cfg_attr(target_arch = "wasm32", allow(unused_mut))]
    let mut ledger = example();
    // Every step signed, as the browsers of its authors sign them (format 6).
    #[cfg(not(target_arch = "wasm32"))]
    seal::seal_everything(&mut ledger);
    let at = d(3, 6).and_hms_opt(17, 45, 0).expect("time");
    let sender = actor(Side::Chamber);
    let good = write(&ledger, sender.clone(), at, false);
    // The documentation's example laid out to be read (the app writes the content on one line;
    // it reads either).
    let readable: Value = serde_json::from_str(&good).expect("json");
    let readable = serde_json::to_string_pretty(&readable).expect("json");
    std::fs::write("docs/exemple-echange.json", format!("{readable}\n")).expect("write example");

    let base: Value = serde_json::from_str(&good).expect("json");
    // An edit to the content, re-sealed so that only the edit is wrong.
    let sealed = |edit: &dyn Fn(&mut Value)| {
        let mut v = base.clone();
        edit(&mut v);
        v["checksum"] = Value::from(checksum(&v["content"]));
        serde_json::to_string_pretty(&v).expect("json")
    };
    // An edit to the header or the whole file, not re-sealed.
    let raw = |edit: &dyn Fn(&mut Value)| {
        let mut v = base.clone();
        edit(&mut v);
        serde_json::to_string_pretty(&v).expect("json")
    };
    let mut corpus: Vec<(&str, String, &str)> = vec![
        ("empty", String::new(), "JSON illisible"),
        (
            "not-json",
            "ceci n'est pas du JSON".into(),
            "JSON illisible",
        ),
        (
            "truncated",
            good[..good.len() / 2].to_string(),
            "JSON illisible",
        ),
        (
            "array",
            "[]".into(),
            "le fichier doit contenir un objet JSON",
        ),
        (
            "string",
            "\"relance\"".into(),
            "le fichier doit contenir un objet JSON",
        ),
        (
            "no-format",
            raw(&|v| {
                v.as_object_mut().expect("obj").remove("format");
            }),
            "format « absent »",
        ),
        (
            "other-format",
            raw(&|v| v["format"] = "relance-backup".into()),
            "ce n'est pas un fichier d'échange Relance",
        ),
        (
            "newer-version",
            raw(&|v| v["version"] = (relance::exchange::VERSION + 1).into()),
            "version plus récente",
        ),
        (
            "far-future-version",
            raw(&|v| v["version"] = 99.into()),
            "version plus récente",
        ),
        (
            "version-zero",
            raw(&|v| v["version"] = 0.into()),
            "version du format absente ou invalide",
        ),
        (
            "version-text",
            raw(&|v| v["version"] = "1".into()),
            "version du format absente ou invalide",
        ),
        (
            "encrypted",
            raw(&|v| *v = json!({"format": "relance-echange-chiffre", "version": 1})),
            "fichier chiffré",
        ),
        (
            "bad-checksum",
            raw(&|v| v["content"]["actions"][0]["need"] = "Autre besoin".into()),
            "somme de contrôle incorrecte",
        ),
        (
            "no-checksum",
            raw(&|v| {
                v.as_object_mut().expect("obj").remove("checksum");
            }),
            "somme de contrôle absente",
        ),
        (
            "checksum-of-other-content",
            raw(&|v| v["checksum"] = Value::from(checksum(&json!({})))),
            "somme de contrôle incorrecte",
        ),
        (
            "no-sender",
            sealed(&|v| {
                v.as_object_mut().expect("obj").remove("sender");
            }),
            "expéditeur absent ou invalide",
        ),
        (
            "sender-without-name",
            sealed(&|v| v["sender"]["name"] = " ".into()),
            "expéditeur absent ou invalide",
        ),
        (
            "sender-unknown-side",
            sealed(&|v| v["sender"]["side"] = "Region".into()),
            "expéditeur absent ou invalide",
        ),
        (
            "bad-created-at",
            sealed(&|v| v["created_at"] = "hier".into()),
            "date de création absente ou invalide",
        ),
        (
            "no-convention-id",
            sealed(&|v| {
                v.as_object_mut().expect("obj").remove("convention_id");
            }),
            "identifiant de convention absent",
        ),
        (
            "unknown-convention",
            sealed(&|v| v["convention_id"] = "ccvs-2021".into()),
            "convention inconnue ici",
        ),
        (
            "other-envelope",
            sealed(&|v| v["content"]["convention"]["envelope"] = "50000".into()),
            "les termes de la convention",
        ),
        (
            "other-prices",
            sealed(&|v| v["content"]["convention"]["prices"]["digital"] = "1500".into()),
            "les termes de la convention",
        ),
        (
            "no-lists",
            sealed(&|v| {
                v["content"].as_object_mut().expect("obj").remove("actions");
            }),
            "listes « companies » et « actions » attendues",
        ),
        (
            "invalid-siret",
            sealed(&|v| v["content"]["companies"][0]["siret"] = "73282932000075".into()),
            "SIRET invalide",
        ),
        (
            "siret-letters",
            sealed(&|v| v["content"]["companies"][0]["siret"] = "7328293200007A".into()),
            "enregistrement invalide",
        ),
        (
            "commune-outside",
            sealed(&|v| v["content"]["companies"][0]["commune"] = "Belfort".into()),
            "ne fait pas partie du territoire",
        ),
        (
            "too-many-staff",
            sealed(&|v| v["content"]["companies"][0]["staff"] = 25.into()),
            "moins de 10 salariés",
        ),
        (
            "company-by-payer",
            sealed(&|v| {
                v["content"]["companies"][0]["history"][0]["stamp"]["actor"]["side"] =
                    "Payer".into()
            }),
            "modification refusée : « Entreprise créée » revient à CMA BFC, pas à CCST",
        ),
        (
            "duplicate-company",
            sealed(&|v| {
                let c = v["content"]["companies"][0].clone();
                v["content"]["companies"]
                    .as_array_mut()
                    .expect("arr")
                    .push(c);
            }),
            "identifiant en double",
        ),
        (
            "unknown-company",
            sealed(&|v| v["content"]["actions"][0]["company"] = "e-inconnue".into()),
            "entreprise inconnue",
        ),
        (
            "wrong-price",
            sealed(&|v| v["content"]["actions"][1]["devis"]["amount"] = "500.00".into()),
            "ne correspond pas au prix",
        ),
        (
            "negative-amount",
            sealed(&|v| v["content"]["actions"][1]["devis"]["amount"] = "-600.00".into()),
            "montant du devis doit être positif",
        ),
        (
            "sub-cent-amount",
            sealed(&|v| v["content"]["actions"][1]["devis"]["amount"] = "600.001".into()),
            "Montant trop précis",
        ),
        (
            "payment-without-invoice",
            sealed(&|v| v["content"]["actions"][1]["paid_on"] = "2021-04-01".into()),
            "une étape manque",
        ),
        (
            "dates-backwards",
            sealed(&|v| v["content"]["actions"][0]["engaged_on"] = "2021-01-01".into()),
            "les dates des étapes ne se suivent pas",
        ),
        (
            "outside-period",
            sealed(&|v| {
                v["content"]["actions"][1]["identified_on"] = "2022-03-01".into();
                v["content"]["actions"][1]["devis"]["sent_on"] = "2022-03-02".into();
            }),
            "hors de la période de la convention",
        ),
        (
            "engaged-by-chamber",
            sealed(&|v| {
                v["content"]["actions"][0]["history"][2]["stamp"]["actor"]["side"] =
                    "Chamber".into();
            }),
            "modification refusée : « Devis engagé » revient à CCST",
        ),
        (
            "engagement-without-event",
            sealed(&|v| v["content"]["actions"][1]["engaged_on"] = "2021-02-01".into()),
            "sans trace dans l'historique",
        ),
        (
            "invoice-differs-without-reason",
            sealed(&|v| v["content"]["actions"][0]["invoice"]["amount"] = "900.00".into()),
            "la facture diffère du devis sans raison",
        ),
        (
            "unknown-fiche",
            sealed(&|v| v["content"]["actions"][0]["fiche"] = "Fiche4".into()),
            "champ « fiche » : valeur inconnue « Fiche4 » (valeurs permises : Relance, Digital, CircuitsCourts)",
        ),
        (
            "empty-need",
            sealed(&|v| v["content"]["actions"][0]["need"] = "  ".into()),
            "le besoin identifié est vide",
        ),
        (
            "huge-need",
            sealed(&|v| v["content"]["actions"][0]["need"] = "x".repeat(5_001).into()),
            "un texte dépasse la longueur permise",
        ),
        (
            "empty-history",
            sealed(&|v| v["content"]["actions"][0]["history"] = json!([])),
            "l'historique est vide",
        ),
        (
            "refused-and-engaged",
            sealed(&|v| {
                v["content"]["actions"][0]["closure"] =
                    json!({"kind": "Refused", "on": "2021-01-26", "reason": "Non"})
            }),
            "« Devis refusé » sans trace dans l'historique",
        ),
        (
            "duplicate-action",
            sealed(&|v| {
                let a = v["content"]["actions"][0].clone();
                v["content"]["actions"].as_array_mut().expect("arr").push(a);
            }),
            "identifiant en double",
        ),
        (
            "script-in-name",
            sealed(&|v| v["content"]["companies"][0]["siret"] = "<script>alert(1)</script>".into()),
            "enregistrement invalide",
        ),
        (
            "invoice-above-devis",
            sealed(&|v| {
                v["content"]["actions"][0]["invoice"]["amount"] = "1500.00".into();
                v["content"]["actions"][0]["invoice"]["difference_reason"] = "Frais".into();
            }),
            "la facture dépasse le devis",
        ),
        (
            "amount-as-number",
            sealed(&|v| v["content"]["actions"][0]["devis"]["amount"] = json!(1200.0)),
            "champ « devis.amount » : type invalide : le nombre 1200.0 au lieu d'un montant écrit comme texte",
        ),
        (
            "missing-field",
            sealed(&|v| {
                v["content"]["actions"][0]
                    .as_object_mut()
                    .expect("obj")
                    .remove("need");
            }),
            "champ « need » manquant",
        ),
        (
            "unknown-field",
            sealed(&|v| v["content"]["companies"][0]["couleur"] = "bleu".into()),
            "champ inconnu « couleur »",
        ),
        (
            "wrong-type",
            sealed(&|v| v["content"]["actions"][0]["history"] = "hier".into()),
            "champ « history » : type invalide : le texte \"hier\" au lieu d'une liste",
        ),
        (
            "request-by-chamber",
            sealed(&|v| {
                v["content"]["requests"] = json!([{
                    "id": "d-1",
                    "company": {"Known": "e-1f2a3b4c5d6e7f80"},
                    "fiche": "Relance",
                    "message": "Besoin d'un accompagnement",
                    "requested_on": "2021-02-01",
                    "answer": null,
                    "history": [{"kind": "Requested", "stamp": {"actor": {"side": "Chamber", "name": "Marie Dupont"}, "at": "2021-02-01T10:00:00"}}]
                }])
            }),
            "modification refusée : « Intervention demandée » revient à CCST, pas à CMA BFC",
        ),
    ];
    // Too many records: over the per-convention limit.
    // (Empty objects: the count is checked before any record is read.)
    let too_many = sealed(&|v| {
        v["content"]["actions"] = Value::Array(vec![json!({}); relance::exchange::MAX_RECORDS + 1]);
    });
    corpus.push(("too-many-actions", too_many, "trop d'enregistrements"));

    let dir = "tests/exchange-corpus";
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("dir");
    let mut expected =
        String::from("# file\tproblem the import must report (a part of its message)\n");
    for (i, (name, text, problem)) in corpus.iter().enumerate() {
        let file = format!("{:02}-{name}.json", i + 1);
        std::fs::write(format!("{dir}/{file}"), text).expect("write");
        expected.push_str(&format!("{file}\t{problem}\n"));
    }
    std::fs::write(format!("{dir}/expected.tsv"), expected).expect("write");
    println!(
        "{} corpus files and docs/exemple-echange.json written",
        corpus.len()
    );
}
