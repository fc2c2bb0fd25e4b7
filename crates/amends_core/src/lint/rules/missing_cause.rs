//! Flags a message that never says why the failure happened, and does not say honestly that the cause is not known yet and when it will be.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message that never says why the failure happened, and does not say honestly that
    /// the cause is not known yet and when it will be.
    ///
    /// ## Why it matters
    /// An explanation shows the failure was understood, which is what makes the promise of
    /// prevention believable. When the cause is not known yet, saying so — with a date by which
    /// it will be — is honest; silence is not.
    ///
    /// ## Example
    /// ```text
    /// I'm sorry your card was charged twice. We have refunded the second charge.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry your card was charged twice: a retry in our payment system sent the charge again. We have refunded it.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    context.missing(
        findings,
        Rule::MissingCause,
        Element::Cause,
        "no cause: the message does not say why it happened",
        "explain plainly what caused it, or say \"we don't know yet why…; we will tell you by <date>\"",
    );
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("I'm sorry your card was charged twice. We have refunded the second charge.")]
    #[case("I'm writing because you asked for an update on your refund.")]
    #[case("We don't know yet why the router failed.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::MissingCause, text);
    }

    #[rstest]
    #[case("This happened because a retry in our payment system sent the charge twice.")]
    #[case("A labelling error at our warehouse put two colours in one bin.")]
    #[case("We don't yet know why the router failed; we will tell you by Friday 5 pm.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::MissingCause, text);
    }
}
