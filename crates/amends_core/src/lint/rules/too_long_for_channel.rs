//! ST303: a message too long for its channel.

use crate::channel::Channel;
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message longer than its channel allows or readers tolerate:
    ///
    /// | channel | limit |
    /// | --- | --- |
    /// | sms | 2 segments: 306 GSM-7 characters, or 134 when any character (a curly quote, an emoji) forces Unicode |
    /// | social | 280 characters |
    /// | chat | 120 words |
    /// | email | 400 words |
    /// | letter | 550 words |
    ///
    /// ## Why it matters
    /// An SMS over two segments arrives in pieces or costs more; a public reply over the
    /// limit is cut off. A long email buries the fix: customers read the first screen.
    /// One curly apostrophe in an SMS halves its length, which surprises everyone once.
    ///
    /// ## Example
    /// ```text
    /// (an SMS of 420 characters explaining the whole root-cause analysis)
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// Sorry, Dana: your refund of $42.10 went out today and lands by Fri. Details by email. – Priya
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let channel = context.channel();
    let limit = channel.length_limit();
    let doc = context.doc();
    let body = doc.source().trim();
    let start = doc.source().len() - doc.source().trim_start().len();
    let span = start..start + body.len();
    if let Some(hard) = limit.hard_chars {
        let (length, hard, unit) = match channel {
            Channel::Sms => match gsm7_units(body) {
                Some(units) => (units, hard, "GSM-7 characters"),
                None => {
                    (body.chars().count(), 134, "characters (Unicode SMS: a character outside GSM-7 halves the limit)")
                }
            },
            _ => (body.chars().count(), hard, "characters"),
        };
        if length > hard {
            let mut finding = Finding::new(
                Rule::TooLongForChannel,
                span.clone(),
                format!("{length} {unit}: more than the {hard} a {channel} message allows"),
            );
            finding = finding.suggest(if channel == Channel::Sms && gsm7_units(body).is_none() {
                "shorten it, and replace curly quotes, dashes and emoji with plain characters to keep the 306-character GSM-7 limit"
            } else {
                "keep the apology and the fix here; move the details to email or a private message"
            });
            findings.push(finding);
            return;
        }
    }
    let words = doc.word_count();
    if words > limit.soft_words {
        findings.push(
            Finding::new(
                Rule::TooLongForChannel,
                span,
                format!("{words} words: longer than the {} words readers give a {channel} message", limit.soft_words),
            )
            .suggest("lead with the apology and the fix; cut the background to one sentence"),
        );
    }
}

/// The length of `text` in GSM-7 septets, or `None` when a character is outside GSM-7.
fn gsm7_units(text: &str) -> Option<usize> {
    const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const EXTENDED: &str = "^{}\\[~]|€\u{c}";
    text.chars().try_fold(0, |units, ch| {
        if BASIC.contains(ch) {
            Some(units + 1)
        } else if EXTENDED.contains(ch) {
            Some(units + 2)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::gsm7_units;
    use crate::channel::Channel;
    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires_on, assert_silent_on};

    #[test]
    fn counts_gsm7_and_detects_unicode() {
        assert_eq!(gsm7_units("Sorry, Dana!"), Some(12));
        assert_eq!(gsm7_units("€5"), Some(3));
        assert_eq!(gsm7_units("We’re sorry"), None);
    }

    #[test]
    fn sms_over_two_segments() {
        assert_fires_on(Rule::TooLongForChannel, &"Sorry about the delay. ".repeat(14), Channel::Sms);
        // 140 characters with one curly apostrophe: over the Unicode limit of 134.
        let curly = format!("We’re sorry{}", ".".repeat(129));
        assert_fires_on(Rule::TooLongForChannel, &curly, Channel::Sms);
    }

    #[test]
    fn social_over_280_and_email_over_400_words() {
        assert_fires_on(Rule::TooLongForChannel, &"Sorry. ".repeat(41), Channel::Social);
        assert_fires_on(Rule::TooLongForChannel, &"word ".repeat(401), Channel::Email);
    }

    #[test]
    fn within_limits() {
        assert_silent_on(
            Rule::TooLongForChannel,
            "Sorry, Dana: your refund of $42.10 went out today. - Priya",
            Channel::Sms,
        );
        assert_silent_on(Rule::TooLongForChannel, &format!("{}.", "a".repeat(299)), Channel::Sms);
        assert_silent_on(Rule::TooLongForChannel, &"word ".repeat(399), Channel::Email);
        assert_silent_on(Rule::TooLongForChannel, &"Sorry. ".repeat(39), Channel::Social);
    }
}
