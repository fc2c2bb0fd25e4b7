//! NA206: passive voice that hides who made the mistake.

use std::sync::LazyLock;

use super::Advice;
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags agentless passives about the failure: "mistakes were made", "an error
    /// occurred", "your order was shipped incorrectly".
    ///
    /// ## Why it matters
    /// The passive voice makes the failure something that happened on its own. Customers
    /// notice the missing "we": it reads as evasion, the opposite of ownership.
    ///
    /// ## Example
    /// ```text
    /// Mistakes were made in processing your refund.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// We made a mistake processing your refund: we sent it to your old card.
    /// ```
}

const SUGGESTION: &str = "say who did it: \"we made a mistake…\", \"we shipped the wrong item…\"";

/// The rule's phrase table; detectors also use it to set aside tainted sentences.
pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    const MESSAGE: Advice = ("\"{}\" hides who made the mistake", SUGGESTION);
    PhraseTable::new(
        [
            "(mistakes|errors|an error|a mistake|an oversight|oversights|a misunderstanding|misunderstandings|miscommunications|a miscommunication|things|some errors|some mistakes) (were|was|have been|has been|had been) (made|committed|overlooked|missed)",
            "(an|the|some|a) (error|mistake|issue|problem|glitch|oversight|mix-up|mixup|discrepancy|irregularity) (occurred|happened|has occurred|had occurred|arose|has arisen|was encountered|was experienced|was identified)",
            "(errors|issues|problems|mistakes|glitches|discrepancies|irregularities) (occurred|happened|arose|have occurred|were encountered|were experienced)",
            "(was|were|has been|had been) (sent|shipped|charged|processed|cancelled|canceled|applied|closed|suspended|delivered|debited|billed|deleted|mislabelled|mislabeled|misrouted|lost|mishandled|declined|rejected|packed|handled|entered|issued|set up|marked) (incorrectly|in error|by mistake|wrongly|erroneously|inadvertently|mistakenly)",
            "(was|were|has been|have been) (incorrectly|wrongly|erroneously|mistakenly|inadvertently) (sent|shipped|charged|processed|cancelled|canceled|applied|closed|suspended|delivered|debited|billed|deleted|labelled|labeled|routed|declined|rejected|packed|entered|issued|marked|flagged)",
            "it (was|has been) (decided|determined|deemed)",
        ]
        .map(|pattern| (pattern, MESSAGE)),
    )
});

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let analysis = context.analysis;
    for found in analysis.matches(&PHRASES) {
        let start = found.tokens.start;
        let end = found.tokens.end;
        // "Our error occurred…", "…was shipped incorrectly by us": the agent is named.
        let owner_before = start > 0 && matches!(analysis.word(start - 1), "our" | "my");
        let owner_after = (end..(end + 3).min(analysis.tokens().len()))
            .any(|index| matches!(analysis.word(index), "us" | "me" | "our" | "my"))
            && (end < analysis.tokens().len() && analysis.word(end) == "by");
        if owner_before || owner_after || analysis.tokens()[start].negated {
            continue;
        }
        let (message, suggestion) = *found.entry;
        let quoted = context.doc().text(found.span.clone());
        findings
            .push(Finding::new(Rule::PassiveEvasion, found.span, message.replace("{}", quoted)).suggest(suggestion));
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("Mistakes were made in processing your refund.")]
    #[case("An error occurred while your payment was processed.")]
    #[case("Your order was shipped incorrectly.")]
    #[case("Your card was mistakenly charged twice.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::PassiveEvasion, text);
    }

    #[rstest]
    #[case("We made a mistake processing your refund.")]
    #[case("Your order was shipped incorrectly by us, and that's on me.")]
    #[case("No errors were made by you.")]
    #[case("Your replacement was shipped this morning.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::PassiveEvasion, text);
    }
}
