//! The conventions tab: every convention at a glance (`domain::glance`: sortable, with totals
//! and a CSV) and the switch between them, the creation of another convention of the regional
//! Pacte, its amendments (`super::amendments`), the notice of termination (art. 3.3) and the
//! user's signing key (`super::signing_key`).

use leptos::prelude::*;

use super::state::use_state;
use super::widgets::default_date;
use super::widgets::{FormError, TextArea, TextField, deliver_csv};
use crate::domain::convention::{
    AidBasis, Convention, ConventionId, ConventionTerms, Party, PriceList,
};
use crate::domain::date::{self, fr};
use crate::domain::error::DomainError;
use crate::domain::glance::{Glance, totals};
use crate::domain::money::Euros;
use crate::domain::text::{file_name_part, fold_accents};
use crate::export::csv;
use crate::web::clock;
use crate::web::files::Delivery;
use crate::workspace::Command;
use crate::workspace::command::{NotifyTermination, TerminationReceipt};

/// The conventions tab: every convention at a glance, the forms of a new one and of its
/// amendments and termination, the user's signing key.
#[component]
pub fn ConventionsView() -> impl IntoView {
    let creating = RwSignal::new(false);
    view! {
        <section class="card" aria-labelledby="conventions-title">
            <div class="toolbar">
                <h2 id="conventions-title">"Conventions"</h2>
                <button type="button" class="primary" on:click=move |_| creating.set(true)>"Nouvelle convention"</button>
            </div>
            <Show when=move || creating.get()>
                <ConventionForm on_close=Callback::new(move |_| creating.set(false)) />
            </Show>
            <ConventionsTable />
        </section>
        <super::amendments::AmendmentsSection />
        <TerminationForm />
        <super::signing_key::SigningKeyCard />
        <super::signing_key::TrustedKeysCard />
    }
}

/// A column the table sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Title,
    Payer,
    Ends,
    Envelope,
    Engaged,
    Available,
    Waiting,
}

