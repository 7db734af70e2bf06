//! The three actions a convention prices (art. 1) and what each delivers (annex, fiches action 1
//! to 3): their names, the programme a devis starts from, and the price list.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::money::Euros;

/// The three actions for companies that art. 1 lists with a price, detailed in the annex (fiches
/// action 1 to 3). Art. 1's fourth item, the "tableau de suivi et bilan des actions", is the
/// parties' reporting, not an action for a company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Fiche {
    /// Fiche action 1: Coaching Rebond – relancer l'activité économique des TPE.
    Relance,
    /// Fiche action 2: Coaching Rebond – accélérer la transformation digitale des TPE.
    Digital,
    /// Fiche action 3: mise en réseau et promotion des circuits courts.
    CircuitsCourts,
}

impl Fiche {
    /// All fiches, in the convention's order.
    pub const ALL: [Fiche; 3] = [Fiche::Relance, Fiche::Digital, Fiche::CircuitsCourts];

    /// The fiche's number in the annex (1, 2 or 3).
    pub fn number(self) -> u8 {
        match self {
            Fiche::Relance => 1,
            Fiche::Digital => 2,
            Fiche::CircuitsCourts => 3,
        }
    }

    /// The fiche with that number.
    pub fn from_number(n: u8) -> Result<Fiche, DomainError> {
        match n {
            1 => Ok(Fiche::Relance),
            2 => Ok(Fiche::Digital),
            3 => Ok(Fiche::CircuitsCourts),
            other => Err(DomainError::UnknownFiche(other)),
        }
    }

    /// The fiche's title as the convention writes it.
    pub fn title(self) -> &'static str {
        match self {
            Fiche::Relance => "Coaching Rebond – Relancer l'activité économique",
            Fiche::Digital => "Coaching Rebond – Accélérer la transformation digitale",
            Fiche::CircuitsCourts => "Mise en réseau et promotion des circuits courts",
        }
    }

    /// The programme the annex describes for the fiche ("La prestation de service aux entreprises"
    /// of fiches action 1 to 3), offered as the starting text of a devis (art. 2.1: a devis comes
    /// with a programme of the intervention); the adviser adapts it to the company.
    pub fn default_programme(self) -> &'static str {
        match self {
            Fiche::Relance => {
                "Identifier les difficultés de l'entreprise (situation avant/après la crise).\n\
                 Analyser les démarches effectuées et leurs résultats (aides sollicitées et \
                 obtenues, actions commerciales, etc.).\n\
                 Émettre des préconisations et accompagner la mise en place des actions correctives :\n\
                 - étalement des dettes fiscales et sociales (prise de contact avec les services \
                 compétents) ;\n\
                 - relations clients/fournisseurs ;\n\
                 - point de situation avec les établissements bancaires : recherche de solutions et \
                 négociation le cas échéant ;\n\
                 - mise en contact, négociation et accompagnement auprès des partenaires : Banque de \
                 France (médiation du crédit), établissement bancaire, ADIE (prêt pour entreprises en \
                 difficulté), prêt à taux zéro et subvention le cas échéant.\n\
                 Plan d'actions : commercial, RH, produits et prestations, opportunités de marchés, \
                 organisation du travail, réorganisation du point de vente, écoconception, \
                 diagnostic énergétique."
            }
            Fiche::Digital => {
                "Diagnostic de la performance numérique de l'entreprise sur tous les axes de son \
                 fonctionnement et de son développement : connaissance du marché, gestion \
                 commerciale, organisation administrative et financière, sécurité des données et \
                 sécurité du point de vente.\n\
                 Évaluation de son niveau d'intégration des usages numériques : mesure de sa maturité \
                 numérique (autodiagnostic en ligne).\n\
                 Mesure des écarts entre utilisation et potentiel de développement de l'entreprise \
                 grâce au numérique.\n\
                 Conseils personnalisés pour le point de vente.\n\
                 Propositions de solutions matérielles et immatérielles pour l'animation du point de \
                 vente : équipements, formations et ateliers, fiches pratiques, prestations \
                 spécifiques.\n\
                 Plan d'actions pour initier sa digitalisation et progresser.\n\
                 Livrable au format papier, accompagnement personnalisé et accès à un espace privé \
                 en ligne pour consulter son dossier."
            }
            Fiche::CircuitsCourts => {
                "Identifier les attentes et besoins de diversification de l'offre, les \
                 complémentarités possibles et la capacité à valoriser d'autres producteurs sans \
                 sacrifier sa propre visibilité.\n\
                 Synthèse des offres et demandes de collaboration pour la mise en relation des \
                 professionnels.\n\
                 Réalisation d'une diapositive de l'entreprise à afficher et diffuser (« Une \
                 entreprise de chez nous, une spécialité »)."
            }
        }
    }

    /// Whether the diagnostic note of such an action is sensitive by nature: Fiche 1 records the
    /// company's difficulties (art. 3.1).
    pub fn note_is_sensitive(self) -> bool {
        matches!(self, Fiche::Relance)
    }
}

impl fmt::Display for Fiche {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fiche {} – {}", self.number(), self.title())
    }
}

/// The price of each fiche, net of tax, per accompaniment (art. 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceList {
    /// Fiche 1 price.
    pub relance: Euros,
    /// Fiche 2 price.
    pub digital: Euros,
    /// Fiche 3 price.
    pub circuits_courts: Euros,
}

impl PriceList {
    /// The price of one accompaniment of `fiche`.
    pub fn price(&self, fiche: Fiche) -> Euros {
        match fiche {
            Fiche::Relance => self.relance,
            Fiche::Digital => self.digital,
            Fiche::CircuitsCourts => self.circuits_courts,
        }
    }

    /// The price of the cheapest action: below it, nothing more can be engaged.
    pub fn cheapest(&self) -> Euros {
        Fiche::ALL
            .iter()
            .map(|&f| self.price(f))
            .min()
            .unwrap_or(Euros::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_programme_carries_what_its_fiche_delivers() {
        let p1 = Fiche::Relance.default_programme();
        for part in [
            "difficultés",
            "démarches effectuées",
            "dettes fiscales et sociales",
            "Banque de France",
            "ADIE",
            "taux zéro",
            "Plan d'actions",
        ] {
            assert!(p1.contains(part), "fiche 1: {part}");
        }
        let p2 = Fiche::Digital.default_programme();
        for part in [
            "connaissance du marché",
            "maturité numérique",
            "solutions matérielles et immatérielles",
            "format papier",
            "espace privé",
        ] {
            assert!(p2.contains(part), "fiche 2: {part}");
        }
        let p3 = Fiche::CircuitsCourts.default_programme();
        for part in [
            "diversification",
            "Synthèse des offres et demandes",
            "Une entreprise de chez nous, une spécialité",
        ] {
            assert!(p3.contains(part), "fiche 3: {part}");
        }
        for f in Fiche::ALL {
            assert!(
                f.default_programme().chars().count() <= crate::domain::action::MAX_LONG_TEXT_CHARS
            );
        }
    }
}
