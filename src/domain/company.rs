//! The beneficiaries: very small artisan companies of the territory (preamble and art. 1), and
//! whether each was told that the payer finances its accompaniment (art. 2.3).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::audit::Stamp;
use super::convention::Convention;
use super::error::DomainError;
pub use super::lifecycle::CompanyStep;
use super::lifecycle::Owned;
use super::signed::{
    SealedKind, SignedHistory, Stated, StepView, seal_line, stated_by, steps_of, text_fact,
};
use super::signing::{Facts, Seal};
use super::siret::Siret;

/// Longest company name, activity or commune accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Identifier of a company record, unique across both parties' machines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CompanyId(pub String);

impl fmt::Display for CompanyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a user typed in the company form, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompanyForm {
    /// Company name.
    pub name: String,
    /// SIRET, spaces allowed.
    pub siret: String,
    /// Commune of the establishment.
    pub commune: String,
    /// Number of employees, as typed.
    pub staff: String,
    /// Trade or activity.
    pub activity: String,
    /// Postal address (street and post code), optional.
    pub address: String,
}

/// A checked beneficiary. Built only by [`Company::from_form`], so every stored company meets the
/// convention's rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// Identifier.
    pub id: CompanyId,
    /// Company name.
    pub name: String,
    /// Checked SIRET.
    pub siret: Siret,
    /// Commune, in the convention's spelling.
    pub commune: String,
    /// Number of employees, under 10.
    pub staff: u32,
    /// Trade or activity.
    pub activity: String,
    /// Postal address before the commune (street, post code), for the beneficiary letter
    /// (art. 2.3); optional, absent from files of format 4 and older.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// When the company was told the payer finances its accompaniment (art. 2.3), if it was.
    #[serde(default, with = "crate::domain::date::serde_day_opt")]
    pub informed_on: Option<NaiveDate>,
    /// Who created and changed the record, oldest first.
    #[serde(default)]
    pub history: Vec<CompanyEvent>,
}

/// A change to a company record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyEvent {
    /// Created or updated.
    pub kind: CompanyStep,
    /// Who and when.
    pub stamp: Stamp,
    /// The record as the step left it and its author's signature (`None`: recorded before
    /// signatures, or not yet signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

crate::domain::signed::sealed_event!(CompanyEvent, CompanyStep::name, Owned::event_label);

/// One field of the company form, so errors can be shown next to the right input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompanyField {
    /// The name input.
    Name,
    /// The SIRET input.
    Siret,
    /// The commune input.
    Commune,
    /// The staff input.
    Staff,
    /// The activity input.
    Activity,
    /// The postal address input.
    Address,
}

/// Most employees a beneficiary may have: the convention targets companies of fewer than 10
/// (preamble: "entreprises de moins de 10 salariés").
pub const MAX_STAFF: u32 = 9;

/// Checks the number of employees (preamble: fewer than 10).
pub fn check_staff(input: &str) -> Result<u32, DomainError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(DomainError::Required("nombre de salariés"));
    }
    let staff: u32 = match text.parse() {
        Ok(n) => n,
        // All digits but too many of them for a u32: certainly not under 10.
        Err(_) if text.chars().all(|c| c.is_ascii_digit()) => u32::MAX,
        Err(_) => return Err(DomainError::StaffUnreadable(text.to_string())),
    };
    if staff > MAX_STAFF {
        return Err(DomainError::StaffTooLarge(staff));
    }
    Ok(staff)
}

/// Checks a required text and its length.
pub fn check_text(input: &str, field: &'static str, max: usize) -> Result<String, DomainError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(DomainError::Required(field));
    }
    if text.chars().count() > max {
        return Err(DomainError::TooLong { field, max });
    }
    Ok(text.to_string())
}

/// Checks an optional text's length: empty when left empty.
pub fn check_optional_text(
    input: &str,
    field: &'static str,
    max: usize,
) -> Result<String, DomainError> {
    if input.trim().is_empty() {
        return Ok(String::new());
    }
    check_text(input, field, max)
}

impl CompanyForm {
    /// Every error of the form against `convention`, each tied to its field; none when the form
    /// makes a valid company.
    pub fn errors(&self, convention: &Convention) -> Vec<(CompanyField, DomainError)> {
        self.check(convention).err().unwrap_or_default()
    }

    /// Checks every field against `convention`: what makes the company once it has an id, or every
    /// error.
    fn check(
        &self,
        convention: &Convention,
    ) -> Result<impl FnOnce(CompanyId) -> Company + use<>, Vec<(CompanyField, DomainError)>> {
        let form = self;
        let mut errors = Vec::new();
        fn keep<T>(
            errors: &mut Vec<(CompanyField, DomainError)>,
            field: CompanyField,
            result: Result<T, DomainError>,
        ) -> Option<T> {
            result.map_err(|e| errors.push((field, e))).ok()
        }
        let name = keep(
            &mut errors,
            CompanyField::Name,
            check_text(&form.name, "raison sociale", MAX_NAME_CHARS),
        );
        let siret = keep(&mut errors, CompanyField::Siret, Siret::parse(&form.siret));
        let commune = keep(
            &mut errors,
            CompanyField::Commune,
            convention.commune(&form.commune).map(str::to_string),
        );
        let staff = keep(&mut errors, CompanyField::Staff, check_staff(&form.staff));
        let activity = keep(
            &mut errors,
            CompanyField::Activity,
            check_text(&form.activity, "activité", MAX_NAME_CHARS),
        );
        let address = keep(
            &mut errors,
            CompanyField::Address,
            check_optional_text(&form.address, "Adresse postale", MAX_NAME_CHARS),
        );
        match (name, siret, commune, staff, activity, address) {
            (
                Some(name),
                Some(siret),
                Some(commune),
                Some(staff),
                Some(activity),
                Some(address),
            ) if errors.is_empty() => {
                // Never from the form: the date the company was told is noted from the letter,
                // once an action is engaged (`Ledger::record_company_informed`).
                Ok(move |id| Company {
                    id,
                    name,
                    siret,
                    commune,
                    staff,
                    activity,
                    address,
                    informed_on: None,
                    history: Vec::new(),
                })
            }
            _ => Err(errors),
        }
    }
}

