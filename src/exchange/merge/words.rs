//! Each change of a plan said in French words: the record, what happened, on which date, who did
//! it and for which party, the amount, and what the user must do when it waits for them.

use super::{RecordChange, RecordKind, What};
use crate::domain::convention::{Convention, Side};
use crate::domain::date::fr;

/// `text` with its first letter in lower case ("Devis engagé" → "devis engagé").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

impl RecordChange {
    /// One sentence per step the change brings: "Menuiserie Durand – Fiche 2 … : devis engagé le
    /// 25/01/2021 par Paul Agent (CCST), 1 200,00 €". `me`: the side of the user reading it, told
    /// when a step waits for them (an amendment to accept).
    /// What gestures made concurrently meant follows, with its article.
    pub fn sentences(&self, convention: &Convention, me: Option<Side>) -> Vec<String> {
        let mut out = self.steps_said(convention, me);
        out.extend(self.crossings.iter().cloned());
        out
    }

    fn steps_said(&self, convention: &Convention, me: Option<Side>) -> Vec<String> {
        if self.taken.is_empty() {
            let what = match self.what {
                What::Added => "ajouté",
                What::Updated => "mis à jour",
                What::Theirs => "remplacé par la version du fichier",
            };
            return vec![format!("{} : {what}.", self.record)];
        }
        self.taken
            .iter()
            .map(|t| {
                let mut s = format!("{} : {}", self.record, lower_first(t.what));
                if let Some(on) = t.on {
                    s.push_str(&format!(" le {}", fr(on)));
                }
                s.push_str(&format!(
                    " par {} ({})",
                    t.by.name,
                    convention.party(t.by.side).short_name
                ));
                if let Some(amount) = t.amount {
                    s.push_str(&format!(", {amount}"));
                }
                if let Some(detail) = t.detail.as_deref().filter(|d| !d.is_empty()) {
                    s.push_str(&format!(" : {detail}"));
                }
                let to_accept = self.kind == RecordKind::Amendment
                    && self.record.ends_with("(proposé)")
                    && me.is_some_and(|me| me != t.by.side);
                if to_accept {
                    s.push_str(", à accepter par vous");
                }
                s
            })
            .collect()
    }
}

