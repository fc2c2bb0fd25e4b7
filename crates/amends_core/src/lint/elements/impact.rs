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

/// What else a sentence needs for an impact phrase to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// The customer in the sentence: "you", "your".
    Customer,
    /// Nothing more: the phrase is about the customer by itself ("must have been").
    Nothing,
    /// A word naming the feeling or the harm ("I know how *frustrating*…").
    Feeling,
}

/// Phrases that acknowledge a consequence for the customer.
pub(crate) static IMPACT_PHRASES: LazyLock<PhraseTable<Needs>> = LazyLock::new(|| {
    use Needs::{Customer, Feeling, Nothing};
    PhraseTable::new([
        ("you [(have|had)] (had|have) to", Customer),
        ("you had no", Customer),
        (
            "you [(have|had)] (were|been|was) (left|stuck|stranded|unable|without|forced|kept|put|out of pocket|on hold|waiting|sitting|facing|locked|cut off|unsure|worried|caught|hit|overdrawn|short|scrambling|let down|relying|counting|looking forward|hoping|planning|turned away|sent back|sent away|bounced|passed)",
            Customer,
        ),
        ("left you", Customer),
        ("leaving you", Customer),
        ("cost you", Customer),
        ("costing you", Customer),
        ("caused you", Customer),
        ("put you (through|in)", Customer),
        ("(took|taking|take) [up] (your|hours of your|so much of your)", Customer),
        (
            "you [(have|had|have now)] (could not|can not|were not able|have not been able|missed|lost|spent|wasted|waited|planned|needed|rely|relied|depend|depended|counted|ended up|went without|go without|came home|got home|drove|travelled|traveled|had a wasted|found out|discovered|opened)",
            Customer,
        ),
        (
            "(ruined|disrupted|spoiled|affected|derailed|cut short|interrupted|upended|dampened|took over|overshadowed) (your|the|a|an|their|her|his)",
            Customer,
        ),
        (
            "your (plans|evening|weekend|day|birthday|trip|holiday|vacation|wedding|event|meeting|deadline|celebration|anniversary|night|morning|afternoon) (was|were|has been|have been) (ruined|disrupted|spoiled|affected|derailed|cut short|interrupted|upended)",
            Customer,
        ),
        ("must have (been|felt|caused)", Nothing),
        (
            "must be [(so|really|very|incredibly)] (frustrating|stressful|worrying|upsetting|disappointing|exhausting|annoying|hard|difficult|alarming)",
            Nothing,
        ),
        ("(i|we) [(can|do|fully|completely|totally|really|truly|only)] (imagine|picture)", Nothing),
        (
            "(i|we) [(can|do|fully|completely|totally|really|truly)] (know|understand|realise|realize|recognise|recognize|appreciate|see) [just] how",
            Nothing,
        ),
        (
            "(i|we) [(can|do|fully|completely|totally|really|truly)] (know|understand|realise|realize|recognise|recognize|appreciate|see|imagine)",
            Feeling,
        ),
        (
            "(that|this|it) (is|was) [(so|really|very|incredibly|understandably|a)] (frustrating|stressful|disappointing|upsetting|worrying|alarming|unacceptable|exhausting|infuriating|maddening|embarrassing|awful|hard|difficult|a lot|not okay|not ok|not good enough|distressing|scary|frightening|shock|real shock|nightmare|horrible)",
            Nothing,
        ),
        (
            "(frustrating|stressful|disappointing|upsetting|worrying|infuriating|exhausting|embarrassing|distressing|unsettling|hard|difficult|costly|expensive|scary|frightening) for you",
            Nothing,
        ),
        ("on top of (everything|that|a busy|an already)", Nothing),
        ("the last thing (you|anyone|anybody) (needed|need|needs|wanted|want|wants)", Nothing),
        ("especially (when|with|since|because|as|on|after|given) you", Customer),
        ("you (rely|relied|depend|depended|count|counted|were counting|were relying) on", Customer),
        ("you were (looking forward|hoping|expecting|trying|getting ready|preparing)", Customer),
        (
            "(frustration|stress|worry|anxiety|disappointment|hassle|embarrassment|upset|trouble|time|effort|money|expense|cost|hours|distress) (this|it|that|we) [has] (caused|put you through|cost)",
            Customer,
        ),
        (
            "(frustration|stress|worry|anxiety|disappointment|hassle|embarrassment|distress|time|effort|money|expense) (you|you have|you had|you were) (felt|experienced|spent|put in|gone through|been through|lost|suffered)",
            Customer,
        ),
        (
            "(no|without) (heating|heat|hot water|power|electricity|internet|phone|signal|water|access|money|income|a car|transport|a way|a good night's sleep|sleep|dinner|lunch|food)",
            Nothing,
        ),
        (
            "(missed|lost|wasted|ruined|spoiled|disrupted) (your|hours|time|half|a day|a morning|an afternoon|an evening|a night|a weekend)",
            Customer,
        ),
        ("wasted (trip|journey|day|morning|afternoon|evening|visit|call|time|hours|drive)", Nothing),
        ("(after|following) a long wait", Nothing),
        ("out of pocket", Nothing),
        ("in the cold", Nothing),
        ("on hold for", Customer),
        ("(i|we) [(also)] know you", Customer),
        (
            "you (would|had) (planned|been|hoped|wanted|counted|saved|booked|arranged|organised|organized|waited|looked forward|taken|travelled|traveled)",
            Customer,
        ),
        ("you (would|had) [(already|just)] (set aside|taken time|taken the day|booked|paid)", Customer),
        ("(makes|made|making) (it|this|that|things) worse", Nothing),
        (
            "(that is|that was|it was|this was|that's) a (bad|terrible|awful|horrible|rough|stressful|long|hard|miserable) (morning|day|evening|night|week|weekend|start|experience|situation|position)",
            Nothing,
        ),
        (
            "(is|was|would be|must be) (awful|horrible|terrible|miserable|no fun|a nightmare|exhausting|nerve-racking|nerve-wracking)",
            Nothing,
        ),
        ("scrambling", Nothing),
        ("(lands|landed|reflects|reflected|falls|fell) on (you|your)", Customer),
        ("with (two|three|your|the) [(sleeping|tired|young|small|hungry)] (children|kids|baby|babies|family)", Nothing),
        (
            "(can not|cannot|can't) give you (that|the|your) (evening|day|night|weekend|time|trip|holiday|hours|morning|afternoon) back",
            Nothing,
        ),
    ])
});

