//! The import of the other party's exchange file, drawn from the pipeline of
//! [`crate::exchange::import::Import`]: decrypted when sealed, read and checked in slices
//! (progress shown), offered as a new convention when this machine lacks it, previewed with its
//! conflicts, and applied only on confirmation (`Command::Import`, undoable) to the convention it
//! names.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::use_state;
use super::widgets::{ConfirmOrGiveUp, ConflictChoices, JsonFileField};
use crate::domain::convention::{Convention, ConventionId};
use crate::domain::signing::KeyId;
use crate::domain::trust::{Answers, KeyCard, to_verify};
use crate::exchange::import::Import;
use crate::exchange::merge::{
    Choice, ConflictKey, Plan, Received, RecordChange, RecordKind, plan_received,
};
use crate::exchange::{Checked, Problem, Sealed};
use crate::web::crypto;
use crate::web::{clock, files};
use crate::workspace::Command;

/// A file read and checked, waiting for the user's confirmation. It changes the convention it
/// names, whichever convention the picker shows.
#[derive(Clone)]
struct Pending {
    name: String,
    convention: ConventionId,
    checked: Checked,
    /// The signatures of its new steps that held, checked by the browser before the preview.
    answers: Answers,
}

/// A file for a convention this machine does not have: its terms, offered to add, and the file's
/// bytes (decrypted), read again once the convention is added.
#[derive(Clone)]
struct Offered {
    name: String,
    convention: Convention,
    bytes: std::sync::Arc<Vec<u8>>,
}

