//! Sentences, clauses, quotations and negation scope over tokens.

use std::ops::Range;

use super::token::{Gap, Token, TokenKind};

/// One sentence of the author's prose (a list item counts as one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte span in the source, from the first to the last token.
    pub span: Range<usize>,
    /// Index range into the document's tokens.
    pub tokens: Range<usize>,
    /// Whether the sentence is a list item.
    pub list_item: bool,
    /// Index of the paragraph the sentence belongs to.
    pub paragraph: usize,
}

/// Words after which a full stop does not end a sentence, whatever follows.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "ref", "tel", "ext", "approx", "vs", "e.g", "i.e", "fig", "cf",
    "attn",
];

/// Words after which a full stop ends a sentence only before a capitalized word.
const MAYBE_FINAL: &[&str] = &[
    "etc", "a.m", "p.m", "inc", "ltd", "co", "corp", "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "u.s", "u.k", "dept", "min", "mins", "hr", "hrs",
];

/// Words that open a new clause.
const CLAUSE_OPENERS: &[&str] = &["but", "however", "although", "though", "whereas", "because", "unless", "yet"];

/// Words that negate what follows them in their clause.
const NEGATORS: &[&str] = &["not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "hardly"];

/// How many words back a negator reaches.
const NEGATION_REACH: usize = 3;

/// Splits tokens into sentences and annotates clauses, quotations and negation.
pub(crate) fn split_sentences(tokens: &mut [Token], norm: &str, list_starts: &[usize]) -> Vec<Sentence> {
    let text = |token: &Token| &norm[token.norm.start as usize..token.norm.end as usize];
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut paragraph = 0;
    let mut index = 0;
    while index < tokens.len() {
        let token = &tokens[index];
        if index > start && (token.gap == Gap::Paragraph || is_list_start(token, list_starts)) {
            push_sentence(&mut sentences, tokens, start..index, list_starts, paragraph);
            if token.gap == Gap::Paragraph {
                paragraph += 1;
            }
            start = index;
            continue;
        }
        let terminal = token.kind == TokenKind::Punct && matches!(text(token), "." | "!" | "?" | "…");
        let after_colon_line = token.kind == TokenKind::Punct
            && text(token) == ":"
            && tokens.get(index + 1).is_some_and(|next| next.gap >= Gap::Line);
        if terminal || after_colon_line {
            // Take the whole run of closing punctuation ("?!", ".”", ".)").
            let mut end = index + 1;
            while let Some(next) = tokens.get(end) {
                let closing = next.gap == Gap::None
                    && next.kind == TokenKind::Punct
                    && matches!(text(next), "." | "!" | "?" | "…" | "\"" | "'" | ")" | "]");
                if !closing {
                    break;
                }
                end += 1;
            }
            if ends_sentence(tokens, norm, index, end) {
                push_sentence(&mut sentences, tokens, start..end, list_starts, paragraph);
                if tokens.get(end).is_some_and(|next| next.gap == Gap::Paragraph) {
                    paragraph += 1;
                }
                start = end;
                index = end;
                continue;
            }
            index = end;
            continue;
        }
        index += 1;
    }
    if start < tokens.len() {
        push_sentence(&mut sentences, tokens, start..tokens.len(), list_starts, paragraph);
    }
    for sentence in &sentences {
        annotate(&mut tokens[sentence.tokens.clone()], norm);
    }
    sentences
}

fn is_list_start(token: &Token, list_starts: &[usize]) -> bool {
    list_starts.binary_search(&token.span.start).is_ok()
}

fn push_sentence(
    sentences: &mut Vec<Sentence>,
    tokens: &[Token],
    range: Range<usize>,
    list_starts: &[usize],
    paragraph: usize,
) {
    let first = &tokens[range.start];
    let last = &tokens[range.end - 1];
    sentences.push(Sentence {
        span: first.span.start..last.span.end,
        tokens: range.clone(),
        list_item: is_list_start(first, list_starts),
        paragraph,
    });
}

/// Whether the punctuation at `at` (with its closing run up to `end`) ends a sentence.
fn ends_sentence(tokens: &[Token], norm: &str, at: usize, end: usize) -> bool {
    let text = |token: &Token| &norm[token.norm.start as usize..token.norm.end as usize];
    let Some(next) = tokens.get(end) else { return true };
    if next.gap >= Gap::Line {
        return true;
    }
    let full_stop = text(&tokens[at]) == ".";
    let previous = at.checked_sub(1).map(|before| &tokens[before]);
    if full_stop
        && let Some(previous) = previous
        && tokens[at].gap == Gap::None
    {
        let word = text(previous);
        if NEVER_FINAL.contains(&word) {
            return false;
        }
        if MAYBE_FINAL.contains(&word) {
            return next.capitalized && next.kind == TokenKind::Word;
        }
        // A lone initial ("J. Smith") is not the end of a sentence.
        if previous.kind == TokenKind::Word && word.chars().count() == 1 && previous.capitalized && next.capitalized {
            return false;
        }
    }
    if text(&tokens[at]) == "…" && !next.capitalized {
        return false;
    }
    next.capitalized
        || matches!(
            next.kind,
            TokenKind::Number | TokenKind::Variable | TokenKind::Reference | TokenKind::Money | TokenKind::Symbol
        )
        || (next.kind == TokenKind::Punct && matches!(text(next), "\"" | "(" | "[" | "-" | "—" | "*"))
        || text(&tokens[at]) != "."
}

/// Assigns clauses, marks quoted tokens, and computes negation within one sentence.
fn annotate(tokens: &mut [Token], norm: &str) {
    let text = |token: &Token| &norm[token.norm.start as usize..token.norm.end as usize];
    // Quotations: pairs of marks within the sentence.
    let mut open: Option<(usize, &str)> = None;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for index in 0..tokens.len() {
        if tokens[index].kind != TokenKind::Punct {
            continue;
        }
        let source_mark = text(&tokens[index]);
        let raw_is_curly_open = matches!(source_mark, "\"" | "'");
        if !raw_is_curly_open {
            continue;
        }
        match &open {
            Some((start, mark)) if *mark == source_mark => {
                pairs.push((*start, index));
                open = None;
            }
            None => {
                let opens =
                    tokens.get(index + 1).is_some_and(|next| next.gap == Gap::None && next.kind != TokenKind::Punct);
                if opens {
                    open = Some((index, source_mark));
                }
            }
            Some(_) => {}
        }
    }
    for (start, end) in pairs {
        for token in &mut tokens[start + 1..end] {
            token.quoted = true;
        }
    }
    // Clauses.
    let mut clause: u16 = 0;
    for (index, token) in tokens.iter_mut().enumerate() {
        let word = &norm[token.norm.start as usize..token.norm.end as usize];
        let opens_clause = match token.kind {
            TokenKind::Punct => matches!(word, "," | ";" | ":" | "—" | "–" | "(" | ")" | "-"),
            TokenKind::Word => CLAUSE_OPENERS.contains(&word),
            _ => false,
        };
        if opens_clause && index > 0 {
            clause = clause.saturating_add(1);
        }
        token.clause = clause;
    }
    // Negation: a negator reaches a few words forward within its clause.
    let mut recent_negator: Option<(u16, usize)> = None;
    let mut words_since = 0;
    for token in tokens.iter_mut() {
        if !token.is_wordlike() {
            continue;
        }
        words_since += 1;
        if let Some((negator_clause, seen_at)) = recent_negator
            && negator_clause == token.clause
            && words_since - seen_at <= NEGATION_REACH
        {
            token.negated = true;
        }
        let word = &norm[token.norm.start as usize..token.norm.end as usize];
        if NEGATORS.contains(&word) {
            recent_negator = Some((token.clause, words_since));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::token::tokenize;

    fn sentences_of(text: &str) -> Vec<String> {
        let mut norm = String::new();
        let mut tokens = tokenize(text, &[], &[], &mut norm);
        split_sentences(&mut tokens, &norm, &[]).into_iter().map(|sentence| text[sentence.span].to_string()).collect()
    }

    #[test]
    fn splits_on_terminal_punctuation_but_not_abbreviations() {
        assert_eq!(
            sentences_of("Dr. Lee called at 9 a.m. today. We refunded $15.00 to you, e.g. the fee. Is it there? Yes!"),
            ["Dr. Lee called at 9 a.m. today.", "We refunded $15.00 to you, e.g. the fee.", "Is it there?", "Yes!"]
        );
    }

    #[test]
    fn hard_wrapped_lines_join_and_paragraphs_split() {
        assert_eq!(
            sentences_of("We shipped the wrong\nsweater to you\n\nIt will arrive Friday."),
            ["We shipped the wrong\nsweater to you", "It will arrive Friday."]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences_of("You wrote “never again.” We understand."),
            ["You wrote “never again.”", "We understand."]
        );
    }

    #[test]
    fn negation_reaches_forward_within_the_clause() {
        let text = "We did not blame the courier, and blame is useless.";
        let mut norm = String::new();
        let mut tokens = tokenize(text, &[], &[], &mut norm);
        split_sentences(&mut tokens, &norm, &[]);
        let negated: Vec<&str> =
            tokens.iter().filter(|token| token.negated).map(|token| &text[token.span.clone()]).collect();
        assert_eq!(negated, ["blame", "the", "courier"]);
    }

    #[test]
    fn quoted_words_are_marked() {
        let text = "You said “sorry if” was not enough, and you were right.";
        let mut norm = String::new();
        let mut tokens = tokenize(text, &[], &[], &mut norm);
        split_sentences(&mut tokens, &norm, &[]);
        let quoted: Vec<&str> =
            tokens.iter().filter(|token| token.quoted).map(|token| &text[token.span.clone()]).collect();
        assert_eq!(quoted, ["sorry", "if"]);
    }
}