/// Words that name a feeling or a harm.
const FEELINGS: &[&str] = &[
    "frustrating",
    "frustrated",
    "stressful",
    "stress",
    "disappointing",
    "disappointed",
    "upsetting",
    "upset",
    "worrying",
    "worried",
    "worry",
    "alarming",
    "distressing",
    "scary",
    "frightening",
    "infuriating",
    "exhausting",
    "embarrassing",
    "difficult",
    "hard",
    "awful",
    "horrible",
    "terrible",
    "unsettling",
    "shock",
    "shocking",
    "anxious",
    "anxiety",
    "nightmare",
    "maddening",
    "annoying",
    "inconvenient",
    "costly",
    "expensive",
    "unacceptable",
    "hassle",
];

pub(super) fn detect(analysis: &Analysis<'_, '_>, tainted: &[usize]) -> Option<Range<usize>> {
    analysis
        .matches(&IMPACT_PHRASES)
        .into_iter()
        .filter(|found| {
            !analysis.tokens()[found.tokens.start].negated || starts_with_negation(analysis, found.tokens.clone())
        })
        .map(|found| (analysis.sentence_of(found.tokens.start), *found.entry))
        .find(|&(sentence, needs)| {
            let satisfied = match needs {
                Needs::Nothing => true,
                Needs::Customer => mentions_customer(analysis, sentence),
                Needs::Feeling => {
                    analysis.sentences()[sentence].tokens.clone().any(|index| FEELINGS.contains(&analysis.word(index)))
                }
            };
            satisfied
                && tainted.binary_search(&sentence).is_err()
                && !analysis.is_question(sentence)
                && !is_about_prevention(analysis, sentence)
        })
        .map(|(sentence, _)| analysis.sentence_span(sentence))
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
