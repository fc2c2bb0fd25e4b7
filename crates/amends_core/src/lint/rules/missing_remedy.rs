//! Flags a message that offers no compensation and no choice of remedies.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message that offers no compensation and no choice of remedies. Info by default:
    /// not every failure calls for one.
    ///
    /// ## Why it matters
    /// A remedy proportional to the impact (a credit, a waived fee, a refund of the delivery
    /// charge) says the customer's loss was real. Where several remedies fit, letting the
    /// customer choose is better still.
    ///
    /// ## Example
    /// ```text
    /// I'm sorry your delivery was three days late. It has now arrived.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry your delivery was three days late. We've refunded the delivery fee.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    context.missing(
        findings,
        Rule::MissingRemedy,
        Element::Remedy,
        "no remedy: nothing is offered for the trouble",
        "consider a remedy proportional to the impact, e.g. a refund of the delivery fee or a credit",
    );
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("I'm sorry your delivery was three days late.")]
    #[case("We have refunded the duplicate charge.")]
    #[case("We cannot offer any compensation.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::MissingRemedy, text);
    }

    #[rstest]
    #[case("We've refunded the delivery fee.")]
    #[case("I've added a $15 credit to your account for the trouble.")]
    #[case("You can choose: a full refund today, or a replacement plus 10% off.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::MissingRemedy, text);
    }
}
