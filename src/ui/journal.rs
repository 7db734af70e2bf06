//! The journal tab: the meetings where the chamber reports to the payer (art. 2.3) and the payer's
//! promotion actions (art. 2.2), newest first, with their author and changes; the forms to record
//! or change one (offered to the sides the domain allows: [`JournalStep`]'s owners and the
//! entry's author); a meeting's compte-rendu to print (the convention, participants, actions,
//! decisions, the envelope on that date, the source line).

use leptos::prelude::*;

use super::dashboard::EnvelopeFiguresCard;
use super::state::{AppState, use_state};
use super::widgets::{Facts, FormError, ProvedSteps, TextArea, TextField, default_date};
use crate::domain::action::ActionId;
use crate::domain::convention::Side;
use crate::domain::date::{self, fr};
use crate::domain::journal::{
    Channel, EntryBody, EntryId, JournalEntry, JournalStep, Meeting, Promotion, Venue,
};
use crate::domain::ledger::Ledger;
use crate::domain::lifecycle::Owned;
use crate::domain::signed::SealedKind;
use crate::web::{clock, page};
use crate::workspace::command::{ChangeEntry, RecordEntry};

/// What the tab shows.
#[derive(Clone, Debug, PartialEq)]
enum Open {
    /// The list alone.
    List,
    /// A form above the list: a new entry, or a change of entry `id`.
    Form(EntryBody, Option<EntryId>),
    /// A meeting's compte-rendu, alone (to print).
    Report(EntryId),
}

/// The journal tab.
#[component]
pub fn JournalView() -> impl IntoView {
    let state = use_state();
    let open = RwSignal::new(Open::List);
    let close = Callback::new(move |_| open.set(Open::List));
    view! {
        {move || match open.get() {
            Open::Report(id) => view! { <MeetingReport id=id on_close=close /> }.into_any(),
            Open::Form(body, id) => view! {
                <EntryForm body=body id=id on_close=close />
                <JournalList open=open />
            }.into_any(),
            Open::List => view! {
                <section class="card" aria-labelledby="journal-title">
                    <h2 id="journal-title">"Journal de la convention"</h2>
                    <p class="hint">"Les rendez-vous où la chambre consulaire rend compte des actions menées (art. 2.3) et les actions de promotion du dispositif par le financeur (art. 2.2). Chaque entrée garde son auteur ; seule sa partie la modifie. Le journal voyage dans les fichiers d'échange."</p>
                    <div class="buttons">
                        <button type="button" class="primary" on:click=move |_| open.set(Open::Form(blank(&state, true), None))>"Nouveau rendez-vous"</button>
                        {move || state.identity.get().is_some_and(|a| JournalStep::PromotionRecorded.owner().allows(a.side)).then(|| view! {
                            <button type="button" on:click=move |_| open.set(Open::Form(blank(&state, false), None))>"Nouvelle action de promotion"</button>
                        })}
                    </div>
                </section>
                <JournalList open=open />
                <super::diffusion::DiffusionRequests />
            }.into_any(),
        }}
    }
}

/// An empty meeting or promotion action, dated today when today is in the convention's period.
fn blank(state: &AppState, meeting: bool) -> EntryBody {
    let on = date::parse(&default_date(state)).unwrap_or_else(|_| clock::today());
    if meeting {
        EntryBody::Meeting(Meeting {
            on,
            venue: Venue::Place(String::new()),
            chamber_participants: Vec::new(),
            payer_participants: Vec::new(),
            actions: Vec::new(),
            decisions: String::new(),
            next_on: None,
        })
    } else {
        EntryBody::Promotion(Promotion {
            on,
            channel: Channel::Bulletin,
            audience: String::new(),
            text: String::new(),
        })
    }
}

