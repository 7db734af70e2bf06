//! Who does what, across machines: nothing a side is offered can produce a file the other side
//! refuses, between two chamber advisers and a payer's agent, in any order, on the seed convention
//! and on another; requests travel and merge like actions; a convention travels with its file;
//! data stored by version 1 exports a file the chamber imports.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::merge::plan;
use super::{Reading, read, write};
use crate::domain::action::{ActionId, Step};
use crate::domain::amendment::{AmendmentId, Changes};
use crate::domain::audit::{Actor, Stamp};
use crate::domain::company::{Company, CompanyForm, CompanyId};
use crate::domain::convention::{Convention, ConventionId, Fiche, Side};
use crate::domain::diffusion_request::{DiffusionId, DiffusionStep};
use crate::domain::journal::{Channel, EntryBody, JournalStep, Promotion};
use crate::domain::ledger::Ledger;
use crate::domain::lifecycle::{CompanyStep, Owned, RequestStep};
use crate::domain::money::Euros;
use crate::domain::request::{Answer, NamedCompany, RequestId, RequestedCompany};
use crate::storage::format::StoredLedger;

/// Someone at one of the three machines.
fn actor(who: usize) -> Actor {
    match who {
        0 => Actor {
            side: Side::Chamber,
            name: "Marie (CMA)".into(),
        },
        1 => Actor {
            side: Side::Chamber,
            name: "Luc (CMA)".into(),
        },
        _ => Actor {
            side: Side::Payer,
            name: "Paul (CCST)".into(),
        },
    }
}

/// Another convention of the Pacte: another payer, envelope, prices and communes.
fn other_convention() -> Convention {
    let mut t = Convention::seed().terms().clone();
    t.id = ConventionId("c-ccvs-2021".into());
    t.title = "Pacte régional – CC des Vosges du Sud".into();
    t.payer.name = "Communauté de Communes des Vosges du Sud".into();
    t.payer.short_name = "CCVS".into();
    t.envelope = Euros::whole(3000);
    t.prices.digital = Euros::whole(900);
    t.communes = vec!["Giromagny".into(), "Rougemont-le-Château".into()];
    Convention::new(t).unwrap()
}

/// Imports `file` into `into`, keeping this machine's version of every conflict; the reading must
/// find no problem.
fn import(into: &Ledger, file: &str) -> Ledger {
    let (checked, base) = read(file.as_bytes(), |id| {
        (id == into.convention().id()).then_some(into)
    })
    .unwrap_or_else(|p| panic!("file refused: {p:#?}"));
    plan(base, &checked.file.content, &BTreeMap::new()).result
}

/// One gesture a user may make, chosen by numbers the property test draws.
#[derive(Clone, Debug)]
enum Gesture {
    /// Someone (0, 1: chamber; 2: payer) takes the `n`-th gesture their screen offers.
    Act { who: usize, n: usize },
    /// Machine `from` sends its file to machine `to`.
    Send { from: usize, to: usize },
}

fn gesture() -> impl Strategy<Value = Gesture> {
    prop_oneof![
        3 => (0..3usize, 0..64usize).prop_map(|(who, n)| Gesture::Act { who, n }),
        1 => (0..3usize, 0..3usize).prop_map(|(from, to)| Gesture::Send { from, to }),
    ]
}

/// A change a user may make on a ledger, stamped.
type Change = Box<dyn Fn(&mut Ledger, Stamp)>;

