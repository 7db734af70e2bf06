//! The Leptos user interface (browser only). Components are named after what the user sees and hold
//! no business rule: every figure comes from [`crate::domain`].

use leptos::prelude::*;

use crate::domain::convention::Convention;
use crate::domain::date::fr;
use crate::domain::ledger::Ledger;

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let ledger = RwSignal::new(Ledger::new(Convention::seed()));
    view! {
        <header class="app-header">
            <h1>"Relance"</h1>
            <p class="tagline">"Suivi de la convention de partenariat CMA – CCST"</p>
        </header>
        <main>
            <ConventionCard ledger=ledger />
            <EnvelopeSummary ledger=ledger />
        </main>
    }
}

/// The convention's terms: parties, period, envelope.
#[component]
fn ConventionCard(ledger: RwSignal<Ledger>) -> impl IntoView {
    let terms = move || ledger.with(|l| l.convention().terms().clone());
    view! {
        <section class="card convention" aria-labelledby="convention-title">
            <h2 id="convention-title">{move || terms().title}</h2>
            <dl>
                <dt>"Financeur"</dt>
                <dd>{move || terms().payer.name}</dd>
                <dt>"Opérateur"</dt>
                <dd>{move || terms().chamber.name}</dd>
                <dt>"Période"</dt>
                <dd>
                    {move || format!("du {} au {}", fr(terms().signed_on), fr(terms().ends_on))}
                </dd>
            </dl>
        </section>
    }
}

/// The envelope and what is still available (art. 2.2).
#[component]
fn EnvelopeSummary(ledger: RwSignal<Ledger>) -> impl IntoView {
    let figures = Memo::new(move |_| ledger.with(Ledger::figures));
    view! {
        <section class="card envelope" aria-label="Enveloppe">
            <div class="figure">
                <span class="label">"Enveloppe"</span>
                <span class="amount" data-testid="envelope">
                    {move || figures.get().envelope.to_string()}
                </span>
            </div>
            <div class="figure">
                <span class="label">"Disponible"</span>
                <span class="amount" data-testid="available">
                    {move || figures.get().available.to_string()}
                </span>
            </div>
        </section>
    }
}
