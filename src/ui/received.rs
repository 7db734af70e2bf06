//! "Reçu le … de …": what the last import brought into a convention, said in the preview's
//! words, kept on the dashboard until the user dismisses it. Written by the import screen when
//! the user confirms (`remember`), kept in `localStorage` per convention.

use chrono::NaiveDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::state::use_state;
use crate::domain::convention::ConventionId;
use crate::domain::date::fr;
use crate::storage::keys;
use crate::web::settings;

/// What an import brought, as the dashboard says it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Received {
    /// When it was imported here.
    pub at: NaiveDateTime,
    /// Who sent the file, for which party: "Paul Agent (CCST)".
    pub from: String,
    /// The changes, in words (`Plan::sentences`).
    pub lines: Vec<String>,
}

fn key(convention: &ConventionId) -> String {
    format!("{}{}", keys::RECEIVED_PREFIX, convention.0)
}

/// Keeps what an import into `convention` brought, replacing what the previous one brought.
pub fn remember(convention: &ConventionId, received: &Received) -> Result<(), String> {
    settings::set_setting(&key(convention), received)
}

/// The dashboard card, while there is something not dismissed.
#[component]
pub fn ReceivedCard() -> impl IntoView {
    let state = use_state();
    let shown = RwSignal::new(None::<(ConventionId, Received)>);
    Effect::new(move |_| {
        let read = state
            .active
            .get()
            .and_then(|c| settings::setting::<Received>(&key(&c)).map(|r| (c, r)));
        shown.set(read);
    });
    let dismiss = move |_| {
        if let Some((c, _)) = shown.get_untracked() {
            settings::remove_setting(&key(&c));
        }
        shown.set(None);
    };
    view! {
        {move || shown.get().map(|(_, r)| view! {
            <section class="card received" aria-labelledby="received-title" data-testid="received">
                <h2 id="received-title">{format!("Reçu le {} à {} de {}", fr(r.at.date()), r.at.format("%H:%M"), r.from)}</h2>
                <ul>{r.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                <button type="button" on:click=dismiss>"J'ai pris connaissance"</button>
            </section>
        })}
    }
}
