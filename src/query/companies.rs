//! The companies tab's list: search by name, SIRET, commune or activity (ignoring case and
//! accents), with each company's number of actions, a page at a time. The index folds every
//! company's text and counts its actions once per change of the ledger: a keystroke then compares
//! strings only, and draws one page, even with 20,000 companies and 20,000 actions.

use crate::domain::company::{Company, CompanyId};
use crate::domain::ledger::Ledger;
use crate::domain::text::fold_accents;

use super::Page;

/// Companies per page. Fewer than the actions list's: a company's row holds more (nine columns and
/// its buttons), and 25 keep a keystroke within a frame at 20,000 companies (BENCHMARKS.md).
pub const COMPANY_PAGE_SIZE: usize = 25;

/// One row of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyRow {
    /// The company record.
    pub company: Company,
    /// How many actions the company has in this convention.
    pub actions: usize,
}

/// Every company's searchable text, folded, and its number of actions, in the list's order (by id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompanyIndex {
    entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    id: CompanyId,
    text: String,
    actions: usize,
}

impl CompanyIndex {
    /// Folds the text of every company of `ledger` and counts their actions (one pass over each).
    pub fn build(ledger: &Ledger) -> CompanyIndex {
        let mut entries: Vec<Entry> = ledger
            .companies()
            .values()
            .map(|c| {
                let text = format!(
                    "{} {} {} {}",
                    c.name,
                    c.siret.as_str(),
                    c.commune,
                    c.activity
                );
                Entry {
                    id: c.id.clone(),
                    text: fold_accents(&text),
                    actions: 0,
                }
            })
            .collect();
        // The companies come in id order: each action finds its company by binary search.
        for a in ledger.actions().values() {
            if let Ok(i) = entries.binary_search_by(|e| e.id.cmp(a.company())) {
                entries[i].actions += 1;
            }
        }
        CompanyIndex { entries }
    }

    /// Page `page` of the companies whose name, SIRET, commune or activity contains `search`
    /// (ignoring case and accents; everything when empty).
    pub fn find(&self, ledger: &Ledger, search: &str, page: usize) -> Page<CompanyRow> {
        let wanted = fold_accents(search);
        let found: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.text.contains(&wanted))
            .collect();
        let found = Page::of(found, page, COMPANY_PAGE_SIZE);
        let rows = found
            .rows
            .iter()
            .filter_map(|e| {
                let company = ledger.companies().get(&e.id)?.clone();
                Some(CompanyRow {
                    company,
                    actions: e.actions,
                })
            })
            .collect();
        found.with_rows(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::convention::{Fiche, Side};
    use crate::test_support::{d, ledger_with_companies, stamp};

    #[test]
    fn search_ignores_case_and_accents_and_counts_actions() {
        let mut l = ledger_with_companies(&[
            ("Boulangerie Élise", "Delle"),
            ("Garage Cœur", "Fêche-l'Église"),
        ]);
        for (i, who) in ["c0", "c0", "c1"].iter().enumerate() {
            l.create_action(
                crate::domain::action::ActionId(format!("a{i}")),
                &CompanyId(who.to_string()),
                Fiche::Relance,
                d(2021, 2, 1),
                "besoin",
                stamp(Side::Chamber),
            )
            .unwrap();
        }
        let index = CompanyIndex::build(&l);
        let all = index.find(&l, "", 0);
        assert_eq!(all.total, 2);
        assert_eq!(all.rows[0].actions, 2);
        assert_eq!(all.rows[1].actions, 1);
        let found = index.find(&l, "FECHE", 0);
        assert_eq!(found.rows.len(), 1);
        assert_eq!(found.rows[0].company.name, "Garage Cœur");
        assert_eq!(index.find(&l, "coeur", 0).total, 1);
        assert_eq!(index.find(&l, "élise", 0).total, 1);
        assert_eq!(index.find(&l, "zzz", 0).total, 0);
    }

    #[test]
    fn a_large_list_is_drawn_a_page_at_a_time() {
        let names: Vec<(String, &str)> = (0..120)
            .map(|i| (format!("Entreprise {i}"), "Delle"))
            .collect();
        let refs: Vec<(&str, &str)> = names.iter().map(|(n, c)| (n.as_str(), *c)).collect();
        let l = ledger_with_companies(&refs);
        let index = CompanyIndex::build(&l);
        let p = index.find(&l, "entreprise", 4);
        assert_eq!((p.total, p.pages, p.rows.len()), (120, 5, 20));
    }
}
