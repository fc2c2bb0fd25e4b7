//! Which parts of a message are the author's own prose.
//!
//! A real email is more than its body: a salutation, a signature block, the customer's
//! earlier message quoted below (`>` lines), header lines of a printed letter, comments
//! holding `amends:` suppression directives, and in templates the MiniJinja tags. Rules
//! judge only the author's prose, so this module finds everything else first.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// How the text was written, which decides what counts as markup.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// Plain text: a `.txt` file, the text body of an email, text from HTML.
    #[default]
    Plain,
    /// Markdown: fenced code blocks are not prose.
    Markdown,
    /// A MiniJinja template: `{{ … }}` are variables the composer fills, `{% … %}` are tags.
    Template,
}

/// The greeting line of a letter, email or chat message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salutation {
    /// The whole greeting, for example `Dear Ms. Whitfield,`.
    pub span: Range<usize>,
    /// Who is greeted, for example `Ms. Whitfield`; `None` for a bare `Hello,`.
    pub name: Option<Range<usize>>,
    /// Whether the greeting addresses nobody in particular (`Dear Valued Customer`).
    pub generic: bool,
}

/// An `amends:` directive found in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDirective {
    /// The whole comment, delimiters included.
    pub span: Range<usize>,
    /// The text after `amends:`, trimmed.
    pub body: Range<usize>,
}

/// The parts of a message, as byte ranges of the source.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Everything that is not the author's prose, sorted and disjoint.
    pub hidden: Vec<Range<usize>>,
    /// The greeting, when there is one.
    pub salutation: Option<Salutation>,
    /// The sign-off and signature block, when there is one.
    pub signature: Option<Range<usize>>,
    /// Quoted earlier messages (`>` lines and their "On … wrote:" line).
    pub quoted: Vec<Range<usize>>,
    /// `amends:` directives, in order.
    pub directives: Vec<RawDirective>,
    /// Template variables (`{{ … }}`), only for [`SourceKind::Template`].
    pub variables: Vec<Range<usize>>,
    /// Byte offsets where a list item's text starts (after its marker).
    pub list_items: Vec<Range<usize>>,
}

static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[ \t]*(?:dear|hi|hello|hey|hiya|greetings|good[ \t]+(?:morning|afternoon|evening|day))\b(?P<rest>[^,:!\n]{0,60}?)[ \t]*(?P<punct>[,:!—–-]|$)",
    )
    .expect("valid salutation pattern")
});

static TO_WHOM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t]*to[ \t]+whom[ \t]+it[ \t]+may[ \t]+concern[ \t]*[,:]?[ \t]*$").expect("valid pattern")
});

static NAME_ONLY_SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?P<name>\p{Lu}[\p{L}'’.\-]*(?:[ \t]+\p{Lu}[\p{L}'’.\-]*){0,2})[ \t]*,[ \t]*$")
        .expect("valid pattern")
});

static VALEDICTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[ \t]*(?:(?:with[ \t]+)?(?:best|kind|kindest|warm|warmest|many|sincere|all[ \t]+the[ \t]+best)[ \t]+(?:regards|wishes|thanks)|regards|best|sincerely(?:[ \t]+yours)?|yours(?:[ \t]+(?:sincerely|truly|faithfully))?|respectfully(?:[ \t]+yours)?|cheers|thanks(?:[ \t]+again)?|thank[ \t]+you(?:[ \t]+again)?|many[ \t]+thanks|with[ \t]+(?:apologies|gratitude|thanks|appreciation|care|respect)|(?:again,?[ \t]+)?(?:my|our)[ \t]+apologies|take[ \t]+care|talk[ \t]+soon|warmly|cordially|be[ \t]+well|speak[ \t]+soon)[ \t]*[,.!]?[ \t]*$",
    )
    .expect("valid valediction pattern")
});

