//! Signed steps across machines (issue "No one speaks for the other party"): the canonical form's
//! committed vector, and the gate's rules as a table of cases — the other party's first key
//! confirmed, a key already trusted, an unknown key, a key of the wrong party, a forged step, a
//! field altered after signing, unsigned steps from a version before signatures, a step relayed
//! by a third machine. Signatures are made and checked with RustCrypto's `p256` (the browser uses
//! WebCrypto; the same bytes: ECDSA P-256, SHA-256, `r || s`).

use std::collections::{BTreeMap, BTreeSet};

use p256::ecdsa::SigningKey;

use super::merge::{Plan, Received, plan_received};
use super::{read, write};
use crate::domain::action::{ActionId, Actor, Stamp, Status};
use crate::domain::company::CompanyId;
use crate::domain::convention::{ConventionId, Fiche, Side};
use crate::domain::ledger::Ledger;
use crate::domain::signing::{Facts, KeyId, PublicKey, RecordRef, canonical};
use crate::domain::trust::{How, KeyCard};
use crate::test_support::signing::{self, P256};
use crate::test_support::{company_form, d, ledger_with};

/// Someone's signing key, from a fixed seed.
struct Person {
    actor: Actor,
    key: SigningKey,
}

impl Person {
    fn new(side: Side, name: &str, seed: u8) -> Person {
        Person {
            actor: Actor {
                side,
                name: name.into(),
            },
            key: signing::key(seed),
        }
    }

    fn public(&self) -> PublicKey {
        signing::public(&self.key)
    }

    fn card(&self) -> KeyCard {
        signing::card(&self.actor, &self.key)
    }

    fn stamp(&self, month: u32, day: u32) -> Stamp {
        Stamp {
            actor: self.actor.clone(),
            at: d(2021, month, day).and_hms_opt(10, 0, 0).unwrap(),
        }
    }

    /// Signs the steps stamped `stamp` in `ledger`, as the browser does after a gesture.
    fn seal(&self, ledger: &mut Ledger, stamp: &Stamp) {
        let signed = signing::signatures(ledger, stamp, &self.key);
        assert!(!signed.is_empty(), "nothing to sign at {stamp:?}");
        ledger.seal(self.card(), signed);
    }
}

fn marie() -> Person {
    Person::new(Side::Chamber, "Marie Dupont", 7)
}
fn luc() -> Person {
    Person::new(Side::Chamber, "Luc Martin", 8)
}
fn paul() -> Person {
    Person::new(Side::Payer, "Paul Girard", 9)
}
/// The name the chamber's adviser typed after "Changer" → "CCST".
fn fake_payer() -> Person {
    Person::new(Side::Payer, "Quelqu'un", 10)
}

const ACTION: &str = "a1";

/// The chamber's ledger: a company (created and signed by Marie), an action with its devis, both
/// signed by `who`.
fn chamber_with_devis(who: &Person) -> Ledger {
    let mut l = company_by_marie();
    add_action_with_devis(&mut l, who, ACTION);
    l
}

/// A ledger with company `e1`, created by Marie on 01/02/2021 and signed by her key.
fn company_by_marie() -> Ledger {
    let mut l = ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
    marie().seal(&mut l, &crate::test_support::stamp(Side::Chamber));
    l
}

/// An action `id` of company `e1` created by `who` on 18/01/2021, its devis sent on the 20th, both
/// signed.
fn add_action_with_devis(l: &mut Ledger, who: &Person, id: &str) {
    let id = ActionId(id.into());
    let created = who.stamp(1, 18);
    l.create_action(
        id.clone(),
        &CompanyId("e1".into()),
        Fiche::ALL[1],
        d(2021, 1, 18),
        "Relancer les ventes",
        created.clone(),
    )
    .unwrap();
    who.seal(l, &created);
    let sent = who.stamp(1, 20);
    l.send_devis(&id, d(2021, 1, 20), "Programme", sent.clone())
        .unwrap();
    who.seal(l, &sent);
}

