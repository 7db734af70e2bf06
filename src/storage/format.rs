//! The stored-data format: how one convention's ledger is written to browser storage, and how a
//! full backup file is written and read back. Pure Rust, tested natively.
//!
//! ## Ledger record (`relance-ledger`, version 7)
//! One JSON text per convention, keyed by the convention id:
//! `{"format":"relance-ledger","version":1,"revision":7,"saved_at":"2021-03-01T10:00:00",
//!   "saved_by":{"side":"Chamber","name":"…"},"ledger":{…}}`.
//! `revision` grows by one at every saved change; a write that does not find the revision it
//! expects is refused (another tab wrote first).
//!
//! ## Backup file (`relance-backup`, version 7)
//! `{"format":"relance-backup","version":7,"created_at":…,"created_by":…,"ledgers":[record…]}`.
//!
//! ## Versions
//! Data written by an older version is migrated step by step ([`MIGRATIONS`]) before it is read;
//! data written by a newer version is refused with a message and never overwritten. Every record is
//! fully re-checked by the domain on the way in (conventions, companies, actions, requests), so
//! nothing inconsistent reaches the app; every problem is reported in French
//! ([`crate::serde_fr`]).
//!
//! Version 2 adds the payer's requests and the records set aside (both absent from version 1, so
//! the step from 1 to 2 only renumbers). Version 1 let the payer's agent take the chamber's steps:
//! whatever version wrote a ledger, the records that break the ownership rules are moved aside
//! when it is read (`domain::ownership`, deterministic), and [`StoredLedger::set_aside_now`] says
//! what was moved, for the user.
//!
//! Version 3 adds the follow-ups of actions (art. 2.3: what became of the company after the
//! service); version 2 data has none, so the step from 2 to 3 only renumbers. Version 2 files are
//! kept in `tests/fixtures/v2/` and opened by the tests.
//!
//! Version 4 adds the journal of meetings and promotion actions (art. 2.2, 2.3); version 3 data
//! has none, so the step from 3 to 4 only renumbers. Version 3 files are kept in
//! `tests/fixtures/v3/`.
//!
//! Version 5 adds three optional fields: a company's postal address, the devis number in its
//! sender's series (`domain::devis_number`), and a payer's request naming a company without its
//! SIRET but with a phone or an e-mail. Version 4 data has none of them, so the step from 4 to 5
//! only renumbers; version 4 files are kept in `tests/fixtures/v4/`. A version 4 build refuses
//! version 5 data with its message, never misreads it.
//!
//! Version 6 adds the seals of the steps of every record but two (`domain::signed`), version 7
//! those of a termination and of a fiche 3 company's offers and demands (`v6_to_v7`: the offers'
//! history lines, bare stamps before, become `{"stamp":…}`). The files of each version are kept
//! in `tests/fixtures/v<version>/`.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::domain::action::Actor;
use crate::domain::ledger::Ledger;

/// Name of the ledger record format.
pub const LEDGER_FORMAT: &str = "relance-ledger";
/// Name of the backup file format.
pub const BACKUP_FORMAT: &str = "relance-backup";
/// The version this build writes and the newest it reads.
pub const VERSION: u32 = 7;

/// Largest backup file accepted for a restore, in bytes (10,000 actions take about 10 MB).
pub const MAX_BACKUP_BYTES: usize = 50 * 1024 * 1024;

/// Refuses a backup file larger than [`MAX_BACKUP_BYTES`] before reading it.
pub fn check_backup_size(bytes: usize) -> Result<(), StoreError> {
    if bytes > MAX_BACKUP_BYTES {
        Err(StoreError::TooLarge {
            bytes,
            max: MAX_BACKUP_BYTES,
        })
    } else {
        Ok(())
    }
}

/// A migration turns a record of version `n` into version `n + 1`.
pub type Migration = fn(Value) -> Result<Value, String>;

/// `MIGRATIONS[i]` migrates version `i + 1` to `i + 2`.
pub const MIGRATIONS: &[Migration] = &[v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5, v5_to_v6, v6_to_v7];

/// Version 2 only adds lists that version 1 never had (requests, records set aside), which read
/// as empty: the record is unchanged.
fn v1_to_v2(value: Value) -> Result<Value, String> {
    Ok(value)
}

/// Version 3 adds the follow-ups of actions (art. 2.3), which version 2 never had and which read
/// as none: the record is unchanged.
fn v2_to_v3(value: Value) -> Result<Value, String> {
    Ok(value)
}

/// Version 4 adds the journal of meetings and promotion actions, absent from version 3 (reads as
/// empty): the record is unchanged.
fn v3_to_v4(value: Value) -> Result<Value, String> {
    Ok(value)
}