static MESSAGE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:(?:@[A-Za-z0-9_.]{1,30}[ \t]*)+|\p{Lu}[\p{L}0-9&'’.-]*(?:[ \t]+\p{Lu}[\p{L}0-9&'’.-]*){0,3}:[ \t]+)")
        .expect("valid prefix pattern")
});

static INLINE_SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:[ \t]+[–—-][ \t]?|[ \t]+\^)\p{Lu}[\p{L}'’.-]*(?:[ \t,]+(?:at[ \t]+)?\p{Lu}[\p{L}0-9&'’.-]*){0,4}[ \t]*$",
    )
    .expect("valid sign-off pattern")
});

static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:[-*•·–—+][ \t]+|\(?\d{1,2}[.)][ \t]+|\(?[a-hA-H][.)][ \t]+)").expect("valid list pattern")
});

/// Words that make a greeting generic when they are all it names.
const GENERIC_ADDRESSEES: &[&str] = &[
    "customer",
    "customers",
    "client",
    "clients",
    "sir",
    "madam",
    "sir/madam",
    "sir or madam",
    "madam or sir",
    "sirs",
    "there",
    "team",
    "member",
    "members",
    "user",
    "users",
    "friend",
    "friends",
    "all",
    "everyone",
    "everybody",
    "folks",
    "guest",
    "guests",
    "subscriber",
    "subscribers",
    "shopper",
    "shoppers",
    "account holder",
    "cardholder",
    "patient",
    "passenger",
    "passengers",
    "resident",
    "residents",
    "valued customer",
    "valued client",
    "valued member",
    "valued guest",
    "loyal customer",
    "our valued customer",
    "sir / madam",
    "colleague",
    "you",
];

impl Layout {
    /// Finds the parts of `source`.
    pub fn analyze(source: &str, kind: SourceKind) -> Self {
        let mut layout = Layout::default();
        layout.find_inline_markup(source, kind);
        let lines = split_lines(source);
        let blank: Vec<bool> = lines.iter().map(|line| layout.is_blank(source, line.clone())).collect();
        let quoted_start = layout.find_quoted(source, &lines, &blank);
        layout.find_signature(source, &lines, &blank, quoted_start);
        layout.find_salutation(source, &lines, &blank);
        if layout.salutation.is_none() {
            layout.find_message_prefix(source, &lines, &blank);
        }
        if layout.signature.is_none() {
            layout.find_inline_sign_off(source, &lines, &blank, quoted_start);
        }
        if kind == SourceKind::Markdown {
            layout.find_code_fences(source, &lines);
        }
        layout.normalize_hidden();
        layout.find_list_items(source, &lines, &blank);
        layout.normalize_hidden();
        layout
    }

    /// Whether byte `offset` is outside the author's prose.
    pub fn is_hidden(&self, offset: usize) -> bool {
        let at = self.hidden.partition_point(|range| range.end <= offset);
        self.hidden.get(at).is_some_and(|range| range.start <= offset)
    }

    /// Collects comments, directives and template markup found inside lines.
    fn find_inline_markup(&mut self, source: &str, kind: SourceKind) {
        let bytes = source.as_bytes();
        let mut at = 0;
        while let Some(found) = memchr::memchr2(b'<', b'{', &bytes[at..]) {
            let start = at + found;
            let rest = &source[start..];
            let close = if rest.starts_with("<!--") {
                Some(("<!--", "-->"))
            } else if rest.starts_with("{#") {
                Some(("{#", "#}"))
            } else if kind == SourceKind::Template && rest.starts_with("{%") {
                Some(("{%", "%}"))
            } else if kind == SourceKind::Template && rest.starts_with("{{") {
                Some(("{{", "}}"))
            } else {
                None
            };
            let Some((open, close)) = close else {
                at = start + 1;
                continue;
            };
            let Some(end_rel) = rest[open.len()..].find(close) else {
                at = start + open.len();
                continue;
            };
            let end = start + open.len() + end_rel + close.len();
            let inner_start = start + open.len();
            let inner_end = end - close.len();
            if open == "{{" {
                self.variables.push(start..end);
            } else {
                self.hidden.push(start..end);
                if open != "{%" {
                    self.record_directive(source, start..end, inner_start..inner_end);
                }
            }
            at = end;
        }
    }

