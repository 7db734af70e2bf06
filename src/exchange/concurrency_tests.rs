//! One native case per pair of gestures made concurrently on two machines that matters to a user
//! (docs/echange.md, "Gestes croisés"): each machine takes the other's file, in either order;
//! both end alike, nothing is refused or set aside, and the screens' words say what the crossing
//! meant, with the article concerned.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::merge::plan;
use super::{read, write};
use crate::domain::action::{ActionId, Actor, Stamp, Status};
use crate::domain::company::CompanyId;
use crate::domain::convention::{Convention, Fiche, Side};
use crate::domain::diffusion_request::{DiffusionId, DiffusionStep};
use crate::domain::ledger::Ledger;
use crate::domain::money::Euros;
use crate::domain::request::{Answer, RequestId, RequestedCompany};
use crate::test_support::{company_form, d, ledger_with};

/// Someone of `side` named `name`, acting on `on` at `hour`.
fn by(side: Side, name: &str, on: NaiveDate, hour: u32) -> Stamp {
    Stamp {
        actor: Actor {
            side,
            name: name.into(),
        },
        at: on.and_hms_opt(hour, 0, 0).unwrap(),
    }
}

fn file(l: &Ledger, side: Side) -> String {
    let at: NaiveDateTime = d(2021, 12, 1).and_hms_opt(9, 0, 0).unwrap();
    write(
        l,
        Actor {
            side,
            name: "Envoi".into(),
        },
        at,
        false,
    )
}

/// `into` after importing `from`'s file: nothing refused, set aside or in conflict.
fn take(into: &Ledger, from: &Ledger, side: Side) -> Ledger {
    let f = file(from, side);
    let (checked, base) = read(f.as_bytes(), |_| Some(into)).unwrap_or_else(|p| panic!("{p:?}"));
    let p = plan(base, &checked.file.content, &BTreeMap::new());
    assert!(p.refused.is_empty(), "{:?}", p.refused);
    assert!(p.conflicts.is_empty(), "{:?}", p.conflicts);
    p.result
}

/// Both machines after exchanging their files, checked alike.
fn exchanged(cma: &Ledger, ccst: &Ledger) -> Ledger {
    let at_cma = take(cma, ccst, Side::Payer);
    let at_ccst = take(ccst, cma, Side::Chamber);
    assert_eq!(at_cma, at_ccst, "both machines hold the same state");
    at_cma
}

/// A company and one action with its devis sent, known to both sides.
fn base() -> (Ledger, ActionId) {
    let mut l = ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
    let a = ActionId("a1".into());
    l.create_action(
        a.clone(),
        &CompanyId("e1".into()),
        Fiche::ALL[1],
        d(2021, 2, 1),
        "Site internet",
        by(Side::Chamber, "Marie Conseillère", d(2021, 2, 1), 9),
    )
    .unwrap();
    l.send_devis(
        &a,
        d(2021, 2, 2),
        "Programme",
        by(Side::Chamber, "Marie Conseillère", d(2021, 2, 2), 9),
    )
    .unwrap();
    (l, a)
}

