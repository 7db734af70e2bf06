//! The signed steps of the records other than actions (issue "No one speaks for the other
//! party"): a request and its answer, an amendment's proposal and acceptance, a monthly table
//! issued, a journal entry, a diffusion request's agreements — each taken across machines when
//! its author's key is trusted for the side its stamp names, and refused, with the step, the
//! record and the key in French, when someone typed the other party's name ("Changer"), or when a
//! signed fact was altered in the file.

use super::*;
use crate::domain::amendment::{AmendmentId, Changes};
use crate::domain::diffusion_request::{DiffusionId, DiffusionStep};
use crate::domain::journal::{Channel, EntryBody, EntryId, Promotion};
use crate::domain::money::Euros;
use crate::domain::request::{RequestId, RequestedCompany};

/// `by` requests an intervention for company `e1` (fiche 2) on 10/02/2021, signed.
fn request(l: &mut Ledger, by: &Person) {
    let s = by.stamp(2, 10);
    l.request_intervention(
        RequestId("r1".into()),
        RequestedCompany::Known(CompanyId("e1".into())),
        Fiche::ALL[1],
        "Accompagner la reprise",
        d(2021, 2, 10),
        s.clone(),
    )
    .unwrap();
    by.seal(l, &s);
}

/// `by` proposes an envelope of 6 000 € on 03/02/2021, signed.
fn propose(l: &mut Ledger, by: &Person) {
    let s = by.stamp(2, 3);
    let changes = Changes {
        envelope: Some(Euros::whole(6000)),
        ..Changes::default()
    };
    l.propose_amendment(AmendmentId("av1".into()), changes, d(2021, 2, 3), s.clone())
        .unwrap();
    by.seal(l, &s);
}

/// `by` accepts that amendment on 04/02/2021, signed.
fn accept(l: &mut Ledger, by: &Person) {
    let s = by.stamp(2, 4);
    l.accept_amendment(&AmendmentId("av1".into()), d(2021, 2, 4), s.clone())
        .unwrap();
    by.seal(l, &s);
}

/// The payer's machine, trusting Marie's key, and the chamber's, trusting Paul's.
fn both() -> (Ledger, Ledger) {
    let mut cma = chamber_with_devis(&marie());
    cma.confirm_key(paul().card(), d(2021, 1, 2));
    (cma, payer_with_devis())
}

/// The one refusal of `plan`, in words.
fn refusal(plan: &Plan) -> String {
    assert_eq!(plan.refused.len(), 1, "{:?}", plan.refused);
    plan.refused[0].to_string()
}

#[test]
fn a_request_and_its_answer_cross_signed_and_a_request_typed_under_the_payers_name_is_refused() {
    let (mut cma, mut ccst) = both();
    request(&mut ccst, &paul());
    let at_cma = receive(&cma, &file(&ccst, &paul()), &[], false);
    assert!(at_cma.refused.is_empty(), "{:?}", at_cma.refused);
    assert_eq!(at_cma.result.requests().len(), 1);

    // Marie declines it; the payer takes her signed answer.
    cma = at_cma.result;
    let s = marie().stamp(2, 12);
    cma.decline_request(
        &RequestId("r1".into()),
        d(2021, 2, 12),
        "Hors du dispositif",
        s.clone(),
    )
    .unwrap();
    marie().seal(&mut cma, &s);
    let back = receive(&ccst, &file(&cma, &marie()), &[], false);
    assert!(back.refused.is_empty(), "{:?}", back.refused);
    assert!(!back.result.requests()[&RequestId("r1".into())].is_waiting());

    // At the chamber, "Changer" → CCST, a request, "Changer" back, the file sent: refused.
    let (mut cma, ccst) = both();
    request(&mut cma, &fake_payer());
    let plan = receive(&ccst, &file(&cma, &marie()), &[], false);
    assert!(plan.result.requests().is_empty(), "not taken");
    let why = refusal(&plan);
    assert!(
        why.starts_with("Demande Menuiserie Durand – Fiche 2")
            && why.contains("le 10/02/2021 à 10:00 par Quelqu'un (CCST)")
            && why.contains(&fake_payer().public().id().0),
        "{why}"
    );
}

