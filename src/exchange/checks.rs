//! The checks of one received record: typed with French reasons ([`crate::serde_fr`]), then held to
//! the domain's rules for received records ([`crate::domain::received`], the same functions local
//! changes go through), and unique in the file. Each problem names its record.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::Problem;
use crate::domain::action::{Action, ActionId};
use crate::domain::company::{Company, CompanyId};
use crate::domain::convention::Convention;
use crate::domain::received;
use crate::domain::request::{Request, RequestId, RequestedCompany};

/// The `id` of a record that could not be typed, for its place.
fn raw_id(json: &str) -> String {
    let value: Value = serde_json::from_str(json).unwrap_or(Value::Null);
    value
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string()
}

/// Problems at `place`, one per message.
fn at(place: &str, messages: Vec<String>) -> Vec<Problem> {
    messages
        .into_iter()
        .map(|m| Problem::at(place, m))
        .collect()
}

/// The `i`-th company of a file: typed, checked, not seen before in the file.
pub fn company(
    json: &str,
    i: usize,
    convention: &Convention,
    seen: &HashMap<CompanyId, usize>,
) -> Result<Company, Vec<Problem>> {
    let place = |id: &str| format!("Entreprise n° {} ({id})", i + 1);
    let c: Company = crate::serde_fr::from_text(json)
        .map_err(|e| vec![Problem::invalid_record(place(&raw_id(json)), &e)])?;
    let place = place(&c.id.0);
    let mut problems = at(&place, received::company_problems(&c, convention));
    if seen.contains_key(&c.id) {
        problems.push(Problem::at(&place, "identifiant en double."));
    }
    if problems.is_empty() {
        Ok(c)
    } else {
        Err(problems)
    }
}

/// "Action Boulangerie Martin – Fiche 2 …", or "Action n° 3 du fichier" when its company is
/// unknown: never its internal id.
fn action_place(
    i: usize,
    company: Option<&str>,
    fiche: crate::domain::convention::Fiche,
) -> String {
    match company {
        Some(name) => format!("Action {name} – {fiche}"),
        None => format!("Action n° {} du fichier ({fiche})", i + 1),
    }
}

/// The `i`-th action of a file: typed (its lifecycle re-checked), its company known (in the file
/// or here), checked, not seen before in the file.
pub fn action<'c>(
    json: &str,
    i: usize,
    convention: &Convention,
    company: impl Fn(&CompanyId) -> Option<&'c Company>,
    seen: &HashSet<ActionId>,
) -> Result<Action, Vec<Problem>> {
    let a: Action = crate::serde_fr::from_text(json).map_err(|e| {
        vec![Problem::invalid_record(
            format!("Action n° {} du fichier", i + 1),
            &e,
        )]
    })?;
    let known = company(a.company());
    let place = action_place(i, known.map(|c| c.name.as_str()), a.fiche());
    let mut problems = Vec::new();
    if known.is_none() {
        problems.push(Problem::at(
            &place,
            format!("entreprise inconnue ({}).", a.company()),
        ));
    }
    problems.extend(at(&place, received::action_problems(&a, convention)));
    if seen.contains(a.id()) {
        problems.push(Problem::at(&place, "identifiant en double."));
    }
    if problems.is_empty() {
        Ok(a)
    } else {
        Err(problems)
    }
}

/// The `i`-th request of a file: typed, checked, not seen before in the file.
pub fn request(
    json: &str,
    i: usize,
    convention: &Convention,
    company_known: impl Fn(&CompanyId) -> bool,
    seen: &HashSet<RequestId>,
) -> Result<Request, Vec<Problem>> {
    let place = |id: &str| format!("Demande n° {} ({id})", i + 1);
    let r: Request = crate::serde_fr::from_text(json)
        .map_err(|e| vec![Problem::invalid_record(place(&raw_id(json)), &e)])?;
    let place = place(&r.id().0);
    let place = match &r.record().company {
        RequestedCompany::Named(c) => format!("{place} – {}", c.name),
        RequestedCompany::Known(_) => place,
    };
    let mut problems = at(
        &place,
        received::request_problems(&r, convention, company_known),
    );
    if seen.contains(r.id()) {
        problems.push(Problem::at(&place, "identifiant en double."));
    }
    if problems.is_empty() {
        Ok(r)
    } else {
        Err(problems)
    }
}
