//! The journal across machines: entries travel both ways and merge like the other records (union,
//! idempotent, in any order; a change is the version whose history extends the other's; an entry
//! changed on both sides is a conflict the user settles); a file carrying an entry its sender's
//! side may not write, or naming an unknown action, is refused.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::merge::{Choice, ConflictKey, RecordKind, plan};
use super::tests::reseal;
use super::{read, write};
use crate::domain::action::ActionId;
use crate::domain::audit::{Actor, Stamp};
use crate::domain::convention::{Fiche, Side};
use crate::domain::journal::{Channel, EntryBody, EntryId, Promotion};
use crate::domain::ledger::Ledger;
use crate::test_support::{d, engaged_action, ledger_with_companies, meeting};

fn by(side: Side, name: &str, on: NaiveDate) -> Stamp {
    Stamp {
        actor: Actor {
            side,
            name: name.into(),
        },
        at: on.and_hms_opt(9, 0, 0).unwrap(),
    }
}

fn file(from: &Ledger, side: Side) -> String {
    write(
        from,
        by(side, "x", d(2021, 4, 1)).actor,
        d(2021, 4, 1).and_hms_opt(9, 0, 0).unwrap(),
        false,
    )
}

fn plan_of(
    into: &Ledger,
    file: &str,
    choices: &BTreeMap<ConflictKey, Choice>,
) -> super::merge::Plan {
    let (checked, base) = read(file.as_bytes(), |id| {
        (id == into.convention().id()).then_some(into)
    })
    .unwrap_or_else(|p| panic!("file refused: {p:#?}"));
    plan(base, &checked.file.content, choices)
}

fn import(into: &Ledger, file: &str) -> Ledger {
    plan_of(into, file, &BTreeMap::new()).result
}

fn problems(into: &Ledger, file: &str) -> Vec<String> {
    read(file.as_bytes(), |_| Some(into))
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn promotion(on: NaiveDate) -> EntryBody {
    EntryBody::Promotion(Promotion {
        on,
        channel: Channel::SocialMedia,
        audience: String::new(),
        text: "Publication du dispositif.".into(),
    })
}

/// Three machines sharing one action: Marie and Luc (CMA), Paul (CCST).
fn machines() -> (Ledger, Ledger, Ledger, ActionId) {
    let mut base = ledger_with_companies(&[("Boulangerie Martin", "Delle")]);
    let a = engaged_action(&mut base, "a1", "c0", Fiche::Relance);
    (base.clone(), base.clone(), base, a)
}

#[test]
fn entries_of_three_machines_merge_alike_in_any_order_and_twice() {
    let (mut marie, mut luc, mut paul, a) = machines();
    marie
        .record_entry(
            EntryId("j-m".into()),
            meeting(d(2021, 3, 2), std::slice::from_ref(&a)),
            by(Side::Chamber, "Marie", d(2021, 3, 2)),
        )
        .unwrap();
    luc.record_entry(
        EntryId("j-l".into()),
        meeting(d(2021, 3, 9), &[]),
        by(Side::Chamber, "Luc", d(2021, 3, 9)),
    )
    .unwrap();
    paul.record_entry(
        EntryId("j-p".into()),
        promotion(d(2021, 2, 15)),
        by(Side::Payer, "Paul", d(2021, 2, 15)),
    )
    .unwrap();
    let files = [
        file(&marie, Side::Chamber),
        file(&luc, Side::Chamber),
        file(&paul, Side::Payer),
    ];
    let orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0]];
    let mut results = Vec::new();
    for start in [&marie, &luc, &paul] {
        for order in orders {
            let mut l = start.clone();
            for i in order {
                l = import(&l, &files[i]);
            }
            // Twice changes nothing.
            for f in &files {
                assert!(
                    plan_of(&l, f, &BTreeMap::new())
                        .lines_of(RecordKind::Journal)
                        .is_empty()
                );
            }
            results.push(l.journal().clone());
        }
    }
    assert_eq!(results[0].len(), 3);
    assert!(results.iter().all(|j| j == &results[0]));
    assert_eq!(
        results[0][&EntryId("j-p".into())].author().actor.name,
        "Paul",
        "each entry keeps its author"
    );
}

#[test]
fn a_change_travels_and_two_changes_made_concurrently_keep_the_later_on_both_sides() {
    let (mut marie, _, mut paul, a) = machines();
    let id = EntryId("j-m".into());
    marie
        .record_entry(
            id.clone(),
            meeting(d(2021, 3, 2), &[]),
            by(Side::Chamber, "Marie", d(2021, 3, 2)),
        )
        .unwrap();
    paul = import(&paul, &file(&marie, Side::Chamber));
    let mut luc = paul.clone();
    // Marie changes it; the CCST takes the change.
    marie
        .change_entry(
            &id,
            meeting(d(2021, 3, 2), std::slice::from_ref(&a)),
            by(Side::Chamber, "Marie", d(2021, 3, 3)),
        )
        .unwrap();
    let p = plan_of(&paul, &file(&marie, Side::Chamber), &BTreeMap::new());
    assert_eq!(
        p.lines_of(RecordKind::Journal),
        ["Rendez-vous du 02/03/2021 (modifiée)"]
    );
    assert_eq!(p.result.journal(), marie.journal());
    // An older copy does not undo it.
    assert_eq!(
        import(&marie, &file(&paul, Side::Payer)).journal(),
        marie.journal()
    );
    // Luc (CMA) changed the same entry meanwhile: no conflict, the later change stands on both
    // machines, and both changes are in its history.
    luc.change_entry(
        &id,
        meeting(d(2021, 3, 4), &[]),
        by(Side::Chamber, "Luc", d(2021, 3, 4)),
    )
    .unwrap();
    let f = file(&marie, Side::Chamber);
    let p = plan_of(&luc, &f, &BTreeMap::new());
    assert!(p.conflicts.is_empty());
    let at_luc = p.result.journal().clone();
    let at_marie = import(&marie, &file(&luc, Side::Chamber)).journal().clone();
    assert_eq!(at_luc, at_marie);
    assert_eq!(at_luc[&id].body(), luc.journal()[&id].body());
    let names: Vec<&str> = at_luc[&id]
        .history()
        .iter()
        .map(|e| e.stamp.actor.name.as_str())
        .collect();
    assert_eq!(names, ["Marie", "Marie", "Luc"]);
}

