//! CX402: a reference, amount or date that contradicts the case facts.

use chrono::{Datelike, NaiveDate};

use crate::facts::{CaseFacts, RemedyKind};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::facts_in_text::{amounts, dates, reference_id, references};
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// With case facts (`--facts FILE`), flags facts in the message that disagree with the
    /// case: an order number that is not the customer's, a remedy amount that differs from
    /// the one granted, a fix date, follow-up date or incident date that differs from the
    /// facts, and a weekday that does not fall on the date it names ("Friday 21 November
    /// 2026" is a Saturday).
    ///
    /// ## Why it matters
    /// A wrong order number or amount in an apology is a second failure on top of the
    /// first, and the customer will act on the wrong date. Apologies are often written from
    /// an earlier one; this is where the old facts slip through.
    ///
    /// ## Example
    /// ```text
    /// Your replacement for order #48231 arrives on Friday 22 November with a $20 credit.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// Your replacement for order #48213 arrives on Thursday 21 November with a $15 credit.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let Some(facts) = context.facts() else { return };
    check_references(context, facts, findings);
    check_amounts(context, facts, findings);
    check_dates(context, facts, findings);
}

fn check_references(context: &Context<'_, '_, '_>, facts: &CaseFacts, findings: &mut Vec<Finding>) {
    let Some(reference) = facts.incident.reference.as_deref() else { return };
    let Some(expected) = reference_id(reference) else { return };
    for found in references(context.analysis) {
        if found.id != expected && same_shape(&found.id, &expected) {
            findings.push(
                Finding::new(
                    Rule::ContradictsFacts,
                    found.span,
                    format!("\"{}\" is not the customer's reference ({reference}, incident.reference)", found.id),
                )
                .suggest(format!("write {reference}")),
            );
        }
    }
}

/// Both all digits, or both letters and digits: an invoice number is not an order number.
fn same_shape(left: &str, right: &str) -> bool {
    let digits = |text: &str| text.bytes().all(|byte| byte.is_ascii_digit());
    digits(left) == digits(right)
}

fn check_amounts(context: &Context<'_, '_, '_>, facts: &CaseFacts, findings: &mut Vec<Finding>) {
    let Some(remedy) = &facts.remedy else { return };
    let Some(expected) = remedy.amount_minor() else { return };
    let keywords: &[&str] = match remedy.kind {
        RemedyKind::Credit => &["credit"],
        RemedyKind::Refund => &["refund", "refunded", "refunding"],
        RemedyKind::Discount => &["discount", "off", "voucher", "code"],
        RemedyKind::Gift => &["gift", "voucher", "card"],
        RemedyKind::Replacement | RemedyKind::None => return,
    };
    let analysis = context.analysis;
    for found in amounts(analysis) {
        // The remedy word must sit beside the amount, in the same clause ("a $15 credit,
        // and the $68 you paid" has two amounts, one of them the credit).
        let position = analysis.tokens().partition_point(|token| token.span.start < found.span.start);
        if analysis.tokens().get(position).is_none_or(|token| token.span.start != found.span.start) {
            continue;
        }
        let clause = analysis.tokens()[position].clause;
        let sentence = &analysis.sentences()[analysis.sentence_of(position)];
        let near = position.saturating_sub(4).max(sentence.tokens.start)..(position + 5).min(sentence.tokens.end);
        let about_remedy = near
            .filter(|&index| analysis.tokens()[index].clause == clause)
            .any(|index| keywords.contains(&analysis.word(index)));
        if about_remedy && found.minor != expected {
            let stated = context.doc().text(found.span.clone());
            findings.push(
                Finding::new(
                    Rule::ContradictsFacts,
                    found.span,
                    format!(
                        "\"{stated}\" differs from the remedy amount in the facts ({} {}, remedy.amount)",
                        remedy.amount.as_deref().unwrap_or(""),
                        remedy.currency.as_deref().unwrap_or("")
                    ),
                )
                .suggest(format!(
                    "write the granted amount, {}",
                    remedy.text.as_deref().unwrap_or(remedy.amount.as_deref().unwrap_or(""))
                )),
            );
        }
    }
}

fn check_dates(context: &Context<'_, '_, '_>, facts: &CaseFacts, findings: &mut Vec<Finding>) {
    let fact_dates = facts.dates();
    if fact_dates.is_empty() {
        return;
    }
    let day_first = !facts.customer.locale.as_deref().is_some_and(|locale| locale.eq_ignore_ascii_case("en-US"));
    let elements = &context.detection.elements;
    let within = |element: Element, offset: usize| elements.span(element).is_some_and(|span| span.contains(&offset));
    let default_year = fact_dates[0].1.year();
    for found in dates(context.analysis, day_first) {
        let stated = context.doc().text(found.span.clone());
        let matched = fact_dates.iter().find(|(_, date)| found.matches(*date));
        if let (Some(weekday), Some((month, day))) = (found.weekday, found.readings.first().copied()) {
            let year = found.year.or_else(|| matched.map(|(_, date)| date.year())).unwrap_or(default_year);
            if let Some(date) = NaiveDate::from_ymd_opt(year, month, day)
                && date.weekday() != weekday
                && found.readings.len() == 1
            {
                findings.push(
                    Finding::new(
                        Rule::ContradictsFacts,
                        found.span.clone(),
                        format!("\"{stated}\": {} is a {}", date.format("%-d %B %Y"), date.format("%A")),
                    )
                    .suggest(format!("write \"{}\"", date.format("%A %-d %B"))),
                );
                continue;
            }
        }
        if matched.is_some() {
            continue;
        }
        let offset = found.span.start;
        let context_field = [
            (Element::Timeline, "fix.eta"),
            (Element::Fix, "fix.eta"),
            (Element::FollowUp, "follow_up.at"),
            (Element::Cause, "cause.known_by"),
            (Element::WhatHappened, "incident.happened_on"),
        ]
        .into_iter()
        .filter(|(element, _)| within(*element, offset))
        .find_map(|(_, field)| fact_dates.iter().find(|(name, _)| *name == field));
        if let Some((field, date)) = context_field {
            findings.push(
                Finding::new(
                    Rule::ContradictsFacts,
                    found.span,
                    format!("\"{stated}\" differs from the facts: {field} is {}", date.format("%A %-d %B %Y")),
                )
                .suggest(format!("write \"{}\"", date.format("%A %-d %B"))),
            );
        }
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
happened_on = "2026-11-18"
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

    #[rstest]
    #[case("I'm sorry about order #48231.")]
    #[case("We've added a $20 credit to your account.")]
    #[case("Your new sweater will arrive on Saturday 22 November.")]
    #[case("It will reach you by Friday 21 November 2026.")]
    #[case("I'll email you on 25 November to check it arrived.")]
    fn fires(#[case] text: &str) {
        assert!(!findings(Rule::ContradictsFacts, text, Channel::Email, Some(&facts())).is_empty(), "{text}");
    }

    #[rstest]
    #[case("I'm sorry about order #48213.")]
    #[case("We've added a $15.00 credit, and refunded the $68.00 you paid.")]
    #[case("It will reach you by Saturday 21 November.")]
    #[case("On 18 November we shipped the wrong colour; I'll email you on 24 November.")]
    #[case("You've been with us since 12 March 2019.")]
    fn silent(#[case] text: &str) {
        assert!(findings(Rule::ContradictsFacts, text, Channel::Email, Some(&facts())).is_empty(), "{text}");
    }
}
