//! Amendments: nothing changes until the other party accepts; then the end, the envelope, the
//! territory and the prices of new devis are the amended ones; who may accept; what is refused
//! changes nothing.

use super::*;
use crate::domain::action::ActionId;
use crate::domain::company::CompanyId;
use crate::domain::ledger::Ledger;
use crate::test_support::{
    add_company, company_form, d, engaged_action, ledger_with_companies, stamp, stamp_on,
};

fn extension() -> Changes {
    Changes {
        ends_on: Some(d(2022, 6, 30)),
        envelope: Some(Euros::whole(8000)),
        communes_added: vec!["Giromagny".into()],
        prices: Some(NewPrices {
            from: d(2022, 1, 1),
            prices: PriceList {
                relance: Euros::whole(350),
                digital: Euros::whole(1300),
                circuits_courts: Euros::whole(650),
            },
        }),
    }
}

fn proposed() -> (Ledger, AmendmentId) {
    let mut l = ledger_with_companies(&[("Boulangerie Martin", "Delle")]);
    let id = AmendmentId("av1".into());
    l.propose_amendment(
        id.clone(),
        extension(),
        d(2021, 11, 15),
        stamp_on(Side::Chamber, d(2021, 11, 15)),
    )
    .unwrap();
    (l, id)
}

/// Opens an action on 01/12/2021 and sends its devis on `sent`.
fn devis(l: &mut Ledger, id: &str, sent: NaiveDate) -> Result<ActionId, DomainError> {
    let a = ActionId(id.into());
    l.create_action(
        a.clone(),
        &CompanyId("c0".into()),
        Fiche::Digital,
        d(2021, 12, 1),
        "x",
        stamp(Side::Chamber),
    )?;
    l.send_devis(&a, sent, "p", stamp(Side::Chamber))?;
    Ok(a)
}

#[test]
fn a_proposal_changes_nothing_until_the_other_party_accepts() {
    let (mut l, id) = proposed();
    let c = l.convention();
    assert_eq!(c.last_day(), d(2021, 12, 31));
    assert_eq!(c.envelope(), Euros::whole(5000));
    assert!(c.commune("Giromagny").is_err());
    let a = devis(&mut l, "a1", d(2021, 12, 10)).unwrap();
    assert_eq!(
        l.engage(&a, d(2022, 1, 15), stamp(Side::Payer))
            .unwrap_err()
            .to_string(),
        "La date 15/01/2022 est hors de la période de la convention (du 27/11/2020 au 31/12/2021). Avenant proposé le 15/11/2021 porte la fin au 30/06/2022 mais attend l'accord de CCST : une fois accepté, cette date sera possible."
    );

    // Accepted by the payer: in force.
    l.accept_amendment(&id, d(2021, 12, 20), stamp_on(Side::Payer, d(2021, 12, 20)))
        .unwrap();
    let c = l.convention();
    assert_eq!(c.last_day(), d(2022, 6, 30));
    assert_eq!(c.envelope(), Euros::whole(8000));
    assert_eq!(c.commune("giromagny").unwrap(), "Giromagny");
    assert_eq!(c.communes().len(), 28);
    l.engage(&a, d(2022, 1, 15), stamp(Side::Payer)).unwrap();
    // The devis sent before the new prices keeps its price; one sent after costs the new one.
    assert_eq!(l.actions()[&a].devis_amount(), Some(Euros::whole(1200)));
    let b = devis(&mut l, "a2", d(2022, 1, 3)).unwrap();
    assert_eq!(l.actions()[&b].devis_amount(), Some(Euros::whole(1300)));
    assert_eq!(l.figures().available, Euros::whole(8000 - 1200));
    // A company of the added commune.
    add_company(
        &mut l,
        "c1",
        &company_form("Garage Vernier", "Giromagny"),
        stamp(Side::Chamber),
    );
    // Stored and read back the same; the bilan is final after the new end only.
    let back: Ledger = serde_json::from_str(&serde_json::to_string(&l).unwrap()).unwrap();
    assert_eq!(back, l);
    assert!(!l.convention().ended_by(d(2022, 1, 1)));
}

#[test]
fn only_the_other_party_accepts_once_and_a_refusal_changes_nothing() {
    let (mut l, id) = proposed();
    let before = l.clone();
    assert_eq!(
        l.accept_amendment(&id, d(2021, 12, 1), stamp(Side::Chamber))
            .unwrap_err()
            .to_string(),
        "« Avenant accepté » revient à CCST, pas à CMA BFC."
    );
    assert_eq!(
        l.accept_amendment(&id, d(2021, 11, 1), stamp(Side::Payer))
            .unwrap_err()
            .to_string(),
        "La date 01/11/2021 précède celle de l'étape précédente (proposition de l'avenant : 15/11/2021)."
    );
    assert_eq!(
        l.accept_amendment(&AmendmentId("x".into()), d(2021, 12, 1), stamp(Side::Payer)),
        Err(DomainError::UnknownAmendment("x".into()))
    );
    assert_eq!(l, before);
    l.accept_amendment(&id, d(2021, 12, 1), stamp(Side::Payer))
        .unwrap();
    assert_eq!(
        l.accept_amendment(&id, d(2021, 12, 2), stamp(Side::Payer)),
        Err(DomainError::AmendmentAccepted)
    );
}

