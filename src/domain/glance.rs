//! Every convention at a glance (issue 25): for an adviser who follows many conventions of the
//! regional Pacte, one line per convention — its financer, its period as amended, its envelope,
//! engaged and available (art. 2.2), and what waits for the reader's party in it — with totals.
//! The conventions tab draws it; `export::csv::conventions` writes it.
//!
//! What waits for a party ([`Task`], [`tasks`]) is also the dashboard's « À faire » (issue 28),
//! each task with the screen where it is done.

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

/// Something waiting for a party in a convention, counted: what « À faire » lists on the
/// dashboard and the conventions table shows in one line per convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// Chamber: the payer's requests for an intervention to answer (art. 1).
    RequestsToAnswer(usize),
    /// Chamber: actions opened whose devis is not sent yet (art. 2.1).
    DevisToSend(usize),
    /// Chamber: engaged actions whose service is to carry out.
    ServicesToCarryOut(usize),
    /// Chamber: services done, to invoice (art. 2.1: payment on invoice).
    ServicesToInvoice(usize),
    /// Chamber: companies of engaged actions not yet told that the payer finances them
    /// (art. 2.3).
    CompaniesToInform(usize),
    /// Payer: devis to engage or refuse (art. 2.2).
    DevisToDecide(usize),
    /// Payer: invoices to pay (art. 2.1).
    InvoicesToPay(usize),
    /// Amendments proposed by the other party, to accept.
    AmendmentsToAccept(usize),
    /// The first complete month whose tracking table is not issued (art. 3.4); either party
    /// issues it.
    MonthToIssue {
        /// Its year.
        year: i32,
        /// Its month, 1 to 12.
        month: u32,
    },
}

impl Task {
    /// In French, with its count ("2 devis à décider").
    pub fn describe(&self) -> String {
        match *self {
            Task::RequestsToAnswer(n) => format!("{n} demande(s) à traiter"),
            Task::DevisToSend(n) => format!("{n} devis à envoyer"),
            Task::ServicesToCarryOut(n) => format!("{n} action(s) engagée(s) à réaliser"),
            Task::ServicesToInvoice(n) => format!("{n} service(s) fait(s) à facturer"),
            Task::CompaniesToInform(n) => format!("{n} entreprise(s) à informer"),
            Task::DevisToDecide(n) => format!("{n} devis à décider"),
            Task::InvoicesToPay(n) => format!("{n} facture(s) à payer"),
            Task::AmendmentsToAccept(n) => format!("{n} avenant(s) à accepter"),
            Task::MonthToIssue { year, month } => {
                format!("mois {} à arrêter", month_fr(year, month))
            }
        }
    }

    /// Whether the dashboard says it apart, with its own button: in the alerts
    /// (`Ledger::alerts`: the month to issue, an amendment, the companies to inform) or in the card
    /// of the requests waiting. « À faire » lists the others.
    pub fn shown_apart(&self) -> bool {
        matches!(
            self,
            Task::RequestsToAnswer(_)
                | Task::CompaniesToInform(_)
                | Task::AmendmentsToAccept(_)
                | Task::MonthToIssue { .. }
        )
    }
}

/// What waits for a reader of side `reader` in `ledger` on `today`, in a stable order: the
/// party's own steps first, then the amendments to accept and the month to issue. Nothing waits
/// for an unknown reader but the month, which either party issues.
pub fn tasks(ledger: &Ledger, reader: Option<Side>, today: NaiveDate) -> Vec<Task> {
    let mut counts = [0usize; Status::ALL.len()];
    for a in ledger.actions().values() {
        counts[a.status() as usize] += 1;
    }
    let count = |status: Status| counts[status as usize];
    let mut out = Vec::new();
    let mut say = |task: fn(usize) -> Task, n: usize| {
        if n > 0 {
            out.push(task(n));
        }
    };
    match reader {
        Some(Side::Chamber) => {
            say(Task::RequestsToAnswer, ledger.waiting_requests().count());
            say(Task::DevisToSend, count(Status::NeedIdentified));
            say(Task::ServicesToCarryOut, count(Status::Engaged));
            say(Task::ServicesToInvoice, count(Status::ServiceDone));
            say(
                Task::CompaniesToInform,
                ledger
                    .actions()
                    .values()
                    .filter(|a| ledger.beneficiary_not_informed(a))
                    .count(),
            );
        }
        Some(Side::Payer) => {
            say(Task::DevisToDecide, count(Status::DevisSent));
            say(Task::InvoicesToPay, count(Status::Invoiced));
        }
        None => {}
    }
    if let Some(side) = reader {
        say(
            Task::AmendmentsToAccept,
            ledger
                .convention()
                .terms()
                .amendments
                .iter()
                .filter(|a| !a.in_force() && a.accepting_side() == side)
                .count(),
        );
    }
    if let Some((year, month)) = ledger.month_to_issue(today) {
        out.push(Task::MonthToIssue { year, month });
    }
    out
}

