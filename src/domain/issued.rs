//! The monthly table, issued each month (art. 3.4: "un tableau de suivi des interventions
//! prescrites et des fonds engagés sera établi mensuellement"). Issuing a complete month freezes
//! the table as it stands — its rows up to that month and their totals — with who issued it and
//! when: it is kept, reprinted and exported identically later, and travels in the exchange file so
//! that both parties hold the same issued tables. Records dated in an issued month that arrive
//! later (late entries) never change it: the difference with the live table is shown instead.
//! Either party may issue a month; the stamp says which.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::audit::Stamp;
use super::date::{fr, month_fr};
use super::monthly::{MonthRow, MonthlyTable};
use super::signed::{SealedKind, SignedHistory, Stated, StepView, fill_seal, json_fact};
use super::signing::{Facts, Seal};

/// One month's table as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuedTable {
    /// Year of the month issued.
    pub year: i32,
    /// Month issued, 1 to 12.
    pub month: u32,
    /// Date of issue.
    #[serde(with = "crate::domain::date::serde_day")]
    pub issued_on: NaiveDate,
    /// Who issued it, for which party, and when.
    pub stamp: Stamp,
    /// The table as it stood: rows up to the month, and their totals.
    pub table: MonthlyTable,
    /// What the issue stated and its author's signature (`None`: issued before signatures, or
    /// not yet signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

impl IssuedTable {
    /// "2021-03": the key of the month, one issued table per month.
    pub fn key(&self) -> String {
        month_key(self.year, self.month)
    }

    /// "03/2021".
    pub fn label(&self) -> String {
        month_fr(self.year, self.month)
    }

    /// "arrêté le 05/04/2021 par Marie Dupont (CMA BFC)", given the party's short name.
    pub fn issued_by(&self, party: &str) -> String {
        format!(
            "arrêté le {} par {} ({party})",
            fr(self.issued_on),
            self.stamp.actor.name
        )
    }

    /// The months whose row differs between this issued table and `live` (the table today), in
    /// French: late entries, shown beside the issued table, never written into it.
    pub fn differences(&self, live: &MonthlyTable) -> Vec<String> {
        let now = live.up_to(self.year, self.month);
        self.table
            .rows
            .iter()
            .filter_map(|issued| {
                let today = now
                    .rows
                    .iter()
                    .find(|r| (r.year, r.month) == (issued.year, issued.month))?;
                (today != issued).then(|| describe(issued, today))
            })
            .collect()
    }

    /// Whether the issued table holds together: its last row is its month, and its totals are
    /// its rows' (checked on a table received from the other party).
    pub fn is_consistent(&self) -> bool {
        let last = self.table.rows.last().map(|r| (r.year, r.month));
        last == Some((self.year, self.month))
            && (1..=12).contains(&self.month)
            && self.table.up_to(self.year, self.month) == self.table
    }
}

/// "2021-03".
pub fn month_key(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// The last day of a month.
pub fn month_end(year: i32, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// "03/2021 : engagé 1 200,00 € au tableau arrêté, 1 800,00 € aujourd'hui ; payé …".
fn describe(issued: &MonthRow, today: &MonthRow) -> String {
    let mut parts = Vec::new();
    for (what, a, b) in [
        ("engagé", issued.engaged, today.engaged),
        ("service fait", issued.done, today.done),
        ("facturé", issued.invoiced, today.invoiced),
        ("payé", issued.paid, today.paid),
    ] {
        if a != b {
            parts.push(format!("{what} {a} au tableau arrêté, {b} aujourd'hui"));
        }
    }
    // Each fiche whose counts differ, named, with both counts.
    for (i, fiche) in crate::domain::convention::Fiche::ALL.iter().enumerate() {
        for (what, a, b) in [
            ("prescrites", issued.prescribed[i], today.prescribed[i]),
            ("annulées", issued.released[i], today.released[i]),
        ] {
            if a != b {
                parts.push(format!(
                    "fiche {} : {a} intervention(s) {what} au tableau arrêté, {b} aujourd'hui",
                    fiche.number()
                ));
            }
        }
    }
    if parts.is_empty() {
        parts.push(format!(
            "disponible {} au tableau arrêté, {} aujourd'hui",
            issued.available, today.available
        ));
    }
    format!(
        "{} : {}.",
        month_fr(issued.year, issued.month),
        parts.join(" ; ")
    )
}

/// The one step of an issued table, as files and the canonical form write it.
const ISSUED: &str = "Issued";

/// An issued table's signed step (docs/echange.md, « Étapes signées »): the month, the date of
/// issue and the table itself (`table`: the SHA-256 of its JSON).
impl SignedHistory for IssuedTable {
    fn kind(&self) -> SealedKind {
        SealedKind::Issued
    }

    fn sealed_id(&self) -> String {
        self.key()
    }

    fn signed_steps(&self) -> Vec<StepView<'_>> {
        vec![StepView {
            step: ISSUED,
            label: "Tableau arrêté",
            stamp: &self.stamp,
            seal: self.seal.as_ref(),
        }]
    }

    fn step_facts(&self, _step: &str, _stamp: &Stamp) -> Facts {
        Facts::from([
            ("month".to_string(), self.key()),
            ("on".to_string(), self.issued_on.to_string()),
            ("table".to_string(), json_fact(&self.table)),
        ])
    }

    fn stated(&self) -> Vec<Stated<'_>> {
        vec![Stated {
            step: ISSUED,
            stamp: Some(&self.stamp),
        }]
    }

    fn step_label(&self, _step: &str) -> &'static str {
        "Tableau arrêté"
    }

    fn put_seal(&mut self, step: &str, stamp: &Stamp, seal: Seal) -> bool {
        step == ISSUED && &self.stamp == stamp && fill_seal(&mut self.seal, seal)
    }
}
