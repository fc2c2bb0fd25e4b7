//! The apology linter: elements of a complete apology, non-apology patterns, style and
//! case-context checks, each rule with a stable code.
//!
//! ```
//! use amends_core::lint::{LintInput, Linter, LinterSettings};
//!
//! let linter = Linter::new(LinterSettings::default());
//! let report = linter.lint(&LintInput::new("We apologize for any inconvenience."));
//! assert!(report.diagnostics.iter().any(|found| found.code == "NA207"));
//! assert!(report.score < 50);
//! ```

mod analysis;
mod catalog;
mod codes;
mod context;
pub mod elements;
pub mod expectations;
mod facts_in_text;
mod lexicon;
mod phrase;
mod rule;
mod rules;
mod score;
mod settings;
mod suppression;
mod time;

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

pub use codes::Rule;
pub use elements::{Element, Elements};
pub use rule::{Category, RuleStatus, Severity, UnknownSeverity};
pub use settings::{LintConfig, LinterSettings, SelectionOverrides, SettingsError};

use self::analysis::Analysis;
use self::context::{Context, Finding};
use crate::channel::Channel;
use crate::facts::CaseFacts;
use crate::prose::{ProseChecker, ProseRequest};
use crate::text::{Document, LineCursor, SourceKind};

/// One message to lint.
#[derive(Debug, Clone, Copy)]
pub struct LintInput<'a> {
    /// The message text.
    pub text: &'a str,
    /// Where it came from, for reports.
    pub path: Option<&'a str>,
    /// Its channel; the settings' default when `None`.
    pub channel: Option<Channel>,
    /// Plain text, Markdown or a template.
    pub kind: SourceKind,
    /// The case facts, which turn on the CX4xx rules.
    pub facts: Option<&'a CaseFacts>,
    /// Extra names that are not misspellings (agent, product).
    pub known_words: &'a [String],
}

impl<'a> LintInput<'a> {
    /// A plain-text message on the default channel, without facts.
    pub fn new(text: &'a str) -> Self {
        Self { text, path: None, channel: None, kind: SourceKind::Plain, facts: None, known_words: &[] }
    }
}

/// One finding, positioned and graded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule's code, such as `NA202`.
    pub code: &'static str,
    /// The rule's name, such as `conditional-apology`.
    pub name: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, specifically.
    pub message: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (in characters) of the start.
    pub column: usize,
    /// Byte offsets into the message.
    #[serde(serialize_with = "serialize_span")]
    pub span: Range<usize>,
    /// A better wording or the next step.
    pub suggestion: Option<String>,
    /// 1-based line of the end.
    #[serde(skip)]
    pub end_line: usize,
    /// 1-based column of the end (exclusive).
    #[serde(skip)]
    pub end_column: usize,
    /// The rule.
    #[serde(skip)]
    pub rule: Rule,
}

fn serialize_span<S: serde::Serializer>(span: &Range<usize>, serializer: S) -> Result<S::Ok, S::Error> {
    [span.start, span.end].serialize(serializer)
}

/// The result of linting one message. Its JSON form is a public contract (`docs/linter.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Where the message came from.
    pub path: Option<String>,
    /// The channel it was judged for.
    pub channel: Channel,
    /// 0–100: how complete and sincere the apology is (see `docs/linter.md#score`).
    pub score: u8,
    /// Which elements are present, and where.
    pub elements: Elements,
    /// The findings, in order of position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any finding is at or above `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.diagnostics.iter().any(|diagnostic| diagnostic.severity >= threshold)
    }
}

/// Lints messages with a fixed set of settings. Cheap to share across threads.
#[derive(Clone)]
pub struct Linter {
    settings: LinterSettings,
    prose: Option<Arc<dyn ProseChecker>>,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Linter")
            .field("settings", &self.settings)
            .field("prose", &self.prose.as_ref().map(|_| "ProseChecker"))
            .finish()
    }
}

impl Linter {
    /// A linter with `settings` and no spelling or grammar checker (ST301/ST302 stay silent).
    pub fn new(settings: LinterSettings) -> Self {
        Self { settings, prose: None }
    }

    /// Adds the spelling and grammar checker used by ST301 and ST302.
    pub fn with_prose_checker(mut self, checker: Arc<dyn ProseChecker>) -> Self {
        self.prose = Some(checker);
        self
    }

