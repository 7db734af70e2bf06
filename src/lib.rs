//! Relance: the follow-up of a partnership convention between a chamber of trades (CMA BFC) and an
//! intercommunality (CCST), from first contact to payment, entirely in the browser.
//!
//! [`domain`] holds the convention's rules and is plain Rust, tested natively. The browser-only
//! layers (the Leptos UI, browser storage) are compiled for `wasm32` only.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod ui;
