//! Harper reports spans in `char` indices; the linter works in byte offsets.

use std::ops::Range;

/// Maps char indices of one text to byte offsets.
///
/// Built once per checked text, and only when there is something to map, so a clean
/// text never pays for it.
pub(crate) struct CharToByte {
    /// `starts[i]` is the byte offset of the `i`-th char; one extra entry holds the
    /// text's length so that an end index equal to the char count maps too.
    starts: Vec<usize>,
}

impl CharToByte {
    /// Indexes `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
        starts.push(text.len());
        Self { starts }
    }

    /// The byte range covering the chars `start..end`.
    ///
    /// Indices past the end clamp to the text's length: harper's spans always lie inside
    /// the source, and a clamped span is safer for callers that slice than a panic.
    pub(crate) fn range(&self, start: usize, end: usize) -> Range<usize> {
        self.byte(start)..self.byte(end)
    }

    fn byte(&self, char_index: usize) -> usize {
        let last = self.starts.len() - 1;
        self.starts[char_index.min(last)]
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::CharToByte;

    #[rstest]
    #[case::ascii("sorry", 1, 3, "or")]
    #[case::accent("Your café order", 5, 9, "café")]
    #[case::curly_apostrophe("We’re sorry", 0, 5, "We’re")]
    #[case::curly_quotes("“late” again", 1, 5, "late")]
    #[case::emoji("Sorry 🙏 dealy", 8, 13, "dealy")]
    #[case::whole_text("né", 0, 2, "né")]
    fn maps_char_spans_to_byte_spans(
        #[case] text: &str,
        #[case] start: usize,
        #[case] end: usize,
        #[case] expected: &str,
    ) {
        let map = CharToByte::new(text);
        assert_eq!(&text[map.range(start, end)], expected);
    }

    #[test]
    fn end_of_text_maps_to_its_length() {
        let text = "déjà";
        let map = CharToByte::new(text);
        assert_eq!(map.range(4, 4), text.len()..text.len());
        assert_eq!(map.range(9, 9), text.len()..text.len());
    }
}
