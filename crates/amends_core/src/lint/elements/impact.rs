//! Impact: acknowledging how the failure affected this customer.
//!
//! Impact is about the customer's consequences — time, money, plans, feelings named
//! without blame — so it needs the customer in the sentence ("you", "your") and a
//! consequence. "Any inconvenience this may have caused" is not impact: it names none.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::lexicon::Classes;
use crate::lint::phrase::PhraseTable;
use crate::lint::rules::apology_for_feelings;

/// Phrases that acknowledge a consequence for the customer.
static IMPACT_PHRASES: LazyLock<PhraseTable<bool>> = LazyLock::new(|| {
    PhraseTable::new([
        ("you (had|have had|have) to", true),
        ("you had no", true),
        (
            "you (were|have been|was) (left|stuck|stranded|unable|without|forced|kept|put|out of pocket|on hold|waiting|sitting|facing|locked|cut off|charged|unsure|worried|caught|hit|overdrawn|short|scrambling|let down|relying|counting|looking forward|hoping|planning)",
            false,
        ),
        ("left you", true),
        ("leaving you", true),
        ("cost you", true),
        ("costing you", true),
        ("caused you", true),
        ("put you (through|in)", true),
        ("(took|taking|take) [up] (your|hours of your|so much of your)", true),
        (
            "you (could not|couldn't|can not|can't|were not able|weren't able|have not been able|haven't been able|missed|lost|spent|wasted|waited|had planned|planned|needed|need|rely|relied|depend|depended|counted|ended up|went without|go without|came home|got home|drove|travelled|traveled)",
            true,
        ),
        (
            "your (plans|evening|weekend|day|birthday|trip|holiday|vacation|wedding|event|meeting|deadline|business|customers|family|guests|dinner|party|celebration|anniversary|appointment|patients|clients|shift|commute|sleep|morning|afternoon|night|week|budget|rent|mortgage|savings|credit score|work|team|staff|kids|children|daughter|son|mother|father|partner|time|money|trust|confidence|holiday plans|gift|present|first)",
            true,
        ),
        ("must have (been|felt|caused)", false),
        (
            "must be [(so|really|very|incredibly)] (frustrating|stressful|worrying|upsetting|disappointing|exhausting|annoying|hard|difficult|alarming)",
            false,
        ),
        ("(i|we) (can|can only|cannot|can not|can't) (imagine|picture)", false),
        (
            "(i|we) (know|understand|realise|realize|recognise|recognize|appreciate|see) (how|that|what|just how|this|it)",
            false,
        ),
        (
            "(that|this|it) (is|was|has been) [(so|really|very|incredibly|deeply|genuinely|completely|truly|understandably)] (frustrating|stressful|disappointing|upsetting|worrying|alarming|unacceptable|exhausting|infuriating|maddening|embarrassing|awful|hard|difficult|a lot|not okay|not ok|not good enough|distressing|scary|frightening)",
            false,
        ),
        (
            "(frustrating|stressful|disappointing|upsetting|worrying|infuriating|exhausting|embarrassing|distressing|unsettling|hard|difficult|costly|expensive|scary|frightening) for you",
            true,
        ),
        ("on top of (everything|that|a busy|an already)", false),
        ("the last thing you (needed|need|wanted|want)", false),
        ("especially (when|with|since|because|as|on|after|given) you", true),
        ("you (rely|relied|depend|depended|count|counted|were counting|were relying) on", true),
        ("you were (looking forward|hoping|expecting|trying|getting ready|preparing)", true),
        (
            "(frustration|stress|worry|anxiety|disappointment|hassle|embarrassment|upset|trouble|time|effort|money|expense|cost|hours|distress) (this|it|that|we) [has] (caused|put you through|cost)",
            true,
        ),
        (
            "(frustration|stress|worry|anxiety|disappointment|hassle|embarrassment|distress|time|effort|money|expense) (you|you have|you've|you had|you were) (felt|experienced|spent|put in|gone through|been through|lost|suffered)",
            true,
        ),
        (
            "(no|without) (heating|heat|hot water|power|electricity|internet|phone|signal|water|access|money|income|a car|transport|a way)",
            false,
        ),
        ("(missed|lost|wasted|ruined|spoiled|disrupted) (your|a|an|the|hours|time|half)", true),
        ("out of pocket", false),
        ("in the cold", false),
        ("on hold for", true),
        ("(i|we) (know|understand|realise|realize) you", true),
        (
            "you (would|had) (planned|been|hoped|wanted|counted|saved|booked|arranged|organised|organized|waited|looked forward|taken)",
            true,
        ),
        ("you (would|had) [(already|just)] (set aside|taken time|taken the day|booked|paid)", true),
    ])
});

pub(super) fn detect(analysis: &Analysis<'_, '_>) -> Option<Range<usize>> {
    let feelings: Vec<usize> = analysis
        .matches(&apology_for_feelings::PHRASES)
        .iter()
        .map(|found| analysis.sentence_of(found.tokens.start))
        .collect();
    analysis
        .matches(&IMPACT_PHRASES)
        .into_iter()
        .filter(|found| {
            !analysis.tokens()[found.tokens.start].negated || starts_with_negation(analysis, found.tokens.clone())
        })
        .map(|found| (analysis.sentence_of(found.tokens.start), *found.entry))
        .find(|&(sentence, needs_customer)| {
            !feelings.contains(&sentence)
                && !analysis.is_question(sentence)
                && (!needs_customer || mentions_customer(analysis, sentence))
                && !is_about_prevention(analysis, sentence)
        })
        .map(|(sentence, _)| sentence)
        .map(|sentence| analysis.sentence_span(sentence))
}

fn starts_with_negation(analysis: &Analysis<'_, '_>, tokens: Range<usize>) -> bool {
    matches!(analysis.word(tokens.start), "no" | "without")
}

fn mentions_customer(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    analysis.sentence_has(sentence, Classes::SECOND_PERSON)
        || analysis.sentences()[sentence].tokens.clone().any(|index| analysis.class(index).any(Classes::SECOND_PERSON))
}

fn is_about_prevention(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let range = analysis.sentences()[sentence].tokens.clone();
    analysis.has_word(range.clone(), "again") || analysis.has_word(range, "future")
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("I know you’d planned it as a birthday present for your brother.")]
    #[case("You had to spend your Saturday on hold with us.")]
    #[case("That left you without internet while working from home.")]
    #[case("That must have been stressful, especially with guests arriving.")]
    #[case("You were left without heating for two days in November.")]
    #[case("I can imagine how frustrating it was to find an empty box.")]
    fn acknowledges_impact(#[case] text: &str) {
        assert!(has(text, Element::Impact), "{text}");
    }

    #[rstest]
    #[case("We apologize for any inconvenience this may have caused.")]
    #[case("We're sorry you feel frustrated.")]
    #[case("Your refund will arrive within a day.")]
    #[case("Did you have to wait long?")]
    #[case("You will not have to do anything else in the future.")]
    fn no_impact(#[case] text: &str) {
        assert!(!has(text, Element::Impact), "{text}");
    }
}
