//! The import of a received file as a state machine: reading in slices → checked → (a convention
//! this machine lacks offered first) → planned on its convention's ledger → confirmed as a
//! command. Every transition is here, tested natively; the import screen (`ui::import`) only feeds
//! it (the bytes, the ledger, the user's answers, pauses between slices) and draws the state.
//!
//! ```text
//!  start(bytes) ──▶ Checking ──step()──▶ Checking … ──▶ Checked ──plan()──▶ Plan ──▶ Command::Import
//!       │              │                                   (the screen confirms)
//!       │              └──▶ Refused(problems)
//!       └──▶ ConventionOffered ──convention_added()──▶ Checking
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use super::merge::{Choice, ConflictKey, Plan, plan};
use super::{Checked, Problem, Reading, ReadingStep};
use crate::domain::convention::{Convention, ConventionId};
use crate::domain::ledger::Ledger;

/// Where an import stands.
pub enum Import {
    /// The file is being checked, a slice of records at a time.
    Checking {
        /// The file's name.
        name: String,
        /// The reading under way.
        reading: Box<Reading>,
    },
    /// The file names a convention this machine does not have: its terms, for the user to check
    /// and add; the file is read again once it is added.
    ConventionOffered {
        /// The file's name.
        name: String,
        /// The convention, as the file states it.
        convention: Box<Convention>,
        /// The file (decrypted), to read again.
        bytes: Arc<Vec<u8>>,
    },
    /// Every check passed: ready to be previewed.
    Checked {
        /// The file's name.
        name: String,
        /// The convention it names.
        convention: ConventionId,
        /// The file, typed.
        checked: Box<Checked>,
    },
    /// Refused: every problem found; nothing was changed.
    Refused(Vec<Problem>),
}

impl std::fmt::Debug for Import {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Import::Checking { name, reading } => {
                write!(f, "Checking({name}, {} %)", reading.progress().percent())
            }
            Import::ConventionOffered {
                name, convention, ..
            } => {
                write!(f, "ConventionOffered({name}, {})", convention.id())
            }
            Import::Checked {
                name, convention, ..
            } => write!(f, "Checked({name}, {convention})"),
            Import::Refused(problems) => write!(f, "Refused({problems:?})"),
        }
    }
}

impl Import {
    /// Starts the import of the (decrypted) file `bytes` named `name`; `known` says whether this
    /// machine has a convention.
    pub fn start(name: String, bytes: &[u8], known: impl Fn(&ConventionId) -> bool) -> Import {
        let reading = match Reading::start(bytes) {
            Ok(r) => r,
            Err(problems) => return Import::Refused(problems),
        };
        match reading.convention_id() {
            Some(id) if !known(id) => match reading.convention_offered() {
                Ok(convention) => Import::ConventionOffered {
                    name,
                    convention: Box::new(convention),
                    bytes: Arc::new(bytes.to_vec()),
                },
                Err(problem) => Import::Refused(vec![problem]),
            },
            _ => Import::Checking {
                name,
                reading: Box::new(reading),
            },
        }
    }

    /// After the user added the offered convention: the file is read again, against it.
    pub fn convention_added(self) -> Import {
        match self {
            Import::ConventionOffered { name, bytes, .. } => Import::start(name, &bytes, |_| true),
            other => other,
        }
    }

    /// The convention the file names, once known.
    pub fn convention(&self) -> Option<&ConventionId> {
        match self {
            Import::Checking { reading, .. } => reading.convention_id(),
            Import::Checked { convention, .. } => Some(convention),
            Import::ConventionOffered { convention, .. } => Some(convention.id()),
            Import::Refused(_) => None,
        }
    }

    /// Checks up to `records` more records against `ledger` (the ledger of the convention the
    /// file names): still checking, checked, or refused.
    pub fn step(self, ledger: Option<&Ledger>, records: usize) -> Import {
        let Import::Checking { name, mut reading } = self else {
            return self;
        };
        match reading.step(ledger, records) {
            ReadingStep::Going(_) => Import::Checking { name, reading },
            ReadingStep::Done(result) => match *result {
                Ok(checked) => Import::Checked {
                    name,
                    convention: checked.file.convention_id.clone(),
                    checked: Box::new(checked),
                },
                Err(problems) => Import::Refused(problems),
            },
        }
    }

