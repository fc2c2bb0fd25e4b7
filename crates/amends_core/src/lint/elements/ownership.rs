//! Ownership: taking responsibility for the failure or its solution, without blame.
//!
//! Two shapes count: an explicit acceptance ("this was our mistake", "that's on us",
//! "I take full responsibility") and a plain first-person admission of the failing act
//! ("we charged you twice", "I sent the wrong form"). A negated admission ("it was not
//! our fault") is the opposite of ownership.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::lexicon::{Classes, looks_past};
use crate::lint::phrase::PhraseTable;

pub(crate) static OWNERSHIP_PHRASES: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(this|that|it) (was|is) [(entirely|completely|totally|all|fully|squarely)] (our|my) (mistake|fault|error|doing|responsibility|failure|oversight|blunder|problem to fix|miss|bad|call)",
            "(our|my) (mistake|fault|error|bad|oversight|failure|blunder|slip|lapse|miss)",
            "[(this|that|it)] (is|was) on (us|me)",
            "(that's|this is|it's) on (us|me)",
            "(we|i) (got|had) (this|it|that|your order|your booking|your bill|things) wrong",
            "(we|i) (messed|screwed|slipped|mixed) (up|this up|it up|that up)",
            "(we|i) dropped the ball",
            "(we|i) (should|could|ought to) have",
            "(we|i) (let|have let) you down",
            "(we|i) failed (to|you)",
            "(we|i) (have failed|fell short|did not live up|broke (our|my) (promise|word)|did not keep (our|my) (promise|word))",
            "take [(full|complete|total|all|personal)] (responsibility|ownership)",
            "taking [(full|complete|total|personal)] (responsibility|ownership)",
            "(we|i) (own|accept) (this|it|that|the mistake|the error|responsibility|full responsibility)",
            "(we are|i am) [(fully|entirely|completely|wholly)] (responsible|accountable|to blame)",
            "(no|there is no|there's no) excuse",
            "(we|i) (made|have made) (a|an|this|that|two|several|the) [(big|serious|real|careless|basic|clear)] (mistake|mistakes|error|errors|blunder|mess)",
            "(it is|it's|that is|that's) (my|our) (job|responsibility) to",
            "(i|we) will (make|put) (this|it|things) right",
            "(i'll|we'll|i will|we will) (make|put) (this|it|things) right",
            "(i|we) (want|need) to (make|put) (this|it|things) right",
            "nobody (but|except) us",
            "(is|was|are|were) [(all|entirely|completely|fully|squarely)] ours",
            "ours to (fix|make right|put right|own|answer for|sort out|sort)",
            "(is|was) our (job|responsibility|duty)",
            "not the (courier|carrier|driver|supplier|warehouse|bank|partner)'s fault",
            "responsibility (is|lies|sits|rests) with (us|me)",
            "(we|i) take the blame",
            "(we|i) (are|am) the ones who",
            "because of (us|me|our mistake|our error|my mistake|my error)",
            "(we|i) (caused|created) (this|it|the problem|the issue|the delay|the confusion)",
        ]
        .map(|pattern| (pattern, ())),
    )
});

/// Words that may stand between "we" and the verb of an admission ("we accidentally sent").
const ADVERBS: &[&str] = &[
    "accidentally",
    "mistakenly",
    "wrongly",
    "incorrectly",
    "also",
    "then",
    "both",
    "inadvertently",
    "carelessly",
    "somehow",
    "actually",
    "unfortunately",
    "clearly",
    "simply",
    "just",
    "had",
    "have",
    "originally",
    "initially",
];

pub(super) fn detect(analysis: &Analysis<'_, '_>) -> Option<Range<usize>> {
    let phrase = analysis
        .matches(&OWNERSHIP_PHRASES)
        .into_iter()
        .find(|found| !negated_admission(analysis, found.tokens.clone()))
        .map(|found| analysis.sentence_of(found.tokens.start));
    let admission = (0..analysis.sentences().len()).find(|&sentence| is_admission(analysis, sentence));
    match (phrase, admission) {
        (Some(first), Some(second)) => Some(analysis.sentence_span(first.min(second))),
        (Some(one), None) | (None, Some(one)) => Some(analysis.sentence_span(one)),
        (None, None) => None,
    }
}

