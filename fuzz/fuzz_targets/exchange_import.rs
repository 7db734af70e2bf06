//! Fuzz target: see `relance::fuzz_checks::exchange_import`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relance::fuzz_checks::exchange_import(data));
