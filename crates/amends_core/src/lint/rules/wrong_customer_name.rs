//! CX401: the customer's name is wrong or missing.

use crate::facts::CaseFacts;
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// With case facts (`--facts FILE`), flags a greeting that names someone other than
    /// the customer ("Dear Diana" to Dana Whitfield), and on email and letters a message
    /// that does not greet the customer by name at all.
    ///
    /// ## Why it matters
    /// Getting the name wrong in an apology tells the customer they are one of many — at
    /// the exact moment you are trying to show they are not. It is also the most common
    /// mistake of copy-and-paste replies.
    ///
    /// ## Example
    /// ```text
    /// Dear Diana,
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// Dear Dana,
    /// ```
}

const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "dame"];

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let Some(facts) = context.facts() else { return };
    let expected = facts.customer.greeting_name();
    let salutation = context.doc().layout().salutation.as_ref();
    match salutation.and_then(|salutation| salutation.name.clone().map(|name| (salutation, name))) {
        Some((salutation, name)) if !salutation.generic => {
            let greeted = context.doc().text(name.clone());
            if context
                .doc()
                .layout()
                .variables
                .iter()
                .any(|variable| variable.start >= name.start && variable.end <= name.end)
            {
                return;
            }
            if !names_customer(greeted, facts) {
                findings.push(
                    Finding::new(
                        Rule::WrongCustomerName,
                        name,
                        format!("greets \"{greeted}\", but the customer is {}", facts.customer.name),
                    )
                    .suggest(format!("write \"{expected}\"")),
                );
            }
        }
        _ if context.channel().expects_salutation() => {
            let span = salutation.map_or_else(|| context.message_start(), |salutation| salutation.span.clone());
            findings.push(
                Finding::new(
                    Rule::WrongCustomerName,
                    span,
                    format!("the customer ({}) is not greeted by name", facts.customer.name),
                )
                .suggest(format!("open with \"Dear {expected},\"")),
            );
        }
        _ => {}
    }
}

/// Whether every word of the greeted name is one of the customer's names (titles aside).
fn names_customer(greeted: &str, facts: &CaseFacts) -> bool {
    let known: Vec<String> = facts
        .customer
        .name
        .split_whitespace()
        .chain(facts.customer.first_name.as_deref().into_iter().flat_map(str::split_whitespace))
        .map(normalize)
        .collect();
    let words: Vec<String> = greeted
        .split_whitespace()
        .map(normalize)
        .filter(|word| !word.is_empty() && !TITLES.contains(&word.as_str()))
        .collect();
    !words.is_empty() && words.iter().all(|word| known.contains(word))
}

fn normalize(word: &str) -> String {
    word.trim_matches(|ch: char| !ch.is_alphanumeric()).to_lowercase()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::channel::Channel;
    use crate::facts::CaseFacts;
    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::findings;

    fn facts() -> CaseFacts {
        CaseFacts::from_toml("[customer]\nname = \"Dana Whitfield\"\n[incident]\nwhat_happened = \"late\"\n").unwrap()
    }

    #[rstest]
    #[case("Dear Diana,\n\nI'm sorry.")]
    #[case("Dear Valued Customer,\n\nI'm sorry.")]
    #[case("I'm sorry your order was late.")]
    #[case("Hi Dana Whitman,\n\nI'm sorry.")]
    fn fires(#[case] text: &str) {
        assert!(!findings(Rule::WrongCustomerName, text, Channel::Email, Some(&facts())).is_empty(), "{text}");
    }

    #[rstest]
    #[case("Dear Dana,\n\nI'm sorry.")]
    #[case("Dear Ms. Whitfield,\n\nI'm sorry.")]
    #[case("Hi Dana Whitfield,\n\nI'm sorry.")]
    fn silent(#[case] text: &str) {
        assert!(findings(Rule::WrongCustomerName, text, Channel::Email, Some(&facts())).is_empty(), "{text}");
    }

    #[test]
    fn chat_may_skip_the_name_and_no_facts_means_no_check() {
        assert!(findings(Rule::WrongCustomerName, "So sorry about that!", Channel::Chat, Some(&facts())).is_empty());
        assert!(findings(Rule::WrongCustomerName, "Dear Diana,\n\nSorry.", Channel::Email, None).is_empty());
    }
}
