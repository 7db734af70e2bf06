//! What became of a company after its service (art. 2.3: the chamber "rend compte des actions
//! menées et de leurs développements"): dated follow-ups of an action, each with the outcomes its
//! fiche of the annex names and free text. The chamber writes them once the service is done; they
//! travel to the payer with the action, and the bilan counts them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::action::{MAX_LONG_TEXT_CHARS, Stamp};
use super::convention::Fiche;
use super::error::DomainError;

/// An outcome the annex names for a fiche.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// Fiche 1: spreading of tax and social debts.
    DebtSpreading,
    /// Fiche 1: talks with the banks.
    Banks,
    /// Fiche 1: the Banque de France's credit mediation.
    CreditMediation,
    /// Fiche 1: a micro-loan from the ADIE.
    Adie,
    /// Fiche 1: a zero-rate loan.
    ZeroRateLoan,
    /// Fiche 2: the personalised digital action plan handed over.
    DigitalPlan,
    /// Fiche 2: digital tools put in place.
    DigitalTools,
    /// Fiche 3: contacts made between professionals.
    Contacts,
    /// Fiche 3: referenced on Agrilocal.
    Agrilocal,
}

impl Outcome {
    /// Every outcome, fiche by fiche.
    pub const ALL: [Outcome; 9] = [
        Outcome::DebtSpreading,
        Outcome::Banks,
        Outcome::CreditMediation,
        Outcome::Adie,
        Outcome::ZeroRateLoan,
        Outcome::DigitalPlan,
        Outcome::DigitalTools,
        Outcome::Contacts,
        Outcome::Agrilocal,
    ];

    /// The fiche whose annex names it (fiches action 1–3, "actions correctives", "plan
    /// d'actions", "mise en relation").
    pub fn fiche(self) -> Fiche {
        match self {
            Outcome::DebtSpreading
            | Outcome::Banks
            | Outcome::CreditMediation
            | Outcome::Adie
            | Outcome::ZeroRateLoan => Fiche::Relance,
            Outcome::DigitalPlan | Outcome::DigitalTools => Fiche::Digital,
            Outcome::Contacts | Outcome::Agrilocal => Fiche::CircuitsCourts,
        }
    }

    /// How the screen, the bilan and its CSV name it.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::DebtSpreading => "Étalement des dettes fiscales et sociales",
            Outcome::Banks => "Démarches auprès des banques",
            Outcome::CreditMediation => "Médiation du crédit (Banque de France)",
            Outcome::Adie => "Microcrédit ADIE",
            Outcome::ZeroRateLoan => "Prêt à taux zéro",
            Outcome::DigitalPlan => "Plan d'actions numérique personnalisé remis",
            Outcome::DigitalTools => "Outils numériques mis en place",
            Outcome::Contacts => "Mises en relation entre professionnels",
            Outcome::Agrilocal => "Référencement Agrilocal",
        }
    }

    /// "Fiche 2 – Outils numériques mis en place": the label with its fiche, for the bilan.
    pub fn with_fiche(self) -> String {
        format!("Fiche {} – {}", self.fiche().number(), self.label())
    }

    /// The outcomes of `fiche`, in the annex's order.
    pub fn of(fiche: Fiche) -> impl Iterator<Item = Outcome> {
        Outcome::ALL.into_iter().filter(move |o| o.fiche() == fiche)
    }
}

/// One follow-up of an action: on a date, what the company did, in the annex's words and the
/// adviser's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// When it was observed.
    #[serde(with = "crate::domain::date::serde_day")]
    pub on: NaiveDate,
    /// The outcomes of the action's fiche observed, each once, in the annex's order.
    pub outcomes: Vec<Outcome>,
    /// What else the adviser notes (shared with the payer: nothing confidential here).
    pub text: String,
    /// Who recorded it, and when.
    pub stamp: Stamp,
}

impl FollowUp {
    /// A follow-up of an action of `fiche`: its outcomes sorted, its text trimmed.
    pub fn new(
        fiche: Fiche,
        on: NaiveDate,
        outcomes: &[Outcome],
        text: &str,
        stamp: Stamp,
    ) -> Result<FollowUp, DomainError> {
        let mut outcomes = outcomes.to_vec();
        outcomes.sort();
        outcomes.dedup();
        let f = FollowUp {
            on,
            outcomes,
            text: text.trim().to_string(),
            stamp,
        };
        f.check(fiche)?;
        Ok(f)
    }

    /// Refuses a follow-up of an action whose service is not done (`done_on`), or dated before it:
    /// for a new follow-up (a merged record only needs the service done: `Action::try_from`).
    pub fn check_date(&self, done_on: Option<NaiveDate>) -> Result<(), DomainError> {
        let done = done_on.ok_or(DomainError::FollowUpBeforeService)?;
        if self.on < done {
            return Err(DomainError::BeforePreviousStep {
                date: self.on,
                previous_step: "service fait",
                previous: done,
            });
        }
        Ok(())
    }

