//! Tests of the rules that span several records: the lifecycle through the ledger, the envelope,
//! the monthly table, and the seed scenario of the convention.

use chrono::NaiveDate;

use super::action::{ActionId, Stamp, Status, Step};
use super::company::{CompanyForm, CompanyId};
use super::convention::{Convention, Fiche, Side};
use super::error::DomainError;
use super::ledger::Ledger;
use super::money::Euros;
use crate::test_support::{company_form, d, ledger_with, stamp};

fn cma() -> Stamp {
    stamp(Side::Chamber)
}

fn ccst() -> Stamp {
    stamp(Side::Payer)
}

/// A ledger on the seed convention with one company in Delle.
fn ledger() -> Ledger {
    let form = CompanyForm {
        staff: "4".into(),
        ..company_form("Menuiserie Durand", "Delle")
    };
    ledger_with("co-1", &form)
}

fn co() -> CompanyId {
    CompanyId("co-1".into())
}

/// Creates an action and sends its devis.
fn devis(l: &mut Ledger, id: &str, fiche: Fiche, on: NaiveDate) -> ActionId {
    let id = ActionId(id.into());
    l.create_action(id.clone(), &co(), fiche, on, "Besoin", cma())
        .unwrap();
    l.send_devis(&id, on, "Programme en trois rendez-vous", cma())
        .unwrap();
    id
}

#[test]
fn seed_scenario_fills_the_envelope_to_4500_and_refuses_a_further_fiche_3() {
    let mut l = ledger();
    let mut n = 0;
    for (fiche, count) in [
        (Fiche::Relance, 3),
        (Fiche::Digital, 2),
        (Fiche::CircuitsCourts, 2),
    ] {
        for _ in 0..count {
            n += 1;
            let id = devis(&mut l, &format!("a{n}"), fiche, d(2021, 1, 15));
            l.engage(&id, d(2021, 1, 20), ccst()).unwrap();
        }
    }
    let f = l.figures();
    assert_eq!(f.engaged, Euros::whole(4500));
    assert_eq!(f.available, Euros::whole(500));
    assert_eq!(f.available.to_string(), "500,00\u{a0}€");
    assert_eq!(f.engaged_count, [3, 2, 2]);

    let extra = devis(&mut l, "a8", Fiche::CircuitsCourts, d(2021, 2, 1));
    let before = l.clone();
    let err = l.engage(&extra, d(2021, 2, 2), ccst()).unwrap_err();
    assert_eq!(
        err,
        DomainError::EnvelopeExceeded {
            remaining: Euros::whole(500),
            requested: Euros::whole(600)
        }
    );
    assert_eq!(
        err.to_string(),
        "Enveloppe insuffisante : reste 500,00\u{a0}€, devis 600,00\u{a0}€."
    );
    assert_eq!(l, before, "a refused engagement changes nothing");
    // A Fiche 1 at 300 € still fits.
    let small = devis(&mut l, "a9", Fiche::Relance, d(2021, 2, 1));
    l.engage(&small, d(2021, 2, 2), ccst()).unwrap();
    assert_eq!(l.figures().available, Euros::whole(200));
}

#[test]
fn an_empty_store_has_the_whole_envelope_available() {
    let f = Ledger::new(Convention::seed()).figures();
    assert_eq!(f.envelope, Euros::whole(5000));
    assert_eq!(f.available.to_string(), "5\u{a0}000,00\u{a0}€");
    assert_eq!(f.engaged, Euros::ZERO);
}

