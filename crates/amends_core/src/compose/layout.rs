//! Turns a template's raw output into a message, and a message into HTML blocks.
//!
//! Templates are written like prose, not like code: inside a paragraph, line breaks and
//! runs of spaces in the template source collapse to one space, so tags and conditions
//! can sit on their own lines. A blank line separates paragraphs; a line starting with
//! `- ` starts a list item; `{{ br }}` forces a line break (sign-offs, addresses). The
//! break marker is U+2028, which is removed from every fact before rendering, so a
//! customer's text cannot add one.

use serde::Serialize;

/// What `{{ br }}` renders to: a line break that survives whitespace collapsing.
pub(crate) const LINE_BREAK: char = '\u{2028}';

/// Collapses the template output into paragraphs and lines.
pub(crate) fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut paragraph = String::with_capacity(256);
    for line in raw.split('\n') {
        // Not `str::trim`: it would also strip the line-break marker, which is whitespace.
        let trimmed = line.trim_matches([' ', '\t', '\r']);
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
            continue;
        }
        if trimmed.starts_with("- ") && !paragraph.is_empty() {
            paragraph.push(LINE_BREAK);
        } else if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(trimmed);
    }
    flush(&mut paragraph, &mut out);
    out
}

/// Appends one paragraph to `out`, tidying its spaces and lines.
fn flush(paragraph: &mut String, out: &mut String) {
    let mut lines = paragraph.split(LINE_BREAK).map(tidy_line).filter(|line| !line.is_empty()).peekable();
    if lines.peek().is_some() {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let mut first = true;
        for line in lines {
            if !first {
                out.push('\n');
            }
            out.push_str(&line);
            first = false;
        }
    }
    paragraph.clear();
}

/// One space between words, none before closing punctuation.
fn tidy_line(line: &str) -> String {
    let mut tidy = String::with_capacity(line.len());
    for word in line.split([' ', '\t', '\r']).filter(|word| !word.is_empty()) {
        let closes = word.starts_with(['.', ',', ';', ':', '!', '?', ')']);
        if !tidy.is_empty() && !closes {
            tidy.push(' ');
        }
        tidy.push_str(word);
    }
    tidy
}

/// A paragraph of the message, for the HTML alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Block<'a> {
    /// `"list"` when every line is a list item, else `"paragraph"`.
    pub kind: &'static str,
    /// The lines, list markers removed.
    pub lines: Vec<&'a str>,
}

/// The paragraphs of a normalized message.
pub(crate) fn blocks(text: &str) -> Vec<Block<'_>> {
    text.split("\n\n")
        .map(|paragraph| {
            let lines: Vec<&str> = paragraph.lines().collect();
            if lines.iter().all(|line| line.starts_with("- ")) {
                Block { kind: "list", lines: lines.iter().map(|line| &line[2..]).collect() }
            } else {
                Block { kind: "paragraph", lines }
            }
        })
        .collect()
}

/// Whether `text` fits a channel's hard limit: GSM-7 septets for SMS (or the Unicode
/// limit when a character is outside GSM-7), characters otherwise.
pub(crate) fn fits(text: &str, sms: bool, limit: usize) -> bool {
    if !sms {
        return text.chars().count() <= limit;
    }
    match gsm7_septets(text) {
        Some(septets) => septets <= limit,
        None => text.chars().count() <= 134,
    }
}

/// Septets of `text` in the GSM 03.38 alphabet, or `None` when a character is outside it.
fn gsm7_septets(text: &str) -> Option<usize> {
    const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const EXTENDED: &str = "^{}\\[~]|€\u{c}";
    text.chars().try_fold(0, |septets, ch| {
        if ch.is_ascii_alphanumeric() || BASIC.contains(ch) {
            Some(septets + 1)
        } else if EXTENDED.contains(ch) {
            Some(septets + 2)
        } else {
            None
        }
    })
}

/// Typographic characters outside GSM-7 and their plain equivalents, for SMS.
pub(crate) fn plain_punctuation(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut plain = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' => plain.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201f}' | '\u{2033}' => plain.push('"'),
            '\u{2013}' | '\u{2014}' | '\u{2212}' => plain.push('-'),
            '\u{2026}' => plain.push_str("..."),
            '\u{00a0}' | '\u{202f}' => plain.push(' '),
            other => plain.push(other),
        }
    }
    std::borrow::Cow::Owned(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_template_whitespace_into_paragraphs() {
        let raw = "Hi Dana,\n\n\n   I'm sorry\n   we shipped the wrong one .\n  It's on us\n, truly.\n\nBest,\u{2028}Sam\u{2028}\u{2028}Northwind\n\n";
        assert_eq!(
            normalize(raw),
            "Hi Dana,\n\nI'm sorry we shipped the wrong one. It's on us, truly.\n\nBest,\nSam\nNorthwind"
        );
    }

    #[test]
    fn list_items_keep_their_lines() {
        let text = normalize("You can choose:\n- a refund\n  today\n- a replacement\n");
        assert_eq!(text, "You can choose:\n- a refund today\n- a replacement");
        let found = blocks("Intro.\n\n- one\n- two");
        assert_eq!(found[1], Block { kind: "list", lines: vec!["one", "two"] });
        assert_eq!(found[0].kind, "paragraph");
    }

    #[test]
    fn sms_length_in_septets() {
        assert!(fits(&"a".repeat(306), true, 306));
        assert!(!fits(&"a".repeat(307), true, 306));
        assert!(!fits(&format!("{}’", "a".repeat(140)), true, 306));
        assert!(fits(&"€".repeat(153), true, 306));
        assert_eq!(plain_punctuation("you’d “love” it — really…"), "you'd \"love\" it - really...");
    }
}
