//! Timeline: when the fix will be complete.
//!
//! A time expression counts when it dates the fix's completion ("it will reach you by
//! Thursday", "the refund appears within 3–5 business days"), not when it dates the
//! failure ("on 18 November we shipped…"), a follow-up call ("I'll call you on
//! Monday"), or a promise about the future of the process.

use std::ops::Range;

use crate::lint::analysis::Analysis;
use crate::lint::lexicon::Classes;

pub(super) fn detect(analysis: &Analysis<'_, '_>, fix_sentences: &[usize], tainted: &[usize]) -> Option<Range<usize>> {
    (0..analysis.sentences().len())
        .filter(|sentence| !tainted.contains(sentence))
        .find(|&sentence| dates_completion(analysis, sentence, fix_sentences.contains(&sentence)))
        .map(|sentence| analysis.sentence_span(sentence))
}

fn dates_completion(analysis: &Analysis<'_, '_>, sentence: usize, is_fix: bool) -> bool {
    let times = analysis.times(sentence);
    if times.is_empty() || analysis.is_question(sentence) {
        return false;
    }
    let range = analysis.sentences()[sentence].tokens.clone();
    if is_about_prevention(analysis, range.clone()) || is_contact_only(analysis, range.clone()) {
        return false;
    }
    // The time must sit in a clause that looks ahead: "On 18 November we shipped the
    // wrong one, and we are sending the right one" dates the failure, not the fix.
    let forward = times.iter().any(|time| {
        let clause = analysis.tokens()[time.tokens.start].clause;
        let mut clause_range = range.clone().filter(|&index| analysis.tokens()[index].clause == clause);
        let start = clause_range.clone().next().unwrap_or(time.tokens.start);
        let end = clause_range.next_back().map_or(time.tokens.end, |last| last + 1);
        time.future_only || looks_forward(analysis, start..end)
    });
    let completion = analysis.has(range.clone(), Classes::COMPLETION.or(Classes::REPAIR));
    // "Housekeeping will be in your room within 30 minutes": a future-only time with a
    // future verb dates the fix even without a fix verb.
    let promised = times.iter().any(|time| time.future_only) && analysis.has(range, Classes::FUTURE);
    ((is_fix || completion) && forward) || promised
}

/// Future tense, progressive, "expect", "should", "due": the sentence looks ahead.
fn looks_forward(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    range.clone().any(|index| {
        let word = analysis.word(index);
        analysis.class(index).any(Classes::FUTURE)
            || matches!(
                word,
                "should"
                    | "expect"
                    | "expected"
                    | "ships"
                    | "arrives"
                    | "leaves"
                    | "lands"
                    | "appears"
                    | "reaches"
                    | "goes"
                    | "starts"
                    | "resumes"
                    | "until"
                    | "going"
                    | "booked"
                    | "scheduled"
                    | "planned"
                    | "arranged"
                    | "takes"
                    | "usually"
                    | "typically"
            )
            || (word == "due" && analysis.tokens().get(index + 1).is_some_and(|_| analysis.word(index + 1) != "to"))
            || (matches!(word, "is" | "are")
                && analysis.tokens().get(index + 1).is_some_and(|_| analysis.word(index + 1).ends_with("ing")))
    })
}

fn is_about_prevention(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    range.clone().any(|index| {
        let word = analysis.word(index);
        matches!(
            word,
            "future"
                | "forward"
                | "prevent"
                | "valid"
                | "expires"
                | "expire"
                | "onwards"
                | "onward"
                | "remains"
                | "minimum"
        ) || (word == "again"
            && index > range.start
            && matches!(analysis.word(index - 1), "happen" | "happens" | "recur" | "repeat"))
    }) || (analysis.has_word(range.clone(), "from") && analysis.has_word(range, "on"))
}

/// "I'll call you on Monday": a follow-up, not the fix's completion.
fn is_contact_only(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    let contact = range.clone().any(|index| {
        matches!(
            analysis.word(index),
            "call"
                | "phone"
                | "ring"
                | "email"
                | "text"
                | "tell"
                | "update"
                | "contact"
                | "check"
                | "follow"
                | "write"
                | "share"
                | "report"
                | "touch"
                | "know"
        ) && index > range.start
            && matches!(
                analysis.word(index - 1),
                "will" | "to" | "i" | "we" | "you" | "personally" | "then" | "and" | "also"
            )
    });
    let repair = range.clone().any(|index| {
        analysis.is(index, Classes::REPAIR.or(Classes::COMPLETION))
            && !matches!(analysis.word(index), "see" | "get" | "send" | "email" | "update" | "visit" | "book" | "post")
    });
    contact && !repair
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("It will reach you by Thursday 21 November, before noon.")]
    #[case("The refund should appear within 3–5 business days.")]
    #[case("A replacement ships today and arrives tomorrow.")]
    #[case("Your service will be back by 6 pm this evening.")]
    #[case("We are sending a new card, which you can expect by Friday.")]
    fn dates_the_fix(#[case] text: &str) {
        assert!(has(text, Element::Timeline), "{text}");
    }

    #[rstest]
    #[case("On 18 November we shipped the wrong sweater.")]
    #[case("I'll call you on Monday to check everything arrived.")]
    #[case("From next week the warehouse will scan every item so this never happens again.")]
    #[case("We will tell you what caused it by Friday.")]
    #[case("When did it arrive?")]
    fn other_times(#[case] text: &str) {
        assert!(!has(text, Element::Timeline), "{text}");
    }
}
