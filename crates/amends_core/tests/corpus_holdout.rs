//! The held-out corpus (`tests/corpus-holdout/`): texts written independently of the
//! linter and never used to tune it. This test reports how well the detectors generalise
//! and guards against regressions; the development corpus (`tests/corpus.rs`) carries the
//! 0.9 acceptance bar. Print the table with
//! `cargo test -p amends_core --test corpus_holdout -- --nocapture`.

mod common;

/// The floor below which an element's precision or recall on unseen text counts as a
/// regression. It sits under the figures measured when the set was added (see
/// `docs/linter.md#accuracy`), leaving room for one or two texts to flip.
const REGRESSION_FLOOR: f64 = 0.5;

#[test]
fn holdout_precision_and_recall() {
    let measurement = common::measure(&common::corpus_dir("corpus-holdout"));
    println!("{}", measurement.table());
    if std::env::var_os("AMENDS_CORPUS_VERBOSE").is_some() {
        for miss in measurement.element_misses.iter().chain(&measurement.rule_failures) {
            println!("{miss}");
        }
    }
    assert!(measurement.texts >= 40, "the held-out corpus has 40 texts, found {}", measurement.texts);
    let below = measurement.below(REGRESSION_FLOOR);
    assert!(below.is_empty(), "held-out precision or recall fell below {REGRESSION_FLOOR} for: {below:?}");
}
