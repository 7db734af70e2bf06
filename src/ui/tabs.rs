//! The tabs' content, in one place: adding a screen is a variant of [`Tab`] (its place in the
//! menu and its title, in `screen`), its component here and the component's own file.

use leptos::prelude::*;

use super::on_demand::{OnDemand, on_demand};
pub use super::screen::Tab;

use super::{
    actions, backup, bilan, companies, conventions, dashboard, exchange, journal, monthly, network,
};

/// The tab's content. The dashboard — the screen every visit starts on — comes with the first
/// download; every other tab's code, the companies and the actions too, is fetched the first
/// time one opens, or beforehand once the service worker holds the build ([`super::on_demand`]).
pub fn tab_view(tab: Tab) -> AnyView {
    {
        match tab {
            Tab::Dashboard => view! { <dashboard::Dashboard /> }.into_any(),
            Tab::Companies => view! { <OnDemand load=companies_tab /> }.into_any(),
            Tab::Actions => view! { <OnDemand load=actions_tab /> }.into_any(),
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

on_demand!(companies_tab in companies => view! { <companies::CompaniesView /> });
on_demand!(actions_tab in actions => view! { <actions::ActionsView /> });
on_demand!(monthly_tab in monthly => view! { <monthly::MonthlyView /> });
on_demand!(bilan_tab in bilan => view! { <bilan::BilanView /> });
on_demand!(journal_tab in journal => view! { <journal::JournalView /> });
on_demand!(network_tab in network => view! { <network::NetworkView /> });
on_demand!(exchange_tab in exchange => view! { <exchange::ExchangeView /> });
on_demand!(conventions_tab in conventions => view! { <conventions::ConventionsView /> });
on_demand!(backup_tab in backup => view! { <backup::BackupView /> });
on_demand!(document_screen(kind: super::screen::DocKind, id: crate::domain::action::ActionId) in documents
    => view! { <super::documents::DocumentView kind=kind id=id /> });
