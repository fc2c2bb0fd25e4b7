//! Sentiment with the VADER method (Hutto & Gilbert, 2014): a valence lexicon plus rules
//! for degree adverbs, capitals, negation, "but", idioms, and emphatic punctuation.
//!
//! [`polarity_scores`] reproduces the reference Python package `vaderSentiment` 3.3.2,
//! quirks included: the agreement test (`tests/vader_agreement.rs`) checks it against
//! scores the reference computed for more than a thousand sentences. Where the reference
//! behaves surprisingly (a booster before a word two places away, the way repeated
//! values are re-weighted around "but"), the surprise is kept on purpose and commented.

mod ascii_word;
mod lexicon;
mod pytext;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use lexicon::{
    BOOST, CAPS_BOOST, DAMPENER_BIGRAMS, EMOJI, Keyword, NEGATION_SCALAR, SPECIAL_IDIOMS, ShortKey, WORDS, WordInfo,
};
use pytext::{is_py_upper, py_round, split_py_whitespace, strip_punctuation_if_word, strip_py_whitespace};

/// VADER's reading of a text: a normalized overall score and the proportions of
/// positive, neutral and negative weight.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Sentiment {
    /// Overall valence from −1 (most negative) to +1 (most positive), rounded to four
    /// places. Conventionally ≥ 0.05 reads as positive and ≤ −0.05 as negative.
    pub compound: f64,
    /// Share of the text's weight that is positive (0–1, three places).
    pub pos: f64,
    /// Share of the text's weight that is neutral (0–1, three places).
    pub neu: f64,
    /// Share of the text's weight that is negative (0–1, three places).
    pub neg: f64,
}

/// Scores `text` exactly as `vaderSentiment` 3.3.2's `polarity_scores` does.
///
/// VADER is tuned for sentences and short posts; longer texts still work (the compound
/// score saturates sooner). Never panics, and runs in O(n log n) in the text's length.
#[must_use]
pub fn polarity_scores(text: &str) -> Sentiment {
    SCRATCH.with_borrow_mut(|scratch| scratch.score(text))
}

