//! Flags a message that says what is being done but not when it will be complete.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message that says what is being done but not when it will be complete.
    ///
    /// ## Why it matters
    /// "We're sending a replacement" leaves the customer waiting and wondering. A date or a
    /// window ("by Thursday", "within 3–5 business days") turns the fix into a promise they can
    /// plan around.
    ///
    /// ## Example
    /// ```text
    /// I'm sorry. We are sending you a replacement.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry. We are sending you a replacement; it will arrive by Thursday 21 November.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    context.missing(
        findings,
        Rule::MissingTimeline,
        Element::Timeline,
        "no timeline: the message does not say when the fix will be complete",
        "say when it will be done, e.g. \"it will arrive by Thursday 21 November\"",
    );
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("I'm sorry. We are sending you a replacement.")]
    #[case("On 18 November we shipped the wrong sweater, and we are sending the right one.")]
    #[case("I'll call you on Monday to check in.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::MissingTimeline, text);
    }

    #[rstest]
    #[case("It will arrive by Thursday 21 November.")]
    #[case("The refund should appear within 3–5 business days.")]
    #[case("Your service will be back by 6 pm this evening.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::MissingTimeline, text);
    }
}
