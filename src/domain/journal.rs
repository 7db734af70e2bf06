//! The convention's journal: the meetings where the chamber reports to the payer (art. 2.3: the
//! chamber "rend compte des actions menées et de leurs développements à l'aide de rendez-vous et
//! d'un tableau de bord") and the payer's promotion of the scheme (art. 2.2: the payer "assure la
//! promotion de ce dispositif sur son territoire").
//!
//! Each entry belongs to the side that wrote it: only that side changes it, and every change is
//! kept in the entry's history. Either side records a meeting; only the payer records its
//! promotion actions. A received entry is checked by the same rules ([`JournalEntry`] is
//! re-checked whenever it is read).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::action::{ActionId, MAX_LONG_TEXT_CHARS, MAX_SHORT_TEXT_CHARS};
use super::audit::Stamp;
use super::company::check_text;
use super::convention::{Convention, Side};
use super::error::DomainError;
use super::lifecycle::{Owned, Owner};
use super::signed::{SealedKind, SignedHistory, Stated, StepView, json_fact, seal_line, steps_of};
use super::signing::{Facts, Seal};

/// Most participants named for one side of a meeting.
pub const MAX_PARTICIPANTS: usize = 30;

/// Identifier of a journal entry, unique across both parties' machines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(pub String);

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a meeting took place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Venue {
    /// By video conference.
    Visio,
    /// At a place, as the user names it.
    Place(String),
}

/// A meeting of the two parties (art. 2.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Date of the meeting.
    #[serde(with = "crate::domain::date::serde_day")]
    pub on: NaiveDate,
    /// Where.
    pub venue: Venue,
    /// The chamber's participants, by name.
    pub chamber_participants: Vec<String>,
    /// The payer's participants, by name.
    pub payer_participants: Vec<String>,
    /// The actions discussed.
    pub actions: Vec<ActionId>,
    /// What was decided.
    pub decisions: String,
    /// The next meeting's date, if set.
    #[serde(
        default,
        with = "crate::domain::date::serde_day_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_on: Option<NaiveDate>,
}

/// How the payer promoted the scheme (art. 2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    /// The intercommunal bulletin.
    Bulletin,
    /// The payer's web site.
    WebSite,
    /// A public meeting.
    PublicMeeting,
    /// A fair or trade show.
    Fair,
    /// The press.
    Press,
    /// Social networks.
    SocialMedia,
    /// Anything else (the text says what).
    Other,
}

impl Channel {
    /// Every channel, in the order the form offers them.
    pub const ALL: [Channel; 7] = [
        Channel::Bulletin,
        Channel::WebSite,
        Channel::PublicMeeting,
        Channel::Fair,
        Channel::Press,
        Channel::SocialMedia,
        Channel::Other,
    ];

    /// In French.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Bulletin => "Bulletin intercommunal",
            Channel::WebSite => "Site internet",
            Channel::PublicMeeting => "Réunion publique",
            Channel::Fair => "Salon",
            Channel::Press => "Presse",
            Channel::SocialMedia => "Réseaux sociaux",
            Channel::Other => "Autre",
        }
    }
}

/// A promotion action of the payer (art. 2.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    /// Date.
    #[serde(with = "crate::domain::date::serde_day")]
    pub on: NaiveDate,
    /// Through what.
    pub channel: Channel,
    /// Whom it reached ("artisans du territoire, 120 destinataires"), may be empty.
    pub audience: String,
    /// What was said or published.
    pub text: String,
}

/// What an entry records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryBody {
    /// A meeting.
    Meeting(Meeting),
    /// A promotion action.
    Promotion(Promotion),
}

impl EntryBody {
    /// The date of what is recorded.
    pub fn on(&self) -> NaiveDate {
        match self {
            EntryBody::Meeting(m) => m.on,
            EntryBody::Promotion(p) => p.on,
        }
    }

    /// The step that records such an entry.
    pub fn recorded_step(&self) -> JournalStep {
        match self {
            EntryBody::Meeting(_) => JournalStep::MeetingRecorded,
            EntryBody::Promotion(_) => JournalStep::PromotionRecorded,
        }
    }

