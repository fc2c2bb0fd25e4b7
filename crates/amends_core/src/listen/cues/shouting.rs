//! Shouting: words written in capitals for emphasis, as opposed to acronyms.

use std::ops::Range;

use super::words::{Word, words};

/// Capitalized words that are names or abbreviations, not raised voices. They neither
/// start nor count towards a shouted run, but do not interrupt one either
/// ("MY USPS PARCEL IS LOST" is one run).
const ACRONYMS: &[&str] = &[
    "API", "ASAP", "ATM", "BBB", "CEO", "CFPB", "COVID", "CSV", "DHL", "DM", "DPD", "EMI", "ETA", "EU", "FAQ", "FBI",
    "FTC", "GB", "GPS", "HDMI", "HR", "ID", "IOS", "LCD", "LED", "MB", "NHS", "OK", "PC", "PDF", "PIN", "RMA", "SIM",
    "SKU", "SMS", "TNT", "TV", "UK", "UPS", "URL", "USA", "USB", "USPS", "VAT", "VIP", "WIFI", "XL", "XXL",
];

/// Fewest letters a run needs to read as shouting ("NO WAY" has five, "OK" two).
const MIN_LETTERS: usize = 5;

/// The shouted runs of `text` and the share of its letters inside them.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Shouting {
    /// Each run of consecutive capitalized words within one sentence.
    pub(super) spans: Vec<Range<usize>>,
    /// Letters inside `spans`.
    pub(super) shouted_letters: usize,
    /// Letters in the whole text.
    pub(super) letters: usize,
}

/// Finds runs of capitalized words. A run is shouting when it has at least
/// [`MIN_LETTERS`] letters and either two words of two letters or more, or one word of
/// five letters or more: "PLEASE HELP", "UNACCEPTABLE", "NEVER AGAIN" shout; "I", "OK" and
/// "a PDF" do not. Runs break at words with lowercase letters, at line breaks and at
/// sentence punctuation.
pub(super) fn find(text: &str) -> Shouting {
    let mut found = Shouting::default();
    let mut run = Run::default();
    let mut previous_end = 0;
    for word in words(text) {
        let shape = Shape::of(&word);
        found.letters += shape.letters;
        let gap = &text[previous_end..word.span.start];
        previous_end = word.span.end;
        if gap.contains(['\n', '.', '!', '?', ';', ':']) {
            run.close(&mut found);
        }
        match shape.kind {
            ShapeKind::Capitals => run.extend(&word, shape.letters),
            // Neither extends nor breaks a run: the next capitalized word spans over it.
            ShapeKind::Neutral => {}
            ShapeKind::Lowercase => run.close(&mut found),
        }
    }
    run.close(&mut found);
    found
}

#[derive(Debug, PartialEq)]
enum ShapeKind {
    /// Has letters, none lowercase.
    Capitals,
    /// Acronyms and words without letters (numbers, order references).
    Neutral,
    /// Has a lowercase letter.
    Lowercase,
}

struct Shape {
    kind: ShapeKind,
    letters: usize,
}

impl Shape {
    fn of(word: &Word<'_>) -> Self {
        let (mut letters, mut lower, mut digits) = (0, false, false);
        for c in word.text.chars() {
            if c.is_alphabetic() {
                letters += 1;
                lower |= c.is_lowercase();
            }
            digits |= c.is_ascii_digit();
        }
        let kind = if lower {
            ShapeKind::Lowercase
        } else if letters == 0 || digits || ACRONYMS.contains(&word.text) {
            ShapeKind::Neutral
        } else {
            ShapeKind::Capitals
        };
        Self { kind, letters }
    }
}

/// The run being built: where it starts and ends, and what it has seen.
#[derive(Default)]
struct Run {
    /// From the first capitalized word to the last one (neutral words after the last
    /// capitalized word are not part of the run).
    span: Option<Range<usize>>,
    letters: usize,
    longer_words: usize,
    longest_word: usize,
}

impl Run {
    fn extend(&mut self, word: &Word<'_>, letters: usize) {
        match &mut self.span {
            Some(span) => span.end = word.span.end,
            None => self.span = Some(word.span.clone()),
        }
        self.letters += letters;
        self.longer_words += usize::from(letters >= 2);
        self.longest_word = self.longest_word.max(letters);
    }

    fn close(&mut self, found: &mut Shouting) {
        let run = std::mem::take(self);
        let Some(span) = run.span else {
            return;
        };
        if run.letters >= MIN_LETTERS && (run.longer_words >= 2 || run.longest_word >= 5) {
            found.spans.push(span);
            found.shouted_letters += run.letters;
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn shouted(text: &str) -> Vec<&str> {
        find(text).spans.into_iter().map(|span| &text[span]).collect()
    }

    #[rstest]
    #[case("THIS IS UNACCEPTABLE.", vec!["THIS IS UNACCEPTABLE"])]
    #[case("I want a REFUND. NOW.", vec!["REFUND"])]
    #[case("THIS IS RIDICULOUS!!! FIX IT", vec!["THIS IS RIDICULOUS", "FIX IT"])]
    #[case("MY USPS PARCEL IS LOST", vec!["MY USPS PARCEL IS LOST"])]
    #[case("ORDER 48213 NEVER ARRIVED", vec!["ORDER 48213 NEVER ARRIVED"])]
    #[case("STILL\nWAITING", vec!["STILL", "WAITING"])]
    #[case("ÉNORME problème", vec!["ÉNORME"])]
    fn flags_raised_voices(#[case] text: &str, #[case] expected: Vec<&str>) {
        assert_eq!(shouted(text), expected);
    }

    #[rstest]
    #[case("I am fine, OK?")]
    #[case("Please send the PDF and the SKU to my UK address ASAP.")]
    #[case("Ref A-1192-XK, model X-200.")]
    #[case("I called FIVE times")]
    #[case("NO I")]
    #[case("It is ok")]
    fn leaves_acronyms_and_short_capitals_alone(#[case] text: &str) {
        assert_eq!(shouted(text), Vec::<&str>::new());
    }

    #[test]
    fn counts_shouted_letters() {
        let found = find("STOP IT now");
        assert_eq!((found.shouted_letters, found.letters), (6, 9));
    }
}
