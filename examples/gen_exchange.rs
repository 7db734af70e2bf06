//! Writes an exchange file of the seed convention with `n` generated actions, for the browser
//! benchmark of the import: `cargo run --release --example gen_exchange -- 10000 target/bench/x.json`.

use chrono::NaiveDate;
use relance::demo;
use relance::domain::audit::Actor;
use relance::domain::convention::{Convention, Side};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let path = args
        .next()
        .unwrap_or_else(|| format!("target/bench/echange-{n}.json"));
    let ledger = demo::ledger(Convention::seed(), n, 7);
    let at = NaiveDate::from_ymd_opt(2021, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default();
    let text = relance::exchange::write(
        &ledger,
        Actor {
            side: Side::Chamber,
            name: "Banc d'essai".into(),
        },
        at,
        true,
    );
    if let Some(dir) = std::path::Path::new(&path).parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    }
    println!(
        "{path}: {n} actions, {} companies",
        ledger.companies().len()
    );
}
