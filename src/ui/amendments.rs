//! The amendments of the convention shown (art. 3.2): each with what it changes and where it
//! stands (proposed by one party, in force once the other accepts); the acceptance offered to the
//! party that did not propose it; the form to propose one. The rules are
//! [`crate::domain::amendment`]'s: the screen offers, the domain decides.

use leptos::prelude::*;

use super::state::use_state;
use super::widgets::{FormError, ProvedSteps, TextArea, TextField};
use crate::domain::amendment::{Amendment, AmendmentId, Changes, NewPrices};
use crate::domain::date::{self, fr};
use crate::domain::error::DomainError;
use crate::domain::fiche::PriceList;
use crate::domain::money::Euros;
use crate::domain::signed::SealedKind;
use crate::web::clock;
use crate::workspace::command::{AcceptAmendment, ProposeAmendment};

/// The amendments section of the conventions tab.
#[component]
pub fn AmendmentsSection() -> impl IntoView {
    let state = use_state();
    let list = move || {
        state
            .with_ledger(|l| l.convention().terms().amendments.clone())
            .unwrap_or_default()
    };
    view! {
        <section class="card" aria-labelledby="amendments-title">
            <h2 id="amendments-title">"Avenants (art. 3.2)"</h2>
            <p class="hint">"Un avenant proposé par une partie n'entre en vigueur qu'une fois accepté par l'autre ; les devis déjà envoyés gardent leur prix."</p>
            <ul class="amendments" data-testid="amendments">
                {move || list().into_iter().map(|a| view! { <AmendmentItem amendment=a /> }).collect_view()}
            </ul>
            <ProposalForm />
        </section>
    }
}

/// One amendment: its changes, who proposed it, whether it is in force, and the acceptance
/// offered to the other party.
#[component]
fn AmendmentItem(amendment: Amendment) -> impl IntoView {
    let state = use_state();
    let party = move |side| {
        state
            .with_ledger_untracked(|l| l.convention().party(side).short_name.clone())
            .unwrap_or_default()
    };
    let status = match &amendment.accepted {
        Some(a) => format!(
            "En vigueur : accepté le {} par {} ({}).",
            fr(a.on),
            a.stamp.actor.name,
            party(a.stamp.actor.side)
        ),
        None => format!(
            "En attente de l'accord de {} : ne change rien d'ici là.",
            party(amendment.accepting_side())
        ),
    };
    let cut_short = state
        .with_ledger_untracked(|l| l.convention().amendment_cut_short(&amendment))
        .flatten();
    let may_accept = amendment.accepted.is_none()
        && state
            .identity
            .get_untracked()
            .is_some_and(|a| a.side == amendment.accepting_side());
    let id = amendment.id.clone();
    view! {
        <li class="card">
            <h3>{amendment.label()} " par " {amendment.proposed.actor.name.clone()} " (" {party(amendment.proposed.actor.side)} ")"</h3>
            <ul>{amendment.describe().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            <p class:alert=amendment.accepted.is_none() data-testid="amendment-status">{status}</p>
            {cut_short.map(|w| view! { <p class="alert" role="note" data-testid="amendment-cut-short">{w}</p> })}
            <ProvedSteps kind=SealedKind::Amendment id=id.0.clone() />
            {may_accept.then(|| view! { <AcceptForm id=id /> })}
        </li>
    }
}

/// The acceptance of an amendment, dated.
#[component]
fn AcceptForm(id: AmendmentId) -> impl IntoView {
    let state = use_state();
    let on = RwSignal::new(date::iso(clock::today()));
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = date::parse(&on.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|d| {
                state.change(AcceptAmendment {
                    id: id.clone(),
                    on: d,
                })
            });
        error.set(result.err());
    };
    view! {
        <form on:submit=submit aria-label="Accepter l'avenant">
            <TextField id="amendment-accepted-on" label="Accepté le" kind="date" value=on />
            <FormError message=error />
            <button type="submit" class="primary">"Accepter l'avenant"</button>
        </form>
    }
}

/// An optional amount: empty is none.
fn amount(text: &str) -> Result<Option<Euros>, DomainError> {
    let text = text.trim();
    (!text.is_empty())
        .then(|| Euros::parse_fr(text))
        .transpose()
}

/// An optional date: empty is none.
fn day(text: &str) -> Result<Option<chrono::NaiveDate>, DomainError> {
    let text = text.trim();
    (!text.is_empty()).then(|| date::parse(text)).transpose()
}

/// The form of a proposal: any of a new end, a new envelope, communes added, new prices from a
/// date.
#[component]
fn ProposalForm() -> impl IntoView {
    let state = use_state();
    let on = RwSignal::new(date::iso(clock::today()));
    let ends_on = RwSignal::new(String::new());
    let envelope = RwSignal::new(String::new());
    let communes = RwSignal::new(String::new());
    let prices_from = RwSignal::new(String::new());
    let prices = [(); 3].map(|_| RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    super::history::draft_while(state, "Proposer un avenant", move || {
        [ends_on, envelope, communes, prices_from]
            .iter()
            .chain(prices.iter())
            .any(|t| !t.get().trim().is_empty())
    });
    let changes = move || -> Result<Changes, DomainError> {
        let from = day(&prices_from.get_untracked())?;
        let [p1, p2, p3] = prices.map(|p| amount(&p.get_untracked()));
        let new_prices = match (from, p1?, p2?, p3?) {
            (None, None, None, None) => None,
            (Some(from), Some(relance), Some(digital), Some(circuits_courts)) => Some(NewPrices {
                from,
                prices: PriceList {
                    relance,
                    digital,
                    circuits_courts,
                },
            }),
            _ => return Err(DomainError::Required("nouveaux prix (date et trois prix)")),
        };
        Ok(Changes {
            ends_on: day(&ends_on.get_untracked())?,
            envelope: amount(&envelope.get_untracked())?,
            communes_added: communes
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect(),
            prices: new_prices,
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = date::parse(&on.get_untracked())
            .and_then(|d| Ok((d, changes()?)))
            .map_err(|e| e.to_string())
            .and_then(|(d, c)| {
                state.change(ProposeAmendment {
                    id: AmendmentId(clock::new_id("av")),
                    changes: c,
                    on: d,
                })
            });
        match result {
            Ok(()) => {
                for s in [ends_on, envelope, communes, prices_from]
                    .iter()
                    .chain(&prices)
                {
                    s.set(String::new());
                }
                error.set(None);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="editor" on:submit=submit aria-label="Proposer un avenant" novalidate>
            <h3>"Proposer un avenant"</h3>
            <p class="hint">"Remplissez ce qui change ; le reste de la convention est inchangé."</p>
            <div class="grid">
                <TextField id="amendment-on" label="Proposé le" kind="date" value=on />
                <TextField id="amendment-end" label="Nouvelle date de fin" kind="date" value=ends_on />
                <TextField id="amendment-envelope" label="Nouvelle enveloppe (€)" value=envelope />
            </div>
            <TextArea id="amendment-communes" label="Communes ajoutées (une par ligne)" value=communes rows=2 />
            <div class="grid">
                <TextField id="amendment-prices-from" label="Nouveaux prix pour les devis envoyés à partir du" kind="date" value=prices_from />
                <TextField id="amendment-price-1" label="Prix fiche 1 (€)" value=prices[0] />
                <TextField id="amendment-price-2" label="Prix fiche 2 (€)" value=prices[1] />
                <TextField id="amendment-price-3" label="Prix fiche 3 (€)" value=prices[2] />
            </div>
            <FormError message=error />
            <button type="submit" class="primary">"Proposer l'avenant"</button>
        </form>
    }
}
