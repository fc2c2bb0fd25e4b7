//! Prevention: what changes so the failure does not happen again, to anyone.
//!
//! A promise alone ("this won't happen again", "we'll do better") is not prevention; a
//! change is: "the warehouse now scans each item's colour code", "we've added a check
//! that blocks duplicate charges", "we are retraining the team".

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::lexicon::Classes;
use crate::lint::phrase::PhraseTable;

/// Phrases that frame a change as prevention; they need a concrete change nearby.
static PREVENTION_FRAMES: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(so|to make sure|to ensure|ensuring|making sure) [that] (this|it|that|the same|nothing like this|no one|nobody|a mistake like this|this kind of thing|this mistake|this error) (does not|doesn't|will not|won't|never|cannot|can not|can't|is not|isn't|is never|never again) (happen|happens|recur|recurs|repeat|repeats|happen again)",
            "(to|will|can|should|which|that|this|and) (prevent|prevents|stop|stops|avoid|avoids) (this|it|that|a repeat|the same|similar|mistakes|errors|duplicate|double|any|future|repeats|recurrence|another)",
            "(from now on|going forward|moving forward|in future|in the future|from today|from tomorrow|from next|starting today|starting next|starting from|as of today|effective immediately)",
            "no longer",
            "(never|not) (be able to|be possible to|happen|able to) again",
            "(before|until) (it|anything|any order|each order|every order|an order|orders|items|parcels|payments|charges|bills) (is|are|can be|leave|leaves|goes|go|ship|ships|gets|get)",
            "(lesson|lessons) (learned|learnt)",
        ]
        .map(|pattern| (pattern, ())),
    )
});

pub(super) fn detect(analysis: &Analysis<'_, '_>) -> Option<Range<usize>> {
    let framed: Vec<usize> = analysis
        .matches(&PREVENTION_FRAMES)
        .into_iter()
        .filter(|found| !analysis.tokens()[found.tokens.start].negated || analysis.word(found.tokens.start) == "no")
        .map(|found| analysis.sentence_of(found.tokens.start))
        .collect();
    (0..analysis.sentences().len())
        .find(|&sentence| {
            let range = analysis.sentences()[sentence].tokens.clone();
            if analysis.is_question(sentence) {
                return false;
            }
            let change = states_change(analysis, range.clone());
            let now_rule = states_new_routine(analysis, range.clone());
            let frame_here = framed.contains(&sentence);
            let frame_near =
                frame_here || (sentence > 0 && framed.contains(&(sentence - 1))) || framed.contains(&(sentence + 1));
            now_rule
                || (change && frame_near)
                || (frame_here && analysis.has(range.clone(), Classes::SAFEGUARD))
                || strong_change(analysis, range)
        })
        .map(|sentence| analysis.sentence_span(sentence))
}

/// A change to a process or safeguard: "we've added a check", "we are retraining the team".
fn states_change(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    let change = range.clone().find(|&index| analysis.is(index, Classes::CHANGE));
    match change {
        Some(verb) => {
            (verb..range.end)
                .take(10)
                .any(|index| analysis.is(index, Classes::SAFEGUARD) || analysis.class(index).any(Classes::FAULT_AGENT))
                || matches!(
                    analysis.word(verb),
                    "retrained" | "retraining" | "retrain" | "trained" | "training" | "briefed" | "coached"
                )
        }
        None => false,
    }
}

