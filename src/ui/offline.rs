//! What the user sees of the offline machinery (`crate::web::offline`): "Hors connexion" while the
//! network is gone, and the update prompt.

use leptos::prelude::*;

use crate::web::offline::Updates;

/// "Hors connexion" while the network is gone, and "Mise à jour disponible" when a new build waits.
#[component]
pub fn ConnectivityBanner(updates: Updates) -> impl IntoView {
    view! {
        <Show when=move || !updates.online.get()>
            <p class="offline" role="status" data-testid="offline">
                "Hors connexion : l'application fonctionne et enregistre vos modifications dans ce navigateur."
            </p>
        </Show>
        <Show when=move || updates.ready.get()>
            <div class="update" role="status" data-testid="update">
                <span>"Une nouvelle version de Relance est prête."</span>
                <button type="button" class="primary" on:click=move |_| updates.apply()>
                    "Mettre à jour maintenant"
                </button>
            </div>
        </Show>
    }
}