/// Every gesture the screen offers someone of `side` on `l`, as a change to make on `day`. The
/// lists mirror the components: companies tab (new company, new action, request), actions tab
/// (the domain's `gestures`), the note, the requests list.
fn offered(l: &Ledger, side: Side, day: NaiveDate, tag: &str) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    let commune = l.convention().terms().communes[0].clone();
    let new_form = move |name: &str| CompanyForm {
        name: name.into(),
        siret: "73282932000074".into(),
        commune: commune.clone(),
        staff: "2".into(),
        activity: "Artisanat".into(),
        address: String::new(),
    };
    if CompanyStep::Created.owner().allows(side) {
        let (tag, f) = (tag.to_string(), new_form.clone());
        out.push(Box::new(move |l, s| {
            if let Ok(c) = Company::from_form(
                CompanyId(format!("e-{tag}")),
                &f("Entreprise"),
                l.convention(),
            ) {
                let _ = l.add_company(c, s);
            }
        }));
    }
    for c in l.companies().keys() {
        if Step::Created.owner().allows(side) {
            let (tag, c) = (tag.to_string(), c.clone());
            out.push(Box::new(move |l, s| {
                let _ = l.create_action(
                    ActionId(format!("a-{tag}")),
                    &c,
                    Fiche::Digital,
                    day,
                    "Besoin",
                    s,
                );
            }));
        }
        if RequestStep::Requested.owner().allows(side) {
            let (tag, c) = (tag.to_string(), c.clone());
            out.push(Box::new(move |l, s| {
                let _ = l.request_intervention(
                    RequestId(format!("d-{tag}")),
                    RequestedCompany::Known(c.clone()),
                    Fiche::Relance,
                    "Accompagner",
                    day,
                    s,
                );
            }));
        }
    }
    if RequestStep::Requested.owner().allows(side) {
        let tag = tag.to_string();
        out.push(Box::new(move |l, s| {
            let commune = l.convention().terms().communes[0].clone();
            if let Ok(named) =
                NamedCompany::check("Nouvelle", "44306184100047", &commune, "", l.convention())
            {
                let _ = l.request_intervention(
                    RequestId(format!("d-{tag}")),
                    RequestedCompany::Named(named),
                    Fiche::CircuitsCourts,
                    "Mise en réseau",
                    day,
                    s,
                );
            }
        }));
    }
    for r in l.waiting_requests() {
        if RequestStep::Accepted.owner().allows(side) {
            let (tag, id, f) = (tag.to_string(), r.id().clone(), new_form.clone());
            let named = matches!(r.record().company, RequestedCompany::Named(_));
            out.push(Box::new(move |l, s| {
                let company = named
                    .then(|| {
                        Company::from_form(
                            CompanyId(format!("e-{tag}")),
                            &f("Nouvelle"),
                            l.convention(),
                        )
                        .ok()
                    })
                    .flatten();
                let _ =
                    l.accept_request(&id, ActionId(format!("a-{tag}")), company, day, "Besoin", s);
            }));
            let id = r.id().clone();
            out.push(Box::new(move |l, s| {
                let _ = l.decline_request(&id, day, "Hors champ", s);
            }));
        }
    }
    for a in l.actions().values() {
        for step in a.gestures(side) {
            let id = a.id().clone();
            out.push(Box::new(move |l, s| {
                let _ = match step {
                    Step::DevisSent => l.send_devis(&id, day, "Programme", s),
                    Step::Engaged => l.engage(&id, day, s),
                    Step::Refused => l.refuse(&id, day, "Non", s),
                    Step::Cancelled => l.cancel(&id, day, "Abandon", s),
                    Step::ServiceDone => l.record_service_done(&id, day, s),
                    Step::Invoiced => {
                        let amount = l.actions()[&id].devis_amount().unwrap_or(Euros::ZERO);
                        l.record_invoice(&id, "F", day, amount, "", s)
                    }
                    Step::Paid => l.record_payment(&id, day, s),
                    Step::Created | Step::NoteChanged | Step::Requested | Step::FollowedUp => {
                        Ok(())
                    }
                };
            }));
        }
        if Step::NoteChanged.owner().allows(side) {
            let id = a.id().clone();
            out.push(Box::new(move |l, s| {
                let _ = l.set_note(&id, "Note", false, s);
            }));
        }
        if Step::FollowedUp.owner().allows(side) && a.record().done_on.is_some() {
            let id = a.id().clone();
            let outcome = crate::domain::follow_up::Outcome::of(a.fiche()).next();
            out.push(Box::new(move |l, s| {
                let _ = l.add_follow_up(&id, day, &Vec::from_iter(outcome), "Suite", s);
            }));
        }
    }
    // The records beside the actions: a meeting (either side), a promotion (the payer), an
    // amendment proposed or accepted, a diffusion request, its agreements, withdrawals, exports.
    {
        let tag = tag.to_string();
        out.push(Box::new(move |l, s| {
            let _ = l.record_entry(
                crate::domain::journal::EntryId(format!("j-{tag}")),
                crate::test_support::meeting(day, &[]),
                s,
            );
        }));
    }
    if JournalStep::PromotionRecorded.owner().allows(side) {
        let tag = tag.to_string();
        out.push(Box::new(move |l, s| {
            let _ = l.record_entry(
                crate::domain::journal::EntryId(format!("p-{tag}")),
                EntryBody::Promotion(Promotion {
                    on: day,
                    channel: Channel::Bulletin,
                    audience: String::new(),
                    text: "Bulletin".into(),
                }),
                s,
            );
        }));
    }
    let amendments = &l.convention().terms().amendments;
    if amendments.iter().all(|a| a.in_force()) {
        let tag = tag.to_string();
        let end = l.convention().ends_on() + Days::new(90);
        out.push(Box::new(move |l, s| {
            let _ = l.propose_amendment(
                AmendmentId(format!("av-{tag}")),
                Changes {
                    ends_on: Some(end),
                    ..Changes::default()
                },
                day,
                s,
            );
        }));
    }
    for a in amendments
        .iter()
        .filter(|a| !a.in_force() && a.accepting_side() == side)
    {
        let id = a.id.clone();
        out.push(Box::new(move |l, s| {
            let _ = l.accept_amendment(&id, day, s);
        }));
    }
    {
        let tag = tag.to_string();
        out.push(Box::new(move |l, s| {
            let _ = l.request_diffusion(
                DiffusionId(format!("dd-{tag}")),
                ["Région", "Notes", "Fonds"],
                day,
                s,
            );
        }));
    }
    for r in l.diffusion_requests().values() {
        let kind = if r.agreement(side).is_some() {
            DiffusionStep::Withdrawn
        } else {
            DiffusionStep::Agreed
        };
        for kind in [kind]
            .into_iter()
            .chain(r.authorized().then_some(DiffusionStep::Exported))
        {
            let id = r.id().clone();
            out.push(Box::new(move |l, s| {
                let _ = l.diffusion_step(&id, kind, day, s);
            }));
        }
    }
    out
}

