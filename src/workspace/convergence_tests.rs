//! The convergence model (issue "Machines that received the same files hold the same state"):
//! three machines — two chamber advisers and one payer agent — take random sequences of the
//! gestures their screens offer ([`offers`], drawn from each action's `gestures` in the lifecycle
//! table and each record's rules, with dates), export files and import them in random order,
//! stale and repeated files included. At the end, once every machine has received every other's
//! last file: the three states are identical, no file was refused and no record set aside, the
//! envelope's available amount was never below zero, and every gesture made is in its record's
//! history. Proptest shrinks a failure to the smallest scenario and keeps it in
//! `proptest-regressions/workspace/convergence_tests.txt`, replayed first on every run.
//!
//! Cases: [`cases`] (10 000 in the optimised run of `scripts/test.sh`).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use proptest::prelude::*;

use super::command::*;
use super::*;
use crate::domain::action::{ActionId, Actor, Stamp, Step};
use crate::domain::amendment::{AmendmentId, Changes};
use crate::domain::company::CompanyId;
use crate::domain::convention::{Fiche, Side};
use crate::domain::diffusion_request::{DiffusionId, DiffusionStep};
use crate::domain::journal::EntryId;
use crate::domain::lifecycle::{StepField, StepInput};
use crate::domain::money::Euros;
use crate::domain::request::RequestId;
use crate::exchange::merge::{Received, plan_received};
use crate::exchange::{self, Content};
use crate::test_support::signing;
use crate::test_support::{company_form, meeting};

/// One move of the model.
#[derive(Clone, Debug)]
enum Move {
    /// Machine `0` makes the gesture its screens offer at index `1` (modulo their number).
    Gesture(usize, usize),
    /// Machine `0` exports a file for the others.
    Export(usize),
    /// Machine `0` imports a file: one of the last three made, or (one time in four) any made
    /// so far — stale and repeated files included.
    Import(usize, usize),
}

/// The three machines: two advisers of the chamber, one agent of the payer.
fn actors() -> [Actor; 3] {
    let actor = |side, name: &str| Actor {
        side,
        name: name.into(),
    };
    [
        actor(Side::Chamber, "Marie Dupont"),
        actor(Side::Chamber, "Luc Martin"),
        actor(Side::Payer, "Paul Girard"),
    ]
}

fn convention() -> ConventionId {
    Convention::seed().id().clone()
}

/// The day of move `n`: from 04/01/2021, a day every three moves.
fn day(n: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 1, 4).unwrap() + Duration::days((n / 3) as i64)
}

/// The moment of move `n` (one clock for all: a minute a move).
fn moment(n: usize) -> NaiveDateTime {
    day(0).and_hms_opt(8, 0, 0).unwrap() + Duration::minutes(n as i64)
}

