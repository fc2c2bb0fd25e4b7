//! Flags a message that never takes responsibility for the failure or its solution.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message that never takes responsibility for the failure or its solution.
    ///
    /// ## Why it matters
    /// Customers do not care whose fault it was; they want to know someone owns the fix. Taking
    /// ownership ("this was our mistake", "we charged you twice") is not admitting legal blame,
    /// it is taking responsibility for the solution.
    ///
    /// ## Example
    /// ```text
    /// I'm sorry your parcel is late. It will arrive on Friday.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry your parcel is late — we missed the courier's collection, and that's on us. It will arrive on Friday.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    context.missing(
        findings,
        Rule::MissingOwnership,
        Element::Ownership,
        "no ownership: nobody takes responsibility for the failure or its fix",
        "own it plainly, e.g. \"this was our mistake\" or \"we charged you twice, and that's on us\"",
    );
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("I'm sorry your parcel is late. It will arrive on Friday.")]
    #[case("Mistakes were made in processing your refund.")]
    #[case("It was not our fault that the courier lost the parcel.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::MissingOwnership, text);
    }

    #[rstest]
    #[case("This was our mistake, and I'm putting it right.")]
    #[case("We charged you twice for the same order.")]
    #[case("That's on us: we should have checked the address.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::MissingOwnership, text);
    }
}
