//! Who is using the app: the side (CMA or payer) and a name, asked once and kept in
//! `localStorage`; every change is stamped with it.

use leptos::prelude::*;

use super::first_draw::{InPart, Part};
use super::state::use_state;
use super::widgets::{FormError, TextField};
use crate::domain::action::Actor;
use crate::domain::convention::Side;
use crate::storage::keys;
use crate::web::settings;

/// The form that asks who the user is (on first start, or to change).
#[component]
pub fn IdentityForm(
    /// Called once the identity is saved.
    #[prop(optional)]
    on_done: Option<Callback<()>>,
) -> impl IntoView {
    let state = use_state();
    let current = state.identity.get_untracked();
    let name = RwSignal::new(current.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let side = RwSignal::new(current.map(|a| a.side));
    let error = RwSignal::new(None::<String>);
    let parties = move || {
        state
            .with_ledger(|l| {
                let c = l.convention();
                (
                    c.party(Side::Chamber).short_name.clone(),
                    c.party(Side::Payer).short_name.clone(),
                )
            })
            .unwrap_or_default()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(side) = side.get_untracked() else {
            error.set(Some("Choisissez pour qui vous agissez.".into()));
            return;
        };
        let name = name.get_untracked().trim().to_string();
        if name.is_empty() {
            error.set(Some("Indiquez votre nom.".into()));
            return;
        }
        let actor = Actor { side, name };
        if let Err(e) = settings::set_setting(keys::IDENTITY, &actor) {
            error.set(Some(format!("Impossible d'enregistrer ce réglage : {e}")));
            return;
        }
        state.identity.set(Some(actor));
        if let Some(cb) = on_done {
            cb.run(());
        }
    };
    view! {
        <form class="card identity" on:submit=submit aria-labelledby="identity-title">
            <h2 id="identity-title">"Qui êtes-vous ?"</h2>
            <p>"Chaque modification est enregistrée avec votre nom, votre organisme et l'heure."</p>
            <fieldset>
                <legend>"J'agis pour"</legend>
                <label class="choice">
                    <input
                        type="radio"
                        name="side"
                        prop:checked=move || side.get() == Some(Side::Chamber)
                        on:change=move |_| side.set(Some(Side::Chamber))
                    />
                    {move || parties().0}
                    " (conseiller)"
                </label>
                <label class="choice">
                    <input
                        type="radio"
                        name="side"
                        prop:checked=move || side.get() == Some(Side::Payer)
                        on:change=move |_| side.set(Some(Side::Payer))
                    />
                    {move || parties().1}
                    " (financeur)"
                </label>
            </fieldset>
            // At start-up, one task after the rest (`first_draw`).
            <InPart part=Part::IdentityName>
                <TextField id="identity-name" label="Votre nom" value=name />
                <FormError message=error />
                <button type="submit" class="primary">"Valider"</button>
            </InPart>
        </form>
    }
}

/// The user's identity in the top bar, with a button to change it.
#[component]
pub fn IdentityBadge() -> impl IntoView {
    let state = use_state();
    let editing = RwSignal::new(false);
    let label = move || {
        let party = |side| {
            state
                .with_ledger(|l| l.convention().party(side).short_name.clone())
                .unwrap_or_default()
        };
        state
            .identity
            .get()
            .map(|a| format!("{} – {}", a.name, party(a.side)))
            .unwrap_or_default()
    };
    view! {
        <div class="identity-badge">
            <span data-testid="identity">{label}</span>
            <button type="button" class="link" on:click=move |_| editing.update(|e| *e = !*e)>
                "Changer"
            </button>
            <Show when=move || editing.get()>
                <div class="popover">
                    <IdentityForm on_done=Callback::new(move |_| editing.set(false)) />
                </div>
            </Show>
        </div>
    }
}