/// `by` engages the action in `l` on 25/01/2021 and signs it.
fn engage(l: &mut Ledger, by: &Person) {
    let s = by.stamp(1, 25);
    l.engage(&ActionId(ACTION.into()), d(2021, 1, 25), s.clone())
        .unwrap();
    by.seal(l, &s);
}

/// The plan of `file` received into `into`, the user confirming `confirmed`.
fn receive(into: &Ledger, file: &str, confirmed: &[&Person], take_unsigned: bool) -> Plan {
    let (checked, base) = read(file.as_bytes(), |id| {
        (id == into.convention().id()).then_some(into)
    })
    .unwrap_or_else(|p| panic!("{p:?}"));
    let confirmed: BTreeSet<KeyId> = confirmed.iter().map(|p| p.public().id()).collect();
    plan_received(
        base,
        &checked.file.content,
        &BTreeMap::new(),
        &Received {
            confirmed: &confirmed,
            verifier: &P256,
            take_unsigned,
            today: d(2021, 2, 1),
        },
    )
}

fn file(l: &Ledger, by: &Person) -> String {
    write(
        l,
        by.actor.clone(),
        d(2021, 2, 1).and_hms_opt(9, 0, 0).unwrap(),
        false,
    )
}

fn status(l: &Ledger) -> Option<Status> {
    l.actions()
        .get(&ActionId(ACTION.into()))
        .map(|a| a.status())
}

/// The payer's machine, which already imported the chamber's devis (Marie's key confirmed).
fn payer_with_devis() -> Ledger {
    let cma = chamber_with_devis(&marie());
    let empty = Ledger::new(crate::domain::convention::Convention::seed());
    let first = receive(&empty, &file(&cma, &marie()), &[&marie()], false);
    assert!(first.refused.is_empty(), "{:?}", first.refused);
    first.result
}

#[test]
fn the_canonical_form_is_stable() {
    // A committed vector: Node's check (tests/e2e/signatures.spec.mjs) and any other
    // implementation build these bytes from docs/echange.md alone.
    let stamp = Stamp {
        actor: Actor {
            side: Side::Payer,
            name: "Paul Agent".into(),
        },
        at: d(2021, 1, 25).and_hms_opt(10, 5, 0).unwrap(),
    };
    let facts: Facts = [
        ("on".to_string(), "2021-01-25".to_string()),
        ("z".to_string(), "deux\nlignes \\ et \r".to_string()),
    ]
    .into();
    let bytes = canonical(
        &ConventionId("cma-ccst-2020".into()),
        RecordRef::Of("action", "a-1"),
        "Engaged",
        &stamp,
        &facts,
    );
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "relance-signature-1\nconvention=cma-ccst-2020\nrecord=action:a-1\nstep=Engaged\n\
         side=Payer\nname=Paul Agent\nat=2021-01-25T10:05:00\nfact.on=2021-01-25\n\
         fact.z=deux\\nlignes \\\\ et \\r\n"
    );
}

#[test]
fn the_other_partys_first_key_is_trusted_only_once_its_fingerprint_is_confirmed() {
    let cma = chamber_with_devis(&marie());
    let empty = Ledger::new(crate::domain::convention::Convention::seed());
    let text = file(&cma, &marie());

    let unconfirmed = receive(&empty, &text, &[], false);
    assert_eq!(unconfirmed.unknown_keys, vec![marie().card()]);
    assert_eq!(status(&unconfirmed.result), None, "nothing of hers taken");
    // The company and the action, both hers, are refused, each naming her key.
    assert_eq!(unconfirmed.refused.len(), 2, "{:?}", unconfirmed.refused);
    assert!(
        unconfirmed.refused[0]
            .to_string()
            .starts_with("Entreprise Menuiserie Durand")
    );
    let why = unconfirmed.refused[1].to_string();
    assert!(
        why.contains("Menuiserie Durand – Fiche 2")
            && why.contains("clé")
            && why.contains(&marie().public().id().0)
            && why.contains("Marie Dupont")
            && why.contains("vérifiez son empreinte"),
        "{why}"
    );
    assert!(unconfirmed.result.companies().is_empty());

    let confirmed = receive(&empty, &text, &[&marie()], false);
    assert!(confirmed.refused.is_empty(), "{:?}", confirmed.refused);
    assert_eq!(status(&confirmed.result), Some(Status::DevisSent));
    let known = confirmed
        .result
        .trust()
        .get(&marie().public().id())
        .unwrap();
    assert_eq!(known.card, marie().card());
    assert_eq!(known.how, How::Confirmed { on: d(2021, 2, 1) });

    // Next time, her steps are taken without a question.
    let mut cma = cma;
    let s = marie().stamp(1, 21);
    cma.set_note(&ActionId(ACTION.into()), "Vu le gérant", true, s.clone())
        .unwrap();
    marie().seal(&mut cma, &s);
    let again = receive(&confirmed.result, &file(&cma, &marie()), &[], false);
    assert!(again.unknown_keys.is_empty() && again.refused.is_empty());
    assert_eq!(again.changes.len(), 1);
}

