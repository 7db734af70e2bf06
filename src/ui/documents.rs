//! Printable documents for one action (the browser's "Enregistrer au format PDF" makes the PDF):
//! the devis with its programme (art. 2.1), the letter telling the beneficiary that the payer
//! finances the action (art. 2.3), and for Fiche 3 the company slide "Une entreprise de chez nous,
//! une spécialité". The print stylesheet keeps only the document; buttons never print.

use leptos::prelude::*;

use super::state::{DocKind, Screen, Tab, use_state};
use super::widgets::{TextArea, TextField};
use crate::domain::action::{Action, ActionId};
use crate::domain::company::Company;
use crate::domain::convention::{Convention, Side};
use crate::domain::date::fr;
use crate::web::page;
use crate::workspace::command::CompanyInformed;

/// The document shown instead of the tabs, with its print and back buttons.
#[component]
pub fn DocumentView(kind: DocKind, id: ActionId) -> impl IntoView {
    let state = use_state();
    let data = state
        .with_ledger(|l| {
            let action = l.actions().get(&id)?.clone();
            let company = l.companies().get(action.company())?.clone();
            Some((l.convention().clone(), action, company))
        })
        .flatten();
    view! {
        <div class="toolbar no-print">
            <button type="button" on:click=move |_| state.screen.set(Screen::Tab(Tab::Actions))>"Retour"</button>
            <button type="button" class="primary" on:click=move |_| page::print()>"Imprimer / PDF"</button>
        </div>
        {match data {
            None => view! { <p>"Action introuvable."</p> }.into_any(),
            Some((convention, action, company)) => match kind {
                DocKind::Devis => view! { <DevisDocument convention=convention action=action company=company /> }.into_any(),
                DocKind::Letter => view! {
                    <InformedOnLetter action=action.clone() company=company.clone() />
                    <LetterDocument convention=convention action=action company=company />
                }.into_any(),
                DocKind::Slide => view! { <SlideDocument convention=convention company=company /> }.into_any(),
            },
        }}
    }
}

/// Beside the beneficiary letter, for the chamber: whether the company is noted as informed that
/// the payer finances its accompaniment (art. 2.3), and the gesture that notes it on the letter's
/// date, or another. Not printed.
#[component]
fn InformedOnLetter(action: Action, company: Company) -> impl IntoView {
    use crate::domain::lifecycle::{CompanyStep, Owned};
    let state = use_state();
    let side = state.identity.get_untracked().map(|a| a.side);
    let letter_date = side
        .and_then(|side| action.beneficiary_letter(side))
        .map(|(on, _)| on);
    let on = RwSignal::new(
        letter_date
            .map(crate::domain::date::iso)
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let id = company.id.clone();
    let informed = {
        let id = id.clone();
        move || {
            state
                .with_ledger(|l| l.companies().get(&id).and_then(|c| c.informed_on))
                .flatten()
        }
    };
    let may_write = move || {
        state
            .identity
            .get()
            .is_some_and(|a| CompanyStep::Updated.owner().allows(a.side))
    };
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        let result = crate::domain::date::parse(&on.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|on| {
                state.change(CompanyInformed {
                    company: id.clone(),
                    on,
                })
            });
        error.set(result.err());
    };
    view! {
        <div class="card no-print" data-testid="informed">
            {move || match informed() {
                Some(d) => view! { <p>{format!("Entreprise informée de la prise en charge le {} (art. 2.3).", fr(d))}</p> }.into_any(),
                None if may_write() => view! {
                    <form on:submit=record.clone() aria-label="Noter l'entreprise informée">
                        <p>"L'entreprise n'est pas encore notée comme informée de la prise en charge (art. 2.3). Une fois cette lettre remise :"</p>
                        <div class="grid">
                            <super::widgets::TextField id="informed-on" label="Entreprise informée le" value=on kind="date" />
                        </div>
                        <super::widgets::FormError message=error />
                        <button type="submit" class="primary">"Noter l'entreprise informée"</button>
                    </form>
                }.into_any(),
                None => view! { <p>"L'entreprise n'est pas encore notée comme informée de la prise en charge (art. 2.3)."</p> }.into_any(),
            }}
        </div>
    }
}

/// A party's name and address block.
#[component]
fn PartyBlock(convention: Convention, side: Side) -> impl IntoView {
    let p = convention.party(side).clone();
    view! {
        <address class="party">
            <strong>{p.name}</strong><br />{p.address}
        </address>
    }
}

