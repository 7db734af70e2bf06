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
        _ => iso_day(text),
    };
    date.ok_or_else(|| DomainError::DateUnreadable(text.to_string()))
}

/// Reads `2020-11-27`, as chrono writes a date (a year of four digits or more, with a sign past
/// 9999).
pub fn iso_day(text: &str) -> Option<NaiveDate> {
    let (year, rest) = text.split_at_checked(text.len().checked_sub(6)?)?;
    let (month, day) = rest.strip_prefix('-')?.split_once('-')?;
    let unsigned = year.trim_start_matches(['+', '-']);
    let signs = year.len() - unsigned.len();
    if signs > 1 || unsigned.len() < 4 {
        return None;
    }
    let y = i32::try_from(digits(unsigned, 4, 9)?).ok()?;
    let y = if year.starts_with('-') { -y } else { y };
    NaiveDate::from_ymd_opt(y, digits(month, 2, 2)?, digits(day, 2, 2)?)
}

/// Reads `2021-03-01T09:30:05`, with a fraction of a second if any (`.123`), as chrono writes a
/// moment.
pub fn iso_moment(text: &str) -> Option<NaiveDateTime> {
    let (day, time) = text.split_once('T')?;
    let (hms, nanos) = match time.split_once('.') {
        None => (time, 0),
        Some((hms, fraction)) => {
            let n = digits(fraction, 1, 9)?;
            (hms, n * 10u32.pow(9 - u32::try_from(fraction.len()).ok()?))
        }
    };
    let [h, m, s] = <[&str; 3]>::try_from(hms.split(':').collect::<Vec<_>>()).ok()?;
    let time = chrono::NaiveTime::from_hms_nano_opt(
        digits(h, 2, 2)?,
        digits(m, 2, 2)?,
        digits(s, 2, 2)?,
        nanos,
    )?;
    Some(iso_day(day)?.and_time(time))
}

/// serde for dates and moments, read by [`iso_day`] and [`iso_moment`] and written as chrono
/// writes them: files and stored data keep their format, and the wasm carries no chrono parser
/// (BENCHMARKS.md, size). Fields use `#[serde(with = "date::serde_day")]` and the like.
macro_rules! iso_serde {
    ($name:ident, $t:ty, $read:ident, $what:literal) => {
        #[doc = concat!("`#[serde(with)]` for ", $what, ".")]
        pub mod $name {
            use serde::{Deserialize, Deserializer, Serialize, Serializer};

            /// As chrono writes it.
            pub fn serialize<S: Serializer>(value: &$t, s: S) -> Result<S::Ok, S::Error> {
                value.serialize(s)
            }

            /// Read with the module's parser; a French reason quoting the text otherwise.
            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let text = super::DateText::deserialize(d)?.0;
                super::$read(&text)
                    .ok_or_else(|| serde::de::Error::custom(super::unreadable(&text)))
            }
        }
    };
}

iso_serde!(
    serde_day,
    chrono::NaiveDate,
    iso_day,
    "a date (`2020-11-27`)"
);
iso_serde!(
    serde_moment,
    chrono::NaiveDateTime,
    iso_moment,
    "a moment (`2021-03-01T09:30:05`)"
);

/// `#[serde(with)]` for an optional date (`null` when absent); pair it with `default`.
pub mod serde_day_opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// As chrono writes it, or `null`.
    pub fn serialize<S: Serializer>(value: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }

    /// `null` or a date read by [`super::iso_day`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<super::DateText>::deserialize(d)?
            .map(|t| {
                super::iso_day(&t.0)
                    .ok_or_else(|| serde::de::Error::custom(super::unreadable(&t.0)))
            })
            .transpose()
    }
}

/// The text of a date in a file; its `expecting` names a date so that a wrongly typed value is
/// explained as such (`serde_fr`).
struct DateText(String);

impl<'de> serde::Deserialize<'de> for DateText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = DateText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
        }
        d.deserialize_str(Text)
    }
}

/// The reason a date in a file is refused, quoting it.
fn unreadable(text: &str) -> String {
    format!(
        "date illisible : « {text} » (format attendu : aaaa-mm-jj, ou aaaa-mm-jjThh:mm:ss pour une date et heure)"
    )
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
    fn reads_dates_and_moments_as_chrono_writes_them() {
        for date in [
            d(2020, 11, 27),
            d(1, 1, 1),
            d(9999, 12, 31),
            d(12345, 6, 7),
            d(-44, 3, 15),
        ] {
            assert_eq!(iso_day(&date.to_string()), Some(date), "{date}");
        }
        let at = d(2021, 3, 1).and_hms_opt(9, 5, 7).unwrap();
        for nanos in [0, 1, 120_000_000, 123_456_000, 999_999_999] {
            let moment = at + chrono::Duration::nanoseconds(nanos);
            let written = serde_json::to_value(moment).unwrap();
            assert_eq!(
                iso_moment(written.as_str().unwrap()),
                Some(moment),
                "{written}"
            );
        }
        for bad in [
            "",
            "2021-3-01",
            "21-03-01",
            "2021-02-30",
            "2021/03/01",
            "+-2021-03-01",
            "2021-03-01 ",
        ] {
            assert_eq!(iso_day(bad), None, "{bad:?}");
        }
        for bad in [
            "2021-03-01",
            "2021-03-01T09:05",
            "2021-03-01T09:05:07.",
            "2021-03-01T25:00:00",
            "2021-03-01T09:05:07.1234567890",
        ] {
            assert_eq!(iso_moment(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn adds_months_clamping_to_month_end() {
        assert_eq!(add_months(d(2021, 8, 31), 3), d(2021, 11, 30));
        assert_eq!(add_months(d(2021, 3, 15), 3), d(2021, 6, 15));
    }
}