#[test]
fn the_full_lifecycle_to_payment_with_history() {
    let mut l = ledger();
    let id = devis(&mut l, "a1", Fiche::Digital, d(2021, 3, 1));
    assert_eq!(l.actions()[&id].status(), Status::DevisSent);
    assert_eq!(l.actions()[&id].devis_amount(), Some(Euros::whole(1200)));
    l.engage(&id, d(2021, 3, 5), ccst()).unwrap();
    l.record_service_done(&id, d(2021, 4, 10), cma()).unwrap();
    l.record_invoice(
        &id,
        "F-2021-001",
        d(2021, 4, 12),
        Euros::whole(1200),
        "",
        cma(),
    )
    .unwrap();
    l.record_payment(&id, d(2021, 5, 3), ccst()).unwrap();
    let a = &l.actions()[&id];
    assert_eq!(a.status(), Status::Paid);
    assert!(a.next_steps().is_empty());
    let kinds: Vec<_> = a.record().history.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![
            Step::Created,
            Step::DevisSent,
            Step::Engaged,
            Step::ServiceDone,
            Step::Invoiced,
            Step::Paid
        ]
    );
    assert_eq!(a.record().history[2].stamp.actor.side, Side::Payer);
    let f = l.figures();
    assert_eq!(
        (f.engaged, f.done, f.invoiced, f.paid),
        (
            Euros::whole(1200),
            Euros::whole(1200),
            Euros::whole(1200),
            Euros::whole(1200)
        )
    );
    assert_eq!(a.summary(), "Payé le 03/05/2021");
}

#[test]
fn illegal_steps_are_refused_with_a_reason_and_change_nothing() {
    let mut l = ledger();
    let id = ActionId("a1".into());
    l.create_action(
        id.clone(),
        &co(),
        Fiche::Relance,
        d(2021, 1, 4),
        "Besoin",
        cma(),
    )
    .unwrap();
    let before = l.clone();
    let err = l
        .record_invoice(&id, "F1", d(2021, 1, 5), Euros::whole(300), "", cma())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Impossible de passer à « Facturer » : l'action est au statut « Besoin identifié »."
    );
    assert!(
        l.engage(&id, d(2021, 1, 5), ccst()).is_err(),
        "no engagement before a devis"
    );
    assert!(
        l.record_payment(&id, d(2021, 1, 5), ccst()).is_err(),
        "no payment before invoice"
    );
    assert!(l.record_service_done(&id, d(2021, 1, 5), cma()).is_err());
    assert_eq!(l, before);

    l.send_devis(&id, d(2021, 1, 5), "Programme", cma())
        .unwrap();
    l.engage(&id, d(2021, 1, 6), ccst()).unwrap();
    assert!(
        l.record_payment(&id, d(2021, 1, 7), ccst()).is_err(),
        "no payment before the service is done and invoiced"
    );
    l.record_service_done(&id, d(2021, 1, 8), cma()).unwrap();
    assert!(
        l.record_payment(&id, d(2021, 1, 9), ccst()).is_err(),
        "no payment before invoice"
    );
    assert!(
        l.cancel(&id, d(2021, 1, 9), "Trop tard", cma()).is_err(),
        "done cannot be cancelled"
    );
}

#[test]
fn steps_may_not_go_back_in_time() {
    let mut l = ledger();
    let id = devis(&mut l, "a1", Fiche::Relance, d(2021, 3, 10));
    assert_eq!(
        l.engage(&id, d(2021, 3, 9), ccst())
            .unwrap_err()
            .to_string(),
        "La date 09/03/2021 précède celle de l'étape précédente (devis : 10/03/2021)."
    );
}

#[test]
fn invoice_different_from_devis_needs_a_reason() {
    let mut l = ledger();
    let id = devis(&mut l, "a1", Fiche::CircuitsCourts, d(2021, 3, 1));
    l.engage(&id, d(2021, 3, 2), ccst()).unwrap();
    l.record_service_done(&id, d(2021, 3, 20), cma()).unwrap();
    let err = l
        .record_invoice(&id, "F7", d(2021, 3, 21), Euros::whole(500), " ", cma())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Le montant facturé (500,00\u{a0}€) est inférieur au devis (600,00\u{a0}€) : indiquez la raison de l'écart."
    );
    l.record_invoice(
        &id,
        "F7",
        d(2021, 3, 21),
        Euros::whole(500),
        "Une séance non réalisée",
        cma(),
    )
    .unwrap();
    let f = l.figures();
    assert_eq!(
        f.engaged,
        Euros::whole(500),
        "the invoice replaces the devis in what is engaged"
    );
    assert_eq!(f.invoiced, Euros::whole(500));
    assert_eq!(f.done, Euros::whole(600));
    assert_eq!(f.available, Euros::whole(4500));
}

