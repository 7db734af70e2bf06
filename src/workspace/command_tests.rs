//! Every command kind through [`Workspace::execute`], and its undo; two tabs' command sequences
//! merged in either order.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::command::*;
use super::*;
use crate::domain::action::{ActionId, Step};
use crate::domain::amendment::{AmendmentId, Changes};
use crate::domain::company::CompanyId;
use crate::domain::convention::{Fiche, Side};
use crate::domain::diffusion_request::{DiffusionId, DiffusionStep};
use crate::domain::follow_up::Outcome;
use crate::domain::journal::EntryId;
use crate::domain::lifecycle::{StepField, StepInput};
use crate::domain::request::RequestId;
use crate::exchange::merge::{plan, plan_stored};
use crate::test_support::{company_form, d, meeting, stamp_on};

fn seed_id() -> ConventionId {
    Convention::seed().id().clone()
}

fn on(gesture: impl super::Gesture + 'static) -> Command {
    Command::Ledger(seed_id(), std::rc::Rc::new(gesture))
}

fn step(action: &str, step: Step, day: NaiveDate, input: StepInput) -> Command {
    on(TakeStep {
        action: ActionId(action.into()),
        step,
        on: day,
        input,
    })
}

/// Every kind of change a screen makes, in an order the convention allows, with the side that
/// takes it and its day.
fn every_change() -> Vec<(Side, NaiveDate, Command)> {
    use Side::{Chamber as Cma, Payer as Ccst};
    let none = StepInput::default;
    vec![
        (
            Cma,
            d(2021, 1, 5),
            on(AddCompany {
                id: CompanyId("e1".into()),
                form: company_form("Menuiserie Durand", "Croix"),
            }),
        ),
        (
            Cma,
            d(2021, 1, 6),
            on(UpdateCompany {
                id: CompanyId("e1".into()),
                form: company_form("Menuiserie Durand & Fils", "Croix"),
            }),
        ),
        (
            Cma,
            d(2021, 1, 10),
            on(CreateAction {
                id: ActionId("a1".into()),
                company: CompanyId("e1".into()),
                fiche: Fiche::CircuitsCourts,
                on: d(2021, 1, 10),
                need: "Vente directe".into(),
            }),
        ),
        (
            Cma,
            d(2021, 1, 11),
            on(SetNote {
                action: ActionId("a1".into()),
                text: "Diagnostic".into(),
                confidential: true,
            }),
        ),
        (
            Cma,
            d(2021, 1, 20),
            step(
                "a1",
                Step::DevisSent,
                d(2021, 1, 20),
                none().with(StepField::Programme, "Programme"),
            ),
        ),
        (
            Ccst,
            d(2021, 1, 25),
            step("a1", Step::Engaged, d(2021, 1, 25), none()),
        ),
        (
            Cma,
            d(2021, 1, 26),
            on(CompanyInformed {
                company: CompanyId("e1".into()),
                on: d(2021, 1, 26),
            }),
        ),
        (
            Cma,
            d(2021, 1, 27),
            on(SetCollaboration {
                company: CompanyId("e1".into()),
                offers: vec!["Meubles en chêne".into()],
                seeks: vec!["Transporteur".into()],
            }),
        ),
        (
            Cma,
            d(2021, 2, 10),
            step("a1", Step::ServiceDone, d(2021, 2, 10), none()),
        ),
        (
            Cma,
            d(2021, 2, 12),
            step(
                "a1",
                Step::Invoiced,
                d(2021, 2, 12),
                none()
                    .with(StepField::InvoiceNumber, "F-1")
                    .with(StepField::InvoiceAmount, "500,00")
                    .with(StepField::DifferenceReason, "Une demi-journée de moins"),
            ),
        ),
        (
            Ccst,
            d(2021, 2, 20),
            step("a1", Step::Paid, d(2021, 2, 20), none()),
        ),
        (
            Cma,
            d(2021, 5, 10),
            step(
                "a1",
                Step::FollowedUp,
                d(2021, 5, 10),
                StepInput {
                    outcomes: vec![Outcome::Contacts],
                    ..none()
                }
                .with(StepField::Comment, "Deux clients de plus"),
            ),
        ),
        (
            Cma,
            d(2021, 2, 1),
            on(CreateAction {
                id: ActionId("a2".into()),
                company: CompanyId("e1".into()),
                fiche: Fiche::Relance,
                on: d(2021, 2, 1),
                need: "Trésorerie".into(),
            }),
        ),
        (
            Cma,
            d(2021, 2, 2),
            step(
                "a2",
                Step::DevisSent,
                d(2021, 2, 2),
                none().with(StepField::Programme, "Programme"),
            ),
        ),
        (
            Ccst,
            d(2021, 2, 3),
            step(
                "a2",
                Step::Refused,
                d(2021, 2, 3),
                none().with(StepField::Reason, "Hors priorités"),
            ),
        ),
        (
            Cma,
            d(2021, 2, 4),
            on(CreateAction {
                id: ActionId("a3".into()),
                company: CompanyId("e1".into()),
                fiche: Fiche::Relance,
                on: d(2021, 2, 4),
                need: "Trésorerie".into(),
            }),
        ),
        (
            Cma,
            d(2021, 2, 5),
            step(
                "a3",
                Step::Cancelled,
                d(2021, 2, 5),
                none().with(StepField::Reason, "Entreprise injoignable"),
            ),
        ),
        (
            Ccst,
            d(2021, 3, 1),
            on(RequestIntervention {
                id: RequestId("r1".into()),
                company: RequestedByForm::Named {
                    name: "Boulangerie Roy".into(),
                    siret: crate::test_support::SIRET.into(),
                    commune: "Croix".into(),
                    contact: String::new(),
                },
                fiche: Fiche::Digital,
                message: "Site internet".into(),
                on: d(2021, 3, 1),
            }),
        ),
        (
            Cma,
            d(2021, 3, 2),
            on(AcceptRequest {
                id: RequestId("r1".into()),
                action: ActionId("a4".into()),
                company: Some((
                    CompanyId("e2".into()),
                    company_form("Boulangerie Roy", "Croix"),
                )),
                on: d(2021, 3, 2),
                need: "Site internet".into(),
            }),
        ),
        (
            Ccst,
            d(2021, 3, 3),
            on(RequestIntervention {
                id: RequestId("r2".into()),
                company: RequestedByForm::Known(CompanyId("e1".into())),
                fiche: Fiche::Relance,
                message: "Autre besoin".into(),
                on: d(2021, 3, 3),
            }),
        ),
        (
            Cma,
            d(2021, 3, 4),
            on(DeclineRequest {
                id: RequestId("r2".into()),
                on: d(2021, 3, 4),
                reason: "Déjà suivie".into(),
            }),
        ),
        (
            Cma,
            d(2021, 3, 5),
            on(RecordEntry {
                id: EntryId("j1".into()),
                body: meeting(d(2021, 3, 5), &[]),
            }),
        ),
        (
            Cma,
            d(2021, 3, 6),
            on(ChangeEntry {
                id: EntryId("j1".into()),
                body: meeting(d(2021, 3, 6), &[]),
            }),
        ),
        (
            Ccst,
            d(2021, 3, 7),
            on(RequestDiffusion {
                id: DiffusionId("dd1".into()),
                recipient: "Région".into(),
                what: "Bilan".into(),
                purpose: "Rapport".into(),
                on: d(2021, 3, 7),
            }),
        ),
        (
            Ccst,
            d(2021, 3, 8),
            on(TakeDiffusionStep {
                id: DiffusionId("dd1".into()),
                kind: DiffusionStep::Agreed,
                on: d(2021, 3, 8),
            }),
        ),
        (
            Ccst,
            d(2021, 4, 2),
            on(IssueMonth {
                year: 2021,
                month: 3,
                today: d(2021, 4, 2),
            }),
        ),
        (
            Cma,
            d(2021, 10, 1),
            on(ProposeAmendment {
                id: AmendmentId("av1".into()),
                changes: Changes {
                    ends_on: Some(d(2022, 6, 30)),
                    ..Changes::default()
                },
                on: d(2021, 10, 1),
            }),
        ),
        (
            Ccst,
            d(2021, 10, 5),
            on(AcceptAmendment {
                id: AmendmentId("av1".into()),
                on: d(2021, 10, 5),
            }),
        ),
        (
            Ccst,
            d(2022, 1, 3),
            on(NotifyTermination {
                on: d(2022, 1, 3),
                reason: "Fin du dispositif".into(),
                received_on: None,
            }),
        ),
        (
            Ccst,
            d(2022, 1, 6),
            on(TerminationReceipt {
                received_on: d(2022, 1, 6),
            }),
        ),
        (
            Cma,
            d(2022, 1, 7),
            on(IntroduceKey {
                key: trusted_card().key.id(),
            }),
        ),
        (
            Cma,
            d(2022, 1, 8),
            on(WithdrawKey {
                key: trusted_card().key.id(),
            }),
        ),
    ]
}

