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
    /// Envelope minus engaged.
    pub available: Euros,
    /// Actions holding funds (engaged to paid), per fiche in [`Fiche::ALL`] order.
    pub engaged_count: [u32; 3],
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
            engaged_count: [0; 3],
        };
        for action in actions {
            let status = action.status();
            if !status.holds_funds() {
                continue;
            }
            f.engaged += action.committed();
            f.engaged_count[fiche_index(action.fiche())] += 1;
            if matches!(
                status,
                Status::ServiceDone | Status::Invoiced | Status::Paid
            ) {
                f.done += action.quoted().unwrap_or(Euros::ZERO);
            }
            if let Some(invoice) = &action.record().invoice {
                f.invoiced += invoice.amount;
                if status == Status::Paid {
                    f.paid += invoice.amount;
                }
            }
        }
        f.available = f.envelope - f.engaged;
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
