//! CSV exports for French Excel and LibreOffice: `;` between fields, decimal comma, UTF-8 with a
//! byte-order mark (so Excel reads the accents), CRLF line ends, every field quoted. Amounts are
//! written as plain numbers (`1200,00`) so spreadsheets compute with them; dates `jj/mm/aaaa`.
//!
//! Every free-text cell is neutralised against formula injection: a cell starting with `=`, `+`,
//! `-`, `@`, a tab, CR or LF gets a leading apostrophe, so a company named `=HYPERLINK(…)` is shown,
//! never run (OWASP "CSV injection"). Confidential notes are never exported here (art. 3.1).

use crate::domain::text::file_name_part;
use chrono::NaiveDate;

use crate::domain::date::{fr, month_fr};
use crate::domain::ledger::Ledger;
use crate::domain::money::Euros;

/// The UTF-8 byte-order mark Excel needs to read UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A free-text cell made safe for spreadsheets.
pub fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// One cell of a row: text (neutralised) or a number (written as is, decimal comma).
enum Cell {
    Text(String),
    Number(String),
}

fn text(s: impl AsRef<str>) -> Cell {
    Cell::Text(neutralise(s.as_ref()))
}

fn amount(e: Euros) -> Cell {
    Cell::Number(e.plain_fr())
}

fn count(n: u32) -> Cell {
    Cell::Number(n.to_string())
}

fn date(d: Option<NaiveDate>) -> Cell {
    Cell::Text(d.map(fr).unwrap_or_default())
}

/// Writes rows of cells with the French settings; the bytes start with the BOM.
fn write(rows: Vec<Vec<Cell>>) -> Vec<u8> {
    write_rows(rows.into_iter().map(|row| {
        row.into_iter()
            .map(|c| match c {
                Cell::Text(s) | Cell::Number(s) => s,
            })
            .collect()
    }))
}

/// Writes rows of ready fields (text already [`neutralise`]d) with the French settings: BOM, `;`,
/// every field quoted, CRLF.
pub fn write_rows(rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = BOM.to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .quote_style(::csv::QuoteStyle::Always)
            .terminator(::csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(&mut out);
        for row in rows {
            // Writing to a Vec cannot fail.
            let _ = writer.write_record(row);
        }
        let _ = writer.flush();
    }
    out
}

/// The monthly tracking table (art. 3.4) as CSV: a title line, the header, one row per month, the
/// totals row, and the source line (art. 3.1).
pub fn monthly_table(ledger: &Ledger) -> Vec<u8> {
    table_csv(ledger.convention(), &ledger.monthly_table(), None)
}

/// An issued monthly table (art. 3.4) as CSV: the same columns, its rows as they were issued, and
/// who issued it — the same bytes whatever was recorded since.
pub fn issued_table(ledger: &Ledger, issued: &crate::domain::issued::IssuedTable) -> Vec<u8> {
    let c = ledger.convention();
    let party = &c.party(issued.stamp.actor.side).short_name;
    let line = format!("Tableau de {} {}", issued.label(), issued.issued_by(party));
    table_csv(c, &issued.table, Some(line))
}

/// The monthly table's CSV, with a line under the title when given.
fn table_csv(
    c: &crate::domain::convention::Convention,
    table: &crate::domain::monthly::MonthlyTable,
    issued: Option<String>,
) -> Vec<u8> {
    let mut rows = vec![
        vec![text(format!(
            "Suivi mensuel des interventions prescrites et des fonds engagés – {}",
            c.terms().title
        ))],
        vec![
            text("Mois"),
            text("Fiche 1 prescrites"),
            text("Fiche 2 prescrites"),
            text("Fiche 3 prescrites"),
            text("Annulations"),
            text("Engagé (€)"),
            text("Service fait (€)"),
            text("Facturé (€)"),
            text("Payé (€)"),
            text("Engagé cumulé (€)"),
            text("Disponible (€)"),
        ],
    ];
    let line = |label: String, r: &crate::domain::monthly::MonthRow| {
        vec![
            text(label),
            count(r.prescribed[0]),
            count(r.prescribed[1]),
            count(r.prescribed[2]),
            count(r.released.iter().sum()),
            amount(r.engaged),
            amount(r.done),
            amount(r.invoiced),
            amount(r.paid),
            amount(r.cumulative_engaged),
            amount(r.available),
        ]
    };
    if let Some(issued) = issued {
        rows.insert(1, vec![text(issued)]);
    }
    for r in &table.rows {
        rows.push(line(month_fr(r.year, r.month), r));
    }
    rows.push(line("Total".to_string(), &table.totals));
    rows.push(vec![text(c.source_line())]);
    write(rows)
}

