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
    /// [`watch_activity`] first listens.
    static LAST_INPUT: Cell<Option<f64>> = const { Cell::new(None) };
    /// When the page's last long task ended, on [`clock_ms`] (0 before any).
    static LAST_LONG_TASK: Cell<f64> = const { Cell::new(0.0) };
}

/// Starts noting when the user clicks, touches or types (`pointerdown`, `keydown`, capture phase,
/// never stopping the event) and when a long task of the page (more than 50 ms, as the browser
/// reports them: Chromium's `longtask` entries, the earlier ones included) ends, for
/// [`user_idle_for`] and [`quiet_for`]; the first call counts as an input, later calls do
/// nothing. The listeners are kept for the page's life.
pub fn watch_activity() {
    if LAST_INPUT.get().is_some() {
        return;
    }
    LAST_INPUT.set(Some(clock_ms()));
    let Some(window) = web_sys::window() else {
        return;
    };
    let noted = Closure::<dyn Fn()>::new(|| LAST_INPUT.set(Some(clock_ms())));
    for event in ["pointerdown", "keydown"] {
        let _ = window.add_event_listener_with_callback_and_bool(
            event,
            noted.as_ref().unchecked_ref(),
            true,
        );
    }
    noted.forget();
    // Long tasks: where the browser reports them (not Firefox nor Safari, where `quiet_for`
    // counts from the first call and the user's gestures only).
    let Some(origin) = window.performance().map(|p| p.time_origin()) else {
        return;
    };
    let ended = Closure::<dyn Fn(web_sys::PerformanceObserverEntryList)>::new(
        move |list: web_sys::PerformanceObserverEntryList| {
            for entry in list.get_entries() {
                let entry: web_sys::PerformanceEntry = entry.unchecked_into();
                let end = origin + entry.start_time() + entry.duration();
                LAST_LONG_TASK.set(LAST_LONG_TASK.get().max(end));
            }
        },
    );
    if let Ok(observer) = web_sys::PerformanceObserver::new(ended.as_ref().unchecked_ref()) {
        // `observe({ type: 'longtask', buffered: true })`, called so that an exception is a value
        // (web-sys knows the older `entryTypes` form only, which cannot ask for the earlier
        // entries, and its `observe` cannot fail). A browser without the entry type ignores it.
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"type".into(), &"longtask".into());
        let _ = js_sys::Reflect::set(&options, &"buffered".into(), &true.into());
        if let Some(observe) = js_sys::Reflect::get(&observer, &"observe".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        {
            let _ = observe.call1(&observer, &options);
        }
    }
    ended.forget();
}

/// Waits until the user has neither clicked, touched nor typed for `ms` milliseconds, counted from
/// the first [`watch_activity`] at the earliest: work that can wait (the screens' prefetch) then
/// never competes with a gesture.
pub async fn user_idle_for(ms: i32) {
    watch_activity();
    wait_until_quiet(ms, || LAST_INPUT.get().unwrap_or(0.0)).await;
}

/// As [`user_idle_for`], and no long task ran either in those `ms` milliseconds: work that can
/// wait then also comes after the start-up's last long task, leaving whole the quiet window by
/// which Lighthouse dates « interactive ».
pub async fn quiet_for(ms: i32) {
    watch_activity();
    wait_until_quiet(ms, || {
        LAST_INPUT.get().unwrap_or(0.0).max(LAST_LONG_TASK.get())
    })
    .await;
}

/// Waits until `ms` milliseconds have passed since `last_busy()`.
async fn wait_until_quiet(ms: i32, last_busy: impl Fn() -> f64) {
    loop {
        let quiet = clock_ms() - last_busy();
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
