//! The word tables VADER scores with: the valence lexicon, the degree adverbs, the
//! negations and the idioms, merged into one map from a lowercase word to what the rules
//! need to know about it, so that each token is looked up exactly once.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::pytext::strip_py_whitespace;

/// The valence lexicon of Hutto & Gilbert (MIT licence, see `THIRD_PARTY.md`):
/// `word<TAB>mean valence<TAB>standard deviation<TAB>raw ratings`.
const VADER_LEXICON: &str = include_str!("../../../data/vader_lexicon.txt");

/// Emoji (one code point each, or a sequence) and the words VADER reads instead.
const EMOJI_LEXICON: &str = include_str!("../../../data/emoji_utf8_lexicon.txt");

/// Mean rise in rated intensity that a booster such as "very" adds.
pub(super) const BOOST: f64 = 0.293;
/// Mean rise in rated intensity that writing a word in capitals adds.
pub(super) const CAPS_BOOST: f64 = 0.733;
/// Factor a negation applies to the valence it negates.
pub(super) const NEGATION_SCALAR: f64 = -0.74;

/// Degree adverbs that raise the intensity of the word they precede.
const BOOSTERS: &[&str] = &[
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flipping",
    "flippin",
    "frackin",
    "fracking",
    "fricking",
    "frickin",
    "frigging",
    "friggin",
    "fully",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
];

/// Degree adverbs that lower the intensity of the word they precede. The two-word
/// entries ("kind of") only ever act through the idiom rule, never as single tokens.
const DAMPENERS: &[&str] = &[
    "almost",
    "barely",
    "hardly",
    "kinda",
    "kindof",
    "kind-of",
    "less",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "scarcely",
    "slight",
    "slightly",
    "somewhat",
    "sorta",
    "sortof",
    "sort-of",
];

/// Words that negate what follows them (besides any word containing "n't").
const NEGATIONS: &[&str] = &[
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

/// Words that a rule names explicitly. Giving each an id lets the rules compare integers
/// instead of lowercased strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Keyword {
    /// Any word no rule names.
    #[default]
    Other,
    No,
    Or,
    Nor,
    But,
    Kind,
    Of,
    Never,
    So,
    This,
    Without,
    Doubt,
    Least,
    At,
    Very,
    The,
    Shit,
    Bomb,
    Bad,
    Ass,
    Bus,
    Stop,
    Yeah,
    Right,
    Kiss,
    Death,
    To,
    Die,
    For,
    Beating,
    Heart,
    Just,
    Enough,
    Sort,
}

const KEYWORDS: &[(&str, Keyword)] = &[
    ("no", Keyword::No),
    ("or", Keyword::Or),
    ("nor", Keyword::Nor),
    ("but", Keyword::But),
    ("kind", Keyword::Kind),
    ("of", Keyword::Of),
    ("never", Keyword::Never),
    ("so", Keyword::So),
    ("this", Keyword::This),
    ("without", Keyword::Without),
    ("doubt", Keyword::Doubt),
    ("least", Keyword::Least),
    ("at", Keyword::At),
    ("very", Keyword::Very),
    ("the", Keyword::The),
    ("shit", Keyword::Shit),
    ("bomb", Keyword::Bomb),
    ("bad", Keyword::Bad),
    ("ass", Keyword::Ass),
    ("bus", Keyword::Bus),
    ("stop", Keyword::Stop),
    ("yeah", Keyword::Yeah),
    ("right", Keyword::Right),
    ("kiss", Keyword::Kiss),
    ("death", Keyword::Death),
    ("to", Keyword::To),
    ("die", Keyword::Die),
    ("for", Keyword::For),
    ("beating", Keyword::Beating),
    ("heart", Keyword::Heart),
    ("just", Keyword::Just),
    ("enough", Keyword::Enough),
    ("sort", Keyword::Sort),
];

/// Phrases whose meaning differs from their words: each replaces the valence of the
/// word it ends on (or starts, when the phrase runs past it).
pub(super) const SPECIAL_IDIOMS: &[(&[Keyword], f64)] = &[
    (&[Keyword::The, Keyword::Shit], 3.0),
    (&[Keyword::The, Keyword::Bomb], 3.0),
    (&[Keyword::Bad, Keyword::Ass], 1.5),
    (&[Keyword::Bus, Keyword::Stop], 0.0),
    (&[Keyword::Yeah, Keyword::Right], -2.0),
    (&[Keyword::Kiss, Keyword::Of, Keyword::Death], -1.5),
    (&[Keyword::To, Keyword::Die, Keyword::For], 3.0),
    (&[Keyword::Beating, Keyword::Heart], 3.5),
];

