//! The readable text of an HTML message, with a map back into the HTML source.
//!
//! This is not a browser: it reads what a person reads in an HTML email. Tags go, the
//! contents of `<script>`, `<style>` and `<title>` go, block elements become line breaks
//! (paragraphs become blank lines, so the linter still sees the greeting and sign-off on
//! their own lines), white space collapses, and common character references are decoded.
//! Comments go too, except `<!-- amends: … -->` suppression comments, which are kept
//! verbatim so that the linter honours them.

use super::offsets::OffsetMap;

/// Text extracted from HTML.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extracted {
    /// What a reader sees.
    pub(crate) text: String,
    /// Where each part of `text` is in the HTML.
    pub(crate) map: OffsetMap,
}

/// Elements whose contents are never shown.
const HIDDEN_CONTENT: &[&str] = &["script", "style", "title", "template", "noscript"];

/// Elements that start and end a paragraph: a blank line before and after.
const PARAGRAPHS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Elements that start and end a line.
const LINES: &[&str] =
    &["body", "caption", "dd", "div", "dt", "figcaption", "head", "html", "li", "option", "tbody", "tr"];

/// Elements that separate words without breaking the line.
const SPACES: &[&str] = &["td", "th"];

/// Named character references we decode; others stay as written.
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("rsquo", "\u{2019}"),
    ("lsquo", "\u{2018}"),
    ("rdquo", "\u{201D}"),
    ("ldquo", "\u{201C}"),
    ("mdash", "\u{2014}"),
    ("ndash", "\u{2013}"),
    ("hellip", "\u{2026}"),
];

/// Extracts the readable text of `html`.
pub(crate) fn extract(html: &str) -> Extracted {
    let mut writer = Writer::new(html);
    let bytes = html.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        at = match bytes[at] {
            b'<' => writer.markup(at),
            b'&' => writer.reference(at),
            byte if is_html_space(byte) => writer.space(at),
            _ => writer.text_run(at),
        };
    }
    Extracted { text: writer.text, map: writer.map }
}

fn is_html_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

/// A tag as written: `<p class="x">`, `</div>`, `<br/>`.
struct Tag {
    /// Lowercase element name.
    name: String,
    closing: bool,
    /// Just past the `>`.
    end: usize,
}

/// Builds the text and its map, deferring white space and line breaks until the next
/// visible text so that neither piles up.
struct Writer<'a> {
    html: &'a str,
    text: String,
    map: OffsetMap,
    /// Line breaks owed before the next text (0, 1 or 2), and the markup they stand for.
    pending_breaks: usize,
    breaks_from: std::ops::Range<usize>,
    /// A space owed before the next text, and the white space it stands for.
    pending_space: Option<std::ops::Range<usize>>,
    /// Inside `<pre>`: white space is kept as written.
    preformatted: usize,
}

impl<'a> Writer<'a> {
    fn new(html: &'a str) -> Self {
        Self {
            html,
            text: String::with_capacity(html.len() / 2),
            map: OffsetMap::default(),
            pending_breaks: 0,
            breaks_from: 0..0,
            pending_space: None,
            preformatted: 0,
        }
    }

    /// Writes the space or line breaks owed before the next visible text.
    fn flush(&mut self) {
        if self.text.is_empty() {
            self.pending_breaks = 0;
            self.pending_space = None;
            return;
        }
        if self.pending_breaks > 0 {
            let trailing = self.text.bytes().rev().take_while(|&byte| byte == b'\n').count();
            if trailing < self.pending_breaks {
                let breaks = "\n".repeat(self.pending_breaks - trailing);
                let start = self.text.len();
                self.text.push_str(&breaks);
                self.map.replaced(start..self.text.len(), self.breaks_from.clone());
            }
            self.pending_breaks = 0;
            self.pending_space = None;
        } else if let Some(space) = self.pending_space.take()
            && !self.text.ends_with([' ', '\n'])
        {
            let start = self.text.len();
            self.text.push(' ');
            self.map.replaced(start..start + 1, space);
        }
    }

