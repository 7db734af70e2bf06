//! The bilan des actions (art. 1) on screen and on paper: at the date the user picks (today by
//! default; final once the convention has ended), per fiche the actions engaged, done, invoiced,
//! paid, refused and cancelled, the envelope, the companies and communes served with a chart, the
//! average delays between steps, the outcomes recorded after the services (art. 2.3), its CSV
//! and the source line (art. 3.1). Every figure comes from
//! [`crate::domain::bilan::Bilan`].

use leptos::prelude::*;

use super::dashboard::{EnvelopeFiguresCard, percent};
use super::state::use_state;
use super::widgets::{ShareButton, TextField, deliver_csv};
use crate::domain::bilan::{Bilan, CommuneLine, FicheLine, Tally};
use crate::domain::convention::Fiche;
use crate::domain::date::{self, fr};
use crate::export::csv;
use crate::web::files::Delivery;
use crate::web::{clock, page};

/// The bilan tab.
#[component]
pub fn BilanView() -> impl IntoView {
    let state = use_state();
    let on = RwSignal::new(date::iso(clock::today()));
    let day = Memo::new(move |_| date::parse(&on.get()).map_err(|e| e.to_string()));
    let bilan = Memo::new(move |_| {
        let day = day.get().ok()?;
        state.with_ledger(|l| Bilan::compute(l, day))
    });
    let error = RwSignal::new(None::<String>);
    let export = move |how: Delivery| {
        let Some(b) = bilan.get_untracked() else {
            return;
        };
        let Some((name, bytes)) = state
            .with_ledger_untracked(|l| (csv::file_name(b.file_stem(), l, b.on), csv::bilan(l, &b)))
        else {
            return;
        };
        deliver_csv(how, name, bytes, error);
    };
    let source = move || {
        state
            .with_ledger(|l| l.convention().source_line())
            .unwrap_or_default()
    };
    let convention = move || {
        state
            .with_ledger(|l| l.convention().terms().title.clone())
            .unwrap_or_default()
    };
    view! {
        <div class="toolbar no-print">
            <TextField id="bilan-on" label="Bilan au" kind="date" value=on error=Signal::derive(move || day.get().err()) />
            <button type="button" class="primary" on:click=move |_| export(Delivery::Download)>"Exporter le bilan (CSV)"</button>
            <ShareButton what="le bilan (CSV)" on_share=Callback::new(move |_| export(Delivery::Share)) />
            <button type="button" on:click=move |_| page::print()>"Imprimer / PDF"</button>
        </div>
        <p class="form-error no-print" role="alert">{move || error.get().unwrap_or_default()}</p>
        {move || bilan.get().map(|b| view! {
            <article class="print-bilan" aria-labelledby="bilan-title" data-testid="bilan">
                <h2 id="bilan-title">{b.title()} " – " {convention()}</h2>
                <p class="subtitle">"Au " {fr(b.on)}</p>
                <FigureTable caption="Actions par fiche" testid="bilan-fiches" rows=fiche_rows(&b)
                    heads=vec!["Fiche", "Engagées", "€", "Service fait", "€", "Facturées", "€", "Payées", "€", "Refusées", "€", "Annulées", "€"]
                    legend=Fiche::ALL.iter().map(|f| f.to_string()).collect() />
                <h3>"Enveloppe au " {fr(b.on)}</h3>
                <EnvelopeFiguresCard figures=b.figures />
                <FigureTable caption="Entreprises accompagnées par commune" testid="bilan-communes" rows=commune_rows(&b)
                    heads=vec!["Commune", "Entreprises", "Actions engagées", "Engagé"] />
                <FigureTable caption="Délais moyens entre les étapes" testid="bilan-delays" rows=delay_rows(&b)
                    heads=vec!["Étapes", "Actions", "Délai moyen"] />
                <FigureTable caption="Suites des actions (développements des entreprises)" testid="bilan-outcomes" rows=outcome_rows(&b)
                    heads=vec!["Résultat", "Actions"] />
                <FigureTable caption="Suivi de la convention" testid="bilan-journal" rows=vec![
                        Row::new("Rendez-vous tenus (art. 2.3)", vec![b.meetings.to_string()]),
                        Row::new("Actions de promotion (art. 2.2)", vec![b.promotions.to_string()]),
                    ]
                    heads=vec!["", "Nombre"] />
                <p class="source" data-testid="source">{source()}</p>
            </article>
        })}
    }
}

