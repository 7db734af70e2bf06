//! Writes the files of the current format version into `tests/fixtures/v<version>/`: a stored
//! ledger, a backup and an exchange file each way, holding every kind of record that version
//! carries. Run once per format version, by the build that writes it, then keep the files: every
//! later version must open them (`cargo run --example make_fixtures`).

// Natively only (`p256` is a native dev-dependency); the wasm32 lint only compiles examples.
#[cfg(not(target_arch = "wasm32"))]
#[path = "common/seal.rs"]
mod seal;

use chrono::NaiveDate;
use relance::domain::action::ActionId;
use relance::domain::amendment::{AmendmentId, Changes};
use relance::domain::convention::{Convention, Fiche, Side};
use relance::domain::diffusion_request::{DiffusionId, DiffusionStep};
use relance::domain::journal::{Channel, EntryBody, EntryId, Promotion};
use relance::domain::ledger::Ledger;
use relance::domain::money::Euros;
use relance::domain::request::{NamedCompany, RequestId, RequestedCompany};
use relance::exchange::write;
use relance::storage::format::{Backup, StoredLedger};
use relance::test_support::{self, actor, add_company, company_form, stamp_on};

/// A day of 2021.
fn d(m: u32, day: u32) -> NaiveDate {
    test_support::d(2021, m, day)
}

