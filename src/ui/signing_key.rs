//! "Votre clé de signature" in the conventions tab: the fingerprint of the signing key of the
//! identity in use on this machine (`web::keys`), in groups of digits two people read to each
//! other by phone before one trusts the other's key (`domain::signing`); and "Clés reconnues":
//! the keys this machine trusts for each party of the convention shown (`domain::trust`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::use_state;
use crate::web::keys;

/// The card: who, the fingerprint, what it is for.
#[component]
pub fn SigningKeyCard() -> impl IntoView {
    let state = use_state();
    // The fingerprint of the identity in use, or why it is not shown.
    let shown = RwSignal::new(None::<Result<(String, String), String>>);
    Effect::new(move |_| {
        let Some(actor) = state.identity.get() else {
            shown.set(None);
            return;
        };
        spawn_local(async move {
            let key = keys::public_key(&actor).await;
            // The identity may have changed while the browser made the key.
            if state.identity.get_untracked().as_ref() == Some(&actor) {
                shown.set(Some(key.map(|k| (k.fingerprint(), k.id().0))));
            }
        });
    });
    let who = move || {
        let identity = state.identity.get()?;
        let party = state
            .with_ledger(|l| l.convention().party(identity.side).short_name.clone())
            .unwrap_or_default();
        Some(format!("{} ({party})", identity.name))
    };
    view! {
        <section class="card" aria-labelledby="signing-key-title">
            <h2 id="signing-key-title">"Votre clé de signature"</h2>
            {move || match (who(), shown.get()) {
                (None, _) => view! { <p>"Indiquez qui vous êtes pour créer votre clé."</p> }.into_any(),
                (Some(_), None) => view! { <p>"Création de la clé…"</p> }.into_any(),
                (Some(_), Some(Err(e))) => view! { <p class="alert" role="alert">{e}</p> }.into_any(),
                (Some(who), Some(Ok((fingerprint, id)))) => view! {
                    <p>{format!("Clé de {who} sur cet appareil (ECDSA P-256, identifiant {id}). Son empreinte :")}</p>
                    <p class="fingerprint" data-testid="key-fingerprint">{fingerprint}</p>
                    <p class="hint">"L'autre partie la compare, chiffre par chiffre, avec celle que lui montre son application, au téléphone, avant de faire confiance à votre clé. La clé privée reste dans ce navigateur : personne, pas même l'application, ne peut la lire ou la copier."</p>
                }.into_any(),
            }}
        </section>
    }
}

/// "Clés reconnues": for each party of the convention shown, the keys whose signed steps this
/// machine takes, with their holder, fingerprint and how each came to be trusted; a key of the
/// user's own party can be withdrawn (a lost laptop), after a confirmation.
#[component]
pub fn TrustedKeysCard() -> impl IntoView {
    use crate::domain::convention::Side;
    use crate::domain::signing::KeyId;
    use crate::domain::trust::{How, Statement};
    let state = use_state();
    let error = RwSignal::new(None::<String>);
    // The key whose withdrawal waits for the user's confirmation.
    let confirming = RwSignal::new(None::<(KeyId, String)>);
    let me = move || state.identity.get().map(|a| a.side);
    let parties = move || {
        state
            .with_ledger(|l| {
                let c = l.convention();
                [Side::Chamber, Side::Payer]
                    .into_iter()
                    .map(|side| {
                        let keys: Vec<(KeyId, String, String, String, bool, bool)> = l
                            .trust()
                            .keys()
                            .filter(|k| k.card.side == side)
                            .map(|k| {
                                let id = k.card.key.id();
                                let withdrawn = l.trust().withdrawn_at(&id);
                                let how = match withdrawn {
                                    Some(at) => format!(
                                        "{} ; retirée le {}",
                                        k.how.describe(),
                                        crate::domain::date::fr(at.date())
                                    ),
                                    None => k.how.describe(),
                                };
                                // A colleague's key confirmed here may be introduced to the
                                // other party, once.
                                let introducible = matches!(k.how, How::Confirmed { .. })
                                    && !l.trust().statements().iter().any(|s| {
                                        s.statement == Statement::Introduces(k.card.clone())
                                    });
                                (
                                    id.clone(),
                                    format!("{} (clé {id})", k.card.name),
                                    k.card.key.fingerprint(),
                                    how,
                                    withdrawn.is_none(),
                                    introducible,
                                )
                            })
                            .collect();
                        (side, c.party(side).short_name.clone(), keys)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let other_party = move |side: Side| {
        state
            .with_ledger_untracked(|l| l.convention().party(side.other()).short_name.clone())
            .unwrap_or_default()
    };
    let withdraw = move |_| {
        let Some((key, _)) = confirming.get_untracked() else {
            return;
        };
        confirming.set(None);
        error.set(
            state
                .change(crate::workspace::command::WithdrawKey { key })
                .err(),
        );
    };
    view! {
        <section class="card" aria-labelledby="trusted-keys-title" data-testid="trusted-keys">
            <h2 id="trusted-keys-title">"Clés reconnues"</h2>
            <p class="hint">"Les étapes reçues ne sont reprises que signées par l'une de ces clés, pour la partie qui les a prises."</p>
            {move || parties().into_iter().map(|(side, party, keys)| view! {
                <h3>{party.clone()}</h3>
                {if keys.is_empty() {
                    view! { <p>{format!("Aucune clé reconnue pour {party} : elle le sera au premier import, après vérification de son empreinte.")}</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {keys.into_iter().map(|(id, who, fingerprint, how, active, introducible)| {
                                let ask = (who.clone(), id.clone());
                                let present = id.clone();
                                let other = other_party(side);
                                view! {
                                    <li data-testid="trusted-key">
                                        {who} " — " {how}
                                        <br /><span class="fingerprint">{fingerprint}</span>
                                        {(active && me() == Some(side)).then(|| view! {
                                            <div class="buttons">
                                                {(introducible).then(|| view! {
                                                    <button type="button" on:click=move |_| error.set(state.change(crate::workspace::command::IntroduceKey { key: present.clone() }).err())>{format!("Présenter à {other}")}</button>
                                                })}
                                                <button type="button" on:click=move |_| confirming.set(Some((ask.1.clone(), ask.0.clone())))>"Retirer cette clé"</button>
                                            </div>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            }).collect_view()}
            {move || confirming.get().map(|(_, who)| view! {
                <div class="preview" role="alertdialog" aria-label="Retirer la clé" data-testid="confirm-withdraw">
                    <p>{format!("Retirer {who} ? Ses signatures postérieures seront refusées ici dès maintenant, et par l'autre partie dès qu'elle aura importé votre prochain fichier. Faites-le pour un poste perdu ou volé ; son titulaire utilisera une nouvelle clé, à faire reconnaître par son empreinte.")}</p>
                    <super::widgets::ConfirmOrGiveUp label="Retirer définitivement" class="danger" on_confirm=Callback::new(withdraw) on_give_up=Callback::new(move |_| confirming.set(None)) />
                </div>
            })}
            <super::widgets::FormError message=error />
        </section>
    }
}