    /// Refuses an empty follow-up, an outcome of another fiche, outcomes unsorted or repeated, a
    /// text too long: for a new follow-up and for one read from storage or a file.
    pub fn check(&self, fiche: Fiche) -> Result<(), DomainError> {
        if self.outcomes.is_empty() && self.text.trim().is_empty() {
            return Err(DomainError::EmptyFollowUp);
        }
        if let Some(o) = self.outcomes.iter().find(|o| o.fiche() != fiche) {
            return Err(DomainError::OutcomeOfAnotherFiche {
                outcome: o.label(),
                fiche: fiche.number(),
            });
        }
        if self.outcomes.windows(2).any(|w| w[0] >= w[1]) {
            return Err(DomainError::OutcomesUnsorted);
        }
        if self.text.chars().count() > MAX_LONG_TEXT_CHARS {
            return Err(DomainError::TooLong {
                field: "suite",
                max: MAX_LONG_TEXT_CHARS,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::convention::Side;
    use crate::test_support::{d, stamp};

    #[test]
    fn each_fiche_has_the_outcomes_its_annex_names() {
        let names = |f| Outcome::of(f).map(Outcome::label).collect::<Vec<_>>();
        assert_eq!(names(Fiche::Relance).len(), 5);
        assert_eq!(
            names(Fiche::Digital),
            [
                "Plan d'actions numérique personnalisé remis",
                "Outils numériques mis en place"
            ]
        );
        assert_eq!(
            names(Fiche::CircuitsCourts),
            [
                "Mises en relation entre professionnels",
                "Référencement Agrilocal"
            ]
        );
    }

    #[test]
    fn a_follow_up_needs_something_of_its_own_fiche() {
        let s = || stamp(Side::Chamber);
        let f = FollowUp::new(
            Fiche::Relance,
            d(2021, 5, 3),
            &[Outcome::Adie, Outcome::DebtSpreading, Outcome::Adie],
            "  Dossier déposé ",
            s(),
        )
        .unwrap();
        assert_eq!(f.outcomes, [Outcome::DebtSpreading, Outcome::Adie]);
        assert_eq!(f.text, "Dossier déposé");
        assert_eq!(
            FollowUp::new(Fiche::Relance, d(2021, 5, 3), &[], " ", s()).unwrap_err(),
            DomainError::EmptyFollowUp
        );
        assert_eq!(
            FollowUp::new(
                Fiche::Digital,
                d(2021, 5, 3),
                &[Outcome::Agrilocal],
                "",
                s()
            )
            .unwrap_err()
            .to_string(),
            "« Référencement Agrilocal » n'est pas un résultat de la fiche 2."
        );
        let unsorted = FollowUp {
            outcomes: vec![Outcome::Adie, Outcome::Banks],
            ..f
        };
        assert!(unsorted.check(Fiche::Relance).is_err());
    }

    /// An action of fiche 2, engaged.
    fn done() -> (
        crate::domain::ledger::Ledger,
        crate::domain::action::ActionId,
    ) {
        let mut l = crate::test_support::ledger_with(
            "c1",
            &crate::test_support::company_form("Boulangerie Martin", "Delle"),
        );
        let a = crate::test_support::engaged_action(&mut l, "a", "c1", Fiche::Digital);
        (l, a)
    }

    #[test]
    fn the_chamber_follows_up_once_the_service_is_done_and_changes_nothing_when_refused() {
        let (mut l, a) = done();
        let cma = || stamp(Side::Chamber);
        let plan = [Outcome::DigitalPlan];
        let before = l.clone();
        assert_eq!(
            l.add_follow_up(&a, d(2021, 3, 20), &plan, "", cma()),
            Err(DomainError::FollowUpBeforeService)
        );
        assert_eq!(l, before);
        l.record_service_done(&a, d(2021, 3, 10), cma()).unwrap();
        let before = l.clone();
        for refused in [
            l.clone().add_follow_up(&a, d(2021, 3, 9), &plan, "", cma()),
            l.clone()
                .add_follow_up(&a, d(2021, 3, 20), &[Outcome::Adie], "", cma()),
            l.clone()
                .add_follow_up(&a, d(2021, 3, 20), &[], "  ", cma()),
            l.clone()
                .add_follow_up(&a, d(2021, 3, 20), &plan, "", stamp(Side::Payer)),
        ] {
            assert!(refused.is_err());
        }
        assert_eq!(l, before);
        // After the convention's end too: it reports on what was done within it.
        l.add_follow_up(&a, d(2022, 6, 1), &plan, "Plan suivi", cma())
            .unwrap();
        let r = l.actions()[&a].record();
        assert_eq!(r.follow_ups.len(), 1);
        assert_eq!(
            r.history.last().unwrap().kind,
            crate::domain::action::Step::FollowedUp
        );
        // Stored and read back: the same action.
        let json = serde_json::to_value(&l.actions()[&a]).unwrap();
        let back: crate::domain::action::Action = serde_json::from_value(json).unwrap();
        assert_eq!(&back, &l.actions()[&a]);
    }

    #[test]
    fn a_stored_or_received_follow_up_is_checked_again() {
        let (mut l, a) = done();
        l.record_service_done(&a, d(2021, 3, 10), stamp(Side::Chamber))
            .unwrap();
        l.add_follow_up(
            &a,
            d(2021, 4, 1),
            &[Outcome::DigitalPlan],
            "",
            stamp(Side::Chamber),
        )
        .unwrap();
        let good = serde_json::to_value(&l.actions()[&a]).unwrap();
        let refused = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut v = good.clone();
            edit(&mut v);
            crate::serde_fr::from_value::<crate::domain::action::Action>(&v).unwrap_err()
        };
        assert!(
            refused(&|v| v["done_on"] = serde_json::Value::Null)
                .contains("une suite précède le service fait")
        );
        assert!(
            refused(&|v| v["follow_ups"][0]["outcomes"] = serde_json::json!(["Adie"]))
                .contains("résultat d'une autre fiche")
        );
        assert!(
            refused(&|v| {
                v["history"].as_array_mut().unwrap().pop();
            })
            .contains("les suites et leur historique ne concordent pas")
        );
        assert!(
            refused(&|v| v["follow_ups"][0]["outcomes"] = serde_json::json!(["Mood"]))
                .contains("valeur inconnue « Mood »")
        );
    }
}
