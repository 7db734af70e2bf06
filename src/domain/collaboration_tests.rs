//! Fiche 3's offers and demands: the chamber's, for fiche 3 companies only; matches found whatever
//! the case, accents or plural; a received record written by the payer is refused.

use super::*;
use crate::test_support::{engaged_action, ledger_with_companies, stamp};

fn lines(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Each match as (offer, demand).
fn offers_and_demands_met(l: &Ledger) -> Vec<(String, String)> {
    matches(l).into_iter().map(|m| (m.offer, m.seek)).collect()
}

fn ledger() -> Ledger {
    let mut l = ledger_with_companies(&[
        ("Boulangerie Martin", "Delle"),
        ("Ferme des Tilleuls", "Beaucourt"),
        ("Garage Vernier", "Delle"),
    ]);
    engaged_action(&mut l, "a0", "c0", Fiche::CircuitsCourts);
    engaged_action(&mut l, "a1", "c1", Fiche::CircuitsCourts);
    engaged_action(&mut l, "a2", "c2", Fiche::Digital);
    l
}

#[test]
fn an_offer_meets_a_demand_whatever_the_case_accents_or_plural() {
    let mut l = ledger();
    let (bakery, farm) = (CompanyId("c0".into()), CompanyId("c1".into()));
    l.set_collaboration(
        &bakery,
        &lines(&["Pain au levain", " "]),
        &lines(&["Farines bio", "Œufs frais"]),
        stamp(Side::Chamber),
    )
    .unwrap();
    l.set_collaboration(
        &farm,
        &lines(&["FARINE de blé ancien", "oeufs"]),
        &lines(&["Dépôt de pain"]),
        stamp(Side::Chamber),
    )
    .unwrap();
    let found: Vec<(String, String, String, String)> = matches(&l)
        .into_iter()
        .map(|m| (m.offering.0, m.offer, m.seeking.0, m.seek))
        .collect();
    assert_eq!(
        found,
        [
            (
                "c0".into(),
                "Pain au levain".into(),
                "c1".into(),
                "Dépôt de pain".into()
            ),
            (
                "c1".into(),
                "FARINE de blé ancien".into(),
                "c0".into(),
                "Farines bio".into()
            ),
            (
                "c1".into(),
                "oeufs".into(),
                "c0".into(),
                "Œufs frais".into()
            ),
        ]
    );
    // A change is kept in the history.
    l.set_collaboration(
        &bakery,
        &lines(&["Viennoiseries"]),
        &[],
        stamp(Side::Chamber),
    )
    .unwrap();
    assert_eq!(l.collaborations()[&bakery].history().len(), 2);
    assert!(matches(&l).iter().all(|m| m.seeking != bakery));
}

#[test]
fn words_any_offer_uses_do_not_make_a_match() {
    let mut l = ledger();
    let (bakery, farm) = (CompanyId("c0".into()), CompanyId("c1".into()));
    l.set_collaboration(
        &bakery,
        &lines(&["Nos produits pour vos clients"]),
        &lines(&["Recherche des partenaires avec des produits locaux"]),
        stamp(Side::Chamber),
    )
    .unwrap();
    l.set_collaboration(
        &farm,
        &lines(&["Produits locaux de qualité", "Légumes de saison"]),
        &lines(&["Clients pour nos produits", "Légume oublié"]),
        stamp(Side::Chamber),
    )
    .unwrap();
    // Every word they share is one any offer uses: no match. (The farm's vegetables meet only its
    // own demand, and a company is never matched with itself.)
    assert_eq!(offers_and_demands_met(&l), Vec::<(String, String)>::new());
    l.set_collaboration(
        &bakery,
        &lines(&["Nos produits pour vos clients"]),
        &lines(&["Légumes bio"]),
        stamp(Side::Chamber),
    )
    .unwrap();
    assert_eq!(
        offers_and_demands_met(&l),
        [("Légumes de saison".into(), "Légumes bio".into())]
    );
}

#[test]
fn only_the_chamber_records_and_only_for_a_fiche_3_company() {
    let mut l = ledger();
    let before = l.clone();
    let one = lines(&["Pain"]);
    assert_eq!(
        l.set_collaboration(&CompanyId("c0".into()), &one, &[], stamp(Side::Payer))
            .unwrap_err()
            .to_string(),
        "« Offres et demandes de collaboration » revient à CMA BFC, pas à CCST."
    );
    assert_eq!(
        l.set_collaboration(&CompanyId("c2".into()), &one, &[], stamp(Side::Chamber))
            .unwrap_err()
            .to_string(),
        "Garage Vernier n'a pas d'action de la fiche 3 (mise en réseau et circuits courts)."
    );
    assert_eq!(
        l.set_collaboration(
            &CompanyId("c0".into()),
            &[],
            &lines(&[" "]),
            stamp(Side::Chamber)
        )
        .unwrap_err()
        .to_string(),
        "Le champ « offres ou demandes » est obligatoire."
    );
    assert_eq!(l, before);
    // A stored record written by the payer is refused on the way in.
    l.set_collaboration(&CompanyId("c0".into()), &one, &[], stamp(Side::Chamber))
        .unwrap();
    let mut v = serde_json::to_value(&l.collaborations()[&CompanyId("c0".into())]).unwrap();
    v["history"][0]["stamp"]["actor"]["side"] = "Payer".into();
    let err = serde_json::from_value::<Collaboration>(v)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("offres et demandes incohérentes"), "{err}");
    let back: Ledger = serde_json::from_str(&serde_json::to_string(&l).unwrap()).unwrap();
    assert_eq!(back, l);
}
