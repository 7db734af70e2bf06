//! The rules a record received from the other party must meet beyond its own consistency (which
//! typing it checked: [`super::action::Action::try_from`], [`super::request::Request::try_from`]).
//! They are the rules the [`super::ledger::Ledger`] applies to a local change, through the same
//! functions: who took each step ([`super::lifecycle`]), the date rule of each step, the price of
//! the fiche (art. 1), the territory (art. 2.1) and the size of the company (préambule). Each
//! problem is a French message; the exchange reader adds where it is.

use super::action::Action;
use super::company::Company;
use super::convention::Convention;
use super::lifecycle::{self, CompanyStep, Owned};
use super::request::{Request, RequestedCompany};

/// What is wrong with a received action: its devis at another price than the convention's,
/// a step dated outside what its rule allows, a step taken by the side that does not own it, a
/// recorded step without its event (whose owner could then not be checked).
pub fn action_problems(a: &Action, convention: &Convention) -> Vec<String> {
    let r = a.record();
    let mut out = Vec::new();
    if let Some(d) = &r.devis {
        let price = convention.price_on(r.fiche, d.sent_on);
        if d.amount != price {
            out.push(format!(
                "devis.montant : {} ne correspond pas au prix de la {} dans la convention ({price}).",
                d.amount, r.fiche
            ));
        }
    }
    for step in lifecycle::CHAIN.into_iter().chain(lifecycle::CLOSINGS) {
        if let Some(on) = step.recorded_on(r)
            && let Err(e) = step.check_date(on, convention)
        {
            out.push(format!("{} : {e}", step.rule().date_name));
        }
    }
    for e in &r.history {
        if let Err(refused) = e.kind.authorize(&e.stamp, convention) {
            out.push(format!("modification refusée : {refused}"));
        }
    }
    for step in lifecycle::steps_without_event(r) {
        out.push(format!(
            "étape « {} » sans trace dans l'historique.",
            step.event_label()
        ));
    }
    out
}

/// What is wrong with a received company: the checks of the company form (SIRET, commune of the
/// territory, staff), and every change made by the side that owns company records.
pub fn company_problems(c: &Company, convention: &Convention) -> Vec<String> {
    let mut out: Vec<String> = match Company::from_form(c.id.clone(), &c.to_form(), convention) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|(_, e)| e.to_string()).collect(),
    };
    if c.history.is_empty() {
        out.push("historique absent.".to_string());
    }
    for e in &c.history {
        if let Err(refused) = e.kind.authorize(&e.stamp, convention) {
            out.push(format!("modification refusée : {refused}"));
        }
    }
    out
}

/// Whether every change to a company record was made by the side that owns company records: only
/// such records are sent (data of version 1 may hold others, see [`super::ownership`]).
pub fn company_is_sendable(c: &Company, convention: &Convention) -> bool {
    c.history
        .iter()
        .all(|e| CompanyStep::Created.authorize(&e.stamp, convention).is_ok())
}

/// What is wrong with a received request: a step taken by the side that does not own it, a date
/// outside the period, a named company outside the territory or with an invalid SIRET, a known
/// company that neither side has.
pub fn request_problems(
    r: &Request,
    convention: &Convention,
    company_known: impl Fn(&super::company::CompanyId) -> bool,
) -> Vec<String> {
    let rec = r.record();
    let mut out = Vec::new();
    for e in &rec.history {
        if let Err(refused) = e.kind.authorize(&e.stamp, convention) {
            out.push(format!("modification refusée : {refused}"));
        }
    }
    if let Err(e) = convention.check_in_period(rec.requested_on) {
        out.push(format!("demande : {e}"));
    }
    match &rec.company {
        RequestedCompany::Known(id) if !company_known(id) => {
            out.push(format!("entreprise inconnue ({id})."));
        }
        RequestedCompany::Named(c) => {
            if let Err(e) = convention.commune(&c.commune) {
                out.push(e.to_string());
            }
        }
        RequestedCompany::Known(_) => {}
    }
    out
}
