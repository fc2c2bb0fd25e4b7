//! What a rule sees, and what it reports.

use std::ops::Range;

use super::analysis::Analysis;
use super::codes::Rule;
use super::elements::{Detection, Element};
use super::expectations;
use crate::channel::Channel;
use crate::facts::CaseFacts;
use crate::prose::ProseFinding;
use crate::text::Document;

/// A finding before severities, suppressions and positions are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The rule that found it.
    pub rule: Rule,
    /// Byte span in the source.
    pub span: Range<usize>,
    /// What is wrong, specifically.
    pub message: String,
    /// A better wording or the next step, when there is one.
    pub suggestion: Option<String>,
}

impl Finding {
    /// A finding with a message and no suggestion.
    pub(crate) fn new(rule: Rule, span: Range<usize>, message: impl Into<String>) -> Self {
        Self { rule, span, message: message.into(), suggestion: None }
    }

    /// Adds a suggestion.
    pub(crate) fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }
}

/// Everything a rule can read about the message being linted.
pub(crate) struct Context<'c, 'd, 'a> {
    /// The prepared document.
    pub analysis: &'c Analysis<'d, 'a>,
    /// The elements found.
    pub detection: &'c Detection,
    /// Spelling and grammar findings, when a checker ran.
    pub prose: &'c [ProseFinding],
    /// Names and product words that are not misspellings or jargon.
    pub known_words: &'c [String],
}

impl<'d, 'a> Context<'_, 'd, 'a> {
    /// The message.
    pub(crate) fn doc(&self) -> &'d Document<'a> {
        self.analysis.doc
    }

    /// Where the message is read.
    pub(crate) fn channel(&self) -> Channel {
        self.analysis.channel
    }

    /// The case facts, when given.
    pub(crate) fn facts(&self) -> Option<&'d CaseFacts> {
        self.analysis.facts
    }

    /// Whether the channel expects `element`.
    pub(crate) fn requires(&self, element: Element) -> bool {
        expectations::required(self.channel(), element)
    }

    /// Where whole-message findings point: the start of the author's prose.
    pub(crate) fn message_start(&self) -> Range<usize> {
        let start = self.doc().body_start();
        start..start
    }

    /// Reports that a required element is missing.
    pub(crate) fn missing(
        &self,
        findings: &mut Vec<Finding>,
        rule: Rule,
        element: Element,
        message: &str,
        suggestion: &str,
    ) {
        if self.requires(element) && !self.detection.elements.has(element) {
            findings.push(Finding::new(rule, self.message_start(), message).suggest(suggestion));
        }
    }
}
