//! NA208: refusing to explain or engage ("too early to tell", "no comment").

use std::sync::LazyLock;

use super::Advice;
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::lexicon::Classes;
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags refusals to explain or to engage: "too early to tell", "no comment", "we
    /// can't share any information", "there is nothing more we can do", "this matter is
    /// closed". A refusal that comes with a date ("we can't share more until Friday, when
    /// the investigation ends") is honest and is not flagged.
    ///
    /// ## Why it matters
    /// Silence fills with the worst explanation. When the cause is not known yet, say what
    /// is not known, why, and when you will know — that is the honest form of the same fact.
    ///
    /// ## Example
    /// ```text
    /// It is too early to tell what caused the outage.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// We don't know yet what caused the outage; our engineers are testing the power supply,
    /// and I will write to you with what they find by Thursday 5 pm.
    /// ```
}

const SUGGESTION: &str =
    "say what you don't know yet, why, and when you will: \"we don't know yet…; I'll tell you by <date>\"";

/// The rule's phrase table; detectors also use it to set aside tainted sentences.
pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    const MESSAGE: Advice = ("\"{}\" stonewalls the customer instead of explaining", SUGGESTION);
    PhraseTable::new(
        [
            "too (early|soon) to (tell|say|comment|know|speculate)",
            "no comment",
                        "(can not|cannot|can't|are unable to|am unable to|are not able to|am not able to|will not|won't|are not in a position to|not at liberty to) comment",
            "nothing (more|else|further) (we|i) (can|could) (do|say|offer)",
            "(this|the) (matter|case|issue|complaint|ticket) is [(now)] [(considered)] (closed|resolved|final)",
            "(we|i) consider (this|the) (matter|case|issue|complaint) (closed|resolved|final)",
            "(will not|won't) be (commenting|discussing|responding|entering into|corresponding)",
            "(we have|we've|i have|i've) nothing (more|further) to (add|say)",
            "(confirm|confirming) (or|nor) deny",
            "(our|the) decision is final",
            "(we|i) (do not|don't) (comment|speculate) on",
        ]
        .map(|pattern| (pattern, MESSAGE)),
    )
});

/// Refusals to share, which stonewall only when what is refused is information
/// ("we can't share any details") — "we can't give you that evening back" is not one.
pub(crate) static REFUSALS: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    const MESSAGE: Advice = ("\"{}\" stonewalls the customer instead of explaining", SUGGESTION);
    PhraseTable::new([(
        "(can not|cannot|are unable to|am unable to|are not able to|am not able to|will not|are not in a position to|am not in a position to|not at liberty to|are not permitted to) (share|disclose|provide|discuss|give|release|go into|reveal|divulge|explain)",
        MESSAGE,
    )])
});

/// What a refusal must be about to be stonewalling.
const INFORMATION: &[&str] = &[
    "information",
    "details",
    "specifics",
    "comment",
    "comments",
    "detail",
    "reasons",
    "reason",
    "answers",
    "explanation",
    "update",
    "updates",
];

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let analysis = context.analysis;
    let refusals = analysis.matches(&REFUSALS).into_iter().filter(|found| {
        let end = analysis.sentences()[analysis.sentence_of(found.tokens.start)].tokens.end;
        (found.tokens.end..(found.tokens.end + 5).min(end)).any(|index| INFORMATION.contains(&analysis.word(index)))
    });
    for found in analysis.matches(&PHRASES).into_iter().chain(refusals) {
        let sentence = analysis.sentence_of(found.tokens.start);
        // "We can't share more until Friday, when we'll know": a refusal with a date is honest.
        let range = analysis.sentences()[sentence].tokens.clone();
        let promises_when = !analysis.times(sentence).is_empty()
            && (analysis.has(range.clone(), Classes::FUTURE)
                || analysis.has_word(range.clone(), "until")
                || analysis.has_word(range, "yet"));
        if promises_when {
            continue;
        }
        let (message, suggestion) = *found.entry;
        let quoted = context.doc().text(found.span.clone());
        findings.push(Finding::new(Rule::Stonewalling, found.span, message.replace("{}", quoted)).suggest(suggestion));
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("It is too early to tell what caused the outage.")]
    #[case("We cannot share any information about the investigation.")]
    #[case("Unfortunately, there is nothing more we can do regarding your claim.")]
    #[case("Your comments have been noted and the matter is now considered closed.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::Stonewalling, text);
    }

    #[rstest]
    #[case("We can't share more until Friday, when the engineers report back.")]
    #[case("We don't know yet what caused it; I'll tell you by Thursday 5 pm.")]
    #[case("Your case stays open until you tell us you're happy.")]
    #[case("There is nothing more important to us than getting this right.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::Stonewalling, text);
    }
}
