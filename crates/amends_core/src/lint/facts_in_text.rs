//! Dates, amounts and references written in prose, for checking a message against the
//! case facts.

use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};

use super::analysis::Analysis;
use super::time::month_number;
use crate::facts::{currency_exponent, parse_minor_units};
use crate::text::TokenKind;

/// Month-and-day readings of a date, and its year when written.
type DateReadings = (Vec<(u32, u32)>, Option<i32>);

/// A calendar date written in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextDate {
    /// Where it is written.
    pub span: Range<usize>,
    /// Month and day as read; for an ambiguous numeric date (`03/04`) the other reading too.
    pub readings: Vec<(u32, u32)>,
    /// The year, when written.
    pub year: Option<i32>,
    /// The weekday named with it ("Thursday 21 November").
    pub weekday: Option<Weekday>,
}

impl TextDate {
    /// Whether the text date can be `date` (same month and day, same year when written).
    pub(crate) fn matches(&self, date: NaiveDate) -> bool {
        self.readings.contains(&(date.month(), date.day())) && self.year.is_none_or(|year| year == date.year())
    }
}

/// An amount of money written in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextAmount {
    /// Where it is written.
    pub span: Range<usize>,
    /// The amount in minor units (cents), assuming two decimals unless the currency says otherwise.
    pub minor: i64,
}

/// A customer reference (order, booking, invoice number) written in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextReference {
    /// Where it is written.
    pub span: Range<usize>,
    /// The identifier, lowercase, without `#`.
    pub id: String,
}

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("tues", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("thur", Weekday::Thu),
    ("thurs", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// Words after which a number is a customer reference.
const REFERENCE_WORDS: &[&str] = &[
    "order",
    "booking",
    "reservation",
    "invoice",
    "ticket",
    "case",
    "account",
    "reference",
    "ref",
    "confirmation",
    "claim",
    "policy",
    "tracking",
    "receipt",
    "transaction",
    "contract",
    "folio",
    "shipment",
    "consignment",
    "parcel",
];

fn day_of(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|ch: char| ch.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|day| (1..=31).contains(day))
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4).then(|| word.parse().ok()).flatten().filter(|year| (1990..=2100).contains(year))
}

/// Every calendar date in the author's prose.
pub(crate) fn dates(analysis: &Analysis<'_, '_>, day_first: bool) -> Vec<TextDate> {
    let tokens = analysis.tokens();
    let word = |index: usize| if index < tokens.len() { analysis.word(index) } else { "" };
    let mut found = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let start = index;
        let weekday = WEEKDAYS.iter().find(|(name, _)| *name == word(index)).map(|(_, day)| *day);
        let mut at = index;
        if weekday.is_some() {
            at += 1;
            while matches!(word(at), "," | "." | "the") {
                at += 1;
            }
        }
        let mut date: Option<(DateReadings, usize)> = None;
        if tokens.get(at).is_some_and(|token| token.kind == TokenKind::Number) {
            let text = word(at);
            if let Some((readings, year)) = numeric_date(text, day_first) {
                date = Some(((readings, year), at + 1));
            } else if let Some(day) = day_of(text) {
                let mut month_at = at + 1;
                if word(month_at) == "of" {
                    month_at += 1;
                }
                if let Some(month) = month_number(word(month_at)) {
                    let mut end = month_at + 1;
                    if word(end) == "." {
                        end += 1;
                    }
                    let year = year_of(word(end));
                    if year.is_some() {
                        end += 1;
                    }
                    date = Some(((vec![(month, day)], year), end));
                }
            }
        } else if let Some(month) = month_number(word(at)) {
            let mut day_at = at + 1;
            if word(day_at) == "." {
                day_at += 1;
            }
            if let Some(day) =
                tokens.get(day_at).filter(|token| token.kind == TokenKind::Number).and_then(|_| day_of(word(day_at)))
            {
                let mut end = day_at + 1;
                if word(end) == "," && year_of(word(end + 1)).is_some() {
                    end += 1;
                }
                let year = year_of(word(end));
                if year.is_some() {
                    end += 1;
                }
                date = Some(((vec![(month, day)], year), end));
            }
        }
        match date {
            Some(((readings, year), end)) => {
                found.push(TextDate {
                    span: tokens[start].span.start..tokens[end - 1].span.end,
                    readings,
                    year,
                    weekday,
                });
                index = end;
            }
            None => index += 1,
        }
    }
    found
}

/// `2026-11-21`, `21/11/2026`, `11/21`, `21.11.2026`.
fn numeric_date(text: &str, day_first: bool) -> Option<DateReadings> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    if !(2..=3).contains(&parts.len()) || text == "24/7" {
        return None;
    }
    let numbers: Vec<u32> = parts.iter().map(|part| part.parse().ok()).collect::<Option<_>>()?;
    if parts[0].len() == 4 {
        let [year, month, day] = numbers[..] else { return None };
        return valid(month, day).then(|| (vec![(month, day)], Some(year as i32)));
    }
    // "3-5" is a range and "4.5" a decimal, not dates.
    if parts.len() == 2 && (text.contains('-') || text.contains('.')) {
        return None;
    }
    let year = match parts.get(2) {
        Some(part) if part.len() == 4 => Some(numbers[2] as i32),
        Some(part) if part.len() == 2 => Some(2000 + numbers[2] as i32),
        Some(_) => return None,
        None => None,
    };
    let month_day = (numbers[0], numbers[1]);
    let day_month = (numbers[1], numbers[0]);
    let (preferred, other) =
        if day_first || text.contains('.') { (day_month, month_day) } else { (month_day, day_month) };
    let mut readings: Vec<(u32, u32)> =
        [preferred, other].into_iter().filter(|(month, day)| valid(*month, *day)).collect();
    readings.dedup();
    (!readings.is_empty()).then_some((readings, year))
}

