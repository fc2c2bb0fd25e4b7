//! Properties of `listen::analyze` over arbitrary input: it never panics, its spans
//! always point at the text they quote, its numbers stay in range, and it stays fast
//! (no quadratic corner) on huge and pathological messages.

use std::time::{Duration, Instant};

use amends_core::listen::vader::polarity_scores;
use amends_core::listen::{Analysis, Taxonomy, analyze, analyze_thread};
use proptest::prelude::*;

/// Pieces that exercise the rules: quotes, negations, "but", idioms, capitals, emoji,
/// punctuation runs, masked profanity, curly apostrophes and multi-byte text.
const PIECES: &[&str] = &[
    "> ",
    "\n",
    " ",
    "  ",
    "\t",
    "but",
    "BUT",
    "never",
    "not",
    "n't",
    "don’t",
    "no",
    "least",
    "kind of",
    "sort of",
    "the shit",
    "yeah right",
    "very",
    "EXTREMELY",
    "good",
    "bad",
    "cancel my account",
    "I will cancel",
    "never again",
    "!!!",
    "???",
    "?!",
    "‼",
    ":)",
    ":(",
    "😡",
    "💘",
    "👍🏽",
    "f**k",
    "sh*t",
    "$49.99",
    "£",
    "€12",
    "On Mon, 3 Mar wrote:",
    "-----Original Message-----",
    "refund*",
    "never arrived",
    "THIS IS UNACCEPTABLE",
    "ǅ",
    "İ",
    "ß",
    "\u{a0}",
    "\u{1c}",
    "\u{200b}",
    "é",
    "a\u{301}",
    "'",
    "’",
    "*",
    "-",
    ".",
    ",",
];

fn check(text: &str, reading: &Analysis) {
    assert!((0.0..=1.0).contains(&reading.intensity), "{}", reading.intensity);
    assert!((-1.0..=1.0).contains(&reading.sentiment.compound));
    for cue in &reading.cues {
        assert_eq!(text.get(cue.span.clone()), Some(cue.text.as_str()));
    }
    assert!(!reading.categories.is_empty());
    for evidence in reading.categories.iter().flat_map(|category| &category.evidence) {
        assert_eq!(text.get(evidence.span.clone()), Some(evidence.text.as_str()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>()) {
        let reading = analyze(&text, &Taxonomy::default());
        check(&text, &reading);
    }

    #[test]
    fn never_panics_on_tricky_compositions(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
    ) {
        let text: String = pieces.concat();
        let reading = analyze(&text, &Taxonomy::default());
        check(&text, &reading);
        let scores = polarity_scores(&text);
        let total = scores.pos + scores.neu + scores.neg;
        prop_assert!(total == 0.0 || (total - 1.0).abs() <= 0.002, "{total}");
    }

    #[test]
    fn threads_of_arbitrary_messages_stay_in_range(
        messages in proptest::collection::vec(any::<String>(), 0..6)
    ) {
        let thread = analyze_thread(&messages, &Taxonomy::default());
        prop_assert_eq!(thread.messages.len(), messages.len());
        prop_assert!((0.0..=1.0).contains(&thread.intensity));
        if let Some(peak) = thread.peak {
            prop_assert!(peak.index < messages.len());
            prop_assert!(thread.intensity >= peak.intensity);
        }
    }
}

/// Generous bounds (unoptimized test builds on a shared machine) that still catch any
/// quadratic behaviour: a quadratic pass over these inputs would take hours.
#[test]
fn stays_fast_on_huge_and_pathological_input() {
    let taxonomy = Taxonomy::default();
    let inputs = [
        "!".repeat(400_000),
        "?!".repeat(200_000),
        "good but ".repeat(40_000),
        "NOT BAD AT ALL!!! ".repeat(20_000),
        "> quoted line\n".repeat(20_000),
        "I will cancel my account. ".repeat(10_000),
        "f**k ".repeat(50_000),
        "😡💘".repeat(50_000),
        "a".repeat(400_000),
    ];
    for text in &inputs {
        let start = Instant::now();
        let reading = analyze(text, &taxonomy);
        let elapsed = start.elapsed();
        check(text, &reading);
        assert!(elapsed < Duration::from_secs(20), "{} bytes starting {:?} took {elapsed:?}", text.len(), &text[..20]);
    }
}
