//! The Leptos user interface (browser only). Components are named after what the user sees and hold
//! no business rule: every figure and every check comes from [`crate::domain`], every change goes
//! through [`state::AppState::execute`] as a command ([`crate::workspace::Command`]).
//!
//! Map: [`App`] starts [`startup::start_up`] and shows, by [`state::Phase`], the frame of
//! `index.html`, the main screen or what prevents it; the main screen shows one
//! [`state::Screen`]: the top bar (`TopBar`) and one tab ([`dashboard`], [`monthly`],
//! [`companies`], [`actions`], [`exchange`], [`conventions`], [`backup`]), or a printable document
//! of an action ([`documents`]).

pub mod action_detail;
pub mod actions;
pub mod amendments;
pub mod backup;
pub mod bilan;
pub mod companies;
pub mod conventions;
pub mod dashboard;
pub mod diffusion;
pub mod documents;
pub mod exchange;
pub mod first_draw;
pub mod history;
pub mod identity;
pub mod import;
pub mod journal;
pub mod monthly;
pub mod network;
pub mod offline;
pub mod on_demand;
pub mod received;
pub mod refusals;
pub mod requests;
pub mod screen;
pub mod sealing;
pub mod signing_key;
pub mod startup;
pub mod state;
pub mod tab_conflict;
pub mod tabs;
pub mod unsent;
pub mod widgets;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::convention::ConventionId;
use crate::storage::format::{StoreError, Unreadable};
use crate::web::{clock, files, page, settings};
use first_draw::{InPart, Part};
use state::{AppState, Phase, SaveState, Screen, Tab, use_state};

/// Starts the application on the page, in tasks of their own so that none is long on a slow phone
/// (V8 compiles each function at its first call, on the page's thread; BENCHMARKS.md,
/// twenty-sixth round): its state, then its first view.
pub async fn start() {
    clock::pause().await;
    // The app's owner: its state and its view live as long as the page.
    let owner = Owner::new();
    let state = owner.with(AppState::default);
    clock::pause().await;
    owner.with(|| leptos::mount::mount_to_body(move || view! { <App state=state /> }));
    std::mem::forget(owner);
}

/// The whole application, on `state` (a new one by default).
#[component]
pub fn App(#[prop(optional)] state: Option<AppState>) -> impl IntoView {
    let state = state.unwrap_or_default();
    provide_context(state);
    let demo = settings::demo_size();
    // The rest of the start-up's set-up in tasks of their own, so that none is long on a slow
    // phone (V8 compiles each function at its first call, on the page's thread; BENCHMARKS.md,
    // twenty-sixth round): reading storage, then the browser's history, then the network's state
    // and its banner (empty while online) with the service worker.
    let updates = RwSignal::new(None::<crate::web::offline::Updates>);
    leptos::task::spawn_local_scoped(async move {
        clock::pause().await;
        spawn_local(startup::start_up(state, demo));
        clock::pause().await;
        history::follow(state);
        clock::pause().await;
        let started = crate::web::offline::Updates::start();
        after_start_up(state, started);
        updates.set(Some(started));
    });
    view! {
        {demo.map(|n| view! {
            <p class="demo-banner" role="status" data-testid="demo">
                {format!("Mode démo : {n} actions fictives sur 110 conventions, dans une base séparée de vos données réelles. ")}
                <a href="./">"Quitter la démo"</a>
            </p>
        })}
        {move || updates.get().map(|updates| view! { <offline::ConnectivityBanner updates=updates /> })}
        // The frame of index.html stays on screen while loading, and goes in the very update that
        // paints what replaces it: no frame without either, nothing that moves.
        {move || match state.phase.get() {
            Phase::Loading if page::boot_frame_shown() => ().into_any(),
            Phase::Loading => view! { <p class="loading" role="status">"Chargement des données…"</p> }.into_any(),
            Phase::Problems(problems) => {
                page::remove_boot_frame();
                let on_fixed = Callback::new(move |_| {
                    state.phase.set(Phase::Loading);
                    spawn_local(startup::start_up(state, demo));
                });
                // Rare: its code comes when it is needed.
                view! {
                    <on_demand::OnDemand load=move || storage_problems(problems.clone(), on_fixed) />
                }.into_any()
            }
            Phase::NoReader => {
                page::remove_boot_frame();
                // The data is said to be intact; « Réessayer » starts again.
                view! {
                    <on_demand::NotFetched
                        testid="reader-unavailable"
                        title="Vos données n'ont pas pu être ouvertes"
                        text="Vos données sont enregistrées dans ce navigateur, mais la partie de Relance qui les lit n'a pas pu être téléchargée : connexion coupée, ou nouvelle version de Relance installée depuis l'ouverture de la page (rechargez-la alors). Rien n'a été modifié."
                        retry=move || {
                            state.phase.set(Phase::Loading);
                            spawn_local(startup::start_up(state, demo));
                        }
                    />
                }.into_any()
            }
            // The frame goes with the top bar's part (`first_draw`), or with a document.
            Phase::FirstLook | Phase::Ready => view! { <MainScreen /> }.into_any(),
        }}
    }
}