/// A refusal by the other party the reader has to read (issue 28, « refus à lire »): a devis
/// the payer refused (art. 2.2) or an action it cancelled, for the chamber; a request the chamber
/// declined (art. 1) or an action it cancelled, for the payer. What to do next is the reader's
/// call — tell the company, open another action, ask again — so the dashboard lists each until
/// the reader marks it read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// Stable across sessions and machines: the record and the moment of the refusal.
    pub key: String,
    /// The action, to open it; `None` for a declined request.
    pub action: Option<super::action::ActionId>,
    /// « Menuiserie Durand – Fiche 2 : devis refusé le 25/01/2021 par Paul Agent (CCST) : Hors
    /// cible ».
    pub text: String,
}

/// The other party's refusals in `ledger`, for a reader of side `reader`: the actions' in the
/// order of their ids, then the requests'. (Not sorted by date: a sort of its own would weigh on
/// the first load, BENCHMARKS.md "Size", for a list the reader empties.)
pub fn refusals(ledger: &Ledger, reader: Side) -> Vec<Refusal> {
    use super::action::Step;
    use super::date::fr;
    use super::request::Answer;
    let convention = ledger.convention();
    let who = |actor: &super::audit::Actor| {
        format!(
            "{} ({})",
            actor.name,
            convention.party(actor.side).short_name
        )
    };
    let mut out = Vec::new();
    for a in ledger.actions().values() {
        let r = a.record();
        let (Some(stop), Some(event)) = (
            &r.stop,
            r.history
                .iter()
                .rev()
                .find(|e| matches!(e.kind, Step::Refused | Step::Cancelled)),
        ) else {
            continue;
        };
        if event.stamp.actor.side == reader {
            continue;
        }
        let company = ledger
            .companies()
            .get(&r.company)
            .map_or(r.company.0.as_str(), |c| c.name.as_str());
        let what = if event.kind == Step::Refused {
            "devis refusé"
        } else {
            "action annulée"
        };
        out.push(Refusal {
            key: format!("{}@{:?}", r.id, event.stamp.at),
            action: Some(r.id.clone()),
            text: format!(
                "{company} – Fiche {} : {what} le {} par {} : « {} »",
                r.fiche.number(),
                fr(stop.on),
                who(&event.stamp.actor),
                stop.reason
            ),
        });
    }
    for q in ledger.requests().values() {
        let rec = q.record();
        let Some(Answer::Declined { on, reason }) = &rec.answer else {
            continue;
        };
        let Some(event) = rec
            .history
            .iter()
            .find(|e| e.kind == super::lifecycle::RequestStep::Declined)
        else {
            continue;
        };
        if event.stamp.actor.side == reader {
            continue;
        }
        out.push(Refusal {
            key: format!("{}@{:?}", q.id(), event.stamp.at),
            action: None,
            text: format!(
                "Demande pour {} – Fiche {} : déclinée le {} par {} : « {reason} »",
                ledger.requested_company_name(&rec.company),
                rec.fiche.number(),
                fr(*on),
                who(&event.stamp.actor)
            ),
        });
    }
    out
}