/// Version 5 adds optional fields that version 4 never had (a company's postal address, devis
/// numbers, a request without SIRET), which read as absent: the record is unchanged.
fn v4_to_v5(value: Value) -> Result<Value, String> {
    Ok(value)
}

/// Version 6 adds the seals of the steps of requests, amendments, journal entries, diffusion
/// requests and issued tables (optional: absent before), which read as unsigned steps: the record
/// is unchanged.
fn v5_to_v6(value: Value) -> Result<Value, String> {
    Ok(value)
}

/// Version 7 signs the last two kinds of steps: a termination's notice and receipt (`seal`, and
/// the receipt's own stamp `receipt_recorded` and `receipt_seal`, all optional) and a fiche 3
/// company's offers and demands, whose history lines become `{"stamp":…,"seal":…}`: version 6's
/// bare stamps are wrapped as unsigned lines (`collaboration::upgrade_lines`); its receipts read
/// as recorded under the notice's stamp.
fn v6_to_v7(mut value: Value) -> Result<Value, String> {
    let records = value
        .get_mut("ledger")
        .and_then(|l| l.get_mut("collaborations"))
        .and_then(Value::as_object_mut);
    for record in records.into_iter().flat_map(|m| m.values_mut()) {
        crate::domain::collaboration::upgrade_lines(record);
    }
    Ok(value)
}

/// One convention's ledger as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredLedger {
    /// Always [`LEDGER_FORMAT`].
    pub format: String,
    /// Always [`VERSION`] once read.
    pub version: u32,
    /// Grows by one at every saved change.
    pub revision: u64,
    /// When it was saved (user's local time).
    #[serde(with = "crate::domain::date::serde_moment")]
    pub saved_at: NaiveDateTime,
    /// Who saved it, when known.
    pub saved_by: Option<Actor>,
    /// The data.
    pub ledger: Ledger,
    /// What reading it moved aside (see the module's doc), in French; never written.
    #[serde(skip)]
    pub set_aside_now: Vec<String>,
}

impl StoredLedger {
    /// Wraps `ledger` for storage at `revision`.
    pub fn new(
        ledger: Ledger,
        revision: u64,
        saved_at: NaiveDateTime,
        saved_by: Option<Actor>,
    ) -> Self {
        StoredLedger {
            format: LEDGER_FORMAT.to_string(),
            version: VERSION,
            revision,
            saved_at,
            saved_by,
            ledger,
            set_aside_now: Vec::new(),
        }
    }

    /// The JSON text written to storage.
    pub fn to_json(&self) -> String {
        // A struct of strings, numbers and maps with string keys always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored record: checks format and version, migrates, re-checks every record.
    pub fn from_json(text: &str) -> Result<StoredLedger, StoreError> {
        let value = read_versioned(text, LEDGER_FORMAT)?;
        // From a borrowed value, as the exchange reader does: one decoder per type in the wasm.
        let mut stored: StoredLedger = decode(&value)?;
        stored.set_aside_now = stored.ledger.set_aside_foreign_records();
        Ok(stored)
    }
}

/// What reads a stored record: [`StoredLedger::from_json`], handed in by the caller so that the
/// shipped build downloads the decoders of every stored type only when there is a record to read
/// (`ui::on_demand::read_function`): a first visit has none.
pub type ReadFn = fn(&str) -> Result<StoredLedger, StoreError>;

/// What writes records as text: [`StoredLedger::to_json`] and [`Backup::to_json`], handed in by
/// the caller so that the shipped build downloads the encoders of every stored type only at the
/// first write (`ui::on_demand::write_function`): a first visit writes nothing until the user
/// changes something.
#[derive(Clone, Copy)]
pub struct WriteFns {
    /// A ledger's record ([`StoredLedger::to_json`]).
    pub ledger: fn(&StoredLedger) -> String,
    /// A backup ([`Backup::to_json`]).
    pub backup: fn(&Backup) -> String,
}

impl WriteFns {
    /// The writers themselves.
    pub const ALL: WriteFns = WriteFns {
        ledger: StoredLedger::to_json,
        backup: Backup::to_json,
    };
}

/// A stored record that cannot be read: start-up stops on it, and nothing is overwritten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// Its key (the convention id).
    pub key: String,
    /// Why.
    pub error: StoreError,
    /// The raw text, offered for download.
    pub raw: String,
}

