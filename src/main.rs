//! Entry point: mounts the app in the browser. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    relance::web::page::install_panic_hook();
    // Mounted in the task after the wasm's instantiation: two shorter tasks instead of one long
    // one on a slow phone (Lighthouse's total blocking time).
    wasm_bindgen_futures::spawn_local(async {
        relance::web::clock::pause().await;
        leptos::mount::mount_to_body(relance::ui::App);
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
