//! How an email body is tokenized for harper.
//!
//! Harper's plain-English lexer already keeps email addresses, URLs, host names and
//! numbers out of the word stream. Two things in customer-service mail still need help:
//!
//! - **Identifiers.** Order and ticket numbers such as `ORD-2291`, `INV_2024_17` or
//!   `A1B2C3` lex as words (`ORD`, `A1B2C3`) that no dictionary knows. Their words are
//!   turned into unlintable tokens, so neither spelling nor grammar rules read them.
//! - **Blanked regions.** The linter replaces text the agent did not write (quotes,
//!   signatures, templates) with spaces so that offsets map one-to-one. Left as a long
//!   space, harper would read across it and join the words on both sides ("the" +
//!   blank + "the" is a repeated word). A run of [`BLANK_RUN`] or more spaces becomes a
//!   paragraph break, which ends sentences and chunks for every rule.
//!
//! Only token kinds change; spans never do, so char offsets still match the source.

use harper_core::parsers::{Parser, PlainEnglish};
use harper_core::{Punctuation, Token, TokenKind};

/// The shortest run of spaces that is taken to be a blanked region. Authors put one
/// space between words and sometimes two after a full stop; three or more means text
/// was removed.
pub(crate) const BLANK_RUN: usize = 3;

/// Harper's [`PlainEnglish`] parser plus the email-specific fix-ups described in the
/// module documentation.
pub(crate) struct EmailParser;

impl Parser for EmailParser {
    fn parse(&self, source: &[char]) -> Vec<Token> {
        let mut tokens = PlainEnglish.parse(source);
        hide_identifiers(&mut tokens, source);
        break_at_blanked_regions(&mut tokens);
        tokens
    }
}

/// Punctuation that glues the parts of an identifier together (`ORD-2291`, `INV_17`,
/// `SKU#88`, `RMA/2291`).
fn is_joiner(kind: &TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Punctuation(
            Punctuation::Hyphen | Punctuation::Underscore | Punctuation::Hash | Punctuation::ForwardSlash
        )
    )
}

fn has_digit(token: &Token, source: &[char]) -> bool {
    match token.kind {
        TokenKind::Number(_) => true,
        TokenKind::Word(_) => token.span.get_content(source).iter().any(char::is_ascii_digit),
        _ => false,
    }
}

/// Makes every word of a joined compound that contains a digit unlintable.
///
/// A compound is a run of words and numbers where each neighbour is joined by exactly
/// one [`is_joiner`] character and no whitespace. `well-known` has no digit and is left
/// alone; `ORD-2291` and `A1B2C3` are identifiers.
fn hide_identifiers(tokens: &mut [Token], source: &[char]) {
    let mut start = 0;
    while start < tokens.len() {
        if !matches!(tokens[start].kind, TokenKind::Word(_) | TokenKind::Number(_)) {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end + 1 < tokens.len()
            && is_joiner(&tokens[end].kind)
            && matches!(tokens[end + 1].kind, TokenKind::Word(_) | TokenKind::Number(_))
        {
            end += 2;
        }
        if tokens[start..end].iter().any(|t| has_digit(t, source)) {
            for token in &mut tokens[start..end] {
                if token.kind.is_word() {
                    token.kind = TokenKind::Unlintable;
                }
            }
        }
        start = end;
    }
}

fn break_at_blanked_regions(tokens: &mut [Token]) {
    for token in tokens {
        if matches!(token.kind, TokenKind::Space(n) if n >= BLANK_RUN) {
            token.kind = TokenKind::ParagraphBreak;
        }
    }
}

#[cfg(test)]
mod tests {
    use harper_core::parsers::Parser;
    use rstest::rstest;

    use super::EmailParser;

    /// The text of every token the linters would read as a word.
    fn words(text: &str) -> Vec<String> {
        let source: Vec<char> = text.chars().collect();
        EmailParser
            .parse(&source)
            .iter()
            .filter(|t| t.kind.is_word())
            .map(|t| t.span.get_content_string(&source))
            .collect()
    }

    #[rstest]
    #[case::hyphenated_order("Order ORD-2291 shipped", &["Order", "shipped"])]
    #[case::underscored("Ticket INV_2024_17 is closed", &["Ticket", "is", "closed"])]
    #[case::letters_and_digits("Code A1B2C3 works", &["Code", "works"])]
    #[case::hash_joined("Item SKU#88 is back", &["Item", "is", "back"])]
    #[case::multi_part("Use RMA-AB-2291 please", &["Use", "please"])]
    #[case::plain_hyphenated_word("a well-known issue", &["a", "well", "known", "issue"])]
    #[case::hash_number("order #48213 arrived", &["order", "arrived"])]
    fn identifiers_are_not_words(#[case] text: &str, #[case] expected: &[&str]) {
        assert_eq!(words(text), expected);
    }

    #[test]
    fn blanked_region_becomes_a_paragraph_break() {
        let text = "We checked the      the order.";
        let source: Vec<char> = text.chars().collect();
        let tokens = EmailParser.parse(&source);
        let blank = tokens.iter().find(|t| t.span.start == 14).expect("a token starts where the blank does");
        assert!(blank.kind.is_paragraph_break());
        assert_eq!(blank.span.end, 20, "the span keeps its length");
    }

    #[test]
    fn double_space_after_a_full_stop_is_not_a_blank() {
        let source: Vec<char> = "Sorry.  We".chars().collect();
        let tokens = EmailParser.parse(&source);
        assert!(tokens.iter().all(|t| !t.kind.is_paragraph_break()));
    }
}
