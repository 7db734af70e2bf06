//! Who does what: for every step of an action, a company record and a request, the ledger accepts
//! the side that owns the step and refuses the other with a French reason, changing nothing.

use chrono::NaiveDate;

use super::action::{ActionId, Status, Step};
use super::company::{Company, CompanyForm, CompanyId};
use super::convention::{Convention, Fiche, Side};
use super::error::DomainError;
use super::follow_up::Outcome;
use super::ledger::Ledger;
use super::lifecycle::{self, CompanyStep, Owned, Owner, RequestStep};
use super::money::Euros;
use super::request::{NamedCompany, RequestId, RequestedCompany};
use crate::test_support::{self, company_form, stamp};

/// A day of 2021.
fn d(m: u32, day: u32) -> NaiveDate {
    test_support::d(2021, m, day)
}

fn form(name: &str) -> CompanyForm {
    company_form(name, "Delle")
}

/// A ledger with one company and one action brought to `status` by the right sides.
fn at_status(status: Status) -> Ledger {
    let mut l = Ledger::new(Convention::seed());
    let cma = stamp(Side::Chamber);
    let ccst = stamp(Side::Payer);
    let c =
        Company::from_form(CompanyId("e1".into()), &form("Boulangerie"), l.convention()).unwrap();
    l.add_company(c, cma.clone()).unwrap();
    let a = ActionId("a1".into());
    l.create_action(
        a.clone(),
        &CompanyId("e1".into()),
        Fiche::Digital,
        d(2, 1),
        "Besoin",
        cma.clone(),
    )
    .unwrap();
    let chain = [
        Status::DevisSent,
        Status::Engaged,
        Status::ServiceDone,
        Status::Invoiced,
        Status::Paid,
    ];
    for next in chain.into_iter().take_while(|s| *s <= status) {
        match next {
            Status::DevisSent => l.send_devis(&a, d(2, 2), "Programme", cma.clone()),
            Status::Engaged => l.engage(&a, d(2, 3), ccst.clone()),
            Status::ServiceDone => l.record_service_done(&a, d(2, 4), cma.clone()),
            Status::Invoiced => {
                l.record_invoice(&a, "F1", d(2, 5), Euros::whole(1200), "", cma.clone())
            }
            _ => l.record_payment(&a, d(2, 6), ccst.clone()),
        }
        .unwrap();
    }
    l
}

/// Takes `step` on the action of [`at_status`] as someone of `side`.
fn take(l: &mut Ledger, step: Step, side: Side) -> Result<(), DomainError> {
    let s = stamp(side);
    let a = ActionId("a1".into());
    match step {
        Step::Created => l.create_action(
            ActionId("a2".into()),
            &CompanyId("e1".into()),
            Fiche::Relance,
            d(2, 1),
            "Autre besoin",
            s,
        ),
        Step::DevisSent => l.send_devis(&a, d(2, 2), "Programme", s),
        Step::Engaged => l.engage(&a, d(2, 3), s),
        Step::Refused => l.refuse(&a, d(2, 3), "Hors champ", s),
        Step::Cancelled => l.cancel(&a, d(2, 3), "Abandon", s),
        Step::ServiceDone => l.record_service_done(&a, d(2, 4), s),
        Step::Invoiced => l.record_invoice(&a, "F1", d(2, 5), Euros::whole(1200), "", s),
        Step::Paid => l.record_payment(&a, d(2, 6), s),
        Step::NoteChanged => l.set_note(&a, "Note", true, s),
        Step::FollowedUp => l.add_follow_up(&a, d(2, 7), &[Outcome::DigitalPlan], "", s),
        Step::Requested => l.request_intervention(
            RequestId("r1".into()),
            RequestedCompany::Known(CompanyId("e1".into())),
            Fiche::Relance,
            "Accompagner",
            d(2, 1),
            s,
        ),
    }
}

/// The status from which `step` may be taken (the first its rule allows).
fn status_for(step: Step) -> Status {
    if step == Step::FollowedUp {
        // Outside the chain, once the service is done.
        return Status::ServiceDone;
    }
    step.rule()
        .from
        .first()
        .copied()
        .unwrap_or(Status::NeedIdentified)
}