#[test]
fn a_proposal_is_checked() {
    let mut l = ledger_with_companies(&[("Boulangerie Martin", "Delle")]);
    let before = l.clone();
    let on = d(2021, 11, 15);
    let cases: Vec<(Changes, &str)> = vec![
        (
            Changes::default(),
            "L'avenant doit changer au moins la date de fin, l'enveloppe, les communes ou les prix.",
        ),
        (
            Changes {
                communes_added: vec!["delle".into()],
                ..Changes::default()
            },
            "La commune « delle » fait déjà partie du territoire.",
        ),
        (
            Changes {
                communes_added: vec!["Giromagny".into(), "GIROMAGNY".into()],
                ..Changes::default()
            },
            "La commune « GIROMAGNY » fait déjà partie du territoire.",
        ),
        (
            Changes {
                ends_on: Some(d(2020, 1, 1)),
                ..Changes::default()
            },
            "Les dates d'un avenant suivent la signature de la convention (27/11/2020).",
        ),
        (
            Changes {
                envelope: Some(Euros::ZERO),
                ..Changes::default()
            },
            "Le montant de l'enveloppe doit être supérieur à zéro.",
        ),
    ];
    for (changes, message) in cases {
        let err = l
            .propose_amendment(AmendmentId("av".into()), changes, on, stamp(Side::Payer))
            .unwrap_err();
        assert_eq!(err.to_string(), message);
        assert_eq!(l, before);
    }
}

#[test]
fn an_envelope_below_the_funds_engaged_is_not_accepted() {
    let mut l = ledger_with_companies(&[("Boulangerie Martin", "Delle")]);
    engaged_action(&mut l, "a1", "c0", Fiche::Digital);
    let id = AmendmentId("av".into());
    l.propose_amendment(
        id.clone(),
        Changes {
            envelope: Some(Euros::whole(1000)),
            ..Changes::default()
        },
        d(2021, 3, 1),
        stamp(Side::Payer),
    )
    .unwrap();
    let before = l.clone();
    assert_eq!(
        l.accept_amendment(&id, d(2021, 3, 2), stamp(Side::Chamber))
            .unwrap_err()
            .to_string(),
        "La nouvelle enveloppe (1\u{a0}000,00\u{a0}€) est inférieure aux fonds déjà engagés (1\u{a0}200,00\u{a0}€)."
    );
    assert_eq!(l, before);
}

#[test]
fn stored_terms_whose_acceptance_came_from_the_proposer_are_refused() {
    let (mut l, id) = proposed();
    l.accept_amendment(&id, d(2021, 12, 1), stamp(Side::Payer))
        .unwrap();
    let mut v = serde_json::to_value(l.convention()).unwrap();
    v["amendments"][0]["accepted"]["stamp"]["actor"]["side"] = "Chamber".into();
    let err = serde_json::from_value::<Convention>(v)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("« Avenant accepté » revient à CCST, pas à CMA BFC."),
        "{err}"
    );
}

#[test]
fn amendments_are_kept_in_the_order_of_their_proposal_whatever_the_order_recorded() {
    let envelope = |n| Changes {
        envelope: Some(Euros::whole(n)),
        ..Changes::default()
    };
    let propose = |l: &mut Ledger, id: &str, n, on| {
        l.propose_amendment(
            AmendmentId(id.into()),
            envelope(n),
            on,
            stamp_on(Side::Payer, on),
        )
        .unwrap()
    };
    let mut a = ledger_with_companies(&[("Boulangerie Martin", "Delle")]);
    let mut b = a.clone();
    propose(&mut a, "late", 7000, d(2021, 6, 1));
    propose(&mut a, "early", 6000, d(2021, 5, 1));
    propose(&mut b, "early", 6000, d(2021, 5, 1));
    propose(&mut b, "late", 7000, d(2021, 6, 1));
    assert_eq!(a, b);
    for l in [&mut a, &mut b] {
        for id in ["late", "early"] {
            l.accept_amendment(&AmendmentId(id.into()), d(2021, 6, 2), stamp(Side::Chamber))
                .unwrap();
        }
    }
    assert_eq!(
        a.convention().envelope(),
        Euros::whole(7000),
        "the later proposal wins"
    );
    assert_eq!(a, b);
}