/// The list of actions as CSV, one row per action, without the confidential notes.
pub fn actions(ledger: &Ledger) -> Vec<u8> {
    let mut rows = vec![vec![
        text("Entreprise"),
        text("SIRET"),
        text("Commune"),
        text("Fiche"),
        text("Statut"),
        text("Besoin identifié le"),
        text("Besoin"),
        text("Devis envoyé le"),
        text("Montant du devis (€)"),
        text("Engagé le"),
        text("Service fait le"),
        text("N° de facture"),
        text("Facturé le"),
        text("Montant facturé (€)"),
        text("Payé le"),
        text("Refus / annulation"),
    ]];
    for a in ledger.actions().values() {
        let r = a.record();
        let company = ledger.companies().get(a.company());
        rows.push(vec![
            text(company.map_or("", |c| c.name.as_str())),
            text(company.map_or("", |c| c.siret.as_str())),
            text(company.map_or("", |c| c.commune.as_str())),
            text(format!("Fiche {}", r.fiche.number())),
            text(a.status().label()),
            date(Some(r.identified_on)),
            text(&r.need),
            date(r.devis.as_ref().map(|d| d.sent_on)),
            r.devis.as_ref().map_or(text(""), |d| amount(d.amount)),
            date(r.engaged_on),
            date(r.done_on),
            text(r.invoice.as_ref().map_or("", |i| i.number.as_str())),
            date(r.invoice.as_ref().map(|i| i.issued_on)),
            r.invoice.as_ref().map_or(text(""), |i| amount(i.amount)),
            date(r.paid_on),
            text(
                r.stop
                    .as_ref()
                    .map_or(String::new(), |c| format!("{} – {}", fr(c.on), c.reason)),
            ),
        ]);
    }
    rows.push(vec![text(ledger.convention().source_line())]);
    write(rows)
}

