//! What importing a checked file changes: a [`Plan`], computed on a copy, applied only when the
//! user confirms.
//!
//! Rules. Records are matched by id. An action's history is append-only, so two versions merge by
//! the union of their steps: each step recorded by one side and not the other is taken; the same
//! step recorded with different values on the two sides is a **conflict**, left as it is here until
//! the user chooses. A company is taken when its history extends ours; two histories that diverged
//! are a conflict. A confidential note left out of a file never replaces ours. Ownership of every
//! step was checked when the file was read. Finally the envelope (art. 2.2) is never overspent: new
//! engagements that would exceed it are not taken, latest first, and are listed.
//!
//! Because steps are only ever added, importing the same file twice changes nothing, and importing
//! two files that do not conflict gives the same result in either order.

mod records;

use std::collections::BTreeMap;

use records::{
    Merged, merge_action, merge_collaboration, merge_company, merge_entry, merge_request,
};

use super::{Content, Problem};
use crate::domain::action::{Action, ActionId, ActionRecord, Event, Stamp};
use crate::domain::amendment::Amendment;
use crate::domain::company::{Company, CompanyId};
use crate::domain::convention::Side;
use crate::domain::envelope::EnvelopeFigures;
use crate::domain::journal::EntryId;
use crate::domain::ledger::Ledger;
use crate::domain::money::Euros;
use crate::domain::request::{Request, RequestId, RequestRecord};

/// How the user settles a conflict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Choice {
    /// Keep this machine's version (the default).
    #[default]
    Mine,
    /// Take the file's version.
    Theirs,
}

/// Which record a conflict is about: the key of the user's [`Choice`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConflictKey {
    /// A company record.
    Company(CompanyId),
    /// An action.
    Action(ActionId),
    /// A request of the payer.
    Request(RequestId),
    /// A journal entry.
    Entry(EntryId),
}

impl std::fmt::Display for ConflictKey {
    /// A name unique among the conflicts of one import (a radio group's name).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConflictKey::Company(id) => write!(f, "entreprise:{id}"),
            ConflictKey::Action(id) => write!(f, "action:{id}"),
            ConflictKey::Request(id) => write!(f, "demande:{id}"),
            ConflictKey::Entry(id) => write!(f, "journal:{id}"),
        }
    }
}

/// A record both sides changed incompatibly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// Key for the user's [`Choice`].
    pub key: ConflictKey,
    /// The record, for the user.
    pub place: String,
    /// What differs.
    pub detail: String,
}

/// What an import would do.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The ledger after the import.
    pub result: Ledger,
    /// Companies added.
    pub new_companies: Vec<String>,
    /// Companies updated.
    pub updated_companies: Vec<String>,
    /// Actions added.
    pub new_actions: Vec<String>,
    /// Actions updated.
    pub updated_actions: Vec<String>,
    /// Requests of the payer added.
    pub new_requests: Vec<String>,
    /// Requests answered or otherwise updated.
    pub updated_requests: Vec<String>,
    /// Monthly tables issued by the other party (art. 3.4).
    pub new_issued: Vec<String>,
    /// Journal entries added or changed (art. 2.2, 2.3).
    pub journal: Vec<String>,
    /// Amendments proposed or accepted by the other party (art. 3.2).
    pub amendments: Vec<String>,
    /// Diffusion requests added or updated (art. 3.1).
    pub diffusion: Vec<String>,
    /// Offers and demands of fiche 3 companies added or updated.
    pub collaborations: Vec<String>,
    /// Records changed on both sides.
    pub conflicts: Vec<Conflict>,
    /// Changes not taken (over the envelope, termination mismatch), with why.
    pub refused: Vec<Problem>,
    /// The envelope before.
    pub before: EnvelopeFigures,
    /// The envelope after.
    pub after: EnvelopeFigures,
}

impl Plan {
    /// Whether the import changes nothing.
    pub fn is_empty(&self) -> bool {
        self.new_companies.is_empty()
            && self.updated_companies.is_empty()
            && self.new_actions.is_empty()
            && self.updated_actions.is_empty()
            && self.new_requests.is_empty()
            && self.updated_requests.is_empty()
            && self.new_issued.is_empty()
            && self.journal.is_empty()
            && self.amendments.is_empty()
            && self.diffusion.is_empty()
            && self.collaborations.is_empty()
    }
}

