//! Screens downloaded on demand. The shipped build (`scripts/trunk.sh`, `--cfg relance_split`)
//! splits the wasm at the functions declared with `on_demand!`: their code, and whatever only
//! they use (the exchange reader behind the import, the bilan's computation…), goes into a chunk
//! fetched the first time the screen opens — from the service worker's cache once the app has been
//! opened online — so the first visit downloads the dashboard alone, every other tab (the
//! companies and the actions too) coming at its first opening or beforehand, once the user has
//! been still for a while ([`prefetch_screens`]). Other builds (wasm-bindgen tests, clippy) build
//! the same screens at once.
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

/// `prefetch!(name in chunk, …)` declares, for each chunk, a function of it that does nothing:
/// its call fetches and instantiates `split_<chunk>.wasm` and the shared chunks it needs, as the
/// first use of the chunk would; and `prefetch_all`, which calls them one after the other, the
/// page painted between two, stopping at the first that cannot be fetched. (Smaller in the first
/// download than the screens' own `preload` functions: BENCHMARKS.md, size, nineteenth round.)
macro_rules! prefetch {
    ($($name:ident in $chunk:ident),* $(,)?) => {
        $(
            #[cfg(relance_split)]
            #[::leptos::wasm_split::wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split)]
            fn $name() -> Result<(), Unavailable> {
                Ok(())
            }
        )*

        #[cfg(relance_split)]
        async fn prefetch_all() {
            $(
                // Each chunk once the user has been still for a while, the page painted: a
                // gesture waits for one chunk's instantiation at most, and the prefetch pauses
                // while the user works.
                crate::web::clock::user_idle_for(PREFETCH_QUIET_MS).await;
                crate::web::clock::after_next_paint().await;
                if $name().await.is_err() {
                    return;
                }
            )*
        }
    };
}

// The writing of records first (the first change of a first visit awaits it), then the tabs'
// screens in the order of the tabs, then the forms and documents opened from them.
prefetch!(
    prefetch_writing in writing,
    prefetch_companies in companies,
    prefetch_actions in actions,
    prefetch_monthly in monthly,
    prefetch_bilan in bilan,
    prefetch_journal in journal,
    prefetch_network in network,
    prefetch_exchange in exchange,
    prefetch_conventions in conventions,
    prefetch_backup in backup,
    prefetch_requests in requests,
    prefetch_documents in documents,
);

/// How long the prefetch waits for the service worker to control the page, in ms: on a first
/// visit over a slow network, the worker first downloads the whole build.
#[cfg(relance_split)]
const PREFETCH_WAIT_MS: i32 = 120_000;

/// How long the user must have been still (no click, touch or key) before the prefetch takes the
/// next chunk, in ms — before the first one, without long tasks of the page either: the
/// instantiation of a screen's chunks is a task of up to 170 ms on a slow phone (BENCHMARKS.md),
/// which a click in the first seconds of use would wait for. Five seconds is also the page's
/// quiet window by which Lighthouse dates « interactive ».
#[cfg(relance_split)]
const PREFETCH_QUIET_MS: i32 = 5_000;

/// Screens ready before they are opened: once the service worker holds the build and controls the
/// page (from the start on a later visit; on a first visit, once it has downloaded the build),
/// every screen's code is fetched — from the worker's cache, nothing is downloaded twice — and
/// instantiated, one chunk after the other, each once the user has been still for
/// [`PREFETCH_QUIET_MS`], so that the first opening of a tab is as quick as the dashboard's
/// (BENCHMARKS.md, on-demand screens). A tab opened before is fetched at its opening, from the
/// worker's cache. Not when the user asked the browser to save data ("Save-Data": the code of a
/// screen then comes when it is opened), nor without a worker (nothing would be kept offline).
#[cfg(relance_split)]
pub async fn prefetch_screens() {
    use crate::web::offline;
    if offline::saves_data() {
        return;
    }
    // The first chunk waits until the page has had 5 s without a gesture nor a long task: a
    // prefetch coming less than 5 s after the start-up's last long task ends Lighthouse's quiet
    // window late (BENCHMARKS.md, twenty-third round: « interactive » at 9.7 s instead of 2.9 s).
    // The next ones wait for the user only (a long task of the prefetch itself would otherwise
    // put the next chunk 5 s later).
    crate::web::clock::quiet_for(PREFETCH_QUIET_MS).await;
    if offline::controlled_within(PREFETCH_WAIT_MS).await {
        prefetch_all().await;
    }
}

