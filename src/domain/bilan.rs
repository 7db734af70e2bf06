//! The bilan des actions (art. 1: "Tableau de suivi et bilan des actions"): at any date, and as the
//! final bilan once the convention has ended, per fiche the actions engaged, done, invoiced, paid,
//! refused and cancelled (counts and amounts), the envelope used and left, the companies and
//! communes served, the average delays between steps, and the outcomes recorded after the services
//! (art. 2.3). Computed from the actions as they stood
//! on that date ([`Action::as_of`]), with the dashboard's own rule for the envelope
//! ([`EnvelopeFigures::compute`]): its figures are the dashboard's and the monthly table's.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::action::{Action, Status};
use super::company::CompanyId;
use super::envelope::{EnvelopeFigures, Funds, fiche_index};
use super::follow_up::Outcome;
use super::ledger::Ledger;
use super::money::Euros;

/// How many actions, and for how much.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Number of actions.
    pub count: u32,
    /// Their amount.
    pub amount: Euros,
}

impl Tally {
    fn add(&mut self, amount: Euros) {
        self.count += 1;
        self.amount += amount;
    }
}

/// One fiche's line (or the total line) of the bilan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FicheLine {
    /// Actions holding funds (engaged, and not refused or cancelled since), for their engaged
    /// amount: the devis, or the invoice once invoiced.
    pub engaged: Tally,
    /// Of those, the service done, valued at the devis.
    pub done: Tally,
    /// Invoiced, for the invoices' amount.
    pub invoiced: Tally,
    /// Paid, for the invoices' amount.
    pub paid: Tally,
    /// Devis refused by the payer, for the devis amount.
    pub refused: Tally,
    /// Actions cancelled, for the devis amount (nothing when cancelled before a devis).
    pub cancelled: Tally,
}

impl FicheLine {
    /// Its six tallies in the bilan's column order: engaged, done, invoiced, paid, refused,
    /// cancelled.
    pub fn tallies(&self) -> [Tally; 6] {
        [
            self.engaged,
            self.done,
            self.invoiced,
            self.paid,
            self.refused,
            self.cancelled,
        ]
    }

    fn add(&mut self, other: &FicheLine) {
        for (mine, theirs) in [
            &mut self.engaged,
            &mut self.done,
            &mut self.invoiced,
            &mut self.paid,
            &mut self.refused,
            &mut self.cancelled,
        ]
        .into_iter()
        .zip(other.tallies())
        {
            mine.count += theirs.count;
            mine.amount += theirs.amount;
        }
    }
}

/// The companies of one commune the convention served: those with an action holding funds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommuneLine {
    /// The commune, as the convention spells it.
    pub commune: String,
    /// Companies served.
    pub companies: u32,
    /// Their actions holding funds, and the amount engaged.
    pub engaged: Tally,
}

/// Two consecutive steps of an action, whose average delay the bilan gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stretch {
    /// Need identified → devis sent.
    NeedToDevis,
    /// Devis sent → engaged.
    DevisToEngagement,
    /// Engaged → service done.
    EngagementToService,
    /// Service done → invoiced.
    ServiceToInvoice,
    /// Invoiced → paid.
    InvoiceToPayment,
}

impl Stretch {
    /// Every stretch, in the order of the lifecycle.
    pub const ALL: [Stretch; 5] = [
        Stretch::NeedToDevis,
        Stretch::DevisToEngagement,
        Stretch::EngagementToService,
        Stretch::ServiceToInvoice,
        Stretch::InvoiceToPayment,
    ];

