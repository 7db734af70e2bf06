//! The pacing of the start-up's work in the real browser: the first screen drawn in parts, one
//! task after another (`ui::first_draw`), and the wait of the work that can wait, which comes
//! after the page's last long task (`web::clock::quiet_for`).

use js_sys::{Array, Reflect};
use relance::ui::first_draw::{Drawn, Part};
use relance::web::clock;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

/// How many parts of the first screen `drawn` shows.
fn parts_shown(drawn: Drawn) -> usize {
    Part::ALL.iter().filter(|p| drawn.shows(**p)).count()
}

#[wasm_bindgen_test]
async fn the_first_screen_is_drawn_one_part_per_task_in_order_and_once() {
    // Mounting starts Leptos' executor, which the drawing's task runs on.
    let _mounted = leptos::mount::mount_to(super::mount_point(), || ());
    let drawn = Drawn::new();
    assert_eq!(parts_shown(drawn), 0);
    drawn.start();
    // Nothing in the task that starts the drawing (the top bar's).
    assert_eq!(parts_shown(drawn), 0);
    let mut seen = vec![0];
    for _ in 0..200 {
        clock::pause().await;
        let n = parts_shown(drawn);
        // Always a prefix of the order: a part is never shown before the ones above it.
        for (i, part) in Part::ALL.iter().enumerate() {
            assert_eq!(drawn.shows(*part), i < n, "{part:?} with {n} parts shown");
        }
        if seen.last() != Some(&n) {
            seen.push(n);
        }
        if n == Part::ALL.len() {
            break;
        }
    }
    assert_eq!(seen.last(), Some(&Part::ALL.len()), "{seen:?}");
    // Several tasks, not one: more than two intermediate states were seen between none and all.
    assert!(seen.len() > 3, "{seen:?}");
    // A second start (coming back from a document) finds everything drawn.
    drawn.start();
    clock::pause().await;
    assert_eq!(parts_shown(drawn), Part::ALL.len());
}

/// Whether this browser reports long tasks (Chromium does; Firefox and Safari do not).
fn reports_long_tasks() -> bool {
    let Ok(observer) = Reflect::get(&js_sys::global(), &"PerformanceObserver".into()) else {
        return false;
    };
    Reflect::get(&observer, &"supportedEntryTypes".into())
        .ok()
        .and_then(|types| types.dyn_into::<Array>().ok())
        .is_some_and(|types| types.includes(&"longtask".into(), 0))
}

#[wasm_bindgen_test]
async fn quiet_for_waits_until_the_last_long_task_is_that_far_behind() {
    clock::watch_activity();
    clock::sleep(50).await;
    // A long task: 150 ms of work without a break.
    let start = clock::clock_ms();
    while clock::clock_ms() - start < 150.0 {}
    let busy_until = clock::clock_ms();
    // The browser reports the task just after it ends.
    clock::sleep(30).await;
    clock::quiet_for(400).await;
    let after_task = clock::clock_ms() - busy_until;
    if reports_long_tasks() {
        assert!(
            after_task >= 390.0,
            "quiet_for returned {after_task} ms after the long task"
        );
    }
    // The user's gestures alone: user_idle_for does not wait for long tasks (none since).
    let before = clock::clock_ms();
    clock::user_idle_for(100).await;
    assert!(clock::clock_ms() - before < 1_000.0);
}
