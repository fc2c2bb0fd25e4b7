//! Time expressions in prose: "by Thursday 21 November", "within 3–5 business days",
//! "tomorrow before noon", "2026-11-21".

use std::ops::Range;

use crate::text::{Document, TokenKind};

/// A time expression found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TimeExpression {
    /// Index range of its tokens.
    pub tokens: Range<usize>,
    /// Whether it can only refer to the future ("tomorrow", "within 3 days", "by Friday").
    pub future_only: bool,
}

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const WEEKDAY_ABBREVIATIONS: &[&str] = &["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"];
pub(crate) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTH_ABBREVIATIONS: &[&str] =
    &["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];
/// The month number of each abbreviation above, in the same order.
const MONTH_ABBREVIATION_NUMBERS: &[u32] = &[1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12];
const UNITS: &[&str] = &[
    "minute",
    "minutes",
    "mins",
    "hour",
    "hours",
    "hrs",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "fortnight",
];
const COUNT_WORDS: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "few", "couple", "several", "next", "48", "24",
];
const PART_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night", "weekend", "week", "month", "year"];

/// Whether a normalized word is a month name (or its abbreviation).
pub(crate) fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if let Some(index) = MONTHS.iter().position(|&month| month == word) {
        return Some(index as u32 + 1);
    }
    MONTH_ABBREVIATIONS
        .iter()
        .position(|&abbreviation| abbreviation == word)
        .map(|index| MONTH_ABBREVIATION_NUMBERS[index])
}

/// Finds the time expressions among the tokens `range` of `doc`.
pub(crate) fn find_times(doc: &Document<'_>, range: Range<usize>) -> Vec<TimeExpression> {
    let tokens = doc.tokens();
    let word = |index: usize| -> &str { if index < range.end { doc.norm(&tokens[index]) } else { "" } };
    let mut found: Vec<TimeExpression> = Vec::new();
    let mut index = range.start;
    while index < range.end {
        let token = &tokens[index];
        let current = word(index);
        let mut matched: Option<(usize, bool)> = None; // (end, future_only)
        if token.quoted {
            index += 1;
            continue;
        }
        match current {
            "tomorrow" | "tonight" | "overnight" | "eod" | "cob" | "shortly" => {
                matched = Some((index + 1, current != "shortly"));
                if current == "shortly" {
                    matched = None;
                }
            }
            "today" | "noon" | "midday" | "midnight" => matched = Some((index + 1, false)),
            "later" if word(index + 1) == "today" || word(index + 1) == "this" => matched = Some((index + 2, true)),
            "this" | "next" if PART_OF_DAY.contains(&word(index + 1)) || is_weekday(word(index + 1)) => {
                matched = Some((index + 2, current == "next"));
            }
            "next" if word(index + 1) == "business" || word(index + 1) == "working" => {
                matched = Some((index + 3, true));
            }
            "end" if word(index + 1) == "of" => {
                let end = if word(index + 2) == "the" { index + 4 } else { index + 3 };
                matched = Some((end.min(range.end), true));
            }
            "close" if word(index + 1) == "of" && word(index + 2) == "business" => matched = Some((index + 3, true)),
            "first" if word(index + 1) == "thing" => matched = Some((index + 2, true)),
            "within" | "in" | "inside" | "under" => {
                if let Some(end) = duration_after(&word, index + 1, range.end) {
                    matched = Some((end, true));
                }
            }
            "by" | "before" | "until" | "till" => {
                if let Some(expression) = find_point(doc, index + 1, range.end) {
                    matched = Some((expression, true));
                }
            }
            _ => {}
        }
        if matched.is_none()
            && let Some(end) = find_point(doc, index, range.end)
        {
            matched = Some((end, false));
        }
        if matched.is_none()
            && let Some(end) = duration_after(&word, index, range.end)
            && token.kind == TokenKind::Number
        {
            matched = Some((end, false));
        }
        match matched {
            Some((end, future_only)) if end > index => {
                // Extend a point with a following time of day or date ("Thursday 21 November, before noon").
                let mut end = end;
                while end < range.end {
                    if let Some(more) = find_point(doc, end, range.end) {
                        end = more;
                    } else if matches!(word(end), "before" | "by" | "at" | "after" | "around" | ",") {
                        let at = if word(end) == ","
                            && matches!(word(end + 1), "before" | "by" | "at" | "after" | "around")
                        {
                            end + 2
                        } else {
                            end + 1
                        };
                        match find_point(doc, at, range.end) {
                            Some(more) => end = more,
                            None => break,
                        }
                    } else {
                        break;
                    }
                }
                found.push(TimeExpression { tokens: index..end, future_only });
                index = end;
            }
            _ => index += 1,
        }
    }
    found
}

fn is_weekday(word: &str) -> bool {
    WEEKDAYS.contains(&word) || WEEKDAYS.iter().any(|day| word.strip_suffix('s') == Some(day))
}

/// A duration such as `3–5 business days`, `24 hours`, `a few days`, starting at `start`.
fn duration_after<'w>(word: &impl Fn(usize) -> &'w str, start: usize, end: usize) -> Option<usize> {
    let mut at = start;
    if word(at) == "the" && word(at + 1) == "next" {
        at += 2;
    }
    let count = word(at);
    let is_count = COUNT_WORDS.contains(&count) || count.chars().next().is_some_and(|ch| ch.is_ascii_digit());
    if !is_count {
        return None;
    }
    at += 1;
    // "a few", "a couple of", "3 to 5", "3-5" (the dash is part of the number token)
    while at < end && matches!(word(at), "few" | "couple" | "of" | "to" | "or" | "–" | "-") {
        at += 1;
        if word(at).chars().next().is_some_and(|ch| ch.is_ascii_digit()) || COUNT_WORDS.contains(&word(at)) {
            at += 1;
        }
    }
    if matches!(word(at), "business" | "working" | "calendar" | "more") {
        at += 1;
    }
    UNITS.contains(&word(at)).then_some(at + 1)
}

