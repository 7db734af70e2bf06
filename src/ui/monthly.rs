//! The monthly tracking table (art. 3.4) on screen and on paper: the dashboard's figures, a bar
//! chart of funds engaged and paid per month, the table with its totals, the CSV exports for the
//! accountants, and the source line every diffused figure carries (art. 3.1).

use leptos::prelude::*;
use rust_decimal::Decimal;

use super::dashboard::EnvelopeFiguresCard;
use super::state::use_state;
use super::widgets::{ShareButton, deliver_csv};
use crate::domain::date::{fr, month_fr};
use crate::domain::money::Euros;
use crate::domain::monthly::{MonthRow, MonthlyTable};
use crate::export::csv;
use crate::web::files::Delivery;
use crate::web::{clock, files, page};
use crate::workspace::command::IssueMonth;

/// The CSV files of the monthly tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CsvExport {
    /// The monthly tracking table (art. 3.4).
    Monthly,
    /// Every action of the convention.
    Actions,
}

impl CsvExport {
    /// The start of the file's name.
    fn file_stem(self) -> &'static str {
        match self {
            CsvExport::Monthly => "suivi-mensuel",
            CsvExport::Actions => "actions",
        }
    }
}

/// The monthly tab.
#[component]
pub fn MonthlyView() -> impl IntoView {
    let state = use_state();
    // The table shown and printed: today's, or an issued one (by month key).
    let shown_issued = RwSignal::new(None::<String>);
    let issued = Memo::new(move |_| {
        let key = shown_issued.get()?;
        state
            .with_ledger(|l| {
                let t = l.issued_tables().get(&key)?;
                let party = &l.convention().party(t.stamp.actor.side).short_name;
                Some((
                    t.table.clone(),
                    format!("Tableau de {} {}", t.label(), t.issued_by(party)),
                ))
            })
            .flatten()
    });
    let table = Memo::new(move |_| match issued.get() {
        Some((t, _)) => Some(t),
        None => state.with_ledger(|l| l.monthly_table()),
    });
    let figures = Memo::new(move |_| state.with_ledger(|l| l.figures()));
    let error = RwSignal::new(None::<String>);
    let export = move |what: CsvExport, how: Delivery| {
        let Some((name, bytes)) = state.with_ledger(|l| {
            let bytes = match what {
                CsvExport::Monthly => csv::monthly_table(l),
                CsvExport::Actions => csv::actions(l),
            };
            (csv::file_name(what.file_stem(), l, clock::today()), bytes)
        }) else {
            return;
        };
        deliver_csv(how, name, bytes, error);
    };
    let heading = move || {
        state
            .with_ledger(|l| {
                let t = l.convention().terms();
                (
                    t.title.clone(),
                    format!(
                        "Convention du {} entre {} et {} – période du {} au {}",
                        fr(t.signed_on),
                        t.payer.name,
                        t.chamber.short_name,
                        fr(t.signed_on),
                        fr(t.ends_on)
                    ),
                    l.convention().source_line(),
                )
            })
            .unwrap_or_default()
    };
    view! {
        <div class="toolbar no-print">
            <button type="button" class="primary" on:click=move |_| export(CsvExport::Monthly, Delivery::Download)>
                "Exporter le suivi mensuel (CSV)"
            </button>
            <ShareButton what="le suivi mensuel (CSV)" on_share=Callback::new(move |_| export(CsvExport::Monthly, Delivery::Share)) />
            <button type="button" on:click=move |_| export(CsvExport::Actions, Delivery::Download)>"Exporter la liste des actions (CSV)"</button>
            <ShareButton what="la liste des actions (CSV)" on_share=Callback::new(move |_| export(CsvExport::Actions, Delivery::Share)) />
            <button type="button" on:click=move |_| page::print()>"Imprimer / PDF"</button>
        </div>
        <p class="form-error no-print" role="alert">{move || error.get().unwrap_or_default()}</p>
        <article class="print-monthly" aria-labelledby="monthly-title">
            <h2 id="monthly-title">"Tableau de suivi mensuel – " {move || heading().0}</h2>
            <p class="subtitle">{move || heading().1}</p>
            {move || match issued.get() {
                Some((_, by)) => view! {
                    <p class="issued-by" data-testid="issued-by"><strong>{by}</strong></p>
                    <button type="button" class="no-print" on:click=move |_| shown_issued.set(None)>"Revenir au tableau actuel"</button>
                }.into_any(),
                None => view! {
                    {move || figures.get().map(|f| view! { <EnvelopeFiguresCard figures=f /> })}
                }.into_any(),
            }}
            {move || table.get().map(|t| view! {
                <MonthlyChart table=t.clone() />
                <MonthlyTableView table=t />
            })}
            <p class="source" data-testid="source">{move || heading().2}</p>
        </article>
        <IssuedTables shown=shown_issued />
    }
}

