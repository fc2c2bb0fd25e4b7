//! What a rule is: its metadata, severity, and the doc it is explained by.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a check by default.
    Info,
    /// Makes the apology weaker.
    Warning,
    /// Makes the apology worse than none, or wrong.
    Error,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A severity name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity `{0}`: expected error, warning or info")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.trim().to_ascii_lowercase().as_str() {
            "error" => Ok(Severity::Error),
            "warning" | "warn" => Ok(Severity::Warning),
            "info" => Ok(Severity::Info),
            _ => Err(UnknownSeverity(name.to_owned())),
        }
    }
}

/// How settled a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleStatus {
    /// On by default; its code and behaviour are stable.
    Stable,
    /// Off unless selected by its exact code; may still change.
    Preview,
    /// Kept so configurations naming it still load; does nothing new.
    Deprecated,
}

/// The family a rule belongs to, from its code prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// AP1xx: an element of a complete apology is missing.
    MissingElement,
    /// NA2xx: a pattern that turns an apology into a non-apology.
    NonApology,
    /// ST3xx: style: spelling, grammar, length, tone of voice.
    Style,
    /// CX4xx: the message contradicts or omits the case facts.
    CaseContext,
    /// AM5xx: about the linter itself, such as unused suppressions.
    Linter,
}

impl Category {
    /// A short human name.
    pub fn label(self) -> &'static str {
        match self {
            Category::MissingElement => "missing elements",
            Category::NonApology => "non-apologies",
            Category::Style => "style",
            Category::CaseContext => "case context",
            Category::Linter => "linter",
        }
    }
}

/// Turns a rule file's doc comment into the rule's `DOC` constant, so the documentation
/// is written once, beside the code, and `amends rule CODE` and `docs/rules.md` print it.
macro_rules! rule_doc {
    ($(#[doc = $line:literal])*) => {
        /// The rule's documentation: what it does, why it matters, example, use instead.
        pub(crate) const DOC: &str = concat!($($line, "\n"),*);
    };
}
pub(crate) use rule_doc;

/// Strips the one leading space rustdoc leaves on every doc line.
pub(crate) fn clean_doc(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.trim().to_owned() + "\n"
}
