//! Exchange files: validation, ownership, merge (idempotent, order-independent), envelope guard,
//! confidentiality.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use proptest::prelude::*;

use super::merge::{Choice, ConflictKey, RecordKind, plan};
use super::{Reading, ReadingStep, checksum, read, write};
use crate::domain::action::ActionId;
use crate::domain::company::CompanyId;
use crate::domain::convention::{Convention, Fiche, Side};
use crate::domain::ledger::Ledger;
use crate::domain::money::Euros;
use crate::test_support::{action_with_devis, actor, company_form, d, ledger_with, stamp_on};

fn at() -> NaiveDateTime {
    d(2021, 6, 1).and_hms_opt(12, 0, 0).unwrap()
}

/// The CMA's ledger: one company, `n` actions with devis sent.
fn cma_ledger(n: usize) -> Ledger {
    let mut l = ledger_with("e1", &company_form("Boulangerie Martin", "Delle"));
    for i in 0..n {
        action_with_devis(
            &mut l,
            &format!("a{i}"),
            "e1",
            Fiche::ALL[i % 3],
            d(2021, 1, 5),
            d(2021, 1, 6),
        );
    }
    l
}

/// Imports `file` into `into`, taking every conflict as `choice`; panics on a rejected file.
fn import(into: &Ledger, file: &str) -> Ledger {
    import_with(into, file, &BTreeMap::new())
}

fn import_with(into: &Ledger, file: &str, choices: &BTreeMap<ConflictKey, Choice>) -> Ledger {
    let (checked, base) = read(file.as_bytes(), |id| {
        (id == into.convention().id()).then_some(into)
    })
    .unwrap_or_else(|p| panic!("{p:?}"));
    plan(base, &checked.file.content, choices).result
}

fn problems(into: &Ledger, file: &str) -> Vec<String> {
    match read(file.as_bytes(), |id| {
        (id == into.convention().id()).then_some(into)
    }) {
        Ok(_) => vec![],
        Err(p) => p.iter().map(ToString::to_string).collect(),
    }
}

/// Re-seals a file after editing its content, so the checksum is right and only the edit is wrong.
pub(super) fn reseal(file: &str, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(file).unwrap();
    edit(&mut v);
    v["checksum"] = serde_json::Value::from(super::checksum(&v["content"]));
    serde_json::to_string(&v).unwrap()
}

#[test]
fn a_file_round_trips_into_an_empty_ledger() {
    let cma = cma_ledger(3);
    let file = write(&cma, actor(Side::Chamber), at(), true);
    let ccst = import(&Ledger::new(Convention::seed()), &file);
    assert_eq!(ccst, cma);
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let cma = cma_ledger(3);
    let file = write(&cma, actor(Side::Chamber), at(), true);
    let once = import(&Ledger::new(Convention::seed()), &file);
    let (checked, _) = read(file.as_bytes(), |_| Some(&once)).unwrap();
    let p = plan(&once, &checked.file.content, &BTreeMap::new());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(p.result, once);
}

#[test]
fn the_full_exchange_cycle_ends_with_both_sides_equal() {
    let cma = cma_ledger(3);
    let mut ccst = import(
        &Ledger::new(Convention::seed()),
        &write(&cma, actor(Side::Chamber), at(), true),
    );
    ccst.engage(
        &ActionId("a0".into()),
        d(2021, 2, 1),
        stamp_on(Side::Payer, d(2021, 2, 1)),
    )
    .unwrap();
    ccst.engage(
        &ActionId("a1".into()),
        d(2021, 2, 1),
        stamp_on(Side::Payer, d(2021, 2, 1)),
    )
    .unwrap();
    let mut cma = import(&cma, &write(&ccst, actor(Side::Payer), at(), true));
    assert_eq!(cma.figures().engaged, Euros::whole(1500));
    let a0 = ActionId("a0".into());
    cma.record_service_done(&a0, d(2021, 3, 1), stamp_on(Side::Chamber, d(2021, 3, 1)))
        .unwrap();
    cma.record_invoice(
        &a0,
        "F-1",
        d(2021, 3, 2),
        Euros::whole(300),
        "",
        stamp_on(Side::Chamber, d(2021, 3, 2)),
    )
    .unwrap();
    let mut ccst = import(&ccst, &write(&cma, actor(Side::Chamber), at(), true));
    ccst.record_payment(&a0, d(2021, 4, 1), stamp_on(Side::Payer, d(2021, 4, 1)))
        .unwrap();
    let cma = import(&cma, &write(&ccst, actor(Side::Payer), at(), true));
    assert_eq!(cma, ccst);
    assert_eq!(cma.figures().paid, Euros::whole(300));
}

