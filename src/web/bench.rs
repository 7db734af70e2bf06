//! The browser benchmark's entry points (`scripts/bench-browser.mjs`, through Trunk's
//! `window.wasmBindings`). Compiled only with the `browser-bench` feature, which the benchmark's own build
//! turns on: the production build does not carry them.

/// For the browser benchmark (`scripts/bench-browser.mjs`, through Trunk's `window.wasmBindings`):
/// milliseconds to recompute every convention's figures and monthly table, `actions` generated
/// actions over the 110 conventions of the region, median of `runs`. The data is generated first,
/// not timed, and never stored.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = benchRecomputeEverything)]
pub fn bench_recompute_everything(actions: usize, runs: usize) -> f64 {
    let ledgers = crate::demo::region(actions);
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return f64::NAN;
    };
    // Ten recomputations per sample: the page's clock is coarsened to 0.1 ms.
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = performance.now();
            for _ in 0..10 {
                std::hint::black_box(crate::demo::recompute_everything(&ledgers));
            }
            (performance.now() - start) / 10.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}
