//! CX404: private data in a public social reply.

use crate::channel::Channel;
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::facts_in_text::{amounts, references};
use crate::lint::rule::rule_doc;
use crate::text::TokenKind;

rule_doc! {
    /// ## What it does
    /// On the `social` channel, flags private data in a public reply: order and account
    /// references and amounts, and — with case facts — the customer's email address, phone
    /// number and surname.
    ///
    /// ## Why it matters
    /// A public reply is read by everyone. Acknowledge and apologize in public, then move
    /// the details to a private channel; posting a customer's order number or refund
    /// amount is a second failure, and sometimes a breach.
    ///
    /// ## Example
    /// ```text
    /// @dana_w So sorry! Your refund of $68.00 for order #48213 goes out today.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// @dana_w So sorry about your order. We've sent you a DM so we can put it right today.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    if context.channel() != Channel::Social {
        return;
    }
    let analysis = context.analysis;
    let mut report = |span: std::ops::Range<usize>, what: &str| {
        let text = context.doc().text(span.clone());
        findings.push(
            Finding::new(Rule::PrivateDataInPublic, span, format!("\"{text}\" is {what} in a public reply"))
                .suggest("keep details for a private message: \"we've sent you a DM\""),
        );
    };
    for found in references(analysis) {
        report(found.span, "a private reference");
    }
    for found in amounts(analysis) {
        report(found.span, "a private amount");
    }
    if let Some(facts) = context.facts() {
        for token in analysis.tokens() {
            let text = context.doc().text(token.span.clone());
            let is_customer_email = token.kind == TokenKind::Contact
                && facts.customer.email.as_deref().is_some_and(|email| text.eq_ignore_ascii_case(email));
            if is_customer_email {
                report(token.span.clone(), "the customer's email address");
            }
        }
        if let Some(phone) = facts.customer.phone.as_deref() {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            let source = context.doc().source();
            if digits.len() >= 7 && source.chars().filter(char::is_ascii_digit).collect::<String>().contains(&digits) {
                report(context.message_start(), "the customer's phone number");
            }
        }
        let surname = facts.customer.name.split_whitespace().skip(1).last();
        if let Some(surname) = surname.filter(|surname| surname.len() > 1) {
            let source = context.doc().source();
            if let Some(at) = source.find(surname) {
                report(at..at + surname.len(), "the customer's surname");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::channel::Channel;
    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires_on, assert_silent_on};

    #[rstest]
    #[case("@dana_w So sorry! Your refund of $68.00 goes out today.")]
    #[case("@dana_w Sorry about order #48213, we're on it.")]
    #[case("@dana_w Sorry! Invoice 99812 is corrected now.")]
    fn fires(#[case] text: &str) {
        assert_fires_on(Rule::PrivateDataInPublic, text, Channel::Social);
    }

    #[rstest]
    #[case("@dana_w So sorry about your order. We've sent you a DM so we can put it right today.")]
    #[case("@dana_w That's on us, and we're sorry. Check your DMs: Priya has the details.")]
    #[case("@dana_w Sorry! It was 3 days late, and that's not okay.")]
    fn silent(#[case] text: &str) {
        assert_silent_on(Rule::PrivateDataInPublic, text, Channel::Social);
    }

    #[test]
    fn only_on_social() {
        assert_silent_on(
            Rule::PrivateDataInPublic,
            "Your refund of $68.00 for order #48213 goes out today.",
            Channel::Email,
        );
    }
}
