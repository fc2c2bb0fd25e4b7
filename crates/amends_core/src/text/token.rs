//! Words, numbers and punctuation of the author's prose, with normalized forms.
//!
//! Normalization is what lets a rule written as `sorry if` match `I’m SORRY if`: words
//! are lowercased, curly apostrophes become straight ones, and contractions are split
//! into their parts (`didn’t` → `did` `not`, `we’re` → `we` `are`), each part keeping
//! the byte span it came from.

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes or hyphens (`mix-up`, `O’Brien`).
    Word,
    /// Digits with inner separators (`48,213`, `2026-11-18`, `5:30`, `21st`, `5pm`).
    Number,
    /// A currency symbol and an amount (`$15.00`, `€20`).
    Money,
    /// A `#` and an identifier (`#48213`).
    Reference,
    /// Letters and digits mixed (`ORD-2291`, `L2`, `3PL`).
    Code,
    /// An email address or a web address.
    Contact,
    /// A template variable (`{{ customer.first_name }}`).
    Variable,
    /// One punctuation character, or an ellipsis.
    Punct,
    /// Any other symbol, such as an emoji.
    Symbol,
}

/// How much whitespace precedes a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gap {
    /// Directly attached to the previous token (`sorry,`).
    None,
    /// Spaces on the same line.
    Space,
    /// A line break.
    Line,
    /// A blank line or a hidden region: a new paragraph.
    Paragraph,
}

/// One token of the author's prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the source.
    pub span: Range<usize>,
    /// What the token is.
    pub kind: TokenKind,
    /// Byte span of the normalized form in the document's normalized buffer.
    pub(crate) norm: Range<u32>,
    /// The whitespace before the token.
    pub gap: Gap,
    /// Starts with an uppercase letter.
    pub capitalized: bool,
    /// Two or more letters, all uppercase.
    pub all_caps: bool,
    /// Inside quotation marks (reported speech, a quoted phrase).
    pub quoted: bool,
    /// Under a negation such as `not` or `never` earlier in the same clause.
    pub negated: bool,
    /// Index of the clause within its sentence.
    pub clause: u16,
}

impl Token {
    /// Whether the token carries meaning as a word for phrase matching.
    pub fn is_wordlike(&self) -> bool {
        !matches!(self.kind, TokenKind::Punct | TokenKind::Symbol)
    }
}

/// Splits masked prose into tokens.
///
/// `masked` is the source with every non-prose byte replaced by a space (line breaks
/// kept), so offsets into it are offsets into the source. `variables` are the byte
/// ranges of template variables, which become single [`TokenKind::Variable`] tokens.
pub(crate) fn tokenize(
    masked: &str,
    variables: &[Range<usize>],
    paragraph_breaks: &[usize],
    norm: &mut String,
) -> Vec<Token> {
    let bytes = masked.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(masked.len() / 5);
    let mut at = 0;
    let mut gap_start = 0;
    let mut variable_index = 0;
    let mut break_index = 0;
    while at < masked.len() {
        let byte = bytes[at];
        if byte.is_ascii_whitespace() {
            at += 1;
            continue;
        }
        let ch = masked[at..].chars().next().expect("in bounds");
        if ch.is_whitespace() {
            at += ch.len_utf8();
            continue;
        }
        let mut gap = gap_kind(&masked[gap_start..at], tokens.is_empty());
        while break_index < paragraph_breaks.len() && paragraph_breaks[break_index] <= at {
            if paragraph_breaks[break_index] >= gap_start {
                gap = Gap::Paragraph;
            }
            break_index += 1;
        }
        while variable_index < variables.len() && variables[variable_index].end <= at {
            variable_index += 1;
        }
        if let Some(variable) = variables.get(variable_index).filter(|var| var.start == at) {
            let norm_range = push_norm(norm, "{var}");
            tokens.push(new_token(variable.clone(), TokenKind::Variable, norm_range, gap, masked));
            at = variable.end;
            gap_start = at;
            continue;
        }
        let end = if let Some(end) = scan_contact(masked, at) {
            let norm_range = push_norm(norm, &masked[at..end].to_lowercase());
            tokens.push(new_token(at..end, TokenKind::Contact, norm_range, gap, masked));
            end
        } else if starts_chunk(masked, at, ch) {
            let end = scan_chunk(masked, at);
            push_chunk(masked, at..end, gap, norm, &mut tokens);
            end
        } else {
            let end = scan_punct(masked, at, ch);
            let kind = if is_punctuation(ch) { TokenKind::Punct } else { TokenKind::Symbol };
            let text = &masked[at..end];
            let normalized = match text {
                "’" | "‘" => "'",
                "“" | "”" | "„" => "\"",
                "..." => "…",
                other => other,
            };
            let norm_range = push_norm(norm, normalized);
            tokens.push(new_token(at..end, kind, norm_range, gap, masked));
            end
        };
        at = end;
        gap_start = at;
    }
    tokens
}

