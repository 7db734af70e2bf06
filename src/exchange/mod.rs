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
        let value: Value = serde_json::from_slice(bytes).ok()?;
        if value.get("format").and_then(Value::as_str) != Some(SEALED_FORMAT) {
            return None;
        }
        Some(match serde_json::from_value::<Sealed>(value) {
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
    fn file(message: impl Into<String>) -> Problem {
        Problem {
            place: "Fichier".to_string(),
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
    let text = serde_json::to_string(content).unwrap_or_default();
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
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
    let value = serde_json::to_value(&content).unwrap_or(Value::Null);
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
        on.format("%Y-%m-%d")
    )
}

/// A file that passed every check, with its records typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// The header and records.
    pub file: ExchangeFile,
}

/// Reads and checks a file against the ledger of its convention (`find` gives it by id). Returns
/// the file, or every problem found — nothing is changed either way.
pub fn read<'a>(
    bytes: &[u8],
    find: impl Fn(&ConventionId) -> Option<&'a Ledger>,
) -> Result<(Checked, &'a Ledger), Vec<Problem>> {
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
    let Some(obj) = root.as_object() else {
        return Err(vec![Problem::file(
            "le fichier doit contenir un objet JSON.",
        )]);
    };
    if obj.get("format").and_then(Value::as_str) == Some("relance-echange-chiffre") {
        return Err(vec![Problem::file(
            "fichier chiffré : indiquez la phrase de passe pour l'ouvrir.",
        )]);
    }
    match obj.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        other => {
            return Err(vec![Problem::file(format!(
                "ce n'est pas un fichier d'échange Relance (format « {} »).",
                other.unwrap_or("absent")
            ))]);
        }
    }
    match obj.get("version").and_then(Value::as_u64) {
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
    let mut problems = Vec::new();
    let content = obj.get("content").cloned().unwrap_or(Value::Null);
    match obj.get("checksum").and_then(Value::as_str) {
        Some(sum) if sum == checksum(&content) => {}
        Some(_) => problems.push(Problem::file(
            "somme de contrôle incorrecte : le fichier a été modifié ou abîmé après son export.",
        )),
        None => problems.push(Problem::file("somme de contrôle absente.")),
    }
    let sender: Option<Actor> = match obj
        .get("sender")
        .cloned()
        .map(serde_json::from_value::<Actor>)
    {
        Some(Ok(a)) if !a.name.trim().is_empty() => Some(a),
        _ => {
            problems.push(Problem::file(
                "expéditeur absent ou invalide (partie et nom).",
            ));
            None
        }
    };
    if obj
        .get("created_at")
        .cloned()
        .map(serde_json::from_value::<NaiveDateTime>)
        .is_none_or(|r| r.is_err())
    {
        problems.push(Problem::file("date de création absente ou invalide."));
    }
    let Some(convention_id) = obj
        .get("convention_id")
        .and_then(Value::as_str)
        .map(|s| ConventionId(s.to_string()))
    else {
        problems.push(Problem::file("identifiant de convention absent."));
        return Err(problems);
    };
    let Some(ledger) = find(&convention_id) else {
        problems.push(Problem::file(format!(
            "convention inconnue ici ({convention_id}) : créez-la ou choisissez le bon fichier."
        )));
        return Err(problems);
    };
    let typed = check_content(&content, ledger, &mut problems);
    match (typed, sender, problems.is_empty()) {
        (Some(content), Some(sender), true) => {
            let file = ExchangeFile {
                format: FORMAT.to_string(),
                version: VERSION,
                sender,
                convention_id,
                created_at: obj
                    .get("created_at")
                    .cloned()
                    .and_then(|v| serde_json::from_value(v).ok())
                    .unwrap_or_default(),
                checksum: obj
                    .get("checksum")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                content,
            };
            Ok((Checked { file }, ledger))
        }
        _ => Err(problems),
    }
}

/// "Action a-12 (Boulangerie Martin)".
fn action_place(id: &str, company: Option<&str>) -> String {
    match company {
        Some(name) => format!("Action {id} ({name})"),
        None => format!("Action {id}"),
    }
}

