//! User settings in `localStorage`, the channel that tells other tabs about saves, and which
//! storage the page uses (the user's, or the demo's). The names themselves live in
//! [`crate::storage::keys`].

use gloo_storage::{LocalStorage, Storage};
use serde::{Serialize, de::DeserializeOwned};

use crate::storage::keys::{self, Place};

/// Reads a user setting from `localStorage`.
pub fn setting<T: DeserializeOwned>(key: &str) -> Option<T> {
    LocalStorage::get(key).ok()
}

/// Writes a user setting to `localStorage`; a failure is returned for the caller to show.
pub fn set_setting<T: Serialize>(key: &str, value: &T) -> Result<(), String> {
    LocalStorage::set(key, value).map_err(|e| e.to_string())
}

/// Removes a user setting from `localStorage`.
pub fn remove_setting(key: &str) {
    LocalStorage::delete(key);
}

/// The channel on which tabs of the app announce their saves (the demo's tabs have their own).
pub fn channel() -> Option<web_sys::BroadcastChannel> {
    web_sys::BroadcastChannel::new(place().channel).ok()
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

/// Where this page keeps its data: the demo's storage with `?demo`, else the user's.
pub fn place() -> Place {
    if demo_size().is_some() {
        keys::DEMO
    } else {
        keys::USER
    }
}
