//! Customer, agent and product names: a per-document dictionary and the filter that
//! keeps them (and their possessives) out of the spelling findings.
//!
//! Harper 3.0 binds its spell checker to a dictionary when the rule group is built, and
//! building a group costs about 0.2 s, so the names cannot be added to the spell
//! checker's own dictionary per email. Instead each document is *parsed* with a merged
//! dictionary (the curated one plus a small one holding the names as proper nouns), which
//! gives the grammar rules the right part of speech for them, and the spell checker's
//! reports for those words are then dropped by [`KnownWords::covers`].

use std::sync::Arc;

use harper_core::spell::{FstDictionary, MergedDictionary, MutableDictionary};
use harper_core::{DictWordMetadata, NounData};

/// The words of the names a caller passed, ready for one check.
pub(crate) struct KnownWords {
    /// Lower-cased words, apostrophes normalized to `'`.
    lowered: Vec<String>,
    /// Words as written, for the document's dictionary.
    words: Vec<String>,
}

impl KnownWords {
    /// Splits each name into the words harper's lexer will see: `"Zoë O'Brien-Smith"`
    /// gives `Zoë`, `O'Brien` and `Smith`.
    pub(crate) fn new(names: &[&str]) -> Self {
        let mut words: Vec<String> = names
            .iter()
            .flat_map(|name| name.split(|c: char| !c.is_alphanumeric() && !is_apostrophe(c)))
            .map(|word| word.trim_matches(is_apostrophe))
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect();
        words.sort_unstable();
        words.dedup();
        let lowered = words.iter().map(|word| normalize(word.chars())).collect();
        Self { lowered, words }
    }

    /// Whether there are no known words at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The curated dictionary with the known words added as singular proper nouns, each
    /// with its possessive form.
    pub(crate) fn dictionary(&self, curated: &Arc<FstDictionary>) -> MergedDictionary {
        let name = DictWordMetadata {
            noun: Some(NounData { is_proper: Some(true), is_singular: Some(true), ..NounData::default() }),
            ..DictWordMetadata::default()
        };
        let possessive = DictWordMetadata {
            noun: Some(NounData {
                is_proper: Some(true),
                is_singular: Some(true),
                is_possessive: Some(true),
                ..NounData::default()
            }),
            ..DictWordMetadata::default()
        };

        let mut names = MutableDictionary::new();
        names.extend_words(self.words.iter().flat_map(|word| {
            [
                (word.chars().collect::<Vec<_>>(), name.clone()),
                (possessive_of(word).chars().collect(), possessive.clone()),
            ]
        }));

        let mut merged = MergedDictionary::new();
        merged.add_dictionary(curated.clone());
        merged.add_dictionary(Arc::new(names));
        merged
    }

    /// Whether `word` (as it appears in the text) is a known word or its possessive,
    /// in any letter case: `Dana`, `DANA`, `Dana's`, `Dana’s`, `Jess'`.
    pub(crate) fn covers(&self, word: &[char]) -> bool {
        let word = normalize(word.iter().copied());
        let stem = word.strip_suffix("'s").or_else(|| word.strip_suffix('\'')).unwrap_or(&word);
        self.lowered.iter().any(|known| *known == word || known == stem)
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

fn normalize(word: impl Iterator<Item = char>) -> String {
    word.map(|c| if is_apostrophe(c) { '\'' } else { c }).flat_map(char::to_lowercase).collect()
}

/// `Dana` → `Dana's`. Only the `'s` form is registered (style guides differ on `Jess'`);
/// [`KnownWords::covers`] accepts both.
fn possessive_of(word: &str) -> String {
    format!("{word}'s")
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::KnownWords;

    #[rstest]
    #[case::as_given("Dana", true)]
    #[case::upper("DANA", true)]
    #[case::possessive("Dana's", true)]
    #[case::curly_possessive("Dana’s", true)]
    #[case::bare_apostrophe_possessive("Jess'", true)]
    #[case::accented("Zoë", true)]
    #[case::apostrophe_inside("O'Brien", true)]
    #[case::curly_apostrophe_inside("O’Brien", true)]
    #[case::hyphen_part("Smith", true)]
    #[case::product("Zephyr", true)]
    #[case::other_word("Dane", false)]
    #[case::plural_is_not_possessive("Danas", false)]
    fn covers_names_and_their_possessives(#[case] word: &str, #[case] expected: bool) {
        let known = KnownWords::new(&["Dana", "Jess", "Zoë O'Brien-Smith", "Zephyr X2"]);
        let chars: Vec<char> = word.chars().collect();
        assert_eq!(known.covers(&chars), expected, "{word}");
    }

    #[test]
    fn empty_names_give_no_words() {
        assert!(KnownWords::new(&["", " - "]).is_empty());
    }
}