#[test]
fn an_amendment_accepted_at_the_proposers_machine_under_the_other_name_changes_nothing() {
    // Marie proposes 6 000 €, then, as "Quelqu'un (CCST)", accepts it herself.
    let (mut cma, ccst) = both();
    propose(&mut cma, &marie());
    accept(&mut cma, &fake_payer());
    assert_eq!(cma.convention().envelope(), Euros::whole(6000));
    let plan = receive(&ccst, &file(&cma, &marie()), &[], false);
    assert_eq!(plan.result.convention().envelope(), Euros::whole(5000));
    assert!(plan.result.convention().terms().amendments.is_empty());
    let why = refusal(&plan);
    assert!(
        why.starts_with("Avenant proposé le 03/02/2021")
            && why.contains("« Avenant accepté » le 04/02/2021 à 10:00 par Quelqu'un (CCST)"),
        "{why}"
    );

    // The real way: the payer takes Marie's signed proposal, Paul accepts it, the chamber takes
    // his signed acceptance — the same envelope on both machines.
    let (mut cma, ccst) = both();
    propose(&mut cma, &marie());
    let at_ccst = receive(&ccst, &file(&cma, &marie()), &[], false);
    assert!(at_ccst.refused.is_empty(), "{:?}", at_ccst.refused);
    let mut ccst = at_ccst.result;
    accept(&mut ccst, &paul());
    let at_cma = receive(&cma, &file(&ccst, &paul()), &[], false);
    assert!(at_cma.refused.is_empty(), "{:?}", at_cma.refused);
    let six = Euros::whole(6000);
    assert_eq!(at_cma.result.convention().envelope(), six);
    assert_eq!(ccst.convention().envelope(), six);

    // The envelope altered in the file after Marie signed her proposal: caught.
    let text = file(&cma, &marie());
    let forged = rechecksum(&text.replacen("\"6000\"", "\"9000\"", 1));
    assert_ne!(forged, rechecksum(&text));
    let plan = receive(&ccst_before_amendment(), &forged, &[], false);
    assert!(plan.result.convention().terms().amendments.is_empty());
    assert!(
        refusal(&plan).contains("« Avenant proposé »"),
        "{}",
        refusal(&plan)
    );
}

fn ccst_before_amendment() -> Ledger {
    payer_with_devis()
}

#[test]
fn a_table_issued_and_a_promotion_recorded_under_the_payers_name_at_the_chamber_are_refused() {
    let (mut cma, ccst) = both();
    let s = fake_payer().stamp(2, 5);
    cma.issue_month(2021, 1, d(2021, 2, 5), s.clone()).unwrap();
    fake_payer().seal(&mut cma, &s);
    let s = fake_payer().stamp(2, 6);
    let promotion = EntryBody::Promotion(Promotion {
        on: d(2021, 2, 6),
        channel: Channel::Bulletin,
        audience: String::new(),
        text: "Article sur le dispositif".into(),
    });
    cma.record_entry(EntryId("j1".into()), promotion, s.clone())
        .unwrap();
    fake_payer().seal(&mut cma, &s);
    let plan = receive(&ccst, &file(&cma, &marie()), &[], false);
    assert!(plan.result.issued_tables().is_empty() && plan.result.journal().is_empty());
    let why: Vec<String> = plan.refused.iter().map(ToString::to_string).collect();
    assert_eq!(why.len(), 2, "{why:?}");
    assert!(
        why.iter().any(|w| w.starts_with("Tableau de 01/2021")
            && w.contains("« Tableau arrêté » le 05/02/2021")),
        "{why:?}"
    );
    assert!(
        why.iter()
            .any(|w| w.contains("« Action de promotion enregistrée »")),
        "{why:?}"
    );

    // Issued and recorded by the payer itself: taken at the chamber.
    let (cma, mut ccst) = both();
    let s = paul().stamp(2, 5);
    ccst.issue_month(2021, 1, d(2021, 2, 5), s.clone()).unwrap();
    paul().seal(&mut ccst, &s);
    let plan = receive(&cma, &file(&ccst, &paul()), &[], false);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert_eq!(plan.result.issued_tables().len(), 1);
}