/// Decodes the ledger records read at start-up, `(key, text)` pairs: every ledger, or every record
/// that cannot be read (never a part of the ledgers). `known` is a record decoded earlier, with the
/// text it came from (the active convention, decoded first to show its dashboard sooner): a
/// record with that very text is taken from it instead of being decoded again (decoding depends
/// on the text only). `read` decodes one record ([`StoredLedger::from_json`]).
pub fn decode_records(
    records: Vec<(String, String)>,
    mut known: Option<(String, StoredLedger)>,
    read: ReadFn,
) -> Result<Vec<StoredLedger>, Vec<Unreadable>> {
    let mut good = Vec::with_capacity(records.len());
    let mut problems = Vec::new();
    for (key, text) in records {
        let decoded = match known.take_if(|(known_text, _)| *known_text == text) {
            Some((_, ledger)) => Ok(ledger),
            None => read(&text),
        };
        match decoded {
            Ok(s) => good.push(s),
            Err(error) => problems.push(Unreadable {
                key,
                error,
                raw: text,
            }),
        }
    }
    if problems.is_empty() {
        Ok(good)
    } else {
        Err(problems)
    }
}

/// A full backup: every convention's ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    /// Always [`BACKUP_FORMAT`].
    pub format: String,
    /// Always [`VERSION`] once read.
    pub version: u32,
    /// When it was made.
    #[serde(with = "crate::domain::date::serde_moment")]
    pub created_at: NaiveDateTime,
    /// Who made it.
    pub created_by: Option<Actor>,
    /// The ledgers.
    pub ledgers: Vec<StoredLedger>,
}

impl Backup {
    /// A backup of `ledgers`.
    pub fn new(
        ledgers: Vec<StoredLedger>,
        created_at: NaiveDateTime,
        created_by: Option<Actor>,
    ) -> Backup {
        Backup {
            format: BACKUP_FORMAT.to_string(),
            version: VERSION,
            created_at,
            created_by,
            ledgers,
        }
    }

    /// The file's JSON text, indented for people who open it.
    pub fn to_json(&self) -> String {
        // Indented through a JSON value (keys then sorted): one pretty-printer in the wasm, for
        // values, instead of one more serialiser per type.
        serde_json::to_string(self)
            .ok()
            .and_then(|text| serde_json::from_str::<Value>(&text).ok())
            .and_then(|value| serde_json::to_string_pretty(&value).ok())
            .unwrap_or_default()
    }

    /// Reads a backup file: format, version, then every ledger re-checked; two ledgers of the same
    /// convention are refused.
    pub fn from_json(text: &str) -> Result<Backup, StoreError> {
        let mut value = read_versioned(text, BACKUP_FORMAT)?;
        if let Some(ledgers) = value.get_mut("ledgers").and_then(Value::as_array_mut) {
            for ledger in ledgers.iter_mut() {
                let version = ledger.get("version").and_then(Value::as_u64).unwrap_or(0);
                let migrated = migrate(std::mem::take(ledger), version)?;
                *ledger = migrated;
            }
        }
        let mut backup: Backup = decode(&value)?;
        for stored in &mut backup.ledgers {
            stored.set_aside_now = stored.ledger.set_aside_foreign_records();
        }
        let mut ids: Vec<_> = backup
            .ledgers
            .iter()
            .map(|l| l.ledger.convention().id())
            .collect();
        ids.sort();
        if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
            return Err(StoreError::Invalid(format!(
                "convention {} en double",
                w[0]
            )));
        }
        Ok(backup)
    }
}

/// Why stored or restored data cannot be used. Messages are for the user, in French.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum StoreError {
    /// Not JSON at all, or cut short.
    #[error("Données illisibles (JSON invalide : {0}).")]
    Corrupted(String),
    /// JSON, but not of the expected format.
    #[error("Ce n'est pas un fichier « {expected} » (trouvé : « {found} »).")]
    WrongFormat {
        /// The format expected.
        expected: &'static str,
        /// The format found.
        found: String,
    },
    /// Written by a newer version of Relance: refused, never overwritten.
    #[error(
        "Ces données ont été enregistrées par une version plus récente de Relance (format {found}) ; \
         cette version lit jusqu'au format {supported}. Elles n'ont pas été modifiées : ouvrez-les \
         avec la version à jour de Relance."
    )]
    NewerVersion {
        /// The version found.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// Right format, but a record breaks a rule of the convention.
    #[error("Données incohérentes : {0}")]
    Invalid(String),
    /// A migration from an older version failed.
    #[error("Migration depuis le format {from} impossible : {detail}")]
    Migration {
        /// The version migrated from.
        from: u64,
        /// What went wrong.
        detail: String,
    },
    /// Browser storage is full.
    #[error(
        "L'espace de stockage du navigateur est plein : la dernière modification est conservée dans \
         cette page mais n'est pas enregistrée. Téléchargez une sauvegarde, puis libérez de l'espace."
    )]
    QuotaExceeded,
    /// Another tab saved first.
    #[error(
        "Cette convention a été modifiée dans un autre onglet : votre modification n'a pas été \
         enregistrée pour ne pas écraser la sienne."
    )]
    Conflict,
    /// A file over the size limit.
    #[error("Fichier trop volumineux ({bytes} octets) : la limite est de {max} octets.")]
    TooLarge {
        /// The file's size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Browser storage was cleared (by the user or the browser) while the app was open.
    #[error(
        "Le stockage du navigateur a été vidé pendant que Relance était ouvert. Vos données sont \
         toujours dans cette page : « Réenregistrer » les écrit à nouveau ; téléchargez aussi une \
         sauvegarde."
    )]
    Cleared,
    /// Browser storage cannot be used at all (private mode, disabled, …).
    #[error("Le stockage du navigateur est indisponible : {0}")]
    Unavailable(String),
    /// The code that reads, writes or merges records, downloaded at its first use, could not
    /// be fetched; `{0}` names it.
    #[error(
        "{0} n'a pas pu être téléchargé (connexion coupée, ou nouvelle version de Relance \
         installée depuis l'ouverture de la page : rechargez-la alors). Vos modifications restent \
         sur cette page."
    )]
    NotDownloaded(&'static str),
}