/// The devis with its programme (art. 2.1), at the convention's price (art. 1).
#[component]
fn DevisDocument(convention: Convention, action: Action, company: Company) -> impl IntoView {
    let r = action.record().clone();
    let amount = r
        .devis
        .as_ref()
        .map(|d| d.amount)
        .unwrap_or_else(|| convention.price_on(r.fiche, crate::web::clock::today()));
    let sent = r
        .devis
        .as_ref()
        .map(|d| d.sent_on)
        .unwrap_or(r.identified_on);
    let programme = r
        .devis
        .as_ref()
        .map(|d| d.programme.clone())
        .unwrap_or_else(|| r.fiche.default_programme().to_string());
    let valid = convention.devis_valid_until(sent);
    let terms = convention.terms().clone();
    // Numbered once sent; before, a draft says so.
    let heading = match action.devis_number() {
        Some(n) => view! {
            <h2>"Devis n° " {n}</h2>
            <p>"Date : " {fr(sent)}</p>
            <p>"Valable jusqu'au " {fr(valid)}</p>
        }
        .into_any(),
        None => view! {
            <h2>"Projet de devis"</h2>
            <p>"Non envoyé : numéro et date au moment de l'envoi."</p>
        }
        .into_any(),
    };
    // One adviser sending from two devices that had not exchanged files may give one number
    // twice (`domain::devis_number`): said here, before the devis is printed again.
    let shared: Vec<String> = use_state()
        .with_ledger_untracked(|l| {
            l.devis_number_shared_with(action.id())
                .into_iter()
                .map(|other| {
                    let name = l
                        .companies()
                        .get(&other.record().company)
                        .map_or("?", |c| c.name.as_str());
                    format!("{name} – Fiche {}", other.fiche().number())
                })
                .collect()
        })
        .unwrap_or_default();
    let clash = (!shared.is_empty()).then(|| {
        view! {
            <p class="alert no-print" role="status" data-testid="devis-number-shared">
                {format!(
                    "Ce numéro est aussi celui du devis de {} : deux appareils l'ont donné avant d'échanger leurs fichiers. Signalez-le au financeur en citant aussi l'entreprise.",
                    shared.join(", ")
                )}
            </p>
        }
    });
    view! {
        {clash}
        <article class="document devis" aria-label="Devis">
            <header class="doc-head">
                <PartyBlock convention=convention.clone() side=Side::Chamber />
                <div class="doc-meta">{heading}</div>
            </header>
            <section>
                <h3>"Destinataire (financeur)"</h3>
                <PartyBlock convention=convention.clone() side=Side::Payer />
            </section>
            <section>
                <h3>"Entreprise bénéficiaire"</h3>
                <p>{company.name.clone()} " – SIRET " {company.siret.to_string()} " – " {company.commune.clone()}</p>
            </section>
            <section>
                <h3>{r.fiche.to_string()}</h3>
                <p class="prewrap">{programme}</p>
            </section>
            <table class="doc-amount">
                <tbody>
                    <tr><th scope="row">"Prix de l'accompagnement, net de taxes"</th><td class="num">{amount.to_string()}</td></tr>
                </tbody>
            </table>
            <p class="small">
                {format!(
                    "Intervention réalisée dans le cadre de la convention de partenariat du {} relative au plan de relance (Pacte régional pour les territoires), dans la limite de l'enveloppe de {}. Paiement sur présentation de la facture, après service fait (art. 2.1).",
                    fr(terms.signed_on),
                    terms.envelope
                )}
            </p>
            <p class="source">{convention.source_line()}</p>
        </article>
    }
}

/// The letter telling the beneficiary that the payer finances the action (art. 2.3), with the
/// amount of aid for its de minimis records.
#[component]
fn LetterDocument(convention: Convention, action: Action, company: Company) -> impl IntoView {
    let r = action.record().clone();
    // The domain says when a letter may be written, from which date and for which amount.
    let side = use_state().identity.get_untracked().map(|a| a.side);
    let Some((on, amount)) = side.and_then(|side| action.beneficiary_letter(side)) else {
        return view! {
            <p class="problem" role="alert">"La lettre au bénéficiaire est écrite par la chambre, pour une action engagée par le financeur, ni refusée ni annulée."</p>
        }
        .into_any();
    };
    let payer = convention.party(Side::Payer).clone();
    let chamber = convention.party(Side::Chamber).clone();
    view! {
        <article class="document letter" aria-label="Lettre au bénéficiaire">
            <header class="doc-head">
                <PartyBlock convention=convention.clone() side=Side::Chamber />
                <address class="recipient">
                    <strong>{company.name.clone()}</strong><br />
                    {(!company.address.is_empty()).then(|| view! { {company.address.clone()}<br /> })}
                    {company.commune.clone()}<br />
                    "SIRET " {company.siret.to_string()}
                </address>
            </header>
            <p class="date">"Le " {fr(on)}</p>
            <p><strong>"Objet : prise en charge de votre accompagnement par " {payer.short_name.clone()}</strong></p>
            <p>"Madame, Monsieur,"</p>
            <p>
                {format!(
                    "Dans le cadre du plan de relance et du Pacte régional pour les territoires, la {} ({}) prend en charge le coût de l'accompagnement « {} » que la {} réalise pour votre entreprise.",
                    payer.name, payer.short_name, r.fiche, chamber.name
                )}
            </p>
            <p>
                "Montant de l'aide : "
                <strong data-testid="aid-amount">{amount.to_string()}</strong>
                " net de taxes, versé directement par le financeur à la chambre : aucune somme ne vous est demandée pour cet accompagnement."
            </p>
            <p data-testid="aid-basis">{convention.terms().aid_basis.letter_sentence()}</p>
            <p>"Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."</p>
            <p class="signature">{chamber.representative.clone()}</p>
            <p class="source">{convention.source_line()}</p>
        </article>
    }
    .into_any()
}

/// The Fiche 3 slide "Une entreprise de chez nous, une spécialité": the speciality and text are
/// written here for the slide and not stored.
#[component]
fn SlideDocument(convention: Convention, company: Company) -> impl IntoView {
    let speciality = RwSignal::new(company.activity.clone());
    let text = RwSignal::new(String::new());
    let footer = format!(
        "Avec le soutien de la {} – {}",
        convention.party(Side::Payer).short_name,
        convention.party(Side::Chamber).short_name
    );
    view! {
        <div class="no-print grid">
            <TextField id="slide-speciality" label="Spécialité" value=speciality />
            <TextArea id="slide-text" label="Texte court" value=text rows=3 />
        </div>
        <article class="document slide" aria-label="Diapositive">
            <p class="slide-kicker">"Une entreprise de chez nous, une spécialité"</p>
            <h2 class="slide-name">{company.name.clone()}</h2>
            <p class="slide-commune">{company.commune.clone()}</p>
            <p class="slide-speciality">{move || speciality.get()}</p>
            <p class="slide-text">{move || text.get()}</p>
            <p class="slide-footer">{footer}</p>
        </article>
    }
}