#[test]
fn an_export_crossing_a_withdrawal_keeps_both_and_the_withdrawal_is_in_force() {
    let (mut cma, _) = base();
    let id = DiffusionId("dd1".into());
    let marie = |h| by(Side::Chamber, "Marie Conseillère", d(2021, 3, 1), h);
    let paul = |h| by(Side::Payer, "Paul Agent", d(2021, 3, 1), h);
    cma.request_diffusion(
        id.clone(),
        ["Région BFC", "Notes de diagnostic", "Rapport"],
        d(2021, 3, 1),
        marie(9),
    )
    .unwrap();
    cma.diffusion_step(&id, DiffusionStep::Agreed, d(2021, 3, 1), marie(10))
        .unwrap();
    let mut ccst = take(&Ledger::new(Convention::seed()), &cma, Side::Chamber);
    ccst.diffusion_step(&id, DiffusionStep::Agreed, d(2021, 3, 1), paul(11))
        .unwrap();
    cma = take(&cma, &ccst, Side::Payer);
    // The CCST withdraws; before that file arrives, the CMA exports (dated by its clock).
    ccst.diffusion_step(&id, DiffusionStep::Withdrawn, d(2021, 3, 2), paul(9))
        .unwrap();
    cma.diffusion_step(&id, DiffusionStep::Exported, d(2021, 3, 3), marie(12))
        .unwrap();
    let both = exchanged(&cma, &ccst);
    let r = &both.diffusion_requests()[&id];
    assert!(!r.authorized(), "the withdrawal is in force");
    assert_eq!(r.crossed_exports().len(), 1);
    let words = r.crossings(both.convention());
    assert_eq!(
        words,
        [
            "Données exportées le 03/03/2021 par Marie Conseillère (CMA BFC) alors que CCST avait retiré son accord le 02/03/2021 : ce retrait ne lui était pas encore parvenu. L'export reste enregistré ; le retrait est en vigueur et aucune nouvelle diffusion n'est possible sans un nouvel accord (art. 3.1)."
        ]
    );
    // From then on the rule applies to new gestures: no export.
    let mut after = both.clone();
    assert!(
        after
            .diffusion_step(&id, DiffusionStep::Exported, d(2021, 3, 4), marie(9))
            .is_err()
    );
    // A withdrawal dated before an export made by the clock is accepted (dates the users typed
    // are compared only with each other).
    let mut again = both.clone();
    again
        .diffusion_step(&id, DiffusionStep::Agreed, d(2021, 3, 2), paul(13))
        .unwrap();
    again
        .diffusion_step(&id, DiffusionStep::Withdrawn, d(2021, 3, 2), marie(14))
        .unwrap();
}

#[test]
fn an_engagement_crossing_a_cancellation_leaves_the_action_cancelled_and_nothing_engaged() {
    let (cma, a) = base();
    let mut ccst = take(&Ledger::new(Convention::seed()), &cma, Side::Chamber);
    let mut cma = cma;
    cma.cancel(
        &a,
        d(2021, 2, 5),
        "L'entreprise renonce",
        by(Side::Chamber, "Marie Conseillère", d(2021, 2, 5), 9),
    )
    .unwrap();
    ccst.engage(
        &a,
        d(2021, 2, 6),
        by(Side::Payer, "Paul Agent", d(2021, 2, 6), 9),
    )
    .unwrap();
    let both = exchanged(&cma, &ccst);
    let action = &both.actions()[&a];
    assert_eq!(action.status(), Status::Cancelled);
    assert_eq!(both.figures().engaged, Euros::ZERO);
    assert_eq!(
        action.crossings(both.convention()),
        [
            "Devis engagé par Paul Agent (CCST) alors que l'action avait été annulée le 05/02/2021 par Marie Conseillère (CMA BFC) : la décision ne lui était pas encore parvenue. L'action reste annulée ; rien n'est engagé sur l'enveloppe (art. 2.2)."
        ]
    );
}

#[test]
fn a_cancellation_crossing_the_service_done_is_kept_without_effect() {
    let (cma, a) = base();
    let mut ccst = take(&Ledger::new(Convention::seed()), &cma, Side::Chamber);
    ccst.engage(
        &a,
        d(2021, 2, 6),
        by(Side::Payer, "Paul Agent", d(2021, 2, 6), 9),
    )
    .unwrap();
    let mut cma = take(&cma, &ccst, Side::Payer);
    // The CCST cancels; before that file arrives, the adviser records the service done.
    ccst.cancel(
        &a,
        d(2021, 3, 1),
        "Budget réaffecté",
        by(Side::Payer, "Paul Agent", d(2021, 3, 1), 9),
    )
    .unwrap();
    cma.record_service_done(
        &a,
        d(2021, 3, 2),
        by(Side::Chamber, "Luc Conseiller", d(2021, 3, 2), 9),
    )
    .unwrap();
    let both = exchanged(&cma, &ccst);
    let action = &both.actions()[&a];
    assert_eq!(action.status(), Status::ServiceDone);
    assert_eq!(both.figures().engaged, Euros::whole(1200));
    assert_eq!(
        action.crossings(both.convention()),
        [
            "Action annulée le 01/03/2021 par Paul Agent (CCST) sans effet : l'action avait atteint l'étape « Service fait » sur une autre machine avant que la décision n'y parvienne. L'action suit son cours ; le service fait est payé sur facture (art. 2.1)."
        ]
    );
    // It goes on: the invoice is offered to the chamber.
    assert!(
        action
            .gestures(Side::Chamber)
            .contains(&crate::domain::action::Step::Invoiced)
    );
}

