//! ST301: misspelled words, found by the prose checker (harper-core).

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::rule::rule_doc;
use crate::prose::ProseKind;

rule_doc! {
    /// ## What it does
    /// Flags words the spelling dictionary does not know, with the most likely correction.
    /// The customer's, the agent's and the product's names are added to the dictionary for
    /// each message, so they are never reported. The dialect (American, British, Canadian,
    /// Australian) comes from the `dialect` setting.
    ///
    /// ## Why it matters
    /// A typo in an apology reads as carelessness at the moment you are promising care.
    ///
    /// ## Example
    /// ```text
    /// We apologise for the dealy with your refund.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// We apologise for the delay with your refund.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    report(context, findings, ProseKind::Spelling, Rule::Misspelling);
}

/// Turns the prose checker's findings of `kind` into findings of `rule`.
pub(crate) fn report(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>, kind: ProseKind, rule: Rule) {
    for found in context.prose.iter().filter(|found| found.kind == kind) {
        let mut finding = Finding::new(rule, found.span.clone(), found.message.clone());
        if let Some(suggestion) = &found.suggestion {
            finding = finding.suggest(format!("write \"{suggestion}\""));
        }
        findings.push(finding);
    }
}

#[cfg(test)]
mod tests {
    //! The harper-backed checker lives in `amends_prose`, whose tests cover real
    //! misspellings; here a fixed checker shows how its findings become diagnostics.

    use crate::lint::Rule;
    use crate::lint::rules::test_support::with_prose;
    use crate::prose::ProseKind;

    #[test]
    fn reports_spelling_findings_with_their_suggestion() {
        let diagnostics =
            with_prose(Rule::Misspelling, "We apologise for the dealy.", ProseKind::Spelling, "dealy", Some("delay"));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].suggestion.as_deref(), Some("write \"delay\""));
        assert_eq!(diagnostics[0].column, 22);
    }

    #[test]
    fn ignores_grammar_findings() {
        let diagnostics =
            with_prose(Rule::Misspelling, "We sent a order.", ProseKind::Grammar, "a order", Some("an order"));
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn reports_nothing_without_findings() {
        let diagnostics = with_prose(Rule::Misspelling, "All words here are fine.", ProseKind::Spelling, "", None);
        assert!(diagnostics.is_empty());
    }
}