fn valid(month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Every amount of money in the author's prose.
pub(crate) fn amounts(analysis: &Analysis<'_, '_>) -> Vec<TextAmount> {
    let tokens = analysis.tokens();
    let mut found = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let text = analysis.word(index);
        match token.kind {
            TokenKind::Money => {
                let digits: String = text.chars().skip_while(|ch| !ch.is_ascii_digit()).collect();
                let currency = match text.chars().next() {
                    Some('¥') => "JPY",
                    _ => "USD",
                };
                if let Some(minor) = parse_minor_units(&digits, currency_exponent(currency)) {
                    found.push(TextAmount { span: token.span.clone(), minor });
                }
            }
            TokenKind::Number => {
                let next = tokens.get(index + 1).map(|_| analysis.word(index + 1)).unwrap_or("");
                let previous = index.checked_sub(1).map(|before| analysis.word(before)).unwrap_or("");
                let currency_after = matches!(
                    next,
                    "usd" | "eur" | "gbp" | "cad" | "aud" | "dollars" | "euros" | "pounds" | "chf" | "nzd"
                );
                let currency_before = matches!(previous, "usd" | "eur" | "gbp" | "cad" | "aud" | "chf" | "nzd");
                if (currency_after || currency_before)
                    && let Some(minor) = parse_minor_units(text, 2)
                {
                    let end = if currency_after { tokens[index + 1].span.end } else { token.span.end };
                    let start = if currency_before { tokens[index - 1].span.start } else { token.span.start };
                    found.push(TextAmount { span: start..end, minor });
                }
            }
            _ => {}
        }
    }
    found
}

/// Every customer reference in the author's prose.
pub(crate) fn references(analysis: &Analysis<'_, '_>) -> Vec<TextReference> {
    let tokens = analysis.tokens();
    let mut found = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let text = analysis.word(index);
        let id = match token.kind {
            TokenKind::Reference => Some(text.trim_start_matches('#').to_owned()),
            TokenKind::Code if text.bytes().filter(u8::is_ascii_digit).count() >= 3 => Some(text.to_owned()),
            TokenKind::Number if text.len() >= 4 && text.bytes().all(|byte| byte.is_ascii_digit()) => {
                let preceded =
                    (index.saturating_sub(3)..index).any(|before| REFERENCE_WORDS.contains(&analysis.word(before)));
                preceded.then(|| text.to_owned())
            }
            _ => None,
        };
        if let Some(id) = id {
            found.push(TextReference { span: token.span.clone(), id });
        }
    }
    found
}

/// The identifier inside a facts reference such as "order #48213" → "48213".
pub(crate) fn reference_id(reference: &str) -> Option<String> {
    reference
        .split(|ch: char| ch.is_whitespace() || ch == ':')
        .rfind(|part| part.bytes().any(|byte| byte.is_ascii_digit()))
        .map(|part| part.trim_start_matches('#').trim_end_matches(['.', ',', ')']).to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::Channel;
    use crate::text::{Document, SourceKind};

    fn with_analysis<T>(text: &str, run: impl FnOnce(&Analysis<'_, '_>) -> T) -> T {
        let doc = Document::parse(text, SourceKind::Plain);
        let analysis = Analysis::new(&doc, Channel::Email, None);
        run(&analysis)
    }

    #[test]
    fn reads_dates_in_many_forms() {
        let found = with_analysis(
            "Shipped 2026-11-18, arriving Thursday 21 November, call on Nov. 24, 2026 or 11/25.",
            |analysis| dates(analysis, false),
        );
        let readings: Vec<DateReadings> = found.iter().map(|date| (date.readings.clone(), date.year)).collect();
        assert_eq!(
            readings,
            [
                (vec![(11, 18)], Some(2026)),
                (vec![(11, 21)], None),
                (vec![(11, 24)], Some(2026)),
                (vec![(11, 25)], None),
            ]
        );
        assert_eq!(found[1].weekday, Some(Weekday::Thu));
    }

    #[test]
    fn ambiguous_numeric_dates_keep_both_readings() {
        let found = with_analysis("on 03/04/2026", |analysis| dates(analysis, true));
        assert_eq!(found[0].readings, [(4, 3), (3, 4)]);
    }

    #[test]
    fn reads_amounts_and_references() {
        with_analysis("Your $1,250.00 refund for order #48213 (ORD-2291, invoice 99812) and 15 EUR.", |analysis| {
            let minors: Vec<i64> = amounts(analysis).iter().map(|amount| amount.minor).collect();
            assert_eq!(minors, [125_000, 1500]);
            let ids: Vec<String> = references(analysis).into_iter().map(|reference| reference.id).collect();
            assert_eq!(ids, ["48213", "ord-2291", "99812"]);
        });
    }

    #[test]
    fn reference_ids_from_facts() {
        assert_eq!(reference_id("order #48213").as_deref(), Some("48213"));
        assert_eq!(reference_id("Booking ORD-2291").as_deref(), Some("ord-2291"));
        assert_eq!(reference_id("your order"), None);
    }
}
