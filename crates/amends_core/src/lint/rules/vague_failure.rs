//! AP102: the failure is not named specifically.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message that never says specifically what went wrong: it apologizes for
    /// "the issue", "the problem you experienced" or "this situation" but does not name
    /// the order, the product, the charge or the date.
    ///
    /// ## Why it matters
    /// A specific apology proves someone looked at the case. "Sorry for the issue" could be
    /// sent to anyone, and customers can tell.
    ///
    /// ## Example
    /// ```text
    /// We're sorry for the issue you experienced with your recent order.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry we sent a pink sweater instead of the blue one you ordered (order #48213).
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    if !context.requires(Element::WhatHappened) || context.detection.elements.has(Element::WhatHappened) {
        return;
    }
    let (span, message) = match &context.detection.vague_failure {
        Some(span) => {
            (span.clone(), format!("\"{}\" does not say what went wrong", context.doc().text(span.clone()).trim()))
        }
        None => {
            (context.message_start(), "the failure is never named: the message does not say what went wrong".to_owned())
        }
    };
    findings.push(
        Finding::new(Rule::VagueFailure, span, message)
            .suggest("name the failure in the customer's terms: the item, the order number, the amount, the date"),
    );
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("We're sorry for the issue you experienced with your recent order.")]
    #[case("We apologize for the inconvenience.")]
    #[case("Sorry for the trouble. It's been fixed.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::VagueFailure, text);
    }

    #[rstest]
    #[case("I'm sorry we sent a pink sweater instead of the blue one you ordered.")]
    #[case("Your card was charged twice for order #48213.")]
    #[case("Our app was down for three hours on Tuesday.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::VagueFailure, text);
    }
}