#[test]
fn every_step_of_an_action_is_taken_by_its_owner_and_refused_to_the_other_side() {
    for step in Step::ALL {
        for side in [Side::Chamber, Side::Payer] {
            let mut l = at_status(status_for(step));
            let before = l.clone();
            let result = take(&mut l, step, side);
            match step.owner() {
                Owner::Only(owner) if owner != side => {
                    let err = result.unwrap_err();
                    assert_eq!(
                        err.to_string(),
                        format!(
                            "« {} » revient à {}, pas à {}.",
                            step.event_label(),
                            l.convention().party(owner).short_name,
                            l.convention().party(side).short_name
                        ),
                        "{step:?} by {side:?}"
                    );
                    assert_eq!(l, before, "{step:?} by {side:?}: nothing changed");
                }
                _ => assert_eq!(result, Ok(()), "{step:?} by {side:?}"),
            }
        }
    }
}

#[test]
fn the_table_gives_each_step_the_side_the_convention_names() {
    use Side::*;
    let expected = [
        (Step::Created, Owner::Only(Chamber)),
        (Step::DevisSent, Owner::Only(Chamber)),
        (Step::Engaged, Owner::Only(Payer)),
        (Step::Refused, Owner::Only(Payer)),
        (Step::ServiceDone, Owner::Only(Chamber)),
        (Step::Invoiced, Owner::Only(Chamber)),
        (Step::Paid, Owner::Only(Payer)),
        (Step::NoteChanged, Owner::Only(Chamber)),
        (Step::Requested, Owner::Only(Payer)),
        (Step::Cancelled, Owner::Either),
    ];
    for (step, owner) in expected {
        assert_eq!(step.owner(), owner, "{step:?}");
    }
    assert_eq!(CompanyStep::Created.owner(), Owner::Only(Chamber));
    assert_eq!(CompanyStep::Updated.owner(), Owner::Only(Chamber));
    assert_eq!(RequestStep::Requested.owner(), Owner::Only(Payer));
    assert_eq!(RequestStep::Accepted.owner(), Owner::Only(Chamber));
    assert_eq!(RequestStep::Declined.owner(), Owner::Only(Chamber));
}

#[test]
fn company_records_are_the_chambers() {
    let mut l = Ledger::new(Convention::seed());
    let c = Company::from_form(CompanyId("e1".into()), &form("Garage"), l.convention()).unwrap();
    assert_eq!(
        l.add_company(c.clone(), stamp(Side::Payer))
            .unwrap_err()
            .to_string(),
        "« Entreprise créée » revient à CMA BFC, pas à CCST."
    );
    assert!(l.companies().is_empty());
    l.add_company(c.clone(), stamp(Side::Chamber)).unwrap();
    let mut changed = c;
    changed.staff = 5;
    assert!(
        l.update_company(changed.clone(), stamp(Side::Payer))
            .is_err()
    );
    l.update_company(changed, stamp(Side::Chamber)).unwrap();
}

/// A ledger with a company and the payer's request `r1` for a named company.
fn with_request() -> Ledger {
    let mut l = at_status(Status::NeedIdentified);
    let named = NamedCompany::check(
        "Garage Dupont",
        "44306184100047",
        "beaucourt",
        "",
        l.convention(),
    )
    .unwrap();
    assert_eq!(named.commune, "Beaucourt", "the convention's spelling");
    l.request_intervention(
        RequestId("r1".into()),
        RequestedCompany::Named(named),
        Fiche::Relance,
        "Difficultés de trésorerie",
        d(3, 1),
        stamp(Side::Payer),
    )
    .unwrap();
    l
}

#[test]
fn the_payer_asks_and_the_chamber_takes_the_request_up() {
    let mut l = with_request();
    assert_eq!(l.waiting_requests().count(), 1);
    let company = Company::from_form(
        CompanyId("e2".into()),
        &CompanyForm {
            siret: "44306184100047".into(),
            ..crate::test_support::company_form("Garage Dupont", "Beaucourt")
        },
        l.convention(),
    )
    .unwrap();
    let before = l.clone();
    let refused = l.accept_request(
        &RequestId("r1".into()),
        ActionId("a9".into()),
        Some(company.clone()),
        d(3, 2),
        "Difficultés",
        stamp(Side::Payer),
    );
    assert_eq!(
        refused.unwrap_err().to_string(),
        "« Demande prise en charge » revient à CMA BFC, pas à CCST."
    );
    assert_eq!(l, before);
    l.accept_request(
        &RequestId("r1".into()),
        ActionId("a9".into()),
        Some(company),
        d(3, 2),
        "Difficultés",
        stamp(Side::Chamber),
    )
    .unwrap();
    assert_eq!(l.waiting_requests().count(), 0);
    let action = &l.actions()[&ActionId("a9".into())];
    assert_eq!(action.status(), Status::NeedIdentified);
    assert_eq!(action.request(), Some(&RequestId("r1".into())));
    let kinds: Vec<Step> = action.record().history.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [Step::Requested, Step::Created],
        "the request stays in its history"
    );
    assert_eq!(action.record().history[0].stamp.actor.side, Side::Payer);
    assert_eq!(
        l.companies()[&CompanyId("e2".into())].history[0]
            .stamp
            .actor
            .side,
        Side::Chamber
    );
    // Answered once.
    assert_eq!(
        l.decline_request(
            &RequestId("r1".into()),
            d(3, 3),
            "Non",
            stamp(Side::Chamber)
        ),
        Err(DomainError::RequestAnswered)
    );
}

