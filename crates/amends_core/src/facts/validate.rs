//! Checks a facts document against the schema and reports every problem at once.
//!
//! serde stops at the first error; an agent fixing a facts file wants the whole list,
//! each with its field path (`fix.eta: not a date`). So the document is first walked as
//! plain data against a schema table, and typed only once it is known to be valid.

use std::fmt;

use serde_json::{Map, Value};

use super::{CaseFacts, When, currency_exponent, parse_minor_units};

/// One problem in a facts document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactsError {
    /// Where: a dotted field path such as `fix.eta` or `choices[1].label`; empty for the
    /// whole document.
    pub path: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for FactsError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            formatter.write_str(&self.message)
        } else {
            write!(formatter, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in a facts document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FactsErrors(pub Vec<FactsError>);

impl fmt::Display for FactsErrors {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(formatter, "{count} problem{} in the case facts:", if count == 1 { "" } else { "s" })?;
        for error in &self.0 {
            writeln!(formatter, "  {error}")?;
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    TextList,
    Fraction,
    Bool,
    Count,
    Date,
    When,
    OneOf(&'static [&'static str]),
    Amount,
    Currency,
    TimeZone,
    Locale,
    Section(&'static [Field]),
    List(&'static [Field]),
}

#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    kind: Kind,
    required: bool,
}

const fn field(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, required: false }
}

const fn required(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, required: true }
}

const CUSTOMER: &[Field] = &[
    required("name", Kind::Text),
    field("first_name", Kind::Text),
    field("email", Kind::Text),
    field("phone", Kind::Text),
    field("timezone", Kind::TimeZone),
    field("locale", Kind::Locale),
    field("previous_incidents", Kind::Count),
    field("tier", Kind::Text),
];
const INCIDENT: &[Field] = &[
    required("what_happened", Kind::Text),
    field("reference", Kind::Text),
    field("happened_on", Kind::Date),
    field("impact", Kind::Text),
];
const CAUSE: &[Field] = &[
    required("known", Kind::Bool),
    field("text", Kind::Text),
    field("why_unknown", Kind::Text),
    field("known_by", Kind::When),
];
const FIX: &[Field] = &[required("text", Kind::Text), field("eta", Kind::When)];
const PREVENTION: &[Field] = &[required("text", Kind::Text)];
const REMEDY: &[Field] = &[
    required("kind", Kind::OneOf(&["refund", "replacement", "credit", "discount", "gift", "none"])),
    field("amount", Kind::Amount),
    field("currency", Kind::Currency),
    field("text", Kind::Text),
];
const CHOICE: &[Field] = &[required("label", Kind::Text), field("pros", Kind::Text), field("cons", Kind::Text)];
const FOLLOW_UP: &[Field] = &[
    required("owner", Kind::Text),
    required("channel", Kind::OneOf(&["email", "phone", "chat", "sms", "letter", "video"])),
    field("at", Kind::When),
    field("contact", Kind::Text),
];
const SENDER: &[Field] = &[required("name", Kind::Text), field("title", Kind::Text), field("company", Kind::Text)];
const COMPLAINT: &[Field] = &[field("intensity", Kind::Fraction), field("messages", Kind::TextList)];
const UPDATE: &[Field] = &[
    required("known", Kind::Text),
    field("unknown", Kind::Text),
    required("doing", Kind::Text),
    required("next_update_at", Kind::When),
];
const RESOLUTION: &[Field] = &[required("resolved_on", Kind::When), field("text", Kind::Text)];
const FACTS: &[Field] = &[
    field("channel", Kind::OneOf(&["email", "letter", "chat", "sms", "social"])),
    field("severity", Kind::OneOf(&["low", "medium", "high", "critical"])),
    required("customer", Kind::Section(CUSTOMER)),
    required("incident", Kind::Section(INCIDENT)),
    field("cause", Kind::Section(CAUSE)),
    field("fix", Kind::Section(FIX)),
    field("prevention", Kind::Section(PREVENTION)),
    field("remedy", Kind::Section(REMEDY)),
    field("choices", Kind::List(CHOICE)),
    field("follow_up", Kind::Section(FOLLOW_UP)),
    field("sender", Kind::Section(SENDER)),
    field("complaint", Kind::Section(COMPLAINT)),
    field("update", Kind::Section(UPDATE)),
    field("resolution", Kind::Section(RESOLUTION)),
];

pub(super) fn parse_toml(text: &str) -> Result<CaseFacts, FactsErrors> {
    let table: toml::Table = text.parse().map_err(|error: toml::de::Error| {
        let location = error.span().map(|span| line_of(text, span.start));
        let message = error.message().trim().to_owned();
        FactsErrors(vec![FactsError {
            path: String::new(),
            message: match location {
                Some(line) => format!("not valid TOML at line {line}: {message}"),
                None => format!("not valid TOML: {message}"),
            },
        }])
    })?;
    parse_value(toml_to_json(toml::Value::Table(table)))
}

pub(super) fn parse_json(text: &str) -> Result<CaseFacts, FactsErrors> {
    let value: Value = serde_json::from_str(text).map_err(|error| {
        FactsErrors(vec![FactsError {
            path: String::new(),
            message: format!("not valid JSON at line {}, column {}: {error}", error.line(), error.column()),
        }])
    })?;
    parse_value(value)
}

pub(super) fn parse_value(value: Value) -> Result<CaseFacts, FactsErrors> {
    let mut errors = Vec::new();
    match &value {
        Value::Object(object) => check_section(object, FACTS, "", &mut errors),
        _ => errors
            .push(FactsError { path: String::new(), message: "the facts must be a table (object) of sections".into() }),
    }
    check_consistency(&value, &mut errors);
    if !errors.is_empty() {
        return Err(FactsErrors(errors));
    }
    serde_json::from_value(value)
        .map_err(|error| FactsErrors(vec![FactsError { path: String::new(), message: error.to_string() }]))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&byte| byte == b'\n').count() + 1
}

