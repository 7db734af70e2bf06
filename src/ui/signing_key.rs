//! "Votre clé de signature" in the conventions tab: the fingerprint of the signing key of the
//! identity in use on this machine (`web::keys`), in groups of digits two people read to each
//! other by phone before one trusts the other's key (`domain::signing`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::use_state;
use crate::web::keys;

/// The card: who, the fingerprint, what it is for.
#[component]
pub fn SigningKeyCard() -> impl IntoView {
    let state = use_state();
    // The fingerprint of the identity in use, or why it is not shown.
    let shown = RwSignal::new(None::<Result<(String, String), String>>);
    Effect::new(move |_| {
        let Some(actor) = state.identity.get() else {
            shown.set(None);
            return;
        };
        spawn_local(async move {
            let key = keys::public_key(&actor).await;
            // The identity may have changed while the browser made the key.
            if state.identity.get_untracked().as_ref() == Some(&actor) {
                shown.set(Some(key.map(|k| (k.fingerprint(), k.id().0))));
            }
        });
    });
    let who = move || {
        let identity = state.identity.get()?;
        let party = state
            .with_ledger(|l| l.convention().party(identity.side).short_name.clone())
            .unwrap_or_default();
        Some(format!("{} ({party})", identity.name))
    };
    view! {
        <section class="card" aria-labelledby="signing-key-title">
            <h2 id="signing-key-title">"Votre clé de signature"</h2>
            {move || match (who(), shown.get()) {
                (None, _) => view! { <p>"Indiquez qui vous êtes pour créer votre clé."</p> }.into_any(),
                (Some(_), None) => view! { <p>"Création de la clé…"</p> }.into_any(),
                (Some(_), Some(Err(e))) => view! { <p class="alert" role="alert">{e}</p> }.into_any(),
                (Some(who), Some(Ok((fingerprint, id)))) => view! {
                    <p>{format!("Clé de {who} sur cet appareil (ECDSA P-256, identifiant {id}). Son empreinte :")}</p>
                    <p class="fingerprint" data-testid="key-fingerprint">{fingerprint}</p>
                    <p class="hint">"L'autre partie la compare, chiffre par chiffre, avec celle que lui montre son application, au téléphone, avant de faire confiance à votre clé. La clé privée reste dans ce navigateur : personne, pas même l'application, ne peut la lire ou la copier."</p>
                }.into_any(),
            }}
        </section>
    }
}
