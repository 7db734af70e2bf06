//! Signing the steps taken here (`domain::signing`): after every gesture, the steps it recorded
//! are signed with their author's key on this machine (`web::keys`, WebCrypto) and the
//! signatures put on them (`Command::Seal`). Its code is fetched on demand at the first change
//! (`ui::on_demand::seal_function`): the first visit does not carry it.

use leptos::prelude::*;

use super::state::AppState;
use crate::domain::action::Actor;
use crate::domain::ledger::Ledger;
use crate::domain::signing::SignatureBytes;
use crate::domain::trust::KeyCard;
use crate::web::keys;
use crate::workspace::Command;

/// Signs every step waiting for a signature, author by author, and puts the signatures on.
pub async fn seal_pending(state: AppState) -> Result<(), String> {
    let pending = state
        .workspace
        .try_update_untracked(|ws| ws.unsealed())
        .unwrap_or_default();
    for (convention, steps) in pending {
        let mut authors: Vec<Actor> = Vec::new();
        for s in &steps {
            if !authors.contains(&s.stamp.actor) {
                authors.push(s.stamp.actor.clone());
            }
        }
        for author in authors {
            let key = keys::public_key(&author).await?;
            let mut signed = Vec::new();
            for s in steps.iter().filter(|s| s.stamp.actor == author) {
                let raw = keys::sign(&author, &s.message).await?;
                signed.push(s.clone().signed(SignatureBytes::from_raw(&raw)?));
            }
            let card = KeyCard {
                key,
                side: author.side,
                name: author.name.clone(),
            };
            let command = Command::Seal {
                convention: convention.clone(),
                card,
                signed,
                put: Ledger::seal,
            };
            // Views are woken only when a seal was put (not for steps signed meanwhile).
            let sealed = state.workspace.try_update_untracked(|ws| {
                let before = ws.revision(&convention);
                ws.execute(command, None)
                    .map(|_| ws.revision(&convention) != before)
            });
            if let Some(Ok(true)) = sealed {
                state.workspace.notify();
            }
        }
    }
    Ok(())
}
