//! Fuzz target: see `relance::fuzz_checks::stored_loader`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relance::fuzz_checks::stored_loader(data));