/// A chamber key the workspace of [`every_change`] trusts (the withdrawal's case).
fn trusted_card() -> crate::domain::trust::KeyCard {
    let raw: Vec<u8> = std::iter::once(4).chain((1..=64).map(|b: u8| b)).collect();
    crate::domain::trust::KeyCard {
        key: crate::domain::signing::PublicKey::from_raw(&raw).unwrap(),
        side: Side::Chamber,
        name: "Luc Martin".into(),
    }
}

/// Every gesture's type: each must be played by [`every_change`].
const GESTURES: [&str; 21] = [
    "AddCompany",
    "UpdateCompany",
    "CompanyInformed",
    "CreateAction",
    "TakeStep",
    "SetNote",
    "RequestIntervention",
    "AcceptRequest",
    "DeclineRequest",
    "RecordEntry",
    "ChangeEntry",
    "ProposeAmendment",
    "AcceptAmendment",
    "RequestDiffusion",
    "TakeDiffusionStep",
    "SetCollaboration",
    "IssueMonth",
    "NotifyTermination",
    "TerminationReceipt",
    "IntroduceKey",
    "WithdrawKey",
];

#[test]
fn every_change_kind_goes_through_the_one_path_and_is_undone() {
    let mut seed = Ledger::new(Convention::seed());
    seed.confirm_key(trusted_card(), d(2021, 1, 2));
    let at = d(2021, 1, 2).and_hms_opt(9, 0, 0).unwrap();
    let mut ws = Workspace::from_stored(vec![StoredLedger::new(seed, 1, at, None)]);
    ws.mark_saved(&seed_id(), 1);
    let changes = every_change();
    // Every gesture is in the list (its Debug form starts with its type's name).
    let played: std::collections::BTreeSet<String> = changes
        .iter()
        .map(|(_, _, c)| match c {
            Command::Ledger(_, gesture) => format!("{gesture:?}")
                .split([' ', '('])
                .next()
                .unwrap_or_default()
                .to_string(),
            _ => unreachable!(),
        })
        .collect();
    let all: std::collections::BTreeSet<String> = GESTURES.iter().map(|g| g.to_string()).collect();
    assert_eq!(played, all, "one case per gesture");
    // The list is complete: every struct implementing `Gesture` in command.rs is named.
    let source = include_str!("command.rs");
    assert_eq!(source.matches("impl Gesture for ").count(), GESTURES.len());
    for (side, day, command) in changes {
        let before = ws.clone();
        let label = command.label();
        // The undo button names the change with its record (`Gesture::named`).
        let named = match &command {
            Command::Ledger(_, g) => g.named(ws.ledger(&seed_id()).unwrap()),
            other => other.label(),
        };
        let revision = ws.revision(&seed_id()).unwrap();
        let done = ws
            .execute(command.clone(), Some(stamp_on(side, day)))
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(done.label, label);
        assert_eq!(done.convention, Some(seed_id()));
        assert_ne!(
            ws.ledger(&seed_id()),
            before.ledger(&seed_id()),
            "{label} changed the ledger"
        );
        assert_eq!(ws.revision(&seed_id()), Some(revision + 1));
        assert_eq!(ws.undo_label(), Some(named.as_str()));
        assert!(ws.owes_a_write(), "{label} is to be saved");
        // Undone: the ledger as it was, as a new revision.
        let undone = ws.execute(Command::Undo, None).unwrap();
        assert_eq!(undone.label, format!("Annulé : {named}"));
        assert_eq!(
            ws.ledger(&seed_id()),
            before.ledger(&seed_id()),
            "{label} undone"
        );
        // Done again, to go on.
        ws.execute(command, Some(stamp_on(side, day))).unwrap();
    }
}

