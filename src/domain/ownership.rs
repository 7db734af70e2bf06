//! Data stored by version 1 that breaks the ownership rules of [`super::lifecycle`], and what
//! becomes of it. Version 1 offered a payer's agent the chamber's gestures — new company, new
//! action, diagnostic note — and accepted them; every file the payer exported afterwards was
//! refused whole by the chamber. Such records are never lost: [`repair`] moves each one aside
//! (kept on this machine, shown to the user, never sent) and, where it can, gives the payer what
//! the convention lets it do instead: an action the payer opened becomes its request for an
//! intervention (art. 1: "à la demande de la CCST"). The repair is deterministic and idempotent:
//! loading the same stored data twice gives the same ledger.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::action::{Action, ActionId, Step};
use super::company::{Company, CompanyId};
use super::convention::{Convention, Side};
use super::lifecycle::Owned;
use super::request::{NamedCompany, Request, RequestId, RequestedCompany};

/// A record moved aside, as it was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SetAsideRecord {
    /// A company record the payer created.
    Company(Company),
    /// An action the payer opened, or whose steps the wrong side took.
    Action(Box<Action>),
    /// A diagnostic note the payer wrote on one of the chamber's actions.
    Note {
        /// The action.
        action: ActionId,
        /// The text.
        text: String,
    },
}

/// One record moved aside, with why and what became of it, in French.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetAside {
    /// The record as it was.
    pub record: SetAsideRecord,
    /// Why it was moved, and what replaced it.
    pub reason: String,
}

impl SetAside {
    /// "Action Garage Dupont – Fiche 2 … : …", for the user: the company and the fiche, never
    /// an internal id (`ledger`: where it was set aside, to name the company of an action).
    pub fn describe(&self, ledger: &super::ledger::Ledger) -> String {
        let company = |id: &super::company::CompanyId| {
            ledger
                .companies()
                .get(id)
                .map(|c| c.name.clone())
                .or_else(|| {
                    ledger.set_aside().iter().find_map(|s| match &s.record {
                        SetAsideRecord::Company(c) if &c.id == id => Some(c.name.clone()),
                        _ => None,
                    })
                })
                .unwrap_or_else(|| "entreprise inconnue".into())
        };
        let what = match &self.record {
            SetAsideRecord::Company(c) => format!("Entreprise « {} »", c.name),
            SetAsideRecord::Action(a) => format!("Action {} – {}", company(a.company()), a.fiche()),
            SetAsideRecord::Note { action, .. } => match ledger.actions().get(action) {
                Some(a) => format!("Note de l'action {} – {}", company(a.company()), a.fiche()),
                None => "Note d'une action".to_string(),
            },
        };
        format!("{what} : {}", self.reason)
    }
}

/// Whether every event of `history` was taken by the side that owns it.
fn foreign_events(action: &Action) -> Vec<Step> {
    action
        .record()
        .history
        .iter()
        .filter(|e| !e.kind.owner().allows(e.stamp.actor.side))
        .map(|e| e.kind)
        .collect()
}

/// Whether the company record was created by the payer.
fn created_by_payer(company: &Company) -> bool {
    company
        .history
        .first()
        .is_some_and(|e| e.stamp.actor.side != Side::Chamber)
}