#[test]
fn an_engagement_typed_at_the_chamber_under_the_payers_name_is_refused_at_the_payer() {
    // "Changer" → CCST at the chamber, "Engager", "Changer" back, "Exporter pour la CCST".
    let mut cma = chamber_with_devis(&marie());
    engage(&mut cma, &fake_payer());
    let ccst = payer_with_devis();
    let plan = receive(&ccst, &file(&cma, &marie()), &[], false);
    assert_eq!(status(&plan.result), Some(Status::DevisSent), "not engaged");
    assert_eq!(plan.after.engaged, plan.before.engaged);
    let why = plan.refused[0].to_string();
    assert!(
        why.starts_with("Action Menuiserie Durand – Fiche 2")
            && why.contains("« Devis engagé » le 25/01/2021 à 10:00 par Quelqu'un (CCST)")
            && why.contains(&fake_payer().public().id().0)
            && why.contains("que vous n'avez pas reconnue"),
        "{why}"
    );
}

#[test]
fn a_key_of_the_other_party_cannot_sign_for_this_one() {
    // Marie's key (trusted at the payer for the chamber) signs a step stamped as the payer's.
    let mut cma = chamber_with_devis(&marie());
    let posing = Person {
        actor: paul().actor,
        key: marie().key,
    };
    engage(&mut cma, &posing);
    let plan = receive(&payer_with_devis(), &file(&cma, &marie()), &[], false);
    assert_eq!(status(&plan.result), Some(Status::DevisSent));
    assert!(
        plan.refused[0]
            .to_string()
            .contains("reconnue ici pour CMA BFC seulement"),
        "{}",
        plan.refused[0]
    );
}

#[test]
fn a_step_or_a_field_changed_after_signing_is_caught() {
    let mut cma = chamber_with_devis(&marie());
    // The payer's real engagement, relayed back in the chamber's file.
    engage(&mut cma, &paul());
    let mut ccst = payer_with_devis();
    ccst.confirm_key(paul().card(), d(2021, 1, 2));
    let text = file(&cma, &marie());
    assert_eq!(
        status(&receive(&ccst, &text, &[], false).result),
        Some(Status::Engaged)
    );

    // The signed fact changed in the event: the signature no longer holds.
    let forged = text.replacen("\"on\":\"2021-01-25\"", "\"on\":\"2021-01-24\"", 1);
    assert_ne!(forged, text);
    let forged = rechecksum(&forged);
    let plan = receive(&ccst, &forged, &[], false);
    assert_eq!(status(&plan.result), Some(Status::DevisSent));
    assert!(
        plan.refused[0].to_string().contains("ne correspond pas"),
        "{}",
        plan.refused[0]
    );

    // The record's field changed, the signed event left as it was: no step attests it.
    let altered = rechecksum(&text.replacen(
        "\"engaged_on\":\"2021-01-25\"",
        "\"engaged_on\":\"2021-01-26\"",
        1,
    ));
    let plan = receive(&ccst, &altered, &[], false);
    assert_eq!(status(&plan.result), Some(Status::DevisSent));
    assert!(
        plan.refused[0]
            .to_string()
            .contains("aucune étape signée n'atteste"),
        "{}",
        plan.refused[0]
    );
}