/// TOML dates become strings, so `happened_on = 2026-11-18` and `"2026-11-18"` agree.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text),
        toml::Value::Integer(number) => Value::from(number),
        toml::Value::Float(number) => Value::from(number),
        toml::Value::Boolean(flag) => Value::Bool(flag),
        toml::Value::Datetime(date_time) => Value::String(date_time.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(key, value)| (key, toml_to_json(value))).collect())
        }
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

fn check_section(object: &Map<String, Value>, fields: &[Field], prefix: &str, errors: &mut Vec<FactsError>) {
    for key in object.keys() {
        if !fields.iter().any(|field| field.name == key) {
            let expected: Vec<&str> = fields.iter().map(|field| field.name).collect();
            errors.push(FactsError {
                path: join(prefix, key),
                message: format!("unknown field; expected one of: {}", expected.join(", ")),
            });
        }
    }
    for field in fields {
        let path = join(prefix, field.name);
        match object.get(field.name) {
            None | Some(Value::Null) if field.required => {
                errors.push(FactsError { path, message: format!("missing: {}", describe(field.kind)) });
            }
            None | Some(Value::Null) => {}
            Some(value) => check_value(value, field.kind, &path, errors),
        }
    }
}

fn describe(kind: Kind) -> String {
    match kind {
        Kind::Text => "text".into(),
        Kind::TextList => "a list of texts".into(),
        Kind::Fraction => "a number from 0.0 to 1.0".into(),
        Kind::Bool => "true or false".into(),
        Kind::Count => "a whole number, 0 or more".into(),
        Kind::Date => "a date (YYYY-MM-DD)".into(),
        Kind::When => "a date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM)".into(),
        Kind::OneOf(options) => format!("one of {}", options.join(", ")),
        Kind::Amount => "a decimal amount as text, such as \"15.00\"".into(),
        Kind::Currency => "an ISO 4217 currency code, such as \"USD\"".into(),
        Kind::TimeZone => "an IANA time zone, such as \"America/Chicago\"".into(),
        Kind::Locale => "a locale, such as \"en-US\"".into(),
        Kind::Section(_) => "a section (table)".into(),
        Kind::List(_) => "a list of tables ([[…]])".into(),
    }
}