/// The entries, newest first.
#[component]
fn JournalList(open: RwSignal<Open>) -> impl IntoView {
    let state = use_state();
    let entries = Memo::new(move |_| {
        let mut list: Vec<JournalEntry> = state
            .with_ledger(|l| l.journal().values().cloned().collect())
            .unwrap_or_default();
        list.sort_by(|a, b| {
            b.body()
                .on()
                .cmp(&a.body().on())
                .then_with(|| a.id().cmp(b.id()))
        });
        list
    });
    view! {
        <ul class="journal" data-testid="journal">
            <For each=move || entries.get() key=|e| (e.id().clone(), e.history().len()) let(entry)>
                <EntryItem entry=entry open=open />
            </For>
        </ul>
        {move || entries.with(Vec::is_empty).then(|| view! { <p class="empty">"Aucune entrée au journal."</p> })}
    }
}

/// "Marie Dupont (CMA BFC), le 02/03/2021 à 10:00".
fn who_when(state: &AppState, entry: &JournalEntry) -> String {
    let stamp = entry.author();
    let party = state
        .with_ledger_untracked(|l| l.convention().party(stamp.actor.side).short_name.clone())
        .unwrap_or_default();
    format!(
        "{} ({party}), le {} à {}",
        stamp.actor.name,
        fr(stamp.at.date()),
        date::time_fr(stamp.at)
    )
}

/// One entry of the list: what it records, who wrote it, and what the user may do with it.
#[component]
fn EntryItem(entry: JournalEntry, open: RwSignal<Open>) -> impl IntoView {
    let state = use_state();
    let mine = state
        .identity
        .get_untracked()
        .is_some_and(|a| a.side == entry.author().actor.side);
    let changes = entry.history().len() - 1;
    let written = format!(
        "Écrit par {}{}",
        who_when(&state, &entry),
        if changes > 0 {
            format!(" ; modifié {changes} fois")
        } else {
            String::new()
        }
    );
    let (id, body) = (entry.id().clone(), entry.body().clone());
    let report = matches!(body, EntryBody::Meeting(_)).then(|| id.clone());
    view! {
        <li class="card journal-entry">
            <h3>{entry.label()}</h3>
            <Facts facts=facts(&state, &body) />
            <p class="hint">{written}</p>
            <ProvedSteps kind=SealedKind::Journal id=id.0.clone() />
            <div class="buttons">
                {report.map(|rid| view! {
                    <button type="button" on:click=move |_| open.set(Open::Report(rid.clone()))>"Compte-rendu"</button>
                })}
                {mine.then(|| view! {
                    <button type="button" on:click=move |_| open.set(Open::Form(body.clone(), Some(id.clone())))>"Modifier"</button>
                })}
            </div>
        </li>
    }
}

/// What an entry records, as the lines of a [`Facts`] list: the meeting's place, participants of
/// each party, actions, decisions, next date; the promotion's channel, audience and text.
fn facts(state: &AppState, body: &EntryBody) -> Vec<(String, String)> {
    state
        .with_ledger_untracked(|l| {
            let party = |s| l.convention().party(s).short_name.clone();
            match body {
                EntryBody::Meeting(m) => {
                    let mut out = vec![
                        (
                            "Lieu".into(),
                            match &m.venue {
                                Venue::Visio => "Visio".into(),
                                Venue::Place(p) => p.clone(),
                            },
                        ),
                        (
                            format!("Participants – {}", party(Side::Chamber)),
                            m.chamber_participants.join(", "),
                        ),
                        (
                            format!("Participants – {}", party(Side::Payer)),
                            m.payer_participants.join(", "),
                        ),
                        ("Actions évoquées".into(), action_lines(l, &m.actions)),
                        ("Décisions".into(), m.decisions.clone()),
                    ];
                    out.extend(m.next_on.map(|n| ("Prochain rendez-vous".into(), fr(n))));
                    out
                }
                EntryBody::Promotion(p) => vec![
                    ("Support".into(), p.channel.label().into()),
                    ("Public touché".into(), p.audience.clone()),
                    ("Texte".into(), p.text.clone()),
                ],
            }
        })
        .unwrap_or_default()
}