#[test]
fn a_request_declined_keeps_its_reason_and_a_failed_answer_changes_nothing() {
    let mut l = with_request();
    let before = l.clone();
    assert_eq!(
        l.decline_request(&RequestId("r1".into()), d(3, 2), " ", stamp(Side::Chamber)),
        Err(DomainError::ReasonRequired)
    );
    // A new company without its record: refused, and nothing of the answer kept.
    assert_eq!(
        l.accept_request(
            &RequestId("r1".into()),
            ActionId("a9".into()),
            None,
            d(3, 2),
            "B",
            stamp(Side::Chamber)
        ),
        Err(DomainError::Required("entreprise"))
    );
    assert!(matches!(
        l.decline_request(
            &RequestId("r1".into()),
            d(2, 28),
            "Avant",
            stamp(Side::Chamber)
        ),
        Err(DomainError::BeforePreviousStep { .. })
    ));
    assert_eq!(l, before);
    l.decline_request(
        &RequestId("r1".into()),
        d(3, 2),
        "Hors du champ de la fiche 1",
        stamp(Side::Chamber),
    )
    .unwrap();
    let r = &l.requests()[&RequestId("r1".into())];
    assert!(!r.is_waiting());
    assert_eq!(
        r.record().answer,
        Some(super::request::Answer::Declined {
            on: d(3, 2),
            reason: "Hors du champ de la fiche 1".into()
        })
    );
}

#[test]
fn a_request_outside_the_territory_or_the_period_is_refused() {
    let l = Ledger::new(Convention::seed());
    assert!(matches!(
        NamedCompany::check("Garage", "44306184100047", "Belfort", "", l.convention()),
        Err(DomainError::CommuneOutside { .. })
    ));
    assert_eq!(
        NamedCompany::check("Garage", "44306184100048", "Delle", "", l.convention()),
        Err(DomainError::SiretChecksum)
    );
    let mut l = with_request();
    assert!(matches!(
        l.request_intervention(
            RequestId("r2".into()),
            RequestedCompany::Known(CompanyId("e1".into())),
            Fiche::Digital,
            "Site",
            NaiveDate::from_ymd_opt(2022, 1, 3).unwrap(),
            stamp(Side::Payer),
        ),
        Err(DomainError::OutsidePeriod { .. })
    ));
    assert!(matches!(
        l.request_intervention(
            RequestId("r2".into()),
            RequestedCompany::Known(CompanyId("inconnue".into())),
            Fiche::Digital,
            "Site",
            d(3, 3),
            stamp(Side::Payer),
        ),
        Err(DomainError::UnknownCompany(_))
    ));
}

#[test]
fn the_letter_is_for_engaged_actions_only_and_dated_from_the_engagement() {
    for status in Status::ALL {
        let l = match status {
            Status::Refused => {
                let mut l = at_status(Status::DevisSent);
                l.refuse(&ActionId("a1".into()), d(2, 3), "Non", stamp(Side::Payer))
                    .unwrap();
                l
            }
            Status::Cancelled => {
                let mut l = at_status(Status::Engaged);
                l.cancel(&ActionId("a1".into()), d(2, 9), "Non", stamp(Side::Chamber))
                    .unwrap();
                l
            }
            other => at_status(other),
        };
        let a = &l.actions()[&ActionId("a1".into())];
        assert_eq!(a.status(), status);
        let letter = a.beneficiary_letter(Side::Chamber);
        // The chamber's letter (art. 2.3): never offered to the payer.
        assert_eq!(a.beneficiary_letter(Side::Payer), None);
        if status.holds_funds() {
            assert_eq!(letter, Some((d(2, 3), Euros::whole(1200))), "{status:?}");
        } else {
            assert_eq!(letter, None, "{status:?}");
        }
    }
}