    fn record_directive(&mut self, source: &str, span: Range<usize>, inner: Range<usize>) {
        let text = &source[inner.clone()];
        let trimmed = text.trim_start();
        let lead = text.len() - trimmed.len();
        let Some(after) = trimmed.strip_prefix("amends:").or_else(|| trimmed.strip_prefix("amends :")) else {
            return;
        };
        let body_start = inner.start + lead + (trimmed.len() - after.len());
        let body_text = after.trim();
        let offset = after.len() - after.trim_start().len();
        let body = body_start + offset..body_start + offset + body_text.len();
        self.directives.push(RawDirective { span, body });
    }

    fn is_blank(&self, source: &str, line: Range<usize>) -> bool {
        let mut at = line.start;
        for hidden in &self.hidden {
            if hidden.end <= at || hidden.start >= line.end {
                continue;
            }
            if !source[at..hidden.start.max(at)].trim().is_empty() {
                return false;
            }
            at = hidden.end.max(at);
        }
        at >= line.end || source[at..line.end].trim().is_empty()
    }

    /// Marks quoted replies; returns the line index where a trailing quoted block starts.
    fn find_quoted(&mut self, source: &str, lines: &[Range<usize>], blank: &[bool]) -> usize {
        let mut trailing_start = lines.len();
        let mut index = 0;
        while index < lines.len() {
            let text = &source[lines[index].clone()];
            let trimmed = text.trim();
            let separator = trimmed.starts_with("-----Original Message")
                || trimmed.starts_with("________________________________")
                || (trimmed.starts_with("From:") && looks_like_forward_header(source, lines, index));
            if separator {
                let start = lines[index].start;
                self.quoted.push(start..source.len());
                self.hidden.push(start..source.len());
                trailing_start = trailing_start.min(index);
                break;
            }
            let attribution = trimmed.ends_with("wrote:")
                && (trimmed.starts_with("On ") || trimmed.len() < 160)
                && next_content_is_quote(source, lines, blank, index + 1);
            if trimmed.starts_with('>') || attribution {
                let mut start_line = index;
                // An "On Tue, … Dana" line wrapped before its "wrote:" belongs to it.
                if attribution
                    && index > 0
                    && !blank[index - 1]
                    && source[lines[index - 1].clone()].trim_start().starts_with("On ")
                {
                    start_line = index - 1;
                }
                let mut end_line = index;
                while end_line + 1 < lines.len() {
                    let next = source[lines[end_line + 1].clone()].trim_start();
                    if next.starts_with('>') {
                        end_line += 1;
                    } else {
                        break;
                    }
                }
                let span = lines[start_line].start..lines[end_line].end;
                self.quoted.push(span.clone());
                self.hidden.push(span);
                let rest_is_quote_or_blank = (end_line + 1..lines.len())
                    .all(|later| blank[later] || source[lines[later].clone()].trim_start().starts_with('>'));
                if rest_is_quote_or_blank {
                    trailing_start = trailing_start.min(start_line);
                }
                index = end_line + 1;
                continue;
            }
            if trimmed.eq_ignore_ascii_case("sent from my iphone")
                || trimmed.eq_ignore_ascii_case("sent from my android")
                || trimmed.starts_with("Sent from my ")
            {
                self.hidden.push(lines[index].clone());
            }
            index += 1;
        }
        trailing_start
    }

