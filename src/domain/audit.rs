//! Who changed what and when: every change to a record carries a [`Stamp`], so that each party can
//! answer for its own entries (art. 2.3: the chamber reports on the actions it runs and the funds
//! consumed; art. 3.1: what is passed on names its source).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::convention::Side;

/// Who did something: a side of the convention and a person's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The side the person acts for.
    pub side: Side,
    /// The person's name.
    pub name: String,
}

/// Who did a change and when: every change to an action is recorded with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Who.
    pub actor: Actor,
    /// When (local time of the user's machine).
    #[serde(with = "crate::domain::date::serde_moment")]
    pub at: NaiveDateTime,
}
