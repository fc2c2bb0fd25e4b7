//! Flags a message that says nothing about what changes so the failure does not happen again.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message that says nothing about what changes so the failure does not happen again.
    ///
    /// ## Why it matters
    /// Customers want to know it will not happen again — to them or anyone. A promise ("this
    /// won't happen again") is not enough; a concrete change ("the warehouse now scans each
    /// item's colour code") is.
    ///
    /// ## Example
    /// ```text
    /// I'm sorry we sent the wrong colour. This won't happen again.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry we sent the wrong colour. The warehouse now scans each item's colour code before packing.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    context.missing(
        findings,
        Rule::MissingPrevention,
        Element::Prevention,
        "no prevention: nothing changes so it does not happen again",
        "name the change you made, e.g. \"the warehouse now scans each item's colour code before packing\"",
    );
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("I'm sorry we sent the wrong colour. This won't happen again.")]
    #[case("We'll do better next time.")]
    #[case("You can now track your parcel online.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::MissingPrevention, text);
    }

    #[rstest]
    #[case("The warehouse now scans each item's colour code before packing.")]
    #[case("So this doesn't happen again, we have added a check that blocks duplicate charges.")]
    #[case("We are retraining the night team on the handover checklist.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::MissingPrevention, text);
    }
}