/// Every convention at a glance (`domain::glance`): financer, period as amended, envelope,
/// engaged, available and what waits for the user's party, sortable by each column, with the
/// totals and a CSV; "Afficher" shows that convention.
#[component]
fn ConventionsTable() -> impl IntoView {
    let state = use_state();
    let sort = RwSignal::new((Column::Title, true));
    let error = RwSignal::new(None::<String>);
    let lines = Memo::new(move |_| {
        let reader = state.identity.get().map(|a| a.side);
        let today = clock::today();
        let mut lines: Vec<Glance> = state
            .workspace
            .with(|ws| ws.ledgers().map(|l| Glance::of(l, reader, today)).collect());
        let (column, ascending) = sort.get();
        lines.sort_by(|a, b| {
            let order = match column {
                Column::Title => a.title.cmp(&b.title),
                Column::Payer => a.payer.cmp(&b.payer),
                Column::Ends => a.ends.cmp(&b.ends),
                Column::Envelope => a.envelope.cmp(&b.envelope),
                Column::Engaged => a.engaged.cmp(&b.engaged),
                Column::Available => a.available.cmp(&b.available),
                Column::Waiting => a.waiting.len().cmp(&b.waiting.len()),
            }
            .then_with(|| a.title.cmp(&b.title));
            if ascending { order } else { order.reverse() }
        });
        lines
    });
    let head = move |label: &'static str, column: Column, num: bool| {
        let aria = move || match sort.get() {
            (c, true) if c == column => "ascending",
            (c, false) if c == column => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" class:num=num aria-sort=aria>
                <button type="button" class="link" on:click=move |_| sort.update(|(c, asc)| {
                    *asc = if *c == column { !*asc } else { true };
                    *c = column;
                })>{label}</button>
            </th>
        }
    };
    let export = move |how: Delivery| {
        let bytes = csv::conventions(&lines.get_untracked());
        let name = format!("conventions_{}.csv", date::iso(clock::today()));
        deliver_csv(how, name, bytes, error);
    };
    view! {
        <div class="scroll-x" tabindex="0">
            <table class="list conventions" data-testid="conventions">
                <caption>"Toutes les conventions (cliquez un titre de colonne pour trier)"</caption>
                <thead><tr>
                    {head("Convention", Column::Title, false)}
                    {head("Financeur", Column::Payer, false)}
                    {head("Fin", Column::Ends, false)}
                    {head("Enveloppe", Column::Envelope, true)}
                    {head("Engagé", Column::Engaged, true)}
                    {head("Disponible", Column::Available, true)}
                    {head("À faire", Column::Waiting, false)}
                    <th scope="col"><span class="sr-only">"Afficher"</span></th>
                </tr></thead>
                <tbody>
                    {move || lines.get().into_iter().map(|l| {
                        let (id, shown) = (l.id.clone(), l.id.clone());
                        view! {
                            <tr class:current=move || state.active.get().as_ref() == Some(&shown)>
                                <th scope="row">{l.title}</th>
                                <td>{l.payer}</td>
                                <td>{format!("du {} au {}", fr(l.starts), fr(l.ends))}</td>
                                <td class="num">{l.envelope.to_string()}</td>
                                <td class="num">{l.engaged.to_string()}</td>
                                <td class="num">{l.available.to_string()}</td>
                                <td>{if l.waiting.is_empty() { "—".to_string() } else { l.waiting.join(" ; ") }}</td>
                                <td><button type="button" on:click=move |_| state.switch_to(id.clone())>"Afficher"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot>
                    {move || {
                        let all = lines.get();
                        let (envelope, engaged, available) = totals(&all);
                        view! {
                            <tr class="total" data-testid="conventions-total">
                                <th scope="row">{format!("Total ({} conventions)", all.len())}</th>
                                <td></td>
                                <td></td>
                                <td class="num">{envelope.to_string()}</td>
                                <td class="num">{engaged.to_string()}</td>
                                <td class="num">{available.to_string()}</td>
                                <td></td>
                                <td></td>
                            </tr>
                        }
                    }}
                </tfoot>
            </table>
        </div>
        <div class="buttons">
            <button type="button" on:click=move |_| export(Delivery::Download)>"Exporter le tableau des conventions (CSV)"</button>
        </div>
        <FormError message=error />
    }
}

/// The form of a new convention, pre-filled from the current one.
#[component]
fn ConventionForm(on_close: Callback<()>) -> impl IntoView {
    let state = use_state();
    let base = state
        .with_ledger_untracked(|l| l.convention().terms().clone())
        .unwrap_or_else(|| Convention::seed().terms().clone());
    let title = RwSignal::new(String::new());
    let payer_name = RwSignal::new(String::new());
    let payer_short = RwSignal::new(String::new());
    let payer_address = RwSignal::new(String::new());
    let payer_rep = RwSignal::new(String::new());
    let signed_on = RwSignal::new(date::iso(base.signed_on));
    let ends_on = RwSignal::new(date::iso(base.ends_on));
    let envelope = RwSignal::new(base.envelope.plain_fr());
    let p1 = RwSignal::new(base.prices.relance.plain_fr());
    let p2 = RwSignal::new(base.prices.digital.plain_fr());
    let p3 = RwSignal::new(base.prices.circuits_courts.plain_fr());
    let communes = RwSignal::new(String::new());
    let aid_basis = RwSignal::new(base.aid_basis);
    let error = RwSignal::new(None::<String>);
    let chamber = base.chamber.clone();
    let notice_months = base.notice_months;
    // Typed and not saved: leaving the screen asks first.
    let touched = RwSignal::new(false);
    super::history::draft_while(state, "Nouvelle convention", move || touched.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let build = || -> Result<Convention, DomainError> {
            let short = payer_short.get_untracked().trim().to_string();
            let signed = date::parse(&signed_on.get_untracked())?;
            Convention::new(ConventionTerms {
                id: ConventionId(format!(
                    "{}-{}",
                    file_name_part(&fold_accents(&short)),
                    clock::new_id("c")
                )),
                title: title.get_untracked().trim().to_string(),
                payer: Party {
                    name: payer_name.get_untracked().trim().to_string(),
                    short_name: short,
                    address: payer_address.get_untracked().trim().to_string(),
                    representative: payer_rep.get_untracked().trim().to_string(),
                },
                chamber: chamber.clone(),
                signed_on: signed,
                ends_on: date::parse(&ends_on.get_untracked())?,
                envelope: Euros::parse_fr(&envelope.get_untracked())?,
                notice_months,
                prices: PriceList {
                    relance: Euros::parse_fr(&p1.get_untracked())?,
                    digital: Euros::parse_fr(&p2.get_untracked())?,
                    circuits_courts: Euros::parse_fr(&p3.get_untracked())?,
                },
                communes: communes
                    .get_untracked()
                    .lines()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
                termination: None,
                aid_basis: aid_basis.get_untracked(),
                amendments: Vec::new(),
            })
        };
        match build() {
            Ok(convention) => {
                let id = convention.id().clone();
                match state.execute(Command::AddConvention(Box::new(convention))) {
                    Ok(()) => {
                        state.switch_to(id);
                        on_close.run(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <form class="card editor" on:submit=submit on:input=move |_| touched.set(true) aria-label="Nouvelle convention">
            <h3>"Nouvelle convention"</h3>
            <p class="hint">"Même chambre consulaire ; financeur, dates, enveloppe, tarifs et communes propres à la convention."</p>
            <div class="grid">
                <TextField id="conv-title" label="Intitulé" value=title />
                <TextField id="conv-payer-name" label="Financeur (nom complet)" value=payer_name />
                <TextField id="conv-payer-short" label="Financeur (sigle)" value=payer_short />
                <TextField id="conv-payer-address" label="Adresse du financeur" value=payer_address />
                <TextField id="conv-payer-rep" label="Représentant du financeur" value=payer_rep />
                <TextField id="conv-signed" label="Signée le" value=signed_on kind="date" />
                <TextField id="conv-ends" label="Fin du dispositif" value=ends_on kind="date" />
                <TextField id="conv-envelope" label="Enveloppe (€)" value=envelope />
                <TextField id="conv-p1" label="Prix fiche 1 (€ net)" value=p1 />
                <TextField id="conv-p2" label="Prix fiche 2 (€ net)" value=p2 />
                <TextField id="conv-p3" label="Prix fiche 3 (€ net)" value=p3 />
            </div>
            <TextArea id="conv-communes" label="Communes du territoire (une par ligne)" value=communes rows=6 />
            <div class="field">
                <label for="conv-aid-basis">"Base juridique de l'aide (indiquée aux bénéficiaires)"</label>
                <select id="conv-aid-basis" on:change=move |ev| {
                    let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                    aid_basis.set(AidBasis::ALL.get(i).copied().unwrap_or_default());
                }>
                    {AidBasis::ALL.iter().enumerate().map(|(i, b)| view! {
                        <option value=i.to_string() selected=*b == aid_basis.get_untracked()>{b.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <FormError message=error />
            <div class="buttons">
                <button type="submit" class="primary">"Créer la convention"</button>
                <button type="button" on:click=move |_| on_close.run(())>"Fermer"</button>
            </div>
        </form>
    }
}

/// Records a notice of termination by the user's side (art. 3.3: three months' notice).
#[component]
fn TerminationForm() -> impl IntoView {
    let state = use_state();
    let on = RwSignal::new(default_date(&state));
    let received = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // The notice, and whether its acknowledgment of receipt is still to be recorded by this side.
    let current = move || {
        let side = state.identity.get().map(|a| a.side);
        state
            .with_ledger(|l| {
                l.convention().terms().termination.clone().map(|t| {
                    let text = format!(
                        "Résiliation notifiée par {} par lettre recommandée du {} ({}){} ; effective le {}.",
                        l.convention().party(t.recorded.actor.side).short_name,
                        fr(t.notified_on),
                        t.reason,
                        t.received_on
                            .map(|r| format!(", reçue le {} (accusé de réception)", fr(r)))
                            .unwrap_or_else(|| ", accusé de réception non encore enregistré".into()),
                        l.convention()
                            .termination_effective()
                            .map(fr)
                            .unwrap_or_default()
                    );
                    let may_record =
                        t.received_on.is_none() && side == Some(t.recorded.actor.side);
                    (text, may_record)
                })
            })
            .flatten()
    };
    let record_receipt = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = date::parse(&received.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|d| state.change(TerminationReceipt { received_on: d }));
        error.set(result.err());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let receipt = received.get_untracked();
        let result = date::parse(&on.get_untracked())
            .and_then(|d| {
                let r = (!receipt.trim().is_empty())
                    .then(|| date::parse(&receipt))
                    .transpose()?;
                Ok((d, r))
            })
            .map_err(|e| e.to_string())
            .and_then(|(d, r)| {
                state.change(NotifyTermination {
                    on: d,
                    reason: reason.get_untracked(),
                    received_on: r,
                })
            });
        match result {
            Ok(()) => error.set(None),
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <section class="card" aria-labelledby="termination-title">
            <h2 id="termination-title">"Résiliation (art. 3.3)"</h2>
            {move || match current() {
                Some((text, may_record)) => view! {
                    <p class="alert" data-testid="termination">{text}</p>
                    // Who notified it and recorded its receipt, and how each step is proved.
                    <super::widgets::ProvedSteps kind=crate::domain::signed::SealedKind::Termination id="notice".to_string() />
                    {may_record.then(|| view! {
                        <form on:submit=record_receipt aria-label="Accusé de réception de la résiliation">
                            <p class="hint">"Le préavis court à compter de la réception de la lettre (art. 3.3)."</p>
                            <TextField id="termination-received" label="Accusé de réception du" value=received kind="date" />
                            <FormError message=error />
                            <button type="submit" class="primary">"Enregistrer l'accusé de réception"</button>
                        </form>
                    })}
                }.into_any(),
                None => view! {
                    <form on:submit=submit aria-label="Notifier une résiliation">
                        <p class="hint">"En cas de manquement de l'autre partie, par lettre recommandée avec accusé de réception ; effet au terme d'un préavis de trois mois."</p>
                        <TextField id="termination-date" label="Lettre recommandée du" value=on kind="date" />
                        <TextField id="termination-received" label="Accusé de réception du (s'il est déjà revenu)" value=received kind="date" />
                        <TextArea id="termination-reason" label="Manquement constaté" value=reason rows=2 />
                        <FormError message=error />
                        <button type="submit" class="danger">"Enregistrer la notification"</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

/// The terms of a convention, as a receiver reads them before adding it: title, both parties,
/// period, envelope, prices, notice and communes.
#[component]
pub fn ConventionTermsView(convention: Convention) -> impl IntoView {
    use crate::domain::convention::{Fiche, Side};
    let t = convention.terms().clone();
    let party = move |side: Side| {
        let p = convention.party(side);
        format!(
            "{} ({}) – {} – {}",
            p.name, p.short_name, p.address, p.representative
        )
    };
    view! {
        <dl class="facts" data-testid="convention-terms">
            <dt>"Intitulé"</dt><dd>{t.title.clone()}</dd>
            <dt>"Financeur"</dt><dd>{party(Side::Payer)}</dd>
            <dt>"Chambre consulaire"</dt><dd>{party(Side::Chamber)}</dd>
            <dt>"Période"</dt><dd>{format!("du {} au {}", fr(t.signed_on), fr(t.ends_on))}</dd>
            <dt>"Enveloppe"</dt><dd>{t.envelope.to_string()}</dd>
            <dt>"Prix"</dt>
            <dd>{Fiche::ALL.iter().map(|&f| format!("Fiche {} : {}", f.number(), t.prices.price(f))).collect::<Vec<_>>().join(" ; ")}</dd>
            <dt>"Préavis de résiliation"</dt><dd>{format!("{} mois", t.notice_months)}</dd>
            <dt>"Communes"</dt><dd>{format!("{} : {}", t.communes.len(), t.communes.join(", "))}</dd>
        </dl>
    }
}
