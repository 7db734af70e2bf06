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
/// `on_demand!(name(arg: Type, …) in chunk => view)` does the same for a screen drawn from
/// arguments (a document of an action).
macro_rules! on_demand {
    ($name:ident in $chunk:ident => $view:expr) => {
        on_demand!($name() in $chunk => $view);
    };
    ($name:ident($($arg:ident: $ty:ty),*) in $chunk:ident => $view:expr) => {
        #[cfg(relance_split)]
        #[::leptos::wasm_split::wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split)]
        pub fn $name($($arg: $ty),*) -> $crate::ui::on_demand::Loaded {
            Ok(::leptos::prelude::IntoAny::into_any($view))
        }
        #[cfg(not(relance_split))]
        pub async fn $name($($arg: $ty),*) -> $crate::ui::on_demand::Loaded {
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
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Loaded> + 'static,
{
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Chargement de l'écran…"</p> }>
            {move || {
                attempt.track();
                let load = load.clone();
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

/// The exchange's merge (`exchange::merge::plan`), for another tab's save met by this tab's
/// changes: its code goes to a chunk of its own, fetched the first time two tabs' versions meet,
/// so the first download does not carry it.
#[cfg(relance_split)]
#[::leptos::wasm_split::wasm_split(merge, fallible, wasm_split_path = ::leptos::wasm_split)]
pub fn merge_function() -> Result<crate::workspace::MergeFn, Unavailable> {
    Ok(crate::exchange::merge::plan)
}

/// The exchange's merge (the same screens at once outside the shipped build).
#[cfg(not(relance_split))]
pub async fn merge_function() -> Result<crate::workspace::MergeFn, Unavailable> {
    Ok(crate::exchange::merge::plan)
}

/// What signs the steps waiting for a signature (`ui::sealing::seal_pending`).
pub type SealFn =
    fn(super::state::AppState) -> std::pin::Pin<Box<dyn Future<Output = Result<(), String>>>>;

/// The signing of the steps taken here: its code (and WebCrypto's glue for the keys) goes to a
/// chunk of its own, fetched at the first change, so the first download does not carry it.
#[cfg(relance_split)]
#[::leptos::wasm_split::wasm_split(sealing, fallible, wasm_split_path = ::leptos::wasm_split)]
pub fn seal_function() -> Result<SealFn, Unavailable> {
    Ok(|state| Box::pin(super::sealing::seal_pending(state)))
}

/// The signing of the steps taken here (at once outside the shipped build).
#[cfg(not(relance_split))]
pub async fn seal_function() -> Result<SealFn, Unavailable> {
    Ok(|state| Box::pin(super::sealing::seal_pending(state)))
}
