//! CX403: a fact of the case that the message does not mention.

use crate::channel::Channel;
use crate::facts::{RemedyKind, When};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::facts_in_text::{amounts, dates, reference_id, references};
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// With case facts (`--facts FILE`), flags facts the customer needs that the message
    /// leaves out: their reference, the remedy amount, the fix date, the follow-up owner
    /// and date, and — when the cause is not known yet — the date by which it will be. On
    /// social replies, private facts (reference, amount) are not expected.
    ///
    /// ## Why it matters
    /// The facts are the specific part of a specific apology. A message that says "your
    /// order" instead of "order #48213", or "soon" instead of "Thursday", leaves the
    /// customer to ask again.
    ///
    /// ## Example
    /// ```text
    /// I'm sorry about your order. A replacement is on its way.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry about order #48213. A replacement is on its way and arrives Saturday 21 November.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let Some(facts) = context.facts() else { return };
    let public = context.channel() == Channel::Social;
    let mut missing = |what: String, field: &str, suggestion: String| {
        findings.push(
            Finding::new(Rule::MissingFact, context.message_start(), format!("{what} ({field}) is not mentioned"))
                .suggest(suggestion),
        );
    };
    let source = context.doc().source().to_lowercase();
    if !public
        && let Some(reference) = facts.incident.reference.as_deref()
        && let Some(id) = reference_id(reference)
        && !references(context.analysis).iter().any(|found| found.id == id)
        && !source.contains(&id)
    {
        missing(format!("the customer's reference {reference}"), "incident.reference", format!("mention {reference}"));
    }
    if !public
        && let Some(remedy) = &facts.remedy
        && remedy.kind != RemedyKind::None
        && let Some(expected) = remedy.amount_minor()
        && !amounts(context.analysis).iter().any(|found| found.minor == expected)
    {
        let amount = format!("{} {}", remedy.amount.as_deref().unwrap_or(""), remedy.currency.as_deref().unwrap_or(""));
        missing(
            format!("the remedy amount {}", amount.trim()),
            "remedy.amount",
            format!("mention {}", remedy.text.as_deref().unwrap_or(amount.trim())),
        );
    }
    let day_first = !facts.customer.locale.as_deref().is_some_and(|locale| locale.eq_ignore_ascii_case("en-US"));
    let text_dates = dates(context.analysis, day_first);
    let mentions = |when: When| text_dates.iter().any(|found| found.matches(when.date()));
    if let Some(eta) = facts.fix.as_ref().and_then(|fix| fix.eta)
        && !mentions(eta)
        && !public
    {
        missing(
            format!("the fix date {}", eta.date().format("%A %-d %B")),
            "fix.eta",
            format!("say when the fix completes: \"by {}\"", eta.date().format("%A %-d %B")),
        );
    }
    if let Some(follow_up) = &facts.follow_up {
        let first_name = follow_up.owner.split_whitespace().next().unwrap_or(&follow_up.owner).to_lowercase();
        if !public && !source.contains(&first_name) {
            missing(
                format!("the follow-up owner {}", follow_up.owner),
                "follow_up.owner",
                format!("say who follows up: \"{} will …\"", follow_up.owner),
            );
        }
        if let Some(at) = follow_up.at
            && !mentions(at)
            && !public
        {
            missing(
                format!("the follow-up date {}", at.date().format("%A %-d %B")),
                "follow_up.at",
                format!("say when: \"on {}\"", at.date().format("%A %-d %B")),
            );
        }
    }
    if let Some(known_by) = facts.cause.as_ref().filter(|cause| !cause.known).and_then(|cause| cause.known_by)
        && !mentions(known_by)
    {
        missing(
            format!("the date the cause will be known, {}", known_by.date().format("%A %-d %B")),
            "cause.known_by",
            format!("say when you will know: \"we will tell you by {}\"", known_by.date().format("%A %-d %B")),
        );
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::channel::Channel;
    use crate::facts::CaseFacts;
    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::findings;

    fn facts() -> CaseFacts {
        CaseFacts::from_toml(
            r#"
[customer]
name = "Dana Whitfield"
[incident]
what_happened = "we shipped a pink sweater instead of the blue one"
reference = "order #48213"
[fix]
text = "a blue sweater ships today"
eta = "2026-11-21"
[remedy]
kind = "credit"
amount = "15.00"
currency = "USD"
text = "a $15 credit"
[follow_up]
owner = "Sam Ortiz"
channel = "email"
at = "2026-11-24"
"#,
        )
        .unwrap()
    }

    const COMPLETE: &str = "I'm sorry about order #48213. It arrives Saturday 21 November, with a $15 credit. Sam will email you on 24 November.";

    #[rstest]
    #[case(
        "I'm sorry about your order. It arrives Saturday 21 November, with a $15 credit. Sam will email you on 24 November."
    )]
    #[case("I'm sorry about order #48213. It arrives soon, with a $15 credit. Sam will email you on 24 November.")]
    #[case(
        "I'm sorry about order #48213. It arrives Saturday 21 November, with a credit. Sam will email you on 24 November."
    )]
    #[case("I'm sorry about order #48213. It arrives Saturday 21 November, with a $15 credit. We will email you.")]
    fn fires(#[case] text: &str) {
        assert!(!findings(Rule::MissingFact, text, Channel::Email, Some(&facts())).is_empty(), "{text}");
    }

    #[rstest]
    #[case(COMPLETE)]
    #[case(
        "I'm sorry about order 48213. It arrives on 2026-11-21, with $15.00 credit. Sam Ortiz will email you on Tuesday 24 November."
    )]
    fn silent(#[case] text: &str) {
        assert!(findings(Rule::MissingFact, text, Channel::Email, Some(&facts())).is_empty(), "{text}");
    }

    #[test]
    fn public_replies_skip_private_facts() {
        let found = findings(
            Rule::MissingFact,
            "So sorry, Dana! Please DM us so we can put this right.",
            Channel::Social,
            Some(&facts()),
        );
        assert!(found.is_empty(), "{found:#?}");
    }
}
