//! The tabs of the main screen, in one place: adding a screen is a variant here (its place in the
//! menu, its title, its component) and the component's own file.

use leptos::prelude::*;

use super::{
    actions, backup, bilan, companies, conventions, dashboard, exchange, journal, monthly, network,
};

/// The tabs of the main screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// Figures and warnings.
    Dashboard,
    /// The monthly tracking table and its exports.
    Monthly,
    /// The bilan des actions (art. 1), at a date or final.
    Bilan,
    /// Meetings and promotion actions (art. 2.2, 2.3).
    Journal,
    /// Fiche 3's offers, demands and matches.
    Network,
    /// Beneficiaries.
    Companies,
    /// The list of actions and the selected action.
    Actions,
    /// Files exchanged with the other party.
    Exchange,
    /// Conventions: create, switch, terminate.
    Conventions,
    /// Backup and restore.
    Backup,
}

impl Tab {
    /// All tabs, in menu order.
    pub const ALL: [Tab; 10] = [
        Tab::Dashboard,
        Tab::Monthly,
        Tab::Bilan,
        Tab::Journal,
        Tab::Network,
        Tab::Companies,
        Tab::Actions,
        Tab::Exchange,
        Tab::Conventions,
        Tab::Backup,
    ];

    /// The tab's title.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Dashboard => "Tableau de bord",
            Tab::Monthly => "Suivi mensuel",
            Tab::Bilan => "Bilan",
            Tab::Journal => "Journal",
            Tab::Network => "Mise en relation",
            Tab::Companies => "Entreprises",
            Tab::Actions => "Actions",
            Tab::Exchange => "Échanges",
            Tab::Conventions => "Conventions",
            Tab::Backup => "Sauvegarde",
        }
    }
}

impl Tab {
    /// The tab's content.
    pub fn view(self) -> AnyView {
        match self {
            Tab::Dashboard => view! { <dashboard::Dashboard /> }.into_any(),
            Tab::Monthly => view! { <monthly::MonthlyView /> }.into_any(),
            Tab::Bilan => view! { <bilan::BilanView /> }.into_any(),
            Tab::Journal => view! { <journal::JournalView /> }.into_any(),
            Tab::Network => view! { <network::NetworkView /> }.into_any(),
            Tab::Companies => view! { <companies::CompaniesView /> }.into_any(),
            Tab::Actions => view! { <actions::ActionsView /> }.into_any(),
            Tab::Exchange => view! { <exchange::ExchangeView /> }.into_any(),
            Tab::Conventions => view! { <conventions::ConventionsView /> }.into_any(),
            Tab::Backup => view! { <backup::BackupView /> }.into_any(),
        }
    }
}
