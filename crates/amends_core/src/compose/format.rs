//! Dates, times and amounts written the way the customer's locale writes them.
//!
//! Only English locales are supported, since the built-in templates are English:
//!
//! | locale | date | time |
//! | --- | --- | --- |
//! | en-US, en-CA, en-PH | Saturday, November 21 | 2:30 PM |
//! | en-GB, en-IE, en-AU, en-NZ, en-ZA, en-IN, other `en-*` | Saturday 21 November | 14:30 |
//!
//! Dates are written in full on every channel, SMS included: an abbreviated date
//! ("Sat, Nov 21") saves a few characters but is easier to misread.
//!
//! en-CA follows the US order because Canadian English correspondence mostly writes
//! "November 21"; an unknown or non-English locale falls back to en-US. The year is
//! written only when it differs from the year of `today`, when the caller gives one.
//! Times are local times in the customer's time zone, as the facts state them.
//!
//! Amounts use the currency's symbol where it is unambiguous for the reader — `$` for
//! USD in en-US (and for CAD, AUD, NZD in their own country), `£`, `€`, `¥` — and the
//! ISO code before the amount otherwise (`CAD 15.00`, `CHF 120.00`), with the currency's
//! minor units (two decimals, none for JPY, three for KWD) and a comma between thousands.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::facts::{When, currency_exponent};

/// How dates and amounts are written for one customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Locale {
    month_first: bool,
    hour12: bool,
    home_currency: &'static str,
}

impl Locale {
    /// The conventions of a locale tag such as `en-GB`; en-US when unknown or absent.
    pub(crate) fn from_tag(tag: Option<&str>) -> Self {
        let normalized = tag.unwrap_or("en-US").replace('_', "-").to_ascii_lowercase();
        let mut parts = normalized.split('-');
        let language = parts.next().unwrap_or("en");
        let region = parts.next().unwrap_or("us");
        let us = Self { month_first: true, hour12: true, home_currency: "USD" };
        if language != "en" {
            return us;
        }
        let day_first = |home_currency| Self { month_first: false, hour12: false, home_currency };
        match region {
            "us" => us,
            "ca" => Self { home_currency: "CAD", ..us },
            "ph" => Self { home_currency: "PHP", ..us },
            "gb" | "uk" => day_first("GBP"),
            "ie" => day_first("EUR"),
            "au" => day_first("AUD"),
            "nz" => day_first("NZD"),
            "za" => day_first("ZAR"),
            "in" => day_first("INR"),
            _ => day_first("EUR"),
        }
    }

    /// "Saturday, November 21" or "Saturday 21 November".
    pub(crate) fn date(self, date: NaiveDate, today: Option<NaiveDate>) -> String {
        let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
        let month = MONTHS[date.month0() as usize];
        let day = date.day();
        let mut text =
            if self.month_first { format!("{weekday}, {month} {day}") } else { format!("{weekday} {day} {month}") };
        if today.is_some_and(|today| today.year() != date.year()) {
            if self.month_first {
                text.push(',');
            }
            text.push(' ');
            text.push_str(&date.year().to_string());
        }
        text
    }

    /// A day, or a day and a time: "Saturday, November 21 at 2:30 PM".
    pub(crate) fn when(self, when: When, today: Option<NaiveDate>) -> String {
        match when {
            When::Date(date) => self.date(date, today),
            When::DateTime(date_time) => {
                format!("{} at {}", self.date(date_time.date(), today), self.time(date_time))
            }
        }
    }

    /// "2:30 PM" or "14:30".
    pub(crate) fn time(self, date_time: NaiveDateTime) -> String {
        let (hour, minute) = (date_time.hour(), date_time.minute());
        if self.hour12 {
            let suffix = if hour < 12 { "AM" } else { "PM" };
            let hour12 = match hour % 12 {
                0 => 12,
                other => other,
            };
            format!("{hour12}:{minute:02} {suffix}")
        } else {
            format!("{hour:02}:{minute:02}")
        }
    }

