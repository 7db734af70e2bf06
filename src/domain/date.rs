//! Calendar dates the French way: `27/11/2020` on screen, ISO `2020-11-27` in files and in
//! `<input type="date">`. Dates are [`chrono::NaiveDate`]: the convention speaks in days, not instants.

use chrono::{Datelike, Months, NaiveDate};

use super::error::DomainError;

/// `27/11/2020`.
pub fn fr(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// `11/2020`: the label of a month in the tracking table.
pub fn month_fr(year: i32, month: u32) -> String {
    format!("{month:02}/{year:04}")
}

/// Reads `27/11/2020` (what a user types) or `2020-11-27` (what a date input and files give).
pub fn parse(input: &str) -> Result<NaiveDate, DomainError> {
    let text = input.trim();
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .map_err(|_| DomainError::DateUnreadable(text.to_string()))
}

/// `date` plus `months` calendar months, clamped to the end of shorter months (31/08 + 3 → 30/11).
/// Saturates at the largest date chrono knows, which no convention reaches.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn formats_day_month_year() {
        assert_eq!(fr(d(2020, 11, 27)), "27/11/2020");
        assert_eq!(fr(d(2021, 1, 5)), "05/01/2021");
        assert_eq!(month_fr(2021, 3), "03/2021");
    }

    #[test]
    fn parses_both_forms() {
        assert_eq!(parse("27/11/2020").unwrap(), d(2020, 11, 27));
        assert_eq!(parse(" 2020-11-27 ").unwrap(), d(2020, 11, 27));
        assert_eq!(
            parse("31/02/2021").unwrap_err().to_string(),
            "Date illisible : « 31/02/2021 ». Format attendu : jj/mm/aaaa"
        );
    }

    #[test]
    fn adds_months_clamping_to_month_end() {
        assert_eq!(add_months(d(2021, 8, 31), 3), d(2021, 11, 30));
        assert_eq!(add_months(d(2021, 3, 15), 3), d(2021, 6, 15));
    }
}
