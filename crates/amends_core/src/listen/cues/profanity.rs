//! Profanity, from a short reviewed word list (`data/profanity.txt`).

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::words::words;

const PROFANITY_LIST: &str = include_str!("../../../data/profanity.txt");

/// The list's words, lowercase.
static PROFANITY: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    PROFANITY_LIST.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).collect()
});

/// Spans of profane words in `text`. Whole words only, ignoring case and the kind of
/// apostrophe; a masked word ("f**k", "sh*t", "f***ing") counts when its visible
/// letters fit a listed word of the same length.
pub(super) fn find(text: &str) -> Vec<Range<usize>> {
    words(text).filter(|word| is_profane(word.text)).map(|word| word.span).collect()
}

fn is_profane(word: &str) -> bool {
    let lower: std::borrow::Cow<'_, str> = if word.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        word.to_lowercase().replace('’', "'").into()
    } else {
        word.into()
    };
    if PROFANITY.contains(lower.as_ref()) {
        return true;
    }
    lower.contains('*') && PROFANITY.iter().any(|listed| masks(&lower, listed))
}

/// Whether `masked` ("f**k") is `listed` ("fuck") with some letters, but not the first,
/// replaced by asterisks.
fn masks(masked: &str, listed: &str) -> bool {
    let mut pairs = masked.chars().zip(listed.chars());
    masked.chars().count() == listed.chars().count()
        && pairs.next().is_some_and(|(shown, letter)| shown == letter)
        && pairs.all(|(shown, letter)| shown == '*' || shown == letter)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn profane(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|span| &text[span]).collect()
    }

    #[rstest]
    #[case("This is bullshit.", vec!["bullshit"])]
    #[case("WTF is going on", vec!["WTF"])]
    #[case("Fucking useless, what the hell", vec!["Fucking", "hell"])]
    #[case("f**k this, it's sh*t", vec!["f**k", "sh*t"])]
    #[case("the f***ing box", vec!["f***ing"])]
    #[case("I’m pissed off", vec!["pissed"])]
    fn finds_profanity(#[case] text: &str, #[case] expected: Vec<&str>) {
        assert_eq!(profane(text), expected);
    }

    /// Words that contain a listed word, and innocent words near it: none may match.
    #[rstest]
    #[case("We drove through Scunthorpe and Essex to Sussex.")]
    #[case("Please assess the class of passengers in the cocktail bar.")]
    #[case("Hello, the shellfish and shiitake were classic.")]
    #[case("My therapist in Dickens Road passed the assistant a document.")]
    #[case("The bass guitar and the grass; assume a cumulative analysis.")]
    #[case("Rated 5* — a *great* shop")]
    #[case("Scrap the hellish shitake mushrooms")]
    fn leaves_innocent_words_alone(#[case] text: &str) {
        assert_eq!(profane(text), Vec::<&str>::new());
    }

    #[test]
    fn every_listed_word_is_lowercase_and_single() {
        for word in PROFANITY.iter() {
            assert_eq!(*word, word.to_lowercase());
            assert!(!word.contains(char::is_whitespace), "{word:?}");
        }
    }
}