#[test]
fn each_side_is_offered_exactly_the_steps_the_ledger_lets_it_take() {
    for status in [
        Status::NeedIdentified,
        Status::DevisSent,
        Status::Engaged,
        Status::ServiceDone,
        Status::Invoiced,
    ] {
        for side in [Side::Chamber, Side::Payer] {
            for step in lifecycle::next_steps(status) {
                let mut l = at_status(status);
                let offered = lifecycle::gestures(status, side).any(|s| s == step);
                assert_eq!(
                    take(&mut l, step, side).is_ok(),
                    offered,
                    "{step:?} from {status:?} by {side:?}"
                );
            }
        }
    }
}

#[test]
fn a_devis_is_numbered_once_sent() {
    let l = at_status(Status::NeedIdentified);
    assert_eq!(l.actions()[&ActionId("a1".into())].devis_number(), None);
    let l = at_status(Status::DevisSent);
    assert_eq!(
        l.actions()[&ActionId("a1".into())]
            .devis_number()
            .as_deref(),
        Some("D-2021-MD-001"),
        "Marie Dupont's first devis of 2021"
    );
}

#[test]
fn devis_are_numbered_in_each_advisers_series_and_a_number_given_twice_is_found() {
    use super::audit::{Actor, Stamp};
    let mut l = Ledger::new(Convention::seed());
    let company =
        test_support::add_company(&mut l, "c1", &form("Ébénisterie Roy"), stamp(Side::Chamber));
    let by = |name: &str, day| Stamp {
        actor: Actor {
            side: Side::Chamber,
            name: name.into(),
        },
        at: d(2, day).and_hms_opt(10, 0, 0).unwrap(),
    };
    let send = |l: &mut Ledger, id: &str, name: &str, day| {
        let id = ActionId(id.into());
        l.create_action(
            id.clone(),
            &company,
            Fiche::Relance,
            d(2, day),
            "besoin",
            by(name, day),
        )
        .unwrap();
        l.send_devis(&id, d(2, day), "programme", by(name, day))
            .unwrap();
        l.actions()[&id].devis_number().unwrap()
    };
    assert_eq!(send(&mut l, "a1", "Marie Dupont", 1), "D-2021-MD-001");
    assert_eq!(send(&mut l, "a2", "Marie Dupont", 2), "D-2021-MD-002");
    // Another adviser with the same initials: a series of their own.
    assert_eq!(send(&mut l, "a3", "Marc Durand", 3), "D-2021-MD2-001");
    assert_eq!(send(&mut l, "a4", "Paul Roy", 4), "D-2021-PR-001");
    assert!(
        l.devis_number_shared_with(&ActionId("a1".into()))
            .is_empty()
    );
    // Marie on her tablet, which has not received her laptop's last file.
    let mut tablet = l.clone();
    assert_eq!(send(&mut l, "a5", "Marie Dupont", 5), "D-2021-MD-003");
    assert_eq!(send(&mut tablet, "a6", "Marie Dupont", 5), "D-2021-MD-003");
    l.put_action(tablet.actions()[&ActionId("a6".into())].clone());
    let shared: Vec<_> = l
        .devis_number_shared_with(&ActionId("a5".into()))
        .into_iter()
        .map(|a| a.id().0.clone())
        .collect();
    assert_eq!(shared, ["a6"]);
    // The next devis continues after both.
    assert_eq!(send(&mut l, "a7", "Marie Dupont", 6), "D-2021-MD-004");
}

