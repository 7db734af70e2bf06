//! The JSON files the two parties send each other (format `relance-echange`, version 7; versions 1
//! to 6 still open), documented in `docs/echange.md` and `docs/echange.schema.json`.
//!
//! A file carries a header (format, version, sending party and name, convention id, creation time),
//! a SHA-256 checksum of its content, and the content: the convention's terms, the companies, the
//! actions (with their follow-ups from version 3), (from version 2) the payer's requests and (from
//! version 4) the journal and the amendments; version 5 adds optional fields (a company's postal
//! address, devis numbers, a request without SIRET), absent from older files, and the seals of the
//! actions' steps; version 6 the seals of the steps of the other records (requests, amendments,
//! journal, diffusion requests, issued tables: `domain::signed`); version 7 those of the last two
//! kinds (a termination's notice and receipt, a fiche 3 company's offers and demands). This module
//! writes files ([`write()`]) and owns the format; [`reading`] checks a file completely in steps and lists every problem in French
//! with where it is; [`checks`] holds the per-record checks, which call the domain's own rules;
//! [`merge::plan`] then works out what importing it would change, without changing anything;
//! [`sealed`] reads the encrypted envelope. Confidential notes leave the machine only with the
//! user's express consent (art. 3.1).

pub mod checks;
pub mod diffusion;
pub mod import;
pub mod merge;
pub mod reading;
pub mod sealed;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::domain::action::Action;
use crate::domain::audit::Actor;
use crate::domain::batch_seal::{Batch, BatchSeal};
use crate::domain::company::Company;
use crate::domain::convention::{ConventionId, ConventionTerms, Side};
use crate::domain::ledger::Ledger;
use crate::domain::request::Request;
use crate::domain::signed::SignedHistory;
use crate::domain::trust::{KeyCard, KeyStatement};

pub use reading::{Progress, Reading, ReadingStep};
pub use sealed::{PBKDF2_ITERATIONS, SEALED_FORMAT, Sealed};

/// Name of the format.
pub const FORMAT: &str = "relance-echange";
/// Version written, and newest read.
pub const VERSION: u32 = 7;
/// Oldest version read: version 1 files (no requests) and version 2 files (no follow-ups) still
/// open.
pub const OLDEST_VERSION: u32 = 1;
/// Largest file accepted, in bytes (10,000 actions take about 10 MB).
pub const MAX_FILE_BYTES: usize = 30 * 1024 * 1024;
// A 10,000-record file (about 10 MB) must fit.
const _: () = assert!(MAX_FILE_BYTES >= 10 * 1024 * 1024);

/// Most companies, most actions and most requests a file may carry: what one convention may hold.
pub const MAX_RECORDS: usize = crate::domain::ledger::MAX_RECORDS_PER_CONVENTION;

/// A file as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExchangeFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] when written by this build.
    pub version: u32,
    /// Who sent it, for which side.
    pub sender: Actor,
    /// The convention it is about.
    pub convention_id: ConventionId,
    /// When it was made (sender's local time).
    #[serde(with = "crate::domain::date::serde_moment")]
    pub created_at: NaiveDateTime,
    /// `sha256:` and the hex digest of the content's canonical JSON.
    pub checksum: String,
    /// The records.
    pub content: Content,
    /// One signature per key of the sending machine over the many steps it signed in the file
    /// ([`crate::domain::batch_seal`]); outside the content, absent when there is none. Versions
    /// before it ignore it and check each step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub batch_seals: Vec<BatchSeal>,
}

/// The records of a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Content {
    /// The convention's terms, so the receiver can check they match its own, or add the
    /// convention when it does not have it.
    pub convention: ConventionTerms,
    /// Every company the chamber keeps.
    pub companies: Vec<Company>,
    /// Every action.
    pub actions: Vec<Action>,
    /// Every request of the payer (version 2; none in version 1 files).
    #[serde(default)]
    pub requests: Vec<Request>,
    /// The monthly tables issued (art. 3.4; version 2, absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issued_tables: Vec<crate::domain::issued::IssuedTable>,
    /// The journal's meetings and promotion actions (art. 2.2, 2.3; version 4, absent when there
    /// are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub journal: Vec<crate::domain::journal::JournalEntry>,
    /// The requests to pass confidential data to outside bodies (art. 3.1; version 4, absent when
    /// there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diffusion_requests: Vec<crate::domain::diffusion_request::DiffusionRequest>,
    /// The offers and demands of the fiche 3 companies (annex, fiche 3; version 4, absent when
    /// there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collaborations: Vec<crate::domain::collaboration::Collaboration>,
    /// The public keys of the signatures the records carry, with who holds them (absent when no
    /// step is signed; files of versions before signatures have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<KeyCard>,
    /// What the parties said of their keys (a key withdrawn), each signed by its author (absent
    /// when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_statements: Vec<KeyStatement>,
}