thread_local! {
    /// Buffers reused from one call to the next, so that scoring a sentence allocates
    /// nothing (unless it has emoji or non-ASCII capitals). `polarity_scores` never
    /// calls itself, so the borrow is never contended.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

#[derive(Default)]
struct Scratch {
    tokens: Vec<Token>,
    valences: Vec<f64>,
}

impl Scratch {
    /// Beyond this many tokens the buffers are released after use rather than kept.
    const KEEP: usize = 4096;

    fn score(&mut self, text: &str) -> Sentiment {
        let text = describe_emoji(text);
        let text = strip_py_whitespace(&text);
        self.tokens.clear();
        self.tokens.extend(split_py_whitespace(text).map(Token::read));
        let tokens = &self.tokens;
        let sentiment = if tokens.is_empty() {
            Sentiment::default()
        } else {
            let caps_stand_out = caps_stand_out(tokens);
            self.valences.clear();
            self.valences.extend((0..tokens.len()).map(|i| token_valence(tokens, i, caps_stand_out)));
            weigh_around_but(tokens, &mut self.valences);
            summarize(&self.valences, text)
        };
        if self.tokens.capacity() > Self::KEEP {
            *self = Self::default();
        }
        sentiment
    }
}

/// One whitespace-separated word (punctuation stripped), reduced to what the rules use.
#[derive(Debug, Clone, Copy)]
struct Token {
    info: WordInfo,
    /// Written in capitals (`str.isupper`).
    upper: bool,
    /// A negation word, or any word containing "n't".
    negates: bool,
}

impl Token {
    fn read(raw: &str) -> Self {
        let word = strip_punctuation_if_word(raw);
        // Nearly every word is short ASCII: lowercased into the table's integer key in
        // a few instructions. Anything else takes the general Unicode path.
        if let Some(ascii) = ascii_word::classify(word.as_bytes()) {
            let info = WORDS.get_short(ShortKey::pack(ascii.lower, word.len()));
            let upper = ascii.has_upper && !ascii.has_lower;
            return Self::new(info, upper, ascii.has_apostrophe.then_some(word.as_bytes()));
        }
        let lower = word.to_lowercase();
        Self::new(WORDS.get(lower.as_bytes()), is_py_upper(word), Some(lower.as_bytes()))
    }

    /// `apostrophe_word` is the word when it may contain "n't" (in any case).
    fn new(info: Option<WordInfo>, upper: bool, apostrophe_word: Option<&[u8]>) -> Self {
        let info = info.unwrap_or_default();
        // ASCII letters differ from their capitals only in bit 0x20.
        let contains_nt = apostrophe_word.is_some_and(|word| {
            word.windows(3).any(|window| window[0] | 0x20 == b'n' && window[1] == b'\'' && window[2] | 0x20 == b't')
        });
        Self { info, upper, negates: info.negation || contains_nt }
    }

    fn is(&self, keyword: Keyword) -> bool {
        self.info.keyword == keyword
    }

    fn in_lexicon(&self) -> bool {
        self.info.valence().is_some()
    }
}

/// Replaces each emoji with its description, as the reference does before anything
/// else: a space is inserted before a description unless a space precedes it, never
/// after it ("💘and" reads "heart with arrowand").
fn describe_emoji(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let emoji = &*EMOJI;
    let is_emoji = |c: char| !c.is_ascii() && emoji.contains_key(&c);
    let Some(first) = text.find(is_emoji) else {
        return Cow::Borrowed(text);
    };
    let mut described = String::with_capacity(text.len() + 64);
    described.push_str(&text[..first]);
    let mut after_space = first == 0 || described.ends_with(' ');
    for c in text[first..].chars() {
        match emoji.get(&c) {
            Some(description) if !c.is_ascii() => {
                if !after_space {
                    described.push(' ');
                }
                described.push_str(description);
                after_space = false;
            }
            _ => {
                described.push(c);
                after_space = c == ' ';
            }
        }
    }
    Cow::Owned(described)
}

/// Capitals only add emphasis when some, but not all, words are in capitals.
fn caps_stand_out(tokens: &[Token]) -> bool {
    let in_caps = tokens.iter().filter(|token| token.upper).count();
    in_caps > 0 && in_caps < tokens.len()
}

/// The valence of the word at `i` after every rule that looks at its neighbours.
fn token_valence(tokens: &[Token], i: usize, caps_stand_out: bool) -> f64 {
    let token = &tokens[i];
    // Degree adverbs and the "kind" of "kind of" modify other words; they carry none.
    if token.info.booster().is_some() {
        return 0.0;
    }
    let next = tokens.get(i + 1);
    if token.is(Keyword::Kind) && next.is_some_and(|next| next.is(Keyword::Of)) {
        return 0.0;
    }
    let Some(lexicon_valence) = token.info.valence() else {
        return 0.0;
    };

    let mut valence = lexicon_valence;
    // "no" before a sentiment word negates that word instead of counting itself.
    if token.is(Keyword::No) && next.is_some_and(Token::in_lexicon) {
        valence = 0.0;
    }
    let back = |distance: usize| i.checked_sub(distance).map(|j| &tokens[j]);
    let is_back = |distance: usize, keyword: Keyword| back(distance).is_some_and(|t| t.is(keyword));
    if is_back(1, Keyword::No)
        || is_back(2, Keyword::No)
        || (is_back(3, Keyword::No) && (is_back(1, Keyword::Or) || is_back(1, Keyword::Nor)))
    {
        valence = lexicon_valence * NEGATION_SCALAR;
    }

    if token.upper && caps_stand_out {
        valence += if valence > 0.0 { CAPS_BOOST } else { -CAPS_BOOST };
    }

    for distance in 1..=3 {
        let Some(before) = back(distance) else { break };
        // A preceding sentiment word is scored on its own and modifies nothing.
        if before.in_lexicon() {
            continue;
        }
        let mut scalar = booster_scalar(before, valence, caps_stand_out);
        // A modifier further away counts for less.
        if distance == 2 && scalar != 0.0 {
            scalar *= 0.95;
        }
        if distance == 3 && scalar != 0.0 {
            scalar *= 0.9;
        }
        valence += scalar;
        valence = apply_negation(valence, tokens, i, distance);
        if distance == 3 {
            valence = apply_idioms(valence, tokens, i);
        }
    }
    apply_least(valence, tokens, i)
}

/// The scalar a booster or dampener adds to a word of the given valence: it pushes away
/// from zero (or towards it), more when the modifier itself is in capitals.
fn booster_scalar(modifier: &Token, valence: f64, caps_stand_out: bool) -> f64 {
    let Some(mut scalar) = modifier.info.booster() else {
        return 0.0;
    };
    if valence < 0.0 {
        scalar = -scalar;
    }
    if modifier.upper && caps_stand_out {
        scalar += if valence > 0.0 { CAPS_BOOST } else { -CAPS_BOOST };
    }
    scalar
}

/// Negation by the word `distance` places before `i` ("not good", "isn't really
/// good"), with the reference's exceptions for "never so/this" (emphasis, not
/// negation) and "without doubt".
fn apply_negation(valence: f64, tokens: &[Token], i: usize, distance: usize) -> f64 {
    let keyword = |back: usize| tokens[i - back].info.keyword;
    let so_or_this = |keyword: Keyword| matches!(keyword, Keyword::So | Keyword::This);
    let negated = tokens[i - distance].negates;
    match distance {
        1 if negated => valence * NEGATION_SCALAR,
        2 => {
            if keyword(2) == Keyword::Never && so_or_this(keyword(1)) {
                valence * 1.25
            } else if keyword(2) == Keyword::Without && keyword(1) == Keyword::Doubt {
                valence
            } else if negated {
                valence * NEGATION_SCALAR
            } else {
                valence
            }
        }
        3 => {
            // The reference groups this condition so that "so" or "this" right before
            // the word emphasizes it even without "never"; kept for agreement.
            if (keyword(3) == Keyword::Never && so_or_this(keyword(2))) || so_or_this(keyword(1)) {
                valence * 1.25
            } else if keyword(3) == Keyword::Without && (keyword(2) == Keyword::Doubt || keyword(1) == Keyword::Doubt) {
                valence
            } else if negated {
                valence * NEGATION_SCALAR
            } else {
                valence
            }
        }
        _ => valence,
    }
}

/// Idioms around the word at `i` (which has at least three words before it) replace its
/// valence; the two-word dampeners "kind of", "sort of" and "just enough" two or three
/// places before it lower it.
fn apply_idioms(mut valence: f64, tokens: &[Token], i: usize) -> f64 {
    let idiom_value = |start: usize, len: usize| -> Option<f64> {
        let window = tokens.get(start..start + len)?;
        SPECIAL_IDIOMS.iter().find_map(|(words, value)| {
            let matches = words.len() == len && words.iter().zip(window).all(|(word, token)| token.is(*word));
            matches.then_some(*value)
        })
    };
    // Phrases ending on or just before the word, in the reference's order of preference.
    let behind = [(i - 1, 2), (i - 2, 3), (i - 2, 2), (i - 3, 3), (i - 3, 2)];
    if let Some(value) = behind.iter().find_map(|&(start, len)| idiom_value(start, len)) {
        valence = value;
    }
    // Phrases starting on the word override those.
    if let Some(value) = idiom_value(i, 2) {
        valence = value;
    }
    if let Some(value) = idiom_value(i, 3) {
        valence = value;
    }
    for start in [i - 3, i - 2] {
        let pair = [tokens[start].info.keyword, tokens[start + 1].info.keyword];
        if DAMPENER_BIGRAMS.contains(&pair) {
            valence -= BOOST;
        }
    }
    valence
}

/// "least" negates the word after it ("the least helpful"), except in "at least" and
/// "very least".
fn apply_least(valence: f64, tokens: &[Token], i: usize) -> f64 {
    let Some(before) = i.checked_sub(1).map(|j| &tokens[j]) else {
        return valence;
    };
    if before.in_lexicon() || !before.is(Keyword::Least) {
        return valence;
    }
    match i.checked_sub(2).map(|j| &tokens[j]) {
        Some(two_before) if two_before.is(Keyword::At) || two_before.is(Keyword::Very) => valence,
        _ => valence * NEGATION_SCALAR,
    }
}

/// Halves what comes before the first "but" and raises what follows it by half.
///
/// The reference finds the position to re-weight by looking up each value in the list
/// (`list.index`), so a value that occurs twice re-weights its first occurrence twice
/// and the later one not at all. This reproduces that in O(n log n) by tracking where
/// each distinct value first occurs; zeros are unaffected either way and are skipped.
fn weigh_around_but(tokens: &[Token], valences: &mut [f64]) {
    let Some(but) = tokens.iter().position(|token| token.is(Keyword::But)) else {
        return;
    };
    let mut positions: FxHashMap<u64, BTreeSet<usize>> = FxHashMap::default();
    for (position, value) in valences.iter().enumerate() {
        if *value != 0.0 {
            positions.entry(value.to_bits()).or_default().insert(position);
        }
    }
    for k in 0..valences.len() {
        let value = valences[k];
        if value == 0.0 {
            continue;
        }
        let Some(occurrences) = positions.get_mut(&value.to_bits()) else {
            continue;
        };
        let Some(&first) = occurrences.first() else {
            continue;
        };
        let factor = match first.cmp(&but) {
            std::cmp::Ordering::Less => 0.5,
            std::cmp::Ordering::Greater => 1.5,
            std::cmp::Ordering::Equal => continue,
        };
        occurrences.remove(&first);
        let weighted = value * factor;
        valences[first] = weighted;
        positions.entry(weighted.to_bits()).or_default().insert(first);
    }
}

/// Sums the valences, adds emphasis from "!" and "?", and normalizes.
fn summarize(valences: &[f64], text: &str) -> Sentiment {
    let emphasis = punctuation_emphasis(text);
    let mut sum: f64 = valences.iter().fold(0.0, |sum, valence| sum + valence);
    if sum > 0.0 {
        sum += emphasis;
    } else if sum < 0.0 {
        sum -= emphasis;
    }
    let compound = normalize(sum);

    let mut positive = 0.0;
    let mut negative = 0.0;
    let mut neutral = 0u32;
    for &valence in valences {
        // Each sentiment word also counts as one word, like a neutral one.
        if valence > 0.0 {
            positive += valence + 1.0;
        }
        if valence < 0.0 {
            negative += valence - 1.0;
        }
        if valence == 0.0 {
            neutral += 1;
        }
    }
    if positive > f64::abs(negative) {
        positive += emphasis;
    } else if positive < f64::abs(negative) {
        negative -= emphasis;
    }
    let total = positive + f64::abs(negative) + f64::from(neutral);
    Sentiment {
        compound: py_round(compound, 4),
        pos: py_round(f64::abs(positive / total), 3),
        neu: py_round(f64::abs(f64::from(neutral) / total), 3),
        neg: py_round(f64::abs(negative / total), 3),
    }
}

/// Up to four "!" add 0.292 each; two or three "?" add 0.18 each, more add 0.96.
fn punctuation_emphasis(text: &str) -> f64 {
    // Most sentences have neither mark: a vectorized search for both finds that fast.
    let (mut exclamations, mut questions) = (0usize, 0usize);
    for at in memchr::memchr2_iter(b'!', b'?', text.as_bytes()) {
        if text.as_bytes()[at] == b'!' {
            exclamations += 1;
        } else {
            questions += 1;
        }
    }
    let exclamations = exclamations.min(4);
    let question_emphasis = match questions {
        0 | 1 => 0.0,
        2 | 3 => questions as f64 * 0.18,
        _ => 0.96,
    };
    exclamations as f64 * 0.292 + question_emphasis
}

/// Maps a sum of valences into (−1, 1); 15 approximates the largest sums seen in practice.
fn normalize(score: f64) -> f64 {
    const ALPHA: f64 = 15.0;
    (score / (score * score + ALPHA).sqrt()).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    /// Scores from `vaderSentiment` 3.3.2 (the demo sentences shipped with it and a few
    /// more aimed at single rules); the big comparison lives in `tests/`.
    #[rstest]
    #[case("VADER is smart, handsome, and funny.", 0.8316, 0.746, 0.254, 0.0)]
    #[case("VADER is smart, handsome, and funny!", 0.8439, 0.752, 0.248, 0.0)]
    #[case("VADER is very smart, handsome, and funny.", 0.8545, 0.701, 0.299, 0.0)]
    #[case("VADER is VERY SMART, handsome, and FUNNY.", 0.9227, 0.754, 0.246, 0.0)]
    #[case("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342, 0.767, 0.233, 0.0)]
    #[case("VADER is not smart, handsome, nor funny.", -0.7424, 0.0, 0.354, 0.646)]
    #[case("At least it isn't a horrible book.", 0.431, 0.322, 0.678, 0.0)]
    #[case("The book was only kind of good.", 0.3832, 0.303, 0.697, 0.0)]
    #[case(
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        -0.7042,
        0.094,
        0.579,
        0.327
    )]
    #[case("Today SUX!", -0.5461, 0.0, 0.221, 0.779)]
    #[case("Today only kinda sux! But I'll get by, lol", 0.5249, 0.317, 0.556, 0.127)]
    #[case("Make sure you :) or :D today!", 0.8633, 0.706, 0.294, 0.0)]
    #[case("Catch utf-8 emoji such as 💘 and 💋 and 😁", 0.875, 0.417, 0.583, 0.0)]
    #[case("Not bad at all", 0.431, 0.487, 0.513, 0.0)]
    #[case("Sentiment analysis has never been this good!", 0.5672, 0.379, 0.621, 0.0)]
    #[case("With VADER, sentiment analysis is the shit!", 0.6476, 0.417, 0.583, 0.0)]
    #[case("Roger Dodger is one of the least compelling variations on this theme.", -0.1695, 0.0, 0.868, 0.132)]
    #[case("Without a doubt, excellent idea.", 0.7013, 0.659, 0.341, 0.0)]
    #[case("good good but bad", -0.431, 0.404, 0.104, 0.492)]
    #[case("", 0.0, 0.0, 0.0, 0.0)]
    #[case("   \n ", 0.0, 0.0, 0.0, 0.0)]
    fn agrees_with_the_reference(
        #[case] text: &str,
        #[case] compound: f64,
        #[case] pos: f64,
        #[case] neu: f64,
        #[case] neg: f64,
    ) {
        let expected = Sentiment { compound, pos, neu, neg };
        assert_eq!(polarity_scores(text), expected, "{text:?}");
    }

    #[test]
    fn emoji_descriptions_join_the_preceding_word_with_a_space() {
        assert_eq!(describe_emoji("love💘it"), "love heart with arrowit");
        assert_eq!(describe_emoji("a 💘"), "a heart with arrow");
        assert_eq!(describe_emoji("plain"), "plain");
    }

    /// The reference re-weights the first position holding an equal value, so a value
    /// that a halving (or raising) made equal to a later one is weighted twice.
    #[rstest]
    #[case(&["a", "b", "but", "c", "d"], &[3.8, 1.9, 0.0, -2.5, -2.5], &[0.95, 1.9, 0.0, -3.75, -3.75])]
    #[case(&["a", "but", "c", "d"], &[1.9, 0.0, -2.5, -3.75], &[0.95, 0.0, -5.625, -3.75])]
    fn repeated_values_around_but_follow_the_reference(
        #[case] words: &[&str],
        #[case] valences: &[f64],
        #[case] expected: &[f64],
    ) {
        let tokens: Vec<Token> = words.iter().map(|word| Token::read(word)).collect();
        let mut valences = valences.to_vec();
        weigh_around_but(&tokens, &mut valences);
        assert_eq!(valences, expected);
    }
}
