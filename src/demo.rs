//! Realistic made-up data: companies in the convention's communes with valid SIRETs, and actions in
//! every lifecycle state, engaged within the envelope. Deterministic for a given seed. Used by the
//! tests, the benchmarks, the exchange-file corpus and the app's "démo" mode (which keeps it apart
//! from real data).

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::domain::action::ActionId;
use crate::domain::audit::{Actor, Stamp};
use crate::domain::company::{Company, CompanyForm, CompanyId};
use crate::domain::convention::{Convention, ConventionId, ConventionTerms, Fiche, Party, Side};
use crate::domain::ledger::Ledger;
use crate::domain::money::Euros;
use crate::domain::siret::luhn_check_digit;

const NAMES: [&str; 12] = [
    "Boulangerie",
    "Menuiserie",
    "Garage",
    "Salon de coiffure",
    "Fromagerie",
    "Plomberie",
    "Ébénisterie",
    "Boucherie",
    "Atelier de couture",
    "Électricité",
    "Pâtisserie",
    "Serrurerie",
];
const FAMILIES: [&str; 12] = [
    "Martin", "Bernard", "Petit", "Durand", "Moreau", "Lefèvre", "Girard", "Roux", "Fournier",
    "Mercier", "Blanc", "Guérin",
];

/// A SIRET that passes the Luhn check, from a random 13-digit start.
pub fn siret(rng: &mut fastrand::Rng) -> String {
    loop {
        let mut digits: Vec<u32> = (0..13).map(|_| rng.u32(0..10)).collect();
        if digits[0] == 0 {
            digits[0] = 1;
        }
        digits.push(luhn_check_digit(&digits));
        let s: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
        if !s.starts_with("356000000") {
            return s;
        }
    }
}

fn stamp(side: Side, at: NaiveDate) -> Stamp {
    Stamp {
        actor: Actor {
            side,
            name: match side {
                Side::Chamber => "Conseillère démo".into(),
                Side::Payer => "Agent démo".into(),
            },
        },
        at: NaiveDateTime::new(
            at,
            chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap_or_default(),
        ),
    }
}

/// A ledger for `convention` with `actions` actions over about a third as many companies.
pub fn ledger(convention: Convention, actions: usize, seed: u64) -> Ledger {
    ledger_sized(convention, (actions / 3).max(1), actions, seed)
}

/// A ledger for `convention` with `companies` companies and `actions` actions among them.
pub fn ledger_sized(convention: Convention, companies: usize, actions: usize, seed: u64) -> Ledger {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut l = Ledger::new(convention);
    let start = l.convention().terms().signed_on;
    let span = (l.convention().last_day() - start).num_days().max(1);
    let communes = l.convention().communes();
    let n_companies = companies.max(1);
    let prefix = l.convention().id().0.clone();
    for i in 0..n_companies {
        let form = CompanyForm {
            name: format!(
                "{} {}",
                NAMES[rng.usize(..NAMES.len())],
                FAMILIES[rng.usize(..FAMILIES.len())]
            ),
            siret: siret(&mut rng),
            commune: communes[rng.usize(..communes.len())].clone(),
            staff: rng.u32(0..10).to_string(),
            activity: NAMES[rng.usize(..NAMES.len())].to_string(),
            address: format!("{} rue des Artisans", i + 1),
        };
        if let Ok(c) =
            Company::from_form(CompanyId(format!("{prefix}-e{i}")), &form, l.convention())
        {
            let _ = l.add_company(c, stamp(Side::Chamber, start));
        }
    }
    let ids: Vec<CompanyId> = l.companies().keys().cloned().collect();
    for i in 0..actions {
        let id = ActionId(format!("{prefix}-a{i}"));
        let company = &ids[rng.usize(..ids.len())];
        let fiche = Fiche::ALL[rng.usize(..3)];
        let mut day = start + Duration::days(rng.i64(0..span * 2 / 3));
        let step =
            |d: &mut NaiveDate, rng: &mut fastrand::Rng| *d += Duration::days(rng.i64(1..20));
        if l.create_action(
            id.clone(),
            company,
            fiche,
            day,
            "Accompagnement demandé par l'entreprise",
            stamp(Side::Chamber, day),
        )
        .is_err()
        {
            continue;
        }
        let target = rng.u32(0..8);
        if target == 0 {
            continue;
        }
        step(&mut day, &mut rng);
        if l.send_devis(
            &id,
            day,
            fiche.default_programme(),
            stamp(Side::Chamber, day),
        )
        .is_err()
            || target == 1
        {
            continue;
        }
        step(&mut day, &mut rng);
        if target == 6 {
            let _ = l.refuse(
                &id,
                day,
                "Hors du champ de la convention",
                stamp(Side::Payer, day),
            );
            continue;
        }
        if l.engage(&id, day, stamp(Side::Payer, day)).is_err() {
            continue;
        }
        if target == 7 {
            step(&mut day, &mut rng);
            let _ = l.cancel(&id, day, "Entreprise fermée", stamp(Side::Chamber, day));
            continue;
        }
        if target == 2 {
            continue;
        }
        step(&mut day, &mut rng);
        if l.record_service_done(&id, day, stamp(Side::Chamber, day))
            .is_err()
            || target == 3
        {
            continue;
        }
        step(&mut day, &mut rng);
        let amount = l.actions()[&id].devis_amount().unwrap_or(Euros::ZERO);
        if l.record_invoice(
            &id,
            &format!("F-{i:05}"),
            day,
            amount,
            "",
            stamp(Side::Chamber, day),
        )
        .is_err()
            || target == 4
        {
            continue;
        }
        step(&mut day, &mut rng);
        let _ = l.record_payment(&id, day, stamp(Side::Payer, day));
    }
    l
}

