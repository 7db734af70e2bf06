//! The beneficiaries tab: search, create and edit companies (every rule checked as the user
//! types, the message next to its field), and open a new action for one of them.

use leptos::prelude::*;

use super::state::{Screen, Tab, use_state};
use super::widgets::{
    CommuneField, FicheSelect, FormError, Pager, TextArea, TextField, default_date,
};
use crate::domain::action::ActionId;
use crate::domain::company::{Company, CompanyField, CompanyForm, CompanyId};
use crate::domain::convention::{Fiche, Side};
use crate::domain::date;
use crate::domain::lifecycle::{CompanyStep, Owned, RequestStep};
use crate::query::{CompanyIndex, CompanyRow};
use crate::web::clock;
use crate::workspace::command::{AddCompany, CreateAction, UpdateCompany};

/// The company form of the tab.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Editor {
    /// No form.
    Closed,
    /// A new company.
    New,
    /// The record of this company.
    Editing(CompanyId),
}

/// The payer's request form of the tab.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Asking {
    /// No form.
    Closed,
    /// For a company the chamber does not follow yet, named in the form.
    NewCompany,
    /// For this company.
    For(CompanyId),
}

/// The companies tab.
#[component]
pub fn CompaniesView() -> impl IntoView {
    let state = use_state();
    let search = RwSignal::new(String::new());
    // The page asked for, and the search it was asked for: a new search starts at the first page.
    let page = RwSignal::new((String::new(), 0usize));
    let editing = RwSignal::new(Editor::Closed);
    let new_action_for = RwSignal::new(None::<CompanyId>);
    // The payer's agent asks (for a known company, or a named one); the chamber keeps the records.
    let asking = RwSignal::new(Asking::Closed);
    let side = move || state.identity.get().map(|a| a.side);
    let keeps_records = move || side().is_some_and(|s| CompanyStep::Created.owner().allows(s));
    let asks = move || side().is_some_and(|s| RequestStep::Requested.owner().allows(s));
    // Folded and counted once per change of the records: a keystroke only compares strings.
    let index = Memo::new(move |_| state.with_ledger(CompanyIndex::build));
    let found = Memo::new(move |_| {
        let search = search.get();
        let page = page.with(|(asked_for, n)| if *asked_for == search { *n } else { 0 });
        index.with(|i| {
            i.as_ref()
                .and_then(|i| state.with_ledger(|l| i.find(l, &search, page)))
        })
    });
    let total = move || found.with(|f| f.as_ref().map_or(0, |f| f.total));
    view! {
        <section class="card" aria-labelledby="companies-title">
            <div class="toolbar">
                <h2 id="companies-title">"Entreprises bénéficiaires"</h2>
                <Show when=keeps_records>
                    <button type="button" class="primary" on:click=move |_| editing.set(Editor::New)>
                        "Nouvelle entreprise"
                    </button>
                </Show>
                <Show when=asks>
                    <button type="button" class="primary" on:click=move |_| asking.set(Asking::NewCompany)>
                        "Demander une intervention"
                    </button>
                </Show>
            </div>
            {move || {
                let company = match asking.get() {
                    Asking::Closed => return None,
                    Asking::NewCompany => None,
                    Asking::For(id) => Some(id),
                };
                let close = Callback::new(move |_| asking.set(Asking::Closed));
                // The payer's request form comes with its own code, at first use.
                Some(view! {
                    <super::on_demand::OnDemand load=move || super::requests::request_form(company.clone(), close) />
                })
            }}
            <TextField id="company-search" label="Rechercher (nom, SIRET, commune, activité)" value=search />
            {move || {
                let id = match editing.get() {
                    Editor::Closed => return None,
                    Editor::New => None,
                    Editor::Editing(id) => Some(id),
                };
                Some(view! {
                    <CompanyEditor
                        id=id
                        on_close=Callback::new(move |_| editing.set(Editor::Closed))
                        on_open=Callback::new(move |known| editing.set(Editor::Editing(known)))
                    />
                })
            }}
            {move || new_action_for.get().map(|id| view! {
                <NewActionForm company=id on_close=Callback::new(move |_| new_action_for.set(None)) />
            })}
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Entreprise"</th>
                        <th scope="col" class="opt">"SIRET"</th>
                        <th scope="col">"Commune"</th>
                        <th scope="col" class="opt">"Activité"</th>
                        <th scope="col" class="opt">"Salariés"</th>
                        <th scope="col" class="opt">"Informée (art. 2.3)"</th>
                        <th scope="col" class="opt">"Actions"</th>
                        <th scope="col" class="opt">"Dernière modification"</th>
                        <th scope="col"><span class="sr-only">"Commandes"</span></th>
                    </tr>
                </thead>
                <tbody>
                    // Who may do what is read once per identity: the rows' buttons are then plain
                    // (no reactive closure per row, so a keystroke redraws less).
                    {move || {
                        let (edit, ask) = (keeps_records(), asks());
                        view! {
                            <For
                                each=move || found.get().map(|f| f.rows).unwrap_or_default()
                                key=|row| (row.company.id.clone(), row.company.history.len(), row.actions)
                                children=move |CompanyRow { company: c, actions: n }| {
                                    let (edit_id, new_id, ask_id) = (c.id.clone(), c.id.clone(), c.id.clone());
                                    view! {
                                        <tr>
                                            <td>{c.name.clone()}</td>
                                            <td class="mono opt">{c.siret.to_string()}</td>
                                            <td>{c.commune.clone()}</td>
                                            <td class="opt">{c.activity.clone()}</td>
                                            <td class="opt">{c.staff}</td>
                                            <td class="opt">{c.informed_on.map(date::fr).unwrap_or_else(|| "non".into())}</td>
                                            <td class="opt">{n}</td>
                                            <td class="opt">{last_change(&c)}</td>
                                            <td class="commands">
                                                {edit.then(|| view! {
                                                    <button type="button" on:click=move |_| editing.set(Editor::Editing(edit_id.clone()))>
                                                        "Modifier"
                                                    </button>
                                                    <button type="button" on:click=move |_| new_action_for.set(Some(new_id.clone()))>
                                                        "Nouvelle action"
                                                    </button>
                                                })}
                                                {ask.then(|| view! {
                                                    <button type="button" on:click=move |_| asking.set(Asking::For(ask_id.clone()))>
                                                        "Demander une intervention"
                                                    </button>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }
                            />
                        }
                    }}
                </tbody>
            </table>
            <Show when=move || total() == 0>
                <p class="empty">"Aucune entreprise."</p>
            </Show>
            <Show when=move || found.with(|f| f.as_ref().is_some_and(|f| f.pages > 1))>
                <Pager
                    at=Signal::derive(move || found.with(|f| f.as_ref().map_or((0, 1), |f| (f.page, f.pages))))
                    go=Callback::new(move |to| page.set((search.get_untracked(), to)))
                />
            </Show>
        </section>
    }
}

/// "03/02/2021 – Marie Dupont": the latest change of a company record.
fn last_change(c: &Company) -> String {
    c.history
        .last()
        .map(|e| format!("{} – {}", date::fr(e.stamp.at.date()), e.stamp.actor.name))
        .unwrap_or_default()
}

/// The create / edit form of a company. Errors show next to each field as the user types.
#[component]
fn CompanyEditor(
    id: Option<CompanyId>,
    on_close: Callback<()>,
    /// Opens the record of another company (the one already holding the SIRET typed).
    on_open: Callback<CompanyId>,
) -> impl IntoView {
    let state = use_state();
    let initial = id
        .as_ref()
        .and_then(|id| {
            state
                .with_ledger_untracked(|l| l.companies().get(id).map(Company::to_form))
                .flatten()
        })
        .unwrap_or_default();
    let blank = initial.clone();
    let name = RwSignal::new(initial.name);
    let siret = RwSignal::new(initial.siret);
    let commune = RwSignal::new(initial.commune);
    let staff = RwSignal::new(initial.staff);
    let activity = RwSignal::new(initial.activity);
    let address = RwSignal::new(initial.address);
    let submitted = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);
    let form = move || CompanyForm {
        name: name.get(),
        siret: siret.get(),
        commune: commune.get(),
        staff: staff.get(),
        activity: activity.get(),
        address: address.get(),
    };
    // Typed and not saved: leaving the screen asks first.
    super::history::draft_while(state, "Fiche entreprise", move || form() != blank);
    let checked = Memo::new(move |_| {
        let f = form();
        state
            .with_ledger(|l| f.errors(l.convention()))
            .unwrap_or_default()
    });
    // A field's error shows once the field has text, or after a submit attempt.
    let error_for = move |field: CompanyField, value: RwSignal<String>| {
        Signal::derive(move || {
            let shown = submitted.get() || !value.get().trim().is_empty();
            checked.with(|errors| {
                errors
                    .iter()
                    .find(|(f, _)| shown && *f == field)
                    .map(|(_, e)| e.to_string())
            })
        })
    };
    let communes = move || {
        state
            .with_ledger(|l| l.convention().communes())
            .unwrap_or_default()
    };
    // A SIRET another company of the convention holds: said as it is typed, with its record
    // one click away.
    let this = id.clone();
    let known = Memo::new(move |_| {
        let typed = crate::domain::siret::Siret::parse(&siret.get()).ok()?;
        state
            .with_ledger(|l| {
                l.company_with_siret(&typed, this.as_ref())
                    .map(|c| (c.id.clone(), c.name.clone(), c.commune.clone()))
            })
            .flatten()
    });
    let is_new = id.is_none();
    let shown = id.clone();
    // A second record for a SIRET already followed is created only when asked for in words.
    let second = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if let Some((_, name, _)) = known.get_untracked()
            && !second.get_untracked()
        {
            return form_error.set(Some(format!(
                "Ce SIRET est déjà celui de « {name} » : ouvrez sa fiche, ou cochez « Créer quand \
                 même une seconde fiche pour ce SIRET »."
            )));
        }
        let company_id = id.clone().unwrap_or_else(|| CompanyId(clock::new_id("e")));
        let f = form();
        let result = if is_new {
            state.change(AddCompany {
                id: company_id,
                form: f,
            })
        } else {
            state.change(UpdateCompany {
                id: company_id,
                form: f,
            })
        };
        match result {
            Ok(()) => on_close.run(()),
            Err(e) => form_error.set(Some(e)),
        }
    };
    view! {
        <form class="card editor" on:submit=submit aria-label="Fiche entreprise" novalidate>
            <h3>{if is_new { "Nouvelle entreprise" } else { "Modifier l'entreprise" }}</h3>
            <p class="hint">{move || format!(
                "Cette fiche est transmise à {} avec les actions de l'entreprise.",
                state.with_ledger(|l| l.convention().party(Side::Payer).short_name.clone()).unwrap_or_default()
            )}</p>
            <div class="grid">
                <TextField id="company-name" label="Raison sociale" value=name error=error_for(CompanyField::Name, name) />
                <TextField id="company-siret" label="SIRET (14 chiffres)" value=siret error=error_for(CompanyField::Siret, siret) />
                <CommuneField id="company-commune" value=commune communes=Signal::derive(communes) error=error_for(CompanyField::Commune, commune) />
                <TextField id="company-staff" label="Nombre de salariés" value=staff kind="number" error=error_for(CompanyField::Staff, staff) />
                <TextField id="company-activity" label="Activité" value=activity error=error_for(CompanyField::Activity, activity) />
                <TextField id="company-address" label="Adresse postale (n° et rue, code postal ; facultatif)" value=address error=error_for(CompanyField::Address, address) />
            </div>
            {move || known.get().map(|(other, name, commune)| view! {
                <p class="alert" role="status" data-testid="known-siret">
                    {format!("Ce SIRET est déjà celui de « {name} » ({commune}), suivie dans cette convention : ouvrez sa fiche plutôt que d'en créer une seconde. ")}
                    <button type="button" class="link" on:click=move |_| on_open.run(other.clone())>
                        {format!("Ouvrir la fiche de « {name} »")}
                    </button>
                </p>
                <label class="choice">
                    <input type="checkbox" prop:checked=move || second.get()
                        on:change=move |ev| second.set(event_target_checked(&ev)) />
                    "Créer quand même une seconde fiche pour ce SIRET"
                </label>
            })}
            <FormError message=form_error />
            <div class="buttons">
                <button type="submit" class="primary">"Enregistrer l'entreprise"</button>
                <button type="button" on:click=move |_| on_close.run(())>"Fermer"</button>
            </div>
            // Who created and changed the record, and how each step is proved.
            {shown.map(|id| view! {
                <super::widgets::ProvedSteps kind=crate::domain::signed::SealedKind::Company id=id.0 />
            })}
        </form>
    }
}

/// The form that opens an action for a company: the fiche (its price comes from the convention
/// and cannot be edited), the date and the need.
#[component]
fn NewActionForm(company: CompanyId, on_close: Callback<()>) -> impl IntoView {
    let state = use_state();
    let fiche = RwSignal::new(Fiche::Relance);
    let on = RwSignal::new(default_date(&state));
    let need = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let company_name = {
        let company = company.clone();
        move || {
            state
                .with_ledger(|l| l.companies().get(&company).map(|c| c.name.clone()))
                .flatten()
                .unwrap_or_default()
        }
    };
    let price = move || {
        state
            .with_ledger(|l| {
                l.convention()
                    .price_on(fiche.get(), clock::today())
                    .to_string()
            })
            .unwrap_or_default()
    };
    // What the payer will read, said before it is typed (art. 3.1): the need travels with the
    // action; confidential details go in the action's diagnostic note.
    let shared_with_payer = move || {
        let payer = state
            .with_ledger_untracked(|l| l.convention().party(Side::Payer).short_name.clone())
            .unwrap_or_default();
        format!(
            "Transmis à {payer} avec l'action : n'y écrivez rien de confidentiel (dettes, \
             relations avec la banque, situation personnelle…). Ces détails ont leur place dans \
             la note de diagnostic de l'action, confidentielle (art. 3.1)."
        )
    };
    // An action of the same fiche under way for this company: asked first (most often the same
    // need opened twice).
    let twin = {
        let company = company.clone();
        Memo::new(move |_| {
            let fiche = fiche.get();
            state
                .with_ledger(|l| {
                    l.action_under_way(&company, fiche)
                        .map(|a| (a.id().clone(), a.status().label()))
                })
                .flatten()
        })
    };
    let another_need = RwSignal::new(false);
    // A need typed and not saved: leaving the screen asks first.
    super::history::draft_while(state, "Nouvelle action", move || {
        !need.get().trim().is_empty()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if twin.get_untracked().is_some() && !another_need.get_untracked() {
            return error.set(Some(
                "Une action de cette fiche est déjà en cours pour cette entreprise : ouvrez-la, ou \
                 cochez « C'est un autre besoin » pour en ouvrir une seconde."
                    .to_string(),
            ));
        }
        let id = ActionId(clock::new_id("a"));
        let result = date::parse(&on.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|on| {
                state.change(CreateAction {
                    id: id.clone(),
                    company: company.clone(),
                    fiche: fiche.get_untracked(),
                    on,
                    need: need.get_untracked(),
                })
            });
        match result {
            Ok(()) => {
                on_close.run(());
                state.selected_action.set(Some(id));
                state.screen.set(Screen::Tab(Tab::Actions));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="card editor" on:submit=submit aria-label="Nouvelle action">
            <h3>"Nouvelle action pour " {company_name}</h3>
            <div class="grid">
                <FicheSelect id="action-fiche" fiche=fiche />
                <div class="field">
                    <label for="action-price">"Prix net de taxes (fixé par la convention)"</label>
                    <input id="action-price" type="text" readonly prop:value=price data-testid="action-price" />
                </div>
                <TextField id="action-date" label="Besoin identifié le" value=on kind="date" />
            </div>
            <TextArea id="action-need" label="Besoin identifié" value=need rows=3 hint=shared_with_payer() />
            {move || twin.get().map(|(open, status)| view! {
                <div class="alert" role="status" data-testid="action-under-way">
                    <p>
                        {format!("Cette entreprise a déjà une action de la fiche {} en cours ({status}). ", fiche.get_untracked().number())}
                        <button type="button" class="link" on:click=move |_| {
                            on_close.run(());
                            state.selected_action.set(Some(open.clone()));
                            state.screen.set(Screen::Tab(Tab::Actions));
                        }>"Ouvrir l'action en cours"</button>
                    </p>
                    <label class="choice">
                        <input type="checkbox" prop:checked=move || another_need.get()
                            on:change=move |ev| another_need.set(event_target_checked(&ev)) />
                        "C'est un autre besoin : ouvrir une seconde action de cette fiche"
                    </label>
                </div>
            })}
            <FormError message=error />
            <div class="buttons">
                <button type="submit" class="primary">"Créer l'action"</button>
                <button type="button" on:click=move |_| on_close.run(())>"Fermer"</button>
            </div>
        </form>
    }
}
