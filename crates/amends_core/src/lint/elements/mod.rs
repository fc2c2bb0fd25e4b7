//! The twelve elements of a complete apology, detected in prose.
//!
//! Each detector reads sentences, not keywords alone: it weighs who acts (first person,
//! second person), tense, negation, quotations and the words around a cue, so that "a
//! labelling error at our warehouse put two colours in one bin" is a cause and "I'm
//! writing because you asked" is not.

mod apology;
pub(crate) mod cause;
pub(crate) mod choices;
pub(crate) mod fix;
pub(crate) mod follow_up;
mod gratitude;
pub(crate) mod impact;
pub(crate) mod ownership;
pub(crate) mod prevention;
pub(crate) mod remedy;
mod timeline;
pub(crate) mod what_happened;

use std::fmt;
use std::ops::Range;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::analysis::Analysis;

pub(crate) use apology::apology_expressions;

/// One element of a complete apology (SPEC.md, "The elements of a complete apology").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Element {
    /// An explicit, first-person apology.
    Apology,
    /// The specific failure, in the customer's terms.
    WhatHappened,
    /// How it affected this customer.
    Impact,
    /// Taking responsibility, without blame.
    Ownership,
    /// Why it happened, or what is not known yet and when it will be.
    Cause,
    /// What is being done for this customer now.
    Fix,
    /// When the fix will be complete.
    Timeline,
    /// What changes so it does not happen again.
    Prevention,
    /// Compensation proportional to the impact.
    Remedy,
    /// Options the customer can choose between.
    Choices,
    /// Who follows up, how and when.
    FollowUp,
    /// Thanks to the customer.
    Gratitude,
}

impl Element {
    /// Every element, in the order of the contract.
    pub const ALL: [Element; 12] = [
        Element::Apology,
        Element::WhatHappened,
        Element::Impact,
        Element::Ownership,
        Element::Cause,
        Element::Fix,
        Element::Timeline,
        Element::Prevention,
        Element::Remedy,
        Element::Choices,
        Element::FollowUp,
        Element::Gratitude,
    ];

    /// The key used in JSON output and corpus labels.
    pub fn key(self) -> &'static str {
        match self {
            Element::Apology => "apology",
            Element::WhatHappened => "what_happened",
            Element::Impact => "impact",
            Element::Ownership => "ownership",
            Element::Cause => "cause",
            Element::Fix => "fix",
            Element::Timeline => "timeline",
            Element::Prevention => "prevention",
            Element::Remedy => "remedy",
            Element::Choices => "choices",
            Element::FollowUp => "follow_up",
            Element::Gratitude => "gratitude",
        }
    }

    /// Parses a key such as `what_happened`.
    pub fn from_key(key: &str) -> Option<Self> {
        Element::ALL.into_iter().find(|element| element.key() == key)
    }

    /// A short human label ("what happened").
    pub fn label(self) -> &'static str {
        match self {
            Element::Apology => "apology",
            Element::WhatHappened => "what happened",
            Element::Impact => "impact",
            Element::Ownership => "ownership",
            Element::Cause => "cause",
            Element::Fix => "fix",
            Element::Timeline => "timeline",
            Element::Prevention => "prevention",
            Element::Remedy => "remedy",
            Element::Choices => "choices",
            Element::FollowUp => "follow-up",
            Element::Gratitude => "gratitude",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Element {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.label())
    }
}

/// Which elements a message has, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Elements {
    found: [Option<Range<usize>>; 12],
}

impl Elements {
    /// Where `element` is, when present (byte offsets of the sentence that holds it).
    pub fn span(&self, element: Element) -> Option<Range<usize>> {
        self.found[element.index()].clone()
    }

    /// Whether `element` is present.
    pub fn has(&self, element: Element) -> bool {
        self.found[element.index()].is_some()
    }

    /// The elements present, in contract order.
    pub fn present(&self) -> impl Iterator<Item = Element> + '_ {
        Element::ALL.into_iter().filter(|element| self.has(*element))
    }

    fn set(&mut self, element: Element, span: Option<Range<usize>>) {
        self.found[element.index()] = span;
    }
}

impl Serialize for Elements {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Entry {
            present: bool,
            span: Option<[usize; 2]>,
        }
        let mut map = serializer.serialize_map(Some(12))?;
        for element in Element::ALL {
            let span = self.span(element);
            map.serialize_entry(
                element.key(),
                &Entry { present: span.is_some(), span: span.map(|range| [range.start, range.end]) },
            )?;
        }
        map.end()
    }
}

/// What the detectors found beyond presence, for rules that explain what is missing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Detection {
    /// The elements.
    pub elements: Elements,
    /// A sentence saying the cause is unknown, without saying when it will be known.
    pub unknown_cause_without_when: Option<Range<usize>>,
    /// A sentence naming the failure only vaguely ("the issue"), when none names it well.
    pub vague_failure: Option<Range<usize>>,
}