/// Every screen is in the one wasm outside the shipped build: nothing to fetch.
#[cfg(not(relance_split))]
pub async fn prefetch_screens() {}

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
                        view! {
                            <NotFetched
                                testid="screen-unavailable"
                                title="Cet écran n'a pas pu être chargé"
                                text="Son code se télécharge à sa première ouverture, et ce téléchargement a échoué : connexion coupée, ou nouvelle version de Relance installée depuis l'ouverture de la page (rechargez-la alors). Les autres rubriques restent utilisables et vos données ne sont pas touchées. Une fois l'application ouverte en ligne, tous ses écrans restent disponibles hors connexion."
                                retry=move || attempt.update(|n| *n += 1)
                            />
                        }
                            .into_any()
                    })
                }))
            }}
        </Suspense>
    }
}

/// Code that could not be downloaded: what it prevents, in French, and « Réessayer ».
#[component]
pub fn NotFetched(
    testid: &'static str,
    title: &'static str,
    text: &'static str,
    retry: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <section class="card" role="alert" data-testid=testid>
            <h2>{title}</h2>
            <p>{text}</p>
            <div class="buttons">
                <button type="button" class="primary" on:click=move |_| retry()>"Réessayer"</button>
            </div>
        </section>
    }
}

/// `code_on_demand!(name in chunk -> Type = value)` declares `pub async fn name() ->
/// Result<Type, Unavailable>` giving `value` (a function): in the shipped build its code, and
/// whatever only it uses, goes to `split_<chunk>.wasm`, fetched at the first call; other builds
/// have it at once.
macro_rules! code_on_demand {
    ($(#[$doc:meta])* $name:ident in $chunk:ident -> $ty:ty = $value:expr) => {
        $(#[$doc])*
        #[cfg(relance_split)]
        #[::leptos::wasm_split::wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split)]
        pub fn $name() -> Result<$ty, Unavailable> {
            Ok($value)
        }
        $(#[$doc])*
        #[cfg(not(relance_split))]
        pub async fn $name() -> Result<$ty, Unavailable> {
            Ok($value)
        }
    };
}

code_on_demand!(
    /// The exchange's merge (`exchange::merge::plan_stored`), for another tab's save met by this
    /// tab's changes: fetched the first time two tabs' versions meet.
    merge_function in merge -> crate::workspace::MergeFn = crate::exchange::merge::plan_stored
);

/// What signs the steps waiting for a signature (`ui::sealing::seal_pending`).
pub type SealFn =
    fn(super::state::AppState) -> std::pin::Pin<Box<dyn Future<Output = Result<(), String>>>>;

code_on_demand!(
    /// The signing of the steps taken here (and WebCrypto's glue for the keys): fetched at the
    /// first change.
    seal_function in sealing -> SealFn = |state| Box::pin(super::sealing::seal_pending(state))
);

code_on_demand!(
    /// The reading of stored records (`storage::format::StoredLedger::from_json`: the decoders of
    /// every stored type, the migrations, the French messages of a record that cannot be read):
    /// fetched at start-up only when storage holds a record, so a first visit — nothing stored
    /// yet — does not download it.
    read_function in reading -> crate::storage::format::ReadFn =
        crate::storage::format::StoredLedger::from_json
);

/// What generates the demo's data: every ledger of [`crate::demo::region`].
pub type DemoFn = fn(usize) -> Vec<crate::domain::ledger::Ledger>;

code_on_demand!(
    /// The demo's data generator (`?demo=N`): fetched the first time the demo opens.
    demo_function in demo -> DemoFn = crate::demo::region
);

code_on_demand!(
    /// The writing of records (`storage::format::WriteFns`: the encoders of every stored type):
    /// fetched at the first write — on a first visit, the user's first change.
    write_function in writing -> crate::storage::format::WriteFns =
        crate::storage::format::WriteFns::ALL
);
