//! « n modification(s) pas encore envoyée(s) à … »: what this machine has not sent to the other
//! party. The domain counts it (`Ledger::unsent`) from the latest moment the last exchange file
//! written here held; that moment and the export's time are kept in `localStorage` per convention
//! ([`keys::SENT`]), for this machine only (they never travel).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::state::{AppState, Screen, Tab, use_state};
use crate::domain::convention::ConventionId;
use crate::domain::date::{fr, time_fr};
use crate::storage::keys;
use crate::web::settings;

/// The last file sent from here for a convention. The moments are kept as milliseconds since 1970
/// (on the clock of their stamps, whose precision they keep): chrono's text form would bring its
/// formatting and parsing code into the dashboard's module (BENCHMARKS.md, "Size").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    /// The latest moment it held (`None`: an empty convention).
    held: Option<i64>,
    /// When it was written.
    at: i64,
}

impl Sent {
    /// A file holding everything up to `held`, written at `at`.
    pub fn new(held: Option<NaiveDateTime>, at: NaiveDateTime) -> Sent {
        Sent {
            held: held.map(|h| h.and_utc().timestamp_millis()),
            at: at.and_utc().timestamp_millis(),
        }
    }

    fn moment(millis: i64) -> Option<NaiveDateTime> {
        chrono::DateTime::from_timestamp_millis(millis).map(|d| d.naive_utc())
    }
}

/// What was last sent from here, by convention id, as stored.
pub fn stored() -> BTreeMap<String, Sent> {
    settings::setting(keys::SENT).unwrap_or_default()
}

/// Notes that a file of `convention` holding everything up to `held` was written at `at`.
pub fn remember(state: AppState, convention: &ConventionId, sent: Sent) {
    let mut all = stored();
    all.insert(convention.0.clone(), sent);
    // Not kept (private browsing, storage full): the count stays as it was, nothing else fails.
    let _ = settings::set_setting(keys::SENT, &all);
    state.sent.set(all);
}

/// The sentence, for the reader's party: how many of its changes the other party has not received
/// from this machine, and when the last file left. `None` before the user says who they are.
fn sentence(state: AppState) -> Option<(usize, String)> {
    let me = state.identity.get()?;
    let id = state.active.get()?;
    let sent = state.sent.with(|all| all.get(&id.0).copied());
    state.with_ledger(|l| {
        let to = l.convention().party(me.side.other()).short_name.clone();
        let n = l.unsent(me.side, sent.and_then(|s| s.held).and_then(Sent::moment));
        let last = sent.and_then(|s| Sent::moment(s.at)).map_or_else(
            || "rien n'a encore été envoyé depuis ce poste".to_string(),
            |at| format!("dernier envoi le {} à {}", fr(at.date()), time_fr(at)),
        );
        let text = match n {
            0 if sent.is_none() => format!("Rien à envoyer à {to} pour le moment."),
            0 => format!("Tout est envoyé à {to} ({last})."),
            1 => format!("1 modification pas encore envoyée à {to} ({last})."),
            n => format!("{n} modifications pas encore envoyées à {to} ({last})."),
        };
        (n, text)
    })
}

/// The line, with a button to the exchanges tab when something waits (`lead`).
#[component]
pub fn UnsentLine(lead: bool) -> impl IntoView {
    let state = use_state();
    view! {
        {move || sentence(state).map(|(n, text)| {
            let waiting = n > 0;
            view! {
            <p data-testid="unsent" class:alert=waiting>
                <span>{text}</span>
                {(lead && waiting).then(|| view! {
                    " "
                    <button type="button" class="link" on:click=move |_| state.screen.set(Screen::Tab(Tab::Exchange))>
                        "Aller à l'export"
                    </button>
                })}
            </p>
            }
        })}
    }
}
