//! Files in and out: download, the device's share sheet (Web Share API level 2), and the one
//! reading of a file the user chose.

use wasm_bindgen::{JsCast, JsValue};

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

/// The media type of the CSV files (UTF-8, with the BOM French spreadsheets need, written by
/// `export::csv`).
pub const CSV: &str = "text/csv;charset=utf-8";

/// Gives `bytes` to the user as a file named `name`, the way they chose: `Ok(true)` once
/// delivered, `Ok(false)` when the user closed the share sheet without sending it.
pub async fn deliver(how: Delivery, name: &str, mime: &str, bytes: &[u8]) -> Result<bool, String> {
    match how {
        Delivery::Download => download_bytes(name, mime, bytes).map(|()| true),
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

/// Opens the device's share sheet with the file: `Ok(true)` once shared. The user closing the
/// sheet is not an error (`Ok(false)`).
async fn share_file(name: &str, mime: &str, bytes: &[u8]) -> Result<bool, String> {
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
        Ok(_) => Ok(true),
        Err(e)
            if e.dyn_ref::<web_sys::DomException>()
                .is_some_and(|d| d.name() == "AbortError") =>
        {
            Ok(false)
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

/// A file the user chose: its name and its bytes (not decoded: the reader checks the text).
pub struct ChosenFile {
    /// The file's name on the user's device.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Reads the first file chosen in `input`, then clears the input, so that choosing the same file
/// again (after typing a passphrase, or after a refusal) reads it again. The one way files come in.
pub async fn take_chosen_file(input: &web_sys::HtmlInputElement) -> Result<ChosenFile, String> {
    let file = input
        .files()
        .and_then(|f| f.get(0))
        .ok_or("Aucun fichier choisi.")?;
    let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
    input.set_value("");
    let buffer = read.map_err(|_| "Lecture du fichier impossible.".to_string())?;
    Ok(ChosenFile {
        name: file.name(),
        bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
    })
}
