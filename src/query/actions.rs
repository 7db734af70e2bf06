//! The list of actions as the user filters, sorts and pages it, fast enough to run on every
//! keystroke with 10,000 actions.

use chrono::{Datelike, NaiveDate};

use crate::domain::action::{ActionId, Status};
use crate::domain::convention::Fiche;
use crate::domain::ledger::Ledger;
use crate::domain::money::Euros;
use crate::domain::text::fold_accents;

use super::Page;

/// What the list can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// Date of the latest step.
    #[default]
    Date,
    /// Company name.
    Company,
    /// Fiche number.
    Fiche,
    /// Status, in lifecycle order.
    Status,
    /// Amount (devis, or invoice once invoiced).
    Amount,
}

impl SortKey {
    /// Every key, in the order the sort menu lists them.
    pub const ALL: [SortKey; 5] = [
        SortKey::Date,
        SortKey::Company,
        SortKey::Fiche,
        SortKey::Status,
        SortKey::Amount,
    ];

    /// The key as the sort menu says it.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Date => "Date",
            SortKey::Company => "Entreprise",
            SortKey::Fiche => "Fiche",
            SortKey::Status => "Statut",
            SortKey::Amount => "Montant",
        }
    }
}

/// The user's filters, sort and page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionQuery {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this fiche.
    pub fiche: Option<Fiche>,
    /// Only companies of this commune.
    pub commune: Option<String>,
    /// Only actions with a step dated in this month (year, month).
    pub month: Option<(i32, u32)>,
    /// Words to find in the company name, SIRET, commune, need, programme or invoice number,
    /// ignoring case and accents.
    pub text: String,
    /// Sort key.
    pub sort: SortKey,
    /// Largest first.
    pub descending: bool,
    /// Page, from 0.
    pub page: usize,
}

/// One row of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionRow {
    /// The action.
    pub id: ActionId,
    /// Company name.
    pub company: String,
    /// Company commune.
    pub commune: String,
    /// Fiche.
    pub fiche: Fiche,
    /// Status.
    pub status: Status,
    /// Devis or invoice amount, once there is a devis.
    pub amount: Option<Euros>,
    /// Date of the latest step.
    pub last_date: NaiveDate,
    /// Engaged, and its company not yet told that the payer finances it (art. 2.3).
    pub not_informed: bool,
}

/// The searchable text of every action, folded once per change of the ledger so that each
/// keystroke in the filter only compares strings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    texts: std::collections::HashMap<ActionId, String>,
}

/// The folded text the search looks in: company name, SIRET, commune, need, programme, invoice.
fn haystack(ledger: &Ledger, a: &crate::domain::action::Action) -> String {
    let r = a.record();
    let company = ledger.companies().get(a.company());
    fold_accents(&format!(
        "{} {} {} {} {} {}",
        company.map_or("", |c| c.name.as_str()),
        company.map_or("", |c| c.siret.as_str()),
        company.map_or("", |c| c.commune.as_str()),
        r.need,
        r.devis.as_ref().map_or("", |d| d.programme.as_str()),
        r.invoice.as_ref().map_or("", |i| i.number.as_str()),
    ))
}

impl SearchIndex {
    /// Folds the searchable text of every action of `ledger`.
    pub fn build(ledger: &Ledger) -> SearchIndex {
        SearchIndex {
            texts: ledger
                .actions()
                .values()
                .map(|a| (a.id().clone(), haystack(ledger, a)))
                .collect(),
        }
    }
}

impl ActionQuery {
    /// Runs the query over `ledger`, folding the searched text on the way.
    pub fn run(&self, ledger: &Ledger) -> Page<ActionRow> {
        self.run_indexed(ledger, None)
    }

