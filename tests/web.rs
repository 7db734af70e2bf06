//! wasm-bindgen tests, run in headless Chromium by `cargo test --target wasm32-unknown-unknown`:
//! the app mounted for real, and the IndexedDB layer against the browser's storage.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, so the test runner's own page is left alone.
fn mount_point() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&el).unwrap();
    el
}

/// Waits (up to about 5 s) until `el`'s text contains `needle`.
async fn wait_for_text(el: &web_sys::HtmlElement, needle: &str) -> String {
    for _ in 0..100 {
        let text = el.text_content().unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        gloo_timers_sleep(50).await;
    }
    el.text_content().unwrap_or_default()
}

async fn gloo_timers_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn app_mounts_and_shows_the_whole_envelope_available() {
    let el = mount_point();
    let _handle = leptos::mount::mount_to(el.clone(), || {
        leptos::view! { <relance::ui::App /> }
    });
    let text = wait_for_text(&el, "Disponible").await;
    assert!(
        text.contains("Communauté de Communes du Sud Territoire"),
        "{text}"
    );
    assert!(text.contains("5\u{a0}000,00\u{a0}€"), "{text}");
}

#[path = "web/storage.rs"]
mod storage;

#[path = "web/keys.rs"]
mod keys;

#[path = "web/pacing.rs"]
mod pacing;
