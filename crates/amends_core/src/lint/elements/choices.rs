//! Choices: options the customer can pick between, ideally with their pros and cons.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::phrase::PhraseTable;

static CHOICE_PHRASES: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(you can|you may|you could|feel free to|please) (choose|pick|select|decide)",
            "(choose|pick|select) (between|from|one|either|whichever|the option|an option|what)",
            "(two|three|four|a few|several|some|these|the following|both) (options|choices|ways to)",
            "(option|choice) (1|2|3|one|two|three|a|b|c)",
            "(first|second|third|other) option",
            "would you (prefer|rather|like)",
            "(whichever|whatever) (you prefer|suits you|works|is best|you choose|you'd like|you would like)",
            "(let me|let us|tell me|tell us) know which",
            "(the choice is yours|it's your choice|it is your choice|it's up to you|it is up to you|up to you)",
            "if you (would|'d) prefer",
            "if you prefer",
            "or, if you prefer",
            "(your|the) choice",
            "either (a|an|the|keep|get|take|receive)",
        ]
        .map(|pattern| (pattern, ())),
    )
});

pub(super) fn detect(analysis: &Analysis<'_, '_>) -> Option<Range<usize>> {
    let mut hits: Vec<usize> = analysis
        .matches(&CHOICE_PHRASES)
        .into_iter()
        .filter(|found| !analysis.tokens()[found.tokens.start].negated)
        .map(|found| analysis.sentence_of(found.tokens.start))
        .collect();
    hits.sort_unstable();
    hits.dedup();
    // One mention of a choice is not yet options: it needs an "or", a list of options,
    // or a second mention.
    hits.iter()
        .copied()
        .find(|&sentence| offers_alternatives(analysis, sentence) || hits.len() >= 2)
        .map(|sentence| analysis.sentence_span(sentence))
}

fn offers_alternatives(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let sentences = analysis.sentences();
    let range = sentences[sentence].tokens.clone();
    let has_or = analysis.has_word(range.clone(), "or");
    let list_follows = sentences.get(sentence + 1).is_some_and(|next| next.list_item)
        && sentences.get(sentence + 2).is_some_and(|next| next.list_item);
    let is_list_item = sentences[sentence].list_item;
    has_or || list_follows || is_list_item
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("You can choose: a full refund today, or a replacement that arrives Friday.")]
    #[case("Would you prefer a refund or a replacement?")]
    #[case("There are two options:\n- a refund today\n- a new one by Friday")]
    #[case("Option 1: a refund. Option 2: a replacement plus a 10% discount.")]
    fn offers_choices(#[case] text: &str) {
        assert!(has(text, Element::Choices), "{text}");
    }

    #[rstest]
    #[case("We chose to refund you.")]
    #[case("You have no choice but to wait, unfortunately.")]
    #[case("We refunded you in full.")]
    fn no_choices(#[case] text: &str) {
        assert!(!has(text, Element::Choices), "{text}");
    }
}
