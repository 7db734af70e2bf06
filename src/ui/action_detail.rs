//! The action selected in the actions tab: what it is, where it stands, the buttons of its legal
//! next steps (from [`crate::domain::lifecycle`]) with the form each step needs, its documents, its
//! follow-ups (art. 2.3), its history and its confidential note.

use leptos::prelude::*;

use super::state::{Screen, use_state};
use super::widgets::{FormError, TextArea, TextField, default_date, status_class};
use crate::domain::action::{Action, ActionId, Step};
use crate::domain::convention::Side;
use crate::domain::date::{self, fr};
use crate::domain::follow_up::Outcome;
use crate::domain::lifecycle::{Owned, StepField, StepInput};
use crate::workspace::command::{SetNote, TakeStep};

/// The selected action: what it is, where it stands, what can happen next, its history and its
/// note.
#[component]
pub fn ActionDetail(id: ActionId) -> impl IntoView {
    let state = use_state();
    // Drawn again when the action changes, not when a seal arrives for the step just taken: what
    // the user types in its forms stays. The history follows the seals (`ActionHistory`).
    let action = {
        let id = id.clone();
        Memo::new_with_compare(
            move |_| {
                state
                    .with_ledger(|l| l.actions().get(&id).cloned())
                    .flatten()
            },
            changed_but_seals,
        )
    };
    let company = move || {
        action.get().and_then(|a| {
            state
                .with_ledger(|l| {
                    l.companies()
                        .get(a.company())
                        .map(|c| format!("{} ({})", c.name, c.commune))
                })
                .flatten()
        })
    };
    view! {
        <section class="card detail" aria-labelledby="detail-title">
            {move || action.get().map(|a| view! {
                <div class="toolbar">
                    <h2 id="detail-title">{a.fiche().to_string()}</h2>
                    <button type="button" on:click=move |_| state.selected_action.set(None)>"Fermer"</button>
                </div>
                <p class="subtitle">{company}</p>
                <p>
                    "Statut : "
                    <strong data-testid="action-status" class=status_class(a.status())>{a.status().label()}</strong>
                    {a.devis_amount().map(|q| format!(" · devis {q}"))}
                </p>
                <ActionFacts action=a.clone() />
                <DocumentButtons action=a.clone() />
                <StepPanel action=a.clone() />
                <ActionNote action=a.clone() />
                {(a.fiche() == crate::domain::fiche::Fiche::CircuitsCourts).then(|| view! { <super::network::CollaborationPanel action=a.clone() /> })}
                <ActionHistory id=a.id().clone() />
            })}
        </section>
    }
}

/// For the action's memo: whether it changed other than by the seals of its history.
fn changed_but_seals(old: Option<&Option<Action>>, new: Option<&Option<Action>>) -> bool {
    match (old, new) {
        (Some(Some(a)), Some(Some(b))) => !a.same_but_seals(b),
        (old, new) => old != new,
    }
}

