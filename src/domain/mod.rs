//! The convention's rules, as pure Rust: no browser, no Leptos, no storage. Everything here is
//! tested natively (`cargo test`); the UI and the storage layers only call it.
//!
//! Map: [`money`] and [`date`] format and parse for French users; [`convention`] holds the terms
//! (parties, period, envelope, prices, territory); [`siret`] and [`company`] check beneficiaries;
//! [`lifecycle`] is the one table of who takes which step; [`action`] is one action's lifecycle;
//! [`request`] the payer's requests; [`journal`] the meetings and promotion actions; [`audit`] stamps
//! every change with who and when; [`envelope`] and [`monthly`] compute the dashboard and the
//! monthly tracking table; [`ledger`] is the aggregate that checks rules spanning several records;
//! [`error`] is the one error type, with French messages.

pub mod action;
pub mod amendment;
pub mod audit;
pub mod batch_seal;
pub mod bilan;
pub mod collaboration;
pub mod company;
pub mod convention;
pub mod date;
pub mod devis_number;
pub mod diffusion_request;
pub mod envelope;
pub mod error;
pub mod fiche;
pub mod follow_up;
pub mod glance;
pub mod issued;
pub mod journal;
pub mod ledger;
pub mod lifecycle;
pub mod money;
pub mod monthly;
pub mod ownership;
pub mod received;
pub mod request;
pub mod signed;
pub mod signing;
pub mod siret;
pub mod text;
pub mod trust;

#[cfg(test)]
mod roles_tests;
#[cfg(test)]
mod tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;
