//! The browser glue (wasm32 only): everything that calls the browser's APIs, apart from the
//! components of [`crate::ui`], which call these functions and never `web_sys` for storage, files,
//! crypto or the clock.
//!
//! [`idb`] the IndexedDB database; [`settings`] `localStorage` settings, the tab channel and which
//! storage the page uses; [`files`] download, share and reading a chosen file; [`crypto`] the
//! passphrase encryption of exchange files; [`clock`] the date, ids and pauses between slices of
//! work; [`page`] the boot frame and printing; [`offline`] the service worker
//! and the network's state; [`sync`] saving (one reaction to what the workspace owes storage) and
//! the channel between tabs.

#[cfg(feature = "browser-bench")]
pub mod bench;
pub mod clock;
pub mod crypto;
pub mod files;
pub mod idb;
pub mod keys;
pub mod offline;
pub mod page;
pub mod settings;
pub mod sync;