/// Two-word dampeners, which the idiom rule adds to the valence of a word two or three
/// places after them.
pub(super) const DAMPENER_BIGRAMS: &[[Keyword; 2]] =
    &[[Keyword::Just, Keyword::Enough], [Keyword::Kind, Keyword::Of], [Keyword::Sort, Keyword::Of]];

/// What the rules need to know about one lowercase word, packed into eight bytes so
/// that the whole table stays in the CPU cache: every token of every text is looked up.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct WordInfo {
    /// Its mean valence in tenths, when the word is in the lexicon. Every valence in the
    /// lexicon has one decimal place, and tenths / 10 gives back exactly the `f64` that
    /// parsing the decimal gives (both are the double nearest the same rational).
    valence_tenths: Option<i16>,
    /// +1 for a booster, −1 for a dampener, 0 for neither.
    booster_sign: i8,
    /// Whether it is one of [`NEGATIONS`].
    pub(super) negation: bool,
    /// The word's id when a rule names it.
    pub(super) keyword: Keyword,
}

impl WordInfo {
    /// Its mean valence, when the word is in the lexicon.
    pub(super) fn valence(self) -> Option<f64> {
        self.valence_tenths.map(|tenths| f64::from(tenths) / 10.0)
    }

    /// Its scalar (±[`BOOST`]) when it is a booster or dampener.
    pub(super) fn booster(self) -> Option<f64> {
        (self.booster_sign != 0).then(|| f64::from(self.booster_sign) * BOOST)
    }
}

/// Lowercase word → [`WordInfo`], built once from the embedded data.
pub(super) static WORDS: LazyLock<WordTable> = LazyLock::new(build_words);

/// A map from lowercase words (as bytes) to [`WordInfo`], keyed for speed: every token
/// of every text is looked up here. Words of up to [`SHORT_WORD`] bytes, nearly all of
/// them, are packed into an integer key ([`ShortKey`]), which hashes and compares in a
/// few instructions.
#[derive(Debug, Default)]
pub(super) struct WordTable {
    short: FxHashMap<(u64, u64), WordInfo>,
    long: FxHashMap<&'static [u8], WordInfo>,
}

/// The longest word that [`WordTable`] packs into an integer key.
pub(super) const SHORT_WORD: usize = 15;

/// A word of at most [`SHORT_WORD`] bytes packed little-endian into an integer, with
/// its length in the top byte so that words differing only by trailing NUL bytes stay
/// distinct.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct ShortKey(u128);

impl ShortKey {
    /// Packs `word`, which must be at most [`SHORT_WORD`] bytes long.
    pub(super) fn of(word: &[u8]) -> Self {
        let mut bytes = [0u8; 16];
        for (slot, &byte) in bytes.iter_mut().zip(word) {
            *slot = byte;
        }
        Self::pack(bytes, word.len())
    }

    /// Packs a word already laid out in `bytes` (zero after its `len` bytes, and
    /// `len` at most [`SHORT_WORD`]), as a caller that lowercases into a buffer has it.
    pub(super) fn pack(bytes: [u8; 16], len: usize) -> Self {
        Self(u128::from_le_bytes(bytes) | (len as u128) << 120)
    }

    fn halves(self) -> (u64, u64) {
        (self.0 as u64, (self.0 >> 64) as u64)
    }
}

impl WordTable {
    /// What the rules know about `lower`, a word already in lowercase.
    pub(super) fn get(&self, lower: &[u8]) -> Option<WordInfo> {
        if lower.len() <= SHORT_WORD { self.get_short(ShortKey::of(lower)) } else { self.long.get(lower).copied() }
    }

    /// What the rules know about the short lowercase word packed in `key`.
    pub(super) fn get_short(&self, key: ShortKey) -> Option<WordInfo> {
        self.short.get(&key.halves()).copied()
    }

    fn entry(&mut self, word: &'static str) -> &mut WordInfo {
        let word = word.as_bytes();
        if word.len() <= SHORT_WORD {
            self.short.entry(ShortKey::of(word).halves()).or_default()
        } else {
            self.long.entry(word).or_default()
        }
    }
}

