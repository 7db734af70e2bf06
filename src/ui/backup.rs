//! The backup tab: download every convention as one JSON file, and restore such a file — checked
//! completely first, previewed, applied only on confirmation, with the current data kept aside so
//! the restore can be undone.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{AppState, use_state};
use super::widgets::{ConfirmOrGiveUp, JsonFileField};
use crate::storage::format::{Backup, StoreError, check_backup_size};
use crate::web::{clock, files};
use crate::workspace::{BEFORE_RESTORE, Command, RestoreLine};

/// The file name of a backup made now.
fn backup_file_name() -> String {
    format!(
        "relance-sauvegarde_{}.json",
        crate::domain::date::minute_for_file(clock::now())
    )
}

/// The whole workspace as a backup file's text, written by `to_json` ([`Backup::to_json`]:
/// handed in, so that the save banner's « Télécharger une sauvegarde » takes it from the writing
/// code downloaded on demand).
pub fn backup_json(state: &AppState, to_json: fn(&Backup) -> String) -> String {
    let by = state.identity.get_untracked();
    let ledgers = state
        .workspace
        .with_untracked(|ws| ws.snapshot_all(clock::now(), by.clone()));
    to_json(&Backup::new(ledgers, clock::now(), by))
}

/// Offers the backup file for download; returns the error to show, if any.
pub fn download_backup(state: &AppState, to_json: fn(&Backup) -> String) -> Option<String> {
    let text = backup_json(state, to_json);
    files::download(&backup_file_name(), "application/json", &text).err()
}

/// Hands the backup file to the device's share sheet; the error, if any, goes to `error`.
fn share_backup(state: AppState, error: RwSignal<Option<String>>) {
    let (name, text) = (backup_file_name(), backup_json(&state, Backup::to_json));
    leptos::task::spawn_local(async move {
        let r = files::deliver(
            files::Delivery::Share,
            &name,
            "application/json",
            text.as_bytes(),
        )
        .await;
        error.set(r.err());
    });
}