fn check_value(value: &Value, kind: Kind, path: &str, errors: &mut Vec<FactsError>) {
    let mut fail = |message: String| errors.push(FactsError { path: path.to_owned(), message });
    match (kind, value) {
        (Kind::Text, Value::String(text)) => {
            if text.trim().is_empty() {
                fail("is empty; give the text or remove the field".into());
            }
        }
        (Kind::TextList, Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                if !matches!(item, Value::String(text) if !text.trim().is_empty()) {
                    errors.push(FactsError {
                        path: format!("{path}[{index}]"),
                        message: "expected non-empty text".into(),
                    });
                }
            }
        }
        (Kind::Fraction, Value::Number(number)) => {
            if !number.as_f64().is_some_and(|fraction| (0.0..=1.0).contains(&fraction)) {
                fail(format!("`{number}` is out of range; write a number from 0.0 to 1.0"));
            }
        }
        (Kind::Bool, Value::Bool(_)) => {}
        (Kind::Count, Value::Number(number)) if number.as_u64().is_some_and(|count| count <= u64::from(u32::MAX)) => {}
        (Kind::Date, Value::String(text)) => {
            if !matches!(When::parse(text), Some(When::Date(_))) {
                fail(format!("`{text}` is not a date; write YYYY-MM-DD"));
            }
        }
        (Kind::When, Value::String(text)) => {
            if When::parse(text).is_none() {
                fail(format!("`{text}` is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM"));
            }
        }
        (Kind::OneOf(options), Value::String(text)) => {
            if !options.contains(&text.as_str()) {
                fail(format!("`{text}` is not one of {}", options.join(", ")));
            }
        }
        (Kind::Amount, Value::String(text)) => {
            if parse_minor_units(text, 3).is_none() {
                fail(format!(
                    "`{text}` is not an amount; write digits with an optional decimal point, such as \"15.00\""
                ));
            }
        }
        (Kind::Amount, Value::Number(_)) => {
            fail("write the amount as text (\"15.00\") so no precision is lost".into());
        }
        (Kind::Currency, Value::String(text)) => {
            if text.len() != 3 || !text.bytes().all(|byte| byte.is_ascii_uppercase()) {
                fail(format!("`{text}` is not an ISO 4217 code; write three capital letters, such as \"USD\""));
            }
        }
        (Kind::TimeZone, Value::String(text)) => {
            if text.parse::<chrono_tz::Tz>().is_err() {
                fail(format!("`{text}` is not an IANA time zone, such as \"America/Chicago\""));
            }
        }
        (Kind::Locale, Value::String(text)) => {
            let valid = text.split(['-', '_']).enumerate().all(|(index, part)| match index {
                0 => (2..=3).contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_alphabetic()),
                _ => (2..=8).contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_alphanumeric()),
            });
            if !valid {
                fail(format!("`{text}` is not a locale; write a language and region, such as \"en-US\""));
            }
        }
        (Kind::Section(fields), Value::Object(object)) => check_section(object, fields, path, errors),
        (Kind::List(fields), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                let item_path = format!("{path}[{index}]");
                match item {
                    Value::Object(object) => check_section(object, fields, &item_path, errors),
                    _ => errors.push(FactsError { path: item_path, message: "expected a table".into() }),
                }
            }
        }
        (kind, other) => fail(format!("expected {}, found {}", describe(kind), type_name(other))),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

/// Rules that span fields.
fn check_consistency(value: &Value, errors: &mut Vec<FactsError>) {
    let get = |path: &[&str]| path.iter().try_fold(value, |node, key| node.get(key));
    let mut fail = |path: &str, message: &str| errors.push(FactsError { path: path.into(), message: message.into() });
    if let Some(cause) = get(&["cause"]) {
        let known = cause.get("known").and_then(Value::as_bool).unwrap_or(false);
        if known && cause.get("text").is_none() {
            fail("cause.text", "missing: a known cause needs its text (or set known = false)");
        }
        if !known && cause.get("known_by").is_none() {
            fail("cause.known_by", "missing: when the cause is not known yet, say when it will be (YYYY-MM-DD)");
        }
        if known && cause.get("known_by").is_some() {
            fail("cause.known_by", "only for an unknown cause; remove it or set known = false");
        }
    }
    if let Some(remedy) = get(&["remedy"]) {
        let kind = remedy.get("kind").and_then(Value::as_str).unwrap_or("none");
        let has_amount = remedy.get("amount").is_some();
        if kind != "none" && remedy.get("text").is_none() && !has_amount {
            fail("remedy.text", "missing: describe the remedy, or give its amount and currency");
        }
        if has_amount && remedy.get("currency").is_none() {
            fail("remedy.currency", "missing: an amount needs its currency (ISO 4217, such as \"USD\")");
        }
        if let (Some(amount), Some(currency)) =
            (remedy.get("amount").and_then(Value::as_str), remedy.get("currency").and_then(Value::as_str))
            && parse_minor_units(amount, currency_exponent(currency)).is_none()
        {
            fail("remedy.amount", &format!("`{amount}` has more decimal places than {currency} allows"));
        }
        if kind == "none" && has_amount {
            fail("remedy.amount", "a remedy of kind \"none\" has no amount");
        }
    }
    if let Some(choices) = get(&["choices"]).and_then(Value::as_array)
        && choices.len() == 1
    {
        fail("choices", "one option is not a choice: give two or more, or use [remedy]");
    }
}

