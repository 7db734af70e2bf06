//! The page around the app: the frame `index.html` paints before the wasm arrives, printing, and
//! the message shown if the app stops on a bug.

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

/// On a panic (a bug: with `panic = "abort"` the app stops), logs it to the console and shows a
/// French message asking to reload, instead of a dead page. Stored data is not affected: every
/// write is a whole IndexedDB transaction.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_message();
    }));
}

/// The message the panic hook shows: a French alert at the top of the page, with no HTML parsing.
pub fn show_crash_message() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let Ok(box_) = document.create_element("div") else {
        return;
    };
    let _ = box_.set_attribute("role", "alert");
    let _ = box_.set_attribute("class", "crash");
    let _ = box_.set_attribute("data-testid", "crash");
    box_.set_text_content(Some(
        "Relance a rencontré une erreur inattendue et s'est arrêtée. Les données déjà enregistrées \
         dans ce navigateur sont intactes. Rechargez la page (touche F5) pour continuer.",
    ));
    let _ = body.prepend_with_node_1(&box_);
}

/// Opens the browser's print dialog (the print stylesheet shows the document alone).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
