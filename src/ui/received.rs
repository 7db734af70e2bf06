//! "Reçu le … de …": what the last import brought into a convention, said in the preview's
//! words, kept on the dashboard until the user dismisses it. Written by the import screen when
//! the user confirms (`remember`), kept in `localStorage` per convention as a list of strings —
//! its title, then its lines — so that the dashboard's own code stays small.

use leptos::prelude::*;

use super::state::use_state;
use crate::domain::convention::ConventionId;
use crate::storage::keys;
use crate::web::settings;

fn key(convention: &ConventionId) -> String {
    keys::per_convention(keys::RECEIVED_PREFIX, convention)
}

/// Keeps what an import into `convention` brought — `title` ("Reçu le 06/12/2026 à 10:32 de Paul
/// Agent (CCST)") and its `lines` — replacing what the previous one brought.
pub fn remember(
    convention: &ConventionId,
    title: String,
    lines: Vec<String>,
) -> Result<(), String> {
    let kept: Vec<String> = std::iter::once(title).chain(lines).collect();
    settings::set_setting(&key(convention), &kept)
}

/// The dashboard card, while there is something not dismissed.
#[component]
pub fn ReceivedCard() -> impl IntoView {
    let state = use_state();
    let shown = RwSignal::new(None::<(ConventionId, Vec<String>)>);
    Effect::new(move |_| {
        let read = state.active.get().and_then(|c| {
            settings::setting::<Vec<String>>(&key(&c))
                .filter(|kept| !kept.is_empty())
                .map(|kept| (c, kept))
        });
        shown.set(read);
    });
    let dismiss = move |_| {
        if let Some((c, _)) = shown.get_untracked() {
            settings::remove_setting(&key(&c));
        }
        shown.set(None);
    };
    view! {
        {move || shown.get().map(|(_, mut kept)| {
            let lines = kept.split_off(1);
            view! {
                <section class="card received" aria-labelledby="received-title" data-testid="received">
                    <h2 id="received-title">{kept.pop()}</h2>
                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    <button type="button" on:click=dismiss>"J'ai pris connaissance"</button>
                </section>
            }
        })}
    }
}
