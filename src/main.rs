//! Entry point: mounts the app in the browser. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(relance::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