/// Plays `gestures` on three machines of `convention`; every file sent is imported without a
/// problem. Returns the three ledgers.
fn play(convention: Convention, gestures: &[Gesture]) -> Vec<Ledger> {
    let mut ledgers = vec![Ledger::new(convention); 3];
    let start = ledgers[0].convention().terms().signed_on;
    for (i, g) in gestures.iter().enumerate() {
        let day = start + Days::new(1 + i as u64);
        let stamp = |who| Stamp {
            actor: actor(who),
            at: day.and_hms_opt(10, 0, 0).unwrap(),
        };
        match *g {
            Gesture::Act { who, n } => {
                let list = offered(&ledgers[who], actor(who).side, day, &format!("{who}-{i}"));
                if !list.is_empty() {
                    list[n % list.len()](&mut ledgers[who], stamp(who));
                }
            }
            Gesture::Send { from, to } if from != to => {
                let file = write(&ledgers[from], actor(from), stamp(from).at, true);
                ledgers[to] = import(&ledgers[to], &file);
            }
            Gesture::Send { .. } => {}
        }
    }
    ledgers
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_gesture_offered_to_a_side_produces_a_file_the_other_side_refuses(
        gestures in prop::collection::vec(gesture(), 1..60),
        other in any::<bool>(),
    ) {
        let convention = if other { other_convention() } else { Convention::seed() };
        play(convention, &gestures);
    }
}

/// The payer's request, from the payer's machine.
fn ccst_with_request() -> Ledger {
    let mut l = Ledger::new(Convention::seed());
    let named = NamedCompany::check(
        "Garage Dupont",
        "44306184100047",
        "Beaucourt",
        "",
        l.convention(),
    )
    .unwrap();
    l.request_intervention(
        RequestId("d-1".into()),
        RequestedCompany::Named(named),
        Fiche::Relance,
        "Difficultés de trésorerie",
        NaiveDate::from_ymd_opt(2021, 3, 1).unwrap(),
        Stamp {
            actor: actor(2),
            at: NaiveDate::from_ymd_opt(2021, 3, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        },
    )
    .unwrap();
    l
}

fn at(m: u32, d: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2021, m, d)
        .unwrap()
        .and_hms_opt(11, 0, 0)
        .unwrap()
}

