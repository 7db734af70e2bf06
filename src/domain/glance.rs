//! Every convention at a glance (issue 25): for an adviser who follows many conventions of the
//! regional Pacte, one line per convention — its financer, its period as amended, its envelope,
//! engaged and available (art. 2.2), and what waits for the reader's party in it — with totals.
//! The conventions tab draws it; `export::csv::conventions` writes it.

use chrono::NaiveDate;

use super::convention::{ConventionId, Side};
use super::date::month_fr;
use super::ledger::Ledger;
use super::lifecycle::Status;
use super::money::Euros;

/// One convention's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glance {
    /// The convention.
    pub id: ConventionId,
    /// Its title.
    pub title: String,
    /// The financer's short name.
    pub payer: String,
    /// Signed on.
    pub starts: NaiveDate,
    /// Its last day (amended, or a termination's effect).
    pub ends: NaiveDate,
    /// The envelope in force.
    pub envelope: Euros,
    /// Engaged.
    pub engaged: Euros,
    /// Available.
    pub available: Euros,
    /// What waits for the reader's party, in French ("2 devis à décider"), in a stable order.
    pub waiting: Vec<String>,
}

impl Glance {
    /// The line of `ledger` for a reader of side `reader` (nothing waits for an unknown reader
    /// but the month to issue, which either party issues) on `today`.
    pub fn of(ledger: &Ledger, reader: Option<Side>, today: NaiveDate) -> Glance {
        let c = ledger.convention();
        let f = ledger.figures();
        let count = |status: Status| {
            ledger
                .actions()
                .values()
                .filter(|a| a.status() == status)
                .count()
        };
        let mut waiting = Vec::new();
        let mut say = |n: usize, what: &str| {
            if n > 0 {
                waiting.push(format!("{n} {what}"));
            }
        };
        match reader {
            Some(Side::Chamber) => {
                say(ledger.waiting_requests().count(), "demande(s) à traiter");
                say(
                    ledger
                        .actions()
                        .values()
                        .filter(|a| ledger.beneficiary_not_informed(a))
                        .count(),
                    "entreprise(s) à informer",
                );
            }
            Some(Side::Payer) => {
                say(count(Status::DevisSent), "devis à décider");
                say(count(Status::Invoiced), "facture(s) à payer");
            }
            None => {}
        }
        if let Some(side) = reader {
            say(
                c.terms()
                    .amendments
                    .iter()
                    .filter(|a| !a.in_force() && a.accepting_side() == side)
                    .count(),
                "avenant(s) à accepter",
            );
        }
        if let Some((year, month)) = ledger.month_to_issue(today) {
            waiting.push(format!("mois {} à arrêter", month_fr(year, month)));
        }
        Glance {
            id: c.id().clone(),
            title: c.terms().title.clone(),
            payer: c.terms().payer.short_name.clone(),
            starts: c.terms().signed_on,
            ends: c.last_day(),
            envelope: f.envelope,
            engaged: f.engaged,
            available: f.available,
            waiting,
        }
    }
}

/// The sums of `lines`: envelope, engaged, available.
pub fn totals(lines: &[Glance]) -> (Euros, Euros, Euros) {
    lines
        .iter()
        .fold((Euros::ZERO, Euros::ZERO, Euros::ZERO), |(e, g, a), l| {
            (e + l.envelope, g + l.engaged, a + l.available)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::convention::Convention;
    use crate::test_support::{company_form, d, engaged_action, ledger_with, stamp_on};

    #[test]
    fn each_party_reads_what_waits_for_it_and_the_totals_are_the_sums() {
        let mut l = ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
        let a = crate::domain::action::ActionId("a1".into());
        l.create_action(
            a.clone(),
            &crate::domain::company::CompanyId("e1".into()),
            crate::domain::convention::Fiche::Digital,
            d(2021, 1, 5),
            "Site",
            stamp_on(Side::Chamber, d(2021, 1, 5)),
        )
        .unwrap();
        l.send_devis(
            &a,
            d(2021, 1, 6),
            "Programme",
            stamp_on(Side::Chamber, d(2021, 1, 6)),
        )
        .unwrap();
        let today = d(2021, 1, 20);
        let payer = Glance::of(&l, Some(Side::Payer), today);
        assert_eq!(
            payer.waiting,
            ["1 devis à décider", "mois 11/2020 à arrêter"]
        );
        let chamber = Glance::of(&l, Some(Side::Chamber), today);
        assert_eq!(chamber.waiting, ["mois 11/2020 à arrêter"]);
        assert_eq!(chamber.ends, d(2021, 12, 31));
        let mut engaged = l.clone();
        engaged_action(
            &mut engaged,
            "a2",
            "e1",
            crate::domain::convention::Fiche::Relance,
        );
        let chamber = Glance::of(&engaged, Some(Side::Chamber), today);
        assert!(
            chamber
                .waiting
                .contains(&"1 entreprise(s) à informer".to_string())
        );
        let other = Ledger::new(Convention::seed());
        let lines = [
            Glance::of(&engaged, None, today),
            Glance::of(&other, None, today),
        ];
        let (envelope, eng, available) = totals(&lines);
        assert_eq!(envelope, Euros::whole(10_000));
        assert_eq!(eng, engaged.figures().engaged);
        assert_eq!(available, engaged.figures().available + Euros::whole(5000));
    }
}
