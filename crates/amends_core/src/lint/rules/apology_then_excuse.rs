//! NA203: an apology followed by "but" or "however".

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::lexicon::Classes;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags an apology that is followed, in the same sentence or at the start of the
    /// next, by "but", "however", "although" or "that said".
    ///
    /// ## Why it matters
    /// Whatever follows "but" is what the reader remembers, and it usually excuses the
    /// failure. "I'm sorry, but our courier was delayed" is an excuse with an apology in
    /// front of it.
    ///
    /// ## Example
    /// ```text
    /// I'm sorry for the delay, but we had an unusually high volume of orders.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry for the delay. We took on more orders than we could pack, and we've
    /// since added a second shift.
    /// ```
}

const PIVOTS: &[&str] = &["but", "however", "although", "though", "nevertheless", "nonetheless", "yet"];

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let analysis = context.analysis;
    let sentences = analysis.sentences();
    for (index, sentence) in sentences.iter().enumerate() {
        let Some(apology) = analysis.find(sentence.tokens.clone(), Classes::APOLOGY) else { continue };
        let same_sentence = (apology + 1..sentence.tokens.end).find(|&token| is_pivot(context, token));
        let next_sentence = sentences.get(index + 1).and_then(|next| {
            let first = next.tokens.start;
            let second = (first + 1 < next.tokens.end).then(|| analysis.word(first + 1));
            (is_pivot(context, first) || (analysis.word(first) == "that" && second == Some("said"))).then_some(first)
        });
        if let Some(pivot) = same_sentence.or(next_sentence) {
            let span = analysis.tokens()[apology].span.start..analysis.tokens()[pivot].span.end;
            let word = analysis.word(pivot);
            findings.push(
                Finding::new(
                    Rule::ApologyThenExcuse,
                    span,
                    format!("the apology is followed by \"{word}\": what comes after it cancels the apology"),
                )
                .suggest("end the apology with a full stop, then state the facts plainly without \"but\""),
            );
        }
    }
}

fn is_pivot(context: &Context<'_, '_, '_>, token: usize) -> bool {
    let analysis = context.analysis;
    let word = analysis.word(token);
    if !PIVOTS.contains(&word) || analysis.tokens()[token].quoted {
        return false;
    }
    let next = analysis.tokens().get(token + 1).map(|_| analysis.word(token + 1)).unwrap_or("");
    let previous = token.checked_sub(1).map(|before| analysis.word(before)).unwrap_or("");
    // "not only … but also", "all but", "nothing but", "yet" as "so far".
    !(next == "also"
        || matches!(previous, "all" | "nothing" | "anything" | "not")
        || (word == "yet" && !matches!(previous, "," | "and")))
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("I'm sorry for the delay, but we had an unusually high volume of orders.")]
    #[case("We apologize. However, the fee is non-refundable.")]
    #[case("Sorry if there was any confusion, but the system applies the fee automatically.")]
    #[case("I'm sorry about your parcel, although the courier was responsible.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::ApologyThenExcuse, text);
    }

    #[rstest]
    #[case("I'm sorry for the delay. We took on more orders than we could pack.")]
    #[case("I'm sorry, and not only for the delay but also for how we handled your call.")]
    #[case("But for your message we would not have found the error, so thank you.")]
    #[case("I'm sorry we haven't fixed it yet; it will be done by Friday.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::ApologyThenExcuse, text);
    }
}
