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
pub(crate) static PREVENTION_FRAMES: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(so|to make sure|to ensure|ensuring|making sure) [that] (this|it|that|the same|nothing like this|no one|nobody|a mistake like this|this kind of thing|this mistake|this error) (does not|will not|never|cannot|can not|is not|is never)",
            "(does not|will not|never|cannot|can not|is not|is never) (happen|happens|recur|recurs|repeat|repeats) again",
            "(to|will|can|should|which|that|this|and) (prevent|prevents|stop|stops|avoid|avoids) (this|it|that|a repeat|the same|similar|mistakes|errors|duplicate|double|any|future|repeats|recurrence|another)",
            "(from now on|going forward|moving forward|in future|in the future|from today|from tomorrow|from next|starting today|starting next|starting from|as of today|effective immediately)",
            "no longer",
            "(never|not) (be able to|be possible to|happen|able to) again",
            "(before|until) (it|anything|any order|each order|every order|an order|orders|items|parcels|payments|charges|bills) (is|are|can be|leave|leaves|goes|go|ship|ships|gets|get)",
            "(lesson|lessons) (learned|learnt)",
            "(from|since|starting|as of|beginning) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|this week|this month|this morning|last week|last month|yesterday|today|tomorrow|next week|next month|now on|the start of)",
        ]
        .map(|pattern| (pattern, ())),
    )
});

/// Words that make a framed sentence a rule ("from Monday, drivers *must* confirm…").
const RULE_WORDS: &[&str] = &[
    "must",
    "only",
    "cannot",
    "until",
    "before",
    "checked",
    "triggers",
    "requires",
    "require",
    "automatically",
    "every",
    "any",
    "now",
    "always",
    "needs",
    "have",
    "appears",
];

pub(super) fn detect(
    analysis: &Analysis<'_, '_>,
    cause: Option<&Range<usize>>,
    tainted: &[usize],
) -> Option<Range<usize>> {
    let framed: Vec<usize> = analysis
        .matches(&PREVENTION_FRAMES)
        .into_iter()
        .filter(|found| !analysis.tokens()[found.tokens.start].negated || analysis.word(found.tokens.start) == "no")
        .filter(|found| {
            // "Since Monday, any note…" sets a rule; "stuck at the depot since Tuesday" dates a failure.
            let dated = matches!(analysis.word(found.tokens.start), "from" | "since" | "starting" | "as" | "beginning");
            let sentence_start = analysis.sentences()[analysis.sentence_of(found.tokens.start)].tokens.start;
            !dated || found.tokens.start == sentence_start
        })
        .map(|found| analysis.sentence_of(found.tokens.start))
        .collect();
    let cause_sentence = cause.and_then(|span| analysis.sentence_at(span.start));
    (0..analysis.sentences().len())
        .find(|&sentence| {
            let range = analysis.sentences()[sentence].tokens.clone();
            if analysis.is_question(sentence)
                || tainted.binary_search(&sentence).is_ok()
                || asks_the_customer(analysis, range.clone())
            {
                return false;
            }
            let change = states_change(analysis, range.clone());
            let now_rule = states_new_routine(analysis, range.clone());
            let frame_here = framed.binary_search(&sentence).is_ok();
            let frame_near = frame_here
                || (sentence > 0 && framed.binary_search(&(sentence - 1)).is_ok())
                || framed.binary_search(&(sentence + 1)).is_ok();
            let rule = range.clone().any(|index| RULE_WORDS.contains(&analysis.word(index)));
            now_rule
                || (change && frame_near)
                || (frame_here && (rule || analysis.has(range.clone(), Classes::SAFEGUARD)))
                || strong_change(analysis, range.clone())
                || cause_sentence.is_some_and(|cause| sentence > cause && fixes_the_cause(analysis, cause, range))
        })
        .map(|sentence| analysis.sentence_span(sentence))
}

/// "Please double-check your address": a change asked of the customer is not prevention.
fn asks_the_customer(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    let please = range.clone().any(|index| analysis.word(index) == "please");
    let customer = range.clone().any(|index| analysis.class(index).any(Classes::SECOND_PERSON));
    let us = range.clone().any(|index| matches!(analysis.word(index), "we" | "our" | "i" | "us"));
    please || (customer && !us)
}

/// "We've corrected the filter" after "because of a filter we set up wrong": repairing
/// the thing named as the cause prevents the failure for everyone.
fn fixes_the_cause(analysis: &Analysis<'_, '_>, cause: usize, range: Range<usize>) -> bool {
    let cause_range = analysis.sentences()[cause].tokens.clone();
    range.clone().any(|verb| {
        matches!(
            analysis.word(verb),
            "corrected"
                | "fixed"
                | "changed"
                | "updated"
                | "replaced"
                | "patched"
                | "rewritten"
                | "rebuilt"
                | "reconfigured"
        ) && !analysis.tokens()[verb].negated
            && (verb + 1..(verb + 5).min(range.end)).any(|noun| {
                let word = analysis.word(noun);
                analysis.class(noun).any(Classes::SAFEGUARD.or(Classes::FAULT_AGENT))
                    && cause_range.clone().any(|earlier| analysis.word(earlier) == word)
                    && !(verb + 1..noun).any(|between| analysis.word(between) == "your")
            })
    })
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
        // "We've changed the retry so it only resends…": a change made for a purpose.
        let purposeful = analysis.is(verb, Classes::CHANGE)
            && (verb + 1..(verb + 9).min(range.end)).any(|so| {
                analysis.word(so) == "so"
                    && so + 1 < range.end
                    && matches!(analysis.word(so + 1), "it" | "that" | "they" | "nothing" | "no" | "every" | "any")
                    && (so + 1..(so + 5).min(range.end)).any(|after| {
                        matches!(
                            analysis.word(after),
                            "only" | "never" | "not" | "cannot" | "always" | "no" | "nothing" | "every"
                        )
                    })
            });
        if purposeful {
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
                    | "block"
                    | "hold"
                    | "lock"
            ) && !(verb + 1..noun).any(|between| matches!(analysis.word(between), "your" | "you"))
        })
    })
}

/// A new routine in the present tense: "the warehouse now scans", "every bin now holds
/// one colour", "each order is now checked".
fn states_new_routine(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    range.clone().any(|index| {
        // "No account can now be sent…": the "no" belongs to the subject, so negation is
        // not checked here; a negated routine ("we do not now check") is vanishingly rare.
        if analysis.word(index) != "now" {
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
        let first_person_routine = index > 0
            && matches!(analysis.word(index - 1), "we" | "they")
            && !matches!(
                following,
                "know"
                    | "need"
                    | "understand"
                    | "see"
                    | "realise"
                    | "realize"
                    | "believe"
                    | "think"
                    | "want"
                    | "hope"
                    | "expect"
                    | "have"
                    | "owe"
                    | "are"
                    | "will"
            );
        let gated = (index.saturating_sub(3)..index)
            .any(|before| matches!(analysis.word(before), "can" | "cannot" | "must"))
            && range.clone().any(|later| matches!(analysis.word(later), "until" | "before" | "unless"))
            && !range.clone().any(|any| matches!(analysis.word(any), "you" | "your"));
        first_person_routine
            || gated
            || ((third_person_verb || passive || has_rule) && !prior_is_customer(analysis, index))
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
