//! Screens downloaded on demand. The shipped build (`scripts/trunk.sh`, `--cfg relance_split`)
//! splits the wasm at the functions declared with `on_demand!`: their code, and whatever only
//! they use (the exchange reader behind the import, the bilan's computation…), goes into a chunk
//! fetched the first time the screen opens — from the service worker's cache once the app has been
//! opened online — so the first visit downloads the dashboard, the companies and the actions
//! alone. Other builds (wasm-bindgen tests, clippy) build the same screens at once.
//!
//! A chunk that cannot be fetched (the first visit cut short, offline, or a page still running a
//! build whose files the host and the worker have replaced) is a French message with "Réessayer",
//! never a crash: the rest of the app stays usable.

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// A screen whose code could not be downloaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unavailable;

impl From<leptos::wasm_split::SplitLoaderError> for Unavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Unavailable
    }
}

/// What an on-demand function returns: the screen, or why it is missing.
pub type Loaded = Result<AnyView, Unavailable>;

/// `on_demand!(name in chunk => view)` declares `pub async fn name() -> Loaded` drawing `view`. In
/// the shipped build its code goes to the wasm chunk `split_<chunk>.wasm`, fetched at the first
/// call (the splitter puts code several chunks share in `chunk_<n>.wasm` files of their own).
macro_rules! on_demand {
    ($name:ident in $chunk:ident => $view:expr) => {
        #[cfg(relance_split)]
        #[::leptos::wasm_split::wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split)]
        pub fn $name() -> $crate::ui::on_demand::Loaded {
            Ok(::leptos::prelude::IntoAny::into_any($view))
        }
        #[cfg(not(relance_split))]
        pub async fn $name() -> $crate::ui::on_demand::Loaded {
            Ok(::leptos::prelude::IntoAny::into_any($view))
        }
    };
}
pub(crate) use on_demand;

/// A screen drawn by an `on_demand!` function: "Chargement de l'écran…" while its code arrives
/// (nothing when it is already there), the screen, or the message with "Réessayer".
#[component]
pub fn OnDemand<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Loaded> + 'static,
{
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Chargement de l'écran…"</p> }>
            {move || {
                attempt.track();
                Suspend::new(SendWrapper::new(async move {
                    load().await.unwrap_or_else(|Unavailable| {
                        view! { <ScreenUnavailable retry=move || attempt.update(|n| *n += 1) /> }
                            .into_any()
                    })
                }))
            }}
        </Suspense>
    }
}

/// The screen's code did not arrive.
#[component]
fn ScreenUnavailable(retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <section class="card" role="alert" data-testid="screen-unavailable">
            <h2>"Cet écran n'a pas pu être chargé"</h2>
            <p>"Son code se télécharge à sa première ouverture, et ce téléchargement a échoué : connexion coupée, ou nouvelle version de Relance installée depuis l'ouverture de la page (rechargez-la alors). Les autres rubriques restent utilisables et vos données ne sont pas touchées. Une fois l'application ouverte en ligne, tous ses écrans restent disponibles hors connexion."</p>
            <div class="buttons">
                <button type="button" class="primary" on:click=move |_| retry()>"Réessayer"</button>
            </div>
        </section>
    }
}