    /// Finds the sign-off and signature block before any trailing quoted reply.
    fn find_signature(&mut self, source: &str, lines: &[Range<usize>], blank: &[bool], end_line: usize) {
        // An RFC 3676 separator ("-- ") starts the signature wherever it is.
        let content_lines: Vec<usize> = (0..end_line).filter(|&index| !blank[index]).collect();
        let Some(&last) = content_lines.last() else { return };
        let block_end = lines[last].end;
        for &index in &content_lines {
            let text = &source[lines[index].clone()];
            if text == "-- " || text == "--" || text == "-- \r" {
                self.set_signature(lines[index].start..block_end);
                return;
            }
        }
        // A valediction ("Best regards,") followed by at most a few short lines.
        let tail_limit = content_lines.len().saturating_sub(9);
        for position in (tail_limit..content_lines.len()).rev() {
            let index = content_lines[position];
            let text = &source[lines[index].clone()];
            if position == 0 {
                break;
            }
            let after = &content_lines[position + 1..];
            let short_tail = after.iter().all(|&later| source[lines[later].clone()].trim().chars().count() <= 70);
            if short_tail && self.valediction_at(source, lines[index].clone(), text) {
                return;
            }
        }
        // A dash and a name closing a chat or SMS message ("— Sam, Northwind").
        let last_text = source[lines[last].clone()].trim();
        if content_lines.len() > 1 {
            let rest = last_text
                .strip_prefix("— ")
                .or_else(|| last_text.strip_prefix("– "))
                .or_else(|| last_text.strip_prefix("-- "))
                .or_else(|| last_text.strip_prefix("~"));
            if let Some(rest) = rest
                && rest.split_whitespace().count() <= 6
                && !rest.ends_with(['.', '!', '?'])
            {
                self.set_signature(lines[last].clone());
                return;
            }
        }
        // A name-and-title block without a sign-off, after the last blank line.
        let block: Vec<usize> = content_lines
            .iter()
            .rev()
            .take_while(|&&index| index == 0 || index == last || !blank[index + 1])
            .copied()
            .collect();
        let starts_after_blank = block.last().is_some_and(|&first| first > 0 && blank[first - 1]);
        if starts_after_blank && (2..=5).contains(&block.len()) {
            let all_short = block.iter().all(|&index| {
                let line = source[lines[index].clone()].trim();
                line.chars().count() <= 50 && !line.ends_with(['.', '!', '?', ':', ','])
            });
            let first = source[lines[*block.last().expect("non-empty")].clone()].trim();
            if all_short && looks_like_name(first) {
                let start = lines[*block.last().expect("non-empty")].start;
                self.set_signature(start..block_end);
            }
        }
    }

    fn valediction_at(&mut self, source: &str, line: Range<usize>, text: &str) -> bool {
        if VALEDICTION.is_match(text) {
            let end = self.quoted.first().map_or(source.len(), |quote| quote.start);
            let end = source[..end].trim_end().len();
            self.set_signature(line.start..end.max(line.end));
            return true;
        }
        false
    }

    fn set_signature(&mut self, span: Range<usize>) {
        self.hidden.push(span.clone());
        self.signature = Some(span);
    }

