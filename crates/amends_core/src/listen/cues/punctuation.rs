//! Emphatic punctuation: "!!!", "???", "?!".

use std::ops::Range;

/// Runs of repeated exclamation and question marks, and how emphatic they are overall.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Punctuation {
    /// Each run of two or more marks ("!!", "?!?", "‼").
    pub(super) repeated: Vec<Range<usize>>,
    /// Marks beyond the first in each run: a plain question or a single "!" ("Thanks!")
    /// is not emphatic; "Where is it???" is, twice, and "!!!!" three times.
    pub(super) emphatic_marks: usize,
}

/// Scans `text` for exclamation and question marks.
pub(super) fn find(text: &str) -> Punctuation {
    let mut found = Punctuation::default();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let Some(first) = Mark::of(c) else {
            continue;
        };
        let mut end = start + c.len_utf8();
        let (mut exclamations, mut questions) = (first.exclamations, first.questions);
        while let Some(&(at, c)) = chars.peek() {
            let Some(mark) = Mark::of(c) else {
                break;
            };
            exclamations += mark.exclamations;
            questions += mark.questions;
            end = at + c.len_utf8();
            chars.next();
        }
        let marks = exclamations + questions;
        if marks >= 2 {
            found.emphatic_marks += marks - 1;
            found.repeated.push(start..end);
        }
    }
    found
}

/// What one character counts as: "‼" is two exclamation marks, "⁉" one of each.
#[derive(Clone, Copy)]
struct Mark {
    exclamations: usize,
    questions: usize,
}

impl Mark {
    fn of(c: char) -> Option<Self> {
        let (exclamations, questions) = match c {
            '!' | '！' => (1, 0),
            '?' | '？' => (0, 1),
            '‼' => (2, 0),
            '⁉' => (1, 1),
            '⁈' => (1, 1),
            '⁇' => (0, 2),
            _ => return None,
        };
        Some(Self { exclamations, questions })
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("Where is it?", vec![], 0)]
    #[case("Thanks!", vec![], 0)]
    #[case("Where is my order??? I paid!!", vec!["???", "!!"], 3)]
    #[case("Are you serious?!", vec!["?!"], 1)]
    #[case("Really‼", vec!["‼"], 1)]
    #[case("What? Why? How?", vec![], 0)]
    fn finds_repeated_marks(#[case] text: &str, #[case] repeated: Vec<&str>, #[case] emphatic_marks: usize) {
        let found = find(text);
        let runs: Vec<&str> = found.repeated.iter().map(|span| &text[span.clone()]).collect();
        assert_eq!(runs, repeated);
        assert_eq!(found.emphatic_marks, emphatic_marks);
    }
}
