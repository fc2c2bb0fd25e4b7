//! Prints what the first use of the checker costs in a fresh process: the one-off load
//! of harper's dictionary, rule group and part-of-speech models, then a first and a
//! second check of a 200-word email, and a first check on another thread (harper keeps
//! its neural chunker per thread).
//!
//! The dictionary and the rule group are built here first, outside the checker, only to
//! time them apart; `warm_up` then reuses the process-wide dictionary and builds its own
//! group, so its line shows the rest of the load plus a second group.
//!
//! Run: `cargo run --release -p amends_prose --example load_cost`

use std::time::Instant;

use amends_core::prose::{Dialect, ProseChecker, ProseRequest};
use amends_prose::HarperChecker;
use harper_core::linting::LintGroup;
use harper_core::spell::FstDictionary;

const EMAIL: &str = include_str!("../tests/fixtures/clean_apology.txt");
const NAMES: &[&str] = &["Dana", "Sam Okafor", "Brightwell"];

#[expect(clippy::print_stdout, reason = "this example exists to print timings")]
fn main() {
    let request = ProseRequest { spelling: true, grammar: true };

    let started = Instant::now();
    let dictionary = FstDictionary::curated();
    println!("harper dictionary:    {:>9.3?}", started.elapsed());

    let started = Instant::now();
    let group = LintGroup::new_curated(dictionary, harper_core::Dialect::British);
    println!("harper rule group:    {:>9.3?}", started.elapsed());
    drop(group);

    let started = Instant::now();
    let checker = HarperChecker::new(Dialect::British);
    println!("construct:            {:>9.3?}", started.elapsed());

    let started = Instant::now();
    checker.warm_up();
    println!("load (warm_up):       {:>9.3?}", started.elapsed());

    let started = Instant::now();
    let first = checker.check(EMAIL, NAMES, request);
    println!("first check:          {:>9.3?}", started.elapsed());

    let started = Instant::now();
    let second = checker.check(EMAIL, NAMES, request);
    println!("same email again:     {:>9.3?}", started.elapsed());

    let started = Instant::now();
    let other =
        std::thread::scope(|scope| scope.spawn(|| checker.check(EMAIL, NAMES, request)).join().unwrap_or_default());
    println!("first on a new thread:{:>9.3?}", started.elapsed());

    println!("findings: {} / {} / {}", first.len(), second.len(), other.len());
}
