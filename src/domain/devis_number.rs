//! Devis numbers (art. 2.1: "un devis et un programme par intervention"): « D-2021-MC-007 », read
//! out by phone, sequential per convention, year and series, and unique across the chamber's
//! machines without a server.
//!
//! How they stay unique: each adviser numbers in their own **series**, the initials of the name
//! they work under (« Marie Conseillère » → `MC`), so two advisers with different initials,
//! each offline on their own laptop, can never give the same number. When another person's devis
//! already known on the machine uses those initials (« Marc Chevalier »), the series takes the
//! first free digit (`MC2`). The sequence is one more than the highest of the series for that
//! year on the machine. What this cannot prevent — two people with the same initials sending
//! their first devis before either has received a file of the other, or one person sending from
//! two devices that have not exchanged files since — is found by
//! `Ledger::devis_number_shared_with` and said on both devis.
//!
//! Devis sent before numbers existed (format 4 and older) keep the number they were printed
//! with, made from the action's id (`Action::devis_number`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A devis number: year, series, sequence.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DevisNumber {
    /// Year the devis was sent.
    pub year: i32,
    /// The adviser's series: 1 to 4 capital letters, then digits when the letters were taken.
    pub series: String,
    /// Sequence in the series and year, from 1.
    pub seq: u32,
}

impl fmt::Display for DevisNumber {
    /// « D-2021-MC-007 »: the sequence on at least three digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "D-{}-{}-{:03}", self.year, self.series, self.seq)
    }
}

impl From<DevisNumber> for String {
    fn from(n: DevisNumber) -> String {
        n.to_string()
    }
}

impl TryFrom<String> for DevisNumber {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let bad = || format!("numéro de devis illisible : « {text} » (attendu : D-2021-MC-007)");
        let mut parts = text.split('-');
        let (Some("D"), Some(year), Some(series), Some(seq), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(bad());
        };
        // Parsed as `u32`, as the rest of the app parses numbers (one parser in the build).
        let year: u32 = year.parse().map_err(|_| bad())?;
        let seq: u32 = seq.parse().map_err(|_| bad())?;
        let letters = series.trim_end_matches(|c: char| c.is_ascii_digit());
        if !(1..=4).contains(&letters.len())
            || !letters.chars().all(|c| c.is_ascii_uppercase())
            || series.len() > letters.len() + 3
            || !(1000..=9999).contains(&year)
            || seq == 0
        {
            return Err(bad());
        }
        Ok(DevisNumber {
            year: year as i32,
            series: series.to_string(),
            seq,
        })
    }
}

/// « MC » for « Marie Conseillère », « JPD » for « Jean-Pierre Durand »: the first letter of
/// each word of `name` (hyphens split words), capitals without accents, at most four; « X »
/// for a name without letters.
pub fn initials(name: &str) -> String {
    let letters: String = name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\'' || c == '’')
        .filter_map(|word| word.chars().find_map(plain_capital))
        .take(4)
        .collect();
    if letters.is_empty() {
        "X".to_string()
    } else {
        letters
    }
}

/// The capital ASCII letter of a Latin letter, accented or not, as French names write them;
/// `None` for anything else. (By hand rather than `char::to_uppercase`, whose Unicode tables
/// would weigh on the first load, BENCHMARKS.md "Size".)
fn plain_capital(c: char) -> Option<char> {
    let plain = match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' | 'æ' | 'Æ' => {
            'A'
        }
        'ç' | 'Ç' => 'C',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => 'I',
        'ñ' | 'Ñ' => 'N',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' | 'œ' | 'Œ' => 'O',
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => 'U',
        'ÿ' | 'ý' | 'Ÿ' | 'Ý' => 'Y',
        c => c.to_ascii_uppercase(),
    };
    plain.is_ascii_uppercase().then_some(plain)
}

/// The number the devis `author` sends in `year` takes, given every numbered devis the machine
/// knows with the name of the person who sent it.
pub fn next<'a>(
    year: i32,
    author: &str,
    known: impl Iterator<Item = (&'a DevisNumber, &'a str)> + Clone,
) -> DevisNumber {
    let base = initials(author);
    // The first series of these initials no other person writes in.
    let taken = |series: &str| {
        known
            .clone()
            .any(|(number, by)| number.series == series && by != author)
    };
    let mut series = base.clone();
    let mut n = 1;
    while taken(&series) {
        n += 1;
        series = format!("{base}{n}");
    }
    let seq = known
        .filter(|(number, _)| number.year == year && number.series == series)
        .map(|(number, _)| number.seq)
        .max()
        .unwrap_or(0)
        + 1;
    DevisNumber { year, series, seq }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> DevisNumber {
        DevisNumber::try_from(text.to_string()).unwrap()
    }

    #[test]
    fn initials_read_out_by_phone() {
        assert_eq!(initials("Marie Conseillère"), "MC");
        assert_eq!(initials("Jean-Pierre Durand"), "JPD");
        assert_eq!(initials("émilie d'Orval"), "EDO");
        assert_eq!(initials("  "), "X");
        assert_eq!(initials("Ana María Ñúñez López Ruiz"), "AMNL");
    }

    #[test]
    fn a_number_is_written_and_read_the_same_way() {
        let number = DevisNumber {
            year: 2021,
            series: "MC2".into(),
            seq: 7,
        };
        assert_eq!(number.to_string(), "D-2021-MC2-007");
        assert_eq!(n("D-2021-MC2-007"), number);
        assert_eq!(n("D-2021-MC-1234").seq, 1234);
        for bad in [
            "D-2021-007",
            "D-2021-mc-007",
            "D-2021-MC-000",
            "X-2021-MC-001",
            "D-2021-MC-001-2",
            "D-21-MC-001",
            "D-2021-ABCDE-001",
        ] {
            assert!(DevisNumber::try_from(bad.to_string()).is_err(), "{bad}");
        }
    }

    #[test]
    fn each_adviser_numbers_in_their_own_series_one_after_the_other() {
        let a1 = n("D-2021-MC-001");
        let a2 = n("D-2021-MC-002");
        let old = n("D-2020-MC-009");
        let known = [
            (&a1, "Marie Conseillère"),
            (&a2, "Marie Conseillère"),
            (&old, "Marie Conseillère"),
        ];
        assert_eq!(
            next(2021, "Marie Conseillère", known.iter().copied()).to_string(),
            "D-2021-MC-003"
        );
        // A new year starts again at 1.
        assert_eq!(
            next(2022, "Marie Conseillère", known.iter().copied()).to_string(),
            "D-2022-MC-001"
        );
        // Another adviser with the same initials never writes in that series.
        assert_eq!(
            next(2021, "Marc Chevalier", known.iter().copied()).to_string(),
            "D-2021-MC2-001"
        );
        // Nor does a third one, once the second has written in MC2.
        let b1 = n("D-2021-MC2-001");
        let more = [(&a1, "Marie Conseillère"), (&b1, "Marc Chevalier")];
        assert_eq!(
            next(2021, "Michel Colin", more.iter().copied()).to_string(),
            "D-2021-MC3-001"
        );
        assert_eq!(
            next(2021, "Marc Chevalier", more.iter().copied()).to_string(),
            "D-2021-MC2-002"
        );
        // The first devis of the convention.
        assert_eq!(
            next(2021, "Paul Roy", std::iter::empty()).to_string(),
            "D-2021-PR-001"
        );
    }
}
