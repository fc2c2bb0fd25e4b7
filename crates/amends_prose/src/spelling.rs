//! ST301: every word checked against harper's dictionary for the configured dialect,
//! with harper's fuzzy search for the suggestions.
//!
//! Harper's own `SpellCheck` linter is private to its rule group and reads words from a
//! fully parsed `Document`, and parsing runs harper's neural noun-phrase chunker over
//! every token (about 75 µs a token, 15 ms for a 200-word email of new text). Spelling
//! needs none of that: only the lexer's word tokens and the dictionary. So this pass
//! walks the tokens of [`crate::email_parser::EmailParser`] and applies the same test
//! harper's spell checker does — the word has dictionary metadata enabled for the
//! dialect, and the dictionary holds it exactly, apostrophes normalized, or lower-cased —
//! then asks harper's [`suggest_correct_spelling`] for replacements.
//!
//! Suggestions come from the curated dictionary alone, so that they depend only on the
//! word and can be cached across emails (a fuzzy search costs 0.4–10 ms); a known name
//! is accepted, but a misspelt name is not corrected towards the caller's names.

use harper_core::spell::{Dictionary, suggest_correct_spelling};
use harper_core::{CharStringExt, Dialect, Token, TokenKind};

/// How many candidates the dictionary's fuzzy search may return per edit distance.
const CANDIDATES: usize = 200;
/// Edit distances tried in turn until one yields a suggestion (a swap of neighbouring
/// letters counts as one). Harper's own spell checker backs off to 4, but a search at 3
/// costs about 10 ms and at 4 about 30 ms (seconds for a one-letter word), and a word
/// that far from every dictionary entry is usually a name, which no suggestion fixes.
/// Distance 1 (about 0.4 ms) finds most typing slips; 2 (1–10 ms) the rest.
const EDIT_DISTANCES: std::ops::RangeInclusive<u8> = 1..=2;

/// A word the dictionary does not accept.
pub(crate) struct Misspelling {
    /// Char indices of the word.
    pub(crate) start: usize,
    /// End (exclusive) in char indices.
    pub(crate) end: usize,
    /// The best replacement, if the dictionary has one close enough.
    pub(crate) suggestion: Option<String>,
}

/// The words among `tokens` that `dictionary` does not accept for `dialect`. `accept`
/// gets the last word (the caller's known names); `suggest` gives the replacement.
pub(crate) fn misspellings(
    tokens: &[Token],
    source: &[char],
    dictionary: &impl Dictionary,
    dialect: Dialect,
    accept: impl Fn(&[char]) -> bool,
    suggest: impl Fn(&[char]) -> Option<String>,
) -> Vec<Misspelling> {
    let mut found = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        if !token.kind.is_word() {
            continue;
        }
        let word = token.span.get_content(source);
        let after_number = index > 0 && matches!(tokens[index - 1].kind, TokenKind::Number(_));
        // A lone letter is an initial, a size or a grade (`P.S.`, `size S`, `plan B`).
        if word.len() == 1
            || (after_number && is_ordinal_suffix(word))
            || is_known(word, dictionary, dialect)
            || accept(word)
        {
            continue;
        }
        found.push(Misspelling { start: token.span.start, end: token.span.end, suggestion: suggest(word) });
    }
    found
}

/// `1st`, `22nd`: harper's document parser folds these into the number; its lexer alone
/// leaves the suffix as a word.
fn is_ordinal_suffix(word: &[char]) -> bool {
    ["st", "nd", "rd", "th"].iter().any(|suffix| word.eq_str(suffix))
}

fn is_known(word: &[char], dictionary: &impl Dictionary, dialect: Dialect) -> bool {
    let in_dialect =
        dictionary.get_word_metadata(word).is_some_and(|metadata| metadata.dialects.is_dialect_enabled(dialect));
    if !in_dialect {
        return false;
    }
    let normalized = word.normalized();
    dictionary.contains_exact_word(word)
        || dictionary.contains_exact_word(&normalized)
        || dictionary.contains_exact_word(&normalized.to_lower())
}

/// How many of harper's ranked candidates are searched for a swapped-letter match.
const SWAP_WINDOW: usize = 10;

/// The first suggestion harper ranks for `word` in `dialect`, except that when harper's
/// first adds or drops a letter, a candidate that is the typed word with two neighbouring
/// letters swapped is preferred (`dealy` → `delay`, not `deal`): a swap is the
/// commonest typing slip and keeps every letter the writer typed. A same-length first
/// choice stands (`apologise` → `apologize`, not `apologies`). Capitalized like the
/// typed word.
pub(crate) fn best_suggestion(word: &[char], dictionary: &impl Dictionary, dialect: Dialect) -> Option<String> {
    let lowered = word.to_lower();
    for distance in EDIT_DISTANCES {
        let mut candidates: Vec<&[char]> = Vec::new();
        for candidate in suggest_correct_spelling(word, CANDIDATES, distance, dictionary) {
            let in_dialect = dictionary
                .get_word_metadata(candidate)
                .is_some_and(|metadata| metadata.dialects.is_dialect_enabled(dialect));
            let duplicate = candidates.iter().any(|seen| seen.to_lower() == candidate.to_lower());
            if in_dialect && !duplicate {
                candidates.push(candidate);
            }
            if candidates.len() == SWAP_WINDOW {
                break;
            }
        }
        let best = match candidates.first() {
            Some(first) if first.len() != word.len() => {
                candidates.iter().find(|candidate| is_neighbour_swap(&lowered, &candidate.to_lower())).or(Some(first))
            }
            first => first,
        };
        if let Some(best) = best {
            return Some(match_capital(word, best));
        }
    }
    None
}

/// Whether `b` is `a` with exactly one pair of neighbouring letters swapped.
fn is_neighbour_swap(a: &[char], b: &[char]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let Some(first) = a.iter().zip(b).position(|(x, y)| x != y) else {
        return false;
    };
    first + 1 < a.len() && a[first] == b[first + 1] && a[first + 1] == b[first] && a[first + 2..] == b[first + 2..]
}

/// `Dealy` → `Delay`; a suggestion with its own inner capitals (`iPhone`) is kept as is.
fn match_capital(typed: &[char], suggestion: &[char]) -> String {
    let capitalize =
        typed.first().is_some_and(|c| c.is_uppercase()) && suggestion.iter().skip(1).all(|c| !c.is_uppercase());
    let mut chars = suggestion.iter();
    let mut out = String::with_capacity(suggestion.len());
    if let Some(first) = chars.next() {
        if capitalize {
            out.extend(first.to_uppercase());
        } else {
            out.push(*first);
        }
    }
    out.extend(chars);
    out
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::is_neighbour_swap;

    #[rstest]
    #[case::swap("dealy", "delay", true)]
    #[case::first_pair("hte", "the", true)]
    #[case::last_pair("teh", "the", true)]
    #[case::same("delay", "delay", false)]
    #[case::rotation("dlaey", "delay", false)]
    #[case::deletion("dealy", "deal", false)]
    #[case::substitution("dealy", "dealt", false)]
    fn neighbour_swaps(#[case] a: &str, #[case] b: &str, #[case] expected: bool) {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        assert_eq!(is_neighbour_swap(&a, &b), expected);
    }
}
