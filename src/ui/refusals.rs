//! « Refus à lire »: in « À faire », the other party's refusals the reader has not marked read
//! (`domain::glance::refusals`) — a devis refused or an action cancelled by the payer, for the
//! chamber; a request declined or an action cancelled by the chamber, for the payer — each with
//! a button to the action and « Lu ». Which ones were read is this browser's: kept in
//! `localStorage` per convention, as the refusals' keys.

use leptos::prelude::*;

use super::state::{Screen, Tab, use_state};
use crate::domain::convention::ConventionId;
use crate::domain::glance::{Refusal, refusals};
use crate::storage::keys;
use crate::web::settings;

fn key(convention: &ConventionId) -> String {
    keys::per_convention(keys::READ_PREFIX, convention)
}

/// The refusals of `all` whose key is not in `read`.
fn unread(read: &[String], all: Vec<Refusal>) -> Vec<Refusal> {
    all.into_iter().filter(|r| !read.contains(&r.key)).collect()
}

/// The lines of « À faire » for the refusals to read; nothing when there are none.
#[component]
pub fn RefusalsToRead() -> impl IntoView {
    let state = use_state();
    // Bumped when a refusal is marked read, so the list is drawn again.
    let marked = RwSignal::new(0u32);
    let list = move || {
        marked.track();
        let reader = state.identity.get().map(|a| a.side)?;
        let convention = state.active.get()?;
        let read: Vec<String> = settings::setting(&key(&convention)).unwrap_or_default();
        let all = state.with_ledger(|l| refusals(l, reader))?;
        let left = unread(&read, all);
        (!left.is_empty()).then_some((convention, left))
    };
    let mark_read = move |convention: ConventionId, refusal: String| {
        let mut read: Vec<String> = settings::setting(&key(&convention)).unwrap_or_default();
        read.push(refusal);
        // A refusal marked read that the storage could not keep shows again: nothing is lost.
        let _ = settings::set_setting(&key(&convention), &read);
        marked.update(|n| *n += 1);
    };
    view! {
        {move || list().map(|(convention, left)| view! {
            <div class="refusals" data-testid="refusals">
                <p>{format!("{} refus à lire :", left.len())}</p>
                <ul>
                    {left.into_iter().map(|r| {
                        let convention = convention.clone();
                        let read_key = r.key.clone();
                        view! {
                            <li>
                                <span>{r.text.clone()}</span>
                                " "
                                {r.action.clone().map(|id| view! {
                                    <button type="button" class="link" on:click=move |_| {
                                        state.selected_action.set(Some(id.clone()));
                                        state.screen.set(Screen::Tab(Tab::Actions));
                                    }>"Ouvrir l'action"</button>
                                    " "
                                })}
                                <button type="button" class="link" on:click=move |_| mark_read(convention.clone(), read_key.clone())>"Lu"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })}
    }
}
