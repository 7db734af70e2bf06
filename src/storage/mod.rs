//! Browser storage. [`format`] (pure, tested natively) defines what is written and how older or
//! newer data is handled; [`idb`] (browser only) writes it to IndexedDB, one record per convention,
//! refusing a write that would overwrite another tab's newer save.

pub mod format;

#[cfg(target_arch = "wasm32")]
pub mod idb;