/// "It was not our fault" or "we did not make a mistake" refuses responsibility; phrases
/// that are themselves negative ("no excuse", "nobody but us") are not refusals.
fn negated_admission(analysis: &Analysis<'_, '_>, tokens: Range<usize>) -> bool {
    analysis.tokens()[tokens.start].negated && !matches!(analysis.word(tokens.start), "no" | "not" | "nobody" | "there")
}

/// "We charged you twice", "I sent the wrong form": a first-person subject, a past-tense
/// verb, and a failure cue in the same clause.
fn is_admission(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let range = analysis.sentences()[sentence].tokens.clone();
    if analysis.is_question(sentence) {
        return false;
    }
    for index in range.clone() {
        if !matches!(analysis.word(index), "we" | "i")
            || analysis.tokens()[index].quoted
            || !analysis.is_main_subject(index)
        {
            continue;
        }
        let clause = analysis.tokens()[index].clause;
        let mut verb = index + 1;
        while verb < range.end && ADVERBS.contains(&analysis.word(verb)) {
            verb += 1;
        }
        if verb >= range.end || analysis.tokens()[verb].negated || !looks_past(analysis.word(verb)) {
            continue;
        }
        if matches!(
            analysis.word(verb),
            "had"
                | "did"
                | "made"
                | "got"
                | "left"
                | "told"
                | "gave"
                | "found"
                | "saw"
                | "called"
                | "asked"
                | "checked"
                | "looked"
                | "spoke"
                | "traced"
                | "refunded"
                | "reversed"
                | "corrected"
                | "fixed"
                | "restored"
                | "replaced"
                | "reissued"
                | "credited"
                | "added"
                | "changed"
                | "updated"
                | "introduced"
                | "waived"
                | "arranged"
                | "investigated"
                | "confirmed"
                | "contacted"
                | "received"
                | "reviewed"
                | "noticed"
                | "learned"
                | "discovered"
                | "identified"
                | "released"
                | "launched"
                | "rolled"
                | "escalated"
                | "booked"
                | "scheduled"
                | "emailed"
                | "processed"
                | "tested"
                | "cancelled"
                | "canceled"
                | "removed"
                | "unlocked"
                | "reinstated"
                | "reactivated"
                | "resolved"
                | "reset"
                | "reconnected"
                | "expedited"
                | "prioritized"
                | "prioritised"
                | "upgraded"
                | "included"
                | "applied"
        ) {
            // Words of repair and investigation describe the fix, not the failure, unless
            // the clause is plainly about the failure ("we cancelled your booking by mistake").
            let by_mistake = (verb..range.end).any(|later| {
                analysis.tokens()[later].clause == clause
                    && matches!(
                        analysis.word(later),
                        "mistake" | "error" | "accident" | "wrongly" | "incorrectly" | "twice"
                    )
            });
            if !by_mistake {
                continue;
            }
        }
        let failure_in_clause = (verb..range.end).any(|later| {
            analysis.tokens()[later].clause <= clause + 1
                && analysis.is(later, Classes::FAILURE.or(Classes::GENERIC_FAILURE))
        }) || analysis.class(verb).any(Classes::FAILURE);
        if failure_in_clause {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("It’s our mistake, and I’m putting it right.")]
    #[case("That's on us.")]
    #[case("We charged you twice for the same order.")]
    #[case("I take full responsibility for the mix-up.")]
    #[case("We should have caught this before it shipped.")]
    #[case("We accidentally sent your parcel to the wrong address.")]
    #[case("We got your booking wrong.")]
    fn takes_ownership(#[case] text: &str) {
        assert!(has(text, Element::Ownership), "{text}");
    }

    #[rstest]
    #[case("It was not our fault that the courier lost it.")]
    #[case("We refunded the duplicate charge this morning.")]
    #[case("Mistakes were made.")]
    #[case("The courier delivered it to the wrong address.")]
    #[case("We did not make a mistake here.")]
    fn no_ownership(#[case] text: &str) {
        assert!(!has(text, Element::Ownership), "{text}");
    }
}
