//! Fuzz target: see `relance::fuzz_checks::csv_escaping`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relance::fuzz_checks::csv_escaping(data));