    /// Runs the query over `ledger`, with the text already folded in `index` when given.
    pub fn run_indexed(&self, ledger: &Ledger, index: Option<&SearchIndex>) -> Page<ActionRow> {
        let words: Vec<String> = fold_accents(&self.text)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let commune = self.commune.as_deref().map(fold_accents);
        let mut rows: Vec<ActionRow> = ledger
            .actions()
            .values()
            .filter(|a| self.status.is_none_or(|s| a.status() == s))
            .filter(|a| self.fiche.is_none_or(|f| a.fiche() == f))
            .filter(|a| {
                self.month
                    .is_none_or(|(y, m)| a.dates().any(|d| d.year() == y && d.month() == m))
            })
            .filter_map(|a| {
                let company = ledger.companies().get(a.company());
                let (name, town) =
                    company.map_or(("", ""), |c| (c.name.as_str(), c.commune.as_str()));
                if let Some(wanted) = &commune
                    && fold_accents(town) != *wanted
                {
                    return None;
                }
                if !words.is_empty() {
                    let own;
                    let text = match index.and_then(|i| i.texts.get(a.id())) {
                        Some(t) => t,
                        None => {
                            own = haystack(ledger, a);
                            &own
                        }
                    };
                    if !words.iter().all(|w| text.contains(w.as_str())) {
                        return None;
                    }
                }
                Some(ActionRow {
                    id: a.id().clone(),
                    company: name.to_string(),
                    commune: town.to_string(),
                    fiche: a.fiche(),
                    status: a.status(),
                    amount: a
                        .record()
                        .invoice
                        .as_ref()
                        .map(|i| i.amount)
                        .or(a.devis_amount()),
                    last_date: a.last_date(),
                    not_informed: ledger.beneficiary_not_informed(a),
                })
            })
            .collect();
        if self.sort == SortKey::Company {
            // Folded once per row, not once per comparison.
            let mut keyed: Vec<(String, ActionRow)> = rows
                .into_iter()
                .map(|r| (fold_accents(&r.company), r))
                .collect();
            keyed.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| a.id.cmp(&b.id)));
            rows = keyed.into_iter().map(|(_, r)| r).collect();
            if self.descending {
                rows.reverse();
            }
        }
        rows.sort_by(|a, b| {
            let order = match self.sort {
                SortKey::Date => a.last_date.cmp(&b.last_date),
                SortKey::Company => return std::cmp::Ordering::Equal,
                SortKey::Fiche => a.fiche.cmp(&b.fiche),
                SortKey::Status => a.status.cmp(&b.status),
                SortKey::Amount => a.amount.cmp(&b.amount),
            };
            let order = order.then_with(|| a.id.cmp(&b.id));
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
        Page::of(rows, self.page, super::PAGE_SIZE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::action::Stamp;
    use crate::domain::company::CompanyId;
    use crate::domain::convention::Side;
    use crate::test_support::{self, d};

    fn stamp() -> Stamp {
        test_support::stamp(Side::Chamber)
    }

    fn ledger(n: usize) -> Ledger {
        let mut l = test_support::ledger_with_companies(&[
            ("Boulangerie Él", "Delle"),
            ("Garage Petit", "Fêche-l'Église"),
        ]);
        for i in 0..n {
            let id = ActionId(format!("a{i:05}"));
            let fiche = Fiche::ALL[i % 3];
            let on = d(2021, 1 + (i % 12) as u32, 1);
            l.create_action(
                id.clone(),
                &CompanyId(format!("c{}", i % 2)),
                fiche,
                on,
                "Trésorerie tendue",
                stamp(),
            )
            .unwrap();
            if i % 2 == 0 {
                l.send_devis(&id, on, "Programme", stamp()).unwrap();
            }
        }
        l
    }

    #[test]
    fn no_filter_lists_everything_in_pages() {
        let l = ledger(120);
        let p = ActionQuery::default().run(&l);
        assert_eq!((p.total, p.pages, p.page, p.rows.len()), (120, 3, 0, 50));
        let last = ActionQuery {
            page: 9,
            ..Default::default()
        }
        .run(&l);
        assert_eq!(
            (last.page, last.rows.len()),
            (2, 20),
            "page clamped to the last"
        );
        assert!(p.rows.windows(2).all(|w| w[0].last_date <= w[1].last_date));
    }

    #[test]
    fn filters_combine() {
        let l = ledger(24);
        let q = ActionQuery {
            status: Some(Status::DevisSent),
            fiche: Some(Fiche::Relance),
            ..Default::default()
        };
        let p = q.run(&l);
        assert!(
            p.rows
                .iter()
                .all(|r| r.status == Status::DevisSent && r.fiche == Fiche::Relance)
        );
        assert_eq!(p.total, 4, "i % 6 == 0 among 24");
        let by_town = ActionQuery {
            commune: Some("feche-l'eglise".into()),
            ..Default::default()
        }
        .run(&l);
        assert_eq!(by_town.total, 12);
        assert!(by_town.rows.iter().all(|r| r.commune == "Fêche-l'Église"));
        let march = ActionQuery {
            month: Some((2021, 3)),
            ..Default::default()
        }
        .run(&l);
        assert_eq!(march.total, 2);
    }

    #[test]
    fn text_search_ignores_case_and_accents() {
        let l = ledger(10);
        assert_eq!(
            ActionQuery {
                text: "boulangerie el".into(),
                ..Default::default()
            }
            .run(&l)
            .total,
            5
        );
        assert_eq!(
            ActionQuery {
                text: "TRESORERIE".into(),
                ..Default::default()
            }
            .run(&l)
            .total,
            10
        );
        assert_eq!(
            ActionQuery {
                text: "inexistant".into(),
                ..Default::default()
            }
            .run(&l)
            .total,
            0
        );
        assert_eq!(
            ActionQuery {
                text: "7328293".into(),
                ..Default::default()
            }
            .run(&l)
            .total,
            10
        );
    }

    #[test]
    fn sorts_by_each_key_both_ways() {
        let l = ledger(30);
        for sort in SortKey::ALL {
            let up = ActionQuery {
                sort,
                ..Default::default()
            }
            .run(&l);
            let down = ActionQuery {
                sort,
                descending: true,
                ..Default::default()
            }
            .run(&l);
            let mut reversed = down.rows.clone();
            reversed.reverse();
            assert_eq!(up.rows, reversed, "{sort:?}");
        }
        let by_amount = ActionQuery {
            sort: SortKey::Amount,
            descending: true,
            ..Default::default()
        }
        .run(&l);
        assert_eq!(by_amount.rows[0].amount, Some(Euros::whole(1200)));
    }

    #[test]
    fn the_index_gives_the_same_results() {
        let l = ledger(60);
        let index = SearchIndex::build(&l);
        for text in ["", "boulangerie", "tresorerie el", "7328", "rien"] {
            let q = ActionQuery {
                text: text.into(),
                ..Default::default()
            };
            assert_eq!(q.run_indexed(&l, Some(&index)), q.run(&l), "{text}");
        }
    }

    #[test]
    fn fold_strips_accents() {
        assert_eq!(
            fold_accents("Fêche-l'Église Réchésy Ç"),
            "feche-l'eglise rechesy c"
        );
    }
}