/// Reads, checks and previews the other party's file; applies it on confirmation.
#[component]
pub fn ImportFromOtherParty() -> impl IntoView {
    let state = use_state();
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let passphrase = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let pending = RwSignal::new(None::<Pending>);
    let offered = RwSignal::new(None::<Offered>);
    let choices = RwSignal::new(BTreeMap::<ConflictKey, Choice>::new());
    // The keys the user confirms by fingerprint, and whether unsigned steps are taken.
    let confirmed = RwSignal::new(BTreeSet::<KeyId>::new());
    let take_unsigned = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<ReadingStage>);
    // Which file choice is current: a reading overtaken by another choice stops, silently.
    let attempt = StoredValue::new(0_u64);
    // The plan, shared (never copied: at 10,000 actions a copy of its ledger costs tens of
    // milliseconds) and never compared with the one before: it is made anew only when what it
    // depends on changed.
    let preview = Memo::new_owning(move |_| {
        let plan = pending.with(|p| {
            let p = p.as_ref()?;
            choices.with(|c| {
                confirmed.with(|confirmed| {
                    state.workspace.with(|ws| {
                        let l = ws.ledger(&p.convention)?;
                        let received = Received {
                            confirmed,
                            verifier: &p.answers,
                            take_unsigned: take_unsigned.get(),
                            today: clock::today(),
                        };
                        let plan = plan_received(l, &p.checked.file.content, c, &received);
                        clock::bench_mark("planned");
                        Some((ws.revision(&p.convention)?, Arc::new(plan)))
                    })
                })
            })
        });
        (plan, true)
    });
    // Starts a new reading: whatever was shown goes, and an earlier reading stops.
    let restart = move || {
        problems.set(Vec::new());
        pending.set(None);
        offered.set(None);
        done.set(None);
        choices.set(BTreeMap::new());
        confirmed.set(BTreeSet::new());
        take_unsigned.set(false);
        attempt.update_value(|a| *a += 1);
        let mine = attempt.get_value();
        move || attempt.try_get_value() == Some(mine)
    };
    // Reads a source in the background; the latest one started is the only one shown.
    let start = move |source: Source| {
        let current = restart();
        spawn_local(async move {
            let shown = Shown {
                problems,
                pending,
                offered,
                progress,
                current,
            };
            match source {
                Source::Chosen { input, passphrase } => {
                    read_and_check(input, passphrase, shown, state).await
                }
                Source::Offered(o) => {
                    let offered = Import::ConventionOffered {
                        name: o.name,
                        convention: Box::new(o.convention),
                        bytes: o.bytes,
                    };
                    check(offered.convention_added(), shown, state).await
                }
            }
            if current() {
                progress.set(None);
            }
        });
    };
    let read_file = move || {
        if let Some(input) = input.get() {
            let passphrase = passphrase.get_untracked();
            start(Source::Chosen { input, passphrase });
        }
    };
    let add_convention = move |_| {
        let Some(o) = offered.get_untracked() else {
            return;
        };
        // Added once: a convention already here (added from another file) is kept as it is.
        let id = o.convention.id().clone();
        let known = state
            .workspace
            .with_untracked(|ws| ws.ledger(&id).is_some());
        let added = if known {
            state.check_loaded()
        } else {
            state.execute(Command::AddConvention(Box::new(o.convention.clone())))
        };
        match added {
            Ok(()) => start(Source::Offered(Box::new(o))),
            Err(e) => problems.set(vec![Problem::file(e)]),
        }
    };
    let confirm = move |_| {
        let Some((name, convention)) =
            pending.with_untracked(|p| p.as_ref().map(|p| (p.name.clone(), p.convention.clone())))
        else {
            return;
        };
        let Some((revision, planned)) = preview.get_untracked() else {
            return;
        };
        // What it brings, in the preview's words, for the dashboard ("Reçu le … de …").
        let received = pending.with_untracked(|p| {
            p.as_ref().map(|p| {
                let sender = &p.checked.file.sender;
                let me = state.identity.get_untracked().map(|a| a.side);
                let convention = planned.result.convention();
                let now = clock::now();
                let title = format!(
                    "Reçu le {} à {} de {} ({})",
                    crate::domain::date::fr(now.date()),
                    now.format("%H:%M"),
                    sender.name,
                    convention.party(sender.side).short_name
                );
                (title, planned.sentences(convention, me, RECEIVED_LINES))
            })
        });
        let convention_of_import = convention.clone();
        match state.execute(Command::Import {
            name,
            convention,
            revision,
            planned: Box::new(Arc::unwrap_or_clone(planned)),
        }) {
            Ok(()) => {
                if let Some((title, lines)) = received {
                    // Not kept (a full storage): the import is done all the same.
                    let _ = super::received::remember(&convention_of_import, title, lines);
                }
                pending.set(None);
                done.set(Some(
                    "Import effectué. « Annuler » en haut de la page le défait.".into(),
                ));
            }
            Err(e) => problems.set(vec![Problem {
                place: "Import".into(),
                message: e,
            }]),
        }
    };
    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">"Importer le fichier de l'autre partie"</h2>
            <div class="field">
                <label for="import-passphrase">"Phrase de passe (si le fichier est chiffré)"</label>
                <input id="import-passphrase" type="password" autocomplete="off"
                    prop:value=move || passphrase.get() on:input=move |ev| passphrase.set(event_target_value(&ev)) />
            </div>
            <JsonFileField id="import-file" label="Fichier d'échange (.json)" input=input on_choose=Callback::new(move |_| read_file()) />
            <Show when=move || progress.get().is_some()>
                <ReadingProgress progress=progress />
            </Show>
            {move || offered.get().map(|o| view! {
                <div class="preview" data-testid="convention-offer">
                    <h3>"Convention inconnue sur ce poste"</h3>
                    <p>"Ce fichier concerne une convention que vous n'avez pas encore. Vérifiez ses termes : si ce sont bien ceux signés, ajoutez-la ; le fichier sera ensuite vérifié et présenté avant tout import."</p>
                    <super::conventions::ConventionTermsView convention=o.convention />
                </div>
                <ConfirmOrGiveUp label="Ajouter cette convention et poursuivre l'import" class="primary" on_confirm=Callback::new(add_convention) on_give_up=Callback::new(move |_| offered.set(None)) />
            })}
            <Show when=move || !problems.get().is_empty()>
                <div class="problem-list" role="alert" data-testid="import-problems">
                    <p><strong>"Fichier refusé : rien n'a été modifié."</strong></p>
                    <ul>
                        {move || problems.get().into_iter().map(|p| view! { <li>{p.to_string()}</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            {move || preview.get().map(|(_, p)| {
                let sender = pending.with_untracked(|p| p.as_ref().map(|p| p.checked.file.sender.side));
                view! { <ImportPreview plan=p choices=choices confirmed=confirmed take_unsigned=take_unsigned sender=sender /> }
            })}
            <Show when=move || pending.get().is_some()>
                <ConfirmOrGiveUp label="Confirmer l'import" class="primary" on_confirm=Callback::new(confirm) on_give_up=Callback::new(move |_| pending.set(None)) />
            </Show>
            <p class="ok" role="status">{move || done.get().unwrap_or_default()}</p>
        </section>
    }
}

/// What to read: the file just chosen, or the file whose convention was just added.
enum Source {
    /// The file input, and the passphrase typed for it.
    Chosen {
        input: web_sys::HtmlInputElement,
        passphrase: String,
    },
    /// A file already read, for a convention added since.
    Offered(Box<Offered>),
}

/// Where a reading shows what it finds, and whether the user still wants it.
struct Shown<F> {
    problems: RwSignal<Vec<Problem>>,
    pending: RwSignal<Option<Pending>>,
    offered: RwSignal<Option<Offered>>,
    progress: RwSignal<Option<ReadingStage>>,
    /// False once the user chose another file (or left the tab).
    current: F,
}

/// Where the reading of a chosen file is, for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ReadingStage {
    /// The file is being loaded or decrypted.
    Loading,
    /// Records checked, in percent.
    Checking(u8),
    /// Working out the preview.
    Previewing,
}