#[test]
fn a_diffusion_agreement_given_under_the_payers_name_at_the_chamber_is_refused() {
    let (mut cma, ccst) = both();
    let id = DiffusionId("d1".into());
    let s = marie().stamp(2, 8);
    cma.request_diffusion(
        id.clone(),
        ["Région BFC", "Liste des entreprises", "Étude"],
        d(2021, 2, 8),
        s.clone(),
    )
    .unwrap();
    marie().seal(&mut cma, &s);
    let s = marie().stamp(2, 9);
    cma.diffusion_step(&id, DiffusionStep::Agreed, d(2021, 2, 9), s.clone())
        .unwrap();
    marie().seal(&mut cma, &s);
    // Marie's own steps: taken.
    let genuine = receive(&ccst, &file(&cma, &marie()), &[], false);
    assert!(genuine.refused.is_empty(), "{:?}", genuine.refused);
    assert_eq!(genuine.result.diffusion_requests().len(), 1);

    // The payer's agreement typed at the chamber: the request is not taken further.
    let s = fake_payer().stamp(2, 10);
    cma.diffusion_step(&id, DiffusionStep::Agreed, d(2021, 2, 10), s.clone())
        .unwrap();
    fake_payer().seal(&mut cma, &s);
    let plan = receive(&genuine.result, &file(&cma, &marie()), &[], false);
    let why = refusal(&plan);
    assert!(
        why.contains("« Accord donné » le 10/02/2021 à 10:00 par Quelqu'un (CCST)"),
        "{why}"
    );
    assert_eq!(
        plan.result.diffusion_requests()[&id].record().history.len(),
        2,
        "the payer's history holds the request and Marie's agreement only"
    );
}

#[test]
fn an_older_versions_unsigned_request_waits_for_the_users_confirmation() {
    // A payer on a version before signatures: its request carries no seal.
    let (cma, mut ccst) = both();
    ccst.request_intervention(
        RequestId("r1".into()),
        RequestedCompany::Known(CompanyId("e1".into())),
        Fiche::ALL[1],
        "Accompagner la reprise",
        d(2021, 2, 10),
        paul().stamp(2, 10),
    )
    .unwrap();
    let text = file(&ccst, &paul());
    let held = receive(&cma, &text, &[], false);
    assert!(held.result.requests().is_empty() && held.refused.is_empty());
    assert_eq!(held.unsigned.len(), 1);
    assert!(
        held.unsigned[0].contains("le 10/02/2021 à 10:00 par Paul Girard, non signé"),
        "{:?}",
        held.unsigned
    );
    let taken = receive(&cma, &text, &[], true);
    assert_eq!(taken.result.requests().len(), 1);
}

#[test]
fn the_step_names_the_canonical_form_writes_are_the_files_own() {
    use crate::domain::diffusion_request::DiffusionStep as D;
    use crate::domain::journal::JournalStep as J;
    use crate::domain::lifecycle::RequestStep as R;
    for r in [R::Accepted, R::Declined, R::Requested] {
        assert_eq!(serde_json::to_value(r).unwrap(), r.name());
    }
    for j in [J::MeetingRecorded, J::PromotionRecorded, J::Changed] {
        assert_eq!(serde_json::to_value(j).unwrap(), j.name());
    }
    for s in [D::Agreed, D::Exported, D::Requested, D::Withdrawn] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.name());
    }
}