#[test]
fn a_request_travels_is_answered_and_the_answer_travels_back() {
    let ccst = ccst_with_request();
    let file = write(&ccst, actor(2), at(3, 1), false);
    let mut cma = import(&Ledger::new(Convention::seed()), &file);
    assert_eq!(cma.waiting_requests().count(), 1);
    cma.decline_request(
        &RequestId("d-1".into()),
        NaiveDate::from_ymd_opt(2021, 3, 2).unwrap(),
        "Entreprise déjà accompagnée",
        Stamp {
            actor: actor(0),
            at: at(3, 2),
        },
    )
    .unwrap();
    let back = write(&cma, actor(0), at(3, 2), false);
    let ccst = import(&ccst, &back);
    let r = &ccst.requests()[&RequestId("d-1".into())];
    assert!(
        matches!(&r.record().answer, Some(Answer::Declined { reason, .. }) if reason == "Entreprise déjà accompagnée")
    );
    assert_eq!(ccst, cma, "both sides hold the same");
}

#[test]
fn requests_merge_in_any_order_and_twice_changes_nothing() {
    let ccst = ccst_with_request();
    let asked = write(&ccst, actor(2), at(3, 1), false);
    let mut cma = import(&Ledger::new(Convention::seed()), &asked);
    let company = Company::from_form(
        CompanyId("e-9".into()),
        &CompanyForm {
            siret: "44306184100047".into(),
            ..crate::test_support::company_form("Garage Dupont", "Beaucourt")
        },
        cma.convention(),
    )
    .unwrap();
    cma.accept_request(
        &RequestId("d-1".into()),
        ActionId("a-9".into()),
        Some(company),
        NaiveDate::from_ymd_opt(2021, 3, 3).unwrap(),
        "Difficultés de trésorerie",
        Stamp {
            actor: actor(0),
            at: at(3, 3),
        },
    )
    .unwrap();
    let answered = write(&cma, actor(0), at(3, 3), false);
    let empty = Ledger::new(Convention::seed());
    let one_way = import(&import(&empty, &asked), &answered);
    let other_way = import(&import(&empty, &answered), &asked);
    assert_eq!(one_way, other_way, "commutative");
    assert_eq!(import(&one_way, &answered), one_way, "idempotent");
    assert_eq!(
        import(&one_way, &asked),
        one_way,
        "an older file changes nothing"
    );
    let action = &one_way.actions()[&ActionId("a-9".into())];
    assert_eq!(action.request(), Some(&RequestId("d-1".into())));
}

#[test]
fn a_convention_created_in_the_app_travels_with_its_file_and_merges_with_itself() {
    let mut cma = Ledger::new(other_convention());
    let c = Company::from_form(
        CompanyId("e-1".into()),
        &CompanyForm {
            name: "Scierie Girard".into(),
            siret: "73282932000074".into(),
            commune: "giromagny".into(),
            staff: "4".into(),
            activity: "Scierie".into(),
            address: String::new(),
        },
        cma.convention(),
    )
    .unwrap();
    let s = |who, m, d| Stamp {
        actor: actor(who),
        at: at(m, d),
    };
    let day = |m, d| NaiveDate::from_ymd_opt(2021, m, d).unwrap();
    cma.add_company(c, s(0, 2, 1)).unwrap();
    cma.create_action(
        ActionId("a-1".into()),
        &CompanyId("e-1".into()),
        Fiche::Digital,
        day(2, 1),
        "Site",
        s(0, 2, 1),
    )
    .unwrap();
    cma.send_devis(&ActionId("a-1".into()), day(2, 2), "Programme", s(0, 2, 2))
        .unwrap();
    let file = write(&cma, actor(0), at(2, 2), false);
    // The CCVS has no such convention: the file offers it, with its id.
    let reading = Reading::start(file.as_bytes()).unwrap();
    let offered = reading.convention_offered().unwrap();
    assert_eq!(&offered, cma.convention());
    let mut ccvs = import(&Ledger::new(offered.clone()), &file);
    assert_eq!(ccvs, cma);
    assert_eq!(
        ccvs.actions()[&ActionId("a-1".into())].devis_amount(),
        Some(Euros::whole(900))
    );
    // Added again from a second file: the same convention, and nothing new.
    let again = Reading::start(write(&cma, actor(1), at(2, 3), false).as_bytes())
        .unwrap()
        .convention_offered()
        .unwrap();
    assert_eq!(again, offered);
    assert_eq!(import(&ccvs, &file), ccvs);
    // Both ways.
    ccvs.engage(&ActionId("a-1".into()), day(2, 5), s(2, 2, 5))
        .unwrap();
    let back = write(&ccvs, actor(2), at(2, 5), false);
    let cma = import(&cma, &back);
    assert!(
        cma.actions()[&ActionId("a-1".into())]
            .record()
            .engaged_on
            .is_some()
    );
    assert_eq!(cma.figures().engaged, Euros::whole(900));
}