#[test]
fn steps_from_the_party_that_does_not_own_them_are_refused() {
    let cma = cma_ledger(1);
    // The CMA's file says it engaged its own devis: not its decision (its own ledger refuses
    // that step, so the file is forged).
    let file = reseal(&write(&cma, actor(Side::Chamber), at(), true), |v| {
        let action = &mut v["content"]["actions"][0];
        action["engaged_on"] = "2021-02-01".into();
        let mut event = action["history"][0].clone();
        event["kind"] = "Engaged".into();
        action["history"].as_array_mut().unwrap().push(event);
    });
    let p = problems(&Ledger::new(Convention::seed()), &file);
    assert!(
        p.iter()
            .any(|m| m
                .contains("modification refusée : « Devis engagé » revient à CCST, pas à CMA BFC")),
        "{p:?}"
    );
}

#[test]
fn an_engagement_without_its_event_is_refused() {
    let cma = cma_ledger(1);
    let file = reseal(&write(&cma, actor(Side::Chamber), at(), true), |v| {
        v["content"]["actions"][0]["engaged_on"] = serde_json::Value::from("2021-02-01");
    });
    let p = problems(&Ledger::new(Convention::seed()), &file);
    assert!(
        p.iter().any(|m| m.contains("« Devis engagé » sans trace")),
        "{p:?}"
    );
}

#[test]
fn engagements_made_concurrently_past_the_envelope_are_kept_and_the_excess_shown() {
    // Two CCST machines engaged different devis on the same base: together 5 700 € > 5 000 €.
    let mut base = Ledger::new(Convention::seed());
    let cma = cma_ledger(9);
    base = import(&base, &write(&cma, actor(Side::Chamber), at(), true));
    let (mut one, mut two) = (base.clone(), base.clone());
    for i in [1, 4] {
        one.engage(
            &ActionId(format!("a{i}")),
            d(2021, 2, 2),
            stamp_on(Side::Payer, d(2021, 2, 2)),
        )
        .unwrap();
    }
    two.engage(
        &ActionId("a7".into()),
        d(2021, 2, 3),
        stamp_on(Side::Payer, d(2021, 2, 3)),
    )
    .unwrap();
    for i in [0, 3, 6] {
        two.engage(
            &ActionId(format!("a{i}")),
            d(2021, 2, 3),
            stamp_on(Side::Payer, d(2021, 2, 3)),
        )
        .unwrap();
    }
    // one: 2 400 engaged; two: 1 200 + 900 = 2 100; plus a2/a5 (600 each) engaged on one.
    for i in [2, 5] {
        one.engage(
            &ActionId(format!("a{i}")),
            d(2021, 2, 4),
            stamp_on(Side::Payer, d(2021, 2, 4)),
        )
        .unwrap();
    }
    assert_eq!(
        one.figures().engaged + two.figures().engaged,
        Euros::whole(5700)
    );
    // Each was checked where it was made; together they pass the envelope. Both machines take
    // both engagements, in either order, and show the same figures: nothing available, the
    // excess shown (art. 2.2), nothing refused.
    let at_one = import(&one, &write(&two, actor(Side::Payer), at(), true));
    let at_two = import(&two, &write(&one, actor(Side::Payer), at(), true));
    assert_eq!(at_one, at_two);
    let f = at_one.figures();
    assert_eq!(f.engaged, Euros::whole(5700));
    assert_eq!(f.available, Euros::ZERO);
    assert_eq!(f.overspent, Euros::whole(700));
    let (checked, _) = read(
        write(&two, actor(Side::Payer), at(), true).as_bytes(),
        |_| Some(&one),
    )
    .unwrap();
    let p = plan(&one, &checked.file.content, &BTreeMap::new());
    assert!(p.refused.is_empty(), "{:?}", p.refused);
    // From then on, no engagement: the rule applies to new gestures.
    let mut after = at_one.clone();
    let open = after
        .actions()
        .values()
        .find(|a| a.status() == crate::domain::action::Status::DevisSent)
        .map(|a| a.id().clone())
        .unwrap();
    assert!(
        after
            .engage(&open, d(2021, 2, 5), stamp_on(Side::Payer, d(2021, 2, 5)))
            .is_err()
    );
}

