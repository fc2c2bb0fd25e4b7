//! NA204: hiding behind policy instead of helping.

use std::sync::LazyLock;

use super::{Advice, report_phrases};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags sentences that put a policy, terms and conditions or "the rules" between the
    /// customer and a solution: "per our policy", "company policy does not allow",
    /// "my hands are tied".
    ///
    /// ## Why it matters
    /// Policy is the company's choice, not a law of nature. Citing it tells the customer
    /// the company is protecting itself; explaining what you *can* do, and why, keeps you
    /// on their side.
    ///
    /// ## Example
    /// ```text
    /// Per our policy, refunds are only issued within 14 days.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// Refunds usually close at 14 days, but this was our delay, so I've refunded you in full.
    /// ```
}

const MESSAGE: &str = "\"{}\" hides behind policy instead of helping";
const SUGGESTION: &str = "say what you can do for the customer, and if a rule truly applies, explain why it exists";

/// The rule's phrase table; detectors also use it to set aside tainted sentences.
pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(per|according to|as per|under|in line with|in accordance with|due to|against|because of|by) [(our|company|the|store|bank|airline|hotel|standard|current)] (policy|policies|terms|terms and conditions|terms of service|t&cs|guidelines|procedures|regulations)",
            "(our|company|the) [(cancellation|refund|returns|booking|delivery|billing|payment|late)] (policy|policies|terms) (is|are|states|says|requires|does not|do not|prohibits|prevents|dictates|stipulates|clearly|only)",
            "(per|according to|as per|under|in line with) our (returns|return|refund|cancellation|booking|delivery|billing|pricing) (policy|policies|terms)",
            "(our|the) (terms and conditions|terms of service|t&cs|terms of business|conditions of carriage) (state|states|say|says|require|requires|do not|does not|only|clearly|are clear)",
            "(it is|it's|this is|that is|that's) [(company|our|store|standard|strict)] policy",
            "(not|never) (allowed|permitted|authorised|authorized|able) to (make|give|offer|issue|grant) [an] (exception|exceptions)",
            "(my|our) hands are tied",
            "(that is|that's|this is) (just|simply) how (it works|things work|the system works)",
            "(the|our) system (does not|doesn't|will not|won't|cannot|can't|can not) (allow|let|permit)",
            "(stated|set out|outlined|explained) in (our|the) (terms|policy|t&cs|agreement|contract|terms and conditions)",
            "(there is|there's) nothing (i|we) can do",
        ]
        .map(|pattern| (pattern, (MESSAGE, SUGGESTION))),
    )
});

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    report_phrases(context, findings, Rule::HidingBehindPolicy, &PHRASES);
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("Per our policy, refunds are only issued within 14 days.")]
    #[case("Unfortunately company policy does not allow us to waive the fee.")]
    #[case("My hands are tied on this one.")]
    #[case("As set out in our terms and conditions, outages under four hours are not compensated.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::HidingBehindPolicy, text);
    }

    #[rstest]
    #[case("We've changed our refund policy so this can't happen to anyone else.")]
    #[case("I've refunded you in full, even though the 14 days had passed.")]
    #[case("Our new policy is that a person checks every refund over $100.")]
    #[case("Your insurance policy number is on the letter.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::HidingBehindPolicy, text);
    }
}
