//! The payer's requests for an intervention (art. 1): the form a payer's agent fills to ask the
//! chamber to accompany a company, and the list both sides see, where the chamber takes each
//! request up (it becomes an action) or declines it with a reason. Who may do what is the domain's
//! decision (`domain::lifecycle::RequestStep`); this screen only offers each side its own gestures.

use leptos::prelude::*;

use super::on_demand::{OnDemand, on_demand};

use super::state::{Screen, Tab, use_state};
use super::widgets::{
    CommuneField, FicheSelect, FormError, ProvedSteps, TextArea, TextField, default_date,
};
use crate::domain::action::ActionId;
use crate::domain::company::{CompanyForm, CompanyId};
use crate::domain::convention::{Fiche, Side};
use crate::domain::date::{self, fr};
use crate::domain::lifecycle::{Owned, RequestStep};
use crate::domain::request::{Answer, Request, RequestId, RequestedCompany};
use crate::domain::signed::SealedKind;
use crate::web::clock;
use crate::workspace::command::{
    AcceptRequest, DeclineRequest, RequestIntervention, RequestedByForm,
};

/// Whether the user's side may take `step`.
fn may(step: RequestStep, side: Option<Side>) -> bool {
    side.is_some_and(|s| step.owner().allows(s))
}

/// "Demander une intervention": for a company the chamber follows (`company`), or one named here
/// by its name, commune and SIRET — or, when the agent does not have it, a phone or an e-mail.
#[component]
pub fn RequestForm(company: Option<CompanyId>, on_close: Callback<()>) -> impl IntoView {
    let state = use_state();
    let name = RwSignal::new(String::new());
    let siret = RwSignal::new(String::new());
    let commune = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let fiche = RwSignal::new(Fiche::Relance);
    let message = RwSignal::new(String::new());
    let on = RwSignal::new(default_date(&state));
    let error = RwSignal::new(None::<String>);
    let known_name = company.as_ref().map(|id| {
        state
            .with_ledger(|l| l.companies().get(id).map(|c| c.name.clone()))
            .flatten()
            .unwrap_or_else(|| id.0.clone())
    });
    let communes = move || {
        state
            .with_ledger(|l| l.convention().communes())
            .unwrap_or_default()
    };
    let is_known = company.is_some();
    // Typed and not sent: leaving the screen asks first.
    let touched = RwSignal::new(false);
    super::history::draft_while(state, "Demande d'intervention", move || touched.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = RequestId(clock::new_id("d"));
        let known = company.clone();
        let result = date::parse(&on.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|on| {
                state.change(RequestIntervention {
                    id,
                    company: match known {
                        Some(c) => RequestedByForm::Known(c),
                        None => RequestedByForm::Named {
                            name: name.get_untracked(),
                            siret: siret.get_untracked(),
                            commune: commune.get_untracked(),
                            contact: contact.get_untracked(),
                        },
                    },
                    fiche: fiche.get_untracked(),
                    message: message.get_untracked(),
                    on,
                })
            });
        match result {
            Ok(()) => {
                on_close.run(());
                state.screen.set(Screen::Tab(Tab::Actions));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="card editor" on:submit=submit on:input=move |_| touched.set(true) aria-label="Demande d'intervention" novalidate>
            <h3>
                "Demander une intervention"
                {known_name.map(|n| format!(" pour {n}"))}
            </h3>
            <p class="hint">"La chambre consulaire reçoit la demande au prochain échange de fichiers et y donne suite ou la décline (art. 1)."</p>
            <div class="grid">
                {(!is_known).then(|| view! {
                    <TextField id="request-name" label="Raison sociale" value=name />
                    <TextField id="request-siret" label="SIRET (14 chiffres, si vous l'avez)" value=siret />
                    <CommuneField id="request-commune" value=commune communes=Signal::derive(communes) />
                    <TextField id="request-contact" label="Téléphone ou e-mail (obligatoire sans SIRET)" value=contact />
                })}
                <FicheSelect id="request-fiche" fiche=fiche />
                <TextField id="request-date" label="Demandée le" value=on kind="date" />
            </div>
            <TextArea id="request-message" label="Message à la chambre consulaire" value=message rows=3 />
            <FormError message=error />
            <div class="buttons">
                <button type="submit" class="primary">"Envoyer la demande"</button>
                <button type="button" on:click=move |_| on_close.run(())>"Fermer"</button>
            </div>
        </form>
    }
}

/// Where a request stands, for the list.
fn standing(r: &Request) -> String {
    match &r.record().answer {
        None => "En attente de réponse".to_string(),
        Some(Answer::Accepted { on, .. }) => format!("Prise en charge le {}", fr(*on)),
        Some(Answer::Declined { on, reason }) => format!("Déclinée le {} : {reason}", fr(*on)),
    }
}

/// The requests of the convention, waiting ones first, with the chamber's gestures on each.
#[component]
pub fn RequestList() -> impl IntoView {
    let state = use_state();
    let answering = RwSignal::new(None::<(RequestId, bool)>);
    let rows = Memo::new(move |_| {
        state
            .with_ledger(|l| {
                let mut rows: Vec<(Request, String)> = l
                    .requests()
                    .values()
                    .map(|r| {
                        let name = l.requested_company_name(&r.record().company).to_string();
                        (r.clone(), name)
                    })
                    .collect();
                rows.sort_by_key(|(r, _)| {
                    (!r.is_waiting(), std::cmp::Reverse(r.record().requested_on))
                });
                rows
            })
            .unwrap_or_default()
    });
    let side = move || state.identity.get().map(|a| a.side);
    view! {
        <Show when=move || !rows.get().is_empty()>
            <section class="card" aria-labelledby="requests-title" data-testid="requests">
                <h2 id="requests-title">
                    {move || {
                        let waiting = rows.get().iter().filter(|(r, _)| r.is_waiting()).count();
                        format!("Demandes d'intervention ({waiting} en attente)")
                    }}
                </h2>
                <ul class="requests">
                    {move || rows.get().into_iter().map(|(r, name)| {
                        let id = r.id().clone();
                        let (accept_id, decline_id) = (id.clone(), id.clone());
                        let rec = r.record().clone();
                        let waiting = r.is_waiting();
                        view! {
                            <li data-testid="request">
                                <strong>{format!("{name} – Fiche {}", rec.fiche.number())}</strong>
                                // A company the chamber does not follow yet: its SIRET, or how to reach it.
                                {match &rec.company {
                                    RequestedCompany::Named(c) => Some(format!(" ({})", c.reach())),
                                    RequestedCompany::Known(_) => None,
                                }}
                                {format!(" – demandée le {} par {} : « {} » – ", fr(rec.requested_on), r.asked_by().actor.name, rec.message)}
                                <em>{standing(&r)}</em>
                                <ProvedSteps kind=SealedKind::Request id=id.0.clone() />
                                {move || (waiting && may(RequestStep::Accepted, side())).then(|| {
                                    let (a, d) = (accept_id.clone(), decline_id.clone());
                                    view! {
                                        <span class="commands">
                                            <button type="button" class="primary" on:click=move |_| answering.set(Some((a.clone(), true)))>"Donner suite"</button>
                                            <button type="button" on:click=move |_| answering.set(Some((d.clone(), false)))>"Décliner"</button>
                                        </span>
                                    }
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {move || answering.get().map(|(id, accept)| {
                    let close = Callback::new(move |_| answering.set(None));
                    // The answer's forms come with their own code, at first use.
                    if accept {
                        view! { <OnDemand load=move || accept_request_form(id.clone(), close) /> }.into_any()
                    } else {
                        view! { <OnDemand load=move || decline_request_form(id.clone(), close) /> }.into_any()
                    }
                })}
            </section>
        </Show>
    }
}

/// The chamber takes a request up: for a company the payer named, the rest of its record (staff,
/// activity); the need, from the request's message; the date. The action opens at "need
/// identified", with the request in its history.
#[component]
pub fn AcceptRequestForm(id: RequestId, on_close: Callback<()>) -> impl IntoView {
    let state = use_state();
    let request = state
        .with_ledger(|l| l.requests().get(&id).cloned())
        .flatten();
    let Some(request) = request else {
        return ().into_any();
    };
    let named = match &request.record().company {
        RequestedCompany::Named(c) => Some(c.clone()),
        RequestedCompany::Known(_) => None,
    };
    let staff = RwSignal::new(String::new());
    let activity = RwSignal::new(String::new());
    // The payer may have named the company without its SIRET: the chamber completes it here.
    let siret_missing = named.as_ref().is_some_and(|c| c.siret.is_none());
    let siret = RwSignal::new(
        named
            .as_ref()
            .and_then(|c| c.siret.as_ref())
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
    );
    let address = RwSignal::new(String::new());
    let need = RwSignal::new(request.record().message.clone());
    let on = RwSignal::new(default_date(&state));
    let error = RwSignal::new(None::<String>);
    let title = named.as_ref().map(|c| c.describe());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let action = ActionId(clock::new_id("a"));
        let named = named.clone();
        let id = id.clone();
        let opened = action.clone();
        let result = date::parse(&on.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|on| {
                state.change(AcceptRequest {
                    id,
                    action,
                    company: named.map(|c| {
                        (
                            CompanyId(clock::new_id("e")),
                            CompanyForm {
                                name: c.name,
                                siret: siret.get_untracked(),
                                commune: c.commune,
                                staff: staff.get_untracked(),
                                activity: activity.get_untracked(),
                                address: address.get_untracked(),
                            },
                        )
                    }),
                    on,
                    need: need.get_untracked(),
                })
            });
        match result {
            Ok(()) => {
                on_close.run(());
                state.selected_action.set(Some(opened));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="card editor" on:submit=submit aria-label="Donner suite à la demande" novalidate>
            <h3>"Donner suite à la demande"</h3>
            {title.map(|t| view! {
                <p>{t}</p>
                <div class="grid">
                    {siret_missing.then(|| view! {
                        <TextField id="accept-siret" label="SIRET (14 chiffres)" value=siret />
                    })}
                    <TextField id="accept-staff" label="Nombre de salariés" value=staff kind="number" />
                    <TextField id="accept-activity" label="Activité" value=activity />
                    <TextField id="accept-address" label="Adresse postale (n° et rue, code postal ; facultatif)" value=address />
                </div>
            })}
            <div class="grid">
                <TextField id="accept-date" label="Besoin identifié le" value=on kind="date" />
            </div>
            <TextArea id="accept-need" label="Besoin identifié" value=need rows=3 />
            <FormError message=error />
            <div class="buttons">
                <button type="submit" class="primary">"Ouvrir l'action"</button>
                <button type="button" on:click=move |_| on_close.run(())>"Fermer"</button>
            </div>
        </form>
    }
    .into_any()
}

/// The chamber declines a request, with the reason the payer reads after the next exchange.
#[component]
pub fn DeclineRequestForm(id: RequestId, on_close: Callback<()>) -> impl IntoView {
    let state = use_state();
    let reason = RwSignal::new(String::new());
    let on = RwSignal::new(default_date(&state));
    let error = RwSignal::new(None::<String>);
    super::history::draft_while(state, "Décliner la demande", move || {
        !reason.get().trim().is_empty()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        let result = date::parse(&on.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|on| {
                state.change(DeclineRequest {
                    id: id.clone(),
                    on,
                    reason: reason.get_untracked(),
                })
            });
        match result {
            Ok(()) => on_close.run(()),
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="card editor" on:submit=submit aria-label="Décliner la demande" novalidate>
            <h3>"Décliner la demande"</h3>
            <div class="grid">
                <TextField id="decline-date" label="Date" value=on kind="date" />
            </div>
            <TextArea id="decline-reason" label="Raison (lue par le financeur)" value=reason rows=2 />
            <FormError message=error />
            <div class="buttons">
                <button type="submit" class="danger">"Décliner"</button>
                <button type="button" on:click=move |_| on_close.run(())>"Fermer"</button>
            </div>
        </form>
    }
}

on_demand!(request_form(company: Option<CompanyId>, on_close: Callback<()>) in requests
    => view! { <RequestForm company=company on_close=on_close /> });
on_demand!(accept_request_form(id: RequestId, on_close: Callback<()>) in requests
    => view! { <AcceptRequestForm id=id on_close=on_close /> });
on_demand!(decline_request_form(id: RequestId, on_close: Callback<()>) in requests
    => view! { <DeclineRequestForm id=id on_close=on_close /> });
