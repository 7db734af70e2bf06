//! Replays every input the fuzzers kept (`tests/fuzz-corpus/<target>/`, minimised with
//! `cargo fuzz cmin`) and every crash they found, through the same checks as the fuzz targets.
#![cfg(not(target_arch = "wasm32"))]

use relance::fuzz_checks;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = format!("{}/tests/fuzz-corpus/{target}", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let path = entry.unwrap().path();
        check(&std::fs::read(&path).unwrap());
        n += 1;
    }
    n
}

#[test]
fn exchange_import_inputs() {
    assert!(replay("exchange_import", fuzz_checks::exchange_import) > 0);
}

#[test]
fn backup_restore_inputs() {
    assert!(replay("backup_restore", fuzz_checks::backup_restore) > 0);
}

#[test]
fn stored_loader_inputs() {
    assert!(replay("stored_loader", fuzz_checks::stored_loader) > 0);
}

#[test]
fn csv_escaping_inputs() {
    assert!(replay("csv_escaping", fuzz_checks::csv_escaping) > 0);
}
