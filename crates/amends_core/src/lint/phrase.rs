//! Phrase tables: simple rules as data.
//!
//! A pattern is written the way people write, and normalized with the same tokenizer
//! as the message, so `didn't arrive` matches `did not arrive` and `didn’t arrive`. A
//! pattern may hold alternatives and optional words, expanded when the table is built:
//! `sorry [that] you (feel|felt)` stands for four phrases.
//!
//! Every table of the linter is listed in the [`catalog`](super::catalog), which scans a
//! message once with one automaton over all their phrases; detectors then read their
//! table's matches from that single pass.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::text::Document;

/// The document's words as one searchable string, with a map back to tokens.
#[derive(Debug, Clone)]
pub(crate) struct Stream {
    text: String,
    /// For every word in `text`: its byte offset there and its token index.
    starts: Vec<(u32, u32)>,
}

impl Stream {
    /// Lays out the author's words: ` w1 w2 | w3 ` — sentences separated by `|`,
    /// quoted words replaced by `~` so no phrase matches inside a quotation.
    pub(crate) fn new(doc: &Document<'_>) -> Self {
        let mut text = String::with_capacity(doc.source().len() + 16);
        let mut starts = Vec::with_capacity(doc.tokens().len());
        for sentence in doc.sentences() {
            for index in sentence.tokens.clone() {
                let token = &doc.tokens()[index];
                if !token.is_wordlike() {
                    continue;
                }
                text.push(' ');
                starts.push((text.len() as u32, index as u32));
                if token.quoted {
                    text.push('~');
                } else {
                    text.push_str(doc.norm(token));
                }
            }
            text.push_str(" |");
        }
        text.push(' ');
        Self { text, starts }
    }

    /// The token index of the word starting at or after byte `at` of the stream.
    fn token_at(&self, at: usize) -> Option<usize> {
        let position = self.starts.partition_point(|&(start, _)| (start as usize) < at);
        self.starts.get(position).map(|&(_, token)| token as usize)
    }

    /// The token index of the last word ending at or before byte `end` of the stream.
    fn token_before(&self, end: usize) -> Option<usize> {
        let position = self.starts.partition_point(|&(start, _)| (start as usize) < end);
        position.checked_sub(1).map(|index| self.starts[index].1 as usize)
    }

    /// The raw match for automaton hit `start..end`, if it begins on a word boundary.
    fn locate(&self, doc: &Document<'_>, start: usize, end: usize, entry: usize) -> Option<RawMatch> {
        // Patterns end with a space but do not start with one (a leading space would make
        // every word a candidate and defeat the automaton's prefilter), so the boundary
        // before a match is checked here.
        if start == 0 || self.text.as_bytes()[start - 1] != b' ' {
            return None;
        }
        let (first, last) = (self.token_at(start)?, self.token_before(end - 1)?);
        if last < first {
            return None;
        }
        let tokens = doc.tokens();
        Some(RawMatch { tokens: first..last + 1, span: tokens[first].span.start..tokens[last].span.end, entry })
    }
}

/// One phrase found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PhraseMatch<'t, T> {
    /// Index range of the matched tokens.
    pub tokens: Range<usize>,
    /// Byte span in the source.
    pub span: Range<usize>,
    /// The payload of the table entry that matched.
    pub entry: &'t T,
}

/// A match without its payload: token range, byte span and entry index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawMatch {
    tokens: Range<usize>,
    span: Range<usize>,
    entry: usize,
}

/// The most phrases one pattern may stand for.
const MAX_EXPANSION: usize = 1500;

/// Gives every table its own number, the key of its matches in a catalog search.
static NEXT_TABLE_ID: AtomicUsize = AtomicUsize::new(0);

/// A set of phrases, each with a payload.
pub(crate) struct PhraseTable<T> {
    id: usize,
    /// Normalized phrases, each followed by a space.
    patterns: Vec<String>,
    /// Payload index for each pattern.
    pattern_entry: Vec<usize>,
    entries: Vec<T>,
    /// Its own automaton, for a table searched outside the catalog (tests).
    own: OnceLock<AhoCorasick>,
}

