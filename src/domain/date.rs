//! Calendar dates the French way: `27/11/2020` on screen, ISO `2020-11-27` in files and in
//! `<input type="date">`. Dates are [`chrono::NaiveDate`]: the convention speaks in days, not instants.

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime, Timelike};

use super::error::DomainError;

// Dates are written and read here with plain formatting, not chrono's format strings: the wasm
// then carries no format-string interpreter (BENCHMARKS.md, size).

/// `27/11/2020`.
pub fn fr(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// `2020-11-27`: files, storage keys and `<input type="date">`.
pub fn iso(date: NaiveDate) -> String {
    date.to_string()
}

/// `09:30`: the time of a recorded change.
pub fn time_fr(at: NaiveDateTime) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// `2021-03-01T09-30-05`: a moment in a file name or a storage key (no `:`, which some systems
/// refuse in file names).
pub fn stamp_for_file(at: NaiveDateTime) -> String {
    format!(
        "{}T{:02}-{:02}-{:02}",
        iso(at.date()),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `2021-03-01_09h30`: the minute a backup file was made, in its name.
pub fn minute_for_file(at: NaiveDateTime) -> String {
    format!("{}_{:02}h{:02}", iso(at.date()), at.hour(), at.minute())
}

/// `11/2020`: the label of a month in the tracking table.
pub fn month_fr(year: i32, month: u32) -> String {
    format!("{month:02}/{year:04}")
}

/// Reads `27/11/2020` or `5/1/2021` (what a user types) or `2020-11-27` (what a date input and
/// files give).
pub fn parse(input: &str) -> Result<NaiveDate, DomainError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(DomainError::DateRequired);
    }
    let parts: Vec<&str> = text.split('/').collect();
    let date = match parts[..] {
        [day, month, year] => digits(day, 1, 2)
            .zip(digits(month, 1, 2))
            .zip(digits(year, 4, 4))
            .and_then(|((d, m), y)| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)),
        _ => text.parse::<NaiveDate>().ok(),
    };
    date.ok_or_else(|| DomainError::DateUnreadable(text.to_string()))
}

/// `text` as a number when it is `min` to `max` ASCII digits.
fn digits(text: &str, min: usize, max: usize) -> Option<u32> {
    let ok = (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten()
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
    use crate::test_support::d;

    #[test]
    fn formats_day_month_year() {
        assert_eq!(fr(d(2020, 11, 27)), "27/11/2020");
        assert_eq!(fr(d(2021, 1, 5)), "05/01/2021");
        assert_eq!(month_fr(2021, 3), "03/2021");
        let at = d(2021, 3, 1).and_hms_opt(9, 5, 7).unwrap();
        assert_eq!(iso(d(2021, 3, 1)), "2021-03-01");
        assert_eq!(time_fr(at), "09:05");
        assert_eq!(stamp_for_file(at), "2021-03-01T09-05-07");
        assert_eq!(minute_for_file(at), "2021-03-01_09h05");
    }

    #[test]
    fn parses_both_forms() {
        assert_eq!(parse("27/11/2020").unwrap(), d(2020, 11, 27));
        assert_eq!(parse(" 2020-11-27 ").unwrap(), d(2020, 11, 27));
        assert_eq!(parse("5/1/2021").unwrap(), d(2021, 1, 5));
        for bad in [
            "",
            "05/01/21",
            "1/13/2021",
            "a/01/2021",
            "05/01/2021/1",
            "2021-02-30",
            "+5/01/2021",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(
            parse("31/02/2021").unwrap_err().to_string(),
            "Date illisible : « 31/02/2021 ». Format attendu : jj/mm/aaaa"
        );
        assert_eq!(parse("  ").unwrap_err().to_string(), "Date requise.");
    }

    #[test]
    fn adds_months_clamping_to_month_end() {
        assert_eq!(add_months(d(2021, 8, 31), 3), d(2021, 11, 30));
        assert_eq!(add_months(d(2021, 3, 15), 3), d(2021, 6, 15));
    }
}
