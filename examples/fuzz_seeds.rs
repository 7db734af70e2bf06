//! Writes starting inputs for the fuzz targets (`fuzz/corpus/<target>/`): a stored ledger record and
//! a backup made from generated data, and the exchange files of the documentation and of
//! `tests/exchange-corpus/`. Run once before fuzzing: `cargo run --example fuzz_seeds`.

use chrono::NaiveDate;
use relance::demo;
use relance::domain::convention::Convention;
use relance::storage::format::{Backup, StoredLedger};

fn main() -> std::io::Result<()> {
    let at = NaiveDate::from_ymd_opt(2021, 6, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default();
    let ledger = demo::ledger(Convention::seed(), 12, 3);
    let stored = StoredLedger::new(ledger.clone(), 4, at, None);
    for dir in [
        "stored_loader",
        "backup_restore",
        "exchange_import",
        "csv_escaping",
    ] {
        std::fs::create_dir_all(format!("fuzz/corpus/{dir}"))?;
    }
    std::fs::write("fuzz/corpus/stored_loader/seed.json", stored.to_json())?;
    std::fs::write(
        "fuzz/corpus/backup_restore/seed.json",
        Backup::new(vec![stored], at, None).to_json(),
    )?;
    std::fs::copy(
        "docs/exemple-echange.json",
        "fuzz/corpus/exchange_import/exemple.json",
    )?;
    for entry in std::fs::read_dir("tests/exchange-corpus")? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            std::fs::copy(&path, format!("fuzz/corpus/exchange_import/{name}"))?;
        }
    }
    std::fs::write(
        "fuzz/corpus/csv_escaping/seed.txt",
        "=HYPERLINK(\"x\");\"Fêche-l'Église\"\r\n+33",
    )?;
    println!("fuzz/corpus written");
    Ok(())
}