#[test]
fn a_batch_seal_vouches_for_every_step_its_key_signed_in_the_file_and_for_nothing_else() {
    use super::Outgoing;
    use crate::domain::batch_seal::{BATCH_MIN, BatchSeal, batch_checks};
    use crate::domain::signing::Verifier;
    use crate::domain::trust::to_verify;
    let marie = marie();
    let mut cma = chamber_with_devis(&marie);
    for i in 2..=40 {
        add_action_with_devis(&mut cma, &marie, &format!("a{i}"));
    }
    let at = d(2021, 2, 1).and_hms_opt(9, 0, 0).unwrap();
    let outgoing = Outgoing::new(&cma, marie.actor.clone(), at, false);
    let batches = outgoing.batches();
    assert_eq!(batches.len(), 1, "Marie's key only");
    let (batch, message) = &batches[0];
    assert_eq!(
        (&batch.key, &batch.author, batch.digests.len()),
        (&marie.public().id(), &marie.actor, 81)
    );
    let seal = BatchSeal {
        key: batch.key.clone(),
        signature: signing::sign(&marie.key, message),
    };
    let text = outgoing.finish(vec![seal]);

    // What the receiving browser does before its plan: the steps new here, the batch seals worth
    // checking; the one signature holds and covers each of the 81 steps (the company's creation
    // and two steps of each of the 40 actions).
    let empty = Ledger::new(crate::domain::convention::Convention::seed());
    let received = |text: &str| {
        let (checked, base) = read(text.as_bytes(), |_| Some(&empty)).unwrap();
        let c = &checked.file.content;
        let checks = to_verify(base, &c.sealed(), &c.key_statements, &c.keys);
        let lots = batch_checks(base, &c.sealed(), &checked.file.batch_seals, &checks);
        (checks, lots)
    };
    let (checks, lots) = received(&text);
    assert_eq!((checks.len(), lots.len()), (81, 1));
    assert!(P256.verifies(&lots[0].key, &lots[0].message, &lots[0].signature));
    assert_eq!(lots[0].covers, (0..81).collect::<Vec<_>>());
    // With fewer new steps than BATCH_MIN, each is checked on its own.
    let few = &checks[..BATCH_MIN - 1];
    assert!(
        batch_checks(
            &empty,
            &[],
            &[BatchSeal {
                key: marie.public().id(),
                signature: lots[0].signature.clone(),
            }],
            few
        )
        .is_empty()
    );

    // Later, 35 more actions: at the CCST, which holds the first 80 steps, the batch of the next
    // file (115 steps) is rebuilt from the 70 new ones and the 80 it holds, and holds.
    let ccst = receive(&empty, &text, &[&marie], false).result;
    assert_eq!(ccst.actions().len(), 40);
    for i in 41..=75 {
        add_action_with_devis(&mut cma, &marie, &format!("a{i}"));
    }
    let outgoing = Outgoing::new(&cma, marie.actor.clone(), at, false);
    let (_, message) = &outgoing.batches()[0];
    let seal = BatchSeal {
        key: marie.public().id(),
        signature: signing::sign(&marie.key, message),
    };
    let later = outgoing.finish(vec![seal]);
    let (checked, base) = read(later.as_bytes(), |_| Some(&ccst)).unwrap();
    let c = &checked.file.content;
    let checks = to_verify(base, &c.sealed(), &c.key_statements, &c.keys);
    let lots = batch_checks(base, &c.sealed(), &checked.file.batch_seals, &checks);
    assert_eq!((checks.len(), lots[0].covers.len()), (70, 70));
    assert!(P256.verifies(&lots[0].key, &lots[0].message, &lots[0].signature));

    // One signed fact altered in the file: the batch seal no longer holds, and checked one by one
    // exactly that step fails.
    let forged = rechecksum(&text.replacen("\"on\":\"2021-01-20\"", "\"on\":\"2021-01-19\"", 1));
    assert_ne!(forged, rechecksum(&text));
    let (checks, lots) = received(&forged);
    assert!(!P256.verifies(&lots[0].key, &lots[0].message, &lots[0].signature));
    let failing = checks
        .iter()
        .filter(|c| !P256.verifies(&c.key, &c.message, &c.signature))
        .count();
    assert_eq!(failing, 1);
}