impl super::Plan {
    /// Every change the plan brings, said as the preview says it (record by record, in the order
    /// of [`RecordKind`]), at most `max` sentences and then "… et n autre(s)": what the dashboard
    /// keeps visible after the import ("Reçu le … de …").
    pub fn sentences(&self, convention: &Convention, me: Option<Side>, max: usize) -> Vec<String> {
        let all: Vec<String> = self
            .changes
            .iter()
            .flat_map(|c| c.sentences(convention, me))
            .collect();
        let more = all.len().saturating_sub(max);
        let mut out: Vec<String> = all.into_iter().take(max).collect();
        if more > 0 {
            out.push(format!("… et {more} autre(s)"));
        }
        out
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::action::ActionId;
    use crate::domain::amendment::{AmendmentId, Changes};
    use crate::domain::company::CompanyId;
    use crate::domain::convention::Fiche;
    use crate::domain::ledger::Ledger;
    use crate::domain::money::Euros;
    use crate::exchange::merge::plan;
    use crate::exchange::{Content, read, write};
    use crate::test_support::{actor, company_form, d, ledger_with, stamp_on};

    /// What `from`'s file brings to `to`, said in words, for a user of side `me`.
    fn said(to: &Ledger, from: &Ledger, side: Side, me: Side) -> Vec<String> {
        let file = write(
            from,
            actor(side),
            d(2022, 1, 2).and_hms_opt(9, 0, 0).unwrap(),
            false,
        );
        let (checked, base) = read(file.as_bytes(), |_| Some(to)).unwrap();
        let content: &Content = &checked.file.content;
        let p = plan(base, content, &BTreeMap::new());
        p.sentences(p.result.convention(), Some(me), usize::MAX)
    }

    #[test]
    fn what_arrived_is_said_in_full_up_to_a_limit_then_counted() {
        let mut cma = ledger_with("e", &company_form("Menuiserie Durand", "Delle"));
        for i in 0..4 {
            cma.create_action(
                ActionId(format!("a{i}")),
                &CompanyId("e".into()),
                Fiche::Digital,
                d(2021, 1, 10),
                "Site",
                stamp_on(Side::Chamber, d(2021, 1, 10)),
            )
            .unwrap();
        }
        let empty = Ledger::new(crate::domain::convention::Convention::seed());
        let all = said(&empty, &cma, Side::Chamber, Side::Payer);
        assert_eq!(all.len(), 5, "the company and four actions: {all:?}");
        let file = write(
            &cma,
            actor(Side::Chamber),
            d(2021, 2, 1).and_hms_opt(9, 0, 0).unwrap(),
            false,
        );
        let (checked, base) = read(file.as_bytes(), |_| Some(&empty)).unwrap();
        let p = plan(base, &checked.file.content, &BTreeMap::new());
        let kept = p.sentences(p.result.convention(), Some(Side::Payer), 3);
        assert_eq!(kept[..3], all[..3]);
        assert_eq!(kept[3], "… et 2 autre(s)");
    }

    #[test]
    fn every_kind_of_step_is_said_with_its_date_its_author_and_its_amount() {
        let (cma_at, ccst_at) = (
            |y, m, day| stamp_on(Side::Chamber, d(y, m, day)),
            |y, m, day| stamp_on(Side::Payer, d(y, m, day)),
        );
        let mut cma = ledger_with("e", &company_form("Menuiserie Durand", "Delle"));
        let id = ActionId("a".into());
        cma.create_action(
            id.clone(),
            &CompanyId("e".into()),
            Fiche::CircuitsCourts,
            d(2021, 1, 10),
            "Vente",
            cma_at(2021, 1, 10),
        )
        .unwrap();
        cma.send_devis(&id, d(2021, 1, 20), "Programme", cma_at(2021, 1, 20))
            .unwrap();
        let ccst = {
            let mut l = Ledger::new(crate::domain::convention::Convention::seed());
            let file = write(
                &cma,
                actor(Side::Chamber),
                d(2021, 1, 21).and_hms_opt(9, 0, 0).unwrap(),
                false,
            );
            let (checked, base) = read(file.as_bytes(), |_| Some(&l)).unwrap();
            l = plan(base, &checked.file.content, &BTreeMap::new()).result;
            l.engage(&id, d(2021, 1, 25), ccst_at(2021, 1, 25)).unwrap();
            l
        };
        let name = cma.actions()[&id].fiche().to_string();
        let record = format!("Menuiserie Durand – {name}");

        // The payer receives the devis.
        let empty = Ledger::new(crate::domain::convention::Convention::seed());
        let words = said(&empty, &cma, Side::Chamber, Side::Payer);
        assert!(
            words.contains(&format!(
                "{record} : devis envoyé le 20/01/2021 par Marie Dupont (CMA BFC), 600,00\u{a0}€ : n° D-2021-MD-001"
            )),
            "{words:#?}"
        );
        // The chamber receives the engagement.
        let words = said(&cma, &ccst, Side::Payer, Side::Chamber);
        assert_eq!(
            words,
            [format!(
                "{record} : devis engagé le 25/01/2021 par Paul Girard (CCST), 600,00\u{a0}€"
            )]
        );

        // Service, an invoice below the devis, a follow-up: the payer reads each.
        let mut cma = {
            let file = write(
                &ccst,
                actor(Side::Payer),
                d(2021, 1, 26).and_hms_opt(9, 0, 0).unwrap(),
                false,
            );
            let (checked, base) = read(file.as_bytes(), |_| Some(&cma)).unwrap();
            plan(base, &checked.file.content, &BTreeMap::new()).result
        };
        cma.record_service_done(&id, d(2021, 2, 10), cma_at(2021, 2, 10))
            .unwrap();
        cma.record_invoice(
            &id,
            "F-7",
            d(2021, 2, 12),
            Euros::whole(540),
            "Une visite de moins",
            cma_at(2021, 2, 12),
        )
        .unwrap();
        cma.add_follow_up(
            &id,
            d(2021, 5, 10),
            &[],
            "Deux clients de plus",
            cma_at(2021, 5, 10),
        )
        .unwrap();
        let words = said(&ccst, &cma, Side::Chamber, Side::Payer);
        assert_eq!(
            words,
            [
                format!("{record} : service fait le 10/02/2021 par Marie Dupont (CMA BFC)"),
                format!(
                    "{record} : facture enregistrée le 12/02/2021 par Marie Dupont (CMA BFC), 540,00\u{a0}€ : pour un devis de 600,00\u{a0}€ : motif Une visite de moins"
                ),
                format!(
                    "{record} : suite enregistrée le 10/05/2021 par Marie Dupont (CMA BFC) : Deux clients de plus"
                ),
            ]
        );
    }

    #[test]
    fn an_amendment_says_what_it_changes_and_who_must_accept_it() {
        let mut cma = ledger_with("e", &company_form("Menuiserie Durand", "Delle"));
        cma.propose_amendment(
            AmendmentId("av".into()),
            Changes {
                ends_on: Some(d(2022, 6, 30)),
                ..Changes::default()
            },
            d(2021, 12, 15),
            stamp_on(Side::Chamber, d(2021, 12, 15)),
        )
        .unwrap();
        let ccst = ledger_with("e", &company_form("Menuiserie Durand", "Delle"));
        let for_payer = said(&ccst, &cma, Side::Chamber, Side::Payer);
        assert_eq!(
            for_payer,
            [
                "Avenant proposé le 15/12/2021 (proposé) : avenant proposé le 15/12/2021 par Marie Dupont (CMA BFC) : fin 31/12/2021 → 30/06/2022, à accepter par vous"
            ]
        );
        // Read by the chamber's other adviser: information, not a task.
        let for_chamber = said(&ccst, &cma, Side::Chamber, Side::Chamber);
        assert!(
            !for_chamber[0].contains("à accepter par vous"),
            "{for_chamber:?}"
        );
    }
}