/// Emoji code point → the description VADER substitutes for it.
pub(super) static EMOJI: LazyLock<FxHashMap<char, &'static str>> = LazyLock::new(build_emoji);

fn build_words() -> WordTable {
    let mut words = WordTable::default();
    words.short.reserve(7600);
    for (word, valence) in lexicon_entries(VADER_LEXICON) {
        // A later line for the same word wins, as it does in the reference.
        words.entry(word).valence_tenths = Some(tenths(valence));
    }
    for word in BOOSTERS {
        words.entry(word).booster_sign = 1;
    }
    for word in DAMPENERS {
        words.entry(word).booster_sign = -1;
    }
    for word in NEGATIONS {
        words.entry(word).negation = true;
    }
    for &(word, keyword) in KEYWORDS {
        words.entry(word).keyword = keyword;
    }
    words
}

/// `valence` in tenths; the lexicon's values all have one decimal place.
fn tenths(valence: f64) -> i16 {
    let tenths = (valence * 10.0).round() as i16;
    assert!(f64::from(tenths) / 10.0 == valence, "lexicon valence {valence} has more than one decimal place");
    tenths
}

/// The `(word, valence)` pairs of the lexicon file, in file order.
fn lexicon_entries(data: &'static str) -> impl Iterator<Item = (&'static str, f64)> {
    data.trim_end_matches('\n').split('\n').filter(|line| !line.is_empty()).map(|line| {
        let mut fields = strip_py_whitespace(line).split('\t');
        let word = fields.next().unwrap_or_default();
        let valence = fields
            .next()
            .and_then(|measure| strip_py_whitespace(measure).parse().ok())
            .unwrap_or_else(|| panic!("embedded VADER lexicon line without a valence: {line:?}"));
        (word, valence)
    })
}

fn build_emoji() -> FxHashMap<char, &'static str> {
    let mut emoji = FxHashMap::default();
    for line in EMOJI_LEXICON.trim_end_matches('\n').split('\n') {
        let mut fields = strip_py_whitespace(line).split('\t');
        let key = fields.next().unwrap_or_default();
        let description = fields.next().unwrap_or_default();
        // Text is substituted one code point at a time, so entries that are sequences of
        // several code points (flags, skin tones) can never apply.
        let mut chars = key.chars();
        if let (Some(symbol), None) = (chars.next(), chars.next()) {
            emoji.insert(symbol, description);
        }
    }
    emoji
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(word: &str) -> WordInfo {
        WORDS.get(word.as_bytes()).unwrap_or_default()
    }

    #[test]
    fn every_valence_survives_being_stored_in_tenths() {
        for (word, valence) in lexicon_entries(VADER_LEXICON) {
            assert_eq!(f64::from(tenths(valence)) / 10.0, valence, "{word}");
        }
    }

    #[test]
    fn lexicon_loads_every_line() {
        assert_eq!(lexicon_entries(VADER_LEXICON).count(), 7520);
        assert_eq!(info("good").valence(), Some(1.9));
        assert_eq!(info("kind").valence(), Some(2.4));
        assert_eq!(info("kind").keyword, Keyword::Kind);
    }

    #[test]
    fn duplicate_lexicon_entries_keep_the_last_value() {
        let last = lexicon_entries(VADER_LEXICON).filter(|(word, _)| *word == "lol").last().map(|(_, valence)| valence);
        assert_eq!(info("lol").valence(), last);
    }

    #[test]
    fn short_and_long_words_are_both_found() {
        let longest =
            lexicon_entries(VADER_LEXICON).map(|(word, _)| word).max_by_key(|word| word.len()).unwrap_or_default();
        assert!(longest.len() > SHORT_WORD);
        assert!(info(longest).valence().is_some());
        assert_ne!(ShortKey::of(b"ab"), ShortKey::of(b"ab\0"));
    }

    #[test]
    fn word_tables_merge_into_one_entry() {
        let never = info("never");
        assert!(never.negation);
        assert_eq!(never.keyword, Keyword::Never);
        assert_eq!(never.valence(), None);
        assert_eq!(info("very").booster(), Some(BOOST));
        assert_eq!(info("sorta").booster(), Some(-BOOST));
    }

    #[test]
    fn emoji_descriptions_load_for_single_code_points() {
        assert_eq!(EMOJI[&'😁'], "beaming face with smiling eyes");
        assert_eq!(EMOJI.len(), 1212);
    }
}
