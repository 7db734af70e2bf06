//! Browser storage, as plain Rust: [`mod@format`] defines what is written and how older or newer data
//! is handled; [`keys`] names where it is kept. Writing it to IndexedDB is browser glue
//! (`crate::web::idb`).

pub mod format;
pub mod keys;