    /// Hands the hashing of the file's content to the caller: see [`Reading::hash_elsewhere`].
    pub fn hash_elsewhere(&mut self) -> Option<&[u8]> {
        match self {
            Import::Checking { reading, .. } => reading.hash_elsewhere(),
            _ => None,
        }
    }

    /// The caller's digest: see [`Reading::digest_given`].
    pub fn digest_given(&mut self, digest: Option<String>) {
        if let Import::Checking { reading, .. } = self {
            reading.digest_given(digest);
        }
    }

    /// Whether every record is checked and the caller's digest is awaited.
    pub fn awaits_digest(&self) -> bool {
        matches!(self, Import::Checking { reading, .. } if reading.awaits_digest())
    }

    /// Whether the file is still being checked.
    pub fn checking(&self) -> bool {
        matches!(self, Import::Checking { .. })
    }

    /// How far the checking is, in percent.
    pub fn percent(&self) -> Option<u8> {
        match self {
            Import::Checking { reading, .. } => Some(reading.progress().percent()),
            _ => None,
        }
    }

    /// What importing the checked file into `ledger` would change, with the user's `choices` on
    /// its conflicts; `None` before it is checked.
    pub fn plan(&self, ledger: &Ledger, choices: &BTreeMap<ConflictKey, Choice>) -> Option<Plan> {
        match self {
            Import::Checked { checked, .. } => Some(plan(ledger, &checked.file.content, choices)),
            _ => None,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::convention::Side;
    use crate::exchange::write;
    use crate::test_support::{actor, company_form, d, engaged_action, ledger_with};

    fn file_of(ledger: &Ledger, side: Side) -> String {
        write(
            ledger,
            actor(side),
            d(2021, 2, 1).and_hms_opt(9, 0, 0).unwrap(),
            false,
        )
    }

    /// The chamber's ledger: a garage with `n` engaged actions (`a0`, `a1`…).
    fn garage_with_engaged(n: usize) -> Ledger {
        let mut cma = ledger_with("e", &company_form("Garage", "Croix"));
        for i in 0..n {
            engaged_action(
                &mut cma,
                &format!("a{i}"),
                "e",
                crate::domain::convention::Fiche::Relance,
            );
        }
        cma
    }

    /// Runs the checking to its end, 2 records at a time; returns the states seen.
    fn check_all(mut import: Import, ledger: Option<&Ledger>) -> (Import, Vec<u8>) {
        let mut seen = Vec::new();
        while import.checking() {
            seen.extend(import.percent());
            import = import.step(ledger, 2);
        }
        (import, seen)
    }

    #[test]
    fn the_checksum_can_be_computed_by_the_caller_while_the_records_are_checked() {
        use sha2::{Digest, Sha256};
        let cma = garage_with_engaged(1);
        let bytes = file_of(&cma, Side::Chamber);
        let empty = Ledger::new(Convention::seed());
        let sum = |text: &[u8]| crate::exchange::hex_digest(Sha256::new_with_prefix(text));
        for (right, tampered) in [(true, false), (false, false), (true, true)] {
            let text = match tampered {
                false => bytes.clone(),
                true => bytes.replacen("Garage", "Garagf", 1),
            };
            let mut import = Import::start("f.json".into(), text.as_bytes(), |_| true);
            let content = import
                .hash_elsewhere()
                .expect("written without spaces")
                .to_vec();
            assert!(import.hash_elsewhere().is_none(), "once");
            // The records are checked meanwhile; the reading then waits for the digest.
            for _ in 0..1000 {
                import = import.step(Some(&empty), 2);
            }
            assert!(import.awaits_digest());
            let given = match right {
                true => sum(&content),
                false => sum(b"something else"),
            };
            import.digest_given(Some(given));
            let import = import.step(Some(&empty), 2);
            // A digest that does not match is checked again over the canonical form, which
            // decides: a wrong digest from the caller refuses nothing; a changed file is refused.
            match (!tampered, &import) {
                (true, Import::Checked { .. }) => {}
                (false, Import::Refused(problems)) => assert!(
                    problems[0].message.contains("somme de contrôle incorrecte"),
                    "{problems:?}"
                ),
                other => panic!("{other:?}"),
            }
        }
        // The caller could not hash it: the reading does.
        let mut import = Import::start("f.json".into(), bytes.as_bytes(), |_| true);
        assert!(import.hash_elsewhere().is_some());
        import.digest_given(None);
        let (import, _) = check_all(import, Some(&empty));
        assert!(matches!(import, Import::Checked { .. }), "{import:?}");
        // An indented file is hashed here, its spaces left out.
        let root: serde_json::Value = serde_json::from_str(&bytes).unwrap();
        let pretty = serde_json::to_string_pretty(&root).unwrap();
        let mut import = Import::start("f.json".into(), pretty.as_bytes(), |_| true);
        assert!(import.hash_elsewhere().is_none());
    }

    #[test]
    fn a_file_is_checked_in_slices_then_planned() {
        let cma = garage_with_engaged(4);
        let bytes = file_of(&cma, Side::Chamber);
        let empty = Ledger::new(Convention::seed());
        let import = Import::start("f.json".into(), bytes.as_bytes(), |_| true);
        assert_eq!(import.convention(), Some(cma.convention().id()));
        let (import, seen) = check_all(import, Some(&empty));
        assert!(seen.len() > 2, "progress in several slices: {seen:?}");
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
        let Import::Checked {
            name, convention, ..
        } = &import
        else {
            panic!("checked, not {import:?}");
        };
        assert_eq!(
            (name.as_str(), convention),
            ("f.json", cma.convention().id())
        );
        let p = import.plan(&empty, &BTreeMap::new()).unwrap();
        assert_eq!(p.result.actions().len(), 4);
    }

    #[test]
    fn a_file_for_an_unknown_convention_is_offered_then_read_once_added() {
        let mut terms = Convention::seed().terms().clone();
        terms.id = ConventionId("autre-2021".into());
        terms.title = "Autre convention".into();
        let other = Ledger::new(Convention::new(terms).unwrap());
        let bytes = file_of(&other, Side::Payer);
        let import = Import::start("f.json".into(), bytes.as_bytes(), |_| false);
        let Import::ConventionOffered { convention, .. } = &import else {
            panic!("offered, not {import:?}");
        };
        assert_eq!(convention.terms().title, "Autre convention");
        assert!(import.plan(&other, &BTreeMap::new()).is_none());
        // Added by the user: read again against it.
        let added = Ledger::new((**convention).clone());
        let import = import.convention_added();
        assert!(import.checking());
        let (import, _) = check_all(import, Some(&added));
        assert!(matches!(import, Import::Checked { .. }), "{import:?}");
    }

    #[test]
    fn a_broken_file_is_refused_with_its_problems_and_stays_refused() {
        let import = Import::start("f.json".into(), b"{\"format\":", |_| true);
        let Import::Refused(problems) = &import else {
            panic!("refused, not {import:?}");
        };
        assert!(!problems.is_empty());
        let import = import.step(None, 10).convention_added();
        assert!(matches!(import, Import::Refused(_)));
        assert!(
            import
                .plan(&Ledger::new(Convention::seed()), &BTreeMap::new())
                .is_none()
        );
    }

    #[test]
    fn a_file_with_a_step_of_the_wrong_side_is_refused_after_checking() {
        // The payer's engagement, rewritten as the chamber's: refused, naming the payer.
        let cma = garage_with_engaged(1);
        let file = file_of(&cma, Side::Chamber);
        let forged = crate::exchange::tests::reseal(&file, |v| {
            let history = &mut v["content"]["actions"][0]["history"];
            for e in history.as_array_mut().unwrap() {
                e["stamp"]["actor"]["side"] = serde_json::to_value(Side::Chamber).unwrap();
            }
        });
        let import = Import::start("f.json".into(), forged.as_bytes(), |_| true);
        let (import, _) = check_all(import, Some(&Ledger::new(Convention::seed())));
        let Import::Refused(problems) = import else {
            panic!("refused, not {import:?}");
        };
        assert!(
            problems.iter().any(|p| p.message.contains("CCST")),
            "{problems:?}"
        );
    }
}