/// The file with its checksum made again, as someone altering it by hand would.
fn rechecksum(text: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    let sum = super::checksum(&v["content"]);
    v["checksum"] = sum.into();
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn unsigned_steps_from_an_older_version_wait_for_the_users_confirmation() {
    // A chamber on a version before signatures: nothing sealed.
    let mut cma = ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
    let id = ActionId(ACTION.into());
    cma.create_action(
        id.clone(),
        &CompanyId("e1".into()),
        Fiche::ALL[1],
        d(2021, 1, 18),
        "Relancer les ventes",
        marie().stamp(1, 18),
    )
    .unwrap();
    cma.send_devis(&id, d(2021, 1, 20), "Programme", marie().stamp(1, 20))
        .unwrap();
    let empty = Ledger::new(crate::domain::convention::Convention::seed());
    let text = file(&cma, &marie());
    let held = receive(&empty, &text, &[], false);
    assert_eq!(status(&held.result), None);
    assert!(held.refused.is_empty());
    assert_eq!(
        held.unsigned,
        vec![
            "Entreprise Menuiserie Durand : « Entreprise créée » le 01/02/2021 à 10:00 par \
             Marie Dupont, non signé (version antérieure)"
                .to_string(),
            "Action Menuiserie Durand – Fiche 2 – Coaching Rebond – Accélérer la transformation \
             digitale : « Action créée » le 18/01/2021 à 10:00 par Marie \
             Dupont, « Devis envoyé » le 20/01/2021 à 10:00 par Marie Dupont, non signé \
             (version antérieure)"
                .to_string()
        ]
    );
    let taken = receive(&empty, &text, &[], true);
    assert_eq!(status(&taken.result), Some(Status::DevisSent));
    assert!(taken.unsigned.is_empty());
    // Known unsigned steps come back without a question.
    let again = receive(&taken.result, &text, &[], false);
    assert!(again.unsigned.is_empty() && again.changes.is_empty());
}

#[test]
fn steps_relayed_by_a_third_machine_keep_their_proof() {
    // Marie sends the devis; the payer engages; Luc (a second adviser, whose key Marie's machine
    // confirmed) records the service; Marie receives Luc's file relayed by the payer.
    let cma = chamber_with_devis(&marie());
    let mut ccst = payer_with_devis();
    engage(&mut ccst, &paul());
    // Luc's machine takes the payer's file (trusting Marie and Paul by fingerprint).
    let empty = Ledger::new(crate::domain::convention::Convention::seed());
    let at_luc = receive(&empty, &file(&ccst, &paul()), &[&marie(), &paul()], false);
    assert!(at_luc.refused.is_empty(), "{:?}", at_luc.refused);
    let mut at_luc = at_luc.result;
    let s = luc().stamp(2, 10);
    at_luc
        .record_service_done(&ActionId(ACTION.into()), d(2021, 2, 10), s.clone())
        .unwrap();
    luc().seal(&mut at_luc, &s);
    // The payer takes Luc's file (confirming his key), then relays it to Marie.
    let ccst = receive(&ccst, &file(&at_luc, &luc()), &[&luc()], false);
    assert!(ccst.refused.is_empty(), "{:?}", ccst.refused);
    let relayed = file(&ccst.result, &paul());
    let at_marie = receive(&cma, &relayed, &[&paul(), &luc()], false);
    assert!(at_marie.refused.is_empty(), "{:?}", at_marie.refused);
    assert_eq!(status(&at_marie.result), Some(Status::ServiceDone));
    // The same figures on the three machines.
    assert_eq!(at_marie.result.figures(), ccst.result.figures());
}

#[test]
fn backups_and_stored_ledgers_carry_the_trust_decisions_but_files_do_not() {
    let mut l = payer_with_devis();
    engage(&mut l, &paul());
    let text = serde_json::to_string(&l).unwrap();
    let back: Ledger = serde_json::from_str(&text).unwrap();
    assert_eq!(back.trust(), l.trust());
    assert_eq!(
        back.trust().get(&paul().public().id()).map(|k| &k.how),
        Some(&How::MadeHere)
    );
    // The file carries the public keys its seals need, never the decisions.
    let file: serde_json::Value = serde_json::from_str(&file(&l, &paul())).unwrap();
    let keys = file["content"]["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys.iter().all(|k| k.get("how").is_none()));
    assert!(file["content"].get("trust").is_none());
}

#[test]
fn before_exporting_the_chamber_is_told_which_of_its_steps_the_payer_will_refuse() {
    let mut cma = chamber_with_devis(&marie());
    assert!(cma.signed_here_for(Side::Payer).is_empty());
    engage(&mut cma, &fake_payer());
    assert_eq!(
        cma.signed_here_for(Side::Payer),
        vec![
            "« Devis engagé » de Menuiserie Durand – Fiche 2, le 25/01/2021 par Quelqu'un : pris \
             sur cette machine au nom de CCST, avec une clé que CCST ne connaît pas ; CCST le \
             refusera."
                .to_string()
        ]
    );
    // The chamber's own steps are not the payer's to refuse.
    assert!(cma.signed_here_for(Side::Chamber).len() >= 2);
}

#[test]
fn the_names_the_canonical_form_writes_are_the_files_own() {
    use crate::domain::action::Step;
    // Steps and fiches are written by their variant's name (`Debug`), as serde writes them.
    for kind in [
        Step::Cancelled,
        Step::Created,
        Step::DevisSent,
        Step::Engaged,
        Step::FollowedUp,
        Step::Invoiced,
        Step::NoteChanged,
        Step::Paid,
        Step::Refused,
        Step::Requested,
        Step::ServiceDone,
    ] {
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            crate::domain::action::Action::step_name(kind)
        );
    }
    for fiche in Fiche::ALL {
        assert_eq!(serde_json::to_value(fiche).unwrap(), format!("{fiche:?}"));
    }
    // Dates, moments and amounts as the file writes them.
    let l = payer_with_devis();
    let a = &l.actions()[&ActionId(ACTION.into())];
    let file: serde_json::Value = serde_json::to_value(a).unwrap();
    let facts = a.facts(Step::DevisSent, &marie().stamp(1, 20));
    assert_eq!(facts["on"], file["devis"]["sent_on"]);
    assert_eq!(facts["amount"], file["devis"]["amount"]);
    assert_eq!(
        serde_json::to_value(marie().stamp(1, 20).at).unwrap(),
        "2021-01-20T10:00:00"
    );
}

#[test]
fn a_key_withdrawn_by_its_party_signs_nothing_after_the_withdrawal() {
    // The payer trusts Marie's and Luc's keys; Luc's machine trusts Marie's.
    let mut ccst = payer_with_devis();
    ccst.confirm_key(luc().card(), d(2021, 1, 2));
    let mut at_luc = Ledger::new(crate::domain::convention::Convention::seed());
    at_luc.confirm_key(marie().card(), d(2021, 1, 2));
    // Marie's laptop is lost: Luc withdraws her key on 01/02/2021 and signs the statement.
    let s = luc().stamp(2, 1);
    at_luc
        .withdraw_key(&marie().public().id(), s.clone())
        .unwrap();
    luc().seal(&mut at_luc, &s);
    let taken = receive(&ccst, &file(&at_luc, &luc()), &[], false);
    assert!(taken.refused.is_empty(), "{:?}", taken.refused);
    let ccst = taken.result;
    assert_eq!(
        ccst.trust().withdrawn_at(&marie().public().id()),
        Some(s.at)
    );

    // Whoever holds the lost laptop engages nothing: a cancellation signed with Marie's key
    // after the withdrawal is refused, in words; what she signed before stays.
    let mut stolen = chamber_with_devis(&marie());
    let late = marie().stamp(2, 5);
    stolen
        .cancel(
            &ActionId(ACTION.into()),
            d(2021, 2, 5),
            "Plus besoin",
            late.clone(),
        )
        .unwrap();
    marie().seal(&mut stolen, &late);
    let plan = receive(&ccst, &file(&stolen, &marie()), &[], false);
    assert_eq!(status(&plan.result), Some(Status::DevisSent));
    let why = plan.refused[0].to_string();
    assert!(
        why.contains("que sa partie a retirée le 01/02/2021"),
        "{why}"
    );

    // The withdrawal cannot be made twice, nor of the other party's key.
    let again = at_luc.withdraw_key(&marie().public().id(), luc().stamp(2, 2));
    assert!(
        again
            .unwrap_err()
            .to_string()
            .contains("déjà été retirée le 01/02/2021")
    );
    at_luc.confirm_key(paul().card(), d(2021, 1, 2));
    let theirs = at_luc.withdraw_key(&paul().public().id(), luc().stamp(2, 2));
    assert_eq!(
        theirs.unwrap_err().to_string(),
        format!(
            "La clé {} est celle de CCST : seule CCST peut la présenter ou la retirer.",
            paul().public().id()
        )
    );
}

#[test]
fn a_party_cannot_withdraw_the_other_partys_key_through_a_file() {
    use crate::domain::trust::{KeyStatement, Statement};
    // A statement crafted at the payer, withdrawing Marie's key, signed by Paul's key.
    let ccst = payer_with_devis();
    let stamp = paul().stamp(2, 1);
    let forged = KeyStatement {
        statement: Statement::Withdraws(marie().public().id()),
        stamp: stamp.clone(),
        seal: None,
    };
    let message = forged.canonical(ccst.convention().id());
    let seal = crate::domain::signing::Seal {
        facts: forged.statement.facts(),
        key: paul().public().id(),
        signature: signing::sign(&paul().key, &message),
    };
    let mut text: serde_json::Value = serde_json::from_str(&file(&ccst, &paul())).unwrap();
    let mut sealed = forged.clone();
    sealed.seal = Some(seal);
    text["content"]["key_statements"] = serde_json::json!([sealed]);
    text["content"]["keys"] = serde_json::json!([paul().card()]);
    let text = rechecksum(&serde_json::to_string(&text).unwrap());
    let cma = chamber_with_devis(&marie());
    let plan = receive(&cma, &text, &[&paul()], false);
    assert_eq!(
        plan.result.trust().withdrawn_at(&marie().public().id()),
        None
    );
    let why = plan
        .refused
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        why.contains("Retrait de la clé") && why.contains("ne retire que ses propres clés"),
        "{why}"
    );
}

