//! Flags a message that never acknowledges how the failure affected this customer: their time, money, plans or feelings.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message that never acknowledges how the failure affected this customer: their
    /// time, money, plans or feelings.
    ///
    /// ## Why it matters
    /// Empathy is what tells the customer they were heard. Naming the consequence ("you had to
    /// spend your Saturday on hold") shows you understand it; a generic "any inconvenience" shows
    /// you do not.
    ///
    /// ## Example
    /// ```text
    /// I'm sorry your router failed. A new one arrives tomorrow.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry your router failed — that left you without internet for two working days. A new one arrives tomorrow.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    context.missing(
        findings,
        Rule::MissingImpact,
        Element::Impact,
        "the impact on the customer is not acknowledged",
        "say how it affected them, in their terms, e.g. \"that left you without internet for two working days\"",
    );
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("I'm sorry your router failed. A new one arrives tomorrow.")]
    #[case("We apologize for any inconvenience this may have caused.")]
    #[case("We're sorry you feel frustrated about the delay.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::MissingImpact, text);
    }

    #[rstest]
    #[case("I'm sorry your router failed; that left you without internet for two working days.")]
    #[case("I know you had planned the sweater as a birthday gift.")]
    #[case("You had to call us three times to get an answer, and that should never happen.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::MissingImpact, text);
    }
}