/// Once the app has started and drawn its first screen (or stopped on what prevents it), in a
/// task of its own: the service worker, whose first download of the whole build would otherwise
/// compete with the start-up's own work (on a slow phone its installation made the first screen's
/// tasks two to three times longer: BENCHMARKS.md, twenty-sixth round); then the other screens'
/// code, once the worker holds it (`on_demand::prefetch_screens`).
fn after_start_up(state: AppState, updates: crate::web::offline::Updates) {
    let prefetching = StoredValue::new(false);
    Effect::new(move || {
        let started = state.phase.with(|phase| match phase {
            Phase::Loading | Phase::FirstLook => false,
            Phase::Ready => state.drawn.complete(),
            Phase::Problems(_) | Phase::NoReader => true,
        });
        if started && !prefetching.get_value() {
            prefetching.set_value(true);
            spawn_local(async move {
                clock::pause().await;
                updates.register();
                on_demand::prefetch_screens().await;
            });
        }
    });
}

on_demand::on_demand!(storage_problems(problems: Vec<Unreadable>, on_fixed: Callback<()>) in problems
    => view! { <StorageProblems problems=problems on_fixed=on_fixed /> });

/// What prevents start-up: records written by a newer version, or that cannot be read. Nothing is
/// overwritten; the user can download them, and set unreadable ones aside to start again.
#[component]
fn StorageProblems(problems: Vec<Unreadable>, on_fixed: Callback<()>) -> impl IntoView {
    let state = use_state();
    let newer = problems
        .iter()
        .any(|p| matches!(p.error, StoreError::NewerVersion { .. }));
    let error = RwSignal::new(None::<String>);
    let keys: Vec<String> = problems.iter().map(|p| p.key.clone()).collect();
    let set_aside = move |_| {
        let keys = keys.clone();
        spawn_local(async move {
            let Some(db) = state.db() else { return };
            let stamp = crate::domain::date::stamp_for_file(clock::now());
            for key in keys {
                if let Err(e) = db
                    .set_aside(&key, &format!("quarantaine_{key}_{stamp}"))
                    .await
                {
                    error.set(Some(e.to_string()));
                    return;
                }
            }
            on_fixed.run(());
        });
    };
    view! {
        <header class="app-header"><h1>"Relance"</h1></header>
        <main>
            <section class="card problem" role="alert">
                <h2>"Les données enregistrées ne peuvent pas être ouvertes"</h2>
                <p>"Rien n'a été modifié ni écrasé."</p>
                <ul>
                    {problems.into_iter().map(|p| {
                        let raw = p.raw.clone();
                        let name = format!(
                            "relance-donnees-brutes_{}.json",
                            crate::domain::text::file_name_part(&p.key)
                        );
                        view! {
                            <li>
                                <strong>{format!("Convention « {} » : ", p.key)}</strong>
                                <span data-testid="problem">{p.error.to_string()}</span>
                                <button type="button" on:click=move |_| {
                                    let _ = files::download(&name, "application/json", &raw);
                                }>"Télécharger les données brutes"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {if newer {
                    view! { <p>"Ouvrez Relance dans sa version la plus récente pour utiliser ces données."</p> }.into_any()
                } else {
                    view! {
                        <p>"Vous pouvez mettre ces données de côté (elles restent dans le navigateur, dans les sauvegardes) et repartir."</p>
                        <button type="button" class="danger" on:click=set_aside>"Mettre de côté et continuer"</button>
                    }.into_any()
                }}
                <p class="form-error">{move || error.get().unwrap_or_default()}</p>
            </section>
        </main>
    }
}

/// The running app: top bar, tabs, the tab shown.
#[component]
fn MainScreen() -> impl IntoView {
    let state = use_state();
    // The first time, at start-up, the screen is drawn in parts, one task each (`first_draw`);
    // later (coming back from a document) everything is drawn at once.
    state.drawn.start();
    let loading = move || state.phase.with(|p| *p == Phase::FirstLook);
    view! {
        <InPart part=Part::TopBar>
            <Show when=loading>
                <p class="first-look-status" role="status">"Chargement de toutes les conventions…"</p>
            </Show>
        </InPart>
        // Inert (no click, no focus, no typing) until every convention is read.
        <div class="main-screen" inert=loading aria-busy=move || loading().to_string()>
            {move || match state.screen.get() {
                Screen::Document(kind, id) => {
                    page::remove_boot_frame();
                    view! {
                        <main class="document-screen">
                            <on_demand::OnDemand load=move || tabs::document_screen(kind, id.clone()) />
                        </main>
                    }.into_any()
                }
                Screen::Tab(_) => view! { <Tabs /> }.into_any(),
            }}
        </div>
    }
}

/// The running app's usual screen: top bar, tabs, the tab shown.
#[component]
fn Tabs() -> impl IntoView {
    let state = use_state();
    // The phone's « Plus… »: the tabs beyond the party's main ones shown.
    let more = RwSignal::new(false);
    view! {
        <InPart part=Part::TopBar>
            <TopBar />
        </InPart>
        <main>
            <InPart part=Part::Banners>
                <SaveBanner />
                <FlashMessage />
            </InPart>
            <InPart part=Part::Identity>
                <Show when=move || state.identity.get().is_none()>
                    <identity::IdentityForm />
                </Show>
            </InPart>
            <InPart part=Part::TabsBar>
            <nav class="tabs" class:open=move || more.get() aria-label="Rubriques">
                {Tab::ALL.iter().map(|tab| view! {
                    <button
                        type="button"
                        class:active=move || state.screen.with(|s| s.tab() == *tab)
                        class:beyond=move || !Tab::main_for(state.identity.with(|a| a.as_ref().map(|a| a.side))).contains(tab)
                        aria-current=move || if state.screen.with(|s| s.tab() == *tab) { "page" } else { "false" }
                        on:click=move |_| {
                            if state.draft.may_leave() {
                                more.set(false);
                                state.screen.set(Screen::Tab(*tab));
                            }
                        }
                    >
                        {tab.label()}
                    </button>
                }).collect_view()}
                // On a phone only (style/main.css): the other tabs, one tap away.
                <button type="button" class="more-toggle" aria-expanded=move || more.get().to_string()
                    on:click=move |_| more.update(|m| *m = !*m)>
                    {move || if more.get() { "Moins" } else { "Plus…" }}
                </button>
            </nav>
            </InPart>
            <InPart part=Part::Tab>
                {move || tabs::tab_view(state.screen.with(Screen::tab))}
            </InPart>
        </main>
        <InPart part=Part::Rest>
            <AppFooter />
        </InPart>
    }
}

/// The foot of the page: the user guide (« Aide », `aide.html`, built from `docs/guide.md`) and,
/// outside the demo itself, the demo (made-up data in its own database) in a new tab.
#[component]
fn AppFooter() -> impl IntoView {
    view! {
        <footer class="app-footer">
            <a href="aide.html" target="_blank" rel="noopener">"Aide"</a>
            {settings::demo_size().is_none().then(|| view! {
                " · "
                <a href="?demo" target="_blank" rel="noopener">
                    "Essayer le mode démo (données fictives, à part de vos données)"
                </a>
            })}
        </footer>
    }
}

/// The app's name, the convention picker, the user, undo and the save status.
#[component]
fn TopBar() -> impl IntoView {
    let state = use_state();
    let conventions = move || {
        state.workspace.with(|ws| {
            ws.conventions()
                .map(|c| {
                    (
                        c.id().clone(),
                        format!("{} – {}", c.terms().payer.short_name, c.terms().title),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    // Drawn in the place of the frame of index.html, whose header this is.
    page::remove_boot_frame();
    view! {
        <header class="app-header">
            <div class="brand">
                <h1>"Relance"</h1>
                <p class="tagline">"Suivi de convention CMA – intercommunalité"</p>
            </div>
            <InPart part=Part::Picker>
            <div class="field inline">
                <label for="convention-picker">"Convention"</label>
                <select id="convention-picker" on:change=move |ev| {
                    if state.draft.may_leave() {
                        state.switch_to(ConventionId(event_target_value(&ev)));
                    } else if let Some(active) = state.active.get_untracked() {
                        // Stay: the picker shows the convention still shown.
                        event_target::<web_sys::HtmlSelectElement>(&ev).set_value(&active.0);
                    }
                }>
                    {move || conventions().into_iter().map(|(id, label)| {
                        let selected = state.active.get().as_ref() == Some(&id);
                        view! { <option value=id.0.clone() selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            </InPart>
            <InPart part=Part::Tools>
            <identity::IdentityBadge />
            <UndoButton />
            <SaveIndicator />
            </InPart>
        </header>
    }
}

/// Undoes the last change, naming it ("Annuler : création de l'entreprise « … »"), and makes
/// again the last change undone ("Rétablir : …") until another change is made.
#[component]
fn UndoButton() -> impl IntoView {
    let state = use_state();
    let undo = move || {
        state
            .workspace
            .with(|ws| ws.undo_label().map(str::to_string))
    };
    let redo = move || {
        state
            .workspace
            .with(|ws| ws.redo_label().map(str::to_string))
    };
    view! {
        <span class="undo-redo">
            <button
                type="button"
                class="undo"
                data-testid="undo"
                disabled=move || undo().is_none()
                title=move || undo().map(|l| format!("Annuler : {l}")).unwrap_or_else(|| "Rien à annuler".into())
                on:click=move |_| state.undo()
            >
                {move || undo().map(|l| format!("Annuler : {l}")).unwrap_or_else(|| "Annuler".into())}
            </button>
            {move || redo().map(|l| view! {
                <button type="button" class="redo" data-testid="redo" title=format!("Rétablir : {l}") on:click=move |_| state.redo()>
                    {format!("Rétablir : {l}")}
                </button>
            })}
        </span>
    }
}

/// "Enregistré" / "Enregistrement…" / "Non enregistré".
#[component]
fn SaveIndicator() -> impl IntoView {
    let state = use_state();
    view! {
        <span class="save-indicator" data-testid="save-state" role="status">
            {move || match state.save.get() {
                SaveState::Saved => "Enregistré",
                SaveState::Saving => "Enregistrement…",
                SaveState::WaitingForChoice | SaveState::Failed(_) => "Non enregistré",
            }}
        </span>
    }
}

/// What the save banner shows: the last failure (kept while a new write is under way, so that
/// nothing jumps under the pointer), or, once a write after it succeeded, that all is saved.
#[derive(Clone, PartialEq)]
enum SaveBannerShows {
    /// Nothing.
    Nothing,
    /// The last save failed, why.
    Failed(StoreError),
    /// A save succeeded after a failure (the user's retry, or the next change's once space came
    /// back): said in the failure's place until the user closes it.
    Recovered,
}

/// Why the last save failed and what the user can do; the change is still on screen. Once a later
/// write succeeds, the banner says so in the same place instead of vanishing.
#[component]
fn SaveBanner() -> impl IntoView {
    let state = use_state();
    let waiting = move || state.workspace.with(|ws| ws.tab_conflict().is_some());
    let shows = RwSignal::new(SaveBannerShows::Nothing);
    Effect::new(move || match state.save.get() {
        SaveState::Failed(error) => shows.set(SaveBannerShows::Failed(error)),
        SaveState::Saved if matches!(shows.get_untracked(), SaveBannerShows::Failed(_)) => {
            shows.set(SaveBannerShows::Recovered)
        }
        _ => {}
    });
    view! {
        // Rare (two tabs changed one record): its code comes when it is needed.
        <Show when=waiting>
            <on_demand::OnDemand load=tab_conflict::tab_conflict_choice />
        </Show>
        {move || match shows.get() {
            SaveBannerShows::Failed(error) => {
                let cleared = error == StoreError::Cleared;
                Some(view! {
                    <section class="card problem" role="alert" data-testid="save-error">
                        <p>{error.to_string()}</p>
                        <div class="buttons">
                            <button type="button" class="primary" on:click=move |_| spawn_local(async move {
                                let refused = match state.sync.writer().await {
                                    Ok(to) => backup::download_backup(&state, to.backup),
                                    Err(e) => Some(e.to_string()),
                                };
                                if let Some(why) = refused {
                                    state.flash.set(Some(state::Flash::Refused(why)));
                                }
                            })>"Télécharger une sauvegarde"</button>
                            {if cleared {
                                view! {
                                    <button type="button" on:click=move |_| spawn_local(async move {
                                        state.sync.write_everything_again().await;
                                    })>"Réenregistrer"</button>
                                }.into_any()
                            } else {
                                view! {
                                    <button type="button" on:click=move |_| state.sync.run()>"Réessayer"</button>
                                }.into_any()
                            }}
                        </div>
                    </section>
                }.into_any())
            }
            SaveBannerShows::Recovered => Some(view! {
                <section class="card" role="status" data-testid="save-recovered">
                    <p>"Enregistré : toutes vos modifications sont maintenant dans le stockage de ce navigateur."</p>
                    <div class="buttons">
                        <button type="button" on:click=move |_| shows.set(SaveBannerShows::Nothing)>"Fermer"</button>
                    </div>
                </section>
            }.into_any()),
            SaveBannerShows::Nothing => None,
        }}
    }
}

/// The message after the user's last action.
#[component]
fn FlashMessage() -> impl IntoView {
    let state = use_state();
    view! {
        <p class="flash" role="status" aria-live="polite" data-testid="flash">
            {move || state.flash.with(|f| f.as_ref().map(|f| state.save.with(|s| f.text(s)))).unwrap_or_default()}
        </p>
    }
}