    /// Checks the texts and dates, and returns the body as kept (texts trimmed, empty names
    /// dropped). An entry may be dated after the convention's end (a closing meeting), not before
    /// its signature.
    pub fn checked(self, convention: &Convention) -> Result<EntryBody, DomainError> {
        let signed = convention.terms().signed_on;
        if self.on() < signed {
            return Err(DomainError::EntryBeforeSignature(signed));
        }
        Ok(match self {
            EntryBody::Meeting(m) => {
                let names = |list: Vec<String>, field| -> Result<Vec<String>, DomainError> {
                    let list: Vec<String> = list
                        .iter()
                        .map(|n| n.trim())
                        .filter(|n| !n.is_empty())
                        .map(|n| check_text(n, field, MAX_SHORT_TEXT_CHARS))
                        .collect::<Result<_, _>>()?;
                    if list.is_empty() {
                        return Err(DomainError::Required(field));
                    }
                    if list.len() > MAX_PARTICIPANTS {
                        return Err(DomainError::TooManyParticipants(MAX_PARTICIPANTS));
                    }
                    Ok(list)
                };
                let venue = match m.venue {
                    Venue::Visio => Venue::Visio,
                    Venue::Place(p) => Venue::Place(check_text(&p, "lieu", MAX_SHORT_TEXT_CHARS)?),
                };
                if m.next_on.is_some_and(|n| n <= m.on) {
                    return Err(DomainError::NextMeetingBefore(m.on));
                }
                let mut actions = m.actions;
                actions.sort();
                actions.dedup();
                EntryBody::Meeting(Meeting {
                    venue,
                    chamber_participants: names(
                        m.chamber_participants,
                        "participants de la chambre consulaire",
                    )?,
                    payer_participants: names(m.payer_participants, "participants du financeur")?,
                    actions,
                    decisions: check_text(&m.decisions, "décisions", MAX_LONG_TEXT_CHARS)?,
                    ..m
                })
            }
            EntryBody::Promotion(p) => {
                let audience = p.audience.trim();
                if audience.chars().count() > MAX_SHORT_TEXT_CHARS {
                    return Err(DomainError::TooLong {
                        field: "public touché",
                        max: MAX_SHORT_TEXT_CHARS,
                    });
                }
                EntryBody::Promotion(Promotion {
                    audience: audience.to_string(),
                    text: check_text(&p.text, "texte", MAX_LONG_TEXT_CHARS)?,
                    ..p
                })
            }
        })
    }
}

/// What may happen to a journal entry.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Ord, Eq, Serialize, Deserialize)]
pub enum JournalStep {
    /// A meeting was recorded (either side).
    MeetingRecorded,
    /// A promotion action was recorded (the payer).
    PromotionRecorded,
    /// The entry was changed (the side that wrote it).
    Changed,
}

impl Owned for JournalStep {
    /// Either side reports on meetings; promotion is the payer's (art. 2.2). A change belongs to
    /// the entry's side, which [`JournalEntry::change`] checks on top of this.
    fn owner(self) -> Owner {
        match self {
            JournalStep::PromotionRecorded => Owner::Only(Side::Payer),
            JournalStep::MeetingRecorded | JournalStep::Changed => Owner::Either,
        }
    }

    fn event_label(self) -> &'static str {
        match self {
            JournalStep::MeetingRecorded => "Rendez-vous enregistré",
            JournalStep::PromotionRecorded => "Action de promotion enregistrée",
            JournalStep::Changed => "Entrée du journal modifiée",
        }
    }
}

/// One line of an entry's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEvent {
    /// What happened.
    pub kind: JournalStep,
    /// Who and when.
    pub stamp: Stamp,
    /// The entry as the step left it and its author's signature (`None`: recorded before
    /// signatures, or not yet signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

crate::domain::signed::sealed_event!(JournalEvent, JournalStep::name, Owned::event_label);

/// An entry of the journal. Fields private: built by [`JournalEntry::new`], changed by
/// [`JournalEntry::change`], re-checked whenever it is read (stored or received).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "EntryRecord", into = "EntryRecord")]
pub struct JournalEntry {
    record: EntryRecord,
}

/// The stored and exchanged shape of a [`JournalEntry`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryRecord {
    /// Identifier.
    pub id: EntryId,
    /// What it records, as last changed.
    pub body: EntryBody,
    /// Its recording, then each change.
    pub history: Vec<JournalEvent>,
}

impl JournalEntry {
    /// A new entry written by `stamp`'s author, checked (`Ledger::record_entry` also checks the
    /// actions it names).
    pub fn new(
        id: EntryId,
        body: EntryBody,
        stamp: Stamp,
        convention: &Convention,
    ) -> Result<JournalEntry, DomainError> {
        let kind = body.recorded_step();
        kind.authorize(&stamp, convention)?;
        Ok(JournalEntry {
            record: EntryRecord {
                id,
                body: body.checked(convention)?,
                history: vec![JournalEvent {
                    kind,
                    stamp,
                    seal: None,
                }],
            },
        })
    }

    /// Replaces what the entry records, by someone of the side that wrote it; a meeting stays a
    /// meeting. The change is added to the history.
    pub fn change(
        &mut self,
        body: EntryBody,
        stamp: Stamp,
        convention: &Convention,
    ) -> Result<(), DomainError> {
        let author = self.author().actor.side;
        if stamp.actor.side != author {
            return Err(DomainError::NotYourStep {
                step: JournalStep::Changed.event_label(),
                owner: convention.party(author).short_name.clone(),
                side: convention.party(stamp.actor.side).short_name.clone(),
            });
        }
        if body.recorded_step() != self.record.body.recorded_step() {
            return Err(DomainError::EntryKindChanged);
        }
        self.record.body = body.checked(convention)?;
        self.record.history.push(JournalEvent {
            kind: JournalStep::Changed,
            stamp,
            seal: None,
        });
        Ok(())
    }

