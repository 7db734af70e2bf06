//! Back and Forward between the app's screens. Each screen — a tab, an action opened in the
//! actions tab, a document — is an entry of the browser's history with its own address
//! (`#actions/a-…`, `#document/devis/a-…`), so that the browser's Back returns to the previous
//! screen instead of leaving the app, and Forward comes back.
//!
//! A form being filled (a [`Draft`]) is never dropped without a question: leaving its screen by a
//! tab, by Back or Forward, or closing the page asks first.

use leptos::prelude::*;

use super::state::{AppState, DocKind, Screen, Tab};
use crate::domain::action::ActionId;

/// Where the user stands: the screen and the action opened in the actions tab.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Place {
    screen: Screen,
    action: Option<ActionId>,
}

/// The address part of a tab.
fn slug(tab: Tab) -> &'static str {
    match tab {
        Tab::Dashboard => "tableau-de-bord",
        Tab::Monthly => "suivi-mensuel",
        Tab::Bilan => "bilan",
        Tab::Journal => "journal",
        Tab::Network => "mise-en-relation",
        Tab::Companies => "entreprises",
        Tab::Actions => "actions",
        Tab::Exchange => "echanges",
        Tab::Conventions => "conventions",
        Tab::Backup => "sauvegarde",
    }
}

/// The address part of a document kind.
fn doc_slug(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Devis => "devis",
        DocKind::Letter => "lettre",
        DocKind::Slide => "diapositive",
    }
}

/// `#actions/a-1f…`: the address of a place.
fn address(place: &Place) -> String {
    match (&place.screen, &place.action) {
        (Screen::Document(kind, id), _) => format!("#document/{}/{}", doc_slug(*kind), id.0),
        (Screen::Tab(Tab::Actions), Some(id)) => format!("#actions/{}", id.0),
        (Screen::Tab(tab), _) => format!("#{}", slug(*tab)),
    }
}

/// The place of an address; `None` for one the app did not write.
fn place_of(address: &str) -> Option<Place> {
    let path = address.strip_prefix('#')?;
    let mut parts = path.splitn(3, '/');
    let first = parts.next()?;
    if first == "document" {
        let kind_slug = parts.next()?;
        let kind = [DocKind::Devis, DocKind::Letter, DocKind::Slide]
            .into_iter()
            .find(|k| doc_slug(*k) == kind_slug)?;
        let id = ActionId(parts.next()?.to_string());
        return Some(Place {
            screen: Screen::Document(kind, id.clone()),
            action: Some(id),
        });
    }
    let tab = Tab::ALL.into_iter().find(|t| slug(*t) == first)?;
    Some(Place {
        screen: Screen::Tab(tab),
        action: parts
            .next()
            .filter(|_| tab == Tab::Actions)
            .map(|id| ActionId(id.to_string())),
    })
}

/// A form being filled on the screen, by its name ("Fiche entreprise"): set by the form while it
/// holds typed text not saved, cleared when it is saved, closed or dropped.
#[derive(Clone, Copy)]
pub struct Draft(pub RwSignal<Option<&'static str>>);

impl Draft {
    /// Whether the user agrees to drop the form being filled, if any (asked in a dialog).
    pub fn may_leave(self) -> bool {
        let Some(form) = self.0.get_untracked() else {
            return true;
        };
        // A form no longer on the page (closed by its own code, or loaded on demand under an
        // owner that outlived it) holds nothing to lose.
        let shown = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector(&format!("form[aria-label=\"{form}\"]"))
                    .ok()
                    .flatten()
            })
            .is_some();
        if !shown {
            self.0.set(None);
            return true;
        }
        let asked = web_sys::window().and_then(|w| {
            w.confirm_with_message(&format!(
                "Le formulaire « {form} » n'est pas enregistré. Quitter cet écran et abandonner ce qui y est saisi ?"
            ))
            .ok()
        });
        let leave = asked.unwrap_or(true);
        if leave {
            self.0.set(None);
        }
        leave
    }
}

/// Registers the form `name` ("Fiche entreprise") as being filled while `typed()` holds, until it
/// leaves the screen: leaving its screen meanwhile asks first.
pub fn draft_while(
    state: AppState,
    name: &'static str,
    typed: impl Fn() -> bool + Send + Sync + 'static,
) {
    Effect::new(move |_| state.draft.0.set(typed().then_some(name)));
    on_cleanup(move || state.draft.0.set(None));
}

fn history() -> Option<web_sys::History> {
    web_sys::window()?.history().ok()
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Keeps the browser's history in step with the screens: a new screen is a new entry; Back and
/// Forward show the screen of their entry (after asking, when a form is being filled); closing
/// the page with a form being filled asks the browser's question.
pub fn follow(state: AppState) {
    let here = move || Place {
        screen: state.screen.get(),
        action: state.selected_action.get(),
    };
    // The first screen replaces the entry the page was opened with.
    let first = here();
    if let Some(h) = history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address(&first)));
    }
    Effect::new(move |_| {
        let place = here();
        let to = address(&place);
        if current_hash() != to
            && let Some(h) = history()
        {
            let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&to));
        }
    });
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        let Some(place) = place_of(&current_hash()) else {
            return;
        };
        let now = Place {
            screen: state.screen.get_untracked(),
            action: state.selected_action.get_untracked(),
        };
        if place == now {
            return;
        }
        if !state.draft.may_leave() {
            // Stay: the entry of this screen comes back on top.
            if let Some(h) = history() {
                let _ =
                    h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address(&now)));
            }
            return;
        }
        state.selected_action.set(place.action);
        state.screen.set(place.screen);
    });
    let _ = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if state.draft.0.get_untracked().is_some() {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
}

/// In the browser: `cargo test --target wasm32-unknown-unknown` (the wasm tier).
#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn every_place_has_an_address_that_leads_back_to_it() {
        let a = ActionId("a-1f2e3d".into());
        let mut places: Vec<Place> = Tab::ALL
            .into_iter()
            .map(|tab| Place {
                screen: Screen::Tab(tab),
                action: None,
            })
            .collect();
        places.push(Place {
            screen: Screen::Tab(Tab::Actions),
            action: Some(a.clone()),
        });
        for kind in [DocKind::Devis, DocKind::Letter, DocKind::Slide] {
            places.push(Place {
                screen: Screen::Document(kind, a.clone()),
                action: Some(a.clone()),
            });
        }
        for p in places {
            assert_eq!(place_of(&address(&p)), Some(p.clone()), "{}", address(&p));
        }
        assert_eq!(place_of("#inconnu"), None);
        assert_eq!(place_of(""), None);
    }
}
