//! The JSON files the two parties send each other (format `relance-echange`, version 1), documented
//! in `docs/echange.md` and `docs/echange.schema.json`.
//!
//! A file carries a header (format, version, sending party and name, convention id, creation time),
//! a SHA-256 checksum of its content, and the content: the convention's terms, the companies and
//! the actions. [`read`] checks a file completely and lists every problem in French with where it
//! is; [`merge::plan`] then works out what importing it would change, without changing anything.
//! Confidential notes leave the machine only with the user's express consent (art. 3.1).

pub mod diffusion;
pub mod merge;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::domain::action::Action;
use crate::domain::audit::Actor;
use crate::domain::company::Company;
use crate::domain::convention::{ConventionId, ConventionTerms, Side};
use crate::domain::ledger::Ledger;

/// Name of the format.
pub const FORMAT: &str = "relance-echange";
/// Version written, and newest read.
pub const VERSION: u32 = 1;
/// Largest file accepted, in bytes (10,000 actions take about 10 MB).
pub const MAX_FILE_BYTES: usize = 30 * 1024 * 1024;
// A 10,000-record file (about 10 MB) must fit.
const _: () = assert!(MAX_FILE_BYTES >= 10 * 1024 * 1024);

/// Most companies, and most actions, a file may carry: what one convention may hold.
pub const MAX_RECORDS: usize = crate::domain::ledger::MAX_RECORDS_PER_CONVENTION;

/// A file as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExchangeFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// Who sent it, for which side.
    pub sender: Actor,
    /// The convention it is about.
    pub convention_id: ConventionId,
    /// When it was made (sender's local time).
    pub created_at: NaiveDateTime,
    /// `sha256:` and the hex digest of the content's canonical JSON.
    pub checksum: String,
    /// The records.
    pub content: Content,
}

/// The records of a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Content {
    /// The convention's terms, so the receiver can check they match its own.
    pub convention: ConventionTerms,
    /// Every company.
    pub companies: Vec<Company>,
    /// Every action.
    pub actions: Vec<Action>,
}

/// Name of the encrypted envelope format.
pub const SEALED_FORMAT: &str = "relance-echange-chiffre";
/// PBKDF2-SHA256 iterations for the passphrase (OWASP 2023 recommendation: at least 600,000).
pub const PBKDF2_ITERATIONS: u32 = 600_000;

/// An exchange file encrypted with a passphrase: AES-256-GCM over the plain file's bytes, key from
/// PBKDF2-SHA256 (the browser's WebCrypto does both). Binary fields are base64.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    /// Always [`SEALED_FORMAT`].
    pub format: String,
    /// Always 1.
    pub version: u32,
    /// Always `PBKDF2-SHA256`.
    pub kdf: String,
    /// At least [`PBKDF2_ITERATIONS`].
    pub iterations: u32,
    /// Random salt, 16 bytes.
    pub salt: String,
    /// Random nonce, 12 bytes.
    pub iv: String,
    /// The encrypted file with its authentication tag.
    pub ciphertext: String,
}

impl Sealed {
    /// Reads an encrypted envelope, if `bytes` is one; refuses weak or unknown parameters.
    pub fn from_bytes(bytes: &[u8]) -> Option<Result<Sealed, Problem>> {
        /// Just the format, so that a plain file is not parsed twice into values.
        #[derive(Deserialize)]
        struct Head<'a> {
            #[serde(borrow)]
            format: Option<std::borrow::Cow<'a, str>>,
        }
        let head: Head = serde_json::from_slice(bytes).ok()?;
        if head.format.as_deref() != Some(SEALED_FORMAT) {
            return None;
        }
        let value: Value = serde_json::from_slice(bytes).ok()?;
        Some(match Sealed::deserialize(&value) {
            Ok(s)
                if s.version == 1
                    && s.kdf == "PBKDF2-SHA256"
                    && s.iterations >= PBKDF2_ITERATIONS =>
            {
                Ok(s)
            }
            Ok(_) => Err(Problem::file(
                "paramètres de chiffrement inconnus ou trop faibles.",
            )),
            Err(e) => Err(Problem::file(format!("fichier chiffré illisible ({e})."))),
        })
    }
}