    fn owe_breaks(&mut self, count: usize, source: std::ops::Range<usize>, additive: bool) {
        let wanted = if additive { self.pending_breaks + count } else { self.pending_breaks.max(count) };
        // The breaks stand for all the markup from the first tag that asked for one.
        if self.pending_breaks == 0 {
            self.breaks_from = source;
        } else {
            self.breaks_from.end = source.end;
        }
        self.pending_breaks = wanted.min(2);
    }

    fn copy(&mut self, source: std::ops::Range<usize>) {
        self.flush();
        let start = self.text.len();
        self.text.push_str(&self.html[source.clone()]);
        self.map.copied(start..self.text.len(), source);
    }

    fn replace(&mut self, text: &str, source: std::ops::Range<usize>) {
        self.flush();
        let start = self.text.len();
        self.text.push_str(text);
        self.map.replaced(start..self.text.len(), source);
    }

    /// Plain text up to the next markup, reference or white space.
    fn text_run(&mut self, at: usize) -> usize {
        let bytes = self.html.as_bytes();
        let end = bytes[at..]
            .iter()
            .position(|&byte| byte == b'<' || byte == b'&' || is_html_space(byte))
            .map_or(bytes.len(), |length| at + length);
        self.copy(at..end);
        end
    }

    fn space(&mut self, at: usize) -> usize {
        let bytes = self.html.as_bytes();
        let end = bytes[at..].iter().position(|&byte| !is_html_space(byte)).map_or(bytes.len(), |length| at + length);
        if self.preformatted > 0 {
            self.copy(at..end);
        } else if self.pending_space.is_none() {
            self.pending_space = Some(at..end);
        }
        end
    }

    /// `&amp;`, `&#39;`, `&#x2019;`; anything else is a literal `&`.
    fn reference(&mut self, at: usize) -> usize {
        let rest = &self.html[at + 1..];
        let Some(semicolon) = rest.bytes().take(12).position(|byte| byte == b';') else {
            self.copy(at..at + 1);
            return at + 1;
        };
        let name = &rest[..semicolon];
        let end = at + 1 + semicolon + 1;
        let decoded = if let Some(number) = name.strip_prefix('#') {
            let value = match number.strip_prefix(['x', 'X']) {
                Some(hex) if !hex.is_empty() && hex.bytes().all(|byte| byte.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()
                }
                None if !number.is_empty() && number.bytes().all(|byte| byte.is_ascii_digit()) => number.parse().ok(),
                _ => None,
            };
            value.map(|code| {
                char::from_u32(code).filter(|&ch| ch != '\0').unwrap_or(char::REPLACEMENT_CHARACTER).to_string()
            })
        } else {
            ENTITIES.iter().find(|(entity, _)| *entity == name).map(|(_, text)| (*text).to_owned())
        };
        match decoded {
            Some(text) => {
                self.replace(&text, at..end);
                end
            }
            None => {
                self.copy(at..at + 1);
                at + 1
            }
        }
    }

    /// Whatever starts with `<`: a tag, a comment, a declaration, or a literal `<`.
    fn markup(&mut self, at: usize) -> usize {
        let rest = &self.html[at..];
        if let Some(inner) = rest.strip_prefix("<!--") {
            let end = inner.find("-->").map_or(self.html.len(), |found| at + 4 + found + 3);
            if inner.trim_start().starts_with("amends:") {
                self.copy(at..end);
            }
            return end;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            return rest.find('>').map_or(self.html.len(), |found| at + found + 1);
        }
        let Some(tag) = self.tag(at) else {
            self.copy(at..at + 1);
            return at + 1;
        };
        let name = tag.name.as_str();
        if !tag.closing && HIDDEN_CONTENT.contains(&name) {
            return self.skip_contents(name, tag.end);
        }
        let source = at..tag.end;
        if name == "br" {
            self.owe_breaks(1, source, true);
        } else if PARAGRAPHS.contains(&name) {
            self.owe_breaks(2, source, false);
        } else if LINES.contains(&name) {
            self.owe_breaks(1, source, false);
        } else if SPACES.contains(&name) && self.pending_space.is_none() {
            self.pending_space = Some(source);
        }
        if name == "pre" {
            self.preformatted = if tag.closing { self.preformatted.saturating_sub(1) } else { self.preformatted + 1 };
        }
        if name == "li" && !tag.closing {
            // A list marker, so the linter sees a list; it maps to where the item's text starts.
            self.replace("- ", tag.end..tag.end);
        }
        tag.end
    }

