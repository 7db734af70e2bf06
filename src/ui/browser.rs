//! Thin wrappers over browser APIs the components need: the clock, random ids, file download and
//! upload, user settings in `localStorage`, and the channel that tells other tabs about saves.

use gloo_storage::{LocalStorage, Storage};
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The user's local date and time.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// The user's local date.
pub fn today() -> chrono::NaiveDate {
    now().date()
}

/// A new identifier, unique across machines: `prefix` and 16 random hex digits.
pub fn new_id(prefix: &str) -> String {
    let uuid = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", js_sys::Date::now() as u64));
    let hex: String = uuid
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .take(16)
        .collect();
    format!("{prefix}-{hex}")
}

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

/// Offers `content` to the user as a file named `name`.
pub fn download(name: &str, mime: &str, content: &str) -> Result<(), String> {
    download_bytes(name, mime, content.as_bytes())
}

/// How a file leaves the app: downloaded, or handed to the device's share sheet (mail,
/// messaging, drive), where the browser can share files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Saved to the downloads.
    Download,
    /// Sent through the share sheet (Web Share API level 2).
    Share,
}

/// Gives `bytes` to the user as a file named `name`, the way they chose.
pub async fn deliver(how: Delivery, name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    match how {
        Delivery::Download => download_bytes(name, mime, bytes),
        Delivery::Share => share_file(name, mime, bytes).await,
    }
}

/// A file for the Web Share API.
fn file(name: &str, mime: &str, bytes: &[u8]) -> Result<web_sys::File, String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::FilePropertyBag::new();
    options.set_type(mime);
    web_sys::File::new_with_u8_array_sequence_and_options(&parts, name, &options)
        .map_err(|_| "création du fichier impossible".to_string())
}

/// `{ files: [file] }`, what `navigator.canShare` and `navigator.share` take.
fn share_data(file: &web_sys::File) -> js_sys::Object {
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"files".into(), &js_sys::Array::of1(file));
    data
}

/// A method of `navigator`, if the browser has it.
fn navigator_method(name: &str) -> Option<(JsValue, js_sys::Function)> {
    let navigator: JsValue = web_sys::window()?.navigator().into();
    let f = js_sys::Reflect::get(&navigator, &name.into()).ok()?;
    f.dyn_into::<js_sys::Function>()
        .ok()
        .map(|f| (navigator, f))
}

/// Whether this browser can hand a file to the device's share sheet (`navigator.canShare({
/// files })`, tried with a small JSON file): true on most phones and tablets, false on most desktop
/// browsers, where only the download is offered.
pub fn can_share_files() -> bool {
    let Some((navigator, can_share)) = navigator_method("canShare") else {
        return false;
    };
    let Ok(probe) = file("relance.json", "application/json", b"{}") else {
        return false;
    };
    can_share
        .call1(&navigator, &share_data(&probe))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Opens the device's share sheet with the file. The user closing the sheet is not an error.
async fn share_file(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let failed = || "l'envoi n'a pas abouti : utilisez « Télécharger ».".to_string();
    let (navigator, share) = navigator_method("share").ok_or_else(failed)?;
    let data = share_data(&file(name, mime, bytes)?);
    let _ = js_sys::Reflect::set(&data, &"title".into(), &name.into());
    let promise: js_sys::Promise = share
        .call1(&navigator, &data)
        .map_err(|_| failed())?
        .dyn_into()
        .map_err(|_| failed())?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Ok(()),
        Err(e)
            if e.dyn_ref::<web_sys::DomException>()
                .is_some_and(|d| d.name() == "AbortError") =>
        {
            Ok(())
        }
        Err(_) => Err(failed()),
    }
}

/// Offers `bytes` to the user as a file named `name`.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "création du fichier impossible".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "création du lien impossible".to_string())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("page indisponible")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "lien impossible")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The bytes of the first file chosen in `input` (not decoded: the reader checks the text).
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Result<Vec<u8>, String> {
    let file = input
        .files()
        .and_then(|f| f.get(0))
        .ok_or("Aucun fichier choisi.")?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "Lecture du fichier impossible.".to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Lets the browser paint and answer input before the next slice of a long piece of work.
pub async fn pause() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .and_then(|w| w.set_timeout_with_callback(&resolve).ok())
            .is_some();
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Lets the browser paint what is on screen now before going on: resolves in the task after the
/// next animation frame, or after 100 ms when frames do not come (a tab in the background).
pub async fn after_next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let later = window.clone();
        let after_frame = resolve.clone();
        let frame = Closure::once_into_js(move || {
            let _ = later.set_timeout_with_callback(&after_frame);
        });
        let framed = window
            .request_animation_frame(frame.unchecked_ref())
            .is_ok();
        let fallback = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        if !framed && fallback.is_err() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds on the page's clock, for slicing work.
pub fn clock_ms() -> f64 {
    js_sys::Date::now()
}

/// Reads a user setting from `localStorage`.
pub fn setting<T: DeserializeOwned>(key: &str) -> Option<T> {
    LocalStorage::get(key).ok()
}

/// Writes a user setting to `localStorage`; a failure is returned for the caller to show.
pub fn set_setting<T: Serialize>(key: &str, value: &T) -> Result<(), String> {
    LocalStorage::set(key, value).map_err(|e| e.to_string())
}

/// The channel on which tabs of the app announce their saves (the demo's tabs have their own).
pub fn channel() -> Option<web_sys::BroadcastChannel> {
    let name = if demo_size().is_some() {
        "relance-demo"
    } else {
        "relance"
    };
    web_sys::BroadcastChannel::new(name).ok()
}

/// Largest demo the page generates.
pub const MAX_DEMO_ACTIONS: usize = 20_000;

/// `Some(n)` when the page was opened with `?demo` (1,000 actions) or `?demo=n`: the app then runs
/// on generated data in a database of its own, never mixed with real data.
pub fn demo_size() -> Option<usize> {
    let search = web_sys::window()?.location().search().ok()?;
    let query = search.trim_start_matches('?');
    query
        .split('&')
        .find_map(|pair| match pair.split_once('=') {
            None if pair == "demo" => Some(1_000),
            Some(("demo", n)) => Some(n.parse::<usize>().unwrap_or(1_000).min(MAX_DEMO_ACTIONS)),
            _ => None,
        })
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