/// One problem found in a file: where, and what, in French.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The record and field ("Action a-12 (Boulangerie Martin), devis.montant"), or "Fichier".
    pub place: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem of the file as a whole.
    pub fn file(message: impl Into<String>) -> Problem {
        Problem {
            place: "Fichier".to_string(),
            message: message.into(),
        }
    }

    /// A record that cannot be typed, with serde's reason.
    fn invalid_record(place: String, error: &serde_json::Error) -> Problem {
        Problem {
            place,
            message: format!(
                "enregistrement invalide : {}.",
                error.to_string().trim_end_matches('.')
            ),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} : {}", self.place, self.message)
    }
}

/// The SHA-256 of `content`'s canonical JSON (object keys sorted, no spaces).
pub fn checksum(content: &Value) -> String {
    let mut hasher = Sha256::new();
    let _ = serde_json::to_writer(HashWriter(&mut hasher), content);
    hex_digest(hasher)
}

/// The file for `ledger` sent by `sender`. Confidential notes are left out unless
/// `with_confidential` (the user's express consent for this export, art. 3.1).
pub fn write(ledger: &Ledger, sender: Actor, at: NaiveDateTime, with_confidential: bool) -> String {
    let actions = ledger
        .actions()
        .values()
        .map(|a| {
            if with_confidential {
                a.clone()
            } else {
                a.without_confidential_note()
            }
        })
        .collect();
    let content = Content {
        convention: ledger.convention().terms().clone(),
        companies: ledger.companies().values().cloned().collect(),
        actions,
    };
    // Through text rather than `to_value`: the same canonical value (keys sorted), without a
    // second set of serialisers in the wasm.
    let value: Value = serde_json::to_string(&content)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null);
    let file = serde_json::json!({
        "format": FORMAT,
        "version": VERSION,
        "sender": sender,
        "convention_id": ledger.convention().id(),
        "created_at": at,
        "checksum": checksum(&value),
        "content": value,
    });
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// `relance_ccst-cma-2020_CMA-BFC-vers-CCST_2021-03-31.json`: convention, sender, receiver, date.
pub fn file_name(ledger: &Ledger, from: Side, on: chrono::NaiveDate) -> String {
    let c = ledger.convention();
    let clean = |s: &str| -> String {
        s.chars()
            .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' })
            .collect()
    };
    let to = match from {
        Side::Chamber => Side::Payer,
        Side::Payer => Side::Chamber,
    };
    format!(
        "relance_{}_{}-vers-{}_{}.json",
        clean(&c.id().0),
        clean(&c.party(from).short_name),
        clean(&c.party(to).short_name),
        crate::domain::date::iso(on)
    )
}

/// A file that passed every check, with its records typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// The header and records.
    pub file: ExchangeFile,
}

/// Reads and checks a file against the ledger of its convention (`find` gives it by id). Returns
/// the file, or every problem found — nothing is changed either way. In one go: a page that wants
/// to show progress uses [`Reading`] instead.
pub fn read<'a>(
    bytes: &[u8],
    find: impl Fn(&ConventionId) -> Option<&'a Ledger>,
) -> Result<(Checked, &'a Ledger), Vec<Problem>> {
    let mut reading = Reading::start(bytes)?;
    let ledger = reading.convention_id().and_then(find);
    loop {
        if let Step::Done(result) = reading.step(ledger, usize::MAX) {
            return (*result).and_then(|checked| ledger.map(|l| (checked, l)).ok_or_else(Vec::new));
        }
    }
}

/// How far a [`Reading`] has got, in records hashed and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Work done.
    pub done: usize,
    /// All the work (each record is hashed, then checked).
    pub total: usize,
}

impl Progress {
    /// Whole percent done, 0 to 100.
    pub fn percent(self) -> u8 {
        if self.total == 0 {
            return 100;
        }
        u8::try_from(self.done.min(self.total) * 100 / self.total).unwrap_or(100)
    }
}

/// What a [`Reading::step`] ended with.
#[derive(Debug)]
pub enum Step {
    /// More to do.
    Going(Progress),
    /// Finished: the checked file, or every problem found.
    Done(Box<Result<Checked, Vec<Problem>>>),
}

/// Where a [`Reading`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Hashing the content: the entry of the content object and the element of its array.
    Hashing { entry: usize, element: usize },
    /// Checking the convention's terms and the shape of the lists.
    Terms,
    /// Checking the n-th company.
    Companies(usize),
    /// Checking the n-th action.
    Actions(usize),
}

