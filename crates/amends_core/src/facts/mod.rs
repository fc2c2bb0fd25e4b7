//! Case facts: what happened to one customer, and what we are doing about it.
//!
//! The composer writes an apology from these facts and the linter's case-context rules
//! (CX4xx) check a message against them. The format is TOML or JSON with the same
//! schema; field names are part of the public contract (see `docs/facts.md`).

mod validate;

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::channel::Channel;

pub use validate::{FactsError, FactsErrors};

/// Everything known about one customer's case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFacts {
    /// Where the message goes.
    #[serde(default)]
    pub channel: Channel,
    /// How bad the failure was for the customer.
    #[serde(default)]
    pub severity: Severity,
    /// Who was let down.
    pub customer: Customer,
    /// What went wrong.
    pub incident: Incident,
    /// Why it went wrong, or what is not yet known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// What is being done for this customer now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// What changes so it does not happen again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevention: Option<Prevention>,
    /// The compensation offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Remedy>,
    /// Remedies the customer can choose between (two or more).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Who follows up, how and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
    /// Who signs the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Sender>,
    /// What the customer said, and how strongly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<Complaint>,
    /// The latest state of an incident still under way (the incident update form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<Update>,
    /// How and when the failure was put right (the resolution notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
}

/// How bad a failure was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A small annoyance.
    Low,
    /// A real cost in time or money.
    #[default]
    Medium,
    /// A serious failure: money lost, plans ruined.
    High,
    /// Safety, large losses, or many people hit hard.
    Critical,
}

/// The customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Full name, as the customer writes it.
    pub name: String,
    /// The name to greet them by; derived from `name` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number, for SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// IANA time zone, such as `America/Chicago`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Locale for dates and amounts, such as `en-US` or `en-GB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// How many times this customer was let down before; more than 0 means a repeat.
    #[serde(default)]
    pub previous_incidents: u32,
    /// Customer tier, such as `gold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

impl Customer {
    /// Whether the customer was let down before: this failure is a repeat.
    pub fn is_repeat(&self) -> bool {
        self.previous_incidents > 0
    }

    /// The name to greet the customer by: `first_name`, else the first word of `name`
    /// that is not a title.
    pub fn greeting_name(&self) -> &str {
        if let Some(first) = self.first_name.as_deref().filter(|first| !first.trim().is_empty()) {
            return first.trim();
        }
        const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"];
        self.name
            .split_whitespace()
            .find(|word| !TITLES.contains(&word.trim_end_matches('.').to_lowercase().as_str()))
            .unwrap_or(self.name.trim())
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// The failure in the customer's terms ("we shipped a pink sweater instead of the blue one").
    pub what_happened: String,
    /// The customer's reference: order, booking, invoice ("order #48213").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The day it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub happened_on: Option<NaiveDate>,
    /// How it affected this customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
}

/// Why it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cause {
    /// Whether the cause is known.
    pub known: bool,
    /// The cause, plainly (when known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Why it is not yet known (when unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_unknown: Option<String>,
    /// When it will be known (when unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_by: Option<When>,
}

/// What is being done for the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    /// The fix ("a blue sweater ships today by express courier").
    pub text: String,
    /// When it will be complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eta: Option<When>,
}

/// What changes so it does not happen again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prevention {
    /// The change ("the warehouse now scans each item's colour code").
    pub text: String,
}

/// The kind of compensation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemedyKind {
    /// Money back.
    Refund,
    /// A new item.
    Replacement,
    /// Account credit.
    Credit,
    /// A discount on a future purchase.
    Discount,
    /// A gift.
    Gift,
    /// No compensation.
    None,
}

/// The compensation offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remedy {
    /// What kind.
    pub kind: RemedyKind,
    /// The amount as a decimal string ("15.00").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// ISO 4217 currency code ("USD").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The remedy in words ("a $15 credit on your account").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Remedy {
    /// The amount in minor units of its currency (cents), when given.
    pub fn amount_minor(&self) -> Option<i64> {
        let currency = self.currency.as_deref().unwrap_or("USD");
        parse_minor_units(self.amount.as_deref()?, currency_exponent(currency))
    }
}

/// One remedy the customer can choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The option ("a full refund today").
    pub label: String,
    /// Why the customer might pick it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pros: Option<String>,
    /// What it costs them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cons: Option<String>,
}

/// How a follow-up reaches the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactChannel {
    /// By email.
    Email,
    /// By phone call.
    Phone,
    /// By chat.
    Chat,
    /// By text message.
    Sms,
    /// By letter.
    Letter,
    /// By video call.
    Video,
}

/// Who follows up, how and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The named person who follows up.
    pub owner: String,
    /// How.
    pub channel: ContactChannel,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<When>,
    /// How to reach the owner directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// Who signs the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// The person's name.
    pub name: String,
    /// Their role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
}

/// What the customer said, and how strongly they feel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    /// How strongly the customer feels, from 0.0 (calm) to 1.0 (furious); from the
    /// agent's judgement or a sentiment analysis of `messages`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intensity: Option<f64>,
    /// The customer's own messages, oldest first, as text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<String>,
}