/// The seed convention with two companies, actions through payment (with a follow-up from format
/// 3), a refusal, a cancellation, a request taken up, an issued month; from format 4 a meeting and a
/// promotion action in the journal, an amendment in force and one proposed, a diffusion request
/// agreed by both parties, a fiche 3 company's offers and demands; from format 5 a company's
/// postal address, numbered devis and a request naming a company without its SIRET; from format 6
/// every step signed; from format 7 a termination and its receipt.
fn ledger() -> Ledger {
    let cma = |m, day| stamp_on(Side::Chamber, d(m, day));
    let ccst = |m, day| stamp_on(Side::Payer, d(m, day));
    let mut l = Ledger::new(Convention::seed());
    let mut form = company_form("Boulangerie Martin", "Delle");
    if relance::storage::format::VERSION >= 5 {
        // Format 5: a postal address (devis numbers come with every devis sent).
        form.address = "3 rue de la Gare, 90100".into();
    }
    let bakery = add_company(&mut l, "e-fixture-1", &form, cma(1, 12));
    let garage = add_company(
        &mut l,
        "e-fixture-2",
        &company_form("Garage Vernier", "Beaucourt"),
        cma(1, 13),
    );
    let open = |l: &mut Ledger, id: &str, company, fiche: Fiche, day| {
        let id = ActionId(id.into());
        l.create_action(
            id.clone(),
            company,
            fiche,
            d(1, day),
            "Relancer les ventes",
            cma(1, day),
        )
        .expect("create");
        l.send_devis(
            &id,
            d(1, day + 2),
            fiche.default_programme(),
            cma(1, day + 2),
        )
        .expect("devis");
        id
    };
    let paid = open(&mut l, "a-fixture-paid", &bakery, Fiche::Digital, 14);
    l.engage(&paid, d(1, 25), ccst(1, 25)).expect("engage");
    l.record_company_informed(&bakery, d(1, 26), cma(1, 26))
        .expect("informed");
    l.record_service_done(&paid, d(3, 2), cma(3, 2))
        .expect("done");
    l.record_invoice(
        &paid,
        "F-2021-017",
        d(3, 5),
        Euros::whole(1200),
        "",
        cma(3, 5),
    )
    .expect("invoice");
    l.record_payment(&paid, d(3, 20), ccst(3, 20)).expect("pay");
    if relance::storage::format::VERSION >= 3 {
        // Format 3: what became of the company (art. 2.3).
        l.add_follow_up(
            &paid,
            d(3, 21),
            &[relance::domain::follow_up::Outcome::DigitalPlan],
            "Site vitrine en ligne",
            cma(3, 21),
        )
        .expect("follow-up");
    }
    let refused = open(&mut l, "a-fixture-refused", &garage, Fiche::Relance, 15);
    l.refuse(&refused, d(1, 26), "Hors cible", ccst(1, 26))
        .expect("refuse");
    let cancelled = open(
        &mut l,
        "a-fixture-cancelled",
        &garage,
        Fiche::CircuitsCourts,
        16,
    );
    l.set_note(&cancelled, "Projet reporté", true, cma(1, 19))
        .expect("note");
    l.cancel(&cancelled, d(2, 1), "Abandon", cma(2, 1))
        .expect("cancel");
    let request = RequestId("r-fixture".into());
    l.request_intervention(
        request.clone(),
        RequestedCompany::Known(garage.clone()),
        Fiche::Digital,
        "Site internet à refaire",
        d(2, 3),
        ccst(2, 3),
    )
    .expect("request");
    l.accept_request(
        &request,
        ActionId("a-fixture-requested".into()),
        None,
        d(2, 5),
        "Site internet",
        cma(2, 5),
    )
    .expect("accept");
    l.issue_month(2021, 1, d(2, 2), cma(2, 2)).expect("issue");
    if relance::storage::format::VERSION >= 5 {
        // Format 5: the payer names a company without its SIRET, with a phone number.
        let named = NamedCompany::check(
            "Menuiserie Roy",
            "",
            "Delle",
            "03 84 36 00 00",
            l.convention(),
        )
        .expect("named without SIRET");
        l.request_intervention(
            RequestId("r-fixture-sans-siret".into()),
            RequestedCompany::Named(named),
            Fiche::Relance,
            "Appel de l'artisan : carnet de commandes vide",
            d(3, 21),
            ccst(3, 21),
        )
        .expect("request without SIRET");
    }
    // Format 4: a meeting written by the chamber and changed once, a promotion by the payer.
    let paid = ActionId("a-fixture-paid".into());
    let meeting = EntryId("j-fixture-meeting".into());
    l.record_entry(
        meeting.clone(),
        test_support::meeting(d(3, 2), &[]),
        cma(3, 2),
    )
    .expect("meeting");
    l.change_entry(&meeting, test_support::meeting(d(3, 2), &[paid]), cma(3, 3))
        .expect("meeting changed");
    l.record_entry(
        EntryId("j-fixture-promotion".into()),
        EntryBody::Promotion(Promotion {
            on: d(1, 10),
            channel: Channel::Bulletin,
            audience: "Artisans du territoire".into(),
            text: "Le dispositif Coaching Rebond dans le bulletin de janvier.".into(),
        }),
        ccst(1, 10),
    )
    .expect("promotion");
    // Format 4: an amendment of the payer accepted by the chamber, another one only proposed.
    let raised = AmendmentId("av-fixture-envelope".into());
    l.propose_amendment(
        raised.clone(),
        Changes {
            envelope: Some(Euros::whole(6000)),
            ..Changes::default()
        },
        d(3, 10),
        ccst(3, 10),
    )
    .expect("amendment");
    l.accept_amendment(&raised, d(3, 12), cma(3, 12))
        .expect("accepted");
    l.propose_amendment(
        AmendmentId("av-fixture-extension".into()),
        Changes {
            ends_on: Some(test_support::d(2022, 6, 30)),
            communes_added: vec!["Giromagny".into()],
            ..Changes::default()
        },
        d(3, 15),
        cma(3, 15),
    )
    .expect("proposed");
    // Format 4: a diffusion request of the payer, agreed by both parties.
    let diffusion = DiffusionId("dd-fixture".into());
    l.request_diffusion(
        diffusion.clone(),
        [
            "Région BFC",
            "Notes de diagnostic",
            "Orientation vers le fonds régional",
        ],
        d(3, 16),
        ccst(3, 16),
    )
    .expect("diffusion requested");
    l.diffusion_step(&diffusion, DiffusionStep::Agreed, d(3, 16), ccst(3, 16))
        .expect("payer agrees");
    l.diffusion_step(&diffusion, DiffusionStep::Agreed, d(3, 17), cma(3, 17))
        .expect("chamber agrees");
    // Format 4: the offers and demands of a fiche 3 company.
    let farm = garage.clone();
    let a3 = ActionId("a-fixture-fiche3".into());
    l.create_action(
        a3.clone(),
        &farm,
        Fiche::CircuitsCourts,
        d(3, 18),
        "Vente directe",
        cma(3, 18),
    )
    .expect("fiche 3 action");
    l.set_collaboration(
        &farm,
        &["Farine de blé ancien".into()],
        &["Dépôt de pain".into()],
        cma(3, 19),
    )
    .expect("offers and demands");
    if relance::storage::format::VERSION >= 7 {
        // Format 7: a termination notified by the payer, its receipt recorded under its own
        // stamp (both signed, with the offers and demands, from format 7).
        l.notify_termination(d(3, 20), "Engagements non tenus", ccst(3, 20))
            .expect("termination");
        l.record_termination_receipt(d(3, 23), ccst(3, 23))
            .expect("receipt");
    }
    if relance::storage::format::VERSION >= 6 {
        // Format 6: every step signed (from format 5 the actions' steps, from format 6 those of
        // the requests, amendments, journal, diffusion requests and issued tables, from format 7
        // a termination and a fiche 3 company's offers and demands).
        #[cfg(not(target_arch = "wasm32"))]
        seal::seal_everything(&mut l);
    }
    l
}

fn main() {
    let l = ledger();
    let dir = format!("tests/fixtures/v{}", relance::storage::format::VERSION);
    std::fs::create_dir_all(&dir).expect("dir");
    let at = d(3, 21).and_hms_opt(17, 45, 0).expect("time");
    let stored = StoredLedger::new(l.clone(), 12, at, Some(actor(Side::Chamber)));
    let put = |name: &str, text: String| {
        std::fs::write(format!("{dir}/{name}"), format!("{text}\n")).expect("write")
    };
    put("stored.json", stored.to_json());
    put(
        "backup.json",
        Backup::new(vec![stored], at, Some(actor(Side::Chamber))).to_json(),
    );
    put(
        "echange-cma-vers-ccst.json",
        write(&l, actor(Side::Chamber), at, false),
    );
    put(
        "echange-ccst-vers-cma.json",
        write(&l, actor(Side::Payer), at, false),
    );
}
