//! Lints every labelled text in `tests/corpus/` (the development corpus) and measures,
//! per element, how often the linter agrees with the labels, and whether the
//! anti-pattern rules that must fire do fire. Fails below 0.9 for any element; prints
//! the table (`cargo test -p amends_core --test corpus -- --nocapture`).

mod common;

#[test]
fn corpus_precision_and_recall() {
    let measurement = common::measure(&common::corpus_dir("corpus"));
    println!("{}", measurement.table());
    if std::env::var_os("AMENDS_CORPUS_VERBOSE").is_some() {
        for miss in &measurement.element_misses {
            println!("{miss}");
        }
    }
    for failure in &measurement.rule_failures {
        println!("{failure}");
    }
    assert!(measurement.texts >= 80, "the corpus needs at least 80 texts, found {}", measurement.texts);
    let below = measurement.below(0.9);
    assert!(
        below.is_empty(),
        "precision or recall below 0.9 for: {below:?} (AMENDS_CORPUS_VERBOSE=1 lists the misses)"
    );
    assert!(
        measurement.rule_failures.is_empty(),
        "{} anti-pattern expectations failed",
        measurement.rule_failures.len()
    );
}
