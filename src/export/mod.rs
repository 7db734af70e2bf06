//! Files the tool produces for people outside it: CSV for French spreadsheets ([`csv`]). Pure Rust,
//! tested natively; the UI only offers the bytes for download.

pub mod csv;
