//! Fiche 3's networking (annex: "synthèse des offres et demandes de collaboration pour mise en
//! relation des professionnels"): the editor of a company's offers and demands in a fiche 3
//! action's panel (the chamber's; the payer reads them), and the "Mise en relation" tab — the
//! synthesis of every company's offers and demands and the possible matches
//! ([`crate::domain::collaboration::matches`]), printed on A4 with the source line.

use leptos::prelude::*;

use super::state::use_state;
use super::widgets::{FormError, ProvedSteps, TextArea};
use crate::domain::action::Action;
use crate::domain::collaboration::matches;
use crate::domain::convention::Side;
use crate::domain::signed::SealedKind;
use crate::web::page;
use crate::workspace::command::SetCollaboration;

/// The offers and demands of a fiche 3 action's company: a form for the chamber, the text for the
/// payer.
#[component]
pub fn CollaborationPanel(action: Action) -> impl IntoView {
    let state = use_state();
    let company = action.company().clone();
    let current = state
        .with_ledger_untracked(|l| l.collaborations().get(&company).map(|c| c.record().clone()))
        .flatten();
    let (offers, seeks) = current.map_or_else(Default::default, |r| {
        (r.offers.join("\n"), r.seeks.join("\n"))
    });
    let chamber = state
        .identity
        .get_untracked()
        .is_some_and(|a| a.side == Side::Chamber);
    // Who recorded them, and how each recording is proved (once there is one).
    let proofs = {
        let company = company.clone();
        move || {
            let id = company.0.clone();
            state
                .with_ledger(|l| l.collaborations().contains_key(&company))
                .unwrap_or(false)
                .then(|| view! { <ProvedSteps kind=SealedKind::Collaboration id=id /> })
        }
    };
    if !chamber {
        return view! {
            <div class="note" aria-label="Offres et demandes de collaboration">
                <h3>"Offres et demandes de collaboration (fiche 3)"</h3>
                <p class="prewrap">{format!("Propose : {}\nRecherche : {}", if offers.is_empty() { "—".into() } else { offers.replace('\n', ", ") }, if seeks.is_empty() { "—".into() } else { seeks.replace('\n', ", ") })}</p>
                {proofs}
            </div>
        }
        .into_any();
    }
    let offers = RwSignal::new(offers);
    let seeks = RwSignal::new(seeks);
    // What is typed differs from what is recorded (read again after each save).
    let recorded = {
        let company = company.clone();
        move || {
            state
                .with_ledger(|l| {
                    l.collaborations()
                        .get(&company)
                        .map(|c| (c.record().offers.join("\n"), c.record().seeks.join("\n")))
                })
                .flatten()
                .unwrap_or_default()
        }
    };
    let tidy = |text: String| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    super::history::draft_while(state, "Offres et demandes de collaboration", move || {
        let (o, s) = recorded();
        (tidy(offers.get()), tidy(seeks.get())) != (tidy(o), tidy(s))
    });
    let error = RwSignal::new(None::<String>);
    let lines = |s: RwSignal<String>| {
        s.get_untracked()
            .lines()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = state.change(SetCollaboration {
            company: company.clone(),
            offers: lines(offers),
            seeks: lines(seeks),
        });
        error.set(result.err());
    };
    view! {
        <form class="note" on:submit=save aria-label="Offres et demandes de collaboration">
            <h3>"Offres et demandes de collaboration (fiche 3)"</h3>
            <div class="grid">
                <TextArea id="collaboration-offers" label="Ce que l'entreprise propose aux autres professionnels (une offre par ligne)" value=offers rows=3 />
                <TextArea id="collaboration-seeks" label="Ce qu'elle recherche (une demande par ligne)" value=seeks rows=3 />
            </div>
            <FormError message=error />
            <button type="submit">"Enregistrer les offres et demandes"</button>
            {proofs}
        </form>
    }
    .into_any()
}

/// The "Mise en relation" tab: every fiche 3 company's offers and demands, the possible matches,
/// and the source line; printable.
#[component]
pub fn NetworkView() -> impl IntoView {
    let state = use_state();
    let synthesis = move || {
        state.with_ledger(|l| {
            let name = |id| {
                l.companies().get(id).map_or_else(
                    || format!("{id}"),
                    |c| format!("{} ({})", c.name, c.commune),
                )
            };
            let companies: Vec<(String, String, String)> = l
                .collaborations()
                .values()
                .map(|c| {
                    let r = c.record();
                    (name(&r.company), r.offers.join(" ; "), r.seeks.join(" ; "))
                })
                .collect();
            let found: Vec<String> = matches(l)
                .iter()
                .map(|m| {
                    format!(
                        "{} propose « {} » — {} recherche « {} »",
                        name(&m.offering),
                        m.offer,
                        name(&m.seeking),
                        m.seek
                    )
                })
                .collect();
            (
                companies,
                found,
                l.convention().terms().title.clone(),
                l.convention().source_line(),
            )
        })
    };
    view! {
        <div class="toolbar no-print">
            <button type="button" on:click=move |_| page::print()>"Imprimer / PDF"</button>
        </div>
        {move || synthesis().map(|(companies, found, title, source)| view! {
            <article class="document" aria-labelledby="network-title" data-testid="network">
                <h2 id="network-title">"Synthèse des offres et demandes de collaboration (fiche 3)"</h2>
                <p class="subtitle">{title}</p>
                <p class="hint no-print">"Les offres et demandes se saisissent dans chaque action de la fiche 3 (mise en réseau et circuits courts)."</p>
                <div class="scroll-x">
                    <table class="list">
                        <caption>"Entreprises accompagnées (fiche 3)"</caption>
                        <thead><tr><th scope="col">"Entreprise"</th><th scope="col">"Propose"</th><th scope="col">"Recherche"</th></tr></thead>
                        <tbody>
                            {companies.into_iter().map(|(n, o, s)| view! { <tr><th scope="row">{n}</th><td>{o}</td><td>{s}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <h3>"Mises en relation possibles"</h3>
                {if found.is_empty() {
                    view! { <p class="empty">"Aucune offre ne rencontre encore une demande."</p> }.into_any()
                } else {
                    view! { <ul data-testid="matches">{found.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> }.into_any()
                }}
                <p class="source" data-testid="source">{source}</p>
            </article>
        })}
    }
}