#[test]
fn confidential_notes_leave_only_with_consent_and_never_erase_ours() {
    let mut cma = cma_ledger(1);
    let a0 = ActionId("a0".into());
    cma.set_note(
        &a0,
        "Dettes URSSAF, très sensible",
        true,
        stamp_on(Side::Chamber, d(2021, 1, 7)),
    )
    .unwrap();
    let without = write(&cma, actor(Side::Chamber), at(), false);
    assert!(!without.contains("Dettes URSSAF"));
    let with = write(&cma, actor(Side::Chamber), at(), true);
    assert!(with.contains("Dettes URSSAF"));
    // The CCST gets the action without the note, engages, and sends it back: the CMA keeps its note.
    let mut ccst = import(&Ledger::new(Convention::seed()), &without);
    assert_eq!(ccst.actions()[&a0].record().note.text, "");
    ccst.engage(&a0, d(2021, 2, 1), stamp_on(Side::Payer, d(2021, 2, 1)))
        .unwrap();
    let back = import(&cma, &write(&ccst, actor(Side::Payer), at(), false));
    assert_eq!(
        back.actions()[&a0].record().note.text,
        "Dettes URSSAF, très sensible"
    );
    assert!(back.actions()[&a0].record().engaged_on.is_some());
    // A note that is not confidential travels.
    cma.set_note(&a0, "RAS", false, stamp_on(Side::Chamber, d(2021, 1, 8)))
        .unwrap();
    assert!(write(&cma, actor(Side::Chamber), at(), false).contains("RAS"));
}

#[test]
fn one_step_recorded_differently_on_two_machines_keeps_the_earlier_on_both() {
    let base = import(
        &Ledger::new(Convention::seed()),
        &write(&cma_ledger(1), actor(Side::Chamber), at(), true),
    );
    let a0 = ActionId("a0".into());
    let (mut one, mut two) = (base.clone(), base.clone());
    one.engage(&a0, d(2021, 2, 9), stamp_on(Side::Payer, d(2021, 2, 9)))
        .unwrap();
    two.engage(&a0, d(2021, 2, 1), stamp_on(Side::Payer, d(2021, 2, 1)))
        .unwrap();
    let file = write(&two, actor(Side::Payer), at(), true);
    let (checked, _) = read(file.as_bytes(), |_| Some(&one)).unwrap();
    let p = plan(&one, &checked.file.content, &BTreeMap::new());
    assert!(p.conflicts.is_empty());
    let at_one = p.result;
    let at_two = import(&two, &write(&one, actor(Side::Payer), at(), true));
    assert_eq!(at_one, at_two);
    let r = at_one.actions()[&a0].record();
    assert_eq!(r.engaged_on, Some(d(2021, 2, 1)));
    assert_eq!(
        r.history
            .iter()
            .filter(|e| e.kind == crate::domain::action::Step::Engaged)
            .count(),
        2,
        "both engagements are in the history"
    );
}

#[test]
fn files_are_checked_completely_with_located_problems() {
    let cma = cma_ledger(2);
    let good = write(&cma, actor(Side::Chamber), at(), true);
    let empty = Ledger::new(Convention::seed());
    // Checksum.
    let tampered = good.replacen("\"Besoin\"", "\"Besoin modifié\"", 1);
    assert!(
        problems(&empty, &tampered)
            .iter()
            .any(|m| m.contains("somme de contrôle incorrecte"))
    );
    // Prices.
    let wrong_price = reseal(&good, |v| {
        v["content"]["actions"][0]["devis"]["amount"] = "250.00".into()
    });
    let p = problems(&empty, &wrong_price);
    assert!(
        p.iter().any(|m| m.starts_with(
            "Action Boulangerie Martin – Fiche 1 – Coaching Rebond – Relancer l'activité économique : devis.montant : 250,00\u{a0}€ ne correspond pas"
        )),
        "{p:?}"
    );
    // Unknown convention.
    let other = reseal(&good, |v| v["convention_id"] = "inconnue".into());
    assert!(
        problems(&empty, &other)
            .iter()
            .any(|m| m.contains("convention inconnue ici (inconnue)"))
    );
    // Newer version.
    let newer = reseal(&good, |v| v["version"] = (super::VERSION + 1).into());
    assert!(problems(&empty, &newer)[0].contains("version plus récente"));
    // Several problems at once, each with its place.
    let many = reseal(&good, |v| {
        v["content"]["companies"][0]["commune"] = "Belfort".into();
        v["content"]["actions"][1]["devis"]["amount"] = "1.00".into();
    });
    let p = problems(&empty, &many);
    assert!(p.len() >= 2, "{p:?}");
    assert!(
        p.iter()
            .any(|m| m.starts_with("Entreprise n° 1 (e1) : La commune « Belfort »")),
        "{p:?}"
    );
}