#[cfg(test)]
mod tests {
    use super::super::CaseFacts;

    const GOOD: &str = r#"
channel = "email"
severity = "high"
[customer]
name = "Dana Whitfield"
email = "dana@example.com"
timezone = "America/Chicago"
previous_incidents = 1
[incident]
what_happened = "we shipped a pink sweater instead of the blue one you ordered"
reference = "order #48213"
happened_on = 2026-11-18
[cause]
known = true
text = "a labelling error at our warehouse put two colours in the same bin"
[fix]
text = "a blue sweater ships today by express courier at no cost to you"
eta = "2026-11-21"
[remedy]
kind = "credit"
amount = "15.00"
currency = "USD"
text = "a $15 credit on your account"
[follow_up]
owner = "Sam Ortiz"
channel = "phone"
at = "2026-11-24"
"#;

    #[test]
    fn reads_a_complete_facts_file() {
        let facts = CaseFacts::from_toml(GOOD).unwrap();
        assert_eq!(facts.customer.greeting_name(), "Dana");
        assert_eq!(facts.remedy.unwrap().amount_minor(), Some(1500));
        assert_eq!(facts.fix.unwrap().eta.unwrap().to_string(), "2026-11-21");
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let bad = r#"
channel = "fax"
[customer]
nam = "Dana"
timezone = "Mars/Olympus"
[incident]
what_happened = "late"
happened_on = "yesterday"
[fix]
text = "ships today"
eta = "soon"
[remedy]
kind = "credit"
amount = 15
[[choices]]
label = "refund"
"#;
        let errors = CaseFacts::from_toml(bad).unwrap_err();
        let lines: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(lines.join("\n"));
    }

    #[test]
    fn cross_field_rules() {
        let unknown_cause = GOOD.replace(
            "known = true\ntext = \"a labelling error at our warehouse put two colours in the same bin\"",
            "known = false",
        );
        let errors = CaseFacts::from_toml(&unknown_cause).unwrap_err();
        assert_eq!(errors.0[0].path, "cause.known_by");
    }

    #[test]
    fn complaint_update_and_resolution_sections() {
        let with_sections = format!(
            "{GOOD}\n[complaint]\nintensity = 0.8\nmessages = [\"Where is my sweater?\"]\n[update]\nknown = \"the parcel is at the depot\"\ndoing = \"the courier re-routes it today\"\nnext_update_at = \"2026-11-20T12:00\"\n[resolution]\nresolved_on = 2026-11-21\n"
        );
        let facts = CaseFacts::from_toml(&with_sections).unwrap();
        assert_eq!(facts.complaint.as_ref().and_then(|complaint| complaint.intensity), Some(0.8));
        assert_eq!(facts.update.as_ref().unwrap().next_update_at.to_string(), "2026-11-20T12:00");
        assert!(facts.dates().iter().any(|(field, _)| *field == "resolution.resolved_on"));

        let bad = format!(
            "{GOOD}\n[complaint]\nintensity = 1.5\nmessages = [\"\", 3]\n[update]\nknown = \"x\"\nnext_update_at = \"soon\"\n[resolution]\ntext = \"done\"\n"
        );
        let paths: Vec<String> =
            CaseFacts::from_toml(&bad).unwrap_err().0.into_iter().map(|error| error.path).collect();
        assert_eq!(
            paths,
            [
                "complaint.intensity",
                "complaint.messages[0]",
                "complaint.messages[1]",
                "update.doing",
                "update.next_update_at",
                "resolution.resolved_on"
            ]
        );
    }

    #[test]
    fn toml_syntax_errors_name_the_line() {
        let errors = CaseFacts::from_toml("[customer]\nname = = \"Dana\"\n").unwrap_err();
        assert!(errors.0[0].message.starts_with("not valid TOML at line 2"), "{}", errors.0[0].message);
    }

    #[test]
    fn json_and_toml_agree() {
        let from_toml = CaseFacts::from_toml(GOOD).unwrap();
        let json = serde_json::to_string(&from_toml).unwrap();
        assert_eq!(CaseFacts::from_json(&json).unwrap(), from_toml);
    }
}
