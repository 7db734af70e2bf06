//! The dashboard of funds consumed (art. 2.3): the envelope's figures, a gauge, the warnings and
//! the count of actions per fiche. Every figure comes from [`crate::domain::envelope`].

use leptos::prelude::*;

use super::first_draw::{InPart, Part};
use super::state::{Screen, Tab, use_state};
use crate::domain::action::Status;
use crate::domain::convention::Fiche;
use crate::domain::date::fr;
use crate::domain::envelope::{EnvelopeFigures, Remedy};
use crate::domain::money::Euros;
use crate::web::clock;

/// The dashboard tab.
#[component]
pub fn Dashboard() -> impl IntoView {
    let state = use_state();
    let figures = Memo::new(move |_| state.with_ledger(|l| l.figures()));
    view! {
        <ConventionCard />
        // At start-up, in three more parts (`first_draw`).
        {move || figures.get().map(|f| view! {
            <InPart part=Part::Figures>
                <EnvelopeFiguresCard figures=f />
                <EnvelopeGauge figures=f />
            </InPart>
            <InPart part=Part::Lists>
                <AlertList />
                <ToDo />
                <super::received::ReceivedCard />
                <WaitingRequests />
            </InPart>
            <InPart part=Part::Rest>
                <SetAsideNotice />
                <FinalBilanOffer />
                <FicheCounts figures=f />
            </InPart>
        })}
    }
}

