//! How lint results are shown: rustc-like text, JSON, SARIF and GitHub annotations.

pub(crate) mod github;
pub(crate) mod json;
pub(crate) mod sarif;
pub(crate) mod text;

use amends_core::lint::{Element, Elements, Report, Severity};
use amends_core::text::LineIndex;
use clap::ValueEnum;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::inputs::{Document, OffsetMap};

/// The output format of `amends lint`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Diagnostics with the source line, a score per file and a summary.
    #[default]
    Text,
    /// A JSON array with one report per document.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

/// One document and its report, with every position pointing into the document's source.
#[derive(Debug, Clone)]
pub(crate) struct Linted {
    /// What was linted.
    pub(crate) document: Document,
    /// What the linter found.
    pub(crate) report: Report,
}

impl Linted {
    /// Pairs a document with the report on its text, moving the diagnostics' positions
    /// from the text the linter read to the source (for HTML, into the markup).
    pub(crate) fn new(document: Document, mut report: Report) -> Self {
        if let Some(map) = document.map() {
            let lines = LineIndex::new(&document.source);
            for diagnostic in &mut report.diagnostics {
                diagnostic.span = map.span(diagnostic.span.clone());
                (diagnostic.line, diagnostic.column) = lines.line_col(&document.source, diagnostic.span.start);
                (diagnostic.end_line, diagnostic.end_column) = lines.line_col(&document.source, diagnostic.span.end);
            }
        }
        Self { document, report }
    }

    /// The path as shown to people: with the part of an email that positions refer to.
    pub(crate) fn display_path(&self) -> String {
        match self.document.part {
            Some(part) => format!("{} ({part})", self.document.path),
            None => self.document.path.clone(),
        }
    }
}

/// The report as `--format json` prints it: exactly the report's own serialization when
/// the linter read the file as written; for HTML the same fields, in the same order, with
/// element spans moved into the markup like the diagnostics.
impl Serialize for Linted {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(map) = self.document.map() else {
            return self.report.serialize(serializer);
        };
        let report = &self.report;
        let mut fields = serializer.serialize_struct("Report", 5)?;
        fields.serialize_field("path", &report.path)?;
        fields.serialize_field("channel", &report.channel)?;
        fields.serialize_field("score", &report.score)?;
        fields.serialize_field("elements", &MappedElements { elements: &report.elements, map })?;
        fields.serialize_field("diagnostics", &report.diagnostics)?;
        fields.end()
    }
}

/// Elements with their spans moved through an offset map, in the shape of [`Elements`]'
/// own serialization: `{"apology": {"present": true, "span": [0, 12]}, …}`.
struct MappedElements<'a> {
    elements: &'a Elements,
    map: &'a OffsetMap,
}

impl Serialize for MappedElements<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Entry {
            present: bool,
            span: Option<[usize; 2]>,
        }
        let mut entries = serializer.serialize_map(Some(Element::ALL.len()))?;
        for element in Element::ALL {
            let span = self.elements.span(element).map(|span| self.map.span(span));
            let entry = Entry { present: span.is_some(), span: span.map(|span| [span.start, span.end]) };
            entries.serialize_entry(element.key(), &entry)?;
        }
        entries.end()
    }
}

/// Findings counted by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Errors.
    pub(crate) errors: usize,
    /// Warnings.
    pub(crate) warnings: usize,
    /// Infos.
    pub(crate) infos: usize,
}

impl Counts {
    /// Counts the findings of `report`.
    pub(crate) fn of(report: &Report) -> Self {
        let mut counts = Self::default();
        for diagnostic in &report.diagnostics {
            counts.add(diagnostic.severity);
        }
        counts
    }

    /// Counts one more finding.
    pub(crate) fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Adds another tally.
    pub(crate) fn extend(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    /// Whether nothing was found.
    pub(crate) fn is_empty(self) -> bool {
        self.errors + self.warnings + self.infos == 0
    }
}

/// `1 error`, `2 warnings`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("{count} {noun}") } else { format!("{count} {noun}s") }
}

/// The SARIF and GitHub level of a severity.
pub(crate) fn level(severity: Severity, info: &'static str) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => info,
    }
}

#[cfg(test)]
mod tests {
    use amends_core::lint::{LintInput, Linter, LinterSettings};

    use super::*;

    #[test]
    fn mapped_reports_serialize_like_the_report_itself() {
        let text = "Hi Dana,\n\nI'm sorry we sent the wrong sweater. It was our mistake. A new one ships today.\n";
        let report = Linter::new(LinterSettings::default()).lint(&LintInput::new(text));
        let mut map = OffsetMap::default();
        map.copied(0..text.len(), 0..text.len());
        let document = Document::for_tests(text, Some(map));
        let linted = Linted::new(document, report.clone());
        assert_eq!(serde_json::to_string(&linted).unwrap(), serde_json::to_string(&report).unwrap());
    }
}
