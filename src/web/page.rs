//! The page around the app: the frame `index.html` paints before the wasm arrives, printing, and
//! the console log of a bug in development builds (the crash message itself is `index.html`'s).

/// The frame `index.html` paints before the wasm has arrived (`#boot-frame`), while it is there.
fn boot_frame() -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .get_element_by_id("boot-frame")
}

/// Whether the frame of `index.html` is still on screen.
pub fn boot_frame_shown() -> bool {
    boot_frame().is_some()
}

/// Removes the frame of `index.html`, in the update that paints the app's first screen.
pub fn remove_boot_frame() {
    if let Some(frame) = boot_frame() {
        frame.remove();
    }
}

/// Development builds: logs a panic (a bug) to the console with its message and place. The
/// shipped wasm has no panic messages (`scripts/trunk.sh`): a panic there is a WebAssembly trap, and
/// `index.html` shows the French crash message for both builds (its `relanceCrash`). Stored data is
/// not affected: every write is a whole IndexedDB transaction.
pub fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

/// Opens the browser's print dialog (the print stylesheet shows the document alone).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
