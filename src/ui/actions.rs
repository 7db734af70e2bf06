//! The actions tab: the filtered, sorted, paged list, and the selected action with the buttons of
//! its legal next steps, the form each step needs, its history and its confidential note.

use leptos::prelude::*;

use super::state::use_state;
use super::widgets::{Pager, TextField, status_class};
use crate::domain::action::Status;
use crate::domain::convention::Fiche;
use crate::domain::date::fr;
use crate::query::{ActionQuery, SearchIndex, SortKey};

/// The actions tab.
#[component]
pub fn ActionsView() -> impl IntoView {
    let state = use_state();
    // Opened from « À faire »: filtered on the status it leads to (once).
    let query = RwSignal::new(ActionQuery {
        status: state.actions_status.get_untracked(),
        ..ActionQuery::default()
    });
    state.actions_status.set(None);
    view! {
        <Show when=move || state.selected_action.get().is_some()>
            {move || state.selected_action.get().map(|id| view! { <super::action_detail::ActionDetail id=id /> })}
        </Show>
        <super::requests::RequestList />
        <section class="card" aria-labelledby="actions-title">
            <h2 id="actions-title">"Actions"</h2>
            <ActionFilters query=query />
            <ActionTable query=query />
        </section>
    }
}

/// Filters and sort of the list. Every change goes back to the first page.
#[component]
fn ActionFilters(query: RwSignal<ActionQuery>) -> impl IntoView {
    let state = use_state();
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let t = text.get();
        query.update(|q| {
            q.text = t;
            q.page = 0;
        });
    });
    let communes = move || {
        state
            .with_ledger(|l| l.convention().communes())
            .unwrap_or_default()
    };
    view! {
        <div class="filters" role="search">
            <TextField id="filter-text" label="Rechercher" value=text placeholder="entreprise, SIRET, besoin, facture…" />
            <div class="field">
                <label for="filter-status">"Statut"</label>
                <select id="filter-status" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    query.update(|q| {
                        q.status = Status::ALL.into_iter().find(|s| s.label() == v);
                        q.page = 0;
                    });
                }>
                    <option value="">"Tous"</option>
                    {Status::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.label() selected=move || query.with(|q| q.status == Some(s))>{s.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-fiche">"Fiche"</label>
                <select id="filter-fiche" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    query.update(|q| {
                        q.fiche = v.parse().ok().and_then(|n| Fiche::from_number(n).ok());
                        q.page = 0;
                    });
                }>
                    <option value="">"Toutes"</option>
                    {Fiche::ALL.iter().map(|f| view! { <option value=f.number().to_string()>{format!("Fiche {}", f.number())}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-commune">"Commune"</label>
                <select id="filter-commune" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    query.update(|q| {
                        q.commune = (!v.is_empty()).then_some(v);
                        q.page = 0;
                    });
                }>
                    <option value="">"Toutes"</option>
                    {move || communes().into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-month">"Mois"</label>
                <input id="filter-month" type="month" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let month = v.split_once('-').and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)));
                    query.update(|q| {
                        q.month = month;
                        q.page = 0;
                    });
                } />
            </div>
            <div class="field">
                <label for="filter-sort">"Trier par"</label>
                <select id="filter-sort" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    query.update(|q| q.sort = SortKey::ALL.into_iter().find(|k| k.label() == v).unwrap_or_default());
                }>
                    {SortKey::ALL.iter().map(|k| view! { <option value=k.label()>{k.label()}</option> }).collect_view()}
                </select>
            </div>
            <label class="choice">
                <input type="checkbox" on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    query.update(|q| q.descending = on);
                } />
                "Ordre décroissant"
            </label>
        </div>
    }
}

/// One page of the list, with its pager.
#[component]
fn ActionTable(query: RwSignal<ActionQuery>) -> impl IntoView {
    let state = use_state();
    // Folded once per change of the records, so typing in the filter stays fast at 10,000 actions.
    let index = Memo::new(move |_| state.with_ledger(SearchIndex::build));
    let page = Memo::new(move |_| {
        let q = query.get();
        index.with(|i| state.with_ledger(|l| q.run_indexed(l, i.as_ref())))
    });
    let total = move || page.get().map(|p| p.total).unwrap_or(0);
    view! {
        <p class="count" data-testid="action-count" aria-live="polite">
            {move || format!("{} action(s)", total())}
        </p>
        <table class="list">
            <thead>
                <tr>
                    <th scope="col">"Entreprise"</th>
                    <th scope="col" class="opt">"Commune"</th>
                    <th scope="col" class="opt">"Fiche"</th>
                    <th scope="col">"Statut"</th>
                    <th scope="col" class="num">"Montant"</th>
                    <th scope="col" class="opt">"Dernière étape"</th>
                </tr>
            </thead>
            <tbody>
                <For
                    each=move || page.get().map(|p| p.rows).unwrap_or_default()
                    key=|row| (row.id.clone(), row.status, row.amount, row.last_date, row.not_informed)
                    children=move |row| {
                        let id = row.id.clone();
                        view! {
                            <tr class:selected=move || state.selected_action.get().as_ref() == Some(&id)>
                                <td>
                                    <button type="button" class="link" on:click={
                                        let id = row.id.clone();
                                        move |_| state.selected_action.set(Some(id.clone()))
                                    }>
                                        {row.company.clone()}
                                    </button>
                                </td>
                                <td class="opt">{row.commune.clone()}</td>
                                <td class="opt">{format!("Fiche {}", row.fiche.number())}</td>
                                <td>
                                    <span class=status_class(row.status)>{row.status.label()}</span>
                                    {row.not_informed.then(|| view! { <span class="flag" title="Art. 2.3 : l'entreprise doit être informée de la prise en charge">"entreprise non informée"</span> })}
                                </td>
                                <td class="num">{row.amount.map(|a| a.to_string()).unwrap_or_default()}</td>
                                <td class="opt">{fr(row.last_date)}</td>
                            </tr>
                        }
                    }
                />
            </tbody>
        </table>
        <Pager
            at=Signal::derive(move || page.with(|p| p.as_ref().map(|p| (p.page, p.pages)).unwrap_or((0, 1))))
            go=Callback::new(move |to| query.update(|q| q.page = to))
        />
    }
}