    /// Finds the greeting in the first lines; lines before it are a letter's header.
    fn find_salutation(&mut self, source: &str, lines: &[Range<usize>], blank: &[bool]) {
        let candidates = (0..lines.len())
            .filter(|&index| !blank[index])
            .filter(|&index| !self.in_quote_or_signature(lines[index].start))
            .take(12);
        for (position, index) in candidates.enumerate() {
            let line = lines[index].clone();
            let text = &source[line.clone()];
            let visible_start = line.start + (text.len() - text.trim_start().len());
            let found = if TO_WHOM.is_match(text) {
                Some(Salutation { span: visible_start..line.end, name: None, generic: true })
            } else if let Some(captures) = SALUTATION.captures(text) {
                let rest = captures.name("rest").expect("group");
                let punct = captures.name("punct").expect("group");
                let span_end = if punct.as_str().is_empty() { line.end } else { line.start + punct.end() };
                let remainder = &text[punct.end()..];
                // "Hi Dana I am sorry…" without punctuation is prose, not a greeting line.
                let inline_text = !remainder.trim().is_empty();
                let too_long = punct.as_str().is_empty() && rest.as_str().split_whitespace().count() > 3;
                let prose_follows = inline_text && !matches!(punct.as_str(), "," | "!" | ":" | "—" | "–" | "-");
                if too_long || prose_follows {
                    None
                } else {
                    Some(self.salutation_with_name(
                        source,
                        visible_start..span_end,
                        line.start + rest.start()..line.start + rest.end(),
                    ))
                }
            } else if position == 0 {
                NAME_ONLY_SALUTATION.captures(text).map(|captures| {
                    let name = captures.name("name").expect("group");
                    Salutation {
                        span: visible_start..line.end,
                        name: Some(line.start + name.start()..line.start + name.end()),
                        generic: is_generic_addressee(name.as_str()),
                    }
                })
            } else {
                None
            };
            if let Some(salutation) = found {
                if position > 0 {
                    // Address block, date and "Re:" line of a letter.
                    self.hidden.push(lines[0].start..line.start);
                }
                self.hidden.push(salutation.span.clone());
                self.salutation = Some(salutation);
                return;
            }
            if text.trim_end().ends_with(['.', '!', '?']) && text.split_whitespace().count() > 6 {
                // Prose has started: no greeting further down counts.
                return;
            }
        }
    }

    /// Hides a social reply's `@handle` or a text message's sender prefix ("Brightwater:").
    fn find_message_prefix(&mut self, source: &str, lines: &[Range<usize>], blank: &[bool]) {
        let Some(first) = (0..lines.len()).find(|&index| !blank[index]) else { return };
        let line = lines[first].clone();
        if let Some(found) = MESSAGE_PREFIX.find(&source[line.clone()]) {
            let rest = &source[line.start + found.end()..line.end];
            if !rest.trim().is_empty() {
                self.hidden.push(line.start..line.start + found.end());
            }
        }
    }

    /// Hides a sign-off at the end of the last line of a short message ("… today. – Jess,
    /// Meridian Bank", "… ^Priya").
    fn find_inline_sign_off(&mut self, source: &str, lines: &[Range<usize>], blank: &[bool], end_line: usize) {
        let Some(last) = (0..end_line.min(lines.len())).rev().find(|&index| !blank[index]) else { return };
        let line = lines[last].clone();
        let text = &source[line.clone()];
        if let Some(found) = INLINE_SIGN_OFF.find(text) {
            let before = text[..found.start()].trim_end();
            if before.ends_with(['.', '!', '?']) {
                let span = line.start + found.start()..line.end;
                self.hidden.push(span.clone());
                self.signature = Some(span);
            }
        }
    }

    fn in_quote_or_signature(&self, offset: usize) -> bool {
        self.quoted.iter().chain(self.signature.iter()).any(|range| range.contains(&offset))
    }

