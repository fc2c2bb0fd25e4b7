//! NA209: a defensive or confrontational tone.

use std::sync::LazyLock;

use super::{Advice, report_phrases};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags phrases that argue with the customer or talk down to them: "as I already
    /// told you", "you should have read", "calm down", "with all due respect", "clearly
    /// stated", "we did nothing wrong".
    ///
    /// ## Why it matters
    /// A customer who complains is asking to be heard. A defensive reply turns the apology
    /// into an argument, and an argument with a customer is lost even when it is won.
    ///
    /// ## Example
    /// ```text
    /// As I already told you, the delivery window was clearly stated in your confirmation.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry the delivery window wasn't clearer; I've booked you a two-hour slot instead.
    /// ```
}

/// The rule's phrase table; detectors also use it to set aside tainted sentences.
pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    const MESSAGE: Advice = (
        "\"{}\" sounds defensive or confrontational",
        "listen first, then restate the facts neutrally and say what you will do",
    );
    PhraseTable::new(
        [
            "as (i|we) [(have)] [(already|previously|clearly)] (said|told you|mentioned|explained|stated|informed you|advised you|advised|pointed out|noted)",
            "as (previously|already|clearly) (stated|mentioned|explained|advised|noted|communicated|indicated)",
            "as you (were|have been) [(already|previously|clearly)] (told|informed|advised)",
            "you (should|could) have (read|checked|contacted|called|asked|known|noticed|looked|realised|realized)",
            "you (should|could) have been (home|there|available|in|more careful|aware|present)",
            "you (need|needed|have) to (read|understand|accept|be patient|calm down|realise|realize)",
            "if you had (read|followed|checked|contacted|called|listened|looked)",
            "calm down",
            "with (all due|due) respect",
            "clearly (stated|states|explained|indicated|visible|marked|written|shown|outlined|displayed|set out)",
            "(it is|it's|that is|that's) your responsibility",
            "(we|i) did nothing wrong",
            "to be fair",
            "frankly",
            "obviously",
            "(i|we) (do not|don't) appreciate",
            "your tone",
            "there is no need to (be|get|shout|use)",
            "(it|this) is not (our|my) (job|problem)",
            "you (are|were) (wrong|mistaken|incorrect)",
            "the (small|fine) print",
            "(we|i) (reject|refute|dispute) (your|the|this) (claim|allegation|complaint|accusation|assertion)",
            "as you (know|should know|are aware|should be aware)",
            "for the (last|third|second|final) time",
            "(already|previously) (explained|told you) (this|that) (before|already|several times|twice|three times)",
            "(i|we) have [already] (explained|told you) (this|that) (before|several times|twice|three times)",
        ]
        .map(|pattern| (pattern, MESSAGE)),
    )
});

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    report_phrases(context, findings, Rule::DefensiveTone, &PHRASES);
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("As I already told you, the window is 7 am to 7 pm.")]
    #[case("You should have read the delivery confirmation.")]
    #[case("Sir, please calm down.")]
    #[case("With all due respect, the charges are correct.")]
    #[case("The terms clearly stated that refunds take 30 days.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::DefensiveTone, text);
    }

    #[rstest]
    #[case("As you asked, I've moved your delivery to Saturday.")]
    #[case("You were right to call us about this.")]
    #[case("We should have told you sooner.")]
    #[case("I've told the team what happened so it can't happen again.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::DefensiveTone, text);
    }
}