impl Company {
    /// Checks every field of `form` against `convention` and returns either the company or every
    /// error, each tied to its field, so the form can show them all at once.
    pub fn from_form(
        id: CompanyId,
        form: &CompanyForm,
        convention: &Convention,
    ) -> Result<Company, Vec<(CompanyField, DomainError)>> {
        form.check(convention).map(|make| make(id))
    }

    /// The form filled with this company's values, for editing.
    pub fn to_form(&self) -> CompanyForm {
        CompanyForm {
            name: self.name.clone(),
            siret: self.siret.as_str().to_string(),
            commune: self.commune.clone(),
            staff: self.staff.to_string(),
            activity: self.activity.clone(),
            address: self.address.clone(),
        }
    }
}

impl CompanyStep {
    /// The step as files and the canonical form write it.
    pub fn name(self) -> &'static str {
        match self {
            CompanyStep::Created => "Created",
            CompanyStep::Updated => "Updated",
        }
    }
}

/// A company record's signed steps (docs/echange.md, « Étapes signées »): its creation and each
/// change state the record as the step left it (`company`: its JSON without its history).
impl SignedHistory for Company {
    fn kind(&self) -> SealedKind {
        SealedKind::Company
    }

    fn sealed_id(&self) -> String {
        self.id.0.clone()
    }

    fn signed_steps(&self) -> Vec<StepView<'_>> {
        steps_of(&self.history)
    }

    fn step_facts(&self, _step: &str, _stamp: &Stamp) -> Facts {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let Some(fields) = value.as_object_mut() {
            fields.remove("history");
        }
        Facts::from([("company".to_string(), text_fact(&value.to_string()))])
    }

    /// The record as it stands: stated by its latest step (the merge keeps the fields of the
    /// latest change, last in the history).
    fn stated(&self) -> Vec<Stated<'_>> {
        stated_by(self.signed_steps().pop())
    }

    fn step_label(&self, step: &str) -> &'static str {
        match step {
            "Created" => CompanyStep::Created.event_label(),
            _ => CompanyStep::Updated.event_label(),
        }
    }

    fn put_seal(&mut self, step: &str, stamp: &Stamp, seal: Seal) -> bool {
        seal_line(&mut self.history, step, stamp, seal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CompanyForm {
        CompanyForm {
            name: "Boulangerie Martin".into(),
            siret: "732 829 320 00074".into(),
            commune: "delle".into(),
            staff: "3".into(),
            activity: "Boulangerie".into(),
            address: "12 rue des Forges, 90100".into(),
        }
    }

    #[test]
    fn a_valid_form_gives_a_company() {
        let c = Company::from_form(CompanyId("c1".into()), &form(), &Convention::seed()).unwrap();
        assert_eq!(c.commune, "Delle");
        assert_eq!(c.staff, 3);
        assert_eq!(c.siret.as_str(), "73282932000074");
        assert_eq!(c.informed_on, None);
        assert_eq!(c.to_form().commune, "Delle");
    }

    #[test]
    fn a_form_is_checked_as_typed_without_an_id() {
        let seed = Convention::seed();
        assert!(form().errors(&seed).is_empty());
        let typo = CompanyForm {
            siret: "73282932000075".into(),
            staff: "12".into(),
            ..form()
        };
        let fields: Vec<CompanyField> = typo.errors(&seed).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, [CompanyField::Siret, CompanyField::Staff]);
    }

    #[test]
    fn every_error_is_reported_next_to_its_field() {
        let bad = CompanyForm {
            name: " ".into(),
            siret: "73282932000075".into(),
            commune: "Belfort".into(),
            staff: "12".into(),
            activity: String::new(),
            address: String::new(),
        };
        let errors =
            Company::from_form(CompanyId("c1".into()), &bad, &Convention::seed()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                CompanyField::Name,
                CompanyField::Siret,
                CompanyField::Commune,
                CompanyField::Staff,
                CompanyField::Activity,
            ]
        );
        assert_eq!(
            errors[3].1.to_string(),
            "L'entreprise doit compter moins de 10 salariés (saisi : 12)."
        );
    }

    #[test]
    fn staff_must_be_under_ten() {
        assert_eq!(check_staff("0"), Ok(0));
        assert_eq!(check_staff("9"), Ok(9));
        assert_eq!(check_staff("10"), Err(DomainError::StaffTooLarge(10)));
        assert!(check_staff("trois").is_err());
        assert!(check_staff("-1").is_err());
        assert_eq!(
            check_staff(""),
            Err(DomainError::Required("nombre de salariés"))
        );
    }

    #[test]
    fn texts_have_a_maximum_length() {
        let long = "a".repeat(MAX_NAME_CHARS);
        assert!(check_text(&long, "raison sociale", MAX_NAME_CHARS).is_ok());
        let longer = "a".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(
            check_text(&longer, "raison sociale", MAX_NAME_CHARS)
                .unwrap_err()
                .to_string(),
            "Le champ « raison sociale » dépasse 200 caractères."
        );
    }
}