/// Longest slice of checking between two paints, in milliseconds.
const SLICE_MS: f64 = 20.0;
/// Records checked between two looks at the clock.
const RECORDS_PER_LOOK: usize = 100;

/// Reads the chosen file (decrypting it if needed), checks it completely in slices so that the
/// page shows progress, and either lists its problems or keeps it, checked, for the preview.
/// Nothing is changed.
async fn read_and_check(
    el: web_sys::HtmlInputElement,
    pass: String,
    shown: Shown<impl Fn() -> bool>,
    state: super::state::AppState,
) {
    let (problems, progress) = (shown.problems, shown.progress);
    let current = &shown.current;
    progress.set(Some(ReadingStage::Loading));
    let read = files::take_chosen_file(&el).await;
    clock::bench_mark("read");
    if !current() {
        return;
    }
    // The size limit and the text are checked by `exchange::Reading`, on the bytes.
    let files::ChosenFile { name, bytes } = match read {
        Ok(file) => file,
        Err(e) => {
            return problems.set(vec![Problem::file(e)]);
        }
    };
    // An encrypted file is opened with the passphrase, then read.
    let plain = match Sealed::from_bytes(&bytes) {
        None => bytes,
        Some(Err(problem)) => return problems.set(vec![problem]),
        Some(Ok(_)) if pass.is_empty() => {
            return problems.set(vec![Problem::file(
                "fichier chiffré : indiquez la phrase de passe, puis choisissez à nouveau le fichier.",
            )]);
        }
        Some(Ok(sealed)) => match crypto::open(&sealed, &pass).await {
            Ok(plain) => plain,
            Err(e) => return problems.set(vec![Problem::file(e)]),
        },
    };
    if current() {
        let import = state
            .workspace
            .with_untracked(|ws| Import::start(name, &plain, |id| ws.ledger(id).is_some()));
        clock::bench_mark("parsed");
        check(import, shown, state).await;
    }
}