#[test]
fn a_change_by_the_wrong_side_or_without_identity_changes_nothing() {
    let mut ws = Workspace::from_stored(vec![]);
    let before = ws.clone();
    let (_, day, add) = every_change().remove(0);
    let err = ws
        .execute(add.clone(), Some(stamp_on(Side::Payer, day)))
        .unwrap_err();
    assert!(matches!(err, DomainError::NotYourStep { .. }), "{err}");
    assert_eq!(ws, before);
    assert_eq!(
        ws.execute(add, None).unwrap_err(),
        DomainError::IdentityRequired
    );
    assert_eq!(ws, before);
    assert_eq!(
        ws.execute(Command::Undo, None).unwrap_err(),
        DomainError::NothingToUndo
    );
}

#[test]
fn a_step_not_of_the_panel_is_refused_by_the_domain() {
    let mut ws = Workspace::from_stored(vec![]);
    for (side, day, c) in every_change().into_iter().take(3) {
        ws.execute(c, Some(stamp_on(side, day))).unwrap();
    }
    let err = ws
        .execute(
            step("a1", Step::NoteChanged, d(2021, 2, 1), StepInput::default()),
            Some(stamp_on(Side::Chamber, d(2021, 2, 1))),
        )
        .unwrap_err();
    assert_eq!(
        err,
        DomainError::NotAStepOfThePanel("Note de diagnostic modifiée")
    );
}

