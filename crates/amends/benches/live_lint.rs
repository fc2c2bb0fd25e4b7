//! Live-lint latency: a 300-word draft re-linted with every rule on after each edit, as
//! the web UI does while an agent types. Prints the median, p99 and worst of 2,000 edits;
//! criterion reports means and medians, not tails, so this bench measures its own.
//!
//! Run: `cargo bench -p amends --bench live_lint`. Target: p99 < 20 ms once loaded.

#![expect(clippy::print_stdout, reason = "a benchmark reports on standard output")]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use amends_core::lint::{LintInput, Linter, LinterSettings};
use amends_core::prose::Dialect;
use amends_prose::HarperChecker;

#[path = "support/emails.rs"]
mod emails;

const EDITS: usize = 2_000;

fn main() {
    // Two emails' worth of apology, trimmed to the first 300 words.
    let body = format!("{}\n{}", emails::email(7), emails::email(8));
    let draft: String = body.split_inclusive(char::is_whitespace).take(300).collect();
    let names = emails::names(7);
    let checker = HarperChecker::new(Dialect::British);
    checker.warm_up();
    let linter = Linter::new(LinterSettings::default()).with_prose_checker(Arc::new(checker));
    black_box(linter.lint(&LintInput::new(&draft)));

    let mut timings: Vec<Duration> = Vec::with_capacity(EDITS);
    for edit in 0..EDITS {
        // The agent is typing the last sentence: it changes on every edit.
        let text = format!("{draft} Your voucher code is {edit}.");
        let input = LintInput { known_words: &names, ..LintInput::new(&text) };
        let started = Instant::now();
        black_box(linter.lint(&input));
        timings.push(started.elapsed());
    }
    timings.sort();
    let at = |fraction: f64| timings[((timings.len() as f64 * fraction) as usize).min(timings.len() - 1)];
    println!(
        "live_lint_300_words/all_rules: {} edits, median {:.2} ms, p99 {:.2} ms, worst {:.2} ms",
        EDITS,
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        timings[timings.len() - 1].as_secs_f64() * 1e3
    );
}
