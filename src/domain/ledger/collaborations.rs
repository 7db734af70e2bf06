//! The offers and demands of collaboration of the fiche 3 companies (annex, fiche 3), through the
//! ledger: the chamber's, for a company of this convention with a fiche 3 action.

use std::collections::BTreeMap;

use super::Ledger;
use crate::domain::action::Stamp;
use crate::domain::collaboration::{Collaboration, has_fiche_3};
use crate::domain::company::CompanyId;
use crate::domain::error::DomainError;

impl Ledger {
    /// The offers and demands, by company.
    pub fn collaborations(&self) -> &BTreeMap<CompanyId, Collaboration> {
        &self.collaborations
    }

    /// Records what `company` offers and looks for (replacing what was recorded, kept in the
    /// history).
    pub fn set_collaboration(
        &mut self,
        company: &CompanyId,
        offers: &[String],
        seeks: &[String],
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        let name = self
            .companies
            .get(company)
            .ok_or_else(|| DomainError::UnknownCompany(company.0.clone()))?
            .name
            .clone();
        if !has_fiche_3(self, company) {
            return Err(DomainError::NotFiche3(name));
        }
        let c = Collaboration::checked(
            company.clone(),
            offers,
            seeks,
            self.collaborations.get(company),
            stamp,
            &self.convention,
        )?;
        self.collaborations.insert(company.clone(), c);
        Ok(())
    }

    /// Puts a record received from the other party (exchange merge, checked before).
    pub fn put_collaboration(&mut self, c: Collaboration) {
        self.collaborations.insert(c.record().company.clone(), c);
    }
}
