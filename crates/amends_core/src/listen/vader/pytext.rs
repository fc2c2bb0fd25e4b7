//! String operations with the exact semantics of the Python built-ins the reference
//! VADER implementation relies on (`str.split`, `str.strip`, `str.isupper`, `round`).
//! Scores only agree with the reference when tokens and rounding agree to the character.

/// Python's `str.isspace()` for one character: Unicode White_Space plus the four ASCII
/// information separators (U+001C–U+001F), which Python also treats as whitespace.
pub(super) fn is_py_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()` without arguments.
pub(super) fn strip_py_whitespace(text: &str) -> &str {
    text.trim_matches(is_py_whitespace)
}

/// Python's `str.split()` without arguments: runs of whitespace separate words and no
/// word is empty. Scans bytes (see [`whitespace_len`]) since this runs over every text
/// scored.
pub(super) fn split_py_whitespace(text: &str) -> PyWords<'_> {
    PyWords { text, position: 0 }
}

/// The words of a text, split as Python's `str.split()` does.
pub(super) struct PyWords<'a> {
    text: &'a str,
    position: usize,
}

impl<'a> Iterator for PyWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let mut at = self.position;
        // Printable ASCII is never whitespace; only other bytes need a closer look.
        let may_be_space = |byte: u8| byte <= b' ' || !byte.is_ascii();
        while let Some(&byte) = bytes.get(at) {
            let width = if may_be_space(byte) { whitespace_len(bytes, at) } else { 0 };
            if width == 0 {
                break;
            }
            at += width;
        }
        if at >= bytes.len() {
            self.position = at;
            return None;
        }
        let start = at;
        at += 1;
        while let Some(&byte) = bytes.get(at) {
            if may_be_space(byte) && whitespace_len(bytes, at) > 0 {
                break;
            }
            at += 1;
        }
        self.position = at;
        self.text.get(start..at)
    }
}

/// The length in bytes of the whitespace character starting at `at`, or 0 when none
/// starts there. Non-ASCII whitespace is recognized by its UTF-8 bytes: U+0085, U+00A0,
/// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000. Lead bytes never
/// occur inside a character, so callers may step one byte at a time through a word and
/// only ever stop on character boundaries.
#[inline]
fn whitespace_len(bytes: &[u8], at: usize) -> usize {
    let Some(&byte) = bytes.get(at) else {
        return 0;
    };
    let next = |offset: usize| bytes.get(at + offset).copied();
    match byte {
        b'\t'..=b'\r' | 0x1c..=0x1f | b' ' => 1,
        0xc2 if matches!(next(1), Some(0x85 | 0xa0)) => 2,
        0xe1 if next(1) == Some(0x9a) && next(2) == Some(0x80) => 3,
        0xe2 => match (next(1), next(2)) {
            (Some(0x80), Some(0x80..=0x8a | 0xa8 | 0xa9 | 0xaf)) | (Some(0x81), Some(0x9f)) => 3,
            _ => 0,
        },
        0xe3 if next(1) == Some(0x80) && next(2) == Some(0x80) => 3,
        _ => 0,
    }
}

/// Strips leading and trailing ASCII punctuation from a token, unless that would leave
/// two characters or fewer: such tokens are most likely emoticons (":)", ":-D") and are
/// kept whole.
pub(super) fn strip_punctuation_if_word(token: &str) -> &str {
    let bytes = token.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return token;
    };
    if !first.is_ascii_punctuation() && !last.is_ascii_punctuation() {
        return token;
    }
    // ASCII punctuation is one byte and never part of a multi-byte character, so
    // slicing at these positions stays on character boundaries.
    let start = bytes.iter().position(|b| !b.is_ascii_punctuation()).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !b.is_ascii_punctuation()).map_or(start, |last| last + 1);
    let stripped = &token[start..end];
    if at_most_two_chars(stripped) { token } else { stripped }
}

fn at_most_two_chars(text: &str) -> bool {
    // Cheaper than counting every character of a long token.
    text.len() <= 2 || (!text.is_ascii() && text.chars().nth(2).is_none())
}

/// Python's `str.isupper()`: at least one cased character, and none lowercase or
/// titlecase.
pub(super) fn is_py_upper(token: &str) -> bool {
    if token.is_ascii() {
        let (mut upper, mut lower) = (false, false);
        for byte in token.bytes() {
            upper |= byte.is_ascii_uppercase();
            lower |= byte.is_ascii_lowercase();
        }
        return upper && !lower;
    }
    let mut cased = false;
    for c in token.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// Unicode general category Lt (digraphs such as "ǅ" and Greek letters with
/// prosgegrammeni); Rust's `char` has no method for it.
fn is_titlecase(c: char) -> bool {
    matches!(
        c,
        '\u{1c5}'
            | '\u{1c8}'
            | '\u{1cb}'
            | '\u{1f2}'
            | '\u{1f88}'..='\u{1f8f}'
            | '\u{1f98}'..='\u{1f9f}'
            | '\u{1fa8}'..='\u{1faf}'
            | '\u{1fbc}'
            | '\u{1fcc}'
            | '\u{1ffc}'
    )
}

/// Python's `round(x, digits)` for floats: the decimal with `digits` places nearest to
/// the exact binary value of `x` (ties to even), read back as the nearest `f64`.
pub(super) fn py_round(x: f64, digits: i32) -> f64 {
    let scale = match digits {
        3 => 1e3,
        4 => 1e4,
        _ => 10f64.powi(digits),
    };
    let scaled = x * scale;
    // Below 1e9 the product is within 1e-7 of the exact x × 10^digits, so away from a
    // half it rounds the same way, and an integer divided by a power of ten is the
    // double nearest that decimal. Near a half (or for huge values) the exact decimal
    // expansion decides. Floor by integer conversion: `f64::floor` is a libm call on
    // baseline x86-64, and this runs four times per sentence.
    if scaled.abs() < 1e9 {
        let truncated = scaled as i64 as f64;
        let floor = if truncated > scaled { truncated - 1.0 } else { truncated };
        let fraction = scaled - floor;
        if (fraction - 0.5).abs() >= 1e-6 {
            let rounded = if fraction > 0.5 { floor + 1.0 } else { floor };
            // Python keeps the sign of a negative value that rounds to zero.
            return (rounded / scale).copysign(if rounded == 0.0 { x } else { rounded });
        }
    }
    let digits = usize::try_from(digits).unwrap_or(0);
    format!("{x:.digits$}").parse().unwrap_or(x)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("a\u{1c}b\u{a0}c\u{3000}d", vec!["a", "b", "c", "d"])]
    #[case("  two   words ", vec!["two", "words"])]
    #[case("zero\u{200b}width", vec!["zero\u{200b}width"])]
    fn splits_like_python(#[case] text: &str, #[case] words: Vec<&str>) {
        assert_eq!(split_py_whitespace(text).collect::<Vec<_>>(), words);
    }

    #[test]
    fn byte_level_whitespace_matches_python_for_every_character() {
        let mut buffer = [0u8; 4];
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let encoded = c.encode_utf8(&mut buffer).as_bytes();
            let expected = if is_py_whitespace(c) { encoded.len() } else { 0 };
            assert_eq!(whitespace_len(encoded, 0), expected, "U+{:04X}", u32::from(c));
        }
    }

    #[rstest]
    #[case("good!!", "good")]
    #[case("'quoted'", "quoted")]
    #[case(":)", ":)")]
    #[case("ok!", "ok!")]
    #[case(":-)", ":-)")]
    #[case("(ab)", "(ab)")]
    #[case("(abc)", "abc")]
    #[case("¿qué?", "¿qué")]
    fn strips_punctuation_like_the_reference(#[case] token: &str, #[case] expected: &str) {
        assert_eq!(strip_punctuation_if_word(token), expected);
    }

    #[rstest]
    #[case("GREAT", true)]
    #[case("I", true)]
    #[case("A1!", true)]
    #[case("Great", false)]
    #[case(":)", false)]
    #[case("123", false)]
    #[case("ÉTÉ", true)]
    #[case("ǅ", false)]
    #[case("ΣΑΣ", true)]
    fn upper_case_like_python(#[case] token: &str, #[case] expected: bool) {
        assert_eq!(is_py_upper(token), expected);
    }

    proptest::proptest! {
        /// The fast path agrees with the exact decimal expansion everywhere VADER uses it.
        #[test]
        fn fast_rounding_matches_the_exact_decimal(x in -1.0f64..=1.0, four in proptest::bool::ANY) {
            let digits: usize = if four { 4 } else { 3 };
            let exact: f64 = format!("{x:.digits$}").parse().unwrap_or(f64::NAN);
            proptest::prop_assert_eq!(py_round(x, digits as i32), exact);
        }
    }

    #[rstest]
    // Values checked against CPython's round().
    #[case(0.03125, 4, 0.0312)]
    #[case(0.03135, 4, 0.0314)]
    #[case(0.5715, 3, 0.572)]
    #[case(0.0005, 3, 0.001)]
    #[case(-0.45875, 4, -0.4587)]
    #[case(0.123456, 4, 0.1235)]
    #[case(-0.98765, 4, -0.9877)]
    #[case(-0.00003, 4, -0.0)]
    #[case(0.99996, 4, 1.0)]
    #[case(-0.25, 0, -0.0)]
    fn rounds_like_python(#[case] x: f64, #[case] digits: i32, #[case] expected: f64) {
        let rounded = py_round(x, digits);
        assert_eq!(rounded, expected);
        assert_eq!(rounded.is_sign_negative(), expected.is_sign_negative(), "{rounded}");
    }
}
