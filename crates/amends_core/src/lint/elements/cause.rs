//! Cause: why it happened — or, honestly, what is not known yet and when it will be.
//!
//! A cause is recognised in three shapes:
//! - a causal connective tied to the failure: "this happened because…", "was caused by…",
//!   "the reason was…", "we traced it to…";
//! - a fault acting as the subject of a past-tense verb: "a labelling error at our
//!   warehouse put two colours in one bin", "a software update double-posted payments";
//! - an unknown cause with a when: "we don't know yet why…; we will tell you by Friday".
//!
//! A connective that explains something else ("I'm writing because you asked") is not
//! a cause: the sentence must refer to the failure.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::lexicon::{Classes, looks_past};
use crate::lint::phrase::PhraseTable;

pub(crate) static CONNECTIVES: LazyLock<PhraseTable<bool>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "because",
            "due to",
            "owing to",
            "(caused|triggered|created|brought on) by",
            "the (cause|reason|root cause|source|culprit|trigger) (was|is|turned out|lay|lies|of|behind|for)",
            "(root|underlying) cause",
            "(as a result|as the result) of",
            "(resulted|stemmed|came|arose|originated) from",
            "(traced|tracked) (it|this|the problem|the issue|the fault|the error|the delay|the outage|the charge|the mistake|the mix-up|the duplicate) [back] to",
            "(came|comes|boiled) down to",
            "(was|is) down to",
            "turned out (that|to be)",
            "it turns out",
            "happened (when|because|after|as)",
            "what happened (was|is)",
            "here's what (happened|went wrong)",
            "here is what (happened|went wrong)",
            "the problem was",
            "the error was",
            "the mistake was",
            "(this|that|it) was (a|an) [(simple|human|basic|software|system|data|scheduling|staffing|packing|labelling|labeling|routing|billing|processing|configuration|coding)] (error|mistake|bug|glitch|fault|oversight|mix-up)",
            "(led|leading) to (the|this|your|a)",
            "meant that",
            "which meant",
            "(that|this|it|which) (is|was) how",
            "(out of stock|sold out|ran out)",
            "(was|were|is|are) the (cause|reason|culprit|root cause|trigger)",
        ]
        .map(|pattern| (pattern, false))
        .into_iter()
        .chain(SELF_EVIDENT.iter().map(|pattern| (*pattern, true))),
    )
});

pub(crate) static UNKNOWN_CAUSE: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(do not|did not) [(yet|currently|fully)] know [(yet|for sure|for certain|exactly)] (why|what|how|the cause|the reason|exactly|whether|if)",
            "(do not|don't) [(yet|currently)] (have|understand) (the cause|the reason|an answer|a full picture|all the answers|the full picture)",
            "not [(yet|fully|entirely)] (sure|clear|certain) (why|what|how)",
            "(have not|haven't|has not|hasn't) [(yet)] (found|identified|determined|confirmed|established|pinned down|worked out|traced) (the cause|why|what|how|the reason|the root cause|the source)",
            "(still|currently|are) (investigating|working out|looking into|trying to understand|trying to find|examining) (why|what|how|the cause|the reason|the root cause|the source)",
            "(cause|reason) (is|remains|is still) (unknown|unclear|under investigation|being investigated)",
            "(what|why) (caused|happened) (is|remains) (unclear|unknown)",
            "yet to (find|identify|determine|confirm|establish) (the cause|why|what)",
            "not yet known",
            "(we|i) will (know|find out|have answers|have an answer|understand)",
        ]
        .map(|pattern| (pattern, ())),
    )
});

/// A first-person account of the failing act: "we didn't check the ticket", "when we
/// moved your account to the new platform", "we sent the notice to your old postcode".
pub(crate) static FIRST_PERSON_CAUSES: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(we|i) (did not|never|failed to|forgot to|neglected to) (check|verify|confirm|test|notice|update|tell|record|mark|carry|copy|include|account for|catch|review|measure|ask|send|pass|flag|save|enter|apply|renew|cancel|stop|book|order|load|pack|label)",
            "(when|after|while|as) we (moved|migrated|changed|updated|switched|upgraded|transferred|replaced|introduced|launched|released|installed|set up|rebuilt|redesigned|merged|renamed|reorganised|reorganized|submitted|processed|entered|created|booked|registered|filed|sent|packed|renewed)",
        ]
        .map(|pattern| (pattern, ())),
    )
});