/// Moves aside every record that breaks the ownership rules, and returns them. Companies the
/// chamber created but the payer edited are left in place: the exchange file leaves them out
/// (see `exchange::write`) and says so.
pub fn repair(
    convention: &Convention,
    companies: &mut BTreeMap<CompanyId, Company>,
    actions: &mut BTreeMap<ActionId, Action>,
    requests: &mut BTreeMap<RequestId, Request>,
) -> Vec<SetAside> {
    let payer = convention.party(Side::Payer).short_name.clone();
    let chamber = convention.party(Side::Chamber).short_name.clone();
    let mut out = Vec::new();
    let foreign_companies: Vec<CompanyId> = companies
        .values()
        .filter(|c| created_by_payer(c))
        .map(|c| c.id.clone())
        .collect();
    let ids: Vec<ActionId> = actions.keys().cloned().collect();
    for id in ids {
        let Some(action) = actions.get(&id) else {
            continue;
        };
        let foreign = foreign_events(action);
        let on_foreign_company = foreign_companies.contains(action.company());
        if foreign.is_empty() && !on_foreign_company {
            continue;
        }
        if foreign.iter().all(|s| *s == Step::NoteChanged) && !on_foreign_company {
            // The chamber's action with a note the payer wrote: the note is kept aside.
            let Some(action) = actions.remove(&id) else {
                continue;
            };
            let mut r = action.clone().into_record();
            let text = std::mem::take(&mut r.note.text);
            r.history
                .retain(|e| e.kind != Step::NoteChanged || e.stamp.actor.side == Side::Chamber);
            match Action::try_from(r) {
                Ok(kept) => {
                    actions.insert(id.clone(), kept);
                    if !text.is_empty() {
                        out.push(SetAside {
                            record: SetAsideRecord::Note {
                                action: id.clone(),
                                text,
                            },
                            reason: format!(
                                "note écrite par {payer} ; les notes de diagnostic reviennent à {chamber}. Conservée ici, non transmise."
                            ),
                        });
                    }
                }
                Err(_) => {
                    actions.insert(id.clone(), action);
                }
            }
            continue;
        }
        let Some(action) = actions.remove(&id) else {
            continue;
        };
        let opened_by_payer = foreign.contains(&Step::Created);
        let request = opened_by_payer
            .then(|| request_from(&action, companies, &foreign_companies, requests))
            .flatten();
        let reason = match &request {
            Some(_) => format!(
                "ouverte par {payer} ; les actions reviennent à {chamber}. Conservée ici, non transmise, et remplacée par une demande d'intervention de {payer} pour la même entreprise et la même fiche, qui est transmise."
            ),
            None => "des étapes y ont été prises par la partie qui n'en a pas la charge. Conservée ici, non transmise.".to_string(),
        };
        out.push(SetAside {
            record: SetAsideRecord::Action(Box::new(action)),
            reason,
        });
    }
    for id in foreign_companies {
        if let Some(company) = companies.remove(&id) {
            out.push(SetAside {
                record: SetAsideRecord::Company(company),
                reason: format!(
                    "créée par {payer} ; les fiches entreprises reviennent à {chamber}. Conservée ici, non transmise (ses demandes d'intervention la nomment)."
                ),
            });
        }
    }
    out
}

/// The request the payer's action stands for: same company (named by its details when the payer
/// created its record), fiche, need as the message, date and author. `None` when the action went
/// further than a need (closed, or with a devis), or when the request exists already.
fn request_from(
    action: &Action,
    companies: &BTreeMap<CompanyId, Company>,
    foreign_companies: &[CompanyId],
    requests: &mut BTreeMap<RequestId, Request>,
) -> Option<RequestId> {
    let r = action.record();
    if action.status() != super::action::Status::NeedIdentified {
        return None;
    }
    let company = companies.get(&r.company)?;
    let requested = if foreign_companies.contains(&r.company) {
        RequestedCompany::Named(NamedCompany {
            name: company.name.clone(),
            siret: Some(company.siret.clone()),
            commune: company.commune.clone(),
            contact: String::new(),
        })
    } else {
        RequestedCompany::Known(r.company.clone())
    };
    let id = RequestId(format!("dem-{}", r.id));
    if requests.contains_key(&id) {
        return None;
    }
    let stamp = r
        .history
        .iter()
        .find(|e| e.kind == Step::Created)?
        .stamp
        .clone();
    let request = Request::new(
        id.clone(),
        requested,
        r.fiche,
        &r.need,
        r.identified_on,
        stamp,
    )
    .ok()?;
    requests.insert(id.clone(), request);
    Some(id)
}
