//! The exchanges tab: the file for the other party (confidential notes only with express consent,
//! optional passphrase), the import of the other party's file (checked, previewed with its
//! conflicts, applied only on confirmation, undoable), and the aggregated export for third parties
//! (art. 3.1).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::use_state;
use super::widgets::{FormError, ShareButton, deliver_csv};
use crate::domain::ledger::Ledger;
use crate::exchange::{self, diffusion};
use crate::web::crypto;
use crate::web::files::Delivery;
use crate::web::{clock, files};

/// The exchanges tab.
#[component]
pub fn ExchangeView() -> impl IntoView {
    view! {
        <ExportForOtherParty />
        <super::import::ImportFromOtherParty />
        <DiffusionExport />
    }
}

/// Within this many milliseconds of an export, a second click is the rest of a double click.
const DOUBLE_CLICK_MS: f64 = 1_000.0;

/// "Exporter pour la CCST" / "Exporter pour la CMA".
#[component]
fn ExportForOtherParty() -> impl IntoView {
    let state = use_state();
    let consent = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let other = move || {
        let to = state.identity.get().map(|a| a.side.other());
        to.and_then(|to| state.with_ledger(|l| l.convention().party(to).short_name.clone()))
            .unwrap_or_else(|| "l'autre partie".to_string())
    };
    let left_out = move || state.with_ledger(exchange::left_out).unwrap_or_default();
    // An export under way, or the same one started less than a second ago: a second click (a
    // double click) makes no second file. The time matters: an export often ends before the second
    // click of a double click arrives.
    let busy = RwSignal::new(false);
    let last_start = StoredValue::new((Delivery::Download, f64::NEG_INFINITY));
    let export = move |how: Delivery| {
        let now = clock::clock_ms();
        let (last_how, last_at) = last_start.get_value();
        if busy.get_untracked() || (last_how == how && now - last_at < DOUBLE_CLICK_MS) {
            return;
        }
        last_start.set_value((how, now));
        error.set(None);
        done.set(None);
        let Some(me) = state.identity.get_untracked() else {
            return error.set(Some("Indiquez d'abord qui vous êtes.".into()));
        };
        busy.set(true);
        let with_notes = consent.get_untracked();
        let pass = passphrase.get_untracked();
        spawn_local(async move {
            // Every step taken here leaves signed.
            if let Err(e) = state.seal_pending().await {
                busy.set(false);
                return error.set(Some(e));
            }
            let now = clock::now();
            let Some((outgoing, name, sent)) = state.with_ledger_untracked(|l: &Ledger| {
                (
                    exchange::Outgoing::new(l, me.clone(), now, with_notes),
                    exchange::file_name(l, me.side, clock::today()),
                    (
                        l.convention().id().clone(),
                        super::unsent::Sent::new(l.latest_moment(), now),
                    ),
                )
            }) else {
                return busy.set(false);
            };
            // One signature over the many steps this machine's keys signed in the file, so that
            // the other party checks it instead of each step's.
            let text = match crate::web::keys::seal_batches(outgoing.batches()).await {
                Ok(seals) => outgoing.finish(seals),
                Err(e) => {
                    busy.set(false);
                    return error.set(Some(e));
                }
            };
            let to = state
                .with_ledger_untracked(|l| l.convention().party(me.side.other()).short_name.clone())
                .unwrap_or_default();
            let file = if pass.is_empty() {
                Ok((name, text))
            } else {
                crypto::seal(&text, &pass)
                    .await
                    .map(|sealed| (name.replace(".json", ".chiffre.json"), sealed))
            };
            let result = match file {
                Ok((name, text)) => files::deliver(how, &name, "application/json", text.as_bytes())
                    .await
                    .map(|delivered| delivered.then_some(name)),
                Err(e) => Err(e),
            };
            busy.set(false);
            if let Ok(Some(_)) = result {
                super::unsent::remember(state, &sent.0, sent.1);
            }
            match (result, how) {
                // The share sheet closed without sending: nothing to say.
                (Ok(None), _) => {}
                (Ok(Some(name)), Delivery::Download) => done.set(Some(format!(
                    "Fichier « {name} » enregistré dans les téléchargements de ce navigateur. \
                     Envoyez-le à {to} (courriel, clé USB…) : {to} l'importe dans son onglet \
                     « Échanges »."
                ))),
                (Ok(Some(name)), Delivery::Share) => done.set(Some(format!(
                    "Fichier « {name} » transmis au partage : {to} l'importe dans son onglet \
                     « Échanges »."
                ))),
                (Err(e), _) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="export-title">
            <h2 id="export-title">"Envoyer à l'autre partie"</h2>
            <super::unsent::UnsentLine lead=false />
            <p>"Le fichier contient toute la convention telle que vous la voyez ; l'autre partie l'importe et garde son propre travail."</p>
            <label class="choice">
                <input type="checkbox" prop:checked=move || consent.get() on:change=move |ev| consent.set(event_target_checked(&ev)) />
                "Inclure les notes confidentielles dans ce fichier pour l'autre partie (elles y restent confidentielles, art. 3.1)"
            </label>
            <div class="field">
                <label for="export-passphrase">"Chiffrer avec une phrase de passe (facultatif)"</label>
                <input id="export-passphrase" type="password" autocomplete="new-password"
                    prop:value=move || passphrase.get() on:input=move |ev| passphrase.set(event_target_value(&ev)) />
            </div>
            <div class="buttons">
                <button type="button" class="primary" on:click=move |_| export(Delivery::Download)>{move || format!("Exporter pour {}", other())}</button>
                <ShareButton what="le fichier d'échange" on_share=Callback::new(move |_| export(Delivery::Share)) />
            </div>
            {move || {
                let to = state.identity.get()?.side.other();
                let lines = state.with_ledger(|l| l.signed_here_for(to))?;
                let party = state.with_ledger(|l| l.convention().party(to).short_name.clone())?;
                (!lines.is_empty()).then(|| view! {
                    <div class="alert" role="note" data-testid="signed-here">
                        <p>{format!("{party} refusera ces étapes ({}) : elles ont été prises sur cette machine en son nom. Seul un agent de {party}, sur sa propre machine, peut les prendre.", lines.len())}</p>
                        <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || {
                let lines = left_out();
                (!lines.is_empty()).then(|| view! {
                    <div class="hint" data-testid="left-out">
                        <p>{format!("Non transmis ({}) : ces enregistrements restent sur ce poste, l'autre partie les refuserait.", lines.len())}</p>
                        <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <FormError message=error />
            <p class="ok" role="status">{move || done.get().unwrap_or_default()}</p>
        </section>
    }
}

/// Aggregated figures for third parties, with the source (art. 3.1).
#[component]
fn DiffusionExport() -> impl IntoView {
    let state = use_state();
    let error = RwSignal::new(None::<String>);
    let export = move |how: Delivery| {
        let Some((name, bytes)) = state.with_ledger(|l| {
            (
                crate::export::csv::file_name("diffusion", l, clock::today()),
                diffusion::csv(l),
            )
        }) else {
            return;
        };
        deliver_csv(how, name, bytes, error);
    };
    view! {
        <section class="card" aria-labelledby="diffusion-title">
            <h2 id="diffusion-title">"Diffusion à des tiers (art. 3.1)"</h2>
            <p>"Chiffres agrégés par mois et par fiche, sans aucune donnée d'entreprise ni donnée confidentielle, avec la mention de la source : ils peuvent être diffusés librement, toujours avec cette mention (art. 3.1). Les données confidentielles, elles, ne sont communiquées à un tiers qu'après concertation et accord exprès des deux parties : onglet Journal, « Demandes de diffusion »."</p>
            <div class="buttons">
                <button type="button" on:click=move |_| export(Delivery::Download)>"Exporter pour diffusion (CSV)"</button>
                <ShareButton what="les chiffres pour diffusion (CSV)" on_share=Callback::new(move |_| export(Delivery::Share)) />
            </div>
            <FormError message=error />
        </section>
    }
}
