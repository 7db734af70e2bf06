//! Entry point: mounts the app in the browser. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    relance::web::page::install_panic_hook();
    // Started in the tasks after the wasm's instantiation (`ui::start`).
    wasm_bindgen_futures::spawn_local(relance::ui::start());
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