#[test]
fn a_file_with_an_entry_its_side_may_not_write_or_naming_an_unknown_action_is_refused() {
    let (mut marie, _, paul, a) = machines();
    marie
        .record_entry(
            EntryId("j-m".into()),
            meeting(d(2021, 3, 2), &[a]),
            by(Side::Chamber, "Marie", d(2021, 3, 2)),
        )
        .unwrap();
    let good = file(&marie, Side::Chamber);
    // A promotion "written" by the chamber.
    let forged = reseal(&good, |v| {
        let entry = &mut v["content"]["journal"][0];
        entry["body"] = serde_json::to_value(promotion(d(2021, 3, 2))).unwrap();
        entry["history"][0]["kind"] = "PromotionRecorded".into();
    });
    let found = problems(&paul, &forged);
    assert!(
        found
            .iter()
            .any(|p| p
                .contains("« Action de promotion enregistrée » ne peut pas venir de cette partie")),
        "{found:#?}"
    );
    // A meeting naming an action neither machine has.
    let unknown = reseal(&good, |v| {
        v["content"]["journal"][0]["body"]["Meeting"]["actions"][0] = "a-ghost".into();
    });
    assert_eq!(
        problems(&paul, &unknown),
        ["Entrée du journal j-m : action inconnue (a-ghost)."]
    );
    // A meeting dated before the convention.
    let early = reseal(&good, |v| {
        v["content"]["journal"][0]["body"]["Meeting"]["on"] = "2020-01-01".into();
    });
    assert_eq!(
        problems(&paul, &early),
        [
            "Entrée du journal j-m : L'entrée du journal ne peut pas précéder la signature de la convention (27/11/2020)."
        ]
    );
}

#[test]
fn a_diffusion_request_travels_and_each_party_agrees_on_its_own_machine() {
    use crate::domain::diffusion_request::{DiffusionId, DiffusionStep};
    let (mut cma, _, mut ccst, _) = machines();
    let id = DiffusionId("dd1".into());
    ccst.request_diffusion(
        id.clone(),
        ["Région BFC", "Notes", "Fonds régional"],
        d(2021, 3, 1),
        by(Side::Payer, "Paul", d(2021, 3, 1)),
    )
    .unwrap();
    ccst.diffusion_step(
        &id,
        DiffusionStep::Agreed,
        d(2021, 3, 1),
        by(Side::Payer, "Paul", d(2021, 3, 1)),
    )
    .unwrap();
    cma = import(&cma, &file(&ccst, Side::Payer));
    assert!(!cma.diffusion_requests()[&id].authorized());
    cma.diffusion_step(
        &id,
        DiffusionStep::Agreed,
        d(2021, 3, 2),
        by(Side::Chamber, "Marie", d(2021, 3, 2)),
    )
    .unwrap();
    let back = import(&ccst, &file(&cma, Side::Chamber));
    assert!(back.diffusion_requests()[&id].authorized());
    assert_eq!(back.diffusion_requests(), cma.diffusion_requests());
    // A withdrawal on one side travels too; the older copy does not undo it.
    cma.diffusion_step(
        &id,
        DiffusionStep::Withdrawn,
        d(2021, 3, 3),
        by(Side::Chamber, "Marie", d(2021, 3, 3)),
    )
    .unwrap();
    let after = import(&back, &file(&cma, Side::Chamber));
    assert!(!after.diffusion_requests()[&id].authorized());
    assert_eq!(
        import(&cma, &file(&back, Side::Payer)).diffusion_requests(),
        cma.diffusion_requests()
    );
}

#[test]
fn the_fiche_3_offers_and_demands_travel_to_the_payer_and_a_forged_one_is_refused() {
    use crate::domain::company::CompanyId;
    let mut base = ledger_with_companies(&[
        ("Boulangerie Martin", "Delle"),
        ("Ferme des Tilleuls", "Beaucourt"),
    ]);
    engaged_action(&mut base, "a0", "c0", Fiche::CircuitsCourts);
    engaged_action(&mut base, "a1", "c1", Fiche::CircuitsCourts);
    let (mut cma, ccst) = (base.clone(), base);
    let c0 = CompanyId("c0".into());
    cma.set_collaboration(
        &c0,
        &["Pain".into()],
        &["Farine".into()],
        by(Side::Chamber, "Marie", d(2021, 3, 1)),
    )
    .unwrap();
    let f = file(&cma, Side::Chamber);
    let received = import(&ccst, &f);
    assert_eq!(received.collaborations(), cma.collaborations());
    assert_eq!(import(&received, &f), received);
    let forged = reseal(&f, |v| {
        v["content"]["collaborations"][0]["history"][0]["stamp"]["actor"]["side"] = "Payer".into();
    });
    let found = problems(&ccst, &forged);
    assert!(
        found
            .iter()
            .any(|p| p.contains("offres et demandes incohérentes (écrites par la chambre seule")),
        "{found:#?}"
    );
}