impl Glance {
    /// The line of `ledger` for a reader of side `reader` (nothing waits for an unknown reader
    /// but the month to issue, which either party issues) on `today`.
    pub fn of(ledger: &Ledger, reader: Option<Side>, today: NaiveDate) -> Glance {
        let c = ledger.convention();
        let f = ledger.figures();
        Glance {
            id: c.id().clone(),
            title: c.terms().title.clone(),
            payer: c.terms().payer.short_name.clone(),
            starts: c.terms().signed_on,
            ends: c.last_day(),
            envelope: f.envelope,
            engaged: f.engaged,
            available: f.available,
            waiting: tasks(ledger, reader, today)
                .iter()
                .map(Task::describe)
                .collect(),
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

    /// « À faire »: each party reads its own steps, counted, across an action's life; nothing of
    /// the other party's.
    #[test]
    fn each_party_is_told_its_own_steps_across_the_lifecycle() {
        use crate::domain::action::ActionId;
        use crate::domain::company::CompanyId;
        use crate::domain::convention::Fiche;
        let cma = |day| stamp_on(Side::Chamber, d(2021, 2, day));
        let ccst = |day| stamp_on(Side::Payer, d(2021, 2, day));
        let today = d(2021, 2, 20);
        let own = |l: &Ledger, side| {
            tasks(l, Some(side), today)
                .into_iter()
                .filter(|t| !t.shown_apart())
                .map(|t| t.describe())
                .collect::<Vec<_>>()
        };
        let mut l = ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
        let e1 = CompanyId("e1".into());
        let [a, b] = ["a1", "a2"].map(|id| ActionId(id.into()));
        for id in [&a, &b] {
            l.create_action(
                id.clone(),
                &e1,
                Fiche::Digital,
                d(2021, 2, 1),
                "Site",
                cma(1),
            )
            .unwrap();
        }
        assert_eq!(own(&l, Side::Chamber), ["2 devis à envoyer"]);
        assert!(own(&l, Side::Payer).is_empty());
        for id in [&a, &b] {
            l.send_devis(id, d(2021, 2, 2), "Programme", cma(2))
                .unwrap();
        }
        assert!(own(&l, Side::Chamber).is_empty());
        assert_eq!(own(&l, Side::Payer), ["2 devis à décider"]);
        l.engage(&a, d(2021, 2, 3), ccst(3)).unwrap();
        assert_eq!(
            own(&l, Side::Chamber),
            ["1 action(s) engagée(s) à réaliser"]
        );
        assert_eq!(own(&l, Side::Payer), ["1 devis à décider"]);
        l.record_service_done(&a, d(2021, 2, 4), cma(4)).unwrap();
        assert_eq!(own(&l, Side::Chamber), ["1 service(s) fait(s) à facturer"]);
        l.record_invoice(&a, "F-1", d(2021, 2, 5), Euros::whole(1200), "", cma(5))
            .unwrap();
        assert!(own(&l, Side::Chamber).is_empty());
        assert_eq!(
            own(&l, Side::Payer),
            ["1 devis à décider", "1 facture(s) à payer"]
        );
        l.record_payment(&a, d(2021, 2, 6), ccst(6)).unwrap();
        assert_eq!(own(&l, Side::Payer), ["1 devis à décider"]);
        // The companies to inform, the month: said apart, by the alerts.
        let all = tasks(&l, Some(Side::Chamber), today);
        assert!(all.contains(&Task::CompaniesToInform(1)));
        assert!(all.iter().filter(|t| t.shown_apart()).count() >= 2);
    }

    /// « n modifications pas encore envoyées »: a party's steps after the latest moment its last
    /// file held; the other party's steps never count.
    #[test]
    fn what_was_not_sent_is_counted_from_the_last_file() {
        use crate::domain::action::ActionId;
        use crate::domain::company::CompanyId;
        use crate::domain::convention::Fiche;
        let mut l = ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
        let a = ActionId("a1".into());
        l.create_action(
            a.clone(),
            &CompanyId("e1".into()),
            Fiche::Relance,
            d(2021, 2, 1),
            "Relance",
            stamp_on(Side::Chamber, d(2021, 2, 1)),
        )
        .unwrap();
        // The company, the action: nothing sent yet.
        assert_eq!(l.unsent(Side::Chamber, None), 2);
        let sent = l.latest_moment();
        assert_eq!(l.unsent(Side::Chamber, sent), 0);
        l.send_devis(
            &a,
            d(2021, 2, 2),
            "Programme",
            stamp_on(Side::Chamber, d(2021, 2, 2)),
        )
        .unwrap();
        assert_eq!(l.unsent(Side::Chamber, sent), 1);
        l.engage(&a, d(2021, 2, 3), stamp_on(Side::Payer, d(2021, 2, 3)))
            .unwrap();
        assert_eq!(l.unsent(Side::Chamber, sent), 1);
        assert_eq!(l.unsent(Side::Payer, None), 1);
        assert_eq!(l.unsent(Side::Chamber, l.latest_moment()), 0);
    }

    /// Action `id` of fiche 2 for company `e1`, opened on `day`/01/2021, its devis sent the next
    /// day.
    fn devis_sent(l: &mut Ledger, id: &str, day: u32) -> crate::domain::action::ActionId {
        crate::test_support::action_with_devis(
            l,
            id,
            "e1",
            crate::domain::convention::Fiche::Digital,
            d(2021, 1, day),
            d(2021, 1, day + 1),
        )
    }

    /// « Refus à lire »: each party reads the other's refusals, in words — never its own.
    #[test]
    fn each_party_reads_the_other_partys_refusals_in_words() {
        use crate::domain::request::{RequestId, RequestedCompany};
        let mut l = ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
        assert!(refusals(&l, Side::Chamber).is_empty());
        let refused = devis_sent(&mut l, "a1", 5);
        let cancelled = devis_sent(&mut l, "a2", 7);
        l.refuse(
            &refused,
            d(2021, 1, 20),
            "Hors cible",
            stamp_on(Side::Payer, d(2021, 1, 20)),
        )
        .unwrap();
        l.cancel(
            &cancelled,
            d(2021, 1, 21),
            "Entreprise fermée",
            stamp_on(Side::Chamber, d(2021, 1, 21)),
        )
        .unwrap();
        let request = RequestId("r1".into());
        l.request_intervention(
            request.clone(),
            RequestedCompany::Known(crate::domain::company::CompanyId("e1".into())),
            crate::domain::convention::Fiche::Relance,
            "Trésorerie",
            d(2021, 1, 22),
            stamp_on(Side::Payer, d(2021, 1, 22)),
        )
        .unwrap();
        l.decline_request(
            &request,
            d(2021, 1, 23),
            "Déjà accompagnée",
            stamp_on(Side::Chamber, d(2021, 1, 23)),
        )
        .unwrap();
        let chamber = refusals(&l, Side::Chamber);
        assert_eq!(
            chamber.len(),
            1,
            "the chamber's own cancellation and decline are not for it"
        );
        assert_eq!(
            chamber[0].text,
            "Menuiserie Durand – Fiche 2 : devis refusé le 20/01/2021 par Paul Girard (CCST) : « Hors cible »"
        );
        assert_eq!(chamber[0].action.as_ref(), Some(&refused));
        let payer: Vec<_> = refusals(&l, Side::Payer)
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(
            payer,
            [
                "Menuiserie Durand – Fiche 2 : action annulée le 21/01/2021 par Marie Dupont (CMA BFC) : « Entreprise fermée »",
                "Demande pour Menuiserie Durand – Fiche 1 : déclinée le 23/01/2021 par Marie Dupont (CMA BFC) : « Déjà accompagnée »",
            ]
        );
        // Keys stay the same from one reading to the next, and differ between refusals.
        let keys: Vec<_> = refusals(&l, Side::Payer)
            .into_iter()
            .map(|r| r.key)
            .collect();
        assert_eq!(keys.len(), 2);
        assert_ne!(keys[0], keys[1]);
        assert_eq!(
            keys,
            refusals(&l.clone(), Side::Payer)
                .into_iter()
                .map(|r| r.key)
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn each_party_reads_what_waits_for_it_and_the_totals_are_the_sums() {
        let mut l = ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
        devis_sent(&mut l, "a1", 5);
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