/// One row of a [`FigureTable`]: its heading, its cells, the share its bar shows (percent, for the
/// last column), whether it is the total.
struct Row {
    head: String,
    cells: Vec<String>,
    bar: Option<String>,
    total: bool,
}

impl Row {
    fn new(head: impl Into<String>, cells: Vec<String>) -> Row {
        Row {
            head: head.into(),
            cells,
            bar: None,
            total: false,
        }
    }

    fn total(self) -> Row {
        Row {
            total: true,
            ..self
        }
    }
}

/// A table of the bilan: caption, column heads (the first names the rows), figures right-aligned,
/// an optional bar per row. Scrolls sideways on a narrow screen; prints whole.
#[component]
fn FigureTable(
    caption: &'static str,
    heads: Vec<&'static str>,
    rows: Vec<Row>,
    testid: &'static str,
    /// What the rows' short headings stand for, under the table.
    #[prop(optional)]
    legend: Vec<String>,
) -> impl IntoView {
    let bars = rows.iter().any(|r| r.bar.is_some());
    let (first, rest) = heads.split_first().map_or(("", &[][..]), |(f, r)| (*f, r));
    let rows = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr class:total=r.total>
                    <th scope="row">{r.head}</th>
                    {r.cells.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                    {bars.then(|| view! {
                        <td class="bar-cell" aria-hidden="true">
                            {r.bar.map(|w| view! { <svg viewBox="0 0 100 6" preserveAspectRatio="none"><rect class="bar-engaged" width=w height="6" /></svg> })}
                        </td>
                    })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="scroll-x" tabindex="0">
            <table class=format!("list {testid}") data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{first}</th>
                    {rest.iter().map(|h| view! { <th scope="col" class="num">{*h}</th> }).collect_view()}
                    {bars.then(|| view! { <th scope="col">"Part de l'engagé"</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(!legend.is_empty()).then(|| view! {
            <ul class="table-legend">{legend.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        })}
    }
}

/// Per fiche and in total: the actions engaged, done, invoiced, paid, refused, cancelled.
fn fiche_rows(bilan: &Bilan) -> Vec<Row> {
    let cells = |l: &FicheLine| {
        l.tallies()
            .iter()
            .flat_map(|t: &Tally| [t.count.to_string(), t.amount.to_string()])
            .collect()
    };
    Fiche::ALL
        .iter()
        .zip(&bilan.fiches)
        // "Fiche 2": the full title is in the table's legend, so the table fits a 1280 px window.
        .map(|(f, l)| Row::new(format!("Fiche {}", f.number()), cells(l)))
        .chain([Row::new("Total", cells(&bilan.total)).total()])
        .collect()
}

/// The companies served per commune, with a bar of the amount engaged.
fn commune_rows(bilan: &Bilan) -> Vec<Row> {
    let most = bilan
        .communes
        .iter()
        .map(|c| c.engaged.amount)
        .max()
        .unwrap_or_default();
    let cells = |companies: u32, engaged: Tally| {
        vec![
            companies.to_string(),
            engaged.count.to_string(),
            engaged.amount.to_string(),
        ]
    };
    bilan
        .communes
        .iter()
        .map(|c: &CommuneLine| Row {
            bar: Some(percent(c.engaged.amount, most)),
            ..Row::new(c.commune.clone(), cells(c.companies, c.engaged))
        })
        .chain([Row::new("Total", cells(bilan.companies, bilan.total.engaged)).total()])
        .collect()
}

/// The average delay between consecutive steps.
fn delay_rows(bilan: &Bilan) -> Vec<Row> {
    bilan
        .delays
        .iter()
        .map(|d| {
            let days = d
                .average_fr()
                .map_or("–".to_string(), |days| format!("{days} j"));
            Row::new(d.stretch.label(), vec![d.actions.to_string(), days])
        })
        .collect()
}

/// What became of the companies (art. 2.3): the actions followed up, and each outcome of the annex.
fn outcome_rows(bilan: &Bilan) -> Vec<Row> {
    [Row::new(
        "Actions suivies après le service",
        vec![bilan.followed_up.to_string()],
    )
    .total()]
    .into_iter()
    .chain(
        bilan
            .outcomes
            .iter()
            .map(|(o, n)| Row::new(o.with_fiche(), vec![n.to_string()])),
    )
    .collect()
}
