//! The checks of a [`Reading`] after the checksum: the convention's terms and the lists, the
//! issued tables, and each company, action and request (through [`super::super::checks`]), one
//! record at a time.

use super::*;

impl Reading {
    /// The convention's terms must be the receiver's (the termination may differ: it is merged);
    /// the lists must be there (requests from version 2), within the limits.
    pub(super) fn check_terms_and_lists(&mut self, ledger: &Ledger) {
        let convention = ledger.convention();
        if self.content.is_none() {
            self.problems.push(Problem::file("contenu absent."));
            return;
        }
        match self
            .value("convention")
            .map(|v| crate::serde_fr::from_value::<ConventionTerms>(&v))
        {
            Some(Ok(terms)) => {
                // The termination and the amendments are merged as records; the rest must match.
                let mut same = terms.clone();
                same.termination = convention.terms().termination.clone();
                same.amendments = convention.terms().amendments.clone();
                if let Err(e) = Convention::new(terms.clone()) {
                    self.problems.push(Problem::at(
                        "Convention",
                        format!("avenants ou résiliation incohérents : {e}"),
                    ));
                }
                // The records are checked under the terms the file's amendments give (those the
                // merge will take: the same rules).
                if !terms.amendments.is_empty() {
                    let mut amended = ledger.clone();
                    for a in &terms.amendments {
                        let _ = amended.put_amendment(a.clone());
                    }
                    self.amended = Some(amended.convention().clone());
                }
                if &same != convention.terms() {
                    self.problems.push(Problem::at(
                        "Convention",
                        "les termes de la convention (parties, dates, enveloppe, prix ou communes) diffèrent de ceux enregistrés ici.",
                    ));
                }
                self.terms = Some(terms);
            }
            Some(Err(e)) => self.problems.push(Problem::at(
                "Convention",
                format!("termes de la convention invalides : {e}."),
            )),
            None => self.problems.push(Problem::at(
                "Convention",
                "termes de la convention absents.",
            )),
        }
        let Some(content) = &self.content else {
            return;
        };
        let list = |key: &str| content.list(key).map(|l| l.len());
        let (Some(companies), Some(actions)) = (list("companies"), list("actions")) else {
            self.problems.push(Problem::file(
                "listes « companies » et « actions » attendues.",
            ));
            return;
        };
        let requests = match (content.has("requests"), list("requests")) {
            (false, _) => 0,
            (true, Some(n)) => n,
            (true, None) => {
                self.problems
                    .push(Problem::file("la liste « requests » doit être une liste."));
                return;
            }
        };
        if companies > MAX_RECORDS || actions > MAX_RECORDS || requests > MAX_RECORDS {
            self.problems.push(Problem::file(format!(
                "trop d'enregistrements : au plus {MAX_RECORDS} entreprises, {MAX_RECORDS} actions et {MAX_RECORDS} demandes par convention."
            )));
            return;
        }
        self.lists_ok = true;
        self.check_issued_tables(ledger);
    }

    /// Types and checks the issued monthly tables (a few per convention): each of a month of the
    /// convention, holding together, once.
    pub(super) fn check_issued_tables(&mut self, ledger: &Ledger) {
        let Some(list) = self.value("issued_tables") else {
            return;
        };
        let Some(items) = list.as_array() else {
            return self.problems.push(Problem::file(
                "la liste « issued_tables » doit être une liste.",
            ));
        };
        let first = ledger.convention().terms().signed_on;
        let first = (first.year(), first.month());
        let mut seen = HashSet::new();
        for (i, raw) in items.iter().enumerate() {
            let place = format!("Tableau arrêté n° {}", i + 1);
            match crate::serde_fr::from_value::<IssuedTable>(raw) {
                Err(e) => self.problems.push(Problem::invalid_record(place, &e)),
                Ok(t) => {
                    let place = format!("Tableau arrêté de {}", t.label());
                    if !t.is_consistent() || (t.year, t.month) < first {
                        self.problems.push(Problem::at(
                            place,
                            "tableau incohérent ou hors de la convention.",
                        ));
                    } else if !seen.insert(t.key()) {
                        self.problems.push(Problem::at(place, "mois en double."));
                    } else {
                        self.issued.push(t);
                    }
                }
            }
        }
    }