#[test]
fn adding_a_convention_restoring_and_importing_are_commands_too() {
    let mut ws = Workspace::from_stored(vec![]);
    ws.mark_saved(&seed_id(), 1);
    let mut terms = Convention::seed().terms().clone();
    terms.id = ConventionId("autre".into());
    let other = Convention::new(terms).unwrap();
    ws.execute(Command::AddConvention(Box::new(other.clone())), None)
        .unwrap();
    assert_eq!(
        ws.execute(Command::AddConvention(Box::new(other)), None)
            .unwrap_err(),
        DomainError::DuplicateId("autre".into())
    );
    assert_eq!(ws.conventions().count(), 2);

    // An import: a file of the payer's engagement, taken as planned; the data before is kept.
    let mut cma = Workspace::from_stored(vec![]);
    for (side, day, c) in every_change().into_iter().take(6) {
        cma.execute(c, Some(stamp_on(side, day))).unwrap();
    }
    let file = crate::exchange::write(
        cma.ledger(&seed_id()).unwrap(),
        crate::test_support::actor(Side::Payer),
        d(2021, 1, 25).and_hms_opt(11, 0, 0).unwrap(),
        false,
    );
    let (checked, ledger) = crate::exchange::read(file.as_bytes(), |id| ws.ledger(id)).unwrap();
    let planned = Box::new(plan(ledger, &checked.file.content, &BTreeMap::new()));
    let import = |revision| Command::Import {
        name: "fichier.json".into(),
        convention: seed_id(),
        revision,
        planned: planned.clone(),
    };
    let written_before = ws.next_write(NaiveDateTime::MIN, None);
    let revision = ws.revision(&seed_id()).unwrap();
    let stamp = Some(stamp_on(Side::Chamber, d(2021, 1, 26)));
    assert_eq!(
        ws.execute(import(revision + 1), stamp.clone()).unwrap_err(),
        DomainError::StalePreview,
        "a preview made on another revision is not applied"
    );
    ws.execute(import(revision), stamp).unwrap();
    assert_eq!(ws.ledger(&seed_id()).unwrap().actions().len(), 1);
    assert_eq!(ws.undo_label(), Some("Import de « fichier.json »"));
    let Some(Write::KeepBackup { key, backup }) = ws.next_write(NaiveDateTime::MIN, None) else {
        panic!("the data before the import is kept first, not {written_before:?}");
    };
    assert_eq!(key, "avant-import_2021-01-26T10-00-00");
    assert_eq!(backup.ledgers.len(), 2);
    assert!(backup.ledgers.iter().all(|l| l.ledger.actions().is_empty()));
    ws.written(&Write::KeepBackup { key, backup });

    // A restore replaces everything in one write, the data before kept with it.
    let saved = Backup::new(
        ws.snapshot_all(NaiveDateTime::MIN, None),
        NaiveDateTime::MIN,
        None,
    );
    ws.execute(Command::Undo, None).unwrap();
    ws.execute(Command::Restore(Box::new(saved.clone())), None)
        .unwrap();
    assert_eq!(ws.ledger(&seed_id()).unwrap().actions().len(), 1);
    let Some(write @ Write::ReplaceAll { .. }) = ws.next_write(NaiveDateTime::MIN, None) else {
        panic!("a restore is written in one transaction");
    };
    let Write::ReplaceAll {
        records,
        key,
        before,
    } = &write
    else {
        unreachable!()
    };
    assert_eq!((records.len(), *key), (2, BEFORE_RESTORE));
    assert!(before.ledgers.iter().all(|l| l.ledger.actions().is_empty()));
    ws.written(&write);
    assert!(!ws.owes_a_write(), "everything is written");
}