    fn salutation_with_name(&self, source: &str, span: Range<usize>, rest: Range<usize>) -> Salutation {
        let raw = &source[rest.clone()];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            let has_variable = self.variables.iter().any(|var| var.start >= span.start && var.end <= span.end);
            return Salutation { span, name: None, generic: !has_variable };
        }
        let lead = raw.len() - raw.trim_start().len();
        let name = rest.start + lead..rest.start + lead + trimmed.len();
        let has_variable = self.variables.iter().any(|var| var.start >= name.start && var.end <= name.end);
        Salutation { span, name: Some(name), generic: !has_variable && is_generic_addressee(trimmed) }
    }

    fn find_code_fences(&mut self, source: &str, lines: &[Range<usize>]) {
        let mut open: Option<usize> = None;
        for line in lines {
            if source[line.clone()].trim_start().starts_with("```") {
                match open.take() {
                    Some(start) => self.hidden.push(start..line.end),
                    None => open = Some(line.start),
                }
            }
        }
    }

    fn find_list_items(&mut self, source: &str, lines: &[Range<usize>], blank: &[bool]) {
        for (index, line) in lines.iter().enumerate() {
            if blank[index] || self.is_hidden(line.start) {
                continue;
            }
            if let Some(marker) = LIST_MARKER.find(&source[line.clone()]) {
                self.hidden.push(line.start..line.start + marker.end());
                self.list_items.push(line.start + marker.end()..line.end);
            }
        }
    }

    fn normalize_hidden(&mut self) {
        self.hidden.sort_by_key(|range| (range.start, range.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(self.hidden.len());
        for range in self.hidden.drain(..) {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        self.hidden = merged;
    }
}

fn looks_like_forward_header(source: &str, lines: &[Range<usize>], index: usize) -> bool {
    lines[index + 1..].iter().take(4).any(|line| {
        let text = source[line.clone()].trim_start();
        text.starts_with("Sent:")
            || text.starts_with("Date:")
            || text.starts_with("Subject:")
            || text.starts_with("To:")
    })
}

fn next_content_is_quote(source: &str, lines: &[Range<usize>], blank: &[bool], from: usize) -> bool {
    (from..lines.len())
        .find(|&index| !blank[index])
        .is_some_and(|index| source[lines[index].clone()].trim_start().starts_with('>'))
}

fn looks_like_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|word| word.chars().next().is_some_and(|first| first.is_uppercase()))
}

/// Whether a greeting's addressee names nobody in particular.
fn is_generic_addressee(name: &str) -> bool {
    let lowered = name.trim().trim_end_matches(['.', ',']).to_lowercase();
    let stripped = lowered
        .trim_start_matches("our ")
        .trim_start_matches("dear ")
        .trim_start_matches("valued ")
        .trim_start_matches("loyal ")
        .trim_start_matches("amazing ")
        .trim_start_matches("wonderful ");
    GENERIC_ADDRESSEES.contains(&lowered.as_str()) || GENERIC_ADDRESSEES.contains(&stripped)
}