/// A file being read and checked in steps of a few records, so that a page can show progress and
/// stay responsive between them. [`Reading::start`] parses the file and its header;
/// [`Reading::step`] hashes then checks the records; nothing is changed either way.
pub struct Reading {
    header: serde_json::Map<String, Value>,
    content: Value,
    hasher: Sha256,
    stage: Stage,
    /// Problems of the header (sender, date), reported after the checksum's.
    header_problems: Vec<Problem>,
    /// Problems of the records.
    problems: Vec<Problem>,
    /// Whether the hash was compared with the file's checksum.
    checksum_checked: bool,
    sender: Option<Actor>,
    created_at: Option<NaiveDateTime>,
    convention_id: Option<ConventionId>,
    terms: Option<ConventionTerms>,
    companies: Vec<Company>,
    company_ids: std::collections::HashMap<crate::domain::company::CompanyId, usize>,
    actions: Vec<Action>,
    action_ids: std::collections::HashSet<crate::domain::action::ActionId>,
    /// Whether the lists are there and within the limits.
    lists_ok: bool,
    done: usize,
}

impl Reading {
    /// Parses `bytes` and checks what can be checked without the ledger: size, text, JSON, format
    /// and version are fatal; the sender and date are reported with the rest.
    pub fn start(bytes: &[u8]) -> Result<Reading, Vec<Problem>> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(vec![Problem::file(format!(
                "fichier trop volumineux ({} octets ; limite {} octets).",
                bytes.len(),
                MAX_FILE_BYTES
            ))]);
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| vec![Problem::file("le fichier n'est pas du texte UTF-8.")])?;
        let root: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| vec![Problem::file(format!("JSON illisible ({e})."))])?;
        let Value::Object(mut header) = root else {
            return Err(vec![Problem::file(
                "le fichier doit contenir un objet JSON.",
            )]);
        };
        match header.get("format").and_then(Value::as_str) {
            Some(FORMAT) => {}
            Some(SEALED_FORMAT) => {
                return Err(vec![Problem::file(
                    "fichier chiffré : indiquez la phrase de passe pour l'ouvrir.",
                )]);
            }
            other => {
                return Err(vec![Problem::file(format!(
                    "ce n'est pas un fichier d'échange Relance (format « {} »).",
                    other.unwrap_or("absent")
                ))]);
            }
        }
        match header.get("version").and_then(Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) if v > u64::from(VERSION) => {
                return Err(vec![Problem::file(format!(
                    "fichier écrit par une version plus récente de Relance (format {v}) ; cette version lit le format {VERSION}. Mettez Relance à jour."
                ))]);
            }
            _ => {
                return Err(vec![Problem::file(
                    "version du format absente ou invalide.",
                )]);
            }
        }
        let content = header.remove("content").unwrap_or(Value::Null);
        let mut header_problems = Vec::new();
        let sender = match header.get("sender").map(Actor::deserialize) {
            Some(Ok(a)) if !a.name.trim().is_empty() => Some(a),
            _ => {
                header_problems.push(Problem::file(
                    "expéditeur absent ou invalide (partie et nom).",
                ));
                None
            }
        };
        let created_at = header
            .get("created_at")
            .and_then(|v| NaiveDateTime::deserialize(v).ok());
        if created_at.is_none() {
            header_problems.push(Problem::file("date de création absente ou invalide."));
        }
        let convention_id = header
            .get("convention_id")
            .and_then(Value::as_str)
            .map(|s| ConventionId(s.to_string()));
        let mut hasher = Sha256::new();
        let stage = match &content {
            Value::Object(_) => {
                hasher.update(b"{");
                Stage::Hashing {
                    entry: 0,
                    element: 0,
                }
            }
            other => {
                hasher.update(serde_json::to_string(other).unwrap_or_default().as_bytes());
                Stage::Terms
            }
        };
        Ok(Reading {
            header,
            content,
            hasher,
            stage,
            header_problems,
            problems: Vec::new(),
            checksum_checked: false,
            sender,
            created_at,
            convention_id,
            terms: None,
            companies: Vec::new(),
            company_ids: Default::default(),
            actions: Vec::new(),
            action_ids: Default::default(),
            lists_ok: false,
            done: 0,
        })
    }

    /// The convention the file is about, if it says.
    pub fn convention_id(&self) -> Option<&ConventionId> {
        self.convention_id.as_ref()
    }

    /// Hashes or checks up to `budget` more records against `ledger`, the receiver's ledger of
    /// [`Self::convention_id`] (`None` if this machine has no such convention).
    pub fn step(&mut self, ledger: Option<&Ledger>, budget: usize) -> Step {
        let mut left = budget.max(1);
        while left > 0 {
            match self.stage {
                Stage::Hashing { .. } => left -= self.hash(left),
                Stage::Terms => {
                    self.finish_checksum();
                    let Some(ledger) = self.ledger(ledger) else {
                        return Step::Done(Box::new(Err(self.all_problems())));
                    };
                    self.check_terms_and_lists(ledger);
                    self.stage = Stage::Companies(0);
                }
                Stage::Companies(i) => {
                    let Some(ledger) = self.ledger(ledger) else {
                        return Step::Done(Box::new(Err(self.all_problems())));
                    };
                    match self
                        .lists_ok
                        .then(|| self.list("companies").get(i))
                        .flatten()
                    {
                        Some(_) => {
                            self.check_company_at(i, ledger);
                            self.stage = Stage::Companies(i + 1);
                            self.done += 1;
                            left -= 1;
                        }
                        _ => self.stage = Stage::Actions(0),
                    }
                }
                Stage::Actions(i) => {
                    let Some(ledger) = self.ledger(ledger) else {
                        return Step::Done(Box::new(Err(self.all_problems())));
                    };
                    match self.lists_ok.then(|| self.list("actions").get(i)).flatten() {
                        Some(_) => {
                            self.check_action_at(i, ledger);
                            self.stage = Stage::Actions(i + 1);
                            self.done += 1;
                            left -= 1;
                        }
                        None => return Step::Done(Box::new(self.finish())),
                    }
                }
            }
        }
        Step::Going(self.progress())
    }

    /// Work done and to do.
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done,
            total: 2 * (self.list("companies").len() + self.list("actions").len()),
        }
    }

    /// An array of the content, or an empty slice.
    fn list(&self, key: &str) -> &[Value] {
        self.content
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The ledger, or the problem of its absence.
    fn ledger<'l>(&mut self, ledger: Option<&'l Ledger>) -> Option<&'l Ledger> {
        if ledger.is_none() {
            self.finish_checksum();
            match &self.convention_id {
                None => self
                    .header_problems
                    .push(Problem::file("identifiant de convention absent.")),
                Some(id) => self.header_problems.push(Problem::file(format!(
                    "convention inconnue ici ({id}) : créez-la ou choisissez le bon fichier."
                ))),
            }
        }
        ledger
    }

    /// Feeds up to `budget` records (companies and actions) of the content's canonical JSON (keys
    /// sorted, no spaces: `serde_json`'s compact form of its ordered map) to the hasher, and
    /// whatever else the content holds on the way; returns how many records. One pass over the
    /// keys per call, so a content with very many keys costs no more than its size.
    fn hash(&mut self, budget: usize) -> usize {
        let Stage::Hashing {
            mut entry,
            mut element,
        } = self.stage
        else {
            return 0;
        };
        let Some(obj) = self.content.as_object() else {
            self.stage = Stage::Terms;
            return 0;
        };
        let mut sink = HashWriter(&mut self.hasher);
        let mut used = 0;
        for (key, value) in obj.iter().skip(entry) {
            if element == 0 {
                if entry > 0 {
                    sink.0.update(b",");
                }
                let _ = serde_json::to_writer(&mut sink, key);
                sink.0.update(b":");
            }
            let Some(items) = value.as_array() else {
                let _ = serde_json::to_writer(&mut sink, value);
                entry += 1;
                continue;
            };
            if element == 0 {
                sink.0.update(b"[");
            }
            let counted = matches!(key.as_str(), "companies" | "actions");
            let end = if counted {
                items.len().min(element + (budget - used))
            } else {
                items.len()
            };
            for (i, item) in items.iter().enumerate().take(end).skip(element) {
                if i > 0 {
                    sink.0.update(b",");
                }
                let _ = serde_json::to_writer(&mut sink, item);
            }
            if counted {
                self.done += end - element;
                used += end - element;
            }
            if end < items.len() {
                self.stage = Stage::Hashing {
                    entry,
                    element: end,
                };
                return used;
            }
            sink.0.update(b"]");
            entry += 1;
            element = 0;
            // A new list is only started with budget left, so that it is never opened twice.
            if used == budget {
                self.stage = Stage::Hashing { entry, element };
                return used;
            }
        }
        sink.0.update(b"}");
        self.stage = Stage::Terms;
        used
    }

    /// Compares the hash with the file's checksum, once.
    fn finish_checksum(&mut self) {
        while matches!(self.stage, Stage::Hashing { .. }) {
            self.hash(usize::MAX);
        }
        if self.checksum_checked {
            return;
        }
        self.checksum_checked = true;
        let sum = hex_digest(std::mem::take(&mut self.hasher));
        let problem = match self.header.get("checksum").and_then(Value::as_str) {
            None => "somme de contrôle absente.",
            Some(given) if given != sum => {
                "somme de contrôle incorrecte : le fichier a été modifié ou abîmé après son export."
            }
            Some(_) => return,
        };
        self.header_problems.insert(0, Problem::file(problem));
    }

    /// The convention's terms must be the receiver's (the termination may differ: it is merged);
    /// both lists must be there, within the limits.
    fn check_terms_and_lists(&mut self, ledger: &Ledger) {
        let convention = ledger.convention();
        let Some(obj) = self.content.as_object() else {
            self.problems.push(Problem::file("contenu absent."));
            return;
        };
        match obj.get("convention").map(ConventionTerms::deserialize) {
            Some(Ok(terms)) => {
                let mut same = terms.clone();
                same.termination = convention.terms().termination.clone();
                if &same != convention.terms() {
                    self.problems.push(Problem {
                        place: "Convention".into(),
                        message: "les termes de la convention (parties, dates, enveloppe, prix ou communes) diffèrent de ceux enregistrés ici.".into(),
                    });
                }
                self.terms = Some(terms);
            }
            _ => self.problems.push(Problem {
                place: "Convention".into(),
                message: "termes de la convention absents ou invalides.".into(),
            }),
        }
        let list = |key: &str| obj.get(key).and_then(Value::as_array).map(Vec::len);
        let (Some(companies), Some(actions)) = (list("companies"), list("actions")) else {
            self.problems.push(Problem::file(
                "listes « companies » et « actions » attendues.",
            ));
            return;
        };
        if companies > MAX_RECORDS || actions > MAX_RECORDS {
            self.problems.push(Problem::file(format!(
                "trop d'enregistrements : au plus {MAX_RECORDS} entreprises et {MAX_RECORDS} actions par convention."
            )));
            return;
        }
        self.lists_ok = true;
    }

    /// Types and checks the `i`-th company.
    fn check_company_at(&mut self, i: usize, ledger: &Ledger) {
        let Some(raw) = self.list("companies").get(i) else {
            return;
        };
        let id = raw.get("id").and_then(Value::as_str).unwrap_or("?");
        let place = format!("Entreprise n° {} ({id})", i + 1);
        let typed = Company::deserialize(raw);
        let problems = &mut self.problems;
        match typed {
            Err(e) => problems.push(Problem::invalid_record(place, &e)),
            Ok(c) => {
                if let Err(errors) =
                    Company::from_form(c.id.clone(), &c.to_form(), ledger.convention())
                {
                    for (_, e) in errors {
                        problems.push(Problem {
                            place: place.clone(),
                            message: e.to_string(),
                        });
                    }
                } else if c
                    .history
                    .iter()
                    .any(|e| e.stamp.actor.side != Side::Chamber)
                {
                    problems.push(Problem {
                        place,
                        message: "modification refusée : les entreprises sont tenues par la chambre consulaire.".into(),
                    });
                } else if self.company_ids.contains_key(&c.id) {
                    problems.push(Problem {
                        place,
                        message: "identifiant en double.".into(),
                    });
                } else {
                    self.company_ids.insert(c.id.clone(), self.companies.len());
                    self.companies.push(c);
                }
            }
        }
    }

    /// Types and checks the `i`-th action.
    fn check_action_at(&mut self, i: usize, ledger: &Ledger) {
        let Some(raw) = self.list("actions").get(i) else {
            return;
        };
        let id = raw
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        match Action::deserialize(raw) {
            Err(e) => self.problems.push(Problem::invalid_record(
                format!("Action n° {} ({id})", i + 1),
                &e,
            )),
            Ok(a) => {
                let company = self
                    .company_ids
                    .get(a.company())
                    .map(|&i| &self.companies[i])
                    .or_else(|| ledger.companies().get(a.company()));
                let place = action_place(&id, company.map(|c| c.name.as_str()));
                let before = self.problems.len();
                if company.is_none() {
                    self.problems.push(Problem {
                        place: place.clone(),
                        message: format!("entreprise inconnue ({}).", a.company()),
                    });
                }
                check_action(&a, ledger.convention(), &place, &mut self.problems);
                if !self.action_ids.insert(a.id().clone()) {
                    self.problems.push(Problem {
                        place: place.clone(),
                        message: "identifiant en double.".into(),
                    });
                }
                if self.problems.len() == before {
                    self.actions.push(a);
                }
            }
        }
    }

    /// Every problem, in the order a reader expects: the file's, then the records'.
    fn all_problems(&mut self) -> Vec<Problem> {
        let mut all = std::mem::take(&mut self.header_problems);
        all.append(&mut self.problems);
        all
    }

    /// The checked file, or every problem.
    fn finish(&mut self) -> Result<Checked, Vec<Problem>> {
        let problems = self.all_problems();
        match (
            self.terms.take(),
            self.sender.take(),
            self.convention_id.take(),
        ) {
            (Some(convention), Some(sender), Some(convention_id)) if problems.is_empty() => {
                Ok(Checked {
                    file: ExchangeFile {
                        format: FORMAT.to_string(),
                        version: VERSION,
                        sender,
                        convention_id,
                        created_at: self.created_at.unwrap_or_default(),
                        checksum: self
                            .header
                            .get("checksum")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string(),
                        content: Content {
                            convention,
                            companies: std::mem::take(&mut self.companies),
                            actions: std::mem::take(&mut self.actions),
                        },
                    },
                })
            }
            _ => Err(problems),
        }
    }
}

