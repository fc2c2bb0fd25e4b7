//! What happened: the specific failure, in the customer's terms.
//!
//! A sentence names the failure when it carries a failure cue ("wrong", "twice",
//! "didn't arrive") and enough concrete words around it — an object, a reference, an
//! amount or a date — to tell this failure from any other. "Sorry for the issue" names
//! nothing; "we charged your card twice on 3 March" names it.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::lexicon::Classes;
use crate::lint::phrase::PhraseTable;

/// Failures expressed with a negation or a phrase rather than a single cue word.
static FAILURE_PHRASES: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(did not|didn't|never|has not|hasn't|have not|haven't|had not|was not|wasn't|were not|weren't) (arrive|arrived|turn up|show up|come|get to you|reach you|reached you|make it|work|working|worked|include|included|apply|applied|go through|gone through|process|processed|ship|shipped|send|sent|deliver|delivered|get delivered|been delivered|received|receive|credited|refunded|honoured|honored|answered|returned|call|called|come back|fixed|repaired|connected|activated|updated|cancelled|canceled|processed|posted)",
            "(stopped|stop) working",
            "not working",
            "(went|was|were|has been|have been) (down|offline|out)",
            "(charged|billed|debited) (you|your card|your account) (twice|two times|again|double)",
            "(charged|billed) (you|your card|your account) for",
            "no one (came|showed up|turned up|called|answered)",
            "(nobody|no-one) (came|showed up|turned up|called|answered)",
            "(left|taken|missing) (off|out of) your",
            "instead of",
            "cut off",
            "locked out",
            "kept (you|waiting)",
            "(sent|shipped|delivered|gave|given) (you|your) the wrong",
            "(hung|hang) up on you",
        ]
        .map(|pattern| (pattern, ())),
    )
});

/// Returns the first sentence that names the failure, or else a vague mention of it.
pub(super) fn detect(analysis: &Analysis<'_, '_>) -> (Option<Range<usize>>, Option<Range<usize>>) {
    let phrase_sentences: Vec<usize> =
        analysis.matches(&FAILURE_PHRASES).iter().map(|found| analysis.sentence_of(found.tokens.start)).collect();
    let mut vague = None;
    for (index, sentence) in analysis.sentences().iter().enumerate() {
        let range = sentence.tokens.clone();
        if is_about_the_future(analysis, range.clone()) {
            continue;
        }
        let cue = analysis.has(range.clone(), Classes::FAILURE) || phrase_sentences.contains(&index);
        let generic = analysis.has(range.clone(), Classes::GENERIC_FAILURE);
        let content = analysis.content_words(range.clone());
        let anchored = analysis.has_anchor(range.clone()) || !analysis.times(index).is_empty();
        if (cue && (content >= 3 || (anchored && content >= 2))) || (generic && anchored && content >= 4) {
            return (Some(sentence.span.clone()), None);
        }
        if vague.is_none() && analysis.has(range.clone(), Classes::APOLOGY) && analysis.has(range, Classes::VAGUE) {
            vague = Some(sentence.span.clone());
        }
    }
    (None, vague)
}

/// Sentences about what will happen or must never happen again do not say what went wrong.
fn is_about_the_future(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    range
        .into_iter()
        .any(|index| matches!(analysis.word(index), "again" | "future" | "prevent" | "prevents" | "forward"))
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("I’m sorry we sent you a pink sweater instead of the blue one you ordered.")]
    #[case("Your card was charged twice for order #48213 on 3 March.")]
    #[case("Your parcel didn’t arrive on Friday as promised.")]
    #[case("Our app was down for three hours on Tuesday morning.")]
    #[case("The technician never showed up for your 9 am appointment.")]
    #[case("There was a billing error that added $49.99 to your March invoice.")]
    fn names_the_failure(#[case] text: &str) {
        assert!(has(text, Element::WhatHappened), "{text}");
    }

    #[rstest]
    #[case("We're sorry for the issue you experienced.")]
    #[case("We apologize for the inconvenience.")]
    #[case("Sorry for the delay.")]
    #[case("This will not happen again, we promise.")]
    #[case("We made a mistake with your order.")]
    fn vague_or_not_about_the_failure(#[case] text: &str) {
        assert!(!has(text, Element::WhatHappened), "{text}");
    }
}
