//! The monthly table issued each month (art. 3.4: "établi mensuellement"), through the ledger: which
//! months can be issued, issuing one as it stands, and keeping those received.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::Ledger;
use crate::domain::action::Stamp;
use crate::domain::error::DomainError;
use crate::domain::issued::{IssuedTable, month_end, month_key};

impl Ledger {
    /// The monthly tables issued, by month (art. 3.4).
    pub fn issued_tables(&self) -> &BTreeMap<String, IssuedTable> {
        &self.issued
    }

    /// The months that may be issued on `today`: complete, of the table, not issued yet.
    pub fn issuable_months(&self, today: NaiveDate) -> Vec<(i32, u32)> {
        self.monthly_table()
            .rows
            .iter()
            .map(|r| (r.year, r.month))
            .filter(|&(y, m)| {
                month_end(y, m) < today && !self.issued.contains_key(&month_key(y, m))
            })
            .collect()
    }

    /// The month the dashboard reminds to issue, and the monthly tab proposes first: the first
    /// complete month of the convention (from its signature to its last day) not issued yet —
    /// the tables are issued in order, each month once (art. 3.4).
    pub fn month_to_issue(&self, today: NaiveDate) -> Option<(i32, u32)> {
        let first = self.convention.terms().signed_on;
        let last = self.convention.last_day();
        let (mut y, mut m) = (first.year(), first.month());
        while (y, m) <= (last.year(), last.month()) && month_end(y, m) < today {
            if !self.issued.contains_key(&month_key(y, m)) {
                return Some((y, m));
            }
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        None
    }

    /// Issues the table of a complete month as it stands on `today` (art. 3.4): kept as it is,
    /// whatever is recorded later. Once per month.
    pub fn issue_month(
        &mut self,
        year: i32,
        month: u32,
        today: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        let label = crate::domain::date::month_fr(year, month);
        let key = month_key(year, month);
        if self.issued.contains_key(&key) {
            return Err(DomainError::MonthIssued(label));
        }
        let live = self.monthly_table();
        if !(1..=12).contains(&month)
            || month_end(year, month) >= today
            || !live.has_month(year, month)
        {
            return Err(DomainError::MonthNotIssuable(label));
        }
        self.issued.insert(
            key,
            IssuedTable {
                year,
                month,
                issued_on: today,
                stamp,
                table: live.up_to(year, month),
                seal: None,
            },
        );
        Ok(())
    }

    /// Puts an issued table received from the other party (exchange merge, checked before).
    pub fn put_issued(&mut self, table: IssuedTable) {
        self.issued.insert(table.key(), table);
    }
}
