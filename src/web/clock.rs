//! The clock and the scheduler as the app sees them: the user's local date and time, new ids,
//! the pauses that let the browser paint between slices of work, and the wait for a user who has
//! stopped clicking and typing before background work.

use std::cell::Cell;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The user's local date and time.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// The user's local date.
pub fn today() -> chrono::NaiveDate {
    now().date()
}

/// A new identifier, unique across machines: `prefix` and 16 random hex digits.
pub fn new_id(prefix: &str) -> String {
    let uuid = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", js_sys::Date::now() as u64));
    let hex: String = uuid
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .take(16)
        .collect();
    format!("{prefix}-{hex}")
}

/// Lets the browser paint and answer input before the next slice of a long piece of work: resumes
/// in a new task, posted through a `MessageChannel` — a `setTimeout(0)` repeated many times waits
/// at least 4 ms each (the browsers' clamp for nested timers), which a 10,000-action import paid
/// sixty times (BENCHMARKS.md, seventeenth round).
pub async fn pause() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let posted = web_sys::MessageChannel::new().ok().is_some_and(|channel| {
            channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
            channel
                .port2()
                .post_message(&wasm_bindgen::JsValue::NULL)
                .is_ok()
        });
        if !posted {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Lets the browser paint what is on screen now before going on: resolves in the task after the
/// next animation frame, or after 100 ms when frames do not come (a tab in the background).
pub async fn after_next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let later = window.clone();
        let after_frame = resolve.clone();
        let frame = Closure::once_into_js(move || {
            let _ = later.set_timeout_with_callback(&after_frame);
        });
        let framed = window
            .request_animation_frame(frame.unchecked_ref())
            .is_ok();
        let fallback = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        if !framed && fallback.is_err() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits `ms` milliseconds (at once when the page has no window).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let set = web_sys::window().is_some_and(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .is_ok()
        });
        if !set {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

thread_local! {
    /// When the user last pressed a pointer or a key, on [`clock_ms`]; `None` until
    /// [`watch_user_input`] first listens.
    static LAST_INPUT: Cell<Option<f64>> = const { Cell::new(None) };
}

/// Starts noting when the user clicks, touches or types (`pointerdown`, `keydown`, capture phase,
/// never stopping the event), for [`user_idle_for`]; the first call counts as an input, later
/// calls do nothing. The listeners are kept for the page's life.
pub fn watch_user_input() {
    if LAST_INPUT.get().is_some() {
        return;
    }
    LAST_INPUT.set(Some(clock_ms()));
    if let Some(window) = web_sys::window() {
        let noted = Closure::<dyn Fn()>::new(|| LAST_INPUT.set(Some(clock_ms())));
        for event in ["pointerdown", "keydown"] {
            let _ = window.add_event_listener_with_callback_and_bool(
                event,
                noted.as_ref().unchecked_ref(),
                true,
            );
        }
        noted.forget();
    }
}

/// Waits until the user has neither clicked, touched nor typed for `ms` milliseconds, counted from
/// the first [`watch_user_input`] at the earliest: work that can wait (the screens' prefetch) then
/// never competes with a gesture, nor with the first seconds of reading.
pub async fn user_idle_for(ms: i32) {
    watch_user_input();
    loop {
        let quiet = clock_ms() - LAST_INPUT.get().unwrap_or(0.0);
        if quiet >= f64::from(ms) {
            return;
        }
        sleep((f64::from(ms) - quiet).ceil() as i32).await;
    }
}

/// Milliseconds on the page's clock, for slicing work.
pub fn clock_ms() -> f64 {
    js_sys::Date::now()
}

/// A timing mark for the browser benchmark, which reads them from the console
/// (`scripts/bench-browser.mjs`: `relance-bench <label> <performance.now()>`); only in the
/// benchmark's build (`browser-bench`), nothing in the shipped one.
#[inline]
pub fn bench_mark(label: &str) {
    #[cfg(feature = "browser-bench")]
    if let Some(at) = web_sys::window().and_then(|w| w.performance()) {
        web_sys::console::log_1(&format!("relance-bench {label} {}", at.now()).into());
    }
    #[cfg(not(feature = "browser-bench"))]
    let _ = label;
}
