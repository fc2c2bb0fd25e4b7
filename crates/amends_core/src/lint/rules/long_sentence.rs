//! ST305: a sentence too long to read easily.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::rule::rule_doc;
use crate::text::Gap;

rule_doc! {
    /// ## What it does
    /// Flags sentences of more than 35 words.
    ///
    /// ## Why it matters
    /// Customers read apologies on phones, often upset. A sentence that long hides its
    /// point, and in an apology the point — what you are doing for them — is the thing
    /// they are looking for.
    ///
    /// ## Example
    /// ```text
    /// We are writing to let you know that following a review of your account which was
    /// carried out after you contacted us about the charge that appeared on your statement
    /// we have now determined that the charge was applied in error and it will be reversed.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// We charged you by mistake. I've reversed the charge; it leaves your statement within
    /// three working days.
    /// ```
}

/// More words than this make a sentence hard to read.
const MAX_WORDS: usize = 35;

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let analysis = context.analysis;
    for sentence in analysis.sentences() {
        let words = sentence
            .tokens
            .clone()
            .filter(|&index| analysis.tokens()[index].is_wordlike() && analysis.tokens()[index].gap != Gap::None)
            .count();
        if words > MAX_WORDS {
            findings.push(
                Finding::new(
                    Rule::LongSentence,
                    sentence.span.clone(),
                    format!("{words} words in one sentence (more than {MAX_WORDS})"),
                )
                .suggest("split it: one idea per sentence"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case(&"word ".repeat(36))]
    #[case(
        "We are writing to let you know that following a review of your account which was carried out after you contacted us about the charge that appeared on your statement we have now determined that the charge was applied in error."
    )]
    #[case(&format!("{}.", "very ".repeat(40)))]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::LongSentence, text);
    }

    #[rstest]
    #[case("We charged you by mistake. I've reversed the charge.")]
    #[case(&"word ".repeat(35))]
    #[case(&format!("{} {}", "Short one. ".repeat(10), "Another short one."))]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::LongSentence, text);
    }
}
