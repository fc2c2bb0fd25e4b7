//! Flags a message with no follow-up: nobody says they will check back, how and when, and no named person can be reached directly.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message with no follow-up: nobody says they will check back, how and when, and no
    /// named person can be reached directly.
    ///
    /// ## Why it matters
    /// Following up is what proves the apology was meant. "Contact us if you have questions" puts
    /// the work on the customer; "I'll call you on Monday to check it arrived" takes it on.
    ///
    /// ## Example
    /// ```text
    /// I'm sorry. Contact us if you have any questions.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry. I'll call you on Monday to check it arrived, and you can reach me directly at sam@shop.example.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    context.missing(
        findings,
        Rule::MissingFollowUp,
        Element::FollowUp,
        "no follow-up: nobody commits to checking back, and no person can be reached directly",
        "say who will follow up, how and when, e.g. \"I'll call you on Monday to check it arrived\"",
    );
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("I'm sorry. Contact us if you have any questions.")]
    #[case("Please don't hesitate to reach out.")]
    #[case("Let me know if there's anything else.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::MissingFollowUp, text);
    }

    #[rstest]
    #[case("I'll call you on Monday to check it arrived.")]
    #[case("You can reach me directly at sam.ortiz@shop.example.")]
    #[case("We will write to you by 14 February with the findings.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::MissingFollowUp, text);
    }
}
