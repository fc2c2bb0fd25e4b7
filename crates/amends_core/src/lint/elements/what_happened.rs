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
use crate::text::TokenKind;

/// Failures expressed with a negation or a phrase rather than a single cue word.
pub(crate) static FAILURE_PHRASES: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(did not|never|has not|have not|had not|was not|were not|is not|are not) [been] (arrive|arrived|turn up|show up|come|get to you|reach you|reached you|make it|work|working|worked|include|included|apply|applied|go through|gone through|process|processed|ship|shipped|send|sent|deliver|delivered|get delivered|been delivered|received|receive|credited|refunded|honoured|honored|answered|returned|call|called|come back|fixed|repaired|connected|activated|updated|cancelled|canceled|posted|tell you|told you|warn you|warned you|let you know|notify you|notified you|cleaned|ready|there|available|on time)",
            "(stopped|stop) working",
            "not working",
            "(went|was|were|has been|have been|is|are) (down|offline|out of service|out of stock|unreachable)",
            "(water|power|electricity|gas|heating|heat|supply|service|internet|broadband|signal|line|phone|connection|wifi|lift|elevator) (was|were|is|are|has been|have been|went|will be|had been) (off|out|cut|down|disconnected|interrupted)",
            "(charged|billed|debited) (you|your card|your account) (twice|two times|again|double)",
            "(charged|billed) (you|your card|your account) for",
            "(no one|nobody|no-one) (came|showed up|turned up|called|answered|told you|warned you|rang)",
            "(left|taken|missing) (off|out of) your",
            "instead of",
            "cut off",
            "locked out",
            "kept (you|waiting)",
            "(sent|shipped|delivered|gave|given|told|charged|quoted) (you|your) [(a|an|the)] (wrong|incorrect|old|outdated)",
            "(hung|hang) up on you",
            "(gave|sent|offered|had) you (no|almost no|little|few|hardly any|conflicting) (updates|update|information|warning|notice|explanation|answer|answers|reply|replies|response|responses|call|calls|news)",
            "(sat|was held|were held|waited) (at|on) the (gate|tarmac|runway|platform|station)",
            "even though you [had] (asked|told|written|wrote|requested|specified|ordered|paid|booked|noted|mentioned|said|explained|confirmed|selected|chose|called)",
            "despite (you|your) (asking|request|note|notes|telling|instructions|booking|order|payment|having)",
            "(taking|took|taken|take) longer than",
            "(longer|later) than (we|the|you) (promised|told|said|expected|quoted|agreed)",
            "(more|higher) than (we|the) (quoted|promised|agreed|said)",
            "(to|at) your old (address|postcode|zip code|email|number|card|account)",
            "(arrived|came|turned up|showed up|was delivered|were delivered) (with|without|missing|empty|opened|open|soaked|wet|crushed|late|early|cold)",
            "(forgot|forgotten|skipped|missed|overlooked|ignored) (your|to)",
        ]
        .map(|pattern| (pattern, ())),
    )
});

/// Returns the first sentence that names the failure, or else a vague mention of it.
///
/// A failure cue counts when the sentence ties it to this customer or to us: "you",
/// "your", a reference, an amount, or "we"/"our" with a concrete detail. Sentences that
/// hold a non-apology pattern (`tainted`) do not count: "mistakes were made that
/// affected some accounts" names no one's failure.
pub(super) fn detect(analysis: &Analysis<'_, '_>, tainted: &[usize]) -> (Option<Range<usize>>, Option<Range<usize>>) {
    let phrase_sentences: Vec<usize> =
        analysis.matches(&FAILURE_PHRASES).iter().map(|found| analysis.sentence_of(found.tokens.start)).collect();
    let mut vague = None;
    for (index, sentence) in analysis.sentences().iter().enumerate() {
        let range = sentence.tokens.clone();
        if tainted.binary_search(&index).is_ok()
            || is_about_the_future(analysis, range.clone())
            || analysis.is_question(index)
        {
            continue;
        }
        let generic_with_amount =
            analysis.has(range.clone(), Classes::GENERIC_FAILURE) && has_reference(analysis, range.clone());
        let cue = analysis.has(range.clone(), Classes::FAILURE)
            || phrase_sentences.binary_search(&index).is_ok()
            || generic_with_amount;
        let content = analysis.content_words(range.clone());
        let anchored = analysis.has_anchor(range.clone()) || !analysis.times(index).is_empty();
        let customer = range.clone().any(|token| analysis.class(token).any(Classes::SECOND_PERSON));
        let ours = range.clone().any(|token| matches!(analysis.word(token), "we" | "our" | "i" | "my"));
        let tied = customer || has_reference(analysis, range.clone()) || (ours && (anchored || content >= 3));
        let apology_with_details = analysis.has(range.clone(), Classes::APOLOGY) && anchored && content >= 3;
        if (cue && tied && content >= 2) || apology_with_details {
            return (Some(sentence.span.clone()), None);
        }
        if vague.is_none() && analysis.has(range.clone(), Classes::APOLOGY) && analysis.has(range, Classes::VAGUE) {
            vague = Some(sentence.span.clone());
        }
    }
    (None, vague)
}

fn has_reference(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    range
        .into_iter()
        .any(|index| matches!(analysis.tokens()[index].kind, TokenKind::Reference | TokenKind::Money | TokenKind::Code))
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
