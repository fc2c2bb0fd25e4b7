//! Linter throughput on a 200-word apology email, on one core.
//!
//! `core_rules` runs every rule except ST301/ST302 (spelling and grammar); `all_rules` adds
//! them, through harper. Every iteration lints a different email (see `support/emails.rs`),
//! so harper's per-sentence caches never answer for it. The one-off costs (building the
//! phrase automaton, loading harper's dictionary) are paid before measuring; the
//! whole-process figures, startup included, come from `bench/lint.sh`.
//!
//! Run: `cargo bench -p amends --bench lint`. Figures go to `docs/PERFORMANCE.md`.

use std::hint::black_box;
use std::sync::Arc;

use amends_core::lint::{LintConfig, LintInput, Linter, LinterSettings, SelectionOverrides};
use amends_core::prose::Dialect;
use amends_prose::HarperChecker;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/emails.rs"]
mod emails;

fn settings(ignore: &[&str]) -> LinterSettings {
    let overrides =
        SelectionOverrides { ignore: ignore.iter().map(|code| (*code).to_owned()).collect(), ..Default::default() };
    LinterSettings::resolve(&LintConfig::default(), &overrides).expect("valid selection")
}

fn bench(criterion: &mut Criterion) {
    let words = emails::email(0).split_whitespace().count();
    assert!((190..=215).contains(&words), "the benchmark email has {words} words");
    let core = Linter::new(settings(&["ST301", "ST302"]));
    let checker = HarperChecker::new(Dialect::British);
    checker.warm_up();
    let all = Linter::new(settings(&[])).with_prose_checker(Arc::new(checker));
    // Pay the one-off costs before measuring.
    black_box(all.lint(&LintInput::new(&emails::email(u64::MAX / 2))));

    let mut group = criterion.benchmark_group("lint_email_200_words");
    group.throughput(Throughput::Elements(1));
    for (name, linter) in [("core_rules", &core), ("all_rules", &all)] {
        let mut n = 0;
        group.bench_function(name, |bencher| {
            bencher.iter_batched(
                || {
                    n += 1;
                    (emails::email(n), emails::names(n))
                },
                |(text, names)| {
                    let input = LintInput { known_words: &names, ..LintInput::new(&text) };
                    black_box(linter.lint(black_box(&input)))
                },
                criterion::BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
