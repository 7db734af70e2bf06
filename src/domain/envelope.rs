//! The envelope and the funds consumed (art. 2.2: the payer finances within 5 000 €; art. 2.3: a
//! dashboard follows the funds consumed). Every figure is computed from the actions, never stored,
//! so it cannot drift from them.

use super::action::{Action, Status};
use super::convention::{Convention, Fiche};
use super::error::DomainError;
use super::money::Euros;

/// The dashboard's figures for one convention, exact to the cent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnvelopeFigures {
    /// The envelope (art. 2.2).
    pub envelope: Euros,
    /// Held by engaged actions: devis amounts, or invoice amounts once invoiced.
    pub engaged: Euros,
    /// Devis amounts of actions whose service is done.
    pub done: Euros,
    /// Invoice amounts.
    pub invoiced: Euros,
    /// Invoice amounts paid.
    pub paid: Euros,
    /// Envelope minus engaged, never below zero: what may still be engaged.
    pub available: Euros,
    /// Engaged beyond the envelope, zero unless engagements made concurrently on two machines
    /// (or an envelope reduced by an amendment crossing an engagement) together passed it: each
    /// was checked where it was made (art. 2.2), and the excess is shown, never hidden, until an
    /// action is cancelled or an amendment raises the envelope.
    pub overspent: Euros,
    /// Actions holding funds (engaged to paid), per fiche in [`Fiche::ALL`] order.
    pub engaged_count: [u32; 3],
}

/// What one action adds to the envelope's figures, each `None` where it adds nothing: the one rule
/// the dashboard ([`EnvelopeFigures::compute`]) and the bilan (`super::bilan`) both sum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Funds {
    /// Held against the envelope while engaged (not refused or cancelled since): the devis, or the
    /// invoice once invoiced.
    pub engaged: Option<Euros>,
    /// The devis amount, once the service is done.
    pub done: Option<Euros>,
    /// The invoice amount, once invoiced.
    pub invoiced: Option<Euros>,
    /// The invoice amount, once paid.
    pub paid: Option<Euros>,
}

impl Funds {
    /// What `action` adds, in its current state.
    pub fn of(action: &Action) -> Funds {
        let status = action.status();
        if !status.holds_funds() {
            return Funds {
                engaged: None,
                done: None,
                invoiced: None,
                paid: None,
            };
        }
        let invoice = action.record().invoice.as_ref().map(|i| i.amount);
        Funds {
            engaged: Some(action.engaged_amount()),
            done: matches!(
                status,
                Status::ServiceDone | Status::Invoiced | Status::Paid
            )
            .then(|| action.devis_amount().unwrap_or(Euros::ZERO)),
            invoiced: invoice,
            paid: invoice.filter(|_| status == Status::Paid),
        }
    }
}

/// Index of a fiche in per-fiche arrays ([`Fiche::ALL`] order).
pub fn fiche_index(fiche: Fiche) -> usize {
    usize::from(fiche.number() - 1)
}

impl EnvelopeFigures {
    /// Sums the actions of `convention`.
    pub fn compute<'a>(
        convention: &Convention,
        actions: impl IntoIterator<Item = &'a Action>,
    ) -> EnvelopeFigures {
        let mut f = EnvelopeFigures {
            envelope: convention.envelope(),
            engaged: Euros::ZERO,
            done: Euros::ZERO,
            invoiced: Euros::ZERO,
            paid: Euros::ZERO,
            available: Euros::ZERO,
            overspent: Euros::ZERO,
            engaged_count: [0; 3],
        };
        for action in actions {
            let funds = Funds::of(action);
            if let Some(engaged) = funds.engaged {
                f.engaged += engaged;
                f.engaged_count[fiche_index(action.fiche())] += 1;
            }
            for (sum, amount) in [
                (&mut f.done, funds.done),
                (&mut f.invoiced, funds.invoiced),
                (&mut f.paid, funds.paid),
            ] {
                *sum += amount.unwrap_or(Euros::ZERO);
            }
        }
        let left = f.envelope - f.engaged;
        if left.is_negative() {
            f.overspent = Euros::ZERO - left;
        } else {
            f.available = left;
        }
        f
    }

    /// Refuses to engage `amount` more than is available (art. 2.2: "dans le cadre du budget de
    /// 5000 €"), with both figures in the message.
    pub fn check_engagement(&self, amount: Euros) -> Result<(), DomainError> {
        if amount > self.available {
            Err(DomainError::EnvelopeExceeded {
                remaining: self.available,
                requested: amount,
            })
        } else {
            Ok(())
        }
    }

    /// How many actions of `fiche` hold funds.
    pub fn count(&self, fiche: Fiche) -> u32 {
        self.engaged_count[fiche_index(fiche)]
    }
}