/// Connectives whose sentence is about the cause by construction ("X was the cause",
/// "the fault was in how we displayed it"), so it needs no other link to the failure.
const SELF_EVIDENT: &[&str] = &[
    "(was|were|is|are) the (cause|reason|culprit|root cause|trigger)",
    "the (fault|problem|error|issue|mistake|cause) (was|is|lay|lies|sat|sits) (in|with)",
    "(are|is|was|were) the (responsibility|fault) of",
    "(you|the customer) (entered|provided|gave us|selected|chose|typed|supplied|used) (the|an|a|your) (wrong|incorrect|old|invalid|outdated|previous)",
    "(when|after|while|as) our (agent|team|system|engineer|staff|colleague|technician|driver|warehouse|kitchen|software|app|website|advisor|adviser|representative|courier|partner) (set up|entered|processed|updated|changed|moved|booked|registered|submitted|created|renewed|migrated|switched|packed|picked|loaded|sent|prepared)",
];

/// Words that tie a sentence to the failure ("this happened", "the delay", "your order").
const FAILURE_REFERENCES: &[&str] = &[
    "happened",
    "happen",
    "this",
    "that",
    "it",
    "delay",
    "delayed",
    "outage",
    "error",
    "mistake",
    "problem",
    "issue",
    "charge",
    "charges",
    "failure",
    "disruption",
    "mix-up",
    "wrong",
    "late",
    "twice",
    "missing",
    "order",
    "parcel",
    "package",
    "payment",
    "refund",
    "account",
    "booking",
    "bill",
    "invoice",
    "delivery",
    "flight",
    "service",
    "app",
    "system",
    "card",
    "item",
    "items",
];

/// Returns the cause, and an unknown cause stated without a when.
pub(super) fn detect(analysis: &Analysis<'_, '_>, evasive: &[usize]) -> (Option<Range<usize>>, Option<Range<usize>>) {
    let mut unknown_without_when = None;
    let unknown_sentences: Vec<usize> =
        analysis.matches(&UNKNOWN_CAUSE).iter().map(|found| analysis.sentence_of(found.tokens.start)).collect();
    for &sentence in &unknown_sentences {
        if analysis.is_question(sentence) {
            continue;
        }
        if promises_when(analysis, sentence) {
            return (Some(analysis.sentence_span(sentence)), None);
        }
        unknown_without_when.get_or_insert_with(|| analysis.sentence_span(sentence));
    }
    let hedged = hedged_sentences(analysis);
    let connective = analysis.matches(&CONNECTIVES).into_iter().find_map(|found| {
        let sentence = analysis.sentence_of(found.tokens.start);
        let self_evident = *found.entry;
        let valid = unknown_sentences.binary_search(&sentence).is_err()
            && hedged.binary_search(&sentence).is_err()
            && !analysis.tokens()[found.tokens.start].negated
            && !analysis.is_question(sentence)
            && (self_evident || refers_to_failure(analysis, sentence, found.tokens.clone()))
            && !explains_the_message(analysis, found.tokens.clone());
        valid.then_some(sentence)
    });
    let agentive = (0..analysis.sentences().len()).find(|&sentence| {
        unknown_sentences.binary_search(&sentence).is_err()
            && evasive.binary_search(&sentence).is_err()
            && fault_acts(analysis, sentence)
    });
    let first_person = analysis
        .matches(&FIRST_PERSON_CAUSES)
        .into_iter()
        .map(|found| analysis.sentence_of(found.tokens.start))
        .chain((0..analysis.sentences().len()).filter(|&sentence| half_done(analysis, sentence)))
        .filter(|sentence| unknown_sentences.binary_search(sentence).is_err() && !analysis.is_question(*sentence))
        .min();
    let agentive = match (agentive, first_person) {
        (Some(one), Some(other)) => Some(one.min(other)),
        (one, other) => one.or(other),
    };
    let cause = match (connective, agentive) {
        (Some(first), Some(second)) => Some(first.min(second)),
        (one, other) => one.or(other),
    };
    match cause {
        Some(sentence) => (Some(analysis.sentence_span(sentence)), None),
        None => (None, unknown_without_when),
    }
}