impl Content {
    /// The keys whose signatures the file's records carry.
    pub fn seal_keys(&self) -> std::collections::BTreeSet<crate::domain::signing::KeyId> {
        use crate::domain::signed::keys_of;
        let mut keys = std::collections::BTreeSet::new();
        keys_of(&self.convention.amendments, &mut keys);
        keys_of(&self.companies, &mut keys);
        keys_of(&self.actions, &mut keys);
        keys_of(&self.requests, &mut keys);
        keys_of(&self.issued_tables, &mut keys);
        keys_of(&self.journal, &mut keys);
        keys_of(&self.diffusion_requests, &mut keys);
        keys_of(&self.collaborations, &mut keys);
        keys_of(&self.convention.termination, &mut keys);
        keys
    }

    /// Every record of the file whose steps are signed.
    pub fn sealed(&self) -> Vec<&dyn SignedHistory> {
        let amendments = self.convention.amendments.iter();
        amendments
            .map(|a| a as &dyn SignedHistory)
            .chain(self.actions.iter().map(|a| a as &dyn SignedHistory))
            .chain(self.requests.iter().map(|r| r as &dyn SignedHistory))
            .chain(self.issued_tables.iter().map(|t| t as &dyn SignedHistory))
            .chain(self.journal.iter().map(|e| e as &dyn SignedHistory))
            .chain(
                self.diffusion_requests
                    .iter()
                    .map(|d| d as &dyn SignedHistory),
            )
            .chain(self.companies.iter().map(|c| c as &dyn SignedHistory))
            .chain(self.collaborations.iter().map(|c| c as &dyn SignedHistory))
            .chain(
                self.convention
                    .termination
                    .iter()
                    .map(|t| t as &dyn SignedHistory),
            )
            .collect()
    }

    /// Every record of `ledger` as it is, confidential notes included: what a file would carry
    /// before [`write()`] leaves out what must not leave the machine. Another tab's ledger is
    /// merged through it ([`merge::plan`]).
    pub fn of(ledger: &Ledger) -> Content {
        Content {
            convention: ledger.convention().terms().clone(),
            companies: ledger.companies().values().cloned().collect(),
            actions: ledger.actions().values().cloned().collect(),
            requests: ledger.requests().values().cloned().collect(),
            issued_tables: ledger.issued_tables().values().cloned().collect(),
            journal: ledger.journal().values().cloned().collect(),
            diffusion_requests: ledger.diffusion_requests().values().cloned().collect(),
            collaborations: ledger.collaborations().values().cloned().collect(),
            keys: key_cards(ledger),
            key_statements: ledger
                .trust()
                .statements()
                .iter()
                .filter(|s| s.seal.is_some())
                .cloned()
                .collect(),
        }
    }
}

/// The cards of the keys whose signatures `ledger`'s records carry, as this machine trusts them.
fn key_cards(ledger: &Ledger) -> Vec<KeyCard> {
    let mut used = ledger.seal_keys();
    used.extend(
        ledger
            .trust()
            .statements()
            .iter()
            .filter_map(|s| s.seal.as_ref().map(|s| s.key.clone())),
    );
    used.iter()
        .filter_map(|id| ledger.trust().get(id).map(|k| k.card.clone()))
        .collect()
}

