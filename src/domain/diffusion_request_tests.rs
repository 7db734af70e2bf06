//! Diffusion of confidential data (art. 3.1): both parties' agreements, each its own step, before
//! any export; a withdrawal stops it; refused steps change nothing; a received history that skips
//! an agreement is refused.

use super::*;
use crate::domain::convention::Fiche;
use crate::domain::ledger::Ledger;
use crate::export::csv;
use crate::test_support::{d, engaged_action, ledger_with_companies, stamp, stamp_on};

fn ledger() -> (Ledger, DiffusionId) {
    let mut l = ledger_with_companies(&[
        ("Boulangerie Martin", "Delle"),
        ("Garage Vernier", "Beaucourt"),
    ]);
    let a = engaged_action(&mut l, "a1", "c0", Fiche::Relance);
    l.set_note(&a, "Dettes URSSAF de 8 000 €.", true, stamp(Side::Chamber))
        .unwrap();
    let b = engaged_action(&mut l, "a2", "c1", Fiche::Digital);
    l.set_note(&b, "Site à refaire.", false, stamp(Side::Chamber))
        .unwrap();
    let id = DiffusionId("dd1".into());
    l.request_diffusion(
        id.clone(),
        [
            "Région BFC",
            "Notes de diagnostic des entreprises en difficulté",
            "Orientation vers le fonds régional",
        ],
        d(2021, 3, 1),
        stamp_on(Side::Payer, d(2021, 3, 1)),
    )
    .unwrap();
    (l, id)
}

fn export(l: &Ledger, id: &DiffusionId) -> Option<String> {
    csv::confidential(l, &l.diffusion_requests()[id]).map(|b| String::from_utf8(b).unwrap())
}

#[test]
fn confidential_data_are_exported_only_while_both_agreements_stand() {
    let (mut l, id) = ledger();
    let step = |l: &mut Ledger, kind, on, side| l.diffusion_step(&id, kind, on, stamp_on(side, on));
    assert_eq!(export(&l, &id), None);
    let before = l.clone();
    assert_eq!(
        step(&mut l, DiffusionStep::Exported, d(2021, 3, 2), Side::Payer)
            .unwrap_err()
            .to_string(),
        "Refusé : export sans l'accord exprès des deux parties (art. 3.1)."
    );
    assert_eq!(l, before);
    step(&mut l, DiffusionStep::Agreed, d(2021, 3, 2), Side::Payer).unwrap();
    assert_eq!(export(&l, &id), None, "one agreement is not enough");
    assert_eq!(
        step(&mut l, DiffusionStep::Agreed, d(2021, 3, 3), Side::Payer)
            .unwrap_err()
            .to_string(),
        "Refusé : accord déjà donné par cette partie."
    );
    step(&mut l, DiffusionStep::Agreed, d(2021, 3, 4), Side::Chamber).unwrap();
    let r = &l.diffusion_requests()[&id];
    assert!(r.authorized());
    assert_eq!(
        r.status(l.convention()),
        "accord de CMA BFC le 04/03/2021 ; accord de CCST le 02/03/2021 : diffusion autorisée"
    );
    let text = export(&l, &id).unwrap();
    assert!(text.contains("Dettes URSSAF de 8 000 €."), "{text}");
    assert!(
        !text.contains("Site à refaire."),
        "only confidential notes: {text}"
    );
    assert!(
        text.contains("Source : CMA BFC – CCST, convention du 27/11/2020"),
        "{text}"
    );
    step(&mut l, DiffusionStep::Exported, d(2021, 3, 5), Side::Payer).unwrap();

    // The chamber withdraws: no more export.
    step(
        &mut l,
        DiffusionStep::Withdrawn,
        d(2021, 3, 6),
        Side::Chamber,
    )
    .unwrap();
    assert_eq!(export(&l, &id), None);
    assert!(step(&mut l, DiffusionStep::Exported, d(2021, 3, 7), Side::Payer).is_err());
    assert_eq!(
        step(
            &mut l,
            DiffusionStep::Withdrawn,
            d(2021, 3, 7),
            Side::Chamber
        )
        .unwrap_err()
        .to_string(),
        "Refusé : aucun accord de cette partie à retirer."
    );
    assert_eq!(
        step(&mut l, DiffusionStep::Agreed, d(2021, 3, 1), Side::Chamber)
            .unwrap_err()
            .to_string(),
        "Refusé : « Accord donné » du 01/03/2021 précède l'étape « Accord retiré » du 06/03/2021."
    );
    assert!(
        l.diffusion_requests()[&id]
            .status(l.convention())
            .ends_with("diffusion non autorisée ; exportées 1 fois")
    );
}

#[test]
fn a_request_is_checked_and_a_received_history_that_skips_an_agreement_is_refused() {
    let (mut l, id) = ledger();
    let before = l.clone();
    assert_eq!(
        l.request_diffusion(
            DiffusionId("x".into()),
            ["Région", " ", "y"],
            d(2021, 3, 1),
            stamp(Side::Chamber)
        )
        .unwrap_err()
        .to_string(),
        "Le champ « données demandées » est obligatoire."
    );
    assert_eq!(
        l.request_diffusion(
            id.clone(),
            ["a", "b", "c"],
            d(2021, 3, 1),
            stamp(Side::Chamber)
        ),
        Err(DomainError::DuplicateId("dd1".into()))
    );
    assert_eq!(l, before);
    let mut v = serde_json::to_value(&l.diffusion_requests()[&id]).unwrap();
    v["history"].as_array_mut().unwrap().push(
        serde_json::json!({"kind": "Exported", "on": "2021-03-02", "stamp": stamp(Side::Payer)}),
    );
    let err = serde_json::from_value::<DiffusionRequest>(v)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("export sans l'accord exprès des deux parties"),
        "{err}"
    );
}

#[test]
fn two_copies_merge_by_union_in_either_order() {
    let (base, id) = ledger();
    let (mut cma, mut ccst) = (base.clone(), base);
    ccst.diffusion_step(
        &id,
        DiffusionStep::Agreed,
        d(2021, 3, 2),
        stamp_on(Side::Payer, d(2021, 3, 2)),
    )
    .unwrap();
    cma.diffusion_step(
        &id,
        DiffusionStep::Agreed,
        d(2021, 3, 3),
        stamp_on(Side::Chamber, d(2021, 3, 3)),
    )
    .unwrap();
    let (o, t) = (
        &cma.diffusion_requests()[&id],
        &ccst.diffusion_requests()[&id],
    );
    let one = o.merged_with(t).unwrap();
    assert_eq!(one, t.merged_with(o).unwrap());
    assert!(one.authorized());
    assert_eq!(one.merged_with(&one).unwrap(), one);
}
