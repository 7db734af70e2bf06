//! Property tests over the domain: for any sequence of operations (legal or not), the envelope is
//! never overspent, its figures add up, the monthly table agrees with the dashboard, a refused
//! operation changes nothing, and stored data round-trips.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::action::ActionId;
use super::bilan::Bilan;
use super::company::CompanyId;
use super::convention::{Fiche, Side};
use super::ledger::Ledger;
use super::money::Euros;
use crate::test_support::{company_form, ledger_with, stamp};

/// One user operation on the ledger, with the action it targets and a day offset.
#[derive(Clone, Debug)]
enum Op {
    Create(Fiche),
    Devis(usize),
    Engage(usize),
    Refuse(usize),
    Cancel(usize),
    Done(usize),
    Invoice(usize, i64),
    Pay(usize),
}

fn op() -> impl Strategy<Value = (Op, i64)> {
    let target = 0usize..12;
    (
        prop_oneof![
            (0usize..3).prop_map(|f| Op::Create(Fiche::ALL[f])),
            target.clone().prop_map(Op::Devis),
            target.clone().prop_map(Op::Engage),
            target.clone().prop_map(Op::Refuse),
            target.clone().prop_map(Op::Cancel),
            target.clone().prop_map(Op::Done),
            (target.clone(), -200i64..200).prop_map(|(i, delta)| Op::Invoice(i, delta)),
            target.prop_map(Op::Pay),
        ],
        0i64..420,
    )
}

fn ledger() -> Ledger {
    ledger_with("e", &company_form("Garage", "Croix"))
}

/// Applies `op`; returns whether the domain accepted it.
fn apply(l: &mut Ledger, op: &Op, day: i64, created: &mut usize) -> bool {
    let on = NaiveDate::from_ymd_opt(2020, 11, 27).unwrap() + chrono::Duration::days(day);
    let id = |i: usize| ActionId(format!("a{i}"));
    let (cma, ccst) = (stamp(Side::Chamber), stamp(Side::Payer));
    match op {
        Op::Create(f) => {
            let ok = l
                .create_action(id(*created), &CompanyId("e".into()), *f, on, "Besoin", cma)
                .is_ok();
            *created += usize::from(ok);
            ok
        }
        Op::Devis(i) => l.send_devis(&id(*i), on, "Programme", cma).is_ok(),
        Op::Engage(i) => l.engage(&id(*i), on, ccst).is_ok(),
        Op::Refuse(i) => l.refuse(&id(*i), on, "Non", ccst).is_ok(),
        Op::Cancel(i) => l.cancel(&id(*i), on, "Abandon", cma).is_ok(),
        Op::Done(i) => l.record_service_done(&id(*i), on, cma).is_ok(),
        Op::Invoice(i, delta) => {
            let devis = l
                .actions()
                .get(&id(*i))
                .and_then(|a| a.devis_amount())
                .unwrap_or(Euros::ZERO);
            l.record_invoice(&id(*i), "F", on, devis + Euros::whole(*delta), "Écart", cma)
                .is_ok()
        }
        Op::Pay(i) => l.record_payment(&id(*i), on, ccst).is_ok(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_envelope_holds_whatever_the_users_do(ops in proptest::collection::vec(op(), 1..80)) {
        let mut l = ledger();
        let mut created = 0;
        for (op, day) in &ops {
            let before = l.clone();
            if !apply(&mut l, op, *day, &mut created) {
                prop_assert_eq!(&l, &before, "a refused operation changes nothing: {:?}", op);
            }
            let f = l.figures();
            prop_assert!(f.engaged <= f.envelope, "engaged {} > envelope {}", f.engaged, f.envelope);
            prop_assert_eq!(f.envelope, f.engaged + f.available);
            prop_assert!(f.paid <= f.invoiced && f.invoiced <= f.engaged);
        }
        prop_assert_eq!(crate::test_support::table_vs_dashboard(&l), Vec::<String>::new());
        // Stored and read back, the ledger is the same.
        let json = serde_json::to_string(&l).unwrap();
        prop_assert_eq!(serde_json::from_str::<Ledger>(&json).unwrap(), l);
    }

    #[test]
    fn the_bilan_agrees_with_the_dashboard_and_the_monthly_table(ops in proptest::collection::vec(op(), 1..80)) {
        let mut l = ledger();
        let mut created = 0;
        for (op, day) in &ops {
            apply(&mut l, op, *day, &mut created);
        }
        // Today (after every record): the bilan's figures are the dashboard's.
        let today = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        let bilan = Bilan::compute(&l, today);
        let f = l.figures();
        prop_assert_eq!(&bilan.figures, &f);
        prop_assert!(bilan.is_final);
        prop_assert_eq!(bilan.total.engaged.amount, f.engaged);
        prop_assert_eq!(bilan.total.done.amount, f.done);
        prop_assert_eq!(bilan.total.invoiced.amount, f.invoiced);
        prop_assert_eq!(bilan.total.paid.amount, f.paid);
        let counts: Vec<u32> = bilan.fiches.iter().map(|line| line.engaged.count).collect();
        prop_assert_eq!(counts, f.engaged_count.to_vec());
        let by_commune: Euros = bilan.communes.iter().map(|c| c.engaged.amount).sum();
        prop_assert_eq!(by_commune, f.engaged);
        // At the end of every month: the bilan on that day is the monthly table up to that month.
        let table = l.monthly_table();
        for row in &table.rows {
            let end = super::issued::month_end(row.year, row.month);
            let then = Bilan::compute(&l, end);
            let up_to = table.up_to(row.year, row.month).totals;
            prop_assert_eq!(then.figures.engaged, up_to.cumulative_engaged, "{}-{}", row.year, row.month);
            prop_assert_eq!(then.figures.done, up_to.done);
            prop_assert_eq!(then.figures.invoiced, up_to.invoiced);
            prop_assert_eq!(then.figures.paid, up_to.paid);
            prop_assert_eq!(then.figures.available, up_to.available);
            let held: Vec<u32> = (0..3).map(|i| up_to.prescribed[i] - up_to.released[i]).collect();
            prop_assert_eq!(then.figures.engaged_count.to_vec(), held);
        }
    }
}

proptest! {
    /// Every date and moment chrono writes (what every earlier version stored) reads back.
    #[test]
    fn every_written_date_reads_back(days in -800_000i64..3_000_000, secs in 0u32..86_400, nanos in 0u32..1_000_000_000) {
        let date = NaiveDate::MIN + chrono::Duration::days(days + 2_000_000);
        let moment = date.and_time(chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).unwrap());
        let day: NaiveDate = serde_json::from_value(serde_json::to_value(date).unwrap()).unwrap();
        prop_assert_eq!(crate::domain::date::iso_day(serde_json::to_value(date).unwrap().as_str().unwrap()), Some(day));
        prop_assert_eq!(crate::domain::date::iso_moment(serde_json::to_value(moment).unwrap().as_str().unwrap()), Some(moment));
    }
}