    /// Types and checks the journal's entries (after the actions, which meetings name): each
    /// written and changed by a side that may (the type's own check), dated and worded as the
    /// convention allows, naming actions of the file or of this machine, once.
    pub(super) fn check_journal(&mut self, ledger: &Ledger) {
        let Some(list) = self.value("journal") else {
            return;
        };
        let Some(items) = list.as_array() else {
            return self
                .problems
                .push(Problem::file("la liste « journal » doit être une liste."));
        };
        if items.len() > MAX_RECORDS {
            return self.problems.push(Problem::file(format!(
                "trop d'entrées au journal : au plus {MAX_RECORDS}."
            )));
        }
        let mut seen = HashSet::new();
        for (i, raw) in items.iter().enumerate() {
            let place = format!("Entrée du journal n° {}", i + 1);
            let entry = match crate::serde_fr::from_value::<JournalEntry>(raw) {
                Err(e) => {
                    self.problems.push(Problem::invalid_record(place, &e));
                    continue;
                }
                Ok(e) => e,
            };
            let place = format!("Entrée du journal {}", entry.id());
            let unknown = match entry.body() {
                crate::domain::journal::EntryBody::Meeting(m) => m
                    .actions
                    .iter()
                    .find(|a| !self.action_ids.contains(*a) && !ledger.actions().contains_key(*a)),
                _ => None,
            };
            if let Err(e) = entry.check_against(self.convention(ledger)) {
                self.problems.push(Problem::at(place, e.to_string()));
            } else if let Some(a) = unknown {
                self.problems
                    .push(Problem::at(place, format!("action inconnue ({a}).")));
            } else if !seen.insert(entry.id().clone()) {
                self.problems
                    .push(Problem::at(place, "identifiant en double."));
            } else {
                self.journal.push(entry);
            }
        }
    }

    /// Types and checks the diffusion requests (art. 3.1): each history holding together (the
    /// type's own check: both agreements before an export), dated from the convention's
    /// signature, once.
    pub(super) fn check_diffusion_requests(&mut self, ledger: &Ledger) {
        let Some(list) = self.value("diffusion_requests") else {
            return;
        };
        let Some(items) = list.as_array() else {
            return self.problems.push(Problem::file(
                "la liste « diffusion_requests » doit être une liste.",
            ));
        };
        let signed = ledger.convention().terms().signed_on;
        let mut seen = HashSet::new();
        for (i, raw) in items.iter().take(MAX_RECORDS + 1).enumerate() {
            let place = format!("Demande de diffusion n° {}", i + 1);
            match crate::serde_fr::from_value::<DiffusionRequest>(raw) {
                Err(e) => self.problems.push(Problem::invalid_record(place, &e)),
                Ok(r) if r.record().history[0].on < signed || i == MAX_RECORDS => self
                    .problems
                    .push(Problem::at(place, "hors de la convention ou en trop.")),
                Ok(r) if !seen.insert(r.id().clone()) => self
                    .problems
                    .push(Problem::at(place, "identifiant en double.")),
                Ok(r) => self.diffusion.push(r),
            }
        }
    }

    /// Types and checks the offers and demands of the fiche 3 companies: each the chamber's (the
    /// type's own check), of a company of the file or of this machine, once.
    pub(super) fn check_collaborations(&mut self, ledger: &Ledger) {
        let Some(list) = self.value("collaborations") else {
            return;
        };
        let Some(items) = list.as_array() else {
            return self.problems.push(Problem::file(
                "la liste « collaborations » doit être une liste.",
            ));
        };
        let mut seen = HashSet::new();
        for (i, raw) in items.iter().take(MAX_RECORDS + 1).enumerate() {
            let place = format!("Offres et demandes n° {}", i + 1);
            // Lines of a version 6 file (bare stamps) read as unsigned recordings.
            let mut raw = raw.clone();
            crate::domain::collaboration::upgrade_lines(&mut raw);
            match crate::serde_fr::from_value::<Collaboration>(&raw) {
                Err(e) => self.problems.push(Problem::invalid_record(place, &e)),
                Ok(c) => {
                    let company = &c.record().company;
                    if i == MAX_RECORDS
                        || !(self.company_ids.contains_key(company)
                            || ledger.companies().contains_key(company))
                    {
                        self.problems.push(Problem::at(
                            place,
                            format!("entreprise inconnue ({company})."),
                        ));
                    } else if !seen.insert(company.clone()) {
                        self.problems
                            .push(Problem::at(place, "entreprise en double."));
                    } else {
                        self.collaborations.push(c);
                    }
                }
            }
        }
    }

