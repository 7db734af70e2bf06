//! The SIRET number that identifies a beneficiary's establishment (convention, art. 1: actions are
//! for companies established on the territory; the SIRET is how both parties name the same one).
//!
//! A SIRET is 14 digits: the 9-digit SIREN of the company and a 5-digit establishment number. It is
//! valid when its digits pass the Luhn check, except for La Poste (SIREN 356000000), whose thousands of
//! establishments are numbered so that the sum of the digits is a multiple of 5.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::DomainError;

/// La Poste's SIREN, the one exception to the Luhn rule.
const LA_POSTE_SIREN: &str = "356000000";
/// La Poste's head office, the one La Poste SIRET that follows the Luhn rule instead.
const LA_POSTE_HEAD_OFFICE: &str = "35600000000048";

/// A checked SIRET, stored as its 14 digits without spaces.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Siret(String);

impl Siret {
    /// Checks what a user typed (spaces allowed between groups) and keeps the 14 digits.
    pub fn parse(input: &str) -> Result<Siret, DomainError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
            .collect();
        if digits.is_empty() {
            return Err(DomainError::Required("SIRET (14 chiffres)"));
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(DomainError::SiretNotDigits);
        }
        if digits.len() != 14 {
            return Err(DomainError::SiretLength(digits.len()));
        }
        let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let valid = if digits.starts_with(LA_POSTE_SIREN) {
            values.iter().sum::<u32>().is_multiple_of(5) || digits == LA_POSTE_HEAD_OFFICE
        } else {
            luhn_valid(&values)
        };
        if valid {
            Ok(Siret(digits))
        } else {
            Err(DomainError::SiretChecksum)
        }
    }

    /// The 14 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SIREN: the first 9 digits, naming the company.
    pub fn siren(&self) -> &str {
        &self.0[..9]
    }
}

/// The Luhn sum: every digit, every second one from the right doubled (less 9 when above 9).
fn luhn_sum(digits: &[u32]) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum()
}

/// The Luhn check: the Luhn sum is a multiple of 10.
fn luhn_valid(digits: &[u32]) -> bool {
    luhn_sum(digits).is_multiple_of(10)
}

/// The digit that, appended to `digits`, passes the Luhn check (to make up valid SIRETs).
pub fn luhn_check_digit(digits: &[u32]) -> u32 {
    let mut with_zero = digits.to_vec();
    with_zero.push(0);
    (10 - luhn_sum(&with_zero) % 10) % 10
}

impl fmt::Display for Siret {
    /// `732 829 320 00074`: SIREN in groups of three, then the establishment number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.0;
        write!(f, "{} {} {} {}", &s[0..3], &s[3..6], &s[6..9], &s[9..])
    }
}

impl TryFrom<String> for Siret {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Siret::parse(&value)
    }
}

impl From<Siret> for String {
    fn from(value: Siret) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_luhn_valid_numbers_with_or_without_spaces() {
        let s = Siret::parse("732 829 320 00074").unwrap();
        assert_eq!(s.as_str(), "73282932000074");
        assert_eq!(s.siren(), "732829320");
        assert_eq!(s.to_string(), "732 829 320 00074");
        assert!(Siret::parse("44306184100047").is_ok());
    }

    #[test]
    fn refuses_a_wrong_check_digit() {
        assert_eq!(
            Siret::parse("73282932000075"),
            Err(DomainError::SiretChecksum)
        );
        assert_eq!(
            Siret::parse("73282932000075").unwrap_err().to_string(),
            "SIRET invalide : la clé de contrôle ne correspond pas (vérifiez la saisie)."
        );
    }

    #[test]
    fn refuses_wrong_length_and_letters() {
        assert_eq!(Siret::parse("1234"), Err(DomainError::SiretLength(4)));
        assert_eq!(
            Siret::parse("7328293200007A"),
            Err(DomainError::SiretNotDigits)
        );
        assert_eq!(
            Siret::parse(" ").unwrap_err().to_string(),
            "Le champ « SIRET (14 chiffres) » est obligatoire."
        );
    }

    #[test]
    fn the_check_digit_completes_a_valid_siret() {
        let first: Vec<u32> = "7328293200007"
            .chars()
            .filter_map(|c| c.to_digit(10))
            .collect();
        assert_eq!(luhn_check_digit(&first), 4);
        for start in ["1234567890123", "9999999999999", "1000000000000"] {
            let mut digits: Vec<u32> = start.chars().filter_map(|c| c.to_digit(10)).collect();
            digits.push(luhn_check_digit(&digits));
            assert!(luhn_valid(&digits), "{start}");
        }
    }

    #[test]
    fn la_poste_uses_the_sum_of_digits_rule() {
        // 3+5+6+1+4 = 19: not a multiple of 5, although the Luhn check passes.
        assert!(luhn_valid(&[3, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4]));
        assert_eq!(
            Siret::parse("35600000000014"),
            Err(DomainError::SiretChecksum)
        );
        // 3+5+6+1+0 = 15: a multiple of 5, although the Luhn check fails.
        assert!(!luhn_valid(&[3, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]));
        assert!(Siret::parse("35600000000010").is_ok());
        // The head office keeps the Luhn rule.
        assert!(Siret::parse("35600000000048").is_ok());
    }

    #[test]
    fn serde_round_trip_validates() {
        let s = Siret::parse("73282932000074").unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "\"73282932000074\"");
        assert_eq!(serde_json::from_str::<Siret>(&json).unwrap(), s);
        assert!(serde_json::from_str::<Siret>("\"73282932000075\"").is_err());
    }
}
