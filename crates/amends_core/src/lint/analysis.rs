//! What every rule reads: the document, its phrase stream, word classes and times.

use std::cell::OnceCell;
use std::ops::Range;

use super::catalog::CATALOG;
use super::lexicon::{Classes, classes_of};
use super::phrase::{PhraseMatch, PhraseTable, RawMatch, Stream};
use super::time::{TimeExpression, find_times};
use crate::channel::Channel;
use crate::facts::CaseFacts;
use crate::text::{Document, Sentence, Token, TokenKind};

/// A document prepared for the rules: computed once, read by all.
pub(crate) struct Analysis<'d, 'a> {
    /// The message.
    pub doc: &'d Document<'a>,
    /// Where it is read.
    pub channel: Channel,
    /// The case facts, when given.
    pub facts: Option<&'d CaseFacts>,
    /// The author's words as a searchable string.
    pub stream: Stream,
    /// Word classes of every token.
    classes: Vec<Classes>,
    /// Time expressions of every sentence.
    times: Vec<Vec<TimeExpression>>,
    /// Matches of every catalog table, by slot, found in one pass on first use.
    catalog_matches: OnceCell<Vec<Vec<RawMatch>>>,
}

impl<'d, 'a> Analysis<'d, 'a> {
    /// Prepares `doc` for the rules.
    pub(crate) fn new(doc: &'d Document<'a>, channel: Channel, facts: Option<&'d CaseFacts>) -> Self {
        let classes = doc
            .tokens()
            .iter()
            .map(|token| {
                if token.kind == TokenKind::Word && !token.quoted { classes_of(doc.norm(token)) } else { Classes::NONE }
            })
            .collect();
        let times = doc.sentences().iter().map(|sentence| find_times(doc, sentence.tokens.clone())).collect();
        Self { doc, channel, facts, stream: Stream::new(doc), classes, times, catalog_matches: OnceCell::new() }
    }