#[test]
fn an_invoice_is_never_above_its_devis() {
    let mut l = ledger();
    let id = devis(&mut l, "a0", Fiche::Digital, d(2021, 2, 1));
    l.engage(&id, d(2021, 2, 2), ccst()).unwrap();
    l.record_service_done(&id, d(2021, 3, 1), cma()).unwrap();
    let before = l.clone();
    let err = l
        .record_invoice(&id, "F1", d(2021, 3, 2), Euros::whole(1500), "Frais", cma())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Le montant facturé (1\u{a0}500,00\u{a0}€) dépasse le devis (1\u{a0}200,00\u{a0}€) : le prix est fixé par accompagnement (art. 1)."
    );
    assert_eq!(l, before, "nothing changed");
    l.record_invoice(&id, "F1", d(2021, 3, 2), Euros::whole(1200), "", cma())
        .unwrap();
}

#[test]
fn refusal_and_cancellation_need_a_reason_and_release_funds() {
    let mut l = ledger();
    let a = devis(&mut l, "a1", Fiche::Digital, d(2021, 2, 1));
    assert_eq!(
        l.refuse(&a, d(2021, 2, 3), "", ccst()),
        Err(DomainError::ReasonRequired)
    );
    l.refuse(&a, d(2021, 2, 3), "Hors cible", ccst()).unwrap();
    assert_eq!(l.actions()[&a].status(), Status::Refused);

    let b = devis(&mut l, "a2", Fiche::Digital, d(2021, 2, 1));
    l.engage(&b, d(2021, 2, 2), ccst()).unwrap();
    assert_eq!(l.figures().available, Euros::whole(3800));
    assert!(
        !l.actions()[&b].next_steps().contains(&Step::Refused),
        "an engaged devis is not refused"
    );
    l.cancel(&b, d(2021, 2, 20), "Entreprise fermée", cma())
        .unwrap();
    assert_eq!(l.actions()[&b].status(), Status::Cancelled);
    assert_eq!(l.figures().available, Euros::whole(5000));
}

#[test]
fn dates_outside_the_period_or_after_termination_are_refused() {
    let mut l = ledger();
    assert!(matches!(
        l.create_action(
            ActionId("x".into()),
            &co(),
            Fiche::Relance,
            d(2022, 1, 3),
            "B",
            cma()
        ),
        Err(DomainError::OutsidePeriod { .. })
    ));
    let id = devis(&mut l, "a1", Fiche::Relance, d(2021, 2, 1));
    l.notify_termination(d(2021, 3, 1), "Manquement", stamp(Side::Payer))
        .unwrap();
    assert_eq!(
        l.engage(&id, d(2021, 6, 2), ccst()).unwrap_err(),
        DomainError::AfterTermination {
            date: d(2021, 6, 2),
            effective: d(2021, 6, 1)
        }
    );
    l.engage(&id, d(2021, 6, 1), ccst()).unwrap();
    l.record_service_done(&id, d(2021, 6, 1), cma()).unwrap();
    // Invoicing and paying a service done in time may come later.
    l.record_invoice(&id, "F1", d(2021, 7, 1), Euros::whole(300), "", cma())
        .unwrap();
    l.record_payment(&id, d(2022, 2, 1), ccst()).unwrap();
}

#[test]
fn actions_need_a_known_company_and_unique_ids() {
    let mut l = ledger();
    assert_eq!(
        l.create_action(
            ActionId("a".into()),
            &CompanyId("nope".into()),
            Fiche::Relance,
            d(2021, 1, 4),
            "B",
            cma()
        ),
        Err(DomainError::UnknownCompany("nope".into()))
    );
    devis(&mut l, "a", Fiche::Relance, d(2021, 1, 4));
    assert!(matches!(
        l.create_action(
            ActionId("a".into()),
            &co(),
            Fiche::Relance,
            d(2021, 1, 4),
            "B",
            cma()
        ),
        Err(DomainError::DuplicateId(_))
    ));
}

#[test]
fn the_price_comes_from_the_convention_not_the_user() {
    let mut terms = Convention::seed().terms().clone();
    terms.id = super::convention::ConventionId("autre".into());
    terms.prices.digital = Euros::whole(1500);
    let mut l = Ledger::new(Convention::new(terms).unwrap());
    let company = ledger().companies()[&co()].clone();
    l.add_company(company, cma()).unwrap();
    let id = devis(&mut l, "a", Fiche::Digital, d(2021, 1, 4));
    assert_eq!(l.actions()[&id].devis_amount(), Some(Euros::whole(1500)));
}

