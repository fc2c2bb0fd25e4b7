//! NA213: a hedged fix ("we'll try", "hopefully").

use std::sync::LazyLock;

use super::{Advice, report_phrases};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags fixes promised with a hedge: "we'll try to", "hopefully", "we might be able
    /// to", "we'll see what we can do", "if possible".
    ///
    /// ## Why it matters
    /// A hedge tells the customer not to count on the fix, so they keep worrying — and
    /// keep writing. Promise what you will do and when; if something is uncertain, say
    /// exactly what, and when you will know.
    ///
    /// ## Example
    /// ```text
    /// We'll try to get a replacement out to you, hopefully this week.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// A replacement ships tomorrow and will reach you by Friday.
    /// ```
}

/// Hedges; a fix inside a hedged clause does not count as a fix.
pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    const MESSAGE: Advice = (
        "\"{}\" hedges the fix, so the customer can't count on it",
        "commit to what you will do and when: \"a replacement ships tomorrow\"",
    );
    PhraseTable::new(
        [
            "(we|i) [(will|shall|would)] try (to|and|our best|my best)",
            "(we|i) (are|am) [(going to)] try (to|and)",
            "(we|i) (are|am) trying (to|our best|my best)",
            "(we|i) [(will|shall)] do (our|my) best to",
            "hopefully",
            "(we|i) (might|may|could) be able to",
            "(we|i) (will|shall) see what (we|i) can do",
            "see what (we|i) can do",
            "with (any|a bit of|some) luck",
            "fingers crossed",
            "(if|where|when) (possible|feasible)",
            "(we|i) (will|shall) attempt to",
            "(we|i) (are|am) attempting to",
            "(we|i) hope to",
            "(we|i) (are|am) hoping to",
            "in theory",
        ]
        .map(|pattern| (pattern, MESSAGE)),
    )
});

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    report_phrases(context, findings, Rule::HedgedFix, &PHRASES);
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("We'll try to get a replacement out to you.")]
    #[case("Hopefully the refund reaches you this week.")]
    #[case("We might be able to waive the fee.")]
    #[case("I'll see what I can do about the charge.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::HedgedFix, text);
    }

    #[rstest]
    #[case("A replacement ships tomorrow and will reach you by Friday.")]
    #[case("Please try restarting the router once the engineer has left.")]
    #[case("We won't just try: the refund is already on its way.")]
    #[case("You can try our new tracking page any time.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::HedgedFix, text);
    }
}
