//! Who changed what and when: every change to a record carries a [`Stamp`], so that each party can
//! answer for its own entries (art. 2.3: the chamber reports on the actions it runs; art. 3.4: the
//! monthly follow-up names what each side did).

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
    pub at: NaiveDateTime,
}

/// A stamp for tests: someone of `side`, on 01/02/2021 at 10:00.
#[cfg(test)]
pub(crate) fn test_stamp(side: Side) -> Stamp {
    Stamp {
        actor: Actor {
            side,
            name: match side {
                Side::Chamber => "Conseillère CMA".into(),
                Side::Payer => "Agent CCST".into(),
            },
        },
        at: chrono::NaiveDate::from_ymd_opt(2021, 2, 1)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap_or_default(),
    }
}
