//! Fix: what is being done for this customer now.
//!
//! A fix is a concrete action on the customer's problem, done or under way: "we've
//! refunded the duplicate charge", "a blue sweater ships today", "your account has been
//! restored", "our engineers are restoring service". The same verbs describe the failure
//! too ("we shipped the wrong sweater"), so delivery verbs count only when the clause is
//! not about the failure, and a hedged promise ("we'll try to") is not a fix.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::lexicon::{Classes, looks_past};
use crate::lint::phrase::PhraseTable;
use crate::lint::rules::hedged_fix;

/// What the fix detector found.
#[derive(Debug, Clone, Default)]
pub(super) struct FixFinding {
    /// The first fix sentence.
    pub span: Option<Range<usize>>,
    /// Every sentence that states a fix (the timeline detector looks there first).
    pub sentences: Vec<usize>,
}

/// Fixes stated without a first-person subject.
pub(crate) static FIX_PHRASES: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(is|are) on (its|their|the) way",
            "(is|are|has been|have been|was|were|will be|is being|are being|should be) (refunded|replaced|reversed|corrected|fixed|restored|reissued|repaired|resent|re-sent|reinstated|reactivated|rebooked|credited|unlocked|reprocessed|resolved|reconnected|voided|patched|remade|reprinted|rerouted|renewed|relabelled|relabeled|back up|back online|working again|up and running)",
            "(has been|have been|will be|is being|are being) (shipped|dispatched|sent|delivered|couriered|posted|processed|issued|booked|scheduled|arranged|expedited|upgraded|applied|installed|prepared|prioritized|prioritised|collected|removed|cancelled|canceled|adjusted|amended|updated|cleared|recovered|returned|reimbursed|waived|released|reset|refunded in full)",
            "(replacement|refund|new|fresh|corrected|correct|right|blue|full refund|credit|technician|engineer|courier|driver|team|engineers|specialist|replacement card|new card|correct item|right item) (ships|ship|is shipping|will ship|arrives|will arrive|leaves|left|went|goes|is being|has been|will be|is going|will visit|visits|is coming|will come|is booked|will call|are working|is working|are restoring|is restoring|are fixing|is fixing)",
            "(service|access|power|internet|everything|your service|your access|your account|the app|the site|the website|your connection|your line|your broadband|your card|your booking|your order) (is|has been|was) (back|restored|working|fixed|reconnected|reactivated|unlocked|reinstated)",
            "(engineers|technicians|teams|crews|team|crew|developers|specialists|staff|people) (are|is) (working|restoring|fixing|repairing|on site|rerouting|replacing|upgrading|rebuilding|reconnecting|clearing)",
            "(engineers|technicians|teams|crews|team|crew|developers|specialists) (have|has) [(now|already|just)] (finished|completed|fixed|repaired|restored|replaced|reconnected|cleared|rebuilt)",
            "(she|he|they) (will|has|have) [(already|now|personally)] (add|fix|repair|replace|remake|redo|alter|send|ship|deliver|refund|restore|reconnect|rebook|install|visit|collect|bring|finish|complete|order|ordered|added|fixed|repaired|replaced|sent|shipped|called|booked|rebooked|refunded)",
            "(left|leaves|has left|will leave|is leaving|departed|went out from) (our|the) (warehouse|depot|store|kitchen|workshop|office|distribution centre|distribution center|bakery|factory)",
            "(ships|ship|is shipping|will ship|goes out|went out|is going out|will go out|dispatches|is dispatched) (today|tonight|tomorrow|this|first thing|by|on|within|overnight|express)",
        ]
        .map(|pattern| (pattern, ())),
    )
});

/// Words that may stand between "we"/"I" and the verb of the fix.
const BETWEEN: &[&str] = &[
    "it",
    "them",
    "have",
    "has",
    "will",
    "would",
    "am",
    "are",
    "is",
    "be",
    "been",
    "just",
    "already",
    "also",
    "now",
    "personally",
    "immediately",
    "gone",
    "ahead",
    "and",
    "then",
    "today",
    "quickly",
    "fully",
    "completely",
    "can",
    "going",
    "to",
    "right",
    "away",
    "directly",
    "happily",
    "gladly",
    "automatically",
    "promptly",
    "proactively",
    "manually",
    "this",
    "morning",
    "afternoon",
    "evening",
    "since",
    "both",
    "all",
    "arranged",
    "for",
    "a",
    "asked",
    "our",
    "team",
    "warehouse",
    "had",
    "made",
    "sure",
    "'d",
    "like",
    "want",
    "wanted",
    "would",
    "need",
    "fully",
    "in",
    "full",
    "first",
    "thing",
    "tomorrow",
    "tonight",
    "within",
    "hour",
    "hours",
    "the",
    "next",
    "by",
    "already",
];