#[test]
fn a_file_at_the_size_limit_is_read() {
    let mut at_limit = vec![b' '; super::MAX_FILE_BYTES];
    at_limit[0] = b'{';
    let last = at_limit.len() - 1;
    at_limit[last] = b'}';
    let p = problems(
        &Ledger::new(Convention::seed()),
        std::str::from_utf8(&at_limit).unwrap(),
    );
    assert!(!p[0].contains("trop volumineux"), "{p:?}");
    assert!(
        p[0].contains("format « absent »"),
        "read, then refused for what it is: {p:?}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let big = vec![b' '; super::MAX_FILE_BYTES + 1];
    let p = problems(
        &Ledger::new(Convention::seed()),
        std::str::from_utf8(&big).unwrap(),
    );
    assert!(p[0].contains("fichier trop volumineux"), "{p:?}");
}

/// The base both sides start from: the chamber's twelve actions, an amendment it proposed (the
/// envelope raised to 6 000 €) and a diffusion request it recorded, as the payer imported them.
fn shared_base() -> Ledger {
    use crate::domain::amendment::{AmendmentId, Changes};
    use crate::domain::diffusion_request::DiffusionId;
    let mut l = cma_ledger(12);
    let s = stamp_on(Side::Chamber, d(2021, 1, 7));
    l.propose_amendment(
        AmendmentId("av-base".into()),
        Changes {
            envelope: Some(Euros::whole(6000)),
            ..Changes::default()
        },
        d(2021, 1, 7),
        s.clone(),
    )
    .unwrap();
    l.request_diffusion(
        DiffusionId("dd-base".into()),
        ["Région", "Notes", "Fonds"],
        d(2021, 1, 7),
        s,
    )
    .unwrap();
    import(
        &Ledger::new(Convention::seed()),
        &write(&l, actor(Side::Chamber), at(), true),
    )
}

/// One side's work on a shared base, as a list of (action index, operation): the steps of the
/// actions, and the records beside them — meetings and promotion actions, agreements to and
/// withdrawals from the diffusion request, the acceptance of the amendment (by the first payer's
/// machine only: indices below 4), a fiche 3 company's offers and demands.
fn apply_ops(base: &Ledger, ops: &[(usize, u8)], side: Side) -> Ledger {
    use crate::domain::amendment::AmendmentId;
    use crate::domain::diffusion_request::{DiffusionId, DiffusionStep};
    use crate::domain::journal::{Channel, EntryBody, EntryId, Promotion};
    let mut l = base.clone();
    let dd = DiffusionId("dd-base".into());
    for &(i, op) in ops {
        let id = ActionId(format!("a{i}"));
        let day = d(2021, 2, 1 + (i % 20) as u32);
        let s = stamp_on(side, day);
        let entry = EntryId(format!("j-{side:?}-{i}"));
        let _ = match (side, op % 8) {
            (_, 3) => l.record_entry(entry, crate::test_support::meeting(day, &[id]), s),
            (_, 4) => l.diffusion_step(&dd, DiffusionStep::Agreed, day, s),
            (_, 5) => l.diffusion_step(&dd, DiffusionStep::Withdrawn, day, s),
            (Side::Payer, 0 | 1) => l.engage(&id, day, s),
            (Side::Payer, 6) if i < 4 => l.accept_amendment(&AmendmentId("av-base".into()), day, s),
            (Side::Payer, 6 | 7) => l.record_entry(
                entry,
                EntryBody::Promotion(Promotion {
                    on: day,
                    channel: Channel::Press,
                    audience: String::new(),
                    text: format!("Article {i}"),
                }),
                s,
            ),
            (Side::Payer, _) => l.refuse(&id, day, "Hors cible", s),
            (Side::Chamber, 0) => l.set_note(&id, &format!("note {i}"), i % 2 == 0, s),
            (Side::Chamber, 6) => {
                l.set_collaboration(&CompanyId("e1".into()), &[format!("Offre {i}")], &[], s)
            }
            (Side::Chamber, 7) => l.diffusion_step(&dd, DiffusionStep::Exported, day, s),
            (Side::Chamber, _) => l.cancel(&id, day, "Abandon", s),
        };
    }
    l
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Importing the CCST's and the CMA's files gives the same state in either order, and importing
    /// either again changes nothing — when the two sides worked on different actions.
    #[test]
    fn merge_is_order_independent_and_idempotent(
        ccst_ops in proptest::collection::vec((0usize..6, any::<u8>()), 0..8),
        cma_ops in proptest::collection::vec((6usize..12, any::<u8>()), 0..8),
    ) {
        let base = shared_base();
        let a = write(&apply_ops(&base, &ccst_ops, Side::Payer), actor(Side::Payer), at(), true);
        let b = write(&apply_ops(&base, &cma_ops, Side::Chamber), actor(Side::Chamber), at(), true);
        let ab = import(&import(&base, &a), &b);
        let ba = import(&import(&base, &b), &a);
        prop_assert_eq!(&ab, &ba);
        prop_assert_eq!(&import(&ab, &a), &ab);
        prop_assert_eq!(&import(&ab, &b), &ab);
        prop_assert!(!ab.figures().available.is_negative());
    }

    /// Three machines' files (the CCST, the CMA, a second CCST agent) merge to the same state in any
    /// of the six orders: the merge is associative as well as commutative.
    #[test]
    fn merge_of_three_files_is_the_same_in_every_order(
        first in proptest::collection::vec((0usize..4, any::<u8>()), 0..6),
        second in proptest::collection::vec((4usize..8, any::<u8>()), 0..6),
        third in proptest::collection::vec((8usize..12, any::<u8>()), 0..6),
    ) {
        let base = shared_base();
        let ledgers = [
            apply_ops(&base, &first, Side::Payer),
            apply_ops(&base, &second, Side::Chamber),
            apply_ops(&base, &third, Side::Payer),
        ];
        let files = [
            write(&ledgers[0], actor(Side::Payer), at(), true),
            write(&ledgers[1], actor(Side::Chamber), at(), true),
            write(&ledgers[2], actor(Side::Payer), at(), true),
        ];
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        let results: Vec<Ledger> = orders
            .iter()
            .map(|o| o.iter().fold(base.clone(), |l, &i| import(&l, &files[i])))
            .collect();
        for r in &results {
            prop_assert!(!r.figures().available.is_negative());
        }
        // When the two CCST agents' engagements together exceed the envelope, each import keeps
        // what is already engaged and refuses the file's latest engagements (listed in the plan):
        // which agent's engagements stay then depends on who imports first. The property is for
        // files whose engagements fit together.
        let together = base
            .actions()
            .keys()
            .map(|id| {
                ledgers
                    .iter()
                    .map(|l| l.actions()[id].engaged_amount())
                    .max()
                    .unwrap_or(Euros::ZERO)
            })
            .fold(Euros::ZERO, |sum, e| sum + e);
        prop_assume!(together <= base.convention().terms().envelope);
        for r in &results[1..] {
            prop_assert_eq!(r, &results[0]);
        }
    }

    /// Export then import reproduces the ledger exactly, for any generated ledger.
    #[test]
    fn export_import_round_trips(seed in any::<u64>(), n in 0usize..40) {
        let c = crate::demo::conventions(1, Euros::whole(60_000)).remove(0);
        let l = crate::demo::ledger(c.clone(), n, seed);
        let file = write(&l, actor(Side::Chamber), at(), true);
        let (checked, _) = read(file.as_bytes(), |_| Some(&l)).unwrap();
        let empty = Ledger::new(c);
        prop_assert_eq!(plan(&empty, &checked.file.content, &BTreeMap::new()).result, l);
    }
}

/// Every file of `tests/exchange-corpus/` is refused with its expected problem, and leaves the
/// ledger byte-identical.
#[test]
fn the_corpus_of_broken_and_hostile_files_is_refused() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/exchange-corpus");
    let expected = std::fs::read_to_string(format!("{dir}/expected.tsv")).unwrap();
    let mut base = Ledger::new(Convention::seed());
    // The receiver already has the company of the example, so "unknown company" is the only fault.
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/exemple-echange.json"
    ))
    .unwrap();
    assert!(
        problems(&base, &example).is_empty(),
        "the documented example is valid"
    );
    base = import(&base, &example);
    let before = serde_json::to_string(&base).unwrap();
    let mut count = 0;
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let (file, problem) = line.split_once('\t').unwrap();
        let bytes = std::fs::read(format!("{dir}/{file}")).unwrap();
        let found = match read(&bytes, |id| (id == base.convention().id()).then_some(&base)) {
            Ok(_) => vec![],
            Err(p) => p.iter().map(ToString::to_string).collect::<Vec<_>>(),
        };
        assert!(
            found.iter().any(|m| m.contains(problem)),
            "{file}: expected « {problem} », got {found:?}"
        );
        assert_eq!(
            serde_json::to_string(&base).unwrap(),
            before,
            "{file} changed the data"
        );
        count += 1;
    }
    assert!(count >= 40, "at least 40 hostile files ({count})");
}