/// « À faire »: the steps waiting for the reader's party (`domain::glance::tasks`), each with a
/// button to the actions list filtered on them; what the alerts and the requests' card say apart
/// is not said twice.
#[component]
fn ToDo() -> impl IntoView {
    use crate::domain::glance::{Task, tasks};
    let state = use_state();
    let list = move || {
        let reader = state.identity.get().map(|a| a.side)?;
        state.with_ledger(|l| {
            tasks(l, Some(reader), clock::today())
                .into_iter()
                .filter(|t| !t.shown_apart())
                .collect::<Vec<_>>()
        })
    };
    let lead = |task: &Task| match task {
        Task::DevisToSend(_) => Some((Status::NeedIdentified, "Voir les actions à chiffrer")),
        Task::ServicesToCarryOut(_) => Some((Status::Engaged, "Voir les actions engagées")),
        Task::ServicesToInvoice(_) => Some((Status::ServiceDone, "Voir les services faits")),
        Task::DevisToDecide(_) => Some((Status::DevisSent, "Voir les devis")),
        Task::InvoicesToPay(_) => Some((Status::Invoiced, "Voir les factures")),
        _ => None,
    };
    view! {
        {move || list().map(|tasks| view! {
            <section class="card" aria-labelledby="todo-title" data-testid="todo">
                <h2 id="todo-title">"À faire"</h2>
                <super::unsent::UnsentLine lead=true />
                {if tasks.is_empty() {
                    view! { <p>"Aucune étape ne vous attend dans cette convention pour le moment."</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {tasks.iter().map(|t| {
                                let go = lead(t);
                                view! {
                                    <li>
                                        <span>{t.describe()}</span>
                                        {go.map(|(status, label)| view! {
                                            " "
                                            <button type="button" class="link" on:click=move |_| {
                                                state.actions_status.set(Some(status));
                                                state.selected_action.set(None);
                                                state.screen.set(Screen::Tab(Tab::Actions));
                                            }>{label}</button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <super::refusals::RefusalsToRead />
            </section>
        })}
    }
}

/// The payer's requests the chamber has not answered yet (art. 1).
#[component]
fn WaitingRequests() -> impl IntoView {
    let state = use_state();
    let waiting = move || {
        state
            .with_ledger(|l| l.waiting_requests().count())
            .unwrap_or(0)
    };
    view! {
        <Show when=move || { waiting() > 0 }>
            <section class="card" aria-labelledby="waiting-title" data-testid="waiting-requests">
                <h2 id="waiting-title">"Demandes d'intervention"</h2>
                <p>{move || format!("{} demande(s) en attente de réponse de la chambre consulaire.", waiting())}</p>
                <button type="button" on:click=move |_| state.screen.set(Screen::Tab(Tab::Actions))>"Voir les demandes"</button>
            </section>
        </Show>
    }
}

/// Once the convention has ended, the final bilan des actions (art. 1) is due: the dashboard
/// offers it.
#[component]
fn FinalBilanOffer() -> impl IntoView {
    let state = use_state();
    let ended = move || {
        state
            .with_ledger(|l| {
                l.convention()
                    .ended_by(clock::today())
                    .then(|| l.convention().last_day())
            })
            .flatten()
    };
    view! {
        {move || ended().map(|last| view! {
            <section class="card" aria-labelledby="final-bilan-title" data-testid="final-bilan-offer">
                <h2 id="final-bilan-title">"Bilan final des actions"</h2>
                <p>{format!("La convention a pris fin le {} : son bilan final des actions est prêt à imprimer et à exporter.", fr(last))}</p>
                <button type="button" on:click=move |_| state.screen.set(Screen::Tab(Tab::Bilan))>"Voir le bilan final"</button>
            </section>
        })}
    }
}

/// What reading data of an earlier version moved aside (never lost, never sent).
#[component]
fn SetAsideNotice() -> impl IntoView {
    let state = use_state();
    let lines = move || {
        state
            .with_ledger(|l| {
                l.set_aside()
                    .iter()
                    .map(|s| s.describe(l))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <Show when=move || !lines().is_empty()>
            <section class="card" aria-labelledby="set-aside-title" data-testid="set-aside">
                <h2 id="set-aside-title">"Enregistrements mis de côté lors de la mise à jour"</h2>
                <p>"La version précédente de Relance acceptait des saisies qui reviennent à l'autre partie ; l'autre partie refusait alors vos fichiers. Ces enregistrements sont conservés sur ce poste, ne sont plus transmis, et vos échanges fonctionnent à nouveau."</p>
                <ul>{move || lines().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            </section>
        </Show>
    }
}

/// The convention's terms: parties, period, envelope.
#[component]
pub fn ConventionCard() -> impl IntoView {
    let state = use_state();
    // The period and prices as the amendments in force set them (art. 3.2).
    let terms = move || {
        state.with_ledger(|l| {
            let c = l.convention();
            (c.terms().clone(), c.ends_on(), *c.prices_on(clock::today()))
        })
    };
    view! {
        {move || terms().map(|(t, ends_on, prices)| view! {
            <section class="card convention" aria-labelledby="convention-title">
                <h2 id="convention-title">{t.title.clone()}</h2>
                <dl>
                    <dt>"Financeur"</dt>
                    <dd>{t.payer.name.clone()}</dd>
                    <dt>"Opérateur"</dt>
                    <dd>{t.chamber.name.clone()}</dd>
                    <dt>"Période"</dt>
                    <dd>{format!("du {} au {}", fr(t.signed_on), fr(ends_on))}</dd>
                    <dt>"Tarifs (nets de taxes)"</dt>
                    <dd>
                        {Fiche::ALL
                            .iter()
                            .map(|f| format!("Fiche {} : {}", f.number(), prices.price(*f)))
                            .collect::<Vec<_>>()
                            .join(" · ")}
                    </dd>
                </dl>
            </section>
        })}
    }
}

/// One figure of the envelope.
#[component]
fn Figure(label: &'static str, amount: Euros, testid: &'static str) -> impl IntoView {
    view! {
        <div class="figure">
            <span class="label">{label}</span>
            <span class="amount" data-testid=testid>{amount.to_string()}</span>
        </div>
    }
}

/// The envelope and what happened to it.
#[component]
pub fn EnvelopeFiguresCard(figures: EnvelopeFigures) -> impl IntoView {
    view! {
        <section class="card envelope" aria-label="Enveloppe">
            <Figure label="Enveloppe" amount=figures.envelope testid="envelope" />
            <Figure label="Engagé" amount=figures.engaged testid="engaged" />
            <Figure label="Service fait" amount=figures.done testid="done" />
            <Figure label="Facturé" amount=figures.invoiced testid="invoiced" />
            <Figure label="Payé" amount=figures.paid testid="paid" />
            <Figure label="Disponible" amount=figures.available testid="available" />
        </section>
    }
}

/// Share of `part` in `whole` as an SVG width in percent, clamped to 0–100, two decimals.
pub(super) fn percent(part: Euros, whole: Euros) -> String {
    use rust_decimal::Decimal;
    let whole = whole.decimal();
    if whole.is_zero() {
        return "0".to_string();
    }
    let ratio = part.decimal() * Decimal::ONE_HUNDRED / whole;
    ratio
        .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
        .round_dp(2)
        .to_string()
}

/// The envelope as a bar: paid, engaged not yet paid, available.
#[component]
fn EnvelopeGauge(figures: EnvelopeFigures) -> impl IntoView {
    let paid = percent(figures.paid, figures.envelope);
    let engaged = percent(figures.engaged, figures.envelope);
    let description = format!(
        "Engagé {} sur {}, dont payé {} ; disponible {}.",
        figures.engaged, figures.envelope, figures.paid, figures.available
    );
    let label = description.clone();
    view! {
        <section class="card gauge" aria-label="Jauge de l'enveloppe">
            <svg
                viewBox="0 0 100 12"
                preserveAspectRatio="none"
                role="img"
                aria-label=label
                data-testid="gauge"
            >
                <title>{description}</title>
                <rect x="0" y="0" width="100" height="12" class="gauge-free" />
                <rect x="0" y="0" width=engaged height="12" class="gauge-engaged" />
                <rect x="0" y="0" width=paid height="12" class="gauge-paid" />
            </svg>
            <ul class="legend">
                <li><span class="swatch gauge-paid"></span>"Payé"</li>
                <li><span class="swatch gauge-engaged"></span>"Engagé"</li>
                <li><span class="swatch gauge-free"></span>"Disponible"</li>
            </ul>
        </section>
    }
}

/// The warnings: envelope nearly spent or overspent, end near or past, termination notified, a
/// month to issue, an amendment waiting, beneficiaries not informed (`Ledger::alerts`). Each is
/// said to the reader's party — a task for the one that can act, information for the other — and
/// a task has its button to the screen where it is done.
#[component]
fn AlertList() -> impl IntoView {
    let state = use_state();
    let list = move || {
        let reader = state.identity.get().map(|a| a.side);
        state
            .with_ledger(|l| {
                l.alerts(clock::today())
                    .into_iter()
                    .map(|a| (a.message_for(reader), a.remedy(reader).map(lead)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <Show when=move || !list().is_empty()>
            <section class="card alerts" role="status" aria-label="Alertes">
                <ul>
                    {move || list().into_iter().map(|(message, lead)| view! {
                        <li class="alert">
                            <span>{message}</span>
                            {lead.map(|(tab, label)| view! {
                                " "
                                <button type="button" class="link" on:click=move |_| state.screen.set(Screen::Tab(tab))>{label}</button>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// Where an alert's remedy is done, and the button's words.
fn lead(remedy: Remedy) -> (Tab, &'static str) {
    match remedy {
        Remedy::IssueMonth => (Tab::Monthly, "Arrêter le mois"),
        Remedy::InformBeneficiaries => (Tab::Actions, "Voir les actions à informer"),
        Remedy::AnswerAmendment => (Tab::Conventions, "Voir l'avenant à accepter"),
        Remedy::ReviewEngagements => (Tab::Actions, "Voir les actions engagées"),
        Remedy::ReviewConvention => (Tab::Conventions, "Voir la convention"),
    }
}

/// How many actions of each fiche hold funds.
#[component]
fn FicheCounts(figures: EnvelopeFigures) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="counts-title">
            <h2 id="counts-title">"Actions engagées par fiche"</h2>
            <table class="counts">
                <tbody>
                    {Fiche::ALL.iter().map(|f| view! {
                        <tr>
                            <th scope="row">{f.to_string()}</th>
                            <td data-testid=format!("count-fiche-{}", f.number())>{figures.count(*f)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
