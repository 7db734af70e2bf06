//! The names under which Relance keeps data in the browser, in one place: the database and its
//! stores, the `localStorage` settings, the tab channel, and the promises the inline script of
//! `index.html` leaves for the app. The inline script cannot import them: a test reads
//! `index.html` and checks it uses these very names.

/// Where one kind of session keeps its data: the user's own, or the demo's, which never mixes
/// with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// The IndexedDB database.
    pub database: &'static str,
    /// The `localStorage` key of the convention last shown (read first at the next start).
    pub active_key: &'static str,
    /// The `BroadcastChannel` on which tabs announce their saves.
    pub channel: &'static str,
}

/// The user's data.
pub const USER: Place = Place {
    database: "relance",
    active_key: "relance.active",
    channel: "relance",
};

/// The demo's generated data (`?demo`).
pub const DEMO: Place = Place {
    database: "relance-demo",
    active_key: "relance-demo.active",
    channel: "relance-demo",
};

/// The database's version (its stores: [`LEDGERS`], [`BACKUPS`]).
pub const DB_VERSION: u32 = 1;
/// The store of ledgers: one JSON record per convention, keyed by convention id.
pub const LEDGERS: &str = "ledgers";
/// The store of JSON kept aside before anything destructive.
pub const BACKUPS: &str = "backups";

/// The IndexedDB database of this machine's signing keys (`web::keys`), the same in the demo: its
/// own, so that keys never travel with ledgers, backups or a cleared store of records.
pub const KEYS_DATABASE: &str = "relance-keys";
/// Its version (its one store: [`KEYS`]).
pub const KEYS_VERSION: u32 = 1;
/// The store of key pairs, one per identity (party + person).
pub const KEYS: &str = "keys";

/// The `localStorage` key of what the last import brought into a convention, until the user
/// dismisses it (`ui::received`): this prefix, then the convention's id.
pub const RECEIVED_PREFIX: &str = "relance.received.";

/// The `localStorage` key of a setting kept per convention: `prefix` ([`RECEIVED_PREFIX`],
/// [`READ_PREFIX`]), then the convention's id.
pub fn per_convention(
    prefix: &str,
    convention: &crate::domain::convention::ConventionId,
) -> String {
    format!("{prefix}{}", convention.0)
}

/// The `localStorage` key of the other party's refusals the user marked read (`ui::refusals`):
/// this prefix, then the convention's id.
pub const READ_PREFIX: &str = "relance.read.";

/// The `localStorage` key of what this machine last sent to the other party: per convention id,
/// the latest moment the last exchange file written here held (`ui::unsent`).
pub const SENT: &str = "relance.sent";

/// The `localStorage` key of the user's identity (the same in the demo).
pub const IDENTITY: &str = "relance.identity";

/// `window` property where `index.html` leaves the promise of every record read early.
pub const EARLY_READ: &str = "relanceEarlyRead";
/// `window` property where `index.html` leaves the promise of the active convention's record.
pub const EARLY_ACTIVE: &str = "relanceEarlyActive";

#[cfg(test)]
mod tests {
    use super::*;

    /// The inline script of `index.html` reads storage before the app starts: it must name the
    /// same database, store, setting and promises, or the early read silently finds nothing.
    #[test]
    fn index_html_reads_the_same_names() {
        let page = include_str!("../../index.html");
        for place in [USER, DEMO] {
            assert!(page.contains(&format!("'{}'", place.database)), "{place:?}");
            assert!(
                page.contains(&format!("'{}'", place.active_key)),
                "{place:?}"
            );
        }
        assert!(page.contains(&format!("'{LEDGERS}'")));
        assert!(page.contains(&format!("window.{EARLY_READ} =")));
        assert!(page.contains(&format!("window.{EARLY_ACTIVE} =")));
    }

    #[test]
    fn the_demo_never_shares_the_users_storage() {
        assert_ne!(USER.database, DEMO.database);
        assert_ne!(USER.active_key, DEMO.active_key);
        assert_ne!(USER.channel, DEMO.channel);
    }
}
