//! Amendments across machines: proposed by the CMA, accepted by the CCST after an exchange, then
//! in force on both sides, with the engagement after the old end the acceptance allowed; files in
//! any order and twice; an acceptance forged by the proposing side is refused.

use std::collections::BTreeMap;

use super::merge::plan;
use super::tests::reseal;
use super::{read, write};
use crate::domain::action::ActionId;
use crate::domain::amendment::{AmendmentId, Changes};
use crate::domain::company::CompanyId;
use crate::domain::convention::{Fiche, Side};
use crate::domain::ledger::Ledger;
use crate::test_support::{actor, d, ledger_with_companies, stamp, stamp_on};

fn file(from: &Ledger, side: Side) -> String {
    write(
        from,
        actor(side),
        d(2022, 2, 1).and_hms_opt(9, 0, 0).unwrap(),
        false,
    )
}

fn import(into: &Ledger, file: &str) -> Ledger {
    let (checked, base) = read(file.as_bytes(), |id| {
        (id == into.convention().id()).then_some(into)
    })
    .unwrap_or_else(|p| panic!("file refused: {p:#?}"));
    let p = plan(base, &checked.file.content, &BTreeMap::new());
    assert!(p.refused.is_empty(), "{:#?}", p.refused);
    p.result
}

#[test]
fn an_extension_proposed_by_the_cma_accepted_by_the_ccst_lets_a_later_engagement_through_on_both_sides()
 {
    let mut cma = ledger_with_companies(&[("Boulangerie Martin", "Delle")]);
    let id = AmendmentId("av1".into());
    let a = ActionId("a1".into());
    cma.create_action(
        a.clone(),
        &CompanyId("c0".into()),
        Fiche::Digital,
        d(2021, 12, 1),
        "x",
        stamp(Side::Chamber),
    )
    .unwrap();
    cma.send_devis(&a, d(2021, 12, 10), "p", stamp(Side::Chamber))
        .unwrap();
    cma.propose_amendment(
        id.clone(),
        Changes {
            ends_on: Some(d(2022, 6, 30)),
            ..Changes::default()
        },
        d(2021, 12, 15),
        stamp_on(Side::Chamber, d(2021, 12, 15)),
    )
    .unwrap();
    let proposal = file(&cma, Side::Chamber);

    // The CCST receives the proposal: nothing in force yet.
    let mut ccst = import(
        &ledger_with_companies(&[("Boulangerie Martin", "Delle")]),
        &proposal,
    );
    assert_eq!(ccst.convention().last_day(), d(2021, 12, 31));
    assert!(ccst.engage(&a, d(2022, 1, 15), stamp(Side::Payer)).is_err());
    ccst.accept_amendment(&id, d(2021, 12, 20), stamp_on(Side::Payer, d(2021, 12, 20)))
        .unwrap();
    ccst.engage(&a, d(2022, 1, 15), stamp(Side::Payer)).unwrap();
    let accepted = file(&ccst, Side::Payer);

    // The CMA takes the acceptance and the engagement dated after the old end, in one file.
    let cma_after = import(&cma, &accepted);
    assert_eq!(cma_after.convention().last_day(), d(2022, 6, 30));
    assert_eq!(
        cma_after.actions()[&a].record().engaged_on,
        Some(d(2022, 1, 15))
    );
    assert_eq!(cma_after.convention(), ccst.convention());
    // Twice, or the old proposal again afterwards: nothing changes.
    assert_eq!(import(&cma_after, &accepted), cma_after);
    assert_eq!(import(&cma_after, &proposal), cma_after);
    assert_eq!(import(&ccst, &proposal), ccst);
}

#[test]
fn an_acceptance_forged_by_the_proposing_side_is_refused() {
    let mut cma = ledger_with_companies(&[("Boulangerie Martin", "Delle")]);
    cma.propose_amendment(
        AmendmentId("av1".into()),
        Changes {
            ends_on: Some(d(2022, 6, 30)),
            ..Changes::default()
        },
        d(2021, 12, 15),
        stamp(Side::Chamber),
    )
    .unwrap();
    let forged = reseal(&file(&cma, Side::Chamber), |v| {
        v["content"]["convention"]["amendments"][0]["accepted"] =
            serde_json::json!({"on": "2021-12-16", "stamp": stamp(Side::Chamber)});
    });
    let ccst = ledger_with_companies(&[("Boulangerie Martin", "Delle")]);
    let problems: Vec<String> = read(forged.as_bytes(), |_| Some(&ccst))
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("« Avenant accepté » revient à CCST, pas à CMA BFC.")),
        "{problems:#?}"
    );
}