#[test]
fn an_engaged_action_whose_company_was_not_informed_is_an_alert_until_it_is() {
    use super::envelope::Alert;
    let today = NaiveDate::from_ymd_opt(2021, 3, 1).unwrap();
    let informed = |l: &Ledger| {
        !l.alerts(today)
            .iter()
            .any(|a| matches!(a, Alert::BeneficiariesNotInformed { .. }))
    };
    // Not engaged yet: nothing to tell.
    assert!(informed(&at_status(Status::DevisSent)));
    let mut l = at_status(Status::Engaged);
    let alert = l
        .alerts(today)
        .into_iter()
        .find(|a| matches!(a, Alert::BeneficiariesNotInformed { .. }))
        .unwrap();
    assert_eq!(
        alert.message_for(Some(Side::Chamber)),
        "1 action(s) engagée(s) dont l'entreprise n'est pas encore informée de la prise en charge par CCST (art. 2.3) : la lettre au bénéficiaire permet de le faire et de le noter."
    );
    // The payer is not asked to do the chamber's task: it reads the fact.
    assert_eq!(
        alert.message_for(Some(Side::Payer)),
        "Pour information : 1 action(s) engagée(s) dont l'entreprise n'est pas encore informée de la prise en charge par CCST ; CMA BFC l'en informe (art. 2.3), rien à faire de votre côté."
    );
    assert!(l.beneficiary_not_informed(&l.actions()[&ActionId("a1".into())]));
    // The payer does not write the chamber's company records.
    let e1 = CompanyId("e1".into());
    assert!(matches!(
        l.record_company_informed(&e1, d(2, 4), stamp(Side::Payer)),
        Err(DomainError::NotYourStep { .. })
    ));
    let noted_on = |day| test_support::stamp_on(Side::Chamber, d(2, day));
    l.record_company_informed(&e1, d(2, 4), noted_on(4))
        .unwrap();
    assert_eq!(l.companies()[&e1].informed_on, Some(d(2, 4)));
    assert_eq!(
        l.companies()[&e1].history.last().map(|e| e.kind),
        Some(CompanyStep::Updated)
    );
    assert!(informed(&l));
}

/// A SIRET identifies one establishment: the company holding it is found, whatever spaces were
/// typed, except the one being edited.
#[test]
fn a_known_siret_names_its_company() {
    use super::siret::Siret;
    let l = at_status(Status::DevisSent);
    let e1 = CompanyId("e1".into());
    let typed = Siret::parse("732 829 320 00074").unwrap();
    assert_eq!(
        l.company_with_siret(&typed, None).map(|c| c.name.as_str()),
        Some("Boulangerie")
    );
    assert!(l.company_with_siret(&typed, Some(&e1)).is_none());
    let other = Siret::parse("55208131766522").unwrap();
    assert!(l.company_with_siret(&other, None).is_none());
}

/// An action of the same fiche under way for the company is found, until it is paid, refused or
/// cancelled.
#[test]
fn an_action_under_way_of_the_same_fiche_is_found() {
    let e1 = CompanyId("e1".into());
    let l = at_status(Status::DevisSent);
    assert_eq!(
        l.action_under_way(&e1, Fiche::Digital)
            .map(|a| a.id().0.as_str()),
        Some("a1")
    );
    assert!(l.action_under_way(&e1, Fiche::Relance).is_none());
    assert!(
        at_status(Status::Paid)
            .action_under_way(&e1, Fiche::Digital)
            .is_none()
    );
    let mut refused = l.clone();
    refused
        .refuse(
            &ActionId("a1".into()),
            d(2, 3),
            "Hors champ",
            stamp(Side::Payer),
        )
        .unwrap();
    assert!(refused.action_under_way(&e1, Fiche::Digital).is_none());
}

/// Art. 2.3: the company learns from the letter, sent once an action is engaged, that the payer
/// finances it. The date it was told is never before that engagement, nor after the day it is
/// noted; and an edit of the company's record keeps it.
#[test]
fn the_informed_date_follows_the_engagement_and_is_never_in_the_future() {
    let e1 = CompanyId("e1".into());
    let noted_on = |day| test_support::stamp_on(Side::Chamber, d(2, day));

    let mut l = at_status(Status::DevisSent);
    let before = l.clone();
    let err = l
        .record_company_informed(&e1, d(2, 2), noted_on(2))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Aucune action de « Boulangerie » n'est engagée : il n'y a pas encore de prise en charge à lui annoncer (art. 2.3)."
    );
    assert_eq!(l, before);

    // Engaged on 03/02/2021.
    let mut l = at_status(Status::Engaged);
    let before = l.clone();
    let err = l
        .record_company_informed(&e1, d(2, 2), noted_on(5))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "L'entreprise ne peut pas avoir été informée le 02/02/2021 : la prise en charge n'a été engagée que le 03/02/2021 (art. 2.3)."
    );
    let err = l
        .record_company_informed(&e1, d(2, 6), noted_on(5))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Le 06/02/2021 est dans le futur : indiquez la date à laquelle c'est arrivé."
    );
    assert_eq!(l, before);

    // The day of the engagement, noted the same day: taken.
    l.record_company_informed(&e1, d(2, 3), noted_on(3))
        .unwrap();
    assert_eq!(l.companies()[&e1].informed_on, Some(d(2, 3)));

    // Editing the record keeps the date: the form does not carry it.
    let mut edited = l.companies()[&e1].clone();
    edited.activity = "Boulangerie-pâtisserie".into();
    edited.informed_on = None;
    l.update_company(edited, noted_on(6)).unwrap();
    assert_eq!(l.companies()[&e1].informed_on, Some(d(2, 3)));
    assert_eq!(l.companies()[&e1].activity, "Boulangerie-pâtisserie");
}

