//! What the fuzz targets (`fuzz/`) check on each input, as plain functions so that the inputs they
//! found interesting are replayed as native regression tests (`tests/fuzz_regression.rs`). Each
//! function panics only when a property is broken; untrusted input must never make it panic.

use std::collections::BTreeMap;

use crate::domain::convention::Convention;
use crate::domain::ledger::Ledger;
use crate::exchange::{merge, read};
use crate::export::csv::{BOM, neutralise, write_rows};
use crate::storage::format::{Backup, StoredLedger};
use crate::workspace::Workspace;

/// Any bytes as an exchange file: reading never panics, and a file that passes the checks merges
/// without overspending the envelope.
pub fn exchange_import(data: &[u8]) {
    let ledger = Ledger::new(Convention::seed());
    if let Ok((checked, base)) = read(data, |id| {
        (id == ledger.convention().id()).then_some(&ledger)
    }) {
        let plan = merge::plan(base, &checked.file.content, &BTreeMap::new());
        assert!(!plan.after.available.is_negative());
    }
}

/// Any bytes as a backup file: reading never panics; a readable backup previews and restores.
pub fn backup_restore(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(backup) = Backup::from_json(text) {
        let ws = Workspace::from_stored(vec![]);
        let _ = ws.preview_restore(&backup);
        let (after, records) = ws.restored(backup);
        assert_eq!(after.conventions().count(), records.len());
    }
}

/// Any bytes as a stored ledger record: loading never panics, and what loads saves back to a record
/// that loads the same.
pub fn stored_loader(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(stored) = StoredLedger::from_json(text) {
        let again = StoredLedger::from_json(&stored.to_json());
        assert_eq!(again.as_ref(), Ok(&stored));
    }
}

/// Any text in CSV cells: the file reads back to the neutralised text, and no cell starts with a
/// character a spreadsheet takes for a formula.
pub fn csv_escaping(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let reversed: String = text.chars().rev().collect();
    let cells = vec![
        neutralise(text),
        "1200,00".to_string(),
        neutralise(&reversed),
    ];
    let bytes = write_rows([cells.clone()]);
    assert!(bytes.starts_with(BOM));
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[BOM.len()..]);
    let read: Vec<String> = reader
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default();
    assert_eq!(read, cells);
    for cell in &read {
        assert!(!matches!(
            cell.chars().next(),
            Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n')
        ));
    }
}
