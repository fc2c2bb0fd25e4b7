//! The author's prose as the linter sees it: layout, tokens, sentences.

mod layout;
mod lines;
mod sentence;
mod token;

pub use layout::{Layout, RawDirective, Salutation, SourceKind};
pub use lines::LineIndex;
pub use sentence::Sentence;
pub use token::{Gap, Token, TokenKind};

use std::ops::Range;

/// A message analysed into the author's sentences and tokens.
///
/// Building one is the only expensive step of linting; every rule then reads it.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    source: &'a str,
    kind: SourceKind,
    layout: Layout,
    masked: String,
    lines: LineIndex,
    tokens: Vec<Token>,
    norm: String,
    sentences: Vec<Sentence>,
}

impl<'a> Document<'a> {
    /// Analyses `source`.
    pub fn parse(source: &'a str, kind: SourceKind) -> Self {
        let layout = Layout::analyze(source, kind);
        let masked = blank_out(source, &layout.hidden);
        let list_starts: Vec<usize> = layout.list_items.iter().map(|item| item.start).collect();
        let mut norm = String::with_capacity(source.len());
        let mut tokens = token::tokenize(&masked, &layout.variables, &list_starts, &mut norm);
        let sentences = sentence::split_sentences(&mut tokens, &norm, &list_starts);
        Self { source, kind, lines: LineIndex::new(source), layout, masked, tokens, norm, sentences }
    }

    /// The text as given.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// How the text was written.
    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// The source with everything but the author's prose replaced by spaces; offsets are
    /// the source's. Template variables are blanked too, for checkers that read words.
    pub fn prose_only(&self) -> String {
        blank_out(&self.masked, &self.layout.variables)
    }

    /// Salutation, signature, quoted replies, directives.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// All tokens of the author's prose.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The author's sentences, in order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The tokens of one sentence.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        &self.tokens[sentence.tokens.clone()]
    }

    /// The normalized form of a token: lowercase, straight apostrophes, contractions expanded.
    pub fn norm(&self, token: &Token) -> &str {
        &self.norm[token.norm.start as usize..token.norm.end as usize]
    }

    /// The source text of a token or span.
    pub fn text(&self, span: Range<usize>) -> &'a str {
        &self.source[span]
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(self.source, offset)
    }

    /// The line index of the source.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// Number of words the author wrote.
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|token| {
                matches!(
                    token.kind,
                    TokenKind::Word
                        | TokenKind::Number
                        | TokenKind::Money
                        | TokenKind::Code
                        | TokenKind::Reference
                        | TokenKind::Variable
                ) && token.gap != Gap::None
            })
            .count()
    }

    /// Where the author's prose starts (the first token), or 0 for an empty message.
    pub fn body_start(&self) -> usize {
        self.tokens.first().map_or(0, |token| token.span.start)
    }
}

/// The normalized words of a short text, joined by spaces: the form phrase patterns are
/// matched in. Skips layout analysis, so it is cheap enough for building phrase tables.
pub(crate) fn normalize_words(text: &str) -> String {
    let mut norm = String::with_capacity(text.len());
    let tokens = token::tokenize(text, &[], &[], &mut norm);
    let words: Vec<&str> = tokens
        .iter()
        .filter(|token| token.is_wordlike())
        .map(|token| &norm[token.norm.start as usize..token.norm.end as usize])
        .collect();
    words.join(" ")
}

/// Replaces the bytes of `ranges` with spaces, keeping line breaks.
fn blank_out(text: &str, ranges: &[Range<usize>]) -> String {
    if ranges.is_empty() {
        return text.to_owned();
    }
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        for byte in &mut bytes[range.clone()] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
    }
    String::from_utf8(bytes).expect("ranges lie on character boundaries")
}