#[test]
fn an_amendment_never_ends_the_scheme_earlier() {
    let mut l = ledger_with_companies(&[("Boulangerie Martin", "Delle")]);
    let before = l.clone();
    assert_eq!(
        l.propose_amendment(
            AmendmentId("av".into()),
            Changes {
                ends_on: Some(d(2021, 6, 30)),
                ..Changes::default()
            },
            d(2021, 1, 1),
            stamp(Side::Payer),
        )
        .unwrap_err()
        .to_string(),
        "La nouvelle fin (30/06/2021) ne peut pas précéder la fin actuelle (31/12/2021) : une fin anticipée passe par la résiliation (art. 3.3)."
    );
    assert_eq!(l, before);
}

#[test]
fn new_prices_apply_from_their_date_but_never_before_the_acceptance() {
    // The scheme extended to 30/06/2022 (in force), then new prices from 01/02/2022 proposed on
    // 20/01 and accepted only on 01/03/2022.
    let (mut l, id) = proposed();
    l.accept_amendment(&id, d(2021, 12, 20), stamp(Side::Payer))
        .unwrap();
    let prices = AmendmentId("prices".into());
    let new_prices = Changes {
        prices: Some(NewPrices {
            from: d(2022, 2, 1),
            prices: PriceList {
                relance: Euros::whole(400),
                digital: Euros::whole(1500),
                circuits_courts: Euros::whole(700),
            },
        }),
        ..Changes::default()
    };
    l.propose_amendment(
        prices.clone(),
        new_prices,
        d(2022, 1, 20),
        stamp(Side::Chamber),
    )
    .unwrap();
    // A devis sent on 15/02, after the prices' date but before the acceptance, keeps the price in
    // force (the first amendment's, 1 300 €)…
    let sent_before = devis(&mut l, "a1", d(2022, 2, 15)).unwrap();
    l.accept_amendment(&prices, d(2022, 3, 1), stamp(Side::Payer))
        .unwrap();
    assert_eq!(
        l.actions()[&sent_before].devis_amount(),
        Some(Euros::whole(1300))
    );
    // …and the rule says so, so that the other party takes that devis from a file.
    assert_eq!(
        l.convention().price_on(Fiche::Digital, d(2022, 2, 15)),
        Euros::whole(1300)
    );
    assert_eq!(
        l.convention().price_on(Fiche::Digital, d(2022, 3, 1)),
        Euros::whole(1500)
    );
    let sent_after = devis(&mut l, "a2", d(2022, 3, 2)).unwrap();
    assert_eq!(
        l.actions()[&sent_after].devis_amount(),
        Some(Euros::whole(1500))
    );
    assert!(
        crate::domain::received::action_problems(&l.actions()[&sent_before], l.convention())
            .is_empty()
    );
}

#[test]
fn a_pending_amendment_is_a_task_for_the_party_that_accepts_it_and_information_for_the_other() {
    use crate::domain::envelope::{Alert, Remedy};
    let (l, _) = proposed();
    let alert = l
        .alerts(d(2021, 11, 20))
        .into_iter()
        .find(|a| matches!(a, Alert::AmendmentPending { .. }))
        .expect("the pending amendment is on the dashboard");
    assert_eq!(
        alert.message_for(Some(Side::Payer)),
        "Avenant proposé le 15/11/2021 par Marie Dupont (CMA BFC) : Fin du dispositif portée au 30/06/2022 ; Enveloppe portée à 8\u{a0}000,00\u{a0}€ ; Communes ajoutées : Giromagny ; Prix des devis envoyés à partir du 01/01/2022 : fiche 1 350,00\u{a0}€, fiche 2 1\u{a0}300,00\u{a0}€, fiche 3 650,00\u{a0}€. À accepter par vous (art. 3.2) : rien ne change avant votre accord."
    );
    assert!(
        alert
            .message_for(Some(Side::Chamber))
            .ends_with(": en attente de l'accord de CCST ; rien ne change d'ici là (art. 3.2).")
    );
    assert_eq!(
        alert.remedy(Some(Side::Payer)),
        Some(Remedy::AnswerAmendment)
    );
    assert_eq!(
        alert.remedy(Some(Side::Chamber)),
        Some(Remedy::ReviewConvention)
    );
}

#[test]
fn an_engagement_after_the_end_names_the_amendment_waiting_for_acceptance() {
    let (mut l, _) = proposed();
    let a = devis(&mut l, "a1", d(2021, 12, 20)).unwrap();
    let err = l
        .engage(&a, d(2022, 2, 8), stamp_on(Side::Payer, d(2022, 2, 8)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "La date 08/02/2022 est hors de la période de la convention (du 27/11/2020 au 31/12/2021). Avenant proposé le 15/11/2021 porte la fin au 30/06/2022 mais attend l'accord de CCST : une fois accepté, cette date sera possible."
    );
}