/// Something the dashboard must warn about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Alert {
    /// Engagements made concurrently on two machines (or an envelope reduced by an amendment
    /// accepted across an engagement) together pass the envelope (art. 2.2).
    Overspent {
        /// Engaged beyond the envelope.
        overspent: Euros,
        /// The envelope.
        envelope: Euros,
    },
    /// Less is available than the cheapest action costs: nothing more can be engaged (art. 2.2).
    EnvelopeNearlySpent {
        /// What is left.
        available: Euros,
        /// The cheapest action's price.
        cheapest: Euros,
    },
    /// The convention ends within [`ENDING_SOON_DAYS`] days (art. 3.2).
    EndingSoon {
        /// The last day.
        last_day: chrono::NaiveDate,
        /// Days left, today included.
        days: i64,
    },
    /// The convention has ended (art. 3.2, or 3.3 after a termination).
    Ended {
        /// The last day.
        last_day: chrono::NaiveDate,
    },
    /// A termination was notified (art. 3.3).
    TerminationNotified {
        /// Date of the notice.
        notified_on: chrono::NaiveDate,
        /// Notice plus three months.
        effective: chrono::NaiveDate,
    },
    /// The last complete month's table was not issued yet (art. 3.4).
    MonthNotIssued {
        /// "12/2021".
        month: String,
    },
    /// An amendment proposed by one party waits for the other's acceptance (art. 3.2): nothing
    /// changes before it.
    AmendmentPending {
        /// "Avenant proposé le 15/12/2021".
        label: String,
        /// What it changes, in French.
        changes: Vec<String>,
        /// Who proposed it: "Marie Conseillère (CMA BFC)".
        proposer: String,
        /// The party that accepts it.
        accepting: super::convention::Side,
        /// That party's short name.
        accepting_party: String,
    },
    /// Engaged actions whose company was not told that the payer finances its accompaniment
    /// (art. 2.3: the chamber "informe les bénéficiaires de la prise en charge … par la CCST").
    BeneficiariesNotInformed {
        /// How many actions.
        count: usize,
        /// The payer's short name.
        payer: String,
        /// The chamber's short name: it informs the companies (art. 2.3).
        chamber: String,
    },
}

/// How close to the end the dashboard starts warning.
pub const ENDING_SOON_DAYS: i64 = 60;

impl Alert {
    /// The warning as the dashboard shows it to a user of side `reader`: a task for the party that
    /// can act, the same fact as information for the other.
    pub fn message_for(&self, reader: Option<super::convention::Side>) -> String {
        match self {
            Alert::BeneficiariesNotInformed {
                count,
                payer,
                chamber,
            } if reader == Some(super::convention::Side::Payer) => format!(
                "Pour information : {count} action(s) engagée(s) dont l'entreprise n'est pas encore informée de la prise en charge par {payer} ; {chamber} l'en informe (art. 2.3), rien à faire de votre côté."
            ),
            Alert::AmendmentPending {
                label,
                changes,
                proposer,
                accepting,
                accepting_party,
            } => {
                if reader == Some(*accepting) {
                    format!(
                        "{label} par {proposer} : {}. À accepter par vous (art. 3.2) : rien ne change avant votre accord.",
                        changes.join(" ; ")
                    )
                } else {
                    format!(
                        "{label} ({}) : en attente de l'accord de {accepting_party} ; rien ne change d'ici là (art. 3.2).",
                        changes.join(" ; ")
                    )
                }
            }
            _ => self.message(),
        }
    }