/// The bilan des actions (art. 1) as CSV: its title and date, one line per fiche and the total
/// (counts and amounts of actions engaged, done, invoiced, paid, refused, cancelled), the envelope
/// used and left, the companies served per commune, the average delays between steps, and the
/// source line (art. 3.1).
pub fn bilan(ledger: &Ledger, bilan: &crate::domain::bilan::Bilan) -> Vec<u8> {
    let c = ledger.convention();
    let title = bilan.title();
    let mut rows = vec![
        vec![text(format!("{title} – {}", c.terms().title))],
        vec![text(format!("Au {}", fr(bilan.on)))],
        vec![
            text("Fiche"),
            text("Engagées"),
            text("Engagé (€)"),
            text("Service fait"),
            text("Service fait (€)"),
            text("Facturées"),
            text("Facturé (€)"),
            text("Payées"),
            text("Payé (€)"),
            text("Refusées"),
            text("Refusé (€)"),
            text("Annulées"),
            text("Annulé (€)"),
        ],
    ];
    let line = |label: String, l: &crate::domain::bilan::FicheLine| {
        let mut row = vec![text(label)];
        for t in l.tallies() {
            row.push(count(t.count));
            row.push(amount(t.amount));
        }
        row
    };
    for (fiche, l) in crate::domain::convention::Fiche::ALL
        .iter()
        .zip(&bilan.fiches)
    {
        rows.push(line(fiche.to_string(), l));
    }
    rows.push(line("Total".into(), &bilan.total));
    let f = &bilan.figures;
    rows.push(vec![text("Enveloppe (€)"), amount(f.envelope)]);
    rows.push(vec![text("Engagé (€)"), amount(f.engaged)]);
    rows.push(vec![text("Disponible (€)"), amount(f.available)]);
    rows.push(vec![
        text("Commune"),
        text("Entreprises accompagnées"),
        text("Actions engagées"),
        text("Engagé (€)"),
    ]);
    for commune in &bilan.communes {
        rows.push(vec![
            text(&commune.commune),
            count(commune.companies),
            count(commune.engaged.count),
            amount(commune.engaged.amount),
        ]);
    }
    rows.push(vec![
        text("Total"),
        count(bilan.companies),
        count(bilan.total.engaged.count),
        amount(bilan.total.engaged.amount),
    ]);
    rows.push(vec![
        text("Délai moyen"),
        text("Actions"),
        text("Jours (moyenne)"),
    ]);
    for delay in &bilan.delays {
        rows.push(vec![
            text(delay.stretch.label()),
            count(delay.actions),
            delay.average_fr().map_or(text(""), Cell::Number),
        ]);
    }
    rows.push(vec![text("Suites des actions (art. 2.3)"), text("Actions")]);
    rows.push(vec![
        text("Actions suivies après le service"),
        count(bilan.followed_up),
    ]);
    for (outcome, n) in &bilan.outcomes {
        rows.push(vec![text(outcome.with_fiche()), count(*n)]);
    }
    rows.push(vec![
        text("Suivi de la convention (art. 2.2, 2.3)"),
        text("Nombre"),
    ]);
    rows.push(vec![text("Rendez-vous tenus"), count(bilan.meetings)]);
    rows.push(vec![text("Actions de promotion"), count(bilan.promotions)]);
    rows.push(vec![text(c.source_line())]);
    write(rows)
}

/// The confidential data a diffusion request authorises (art. 3.1): what is passed, to whom and
/// for what, both parties' agreements, then each action whose diagnostic note is confidential
/// (company, SIRET, commune, fiche, status, note), and the source line. `None` unless both
/// agreements stand (the domain decides, not the button), or when this machine holds no
/// confidential note: an export that writes no row is not one.
pub fn confidential(
    ledger: &Ledger,
    request: &crate::domain::diffusion_request::DiffusionRequest,
) -> Option<Vec<u8>> {
    if !request.authorized() {
        return None;
    }
    let c = ledger.convention();
    let r = request.record();
    let mut rows = vec![
        vec![text(format!(
            "Données confidentielles transmises à {} – {}",
            r.recipient, r.what
        ))],
        vec![text(format!("Finalité : {}", r.purpose))],
        vec![text(format!(
            "Diffusion autorisée (art. 3.1) : {}",
            request.status(c)
        ))],
        vec![
            text("Entreprise"),
            text("SIRET"),
            text("Commune"),
            text("Fiche"),
            text("Statut"),
            text("Note de diagnostic"),
        ],
    ];
    for a in ledger.actions().values() {
        let note = &a.record().note;
        if !note.confidential || note.withheld || note.text.trim().is_empty() {
            continue;
        }
        let company = ledger.companies().get(a.company());
        rows.push(vec![
            text(company.map_or("", |c| c.name.as_str())),
            text(company.map_or("", |c| c.siret.as_str())),
            text(company.map_or("", |c| c.commune.as_str())),
            text(format!("Fiche {}", a.fiche().number())),
            text(a.status().label()),
            text(&note.text),
        ]);
    }
    if rows.len() == 4 {
        // Headers only: nothing confidential here, no file (and no export recorded).
        return None;
    }
    rows.push(vec![text(c.source_line())]);
    Some(write(rows))
}

