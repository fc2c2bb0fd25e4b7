//! NA202: an apology made conditional ("sorry if…").

use std::sync::LazyLock;

use super::{Advice, report_phrases};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags apologies made conditional: "sorry if you were inconvenienced", "we
    /// apologize to the extent that…", "if any offence was taken".
    ///
    /// ## Why it matters
    /// "If" questions whether anything went wrong at all. The customer knows it did; the
    /// condition tells them you are not sure you believe them, and turns the apology into
    /// a hedge.
    ///
    /// ## Example
    /// ```text
    /// I'm sorry if the delay caused you any trouble.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry the delay meant you missed your flight.
    /// ```
}

const MESSAGE: &str = "\"{}\" makes the apology conditional, as if the failure might not have happened";
const SUGGESTION: &str =
    "drop the condition and name what happened, e.g. \"I'm sorry the delay made you miss your flight\"";

/// Conditional apology phrases; the apology detector ignores apologies inside them.
pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(sorry|apologize|apologise|apologies|apology|regret) (if|in case|should|whether)",
            "to the extent (that|which)",
            "if (any|an) (offence|offense|inconvenience|confusion|upset|distress|harm|hurt) (was|has been|were) (caused|taken|felt)",
            "if (we|this|that|it|our|anything) (have|has|may have|might have|) (caused|upset|offended|inconvenienced|confused|disappointed|frustrated)",
            "if you (were|have been|felt|feel) (inconvenienced|offended|upset|affected|disappointed|let down|hurt)",
            "(this|it|that|which) (may|might|could) have caused",
            "for any (inconvenience|trouble|confusion|distress|upset) (this|it|that|which|we) (may|might|could) have",
        ]
        .map(|pattern| (pattern, (MESSAGE, SUGGESTION))),
    )
});

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    report_phrases(context, findings, Rule::ConditionalApology, &PHRASES);
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::channel::Channel;
    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent, findings};

    #[rstest]
    #[case("I'm sorry if the delay caused you any trouble.")]
    #[case("We apologize to the extent that our reply was unclear.")]
    #[case("Sorry if there was any confusion, but the fee stands.")]
    #[case("We apologize for any inconvenience this may have caused.")]
    #[case("If any offence was taken, we regret it.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::ConditionalApology, text);
    }

    #[rstest]
    #[case("I'm sorry. If you'd like, I can send a new one today.")]
    #[case("I'm sorry the delay made you miss your flight.")]
    #[case("If you prefer a refund, reply and I'll process it today.")]
    #[case("You said “sorry if” was all you heard from us last time.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::ConditionalApology, text);
    }

    #[test]
    fn overlapping_phrases_are_one_finding() {
        let found = findings(Rule::ConditionalApology, "Sorry if you were upset by our reply.", Channel::Email, None);
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