/// Sentences whose apology is conditional or aimed at feelings: a connective there
/// explains nothing.
fn hedged_sentences(analysis: &Analysis<'_, '_>) -> Vec<usize> {
    use crate::lint::rules::{apology_for_feelings, conditional_apology};
    let mut sentences: Vec<usize> = analysis
        .matches(&conditional_apology::PHRASES)
        .into_iter()
        .map(|found| found.tokens.start)
        .chain(analysis.matches(&apology_for_feelings::PHRASES).into_iter().map(|found| found.tokens.start))
        .map(|token| analysis.sentence_of(token))
        .collect();
    sentences.sort_unstable();
    sentences
}

/// A first-person act with "but not" or "instead of": "we updated your address in our
/// appointment records but not in our billing records".
fn half_done(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let range = analysis.sentences()[sentence].tokens.clone();
    let acted = range.clone().any(|index| {
        matches!(analysis.word(index), "we" | "i")
            && analysis.tokens().get(index + 1).is_some_and(|_| looks_past(analysis.word(index + 1)))
    });
    let contrast = range.clone().any(|index| {
        index + 1 < range.end
            && ((analysis.word(index) == "but" && analysis.word(index + 1) == "not")
                || (analysis.word(index) == "instead" && analysis.word(index + 1) == "of"))
    });
    acted && contrast && !analysis.is_question(sentence)
}

/// An unknown cause is honest only with a when: "we will tell you by Friday".
fn promises_when(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let last = analysis.sentences().len();
    (sentence..(sentence + 3).min(last)).any(|candidate| {
        let range = analysis.sentences()[candidate].tokens.clone();
        let tells = range.clone().any(|index| {
            matches!(
                analysis.word(index),
                "tell"
                    | "update"
                    | "know"
                    | "share"
                    | "explain"
                    | "report"
                    | "write"
                    | "email"
                    | "call"
                    | "send"
                    | "confirm"
                    | "findings"
                    | "explanation"
                    | "answer"
                    | "answers"
                    | "results"
                    | "find"
            )
        });
        !analysis.times(candidate).is_empty()
            && tells
            && (analysis.has(range.clone(), Classes::FUTURE) || analysis.has_word(range, "by"))
    })
}

fn refers_to_failure(analysis: &Analysis<'_, '_>, sentence: usize, connective: Range<usize>) -> bool {
    let range = analysis.sentences()[sentence].tokens.clone();
    let words_before = range.start..connective.start;
    let failure_anywhere =
        analysis.has(range.clone(), Classes::FAILURE.or(Classes::GENERIC_FAILURE).or(Classes::FAULT_AGENT));
    failure_anywhere
        || words_before.clone().any(|index| FAILURE_REFERENCES.contains(&analysis.word(index)))
        || (connective.end..range.end).any(|index| analysis.class(index).any(Classes::FAULT_AGENT))
}

/// "I'm writing because you asked", "because we value you": the connective explains the
/// message or a feeling, not the failure.
fn explains_the_message(analysis: &Analysis<'_, '_>, connective: Range<usize>) -> bool {
    let before: Vec<&str> =
        (connective.start.saturating_sub(3)..connective.start).map(|index| analysis.word(index)).collect();
    let after: Vec<&str> =
        (connective.end..(connective.end + 3).min(analysis.tokens().len())).map(|index| analysis.word(index)).collect();
    before.iter().any(|word| {
        matches!(*word, "writing" | "write" | "contacting" | "reaching" | "emailing" | "calling" | "asking" | "sending")
    }) || after.starts_with(&["you", "asked"])
        || after.starts_with(&["you", "requested"])
        || after.starts_with(&["we", "value"])
        || after.starts_with(&["we", "care"])
        || after.starts_with(&["you", "are"])
        || after.starts_with(&["you", "deserve"])
}

/// Fault nouns that name a failure by themselves.
const ERROR_NOUNS: &[&str] = &[
    "error",
    "errors",
    "bug",
    "bugs",
    "glitch",
    "fault",
    "mistake",
    "mix-up",
    "mixup",
    "mislabel",
    "mislabelling",
    "mislabeling",
    "misconfiguration",
    "miscommunication",
    "misunderstanding",
    "typo",
    "oversight",
    "outage",
    "failure",
    "defect",
    "flaw",
    "gap",
];