fn gap_kind(between: &str, first: bool) -> Gap {
    if first {
        return Gap::Paragraph;
    }
    let newlines = between.bytes().filter(|&byte| byte == b'\n').count();
    match newlines {
        0 if between.is_empty() => Gap::None,
        0 => Gap::Space,
        1 => Gap::Line,
        _ => Gap::Paragraph,
    }
}

fn new_token(span: Range<usize>, kind: TokenKind, norm: Range<u32>, gap: Gap, masked: &str) -> Token {
    let text = &masked[span.clone()];
    let capitalized = text.chars().next().is_some_and(char::is_uppercase);
    let mut letters = 0;
    let mut upper = 0;
    for ch in text.chars().filter(|ch| ch.is_alphabetic()) {
        letters += 1;
        if ch.is_uppercase() {
            upper += 1;
        }
    }
    Token {
        span,
        kind,
        norm,
        gap,
        capitalized,
        all_caps: letters >= 2 && upper == letters,
        quoted: false,
        negated: false,
        clause: 0,
    }
}

fn push_norm(norm: &mut String, text: &str) -> Range<u32> {
    let start = norm.len() as u32;
    norm.push_str(text);
    start..norm.len() as u32
}

fn is_punctuation(ch: char) -> bool {
    ch.is_ascii_punctuation()
        || matches!(
            ch,
            '‘' | '’'
                | '“'
                | '”'
                | '„'
                | '«'
                | '»'
                | '…'
                | '—'
                | '–'
                | '‐'
                | '‑'
                | '·'
                | '•'
                | '¿'
                | '¡'
        )
}

fn is_currency(ch: char) -> bool {
    matches!(ch, '$' | '€' | '£' | '¥' | '₹' | '₩' | '₽')
}

fn next_char(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|rest| rest.chars().next())
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|before| before.chars().next_back())
}

fn starts_chunk(text: &str, at: usize, ch: char) -> bool {
    if ch.is_alphanumeric() {
        return true;
    }
    let after = next_char(text, at + ch.len_utf8());
    match ch {
        '#' => after.is_some_and(char::is_alphanumeric),
        '+' => after.is_some_and(|next| next.is_ascii_digit()),
        _ if is_currency(ch) => after.is_some_and(|next| next.is_ascii_digit()),
        _ => false,
    }
}

/// The end of a word, number or code starting at `start`.
fn scan_chunk(text: &str, start: usize) -> usize {
    let mut at = start;
    let first = next_char(text, at).expect("chunk start");
    at += first.len_utf8();
    while let Some(ch) = next_char(text, at) {
        if ch.is_alphanumeric() || is_combining(ch) {
            at += ch.len_utf8();
            continue;
        }
        let prev = prev_char(text, at).unwrap_or(' ');
        let next = next_char(text, at + ch.len_utf8());
        let joins = match ch {
            '\'' | '’' => prev.is_alphabetic() && next.is_some_and(char::is_alphabetic),
            '-' | '‑' => prev.is_alphanumeric() && next.is_some_and(char::is_alphanumeric),
            '.' => {
                let next_alnum = next.is_some_and(char::is_alphanumeric);
                (prev.is_ascii_digit() && next.is_some_and(|next| next.is_ascii_digit()))
                    || (prev.is_alphabetic() && next_alnum && single_letter_segment(text, start, at))
            }
            ',' => prev.is_ascii_digit() && digits_follow(text, at + 1, 3),
            ':' | '/' => prev.is_ascii_digit() && next.is_some_and(|next| next.is_ascii_digit()),
            '%' => prev.is_ascii_digit(),
            _ => false,
        };
        if !joins {
            break;
        }
        at += ch.len_utf8();
        if ch == '%' {
            break;
        }
    }
    at
}

fn is_combining(ch: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&ch)
}

fn digits_follow(text: &str, at: usize, count: usize) -> bool {
    let bytes = text.as_bytes();
    at + count <= bytes.len()
        && bytes[at..at + count].iter().all(u8::is_ascii_digit)
        && bytes.get(at + count).is_none_or(|byte| !byte.is_ascii_digit())
}

/// Whether the segment before a `.` at `dot` is a single letter (`e.g`, `a.m`, `U.S`).
fn single_letter_segment(text: &str, start: usize, dot: usize) -> bool {
    let segment_start = text[start..dot].rfind('.').map_or(start, |found| start + found + 1);
    text[segment_start..dot].chars().count() == 1
}

