//! The part of a message the customer wrote just now.
//!
//! Replies quote earlier messages (often the agent's own apology); those words are not the
//! customer's new words and must not raise or lower the reading. Quoted material is
//! blanked out with spaces rather than removed, so every byte offset found in the result
//! is also an offset into the original message.

use std::borrow::Cow;

/// `text` with quoted material replaced by spaces (line breaks kept): lines starting with
/// `>`, a reply header such as "On Tue, 4 Mar 2025, Support wrote:", and everything from
/// an "-----Original Message-----" separator on. The result has the same length as
/// `text` and the same characters everywhere else.
pub(crate) fn own_words(text: &str) -> Cow<'_, str> {
    if !text.contains('>') && !text.contains("wrote:") && !text.contains("-----") {
        return Cow::Borrowed(text);
    }
    let mut own = String::with_capacity(text.len());
    let mut rest_is_quoted = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        rest_is_quoted |= is_original_message_separator(content);
        if rest_is_quoted || is_quoted(content) {
            own.extend(std::iter::repeat_n(' ', content.len()));
            own.push_str(&line[content.len()..]);
        } else {
            own.push_str(line);
        }
    }
    Cow::Owned(own)
}

fn is_quoted(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with('>') || is_reply_header(trimmed)
}

/// "On <date>, <someone> wrote:" as mail clients put it above a quoted reply.
fn is_reply_header(line: &str) -> bool {
    let line = line.trim_end();
    line.len() < 200 && line.get(..3).is_some_and(|start| start.eq_ignore_ascii_case("on ")) && line.ends_with("wrote:")
}

/// Outlook's separator before the quoted original ("-----Original Message-----").
fn is_original_message_separator(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("-----") && line.trim_matches('-').trim().eq_ignore_ascii_case("original message")
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("Still broken!", "Still broken!")]
    #[case("No.\n> We are sorry for the delay.\nFix it.", "No.\n                             \nFix it.")]
    #[case("  > indented quote\nmine", "                  \nmine")]
    #[case(
        "Thanks.\r\nOn Mon, 3 Mar 2025 at 10:02, Support <help@example.com> wrote:\r\n> Hi",
        "Thanks.\r\n                                                              \r\n    "
    )]
    #[case(
        "Useless.\n-----Original Message-----\nFrom: Support\nWe apologize.",
        "Useless.\n                          \n             \n             "
    )]
    #[case("a -> b is fine", "a -> b is fine")]
    #[case("I wrote: please call", "I wrote: please call")]
    fn blanks_quoted_material_and_keeps_offsets(#[case] text: &str, #[case] expected: &str) {
        let own = own_words(text);
        assert_eq!(own, expected);
        assert_eq!(own.len(), text.len());
    }

    #[test]
    fn blanking_keeps_multibyte_text_valid() {
        let text = "ok\n> “smart quotes” – and ✓\n";
        let own = own_words(text);
        assert_eq!(own.len(), text.len());
        assert_eq!(own.trim(), "ok");
    }
}
