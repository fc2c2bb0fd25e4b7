//! Follow-up: who will follow up, how and when — or a named person to reach directly.
//!
//! "Contact us if you have questions" is not a follow-up: nobody is named and nothing
//! is promised. "I'll call you on Monday to check it arrived" and "reach me directly at
//! sam.ortiz@shop.example" are.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::phrase::PhraseTable;
use crate::text::TokenKind;

/// A first-person commitment to get back in touch.
pub(crate) static COMMITMENTS: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(i|we) (will|am going to|want to|would like to) [(personally|also|then|again)] (call|phone|ring|email|e-mail|write|text|message|contact|reach out|check in|check back|check with you|follow up|get back|be in touch|update you|let you know|keep you|send you an update|send you a note|send you an email|confirm|visit|see you|speak|talk|drop you|reply|touch base|circle back|look in)",
            "(i|we) will be in touch",
            "(i|we) will [(personally|also)] (make sure|check) (it|that|this|everything|the|your)",
            "(i have|i've|we have|we've) (set|put|scheduled|booked|added) (a|myself a) (reminder|call|follow-up|check-in)",
            "(expect|you will get|you'll get|you will receive|you'll receive) (a|an|my|our) (call|email|text|message|update|note) (from me|from us|on|by|tomorrow|next)",
            "(i|we) will [(also)] (send|email|text|post) you (a|an|the|our) (update|confirmation|tracking|note|message|email|text|report|incident report|findings|results|summary|explanation)",
            "will (call|phone|ring|email|text|message|contact|visit) you",
            "(reply|respond|write|message us) (there|here|to this email|to this message|to me) and i will",
            "(i have|i've|we have|we've) (sent|dropped) you a (dm|direct message|private message|message)",
            "(i|we) will (handle|look into|take care of|sort out|check) (it|this|that|everything) [(personally|myself|for you)]",
        ]
        .map(|pattern| (pattern, ())),
    )
});

/// A named person the customer can reach directly.
pub(crate) static DIRECT_CONTACT: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(reach|contact|email|call|phone|text|message|ring|find|write to) me",
            "my (direct|personal|own) (line|number|email|address|extension|phone|mobile|contact)",
            "(reply|respond) (to this|directly|here|there)",
            "(comes|goes|come|go) (straight|directly) to me",
            "ask for me",
            "(i am|i'm|i will be|i'll be) your (dedicated|personal|single|direct|named) (contact|point of contact|case manager|agent|advisor|adviser)",
            "(i am|i'm) (keeping|holding|taking) (your|this) case",
            "(i have|i've) (kept|taken) (your|this) case",
        ]
        .map(|pattern| (pattern, ())),
    )
});

pub(super) fn detect(analysis: &Analysis<'_, '_>) -> Option<Range<usize>> {
    let commitment = analysis
        .matches(&COMMITMENTS)
        .into_iter()
        .filter(|found| !analysis.tokens()[found.tokens.start].negated)
        .map(|found| analysis.sentence_of(found.tokens.start))
        .find(|&sentence| !is_conditional_only(analysis, sentence));
    let direct = analysis
        .matches(&DIRECT_CONTACT)
        .into_iter()
        .filter(|found| !analysis.tokens()[found.tokens.start].negated)
        .map(|found| analysis.sentence_of(found.tokens.start))
        .find(|&sentence| names_a_way(analysis, sentence));
    match (commitment, direct) {
        (Some(first), Some(second)) => Some(analysis.sentence_span(first.min(second))),
        (one, other) => one.or(other).map(|sentence| analysis.sentence_span(sentence)),
    }
}

/// "If you need anything, I will call you" is still a promise; "I will call you if
/// there is a problem" without a when is only conditional.
fn is_conditional_only(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let range = analysis.sentences()[sentence].tokens.clone();
    let conditional = range.clone().any(|index| matches!(analysis.word(index), "if" | "should" | "unless"));
    conditional && analysis.times(sentence).is_empty() && !analysis.has_word(range, "when")
}

/// A direct contact needs a way to reach the person (an address, a number, "reply") and
/// a person: "reply to this email and we will process it" names no one.
fn names_a_way(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let range = analysis.sentences()[sentence].tokens.clone();
    if !range.clone().any(|index| matches!(analysis.word(index), "i" | "me" | "my")) {
        return false;
    }
    range.clone().any(|index| {
        let token = &analysis.tokens()[index];
        token.kind == TokenKind::Contact
            || (token.kind == TokenKind::Number && analysis.word(index).len() >= 3)
            || matches!(
                analysis.word(index),
                "reply"
                    | "respond"
                    | "extension"
                    | "ext"
                    | "line"
                    | "straight"
                    | "directly"
                    | "ask"
                    | "dedicated"
                    | "personal"
                    | "case"
            )
    })
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("I’ll email you on Thursday afternoon to check the sweater arrived.")]
    #[case("If anything else goes wrong, you can reach me directly at sam.ortiz@northwindknits.example.")]
    #[case("I will call you on Monday 24 November.")]
    #[case("My direct line is 0161 555 0199.")]
    #[case("We will write to you by 14 February with the findings.")]
    fn follows_up(#[case] text: &str) {
        assert!(has(text, Element::FollowUp), "{text}");
    }

    #[rstest]
    #[case("Contact us if you have any questions.")]
    #[case("Please do not hesitate to reach out.")]
    #[case("Let me know if you have any other questions.")]
    #[case("We did not call you back.")]
    fn no_follow_up(#[case] text: &str) {
        assert!(!has(text, Element::FollowUp), "{text}");
    }
}