mod issued_tables {
    //! The monthly table issued each month (art. 3.4).
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 3, 10).unwrap()
    }

    #[test]
    fn a_complete_month_is_issued_once_and_late_records_never_change_it() {
        let mut l = at_status(Status::DevisSent);
        // March is not complete on 10/03/2021; February is.
        assert!(matches!(
            l.issue_month(2021, 3, today(), stamp(Side::Chamber)),
            Err(DomainError::MonthNotIssuable(_))
        ));
        // The first month not issued is the one to issue: the signature's (11/2020).
        assert_eq!(l.month_to_issue(today()), Some((2020, 11)));
        l.issue_month(2021, 2, today(), stamp(Side::Payer)).unwrap();
        assert_eq!(l.month_to_issue(today()), Some((2020, 11)));
        for (y, m) in [(2020, 11), (2020, 12), (2021, 1)] {
            l.issue_month(y, m, today(), stamp(Side::Chamber)).unwrap();
        }
        assert_eq!(
            l.month_to_issue(today()),
            None,
            "every complete month issued"
        );
        assert_eq!(
            l.issue_month(2021, 2, today(), stamp(Side::Chamber)),
            Err(DomainError::MonthIssued("02/2021".into()))
        );
        let issued = l.issued_tables()["2021-02"].clone();
        assert!(issued.is_consistent());
        assert_eq!(issued.table.totals.engaged, Euros::ZERO);
        let csv_before = crate::export::csv::issued_table(&l, &issued);
        // A late engagement dated in February.
        l.engage(&ActionId("a1".into()), d(2, 3), stamp(Side::Payer))
            .unwrap();
        let after = &l.issued_tables()["2021-02"];
        assert_eq!(after, &issued, "the issued table is kept as it was");
        assert_eq!(crate::export::csv::issued_table(&l, after), csv_before);
        assert_eq!(
            after.differences(&l.monthly_table()),
            [
                "02/2021 : engagé 0,00\u{a0}€ au tableau arrêté, 1\u{a0}200,00\u{a0}€ aujourd'hui ; fiche 2 : 0 intervention(s) prescrites au tableau arrêté, 1 aujourd'hui."
            ]
        );
    }

    #[test]
    fn an_issued_table_equals_the_live_table_up_to_its_month() {
        let l = at_status(Status::Paid);
        let live = l.monthly_table();
        let up_to = live.up_to(2021, 2);
        assert_eq!(
            up_to.rows.last().map(|r| (r.year, r.month)),
            Some((2021, 2))
        );
        assert_eq!(up_to.totals.engaged, l.figures().engaged);
        assert_eq!(up_to.totals.paid, l.figures().paid);
        assert_eq!(up_to.totals.available, l.figures().available);
    }

    #[test]
    fn once_the_convention_has_ended_its_months_are_issued_in_order_up_to_its_last() {
        let mut l = at_status(Status::NeedIdentified);
        let later = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            l.month_to_issue(later),
            Some((2020, 11)),
            "the first one first"
        );
        let mut issued = 0;
        while let Some((y, m)) = l.month_to_issue(later) {
            if (y, m) == (2021, 12) {
                break;
            }
            l.issue_month(y, m, later, stamp(Side::Payer)).unwrap();
            issued += 1;
        }
        assert_eq!(issued, 13, "11/2020 to 11/2021");
        assert_eq!(l.month_to_issue(later), Some((2021, 12)));
        assert!(l.alerts(later).iter().any(|a| {
            a.message()
                .starts_with("Le tableau de suivi de 12/2021 n'est pas encore arrêté (art. 3.4")
        }));
    }
}