/// What the screens of someone of `side` offer on `l` at move `n` (`tag` makes ids unique), by
/// family (an action's steps, notes, companies and actions, requests, journal, amendments,
/// diffusion, monthly table and termination), so that every family is drawn often.
fn offers(l: &Ledger, side: Side, n: usize, tag: &str) -> Vec<Vec<Rc<dyn Gesture>>> {
    let today = day(n);
    let mut families: Vec<Vec<Rc<dyn Gesture>>> = Vec::new();
    let mut out: Vec<Rc<dyn Gesture>> = Vec::new();
    let chamber = side == Side::Chamber;
    let input = StepInput::default;
    let mut notes: Vec<Rc<dyn Gesture>> = Vec::new();
    for a in l.actions().values() {
        let r = a.record();
        for step in a.gestures(side) {
            let with = match step {
                Step::DevisSent => input().with(StepField::Programme, format!("Programme {tag}")),
                Step::Invoiced => {
                    let devis = a.devis_amount().unwrap_or(Euros::ZERO);
                    let lower = n.is_multiple_of(2);
                    let amount = if lower {
                        devis - Euros::whole(100)
                    } else {
                        devis
                    };
                    let mut i = input()
                        .with(StepField::InvoiceNumber, format!("F-{tag}"))
                        .with(
                            StepField::InvoiceAmount,
                            amount.to_string().replace(['\u{a0}', '€'], ""),
                        );
                    if lower {
                        i = i.with(StepField::DifferenceReason, "Une demi-journée de moins");
                    }
                    i
                }
                Step::Refused | Step::Cancelled => {
                    input().with(StepField::Reason, format!("Motif {tag}"))
                }
                Step::FollowedUp => input().with(StepField::Comment, format!("Suite {tag}")),
                _ => input(),
            };
            let gesture: Rc<dyn Gesture> = Rc::new(TakeStep {
                action: r.id.clone(),
                step,
                on: today,
                input: with,
            });
            // The chain forward three times as often as a closing, offered one move in four.
            let times = match step {
                Step::Refused | Step::Cancelled => usize::from(n.is_multiple_of(4)),
                _ => 3,
            };
            out.extend(std::iter::repeat_n(gesture, times));
        }
        if chamber {
            notes.push(Rc::new(SetNote {
                action: r.id.clone(),
                text: format!("Note {tag}"),
                confidential: n.is_multiple_of(3),
            }));
        }
    }
    // An action's steps weigh five families: the lifecycle is what the model is about.
    families.extend([
        out.clone(),
        out.clone(),
        out.clone(),
        out.clone(),
        std::mem::take(&mut out),
        notes,
    ]);
    let mut create: Vec<Rc<dyn Gesture>> = Vec::new();
    if chamber {
        out.push(Rc::new(AddCompany {
            id: CompanyId(format!("e-{tag}")),
            form: company_form(&format!("Atelier {tag}"), "Croix"),
        }));
        for c in l.companies().values() {
            out.push(Rc::new(UpdateCompany {
                id: c.id.clone(),
                form: company_form(
                    &format!("{} {tag}", c.name.split(' ').next().unwrap_or("Atelier")),
                    "Delle",
                ),
            }));
            if c.informed_on.is_none() {
                out.push(Rc::new(CompanyInformed {
                    company: c.id.clone(),
                    on: today,
                }));
            }
            create.push(Rc::new(CreateAction {
                id: ActionId(format!("a-{tag}")),
                company: c.id.clone(),
                fiche: Fiche::ALL[n % 3],
                on: today,
                need: format!("Besoin {tag}"),
            }));
            if l.actions()
                .values()
                .any(|a| a.company() == &c.id && a.fiche() == Fiche::ALL[2])
            {
                out.push(Rc::new(SetCollaboration {
                    company: c.id.clone(),
                    offers: vec![format!("Offre {tag}")],
                    seeks: vec![],
                }));
            }
        }
        for r in l
            .requests()
            .values()
            .filter(|r| r.record().answer.is_none())
        {
            out.push(Rc::new(AcceptRequest {
                id: r.id().clone(),
                action: ActionId(format!("a-{tag}")),
                company: None,
                on: today,
                need: format!("Besoin {tag}"),
            }));
            out.push(Rc::new(DeclineRequest {
                id: r.id().clone(),
                on: today,
                reason: format!("Motif {tag}"),
            }));
        }
    } else {
        for c in l.companies().values() {
            out.push(Rc::new(RequestIntervention {
                id: RequestId(format!("r-{tag}")),
                company: RequestedByForm::Known(c.id.clone()),
                fiche: Fiche::ALL[n % 3],
                message: format!("Demande {tag}"),
                on: today,
            }));
        }
    }
    families.push(std::mem::take(&mut out));
    families.extend([create.clone(), create]);
    let mut journal: Vec<Rc<dyn Gesture>> = Vec::new();
    journal.push(Rc::new(RecordEntry {
        id: EntryId(format!("j-{tag}")),
        body: meeting(today, &[]),
    }));
    for e in l
        .journal()
        .values()
        .filter(|e| e.author().actor.side == side)
    {
        journal.push(Rc::new(ChangeEntry {
            id: e.id().clone(),
            body: meeting(today, &[]),
        }));
    }
    if l.convention()
        .terms()
        .amendments
        .iter()
        .all(|a| a.accepted.is_some())
    {
        out.push(Rc::new(ProposeAmendment {
            id: AmendmentId(format!("av-{tag}")),
            changes: Changes {
                envelope: Some(Euros::whole(if n.is_multiple_of(2) { 3000 } else { 7000 })),
                ..Changes::default()
            },
            on: today,
        }));
    }
    for a in &l.convention().terms().amendments {
        if a.accepted.is_none() && a.accepting_side() == side {
            out.push(Rc::new(AcceptAmendment {
                id: a.id.clone(),
                on: today,
            }));
        }
    }
    families.push(std::mem::take(&mut out));
    if l.diffusion_requests().len() < 2 {
        out.push(Rc::new(RequestDiffusion {
            id: DiffusionId(format!("dd-{tag}")),
            recipient: "Région BFC".into(),
            what: "Notes de diagnostic".into(),
            purpose: "Rapport".into(),
            on: today,
        }));
    }
    for d in l.diffusion_requests().values() {
        let kind = if d.authorized() && n.is_multiple_of(2) {
            DiffusionStep::Exported
        } else if d.agreement(side).is_some() {
            DiffusionStep::Withdrawn
        } else {
            DiffusionStep::Agreed
        };
        out.push(Rc::new(TakeDiffusionStep {
            id: d.id().clone(),
            kind,
            on: today,
        }));
    }
    families.push(std::mem::take(&mut out));
    journal.push(Rc::new(IssueMonth {
        year: 2020,
        month: 12,
        today,
    }));
    if l.convention().terms().termination.is_none() && n.is_multiple_of(11) {
        out.push(Rc::new(NotifyTermination {
            on: today,
            reason: format!("Manquement {tag}"),
            received_on: None,
        }));
    } else if let Some(t) = &l.convention().terms().termination
        && t.received_on.is_none()
        && t.recorded.actor.side != side
    {
        out.push(Rc::new(TerminationReceipt { received_on: today }));
    }
    families.push(out);
    families.push(journal);
    families.retain(|f| !f.is_empty());
    families
}