    /// What the user of side `reader` does about it, where the screens lead them; `None` when
    /// there is nothing for them to do (the other party acts, or another card offers it).
    pub fn remedy(&self, reader: Option<super::convention::Side>) -> Option<Remedy> {
        use super::convention::Side;
        match self {
            Alert::Overspent { .. } if reader == Some(Side::Payer) => {
                Some(Remedy::ReviewEngagements)
            }
            Alert::Overspent { .. }
            | Alert::EnvelopeNearlySpent { .. }
            | Alert::EndingSoon { .. }
            | Alert::TerminationNotified { .. } => Some(Remedy::ReviewConvention),
            Alert::Ended { .. } => None,
            Alert::MonthNotIssued { .. } => Some(Remedy::IssueMonth),
            Alert::BeneficiariesNotInformed { .. } => {
                (reader == Some(Side::Chamber)).then_some(Remedy::InformBeneficiaries)
            }
            Alert::AmendmentPending { accepting, .. } => Some(if reader == Some(*accepting) {
                Remedy::AnswerAmendment
            } else {
                Remedy::ReviewConvention
            }),
        }
    }

    /// The warning as the dashboard shows it to the party that can act on it.
    pub fn message(&self) -> String {
        use super::date::fr;
        match self {
            Alert::Overspent {
                overspent,
                envelope,
            } => format!(
                "Enveloppe de {envelope} dépassée de {overspent} : des engagements faits en même temps sur deux machines, chacun dans l'enveloppe là où il a été fait, la dépassent ensemble (art. 2.2). Plus aucun engagement n'est possible ; la CCST annule une action engagée ou les parties conviennent d'un avenant."
            ),
            Alert::EnvelopeNearlySpent {
                available,
                cheapest,
            } => format!(
                "Enveloppe presque épuisée : reste {available}, moins que l'action la moins chère ({cheapest})."
            ),
            Alert::EndingSoon { last_day, days } => format!(
                "La convention prend fin le {} (dans {days} jour{}).",
                fr(*last_day),
                if *days > 1 { "s" } else { "" }
            ),
            Alert::Ended { last_day } => {
                format!(
                    "La convention a pris fin le {} : plus aucun engagement possible.",
                    fr(*last_day)
                )
            }
            Alert::TerminationNotified {
                notified_on,
                effective,
            } => format!(
                "Résiliation notifiée le {} : la convention prend fin le {} (préavis de trois mois).",
                fr(*notified_on),
                fr(*effective)
            ),
            Alert::MonthNotIssued { month } => format!(
                "Le tableau de suivi de {month} n'est pas encore arrêté (art. 3.4 : établi mensuellement)."
            ),
            Alert::BeneficiariesNotInformed { count, payer, .. } => format!(
                "{count} action(s) engagée(s) dont l'entreprise n'est pas encore informée de la prise en charge par {payer} (art. 2.3) : la lettre au bénéficiaire permet de le faire et de le noter."
            ),
            Alert::AmendmentPending { .. } => self.message_for(None),
        }
    }
}

/// What to do about an alert ([`Alert::remedy`]): the screens lead there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remedy {
    /// Issue the month's table (art. 3.4).
    IssueMonth,
    /// Tell the companies that the payer finances them (art. 2.3).
    InformBeneficiaries,
    /// Accept (or not) the amendment proposed by the other party (art. 3.2).
    AnswerAmendment,
    /// Look at the engaged actions (an engagement to cancel, art. 2.2).
    ReviewEngagements,
    /// Look at the convention: its amendments, its end, its termination.
    ReviewConvention,
}