    /// The sentences.
    pub(crate) fn sentences(&self) -> &'d [Sentence] {
        self.doc.sentences()
    }

    /// All tokens.
    pub(crate) fn tokens(&self) -> &'d [Token] {
        self.doc.tokens()
    }

    /// The normalized word at token `index`.
    pub(crate) fn word(&self, index: usize) -> &'d str {
        self.doc.norm(&self.doc.tokens()[index])
    }

    /// The word classes of token `index`.
    pub(crate) fn class(&self, index: usize) -> Classes {
        self.classes[index]
    }

    /// Whether token `index` has a class of `class` and is neither negated nor quoted.
    pub(crate) fn is(&self, index: usize, class: Classes) -> bool {
        self.classes[index].any(class) && !self.doc.tokens()[index].negated
    }

    /// Index of the first token in `range` that [`is`](Self::is) of `class`.
    pub(crate) fn find(&self, range: Range<usize>, class: Classes) -> Option<usize> {
        range.into_iter().find(|&index| self.is(index, class))
    }

    /// Whether a token in `range` [`is`](Self::is) of `class`.
    pub(crate) fn has(&self, range: Range<usize>, class: Classes) -> bool {
        self.find(range, class).is_some()
    }

    /// Whether `range` holds the normalized word `word` (not quoted).
    pub(crate) fn has_word(&self, range: Range<usize>, word: &str) -> bool {
        range.into_iter().any(|index| self.word(index) == word && !self.doc.tokens()[index].quoted)
    }

    /// Whether `range` is about the future or about preventing a repeat ("so it never happens
    /// again", "in future"), not about what went wrong. A past "again" ("it went to the wrong
    /// address again") looks back: it counts only beside a modal, a negation or a
    /// prevention verb.
    pub(crate) fn looks_ahead(&self, range: Range<usize>) -> bool {
        let forward =
            range.clone().any(|index| matches!(self.word(index), "future" | "prevent" | "prevents" | "forward"));
        forward
            || (self.has_word(range.clone(), "again")
                && range.into_iter().any(|index| {
                    matches!(
                        self.word(index),
                        "will"
                            | "shall"
                            | "would"
                            | "never"
                            | "cannot"
                            | "can"
                            | "could"
                            | "must"
                            | "ensure"
                            | "sure"
                            | "stop"
                            | "avoid"
                            | "happen"
                            | "recur"
                    )
                }))
    }

    /// The time expressions of sentence `index`.
    pub(crate) fn times(&self, sentence: usize) -> &[TimeExpression] {
        &self.times[sentence]
    }

    /// Index of the sentence holding token `token`.
    pub(crate) fn sentence_of(&self, token: usize) -> usize {
        self.sentences().partition_point(|sentence| sentence.tokens.end <= token)
    }

    /// Index of the sentence holding byte `offset`.
    pub(crate) fn sentence_at(&self, offset: usize) -> Option<usize> {
        let index = self.sentences().partition_point(|sentence| sentence.span.end <= offset);
        self.sentences().get(index).filter(|sentence| sentence.span.start <= offset).map(|_| index)
    }

    /// Whether sentence `index` is a question.
    pub(crate) fn is_question(&self, index: usize) -> bool {
        let range = self.sentences()[index].tokens.clone();
        range.rev().take(3).any(|token| self.word(token) == "?")
    }

    /// Every match of `table` in the document, in order.
    pub(crate) fn matches<'t, T>(&self, table: &'t PhraseTable<T>) -> Vec<PhraseMatch<'t, T>> {
        match CATALOG.slot(table.id()) {
            Some(slot) => {
                let all = self.catalog_matches.get_or_init(|| CATALOG.search(self.doc, &self.stream));
                all[slot].iter().map(|found| table.resolve(found.clone())).collect()
            }
            None => table.find_alone(self.doc, &self.stream).into_iter().map(|found| table.resolve(found)).collect(),
        }
    }

    /// Whether the token range `tokens` has a word of `class` anywhere in the same sentence.
    pub(crate) fn sentence_has(&self, sentence: usize, class: Classes) -> bool {
        self.has(self.sentences()[sentence].tokens.clone(), class)
    }

    /// The byte span of sentence `index`.
    pub(crate) fn sentence_span(&self, index: usize) -> Range<usize> {
        self.sentences()[index].span.clone()
    }

    /// Whether the pronoun at `index` is the subject of a main clause, not of a relative
    /// clause ("the update we released" is about the update, not about us).
    pub(crate) fn is_main_subject(&self, index: usize) -> bool {
        let tokens = self.doc.tokens();
        let Some(previous) = index.checked_sub(1) else { return true };
        let sentence_start = self.sentences()[self.sentence_of(index)].tokens.start;
        if index == sentence_start || !tokens[previous].is_wordlike() {
            return true;
        }
        matches!(
            self.word(previous),
            "and"
                | "so"
                | "then"
                | "now"
                | "also"
                | "but"
                | "today"
                | "tomorrow"
                | "yesterday"
                | "already"
                | "first"
                | "thankfully"
                | "happily"
                | "meanwhile"
                | "since"
                | "because"
                | "as"
                | "when"
                | "once"
                | "here"
                | "instead"
                | "finally"
                | "immediately"
                | "personally"
                | "honestly"
                | "again"
                | "morning"
                | "afternoon"
                | "evening"
                | "week"
                | "night"
                | "yet"
                | "while"
                | "after"
                | "before"
                | "if"
                | "unfortunately"
                | "sadly"
                | "both"
        )
    }

    /// Number of content words in `range`: words that are not function words or vague.
    pub(crate) fn content_words(&self, range: Range<usize>) -> usize {
        let skip = Classes::STOPWORD.or(Classes::VAGUE).or(Classes::APOLOGY);
        range
            .filter(|&index| {
                let token = &self.tokens()[index];
                token.is_wordlike()
                    && !token.quoted
                    && !(token.kind == TokenKind::Word && self.classes[index].any(skip))
            })
            .count()
    }

    /// Whether `range` has a concrete anchor: a number, amount, reference, code, or variable.
    pub(crate) fn has_anchor(&self, range: Range<usize>) -> bool {
        range.into_iter().any(|index| {
            matches!(
                self.tokens()[index].kind,
                TokenKind::Number | TokenKind::Money | TokenKind::Reference | TokenKind::Code | TokenKind::Variable
            )
        })
    }
}