#[test]
fn the_diffusion_export_has_aggregates_and_the_source_only() {
    let mut l = cma_ledger(3);
    l.engage(
        &ActionId("a1".into()),
        d(2021, 2, 1),
        stamp_on(Side::Payer, d(2021, 2, 1)),
    )
    .unwrap();
    l.set_note(
        &ActionId("a1".into()),
        "Secret",
        true,
        stamp_on(Side::Chamber, d(2021, 2, 2)),
    )
    .unwrap();
    let bytes = super::diffusion::csv(&l);
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    for private in [
        "Boulangerie",
        "73282932000074",
        "Delle",
        "Secret",
        "Besoin",
        "Programme",
    ] {
        assert!(!text.contains(private), "{private} must not be diffused");
    }
    assert!(
        text.contains("\"02/2021\";\"0\";\"1\";\"0\";\"1200,00\";\"0,00\""),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("\"Source : CMA BFC – CCST, convention du 27/11/2020\"")
    );
}

/// Reads `bytes` in steps of `budget` records against `ledger`, checking that progress only grows
/// and ends complete.
fn read_in_steps(
    bytes: &[u8],
    ledger: &Ledger,
    budget: usize,
) -> Result<super::Checked, Vec<super::Problem>> {
    let mut reading = Reading::start(bytes)?;
    let mut last = reading.progress();
    assert_eq!(last.done, 0);
    loop {
        match reading.step(Some(ledger), budget) {
            ReadingStep::Going(p) => {
                assert!(
                    p.done > last.done,
                    "each step moves on: {last:?} then {p:?}"
                );
                assert!(p.done <= p.total && p.total == last.total);
                assert!(p.percent() <= 100);
                last = p;
            }
            ReadingStep::Done(result) => return *result,
        }
    }
}

