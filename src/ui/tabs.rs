//! The tabs of the main screen, in one place: adding a screen is a variant here (its place in the
//! menu, its title, its component) and the component's own file.

use leptos::prelude::*;

use super::on_demand::{OnDemand, on_demand};

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
    /// The tab's content. The dashboard, the companies and the actions — the daily work — come
    /// with the first download; the other tabs' code is fetched the first time one opens
    /// ([`super::on_demand`]).
    pub fn view(self) -> AnyView {
        match self {
            Tab::Dashboard => view! { <dashboard::Dashboard /> }.into_any(),
            Tab::Companies => view! { <companies::CompaniesView /> }.into_any(),
            Tab::Actions => view! { <actions::ActionsView /> }.into_any(),
            Tab::Monthly => view! { <OnDemand load=monthly_tab /> }.into_any(),
            Tab::Bilan => view! { <OnDemand load=bilan_tab /> }.into_any(),
            Tab::Journal => view! { <OnDemand load=journal_tab /> }.into_any(),
            Tab::Network => view! { <OnDemand load=network_tab /> }.into_any(),
            Tab::Exchange => view! { <OnDemand load=exchange_tab /> }.into_any(),
            Tab::Conventions => view! { <OnDemand load=conventions_tab /> }.into_any(),
            Tab::Backup => view! { <OnDemand load=backup_tab /> }.into_any(),
        }
    }
}

on_demand!(monthly_tab in monthly => view! { <monthly::MonthlyView /> });
on_demand!(bilan_tab in bilan => view! { <bilan::BilanView /> });
on_demand!(journal_tab in journal => view! { <journal::JournalView /> });
on_demand!(network_tab in network => view! { <network::NetworkView /> });
on_demand!(exchange_tab in exchange => view! { <exchange::ExchangeView /> });
on_demand!(conventions_tab in conventions => view! { <conventions::ConventionsView /> });
on_demand!(backup_tab in backup => view! { <backup::BackupView /> });