    /// Types the cards of the keys the file carries: each a P-256 public key, once.
    pub(super) fn check_keys(&mut self) {
        let Some(list) = self.value("keys") else {
            return;
        };
        let Some(items) = list.as_array() else {
            return self
                .problems
                .push(Problem::file("la liste « keys » doit être une liste."));
        };
        let mut seen = HashSet::new();
        for (i, raw) in items.iter().take(MAX_RECORDS + 1).enumerate() {
            let place = format!("Clé n° {}", i + 1);
            match crate::serde_fr::from_value::<crate::domain::trust::KeyCard>(raw) {
                Err(e) => self.problems.push(Problem::invalid_record(place, &e)),
                Ok(_) if i == MAX_RECORDS => {
                    self.problems.push(Problem::at(place, "trop de clés."))
                }
                Ok(card) if !seen.insert(card.key.id()) => {
                    self.problems.push(Problem::at(place, "clé en double."))
                }
                Ok(card) => self.keys.push(card),
            }
        }
        let Some(list) = self.value("key_statements") else {
            return;
        };
        let Some(items) = list.as_array() else {
            return self.problems.push(Problem::file(
                "la liste « key_statements » doit être une liste.",
            ));
        };
        for (i, raw) in items.iter().take(MAX_RECORDS + 1).enumerate() {
            let place = format!("Déclaration de clé n° {}", i + 1);
            match crate::serde_fr::from_value::<crate::domain::trust::KeyStatement>(raw) {
                Err(e) => self.problems.push(Problem::invalid_record(place, &e)),
                Ok(_) if i == MAX_RECORDS => self
                    .problems
                    .push(Problem::at(place, "trop de déclarations.")),
                Ok(s) if s.seal.is_none() => self
                    .problems
                    .push(Problem::at(place, "déclaration non signée.")),
                Ok(s) => self.key_statements.push(s),
            }
        }
    }

    /// Types and checks the `i`-th company.
    pub(super) fn check_company_at(&mut self, i: usize, ledger: &Ledger) {
        let Some(raw) = self.list("companies").get(i) else {
            return;
        };
        match checks::company(raw, i, self.convention(ledger), &self.company_ids) {
            Ok(c) => {
                self.company_ids.insert(c.id.clone(), self.companies.len());
                self.companies.push(c);
            }
            Err(mut problems) => self.problems.append(&mut problems),
        }
    }

    /// Types and checks the `i`-th action.
    pub(super) fn check_action_at(&mut self, i: usize, ledger: &Ledger) {
        let Some(raw) = self.list("actions").get(i) else {
            return;
        };
        let company = |id: &CompanyId| {
            self.company_ids
                .get(id)
                .map(|&i| &self.companies[i])
                .or_else(|| ledger.companies().get(id))
        };
        match checks::action(raw, i, self.convention(ledger), company, &self.action_ids) {
            Ok(a) => {
                self.action_ids.insert(a.id().clone());
                self.actions.push(a);
            }
            Err(mut problems) => self.problems.append(&mut problems),
        }
    }

    /// Types and checks the `i`-th request.
    pub(super) fn check_request_at(&mut self, i: usize, ledger: &Ledger) {
        let Some(raw) = self.list("requests").get(i) else {
            return;
        };
        let known = |id: &CompanyId| {
            self.company_ids.contains_key(id) || ledger.companies().contains_key(id)
        };
        match checks::request(raw, i, self.convention(ledger), known, &self.request_ids) {
            Ok(r) => {
                self.request_ids.insert(r.id().clone());
                self.requests.push(r);
            }
            Err(mut problems) => self.problems.append(&mut problems),
        }
    }
}