#[test]
fn reading_in_small_steps_gives_what_reading_in_one_go_gives() {
    let l = cma_ledger(40);
    let empty = Ledger::new(Convention::seed());
    let file = write(&l, actor(Side::Chamber), at(), true);
    let whole = read(file.as_bytes(), |_| Some(&empty)).unwrap().0;
    for budget in [1, 3, 7, 100] {
        assert_eq!(
            read_in_steps(file.as_bytes(), &empty, budget).unwrap(),
            whole
        );
    }
    // A file with faults lists the same problems, in the same order, whatever the steps.
    let broken = file
        .replacen("\"Programme\"", "\"Programme modifié\"", 1)
        .replace("\"Besoin\"", "42");
    let whole = read(broken.as_bytes(), |_| Some(&empty)).unwrap_err();
    assert!(whole.len() > 40, "checksum and every action: {whole:?}");
    assert!(whole[0].message.contains("somme de contrôle incorrecte"));
    for budget in [1, 5, 1000] {
        assert_eq!(
            read_in_steps(broken.as_bytes(), &empty, budget).unwrap_err(),
            whole
        );
    }
}

#[test]
fn the_checksum_checked_in_steps_is_the_checksum_of_the_whole_content() {
    let l = cma_ledger(5);
    let file = write(&l, actor(Side::Chamber), at(), true);
    let mut root: serde_json::Value = serde_json::from_str(&file).unwrap();
    // Keys before, between and after the lists, of every kind, are hashed in their place.
    let content = root["content"].as_object_mut().unwrap();
    content.insert(
        "aa".into(),
        serde_json::json!({"x": [1, "é\"\\"], "b": null}),
    );
    content.insert("b-empty".into(), serde_json::json!([]));
    content.insert("bz".into(), serde_json::json!(["un", 2, 3.5, true]));
    content.insert("zz".into(), serde_json::json!("fin"));
    // Many small keys, between the lists and after them.
    for i in 0..3000 {
        content.insert(format!("c{i:04}"), serde_json::json!([i]));
        content.insert(format!("k{i:04}"), serde_json::json!(i));
    }
    root["checksum"] = checksum(&root["content"]).into();
    let text = serde_json::to_string_pretty(&root).unwrap();
    let empty = Ledger::new(Convention::seed());
    for budget in [1, 2, 1000] {
        assert!(
            read_in_steps(text.as_bytes(), &empty, budget).is_ok(),
            "budget {budget}"
        );
    }
    // One byte changed in an extra key is caught.
    let tampered = text.replace("\"fin\"", "\"fil\"");
    let problems = read_in_steps(tampered.as_bytes(), &empty, 2).unwrap_err();
    assert!(
        problems[0].message.contains("somme de contrôle incorrecte"),
        "{problems:?}"
    );
}