#[test]
fn company_changes_are_stamped() {
    let mut l = ledger();
    let mut company = l.companies()[&co()].clone();
    assert_eq!(company.history.len(), 1);
    assert_eq!(company.history[0].stamp.actor.side, Side::Chamber);
    company.staff = 5;
    let before = l.clone();
    assert_eq!(
        l.update_company(company.clone(), ccst())
            .unwrap_err()
            .to_string(),
        "« Entreprise modifiée » revient à CMA BFC, pas à CCST."
    );
    assert_eq!(l, before);
    l.update_company(company, cma()).unwrap();
    let kinds: Vec<_> = l.companies()[&co()]
        .history
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            super::company::CompanyStep::Created,
            super::company::CompanyStep::Updated
        ]
    );
    assert_eq!(l.companies()[&co()].staff, 5);
}

#[test]
fn fiche_1_notes_start_confidential() {
    let mut l = ledger();
    let id = devis(&mut l, "a", Fiche::Relance, d(2021, 1, 4));
    assert!(l.actions()[&id].record().note.confidential);
    l.set_note(&id, "Dettes URSSAF", true, cma()).unwrap();
    assert_eq!(l.actions()[&id].record().note.text, "Dettes URSSAF");
}

#[test]
fn stored_actions_are_rechecked_on_load() {
    let mut l = ledger();
    let id = devis(&mut l, "a", Fiche::Relance, d(2021, 1, 4));
    l.engage(&id, d(2021, 1, 5), ccst()).unwrap();
    let json = serde_json::to_string(&l).unwrap();
    let back: Ledger = serde_json::from_str(&json).unwrap();
    assert_eq!(back, l);
    // A payment date with no invoice is an illegal state: refused on load.
    let broken = json.replace("\"paid_on\":null", "\"paid_on\":\"2021-02-01\"");
    let err = serde_json::from_str::<Ledger>(&broken)
        .unwrap_err()
        .to_string();
    assert!(err.contains("une étape manque"), "{err}");
}

mod monthly {
    use super::*;

    #[test]
    fn one_row_per_month_from_signature_to_end_even_when_empty() {
        let t = Ledger::new(Convention::seed()).monthly_table();
        assert_eq!(t.rows.len(), 2 + 12, "11/2020 to 12/2021");
        assert_eq!((t.rows[0].year, t.rows[0].month), (2020, 11));
        assert_eq!((t.rows[13].year, t.rows[13].month), (2021, 12));
        assert!(
            t.rows
                .iter()
                .all(|r| r.engaged == Euros::ZERO && r.available == Euros::whole(5000))
        );
        assert_eq!(t.totals.available, Euros::whole(5000));
    }

    #[test]
    fn records_on_month_ends_land_in_their_month_and_cumulate() {
        let mut l = ledger();
        let a = devis(&mut l, "a", Fiche::Relance, d(2021, 1, 31));
        l.engage(&a, d(2021, 1, 31), ccst()).unwrap();
        let b = devis(&mut l, "b", Fiche::Digital, d(2021, 2, 1));
        l.engage(&b, d(2021, 2, 1), ccst()).unwrap();
        l.record_service_done(&b, d(2021, 2, 28), cma()).unwrap();
        l.record_invoice(&b, "F", d(2021, 3, 1), Euros::whole(1200), "", cma())
            .unwrap();
        l.record_payment(&b, d(2021, 3, 31), ccst()).unwrap();
        let t = l.monthly_table();
        let row = |m: u32| {
            t.rows
                .iter()
                .find(|r| r.year == 2021 && r.month == m)
                .unwrap()
        };
        assert_eq!(row(1).prescribed, [1, 0, 0]);
        assert_eq!(row(1).engaged, Euros::whole(300));
        assert_eq!(row(2).prescribed, [0, 1, 0]);
        assert_eq!(row(2).cumulative_engaged, Euros::whole(1500));
        assert_eq!(row(2).available, Euros::whole(3500));
        assert_eq!(row(2).done, Euros::whole(1200));
        assert_eq!(row(3).invoiced, Euros::whole(1200));
        assert_eq!(row(3).paid, Euros::whole(1200));
        assert_eq!(row(12).cumulative_engaged, Euros::whole(1500));
    }

