//! ST304: shouting — runs of capitals or repeated exclamation marks.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::rule::rule_doc;
use crate::text::{Gap, TokenKind};

rule_doc! {
    /// ## What it does
    /// Flags three or more words in capitals in a row ("WE ARE SORRY"), and runs of
    /// exclamation marks ("!!").
    ///
    /// ## Why it matters
    /// Capitals read as raised voice, and a row of exclamation marks as forced cheer —
    /// neither fits someone who has just been let down.
    ///
    /// ## Example
    /// ```text
    /// WE ARE SO SORRY!!! Your order is on its way!!
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry. Your order is on its way and arrives tomorrow.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let tokens = context.analysis.tokens();
    let mut index = 0;
    while index < tokens.len() {
        let caps = |at: usize| {
            tokens.get(at).is_some_and(|token| token.kind == TokenKind::Word && token.all_caps && !token.quoted)
        };
        if caps(index) {
            let mut end = index;
            while caps(end + 1)
                || (tokens.get(end + 1).is_some_and(|token| token.kind == TokenKind::Punct && token.gap == Gap::None)
                    && caps(end + 2))
            {
                end += 1;
            }
            let words = (index..=end).filter(|&at| caps(at)).count();
            if words >= 3 {
                let span = tokens[index].span.start..tokens[end].span.end;
                findings.push(
                    Finding::new(Rule::Shouting, span, format!("{words} words in capitals read as shouting"))
                        .suggest("write in sentence case; let the words carry the weight"),
                );
            }
            index = end + 1;
            continue;
        }
        if context.analysis.word(index) == "!" {
            let mut end = index;
            while tokens.get(end + 1).is_some_and(|token| {
                token.gap == Gap::None && matches!(context.analysis.word(end + 1), "!" | "?" | "1")
            }) {
                end += 1;
            }
            if end > index {
                let span = tokens[index].span.start..tokens[end].span.end;
                findings.push(
                    Finding::new(Rule::Shouting, span, "repeated exclamation marks read as shouting or forced cheer")
                        .suggest("use a full stop, or at most one exclamation mark"),
                );
            }
            index = end + 1;
            continue;
        }
        index += 1;
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("WE ARE SO SORRY about your order.")]
    #[case("Your order is on its way!!")]
    #[case("This is NOT ACCEPTABLE AT ALL, and we know it.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::Shouting, text);
    }

    #[rstest]
    #[case("Your RMA and PIN are in the letter.")]
    #[case("Thank you for telling us!")]
    #[case("I'm sorry. The UK VAT refund is on its way.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::Shouting, text);
    }
}
