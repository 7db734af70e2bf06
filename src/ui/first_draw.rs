//! The first screen after start-up, drawn in parts, one task each. Building a part's elements
//! costs more the first time than later (V8 compiles each wasm function at its first call, on the
//! page's thread), and one task drawing the whole screen blocked a slow phone for over 100 ms: in
//! parts, the dashboard's task of 116 ms became tasks of 42–66 ms (4× CPU; BENCHMARKS.md,
//! twenty-fifth round), and a tap waits for one part at most. Each part comes below the ones
//! before it, so nothing drawn moves: the top bar first, in the update that removes the frame of
//! `index.html` (whose header it replaces), then its tools at its right, then the page below.
//! Later (coming back from a document) everything is drawn at once.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::use_state;
use crate::web::clock;

/// The parts of the first screen, from its top bar down, in the order they are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// The top bar with the app's name (in the place of `index.html`'s frame, removed in the same
    /// update), and « Chargement de toutes les conventions… » while they are read.
    TopBar,
    /// The top bar's convention picker.
    Picker,
    /// The top bar's other tools: the user, undo, the save status.
    Tools,
    /// The save banner and the message of the last change.
    Banners,
    /// « Qui êtes-vous ? », while the user has not said it: the form's title and the parties.
    Identity,
    /// The rest of that form: the name and « Valider ».
    IdentityName,
    /// The tabs' bar.
    TabsBar,
    /// The tab shown (on the dashboard: the convention's card).
    Tab,
    /// The dashboard's figures and gauge.
    Figures,
    /// The dashboard's lists: alerts, « À faire », what arrived, the requests.
    Lists,
    /// The rest of the dashboard, and the page's foot.
    Rest,
}

impl Part {
    /// Every part, in drawing order.
    pub const ALL: [Part; 11] = [
        Part::TopBar,
        Part::Picker,
        Part::Tools,
        Part::Banners,
        Part::Identity,
        Part::IdentityName,
        Part::TabsBar,
        Part::Tab,
        Part::Figures,
        Part::Lists,
        Part::Rest,
    ];
}

/// How much of the first screen is drawn: the last part drawn, `None` before the first; and
/// whether the drawing has started.
#[derive(Clone, Copy)]
pub struct Drawn {
    last: RwSignal<Option<Part>>,
    started: StoredValue<bool>,
}

impl Drawn {
    /// Nothing drawn yet.
    pub fn new() -> Drawn {
        Drawn {
            last: RwSignal::new(None),
            started: StoredValue::new(false),
        }
    }

    /// Whether `part` is drawn (tracked).
    pub fn shows(self, part: Part) -> bool {
        self.last.with(|last| last.is_some_and(|l| l >= part))
    }

    /// Whether every part is drawn (tracked).
    pub fn complete(self) -> bool {
        self.shows(Part::ALL[Part::ALL.len() - 1])
    }

    /// Draws the parts, each in a task of its own after the one before, the first time it is
    /// called; later calls do nothing.
    pub fn start(self) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        spawn_local(async move {
            for part in Part::ALL {
                clock::pause().await;
                self.last.set(Some(part));
            }
        });
    }
}

impl Default for Drawn {
    fn default() -> Drawn {
        Drawn::new()
    }
}

/// Its children once `part` of the first screen is drawn.
#[component]
pub fn InPart(part: Part, children: ChildrenFn) -> impl IntoView {
    let drawn = use_state().drawn;
    let shown = Memo::new(move |_| drawn.shows(part));
    move || shown.get().then(|| children())
}