/// A gesture of a tab in the two-tab property: a new company of its own, a new action, or a step
/// on an action of the shared base or of its own.
#[derive(Clone, Debug)]
enum Move {
    Company,
    Action(usize),
    Devis(usize),
    Engage(usize),
    Done(usize),
    Note(usize),
}

fn gesture() -> impl Strategy<Value = Move> {
    prop_oneof![
        Just(Move::Company),
        (0usize..4).prop_map(Move::Action),
        (0usize..6).prop_map(Move::Devis),
        (0usize..6).prop_map(Move::Engage),
        (0usize..6).prop_map(Move::Done),
        (0usize..6).prop_map(Move::Note),
    ]
}

/// Plays `gestures` in tab `tab` (its ids prefixed by it); refused ones change nothing.
fn play(ws: &mut Workspace, tab: &str, gestures: &[Move]) {
    let day = d(2021, 3, 1);
    // Each tab acts at its own time, as two people do.
    let hour = if tab == "a" { 10 } else { 11 };
    // (one gesture a minute: two steps of one moment are ordered by kind in a merged history,
    // not as they were taken).
    let at = |side, n: usize| {
        let mut s = stamp_on(side, day);
        s.at = day.and_hms_opt(hour, n as u32, 0).unwrap();
        Some(s)
    };
    // Actions 0 and 1 are the shared base's, the others this tab's own.
    let action = |i: usize| match i {
        0 | 1 => ActionId(format!("base{i}")),
        i => ActionId(format!("{tab}{i}")),
    };
    for (n, g) in gestures.iter().enumerate() {
        let (command, stamp) = match g {
            Move::Company => (
                on(AddCompany {
                    id: CompanyId(format!("{tab}-e{n}")),
                    form: company_form(&format!("Atelier {tab} {n}"), "Croix"),
                }),
                at(Side::Chamber, n),
            ),
            Move::Action(i) => (
                on(CreateAction {
                    id: action(i + 2),
                    company: CompanyId("base".into()),
                    fiche: Fiche::Digital,
                    on: day,
                    need: "Besoin".into(),
                }),
                at(Side::Chamber, n),
            ),
            Move::Devis(i) => (
                step(
                    &action(*i).0,
                    Step::DevisSent,
                    day,
                    StepInput::default().with(StepField::Programme, format!("Programme de {tab}")),
                ),
                at(Side::Chamber, n),
            ),
            Move::Engage(i) => (
                step(&action(*i).0, Step::Engaged, day, StepInput::default()),
                at(Side::Payer, n),
            ),
            Move::Done(i) => (
                step(&action(*i).0, Step::ServiceDone, day, StepInput::default()),
                at(Side::Chamber, n),
            ),
            Move::Note(i) => (
                on(SetNote {
                    action: action(*i),
                    text: format!("Note de {tab}"),
                    confidential: false,
                }),
                at(Side::Chamber, n),
            ),
        };
        let _ = ws.execute(command, stamp);
    }
}