/// Runs `import` ([`exchange::import::Import`], the pipeline this screen only feeds and draws):
/// checks the file completely in slices, pausing between them so that the page shows progress,
/// then either lists its problems, offers its convention when this machine does not have it, or
/// keeps it, checked, for the preview. Nothing is changed.
async fn check(mut import: Import, shown: Shown<impl Fn() -> bool>, state: super::state::AppState) {
    let Shown {
        problems,
        pending,
        offered,
        progress,
        current,
    } = shown;
    // The checksum's SHA-256 runs on the browser's own thread while the records are checked here.
    let mut digest = import.hash_elsewhere().map(crate::web::crypto::sha256);
    loop {
        match import {
            Import::Checking { .. } if import.awaits_digest() => {
                let sum = match digest.take() {
                    Some(sum) => sum.await,
                    None => None,
                };
                if !current() {
                    return;
                }
                import.digest_given(sum);
                import = state.workspace.with_untracked(|ws| {
                    let id = import.convention().cloned();
                    import.step(id.as_ref().and_then(|id| ws.ledger(id)), RECORDS_PER_LOOK)
                });
            }
            Import::Checking { .. } => {
                progress.set(Some(ReadingStage::Checking(import.percent().unwrap_or(0))));
                clock::pause().await;
                if !current() {
                    return;
                }
                let slice_start = clock::clock_ms();
                let id = import.convention().cloned();
                import = state.workspace.with_untracked(|ws| {
                    let ledger = id.as_ref().and_then(|id| ws.ledger(id));
                    loop {
                        import = import.step(ledger, RECORDS_PER_LOOK);
                        if !import.checking()
                            || import.awaits_digest()
                            || clock::clock_ms() - slice_start >= SLICE_MS
                        {
                            break import;
                        }
                    }
                });
            }
            Import::ConventionOffered {
                name,
                convention,
                bytes,
            } => {
                return offered.set(Some(Offered {
                    name,
                    convention: *convention,
                    bytes,
                }));
            }
            Import::Refused(list) => return problems.set(list),
            Import::Checked {
                name,
                convention,
                checked,
            } => {
                clock::bench_mark("checked");
                progress.set(Some(ReadingStage::Previewing));
                clock::pause().await;
                if !current() {
                    return;
                }
                if state.active.get_untracked().as_ref() != Some(&convention) {
                    state.switch_to(convention.clone());
                }
                // The signatures of what is new here, checked by the browser (WebCrypto).
                let (checks, batches) = state.workspace.with_untracked(|ws| {
                    ws.ledger(&convention).map_or_else(Default::default, |l| {
                        let content = &checked.file.content;
                        let records = content.sealed();
                        let checks = to_verify(l, &records, &content.key_statements, &content.keys);
                        let batches = crate::domain::batch_seal::batch_checks(
                            l,
                            &records,
                            &checked.file.batch_seals,
                            &checks,
                        );
                        (checks, batches)
                    })
                });
                clock::bench_mark("signatures listed");
                let answers = match crate::web::keys::verify_all(checks, &batches).await {
                    Ok(answers) => answers,
                    Err(e) => return problems.set(vec![Problem::file(e)]),
                };
                clock::bench_mark("signatures checked");
                if !current() {
                    return;
                }
                return pending.set(Some(Pending {
                    name,
                    convention,
                    checked: *checked,
                    answers,
                }));
            }
        }
    }
}

/// "Vérification du fichier : 42 %", with a progress bar.
#[component]
fn ReadingProgress(progress: RwSignal<Option<ReadingStage>>) -> impl IntoView {
    let percent = move || match progress.get() {
        Some(ReadingStage::Checking(p)) => p,
        Some(ReadingStage::Previewing) => 100,
        _ => 0,
    };
    let label = move || match progress.get() {
        Some(ReadingStage::Loading) | None => "Lecture du fichier…".to_string(),
        Some(ReadingStage::Checking(p)) => format!("Vérification du fichier : {p} %"),
        Some(ReadingStage::Previewing) => "Préparation de l'aperçu…".to_string(),
    };
    view! {
        <div class="busy" role="status" data-testid="import-busy">
            <progress max="100" prop:value=move || f64::from(percent()) aria-hidden="true" data-testid="import-progress"></progress>
            " " {label}
        </div>
    }
}