#[test]
fn a_version_6_file_kept_from_its_first_build_is_taken_once_its_two_keys_are_confirmed() {
    // `tests/fixtures/v6/`: every step of every record signed by Marie's or Paul's fixed key,
    // but the fiche 3 offers and demands, which format 6 did not sign: held for the tick.
    let text = include_str!("../../tests/fixtures/v6/echange-ccst-vers-cma.json");
    let empty = Ledger::new(crate::domain::convention::Convention::seed());
    let plan = receive(&empty, text, &[&marie(), &paul()], false);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert_eq!(
        plan.unsigned,
        [
            "Offres et demandes de Garage Vernier : « Offres et demandes enregistrées » le \
          19/03/2021 à 10:00 par Marie Dupont, non signé (version antérieure)"
        ]
    );
    assert!(plan.result.collaborations().is_empty());
    let ticked = receive(&empty, text, &[&marie(), &paul()], true);
    assert!(ticked.refused.is_empty() && ticked.unsigned.is_empty());
    assert_eq!(ticked.result.collaborations().len(), 1);
    let l = &plan.result;
    assert_eq!(
        (
            l.actions().len(),
            l.requests().len(),
            l.journal().len(),
            l.diffusion_requests().len(),
            l.issued_tables().len(),
            l.convention().terms().amendments.len(),
        ),
        (5, 2, 2, 1, 1, 2)
    );
    assert_eq!(l.convention().envelope(), Euros::whole(6000));
    // Every step of those records carries its seal, and says so in words.
    for r in l.sealed_records() {
        for s in r.signed_steps() {
            assert!(s.seal.is_some(), "{} {}", r.sealed_id(), s.step);
        }
    }
    let proofs = l.proved_steps(
        crate::domain::signed::SealedKind::Amendment,
        "av-fixture-envelope",
    );
    assert_eq!(proofs.len(), 2);
    assert!(
        proofs[1]
            .0
            .contains("Avenant accepté – Marie Dupont (CMA BFC)")
    );
    assert!(proofs[1].1.starts_with("signé (clé "), "{proofs:?}");

    // Without Paul's key: the payer's records are refused, naming his key; the chamber's taken.
    let plan = receive(&empty, text, &[&marie()], false);
    assert!(plan.result.requests().is_empty());
    assert!(
        plan.refused
            .iter()
            .any(|p| p.to_string().contains(&paul().public().id().0))
    );
}

#[test]
fn a_version_5_file_kept_from_6_december_still_imports_its_steps_marked_unsigned() {
    // `tests/fixtures/v5/`: written before signatures; nothing is lost, all waits for consent.
    let text = include_str!("../../tests/fixtures/v5/echange-ccst-vers-cma.json");
    let empty = Ledger::new(crate::domain::convention::Convention::seed());
    let held = receive(&empty, text, &[], false);
    assert!(held.refused.is_empty(), "{:?}", held.refused);
    assert!(held.result.actions().is_empty() && held.result.requests().is_empty());
    assert!(
        held.unsigned
            .iter()
            .any(|u| u.contains("« Intervention demandée »")),
        "{:?}",
        held.unsigned
    );
    assert!(
        held.unsigned
            .iter()
            .any(|u| u.starts_with("Avenant proposé le 10/03/2021"))
    );
    assert!(
        held.unsigned
            .iter()
            .any(|u| u.starts_with("Tableau de 01/2021 : « Tableau arrêté » le 02/02/2021")),
        "{:?}",
        held.unsigned
    );
    let taken = receive(&empty, text, &[], true);
    assert!(taken.unsigned.is_empty() && taken.refused.is_empty());
    assert_eq!(taken.result.requests().len(), 2);
    assert_eq!(taken.result.convention().envelope(), Euros::whole(6000));
    let proofs = taken
        .result
        .proved_steps(crate::domain::signed::SealedKind::Request, "r-fixture");
    assert!(
        proofs
            .iter()
            .all(|(_, proof)| proof == "non signé (antérieur)")
    );
}

/// `by` notifies the termination on `day`/03/2021 ("Engagements non tenus"), signed.
fn notify(l: &mut Ledger, by: &Person, day: u32) {
    let s = by.stamp(3, day);
    l.notify_termination(d(2021, 3, day), "Engagements non tenus", s.clone())
        .unwrap();
    by.seal(l, &s);
}

/// `by` records the termination's receipt of `day`/03/2021 under its own stamp, signed.
fn receipt(l: &mut Ledger, by: &Person, day: u32) {
    let s = by.stamp(3, day);
    l.record_termination_receipt(d(2021, 3, day), s.clone())
        .unwrap();
    by.seal(l, &s);
}