/// The workspace both tabs read: the seed convention with an envelope large enough for any
/// sequence, one company and two actions, saved as revision 1.
fn base() -> StoredLedger {
    let mut terms = Convention::seed().terms().clone();
    terms.envelope = crate::domain::money::Euros::whole(1_000_000);
    let mut ws = Workspace::default();
    ws.add_convention(Convention::new(terms).unwrap()).unwrap();
    let day = d(2021, 2, 1);
    let cma = Some(stamp_on(Side::Chamber, day));
    ws.execute(
        on(AddCompany {
            id: CompanyId("base".into()),
            form: company_form("Garage", "Croix"),
        }),
        cma.clone(),
    )
    .unwrap();
    for i in 0..2 {
        ws.execute(
            on(CreateAction {
                id: ActionId(format!("base{i}")),
                company: CompanyId("base".into()),
                fiche: Fiche::Relance,
                on: day,
                need: "Besoin".into(),
            }),
            cma.clone(),
        )
        .unwrap();
    }
    let (mut record, _) = ws.to_save(&seed_id(), NaiveDateTime::MIN, None).unwrap();
    record.revision = 1;
    record
}

/// Tab `first` saves; tab `second`, which did not hear it, finds storage newer, merges and saves.
fn second_saves_after(first: &Workspace, second: &mut Workspace) -> Vec<Conflict> {
    let (stored, _) = first.to_save(&seed_id(), NaiveDateTime::MIN, None).unwrap();
    second.merge_stored(stored, plan_stored)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Two tabs of one browser change the same convention without hearing each other: whichever
    /// saves first, the second merges onto it and both tabs' changes are kept, the same way.
    #[test]
    fn two_tabs_merged_in_either_order_give_the_same_ledger(
        a in proptest::collection::vec(gesture(), 0..8),
        b in proptest::collection::vec(gesture(), 0..8),
    ) {
        let stored = base();
        let open = || Workspace::from_stored(vec![stored.clone()]);
        let (mut tab_a, mut tab_b) = (open(), open());
        play(&mut tab_a, "a", &a);
        play(&mut tab_b, "b", &b);

        let mut b_second = tab_b.clone();
        let conflicts_b = second_saves_after(&tab_a, &mut b_second);
        let mut a_second = tab_a.clone();
        let conflicts_a = second_saves_after(&tab_b, &mut a_second);
        // A conflict is a record changed in both tabs, whichever saves first.
        let keys = |c: &[Conflict]| c.iter().map(|c| c.key.clone()).collect::<Vec<_>>();
        prop_assert_eq!(keys(&conflicts_a), keys(&conflicts_b));
        if conflicts_a.is_empty() {
            prop_assert_eq!(a_second.ledger(&seed_id()), b_second.ledger(&seed_id()));
            let merged = a_second.ledger(&seed_id()).unwrap();
            // Nothing either tab did is lost.
            for tab in [&tab_a, &tab_b] {
                let mine = tab.ledger(&seed_id()).unwrap();
                for id in mine.companies().keys() {
                    prop_assert!(merged.companies().contains_key(id));
                }
                for (id, action) in mine.actions() {
                    let kept = &merged.actions()[id];
                    for event in &action.record().history {
                        prop_assert!(kept.record().history.contains(event), "{:?} kept", event.kind);
                    }
                }
            }
            // The merge is saved over the stored version, with nothing waiting.
            if tab_b.owes_a_write() {
                let Some(Write::One { expected, record }) = b_second.next_write(NaiveDateTime::MIN, None) else {
                    panic!("the merged version is written");
                };
                prop_assert_eq!(expected, tab_a.revision(&seed_id()).unwrap());
                prop_assert!(record.revision > expected);
            }
        } else {
            prop_assert!(b_second.tab_conflict().is_some());
            // Settled by keeping this tab's versions: nothing waits any more.
            b_second.execute(Command::SettleTabConflict { choices: BTreeMap::new(), merge: plan_stored }, None).unwrap();
            prop_assert!(b_second.tab_conflict().is_none());
            prop_assert!(b_second.owes_a_write());
        }
    }
}

