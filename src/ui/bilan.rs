//! The bilan des actions (art. 1) on screen and on paper: at the date the user picks (today by
//! default; final once the convention has ended), per fiche the actions engaged, done, invoiced,
//! paid, refused and cancelled, the envelope, the companies and communes served with a chart, the
//! average delays between steps, its CSV and the source line (art. 3.1). Every figure comes from
//! [`crate::domain::bilan::Bilan`].

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dashboard::{EnvelopeFiguresCard, percent};
use super::state::use_state;
use super::widgets::{ShareButton, TextField};
use crate::domain::bilan::{Bilan, CommuneLine, FicheLine, Tally};
use crate::domain::convention::Fiche;
use crate::domain::date::{self, fr};
use crate::export::csv;
use crate::web::files::Delivery;
use crate::web::{clock, files, page};

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
        spawn_local(async move {
            let r = files::deliver(how, &name, "text/csv;charset=utf-8", &bytes).await;
            error.set(r.err());
        });
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
                <FicheTable bilan=b.clone() />
                <h3>"Enveloppe au " {fr(b.on)}</h3>
                <EnvelopeFiguresCard figures=b.figures />
                <CommunesServed bilan=b.clone() />
                <Delays bilan=b />
                <p class="source" data-testid="source">{source()}</p>
            </article>
        })}
    }
}

/// Per fiche and in total: the actions engaged, done, invoiced, paid, refused, cancelled.
#[component]
fn FicheTable(bilan: Bilan) -> impl IntoView {
    let line = |label: String, l: FicheLine, total: bool| {
        let cells = [
            l.engaged,
            l.done,
            l.invoiced,
            l.paid,
            l.refused,
            l.cancelled,
        ]
        .map(|t: Tally| {
            view! { <td class="num">{t.count}</td><td class="num">{t.amount.to_string()}</td> }
        });
        view! { <tr class:total=total><th scope="row">{label}</th>{cells.into_iter().collect_view()}</tr> }
    };
    let rows = Fiche::ALL
        .iter()
        .zip(bilan.fiches)
        .map(|(f, l)| line(f.to_string(), l, false))
        .collect_view();
    let heads = [
        "Engagées",
        "Service fait",
        "Facturées",
        "Payées",
        "Refusées",
        "Annulées",
    ]
    .map(|h| {
        view! { <th scope="col" class="num">{h}</th><th scope="col" class="num">"€"</th> }
    });
    view! {
        <div class="scroll-x" tabindex="0">
        <table class="list bilan-fiches" data-testid="bilan-fiches">
                <caption>"Actions par fiche"</caption>
                <thead><tr><th scope="col">"Fiche"</th>{heads.into_iter().collect_view()}</tr></thead>
                <tbody>{rows}{line("Total".into(), bilan.total, true)}</tbody>
            </table>
        </div>
    }
}

/// The companies served per commune: a table and a chart of the amounts engaged.
#[component]
fn CommunesServed(bilan: Bilan) -> impl IntoView {
    let most = bilan
        .communes
        .iter()
        .map(|c| c.engaged.amount)
        .max()
        .unwrap_or_default();
    let row = |c: &CommuneLine| {
        view! {
            <tr>
                <th scope="row">{c.commune.clone()}</th>
                <td class="num">{c.companies}</td>
                <td class="num">{c.engaged.count}</td>
                <td class="num">{c.engaged.amount.to_string()}</td>
                <td class="bar-cell" aria-hidden="true">
                    <svg viewBox="0 0 100 6" preserveAspectRatio="none"><rect class="bar-engaged" width=percent(c.engaged.amount, most) height="6" /></svg>
                </td>
            </tr>
        }
    };
    let rows = bilan.communes.iter().map(row).collect_view();
    view! {
        <div class="scroll-x" tabindex="0">
        <table class="list bilan-communes" data-testid="bilan-communes">
                <caption>"Entreprises accompagnées par commune"</caption>
                <thead><tr>
                    <th scope="col">"Commune"</th>
                    <th scope="col" class="num">"Entreprises"</th>
                    <th scope="col" class="num">"Actions engagées"</th>
                    <th scope="col" class="num">"Engagé"</th>
                    <th scope="col">"Part de l'engagé"</th>
                </tr></thead>
                <tbody>
                    {rows}
                    <tr class="total">
                        <th scope="row">"Total"</th>
                        <td class="num">{bilan.companies}</td>
                        <td class="num">{bilan.total.engaged.count}</td>
                        <td class="num">{bilan.total.engaged.amount.to_string()}</td>
                        <td></td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

/// The average delay between consecutive steps.
#[component]
fn Delays(bilan: Bilan) -> impl IntoView {
    let rows = bilan
        .delays
        .iter()
        .map(|d| {
            let days = d.average_fr().map_or("–".to_string(), |days| format!("{days} j"));
            view! { <tr><th scope="row">{d.stretch.label()}</th><td class="num">{d.actions}</td><td class="num">{days}</td></tr> }
        })
        .collect_view();
    view! {
        <table class="list bilan-delays" data-testid="bilan-delays">
            <caption>"Délais moyens entre les étapes"</caption>
            <thead><tr><th scope="col">"Étapes"</th><th scope="col" class="num">"Actions"</th><th scope="col" class="num">"Délai moyen"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
