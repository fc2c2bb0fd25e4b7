//! Flags a message that does not say what is being done for this customer now.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message that does not say what is being done for this customer now.
    ///
    /// ## Why it matters
    /// An apology without a fix asks the customer to accept the failure. The fix is the part they
    /// act on: what is being sent, refunded, restored or corrected, for them.
    ///
    /// ## Example
    /// ```text
    /// I'm so sorry we sent the wrong size. That was our mistake.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm so sorry we sent the wrong size. A medium ships today by express courier.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    context.missing(
        findings,
        Rule::MissingFix,
        Element::Fix,
        "no fix: the message does not say what is being done for the customer",
        "say what you are doing for them now, e.g. \"a medium ships today by express courier\"",
    );
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("I'm so sorry we sent the wrong size. That was our mistake.")]
    #[case("We will try to look into it.")]
    #[case("Would you like us to send a replacement?")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::MissingFix, text);
    }

    #[rstest]
    #[case("A medium ships today by express courier.")]
    #[case("I've refunded the duplicate charge to your card.")]
    #[case("Your account has been restored.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::MissingFix, text);
    }
}