    /// An amount in minor units of `currency`: "$15.00", "£1,250.50", "¥1,500", "CHF 120.00".
    pub(crate) fn money(self, minor: i64, currency: &str) -> String {
        let currency = currency.to_ascii_uppercase();
        let exponent = currency_exponent(&currency);
        let number = group_digits(minor, exponent);
        let symbol = match currency.as_str() {
            "GBP" => Some("£"),
            "EUR" => Some("€"),
            "JPY" => Some("¥"),
            "USD" | "CAD" | "AUD" | "NZD" if currency == self.home_currency => Some("$"),
            _ => None,
        };
        match symbol {
            Some(symbol) => format!("{symbol}{number}"),
            None => format!("{currency} {number}"),
        }
    }
}

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `125050` with 2 decimals → "1,250.50".
fn group_digits(minor: i64, exponent: u32) -> String {
    let negative = minor < 0;
    let magnitude = minor.unsigned_abs();
    let scale = 10_u64.pow(exponent);
    let whole = (magnitude / scale).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3 + 8);
    if negative {
        grouped.push('-');
    }
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if exponent > 0 {
        grouped.push('.');
        grouped.push_str(&format!("{:0width$}", magnitude % scale, width = exponent as usize));
    }
    grouped
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[rstest]
    #[case(Some("en-US"), "Saturday, November 21")]
    #[case(Some("en-GB"), "Saturday 21 November")]
    #[case(Some("en_AU"), "Saturday 21 November")]
    #[case(Some("en-CA"), "Saturday, November 21")]
    #[case(Some("fr-FR"), "Saturday, November 21")]
    #[case(None, "Saturday, November 21")]
    fn dates_follow_the_locale(#[case] locale: Option<&str>, #[case] expected: &str) {
        assert_eq!(Locale::from_tag(locale).date(day("2026-11-21"), None), expected);
    }

    #[test]
    fn the_year_appears_only_when_it_is_not_this_year() {
        let us = Locale::from_tag(Some("en-US"));
        assert_eq!(us.date(day("2027-01-04"), Some(day("2026-12-30"))), "Monday, January 4, 2027");
        assert_eq!(us.date(day("2026-12-31"), Some(day("2026-12-30"))), "Thursday, December 31");
        let gb = Locale::from_tag(Some("en-GB"));
        assert_eq!(gb.date(day("2027-01-04"), Some(day("2026-12-30"))), "Monday 4 January 2027");
    }

    #[test]
    fn times_are_twelve_or_twenty_four_hour() {
        let when = When::parse("2026-11-21T14:05").unwrap();
        assert_eq!(Locale::from_tag(Some("en-US")).when(when, None), "Saturday, November 21 at 2:05 PM");
        assert_eq!(Locale::from_tag(Some("en-GB")).when(when, None), "Saturday 21 November at 14:05");
        let midnight = When::parse("2026-11-21T00:30").unwrap();
        assert_eq!(Locale::from_tag(None).when(midnight, None), "Saturday, November 21 at 12:30 AM");
    }

    #[rstest]
    #[case("en-US", 1500, "USD", "$15.00")]
    #[case("en-GB", 125_050, "GBP", "£1,250.50")]
    #[case("en-IE", 1500, "EUR", "€15.00")]
    #[case("en-US", 1500, "JPY", "¥1,500")]
    #[case("en-US", 1500, "CAD", "CAD 15.00")]
    #[case("en-CA", 1500, "CAD", "$15.00")]
    #[case("en-GB", 1500, "USD", "USD 15.00")]
    #[case("en-US", 1500, "KWD", "KWD 1.500")]
    #[case("en-US", 123_456_789, "USD", "$1,234,567.89")]
    fn amounts(#[case] locale: &str, #[case] minor: i64, #[case] currency: &str, #[case] expected: &str) {
        assert_eq!(Locale::from_tag(Some(locale)).money(minor, currency), expected);
    }
}