/// Feeds what `serde_json` writes to a hasher.
struct HashWriter<'h>(&'h mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `sha256:` and the hex digest.
fn hex_digest(hasher: Sha256) -> String {
    use std::fmt::Write;
    let mut out = String::from("sha256:");
    for b in hasher.finalize() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// "Action a-12 (Boulangerie Martin)".
fn action_place(id: &str, company: Option<&str>) -> String {
    match company {
        Some(name) => format!("Action {id} ({name})"),
        None => format!("Action {id}"),
    }
}

/// Rules an incoming action must meet beyond its lifecycle: the convention's price (art. 1), dates
/// in the period (art. 3.2, 3.3) for what must happen in it, and each step taken by the side that
/// owns it (art. 2.1–2.3).
fn check_action(
    a: &Action,
    convention: &crate::domain::convention::Convention,
    place: &str,
    problems: &mut Vec<Problem>,
) {
    let r = a.record();
    let mut push = |message: String| {
        problems.push(Problem {
            place: place.to_string(),
            message,
        })
    };
    if let Some(d) = &r.devis {
        let price = convention.prices().price(r.fiche);
        if d.amount != price {
            push(format!(
                "devis.montant : {} ne correspond pas au prix de la {} dans la convention ({price}).",
                d.amount, r.fiche
            ));
        }
    }
    let in_period = [
        Some(("besoin identifié", r.identified_on)),
        r.devis.as_ref().map(|d| ("devis", d.sent_on)),
        r.engaged_on.map(|d| ("engagement", d)),
        r.done_on.map(|d| ("service fait", d)),
    ];
    for (what, date) in in_period.into_iter().flatten() {
        if let Err(e) = convention.check_in_period(date) {
            push(format!("{what} : {e}"));
        }
    }
    for e in &r.history {
        if let Some(owner) = e.kind.owner()
            && owner != e.stamp.actor.side
        {
            push(format!(
                "modification refusée : « {} » revient à {}, pas à {}.",
                e.kind.label(),
                convention.party(owner).short_name,
                convention.party(e.stamp.actor.side).short_name
            ));
        }
    }
    use crate::domain::action::{ClosureKind, EventKind};
    // Every recorded step has its event, so that its owner can be checked.
    let steps = [
        (r.devis.is_some(), EventKind::DevisSent),
        (r.engaged_on.is_some(), EventKind::Engaged),
        (r.done_on.is_some(), EventKind::ServiceDone),
        (r.invoice.is_some(), EventKind::Invoiced),
        (r.paid_on.is_some(), EventKind::Paid),
        (
            r.closure
                .as_ref()
                .is_some_and(|c| c.kind == ClosureKind::Refused),
            EventKind::Refused,
        ),
        (
            r.closure
                .as_ref()
                .is_some_and(|c| c.kind == ClosureKind::Cancelled),
            EventKind::Cancelled,
        ),
    ];
    for (present, kind) in steps {
        if present && !r.history.iter().any(|e| e.kind == kind) {
            push(format!(
                "étape « {} » sans trace dans l'historique.",
                kind.label()
            ));
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