#[test]
fn a_termination_and_its_receipt_cross_signed_and_one_typed_under_the_payers_name_is_refused() {
    // Paul notifies; the chamber takes his signed notice; he records the receipt under its own
    // stamp, and the chamber takes that too: the notice runs from the receipt on both machines.
    let (cma, mut ccst) = both();
    notify(&mut ccst, &paul(), 1);
    let at_cma = receive(&cma, &file(&ccst, &paul()), &[], false);
    assert!(at_cma.refused.is_empty(), "{:?}", at_cma.refused);
    let t = at_cma
        .result
        .convention()
        .terms()
        .termination
        .clone()
        .unwrap();
    assert!(t.seal.is_some() && t.received_on.is_none());
    receipt(&mut ccst, &paul(), 4);
    let t = ccst.convention().terms().termination.clone().unwrap();
    assert_eq!(t.receipt_recorded, Some(paul().stamp(3, 4)));
    assert!(t.receipt_seal.is_some());
    let again = receive(&at_cma.result, &file(&ccst, &paul()), &[], false);
    assert!(again.refused.is_empty(), "{:?}", again.refused);
    assert_eq!(
        again.result.convention().termination_effective(),
        Some(d(2021, 6, 4))
    );
    assert_eq!(
        again.result.convention().terms().termination,
        ccst.convention().terms().termination
    );
    // Relayed back, nothing changes at the payer.
    let back = receive(&ccst, &file(&again.result, &marie()), &[], false);
    assert!(back.changes.is_empty() && back.refused.is_empty());

    // The receipt's date changed in a text editor: caught, the termination as it was.
    let edited = file(&ccst, &paul()).replace(
        "\"received_on\":\"2021-03-04\"",
        "\"received_on\":\"2021-03-30\"",
    );
    let plan = receive(&at_cma.result, &rechecksum(&edited), &[], false);
    let why = refusal(&plan);
    assert!(why.contains("Accusé de réception enregistré"), "{why}");
    assert_eq!(
        plan.result.convention().termination_effective(),
        Some(d(2021, 6, 1))
    );

    // At the chamber, "Changer" → CCST, a termination notified, "Changer" back: refused at the
    // payer, in words, and the convention runs on to its end.
    let (mut cma, ccst) = both();
    notify(&mut cma, &fake_payer(), 2);
    let plan = receive(&ccst, &file(&cma, &marie()), &[], false);
    assert!(plan.result.convention().terms().termination.is_none());
    let why = refusal(&plan);
    assert!(
        why.starts_with("Résiliation de la convention (art. 3.3)")
            && why.contains("« Résiliation notifiée » le 02/03/2021 à 10:00 par Quelqu'un (CCST)")
            && why.contains(&fake_payer().public().id().0),
        "{why}"
    );
}

#[test]
fn offers_and_demands_typed_at_the_payer_under_the_chambers_name_are_refused() {
    // A fiche 3 action for Menuiserie Durand, then Marie's signed offers and demands: taken.
    let (mut cma, ccst) = both();
    let s = marie().stamp(2, 1);
    cma.create_action(
        ActionId("a3".into()),
        &CompanyId("e1".into()),
        Fiche::ALL[2],
        d(2021, 2, 1),
        "Vente directe",
        s.clone(),
    )
    .unwrap();
    marie().seal(&mut cma, &s);
    let s = marie().stamp(2, 2);
    cma.set_collaboration(
        &CompanyId("e1".into()),
        &["Escaliers sur mesure".into()],
        &["Bois local".into()],
        s.clone(),
    )
    .unwrap();
    marie().seal(&mut cma, &s);
    let at_ccst = receive(&ccst, &file(&cma, &marie()), &[], false);
    assert!(at_ccst.refused.is_empty(), "{:?}", at_ccst.refused);
    assert_eq!(at_ccst.result.collaborations(), cma.collaborations());

    // At the payer, "Changer" → CMA, the offers changed, "Changer" back: refused at the chamber.
    let mut ccst = at_ccst.result;
    let fake_chamber = Person::new(Side::Chamber, "Quelqu'un", 11);
    let s = fake_chamber.stamp(2, 5);
    ccst.set_collaboration(
        &CompanyId("e1".into()),
        &["Rien".into()],
        &["Bois local".into()],
        s.clone(),
    )
    .unwrap();
    fake_chamber.seal(&mut ccst, &s);
    let plan = receive(&cma, &file(&ccst, &paul()), &[], false);
    assert_eq!(plan.result.collaborations(), cma.collaborations());
    let why = refusal(&plan);
    assert!(
        why.starts_with("Offres et demandes de Menuiserie Durand")
            && why.contains(
                "« Offres et demandes enregistrées » le 05/02/2021 à 10:00 par Quelqu'un (CMA BFC)"
            )
            && why.contains(&fake_chamber.public().id().0),
        "{why}"
    );
}

