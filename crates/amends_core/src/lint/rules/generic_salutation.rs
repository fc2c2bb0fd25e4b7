//! AP111: a generic greeting; the customer is not addressed by name.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// On email and letters, flags a greeting that names nobody ("Dear Valued Customer",
    /// "Dear Sir/Madam", "Hello,") or a message with no greeting at all.
    ///
    /// ## Why it matters
    /// The customer's name is the first proof that a person wrote to them. "Dear Valued
    /// Customer" is the first proof that nobody did.
    ///
    /// ## Example
    /// ```text
    /// Dear Valued Customer,
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// Dear Dana,
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    if !context.channel().expects_salutation() {
        return;
    }
    match &context.doc().layout().salutation {
        Some(salutation) if salutation.generic => {
            let text = context.doc().text(salutation.span.clone());
            findings.push(
                Finding::new(
                    Rule::GenericSalutation,
                    salutation.span.clone(),
                    format!("\"{text}\" does not address the customer by name"),
                )
                .suggest("greet the customer by name, e.g. \"Dear Dana,\""),
            );
        }
        Some(_) => {}
        None => findings.push(
            Finding::new(
                Rule::GenericSalutation,
                context.message_start(),
                "no greeting: the message does not address the customer by name",
            )
            .suggest("open with the customer's name, e.g. \"Dear Dana,\""),
        ),
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::channel::Channel;
    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent, assert_silent_on};

    #[rstest]
    #[case("Dear Valued Customer,\n\nWe are sorry.")]
    #[case("Hello,\n\nWe are sorry.")]
    #[case("We are sorry your order was late.")]
    #[case("Dear Sir/Madam,\n\nWe are sorry.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::GenericSalutation, text);
    }

    #[rstest]
    #[case("Dear Dana,\n\nI'm sorry.")]
    #[case("Hi Mr. Okafor,\n\nI'm sorry.")]
    #[case("Dana,\n\nI'm sorry.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::GenericSalutation, text);
    }

    #[test]
    fn chat_needs_no_greeting() {
        assert_silent_on(Rule::GenericSalutation, "So sorry about that! A new one ships today.", Channel::Chat);
    }
}
