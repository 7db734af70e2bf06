//! Benchmarks of the computations that run on every change or every file: the dashboard figures and
//! monthly table of every convention, the action list query, the exchange importer (read + merge
//! plan), the CSV writer and the bilan des actions at a date, at 100, 1,000 and 10,000 actions spread over 110 conventions (the
//! regional Pacte). Results and how they grow are in BENCHMARKS.md.
//!
//! `cargo bench --bench domain` for figures; `cargo bench --bench domain -- --test` runs each once
//! (CI does, so the benchmarks keep working).

// Criterion is a native dev-dependency: on wasm32 (clippy --all-targets) this is an empty binary.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::collections::BTreeMap;
    use std::hint::black_box;

    use chrono::NaiveDate;
    use criterion::{BenchmarkId, Criterion, criterion_group};
    use relance::demo;
    use relance::domain::audit::Actor;
    use relance::domain::bilan::Bilan;
    use relance::domain::convention::Side;
    use relance::domain::ledger::Ledger;
    use relance::domain::money::Euros;
    use relance::exchange::{merge, read, write};
    use relance::export::csv;
    use relance::query::{ActionQuery, SearchIndex};

    const SIZES: [usize; 3] = [100, 1_000, 10_000];

    /// One convention holding all `total` actions (the worst case for one screen or one file).
    fn one_convention(total: usize) -> Ledger {
        let c = demo::conventions(1, Euros::whole(10_000_000)).remove(0);
        demo::ledger(c, total, 1)
    }

    pub fn recompute_everything(c: &mut Criterion) {
        let mut g = c.benchmark_group("figures and monthly tables, 110 conventions");
        for n in SIZES {
            let ledgers = demo::region(n);
            g.bench_with_input(BenchmarkId::from_parameter(n), &ledgers, |b, ledgers| {
                b.iter(|| black_box(demo::recompute_everything(ledgers)))
            });
        }
        g.finish();
    }

    fn list_query(c: &mut Criterion) {
        let mut g = c.benchmark_group("action list filter (text search), one convention");
        for n in SIZES {
            let l = one_convention(n);
            let q = ActionQuery {
                text: "boulangerie mar".into(),
                ..Default::default()
            };
            let index = SearchIndex::build(&l);
            g.bench_with_input(BenchmarkId::new("keystroke (indexed)", n), &l, |b, l| {
                b.iter(|| black_box(q.run_indexed(l, Some(&index))))
            });
            g.bench_with_input(
                BenchmarkId::new("index rebuild after a change", n),
                &l,
                |b, l| b.iter(|| black_box(SearchIndex::build(l))),
            );
        }
        g.finish();
    }

    fn import(c: &mut Criterion) {
        let mut g =
            c.benchmark_group("import exchange file (read, check, merge plan), one convention");
        g.sample_size(10);
        let at = NaiveDate::from_ymd_opt(2021, 6, 1)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        for n in SIZES {
            let l = one_convention(n);
            let file = write(
                &l,
                Actor {
                    side: Side::Chamber,
                    name: "Bench".into(),
                },
                at,
                true,
            );
            let empty = Ledger::new(l.convention().clone());
            g.bench_with_input(BenchmarkId::from_parameter(n), &file, |b, file| {
                b.iter(|| {
                    let (checked, base) =
                        read(file.as_bytes(), |_| Some(&empty)).expect("generated files are valid");
                    black_box(merge::plan(base, &checked.file.content, &BTreeMap::new()))
                })
            });
        }
        g.finish();
    }

    fn csv_writer(c: &mut Criterion) {
        let mut g = c.benchmark_group("CSV of the action list, one convention");
        for n in SIZES {
            let l = one_convention(n);
            g.bench_with_input(BenchmarkId::from_parameter(n), &l, |b, l| {
                b.iter(|| black_box(csv::actions(l)))
            });
        }
        g.finish();
    }

    fn bilan(c: &mut Criterion) {
        let mut g = c.benchmark_group(
            "bilan des actions at a date (each change of its date), one convention",
        );
        let on = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap_or_default();
        for n in SIZES {
            let l = one_convention(n);
            g.bench_with_input(BenchmarkId::from_parameter(n), &l, |b, l| {
                b.iter(|| black_box(Bilan::compute(l, on)))
            });
        }
        g.finish();
    }

    /// The fiche 3 synthesis's matches, `n` companies with a fiche 3 action, each with three
    /// offers and three demands among 40 specialities (about one pair of companies in five
    /// meets): each change of the records recomputes them.
    fn fiche_3_matches(c: &mut Criterion) {
        use relance::domain::collaboration::matches;
        use relance::domain::company::CompanyId;
        use relance::domain::convention::{Convention, Fiche};
        use relance::test_support::{add_company, company_form, stamp};
        let mut g = c.benchmark_group("fiche 3 matches (offers × demands), one convention");
        for n in [10usize, 100, 300] {
            let mut l = Ledger::new(Convention::seed());
            for i in 0..n {
                let id = add_company(
                    &mut l,
                    &format!("c{i}"),
                    &company_form("Entreprise", "Delle"),
                    stamp(Side::Chamber),
                );
                let action = relance::domain::action::ActionId(format!("a{i}"));
                l.create_action(
                    action,
                    &id,
                    Fiche::CircuitsCourts,
                    NaiveDate::from_ymd_opt(2021, 1, 5).unwrap_or_default(),
                    "x",
                    stamp(Side::Chamber),
                )
                .expect("fiche 3 action");
                let item = |k: usize| format!("Spécialité{}", (i * 7 + k * 13) % 40);
                l.set_collaboration(
                    &CompanyId(format!("c{i}")),
                    &[item(0), item(1), item(2)],
                    &[item(3), item(4), item(5)],
                    stamp(Side::Chamber),
                )
                .expect("offers");
            }
            g.bench_with_input(BenchmarkId::from_parameter(n), &l, |b, l| {
                b.iter(|| black_box(matches(l)))
            });
        }
        g.finish();
    }

    criterion_group!(
        benches,
        recompute_everything,
        list_query,
        import,
        csv_writer,
        bilan,
        fiche_3_matches
    );
}
