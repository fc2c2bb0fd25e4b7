//! Words with their byte spans, as the word-level cues (shouting, profanity) see them.

use std::ops::Range;

/// One word: a run of letters and digits, with apostrophes (straight or curly) and
/// masking asterisks allowed between them ("don't", "f**k"). A word may also end in two
/// or more asterisks ("f***"), but a single one at either edge is emphasis markup
/// ("*really*").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word<'a> {
    pub(super) text: &'a str,
    pub(super) span: Range<usize>,
}

/// The words of `text` in order.
pub(super) fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        // Skip to the first letter or digit.
        let (start, first) = loop {
            let (at, c) = chars.next()?;
            if c.is_alphanumeric() {
                break (at, c);
            }
        };
        let mut end = start + first.len_utf8();
        // Asterisks directly after the last letter, which end the word if there are
        // at least two of them and nothing alphanumeric follows.
        let mut trailing_stars = 0;
        let mut stars_end = end;
        while let Some(&(at, c)) = chars.peek() {
            if c.is_alphanumeric() {
                end = at + c.len_utf8();
                trailing_stars = 0;
            } else if c == '*' && (trailing_stars > 0 || at == end) {
                trailing_stars += 1;
                stars_end = at + 1;
            } else if matches!(c, '\'' | '’' | '*') {
                trailing_stars = 0;
            } else {
                break;
            }
            chars.next();
        }
        if trailing_stars >= 2 {
            end = stars_end;
        }
        Some(Word { text: &text[start..end], span: start..end })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        words(text).map(|word| word.text).collect()
    }

    #[test]
    fn joins_contractions_and_masks_but_not_edges() {
        assert_eq!(
            texts("'Don't' say f**k or f*** — it’s *really* 2nd-rate, sh*t!"),
            vec!["Don't", "say", "f**k", "or", "f***", "it’s", "really", "2nd", "rate", "sh*t"]
        );
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "Ünïcode wörds, ok";
        for word in words(text) {
            assert_eq!(&text[word.span.clone()], word.text);
        }
        assert_eq!(texts(text), vec!["Ünïcode", "wörds", "ok"]);
    }
}
