//! Deterministic choice between hand-written phrasings.
//!
//! Each element of a message has several phrasings; which one a recipient gets is a pure
//! function of the recipient key, the template version and the element's name. The same
//! recipient therefore sees the same words in a preview and in the message that is sent,
//! and two recipients of one incident usually see different ones. The hash must be stable
//! across Rust releases and platforms (std's `DefaultHasher` is not), so it is FNV-1a.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over `parts`, with a separator byte between them so ("ab", "c") ≠ ("a", "bc").
pub(crate) fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash = OFFSET;
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            hash ^= 0xff;
            hash = hash.wrapping_mul(PRIME);
        }
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// The seed of one recipient under one template version.
pub(crate) fn recipient_seed(recipient_key: &str, template_version: u64) -> u64 {
    fnv1a(&[recipient_key.as_bytes(), &template_version.to_le_bytes()])
}

/// Which of `count` phrasings of `element` the recipient with `seed` gets.
pub(crate) fn pick(seed: u64, element: &str, count: u64) -> u64 {
    if count <= 1 {
        return 0;
    }
    // A final avalanche step (from SplitMix64) so that seeds differing in one bit spread
    // evenly over small counts.
    let mut mixed = fnv1a(&[&seed.to_le_bytes(), element.as_bytes()]);
    mixed ^= mixed >> 30;
    mixed = mixed.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    mixed ^= mixed >> 27;
    mixed = mixed.wrapping_mul(0x94d0_49bb_1331_11eb);
    mixed ^= mixed >> 31;
    mixed % count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(&[b""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(&[b"foobar"]), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn picks_are_stable_and_spread() {
        let seed = recipient_seed("customer-42", 7);
        assert_eq!(pick(seed, "apology", 3), pick(seed, "apology", 3));
        let mut counts = [0_u32; 4];
        for key in 0..4000 {
            let seed = recipient_seed(&format!("customer-{key}"), 7);
            counts[pick(seed, "apology", 4) as usize] += 1;
        }
        assert!(counts.iter().all(|&count| (850..1150).contains(&count)), "{counts:?}");
    }

    #[test]
    fn separators_matter() {
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
    }
}
