//! Offline first: registers the service worker (`sw.js`, generated at build time), watches for an
//! update ready to apply and applies it when asked, and follows the network's state. What the
//! user sees of it: `crate::ui::offline`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// The service worker's state as the page sees it.
#[derive(Clone, Copy)]
pub struct Updates {
    /// A new build is installed and waits for the user's go-ahead.
    pub ready: RwSignal<bool>,
    /// The network is reachable (`navigator.onLine`).
    pub online: RwSignal<bool>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
    accepted: StoredValue<bool>,
    registered: StoredValue<bool>,
}

impl Updates {
    /// Starts watching the network; [`Updates::register`] registers the service worker.
    pub fn start() -> Updates {
        let online = web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true);
        let updates = Updates {
            ready: RwSignal::new(false),
            online: RwSignal::new(online),
            registration: StoredValue::new_local(None),
            accepted: StoredValue::new(false),
            registered: StoredValue::new(false),
        };
        updates.watch_network();
        updates
    }

    fn watch_network(self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        for (event, value) in [("online", true), ("offline", false)] {
            let handler = Closure::<dyn Fn()>::new(move || self.online.set(value));
            let _ =
                window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
            handler.forget();
        }
    }

    /// Registers the service worker, where the browser has one (pages served over HTTPS or from
    /// localhost), once: its first installation downloads every file of the build, the screens
    /// loaded on demand included, so the app calls this when start-up is over and the worker's
    /// downloads no longer slow the first screen (BENCHMARKS.md, ninth round).
    pub fn register(self) {
        if self.registered.get_value() {
            return;
        }
        self.registered.set_value(true);
        let Some(window) = web_sys::window() else {
            return;
        };
        let navigator = window.navigator();
        if !has_workers(&navigator) {
            return;
        }
        let container = navigator.service_worker();
        // A new worker took over after the user accepted the update: load the new build.
        let on_change = Closure::<dyn Fn()>::new(move || {
            if self.accepted.get_value()
                && let Some(w) = web_sys::window()
            {
                let _ = w.location().reload();
            }
        });
        container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
        spawn_local(async move {
            super::clock::after_next_paint().await;
            let Ok(reg) = wasm_bindgen_futures::JsFuture::from(container.register("./sw.js")).await
            else {
                return;
            };
            // Checked, not assumed: a browser that refuses workers may resolve with nothing, and a
            // JS exception here would stop every other task of the page.
            let Ok(reg) = reg.dyn_into::<ServiceWorkerRegistration>() else {
                return;
            };
            if reg.waiting().is_some() && controlled() {
                self.ready.set(true);
            }
            let watched = reg.clone();
            let on_found = Closure::<dyn Fn()>::new(move || {
                let Some(installing) = watched.installing() else {
                    return;
                };
                let worker = installing.clone();
                let on_state = Closure::<dyn Fn()>::new(move || {
                    if worker.state() == ServiceWorkerState::Installed && controlled() {
                        self.ready.set(true);
                    }
                });
                installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
                on_state.forget();
            });
            reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
            on_found.forget();
            self.registration.set_value(Some(reg));
        });
    }

    /// Lets the waiting worker take over; the page reloads when it has.
    pub fn apply(&self) {
        self.accepted.set_value(true);
        self.registration.with_value(|reg| {
            if let Some(waiting) = reg.as_ref().and_then(|r| r.waiting()) {
                let _ = waiting.post_message(&"SKIP_WAITING".into());
            }
        });
    }
}

/// Whether the user asked the browser to save data ("Save-Data", `navigator.connection.saveData`,
/// where the browser tells it).
pub fn saves_data() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"connection".into()).ok())
        .filter(|c| c.is_object())
        .and_then(|c| js_sys::Reflect::get(&c, &"saveData".into()).ok())
        .and_then(|s| s.as_bool())
        .unwrap_or(false)
}

/// Whether this browser has service workers at all (`navigator.serviceWorker`; web-sys would
/// otherwise return a value that is not there).
fn has_workers(navigator: &web_sys::Navigator) -> bool {
    js_sys::Reflect::has(navigator, &"serviceWorker".into()).unwrap_or(false)
}

/// Whether the service worker controls the page now.
fn controlled() -> bool {
    web_sys::window().is_some_and(|w| {
        let navigator = w.navigator();
        has_workers(&navigator) && navigator.service_worker().controller().is_some()
    })
}

/// Waits until the service worker controls the page — it then holds every file of the build, and
/// what the page fetches comes from its cache — for up to `within_ms`; `false` when it does not
/// (no worker in this browser, or it refused the registration).
pub async fn controlled_within(within_ms: i32) -> bool {
    const STEP_MS: i32 = 500;
    if !web_sys::window().is_some_and(|w| has_workers(&w.navigator())) {
        return false;
    }
    let mut waited = 0;
    while !controlled() {
        if waited >= within_ms {
            return false;
        }
        super::clock::sleep(STEP_MS).await;
        waited += STEP_MS;
    }
    true
}