/// The backup tab.
#[component]
pub fn BackupView() -> impl IntoView {
    let state = use_state();
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<(Backup, Vec<RestoreLine>)>);
    let done = RwSignal::new(None::<String>);
    let file_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let choose = move |_| {
        error.set(None);
        done.set(None);
        pending.set(None);
        let Some(input) = file_input.get() else {
            return;
        };
        spawn_local(async move {
            match files::take_chosen_file(&input).await {
                Err(e) => error.set(Some(e)),
                Ok(files::ChosenFile { bytes, .. }) => {
                    let text = check_backup_size(bytes.len()).and_then(|()| {
                        std::str::from_utf8(&bytes).map_err(|_| {
                            StoreError::Invalid("le fichier n'est pas du texte UTF-8.".into())
                        })
                    });
                    match text.and_then(Backup::from_json) {
                        Err(e) => error.set(Some(format!("Sauvegarde refusée : {e}"))),
                        Ok(backup) => {
                            let lines = state
                                .workspace
                                .with_untracked(|ws| ws.preview_restore(&backup));
                            pending.set(Some((backup, lines)));
                        }
                    }
                }
            }
        });
    };
    let confirm = move |_| {
        let Some((backup, _)) = pending.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match restore(state, backup).await {
                Ok(()) => {
                    pending.set(None);
                    done.set(Some(
                        "Sauvegarde restaurée. Les données remplacées sont conservées : « Annuler la restauration » les remet."
                            .into(),
                    ));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let undo_restore = move |_| {
        spawn_local(async move {
            let Some(db) = state.db() else { return };
            match db.get_backup(BEFORE_RESTORE).await {
                Ok(Some(text)) => match Backup::from_json(&text) {
                    Ok(backup) => match restore(state, backup).await {
                        Ok(()) => done.set(Some(
                            "Restauration annulée : les données d'avant sont revenues.".into(),
                        )),
                        Err(e) => error.set(Some(e)),
                    },
                    Err(e) => error.set(Some(e.to_string())),
                },
                Ok(None) => error.set(Some("Aucune restauration à annuler.".into())),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="backup-title">
            <h2 id="backup-title">"Sauvegarde"</h2>
            <p>"Un seul fichier JSON avec toutes les conventions, entreprises et actions de ce navigateur, notes confidentielles comprises : conservez-le en lieu sûr."</p>
            <div class="buttons">
                <button type="button" class="primary" on:click=move |_| error.set(download_backup(&state, Backup::to_json))>
                    "Télécharger une sauvegarde complète"
                </button>
                <super::widgets::ShareButton what="la sauvegarde complète" on_share=Callback::new(move |_| share_backup(state, error)) />
            </div>
        </section>
        <section class="card" aria-labelledby="restore-title">
            <h2 id="restore-title">"Restaurer une sauvegarde"</h2>
            <p>"Le fichier est vérifié en entier, puis vous voyez ce qui changera. Rien ne change avant votre confirmation ; les données actuelles sont conservées et la restauration peut être annulée."</p>
            <JsonFileField id="restore-file" label="Fichier de sauvegarde (.json)" input=file_input on_choose=Callback::new(choose) />
            <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            {move || pending.get().map(|(_, lines)| view! { <RestorePreview lines=lines /> })}
            <Show when=move || pending.get().is_some()>
                <ConfirmOrGiveUp label="Confirmer la restauration" class="danger" on_confirm=Callback::new(confirm) on_give_up=Callback::new(move |_| pending.set(None)) />
            </Show>
            <p class="ok" role="status">{move || done.get().unwrap_or_default()}</p>
            <button type="button" on:click=undo_restore>"Annuler la restauration"</button>
        </section>
    }
}

/// What a restore will change.
#[component]
fn RestorePreview(lines: Vec<RestoreLine>) -> impl IntoView {
    let money = |m: Option<crate::domain::money::Euros>| {
        m.map(|m| m.to_string()).unwrap_or_else(|| "–".into())
    };
    view! {
        <table class="list" aria-label="Aperçu de la restauration">
            <thead>
                <tr>
                    <th scope="col">"Convention"</th>
                    <th scope="col">"Changement"</th>
                    <th scope="col">"Entreprises"</th>
                    <th scope="col">"Actions"</th>
                    <th scope="col">"Disponible"</th>
                </tr>
            </thead>
            <tbody>
                {lines.iter().map(|l| view! {
                    <tr>
                        <td>{l.title.clone()}</td>
                        <td>{l.change.label()}</td>
                        <td>{format!("{} → {}", l.companies.0, l.companies.1)}</td>
                        <td>{format!("{} → {}", l.actions.0, l.actions.1)}</td>
                        <td>{format!("{} → {}", money(l.available.0), money(l.available.1))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {lines.into_iter().filter(|l| !l.set_aside.is_empty()).map(|l| view! {
            <div class="set-aside-preview" data-testid="restore-set-aside">
                <h3>{format!("{} : {} enregistrement(s) gardé(s) à part", l.title, l.set_aside.len())}</h3>
                <p>"Écrits par une version précédente pour la mauvaise partie, ils seront conservés sur ce poste, non comptés ci-dessus et jamais transmis ; le reste est restauré."</p>
                <ul>{l.set_aside.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
            </div>
        }).collect_view()}
    }
}

/// Replaces the workspace with `backup` ([`Command::Restore`]); the save loop writes it in one
/// transaction, after keeping the current data in the database's backups store, so a failure
/// changes nothing in storage.
async fn restore(state: AppState, backup: Backup) -> Result<(), String> {
    state.db().ok_or("Stockage indisponible.")?;
    state.execute(Command::Restore(Box::new(backup)))?;
    let shown = state.active.get_untracked();
    let (keep_active, first) = state.workspace.with_untracked(|ws| {
        (
            shown.is_some_and(|id| ws.ledger(&id).is_some()),
            ws.first_id().cloned(),
        )
    });
    if !keep_active && let Some(id) = first {
        state.switch_to(id);
    }
    Ok(())
}