/// The byte range of every line, without its line ending.
pub(crate) fn split_lines(source: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', source.as_bytes()) {
        let stop = if end > start && source.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        lines.push(start..stop);
        start = end + 1;
    }
    lines.push(start..source.len());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden_text(source: &str, layout: &Layout) -> Vec<String> {
        layout.hidden.iter().map(|range| source[range.clone()].to_string()).collect()
    }

    #[test]
    fn finds_greeting_signature_and_quoted_reply() {
        let source = "Dear Dana,\n\nI'm sorry we sent the wrong sweater.\n\nBest regards,\nSam Ortiz\nNorthwind Knits\n\nOn Tue, 18 Nov 2026, Dana wrote:\n> I'm sorry but this is unacceptable.\n";
        let layout = Layout::analyze(source, SourceKind::Plain);
        let salutation = layout.salutation.clone().unwrap();
        assert_eq!(&source[salutation.name.unwrap()], "Dana");
        assert!(!salutation.generic);
        assert_eq!(&source[layout.signature.clone().unwrap()], "Best regards,\nSam Ortiz\nNorthwind Knits");
        assert_eq!(layout.quoted.len(), 1);
        assert!(source[layout.quoted[0].clone()].starts_with("On Tue"));
        let hidden = hidden_text(source, &layout);
        assert!(hidden.iter().all(|text| !text.contains("wrong sweater")));
    }

    #[test]
    fn generic_greetings_are_recognised() {
        for greeting in
            ["Dear Valued Customer,", "Hello,", "Hi there,", "Dear Sir or Madam,", "To whom it may concern:"]
        {
            let source = format!("{greeting}\n\nWe are sorry.");
            let layout = Layout::analyze(&source, SourceKind::Plain);
            let salutation = layout.salutation.unwrap_or_else(|| panic!("no salutation in {greeting}"));
            assert!(salutation.generic, "{greeting} should be generic");
        }
    }

    #[test]
    fn inline_chat_greeting_leaves_the_rest_of_the_line_as_prose() {
        let source = "Hi Dana, I'm so sorry your parcel is late.";
        let layout = Layout::analyze(source, SourceKind::Plain);
        let salutation = layout.salutation.clone().unwrap();
        assert_eq!(&source[salutation.span], "Hi Dana,");
        assert!(!layout.is_hidden(source.find("sorry").unwrap()));
    }

    #[test]
    fn letter_header_before_the_greeting_is_hidden() {
        let source = "Northwind Knits\n12 Mill Lane\n19 November 2026\n\nDear Mr. Okafor,\n\nI am sorry.\n\nYours sincerely,\nSam Ortiz";
        let layout = Layout::analyze(source, SourceKind::Plain);
        assert!(layout.is_hidden(source.find("Mill").unwrap()));
        assert_eq!(&source[layout.salutation.clone().unwrap().name.unwrap()], "Mr. Okafor");
        assert!(!layout.is_hidden(source.find("I am sorry").unwrap()));
        assert!(layout.is_hidden(source.find("Sam Ortiz").unwrap()));
    }

    #[test]
    fn directives_and_template_markup() {
        let source = "{# amends: ignore-file NA210 #}\nDear {{ customer.first_name }},\n{% if late %}Sorry.{% endif %}\n<!-- amends: ignore-next-line NA207 -->\nSorry for any inconvenience.";
        let layout = Layout::analyze(source, SourceKind::Template);
        let bodies: Vec<&str> = layout.directives.iter().map(|directive| &source[directive.body.clone()]).collect();
        assert_eq!(bodies, ["ignore-file NA210", "ignore-next-line NA207"]);
        assert_eq!(layout.variables.len(), 1);
        let salutation = layout.salutation.clone().unwrap();
        assert!(!salutation.generic, "a template variable names the customer");
        assert!(layout.is_hidden(source.find("{% if").unwrap()));
        assert!(!layout.is_hidden(source.find("Sorry.").unwrap()));
    }

    #[test]
    fn plain_text_keeps_double_braces_as_prose() {
        let source = "Dear {{name}},\nSorry.";
        let layout = Layout::analyze(source, SourceKind::Plain);
        assert!(layout.variables.is_empty());
    }

    #[test]
    fn list_markers_are_not_prose() {
        let source = "You can choose:\n- a refund today\n2) a replacement by Friday";
        let layout = Layout::analyze(source, SourceKind::Plain);
        let items: Vec<&str> = layout.list_items.iter().map(|range| &source[range.clone()]).collect();
        assert_eq!(items, ["a refund today", "a replacement by Friday"]);
    }

    #[test]
    fn social_handles_sms_prefixes_and_inline_sign_offs_are_not_prose() {
        let source = "@dana_w So sorry about your order. We've sent you a DM. – Jess, Meridian Bank";
        let layout = Layout::analyze(source, SourceKind::Plain);
        assert!(layout.is_hidden(0));
        assert!(!layout.is_hidden(source.find("So sorry").unwrap()));
        assert_eq!(&source[layout.signature.unwrap()], " – Jess, Meridian Bank");
        let sms = "Brightwater: sorry, we emailed your bill twice.";
        let layout = Layout::analyze(sms, SourceKind::Plain);
        assert!(layout.is_hidden(0));
        assert!(!layout.is_hidden(sms.find("sorry").unwrap()));
    }

    #[test]
    fn dash_signature_in_sms() {
        let source = "Sorry Dana, your refund of $42.10 is on its way today.\n— Priya, Brightline Energy";
        let layout = Layout::analyze(source, SourceKind::Plain);
        assert_eq!(&source[layout.signature.unwrap()], "— Priya, Brightline Energy");
    }
}
