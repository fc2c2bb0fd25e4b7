//! ST302: grammar mistakes, found by the prose checker (harper-core).

use super::misspelling::report;
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::rule::rule_doc;
use crate::prose::ProseKind;

rule_doc! {
    /// ## What it does
    /// Flags grammar mistakes found by a reviewed short list of harper-core's grammar
    /// rules: repeated words, wrong articles ("a order"), common confusions ("your
    /// welcome"), and similar errors that are almost never intended. Style opinions are
    /// left out on purpose. See `docs/prose-checking.md` for the list.
    ///
    /// ## Why it matters
    /// Like a typo, a grammar slip makes a careful apology look careless — and customers
    /// quote careless apologies in public.
    ///
    /// ## Example
    /// ```text
    /// We have sent you a order confirmation for the the replacement.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// We have sent you an order confirmation for the replacement.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    report(context, findings, ProseKind::Grammar, Rule::Grammar);
}

#[cfg(test)]
mod tests {
    use crate::lint::Rule;
    use crate::lint::rules::test_support::with_prose;
    use crate::prose::ProseKind;

    #[test]
    fn reports_grammar_findings() {
        let diagnostics =
            with_prose(Rule::Grammar, "We sent a order.", ProseKind::Grammar, "a order", Some("an order"));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "ST302");
    }

    #[test]
    fn ignores_spelling_findings() {
        let diagnostics =
            with_prose(Rule::Grammar, "We apologise for the dealy.", ProseKind::Spelling, "dealy", Some("delay"));
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn reports_nothing_without_findings() {
        let diagnostics = with_prose(Rule::Grammar, "We sent an order.", ProseKind::Grammar, "", None);
        assert!(diagnostics.is_empty());
    }
}
