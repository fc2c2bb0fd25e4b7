//! Lowercasing and classifying a short ASCII word sixteen bytes at a time.
//!
//! Every token of every text scored goes through here, so instead of a loop over its
//! bytes the word is loaded into one `u128` and handled with a few integer operations
//! that act on all bytes at once ("SIMD within a register"). The results are exactly
//! those of the byte-by-byte definitions, which the tests check exhaustively.

/// A word of at most 15 ASCII bytes: lowercased, and what its case and apostrophes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct AsciiWord {
    /// The word in lowercase, zero-padded to 16 bytes.
    pub(super) lower: [u8; 16],
    /// Whether it has an uppercase letter.
    pub(super) has_upper: bool,
    /// Whether it has a lowercase letter.
    pub(super) has_lower: bool,
    /// Whether it has a `'`.
    pub(super) has_apostrophe: bool,
}

/// The byte `byte` in all sixteen lanes.
const fn lanes(byte: u8) -> u128 {
    u128::from_le_bytes([byte; 16])
}

const HIGH_BITS: u128 = lanes(0x80);

/// Classifies `word`, or returns `None` when it is longer than 15 bytes or not ASCII.
pub(super) fn classify(word: &[u8]) -> Option<AsciiWord> {
    if word.len() > 15 {
        return None;
    }
    let mut bytes = [0u8; 16];
    bytes[..word.len()].copy_from_slice(word);
    let x = u128::from_le_bytes(bytes);
    if x & HIGH_BITS != 0 {
        return None;
    }
    // Every lane is below 0x80, so adding at most 0x3F never carries into the next
    // lane, and a lane's high bit then says whether it reached the threshold.
    let at_least = |threshold: u8| x + lanes(0x80 - threshold);
    let upper = at_least(b'A') & !at_least(b'Z' + 1) & HIGH_BITS;
    let lower = at_least(b'a') & !at_least(b'z' + 1) & HIGH_BITS;
    // A lane equal to the apostrophe becomes zero; the classic test for a zero lane is
    // exact about whether there is one.
    let apostrophes = x ^ lanes(b'\'');
    let has_apostrophe = apostrophes.wrapping_sub(lanes(0x01)) & !apostrophes & HIGH_BITS != 0;
    Some(AsciiWord {
        // 0x80 >> 2 is 0x20, the bit that separates a capital from its lowercase.
        lower: (x | upper >> 2).to_le_bytes(),
        has_upper: upper != 0,
        has_lower: lower != 0,
        has_apostrophe,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The byte-by-byte definition the fast version must equal.
    fn classify_slowly(word: &[u8]) -> Option<AsciiWord> {
        if word.len() > 15 || !word.is_ascii() {
            return None;
        }
        let mut lower = [0u8; 16];
        for (slot, byte) in lower.iter_mut().zip(word) {
            *slot = byte.to_ascii_lowercase();
        }
        Some(AsciiWord {
            lower,
            has_upper: word.iter().any(u8::is_ascii_uppercase),
            has_lower: word.iter().any(u8::is_ascii_lowercase),
            has_apostrophe: word.contains(&b'\''),
        })
    }

    #[test]
    fn every_byte_in_every_position_is_classified_exactly() {
        for len in 1..=15 {
            for position in 0..len {
                for byte in 0..=u8::MAX {
                    let mut word = vec![b'x'; len];
                    word[position] = byte;
                    assert_eq!(classify(&word), classify_slowly(&word), "{word:?}");
                }
            }
        }
    }

    #[test]
    fn long_or_empty_words() {
        assert_eq!(classify(b"sixteen-letters!"), None);
        assert_eq!(classify(b""), classify_slowly(b""));
    }

    proptest! {
        #[test]
        fn matches_the_byte_by_byte_definition(word in proptest::collection::vec(any::<u8>(), 0..20)) {
            prop_assert_eq!(classify(&word), classify_slowly(&word));
        }

        #[test]
        fn matches_on_ascii_words(word in "[ -~]{0,16}") {
            prop_assert_eq!(classify(word.as_bytes()), classify_slowly(word.as_bytes()));
        }
    }
}