/// The latest state of an incident that is still under way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    /// What we know now ("the outage is limited to card payments in the EU").
    pub known: String,
    /// What we don't know yet ("how long the repair will take").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
    /// What we are doing ("our engineers are moving payments to a backup processor").
    pub doing: String,
    /// When the next update will be sent, at the latest.
    pub next_update_at: When,
}

/// How and when the failure was put right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// When it was put right.
    pub resolved_on: When,
    /// What was done, when it differs from `fix.text` ("the blue sweater was delivered").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A day, or a day and a local time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    /// A calendar day.
    Date(NaiveDate),
    /// A day and a time, in the customer's time zone.
    DateTime(NaiveDateTime),
}

impl When {
    /// The calendar day.
    pub fn date(self) -> NaiveDate {
        match self {
            When::Date(date) => date,
            When::DateTime(date_time) => date_time.date(),
        }
    }

    /// Parses `2026-11-24`, `2026-11-24T10:00`, `2026-11-24 10:00` or with seconds.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(When::Date(date));
        }
        ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
            .map(When::DateTime)
    }
}

impl fmt::Display for When {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Date(date) => write!(formatter, "{}", date.format("%Y-%m-%d")),
            When::DateTime(date_time) => write!(formatter, "{}", date_time.format("%Y-%m-%dT%H:%M")),
        }
    }
}

impl Serialize for When {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        When::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM)"))
        })
    }
}

impl CaseFacts {
    /// Reads facts from TOML, reporting every problem at once.
    pub fn from_toml(text: &str) -> Result<Self, FactsErrors> {
        validate::parse_toml(text)
    }

    /// Reads facts from JSON, reporting every problem at once.
    pub fn from_json(text: &str) -> Result<Self, FactsErrors> {
        validate::parse_json(text)
    }

    /// Reads facts from an already parsed JSON value (the HTTP API's request body).
    pub fn from_value(value: serde_json::Value) -> Result<Self, FactsErrors> {
        validate::parse_value(value)
    }

    /// Every date the facts mention, with the field it came from.
    pub fn dates(&self) -> Vec<(&'static str, NaiveDate)> {
        let mut dates = Vec::new();
        if let Some(day) = self.incident.happened_on {
            dates.push(("incident.happened_on", day));
        }
        if let Some(when) = self.fix.as_ref().and_then(|fix| fix.eta) {
            dates.push(("fix.eta", when.date()));
        }
        if let Some(when) = self.cause.as_ref().and_then(|cause| cause.known_by) {
            dates.push(("cause.known_by", when.date()));
        }
        if let Some(when) = self.follow_up.as_ref().and_then(|follow_up| follow_up.at) {
            dates.push(("follow_up.at", when.date()));
        }
        if let Some(update) = &self.update {
            dates.push(("update.next_update_at", update.next_update_at.date()));
        }
        if let Some(resolution) = &self.resolution {
            dates.push(("resolution.resolved_on", resolution.resolved_on.date()));
        }
        dates
    }
}

/// Decimal places of a currency's minor unit (ISO 4217).
pub fn currency_exponent(currency: &str) -> u32 {
    match currency.to_ascii_uppercase().as_str() {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "XAF" | "XOF" | "UGX" | "PYG" | "HUF" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "IQD" | "LYD" => 3,
        _ => 2,
    }
}

/// Parses a decimal amount ("1,250.5", "15") into minor units with `exponent` decimals.
pub fn parse_minor_units(amount: &str, exponent: u32) -> Option<i64> {
    let cleaned: String = amount.trim().chars().filter(|&ch| ch != ',' && ch != '_').collect();
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    if !whole.bytes().all(|byte| byte.is_ascii_digit()) || !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    if fraction.len() > exponent as usize && fraction[exponent as usize..].bytes().any(|byte| byte != b'0') {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut fraction_value: i64 = 0;
    for position in 0..exponent as usize {
        let digit = fraction.as_bytes().get(position).map_or(0, |byte| i64::from(byte - b'0'));
        fraction_value = fraction_value * 10 + digit;
    }
    whole.checked_mul(10_i64.pow(exponent))?.checked_add(fraction_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greeting_name_skips_titles() {
        let mut customer = Customer {
            name: "Ms. Dana Whitfield".into(),
            first_name: None,
            email: None,
            phone: None,
            timezone: None,
            locale: None,
            previous_incidents: 0,
            tier: None,
        };
        assert_eq!(customer.greeting_name(), "Dana");
        customer.first_name = Some("Dee".into());
        assert_eq!(customer.greeting_name(), "Dee");
    }

    #[test]
    fn minor_units() {
        assert_eq!(parse_minor_units("15.00", 2), Some(1500));
        assert_eq!(parse_minor_units("1,250.5", 2), Some(125_050));
        assert_eq!(parse_minor_units("15", 0), Some(15));
        assert_eq!(parse_minor_units("15.5", 0), None);
        assert_eq!(parse_minor_units("abc", 2), None);
        assert_eq!(parse_minor_units(".5", 2), Some(50));
    }

    #[test]
    fn when_parses_dates_and_times() {
        assert_eq!(When::parse("2026-11-24").unwrap().to_string(), "2026-11-24");
        assert_eq!(When::parse("2026-11-24 10:30").unwrap().to_string(), "2026-11-24T10:30");
        assert!(When::parse("next Tuesday").is_none());
    }
}