#[test]
fn the_same_field_changed_in_two_tabs_keeps_the_later_change_without_a_question() {
    let stored = base();
    let (mut a, mut b) = (
        Workspace::from_stored(vec![stored.clone()]),
        Workspace::from_stored(vec![stored]),
    );
    // Tab a writes the note at 10:00, tab b at 11:00 (and adds a company).
    play(&mut a, "a", &[Move::Note(0)]);
    play(&mut b, "b", &[Move::Note(0), Move::Company]);
    let conflicts = second_saves_after(&a, &mut b);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert!(b.tab_conflict().is_none());
    let merged = b.ledger(&seed_id()).unwrap();
    let note = &merged.actions()[&ActionId("base0".into())].record();
    assert_eq!(note.note.text, "Note de b", "the later change stands");
    assert_eq!(
        note.history
            .iter()
            .filter(|e| e.kind == crate::domain::action::Step::NoteChanged)
            .count(),
        2,
        "both changes are in the history"
    );
    assert_eq!(merged.companies().len(), 2, "b's company is kept");
    let Some(Write::One { expected, .. }) = b.next_write(NaiveDateTime::MIN, None) else {
        panic!("the merged version is written");
    };
    assert_eq!(expected, a.revision(&seed_id()).unwrap());
}

#[test]
fn undo_names_the_record_and_an_undone_change_can_be_redone_until_another_is_made() {
    let mut ws = Workspace::from_stored(vec![]);
    let cma = || Some(stamp_on(Side::Chamber, d(2021, 1, 5)));
    ws.execute(
        on(AddCompany {
            id: CompanyId("e1".into()),
            form: company_form("Ébénisterie Roy", "Croix"),
        }),
        cma(),
    )
    .unwrap();
    assert_eq!(
        ws.undo_label(),
        Some("création de l'entreprise « Ébénisterie Roy »")
    );
    let with_company = ws.ledger(&seed_id()).unwrap().clone();
    let done = ws.execute(Command::Undo, None).unwrap();
    assert_eq!(
        done.label,
        "Annulé : création de l'entreprise « Ébénisterie Roy »"
    );
    assert!(ws.ledger(&seed_id()).unwrap().companies().is_empty());
    assert_eq!(
        ws.redo_label(),
        Some("création de l'entreprise « Ébénisterie Roy »")
    );
    // Nothing a misclick does is beyond recovery: redo gives the company back, undoable again.
    ws.execute(Command::Redo, None).unwrap();
    assert_eq!(ws.ledger(&seed_id()).unwrap(), &with_company);
    assert_eq!(ws.redo_label(), None);
    assert!(ws.undo_label().is_some());
    // After an undo, another change ends what can be redone.
    ws.execute(Command::Undo, None).unwrap();
    ws.execute(
        on(AddCompany {
            id: CompanyId("e2".into()),
            form: company_form("Garage Petit", "Delle"),
        }),
        cma(),
    )
    .unwrap();
    assert_eq!(ws.redo_label(), None);
    assert_eq!(
        ws.execute(Command::Redo, None).unwrap_err(),
        DomainError::NothingToUndo
    );
    // A step names its action by company and fiche.
    ws.execute(
        on(CreateAction {
            id: ActionId("a1".into()),
            company: CompanyId("e2".into()),
            fiche: Fiche::Digital,
            on: d(2021, 1, 6),
            need: "Site".into(),
        }),
        cma(),
    )
    .unwrap();
    assert_eq!(
        ws.undo_label(),
        Some("création de l'action Garage Petit – Fiche 2")
    );
    ws.execute(
        step(
            "a1",
            Step::DevisSent,
            d(2021, 1, 7),
            StepInput::default().with(StepField::Programme, "Programme"),
        ),
        cma(),
    )
    .unwrap();
    assert_eq!(
        ws.undo_label(),
        Some("« Devis envoyé » de Garage Petit – Fiche 2")
    );
}
