//! Small building blocks shared by the screens: labelled fields with their error, the choice of a
//! fiche, and the message line. Every input has a visible label tied to it, and its error is
//! announced.

use leptos::prelude::*;

use crate::domain::convention::Fiche;

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
    /// Name of a `<datalist>` to suggest from.
    #[prop(optional)]
    list: Option<&'static str>,
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
                list=list
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
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea
                id=id
                rows=rows
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        </div>
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
