//! Reading a received file in steps: [`Reading::start`] parses it and its header (size, text,
//! JSON, format and version are fatal), [`Reading::step`] hashes the content for the checksum, then
//! checks the convention's terms and each record (through [`super::checks`]), a few at a time, so
//! that a page can show progress and stay responsive between them. Every problem is collected, in
//! French, with its place; nothing is changed either way.

mod raw;
mod records;

use raw::{Items, RawContent, Written};

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDateTime;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::{
    Checked, Content, ExchangeFile, FORMAT, HashWriter, MAX_FILE_BYTES, MAX_RECORDS,
    OLDEST_VERSION, Problem, SEALED_FORMAT, VERSION, checks, hex_digest,
};
use crate::domain::action::{Action, ActionId};
use crate::domain::audit::Actor;
use crate::domain::collaboration::Collaboration;
use crate::domain::company::{Company, CompanyId};
use crate::domain::convention::{Convention, ConventionId, ConventionTerms};
use crate::domain::diffusion_request::DiffusionRequest;
use crate::domain::issued::IssuedTable;
use crate::domain::journal::JournalEntry;
use crate::domain::ledger::Ledger;
use crate::domain::request::{Request, RequestId};
use chrono::Datelike;

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
pub enum ReadingStep {
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
    /// Checking the n-th request.
    Requests(usize),
    /// Every record checked, the checksum's digest awaited from the caller
    /// ([`Reading::hash_elsewhere`]).
    Digest,
}

/// Who computes the checksum's digest.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Hashing {
    /// The reading, as it goes ([`Stage::Hashing`]).
    Here,
    /// The caller, who has the content's text ([`Reading::hash_elsewhere`]).
    Awaited,
    /// The caller's, handed over; `None` when it could not compute it.
    Given(Option<String>),
}

