//! What the main screen shows — a [`Tab`] or a document ([`DocKind`]) of an action — as plain
//! values: a leaf module that imports no screen, so that the state and every screen can name a
//! place in the app without importing each other.

use crate::domain::action::{Action, ActionId};
use crate::domain::convention::Fiche;

/// What the main screen shows: a tab, or a printable document of an action instead of the tabs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// One tab of the main screen.
    Tab(Tab),
    /// A document of an action (devis, letter, slide…), with a way back to the actions tab.
    Document(DocKind, ActionId),
}

impl Screen {
    /// The tab shown, or the actions tab a document was opened from.
    pub fn tab(&self) -> Tab {
        match self {
            Screen::Tab(tab) => *tab,
            Screen::Document(..) => Tab::Actions,
        }
    }
}

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

    /// The party's main screens, first in sight on a phone (the others one tap further, under
    /// « Plus »): the chamber records companies and actions, the payer decides and follows the
    /// monthly table; both exchange files.
    pub fn main_for(side: Option<crate::domain::convention::Side>) -> &'static [Tab] {
        use crate::domain::convention::Side;
        match side {
            Some(Side::Chamber) => &[Tab::Dashboard, Tab::Companies, Tab::Actions, Tab::Exchange],
            Some(Side::Payer) => &[Tab::Dashboard, Tab::Actions, Tab::Monthly, Tab::Exchange],
            None => &[Tab::Dashboard],
        }
    }

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

/// Which document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    /// The devis and programme.
    Devis,
    /// The letter to the beneficiary.
    Letter,
    /// The Fiche 3 company slide.
    Slide,
}

impl DocKind {
    /// The documents an action offers: its devis (a draft until sent); the beneficiary letter once
    /// engaged, to the chamber (art. 2.3, [`Action::beneficiary_letter`]); the company slide for fiche 3.
    pub fn offered_for(action: &Action, side: crate::domain::convention::Side) -> Vec<DocKind> {
        let mut kinds = vec![DocKind::Devis];
        if action.beneficiary_letter(side).is_some() {
            kinds.push(DocKind::Letter);
        }
        if action.fiche() == Fiche::CircuitsCourts {
            kinds.push(DocKind::Slide);
        }
        kinds
    }

    /// The button that opens it.
    pub fn label(self) -> &'static str {
        match self {
            DocKind::Devis => "Devis à imprimer",
            DocKind::Letter => "Lettre au bénéficiaire",
            DocKind::Slide => "Diapositive « Une entreprise de chez nous »",
        }
    }
}