/// The warnings for `convention` with these `figures`, on `today`.
pub fn alerts(
    convention: &Convention,
    figures: &EnvelopeFigures,
    today: chrono::NaiveDate,
) -> Vec<Alert> {
    let mut out = Vec::new();
    let cheapest = convention.prices_on(today).cheapest();
    if figures.overspent > Euros::ZERO {
        out.push(Alert::Overspent {
            overspent: figures.overspent,
            envelope: figures.envelope,
        });
    } else if figures.available < cheapest {
        out.push(Alert::EnvelopeNearlySpent {
            available: figures.available,
            cheapest,
        });
    }
    if let Some(t) = &convention.terms().termination {
        out.push(Alert::TerminationNotified {
            notified_on: t.notified_on,
            effective: convention.termination_effective().unwrap_or(t.notified_on),
        });
    }
    let last_day = convention.last_day();
    let days = (last_day - today).num_days() + 1;
    if today > last_day {
        out.push(Alert::Ended { last_day });
    } else if days <= ENDING_SOON_DAYS {
        out.push(Alert::EndingSoon { last_day, days });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::convention::Side;
    use crate::test_support::d;

    fn figures(available: i64) -> EnvelopeFigures {
        EnvelopeFigures {
            envelope: Euros::whole(5000),
            engaged: Euros::whole(5000 - available),
            done: Euros::ZERO,
            invoiced: Euros::ZERO,
            paid: Euros::ZERO,
            available: Euros::whole(available),
            overspent: Euros::ZERO,
            engaged_count: [0; 3],
        }
    }

    #[test]
    fn no_alert_in_the_middle_of_the_convention() {
        assert!(alerts(&Convention::seed(), &figures(5000), d(2021, 3, 1)).is_empty());
    }

    #[test]
    fn warns_below_the_cheapest_action() {
        let c = Convention::seed();
        assert!(alerts(&c, &figures(300), d(2021, 3, 1)).is_empty());
        let a = alerts(&c, &figures(200), d(2021, 3, 1));
        assert_eq!(
            a[0].message(),
            "Enveloppe presque épuisée : reste 200,00\u{a0}€, moins que l'action la moins chère (300,00\u{a0}€)."
        );
    }

    #[test]
    fn warns_sixty_days_before_the_end_and_after_it() {
        let c = Convention::seed();
        assert!(
            alerts(&c, &figures(5000), d(2021, 11, 1)).is_empty(),
            "61 days left"
        );
        assert_eq!(
            alerts(&c, &figures(5000), d(2021, 11, 2)),
            vec![Alert::EndingSoon {
                last_day: d(2021, 12, 31),
                days: 60
            }]
        );
        assert_eq!(
            alerts(&c, &figures(5000), d(2021, 12, 31))[0].message(),
            "La convention prend fin le 31/12/2021 (dans 1 jour)."
        );
        assert_eq!(
            alerts(&c, &figures(5000), d(2026, 11, 30)),
            vec![Alert::Ended {
                last_day: d(2021, 12, 31)
            }]
        );
    }

    #[test]
    fn warns_after_a_termination_notice() {
        let mut c = Convention::seed();
        c.notify_termination(
            d(2021, 3, 1),
            "Manquement",
            crate::test_support::stamp(Side::Payer),
        )
        .unwrap();
        let a = alerts(&c, &figures(5000), d(2021, 3, 2));
        assert_eq!(
            a[0].message(),
            "Résiliation notifiée le 01/03/2021 : la convention prend fin le 01/06/2021 (préavis de trois mois)."
        );
        assert_eq!(a.len(), 1, "92 days left: not yet ending soon");
        let later = alerts(&c, &figures(5000), d(2021, 5, 1));
        assert_eq!(
            later[1],
            Alert::EndingSoon {
                last_day: d(2021, 6, 1),
                days: 32
            }
        );
    }
}