impl<T> PhraseTable<T> {
    /// Builds a table from `(pattern, payload)` pairs.
    pub(crate) fn new(entries: impl IntoIterator<Item = (&'static str, T)>) -> Self {
        let mut patterns = Vec::new();
        let mut pattern_entry = Vec::new();
        let mut payloads = Vec::new();
        for (pattern, payload) in entries {
            assert!(!pattern.contains(")?"), "write optional parts as [..], not (..)?, in `{pattern}`");
            let phrases = expand(pattern);
            // Tables are built once per process; a pattern that multiplies out to thousands of
            // phrases belongs in code, not in a table.
            assert!(
                phrases.len() <= MAX_EXPANSION,
                "`{pattern}` expands to {} phrases (limit {MAX_EXPANSION})",
                phrases.len()
            );
            for phrase in phrases {
                patterns.push(format!("{phrase} "));
                pattern_entry.push(payloads.len());
            }
            payloads.push(payload);
        }
        let id = NEXT_TABLE_ID.fetch_add(1, Ordering::Relaxed);
        Self { id, patterns, pattern_entry, entries: payloads, own: OnceLock::new() }
    }

    /// The table's number, its key in the catalog.
    pub(crate) fn id(&self) -> usize {
        self.id
    }

    /// Attaches the table's payload to a raw match.
    pub(crate) fn resolve(&self, raw: RawMatch) -> PhraseMatch<'_, T> {
        PhraseMatch { tokens: raw.tokens, span: raw.span, entry: &self.entries[raw.entry] }
    }

    /// Every match in the document, found with the table's own automaton.
    pub(crate) fn find_alone(&self, doc: &Document<'_>, stream: &Stream) -> Vec<RawMatch> {
        let automaton = self.own.get_or_init(|| build(&self.patterns));
        let mut found: Vec<RawMatch> = automaton
            .find_overlapping_iter(&stream.text)
            .filter_map(|hit| stream.locate(doc, hit.start(), hit.end(), self.pattern_entry[hit.pattern().as_usize()]))
            .collect();
        found.sort_by_key(|found| (found.span.start, found.span.end));
        found
    }
}

/// What the catalog needs of a table, whatever its payload type.
pub(crate) trait Listed: Sync {
    /// The table's number.
    fn id(&self) -> usize;
    /// Its phrases, normalized.
    fn patterns(&self) -> &[String];
    /// The payload index of each phrase.
    fn pattern_entries(&self) -> &[usize];
}

impl<T: Sync + Send> Listed for PhraseTable<T> {
    fn id(&self) -> usize {
        self.id
    }

    fn patterns(&self) -> &[String] {
        &self.patterns
    }

    fn pattern_entries(&self) -> &[usize] {
        &self.pattern_entry
    }
}

/// One automaton over the phrases of many tables.
pub(crate) struct Catalog {
    automaton: AhoCorasick,
    /// For each catalog pattern: the slot of its table and its payload index.
    owners: Vec<(u32, u32)>,
    /// Table id → slot.
    slots: Vec<Option<u32>>,
}

impl Catalog {
    /// Builds the automaton over every phrase of `tables`.
    pub(crate) fn new(tables: &[&dyn Listed]) -> Self {
        let mut patterns: Vec<&str> = Vec::new();
        let mut owners = Vec::new();
        let max_id = tables.iter().map(|table| table.id()).max().unwrap_or(0);
        let mut slots = vec![None; max_id + 1];
        for (slot, table) in tables.iter().enumerate() {
            slots[table.id()] = Some(slot as u32);
            for (pattern, entry) in table.patterns().iter().zip(table.pattern_entries()) {
                patterns.push(pattern);
                owners.push((slot as u32, *entry as u32));
            }
        }
        Self { automaton: build(&patterns), owners, slots }
    }

    /// How many tables the catalog holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.iter().flatten().count()
    }

    /// The slot of table `id`, when it is in the catalog.
    pub(crate) fn slot(&self, id: usize) -> Option<usize> {
        self.slots.get(id).copied().flatten().map(|slot| slot as usize)
    }

    /// One pass over the document: the matches of every table, by slot, in order.
    pub(crate) fn search(&self, doc: &Document<'_>, stream: &Stream) -> Vec<Vec<RawMatch>> {
        let mut buckets: Vec<Vec<RawMatch>> = vec![Vec::new(); self.slots.len()];
        for hit in self.automaton.find_overlapping_iter(&stream.text) {
            let (slot, entry) = self.owners[hit.pattern().as_usize()];
            if let Some(found) = stream.locate(doc, hit.start(), hit.end(), entry as usize) {
                buckets[slot as usize].push(found);
            }
        }
        for bucket in &mut buckets {
            bucket.sort_by_key(|found| (found.span.start, found.span.end));
        }
        buckets
    }
}