/// Types and checks the content record by record, collecting every problem.
fn check_content(content: &Value, ledger: &Ledger, problems: &mut Vec<Problem>) -> Option<Content> {
    let convention = ledger.convention();
    let Some(obj) = content.as_object() else {
        problems.push(Problem::file("contenu absent."));
        return None;
    };
    // The convention's terms must be the receiver's (the termination may differ: it is merged).
    match obj
        .get("convention")
        .cloned()
        .map(serde_json::from_value::<ConventionTerms>)
    {
        Some(Ok(mut terms)) => {
            terms.termination = convention.terms().termination.clone();
            if &terms != convention.terms() {
                problems.push(Problem {
                    place: "Convention".into(),
                    message: "les termes de la convention (parties, dates, enveloppe, prix ou communes) diffèrent de ceux enregistrés ici.".into(),
                });
            }
        }
        _ => problems.push(Problem {
            place: "Convention".into(),
            message: "termes de la convention absents ou invalides.".into(),
        }),
    }
    let list = |key: &str| obj.get(key).and_then(Value::as_array).cloned();
    let (Some(raw_companies), Some(raw_actions)) = (list("companies"), list("actions")) else {
        problems.push(Problem::file(
            "listes « companies » et « actions » attendues.",
        ));
        return None;
    };
    if raw_companies.len() > MAX_RECORDS || raw_actions.len() > MAX_RECORDS {
        problems.push(Problem::file(format!(
            "trop d'enregistrements : au plus {MAX_RECORDS} entreprises et {MAX_RECORDS} actions par convention."
        )));
        return None;
    }
    let mut companies: Vec<Company> = Vec::new();
    let mut company_ids: std::collections::HashMap<crate::domain::company::CompanyId, usize> =
        std::collections::HashMap::new();
    for (i, raw) in raw_companies.into_iter().enumerate() {
        let id = raw
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        let place = format!("Entreprise n° {} ({id})", i + 1);
        match serde_json::from_value::<Company>(raw) {
            Err(e) => problems.push(Problem {
                place,
                message: format!(
                    "enregistrement invalide : {}.",
                    e.to_string().trim_end_matches('.')
                ),
            }),
            Ok(c) => {
                if let Err(errors) = Company::from_form(c.id.clone(), &c.to_form(), convention) {
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
                } else if company_ids.contains_key(&c.id) {
                    problems.push(Problem {
                        place,
                        message: "identifiant en double.".into(),
                    });
                } else {
                    company_ids.insert(c.id.clone(), companies.len());
                    companies.push(c);
                }
            }
        }
    }
    let mut actions: Vec<Action> = Vec::new();
    let mut action_ids: std::collections::HashSet<crate::domain::action::ActionId> =
        std::collections::HashSet::new();
    for (i, raw) in raw_actions.into_iter().enumerate() {
        let id = raw
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        match serde_json::from_value::<Action>(raw) {
            Err(e) => problems.push(Problem {
                place: format!("Action n° {} ({id})", i + 1),
                message: format!(
                    "enregistrement invalide : {}.",
                    e.to_string().trim_end_matches('.')
                ),
            }),
            Ok(a) => {
                let company = company_ids
                    .get(a.company())
                    .map(|&i| &companies[i])
                    .or_else(|| ledger.companies().get(a.company()));
                let place = action_place(&id, company.map(|c| c.name.as_str()));
                let before = problems.len();
                if company.is_none() {
                    problems.push(Problem {
                        place: place.clone(),
                        message: format!("entreprise inconnue ({}).", a.company()),
                    });
                }
                check_action(&a, convention, &place, problems);
                if !action_ids.insert(a.id().clone()) {
                    problems.push(Problem {
                        place: place.clone(),
                        message: "identifiant en double.".into(),
                    });
                }
                if problems.len() == before {
                    actions.push(a);
                }
            }
        }
    }
    let terms = obj
        .get("convention")
        .cloned()
        .and_then(|v| serde_json::from_value::<ConventionTerms>(v).ok())?;
    Some(Content {
        convention: terms,
        companies,
        actions,
    })
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