/// "Boulangerie Martin – fiche 1 (Engagée)", one line per action a meeting names.
fn action_lines(l: &Ledger, ids: &[ActionId]) -> String {
    if ids.is_empty() {
        return "aucune".into();
    }
    ids.iter()
        .map(|id| match l.actions().get(id) {
            Some(a) => format!(
                "{} – fiche {} ({})",
                l.companies()
                    .get(a.company())
                    .map_or(a.company().0.as_str(), |c| c.name.as_str()),
                a.fiche().number(),
                a.status().label()
            ),
            None => id.0.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One name per line.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// The fields of a meeting or a promotion action, and how to build it from them on a date.
type Fields = (AnyView, Box<dyn Fn(chrono::NaiveDate) -> EntryBody>);

/// A meeting's fields: visio or place, participants of each party (one name per line), the
/// actions discussed (ticked), decisions, the next meeting.
fn meeting_fields(state: &AppState, m: Meeting) -> Fields {
    let visio = RwSignal::new(m.venue == Venue::Visio);
    let place = RwSignal::new(match &m.venue {
        Venue::Place(p) => p.clone(),
        Venue::Visio => String::new(),
    });
    let chamber = RwSignal::new(m.chamber_participants.join("\n"));
    let payer = RwSignal::new(m.payer_participants.join("\n"));
    let decisions = RwSignal::new(m.decisions.clone());
    let next = RwSignal::new(m.next_on.map(date::iso).unwrap_or_default());
    let actions = RwSignal::new(m.actions.clone());
    let choices: Vec<(ActionId, String)> = state
        .with_ledger_untracked(|l| {
            l.actions()
                .keys()
                .map(|id| (id.clone(), action_lines(l, std::slice::from_ref(id))))
                .collect()
        })
        .unwrap_or_default();
    let view = view! {
        <label class="choice"><input type="checkbox" prop:checked=visio on:change=move |ev| visio.set(event_target_checked(&ev)) />"En visio"</label>
        {move || (!visio.get()).then(|| view! { <TextField id="meeting-place" label="Lieu" value=place /> })}
        <div class="grid">
            <TextArea id="meeting-chamber" label="Participants de la chambre consulaire (un nom par ligne)" value=chamber rows=2 />
            <TextArea id="meeting-payer" label="Participants du financeur (un nom par ligne)" value=payer rows=2 />
        </div>
        <fieldset class="scroll-y">
            <legend>"Actions évoquées"</legend>
            {choices.into_iter().map(|(aid, label)| {
                let checked = m.actions.contains(&aid);
                view! {
                    <label class="choice"><input type="checkbox" prop:checked=checked on:change=move |ev| {
                        let ticked = event_target_checked(&ev);
                        actions.update(|a| {
                            a.retain(|x| x != &aid);
                            a.extend(ticked.then(|| aid.clone()));
                        });
                    } />{label}</label>
                }
            }).collect_view()}
        </fieldset>
        <TextArea id="meeting-decisions" label="Décisions" value=decisions rows=4 />
        <TextField id="meeting-next" label="Prochain rendez-vous (facultatif)" kind="date" value=next />
    }
    .into_any();
    let build = move |on| {
        EntryBody::Meeting(Meeting {
            on,
            venue: if visio.get_untracked() {
                Venue::Visio
            } else {
                Venue::Place(place.get_untracked())
            },
            chamber_participants: lines(&chamber.get_untracked()),
            payer_participants: lines(&payer.get_untracked()),
            actions: actions.get_untracked(),
            decisions: decisions.get_untracked(),
            next_on: date::parse(&next.get_untracked()).ok(),
        })
    };
    (view, Box::new(build))
}

/// A promotion action's fields: channel, audience, text.
fn promotion_fields(p: Promotion) -> Fields {
    let channel = RwSignal::new(p.channel);
    let audience = RwSignal::new(p.audience.clone());
    let text = RwSignal::new(p.text.clone());
    let view = view! {
        <div class="field">
            <label for="promotion-channel">"Support"</label>
            <select id="promotion-channel" on:change=move |ev| {
                let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                channel.set(Channel::ALL[i.min(Channel::ALL.len() - 1)]);
            }>
                {Channel::ALL.iter().enumerate().map(|(i, c)| view! {
                    <option value=i.to_string() selected=*c == p.channel>{c.label()}</option>
                }).collect_view()}
            </select>
        </div>
        <TextField id="promotion-audience" label="Public touché (facultatif)" value=audience />
        <TextArea id="promotion-text" label="Texte ou description" value=text rows=4 />
    }
    .into_any();
    let build = move |on| {
        EntryBody::Promotion(Promotion {
            on,
            channel: channel.get_untracked(),
            audience: audience.get_untracked(),
            text: text.get_untracked(),
        })
    };
    (view, Box::new(build))
}

/// The form of a meeting or a promotion action, new (`id` none) or changed.
#[component]
fn EntryForm(body: EntryBody, id: Option<EntryId>, on_close: Callback<()>) -> impl IntoView {
    let state = use_state();
    let error = RwSignal::new(None::<String>);
    let on = RwSignal::new(date::iso(body.on()));
    let title = match (&body, id.is_some()) {
        (EntryBody::Meeting(_), false) => "Nouveau rendez-vous",
        (EntryBody::Meeting(_), true) => "Modifier le rendez-vous",
        (EntryBody::Promotion(_), false) => "Nouvelle action de promotion",
        (EntryBody::Promotion(_), true) => "Modifier l'action de promotion",
    };
    let (fields, build) = match body {
        EntryBody::Meeting(m) => meeting_fields(&state, m),
        EntryBody::Promotion(p) => promotion_fields(p),
    };
    // Typed and not saved: leaving the screen asks first.
    let touched = RwSignal::new(false);
    super::history::draft_while(state, title, move || touched.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = date::parse(&on.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|day| {
                let body = build(day);
                match &id {
                    None => state.change(RecordEntry {
                        id: EntryId(clock::new_id("j")),
                        body,
                    }),
                    Some(id) => state.change(ChangeEntry {
                        id: id.clone(),
                        body,
                    }),
                }
            });
        match result {
            Ok(()) => on_close.run(()),
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="card editor" on:submit=submit on:input=move |_| touched.set(true) aria-label=title novalidate>
            <h2>{title}</h2>
            <TextField id="entry-date" label="Date" kind="date" value=on />
            {fields}
            <FormError message=error />
            <div class="buttons">
                <button type="submit" class="primary">"Enregistrer"</button>
                <button type="button" on:click=move |_| on_close.run(())>"Fermer"</button>
            </div>
        </form>
    }
}

/// A meeting's compte-rendu, alone on screen and on paper (A4): the convention, the date, what
/// the list shows (place, participants of each party, actions, decisions, next meeting), the
/// envelope on that date, who wrote it, and the source line.
#[component]
fn MeetingReport(id: EntryId, on_close: Callback<()>) -> impl IntoView {
    let state = use_state();
    let found = state
        .with_ledger_untracked(|l| {
            let entry = l.journal().get(&id)?.clone();
            let c = l.convention();
            let on = entry.body().on();
            Some((
                entry,
                on,
                c.terms().title.clone(),
                c.source_line(),
                l.figures_on(on),
            ))
        })
        .flatten();
    let Some((entry, on, title, source, figures)) = found else {
        return view! { <p class="empty">"Rendez-vous introuvable."</p> }.into_any();
    };
    view! {
        <div class="toolbar no-print">
            <button type="button" on:click=move |_| on_close.run(())>"Retour au journal"</button>
            <button type="button" class="primary" on:click=move |_| page::print()>"Imprimer / PDF"</button>
        </div>
        <article class="document" aria-labelledby="report-title" data-testid="meeting-report">
            <h2 id="report-title">"Compte-rendu du rendez-vous du " {fr(on)}</h2>
            <p class="subtitle">{title}</p>
            <Facts facts=facts(&state, entry.body()) />
            <h3>"Enveloppe au " {fr(on)}</h3>
            <EnvelopeFiguresCard figures=figures />
            <p class="hint">"Rédigé par " {who_when(&state, &entry)}</p>
            <p class="source" data-testid="source">{source}</p>
        </article>
    }
    .into_any()
}