    /// Parses the tag at `at`, or `None` when `<` does not start one.
    fn tag(&self, at: usize) -> Option<Tag> {
        let bytes = self.html.as_bytes();
        let mut cursor = at + 1;
        let closing = bytes.get(cursor) == Some(&b'/');
        if closing {
            cursor += 1;
        }
        if !bytes.get(cursor).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let name_start = cursor;
        while bytes.get(cursor).is_some_and(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b':')) {
            cursor += 1;
        }
        let name = self.html[name_start..cursor].to_ascii_lowercase();
        let mut quote = None;
        while let Some(&byte) = bytes.get(cursor) {
            match (quote, byte) {
                (None, b'"' | b'\'') => quote = Some(byte),
                (Some(open), _) if byte == open => quote = None,
                (None, b'>') => return Some(Tag { name, closing, end: cursor + 1 }),
                _ => {}
            }
            cursor += 1;
        }
        Some(Tag { name, closing, end: bytes.len() })
    }

    /// Skips to just past `</name>`, or to the end when it is never closed.
    fn skip_contents(&self, name: &str, from: usize) -> usize {
        let bytes = self.html.as_bytes();
        let mut at = from;
        while let Some(found) = self.html[at..].find("</") {
            let start = at + found + 2;
            let candidate = bytes.get(start..start + name.len());
            let after = bytes.get(start + name.len());
            if candidate.is_some_and(|candidate| candidate.eq_ignore_ascii_case(name.as_bytes()))
                && after.is_none_or(|&byte| byte == b'>' || byte == b'/' || is_html_space(byte))
            {
                return self.html[start..].find('>').map_or(self.html.len(), |close| start + close + 1);
            }
            at = start;
        }
        self.html.len()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::paragraphs("<p>Dear Dana,</p><p>I am sorry.</p>", "Dear Dana,\n\nI am sorry.")]
    #[case::gmail_divs(
        "<div>Hi Dana,</div><div><br></div><div>We sent the wrong one.</div>",
        "Hi Dana,\n\nWe sent the wrong one."
    )]
    #[case::line_breaks("Thanks,<br>\n  Priya<br/>Support", "Thanks,\nPriya\nSupport")]
    #[case::white_space_collapses("  We   shipped\n   the <b>wrong</b>\tsweater. ", "We shipped the wrong sweater.")]
    #[case::hidden_content(
        "<html><head><title>Sorry</title><style>p{color:red}</style></head><body><script>if (a < b) x()</script><p>Hello</p></body></html>",
        "Hello"
    )]
    #[case::lists("<p>Choose:</p><ul><li>a refund</li><li>a new one</li></ul>", "Choose:\n\n- a refund\n- a new one")]
    #[case::comments_dropped("A<!-- note to self -->B", "AB")]
    #[case::suppressions_kept(
        "<p>A minor issue. <!-- amends: ignore-next-line NA207 --></p>",
        "A minor issue. <!-- amends: ignore-next-line NA207 -->"
    )]
    #[case::literal_angle("1 < 2 and a<-b", "1 < 2 and a<-b")]
    #[case::preformatted("<pre>line one\n  line two</pre>after", "line one\n  line two\n\nafter")]
    #[case::table_cells("<table><tr><td>Order</td><td>#4821</td></tr></table>", "Order #4821")]
    #[case::attributes_with_angles("<a title=\"a > b\" href='x'>link</a>", "link")]
    fn extracts_what_a_reader_sees(#[case] html: &str, #[case] expected: &str) {
        assert_eq!(extract(html).text, expected);
    }

    #[rstest]
    #[case("&amp; &lt; &gt; &quot; &#39; &apos;", "& < > \" ' '")]
    #[case(
        "we&rsquo;re &lsquo;sorry&rsquo; &ldquo;truly&rdquo;",
        "we\u{2019}re \u{2018}sorry\u{2019} \u{201C}truly\u{201D}"
    )]
    #[case("a&nbsp;b &mdash; c &ndash; d&hellip;", "a b \u{2014} c \u{2013} d\u{2026}")]
    #[case("&#8217; &#x2019; &#X2019; &#0; &#xD800;", "\u{2019} \u{2019} \u{2019} \u{FFFD} \u{FFFD}")]
    #[case("AT&T &unknown; &#xZZ; & alone", "AT&T &unknown; &#xZZ; & alone")]
    fn decodes_character_references(#[case] html: &str, #[case] expected: &str) {
        assert_eq!(extract(html).text, expected);
    }

    #[test]
    fn offsets_point_into_the_html() {
        let html = "<p>Dear Dana,</p>\n<p>We&rsquo;re sorry for\n   any <b>inconvenience</b>.</p>";
        let extracted = extract(html);
        assert_eq!(extracted.text, "Dear Dana,\n\nWe\u{2019}re sorry for any inconvenience.");
        let find = |needle: &str| {
            let start = extracted.text.find(needle).unwrap();
            &html[extracted.map.span(start..start + needle.len())]
        };
        assert_eq!(find("Dana"), "Dana");
        assert_eq!(find("We\u{2019}re"), "We&rsquo;re");
        assert_eq!(find("\u{2019}"), "&rsquo;");
        assert_eq!(find("sorry for any"), "sorry for\n   any");
        assert_eq!(find("any inconvenience"), "any <b>inconvenience");
        assert_eq!(find("inconvenience."), "inconvenience</b>.");
        // The paragraph break stands for the markup between the paragraphs.
        let gap = extracted.text.find("\n\n").unwrap();
        assert_eq!(&html[extracted.map.span(gap..gap + 2)], "</p>\n<p>");
    }

    fn html_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[a-zA-Z ,.'’é€😀]{0,12}",
            Just("<p>".to_owned()),
            Just("</p>".to_owned()),
            Just("<br>".to_owned()),
            Just("<li>".to_owned()),
            Just("<pre>".to_owned()),
            Just("</pre>".to_owned()),
            Just("<script>".to_owned()),
            Just("</script".to_owned()),
            Just("<!-- amends: disable NA -->".to_owned()),
            Just("<!--".to_owned()),
            Just("-->".to_owned()),
            Just("<a href=\"".to_owned()),
            Just("&amp;".to_owned()),
            Just("&#x2019;".to_owned()),
            Just("&#99999999;".to_owned()),
            Just("&".to_owned()),
            Just("<".to_owned()),
            Just(">".to_owned()),
            "[\\s]{0,3}",
            any::<String>(),
        ];
        proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn offsets_always_land_on_char_boundaries_inside_the_source(html in html_like()) {
            let extracted = extract(&html);
            let mut previous = (0, 0);
            for offset in (0..=extracted.text.len()).filter(|&offset| extracted.text.is_char_boundary(offset)) {
                let start = extracted.map.start(offset);
                let end = extracted.map.end(offset);
                prop_assert!(start <= html.len() && end <= html.len());
                prop_assert!(html.is_char_boundary(start) && html.is_char_boundary(end));
                prop_assert!(start >= previous.0 && end >= previous.1, "map must be monotonic");
                previous = (start, end);
            }
            for (index, ch) in extracted.text.char_indices() {
                let span = extracted.map.span(index..index + ch.len_utf8());
                prop_assert!(span.start <= span.end && span.end <= html.len());
            }
        }
    }
}