fn scan_punct(text: &str, at: usize, ch: char) -> usize {
    let mut end = at + ch.len_utf8();
    if ch == '.' && text[at..].starts_with("...") {
        end = at + 3;
    }
    end
}

/// Email addresses and web addresses, without trailing sentence punctuation.
fn scan_contact(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let run_len = rest
        .find(|ch: char| ch.is_whitespace() || matches!(ch, '<' | '>' | '"' | '“' | '”' | '(' | ')' | '[' | ']'))
        .unwrap_or(rest.len());
    let mut run = &rest[..run_len];
    while let Some(stripped) = run.strip_suffix(['.', ',', ';', ':', '!', '?', '\'', '’']) {
        run = stripped;
    }
    let lower_start = run.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    let is_url =
        lower_start.starts_with("http://") || lower_start.starts_with("https://") || lower_start.starts_with("www.");
    let is_email = run.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty()
            && user.chars().all(|ch| ch.is_alphanumeric() || "._+-".contains(ch))
            && domain.contains('.')
            && !domain.ends_with('.')
            && domain.chars().all(|ch| ch.is_alphanumeric() || ".-".contains(ch))
    });
    (is_url && run.len() > 4 || is_email).then_some(at + run.len())
}

/// Classifies a chunk and pushes its token(s), splitting contractions.
fn push_chunk(text: &str, span: Range<usize>, gap: Gap, norm: &mut String, tokens: &mut Vec<Token>) {
    let chunk = &text[span.clone()];
    let first = chunk.chars().next().expect("non-empty");
    let has_digit = chunk.bytes().any(|byte| byte.is_ascii_digit());
    let has_alpha = chunk.chars().any(char::is_alphabetic);
    let kind = if is_currency(first) {
        TokenKind::Money
    } else if first == '#' {
        TokenKind::Reference
    } else if has_digit && has_alpha && !is_number_with_suffix(chunk) {
        TokenKind::Code
    } else if has_digit {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    if kind != TokenKind::Word {
        let norm_range = push_norm(norm, &chunk.to_lowercase());
        tokens.push(new_token(span, kind, norm_range, gap, text));
        return;
    }
    let lowered = lowercase_with_straight_apostrophes(chunk);
    for (part, normalized) in split_contraction(chunk, &lowered) {
        let part_span = span.start + part.start..span.start + part.end;
        let norm_range = push_norm(norm, normalized);
        let part_gap = if part.start == 0 { gap } else { Gap::None };
        tokens.push(new_token(part_span, TokenKind::Word, norm_range, part_gap, text));
    }
}

fn is_number_with_suffix(chunk: &str) -> bool {
    let lowered = chunk.to_ascii_lowercase();
    let digits_end = lowered.find(|ch: char| ch.is_ascii_alphabetic()).unwrap_or(lowered.len());
    let suffix = &lowered[digits_end..];
    digits_end > 0
        && lowered[..digits_end].bytes().all(|byte| byte.is_ascii_digit() || b":.".contains(&byte))
        && matches!(suffix, "st" | "nd" | "rd" | "th" | "am" | "pm" | "h" | "hr" | "hrs" | "k" | "x" | "min" | "mins")
}

fn lowercase_with_straight_apostrophes(chunk: &str) -> String {
    chunk.chars().flat_map(char::to_lowercase).map(|ch| if ch == '’' { '\'' } else { ch }).collect()
}

/// Splits a word into its contraction parts: (byte range in the chunk, normalized form).
fn split_contraction<'n>(chunk: &str, lowered: &'n str) -> Vec<(Range<usize>, &'n str)> {
    // `lowered` may differ in byte length from `chunk` (’ is 3 bytes, ' is 1), so split
    // points are found in the chunk by counting characters from the end.
    let whole = vec![(0..chunk.len(), lowered)];
    if lowered == "cannot" {
        return vec![(0..3, "can"), (3..6, "not")];
    }
    let Some(apostrophe) = lowered.rfind('\'') else { return whole };
    let suffix = &lowered[apostrophe..];
    let chunk_split = |suffix_chars: usize| -> usize {
        chunk.char_indices().rev().nth(suffix_chars - 1).map_or(0, |(index, _)| index)
    };
    if suffix == "'t" && lowered[..apostrophe].ends_with('n') {
        let base = &lowered[..apostrophe - 1];
        let base_norm: &'n str = match base {
            "ca" => "can",
            "wo" => "will",
            "sha" => "shall",
            "ai" => "is",
            other => other,
        };
        let split = chunk_split(3);
        if split == 0 {
            return whole;
        }
        return vec![(0..split, base_norm), (split..chunk.len(), "not")];
    }
    let expansion = match suffix {
        "'m" => "am",
        "'re" => "are",
        "'ve" => "have",
        "'ll" => "will",
        "'d" => "would",
        "'s" => {
            let base = &lowered[..apostrophe];
            match base {
                "it" | "that" | "what" | "there" | "here" | "who" | "he" | "she" | "where" | "how" | "this"
                | "everything" | "nothing" | "something" => "is",
                "let" => "us",
                _ => "'s",
            }
        }
        _ => return whole,
    };
    let split = chunk_split(suffix.chars().count());
    if split == 0 {
        return whole;
    }
    vec![(0..split, &lowered[..apostrophe]), (split..chunk.len(), expansion)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        let mut norm = String::new();
        let tokens = tokenize(text, &[], &[], &mut norm);
        tokens.iter().map(|token| norm[token.norm.start as usize..token.norm.end as usize].to_string()).collect()
    }

    fn kinds(text: &str) -> Vec<(String, TokenKind)> {
        let mut norm = String::new();
        tokenize(text, &[], &[], &mut norm)
            .into_iter()
            .map(|token| (text[token.span].to_string(), token.kind))
            .collect()
    }

    #[test]
    fn contractions_split_into_their_parts() {
        assert_eq!(norms("I’m sorry we didn’t ship it"), ["i", "am", "sorry", "we", "did", "not", "ship", "it"]);
        assert_eq!(norms("We can't and won't"), ["we", "can", "not", "and", "will", "not"]);
        assert_eq!(
            norms("it's Dana's order; let's fix it"),
            ["it", "is", "dana", "'s", "order", ";", "let", "us", "fix", "it"]
        );
        assert_eq!(
            norms("We’ll, we've, we'd, you're"),
            ["we", "will", ",", "we", "have", ",", "we", "would", ",", "you", "are"]
        );
        assert_eq!(norms("cannot"), ["can", "not"]);
    }

    #[test]
    fn contraction_parts_keep_source_spans() {
        let text = "didn’t";
        let mut norm = String::new();
        let tokens = tokenize(text, &[], &[], &mut norm);
        assert_eq!(&text[tokens[0].span.clone()], "did");
        assert_eq!(&text[tokens[1].span.clone()], "n’t");
    }

    #[test]
    fn numbers_money_references_and_codes() {
        let found = kinds("order #48213 for $1,250.00 on 2026-11-18 at 5:30pm, ORD-2291 and 21st");
        let by_text = |needle: &str| found.iter().find(|(text, _)| text == needle).map(|(_, kind)| *kind);
        assert_eq!(by_text("#48213"), Some(TokenKind::Reference));
        assert_eq!(by_text("$1,250.00"), Some(TokenKind::Money));
        assert_eq!(by_text("2026-11-18"), Some(TokenKind::Number));
        assert_eq!(by_text("5:30pm"), Some(TokenKind::Number));
        assert_eq!(by_text("ORD-2291"), Some(TokenKind::Code));
        assert_eq!(by_text("21st"), Some(TokenKind::Number));
    }

    #[test]
    fn contacts_exclude_trailing_punctuation() {
        let found = kinds("Write to sam.ortiz@shop.example. Or see https://help.example.com/orders.");
        assert!(found.contains(&("sam.ortiz@shop.example".to_string(), TokenKind::Contact)));
        assert!(found.contains(&("https://help.example.com/orders".to_string(), TokenKind::Contact)));
    }

    #[test]
    fn abbreviations_and_hyphens_stay_whole() {
        let found = kinds("e.g. a mix-up at 9 a.m. in the U.S.");
        let words: Vec<&str> = found.iter().map(|(text, _)| text.as_str()).collect();
        assert!(words.contains(&"e.g"));
        assert!(words.contains(&"mix-up"));
        assert!(words.contains(&"a.m"));
        assert!(words.contains(&"U.S"));
    }

    #[test]
    fn gaps_record_line_and_paragraph_breaks() {
        let mut norm = String::new();
        let tokens = tokenize("one two\nthree\n\nfour", &[], &[], &mut norm);
        let gaps: Vec<Gap> = tokens.iter().map(|token| token.gap).collect();
        assert_eq!(gaps, [Gap::Paragraph, Gap::Space, Gap::Line, Gap::Paragraph]);
    }

    #[test]
    fn caps_flags() {
        let mut norm = String::new();
        let tokens = tokenize("WE ARE Sorry I", &[], &[], &mut norm);
        assert!(tokens[0].all_caps && tokens[1].all_caps);
        assert!(tokens[2].capitalized && !tokens[2].all_caps);
        assert!(!tokens[3].all_caps, "a single letter is not shouting");
    }
}