/// Verbs that say the fault did something wrong.
const FAILING_VERBS: &[&str] = &[
    "double-posted",
    "duplicated",
    "deleted",
    "blocked",
    "locked",
    "cancelled",
    "canceled",
    "crashed",
    "failed",
    "missed",
    "skipped",
    "dropped",
    "mislabelled",
    "mislabeled",
    "misrouted",
    "misread",
    "misapplied",
    "overwrote",
    "rejected",
    "declined",
    "froze",
    "stopped",
    "broke",
    "flagged",
    "swapped",
    "stalled",
    "retried",
    "wiped",
    "lost",
    "doubled",
    "put",
    "mixed",
    "treated",
    "copied",
    "read",
    "let",
    "allowed",
];

/// "A labelling error at our warehouse put two colours in one bin": a fault noun as the
/// subject of a past-tense verb. The fault must be on the company's side, not "your
/// team", and the act must be a failure: an error noun, a failing verb, or a failure cue
/// in the sentence ("the new meter we had sent was the *wrong* type").
fn fault_acts(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let range = analysis.sentences()[sentence].tokens.clone();
    if analysis.is_question(sentence) || analysis.has(range.clone(), Classes::FUTURE) {
        return false;
    }
    let failure_in_sentence = range.clone().any(|index| {
        analysis.is(index, Classes::FAILURE)
            || (analysis.word(index) == "without"
                && analysis.tokens().get(index + 1).is_some_and(|_| analysis.word(index + 1).ends_with("ing")))
    });
    for index in range.clone() {
        if !analysis.is(index, Classes::FAULT_AGENT) || analysis.tokens()[index].quoted {
            continue;
        }
        if (index.saturating_sub(2).max(range.start)..index)
            .any(|before| matches!(analysis.word(before), "your" | "you"))
        {
            continue;
        }
        let clause = analysis.tokens()[index].clause;
        let error_noun = ERROR_NOUNS.contains(&analysis.word(index));
        for verb in index + 1..(index + 12).min(range.end) {
            let word = analysis.word(verb);
            if analysis.tokens()[verb].clause > clause + 2 {
                break;
            }
            if matches!(analysis.word(verb - 1), "we" | "i" | "you" | "they") {
                continue;
            }
            let negated_verb = word == "not"
                && verb > index + 1
                && matches!(analysis.word(verb - 1), "did" | "could" | "was" | "were");
            let failed = matches!(word, "failed" | "stopped" | "stalled" | "crashed") || negated_verb;
            let acted = looks_past(word)
                && !matches!(word, "was" | "were" | "had" | "did" | "got" | "happened")
                && !analysis.tokens()[verb].negated
                && (analysis.class(verb).any(Classes::FAULT_VERB) || FAILING_VERBS.contains(&word));
            let failing = error_noun
                || FAILING_VERBS.contains(&word)
                || analysis.class(verb).any(Classes::FAILURE)
                || failure_in_sentence;
            if failed || (acted && failing) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("This happened because our courier's van broke down.")]
    #[case("A labelling error at our warehouse put two colours in one bin.")]
    #[case("The duplicate charge was caused by a retry in our payment system.")]
    #[case("The reason was a scheduling mistake on our side.")]
    #[case("A software update we released on Tuesday double-posted payments.")]
    #[case("We don’t yet know why the router failed; we will tell you by Friday 5 pm.")]
    #[case("Our scheduling system didn’t account for the bank holiday.")]
    #[case("We traced the delay to a missed handover between two teams.")]
    fn gives_a_cause(#[case] text: &str) {
        assert!(has(text, Element::Cause), "{text}");
    }

    #[rstest]
    #[case("I'm writing because you asked for an update.")]
    #[case("We don't know yet why it failed.")]
    #[case("Because we value you, here is a voucher.")]
    #[case("Your refund will be processed by Friday.")]
    #[case("Why did this happen?")]
    fn no_cause(#[case] text: &str) {
        assert!(!has(text, Element::Cause), "{text}");
    }
}
