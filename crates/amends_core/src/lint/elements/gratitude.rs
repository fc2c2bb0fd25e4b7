//! Gratitude: thanks to the customer, for their patience or for telling us.

use std::ops::Range;

use crate::lint::analysis::Analysis;
use crate::lint::lexicon::Classes;

pub(super) fn detect(analysis: &Analysis<'_, '_>) -> Option<Range<usize>> {
    (0..analysis.sentences().len())
        .find(|&sentence| {
            let range = analysis.sentences()[sentence].tokens.clone();
            range.clone().any(|index| {
                if !analysis.is(index, Classes::GRATITUDE) {
                    return false;
                }
                let next = if index + 1 < range.end { analysis.word(index + 1) } else { "" };
                match analysis.word(index) {
                    "thank" => matches!(next, "you" | "u"),
                    "thanks" => !matches!(next, "to"),
                    "appreciate" | "appreciated" => {
                        index > range.start
                            && matches!(
                                analysis.word(index - 1),
                                "i" | "we"
                                    | "really"
                                    | "truly"
                                    | "so"
                                    | "much"
                                    | "greatly"
                                    | "genuinely"
                                    | "do"
                                    | "very"
                                    | "sincerely"
                            )
                    }
                    "grateful" | "thankful" | "gratitude" => true,
                    _ => false,
                }
            }) && !thanks_in_advance(analysis, range)
        })
        .map(|sentence| analysis.sentence_span(sentence))
}

/// "Thanks in advance for your cooperation" asks; it does not thank.
fn thanks_in_advance(analysis: &Analysis<'_, '_>, range: Range<usize>) -> bool {
    analysis.has_word(range.clone(), "advance") && analysis.has_word(range, "in")
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("Thank you for telling us so quickly.")]
    #[case("Thanks for your patience while we sorted this out.")]
    #[case("I really appreciate you bringing this to our attention.")]
    #[case("We're grateful you gave us the chance to fix it.")]
    fn thanks(#[case] text: &str) {
        assert!(has(text, Element::Gratitude), "{text}");
    }

    #[rstest]
    #[case("Thanks to a labelling error, your order went astray.")]
    #[case("Thanks in advance for your cooperation.")]
    #[case("We did not appreciate the tone of your email.")]
    fn not_thanks(#[case] text: &str) {
        assert!(!has(text, Element::Gratitude), "{text}");
    }
}
