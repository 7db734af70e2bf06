//! The monthly tracking table of prescribed interventions and funds engaged (art. 3.4: "un tableau
//! de suivi des interventions prescrites et des fonds engagés sera établi mensuellement").
//!
//! Each action contributes dated movements: an engagement (+ devis, one intervention prescribed), a
//! cancellation after engagement (− devis, one released), an invoice (invoiced, and its difference
//! from the devis as an engagement adjustment), a service done and a payment. A month's row sums the
//! movements dated in it, so the table's totals always equal the dashboard's figures.

use chrono::{Datelike, NaiveDate};

use super::action::{Action, StopKind};
use super::convention::Convention;
use super::envelope::fiche_index;
use super::money::Euros;

/// One month of the table.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MonthRow {
    /// Year.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Interventions prescribed (engaged) in the month, per fiche.
    pub prescribed: [u32; 3],
    /// Engaged interventions cancelled in the month, per fiche.
    pub released: [u32; 3],
    /// Net funds engaged in the month (engagements − releases ± invoice adjustments).
    pub engaged: Euros,
    /// Devis amounts of services done in the month.
    pub done: Euros,
    /// Invoice amounts issued in the month.
    pub invoiced: Euros,
    /// Invoice amounts paid in the month.
    pub paid: Euros,
    /// Funds engaged from the start to the end of the month.
    pub cumulative_engaged: Euros,
    /// Envelope minus cumulative engaged at the end of the month.
    pub available: Euros,
}

impl MonthRow {
    /// Adds a month's counts and movements to these totals (the cumulative figures are not sums).
    fn add(&mut self, row: &MonthRow) {
        for i in 0..3 {
            self.prescribed[i] += row.prescribed[i];
            self.released[i] += row.released[i];
        }
        self.engaged += row.engaged;
        self.done += row.done;
        self.invoiced += row.invoiced;
        self.paid += row.paid;
    }
}

/// The whole table and its totals row.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MonthlyTable {
    /// One row per month, from the signature month to the end month, or later if records exist.
    pub rows: Vec<MonthRow>,
    /// Sum of the rows; `totals.cumulative_engaged` and `totals.available` are the final figures.
    pub totals: MonthRow,
}

fn month_key(date: NaiveDate) -> (i32, u32) {
    (date.year(), date.month())
}

fn next_month((year, month): (i32, u32)) -> (i32, u32) {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

fn empty_row((year, month): (i32, u32)) -> MonthRow {
    MonthRow {
        year,
        month,
        prescribed: [0; 3],
        released: [0; 3],
        engaged: Euros::ZERO,
        done: Euros::ZERO,
        invoiced: Euros::ZERO,
        paid: Euros::ZERO,
        cumulative_engaged: Euros::ZERO,
        available: Euros::ZERO,
    }
}

/// One dated effect of an action on the table.
#[derive(Clone, Copy, Debug)]
enum Move {
    /// Engagement: one intervention prescribed, the devis engaged.
    Engaged { fiche: usize, engaged: Euros },
    /// Cancellation after engagement: the devis released.
    Released { fiche: usize, engaged: Euros },
    /// Service done, valued at the devis.
    Done(Euros),
    /// Invoice issued; `adjustment` (invoice − devis) corrects the engaged funds.
    Invoiced { amount: Euros, adjustment: Euros },
    /// Invoice paid.
    Paid(Euros),
}

impl Move {
    fn apply(self, row: &mut MonthRow) {
        match self {
            Move::Engaged { fiche, engaged } => {
                row.prescribed[fiche] += 1;
                row.engaged += engaged;
            }
            Move::Released { fiche, engaged } => {
                row.released[fiche] += 1;
                row.engaged -= engaged;
            }
            Move::Done(amount) => row.done += amount,
            Move::Invoiced { amount, adjustment } => {
                row.invoiced += amount;
                row.engaged += adjustment;
            }
            Move::Paid(amount) => row.paid += amount,
        }
    }
}

impl MonthlyTable {
    /// Builds the table of `convention` from its actions (art. 3.4).
    pub fn compute<'a>(
        convention: &Convention,
        actions: impl IntoIterator<Item = &'a Action>,
    ) -> MonthlyTable {
        let first = month_key(convention.terms().signed_on);
        let mut last = month_key(convention.ends_on());
        let mut moves: Vec<((i32, u32), Move)> = Vec::new();
        for action in actions {
            let r = action.record();
            let Some(devis) = &r.devis else { continue };
            let engaged = devis.amount;
            let fiche = fiche_index(r.fiche);
            if let Some(on) = r.engaged_on {
                moves.push((month_key(on), Move::Engaged { fiche, engaged }));
                if let Some(c) = &r.stop
                    && c.kind == StopKind::Cancelled
                {
                    moves.push((month_key(c.on), Move::Released { fiche, engaged }));
                }
            }
            if let Some(on) = r.done_on {
                moves.push((month_key(on), Move::Done(engaged)));
            }
            if let Some(inv) = &r.invoice {
                let adjustment = inv.amount - engaged;
                moves.push((
                    month_key(inv.issued_on),
                    Move::Invoiced {
                        amount: inv.amount,
                        adjustment,
                    },
                ));
                if let Some(on) = r.paid_on {
                    moves.push((month_key(on), Move::Paid(inv.amount)));
                }
            }
        }
        if let Some(latest) = moves.iter().map(|(k, _)| *k).max() {
            last = last.max(latest);
        }
        let mut rows = Vec::new();
        let mut key = first;
        while key <= last {
            rows.push(empty_row(key));
            key = next_month(key);
        }
        for (key, apply) in &moves {
            let index = (key.0 - first.0) * 12 + (key.1 as i32 - first.1 as i32);
            if let Some(row) = usize::try_from(index).ok().and_then(|i| rows.get_mut(i)) {
                apply.apply(row);
            }
        }
        let envelope = convention.envelope();
        let mut totals = empty_row(last);
        for row in &mut rows {
            totals.add(row);
            row.cumulative_engaged = totals.engaged;
            row.available = envelope - totals.engaged;
        }
        totals.cumulative_engaged = totals.engaged;
        totals.available = envelope - totals.engaged;
        MonthlyTable { rows, totals }
    }
}

impl MonthlyTable {
    /// The table as it stands at the end of month `month` of `year`: its rows up to that month,
    /// and their totals (what an issued table keeps, art. 3.4).
    pub fn up_to(&self, year: i32, month: u32) -> MonthlyTable {
        let rows: Vec<MonthRow> = self
            .rows
            .iter()
            .filter(|r| (r.year, r.month) <= (year, month))
            .cloned()
            .collect();
        let mut totals = empty_row((year, month));
        for row in &rows {
            totals.add(row);
            totals.cumulative_engaged = row.cumulative_engaged;
            totals.available = row.available;
        }
        MonthlyTable { rows, totals }
    }

    /// Whether the table has a row for that month.
    pub fn has_month(&self, year: i32, month: u32) -> bool {
        self.rows.iter().any(|r| (r.year, r.month) == (year, month))
    }
}
