//! Writes the stored record (what IndexedDB holds) of the seed convention with `companies`
//! generated companies and `actions` actions, for the browser benchmark of the companies tab:
//! `cargo run --release --example gen_stored -- 20000 20000 target/bench/stored.json`.

use chrono::NaiveDate;
use relance::demo;
use relance::domain::convention::Convention;
use relance::storage::format::StoredLedger;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut number = |default: usize| args.next().and_then(|a| a.parse().ok()).unwrap_or(default);
    let (companies, actions) = (number(20_000), number(20_000));
    let path = args
        .next()
        .unwrap_or_else(|| format!("target/bench/stored-{companies}-{actions}.json"));
    let ledger = demo::ledger_sized(Convention::seed(), companies, actions, 11);
    let at = NaiveDate::from_ymd_opt(2021, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default();
    let (companies, actions) = (ledger.companies().len(), ledger.actions().len());
    let text = StoredLedger::new(ledger, 1, at, None).to_json();
    if let Some(dir) = std::path::Path::new(&path).parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    }
    println!("{path}: {companies} companies, {actions} actions");
}
