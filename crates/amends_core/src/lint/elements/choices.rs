//! Choices: options the customer can pick between, ideally with their pros and cons.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::phrase::PhraseTable;

/// Whether a choice phrase shows options by itself or needs an offer beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// "You can choose", "two options", "reply with (a) or (b)".
    Strong,
    /// "If you'd prefer", "or reply": a choice only when what is offered is a remedy.
    Weak,
}

pub(crate) static CHOICE_PHRASES: LazyLock<PhraseTable<Strength>> = LazyLock::new(|| {
    use Strength::{Strong, Weak};
    PhraseTable::new([
        ("(you can|you may|you could|feel free to|please) (choose|pick|select|decide)", Strong),
        ("(choose|pick|select) (between|from|one|either|whichever|the option|an option|what)", Strong),
        ("(two|three|four|a few|several|some|these|the following|both) (options|choices|ways to)", Strong),
        ("(option|choice) (1|2|3|one|two|three|a|b|c)", Strong),
        ("(first|second|third|other) option", Strong),
        ("would you prefer", Strong),
        ("(whichever|whatever) (you prefer|suits you|works|is best|you choose|you would like)", Strong),
        ("(let me|let us|tell me|tell us) know which", Strong),
        ("(the choice is yours|it is your choice|it is up to you)", Strong),
        ("reply with (a|b|1|2|one|two|your choice|which)", Strong),
        ("(decision|choice) (is|that is) yours", Strong),
        ("yours to (make|choose|decide)", Strong),
        ("either (a|an|the|keep|get|take|receive)", Strong),
        ("would you (rather|like)", Weak),
        ("if you would (prefer|rather)", Weak),
        ("if you (prefer|want)", Weak),
        ("or reply", Weak),
        ("(your|the) choice", Weak),
        ("up to you", Weak),
    ])
});

/// What a weak choice must offer: a remedy or a way to receive the fix.
const OFFERS: &[&str] = &[
    "refund",
    "replacement",
    "credit",
    "voucher",
    "repair",
    "deliver",
    "delivery",
    "collect",
    "bring",
    "send",
    "instead",
    "exchange",
    "sent",
    "transfer",
    "pick",
    "ship",
    "ships",
    "discount",
    "rebook",
    "keep",
    "return",
    "cash",
    "free",
];

pub(super) fn detect(analysis: &Analysis<'_, '_>) -> Option<Range<usize>> {
    let mut hits: Vec<usize> = analysis
        .matches(&CHOICE_PHRASES)
        .into_iter()
        .filter(|found| !analysis.tokens()[found.tokens.start].negated)
        .map(|found| (analysis.sentence_of(found.tokens.start), *found.entry))
        .filter(|&(sentence, strength)| {
            strength == Strength::Strong
                || analysis.sentences()[sentence].tokens.clone().any(|index| OFFERS.contains(&analysis.word(index)))
        })
        .map(|(sentence, _)| sentence)
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

/// An "or", an "instead", a list of two or more items just after, or the hit inside a list.
fn offers_alternatives(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let sentences = analysis.sentences();
    let range = sentences[sentence].tokens.clone();
    let has_or = analysis.has_word(range.clone(), "or") || analysis.has_word(range, "instead");
    let items_after = sentences[sentence + 1..].iter().take(6).filter(|next| next.list_item).count();
    let list_follows = items_after >= 2 && sentences.get(sentence + 1).is_some_and(|next| next.list_item);
    has_or || list_follows || sentences[sentence].list_item
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
