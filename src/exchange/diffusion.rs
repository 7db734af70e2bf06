//! The export for third parties (e.g. the Région), art. 3.1: aggregates per month and fiche only —
//! no company, no SIRET, no note, nothing confidential — and always the source line. CSV for French
//! spreadsheets, written by [`crate::export::csv`]'s rules.

use crate::domain::convention::Fiche;
use crate::domain::date::month_fr;
use crate::domain::ledger::Ledger;
use crate::domain::monthly::MonthlyTable;
use crate::export::csv::{neutralise, write_rows};

/// The diffusion file: per month and fiche, interventions prescribed; per month, funds engaged and
/// paid; the totals; and "Source : …".
pub fn csv(ledger: &Ledger) -> Vec<u8> {
    let c = ledger.convention();
    let table = MonthlyTable::compute(c, ledger.actions().values());
    let mut rows: Vec<Vec<String>> = vec![
        vec![neutralise(&format!(
            "Plan de relance – {} – données agrégées (aucune donnée d'entreprise)",
            c.terms().payer.name
        ))],
        vec![
            "Mois".into(),
            format!("Interventions {}", Fiche::Relance),
            format!("Interventions {}", Fiche::Digital),
            format!("Interventions {}", Fiche::CircuitsCourts),
            "Fonds engagés (€)".into(),
            "Fonds payés (€)".into(),
        ],
    ];
    let line = |label: String, r: &crate::domain::monthly::MonthRow| {
        let mut v = vec![label];
        v.extend(r.prescribed.iter().map(u32::to_string));
        v.push(r.engaged.plain_fr());
        v.push(r.paid.plain_fr());
        v
    };
    for r in &table.rows {
        rows.push(line(month_fr(r.year, r.month), r));
    }
    rows.push(line("Total".into(), &table.totals));
    rows.push(vec![c.source_line()]);
    write_rows(rows)
}
