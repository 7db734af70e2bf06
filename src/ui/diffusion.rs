//! The diffusion requests of the journal tab (art. 3.1): confidential data reach an outside body
//! only through a request both parties agree to, each on its own machine. The list shows where
//! each stands; each party is offered its own agreement or withdrawal; the export of the
//! confidential data is offered only while both agreements stand — and
//! [`crate::export::csv::confidential`] writes nothing otherwise.

use leptos::prelude::*;

use super::state::use_state;
use super::widgets::{FormError, TextArea, TextField, deliver_csv};
use crate::domain::date;
use crate::domain::diffusion_request::{DiffusionId, DiffusionRequest, DiffusionStep};
use crate::export::csv;
use crate::web::clock;
use crate::web::files::Delivery;
use crate::workspace::command::{RequestDiffusion, TakeDiffusionStep};

/// The diffusion requests: the list and the form of a new one.
#[component]
pub fn DiffusionRequests() -> impl IntoView {
    let state = use_state();
    let adding = RwSignal::new(false);
    // What an item shows besides the request: whether this machine holds confidential data to
    // export, and who reads it.
    let shown = move || {
        let side = state.identity.get().map(|a| a.side);
        state
            .with_ledger(|l| {
                l.diffusion_requests()
                    .values()
                    .map(|r| (r.clone(), csv::confidential(l, r).is_some(), side))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <section class="card" aria-labelledby="diffusion-requests-title">
            <h2 id="diffusion-requests-title">"Demandes de diffusion de données confidentielles (art. 3.1)"</h2>
            <p class="hint">"Les données confidentielles (notes de diagnostic) ne sont transmises à un organisme extérieur qu'après l'accord exprès des deux parties, chacune sur son poste, et toujours avec la source. Les chiffres agrégés se diffusent librement depuis l'onglet Échanges."</p>
            <button type="button" on:click=move |_| adding.set(true)>"Nouvelle demande de diffusion"</button>
            <Show when=move || adding.get()>
                <DiffusionForm on_close=Callback::new(move |_| adding.set(false)) />
            </Show>
            // Keyed: a request is drawn again only when it changes (a step adds to its history),
            // not at every change of the convention (a seal after an action's step): its date
            // field and buttons stay under the pointer.
            <ul class="journal" data-testid="diffusion-requests">
                <For
                    each=shown
                    key=|(r, holds, side)| (r.id().clone(), r.record().history.len(), *holds, *side)
                    children=|(r, _, _)| view! { <DiffusionItem request=r /> }
                />
            </ul>
        </section>
    }
}

/// The form of a new request.
#[component]
fn DiffusionForm(on_close: Callback<()>) -> impl IntoView {
    let state = use_state();
    let [recipient, what, purpose] = [(); 3].map(|_| RwSignal::new(String::new()));
    let on = RwSignal::new(date::iso(clock::today()));
    let error = RwSignal::new(None::<String>);
    super::history::draft_while(state, "Nouvelle demande de diffusion", move || {
        [recipient, what, purpose]
            .iter()
            .any(|t| !t.get().trim().is_empty())
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = date::parse(&on.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|d| {
                state.change(RequestDiffusion {
                    id: DiffusionId(clock::new_id("dd")),
                    recipient: recipient.get_untracked(),
                    what: what.get_untracked(),
                    purpose: purpose.get_untracked(),
                    on: d,
                })
            });
        match result {
            Ok(()) => on_close.run(()),
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="editor" on:submit=submit aria-label="Nouvelle demande de diffusion" novalidate>
            <div class="grid">
                <TextField id="diffusion-on" label="Demandée le" kind="date" value=on />
                <TextField id="diffusion-recipient" label="Organisme destinataire" value=recipient />
            </div>
            <TextArea id="diffusion-what" label="Données demandées" value=what rows=2 />
            <TextArea id="diffusion-purpose" label="Finalité" value=purpose rows=2 />
            <FormError message=error />
            <div class="buttons">
                <button type="submit" class="primary">"Enregistrer la demande"</button>
                <button type="button" on:click=move |_| on_close.run(())>"Annuler"</button>
            </div>
        </form>
    }
}

/// One request: what, for whom, where it stands, and the steps of the user's party.
#[component]
fn DiffusionItem(request: DiffusionRequest) -> impl IntoView {
    let state = use_state();
    let on = RwSignal::new(date::iso(clock::today()));
    let error = RwSignal::new(None::<String>);
    let side = state.identity.get_untracked().map(|a| a.side);
    let (status, party, crossings, holds_data) = state
        .with_ledger_untracked(|l| {
            let party = side.map(|s| l.convention().party(s).short_name.clone());
            (
                request.status(l.convention()),
                party.unwrap_or_default(),
                request.crossings(l.convention()),
                csv::confidential(l, &request).is_some(),
            )
        })
        .unwrap_or_default();
    let mine = side.and_then(|s| request.agreement(s)).is_some();
    let id = StoredValue::new(request.id().clone());
    // An export is dated the day it happens; an agreement or a withdrawal, the day the user gives
    // (an agreement given by letter is recorded later).
    let step = move |kind: DiffusionStep| {
        let id = id.get_value();
        let result = if kind == DiffusionStep::Exported {
            Ok(clock::today())
        } else {
            date::parse(&on.get_untracked())
        };
        let result = result.map_err(|e| e.to_string()).and_then(|d| {
            state.change(TakeDiffusionStep {
                id: id.clone(),
                kind,
                on: d,
            })
        });
        error.set(result.as_ref().err().cloned());
        result.is_ok()
    };
    // The file is written first: an export that writes no row is not recorded as one.
    let export = move |how: Delivery| {
        let file = state
            .with_ledger_untracked(|l| {
                let r = l.diffusion_requests().get(&id.get_value())?;
                Some((
                    csv::file_name("donnees-confidentielles", l, clock::today()),
                    csv::confidential(l, r)?,
                ))
            })
            .flatten();
        let Some((name, bytes)) = file else {
            error.set(Some(
                "Aucune donnée confidentielle sur cette machine : rien à exporter.".into(),
            ));
            return;
        };
        if step(DiffusionStep::Exported) {
            deliver_csv(how, name, bytes, error);
        }
    };
    let r = request.record().clone();
    view! {
        <li class="card">
            <h3>{request.label()}</h3>
            <p>"Données : " {r.what} " — finalité : " {r.purpose}</p>
            <p class:alert=!request.authorized() data-testid="diffusion-status">{status}</p>
            {crossings.into_iter().map(|w| view! { <p class="alert" role="note" data-testid="diffusion-crossing">{w}</p> }).collect_view()}
            <super::widgets::ProvedSteps kind=crate::domain::signed::SealedKind::Diffusion id=id.get_value().0 />
            {side.map(|_| view! {
                <div class="toolbar">
                    <TextField id="diffusion-step-on" label="Date" kind="date" value=on />
                    {if mine {
                        view! { <button type="button" on:click=move |_| { step(DiffusionStep::Withdrawn); }>{format!("Retirer l'accord de {party}")}</button> }.into_any()
                    } else {
                        view! { <button type="button" class="primary" on:click=move |_| { step(DiffusionStep::Agreed); }>{format!("Donner l'accord de {party}")}</button> }.into_any()
                    }}
                    {(request.authorized() && !holds_data).then(|| view! {
                        <p class="hint" data-testid="nothing-to-export">"Cette machine ne détient aucune note confidentielle : rien à exporter."</p>
                    })}
                    {(request.authorized() && holds_data).then(|| view! {
                        <button type="button" on:click=move |_| export(Delivery::Download)>"Exporter les données confidentielles (CSV)"</button>
                    })}
                </div>
            })}
            <FormError message=error />
        </li>
    }
}
