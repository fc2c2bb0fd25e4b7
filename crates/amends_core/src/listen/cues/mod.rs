//! Cues beyond polarity: the signs in a message that say how upset a customer is and
//! what they might do next, each with the span of text that shows it.

mod phrases;
mod profanity;
mod punctuation;
mod shouting;
mod words;

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// What a [`Cue`] signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    /// Words in capitals for emphasis ("THIS IS UNACCEPTABLE"), not acronyms.
    Shouting,
    /// Runs of exclamation or question marks ("!!!", "???", "?!").
    RepeatedPunctuation,
    /// A word from the reviewed profanity list, masked forms included ("f**k").
    Profanity,
    /// The customer says they will leave: cancel an account or subscription, switch to
    /// a competitor, "never again".
    ThreatToLeave,
    /// The customer will make it public: reviews, social media, the press.
    PublicEscalation,
    /// Lawyers, courts, regulators and ombudsmen, or disputing the payment with a bank.
    LegalThreat,
    /// Time the customer lost: waiting, hours on hold, a day off work.
    TimeLost,
    /// Money lost or at stake: amounts, double charges, fees, "I want my money back".
    MoneyLost,
    /// A deadline or a demand for speed ("ASAP", "I need it by Friday").
    Urgency,
    /// The customer has been here before: "third time", "called five times", "again".
    RepeatContact,
    /// Praise meant as its opposite ("thanks for nothing", "oh great, another delay").
    Sarcasm,
}

impl CueKind {
    /// Every kind, in the order they are documented.
    pub const ALL: [Self; 11] = [
        Self::Shouting,
        Self::RepeatedPunctuation,
        Self::Profanity,
        Self::ThreatToLeave,
        Self::PublicEscalation,
        Self::LegalThreat,
        Self::TimeLost,
        Self::MoneyLost,
        Self::Urgency,
        Self::RepeatContact,
        Self::Sarcasm,
    ];

    /// The stable snake_case name used in JSON and in the text report.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shouting => "shouting",
            Self::RepeatedPunctuation => "repeated_punctuation",
            Self::Profanity => "profanity",
            Self::ThreatToLeave => "threat_to_leave",
            Self::PublicEscalation => "public_escalation",
            Self::LegalThreat => "legal_threat",
            Self::TimeLost => "time_lost",
            Self::MoneyLost => "money_lost",
            Self::Urgency => "urgency",
            Self::RepeatContact => "repeat_contact",
            Self::Sarcasm => "sarcasm",
        }
    }

    /// How much one cue of this kind adds to a message's intensity (see
    /// [`crate::listen::intensity`]). Escalations weigh most; the ways of writing that
    /// only amplify a mood weigh least.
    #[must_use]
    pub fn weight(self) -> f64 {
        match self {
            Self::LegalThreat => 0.9,
            Self::ThreatToLeave => 0.8,
            Self::PublicEscalation => 0.7,
            Self::Profanity => 0.5,
            Self::RepeatContact => 0.45,
            Self::Sarcasm => 0.35,
            Self::TimeLost | Self::MoneyLost => 0.3,
            Self::Urgency => 0.25,
            Self::Shouting => 0.2,
            Self::RepeatedPunctuation => 0.1,
        }
    }

    /// Whether this kind only amplifies whatever the customer feels: shouting, "!!!" and
    /// swearing are joy in a happy message ("I LOVE IT!!!"), so they count towards
    /// intensity only as far as the message is not clearly positive.
    #[must_use]
    pub fn is_amplifier(self) -> bool {
        matches!(self, Self::Shouting | Self::RepeatedPunctuation | Self::Profanity)
    }
}

impl std::fmt::Display for CueKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One sign of how the customer feels, and where the message shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// What it signals.
    pub kind: CueKind,
    /// Byte offsets into the analyzed text; serialized as `[start, end]`.
    #[serde(with = "super::span")]
    pub span: Range<usize>,
    /// The text under `span`.
    pub text: String,
}

/// All cues found in a message, and the measurements intensity needs.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Findings {
    /// Cues in text order.
    pub(crate) cues: Vec<Cue>,
    /// Share of the letters that are shouted (0–1).
    pub(crate) caps_ratio: f64,
    /// Exclamation and question marks beyond the first in each run of them.
    pub(crate) emphatic_marks: usize,
}

/// Finds every cue in `own` (the customer's own words, quoted material blanked out), and
/// reads each cue's text from `original`, which has the same offsets.
pub(crate) fn find(own: &str, original: &str) -> Findings {
    let shouting = shouting::find(own);
    let punctuation = punctuation::find(own);
    let mut spans: Vec<(CueKind, Range<usize>)> = Vec::new();
    spans.extend(shouting.spans.into_iter().map(|span| (CueKind::Shouting, span)));
    spans.extend(punctuation.repeated.into_iter().map(|span| (CueKind::RepeatedPunctuation, span)));
    spans.extend(profanity::find(own).into_iter().map(|span| (CueKind::Profanity, span)));
    spans.extend(phrases::find(own).into_iter().map(|found| (found.kind, found.span)));
    // Text order; of two spans of one kind where one lies within the other ("leave a
    // one-star review" and "one-star"), only the longer is kept.
    spans.sort_by(|(a_kind, a), (b_kind, b)| {
        (a.start, std::cmp::Reverse(a.end), a_kind).cmp(&(b.start, std::cmp::Reverse(b.end), b_kind))
    });
    // Sorted so, a span lies within an earlier one of its kind exactly when that kind's
    // furthest end so far reaches past it: one pass, however many cues there are.
    let mut furthest_end = [0usize; CueKind::ALL.len()];
    let mut kept: Vec<(CueKind, Range<usize>)> = Vec::with_capacity(spans.len());
    for (kind, span) in spans {
        let furthest = &mut furthest_end[kind as usize];
        if *furthest > span.start && span.end <= *furthest {
            continue;
        }
        *furthest = (*furthest).max(span.end);
        kept.push((kind, span));
    }
    let caps_ratio =
        if shouting.letters == 0 { 0.0 } else { shouting.shouted_letters as f64 / shouting.letters as f64 };
    Findings {
        cues: kept
            .into_iter()
            .map(|(kind, span)| Cue { kind, text: original[span.clone()].to_owned(), span })
            .collect(),
        caps_ratio,
        emphatic_marks: punctuation.emphatic_marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_match_serde() {
        for kind in CueKind::ALL {
            let json = serde_json::to_string(&kind).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn cues_come_in_text_order_with_their_text() {
        let text = "WHERE IS MY ORDER??? I'll post this on Twitter. Bloody useless.";
        let findings = find(text, text);
        let summary: Vec<(CueKind, &str)> = findings.cues.iter().map(|cue| (cue.kind, cue.text.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                (CueKind::Shouting, "WHERE IS MY ORDER"),
                (CueKind::RepeatedPunctuation, "???"),
                (CueKind::PublicEscalation, "post this on Twitter"),
                (CueKind::Profanity, "Bloody"),
            ]
        );
        assert_eq!(findings.emphatic_marks, 2);
        assert!(findings.caps_ratio > 0.0);
    }

    #[test]
    fn a_cue_inside_a_longer_one_of_its_kind_is_dropped() {
        let text = "I will leave a one-star review.";
        let findings = find(text, text);
        let kinds: Vec<&str> = findings.cues.iter().map(|cue| cue.text.as_str()).collect();
        assert_eq!(kinds, vec!["leave a one-star review"]);
    }
}
