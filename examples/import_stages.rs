//! Times each stage of a received file's import natively, as the import screen runs them:
//! `cargo run --release --example import_stages -- target/bench/echange-10000-signed.json [runs]`.
//! The signatures are taken as held (the browser's WebCrypto checks them); everything else is
//! the code the browser runs. Each stage's fastest of `runs` (5) is printed: this machine's speed
//! varies between runs. A profiling aid for BENCHMARKS.md, not a benchmark of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use relance::domain::convention::Convention;
use relance::domain::ledger::Ledger;
use relance::domain::trust::{Answers, to_verify};
use relance::exchange::import::Import;
use relance::exchange::merge::{Received, plan_received};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "target/bench/echange-10000-signed.json".into());
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let bytes = std::fs::read(&path).expect("the file");
    let mut fastest: Vec<(String, f64)> = Vec::new();
    for _ in 0..runs {
        for (i, (what, ms)) in run(&bytes).into_iter().enumerate() {
            match fastest.get_mut(i) {
                Some(f) => f.1 = f.1.min(ms),
                None => fastest.push((what, ms)),
            }
        }
    }
    for (what, ms) in &fastest {
        println!("{what:<40} {ms:>7.1} ms");
    }
    let total: f64 = fastest.iter().map(|(_, ms)| ms).sum();
    println!("{:<40} {total:>7.1} ms", "sum");
}

/// One import, each stage's time.
fn run(bytes: &[u8]) -> Vec<(String, f64)> {
    let ledger = Ledger::new(Convention::seed());
    let mut times = Vec::new();
    let mut lap = Instant::now();
    let mut report = |what: &str| {
        times.push((what.to_string(), lap.elapsed().as_secs_f64() * 1e3));
        lap = Instant::now();
    };
    let mut import = Import::start("f.json".into(), bytes, |_| true);
    report("start (parse)");
    import.digest_given(None);
    while import.checking() {
        import = import.step(Some(&ledger), 500);
    }
    report("checking (with the checksum)");
    let Import::Checked { checked, .. } = import else {
        panic!("not checked: {import:?}");
    };
    let content = &checked.file.content;
    let records = content.sealed();
    let checks = to_verify(&ledger, &records, &content.key_statements, &content.keys);
    report("to_verify");
    let batches = relance::domain::batch_seal::batch_checks(
        &ledger,
        &records,
        &checked.file.batch_seals,
        &checks,
    );
    report("batch_checks");
    let mut answers = Answers::default();
    for c in checks.iter().cloned() {
        answers.held(c);
    }
    report("answers");
    let confirmed: BTreeSet<_> = content.keys.iter().map(|c| c.key.id()).collect();
    let received = Received {
        confirmed: &confirmed,
        verifier: &answers,
        take_unsigned: true,
        today: chrono::NaiveDate::from_ymd_opt(2021, 12, 2).unwrap(),
    };
    let plan = plan_received(&ledger, content, &BTreeMap::new(), &received);
    report("plan_received");
    drop(plan);
    drop(checks);
    drop(batches);
    drop(checked);
    report("(dropping it all)");
    times
}
