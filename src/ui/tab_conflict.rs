//! Two tabs changed the same record: both versions side by side, the user keeps one of each, and
//! the merged convention is saved (`Command::SettleTabConflict`). Rare: its code comes on demand.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::on_demand::on_demand;
use super::state::{Flash, use_state};
use super::widgets::ConflictChoices;

on_demand!(tab_conflict_choice in tab_conflict => view! { <TabConflictChoice /> });

/// Another tab changed the same records as this one: both versions are shown, the user keeps one
/// of each, and the merged convention is saved. Everything else of both tabs is already merged.
#[component]
pub fn TabConflictChoice() -> impl IntoView {
    let state = use_state();
    let choices = RwSignal::new(BTreeMap::new());
    let conflicts = move || {
        state
            .workspace
            .with(|ws| ws.tab_conflict().map(|t| t.conflicts.clone()))
    };
    let settle = move |_| {
        spawn_local(async move {
            let outcome = match state.sync.merge().await {
                Ok(merge) => state.execute(crate::workspace::Command::SettleTabConflict {
                    choices: choices.get_untracked(),
                    merge,
                }),
                Err(e) => Err(e.to_string()),
            };
            match outcome {
                Ok(()) => choices.set(Default::default()),
                Err(e) => state.flash.set(Some(Flash::Refused(e))),
            }
        });
    };
    move || {
        conflicts().map(|conflicts| view! {
            <section class="card problem" role="alert" data-testid="tab-conflict">
                <h2>"Modifié aussi dans un autre onglet"</h2>
                <p>{format!(
                    "Un autre onglet a enregistré des modifications de cette convention pendant que vous travailliez ici. Les deux ont été réunies, sauf pour {} fiche(s) modifiée(s) des deux côtés : choisissez la version à garder, puis enregistrez.",
                    conflicts.len()
                )}</p>
                <ConflictChoices conflicts=conflicts choices=choices theirs="Prendre celle de l'autre onglet" />
                <div class="buttons">
                    <button type="button" class="primary" on:click=settle>"Enregistrer ces choix"</button>
                </div>
            </section>
        })
    }
}
