//! NA212: so many apologies that they drown the message.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::apology_expressions;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message that apologizes too often for its length — three times in a short
    /// message, four or more in a long one — or stacks intensifiers ("I'm so so so sorry").
    ///
    /// ## Why it matters
    /// One clear apology, early, and perhaps one at the close, is sincere. Five sound
    /// anxious, push the fix out of sight, and make the customer comfort the writer.
    ///
    /// ## Example
    /// ```text
    /// I'm so sorry. We're really sorry about this. Sorry again. Apologies for the trouble.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry we sent the wrong size. A medium ships today and reaches you Friday.
    /// ```
}

/// How many apologies a message of `words` words may hold.
fn allowed(words: usize) -> usize {
    if words < 150 { 2 } else { 3 }
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let analysis = context.analysis;
    let expressions = apology_expressions(analysis);
    let words = context.doc().word_count();
    let limit = allowed(words);
    if expressions.len() > limit {
        let first_extra = expressions[limit];
        let span = analysis.tokens()[first_extra].span.clone();
        findings.push(
            Finding::new(
                Rule::OverApologizing,
                span,
                format!(
                    "{} apologies in {words} words: repeated apologies sound anxious and bury the fix",
                    expressions.len()
                ),
            )
            .suggest(
                "keep one clear apology near the start (and at most one at the close); spend the words on the fix",
            ),
        );
        return;
    }
    // "so so sorry", "very very sorry", "sorry sorry".
    for index in 1..analysis.tokens().len() {
        let word = analysis.word(index);
        let stacked =
            matches!(word, "so" | "very" | "really" | "truly" | "deeply" | "sorry") && analysis.word(index - 1) == word;
        if stacked && analysis.tokens()[index - 1].is_wordlike() {
            let span = analysis.tokens()[index - 1].span.start..analysis.tokens()[index].span.end;
            findings.push(
                Finding::new(Rule::OverApologizing, span, format!("\"{word} {word}\" over-apologizes"))
                    .suggest("one plain \"I'm sorry\" is more sincere than stacked intensifiers"),
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("I'm so sorry. We're really sorry about this. Sorry again for everything.")]
    #[case("I'm so so so sorry about your order.")]
    #[case("We apologize. I am sorry. Please accept our apologies. Sorry again.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::OverApologizing, text);
    }

    #[rstest]
    #[case("I'm sorry we sent the wrong size. A medium ships today. Again, I'm sorry.")]
    #[case("I'm sorry. You said “sorry, sorry, sorry” is all you heard from us.")]
    #[case("We apologize for the delay; it was so, so avoidable.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::OverApologizing, text);
    }
}
