//! One file per rule, named for the pattern it flags. Each file holds the rule's doc
//! (what, why, example, use instead), its check, and tests on real sentences: texts it
//! must flag and close calls it must not.

pub(crate) mod apology_for_feelings;
pub(crate) mod apology_then_excuse;
pub(crate) mod buried_apology;
pub(crate) mod canned_cliche;
pub(crate) mod conditional_apology;
pub(crate) mod contradicts_facts;
pub(crate) mod defensive_tone;
pub(crate) mod generic_salutation;
pub(crate) mod grammar;
pub(crate) mod hedged_fix;
pub(crate) mod hiding_behind_policy;
pub(crate) mod internal_jargon;
pub(crate) mod invalid_suppression;
pub(crate) mod long_sentence;
pub(crate) mod minimizing;
pub(crate) mod missing_apology;
pub(crate) mod missing_cause;
pub(crate) mod missing_fact;
pub(crate) mod missing_fix;
pub(crate) mod missing_follow_up;
pub(crate) mod missing_impact;
pub(crate) mod missing_ownership;
pub(crate) mod missing_prevention;
pub(crate) mod missing_remedy;
pub(crate) mod missing_timeline;
pub(crate) mod misspelling;
pub(crate) mod over_apologizing;
pub(crate) mod passive_evasion;
pub(crate) mod private_data_in_public;
pub(crate) mod shifting_blame;
pub(crate) mod shouting;
pub(crate) mod stonewalling;
pub(crate) mod too_long_for_channel;
pub(crate) mod unfilled_placeholder;
pub(crate) mod unused_suppression;
pub(crate) mod vague_failure;
pub(crate) mod wrong_customer_name;

use super::codes::Rule;
use super::context::{Context, Finding};
use super::phrase::PhraseTable;

/// What a phrase-table entry says: the message, and a better wording.
pub(crate) type Advice = (&'static str, &'static str);

/// Reports every match of a phrase table, skipping negated ones ("this was not a minor
/// issue") unless the phrase itself starts with a negation ("no big deal").
pub(crate) fn report_phrases(
    context: &Context<'_, '_, '_>,
    findings: &mut Vec<Finding>,
    rule: Rule,
    table: &PhraseTable<Advice>,
) {
    let analysis = context.analysis;
    // Overlapping phrases ("sorry if", "if you were upset") are one finding: the first.
    let mut reported_until = 0;
    for found in analysis.matches(table) {
        if found.span.start < reported_until {
            continue;
        }
        let first = found.tokens.start;
        let starts_negative = matches!(analysis.word(first), "no" | "not" | "never" | "nothing" | "without" | "nobody");
        if analysis.tokens()[first].negated && !starts_negative {
            continue;
        }
        let (message, suggestion) = *found.entry;
        let quoted = context.doc().text(found.span.clone());
        reported_until = found.span.end;
        findings.push(Finding::new(rule, found.span, message.replace("{}", quoted)).suggest(suggestion));
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Runs one rule on a text, as an email, with every other rule off.

    use std::sync::Arc;

    use crate::channel::Channel;
    use crate::facts::CaseFacts;
    use crate::lint::{Diagnostic, LintInput, Linter, LinterSettings, Rule};
    use crate::prose::{ProseChecker, ProseFinding, ProseKind, ProseRequest};
    use crate::text::SourceKind;

    /// The diagnostics of `rule` on `text`.
    pub(crate) fn findings(rule: Rule, text: &str, channel: Channel, facts: Option<&CaseFacts>) -> Vec<Diagnostic> {
        let settings = LinterSettings::only(&[rule]);
        let linter = Linter::new(settings);
        let input =
            LintInput { text, path: None, channel: Some(channel), kind: SourceKind::Plain, facts, known_words: &[] };
        linter.lint(&input).diagnostics
    }

    /// Lints `text` with `rule` and a checker that reports `needle` as a finding of `kind`.
    pub(crate) fn with_prose(
        rule: Rule,
        text: &str,
        kind: ProseKind,
        needle: &str,
        suggestion: Option<&str>,
    ) -> Vec<Diagnostic> {
        struct Fixed(Vec<ProseFinding>);
        impl ProseChecker for Fixed {
            fn check(&self, _: &str, _: &[&str], _: ProseRequest) -> Vec<ProseFinding> {
                self.0.clone()
            }
        }
        let found = text.find(needle).filter(|_| !needle.is_empty()).map(|start| ProseFinding {
            kind,
            span: start..start + needle.len(),
            message: format!("\"{needle}\" is flagged"),
            suggestion: suggestion.map(str::to_owned),
            source_rule: "Fixed".into(),
        });
        let linter =
            Linter::new(LinterSettings::only(&[rule])).with_prose_checker(Arc::new(Fixed(found.into_iter().collect())));
        linter.lint(&LintInput::new(text)).diagnostics
    }

    /// Asserts that `rule` flags `text` (as an email).
    pub(crate) fn assert_fires(rule: Rule, text: &str) {
        assert_fires_on(rule, text, Channel::Email);
    }

    /// Asserts that `rule` does not flag `text` (as an email).
    pub(crate) fn assert_silent(rule: Rule, text: &str) {
        assert_silent_on(rule, text, Channel::Email);
    }

    /// Asserts that `rule` flags `text` on `channel`.
    pub(crate) fn assert_fires_on(rule: Rule, text: &str, channel: Channel) {
        let found = findings(rule, text, channel, None);
        assert!(!found.is_empty(), "{} should flag: {text}", rule.code());
    }

    /// Asserts that `rule` does not flag `text` on `channel`.
    pub(crate) fn assert_silent_on(rule: Rule, text: &str, channel: Channel) {
        let found = findings(rule, text, channel, None);
        assert!(found.is_empty(), "{} should not flag: {text}\n{found:#?}", rule.code());
    }
}