thread_local! {
    /// The signatures checked so far: the model's machines receive the same steps many times,
    /// and `p256` checks each in about a tenth of a millisecond.
    static CHECKED: Memo = Memo::default();

    /// The three users' key ids, confirmed by fingerprint on every machine: derived once (a
    /// public key from its secret is a scalar multiplication; derived at every import, it was
    /// half of the model's time).
    static CONFIRMED: BTreeSet<crate::domain::signing::KeyId> = (1..=3)
        .map(|seed| signing::public(&signing::key(seed)).id())
        .collect();
}

/// A [`signing::P256`] that remembers its answers (the model's speed only).
#[derive(Clone, Default)]
struct Memo(Rc<std::cell::RefCell<std::collections::HashMap<Vec<u8>, bool>>>);

impl crate::domain::signing::Verifier for Memo {
    fn verifies(
        &self,
        key: &crate::domain::signing::PublicKey,
        message: &[u8],
        signature: &crate::domain::signing::SignatureBytes,
    ) -> bool {
        let id: Vec<u8> = [key.raw(), message, signature.raw()].concat();
        *self
            .0
            .borrow_mut()
            .entry(id)
            .or_insert_with(|| signing::P256.verifies(key, message, signature))
    }
}

/// One machine of the model, with its user's signing key: every step is signed after its
/// gesture, as the browser does, and every file is received through the gate of signed steps,
/// the three users' keys confirmed by fingerprint.
struct Machine {
    ws: Workspace,
    actor: Actor,
    key: p256::ecdsa::SigningKey,
    /// The card of `key` for `actor`, made once.
    card: crate::domain::trust::KeyCard,
}

impl Machine {
    fn ledger(&self) -> &Ledger {
        self.ws.ledger(&convention()).expect("the seed convention")
    }

    /// Signs the steps waiting for a signature, as the browser does after each gesture.
    fn seal(&mut self) {
        for (id, steps) in self.ws.unsealed() {
            let signed = steps
                .into_iter()
                .map(|u| {
                    let signature = signing::sign(&self.key, &u.message);
                    u.signed(signature)
                })
                .collect();
            let card = self.card.clone();
            self.ws
                .execute(
                    Command::Seal {
                        convention: id,
                        card,
                        signed,
                        put: Ledger::seal,
                    },
                    None,
                )
                .expect("sealed");
        }
        assert!(self.ws.unsealed().is_empty());
    }

    fn export(&self, n: usize) -> String {
        exchange::write(self.ledger(), self.actor.clone(), moment(n), false)
    }

