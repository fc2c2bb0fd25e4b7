//! NA210: canned clichés that make a message read like a form letter.

use std::sync::LazyLock;

use super::{Advice, report_phrases};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags stock phrases of customer-service writing: "we value your business", "your
    /// call is important to us", "we strive for excellence", "we apologize for any
    /// inconvenience", "please do not hesitate to contact us", "rest assured".
    ///
    /// ## Why it matters
    /// Customers have read these phrases a thousand times; they signal a template, and a
    /// template signals that nobody really looked at their case. One specific sentence is
    /// worth more than three stock ones.
    ///
    /// ## Example
    /// ```text
    /// We value your business and apologize for any inconvenience.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// You've ordered from us for six years, and this is not the service you should get.
    /// ```
}

pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    const MESSAGE: Advice = (
        "\"{}\" is a stock phrase that makes the message read like a form letter",
        "say something specific to this customer and this failure instead",
    );
    PhraseTable::new(
        [
            "(we|i) [(truly|really|greatly|very much)] value (your|you as a) (business|custom|patronage|loyalty|feedback|customer)",
            "(your|customer) (call|business|satisfaction|feedback|custom|patience) is [(very|extremely|really)] (important|valuable|valued) to us",
            "(customer satisfaction|your satisfaction|customer experience) is (our|my) [(top|number one|highest|first|main|utmost)] priority",
            "(we|our team|our company|i) (strive|strives|aim|aims) (to|for) (excellence|provide|deliver|offer|exceed|give) ",
            "strive for excellence",
            "(apologize|apologise|apologies|sorry|regret) for any (inconvenience|trouble|confusion|disruption)",
            "(we|i) take (this|these|your|such|all|customer) [(matters|concerns|complaints|issues|feedback|matter|concern|complaint)] [(very|extremely|incredibly|really)] seriously",
            "(thank you|thanks) for your (patience and understanding|understanding|continued patience|continued understanding|cooperation|co-operation)",
            "(please|do) [(do)] not hesitate to",
            "(don't|do not) hesitate to",
            "rest assured",
            "(we|i) pride (ourselves|myself)",
            "(we are|we're) committed to (providing|delivering|giving|offering|ensuring) (the best|excellent|exceptional|outstanding|the highest|first-class|world-class|great)",
            "we regret to inform you",
            "hope this (email|message|letter|note) finds you well",
            "(we|i) appreciate your (patience and understanding|understanding|business|loyalty|custom)",
            "(i|we) (understand|appreciate) your (frustration|concern|concerns|disappointment)",
            "feel free to (contact|reach|call|get in touch|message|dm)",
            "at the end of the day",
            "(valued|loyal|esteemed) (customer|customers|client|member)",
            "for your convenience",
            "(look|looking) forward to (serving|welcoming) you",
            "(we|i) (hope|trust) (this|that) (resolves|clarifies|answers|helps)",
            "(we|i) [sincerely] (hope|trust) you (will|can) (understand|accept)",
        ]
        .map(|pattern| (pattern, MESSAGE)),
    )
});

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    report_phrases(context, findings, Rule::CannedCliche, &PHRASES);
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("We value your business and strive for excellence.")]
    #[case("Your call is important to us.")]
    #[case("We apologize for any inconvenience.")]
    #[case("Please do not hesitate to contact us.")]
    #[case("Rest assured, we take this very seriously.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::CannedCliche, text);
    }

    #[rstest]
    #[case("You've ordered from us for six years, and this is not the service you should get.")]
    #[case("Thank you for telling us so quickly.")]
    #[case("I understand you had to take a day off work for this.")]
    #[case("I'll call you on Monday; if that time doesn't suit, reply with a better one.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::CannedCliche, text);
    }
}
