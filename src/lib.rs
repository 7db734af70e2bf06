//! Relance: the follow-up of a partnership convention between a chamber of trades (CMA BFC) and an
//! intercommunality (CCST), from first contact to payment, entirely in the browser.
//!
//! [`domain`] holds the convention's rules; [`workspace`] the user's working set with undo;
//! [`storage::format`] the stored and backup formats. All three are plain Rust, tested natively. The
//! browser-only layers — the Leptos components (`ui`) and the browser glue they call (`web`:
//! IndexedDB, files, crypto, the clock) — are compiled for `wasm32` only.

pub mod demo;
pub mod domain;
pub mod exchange;
pub mod export;
#[doc(hidden)]
pub mod fuzz_checks;
pub mod query;
pub mod serde_fr;
pub mod storage;
#[doc(hidden)]
pub mod test_support;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
