//! wasm-bindgen tests, run in headless Chromium by `cargo test --target wasm32-unknown-unknown`.
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

#[wasm_bindgen_test]
async fn app_mounts_and_shows_the_whole_envelope_available() {
    let el = mount_point();
    let _handle = leptos::mount::mount_to(el.clone(), relance::ui::App);
    leptos::task::tick().await;
    let text = el.text_content().unwrap_or_default();
    assert!(
        text.contains("Communauté de Communes du Sud Territoire"),
        "{text}"
    );
    assert!(text.contains("5\u{a0}000,00\u{a0}€"), "{text}");
}