/// A file being read and checked in steps of a few records, so that a page can show progress and
/// stay responsive between them. [`Reading::start`] parses the file and its header;
/// [`Reading::step`] hashes then checks the records; nothing is changed either way.
pub struct Reading {
    header: serde_json::Map<String, Value>,
    /// The content's entries as written; `None` when the content is not an object.
    content: Option<RawContent>,
    digest: Hashing,
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
    batch_seals: Vec<crate::domain::batch_seal::BatchSeal>,
    convention_id: Option<ConventionId>,
    terms: Option<ConventionTerms>,
    companies: Vec<Company>,
    company_ids: HashMap<CompanyId, usize>,
    actions: Vec<Action>,
    action_ids: HashSet<ActionId>,
    requests: Vec<Request>,
    request_ids: HashSet<RequestId>,
    issued: Vec<IssuedTable>,
    journal: Vec<JournalEntry>,
    diffusion: Vec<DiffusionRequest>,
    collaborations: Vec<Collaboration>,
    keys: Vec<crate::domain::trust::KeyCard>,
    key_statements: Vec<crate::domain::trust::KeyStatement>,
    /// The receiver's convention with the file's amendments, under which the records are checked.
    amended: Option<Convention>,
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
        // The header's entries typed, the content kept as text (see `raw`): borrowed while the
        // file is parsed, then copied once.
        let root: BTreeMap<String, &RawValue> =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
                vec![Problem::file(match e.classify() {
                    serde_json::error::Category::Data => {
                        "le fichier doit contenir un objet JSON.".to_string()
                    }
                    _ => format!("JSON illisible ({}).", crate::serde_fr::syntax(&e)),
                })]
            })?;
        let mut content_text = None;
        let mut header = serde_json::Map::new();
        for (key, raw) in root {
            if key == "content" {
                content_text = Some(raw.get());
            } else {
                header.insert(key, serde_json::from_str(raw.get()).unwrap_or(Value::Null));
            }
        }
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
            Some(v) if (u64::from(OLDEST_VERSION)..=u64::from(VERSION)).contains(&v) => {}
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
            .and_then(Value::as_str)
            .and_then(crate::domain::date::iso_moment);
        if created_at.is_none() {
            header_problems.push(Problem::file("date de création absente ou invalide."));
        }
        let batch_seals = match header.get("batch_seals") {
            None => Vec::new(),
            Some(v) => crate::serde_fr::from_value(v).unwrap_or_else(|e| {
                header_problems.push(Problem::file(format!("sceaux de lot illisibles : {e}.")));
                Vec::new()
            }),
        };
        let convention_id = header
            .get("convention_id")
            .and_then(Value::as_str)
            .map(|s| ConventionId(s.to_string()));
        let mut hasher = Sha256::new();
        let content = content_text.and_then(|t| RawContent::parse(t.to_string()));
        let stage = match &content {
            Some(_) => {
                hasher.update(b"{");
                Stage::Hashing {
                    entry: 0,
                    element: 0,
                }
            }
            None => {
                let value: Value =
                    serde_json::from_str(content_text.unwrap_or("null")).unwrap_or(Value::Null);
                hasher.update(serde_json::to_string(&value).unwrap_or_default().as_bytes());
                Stage::Terms
            }
        };
        Ok(Reading {
            header,
            content,
            digest: Hashing::Here,
            hasher,
            stage,
            header_problems,
            problems: Vec::new(),
            checksum_checked: false,
            sender,
            created_at,
            batch_seals,
            convention_id,
            terms: None,
            companies: Vec::new(),
            company_ids: Default::default(),
            actions: Vec::new(),
            action_ids: Default::default(),
            requests: Vec::new(),
            request_ids: Default::default(),
            issued: Vec::new(),
            journal: Vec::new(),
            diffusion: Vec::new(),
            collaborations: Vec::new(),
            keys: Vec::new(),
            key_statements: Vec::new(),
            amended: None,
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
    pub fn step(&mut self, ledger: Option<&Ledger>, budget: usize) -> ReadingStep {
        let mut left = budget.max(1);
        while left > 0 {
            match self.stage {
                Stage::Hashing { .. } => left -= self.hash(left),
                Stage::Terms => {
                    if self.digest != Hashing::Awaited {
                        self.finish_checksum();
                    }
                    let Some(ledger) = self.ledger(ledger) else {
                        return ReadingStep::Done(Box::new(Err(self.all_problems())));
                    };
                    self.check_terms_and_lists(ledger);
                    self.stage = Stage::Companies(0);
                }
                Stage::Companies(i) => {
                    let Some(ledger) = self.ledger(ledger) else {
                        return ReadingStep::Done(Box::new(Err(self.all_problems())));
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
                        return ReadingStep::Done(Box::new(Err(self.all_problems())));
                    };
                    match self.lists_ok.then(|| self.list("actions").get(i)).flatten() {
                        Some(_) => {
                            self.check_action_at(i, ledger);
                            self.stage = Stage::Actions(i + 1);
                            self.done += 1;
                            left -= 1;
                        }
                        None => self.stage = Stage::Requests(0),
                    }
                }
                Stage::Requests(i) => {
                    let Some(ledger) = self.ledger(ledger) else {
                        return ReadingStep::Done(Box::new(Err(self.all_problems())));
                    };
                    match self
                        .lists_ok
                        .then(|| self.list("requests").get(i))
                        .flatten()
                    {
                        Some(_) => {
                            self.check_request_at(i, ledger);
                            self.stage = Stage::Requests(i + 1);
                            left -= 1;
                        }
                        None => {
                            self.check_journal(ledger);
                            self.check_diffusion_requests(ledger);
                            self.check_collaborations(ledger);
                            self.check_keys();
                            self.stage = Stage::Digest;
                        }
                    }
                }
                Stage::Digest => {
                    if self.digest == Hashing::Awaited {
                        return ReadingStep::Going(self.progress());
                    }
                    self.finish_checksum();
                    return ReadingStep::Done(Box::new(self.finish()));
                }
            }
        }
        ReadingStep::Going(self.progress())
    }

    /// Hands the hashing of the content to the caller, when its text can be hashed as it is
    /// (written without spaces, as this version writes it) and no hashing has begun: returns that
    /// text, to hash with SHA-256 and hand back through [`Reading::digest_given`] — the browser
    /// hashes it on another thread while the records are checked here (BENCHMARKS.md, seventeenth
    /// round). The reading ends only once it is handed back.
    pub fn hash_elsewhere(&mut self) -> Option<&[u8]> {
        let start = Stage::Hashing {
            entry: 0,
            element: 0,
        };
        if self.stage != start || self.digest != Hashing::Here {
            return None;
        }
        if !self.content.as_ref().is_some_and(RawContent::compact) {
            return None;
        }
        self.digest = Hashing::Awaited;
        self.stage = Stage::Terms;
        self.done += self.list("companies").len() + self.list("actions").len();
        self.content.as_ref().map(|c| c.text().as_bytes())
    }

    /// The SHA-256 of the text [`Reading::hash_elsewhere`] gave, as `sha256:` and hexadecimal
    /// digits; `None` when the caller could not compute it (the reading then hashes it itself).
    pub fn digest_given(&mut self, digest: Option<String>) {
        if self.digest == Hashing::Awaited {
            self.digest = Hashing::Given(digest);
        }
    }

    /// Whether every record is checked and the caller's digest is awaited.
    pub fn awaits_digest(&self) -> bool {
        self.stage == Stage::Digest && self.digest == Hashing::Awaited
    }

    /// Work done and to do.
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done,
            total: 2 * (self.list("companies").len() + self.list("actions").len()),
        }
    }

    /// One of the content's long lists, or no elements.
    fn list(&self, key: &str) -> Items<'_> {
        self.content
            .as_ref()
            .and_then(|c| c.list(key))
            .unwrap_or(Items::EMPTY)
    }

    /// An entry of the content, typed as a JSON value.
    fn value(&self, key: &str) -> Option<Value> {
        self.content.as_ref()?.value(key)
    }

    /// The convention the records are checked under: the receiver's, amended by the file.
    fn convention<'a>(&'a self, ledger: &'a Ledger) -> &'a Convention {
        self.amended.as_ref().unwrap_or(ledger.convention())
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
                    "convention inconnue ici ({id}) : ajoutez-la depuis l'aperçu de ses termes, puis importez le fichier."
                ))),
            }
        }
        ledger
    }

    /// The convention the file is about, checked, for a receiver that does not have it: its terms
    /// (without a termination or amendments, which are merged as any record) to show and to add. A convention
    /// added from a file keeps the file's id, so that both parties name it alike.
    pub fn convention_offered(&self) -> Result<Convention, Problem> {
        let terms = self
            .value("convention")
            .ok_or_else(|| Problem::at("Convention", "termes de la convention absents."))?;
        let mut terms: ConventionTerms = crate::serde_fr::from_value(&terms)
            .map_err(|e| Problem::at("Convention", format!("termes illisibles : {e}.")))?;
        if Some(&terms.id) != self.convention_id.as_ref() {
            return Err(Problem::at(
                "Convention",
                "l'identifiant des termes diffère de celui de l'en-tête.",
            ));
        }
        terms.termination = None;
        terms.amendments = Vec::new();
        Convention::new(terms).map_err(|e| Problem::at("Convention", e.to_string()))
    }

    /// Feeds up to `budget` records (companies and actions) of the content to the hasher, as
    /// written with its layout left out (see [`raw::compact`]), and whatever else the content
    /// holds on the way; returns how many records. One pass over the keys per call, so a content
    /// with very many keys costs no more than its size.
    fn hash(&mut self, budget: usize) -> usize {
        let Stage::Hashing {
            mut entry,
            mut element,
        } = self.stage
        else {
            return 0;
        };
        let Some(content) = &self.content else {
            self.stage = Stage::Terms;
            return 0;
        };
        let hasher = &mut self.hasher;
        let mut used = 0;
        for (key, value) in content.entries().skip(entry) {
            if element == 0 {
                if entry > 0 {
                    hasher.update(b",");
                }
                let _ = serde_json::to_writer(HashWriter(&mut *hasher), key);
                hasher.update(b":");
            }
            let items = match value {
                Written::Other(json) => {
                    content.feed(json, |b| hasher.update(b));
                    entry += 1;
                    continue;
                }
                Written::List(items) => items,
            };
            if element == 0 {
                hasher.update(b"[");
            }
            let counted = matches!(key.as_str(), "companies" | "actions");
            let end = if counted {
                items.len().min(element + (budget - used))
            } else {
                items.len()
            };
            for (i, item) in items.iter().enumerate().take(end).skip(element) {
                if i > 0 {
                    hasher.update(b",");
                }
                content.feed(item, |b| hasher.update(b));
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
            hasher.update(b"]");
            entry += 1;
            element = 0;
            // A new list is only started with budget left, so that it is never opened twice.
            if used == budget {
                self.stage = Stage::Hashing { entry, element };
                return used;
            }
        }
        hasher.update(b"}");
        self.stage = Stage::Terms;
        used
    }

    /// Compares the hash with the file's checksum, once. When the text, its layout left out, does
    /// not give it (a tool rewrote the file with its keys in another order, or other escapes), the
    /// checksum is taken again over the canonical form of the content — keys sorted, no spaces:
    /// what the sender hashed.
    fn finish_checksum(&mut self) {
        while matches!(self.stage, Stage::Hashing { .. }) {
            self.hash(usize::MAX);
        }
        if self.checksum_checked {
            return;
        }
        self.checksum_checked = true;
        let given = self.header.get("checksum").and_then(Value::as_str);
        let mut sum = match std::mem::replace(&mut self.digest, Hashing::Here) {
            Hashing::Awaited => {
                // Not handed over (a reading that stops early): hashed here.
                self.digest = Hashing::Awaited;
                self.text_sum()
            }
            Hashing::Given(Some(sum)) => sum,
            Hashing::Given(None) => self.text_sum(),
            Hashing::Here => hex_digest(std::mem::take(&mut self.hasher)),
        };
        if let (true, Some(content)) = (given != Some(sum.as_str()), &self.content) {
            sum = super::checksum(&content.to_value());
        }
        let problem = match given {
            None => "somme de contrôle absente.",
            Some(given) if given != sum => {
                "somme de contrôle incorrecte : le fichier a été modifié ou abîmé après son export."
            }
            Some(_) => return,
        };
        self.header_problems.insert(0, Problem::file(problem));
    }

    /// The digest of the content's text as it is.
    fn text_sum(&self) -> String {
        let text = self.content.as_ref().map_or("", RawContent::text);
        hex_digest(Sha256::new_with_prefix(text.as_bytes()))
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
                            requests: std::mem::take(&mut self.requests),
                            issued_tables: std::mem::take(&mut self.issued),
                            journal: std::mem::take(&mut self.journal),
                            diffusion_requests: std::mem::take(&mut self.diffusion),
                            collaborations: std::mem::take(&mut self.collaborations),
                            keys: std::mem::take(&mut self.keys),
                            key_statements: std::mem::take(&mut self.key_statements),
                        },
                        batch_seals: std::mem::take(&mut self.batch_seals),
                    },
                })
            }
            _ => Err(problems),
        }
    }
}