#[test]
fn a_file_is_written_with_its_content_canonical_and_read_whatever_its_layout() {
    let l = cma_ledger(5);
    let file = write(&l, actor(Side::Chamber), at(), true);
    let root: serde_json::Value = serde_json::from_str(&file).unwrap();
    let canonical = serde_json::to_string(&root["content"]).unwrap();
    assert!(
        file.contains(&format!("\"content\": {canonical}\n}}")),
        "the content as hashed"
    );
    assert!(file.starts_with("{\n  \""), "the header one entry per line");
    let empty = Ledger::new(Convention::seed());
    // Spaces added inside the content (a text editor): the same content, still read.
    let spaced = file.replacen("\",\"", "\", \"", 3);
    assert_ne!(spaced, file);
    for text in [
        &file,
        &spaced,
        &serde_json::to_string_pretty(&root).unwrap(),
    ] {
        let checked = read_in_steps(text.as_bytes(), &empty, 2).expect("the same content");
        assert_eq!(checked.file.content.actions.len(), l.actions().len());
    }
}

#[test]
fn a_file_another_tool_rewrote_keys_reordered_and_letters_escaped_keeps_its_checksum() {
    let l = cma_ledger(5);
    let file = write(&l, actor(Side::Chamber), at(), true);
    // The content as a tool that does not sort keys and escapes every non-ASCII letter writes it
    // (`\u00e9` for « é »), tabs for its layout: not the canonical text, the same content.
    fn rewritten(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::Object(o) => {
                out.push_str("{\t");
                for (i, (k, v)) in o.iter().rev().enumerate() {
                    if i > 0 {
                        out.push_str(",\n\t");
                    }
                    rewritten(&serde_json::Value::String(k.clone()), out);
                    out.push_str(" : ");
                    rewritten(v, out);
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push_str("[ ");
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" , ");
                    }
                    rewritten(v, out);
                }
                out.push(']');
            }
            serde_json::Value::String(t) => {
                let json = serde_json::to_string(t).unwrap();
                for c in json.chars() {
                    match c.is_ascii() {
                        true => out.push(c),
                        false => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                    }
                }
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let root: serde_json::Value = serde_json::from_str(&file).unwrap();
    let mut text = String::new();
    rewritten(&root, &mut text);
    assert!(
        text.contains("\\u00e9") && !text.contains('é'),
        "the rewrite escapes"
    );
    let empty = Ledger::new(Convention::seed());
    let checked = read_in_steps(text.as_bytes(), &empty, 3).expect("the same content");
    assert_eq!(checked.file.content.actions.len(), l.actions().len());
    // One letter changed in it is still caught.
    let tampered = text.replacen("\\u00e9", "\\u00e8", 1);
    let problems = read_in_steps(tampered.as_bytes(), &empty, 3).unwrap_err();
    assert!(
        problems[0].message.contains("somme de contrôle incorrecte"),
        "{problems:?}"
    );
}