/// Every convention at a glance (`domain::glance`) as CSV: one row per convention, then the
/// totals of the envelopes, engaged and available.
pub fn conventions(lines: &[crate::domain::glance::Glance]) -> Vec<u8> {
    let mut rows = vec![vec![
        text("Convention"),
        text("Financeur"),
        text("Début"),
        text("Fin"),
        text("Enveloppe (€)"),
        text("Engagé (€)"),
        text("Disponible (€)"),
        text("À faire"),
    ]];
    for l in lines {
        rows.push(vec![
            text(&l.title),
            text(&l.payer),
            date(Some(l.starts)),
            date(Some(l.ends)),
            amount(l.envelope),
            amount(l.engaged),
            amount(l.available),
            text(l.waiting.join(" ; ")),
        ]);
    }
    let (envelope, engaged, available) = crate::domain::glance::totals(lines);
    rows.push(vec![
        text(format!("Total ({} conventions)", lines.len())),
        text(""),
        text(""),
        text(""),
        amount(envelope),
        amount(engaged),
        amount(available),
        text(""),
    ]);
    write(rows)
}

/// `suivi-mensuel_CCST_2021-03-31.csv`: what, whose, when.
pub fn file_name(what: &str, ledger: &Ledger, on: NaiveDate) -> String {
    let who = file_name_part(&ledger.convention().terms().payer.short_name);
    format!("{what}_{who}_{}.csv", crate::domain::date::iso(on))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::action::ActionId;
    use crate::domain::company::{CompanyForm, CompanyId};
    use crate::domain::convention::{Fiche, Side};
    use crate::test_support::{self, company_form, d, stamp};

    fn ledger_with(name: &str, need: &str) -> Ledger {
        let form = CompanyForm {
            activity: "Ébénisterie".into(),
            ..company_form(name, "Fêche-l'Église")
        };
        let mut l = test_support::ledger_with("c", &form);
        let id = ActionId("a".into());
        l.create_action(
            id.clone(),
            &CompanyId("c".into()),
            Fiche::Digital,
            d(2021, 3, 1),
            need,
            stamp(Side::Chamber),
        )
        .unwrap();
        l.send_devis(&id, d(2021, 3, 2), "Programme", stamp(Side::Chamber))
            .unwrap();
        l.engage(&id, d(2021, 3, 31), stamp(Side::Payer)).unwrap();
        l.set_note(
            &id,
            "Dettes fiscales très confidentielles",
            true,
            stamp(Side::Chamber),
        )
        .unwrap();
        l
    }

    fn as_text(bytes: &[u8]) -> String {
        assert!(bytes.starts_with(BOM), "starts with the UTF-8 BOM");
        String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap()
    }

    #[test]
    fn every_convention_at_a_glance_with_its_totals() {
        let today = d(2021, 1, 20);
        let one = test_support::ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
        let two = Ledger::new(crate::domain::convention::Convention::seed());
        let lines = [
            crate::domain::glance::Glance::of(&one, Some(Side::Payer), today),
            crate::domain::glance::Glance::of(&two, Some(Side::Payer), today),
        ];
        let text = String::from_utf8(conventions(&lines)).unwrap();
        let rows: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            rows[0],
            "\"Convention\";\"Financeur\";\"Début\";\"Fin\";\"Enveloppe (€)\";\"Engagé (€)\";\"Disponible (€)\";\"À faire\""
        );
        assert!(
            rows[1].contains("\"CCST\";\"27/11/2020\";\"31/12/2021\";\"5000,00\""),
            "{}",
            rows[1]
        );
        assert!(
            rows[3].starts_with("\"Total (2 conventions)\";\"\";\"\";\"\";\"10000,00\""),
            "{}",
            rows[3]
        );
    }

    #[test]
    fn formula_starts_are_neutralised() {
        for bad in [
            "=1+1",
            "+33",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "\nx",
            "=HYPERLINK(\"http://x\")",
        ] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Boulangerie"), "Boulangerie");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn injected_company_names_are_written_inert() {
        let l = ledger_with("=cmd|' /C calc'!A0", "-2+3");
        let csv = as_text(&actions(&l));
        assert!(csv.contains("\"'=cmd|' /C calc'!A0\""), "{csv}");
        assert!(csv.contains("\"'-2+3\""), "{csv}");
    }

    #[test]
    fn french_settings_bom_semicolon_crlf_decimal_comma_accents() {
        let l = ledger_with(
            "Menuiserie Éloïse",
            "Besoin; avec \"guillemets\"\net saut de ligne",
        );
        let csv = as_text(&actions(&l));
        let header = csv.split("\r\n").next().unwrap();
        assert!(header.starts_with("\"Entreprise\";\"SIRET\";\"Commune\""));
        assert!(csv.contains("\"Menuiserie Éloïse\""));
        assert!(csv.contains("\"Fêche-l'Église\""));
        assert!(
            csv.contains("\"1200,00\""),
            "amounts with a decimal comma: {csv}"
        );
        assert!(csv.contains("\"31/03/2021\""));
        assert!(
            csv.contains("\"Besoin; avec \"\"guillemets\"\"\net saut de ligne\""),
            "{csv}"
        );
        assert!(csv.ends_with("\r\n"));
        assert!(
            !csv.contains("Dettes fiscales"),
            "confidential notes never exported"
        );
        // Every record ends with CRLF: a bare LF only appears inside a quoted field.
        let bare_lf = csv.replace("\r\n", "").matches('\n').count();
        assert_eq!(bare_lf, 1);
    }

    #[test]
    fn monthly_table_rows_totals_and_source() {
        let l = ledger_with("Garage", "Besoin");
        let csv = as_text(&monthly_table(&l));
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        // Title, header, 14 months (11/2020 → 12/2021), total, source.
        assert_eq!(lines.len(), 1 + 1 + 14 + 1 + 1);
        assert!(lines[1].starts_with("\"Mois\";\"Fiche 1 prescrites\""));
        let march = lines.iter().find(|l| l.starts_with("\"03/2021\"")).unwrap();
        assert_eq!(
            *march,
            "\"03/2021\";\"0\";\"1\";\"0\";\"0\";\"1200,00\";\"0,00\";\"0,00\";\"0,00\";\"1200,00\";\"3800,00\""
        );
        assert!(lines[16].starts_with("\"Total\";\"0\";\"1\";\"0\";\"0\";\"1200,00\""));
        assert_eq!(
            lines[17],
            "\"Source : CMA BFC – CCST, convention du 27/11/2020\""
        );
    }

    #[test]
    fn bilan_per_fiche_envelope_communes_delays_and_source() {
        let l = ledger_with("Garage", "Besoin");
        let b = crate::domain::bilan::Bilan::compute(&l, d(2022, 1, 1));
        let csv = as_text(&bilan(&l, &b));
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert!(lines[0].starts_with("\"Bilan final des actions – "));
        assert_eq!(lines[1], "\"Au 01/01/2022\"");
        let fiche2 = lines.iter().find(|x| x.starts_with("\"Fiche 2")).unwrap();
        assert!(
            fiche2.ends_with(";\"1\";\"1200,00\";\"0\";\"0,00\";\"0\";\"0,00\";\"0\";\"0,00\";\"0\";\"0,00\";\"0\";\"0,00\""),
            "{fiche2}"
        );
        assert!(lines.contains(&"\"Disponible (€)\";\"3800,00\""));
        assert!(lines.contains(&"\"Fêche-l'Église\";\"1\";\"1\";\"1200,00\""));
        assert!(lines.contains(&"\"devis → engagement\";\"1\";\"29\""));
        assert!(lines.contains(&"\"facture → paiement\";\"0\";\"\""));
        assert!(lines.contains(&"\"Actions suivies après le service\";\"0\""));
        assert!(lines.contains(&"\"Fiche 1 – Microcrédit ADIE\";\"0\""));
        assert_eq!(
            *lines.last().unwrap(),
            "\"Source : CMA BFC – CCST, convention du 27/11/2020\""
        );
    }

    #[test]
    fn file_names_say_what_whose_and_when() {
        let l = ledger_with("G", "B");
        assert_eq!(
            file_name("suivi-mensuel", &l, d(2021, 3, 31)),
            "suivi-mensuel_CCST_2021-03-31.csv"
        );
    }
}