    /// The settings.
    pub fn settings(&self) -> &LinterSettings {
        &self.settings
    }

    /// Whether ST301 or ST302 is enabled, so a caller knows to load a prose checker.
    pub fn wants_prose_checker(&self) -> bool {
        self.settings.is_enabled(Rule::Misspelling) || self.settings.is_enabled(Rule::Grammar)
    }

    /// Lints one message.
    pub fn lint(&self, input: &LintInput<'_>) -> Report {
        let channel = input.channel.unwrap_or(self.settings.channel);
        let doc = Document::parse(input.text, input.kind);
        let analysis = Analysis::new(&doc, channel, input.facts);
        let detection = elements::detect(&analysis);
        let known_words = self.known_words(input);
        let prose = self.run_prose_checker(&doc, &known_words);
        let context = Context { analysis: &analysis, detection: &detection, prose: &prose, known_words: &known_words };
        let mut findings: Vec<Finding> = Vec::new();
        for &rule in self.settings.enabled() {
            rule.check(&context, &mut findings);
        }
        let (mut suppressions, invalid) = suppression::parse(&doc);
        let mut findings = suppression::apply(&doc, &mut suppressions, findings);
        if self.settings.is_enabled(Rule::UnusedSuppression) {
            findings.extend(suppression::unused(&suppressions));
        }
        if self.settings.is_enabled(Rule::InvalidSuppression) {
            findings.extend(invalid);
        }
        findings.sort_by(|left, right| (left.span.start, left.rule.code()).cmp(&(right.span.start, right.rule.code())));
        let mut starts = doc.lines().cursor(doc.source());
        let mut diagnostics: Vec<Diagnostic> =
            findings.into_iter().map(|finding| self.position(&doc, &mut starts, finding)).collect();
        diagnostics.dedup_by(|later, earlier| later.code == earlier.code && later.span == earlier.span);
        let score = score::score(channel, &detection.elements, &diagnostics);
        Report { path: input.path.map(str::to_owned), channel, score, elements: detection.elements, diagnostics }
    }

    /// Names that are never misspellings: configured words, the input's, and the facts'.
    fn known_words(&self, input: &LintInput<'_>) -> Vec<String> {
        let mut words: Vec<String> = self.settings.known_words.iter().chain(input.known_words).cloned().collect();
        if let Some(facts) = input.facts {
            let mut names: Vec<&str> = vec![&facts.customer.name];
            names.extend(facts.customer.first_name.as_deref());
            if let Some(sender) = &facts.sender {
                names.push(&sender.name);
                names.extend(sender.company.as_deref());
            }
            if let Some(follow_up) = &facts.follow_up {
                names.push(&follow_up.owner);
            }
            words.extend(
                names
                    .iter()
                    .flat_map(|name| name.split_whitespace())
                    .map(|word| word.trim_matches(|ch: char| !ch.is_alphanumeric()).to_owned()),
            );
        }
        words.retain(|word| !word.is_empty());
        words.sort();
        words.dedup();
        words
    }

    fn run_prose_checker(&self, doc: &Document<'_>, known_words: &[String]) -> Vec<crate::prose::ProseFinding> {
        let request = ProseRequest {
            spelling: self.settings.is_enabled(Rule::Misspelling),
            grammar: self.settings.is_enabled(Rule::Grammar),
        };
        match &self.prose {
            Some(checker) if request.spelling || request.grammar => {
                let words: Vec<&str> = known_words.iter().map(String::as_str).collect();
                checker.check(&doc.prose_only(), &words, request)
            }
            _ => Vec::new(),
        }
    }

    /// Positions a finding: `starts` walks the sorted start offsets, and the end is counted
    /// on from the start, so a long line with many findings is not counted again each time.
    fn position(&self, doc: &Document<'_>, starts: &mut LineCursor<'_>, finding: Finding) -> Diagnostic {
        let (line, column) = starts.line_col(finding.span.start);
        let mut ends = doc.lines().cursor(doc.source());
        ends.seek(finding.span.start, line, column);
        let (end_line, end_column) = ends.line_col(finding.span.end);
        Diagnostic {
            code: finding.rule.code(),
            name: finding.rule.name(),
            severity: self.settings.severity(finding.rule),
            message: finding.message,
            line,
            column,
            span: finding.span,
            suggestion: finding.suggestion,
            end_line,
            end_column,
            rule: finding.rule,
        }
    }
}
