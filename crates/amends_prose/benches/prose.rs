//! Per-email cost of the harper-backed checker.
//!
//! Harper caches per sentence (its part-of-speech chunker) and per chunk (its pattern
//! rules), so linting the same email twice measures the caches, not the checker. The
//! `new_text` benches give every iteration a different email: each sentence carries a
//! number that changes with the iteration, so no sentence repeats. `repeated` re-checks
//! one email (the cost of re-linting unchanged text), and `live_lint` re-checks a
//! 300-word draft in which only the last sentence changes, as while typing.
//!
//! Run: `cargo bench -p amends_prose --bench prose`. The one-off load cost is printed by
//! `cargo run --release -p amends_prose --example load_cost`.

use std::hint::black_box;
use std::time::Duration;

use amends_core::prose::{Dialect, ProseChecker, ProseRequest};
use amends_prose::HarperChecker;
use criterion::{Criterion, criterion_group, criterion_main};

const NAMES: &[&str] = &["Dana", "Sam Okafor", "Brightwell"];

/// Sentences from apology emails; `{n}` is replaced by a number unique to the email.
/// Two of them (`since … days ago`, `its`) trip a grammar trigger and are parsed: one
/// sentence in ten, as in a sample of real apology sentences (7 of 62). Two more look
/// like triggers but are not (`first, then`, `A user`).
const SENTENCES: &[&str] = &[
    "Thank you for writing to us about order {n}, and I'm sorry it arrived late.",
    "Your parcel left our warehouse {n} hours later than we promised.",
    "That delay on order {n} was our fault, and I understand how frustrating it must have been.",
    "I have refunded the {n} pence delivery charge to your card.",
    "You should see the refund within {n} working days.",
    "I've also added a discount of {n} percent to your next order.",
    "Our courier has confirmed that the replacement will arrive before {n} o'clock tomorrow.",
    "We should have told you about the problem {n} days sooner, and I'm sorry we didn't.",
    "I've passed your comments to the {n} people in our warehouse team.",
    "If anything else goes wrong with order {n}, please reply to this email and I'll sort it out.",
    "The technician can visit on any of the next {n} days, whichever suits you.",
    "We have checked all {n} items in the order, and nothing else is missing.",
    "I'm afraid the sale price ended {n} days ago, so I've added store credit instead.",
    "Please keep the faulty kettle (serial {n}); there is no need to send it back.",
    "Your account now shows a credit of {n} pounds.",
    "I'm sorry it took us {n} days to reply to your message.",
    "We have been looking into this since your call {n} days ago.",
    "The kettle and its {n} accessories are covered by the warranty.",
    "We will check the depot first, then call you before {n} o'clock.",
    "A user reported the same fault on order {n} yesterday.",
];

/// A greeting, `sentences` sentences and a sign-off; every sentence varies with `n`.
fn email(n: u64, sentences: usize) -> String {
    let mut text = String::from("Hi Dana,\n\n");
    for i in 0..sentences {
        let index = (n as usize).wrapping_mul(7).wrapping_add(i) % SENTENCES.len();
        let number = (n * 31 + i as u64).to_string();
        text.push_str(&SENTENCES[index].replace("{n}", &number));
        text.push(' ');
    }
    text.push_str("\n\nKind regards,\nSam Okafor\nCustomer Care, Brightwell\n");
    text
}

/// Sentences in a 200-word email.
const EMAIL_SENTENCES: usize = 14;
/// Sentences in a 300-word draft.
const DRAFT_SENTENCES: usize = 22;

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn benches(c: &mut Criterion) {
    let sizes = (words(&email(0, EMAIL_SENTENCES)), words(&email(1, DRAFT_SENTENCES)));
    assert!((190..=215).contains(&sizes.0), "email has {} words", sizes.0);
    assert!((285..=320).contains(&sizes.1), "draft has {} words", sizes.1);

    let checker = HarperChecker::new(Dialect::British);
    checker.warm_up();
    let spelling = ProseRequest { spelling: true, grammar: false };
    let both = ProseRequest { spelling: true, grammar: true };

    let mut group = c.benchmark_group("email_200_words");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(8));
    for (name, request) in [("spelling/new_text", spelling), ("spelling_and_grammar/new_text", both)] {
        let mut n = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                n += 1;
                black_box(checker.check(&email(n, EMAIL_SENTENCES), NAMES, request))
            });
        });
    }
    // Twelve findings in 140 words: most sentences trip a grammar trigger and are parsed.
    let messy = include_str!("../tests/fixtures/messy_apology.txt");
    let mut n = 0;
    group.bench_function("spelling_and_grammar/new_text_with_errors", |b| {
        b.iter(|| {
            n += 1;
            let text = messy.replace(". ", &format!(" {n}. "));
            black_box(checker.check(&text, &["Ngozi", "Okonkwo", "Brightwell"], both))
        });
    });
    let repeated = email(0, EMAIL_SENTENCES);
    group.bench_function("spelling_and_grammar/repeated", |b| {
        b.iter(|| black_box(checker.check(&repeated, NAMES, both)));
    });
    group.finish();

    let mut group = c.benchmark_group("live_lint_300_words");
    group.sample_size(30);
    let draft = email(1, DRAFT_SENTENCES);
    let mut keystroke = 0;
    group.bench_function("spelling_and_grammar/last_sentence_edited", |b| {
        b.iter(|| {
            keystroke += 1;
            let text = format!("{draft}P.S. Your voucher number is {keystroke}.");
            black_box(checker.check(&text, NAMES, both))
        });
    });
    group.finish();
}

criterion_group!(prose, benches);
criterion_main!(prose);