/// Works out the import of `content` (a checked file's, or another tab's ledger's) into
/// `ledger`, settling conflicts by `choices` (by [`Conflict::key`]; unlisted conflicts keep ours).
/// Changes nothing.
pub fn plan(ledger: &Ledger, content: &Content, choices: &BTreeMap<ConflictKey, Choice>) -> Plan {
    let before = ledger.figures();
    let mut result = ledger.clone();
    let mut p = Plan {
        result: ledger.clone(),
        new_companies: Vec::new(),
        updated_companies: Vec::new(),
        new_actions: Vec::new(),
        updated_actions: Vec::new(),
        new_requests: Vec::new(),
        updated_requests: Vec::new(),
        new_issued: Vec::new(),
        journal: Vec::new(),
        amendments: Vec::new(),
        diffusion: Vec::new(),
        collaborations: Vec::new(),
        conflicts: Vec::new(),
        refused: Vec::new(),
        before,
        after: before,
    };
    let choice = |key: &ConflictKey| choices.get(key).copied().unwrap_or_default();

    // Amendments first, so that the records after them are merged under the amended terms (an
    // engagement after an extended end, within an increased envelope).
    // One the other side proposed is taken; its acceptance by the other side too.
    // Two different versions of one amendment are not merged.
    for theirs in &content.convention.amendments {
        let ours = result
            .convention()
            .terms()
            .amendments
            .iter()
            .find(|a| a.id == theirs.id)
            .cloned();
        let take = match &ours {
            None => true,
            Some(o) if o == theirs => false,
            Some(o) => {
                let proposal_same = Amendment {
                    accepted: None,
                    ..o.clone()
                } == Amendment {
                    accepted: None,
                    ..theirs.clone()
                };
                if proposal_same && o.accepted.is_none() {
                    true
                } else {
                    if !(proposal_same && theirs.accepted.is_none()) {
                        p.refused.push(Problem {
                            place: theirs.label(),
                            message:
                                "enregistré autrement ici : celui du fichier n'est pas repris."
                                    .into(),
                        });
                    }
                    false
                }
            }
        };
        if take {
            match result.put_amendment(theirs.clone()) {
                Ok(()) => p.amendments.push(format!(
                    "{}{}",
                    theirs.label(),
                    if theirs.in_force() {
                        " (en vigueur)"
                    } else {
                        " (proposé)"
                    }
                )),
                Err(e) => p.refused.push(Problem {
                    place: theirs.label(),
                    message: e.to_string(),
                }),
            }
        }
    }

    for theirs in &content.companies {
        let key = ConflictKey::Company(theirs.id.clone());
        match ledger.companies().get(&theirs.id) {
            None => {
                p.new_companies.push(theirs.name.clone());
                result.put_company(theirs.clone());
            }
            Some(ours) => match merge_company(ours, theirs) {
                Merged::Ours => {}
                Merged::Changed(c) => {
                    p.updated_companies.push(c.name.clone());
                    result.put_company(c);
                }
                Merged::Conflict(detail) => {
                    if choice(&key) == Choice::Theirs {
                        p.updated_companies.push(theirs.name.clone());
                        result.put_company(theirs.clone());
                    }
                    p.conflicts.push(Conflict {
                        key,
                        place: format!("Entreprise {}", ours.name),
                        detail,
                    });
                }
            },
        }
    }

    let name_of = |l: &Ledger, c: &CompanyId| {
        l.companies()
            .get(c)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    // Actions whose funds the import would raise, for the envelope check.
    let mut raised: Vec<(ActionId, Option<Action>)> = Vec::new();
    // The preview's action lines, by id, so that the envelope check can take one back exactly.
    let mut new_actions: Vec<(ActionId, String)> = Vec::new();
    let mut updated_actions: Vec<(ActionId, String)> = Vec::new();
    let mut unlisted: std::collections::HashSet<ActionId> = std::collections::HashSet::new();
    for theirs in &content.actions {
        let key = ConflictKey::Action(theirs.id().clone());
        let label = format!(
            "{} – {}",
            name_of(&result, theirs.company()),
            theirs.fiche()
        );
        let ours = ledger.actions().get(theirs.id());
        let taken = match ours {
            None => {
                new_actions.push((theirs.id().clone(), label));
                Some(theirs.clone())
            }
            Some(ours) => match merge_action(ours, theirs) {
                Merged::Ours => None,
                Merged::Changed(a) => {
                    updated_actions.push((theirs.id().clone(), label));
                    Some(a)
                }
                Merged::Conflict(detail) => {
                    p.conflicts.push(Conflict {
                        key: key.clone(),
                        place: format!("Action {label}"),
                        detail,
                    });
                    (choice(&key) == Choice::Theirs).then(|| {
                        updated_actions
                            .push((theirs.id().clone(), format!("{label} (version du fichier)")));
                        theirs.clone()
                    })
                }
            },
        };
        if let Some(a) = taken {
            if a.engaged_amount() > ours.map_or(Euros::ZERO, Action::engaged_amount) {
                raised.push((a.id().clone(), ours.cloned()));
            }
            result.put_action(a);
        }
    }

    // The envelope is never overspent (art. 2.2): undo the latest raises until it fits.
    raised.sort_by_key(|(id, _)| {
        let a = &result.actions()[id];
        (a.record().engaged_on, id.clone())
    });
    // What is available, kept up to date as raises are undone (the figures sum every action).
    let mut available = result.figures().available;
    while available.is_negative() {
        let Some((id, previous)) = raised.pop() else {
            break;
        };
        let a = result.actions()[&id].clone();
        let left = available + a.engaged_amount()
            - previous
                .as_ref()
                .map_or(Euros::ZERO, Action::engaged_amount);
        p.refused.push(Problem {
            place: format!("Action {} – {}", name_of(&result, a.company()), a.fiche()),
            message: format!(
                "engagement non repris : l'enveloppe serait dépassée (reste {left}, devis {}).",
                a.engaged_amount()
            ),
        });
        match previous {
            Some(prev) => {
                // The update is not taken at all: ours stays.
                unlisted.insert(id);
                available += a.engaged_amount() - prev.engaged_amount();
                result.put_action(prev);
            }
            None => {
                // A new action is still taken, without the engagement and what follows it.
                let mut r = a.record().clone();
                r.engaged_on = None;
                r.done_on = None;
                r.invoice = None;
                r.paid_on = None;
                r.stop = None;
                r.follow_ups.clear();
                r.history.retain(|e| {
                    matches!(
                        e.kind,
                        crate::domain::action::Step::Created
                            | crate::domain::action::Step::DevisSent
                            | crate::domain::action::Step::NoteChanged
                    )
                });
                match Action::try_from(r) {
                    Ok(back) => {
                        available += a.engaged_amount() - back.engaged_amount();
                        result.put_action(back);
                    }
                    Err(_) => {
                        unlisted.insert(id);
                    }
                }
            }
        }
    }

    let listed = |lines: Vec<(ActionId, String)>| -> Vec<String> {
        lines
            .into_iter()
            .filter(|(id, _)| !unlisted.contains(id))
            .map(|(_, line)| line)
            .collect()
    };
    p.new_actions = listed(new_actions);
    p.updated_actions = listed(updated_actions);
    debug_assert_eq!(
        available,
        result.figures().available,
        "running sum kept up to date"
    );

    for theirs in &content.requests {
        let key = ConflictKey::Request(theirs.id().clone());
        let label = theirs.summary(result.requested_company_name(&theirs.record().company));
        match ledger.requests().get(theirs.id()) {
            None => {
                p.new_requests.push(label);
                result.put_request(theirs.clone());
            }
            Some(ours) => match merge_request(ours, theirs) {
                Merged::Ours => {}
                Merged::Changed(r) => {
                    p.updated_requests.push(label);
                    result.put_request(r);
                }
                Merged::Conflict(detail) => {
                    if choice(&key) == Choice::Theirs {
                        p.updated_requests
                            .push(format!("{label} (version du fichier)"));
                        result.put_request(theirs.clone());
                    }
                    p.conflicts.push(Conflict {
                        key,
                        place: format!("Demande {label}"),
                        detail,
                    });
                }
            },
        }
    }

    // An issued table is never changed: one the other side issued is taken; the same month
    // issued differently on both sides keeps ours, and says so.
    for theirs in &content.issued_tables {
        match ledger.issued_tables().get(&theirs.key()) {
            None => {
                p.new_issued.push(theirs.label());
                result.put_issued(theirs.clone());
            }
            Some(ours) if ours != theirs => p.refused.push(Problem {
                place: format!("Tableau de {}", theirs.label()),
                message: "déjà arrêté ici autrement : celui du fichier n'est pas repris.".into(),
            }),
            Some(_) => {}
        }
    }

    // Journal entries: union; a changed one is the version whose history extends the other's.
    for theirs in &content.journal {
        let label = theirs.label();
        match ledger.journal().get(theirs.id()) {
            None => {
                p.journal.push(label);
                result.put_entry(theirs.clone());
            }
            Some(ours) => match merge_entry(ours, theirs) {
                Merged::Ours => {}
                Merged::Changed(e) => {
                    p.journal.push(format!("{label} (modifiée)"));
                    result.put_entry(e);
                }
                Merged::Conflict(detail) => {
                    let key = ConflictKey::Entry(theirs.id().clone());
                    if choice(&key) == Choice::Theirs {
                        p.journal.push(format!("{label} (version du fichier)"));
                        result.put_entry(theirs.clone());
                    }
                    p.conflicts.push(Conflict {
                        key,
                        place: label,
                        detail,
                    });
                }
            },
        }
    }

    // Diffusion requests: union of both histories (each party's agreements, withdrawals, exports).
    for theirs in &content.diffusion_requests {
        let label = theirs.label();
        match ledger.diffusion_requests().get(theirs.id()) {
            None => {
                p.diffusion.push(label);
                result.put_diffusion(theirs.clone());
            }
            Some(ours) if ours == theirs => {}
            Some(ours) => match ours.merged_with(theirs) {
                Ok(merged) if &merged == ours => {}
                Ok(merged) => {
                    p.diffusion.push(format!("{label} (mise à jour)"));
                    result.put_diffusion(merged);
                }
                Err(detail) => p.refused.push(Problem {
                    place: label,
                    message: format!("{detail} : celle du fichier n'est pas reprise."),
                }),
            },
        }
    }

    // Offers and demands of the fiche 3 companies: the version whose history extends the other's;
    // changed on both sides, ours is kept and the import says so.
    for theirs in &content.collaborations {
        let company = &theirs.record().company;
        let label = format!(
            "Offres et demandes de {}",
            result
                .companies()
                .get(company)
                .map_or(company.0.as_str(), |c| c.name.as_str())
        );
        match ledger.collaborations().get(company) {
            None => {
                p.collaborations.push(label);
                result.put_collaboration(theirs.clone());
            }
            Some(ours) => match merge_collaboration(ours, theirs) {
                Merged::Ours => {}
                Merged::Changed(c) => {
                    p.collaborations.push(label);
                    result.put_collaboration(c);
                }
                Merged::Conflict(detail) => p.refused.push(Problem {
                    place: label,
                    message: format!("{detail} La version d'ici est gardée."),
                }),
            },
        }
    }

    // A termination notified by the other side is taken; two different ones are not merged.
    let (ours_t, theirs_t) = (
        &ledger.convention().terms().termination,
        &content.convention.termination,
    );
    match (ours_t, theirs_t) {
        (None, Some(t)) => result.put_termination(Some(t.clone())),
        // The same notice, whose acknowledgment of receipt the other side has recorded since.
        (Some(a), Some(b))
            if a.received_on.is_none()
                && b.received_on.is_some()
                && a.notified_on == b.notified_on
                && a.reason == b.reason
                && a.recorded == b.recorded =>
        {
            result.put_termination(Some(b.clone()))
        }
        (Some(a), Some(b)) if a != b => p.refused.push(Problem {
            place: "Convention".into(),
            message: "une autre résiliation est déjà enregistrée ici : celle du fichier n'est pas reprise.".into(),
        }),
        _ => {}
    }

    p.after = result.figures();
    p.result = result;
    p
}