/// A change that is prevention on its face: retraining people, or adding a check, alert
/// or safeguard to the process (not to the customer's own account).
fn strong_change(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    range.clone().any(|verb| {
        let word = analysis.word(verb);
        if analysis.tokens()[verb].negated {
            return false;
        }
        if matches!(word, "retrained" | "retraining" | "retrain") {
            return true;
        }
        let adds = matches!(
            word,
            "added"
                | "adding"
                | "introduced"
                | "introducing"
                | "installed"
                | "implemented"
                | "implementing"
                | "built"
                | "created"
                | "set"
                | "put"
                | "launched"
                | "rolled"
        );
        adds && (verb + 1..range.end).take(6).any(|noun| {
            matches!(
                analysis.word(noun),
                "check"
                    | "checks"
                    | "alert"
                    | "alerts"
                    | "safeguard"
                    | "safeguards"
                    | "step"
                    | "verification"
                    | "review"
                    | "checklist"
                    | "validation"
                    | "warning"
                    | "approval"
                    | "audit"
                    | "guardrail"
                    | "guardrails"
                    | "control"
                    | "controls"
                    | "limit"
                    | "sign-off"
                    | "scan"
                    | "test"
                    | "tests"
                    | "monitoring"
                    | "reminder"
                    | "confirmation"
                    | "double-check"
            ) && !(verb + 1..noun).any(|between| matches!(analysis.word(between), "your" | "you"))
        })
    })
}

/// A new routine in the present tense: "the warehouse now scans", "every bin now holds
/// one colour", "each order is now checked".
fn states_new_routine(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    range.clone().any(|index| {
        if analysis.word(index) != "now" || analysis.tokens()[index].negated {
            return false;
        }
        let next = index + 1;
        if next >= range.end {
            return false;
        }
        let following = analysis.word(next);
        let third_person_verb = following.ends_with('s')
            && following.len() > 3
            && !matches!(
                following,
                "is" | "has"
                    | "was"
                    | "yours"
                    | "ours"
                    | "always"
                    | "its"
                    | "this"
                    | "process"
                    | "access"
                    | "address"
                    | "business"
            );
        let is_participle = |at: usize| {
            at < range.end && {
                let participle = analysis.word(at);
                participle.ends_with("ed")
                    || matches!(participle, "built" | "set" | "run" | "made" | "done" | "sent" | "automatic")
            }
        };
        let passive = matches!(following, "is" | "are") && is_participle(next + 1);
        // "Every order is now checked": the routine applies to everyone, not "your account".
        let passive_before = index >= 2
            && matches!(analysis.word(index - 1), "is" | "are")
            && is_participle(next)
            && !(index.saturating_sub(4)..index)
                .any(|earlier| matches!(analysis.word(earlier), "your" | "you" | "it" | "this"));
        if passive_before {
            return true;
        }
        let has_rule = matches!(
            following,
            "has"
                | "have"
                | "requires"
                | "require"
                | "uses"
                | "use"
                | "runs"
                | "run"
                | "gets"
                | "get"
                | "goes"
                | "go"
                | "holds"
                | "hold"
                | "needs"
                | "need"
                | "must"
                | "will"
                | "automatically"
                | "always"
                | "also"
        );
        (third_person_verb || passive || has_rule) && !prior_is_customer(analysis, index)
    })
}

/// "You can now track…" is a feature for the customer, not prevention.
fn prior_is_customer(analysis: &Analysis<'_, '_>, now: usize) -> bool {
    now > 0
        && matches!(analysis.word(now - 1), "you" | "can" | "should" | "is" | "are" | "it" | "right" | "just" | "by")
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("The warehouse now scans each item’s colour code before it is packed.")]
    #[case("So this doesn’t happen again, we have added a check that blocks duplicate charges.")]
    #[case("We are retraining the night team on the handover checklist.")]
    #[case("Every order is now checked by a second person before dispatch.")]
    #[case("To prevent a repeat, we've changed how our billing system retries failed payments.")]
    fn states_prevention(#[case] text: &str) {
        assert!(has(text, Element::Prevention), "{text}");
    }

    #[rstest]
    #[case("This won’t happen again.")]
    #[case("We'll do better.")]
    #[case("You can now track your parcel online.")]
    #[case("Your refund is now complete.")]
    #[case("We have added a $15 credit to your account.")]
    fn no_prevention(#[case] text: &str) {
        assert!(!has(text, Element::Prevention), "{text}");
    }
}