    /// How the bilan names it.
    pub fn label(self) -> &'static str {
        match self {
            Stretch::NeedToDevis => "besoin → devis",
            Stretch::DevisToEngagement => "devis → engagement",
            Stretch::EngagementToService => "engagement → service fait",
            Stretch::ServiceToInvoice => "service fait → facture",
            Stretch::InvoiceToPayment => "facture → paiement",
        }
    }

    /// Its two dates on `action`, when it has both.
    fn dates(self, action: &Action) -> Option<(NaiveDate, NaiveDate)> {
        let r = action.record();
        let devis = r.devis.as_ref().map(|d| d.sent_on);
        let invoiced = r.invoice.as_ref().map(|i| i.issued_on);
        match self {
            Stretch::NeedToDevis => Some((r.identified_on, devis?)),
            Stretch::DevisToEngagement => Some((devis?, r.engaged_on?)),
            Stretch::EngagementToService => Some((r.engaged_on?, r.done_on?)),
            Stretch::ServiceToInvoice => Some((r.done_on?, invoiced?)),
            Stretch::InvoiceToPayment => Some((invoiced?, r.paid_on?)),
        }
    }
}

/// The average delay of one stretch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delay {
    /// Which steps.
    pub stretch: Stretch,
    /// Actions that went through both.
    pub actions: u32,
    /// Days between them, added up.
    pub total_days: i64,
}

impl Delay {
    /// The average in days, to one decimal; `None` when no action went through both steps.
    pub fn average_days(&self) -> Option<Decimal> {
        (self.actions > 0)
            .then(|| (Decimal::from(self.total_days) / Decimal::from(self.actions)).round_dp(1))
    }

    /// The average written the French way (`12,5`), for the screen and the CSV.
    pub fn average_fr(&self) -> Option<String> {
        self.average_days()
            .map(|days| days.to_string().replace('.', ","))
    }
}

/// The bilan of a convention on a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bilan {
    /// The date it stands at.
    pub on: NaiveDate,
    /// Whether it is the final bilan: the convention had ended by then (its end, or a termination's
    /// effective date).
    pub is_final: bool,
    /// One line per fiche, in order.
    pub fiches: [FicheLine; 3],
    /// The three fiches together.
    pub total: FicheLine,
    /// The envelope, used and left: the dashboard's figures on that date.
    pub figures: EnvelopeFigures,
    /// Companies served, over all communes.
    pub companies: u32,
    /// Communes with companies served, by name.
    pub communes: Vec<CommuneLine>,
    /// Average delays between steps, in the order of the lifecycle.
    pub delays: [Delay; 5],
    /// Actions with at least one follow-up recorded (art. 2.3).
    pub followed_up: u32,
    /// For each outcome of the annex, the actions where it was recorded, in the annex's order.
    pub outcomes: [(Outcome, u32); 9],
    /// Meetings of the parties held (art. 2.3).
    pub meetings: u32,
    /// Promotion actions of the payer carried out (art. 2.2).
    pub promotions: u32,
}