pub(super) fn detect(analysis: &Analysis<'_, '_>) -> FixFinding {
    // A hedge covers the rest of its clause: "we'll try to send a new one" hedges "send".
    let mut hedged = vec![false; analysis.tokens().len()];
    for found in analysis.matches(&hedged_fix::PHRASES) {
        let clause = analysis.tokens()[found.tokens.start].clause;
        let end = analysis.sentences()[analysis.sentence_of(found.tokens.start)].tokens.end;
        let tokens = &analysis.tokens()[found.tokens.start..end];
        for (token, mark) in tokens.iter().zip(&mut hedged[found.tokens.start..end]) {
            if token.clause != clause || *mark {
                break;
            }
            *mark = true;
        }
    }
    let is_hedged = |token: usize| hedged[token];
    let mut sentences: Vec<usize> = Vec::new();
    for found in analysis.matches(&FIX_PHRASES) {
        let sentence = analysis.sentence_of(found.tokens.start);
        let end = analysis.sentences()[sentence].tokens.end;
        if counterfactual(analysis, found.tokens.start) || failure_follows(analysis, found.tokens.end, end) {
            continue;
        }
        if !analysis.tokens()[found.tokens.start].negated
            && !is_hedged(found.tokens.start)
            && !is_conditional(analysis, sentence)
            && !analysis.is_question(sentence)
        {
            sentences.push(sentence);
        }
    }
    for (index, sentence) in analysis.sentences().iter().enumerate() {
        if analysis.is_question(index) || is_conditional(analysis, index) {
            continue;
        }
        for token in sentence.tokens.clone() {
            if !matches!(analysis.word(token), "we" | "i")
                || analysis.tokens()[token].quoted
                || !analysis.is_main_subject(token)
            {
                continue;
            }
            if let Some(verb) = fix_verb_after(analysis, token, sentence.tokens.end)
                && !is_hedged(verb)
                && !object_is_not_a_fix(analysis, verb, sentence.tokens.end)
            {
                sentences.push(index);
                break;
            }
        }
    }
    sentences.sort_unstable();
    sentences.dedup();
    FixFinding { span: sentences.first().map(|&first| analysis.sentence_span(first)), sentences }
}

/// "Should have been issued", "would have been refunded": what ought to have happened.
fn counterfactual(analysis: &Analysis<'_, '_>, start: usize) -> bool {
    start > 0 && matches!(analysis.word(start - 1), "should" | "would" | "could" | "might" | "must")
}

/// "Has been delivered to the wrong address": the passive describes the failure.
fn failure_follows(analysis: &Analysis<'_, '_>, from: usize, end: usize) -> bool {
    let clause = analysis.tokens()[from.saturating_sub(1)].clause;
    (from..end)
        .take_while(|&index| analysis.tokens()[index].clause == clause)
        .any(|index| analysis.is(index, Classes::FAILURE))
}

/// Objects that make a verb something other than a fix: compensation ("applied a 20%
/// discount", "added £3 credit"), a message ("sent you a DM"), paperwork ("update the
/// ticket"), or a fee the company pays ("we'll cover any late fee").
fn object_is_not_a_fix(analysis: &Analysis<'_, '_>, verb: usize, end: usize) -> bool {
    let clause = analysis.tokens()[verb].clause;
    let verb_word = analysis.word(verb);
    (verb + 1..(verb + 5).min(end)).take_while(|&index| analysis.tokens()[index].clause == clause).any(|index| {
        let word = analysis.word(index);
        matches!(
            word,
            "discount"
                | "credit"
                | "voucher"
                | "coupon"
                | "points"
                | "gift"
                | "compensation"
                | "dm"
                | "message"
                | "email"
                | "link"
                | "note"
                | "details"
                | "code"
                | "confirmation"
                | "reply"
                | "form"
                | "ticket"
                | "jira"
                | "notes"
                | "record"
                | "tracker"
                | "survey"
        ) || (matches!(verb_word, "cover" | "covering" | "pay" | "paying" | "paid" | "waive" | "waived")
            && matches!(word, "fee" | "fees" | "fare" | "fares" | "co-pay" | "costs" | "cost"))
    })
}

