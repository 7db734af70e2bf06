//! Small building blocks shared by the screens: labelled fields with their error, the choice of a
//! fiche, and the message line. Every input has a visible label tied to it, and its error is
//! announced.

use leptos::prelude::*;

use crate::exchange::merge::{Choice, ConflictKey};

use super::state::AppState;
use crate::domain::action::Status;
use crate::domain::convention::Fiche;
use crate::domain::date;
use crate::web::{clock, files};

/// A labelled text input bound to `value`, with `error` shown under it and tied to it by
/// `aria-describedby`.
#[component]
pub fn TextField(
    /// Element id, also used for the label.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// The text.
    value: RwSignal<String>,
    /// The error to show, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Input type (`text`, `date`, `number`…).
    #[prop(default = "text")]
    kind: &'static str,
    /// Hint shown inside the empty field.
    #[prop(optional)]
    placeholder: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            <input
                id=id
                type=kind
                placeholder=placeholder
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
            />
            <p class="field-error" id=error_id role="alert">
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// A labelled multi-line text bound to `value`.
#[component]
pub fn TextArea(
    /// Element id.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// The text.
    value: RwSignal<String>,
    /// Visible rows.
    #[prop(default = 4)]
    rows: u32,
    /// What the user should know before typing (who will read it), under the label.
    #[prop(into, optional)]
    hint: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <textarea
                id=id
                rows=rows
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        </div>
    }
}

/// Facts about a record as a description list: each term with its text (line breaks kept).
#[component]
pub fn Facts(facts: Vec<(String, String)>) -> impl IntoView {
    view! {
        <dl class="facts">
            {facts.into_iter().map(|(term, text)| view! { <dt>{term}</dt><dd class="prewrap">{text}</dd> }).collect_view()}
        </dl>
    }
}

/// A refusal or error message next to a form, announced to screen readers.
#[component]
pub fn FormError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <p class="form-error" role="alert">
                {move || message.get().unwrap_or_default()}
            </p>
        </Show>
    }
}