#[test]
fn a_new_adviser_introduced_by_a_trusted_colleague_is_trusted_without_a_question() {
    // Marie's machine confirmed Luc's key by its fingerprint, then introduces it to the payer.
    let mut cma = chamber_with_devis(&marie());
    cma.confirm_key(luc().card(), d(2021, 1, 19));
    let s = marie().stamp(1, 21);
    cma.introduce_key(&luc().public().id(), s.clone()).unwrap();
    marie().seal(&mut cma, &s);
    // The payer, trusting Marie, takes the introduction: Luc's key is trusted, said in words.
    let ccst = payer_with_devis();
    let plan = receive(&ccst, &file(&cma, &marie()), &[], false);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert!(plan.unknown_keys.is_empty());
    assert_eq!(
        plan.introduced,
        vec![format!(
            "Luc Martin (CMA BFC, clé {}) : présentée le 21/01/2021 par la clé {}",
            luc().public().id(),
            marie().public().id()
        )]
    );
    // The payer engages; Luc, on the chamber's side, records the service: his steps are then
    // taken at the payer without a question.
    let mut ccst_after = plan.result.clone();
    engage(&mut ccst_after, &paul());
    let mut at_luc = receive(&cma, &file(&ccst_after, &paul()), &[&paul()], false).result;
    let done = luc().stamp(2, 10);
    at_luc
        .record_service_done(&ActionId(ACTION.into()), d(2021, 2, 10), done.clone())
        .unwrap();
    luc().seal(&mut at_luc, &done);
    let last = receive(&ccst_after, &file(&at_luc, &luc()), &[], false);
    assert!(
        last.refused.is_empty() && last.unknown_keys.is_empty(),
        "{:?}",
        last.refused
    );
    assert_eq!(status(&last.result), Some(Status::ServiceDone));
    // An introduction signed by a key the payer does not trust is refused.
    let mut stranger = chamber_with_devis(&marie());
    stranger.confirm_key(luc().card(), d(2021, 1, 19));
    let fake = fake_payer();
    let s = Stamp {
        actor: Actor {
            side: Side::Chamber,
            name: "Quelqu'un".into(),
        },
        at: d(2021, 1, 22).and_hms_opt(9, 0, 0).unwrap(),
    };
    stranger.confirm_key(
        KeyCard {
            key: fake.public(),
            side: Side::Chamber,
            name: "Quelqu'un".into(),
        },
        d(2021, 1, 22),
    );
    stranger
        .introduce_key(&luc().public().id(), s.clone())
        .unwrap();
    let signed = signing::signatures(&stranger, &s, &fake.key);
    stranger.seal(
        KeyCard {
            key: fake.public(),
            side: Side::Chamber,
            name: "Quelqu'un".into(),
        },
        signed,
    );
    let refused = receive(&ccst, &file(&stranger, &marie()), &[], false);
    assert!(refused.introduced.is_empty());
    assert!(
        refused
            .refused
            .iter()
            .any(|p| p.to_string().starts_with("Présentation de la clé")),
        "{:?}",
        refused.refused
    );
}

