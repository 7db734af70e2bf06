//! Amounts of money: the [`Euros`] newtype over an exact decimal, and its one French formatter.
//!
//! Every amount in the convention (prices, envelope, devis, invoices) is a whole number of cents held
//! in a [`rust_decimal::Decimal`]; floats never appear. This module owns parsing what a user types
//! (`1 200,50`, `1200.5`, `1 200 €`) and writing amounts the French way (`1 200,00 €`).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::DomainError;

/// The no-break space used between thousands and before the euro sign.
pub const NBSP: char = '\u{a0}';

/// An amount in euros, exact to the cent.
///
/// Amounts may be negative: the monthly tracking table records released engagements as negative
/// movements. Validation of what a user may enter (positive, at most two decimals) lives in
/// [`Euros::parse_fr`] and [`Euros::positive`].
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Euros(Decimal);

impl Euros {
    /// Zero euros.
    pub const ZERO: Euros = Euros(Decimal::ZERO);

    /// A whole number of euros.
    pub fn whole(euros: i64) -> Self {
        Euros(Decimal::from(euros))
    }

    /// An amount given in cents (`120_050` is `1 200,50 €`).
    pub fn from_cents(cents: i64) -> Self {
        Euros(Decimal::new(cents, 2))
    }

    /// The amount if it is exact to the cent, else an error.
    pub fn from_decimal(value: Decimal) -> Result<Self, DomainError> {
        if value.normalize().scale() > 2 {
            return Err(DomainError::AmountTooPrecise(value.normalize().to_string()));
        }
        Ok(Euros(value))
    }

    /// The amount if it is strictly positive, else an error naming `what`.
    pub fn positive(self, what: &'static str) -> Result<Self, DomainError> {
        if self.0 > Decimal::ZERO {
            Ok(self)
        } else {
            Err(DomainError::AmountNotPositive(what))
        }
    }

    /// The underlying decimal.
    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0 < Decimal::ZERO
    }

    /// Parses an amount as a French user types it: `1 200,50`, `1200.50`, `1 200 €`, `300`.
    /// Spaces (ordinary, no-break, narrow no-break) group thousands; `,` or `.` marks the decimals.
    pub fn parse_fr(input: &str) -> Result<Self, DomainError> {
        let cleaned: String = input
            .trim()
            .trim_end_matches('€')
            .chars()
            .filter(|c| !matches!(*c, ' ' | NBSP | '\u{202f}'))
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let bad = || DomainError::AmountUnreadable(input.trim().to_string());
        if cleaned.is_empty()
            || !cleaned
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
            || cleaned.matches('.').count() > 1
        {
            return Err(bad());
        }
        let value: Decimal = cleaned.parse().map_err(|_| bad())?;
        Euros::from_decimal(value)
    }

    /// The amount with a decimal comma and no grouping, `1200,50`: for CSV cells that
    /// spreadsheets must read as numbers.
    pub fn plain_fr(self) -> String {
        format!("{:.2}", self.0.round_dp(2)).replace('.', ",")
    }
}

impl fmt::Display for Euros {
    /// `1 200,00 €`, with no-break spaces between thousands and before the sign.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rounded = self.0.round_dp(2);
        let text = format!("{:.2}", rounded.abs());
        let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, "00"));
        let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3 * 2);
        for (i, digit) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i) % 3 == 0 {
                grouped.push(NBSP);
            }
            grouped.push(digit);
        }
        let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
            "-"
        } else {
            ""
        };
        write!(f, "{sign}{grouped},{frac_part}{NBSP}€")
    }
}

impl TryFrom<Decimal> for Euros {
    type Error = DomainError;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Euros::from_decimal(value)
    }
}

impl From<Euros> for Decimal {
    fn from(value: Euros) -> Self {
        value.0
    }
}

impl Add for Euros {
    type Output = Euros;
    fn add(self, rhs: Euros) -> Euros {
        Euros(self.0 + rhs.0)
    }
}

impl AddAssign for Euros {
    fn add_assign(&mut self, rhs: Euros) {
        self.0 += rhs.0;
    }
}

impl Sub for Euros {
    type Output = Euros;
    fn sub(self, rhs: Euros) -> Euros {
        Euros(self.0 - rhs.0)
    }
}

impl SubAssign for Euros {
    fn sub_assign(&mut self, rhs: Euros) {
        self.0 -= rhs.0;
    }
}

impl Neg for Euros {
    type Output = Euros;
    fn neg(self) -> Euros {
        Euros(-self.0)
    }
}

impl Sum for Euros {
    fn sum<I: Iterator<Item = Euros>>(iter: I) -> Euros {
        iter.fold(Euros::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_french_way_with_no_break_spaces() {
        assert_eq!(Euros::whole(1200).to_string(), "1\u{a0}200,00\u{a0}€");
        assert_eq!(Euros::whole(5000).to_string(), "5\u{a0}000,00\u{a0}€");
        assert_eq!(Euros::whole(300).to_string(), "300,00\u{a0}€");
        assert_eq!(Euros::ZERO.to_string(), "0,00\u{a0}€");
        assert_eq!(
            Euros::from_cents(123_456_789).to_string(),
            "1\u{a0}234\u{a0}567,89\u{a0}€"
        );
        assert_eq!(Euros::from_cents(-50_000).to_string(), "-500,00\u{a0}€");
        assert_eq!(Euros::from_cents(5).to_string(), "0,05\u{a0}€");
    }

    #[test]
    fn plain_french_for_spreadsheets() {
        assert_eq!(Euros::whole(1200).plain_fr(), "1200,00");
        assert_eq!(Euros::from_cents(-5).plain_fr(), "-0,05");
    }

    #[test]
    fn parses_what_users_type() {
        assert_eq!(
            Euros::parse_fr("1 200,50").unwrap(),
            Euros::from_cents(120_050)
        );
        assert_eq!(
            Euros::parse_fr("1200.5").unwrap(),
            Euros::from_cents(120_050)
        );
        assert_eq!(Euros::parse_fr(" 300 € ").unwrap(), Euros::whole(300));
        assert_eq!(
            Euros::parse_fr("1\u{a0}200,00\u{a0}€").unwrap(),
            Euros::whole(1200)
        );
    }

    #[test]
    fn refuses_unreadable_or_sub_cent_amounts() {
        for bad in ["", "abc", "1,2,3", "12e3", "1.2.3", "€"] {
            let err = Euros::parse_fr(bad).unwrap_err();
            assert!(
                matches!(err, DomainError::AmountUnreadable(_)),
                "{bad}: {err}"
            );
        }
        let err = Euros::parse_fr("10,005").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Montant trop précis : 10.005 (au centime près)."
        );
        assert!(Euros::parse_fr("10,50").is_ok());
    }

    #[test]
    fn positive_check_names_the_field() {
        let err = Euros::ZERO.positive("l'enveloppe").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Le montant de l'enveloppe doit être supérieur à zéro."
        );
    }

    #[test]
    fn serialises_as_an_exact_decimal_string() {
        let json = serde_json::to_string(&Euros::from_cents(120_050)).unwrap();
        assert_eq!(json, "\"1200.50\"");
        let back: Euros = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Euros::from_cents(120_050));
        assert!(serde_json::from_str::<Euros>("\"1.001\"").is_err());
    }
}