    /// Identifier.
    pub fn id(&self) -> &EntryId {
        &self.record.id
    }

    /// What it records.
    pub fn body(&self) -> &EntryBody {
        &self.record.body
    }

    /// Its recording, then each change.
    pub fn history(&self) -> &[JournalEvent] {
        &self.record.history
    }

    /// "Rendez-vous du 02/03/2021", "Action de promotion du 02/03/2021".
    pub fn label(&self) -> String {
        let what = match self.record.body {
            EntryBody::Meeting(_) => "Rendez-vous",
            EntryBody::Promotion(_) => "Action de promotion",
        };
        format!("{what} du {}", super::date::fr(self.record.body.on()))
    }

    /// The same entry with `history` (the merge's union of two copies' histories).
    pub(crate) fn with_history(mut self, history: Vec<JournalEvent>) -> JournalEntry {
        self.record.history = history;
        self
    }

    /// Who wrote it, for which side, and when.
    pub fn author(&self) -> &Stamp {
        &self.record.history[0].stamp
    }

    /// Checks a stored or received entry by the rules of a new one: recorded once by a side that
    /// may, then changed by that side only. Dates and texts are checked against the convention
    /// by [`Self::check_against`].
    fn check_history(&self) -> Result<(), String> {
        let (first, rest) = self.record.history.split_first().ok_or("historique vide")?;
        if first.kind != self.record.body.recorded_step()
            || !first.kind.owner().allows(first.stamp.actor.side)
        {
            return Err(format!(
                "« {} » ne peut pas venir de cette partie",
                first.kind.event_label()
            ));
        }
        if rest
            .iter()
            .any(|e| e.kind != JournalStep::Changed || e.stamp.actor.side != first.stamp.actor.side)
        {
            return Err("modifiée par l'autre partie que son auteur".into());
        }
        Ok(())
    }

    /// Checks a received entry against the convention: its dates and texts as a new one's.
    pub fn check_against(&self, convention: &Convention) -> Result<(), DomainError> {
        let kept = self.record.body.clone().checked(convention)?;
        if kept != self.record.body {
            return Err(DomainError::EntryNotNormalised);
        }
        Ok(())
    }
}

impl TryFrom<EntryRecord> for JournalEntry {
    type Error = String;

    fn try_from(record: EntryRecord) -> Result<Self, Self::Error> {
        let entry = JournalEntry { record };
        entry
            .check_history()
            .map_err(|e| format!("{} incohérente : {e}", entry.label()))?;
        Ok(entry)
    }
}

impl From<JournalEntry> for EntryRecord {
    fn from(entry: JournalEntry) -> Self {
        entry.record
    }
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;

impl JournalStep {
    /// The step as files and the canonical form write it.
    pub fn name(self) -> &'static str {
        match self {
            JournalStep::MeetingRecorded => "MeetingRecorded",
            JournalStep::PromotionRecorded => "PromotionRecorded",
            JournalStep::Changed => "Changed",
        }
    }

    fn named(name: &str) -> Option<JournalStep> {
        [
            JournalStep::MeetingRecorded,
            JournalStep::PromotionRecorded,
            JournalStep::Changed,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// An entry's signed steps (docs/echange.md, « Étapes signées »): its recording and each change
/// state the entry as it then was (`body`: the SHA-256 of its JSON when long).
impl SignedHistory for JournalEntry {
    fn kind(&self) -> SealedKind {
        SealedKind::Journal
    }

    fn sealed_id(&self) -> String {
        self.record.id.0.clone()
    }

    fn signed_steps(&self) -> Vec<StepView<'_>> {
        steps_of(&self.record.history)
    }

    fn step_facts(&self, _step: &str, _stamp: &Stamp) -> Facts {
        Facts::from([("body".to_string(), json_fact(&self.record.body))])
    }

    /// The entry as it stands: stated by its last change (the merge keeps the latest), or by its
    /// recording when never changed.
    fn stated(&self) -> Vec<Stated<'_>> {
        let h = &self.record.history;
        let step = if h.iter().any(|e| e.kind == JournalStep::Changed) {
            JournalStep::Changed
        } else {
            h[0].kind
        };
        vec![Stated {
            step: step.name(),
            stamp: None,
        }]
    }

    fn step_label(&self, step: &str) -> &'static str {
        JournalStep::named(step).map_or("étape inconnue", Owned::event_label)
    }

    fn put_seal(&mut self, step: &str, stamp: &Stamp, seal: Seal) -> bool {
        seal_line(&mut self.record.history, step, stamp, seal)
    }
}
