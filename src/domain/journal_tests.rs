//! The journal's rules: who records what, who changes it, what is checked, and that a refusal
//! changes nothing.

use super::*;
use crate::domain::convention::Fiche;
use crate::domain::ledger::Ledger;
use crate::test_support::{d, engaged_action, ledger_with_companies, meeting, stamp, stamp_on};

fn promotion(on: NaiveDate) -> EntryBody {
    EntryBody::Promotion(Promotion {
        on,
        channel: Channel::Bulletin,
        audience: " artisans du territoire ".into(),
        text: "Article sur le dispositif de relance.".into(),
    })
}

fn ledger() -> (Ledger, ActionId) {
    let mut l = ledger_with_companies(&[("Boulangerie Martin", "Delle")]);
    let a = engaged_action(&mut l, "a1", "c0", Fiche::Relance);
    (l, a)
}

#[test]
fn either_side_records_a_meeting_naming_actions_of_the_convention() {
    let (mut l, a) = ledger();
    for (id, side) in [("m1", Side::Chamber), ("m2", Side::Payer)] {
        l.record_entry(
            EntryId(id.into()),
            meeting(d(2021, 3, 2), std::slice::from_ref(&a)),
            stamp(side),
        )
        .unwrap();
        let e = &l.journal()[&EntryId(id.into())];
        assert_eq!(e.author().actor.side, side);
        assert_eq!(e.history().len(), 1);
        assert_eq!(e.history()[0].kind, JournalStep::MeetingRecorded);
    }
    assert_eq!(l.journal_held(d(2021, 3, 1)), (0, 0));
    assert_eq!(l.journal_held(d(2021, 3, 2)), (2, 0));
}

#[test]
fn promotion_is_the_payers_only() {
    let (mut l, _) = ledger();
    let before = l.clone();
    let err = l
        .record_entry(
            EntryId("p1".into()),
            promotion(d(2021, 2, 1)),
            stamp(Side::Chamber),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "« Action de promotion enregistrée » revient à CCST, pas à CMA BFC."
    );
    assert_eq!(l, before);
    l.record_entry(
        EntryId("p1".into()),
        promotion(d(2021, 2, 1)),
        stamp(Side::Payer),
    )
    .unwrap();
    match l.journal()[&EntryId("p1".into())].body() {
        EntryBody::Promotion(p) => assert_eq!(p.audience, "artisans du territoire"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn only_the_authors_side_changes_an_entry_and_each_change_is_kept() {
    let (mut l, a) = ledger();
    let id = EntryId("m1".into());
    l.record_entry(
        id.clone(),
        meeting(d(2021, 3, 2), &[]),
        stamp(Side::Chamber),
    )
    .unwrap();
    let before = l.clone();
    let err = l
        .change_entry(&id, meeting(d(2021, 3, 3), &[]), stamp(Side::Payer))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "« Entrée du journal modifiée » revient à CMA BFC, pas à CCST."
    );
    assert_eq!(l, before);
    assert_eq!(
        l.change_entry(&id, promotion(d(2021, 3, 3)), stamp(Side::Chamber)),
        Err(DomainError::EntryKindChanged)
    );
    l.change_entry(
        &id,
        meeting(d(2021, 3, 3), &[a]),
        stamp_on(Side::Chamber, d(2021, 3, 4)),
    )
    .unwrap();
    let e = &l.journal()[&id];
    assert_eq!(e.body().on(), d(2021, 3, 3));
    assert_eq!(e.history().len(), 2);
    assert_eq!(e.history()[1].kind, JournalStep::Changed);
    assert_eq!(e.author(), &stamp(Side::Chamber));
}

#[test]
fn a_meeting_is_checked_and_a_refusal_changes_nothing() {
    let (mut l, _) = ledger();
    let before = l.clone();
    let with = |f: &dyn Fn(&mut Meeting)| {
        let EntryBody::Meeting(mut m) = meeting(d(2021, 3, 2), &[]) else {
            unreachable!()
        };
        f(&mut m);
        EntryBody::Meeting(m)
    };
    let cases: Vec<(EntryBody, &str)> = vec![
        (
            with(&|m| m.on = d(2020, 11, 26)),
            "L'entrée du journal ne peut pas précéder la signature de la convention (27/11/2020).",
        ),
        (
            with(&|m| m.payer_participants = vec![" ".into()]),
            "Le champ « participants du financeur » est obligatoire.",
        ),
        (
            with(&|m| m.chamber_participants.clear()),
            "Le champ « participants de la chambre consulaire » est obligatoire.",
        ),
        (
            with(&|m| m.decisions = "  ".into()),
            "Le champ « décisions » est obligatoire.",
        ),
        (
            with(&|m| m.venue = Venue::Place(String::new())),
            "Le champ « lieu » est obligatoire.",
        ),
        (
            with(&|m| m.next_on = Some(d(2021, 3, 2))),
            "Le prochain rendez-vous doit suivre celui du 02/03/2021.",
        ),
        (
            with(&|m| m.actions = vec![ActionId("nope".into())]),
            "Action introuvable (nope).",
        ),
    ];
    for (body, message) in cases {
        let err = l
            .record_entry(EntryId("m".into()), body, stamp(Side::Chamber))
            .unwrap_err();
        assert_eq!(err.to_string(), message);
        assert_eq!(l, before);
    }
    // After the end: a closing meeting is fine.
    l.record_entry(
        EntryId("m".into()),
        with(&|m| {
            m.on = d(2022, 1, 20);
            m.venue = Venue::Visio;
        }),
        stamp(Side::Chamber),
    )
    .unwrap();
    assert_eq!(
        l.record_entry(
            EntryId("m".into()),
            meeting(d(2021, 3, 2), &[]),
            stamp(Side::Chamber)
        ),
        Err(DomainError::DuplicateId("m".into()))
    );
}

#[test]
fn a_stored_or_received_entry_is_rechecked() {
    let (mut l, _) = ledger();
    l.record_entry(
        EntryId("m1".into()),
        meeting(d(2021, 3, 2), &[]),
        stamp(Side::Chamber),
    )
    .unwrap();
    l.record_entry(
        EntryId("p1".into()),
        promotion(d(2021, 3, 2)),
        stamp(Side::Payer),
    )
    .unwrap();
    let text = serde_json::to_string(&l).unwrap();
    let back: Ledger = serde_json::from_str(&text).unwrap();
    assert_eq!(back, l);

    let mut v = serde_json::to_value(&l.journal()[&EntryId("p1".into())]).unwrap();
    v["history"][0]["stamp"]["actor"]["side"] = "Chamber".into();
    let err = serde_json::from_value::<JournalEntry>(v)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            " incohérente : « Action de promotion enregistrée » ne peut pas venir de cette partie"
        ),
        "{err}"
    );

    let mut v = serde_json::to_value(&l.journal()[&EntryId("m1".into())]).unwrap();
    v["history"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"kind": "Changed", "stamp": stamp(Side::Payer)}));
    let err = serde_json::from_value::<JournalEntry>(v)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("modifiée par l'autre partie que son auteur"),
        "{err}"
    );

    let mut v = serde_json::to_value(&l.journal()[&EntryId("m1".into())]).unwrap();
    v["body"]["Meeting"]["decisions"] = " x ".into();
    let e: JournalEntry = serde_json::from_value(v).unwrap();
    assert_eq!(
        e.check_against(l.convention()),
        Err(DomainError::EntryNotNormalised)
    );
}