/// Buttons that open the action's printable documents.
#[component]
fn DocumentButtons(action: Action) -> impl IntoView {
    use super::screen::DocKind;
    let state = use_state();
    // The user's party decides (the letter is the chamber's): drawn again when it changes.
    let id = action.id().clone();
    let buttons = move || {
        let side = state
            .identity
            .get()
            .map_or(crate::domain::convention::Side::Payer, |a| a.side);
        DocKind::offered_for(&action, side)
            .into_iter()
            .map(|kind| {
                let id = id.clone();
                view! {
                    <button type="button" on:click=move |_| state.screen.set(Screen::Document(kind, id.clone()))>
                        {kind.label()}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="documents" role="group" aria-label="Documents">
            {buttons}
        </div>
    }
}

/// The recorded facts of an action.
#[component]
fn ActionFacts(action: Action) -> impl IntoView {
    let state = use_state();
    let r = action.record().clone();
    let crossings = state
        .with_ledger_untracked(|l| action.crossings(l.convention()))
        .unwrap_or_default();
    let closing = if crate::domain::lifecycle::stop_without_effect(&r).is_some() {
        "Clôture (sans effet)"
    } else {
        "Clôture"
    };
    view! {
        {(!crossings.is_empty()).then(|| view! {
            <div class="alert" role="note" data-testid="crossings">
                {crossings.into_iter().map(|w| view! { <p>{w}</p> }).collect_view()}
            </div>
        })}
        <dl class="facts">
            <dt>"Besoin identifié"</dt>
            <dd>{format!("{} – {}", fr(r.identified_on), r.need)}</dd>
            {r.devis.map(|d| view! {
                <dt>"Devis"</dt>
                <dd>{format!("envoyé le {} – {}", fr(d.sent_on), d.amount)}</dd>
                <dt>"Programme"</dt>
                <dd class="prewrap">{d.programme}</dd>
            })}
            {r.engaged_on.map(|on| view! { <dt>"Engagement"</dt><dd>{fr(on)}</dd> })}
            {r.done_on.map(|on| view! { <dt>"Service fait"</dt><dd>{fr(on)}</dd> })}
            {r.invoice.map(|i| view! {
                <dt>"Facture"</dt>
                <dd>
                    {format!("n° {} du {} – {}", i.number, fr(i.issued_on), i.amount)}
                    {i.difference_reason.map(|why| format!(" (écart : {why})"))}
                </dd>
            })}
            {r.paid_on.map(|on| view! { <dt>"Paiement"</dt><dd>{fr(on)}</dd> })}
            {r.stop.map(|c| view! {
                <dt>{closing}</dt>
                <dd>{format!("{} – {}", fr(c.on), c.reason)}</dd>
            })}
            {(!r.follow_ups.is_empty()).then(|| view! {
                <dt>"Suites"</dt>
                <dd><ul class="follow-ups" data-testid="follow-ups">{r.follow_ups.iter().map(|f| {
                    let mut parts: Vec<&str> = f.outcomes.iter().map(|o| o.label()).collect();
                    parts.extend((!f.text.is_empty()).then_some(f.text.as_str()));
                    view! { <li>{format!("{} – {} ({})", fr(f.on), parts.join(" ; "), f.stamp.actor.name)}</li> }
                }).collect_view()}</ul></dd>
            })}
        </dl>
    }
}

/// The buttons of the legal next steps that the user's side may take, and the form of the one
/// chosen. Steps of the other side are named as awaited, not offered.
#[component]
fn StepPanel(action: Action) -> impl IntoView {
    let state = use_state();
    let chosen = RwSignal::new(None::<Step>);
    let steps = action.next_steps();
    let finished = steps.is_empty();
    let buttons = {
        let action = action.clone();
        move || {
            let side = state.identity.get().map(|a| a.side);
            // The domain says which steps are this side's; the others are awaited.
            let mine: Vec<Step> = side.map(|s| action.gestures(s)).unwrap_or_default();
            let theirs: Vec<Step> = steps
                .iter()
                .copied()
                .filter(|s| !mine.contains(s))
                .collect();
            let other = side.map(Side::other);
            let other_name = other
                .and_then(|o| state.with_ledger(|l| l.convention().party(o).short_name.clone()))
                .unwrap_or_default();
            let waiting = (!theirs.is_empty()).then(|| {
                let labels: Vec<String> = theirs.iter().map(|s| s.label().to_lowercase()).collect();
                format!("En attente de {other_name} : {}.", labels.join(" ou "))
            });
            view! {
                {mine.into_iter().map(|step| view! {
                    <button
                        type="button"
                        class:primary=step != Step::Cancelled && step != Step::Refused
                        class:danger=step == Step::Cancelled || step == Step::Refused
                        aria-pressed=move || if chosen.get() == Some(step) { "true" } else { "false" }
                        on:click=move |_| chosen.set(Some(step))
                    >
                        {step.label()}
                    </button>
                }).collect_view()}
                {waiting.map(|w| view! { <p class="waiting">{w}</p> })}
            }
        }
    };
    view! {
        <div class="steps" role="group" aria-label="Étapes possibles">
            {buttons}
            {finished.then(|| view! { <p class="waiting">"L'action est terminée."</p> })}
        </div>
        {move || chosen.get().map(|step| view! {
            <StepForm action=action.clone() step=step on_done=Callback::new(move |_| chosen.set(None)) />
        })}
    }
}

/// The form of one step: the date, and the fields of the step's row in the lifecycle table
/// (programme, reason, invoice, outcomes…), each drawn from [`StepField`].
#[component]
fn StepForm(action: Action, step: Step, on_done: Callback<()>) -> impl IntoView {
    let state = use_state();
    let on = RwSignal::new(default_date(&state));
    let fields = step.rule().fields;
    // One text per field the step asks for, prefilled where the action gives a value.
    let texts: Vec<(StepField, RwSignal<String>)> = fields
        .iter()
        .map(|&f| {
            let initial = match f {
                StepField::Programme => action.fiche().default_programme().to_string(),
                StepField::InvoiceAmount => action
                    .devis_amount()
                    .map(|q| q.plain_fr())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            (f, RwSignal::new(initial))
        })
        .collect();
    // The outcomes ticked, for a follow-up.
    let outcomes = RwSignal::new(Vec::<Outcome>::new());
    let error = RwSignal::new(None::<String>);
    let id = action.id().clone();
    let fiche = action.fiche();
    let values = texts.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let on = match date::parse(&on.get_untracked()) {
            Ok(d) => d,
            Err(e) => return error.set(Some(e.to_string())),
        };
        let input = StepInput {
            texts: values
                .iter()
                .map(|(f, v)| (*f, v.get_untracked()))
                .collect(),
            outcomes: outcomes.get_untracked(),
        };
        match state.change(TakeStep {
            action: id.clone(),
            step,
            on,
            input,
        }) {
            Ok(()) => on_done.run(()),
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="card step-form" on:submit=submit aria-label=step.label()>
            <h3>{step.label()}</h3>
            <TextField id="step-date" label="Date" value=on kind="date" />
            {texts.into_iter().map(|(field, value)| match field.rows() {
                0 => view! {
                    <fieldset>
                        <legend>{field.label()}</legend>
                        {Outcome::of(fiche).map(|o| view! {
                            <label class="choice">
                                <input type="checkbox" on:change=move |ev| {
                                    let ticked = event_target_checked(&ev);
                                    outcomes.update(|all| {
                                        all.retain(|x| *x != o);
                                        all.extend(ticked.then_some(o));
                                    });
                                } />
                                {o.label()}
                            </label>
                        }).collect_view()}
                    </fieldset>
                }.into_any(),
                1 => view! { <TextField id=field.id() label=field.label() value=value /> }.into_any(),
                rows => view! { <TextArea id=field.id() label=field.label() value=value rows=rows /> }.into_any(),
            }).collect_view()}
            <FormError message=error />
            <div class="buttons">
                <button type="submit" class="primary">"Confirmer : " {step.label()}</button>
                <button type="button" on:click=move |_| on_done.run(())>"Abandonner"</button>
            </div>
        </form>
    }
}

/// The diagnostic note: the chamber writes it; the payer reads what it was sent.
#[component]
fn ActionNote(action: Action) -> impl IntoView {
    let state = use_state();
    let side = move || state.identity.get().map(|a| a.side);
    move || {
        let may_write = side().is_some_and(|s| Step::NoteChanged.owner().allows(s));
        if may_write {
            view! { <NoteEditor action=action.clone() /> }.into_any()
        } else {
            let note = action.record().note.clone();
            let text = if note.withheld {
                "Note confidentielle : non transmise.".to_string()
            } else if note.text.is_empty() {
                "Aucune note transmise.".to_string()
            } else {
                note.text
            };
            view! {
                <div class="note" aria-label="Note de diagnostic">
                    <h3>"Note de diagnostic"</h3>
                    <p class="prewrap" data-testid="note-read-only">{text}</p>
                </div>
            }
            .into_any()
        }
    }
}

/// The diagnostic note, confidential by default (art. 3.1).
#[component]
fn NoteEditor(action: Action) -> impl IntoView {
    let state = use_state();
    let note = action.record().note.clone();
    let saved = note.text.clone();
    let text = RwSignal::new(note.text);
    super::history::draft_while(state, "Note de diagnostic", move || text.get() != saved);
    let confidential = RwSignal::new(note.confidential);
    let error = RwSignal::new(None::<String>);
    let id = action.id().clone();
    let sensitive = action.fiche().note_is_sensitive();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        match state.change(SetNote {
            action: id,
            text: text.get_untracked(),
            confidential: confidential.get_untracked(),
        }) {
            Ok(()) => error.set(None),
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="note" on:submit=save aria-label="Note de diagnostic">
            <TextArea id="note-text" label="Note de diagnostic" value=text rows=3 />
            {sensitive.then(|| view! {
                <p class="hint">"Fiche 1 : les difficultés de l'entreprise sont des données sensibles."</p>
            })}
            <label class="choice">
                <input
                    type="checkbox"
                    prop:checked=move || confidential.get()
                    on:change=move |ev| confidential.set(event_target_checked(&ev))
                />
                "Confidentielle (ne quitte pas ce poste sans accord exprès, art. 3.1)"
            </label>
            <FormError message=error />
            <button type="submit">"Enregistrer la note"</button>
        </form>
    }
}

/// Every change of the action, with who and when.
#[component]
fn ActionHistory(id: ActionId) -> impl IntoView {
    let state = use_state();
    let party = move |side| {
        state
            .with_ledger(|l| l.convention().party(side).short_name.clone())
            .unwrap_or_default()
    };
    // With its seals: each proof shows once the step is signed.
    let history = move || {
        state
            .with_ledger(|l| {
                l.actions().get(&id).map(|a| {
                    let history = a.record().history.iter();
                    history
                        .map(|e| (e.clone(), l.action_step_proof(a, e)))
                        .collect::<Vec<_>>()
                })
            })
            .flatten()
            .unwrap_or_default()
    };
    view! {
        <details class="history" open>
            <summary>"Historique"</summary>
            <ol>
                {move || history().into_iter().map(|(e, proof)| {
                    view! {
                        <li>
                            {format!(
                                "{} à {} – {} – {} ({})",
                                fr(e.stamp.at.date()),
                                date::time_fr(e.stamp.at),
                                e.kind.event_label(),
                                e.stamp.actor.name,
                                party(e.stamp.actor.side)
                            )}
                            " " <span class="proof" data-testid="proof">{format!("· {proof}")}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </details>
    }
}