    /// Imports `file` as the import screen does; any refusal, conflict or record set aside fails.
    fn import(&mut self, file: &str, n: usize) -> Result<(), TestCaseError> {
        let ws = &self.ws;
        let (checked, ledger) = exchange::read(file.as_bytes(), |id| ws.ledger(id))
            .map_err(|p| TestCaseError::fail(format!("file refused: {p:?}")))?;
        let confirmed = CONFIRMED.with(Clone::clone);
        let planned = plan_received(
            ledger,
            &checked.file.content,
            &BTreeMap::new(),
            &Received {
                confirmed: &confirmed,
                verifier: &CHECKED.with(|c| c.clone()),
                take_unsigned: false,
                today: day(n),
            },
        );
        prop_assert!(
            planned.unsigned.is_empty(),
            "unsigned: {:?}",
            planned.unsigned
        );
        prop_assert!(
            planned.refused.is_empty(),
            "set aside: {:?}",
            planned.refused
        );
        prop_assert!(
            planned.conflicts.is_empty(),
            "conflicts: {:?}",
            planned.conflicts
        );
        if planned.is_empty() {
            return Ok(());
        }
        let revision = self.ws.revision(&convention()).unwrap_or_default();
        let stamp = Stamp {
            actor: self.actor.clone(),
            at: moment(n),
        };
        self.ws
            .execute(
                Command::Import {
                    name: "fichier.json".into(),
                    convention: convention(),
                    revision,
                    planned: Box::new(planned),
                },
                Some(stamp),
            )
            .map_err(|e| TestCaseError::fail(format!("import refused: {e}")))?;
        Ok(())
    }
}

/// What every machine must agree on: the content a file carries, confidential note texts aside
/// (they stay on the machine that wrote them, art. 3.1).
fn shared_state(l: &Ledger) -> String {
    let mut content = Content::of(l);
    for a in &mut content.actions {
        *a = a.without_confidential_note();
    }
    let mut v = serde_json::to_value(&content).unwrap();
    for a in v["actions"].as_array_mut().into_iter().flatten() {
        if a["note"]["confidential"] == true {
            a["note"]["text"] = "".into();
            a["note"]["withheld"] = false.into();
        }
    }
    serde_json::to_string_pretty(&v).unwrap()
}