    #[test]
    fn totals_equal_the_dashboard_with_cancellations_and_adjusted_invoices() {
        let mut l = ledger();
        let a = devis(&mut l, "a", Fiche::CircuitsCourts, d(2021, 1, 10));
        l.engage(&a, d(2021, 1, 11), ccst()).unwrap();
        l.cancel(&a, d(2021, 4, 2), "Abandon", cma()).unwrap();
        let b = devis(&mut l, "b", Fiche::CircuitsCourts, d(2021, 1, 10));
        l.engage(&b, d(2021, 1, 11), ccst()).unwrap();
        l.record_service_done(&b, d(2021, 11, 30), cma()).unwrap();
        l.record_invoice(&b, "F", d(2022, 1, 15), Euros::whole(450), "Partiel", cma())
            .unwrap();
        l.record_payment(&b, d(2022, 2, 10), ccst()).unwrap();
        assert_eq!(
            crate::test_support::table_vs_dashboard(&l),
            Vec::<String>::new()
        );
        let t = l.monthly_table();
        assert_eq!(t.totals.prescribed, [0, 0, 2]);
        assert_eq!(t.totals.released, [0, 0, 1]);
        let last = t.rows.last().unwrap();
        assert_eq!(
            (last.year, last.month),
            (2022, 2),
            "rows extend past the end to cover records"
        );
        let april = t
            .rows
            .iter()
            .find(|r| r.year == 2021 && r.month == 4)
            .unwrap();
        assert_eq!(april.engaged, Euros::whole(-600));
    }
}

#[test]
fn a_convention_holds_at_most_the_stated_number_of_actions() {
    use super::ledger::MAX_RECORDS_PER_CONVENTION;
    let mut l = ledger();
    for i in 0..MAX_RECORDS_PER_CONVENTION {
        l.create_action(
            ActionId(format!("a{i}")),
            &co(),
            Fiche::Relance,
            d(2021, 1, 4),
            "B",
            cma(),
        )
        .unwrap();
    }
    assert_eq!(
        l.actions().len(),
        MAX_RECORDS_PER_CONVENTION,
        "the limit itself is accepted"
    );
    let err = l
        .create_action(
            ActionId("one-more".into()),
            &co(),
            Fiche::Relance,
            d(2021, 1, 4),
            "B",
            cma(),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Cette convention a atteint le nombre maximal d'enregistrements (20000)."
    );
}

#[test]
fn long_texts_are_accepted_at_the_limit_and_refused_past_it() {
    use super::action::{MAX_LONG_TEXT_CHARS, MAX_SHORT_TEXT_CHARS};
    let mut l = ledger();
    let at_limit = "é".repeat(MAX_LONG_TEXT_CHARS);
    let past = "é".repeat(MAX_LONG_TEXT_CHARS + 1);
    let id = ActionId("a".into());
    assert!(matches!(
        l.create_action(
            id.clone(),
            &co(),
            Fiche::Relance,
            d(2021, 1, 4),
            &past,
            cma()
        ),
        Err(DomainError::TooLong {
            field: "besoin identifié",
            ..
        })
    ));
    l.create_action(
        id.clone(),
        &co(),
        Fiche::Relance,
        d(2021, 1, 4),
        &at_limit,
        cma(),
    )
    .unwrap();
    assert!(l.send_devis(&id, d(2021, 1, 5), &past, cma()).is_err());
    l.send_devis(&id, d(2021, 1, 5), &at_limit, cma()).unwrap();
    assert!(l.set_note(&id, &past, true, cma()).is_err());
    l.set_note(&id, &at_limit, true, cma()).unwrap();
    let reason_past = "x".repeat(MAX_SHORT_TEXT_CHARS + 1);
    assert!(matches!(
        l.refuse(&id, d(2021, 1, 6), &reason_past, ccst()),
        Err(DomainError::TooLong {
            field: "raison",
            max: 500
        })
    ));
    l.refuse(
        &id,
        d(2021, 1, 6),
        &"x".repeat(MAX_SHORT_TEXT_CHARS),
        ccst(),
    )
    .unwrap();
}