/// The monthly tables issued (art. 3.4: "établi mensuellement"): the gesture that issues a
/// complete month, and each issued table with who issued it, its CSV (the same bytes whatever was
/// recorded since) and how the table differs today (late entries). Not printed with the table.
#[component]
fn IssuedTables(
    /// The issued table shown above, in place of today's, to reprint it.
    shown: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_state();
    let chosen = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let issuable = move || {
        state
            .with_ledger(|l| l.issuable_months(clock::today()))
            .unwrap_or_default()
    };
    let issued = move || {
        state
            .with_ledger(|l| {
                let live = l.monthly_table();
                l.issued_tables()
                    .values()
                    .rev()
                    .map(|t| {
                        let party = l.convention().party(t.stamp.actor.side).short_name.clone();
                        (t.clone(), t.issued_by(&party), t.differences(&live))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    // The month whose issue waits for the user's confirmation.
    let confirming = RwSignal::new(None::<(i32, u32)>);
    let issue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let months = issuable();
        let picked = chosen.get_untracked();
        let Some(&(year, month)) = months
            .iter()
            .find(|(y, m)| crate::domain::issued::month_key(*y, *m) == picked)
            .or(months.first())
        else {
            return;
        };
        // Final: said, and asked, before it is done.
        confirming.set(Some((year, month)));
    };
    let confirm_issue = move |_| {
        let Some((year, month)) = confirming.get_untracked() else {
            return;
        };
        confirming.set(None);
        let today = clock::today();
        let result = state.change(IssueMonth { year, month, today });
        error.set(result.err());
    };
    let export = move |key: String| {
        let Some((name, bytes)) = state
            .with_ledger(|l| {
                let t = l.issued_tables().get(&key)?;
                let stem = format!("suivi-mensuel-arrete-{key}");
                Some((
                    csv::file_name(&stem, l, t.issued_on),
                    csv::issued_table(l, t),
                ))
            })
            .flatten()
        else {
            return;
        };
        error.set(files::download_bytes(&name, files::CSV, &bytes).err());
    };
    view! {
        <section class="card no-print" aria-labelledby="issued-title" data-testid="issued-tables">
            <h2 id="issued-title">"Tableaux arrêtés (art. 3.4)"</h2>
            <p class="hint">"Chaque mois écoulé, arrêtez le tableau tel qu'il est : il est conservé tel quel, se réimprime et s'exporte à l'identique, et voyage dans le fichier d'échange. Une saisie tardive n'y change rien : l'écart avec le tableau actuel est affiché."</p>
            {move || {
                let months = issuable();
                (!months.is_empty()).then(|| view! {
                    <form class="buttons" on:submit=issue aria-label="Arrêter un tableau mensuel">
                        <div class="field">
                            <label for="issue-month">"Mois à arrêter"</label>
                            <select id="issue-month" on:change=move |ev| chosen.set(event_target_value(&ev))>
                                // The first month not issued first: the tables are issued in order.
                                {months.iter().map(|&(y, m)| {
                                    let key = crate::domain::issued::month_key(y, m);
                                    view! { <option value=key>{month_fr(y, m)}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="primary">"Arrêter le tableau de ce mois"</button>
                    </form>
                })
            }}
            {move || confirming.get().map(|(y, m)| view! {
                <div class="preview" role="alertdialog" aria-label="Arrêter le tableau" data-testid="confirm-issue">
                    <p>{format!("Arrêter définitivement le tableau de {} ? Il sera conservé tel quel, envoyé à l'autre partie avec le prochain fichier d'échange, et ne pourra plus être modifié : une saisie tardive apparaîtra comme un écart.", month_fr(y, m))}</p>
                    <super::widgets::ConfirmOrGiveUp label="Arrêter définitivement" class="primary" on_confirm=Callback::new(confirm_issue) on_give_up=Callback::new(move |_| confirming.set(None)) />
                </div>
            })}
            <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            <ul class="issued">
                {move || issued().into_iter().map(|(t, by, differences)| {
                    let key = t.key();
                    let show = key.clone();
                    view! {
                        <li data-testid="issued-table">
                            <strong>{format!("Tableau de {}", t.label())}</strong>
                            {format!(" – {by} – engagé cumulé {}, disponible {}", t.table.totals.cumulative_engaged, t.table.totals.available)}
                            " "
                            <button type="button" on:click=move |_| export(key.clone())>{format!("Exporter le tableau de {} (CSV)", t.label())}</button>
                            " "
                            <button type="button" on:click=move |_| shown.set(Some(show.clone()))>{format!("Afficher et imprimer le tableau de {}", t.label())}</button>
                            <super::widgets::ProvedSteps kind=crate::domain::signed::SealedKind::Issued id=t.key() />
                            {(!differences.is_empty()).then(|| view! {
                                <div class="alert">
                                    <p>"Saisies tardives : le tableau actuel diffère du tableau arrêté."</p>
                                    <ul>{differences.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                                </div>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Height of a bar of `value` in a chart whose tallest bar is `max`, out of 100 units.
fn bar(value: Euros, max: Decimal) -> Decimal {
    if max.is_zero() || value.is_negative() {
        return Decimal::ZERO;
    }
    (value.decimal() * Decimal::ONE_HUNDRED / max).round_dp(2)
}

/// Funds engaged and paid per month, as bars.
#[component]
fn MonthlyChart(table: MonthlyTable) -> impl IntoView {
    let max = table
        .rows
        .iter()
        .flat_map(|r| [r.engaged.decimal(), r.paid.decimal()])
        .fold(Decimal::ZERO, Decimal::max);
    let n = table.rows.len().max(1);
    let slot = Decimal::from(600) / Decimal::from(n as u64);
    let width = (slot * Decimal::new(35, 2)).round_dp(2);
    let bars = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let x = slot * Decimal::from(i as u64);
            let engaged = bar(r.engaged, max);
            let paid = bar(r.paid, max);
            let label = format!("{:02}/{}", r.month, r.year % 100);
            let title = format!("{} : engagé {}, payé {}", month_fr(r.year, r.month), r.engaged, r.paid);
            view! {
                <g>
                    <title>{title}</title>
                    <rect class="bar-engaged" x=(x + Decimal::from(4)).round_dp(2).to_string() y=(Decimal::from(110) - engaged).to_string() width=width.to_string() height=engaged.to_string() />
                    <rect class="bar-paid" x=(x + Decimal::from(4) + width).round_dp(2).to_string() y=(Decimal::from(110) - paid).to_string() width=width.to_string() height=paid.to_string() />
                    <text x=(x + slot / Decimal::TWO).round_dp(2).to_string() y="124" text-anchor="middle">{label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox="0 0 600 130" role="img" aria-label="Fonds engagés et payés par mois" data-testid="monthly-chart">
                <line x1="0" y1="110" x2="600" y2="110" class="axis" />
                {bars}
            </svg>
            <figcaption>
                <span class="swatch bar-engaged"></span>"Engagé dans le mois "
                <span class="swatch bar-paid"></span>"Payé dans le mois"
            </figcaption>
        </figure>
    }
}

/// One row of the table.
#[component]
fn MonthLine(label: String, row: MonthRow, #[prop(optional)] total: bool) -> impl IntoView {
    let cells = [
        row.engaged,
        row.done,
        row.invoiced,
        row.paid,
        row.cumulative_engaged,
        row.available,
    ];
    view! {
        <tr class:total=total>
            <th scope="row">{label}</th>
            {row.prescribed.iter().map(|n| view! { <td class="num">{*n}</td> }).collect_view()}
            <td class="num">{row.released.iter().sum::<u32>()}</td>
            {cells.into_iter().map(|e| view! { <td class="num">{e.to_string()}</td> }).collect_view()}
        </tr>
    }
}

/// The table: one row per month, then the totals.
#[component]
fn MonthlyTableView(table: MonthlyTable) -> impl IntoView {
    view! {
        <table class="list monthly" data-testid="monthly-table">
            <thead>
                <tr>
                    <th scope="col">"Mois"</th>
                    <th scope="col" class="num">"Fiche 1"</th>
                    <th scope="col" class="num">"Fiche 2"</th>
                    <th scope="col" class="num">"Fiche 3"</th>
                    <th scope="col" class="num">"Annul."</th>
                    <th scope="col" class="num">"Engagé"</th>
                    <th scope="col" class="num">"Service fait"</th>
                    <th scope="col" class="num">"Facturé"</th>
                    <th scope="col" class="num">"Payé"</th>
                    <th scope="col" class="num">"Engagé cumulé"</th>
                    <th scope="col" class="num">"Disponible"</th>
                </tr>
            </thead>
            <tbody>
                {table.rows.into_iter().map(|r| view! { <MonthLine label=month_fr(r.year, r.month) row=r /> }).collect_view()}
            </tbody>
            <tfoot>
                <MonthLine label="Total".to_string() row=table.totals total=true />
            </tfoot>
        </table>
    }
}