/// Types a stored ledger or a backup; on failure, the French reason with the field at fault
/// ("champ « ledger.actions.a-1.devis.amount » : …").
fn decode<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, StoreError> {
    crate::serde_fr::from_value(value).map_err(StoreError::Invalid)
}

/// Parses `text`, checks its `format` and `version`, and migrates it to [`VERSION`].
fn read_versioned(text: &str, expected: &'static str) -> Result<Value, StoreError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupted(crate::serde_fr::syntax(&e)))?;
    let found = value.get("format").and_then(Value::as_str).unwrap_or("");
    if found != expected {
        return Err(StoreError::WrongFormat {
            expected,
            found: found.to_string(),
        });
    }
    let version = value.get("version").and_then(Value::as_u64).unwrap_or(0);
    migrate(value, version)
}

/// Brings `value`, written at `version`, to [`VERSION`]; refuses newer or unknown versions.
pub fn migrate(value: Value, version: u64) -> Result<Value, StoreError> {
    migrate_with(value, version, VERSION, MIGRATIONS)
}

/// [`migrate`] with explicit steps, so the mechanism can be tested before a real migration exists.
fn migrate_with(
    mut value: Value,
    version: u64,
    current: u32,
    steps: &[Migration],
) -> Result<Value, StoreError> {
    if version > u64::from(current) {
        return Err(StoreError::NewerVersion {
            found: version,
            supported: current,
        });
    }
    if version == 0 {
        return Err(StoreError::Migration {
            from: version,
            detail: "version absente ou nulle".to_string(),
        });
    }
    for from in version..u64::from(current) {
        let step = usize::try_from(from - 1)
            .ok()
            .and_then(|i| steps.get(i))
            .ok_or_else(|| StoreError::Migration {
                from,
                detail: "étape de migration manquante".to_string(),
            })?;
        value = step(value).map_err(|detail| StoreError::Migration { from, detail })?;
        if let Some(v) = value.get_mut("version") {
            *v = Value::from(from + 1);
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::convention::Convention;

    fn at() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2021-03-01 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn stored() -> StoredLedger {
        StoredLedger::new(Ledger::new(Convention::seed()), 3, at(), None)
    }

    #[test]
    fn start_up_decoding_gives_every_ledger_or_every_unreadable_record() {
        let good = stored();
        let newer = good
            .to_json()
            .replace(&format!("\"version\":{VERSION}"), "\"version\":9");
        let records = vec![
            ("ccst".to_string(), good.to_json()),
            ("cut".to_string(), "{\"format\":".to_string()),
            ("newer".to_string(), newer.clone()),
        ];
        let problems = decode_records(records, None, StoredLedger::from_json).unwrap_err();
        assert_eq!(
            problems.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(),
            ["cut", "newer"]
        );
        assert!(matches!(problems[0].error, StoreError::Corrupted(_)));
        assert!(matches!(
            problems[1].error,
            StoreError::NewerVersion { found: 9, .. }
        ));
        assert_eq!(problems[1].raw, newer, "the raw text is kept for download");
        assert_eq!(
            decode_records(
                vec![("ccst".to_string(), good.to_json())],
                None,
                StoredLedger::from_json
            )
            .unwrap(),
            [good]
        );
    }

    #[test]
    fn a_record_decoded_first_is_reused_only_for_its_very_text() {
        let first = stored();
        let text = first.to_json();
        // A stand-in decoded "earlier" that differs from what `text` decodes to, to see which is used.
        let mut earlier = first.clone();
        earlier.revision = 99;
        let same = decode_records(
            vec![("ccst".into(), text.clone())],
            Some((text.clone(), earlier.clone())),
            StoredLedger::from_json,
        );
        assert_eq!(
            same.unwrap()[0].revision,
            99,
            "same text: taken as decoded earlier"
        );
        let saved_since = StoredLedger::new(first.ledger.clone(), 4, at(), None).to_json();
        let other = decode_records(
            vec![("ccst".into(), saved_since)],
            Some((text.clone(), earlier.clone())),
            StoredLedger::from_json,
        );
        assert_eq!(other.unwrap()[0].revision, 4, "other text: decoded");
        let broken = decode_records(
            vec![("ccst".into(), "{".into())],
            Some((text, earlier)),
            StoredLedger::from_json,
        );
        assert_eq!(
            broken.unwrap_err().len(),
            1,
            "other text that is unreadable: reported"
        );
    }

    #[test]
    fn a_ledger_record_round_trips() {
        let s = stored();
        assert_eq!(StoredLedger::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn corrupted_text_is_refused() {
        let text = stored().to_json();
        let cut = &text[..text.len() / 2];
        assert!(matches!(
            StoredLedger::from_json(cut),
            Err(StoreError::Corrupted(_))
        ));
        assert!(matches!(
            StoredLedger::from_json(""),
            Err(StoreError::Corrupted(_))
        ));
    }

    #[test]
    fn another_format_is_refused() {
        let text = stored().to_json().replace(LEDGER_FORMAT, "autre-chose");
        assert_eq!(
            StoredLedger::from_json(&text).unwrap_err().to_string(),
            "Ce n'est pas un fichier « relance-ledger » (trouvé : « autre-chose »)."
        );
        let backup_as_ledger = Backup::new(vec![], at(), None).to_json();
        assert!(matches!(
            StoredLedger::from_json(&backup_as_ledger),
            Err(StoreError::WrongFormat { .. })
        ));
    }

    #[test]
    fn a_newer_version_is_refused_with_a_message() {
        let current = format!("\"version\":{VERSION}");
        let text = stored()
            .to_json()
            .replace(&current, &format!("\"version\":{}", VERSION + 1));
        let err = StoredLedger::from_json(&text).unwrap_err();
        assert_eq!(
            err,
            StoreError::NewerVersion {
                found: u64::from(VERSION) + 1,
                supported: VERSION
            }
        );
        assert!(err.to_string().contains("version plus récente"));
    }

    #[test]
    fn records_breaking_a_rule_are_refused() {
        let text = stored()
            .to_json()
            .replace("\"envelope\":\"5000\"", "\"envelope\":\"-5\"");
        assert!(matches!(
            StoredLedger::from_json(&text),
            Err(StoreError::Invalid(_))
        ));
    }

    #[test]
    fn migrations_run_in_order_up_to_the_current_version() {
        fn v1_to_v2(mut v: Value) -> Result<Value, String> {
            v["renamed"] = v["old"].take();
            Ok(v)
        }
        fn v2_to_v3(mut v: Value) -> Result<Value, String> {
            v["added"] = Value::from(true);
            Ok(v)
        }
        let steps: &[Migration] = &[v1_to_v2, v2_to_v3];
        let old = serde_json::json!({"version": 1, "old": "x"});
        let new = migrate_with(old, 1, 3, steps).unwrap();
        assert_eq!(
            new,
            serde_json::json!({"version": 3, "old": null, "renamed": "x", "added": true})
        );
        let from2 = migrate_with(serde_json::json!({"version": 2}), 2, 3, steps).unwrap();
        assert_eq!(from2, serde_json::json!({"version": 3, "added": true}));
        assert!(matches!(
            migrate_with(serde_json::json!({}), 1, 3, &[v1_to_v2]),
            Err(StoreError::Migration { from: 2, .. })
        ));
        assert!(matches!(
            migrate_with(serde_json::json!({}), 0, 3, steps),
            Err(StoreError::Migration { from: 0, .. })
        ));
    }

    #[test]
    fn backups_are_accepted_up_to_the_size_limit() {
        assert_eq!(check_backup_size(MAX_BACKUP_BYTES), Ok(()));
        assert_eq!(
            check_backup_size(MAX_BACKUP_BYTES + 1)
                .unwrap_err()
                .to_string(),
            "Fichier trop volumineux (52428801 octets) : la limite est de 52428800 octets."
        );
    }

    #[test]
    fn a_backup_round_trips_and_refuses_duplicates() {
        let b = Backup::new(vec![stored()], at(), None);
        assert_eq!(Backup::from_json(&b.to_json()).unwrap(), b);
        let twice = Backup::new(vec![stored(), stored()], at(), None);
        assert!(matches!(
            Backup::from_json(&twice.to_json()),
            Err(StoreError::Invalid(_))
        ));
    }

    #[test]
    fn a_backup_with_a_newer_ledger_inside_is_refused() {
        let text = Backup::new(vec![stored()], at(), None).to_json();
        let mut value: Value = serde_json::from_str(&text).unwrap();
        value["ledgers"][0]["version"] = 9.into();
        let inner_newer = serde_json::to_string_pretty(&value).unwrap();
        assert!(matches!(
            Backup::from_json(&inner_newer),
            Err(StoreError::NewerVersion { found: 9, .. })
        ));
    }

    #[test]
    fn a_stored_record_that_cannot_be_typed_is_reported_in_french_with_its_place() {
        let mut l = Ledger::new(Convention::seed());
        let c = crate::domain::company::Company::from_form(
            crate::domain::company::CompanyId("e1".into()),
            &crate::domain::company::CompanyForm {
                name: "Garage".into(),
                siret: "73282932000074".into(),
                commune: "Delle".into(),
                staff: "2".into(),
                activity: "Garage".into(),
                address: String::new(),
            },
            l.convention(),
        )
        .unwrap();
        l.add_company(
            c,
            crate::test_support::stamp(crate::domain::convention::Side::Chamber),
        )
        .unwrap();
        let text = StoredLedger::new(l, 1, at(), None).to_json();
        let broken = text.replace("\"staff\":2", "\"staff\":\"deux\"");
        assert_eq!(
            StoredLedger::from_json(&broken).unwrap_err().to_string(),
            "Données incohérentes : champ « ledger.companies.e1.staff » : type invalide : le texte \"deux\" au lieu d'un nombre entier positif"
        );
        let backup = Backup::new(vec![StoredLedger::from_json(&text).unwrap()], at(), None)
            .to_json()
            .replace("\"envelope\": \"5000\"", "\"envelope\": 5000");
        assert_eq!(
            Backup::from_json(&backup).unwrap_err().to_string(),
            "Données incohérentes : champ « ledgers[0].ledger.convention.envelope » : type invalide : le nombre entier 5000 au lieu d'un montant écrit comme texte, au centime près (ex. \"1200.00\")"
        );
        assert_eq!(
            StoredLedger::from_json("{\"format\": ")
                .unwrap_err()
                .to_string(),
            "Données illisibles (JSON invalide : le texte s'arrête avant la fin (ligne 1, colonne 11) : fichier tronqué ?)."
        );
    }

    mod written_by_version_1 {
        //! Files kept from version 1 (`tests/fixtures/v1/`), where a CCST agent had created a
        //! company and an action, written a note on the chamber's action and edited the
        //! chamber's company.
        use super::*;
        use crate::domain::action::ActionId;
        use crate::domain::company::CompanyId;
        use crate::domain::ownership::SetAsideRecord;
        use crate::domain::request::{RequestId, RequestedCompany};

        const STORED: &str = include_str!("../../tests/fixtures/v1/stored-ccst-created.json");
        const BACKUP: &str = include_str!("../../tests/fixtures/v1/backup-ccst-created.json");

        #[test]
        fn a_stored_ledger_opens_and_nothing_of_it_is_lost() {
            let s = StoredLedger::from_json(STORED).unwrap();
            assert_eq!(s.version, VERSION, "migrated");
            assert_eq!(s.revision, 9);
            let l = &s.ledger;
            // The CCST's action became its request, naming the company it had created.
            let request = &l.requests()[&RequestId("dem-ac-ccst".into())];
            let RequestedCompany::Named(named) = &request.record().company else {
                panic!("named company expected")
            };
            assert_eq!(named.name, "Garage Dupont");
            assert_eq!(request.record().message, "Difficultés de trésorerie");
            assert!(request.is_waiting());
            assert!(!l.actions().contains_key(&ActionId("ac-ccst".into())));
            assert!(!l.companies().contains_key(&CompanyId("co-ccst".into())));
            // The chamber's action keeps its devis and the CCST's engagement; the CCST's note
            // is kept aside.
            let kept = &l.actions()[&ActionId("ac-cma".into())];
            assert!(kept.record().engaged_on.is_some());
            assert_eq!(kept.record().note.text, "");
            // Everything moved is kept, as it was, and said.
            let aside = l.set_aside();
            assert_eq!(aside.len(), 3, "{aside:#?}");
            assert!(aside.iter().any(|a| matches!(&a.record,
                SetAsideRecord::Note { text, .. } if text == "Note ajoutée par la CCST")));
            assert!(aside.iter().any(|a| matches!(&a.record,
                SetAsideRecord::Action(a) if a.record().note.text == "Rencontré en mairie")));
            assert!(aside.iter().any(|a| matches!(&a.record,
                SetAsideRecord::Company(c) if c.name == "Garage Dupont")));
            assert_eq!(s.set_aside_now.len(), 3);
            assert!(
                s.set_aside_now
                    .iter()
                    .all(|line| line.contains("non transmise")),
                "{:?}",
                s.set_aside_now
            );
        }

        #[test]
        fn reading_it_again_after_saving_changes_nothing() {
            let first = StoredLedger::from_json(STORED).unwrap();
            let again = StoredLedger::from_json(&first.to_json()).unwrap();
            assert_eq!(again.ledger, first.ledger);
            assert!(again.set_aside_now.is_empty(), "moved once only");
        }

        #[test]
        fn a_backup_opens_the_same_way() {
            let b = Backup::from_json(BACKUP).unwrap();
            let s = StoredLedger::from_json(STORED).unwrap();
            assert_eq!(b.ledgers[0].ledger, s.ledger);
            assert_eq!(b.ledgers[0].set_aside_now, s.set_aside_now);
        }
    }

    mod written_by_versions_2_to_4 {
        //! Files kept from versions 2 and 3 (`tests/fixtures/v2/`, `v3/`, written by
        //! `examples/make_fixtures.rs`): two companies, actions paid, refused, cancelled (with a
        //! confidential note), one opened from the payer's request, a month issued; from version
        //! 3, a follow-up of the paid action; from version 4, a meeting (changed once) and a
        //! promotion action in the journal.
        use super::*;
        use crate::domain::action::{ActionId, Status};

        /// The stored ledger opens with every record, and reads back the same once written again
        /// by this version; the backup holds the same ledger.
        fn opens_with_every_record(stored: &str, backup: &str, follow_ups: usize, journal: usize) {
            let s = StoredLedger::from_json(stored).unwrap();
            assert_eq!(s.version, VERSION, "migrated");
            assert_eq!(s.revision, 12);
            let l = &s.ledger;
            assert_eq!(l.companies().len(), 2);
            let action = |id: &str| &l.actions()[&ActionId(id.into())];
            assert_eq!(action("a-fixture-paid").status(), Status::Paid);
            assert_eq!(action("a-fixture-refused").status(), Status::Refused);
            assert_eq!(action("a-fixture-cancelled").status(), Status::Cancelled);
            assert_eq!(
                action("a-fixture-requested").status(),
                Status::NeedIdentified
            );
            assert_eq!(
                action("a-fixture-paid").record().follow_ups.len(),
                follow_ups
            );
            assert_eq!(l.requests().len(), 1);
            assert_eq!(l.issued_tables().len(), 1);
            assert_eq!(l.journal().len(), journal);
            assert!(l.set_aside().is_empty() && s.set_aside_now.is_empty());
            assert_eq!(l.figures().paid, crate::domain::money::Euros::whole(1200));
            assert_eq!(
                StoredLedger::from_json(&s.to_json()).unwrap().ledger,
                s.ledger
            );
            let b = Backup::from_json(backup).unwrap();
            assert_eq!(b.version, VERSION);
            assert_eq!(b.ledgers[0].ledger, s.ledger);
        }

        #[test]
        fn version_2_opens_with_every_record() {
            opens_with_every_record(
                include_str!("../../tests/fixtures/v2/stored.json"),
                include_str!("../../tests/fixtures/v2/backup.json"),
                0,
                0,
            );
        }

        #[test]
        fn version_3_opens_with_every_record() {
            opens_with_every_record(
                include_str!("../../tests/fixtures/v3/stored.json"),
                include_str!("../../tests/fixtures/v3/backup.json"),
                1,
                0,
            );
        }

        #[test]
        fn version_4_opens_with_every_record() {
            opens_with_every_record(
                include_str!("../../tests/fixtures/v4/stored.json"),
                include_str!("../../tests/fixtures/v4/backup.json"),
                1,
                2,
            );
            let s = StoredLedger::from_json(include_str!("../../tests/fixtures/v4/stored.json"))
                .unwrap();
            let c = s.ledger.convention();
            assert_eq!(c.terms().amendments.len(), 2);
            assert_eq!(c.envelope(), crate::domain::money::Euros::whole(6000));
            assert_eq!(
                c.last_day(),
                crate::test_support::d(2021, 12, 31),
                "only proposed"
            );
            assert_eq!(s.ledger.diffusion_requests().len(), 1);
            assert_eq!(s.ledger.collaborations().len(), 1);
            assert!(
                s.ledger
                    .diffusion_requests()
                    .values()
                    .all(|r| r.authorized())
            );
            // Written before devis numbers: each devis keeps the number it was printed with.
            assert_eq!(
                s.ledger.actions()[&ActionId("a-fixture-paid".into())]
                    .devis_number()
                    .as_deref(),
                Some("D-2021-ure-paid")
            );
        }
    }

    mod written_by_version_5 {
        //! Files kept from version 5 (`tests/fixtures/v5/`): version 4's ledger, with what format
        //! 5 added — a company's postal address, numbered devis, a request without SIRET.
        use super::*;
        use crate::domain::action::ActionId;
        use crate::domain::company::CompanyId;
        use crate::domain::request::{RequestId, RequestedCompany};

        #[test]
        fn version_5_opens_with_its_address_its_numbers_and_its_request_without_siret() {
            let s = StoredLedger::from_json(include_str!("../../tests/fixtures/v5/stored.json"))
                .unwrap();
            let l = &s.ledger;
            assert_eq!(l.companies().len(), 2);
            assert_eq!(
                l.companies()[&CompanyId("e-fixture-1".into())].address,
                "3 rue de la Gare, 90100"
            );
            let number = |id: &str| l.actions()[&ActionId(id.into())].devis_number();
            assert_eq!(number("a-fixture-paid").as_deref(), Some("D-2021-MD-001"));
            assert_eq!(
                number("a-fixture-refused").as_deref(),
                Some("D-2021-MD-002")
            );
            assert_eq!(
                number("a-fixture-cancelled").as_deref(),
                Some("D-2021-MD-003")
            );
            let RequestedCompany::Named(named) = &l.requests()
                [&RequestId("r-fixture-sans-siret".into())]
                .record()
                .company
            else {
                panic!("a company named by the payer")
            };
            assert_eq!(named.siret, None);
            assert_eq!(named.contact, "03 84 36 00 00");
            assert_eq!(
                StoredLedger::from_json(&s.to_json()).unwrap().ledger,
                s.ledger
            );
            let b = Backup::from_json(include_str!("../../tests/fixtures/v5/backup.json")).unwrap();
            assert_eq!(b.ledgers[0].ledger, s.ledger);
        }
    }

    mod written_by_version_6 {
        //! Files kept from version 6 (`tests/fixtures/v6/`): version 5's ledger with every step
        //! signed — companies, actions, requests, amendments, journal entries, diffusion
        //! requests, the issued table — and the two keys trusted as made here.
        use super::*;
        use crate::domain::signed::SealedKind;

        #[test]
        fn version_6_opens_with_every_step_sealed_and_its_keys_trusted() {
            let s = StoredLedger::from_json(include_str!("../../tests/fixtures/v6/stored.json"))
                .unwrap();
            let l = &s.ledger;
            let records = l.sealed_records();
            assert_eq!(records.len(), 16);
            for r in &records {
                // Format 6 did not sign a fiche 3 company's offers and demands (format 7 does).
                let signed = r.kind() != SealedKind::Collaboration;
                assert!(
                    r.signed_steps()
                        .iter()
                        .all(|step| step.seal.is_some() == signed)
                );
            }
            assert_eq!(l.trust().keys().count(), 2);
            let steps = l.proved_steps(SealedKind::Issued, "2021-01");
            assert_eq!(steps.len(), 1);
            assert!(steps[0].1.ends_with("de ce poste)"), "{steps:?}");
            assert_eq!(
                StoredLedger::from_json(&s.to_json()).unwrap().ledger,
                s.ledger
            );
            let b = Backup::from_json(include_str!("../../tests/fixtures/v6/backup.json")).unwrap();
            assert_eq!(b.ledgers[0].ledger, s.ledger);
        }
    }

    mod written_by_version_7 {
        //! Files kept from version 7 (`tests/fixtures/v7/`): version 6's ledger with a
        //! termination and its receipt, every step signed — the termination's two and the fiche 3
        //! offers and demands included.
        use super::*;
        use crate::domain::signed::SealedKind;

        #[test]
        fn version_7_opens_with_every_step_sealed_the_termination_included() {
            let s = StoredLedger::from_json(include_str!("../../tests/fixtures/v7/stored.json"))
                .unwrap();
            let l = &s.ledger;
            let records = l.sealed_records();
            assert_eq!(records.len(), 17);
            for r in &records {
                assert!(r.signed_steps().iter().all(|step| step.seal.is_some()));
            }
            let t = l.convention().terms().termination.as_ref().unwrap();
            assert_eq!(
                t.receipt_stamp().map(|s| s.at.date()),
                chrono::NaiveDate::from_ymd_opt(2021, 3, 23)
            );
            let steps = l.proved_steps(SealedKind::Termination, "notice");
            assert_eq!(steps.len(), 2);
            assert!(steps[1].1.ends_with("de ce poste)"), "{steps:?}");
            let b = Backup::from_json(include_str!("../../tests/fixtures/v7/backup.json")).unwrap();
            assert_eq!(b.ledgers[0].ledger, s.ledger);
        }
    }
}