/// Every stamp a ledger records (who and when), wherever it is.
fn stamps(l: &Ledger) -> BTreeSet<(String, String)> {
    fn walk(v: &serde_json::Value, out: &mut BTreeSet<(String, String)>) {
        match v {
            serde_json::Value::Object(o) => {
                if let (Some(actor), Some(at)) = (o.get("actor"), o.get("at")) {
                    out.insert((actor["name"].to_string(), at.to_string()));
                }
                o.values().for_each(|v| walk(v, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(&serde_json::to_value(Content::of(l)).unwrap(), &mut out);
    walk(&serde_json::to_value(l.convention()).unwrap(), &mut out);
    out
}

/// Plays `moves`, then lets every machine receive every other's last file.
fn run(moves: &[Move]) -> Result<(), TestCaseError> {
    CHECKED.with(|c| c.0.borrow_mut().clear());
    let mut machines: Vec<Machine> = actors()
        .into_iter()
        .zip(1..)
        .map(|(actor, seed)| {
            let key = signing::key(seed);
            Machine {
                ws: Workspace::from_stored(Vec::new()),
                card: signing::card(&actor, &key),
                actor,
                key,
            }
        })
        .collect();
    let mut files: Vec<String> = Vec::new();
    // Each gesture made: its label and stamp, which its record's history must keep. The first
    // of two tables of one month, or of two notices, stands and the other's stamp may go.
    let mut made: Vec<(String, (String, String))> = Vec::new();
    for (n, m) in moves.iter().enumerate() {
        match *m {
            Move::Gesture(i, pick) => {
                let machine = &mut machines[i];
                let tag = format!("{i}-{n}");
                let families = offers(machine.ledger(), machine.actor.side, n, &tag);
                let family = &families[pick % families.len()];
                let gesture = family[(pick / families.len()) % family.len()].clone();
                // Luc's laptop runs half an hour late: his steps after what he received are
                // stamped after it all the same (`Ledger::stamp_after_all`).
                let late = Duration::minutes(if i == 1 { 30 } else { 0 });
                let stamp = machine.ledger().stamp_after_all(Stamp {
                    actor: machine.actor.clone(),
                    at: moment(n) - late,
                });
                let label = gesture.label();
                let done = machine
                    .ws
                    .execute(Command::Ledger(convention(), gesture), Some(stamp.clone()));
                machine.seal();
                if done.is_ok()
                    && !(label.starts_with("Tableau de")
                        || label.contains("ésiliation")
                        || label.starts_with("Avenant accepté"))
                {
                    made.push((
                        label,
                        (
                            format!("\"{}\"", stamp.actor.name),
                            format!("\"{}\"", stamp.at.format("%Y-%m-%dT%H:%M:%S")),
                        ),
                    ));
                }
            }
            Move::Export(i) => files.push(machines[i].export(n)),
            Move::Import(i, f) if !files.is_empty() => {
                let index = if f % 4 == 0 {
                    (f / 4) % files.len()
                } else {
                    files.len() - 1 - (f / 4) % files.len().min(3)
                };
                let file = files[index].clone();
                machines[i].import(&file, n)?;
            }
            Move::Import(..) => {}
        }
        for m in &machines {
            prop_assert!(!m.ledger().figures().available.is_negative());
        }
    }
    // Every machine receives every other's last file (twice round: what one learns from a
    // second machine's file reaches the third).
    let end = moves.len();
    for round in 0..2 {
        let last: Vec<String> = machines.iter().map(|m| m.export(end + round)).collect();
        for (i, m) in machines.iter_mut().enumerate() {
            for (j, f) in last.iter().enumerate() {
                if i != j {
                    m.import(f, end + round)?;
                }
            }
        }
    }
    let states: Vec<String> = machines.iter().map(|m| shared_state(m.ledger())).collect();
    for (i, state) in states.iter().enumerate().skip(1) {
        if let Some((n, (a, b))) = states[0]
            .lines()
            .zip(state.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
        {
            let context: Vec<&str> = states[0]
                .lines()
                .skip(n.saturating_sub(12))
                .take(14)
                .collect();
            return Err(TestCaseError::fail(format!(
                "machines 0 and {i} differ at line {n}: {a:?} / {b:?}\n{}",
                context.join("\n")
            )));
        }
        prop_assert_eq!(&states[0], state);
    }
    for m in &machines {
        let figures = m.ledger().figures();
        prop_assert!(!figures.available.is_negative());
        let kept = stamps(m.ledger());
        for (label, stamp) in &made {
            prop_assert!(
                kept.contains(stamp),
                "« {} » {:?} is in no history",
                label,
                stamp
            );
        }
    }
    Ok(())
}

fn moves() -> impl Strategy<Value = Vec<Move>> {
    let one = prop_oneof![
        5 => (0..3usize, any::<usize>()).prop_map(|(i, p)| Move::Gesture(i, p)),
        3 => (0..3usize).prop_map(Move::Export),
        4 => (0..3usize, any::<usize>()).prop_map(|(i, f)| Move::Import(i, f)),
    ];
    prop::collection::vec(one, 1..120)
}

/// `CONVERGENCE_CASES`, or 10 000 in an optimised build (`scripts/test.sh` runs this test so)
/// and 300 in a debug build (a plain `cargo test`).
fn cases() -> u32 {
    std::env::var("CONVERGENCE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 300 } else { 10_000 })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 10_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn three_machines_that_received_the_same_files_hold_the_same_state(moves in moves()) {
        run(&moves)?;
    }
}

#[test]
/// Shrunk case: two advisers record the first offers and demands of one company, each on
/// their machine (their histories did not open with the same recording).
fn regression_first_offers_recorded_by_two_advisers() {
    use Move::*;
    let moves = vec![
        Gesture(0, 4201083243016666750),
        Gesture(0, 1317590212597786),
        Import(0, 0),
        Gesture(1, 564430988488048456),
        Gesture(0, 81127221915937697),
        Gesture(0, 2280027870740374894),
        Gesture(0, 12375011705782610),
        Gesture(0, 379134608014178),
        Gesture(1, 1246948841899572685),
        Gesture(0, 879589595),
        Import(0, 0),
        Gesture(1, 8338620165841298663),
        Gesture(0, 4400951),
        Export(1),
        Gesture(1, 16052216197109809985),
        Import(0, 0),
        Gesture(0, 8919989106732320093),
    ];
    run(&moves).unwrap();
}