fn build<P: AsRef<[u8]>>(patterns: &[P]) -> AhoCorasick {
    AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(patterns).expect("phrase patterns build")
}

/// Normalizes a literal piece of a pattern the way message text is normalized, keeping
/// the spaces at its edges that separate it from its neighbours.
fn normalize_fragment(fragment: &str) -> String {
    let words = crate::text::normalize_words(fragment);
    let lead = if fragment.starts_with(char::is_whitespace) { " " } else { "" };
    let trail = if fragment.ends_with(char::is_whitespace) && !words.is_empty() { " " } else { "" };
    format!("{lead}{words}{trail}")
}

/// Expands `(a|b)` alternatives and `[optional]` parts into every phrase they stand for.
/// Groups nest: `[(so|very)] sorry` is "so sorry", "very sorry" or "sorry".
pub(crate) fn expand(pattern: &str) -> Vec<String> {
    let (phrases, rest) = expand_sequence(pattern);
    assert!(rest.is_empty(), "unbalanced brackets in phrase pattern `{pattern}`");
    phrases
        .into_iter()
        .map(|phrase| phrase.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|phrase| !phrase.is_empty())
        .collect()
}

/// Expands a sequence up to an unmatched `)`, `]` or `|`; returns it and the rest.
fn expand_sequence(pattern: &str) -> (Vec<String>, &str) {
    let mut results = vec![String::new()];
    let mut rest = pattern;
    while let Some(first) = rest.chars().next() {
        let (options, after): (Vec<String>, &str) = match first {
            ')' | ']' | '|' => break,
            '(' => {
                let mut options = Vec::new();
                let mut inner = &rest[1..];
                loop {
                    let (alternative, after) = expand_sequence(inner);
                    options.extend(alternative);
                    match after.chars().next() {
                        Some('|') => inner = &after[1..],
                        Some(')') => {
                            inner = &after[1..];
                            break;
                        }
                        _ => panic!("missing `)` in phrase pattern `{pattern}`"),
                    }
                }
                (options, inner)
            }
            '[' => {
                let (mut options, after) = expand_sequence(&rest[1..]);
                assert!(after.starts_with(']'), "missing `]` in phrase pattern `{pattern}`");
                options.push(String::new());
                (options, &after[1..])
            }
            _ => {
                // Literal words are normalized here, once, rather than in every phrase they
                // end up in: normalization works word by word, so the result is the same.
                let stop = rest.find(['(', '[', ')', ']', '|']).unwrap_or(rest.len());
                (vec![normalize_fragment(&rest[..stop])], &rest[stop..])
            }
        };
        results =
            results.iter().flat_map(|prefix| options.iter().map(move |option| format!("{prefix}{option}"))).collect();
        rest = after;
    }
    (results, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::SourceKind;

    #[test]
    fn expands_nested_groups() {
        assert_eq!(expand("[(so|very)] sorry"), ["so sorry", "very sorry", "sorry"]);
        assert_eq!(expand("a (b|c [d])"), ["a b", "a c d", "a c"]);
    }

    #[test]
    fn expands_alternatives_and_optional_words() {
        assert_eq!(
            expand("sorry [that] you (feel|felt)"),
            ["sorry that you feel", "sorry that you felt", "sorry you feel", "sorry you felt"]
        );
    }

    #[test]
    fn matches_across_contractions_and_curly_quotes_but_not_quotations() {
        let table = PhraseTable::new([("did not arrive", 1), ("sorry if", 2)]);
        let text = "Your parcel didn’t arrive. You wrote “sorry if” yesterday.";
        let doc = Document::parse(text, SourceKind::Plain);
        let stream = Stream::new(&doc);
        let found: Vec<_> = table.find_alone(&doc, &stream).into_iter().map(|raw| table.resolve(raw)).collect();
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], "didn’t arrive");
        assert_eq!(*found[0].entry, 1);
    }

    #[test]
    fn phrases_do_not_cross_sentences() {
        let table = PhraseTable::new([("sorry if", ())]);
        let doc = Document::parse("We are sorry. If you need us, call.", SourceKind::Plain);
        assert!(table.find_alone(&doc, &Stream::new(&doc)).is_empty());
    }
}