#[test]
fn a_long_text_is_signed_by_its_hash() {
    let l = payer_with_devis();
    let a = &l.actions()[&ActionId(ACTION.into())];
    let facts = a.facts(
        crate::domain::action::Step::DevisSent,
        &marie().stamp(1, 20),
    );
    // "Programme" is short: written as itself.
    assert_eq!(facts["programme"], "Programme");
    let long = "é".repeat(40);
    let mut cma = ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
    cma.create_action(
        ActionId("a2".into()),
        &CompanyId("e1".into()),
        Fiche::ALL[0],
        d(2021, 1, 18),
        &long,
        marie().stamp(1, 18),
    )
    .unwrap();
    let a = &cma.actions()[&ActionId("a2".into())];
    let facts = a.facts(crate::domain::action::Step::Created, &marie().stamp(1, 18));
    // 80 bytes of UTF-8: its SHA-256 (computed independently: Python hashlib).
    assert_eq!(
        facts["need"],
        "sha256:84fe2e03d50dd3a18b630669d7d5e361117ac6af9cbb487c284c8e6c91a9758a"
    );
}

/// A seal arriving after a step leaves the action "the same but for its seals": the screen keeps
/// what the user is typing in the action's forms; a step taken is a change.
#[test]
fn a_seal_is_not_a_change_of_the_actions_facts() {
    let marie = marie();
    let mut l = ledger_with("e1", &company_form("Menuiserie Durand", "Delle"));
    let id = ActionId(ACTION.into());
    let created = marie.stamp(1, 18);
    l.create_action(
        id.clone(),
        &CompanyId("e1".into()),
        Fiche::ALL[1],
        d(2021, 1, 18),
        "Relancer les ventes",
        created.clone(),
    )
    .unwrap();
    let unsealed = l.actions()[&id].clone();
    marie.seal(&mut l, &created);
    let sealed = l.actions()[&id].clone();
    assert_ne!(unsealed, sealed);
    assert!(unsealed.same_but_seals(&sealed));
    l.send_devis(&id, d(2021, 1, 20), "Programme", marie.stamp(1, 20))
        .unwrap();
    assert!(!sealed.same_but_seals(&l.actions()[&id]));
}

#[path = "signed_records_tests.rs"]
mod records;