/// A point in time starting at `start`: weekday, date, time of day, "tomorrow".
fn find_point(doc: &Document<'_>, start: usize, end: usize) -> Option<usize> {
    if start >= end {
        return None;
    }
    let tokens = doc.tokens();
    let word = |index: usize| -> &str { if index < end { doc.norm(&tokens[index]) } else { "" } };
    let token = &tokens[start];
    let current = word(start);
    let digits = |index: usize| index < end && tokens[index].kind == TokenKind::Number;
    if matches!(current, "tomorrow" | "today" | "tonight" | "noon" | "midday" | "midnight" | "eod" | "cob") {
        return Some(start + 1);
    }
    if current == "end" && word(start + 1) == "of" {
        let end_at = if word(start + 2) == "the" { start + 4 } else { start + 3 };
        return Some(end_at.min(end));
    }
    if is_weekday(current)
        || (WEEKDAY_ABBREVIATIONS.contains(&current)
            && token.capitalized
            && (digits(start + 1) || word(start + 1) == "."))
    {
        let mut at = start + 1;
        if word(at) == "." {
            at += 1;
        }
        if word(at) == "," {
            at += 1;
        }
        return Some(find_point(doc, at, end).unwrap_or(at).max(start + 1));
    }
    if let Some(_month) = month_number(current) {
        let ambiguous = current == "may" || current == "march" || MONTH_ABBREVIATIONS.contains(&current);
        let mut at = start + 1;
        if word(at) == "." {
            at += 1;
        }
        if digits(at) {
            at += 1;
            if word(at) == "," && digits(at + 1) {
                at += 2;
            } else if digits(at) && word(at).len() == 4 {
                at += 1;
            }
            return Some(at);
        }
        if ambiguous {
            return None;
        }
        return Some(start + 1);
    }
    if token.kind == TokenKind::Number {
        let text = current;
        // A day number before a month ("21 November", "the 21st of November").
        let mut at = start + 1;
        if word(at) == "of" {
            at += 1;
        }
        if at < end && month_number(word(at)).is_some() {
            at += 1;
            if digits(at) && word(at).len() == 4 {
                at += 1;
            }
            return Some(at);
        }
        if is_date_number(text) {
            return Some(start + 1);
        }
        // Times of day: "5 pm", "5pm", "17:00", "9:30 a.m".
        if text.ends_with("am") || text.ends_with("pm") {
            return Some(start + 1);
        }
        if matches!(word(start + 1), "am" | "pm" | "a.m" | "p.m") {
            let mut at = start + 2;
            if word(at) == "." && tokens.get(at).is_some_and(|dot| dot.gap == crate::text::Gap::None) {
                at += 1;
            }
            return Some(at);
        }
        if text.contains(':') && text.len() <= 5 {
            return Some(start + 1);
        }
    }
    None
}

/// `2026-11-21`, `21/11/2026`, `11/21`, `21.11.2026`.
fn is_date_number(text: &str) -> bool {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    parts.len() >= 2
        && parts.len() <= 3
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.len() <= 4 && part.bytes().all(|byte| byte.is_ascii_digit()))
        && (text.contains('/') || parts.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::SourceKind;

    fn times(text: &str) -> Vec<(String, bool)> {
        let doc = Document::parse(text, SourceKind::Plain);
        let all = 0..doc.tokens().len();
        find_times(&doc, all)
            .into_iter()
            .map(|found| {
                let first = &doc.tokens()[found.tokens.start];
                let last = &doc.tokens()[found.tokens.end - 1];
                (text[first.span.start..last.span.end].to_string(), found.future_only)
            })
            .collect()
    }

    #[test]
    fn finds_dates_days_and_durations() {
        assert_eq!(
            times("It will reach you by Thursday 21 November, before noon."),
            [("by Thursday 21 November, before noon".to_string(), true)]
        );
        assert_eq!(
            times("It should appear within 3–5 business days."),
            [("within 3–5 business days".to_string(), true)]
        );
        assert_eq!(times("Expect it tomorrow at 5 pm"), [("tomorrow at 5 pm".to_string(), true)]);
        assert_eq!(times("On 2026-11-18 we shipped it"), [("2026-11-18".to_string(), false)]);
        assert_eq!(times("in the next 48 hours"), [("in the next 48 hours".to_string(), true)]);
        assert_eq!(times("I'll call you on Monday, 24 November."), [("Monday, 24 November".to_string(), false)]);
        assert_eq!(times("by end of day"), [("by end of day".to_string(), true)]);
    }

    #[test]
    fn ignores_may_and_march_as_verbs() {
        assert!(times("You may see a pending charge; we march on").is_empty());
        assert_eq!(times("since May 3"), [("May 3".to_string(), false)]);
    }

    #[test]
    fn month_numbers() {
        assert_eq!(month_number("november"), Some(11));
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(month_number("jun"), Some(6));
        assert_eq!(month_number("dec"), Some(12));
        assert_eq!(month_number("sweater"), None);
    }
}