impl Bilan {
    /// Its title: "Bilan final des actions" once the convention has ended.
    pub fn title(&self) -> &'static str {
        if self.is_final {
            "Bilan final des actions"
        } else {
            "Bilan des actions"
        }
    }

    /// The start of its CSV file's name.
    pub fn file_stem(&self) -> &'static str {
        if self.is_final {
            "bilan-final"
        } else {
            "bilan"
        }
    }

    /// The bilan of `ledger` as it stood at the end of day `on`.
    pub fn compute(ledger: &Ledger, on: NaiveDate) -> Bilan {
        let actions = ledger.actions_on(on);
        let mut fiches = [FicheLine::default(); 3];
        let mut served: BTreeMap<String, (BTreeSet<&CompanyId>, Tally)> = BTreeMap::new();
        let mut delays = Stretch::ALL.map(|stretch| Delay {
            stretch,
            actions: 0,
            total_days: 0,
        });
        let mut followed_up = 0;
        let mut outcomes = Outcome::ALL.map(|o| (o, 0));
        for a in &actions {
            let follow_ups = &a.record().follow_ups;
            followed_up += u32::from(!follow_ups.is_empty());
            for (outcome, count) in &mut outcomes {
                *count += u32::from(follow_ups.iter().any(|f| f.outcomes.contains(outcome)));
            }
            let line = &mut fiches[fiche_index(a.fiche())];
            let devis = a.devis_amount().unwrap_or(Euros::ZERO);
            // The dashboard's own rule for what the action adds to each figure.
            let funds = Funds::of(a);
            if let Some(engaged) = funds.engaged
                && let Some(c) = ledger.companies().get(a.company())
            {
                let (companies, tally) = served.entry(c.commune.clone()).or_default();
                companies.insert(a.company());
                tally.add(engaged);
            }
            for (tally, amount) in [
                (&mut line.engaged, funds.engaged),
                (&mut line.done, funds.done),
                (&mut line.invoiced, funds.invoiced),
                (&mut line.paid, funds.paid),
            ] {
                if let Some(amount) = amount {
                    tally.add(amount);
                }
            }
            match a.status() {
                Status::Refused => line.refused.add(devis),
                Status::Cancelled => line.cancelled.add(devis),
                _ => {}
            }
            for delay in &mut delays {
                if let Some((from, to)) = delay.stretch.dates(a) {
                    delay.actions += 1;
                    delay.total_days += (to - from).num_days();
                }
            }
        }
        let (meetings, promotions) = ledger.journal_held(on);
        let mut total = FicheLine::default();
        for line in &fiches {
            total.add(line);
        }
        let communes: Vec<CommuneLine> = served
            .into_iter()
            .map(|(commune, (companies, engaged))| CommuneLine {
                commune,
                companies: companies.len() as u32,
                engaged,
            })
            .collect();
        Bilan {
            on,
            is_final: ledger.convention().ended_by(on),
            fiches,
            total,
            figures: EnvelopeFigures::compute(ledger.convention(), &actions),
            companies: communes.iter().map(|c| c.companies).sum(),
            communes,
            delays,
            followed_up,
            outcomes,
            meetings,
            promotions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::action::ActionId;
    use crate::domain::convention::{Fiche, Side};
    use crate::test_support::{add_company, company_form, d, engaged_action, ledger_with, stamp};

    fn tally(count: u32, euros: i64) -> Tally {
        Tally {
            count,
            amount: Euros::whole(euros),
        }
    }

    /// Two companies (Delle, Beaucourt): a fiche 2 action engaged in January, done in March,
    /// invoiced lower in March, paid in April; a fiche 1 devis refused; a fiche 3 action engaged
    /// then cancelled in February.
    fn ledger() -> Ledger {
        let mut l = ledger_with("c1", &company_form("Boulangerie Martin", "Delle"));
        add_company(
            &mut l,
            "c2",
            &company_form("Garage Petit", "Beaucourt"),
            stamp(Side::Chamber),
        );
        let (cma, ccst) = (stamp(Side::Chamber), stamp(Side::Payer));
        let [b, c] = ["b", "c"].map(|s| ActionId(s.into()));
        let co = |s: &str| crate::domain::company::CompanyId(s.into());
        let a = engaged_action(&mut l, "a", "c1", Fiche::Digital);
        l.record_service_done(&a, d(2021, 3, 10), cma.clone())
            .unwrap();
        l.record_invoice(
            &a,
            "F1",
            d(2021, 3, 12),
            Euros::whole(1000),
            "Une séance de moins",
            cma.clone(),
        )
        .unwrap();
        l.record_payment(&a, d(2021, 4, 2), ccst.clone()).unwrap();
        l.create_action(
            b.clone(),
            &co("c2"),
            Fiche::Relance,
            d(2021, 1, 6),
            "x",
            cma.clone(),
        )
        .unwrap();
        l.send_devis(&b, d(2021, 1, 8), "p", cma.clone()).unwrap();
        l.refuse(&b, d(2021, 1, 9), "Hors cible", ccst.clone())
            .unwrap();
        l.create_action(
            c.clone(),
            &co("c2"),
            Fiche::CircuitsCourts,
            d(2021, 1, 6),
            "x",
            cma.clone(),
        )
        .unwrap();
        l.send_devis(&c, d(2021, 1, 7), "p", cma.clone()).unwrap();
        l.engage(&c, d(2021, 1, 21), ccst.clone()).unwrap();
        l.cancel(&c, d(2021, 2, 3), "Entreprise fermée", cma.clone())
            .unwrap();
        // What became of the fiche 2 company: the plan in March, tools in 2022 (after the end).
        l.add_follow_up(&a, d(2021, 3, 11), &[Outcome::DigitalPlan], "", cma.clone())
            .unwrap();
        l.add_follow_up(
            &a,
            d(2022, 2, 1),
            &[Outcome::DigitalTools, Outcome::DigitalPlan],
            "Site marchand ouvert",
            cma,
        )
        .unwrap();
        l
    }

    #[test]
    fn the_outcomes_recorded_by_the_date_are_counted_once_per_action() {
        let count = |b: &Bilan, o: Outcome| b.outcomes.iter().find(|(x, _)| *x == o).unwrap().1;
        let feb = Bilan::compute(&ledger(), d(2021, 2, 28));
        assert_eq!((feb.followed_up, count(&feb, Outcome::DigitalPlan)), (0, 0));
        let end = Bilan::compute(&ledger(), d(2021, 12, 31));
        assert_eq!(end.followed_up, 1);
        assert_eq!(count(&end, Outcome::DigitalPlan), 1);
        assert_eq!(count(&end, Outcome::DigitalTools), 0, "recorded in 2022");
        let later = Bilan::compute(&ledger(), d(2022, 3, 1));
        assert_eq!(
            count(&later, Outcome::DigitalPlan),
            1,
            "one action, twice: counted once"
        );
        assert_eq!(count(&later, Outcome::DigitalTools), 1);
        assert_eq!(count(&later, Outcome::Adie), 0);
    }

    #[test]
    fn each_date_shows_the_actions_as_they_stood() {
        let l = ledger();
        let jan = Bilan::compute(&l, d(2021, 1, 31));
        assert_eq!(jan.fiches[1].engaged, tally(1, 1200));
        assert_eq!(jan.fiches[2].engaged, tally(1, 600));
        assert_eq!(jan.fiches[0].refused, tally(1, 300));
        assert_eq!(jan.total.done.count, 0);
        assert_eq!(jan.figures.available, Euros::whole(3200));
        assert_eq!((jan.companies, jan.communes.len()), (2, 2));
        assert!(!jan.is_final);

        let feb = Bilan::compute(&l, d(2021, 2, 28));
        assert_eq!(feb.fiches[2].cancelled, tally(1, 600));
        assert_eq!(feb.fiches[2].engaged.count, 0);
        assert_eq!(
            feb.communes.len(),
            1,
            "Beaucourt's only engaged action was cancelled"
        );
        assert_eq!(feb.communes[0].commune, "Delle");

        let mar = Bilan::compute(&l, d(2021, 3, 31));
        assert_eq!(mar.fiches[1].done, tally(1, 1200));
        assert_eq!(mar.fiches[1].invoiced, tally(1, 1000));
        assert_eq!(
            mar.fiches[1].engaged.amount,
            Euros::whole(1000),
            "the invoice, once invoiced"
        );
        assert_eq!(mar.total.paid.count, 0);

        let end = Bilan::compute(&l, d(2021, 12, 31));
        assert!(end.is_final);
        assert_eq!(end.total.paid, tally(1, 1000));
        assert_eq!(end.figures, l.figures());
    }

    #[test]
    fn delays_are_averaged_over_the_actions_that_took_both_steps() {
        let end = Bilan::compute(&ledger(), d(2021, 12, 31));
        let days = |s: Stretch| {
            let delay = end.delays.iter().find(|x| x.stretch == s).unwrap();
            (delay.actions, delay.average_days())
        };
        // Need → devis: 10, 2 and 1 days.
        assert_eq!(days(Stretch::NeedToDevis), (3, Some(Decimal::new(43, 1))));
        // Devis → engagement: 5 and 14 days.
        assert_eq!(
            days(Stretch::DevisToEngagement),
            (2, Some(Decimal::new(95, 1)))
        );
        assert_eq!(
            days(Stretch::EngagementToService),
            (1, Some(Decimal::from(49)))
        );
        assert_eq!(
            days(Stretch::InvoiceToPayment),
            (1, Some(Decimal::from(21)))
        );
        let before = Bilan::compute(&ledger(), d(2021, 1, 10));
        assert_eq!(before.delays[2].average_days(), None);
    }
}
