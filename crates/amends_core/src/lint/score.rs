//! The 0–100 score.
//!
//! Each element present adds its weight for the channel (see [`super::expectations`]);
//! choices stand in for a missing remedy. Findings then subtract: 15 per error, 5 per
//! warning, 1 per info, counting at most two findings of any one rule, and never the
//! missing-element rules AP101–AP110 (their absence already cost the element's weight).

use super::codes::Rule;
use super::elements::{Element, Elements};
use super::expectations::weight;
use super::{Diagnostic, Severity};
use crate::channel::Channel;

/// Points subtracted per finding of each severity.
fn penalty(severity: Severity) -> u32 {
    match severity {
        Severity::Error => 15,
        Severity::Warning => 5,
        Severity::Info => 1,
    }
}

/// The score of a message with `elements` and `diagnostics` on `channel`.
pub(crate) fn score(channel: Channel, elements: &Elements, diagnostics: &[Diagnostic]) -> u8 {
    let mut earned: u32 = elements.present().map(|element| weight(channel, element)).sum();
    if elements.has(Element::Choices) && !elements.has(Element::Remedy) {
        earned += weight(channel, Element::Remedy);
    }
    let mut counted: Vec<(Rule, u32)> = Vec::new();
    let mut lost = 0;
    for diagnostic in diagnostics {
        if is_missing_element_rule(diagnostic.rule) {
            continue;
        }
        let seen = match counted.iter_mut().find(|(rule, _)| *rule == diagnostic.rule) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                counted.push((diagnostic.rule, 1));
                1
            }
        };
        if seen <= 2 {
            lost += penalty(diagnostic.severity);
        }
    }
    earned.saturating_sub(lost).min(100) as u8
}

fn is_missing_element_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::MissingApology
            | Rule::VagueFailure
            | Rule::MissingImpact
            | Rule::MissingOwnership
            | Rule::MissingCause
            | Rule::MissingFix
            | Rule::MissingTimeline
            | Rule::MissingPrevention
            | Rule::MissingRemedy
            | Rule::MissingFollowUp
    )
}