/// The regional Pacte: the seed convention and 109 others (60 000 € each), with `actions` actions
/// spread evenly over the 110 — what the demo mode shows and the benchmarks measure.
pub fn region(actions: usize) -> Vec<Ledger> {
    let mut all = vec![Convention::seed()];
    all.extend(conventions(109, Euros::whole(60_000)));
    let count = all.len();
    all.into_iter()
        .enumerate()
        .map(|(i, c)| {
            let n = actions / count + usize::from(i < actions % count);
            ledger(c, n, i as u64)
        })
        .collect()
}

/// What runs after every change, for every convention: the dashboard figures and the monthly
/// table (measured by the benchmarks, natively and in the browser).
pub fn recompute_everything(ledgers: &[Ledger]) -> usize {
    ledgers
        .iter()
        .map(|l| {
            let figures = l.figures();
            let table = l.monthly_table();
            usize::from(figures.available.is_negative()) + table.rows.len()
        })
        .sum()
}

/// `n` conventions modelled on the seed (another EPCI each, envelope `envelope`), for tests and
/// benchmarks at regional scale.
pub fn conventions(n: usize, envelope: Euros) -> Vec<Convention> {
    (0..n)
        .filter_map(|i| {
            let mut t: ConventionTerms = Convention::seed().terms().clone();
            t.id = ConventionId(format!("epci-{i:03}"));
            t.title = format!("Plan de relance – EPCI n° {}", i + 1);
            t.payer = Party {
                name: format!("Communauté de communes n° {}", i + 1),
                short_name: format!("CC{}", i + 1),
                address: "Hôtel communautaire".into(),
                representative: "Le Président".into(),
            };
            t.envelope = envelope;
            Convention::new(t).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::action::Status;
    use crate::domain::siret::Siret;

    #[test]
    fn sirets_are_valid() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..500 {
            let s = siret(&mut rng);
            assert!(Siret::parse(&s).is_ok(), "{s}");
        }
    }

    #[test]
    fn a_demo_ledger_has_every_state_within_the_envelope() {
        let c = conventions(1, Euros::whole(60_000)).remove(0);
        let l = ledger(c, 300, 42);
        assert_eq!(l.actions().len(), 300);
        for status in Status::ALL {
            assert!(
                l.actions().values().any(|a| a.status() == status),
                "{status:?}"
            );
        }
        assert!(!l.figures().available.is_negative());
        assert!(
            l.companies()
                .values()
                .all(|c| l.convention().commune(&c.commune).is_ok())
        );
        assert_eq!(
            ledger(conventions(1, Euros::whole(60_000)).remove(0), 300, 42),
            l,
            "deterministic"
        );
    }

    #[test]
    fn the_region_spreads_every_action_over_110_conventions_and_is_recomputed_whole() {
        let region = region(1_000);
        assert_eq!(region.len(), 110);
        assert_eq!(region[0].convention(), &Convention::seed());
        assert_eq!(
            region.iter().map(|l| l.actions().len()).sum::<usize>(),
            1_000
        );
        let ids: std::collections::BTreeSet<_> =
            region.iter().map(|l| l.convention().id()).collect();
        assert_eq!(ids.len(), 110, "distinct conventions");
        // Every convention's table has a row per month of its period (Dec 2020 – Dec 2021).
        let rows: usize = region.iter().map(|l| l.monthly_table().rows.len()).sum();
        assert!(rows >= 110 * 13, "{rows}");
        assert_eq!(recompute_everything(&region), rows);
    }
}