#[test]
fn follow_ups_of_two_advisers_reach_the_ccst_in_either_order() {
    use crate::domain::follow_up::Outcome;
    use crate::test_support::actor;
    let a = ActionId("a1".into());
    let mut done = cma_ledger(3);
    done.engage(&a, d(2021, 2, 1), stamp_on(Side::Payer, d(2021, 2, 1)))
        .unwrap();
    done.record_service_done(&a, d(2021, 3, 1), stamp_on(Side::Chamber, d(2021, 3, 1)))
        .unwrap();
    let ccst = import(
        &Ledger::new(Convention::seed()),
        &write(&done, actor(Side::Chamber), at(), true),
    );
    // Two CMA advisers, each on their own machine.
    let adviser = |name: &str, on, outcomes: &[Outcome]| {
        let mut l = done.clone();
        let mut s = stamp_on(Side::Chamber, on);
        s.actor.name = name.into();
        l.add_follow_up(&a, on, outcomes, "", s).unwrap();
        write(
            &l,
            crate::domain::audit::Actor {
                side: Side::Chamber,
                name: name.into(),
            },
            at(),
            true,
        )
    };
    let first = adviser("Marie Dupont", d(2021, 4, 1), &[Outcome::DigitalPlan]);
    let second = adviser("Luc Martin", d(2021, 5, 1), &[Outcome::DigitalTools]);
    let ab = import(&import(&ccst, &first), &second);
    let ba = import(&import(&ccst, &second), &first);
    assert_eq!(ab, ba);
    assert_eq!(import(&ab, &first), ab, "idempotent");
    let follow_ups = &ab.actions()[&a].record().follow_ups;
    assert_eq!(
        follow_ups
            .iter()
            .map(|f| f.outcomes.clone())
            .collect::<Vec<_>>(),
        [vec![Outcome::DigitalPlan], vec![Outcome::DigitalTools]]
    );
    // A follow-up the CCST wrote is refused, like any step of the chamber's.
    let mut forged: serde_json::Value = serde_json::from_str(&first).unwrap();
    let action = forged["content"]["actions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|x| x["id"] == "a1")
        .unwrap();
    action["follow_ups"][0]["stamp"]["actor"]["side"] = "Payer".into();
    let history = action["history"].as_array_mut().unwrap();
    history.last_mut().unwrap()["stamp"]["actor"]["side"] = "Payer".into();
    forged["checksum"] = checksum(&forged["content"]).into();
    let problems = problems(&ccst, &forged.to_string());
    assert!(
        problems
            .iter()
            .any(|p| p.contains("« Suite enregistrée » revient à CMA BFC")),
        "{problems:?}"
    );
}

#[test]
fn the_plan_says_each_change_with_its_steps_who_and_when_and_the_amounts() {
    use super::merge::{Taken, What};
    use crate::domain::lifecycle::Status;
    let cma = cma_ledger(2);
    // The CCST receives the devis: two new actions, each bringing its creation and its devis.
    let file = write(&cma, actor(Side::Chamber), at(), false);
    let (checked, _) = read(file.as_bytes(), |_| Some(&cma)).unwrap();
    let empty = Ledger::new(Convention::seed());
    let p = plan(&empty, &checked.file.content, &BTreeMap::new());
    let kinds: Vec<_> = p.changes.iter().map(|c| (c.kind, c.what)).collect();
    assert_eq!(
        kinds,
        [
            (RecordKind::Company, What::Added),
            (RecordKind::Action, What::Added),
            (RecordKind::Action, What::Added)
        ]
    );
    let a0 = &p.changes[1];
    assert!(
        a0.record.starts_with("Boulangerie Martin – Fiche 1 – "),
        "{}",
        a0.record
    );
    assert_eq!(
        a0.taken,
        [
            Taken {
                what: "Action créée",
                by: actor(Side::Chamber),
                at: stamp_on(Side::Chamber, d(2021, 1, 5)).at,
                on: Some(d(2021, 1, 5)),
                amount: None,
                detail: None,
            },
            Taken {
                what: "Devis envoyé",
                by: actor(Side::Chamber),
                at: stamp_on(Side::Chamber, d(2021, 1, 6)).at,
                on: Some(d(2021, 1, 6)),
                amount: Some(Euros::whole(300)),
                detail: Some("n° D-2021-MD-001".into()),
            }
        ]
    );
    assert_eq!(a0.engaged, Some((Euros::ZERO, Euros::ZERO)));
    let a0_name = a0.record.clone();

    // The CCST engages one; the CMA imports that: one action updated, one step, by the payer,
    // and the engaged amount it adds, which is the envelope's difference.
    let mut ccst = p.result.clone();
    ccst.engage(
        &ActionId("a0".into()),
        d(2021, 1, 20),
        stamp_on(Side::Payer, d(2021, 1, 20)),
    )
    .unwrap();
    let back = write(&ccst, actor(Side::Payer), at(), false);
    let (checked, _) = read(back.as_bytes(), |_| Some(&cma)).unwrap();
    let p = plan(&cma, &checked.file.content, &BTreeMap::new());
    assert_eq!(p.changes.len(), 1, "{:#?}", p.changes);
    let c = &p.changes[0];
    assert_eq!((c.kind, c.what), (RecordKind::Action, What::Updated));
    assert_eq!(
        c.taken,
        [Taken {
            what: "Devis engagé",
            by: actor(Side::Payer),
            at: stamp_on(Side::Payer, d(2021, 1, 20)).at,
            on: Some(d(2021, 1, 20)),
            amount: Some(Euros::whole(300)),
            detail: None,
        }]
    );
    assert_eq!(
        c.status,
        Some((Some(Status::DevisSent), Status::Engaged)),
        "from what to what"
    );
    let (from, to) = c.engaged.unwrap();
    assert_eq!((from, to), (Euros::ZERO, Euros::whole(300)));
    assert_eq!(p.after.engaged - p.before.engaged, to - from);
    assert_eq!(p.lines(RecordKind::Action, false), [a0_name]);
}
