//! Entry point: mounts the app in the browser. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    relance::web::page::install_panic_hook();
    leptos::mount::mount_to_body(relance::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