#[test]
fn a_file_of_version_1_still_opens() {
    let v1 = include_str!("../../tests/fixtures/v1/echange-cma-vers-ccst.json");
    let ccst = import(&Ledger::new(Convention::seed()), v1);
    assert_eq!(ccst.actions().len(), 1);
    assert!(ccst.requests().is_empty());
}

/// A stored ledger and the files each side wrote from it, by an earlier version: every file opens
/// on either side with every record, and brings nothing new to the ledger that wrote it.
fn files_open_on_either_side(stored: &str, files: [&str; 2]) {
    let stored = StoredLedger::from_json(stored).unwrap().ledger;
    for file in files {
        let received = import(&Ledger::new(Convention::seed()), file);
        // Every action with its steps and follow-ups (the confidential note stays behind).
        let steps = |l: &Ledger| {
            l.actions()
                .values()
                .map(|a| {
                    (
                        a.status(),
                        a.record().history.clone(),
                        a.record().follow_ups.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(steps(&received), steps(&stored));
        assert_eq!(received.requests().len(), stored.requests().len());
        assert_eq!(received.issued_tables(), stored.issued_tables());
        assert_eq!(received.journal(), stored.journal());
        assert_eq!(received.diffusion_requests(), stored.diffusion_requests());
        assert_eq!(received.collaborations(), stored.collaborations());
        assert_eq!(received.figures(), stored.figures());
        assert_eq!(import(&stored, file), stored);
    }
}

#[test]
fn files_of_versions_2_to_5_still_open_on_either_side() {
    files_open_on_either_side(
        include_str!("../../tests/fixtures/v2/stored.json"),
        [
            include_str!("../../tests/fixtures/v2/echange-cma-vers-ccst.json"),
            include_str!("../../tests/fixtures/v2/echange-ccst-vers-cma.json"),
        ],
    );
    files_open_on_either_side(
        include_str!("../../tests/fixtures/v3/stored.json"),
        [
            include_str!("../../tests/fixtures/v3/echange-cma-vers-ccst.json"),
            include_str!("../../tests/fixtures/v3/echange-ccst-vers-cma.json"),
        ],
    );
    files_open_on_either_side(
        include_str!("../../tests/fixtures/v4/stored.json"),
        [
            include_str!("../../tests/fixtures/v4/echange-cma-vers-ccst.json"),
            include_str!("../../tests/fixtures/v4/echange-ccst-vers-cma.json"),
        ],
    );
    files_open_on_either_side(
        include_str!("../../tests/fixtures/v5/stored.json"),
        [
            include_str!("../../tests/fixtures/v5/echange-cma-vers-ccst.json"),
            include_str!("../../tests/fixtures/v5/echange-ccst-vers-cma.json"),
        ],
    );
    files_open_on_either_side(
        include_str!("../../tests/fixtures/v6/stored.json"),
        [
            include_str!("../../tests/fixtures/v6/echange-cma-vers-ccst.json"),
            include_str!("../../tests/fixtures/v6/echange-ccst-vers-cma.json"),
        ],
    );
    files_open_on_either_side(
        include_str!("../../tests/fixtures/v7/stored.json"),
        [
            include_str!("../../tests/fixtures/v7/echange-cma-vers-ccst.json"),
            include_str!("../../tests/fixtures/v7/echange-ccst-vers-cma.json"),
        ],
    );
}

#[test]
fn data_stored_by_version_1_exports_a_file_the_chamber_imports() {
    // The CMA's machine: what it had sent under version 1.
    let cma = import(
        &Ledger::new(Convention::seed()),
        include_str!("../../tests/fixtures/v1/echange-cma-vers-ccst.json"),
    );
    // The CCST's machine, with the chamber's records its agent had created or edited.
    let stored = StoredLedger::from_json(include_str!(
        "../../tests/fixtures/v1/stored-ccst-created.json"
    ))
    .unwrap();
    let ccst = stored.ledger;
    let left_out = super::left_out(&ccst);
    assert!(
        left_out
            .iter()
            .any(|l| l.contains("Boulangerie Martin") && l.contains("non transmise")),
        "{left_out:#?}"
    );
    let file = write(&ccst, actor(2), at(2, 9), false);
    let cma = import(&cma, &file);
    let request = &cma.requests()[&RequestId("dem-ac-ccst".into())];
    assert!(request.is_waiting(), "the CMA sees the CCST's request");
    assert!(
        cma.actions()[&ActionId("ac-cma".into())]
            .record()
            .engaged_on
            .is_some(),
        "and the CCST's engagement"
    );
    assert!(!cma.companies().contains_key(&CompanyId("co-ccst".into())));
}

#[test]
fn the_acknowledgment_of_receipt_of_a_termination_travels_and_moves_the_end() {
    let day = |m, d| NaiveDate::from_ymd_opt(2021, m, d).unwrap();
    let s = |who, m, d| Stamp {
        actor: actor(who),
        at: at(m, d),
    };
    let mut ccst = Ledger::new(Convention::seed());
    ccst.notify_termination(day(3, 15), "Engagements non tenus", s(2, 3, 15))
        .unwrap();
    let cma = import(
        &Ledger::new(Convention::seed()),
        &write(&ccst, actor(2), at(3, 15), false),
    );
    assert_eq!(cma.convention().termination_effective(), Some(day(6, 15)));
    ccst.record_termination_receipt(day(3, 22), s(2, 3, 22))
        .unwrap();
    let cma = import(&cma, &write(&ccst, actor(2), at(3, 22), false));
    assert_eq!(cma.convention().termination_effective(), Some(day(6, 22)));
    assert_eq!(cma, ccst);
}

#[test]
fn issued_tables_travel_and_are_never_rewritten() {
    let today = NaiveDate::from_ymd_opt(2021, 3, 10).unwrap();
    let mut cma = ccst_with_request();
    cma.issue_month(
        2021,
        2,
        today,
        Stamp {
            actor: actor(0),
            at: at(3, 10),
        },
    )
    .unwrap();
    let file = write(&cma, actor(0), at(3, 10), false);
    let ccst = import(&Ledger::new(Convention::seed()), &file);
    assert_eq!(ccst.issued_tables(), cma.issued_tables());
    // The same month issued otherwise on the other side, later: the first issued stands on
    // both machines.
    let mut other = Ledger::new(Convention::seed());
    other
        .issue_month(
            2021,
            2,
            NaiveDate::from_ymd_opt(2021, 3, 11).unwrap(),
            Stamp {
                actor: actor(2),
                at: at(3, 11),
            },
        )
        .unwrap();
    let (checked, base) = read(file.as_bytes(), |id| {
        (id == other.convention().id()).then_some(&other)
    })
    .unwrap();
    let p = plan(base, &checked.file.content, &BTreeMap::new());
    assert_eq!(p.result.issued_tables(), cma.issued_tables());
    assert!(p.refused.is_empty());
    let back = import(&cma, &write(&other, actor(2), at(3, 11), false));
    assert_eq!(back.issued_tables(), cma.issued_tables());
    // A forged table (its totals not its rows') is refused.
    let forged = super::tests::reseal(&file, |v| {
        v["content"]["issued_tables"][0]["table"]["totals"]["engaged"] = "999".into();
    });
    let refused = read(forged.as_bytes(), |id| {
        (id == other.convention().id()).then_some(&other)
    });
    assert!(refused.is_err());
}