/// The choice of a fiche action (1, 2 or 3), by its number and title.
#[component]
pub fn FicheSelect(id: &'static str, fiche: RwSignal<Fiche>) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>"Fiche action"</label>
            <select
                id=id
                on:change=move |ev| {
                    let n = event_target_value(&ev).parse().unwrap_or(1);
                    if let Ok(f) = Fiche::from_number(n) {
                        fiche.set(f);
                    }
                }
            >
                {Fiche::ALL.iter().map(|f| view! {
                    <option value=f.number().to_string() selected=move || fiche.get() == *f>
                        {f.to_string()}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// Most suggestions shown under the commune field.
const MAX_SUGGESTIONS: usize = 8;

/// The commune of a company: a text field that suggests the convention's communes as the user
/// types, whatever the case, accents or apostrophe (an ARIA combobox: arrows to move, Enter to
/// pick, Escape to close). The domain keeps the convention's spelling when the form is saved.
#[component]
pub fn CommuneField(
    /// Element id.
    id: &'static str,
    /// The text.
    value: RwSignal<String>,
    /// The convention's communes.
    #[prop(into)]
    communes: Signal<Vec<String>>,
    /// The error to show, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let list_id = format!("{id}-list");
    let error_id = format!("{id}-error");
    let suggestions = Memo::new(move |_| {
        let typed = value.get();
        communes
            .with(|all| crate::domain::convention::matching_communes(all, &typed, MAX_SUGGESTIONS))
    });
    let pick = move |i: usize| {
        if let Some(c) = suggestions.with_untracked(|s| s.get(i).cloned()) {
            value.set(c);
        }
        open.set(false);
        active.set(None);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = suggestions.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" if open.get_untracked() => {
                if let Some(i) = active.get_untracked() {
                    ev.prevent_default();
                    pick(i);
                }
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let option_id = move |i: usize| format!("{id}-option-{i}");
    let shown = move || open.get() && !suggestions.with(Vec::is_empty);
    view! {
        <div class="field combobox" class:invalid=move || error.get().is_some()>
            <label for=id>"Commune"</label>
            // The suggestions overlay what follows (anchored under the field): opening or closing
            // them never moves what is under the pointer.
            <div class="combobox-anchor">
            <input
                id=id
                type="text"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls=list_id.clone()
                aria-expanded=move || if shown() { "true" } else { "false" }
                aria-activedescendant=move || active.get().filter(|_| shown()).map(option_id)
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    open.set(true);
                    active.set(None);
                }
                on:keydown=on_key
                on:blur=move |_| open.set(false)
            />
            <ul id=list_id role="listbox" aria-label="Communes de la convention" class="suggestions" hidden=move || !shown()>
                {move || suggestions.get().into_iter().enumerate().map(|(i, c)| view! {
                    <li
                        id=option_id(i)
                        role="option"
                        aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                        on:mousedown=move |ev| {
                            ev.prevent_default();
                            pick(i);
                        }
                    >
                        {c}
                    </li>
                }).collect_view()}
            </ul>
            </div>
            <p class="field-error" id=error_id role="alert">
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// "Envoyer…" beside a download, where the browser can hand files to the device's share sheet
/// (phones and tablets); absent elsewhere.
#[component]
pub fn ShareButton(
    /// What is sent, for the button's accessible name ("Envoyer… le suivi mensuel (CSV)").
    what: &'static str,
    /// Sends the file.
    on_share: Callback<()>,
) -> impl IntoView {
    files::can_share_files().then(|| {
        view! {
            <button type="button" aria-label=format!("Envoyer… {what}") on:click=move |_| on_share.run(())>
                "Envoyer…"
            </button>
        }
    })
}

/// Today as a date input value when today falls within the active convention's period; empty
/// otherwise, so that the user types the real date instead of accepting a wrong one.
pub fn default_date(state: &AppState) -> String {
    let today = clock::today();
    state
        .with_ledger_untracked(|l| l.convention().check_in_period(today).is_ok())
        .filter(|ok| *ok)
        .map(|_| date::iso(today))
        .unwrap_or_default()
}

/// "Page précédente", "Page n sur m", "Page suivante" under a list. `at`: the page shown (from 0)
/// and the number of pages; `go`: asked for another page.
#[component]
pub fn Pager(#[prop(into)] at: Signal<(usize, usize)>, go: Callback<usize>) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="Pages">
            <button
                type="button"
                disabled=move || at.get().0 == 0
                on:click=move |_| go.run(at.get_untracked().0.saturating_sub(1))
            >
                "Page précédente"
            </button>
            <span>{move || { let (page, pages) = at.get(); format!("Page {} sur {}", page + 1, pages) }}</span>
            <button
                type="button"
                disabled=move || { let (page, pages) = at.get(); page + 1 >= pages }
                on:click=move |_| {
                    let (page, pages) = at.get_untracked();
                    go.run((page + 1).min(pages.saturating_sub(1)));
                }
            >
                "Page suivante"
            </button>
        </nav>
    }
}

/// The CSS classes of a status badge: paid in green, refused or cancelled in red, the others plain.
pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::Paid => "status status-paid",
        Status::Refused | Status::Cancelled => "status status-closed",
        Status::NeedIdentified
        | Status::DevisSent
        | Status::Engaged
        | Status::ServiceDone
        | Status::Invoiced => "status",
    }
}

/// A labelled field choosing a JSON file; `on_choose` runs when a file is chosen (read it with
/// `crate::web::files::take_chosen_file` on `input`).
#[component]
pub fn JsonFileField(
    /// Element id, also used for the label.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// The input, to read the file from.
    input: NodeRef<leptos::html::Input>,
    /// A file was chosen.
    on_choose: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="file" accept=".json,application/json" node_ref=input on:change=move |_| on_choose.run(()) />
        </div>
    }
}

/// The two buttons under a preview: do it (`label`, styled `class`), or give up ("Renoncer").
#[component]
pub fn ConfirmOrGiveUp(
    /// What the confirming button says.
    label: &'static str,
    /// Its style: `primary`, or `danger` for what replaces data.
    class: &'static str,
    /// Confirmed.
    on_confirm: Callback<()>,
    /// Given up.
    on_give_up: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="buttons">
            <button type="button" class=class on:click=move |_| on_confirm.run(())>{label}</button>
            <button type="button" on:click=move |_| on_give_up.run(())>"Renoncer"</button>
        </div>
    }
}

/// Hands a CSV file to the user the way they chose (download or share sheet), in the background;
/// what fails is said in `error`.
pub fn deliver_csv(
    how: files::Delivery,
    name: String,
    bytes: Vec<u8>,
    error: RwSignal<Option<String>>,
) {
    leptos::task::spawn_local(async move {
        let r = files::deliver(how, &name, files::CSV, &bytes).await;
        error.set(r.err());
    });
}

/// Records changed on both sides (an import, or two tabs), each with the user's choice: keep this
/// version (the default) or take the other, labelled `theirs`.
#[component]
pub fn ConflictChoices(
    conflicts: Vec<crate::exchange::merge::Conflict>,
    choices: RwSignal<std::collections::BTreeMap<ConflictKey, Choice>>,
    theirs: &'static str,
) -> impl IntoView {
    view! {
        <ul class="conflicts">
            {conflicts.into_iter().map(|c| {
                let (k1, k1b, k2, k2b) = (c.key.clone(), c.key.clone(), c.key.clone(), c.key.clone());
                let name = c.key.to_string();
                view! {
                    <li>
                        <strong>{c.place}</strong>" : "{c.detail}
                        <label class="choice">
                            <input type="radio" name=name.clone()
                                prop:checked=move || choices.get().get(&k1).copied().unwrap_or_default() == Choice::Mine
                                on:change=move |_| choices.update(|m| { m.insert(k1b.clone(), Choice::Mine); }) />
                            "Garder ma version"
                        </label>
                        <label class="choice">
                            <input type="radio" name=name
                                prop:checked=move || choices.get().get(&k2).copied().unwrap_or_default() == Choice::Theirs
                                on:change=move |_| choices.update(|m| { m.insert(k2b.clone(), Choice::Theirs); }) />
                            {theirs}
                        </label>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The steps of a record whose steps are signed (a request, an amendment, a journal entry…), each
/// with who took it, when, and how it is proved ("signé (clé …, reconnue le …)", "non signé
/// (antérieur)"). Closed until opened: it moves nothing below it.
#[component]
pub fn ProvedSteps(kind: crate::domain::signed::SealedKind, id: String) -> impl IntoView {
    let state = super::state::use_state();
    let lines = move || {
        state
            .with_ledger(|l| l.proved_steps(kind, &id))
            .unwrap_or_default()
    };
    view! {
        <details class="proved-steps" data-testid="proved-steps">
            <summary>"Historique"</summary>
            <ol>
                {move || lines().into_iter().map(|(line, proof)| view! {
                    <li>{line} " " <span class="proof" data-testid="proof">{format!("· {proof}")}</span></li>
                }).collect_view()}
            </ol>
        </details>
    }
}
