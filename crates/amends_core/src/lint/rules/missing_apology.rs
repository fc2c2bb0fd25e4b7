//! Flags a message that never says "I'm sorry", "we apologize" or "please accept our apologies" in the author's own words.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message that never says "I'm sorry", "we apologize" or "please accept our
    /// apologies" in the author's own words.
    ///
    /// ## Why it matters
    /// An apology letter without an apology reads as a notice. Customers look for the words;
    /// regret that is only implied ("we regret any inconvenience") or conditional ("sorry if")
    /// does not count, and neither does a "sorry" quoted from the customer's own message.
    ///
    /// ## Example
    /// ```text
    /// Your order #48213 was shipped in the wrong colour. A replacement ships today.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry we sent you the wrong colour (order #48213). A replacement ships today.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    context.missing(
        findings,
        Rule::MissingApology,
        Element::Apology,
        "no explicit apology: the message never says sorry in the first person",
        "open with a plain first-person apology for the specific failure, e.g. \"I'm sorry we sent the wrong sweater.\"",
    );
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("Your order #48213 was shipped in the wrong colour. A replacement ships today.")]
    #[case("We regret to inform you that your flight has been cancelled.")]
    #[case("I'm sorry if you were inconvenienced by the delay.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::MissingApology, text);
    }

    #[rstest]
    #[case("I'm sorry we sent you the wrong colour.")]
    #[case("Please accept our apologies for the double charge on your card.")]
    #[case("So sorry, Dana: your parcel went to the wrong depot.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::MissingApology, text);
    }
}