/// One problem found in a file: where, and what, in French.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The record and field ("Action Boulangerie Martin – Fiche 2 …, devis.montant"), or "Fichier".
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

    /// A record that cannot be typed, with the French reason of [`crate::serde_fr::from_value`].
    pub(crate) fn invalid_record(place: String, reason: &str) -> Problem {
        Problem {
            place,
            message: format!("enregistrement invalide : {reason}."),
        }
    }

    /// A problem at `place`.
    pub fn at(place: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            place: place.into(),
            message: message.into(),
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

/// The file for `ledger` sent by `sender`, without batch seals: [`Outgoing`] with none.
pub fn write(ledger: &Ledger, sender: Actor, at: NaiveDateTime, with_confidential: bool) -> String {
    Outgoing::new(ledger, sender, at, with_confidential).finish(Vec::new())
}

/// A file being written: its content fixed, waiting for the batch seals the sending machine
/// makes with its own keys ([`Outgoing::batches`], signed by the browser), then written
/// ([`Outgoing::finish`]).
pub struct Outgoing {
    sender: Actor,
    at: NaiveDateTime,
    content: Content,
}

impl Outgoing {
    /// The file for `ledger` sent by `sender`. Confidential notes are left out unless
    /// `with_confidential` (the user's express consent for this export, art. 3.1); so are the
    /// company records the payer changed under version 1 ([`left_out`] lists them), which the
    /// other party would refuse.
    pub fn new(
        ledger: &Ledger,
        sender: Actor,
        at: NaiveDateTime,
        with_confidential: bool,
    ) -> Outgoing {
        let convention = ledger.convention();
        let mut content = Content::of(ledger);
        if !with_confidential {
            for a in &mut content.actions {
                *a = a.without_confidential_note();
            }
        }
        content
            .companies
            .retain(|c| crate::domain::received::company_is_sendable(c, convention));
        Outgoing {
            sender,
            at,
            content,
        }
    }

    /// The file's sealed items by key, each batch with the canonical form to sign: the sending
    /// machine signs those of its own keys.
    pub fn batches(&self) -> Vec<(Batch, Vec<u8>)> {
        let id = &self.content.convention.id;
        crate::domain::batch_seal::batches(
            id,
            &self.content.sealed(),
            &self.content.key_statements,
            None,
        )
        .into_values()
        .map(|b| {
            let message = b.message(id);
            (b, message)
        })
        .collect()
    }

    /// The file's text, with `batch_seals`: the header one entry per line, then the content in
    /// its canonical form (keys sorted, no spaces) — the very text the checksum covers, which the
    /// receiver hashes as it is, a third smaller than indented (BENCHMARKS.md, seventeenth
    /// round).
    pub fn finish(self, batch_seals: Vec<BatchSeal>) -> String {
        // Through text rather than `to_value`: the same canonical value (keys sorted), without a
        // second set of serialisers in the wasm.
        let value: Value = serde_json::to_string(&self.content)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Value::Null);
        let canonical = serde_json::to_string(&value).unwrap_or_default();
        let mut header = serde_json::json!({
            "format": FORMAT,
            "version": VERSION,
            "sender": self.sender,
            "convention_id": self.content.convention.id,
            "created_at": self.at,
            "checksum": hex_digest(Sha256::new_with_prefix(canonical.as_bytes())),
        });
        if !batch_seals.is_empty() {
            header["batch_seals"] = serde_json::to_string(&batch_seals)
                .ok()
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default();
        }
        let head = serde_json::to_string_pretty(&header).unwrap_or_default();
        let head = head.strip_suffix("\n}").unwrap_or(&head);
        format!("{head},\n  \"content\": {canonical}\n}}\n")
    }
}

/// What [`write()`] leaves out of the file besides confidential notes, and why, in French: company
/// records changed by the payer under version 1, and the records set aside when this version
/// first read that data (see `domain::ownership`).
pub fn left_out(ledger: &Ledger) -> Vec<String> {
    let convention = ledger.convention();
    let chamber = &convention.party(Side::Chamber).short_name;
    ledger
        .companies()
        .values()
        .filter(|c| !crate::domain::received::company_is_sendable(c, convention))
        .map(|c| {
            format!(
                "Entreprise « {} » : modifiée par une partie autre que {chamber} ; gardée ici, non transmise.",
                c.name
            )
        })
        .chain(ledger.set_aside().iter().map(|s| s.describe(ledger)))
        .collect()
}

/// `relance_ccst-cma-2020_CMA-BFC-vers-CCST_2021-03-31.json`: convention, sender, receiver, date.
pub fn file_name(ledger: &Ledger, from: Side, on: chrono::NaiveDate) -> String {
    let c = ledger.convention();
    let clean = crate::domain::text::file_name_part;
    let to = from.other();
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
        if let ReadingStep::Done(result) = reading.step(ledger, usize::MAX) {
            return (*result).and_then(|checked| ledger.map(|l| (checked, l)).ok_or_else(Vec::new));
        }
    }
}

/// Feeds what `serde_json` writes to a hasher.
pub(crate) struct HashWriter<'h>(&'h mut Sha256);

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
pub(crate) fn hex_digest(hasher: Sha256) -> String {
    use std::fmt::Write;
    let mut out = String::from("sha256:");
    for b in hasher.finalize() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod amendment_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod concurrency_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod journal_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod roles_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod signing_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
