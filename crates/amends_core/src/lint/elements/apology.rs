//! An explicit, first-person apology: "I'm sorry", "we apologize", "please accept our apologies".

use std::ops::Range;

use crate::lint::analysis::Analysis;
use crate::lint::lexicon::Classes;
use crate::lint::rules::{apology_for_feelings, conditional_apology};

/// Words that may stand between a first-person subject and "sorry".
const BETWEEN_SUBJECT_AND_SORRY: &[&str] = &[
    "am",
    "are",
    "was",
    "were",
    "so",
    "very",
    "really",
    "truly",
    "deeply",
    "terribly",
    "genuinely",
    "sincerely",
    "incredibly",
    "extremely",
    "awfully",
    "profoundly",
    "just",
    "also",
    "too",
    "both",
    "all",
    "be",
    "feel",
    "felt",
    "have",
    "been",
    "do",
    "want",
    "to",
    "would",
    "like",
    "wanted",
    "will",
    "again",
    "can",
    "only",
    "say",
    "how",
    "honestly",
    "personally",
    "'m",
    "absolutely",
    "completely",
    "unreservedly",
    "humbly",
    "once",
    "more",
    "must",
    "first",
    "of",
    "everyone",
    "here",
    "at",
    "whole",
    "team",
    "the",
    "entire",
    "on",
    "behalf",
    "company",
];

/// Words that may open a sentence before a bare "Sorry" ("So sorry", "Again, sorry").
const BEFORE_BARE_SORRY: &[&str] =
    &["so", "very", "really", "truly", "terribly", "again", "oh", "and", "awfully", "deeply", "super", "i", "we"];

/// Token indices of every apology expression in the author's prose (NA212 counts them).
pub(crate) fn apology_expressions(analysis: &Analysis<'_, '_>) -> Vec<usize> {
    // A conditional anywhere in the sentence makes its apology conditional ("To the extent
    // that … caused confusion, we apologize"); a feelings phrase excludes only itself.
    let conditional_sentences: Vec<usize> = analysis
        .matches(&conditional_apology::PHRASES)
        .iter()
        .map(|found| analysis.sentence_of(found.tokens.start))
        .collect();
    let excluded: Vec<Range<usize>> = conditional_sentences
        .iter()
        .map(|&sentence| analysis.sentences()[sentence].tokens.clone())
        .chain(analysis.matches(&apology_for_feelings::PHRASES).into_iter().map(|found| found.tokens))
        .collect();
    let mut found = Vec::new();
    for (index, sentence) in analysis.sentences().iter().enumerate() {
        for token in sentence.tokens.clone() {
            if !analysis.is(token, Classes::APOLOGY) || excluded.iter().any(|range| range.contains(&token)) {
                continue;
            }
            if is_apology_at(analysis, index, token) {
                found.push(token);
            }
        }
    }
    found
}

/// The sentence of the first real apology.
pub(super) fn detect(analysis: &Analysis<'_, '_>) -> Option<Range<usize>> {
    let first = *apology_expressions(analysis).first()?;
    Some(analysis.sentence_span(analysis.sentence_of(first)))
}

fn is_apology_at(analysis: &Analysis<'_, '_>, sentence: usize, token: usize) -> bool {
    let start = analysis.sentences()[sentence].tokens.start;
    let word = analysis.word(token);
    let clause = analysis.tokens()[token].clause;
    let previous_words = || {
        (start..token)
            .rev()
            .filter(|&index| analysis.tokens()[index].is_wordlike())
            .map(|index| (index, analysis.word(index)))
    };
    let subject_before = |limit: usize| {
        let mut steps = 0;
        for (index, previous) in previous_words() {
            if analysis.tokens()[index].clause != clause && !matches!(previous, "i" | "we") {
                return false;
            }
            if matches!(previous, "i" | "we") {
                return true;
            }
            steps += 1;
            if steps > limit || !BETWEEN_SUBJECT_AND_SORRY.contains(&previous) {
                return false;
            }
        }
        false
    };
    let next = analysis.tokens().get(token + 1).map(|_| analysis.word(token + 1)).unwrap_or("");
    match word {
        "sorry" => {
            if matches!(next, "to")
                && matches!(
                    analysis.tokens().get(token + 2).map(|_| analysis.word(token + 2)),
                    Some("inform" | "say" | "report")
                )
            {
                return subject_before(6);
            }
            let leading: Vec<&str> = previous_words().map(|(_, previous)| previous).collect();
            let bare = leading.iter().all(|previous| BEFORE_BARE_SORRY.contains(previous)) && leading.len() <= 2;
            subject_before(8) || bare
        }
        "apologize" | "apologise" | "apologized" | "apologised" | "apologizing" | "apologising" => {
            subject_before(8) || previous_words().next().is_none()
        }
        "apology" | "apologies" => {
            let previous: Vec<&str> = previous_words().take(4).map(|(_, previous)| previous).collect();
            previous.is_empty()
                || previous.iter().any(|word| {
                    matches!(
                        *word,
                        "my" | "our"
                            | "accept"
                            | "owe"
                            | "offer"
                            | "extend"
                            | "again"
                            | "sincere"
                            | "sincerest"
                            | "deepest"
                            | "heartfelt"
                            | "humble"
                            | "unreserved"
                            | "full"
                    )
                })
        }
        "regret" | "regrets" => subject_before(3) && next != "to",
        "forgive" => {
            previous_words().next().is_none_or(|(_, previous)| matches!(previous, "please" | "to" | "us" | "me"))
                && matches!(next, "us" | "me")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("I’m so sorry we sent the wrong sweater.")]
    #[case("We apologize for charging you twice.")]
    #[case("Please accept our sincere apologies for the delay.")]
    #[case("So sorry, Dana, your parcel is late.")]
    #[case("I regret that we charged you twice.")]
    #[case("On behalf of the whole team, I am deeply sorry.")]
    #[case("My apologies: the booking was ours to get right.")]
    fn apologies(#[case] text: &str) {
        assert!(has(text, Element::Apology), "{text}");
    }

    #[rstest]
    #[case("I'm sorry if you were upset.")]
    #[case("We're sorry you feel that way.")]
    #[case("We are not sorry for following the rules.")]
    #[case("We regret to inform you that your flight is cancelled.")]
    #[case("You wrote “I'm sorry but this is unacceptable”.")]
    #[case("There is no need to apologize.")]
    #[case("Northwind Knits values every customer.")]
    fn not_apologies(#[case] text: &str) {
        assert!(!has(text, Element::Apology), "{text}");
    }
}
