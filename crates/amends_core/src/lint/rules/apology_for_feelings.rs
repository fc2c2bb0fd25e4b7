//! NA201: apologizing for how the customer feels instead of for what went wrong.

use std::sync::LazyLock;

use super::{Advice, report_phrases};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags apologies aimed at the customer's feelings — "sorry you feel that way",
    /// "sorry you were upset" — instead of at the failure that caused them.
    ///
    /// ## Why it matters
    /// Apologizing for a reaction implies the reaction is the problem. Customers hear it
    /// as blame: the company is sorry they are upset, not sorry for what it did. It is
    /// the classic non-apology, and it makes an angry customer angrier.
    ///
    /// ## Example
    /// ```text
    /// We're sorry you feel the delivery was late.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry your delivery was three days late.
    /// ```
}

const MESSAGE: &str = "\"{}\" apologizes for the customer's feelings, not for what went wrong";
const SUGGESTION: &str = "apologize for the failure itself, e.g. \"I'm sorry we delivered three days late\"";

/// Phrases that direct the apology at feelings; the apology detector ignores them too.
pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(sorry|regret|apologize|apologise|apologies) [that] you (feel|felt|are feeling|were feeling|think|thought|perceive|perceived|believe|believed|found|find|see it|saw it|took it|take it|view)",
            "(sorry|regret|apologize|apologise|apologies) [that] you (are|were|have been|got|became|feel|felt) (upset|offended|disappointed|unhappy|annoyed|frustrated|angry|dissatisfied|hurt|bothered|displeased|confused|distressed|let down)",
            "(sorry|apologize|apologise|apologies) if you (are|were|have been|got|feel|felt) [(at all|in any way)] (upset|offended|disappointed|unhappy|annoyed|frustrated|angry|hurt|bothered|let down)",
            "sorry (for|about) (how|the way) you (feel|felt)",
            "sorry (to hear|to learn) [that] you (feel|felt|are|were) [(so|very)] (that way|upset|unhappy|frustrated|disappointed|dissatisfied|annoyed|angry|offended)",
            "sorry for your (frustration|disappointment|feelings|upset|anger|dissatisfaction|annoyance)",
            "sorry (if|that) (you took|you take|this came across|it came across)",
            "(regret|sorry) [that] (our|the) (response|reply|decision|message) (upset|disappointed|offended|frustrated)",
        ]
        .map(|pattern| (pattern, (MESSAGE, SUGGESTION))),
    )
});

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    report_phrases(context, findings, Rule::ApologyForFeelings, &PHRASES);
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("We're sorry you feel that way.")]
    #[case("I’m sorry that you were upset by our reply.")]
    #[case("We regret that you feel the delivery was late.")]
    #[case("I'm sorry for your frustration.")]
    #[case("Sorry to hear you are unhappy with the service.")]
    #[case("Sorry if you were upset by the delay.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::ApologyForFeelings, text);
    }

    #[rstest]
    #[case("I'm sorry you had to wait forty minutes on hold.")]
    #[case("I'm sorry we upset you by cancelling without notice.")]
    #[case("You told us you feel let down, and you are right to.")]
    #[case("You wrote “sorry you feel that way” was what you heard last time.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::ApologyForFeelings, text);
    }
}
