//! Properties of the linter entry point: any UTF-8 input lints without panicking, every
//! position it reports points inside the input on a character boundary, and adversarial
//! inputs (huge, repetitive, unbalanced markup) finish.
//!
//! A longer local run: `PROPTEST_CASES=20000 cargo test --release -p amends_core --test properties`.

use amends_core::channel::Channel;
use amends_core::lint::{LintInput, Linter, LinterSettings, Report};
use amends_core::text::SourceKind;
use proptest::prelude::*;

fn lint(text: &str, channel: Channel, kind: SourceKind) -> Report {
    let linter = Linter::new(LinterSettings::default());
    linter.lint(&LintInput { text, path: None, channel: Some(channel), kind, facts: None, known_words: &[] })
}

fn assert_positions_are_valid(text: &str, report: &Report) {
    assert!(report.score <= 100);
    for diagnostic in &report.diagnostics {
        let span = &diagnostic.span;
        assert!(span.start <= span.end && span.end <= text.len(), "{diagnostic:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{diagnostic:?}");
        assert!(diagnostic.line >= 1 && diagnostic.column >= 1, "{diagnostic:?}");
        assert!(diagnostic.end_line >= diagnostic.line, "{diagnostic:?}");
    }
    for element in amends_core::lint::Element::ALL {
        if let Some(span) = report.elements.span(element) {
            assert!(span.end <= text.len() && text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
}

/// Fragments that exercise every part of the text model: greetings, quoted replies,
/// signatures, directives, template tags, lists, contractions, curly quotes, numbers.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Dear Dana,\n".to_owned()),
        Just("I’m so sorry".to_owned()),
        Just(" we didn't ship it".to_owned()),
        Just(" sorry if".to_owned()),
        Just(" because".to_owned()),
        Just(" order #48213".to_owned()),
        Just(" $1,250.00".to_owned()),
        Just(" by Thursday 21 November".to_owned()),
        Just(" within 3–5 business days".to_owned()),
        Just("\n> I'm sorry but this is unacceptable\n".to_owned()),
        Just("\nOn Tue, Dana wrote:\n".to_owned()),
        Just("\n-- \nSam\n".to_owned()),
        Just("\nBest regards,\nSam Ortiz\n".to_owned()),
        Just("<!-- amends: ignore-next-line NA207 -->".to_owned()),
        Just("<!-- amends: disable".to_owned()),
        Just("{# amends: ignore-file #}".to_owned()),
        Just("{{ customer.name }}".to_owned()),
        Just("{% if x %}".to_owned()),
        Just("\n- ".to_owned()),
        Just("\n1) ".to_owned()),
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("!!!".to_owned()),
        Just("...".to_owned()),
        Just(". ".to_owned()),
        Just("\n\n".to_owned()),
        Just("e.g.".to_owned()),
        Just("@dana ".to_owned()),
        Just("😀".to_owned()),
        Just("ß́".to_owned()),
        "[a-zA-Z’' ,.;:!?()\\[\\]{}<>#$%&*\\-\n]{0,12}",
        any::<String>(),
    ]
}

fn message() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

fn channel() -> impl Strategy<Value = Channel> {
    prop::sample::select(Channel::ALL.to_vec())
}

fn kind() -> impl Strategy<Value = SourceKind> {
    prop::sample::select(vec![SourceKind::Plain, SourceKind::Markdown, SourceKind::Template])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), channel in channel(), kind in kind()) {
        let report = lint(&text, channel, kind);
        assert_positions_are_valid(&text, &report);
    }

    #[test]
    fn message_shaped_text_never_panics(text in message(), channel in channel(), kind in kind()) {
        let report = lint(&text, channel, kind);
        assert_positions_are_valid(&text, &report);
    }

    #[test]
    fn linting_is_deterministic(text in message()) {
        prop_assert_eq!(lint(&text, Channel::Email, SourceKind::Plain), lint(&text, Channel::Email, SourceKind::Plain));
    }
}

/// Inputs built to find super-linear paths: each is about a megabyte of one pattern.
#[test]
fn huge_and_repetitive_inputs_finish() {
    const SIZE: usize = 1 << 20;
    let patterns = [
        "!",
        "sorry if ",
        "hopefully we will try to send ",
        "a.",
        "\n> quoted",
        "<!-- amends: ignore-next-line NA207 -->\nany inconvenience\n",
        "<!--",
        "{{",
        "“",
        "word ",
        "SHOUT ",
        "$5 credit added for the trouble; ",
        "due to the courier ",
        "\n- item",
        "ORD-1 ",
        "\u{301}",
    ];
    for pattern in patterns {
        let text = pattern.repeat(SIZE / pattern.len());
        for kind in [SourceKind::Plain, SourceKind::Template] {
            let report = lint(&text, Channel::Email, kind);
            assert_positions_are_valid(&text, &report);
        }
    }
}