#[test]
fn two_advisers_answering_one_request_keep_the_acceptance_and_both_answers() {
    let (cma, _) = base();
    let mut ccst = take(&Ledger::new(Convention::seed()), &cma, Side::Chamber);
    let r = RequestId("r1".into());
    ccst.request_intervention(
        r.clone(),
        RequestedCompany::Known(CompanyId("e1".into())),
        Fiche::ALL[0],
        "Trésorerie tendue",
        d(2021, 3, 1),
        by(Side::Payer, "Paul Agent", d(2021, 3, 1), 9),
    )
    .unwrap();
    let marie = take(&cma, &ccst, Side::Payer);
    let (mut marie, mut luc) = (marie.clone(), marie);
    luc.decline_request(
        &r,
        d(2021, 3, 2),
        "Déjà suivie",
        by(Side::Chamber, "Luc Conseiller", d(2021, 3, 2), 9),
    )
    .unwrap();
    marie
        .accept_request(
            &r,
            ActionId("a2".into()),
            None,
            d(2021, 3, 3),
            "Trésorerie",
            by(Side::Chamber, "Marie Conseillère", d(2021, 3, 3), 9),
        )
        .unwrap();
    let both = exchanged(&marie, &luc);
    let request = &both.requests()[&r];
    assert!(matches!(
        request.record().answer,
        Some(Answer::Accepted { .. })
    ));
    assert_eq!(
        request.record().history.len(),
        3,
        "both answers are in its history"
    );
}

#[test]
fn an_amendment_accepted_while_a_termination_was_notified_keeps_both_and_the_nearer_end() {
    use crate::domain::amendment::{AmendmentId, Changes};
    let (mut cma, _) = base();
    let av = AmendmentId("av1".into());
    cma.propose_amendment(
        av.clone(),
        Changes {
            ends_on: Some(d(2022, 6, 30)),
            ..Changes::default()
        },
        d(2021, 10, 1),
        by(Side::Chamber, "Marie Conseillère", d(2021, 10, 1), 9),
    )
    .unwrap();
    let mut ccst = take(&Ledger::new(Convention::seed()), &cma, Side::Chamber);
    // The CCST accepts the extension; before that file arrives, the CMA notifies a termination.
    ccst.accept_amendment(
        &av,
        d(2021, 10, 5),
        by(Side::Payer, "Paul Agent", d(2021, 10, 5), 9),
    )
    .unwrap();
    cma.notify_termination(
        d(2021, 10, 6),
        "Manquement aux obligations",
        by(Side::Chamber, "Marie Conseillère", d(2021, 10, 6), 9),
    )
    .unwrap();
    let both = exchanged(&cma, &ccst);
    let c = both.convention();
    assert_eq!(c.ends_on(), d(2022, 6, 30), "the amendment is in force");
    assert_eq!(
        c.last_day(),
        c.termination_effective().unwrap(),
        "the termination's notice ends it first (art. 3.3)"
    );
    let amendment = &c.terms().amendments[0];
    assert_eq!(
        c.amendment_cut_short(amendment).unwrap(),
        "La résiliation notifiée le 06/10/2021 met fin à la convention le 06/01/2022 (art. 3.3) : la fin au 30/06/2022 que fixe cet avenant ne s'applique pas."
    );
}