/// The keys the file's steps are signed with that this machine does not know yet: each holder's
/// name, party and fingerprint, to read together by phone, and a box to tick once they match.
#[component]
fn KeysToConfirm(
    keys: Vec<KeyCard>,
    convention: Convention,
    me: Option<crate::domain::convention::Side>,
    sender: Option<crate::domain::convention::Side>,
    confirmed: RwSignal<BTreeSet<KeyId>>,
) -> impl IntoView {
    (!keys.is_empty()).then(|| {
        view! {
            <div class="keys-to-confirm" data-testid="keys-to-confirm">
                <h4>{format!("Clés à reconnaître ({})", keys.len())}</h4>
                <p>"Des étapes de ce fichier sont signées par des clés que ce poste ne connaît pas encore. Pour chacune, téléphonez à son titulaire et lisez ensemble son empreinte : ne cochez que si elle est identique à celle qu'il lit dans « Votre clé de signature » (onglet Conventions). Sans cela, ses étapes ne sont pas reprises."</p>
                <ul>
                    {keys.into_iter().map(|card| {
                        let id = card.key.id();
                        let party = convention.party(card.side).short_name.clone();
                        let own_party_from_other = me == Some(card.side) && sender.is_some_and(|s| s != card.side);
                        let toggled = id.clone();
                        let checked_id = id.clone();
                        view! {
                            <li data-testid="key-to-confirm">
                                <p>{format!("Vérifiez par téléphone avec {} ({party}) que son empreinte est :", card.name)}</p>
                                <p class="fingerprint" data-testid="fingerprint">{card.key.fingerprint()}</p>
                                {own_party_from_other.then(|| view! {
                                    <p class="alert" role="note">{format!("Cette clé se dit de {party}, votre propre partie, mais arrive dans un fichier de l'autre partie : une étape de {party} prise sur une autre machine que celles de {party} ne doit pas être reconnue.")}</p>
                                })}
                                <label class="choice">
                                    <input type="checkbox" data-testid="confirm-key"
                                        prop:checked=move || confirmed.with(|c| c.contains(&checked_id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            confirmed.update(|c| {
                                                if on { c.insert(toggled.clone()); } else { c.remove(&toggled); }
                                            });
                                        } />
                                    {format!("J'ai vérifié cette empreinte avec {} : je reconnais sa clé pour {party}", card.name)}
                                </label>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// Names shown per list of the preview.
const PREVIEW_NAMES: usize = 50;
/// How many sentences the dashboard keeps of what an import brought ("Reçu le … de …").
const RECEIVED_LINES: usize = 50;

/// What the import will change, its conflicts with the user's choice, and the envelope before and
/// after.
#[component]
fn ImportPreview(
    plan: Arc<Plan>,
    choices: RwSignal<BTreeMap<ConflictKey, Choice>>,
    confirmed: RwSignal<BTreeSet<KeyId>>,
    take_unsigned: RwSignal<bool>,
    sender: Option<crate::domain::convention::Side>,
) -> impl IntoView {
    let me = use_state().identity.get_untracked().map(|a| a.side);
    let convention = plan.result.convention().clone();
    // Each record changed, with what it brings said in words (the step, its date, who, how much);
    // the first ones of each list, and how many more: thousands of lines help no one, and would
    // take the page a second to draw.
    let changes = |title: &'static str, kind: RecordKind, added: Option<bool>| {
        let items: Vec<&RecordChange> = plan.changes_of(kind, added).collect();
        (!items.is_empty()).then(|| {
            let more = items.len().saturating_sub(PREVIEW_NAMES);
            // Each group folds (a summary the user opens and closes), open at first.
            view! {
                <details class="group" open>
                <summary>{format!("{title} ({})", items.len())}</summary>
                <ul>
                    {items.into_iter().take(PREVIEW_NAMES).map(|c| view! {
                        <li>
                            {c.line()}
                            <ul class="said">
                                // Under the record's name, each sentence without it.
                                {c.sentences(&convention, me).into_iter().map(|s| {
                                    let said = s.strip_prefix(&format!("{} : ", c.record)).map_or(s.clone(), str::to_string);
                                    view! { <li>{said}</li> }
                                }).collect_view()}
                            </ul>
                        </li>
                    }).collect_view()}
                    {(more > 0).then(|| view! { <li class="more">{format!("… et {more} autre(s)")}</li> })}
                </ul>
                </details>
            }
        })
    };
    // Only the lines shown are written: a first import can list thousands.
    let list = |title: &'static str, items: &mut dyn ExactSizeIterator<Item = String>| {
        let count = items.len();
        (count > 0).then(|| {
            let more = count.saturating_sub(PREVIEW_NAMES);
            view! {
                <details class="group" open>
                <summary>{format!("{title} ({count})")}</summary>
                <ul>
                    {items.take(PREVIEW_NAMES).map(|i| view! { <li>{i}</li> }).collect_view()}
                    {(more > 0).then(|| view! { <li class="more">{format!("… et {more} autre(s)")}</li> })}
                </ul>
                </details>
            }
        })
    };
    let nothing = plan.is_empty() && plan.conflicts.is_empty();
    view! {
        <div class="preview" data-testid="import-preview" aria-label="Aperçu de l'import">
            <h3>"Aperçu : rien ne change avant votre confirmation"</h3>
            {nothing.then(|| view! { <p data-testid="nothing-new">"Ce fichier n'apporte rien de nouveau."</p> })}
            {changes("Nouvelles entreprises", RecordKind::Company, Some(true))}
            {changes("Entreprises mises à jour", RecordKind::Company, Some(false))}
            {changes("Nouvelles actions", RecordKind::Action, Some(true))}
            {changes("Actions mises à jour", RecordKind::Action, Some(false))}
            {changes("Nouvelles demandes d'intervention", RecordKind::Request, Some(true))}
            {changes("Demandes mises à jour (réponses)", RecordKind::Request, Some(false))}
            {changes("Tableaux mensuels arrêtés", RecordKind::IssuedTable, None)}
            {changes("Journal (rendez-vous, promotion)", RecordKind::Journal, None)}
            {changes("Avenants", RecordKind::Amendment, None)}
            {changes("Résiliation (art. 3.3)", RecordKind::Termination, None)}
            {changes("Demandes de diffusion (art. 3.1)", RecordKind::Diffusion, None)}
            {changes("Offres et demandes de collaboration (fiche 3)", RecordKind::Collaboration, None)}
            <KeysToConfirm keys=plan.unknown_keys.clone() convention=convention.clone() me=me sender=sender confirmed=confirmed />
            {list("Clés présentées par leur partie, reconnues sans question", &mut plan.introduced.iter().cloned())}
            {list("Non repris", &mut plan.refused.iter().map(ToString::to_string))}
            {(!plan.unsigned.is_empty() || take_unsigned.get_untracked()).then(|| view! {
                <div class="alert" role="note" data-testid="unsigned">
                    <p>"Étapes non signées : ce fichier vient d'une version de Relance antérieure aux signatures, rien ne prouve qui les a prises. Ne les reprenez que si vous avez confirmé avec l'autre partie qu'elle vous a bien envoyé ce fichier."</p>
                    {list("Non signées, en attente de votre accord", &mut plan.unsigned.iter().cloned())}
                    <label class="choice">
                        <input type="checkbox" data-testid="take-unsigned" prop:checked=move || take_unsigned.get() on:change=move |ev| take_unsigned.set(event_target_checked(&ev)) />
                        "Reprendre aussi ces étapes non signées"
                    </label>
                </div>
            })}
            {(!plan.conflicts.is_empty()).then(|| view! {
                <h4>{format!("Conflits à trancher ({})", plan.conflicts.len())}</h4>
                <ConflictChoices conflicts=plan.conflicts.clone() choices=choices theirs="Prendre celle du fichier" />
            })}
            <table class="list" aria-label="Enveloppe avant et après">
                <thead><tr><th scope="col"></th><th scope="col" class="num">"Avant"</th><th scope="col" class="num">"Après"</th></tr></thead>
                <tbody>
                    <tr><th scope="row">"Engagé"</th><td class="num">{plan.before.engaged.to_string()}</td><td class="num">{plan.after.engaged.to_string()}</td></tr>
                    <tr><th scope="row">"Payé"</th><td class="num">{plan.before.paid.to_string()}</td><td class="num">{plan.after.paid.to_string()}</td></tr>
                    <tr><th scope="row">"Disponible"</th><td class="num" data-testid="available-before">{plan.before.available.to_string()}</td><td class="num" data-testid="available-after">{plan.after.available.to_string()}</td></tr>
                </tbody>
            </table>
        </div>
    }
}