/// Sentences holding a non-apology pattern (blame, evasion, feelings, policy…): whatever
/// else they say does not count as a sincere statement of the failure or its impact.
fn tainted_sentences(analysis: &Analysis<'_, '_>, include_blame: bool) -> Vec<usize> {
    use super::rules::{
        apology_for_feelings, conditional_apology, defensive_tone, hiding_behind_policy, minimizing, passive_evasion,
        stonewalling,
    };
    let tables = [
        &*apology_for_feelings::PHRASES,
        &*conditional_apology::PHRASES,
        &*hiding_behind_policy::PHRASES,
        &*passive_evasion::PHRASES,
        &*minimizing::PHRASES,
        &*stonewalling::PHRASES,
        &*defensive_tone::PHRASES,
    ];
    let mut sentences: Vec<usize> = tables
        .iter()
        .flat_map(|table| analysis.matches(table))
        .filter(|found| !analysis.tokens()[found.tokens.start].negated)
        // "Any inconvenience caused by the outage on 14 November" still names the outage.
        .filter(|found| analysis.word(found.tokens.start) != "any")
        .map(|found| found.tokens.start)
        .chain(if include_blame { blame(analysis) } else { third_party_blame(analysis) })
        .map(|token| analysis.sentence_of(token))
        .collect();
    sentences.sort_unstable();
    sentences.dedup();
    sentences
}

/// Where NA205's phrases match: blame taints impact and timeline claims.
fn blame(analysis: &Analysis<'_, '_>) -> Vec<usize> {
    analysis.matches(&super::rules::shifting_blame::PHRASES).into_iter().map(|found| found.tokens.start).collect()
}

/// Third-party and system blame ("the responsibility of your insurer"); blaming the
/// customer still says what happened, so it is left out.
fn third_party_blame(analysis: &Analysis<'_, '_>) -> Vec<usize> {
    analysis
        .matches(&super::rules::shifting_blame::PHRASES)
        .into_iter()
        .filter(|found| !found.entry.0.contains("blames the customer"))
        .map(|found| found.tokens.start)
        .collect()
}

/// Sentences that evade (passive voice, conditional or feelings apologies): a cause
/// stated there does not count. Blame (NA205) still states a cause, so it is not here.
fn evasive_sentences(analysis: &Analysis<'_, '_>) -> Vec<usize> {
    use super::rules::{apology_for_feelings, conditional_apology, passive_evasion};
    let tables = [&*apology_for_feelings::PHRASES, &*conditional_apology::PHRASES, &*passive_evasion::PHRASES];
    let mut sentences: Vec<usize> = tables
        .iter()
        .flat_map(|table| analysis.matches(table))
        .map(|found| analysis.sentence_of(found.tokens.start))
        .collect();
    sentences.sort_unstable();
    sentences.dedup();
    sentences
}

/// Runs every detector.
pub(crate) fn detect(analysis: &Analysis<'_, '_>) -> Detection {
    let mut detection = Detection::default();
    let tainted = tainted_sentences(analysis, true);
    let tainted_except_blame = tainted_sentences(analysis, false);
    let evasive = evasive_sentences(analysis);
    let elements = &mut detection.elements;
    elements.set(Element::Apology, apology::detect(analysis));
    let (what_happened, vague) = what_happened::detect(analysis, &tainted_except_blame);
    elements.set(Element::WhatHappened, what_happened);
    detection.vague_failure = vague;
    elements.set(Element::Impact, impact::detect(analysis, &tainted));
    elements.set(Element::Ownership, ownership::detect(analysis));
    let (cause, unknown_without_when) = cause::detect(analysis, &evasive);
    let detection_cause = cause.clone();
    elements.set(Element::Cause, cause);
    detection.unknown_cause_without_when = unknown_without_when;
    let fix = fix::detect(analysis);
    elements.set(Element::Fix, fix.span.clone());
    elements.set(Element::Timeline, timeline::detect(analysis, &fix.sentences, &tainted));
    elements.set(Element::Prevention, prevention::detect(analysis, detection_cause.as_ref(), &tainted));
    elements.set(Element::Remedy, remedy::detect(analysis));
    elements.set(Element::Choices, choices::detect(analysis));
    elements.set(Element::FollowUp, follow_up::detect(analysis));
    elements.set(Element::Gratitude, gratitude::detect(analysis));
    detection
}

/// Test helper: which elements a text has.
#[cfg(test)]
pub(crate) fn elements_of(text: &str, channel: crate::channel::Channel) -> Vec<Element> {
    let doc = crate::text::Document::parse(text, crate::text::SourceKind::Plain);
    let analysis = Analysis::new(&doc, channel, None);
    detect(&analysis).elements.present().collect()
}

/// Test helper: whether `text` (as an email) has `element`.
#[cfg(test)]
pub(crate) fn has(text: &str, element: Element) -> bool {
    elements_of(text, crate::channel::Channel::Email).contains(&element)
}
