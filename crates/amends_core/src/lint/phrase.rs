//! Phrase tables: simple rules as data.
//!
//! A pattern is written the way people write, and normalized with the same tokenizer
//! as the message, so `didn't arrive` matches `did not arrive` and `didn’t arrive`. A
//! pattern may hold alternatives and optional words, expanded when the table is built:
//! `sorry [that] you (feel|felt)` stands for four phrases.

use std::ops::Range;

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
}

/// The most phrases one pattern may stand for.
const MAX_EXPANSION: usize = 1500;

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

/// A set of phrases, each with a payload, searched in one pass.
pub(crate) struct PhraseTable<T> {
    automaton: AhoCorasick,
    /// Payload index for each expanded pattern.
    pattern_entry: Vec<usize>,
    entries: Vec<T>,
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
                patterns.push(format!(" {} ", normalize(&phrase)));
                pattern_entry.push(payloads.len());
            }
            payloads.push(payload);
        }
        let automaton =
            AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&patterns).expect("phrase patterns build");
        Self { automaton, pattern_entry, entries: payloads }
    }

    /// Every match in the document, in order, overlapping ones included.
    pub(crate) fn find<'t>(&'t self, doc: &Document<'_>, stream: &Stream) -> Vec<PhraseMatch<'t, T>> {
        let mut found = Vec::new();
        for hit in self.automaton.find_overlapping_iter(&stream.text) {
            let (Some(first), Some(last)) = (stream.token_at(hit.start() + 1), stream.token_before(hit.end() - 1))
            else {
                continue;
            };
            if last < first {
                continue;
            }
            let tokens = doc.tokens();
            found.push(PhraseMatch {
                tokens: first..last + 1,
                span: tokens[first].span.start..tokens[last].span.end,
                entry: &self.entries[self.pattern_entry[hit.pattern().as_usize()]],
            });
        }
        found.sort_by_key(|found| (found.span.start, found.span.end));
        found
    }
}

/// Normalizes a pattern the way message text is normalized.
fn normalize(phrase: &str) -> String {
    crate::text::normalize_words(phrase)
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
                let stop = rest.find(['(', '[', ')', ']', '|']).unwrap_or(rest.len());
                (vec![rest[..stop].to_owned()], &rest[stop..])
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
        let found = table.find(&doc, &stream);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], "didn’t arrive");
        assert_eq!(*found[0].entry, 1);
    }

    #[test]
    fn phrases_do_not_cross_sentences() {
        let table = PhraseTable::new([("sorry if", ())]);
        let doc = Document::parse("We are sorry. If you need us, call.", SourceKind::Plain);
        assert!(table.find(&doc, &Stream::new(&doc)).is_empty());
    }
}