#[test]
fn a_version_7_file_kept_from_its_first_build_is_taken_whole_once_its_two_keys_are_confirmed() {
    // `tests/fixtures/v7/`: every step of every record signed, the termination and the fiche 3
    // offers and demands included.
    let text = include_str!("../../tests/fixtures/v7/echange-cma-vers-ccst.json");
    let empty = Ledger::new(crate::domain::convention::Convention::seed());
    let plan = receive(&empty, text, &[&marie(), &paul()], false);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert!(plan.unsigned.is_empty(), "{:?}", plan.unsigned);
    let l = &plan.result;
    assert_eq!(l.collaborations().len(), 1);
    assert_eq!(l.convention().termination_effective(), Some(d(2021, 6, 23)));
    let records = l.sealed_records();
    assert_eq!(records.len(), 17);
    for r in records {
        for s in r.signed_steps() {
            assert!(s.seal.is_some(), "{} {}", r.sealed_id(), s.step);
        }
    }
    let proofs = l.proved_steps(crate::domain::signed::SealedKind::Termination, "notice");
    assert_eq!(proofs.len(), 2);
    assert!(
        proofs[1]
            .0
            .contains("Accusé de réception enregistré – Paul Girard (CCST)"),
        "{proofs:?}"
    );
    assert!(proofs[1].1.starts_with("signé (clé "), "{proofs:?}");
}

#[test]
fn a_termination_written_before_format_7_is_held_as_unsigned_then_taken_on_the_tick() {
    // The payer's version 6: the notice and its receipt, unsigned, the receipt under the
    // notice's stamp (no `receipt_recorded`).
    let (cma, mut ccst) = both();
    let s = paul().stamp(3, 1);
    ccst.notify_termination(d(2021, 3, 1), "Engagements non tenus", s.clone())
        .unwrap();
    let text = file(&ccst, &paul())
        .replacen(
            "\"reason\":\"Engagements non tenus\"",
            "\"received_on\":\"2021-03-04\",\"reason\":\"Engagements non tenus\"",
            1,
        )
        .replacen("\"version\":7", "\"version\":6", 1);
    let text = rechecksum(&text);
    let held = receive(&cma, &text, &[], false);
    assert!(held.refused.is_empty(), "{:?}", held.refused);
    assert!(held.result.convention().terms().termination.is_none());
    assert_eq!(
        held.unsigned,
        [
            "Résiliation de la convention (art. 3.3) : « Résiliation notifiée » le 01/03/2021 à \
          10:00 par Paul Girard, « Accusé de réception enregistré » le 01/03/2021 à 10:00 par \
          Paul Girard, non signé (version antérieure)"
        ]
    );
    let taken = receive(&cma, &text, &[], true);
    assert_eq!(
        taken.result.convention().termination_effective(),
        Some(d(2021, 6, 4))
    );
    let proofs = taken
        .result
        .proved_steps(crate::domain::signed::SealedKind::Termination, "notice");
    assert_eq!(proofs.len(), 2);
    assert!(proofs.iter().all(|(_, p)| p == "non signé (antérieur)"));
}