/// "If you'd like, we can send…" offers; it does not do.
fn is_conditional(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let range = analysis.sentences()[sentence].tokens.clone();
    let first = analysis.word(range.start);
    matches!(first, "if" | "should" | "once" | "when" | "unless")
        && !range.clone().take(6).any(|index| analysis.word(index) == "already")
}

/// The repair or delivery verb that a first-person subject at `subject` performs.
fn fix_verb_after(analysis: &Analysis<'_, '_>, subject: usize, end: usize) -> Option<usize> {
    let clause = analysis.tokens()[subject].clause;
    let mut index = subject + 1;
    let mut steps = 0;
    while index < end && steps < 6 {
        let token = &analysis.tokens()[index];
        if token.clause > clause + 1 {
            return None;
        }
        if token.negated && analysis.class(index).any(Classes::REPAIR.or(Classes::DELIVER)) {
            return None;
        }
        let word = analysis.word(index);
        if matches!(word, "not" | "never" | "try" | "tried" | "trying" | "hope" | "hoping") {
            return None;
        }
        if analysis.is(index, Classes::REPAIR) && !about_the_failure(analysis, index, end, true) {
            return Some(index);
        }
        if analysis.is(index, Classes::DELIVER) && !about_the_failure(analysis, index, end, false) {
            return Some(index);
        }
        if !BETWEEN.contains(&word) {
            return None;
        }
        index += 1;
        steps += 1;
    }
    None
}

/// Whether the verb at `verb` describes the failure rather than the fix.
///
/// A repair verb's object is naturally the failed thing ("refunded the duplicate
/// charge"), so it describes the failure only when the verb is itself a failure
/// ("we cancelled your booking") or done by mistake. A delivery verb in the simple past
/// followed by a failure cue describes the failure ("we shipped the wrong size").
fn about_the_failure(analysis: &Analysis<'_, '_>, verb: usize, end: usize, repair: bool) -> bool {
    let word = analysis.word(verb);
    let auxiliary = verb > 0
        && matches!(
            analysis.word(verb - 1),
            "have" | "has" | "just" | "already" | "will" | "am" | "are" | "is" | "be" | "been" | "to" | "now"
        );
    if auxiliary || !looks_past(word) {
        return false;
    }
    let clause = analysis.tokens()[verb].clause;
    let mut rest = (verb + 1..end).take_while(|&later| analysis.tokens()[later].clause == clause);
    let by_mistake = |later: usize| {
        matches!(
            analysis.word(later),
            "mistake" | "error" | "accident" | "mistakenly" | "accidentally" | "wrongly" | "incorrectly" | "twice"
        )
    };
    if repair {
        analysis.class(verb).any(Classes::FAILURE) || rest.any(by_mistake)
    } else {
        rest.any(|later| analysis.is(later, Classes::FAILURE) || by_mistake(later))
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("I’ve refunded the duplicate charge to your card.")]
    #[case("A blue sweater in your size left our warehouse this morning.")]
    #[case("Your account has been restored.")]
    #[case("Our engineers are restoring service in your area now.")]
    #[case("We are sending a replacement by express courier today.")]
    #[case("The replacement is on its way.")]
    #[case("I have reversed the late fee.")]
    fn states_a_fix(#[case] text: &str) {
        assert!(has(text, Element::Fix), "{text}");
    }

    #[rstest]
    #[case("We shipped the wrong sweater.")]
    #[case("We will try to look into it.")]
    #[case("Hopefully we can send a new one soon.")]
    #[case("Would you like us to send a replacement?")]
    #[case("We did not refund the charge.")]
    #[case("If you'd like, we can send a new one.")]
    fn no_fix(#[case] text: &str) {
        assert!(!has(text, Element::Fix), "{text}");
    }
}
