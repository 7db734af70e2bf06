//! Fuzz target: see `relance::fuzz_checks::backup_restore`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relance::fuzz_checks::backup_restore(data));
