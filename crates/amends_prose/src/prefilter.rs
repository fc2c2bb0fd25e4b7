//! Blanks the sentences no enabled grammar rule could flag, so that harper parses (and
//! runs its per-token neural chunker over) only the few that might hold an error.

use harper_core::{Dialect, Punctuation, Token, TokenKind};

use crate::grammar_rules::{ENABLED, Word};

/// `source` with every sentence that trips no rule's trigger replaced by spaces (line
/// breaks kept), or `None` when no sentence trips one. The result has exactly as many
/// chars as `source`, so harper's char spans on it are spans on `source`.
pub(crate) fn triggered_text(tokens: &[Token], source: &[char], dialect: Dialect) -> Option<Vec<char>> {
    let mut masked: Option<Vec<char>> = None;
    let mut any_kept = false;
    for sentence in sentences(tokens) {
        let mut words: Vec<Word<'_>> = Vec::new();
        let mut spaced_only = false;
        for token in sentence {
            if token.kind.is_word() {
                words.push(Word::new(token.span.get_content(source), spaced_only));
                spaced_only = true;
            } else if !token.kind.is_whitespace() {
                spaced_only = false;
            }
        }
        if ENABLED.iter().any(|rule| rule.trigger.fires(&words, dialect)) {
            any_kept = true;
            continue;
        }
        let (Some(first), Some(last)) = (sentence.first(), sentence.last()) else {
            continue;
        };
        let masked = masked.get_or_insert_with(|| source.to_vec());
        for c in &mut masked[first.span.start..last.span.end] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    }
    if !any_kept {
        return None;
    }
    Some(masked.unwrap_or_else(|| source.to_vec()))
}

/// Splits tokens after each full stop, question or exclamation mark and at paragraph
/// breaks, which is where harper's own sentences end.
fn sentences(tokens: &[Token]) -> impl Iterator<Item = &[Token]> {
    tokens
        .split_inclusive(|t| {
            matches!(
                t.kind,
                TokenKind::Punctuation(Punctuation::Period | Punctuation::Bang | Punctuation::Question)
                    | TokenKind::ParagraphBreak
            ) || matches!(t.kind, TokenKind::Newline(n) if n >= 2)
        })
        .filter(|sentence| !sentence.is_empty())
}

#[cfg(test)]
mod tests {
    use harper_core::Dialect;
    use harper_core::parsers::Parser;
    use rstest::rstest;

    use super::triggered_text;
    use crate::email_parser::EmailParser;

    fn masked(text: &str) -> Option<String> {
        let source: Vec<char> = text.chars().collect();
        let tokens = EmailParser.parse(&source);
        triggered_text(&tokens, &source, Dialect::American).map(|chars| chars.into_iter().collect())
    }

    #[rstest]
    #[case::article_before_consonant_sound("A user reported it yesterday.", false)]
    #[case::an_before_silent_h("An hour later it was fixed.", false)]
    #[case::a_before_vowel_sound("It was a order for two.", true)]
    #[case::an_before_consonant_sound("We sent an refund today.", true)]
    #[case::since_a_point_in_time("We have been waiting since Monday.", false)]
    #[case::since_a_duration("We have been waiting since three days.", true)]
    #[case::then_in_sequence("We checked it, and then we called you.", false)]
    #[case::then_after_comparative("It is better then the old one.", true)]
    #[case::then_after_more_adjective("It is more reliable then before.", true)]
    #[case::its_always_parsed("Your order is on its way.", true)]
    fn triggers(#[case] text: &str, #[case] parsed: bool) {
        assert_eq!(masked(text).is_some(), parsed, "{text}");
    }

    #[test]
    fn clean_text_needs_no_parse() {
        assert_eq!(masked("Thank you for waiting. We are sorry."), None);
    }

    #[test]
    fn only_triggered_sentences_are_kept() {
        let text = "Thank you for waiting.\nWe checked the the order. Sorry, Dana!";
        let expected = "                      \nWe checked the the order.             ";
        assert_eq!(masked(text).as_deref(), Some(expected));
    }

    #[test]
    fn masking_keeps_the_char_count() {
        let text = "Merci, café 😞 fermé. We checked a order.";
        let kept = masked(text).expect("the article trips a trigger");
        assert_eq!(kept.chars().count(), text.chars().count());
        assert!(kept.ends_with("We checked a order."));
    }
}
