//! How upset a customer is (0–1), whether they may leave, and what that suggests for
//! priority and for the strength of the apology.
//!
//! ```text
//! warmth     = 0 if any sarcasm cue, else clamp((compound − 0.05) / 0.45, 0, 1)
//! negativity = max(0, −compound)
//! load       = Σ over cue kinds  weight(kind) × (1 + 0.5 × min(count − 1, 2))
//!                                × (1 − warmth if the kind is an amplifier, else 1)
//! cues       = 1 − e^(−load)
//! emphasis   = (min(1, 2 × caps_ratio) + min(1, emphatic_marks / 4)) / 2 × (1 − warmth)
//! intensity  = 1 − (1 − 0.75 × negativity) × (1 − cues) × (1 − 0.4 × emphasis)
//! ```
//!
//! `caps_ratio` is the share of the message's letters inside shouted runs;
//! `emphatic_marks` counts "!" and "?" beyond the first in each run of them ("!!!" is 2).
//! Each signal raises intensity independently and none can push it past 1. Repeats of a
//! kind count for less than the first (three "again"s are not three times as angry).
//! Warmth turns off the amplifiers in a clearly positive message ("I LOVE IT!!!"), unless
//! the praise is sarcastic. The weights are in [`CueKind::weight`].
//!
//! A customer is a churn risk when they threaten to leave, or when intensity is at least
//! 0.7 together with an escalation (legal, public) or a repeat contact, or when intensity
//! is at least 0.85 on its own.

use serde::{Deserialize, Serialize};

use super::cues::{Cue, CueKind, Findings};
use super::vader::Sentiment;

/// Intensity from the sentiment and the cues of one message, rounded to three places.
pub(crate) fn score(sentiment: &Sentiment, findings: &Findings) -> f64 {
    let sarcastic = findings.cues.iter().any(|cue| cue.kind == CueKind::Sarcasm);
    let warmth = if sarcastic { 0.0 } else { ((sentiment.compound - 0.05) / 0.45).clamp(0.0, 1.0) };
    let negativity = (-sentiment.compound).max(0.0);

    let load: f64 = CueKind::ALL
        .iter()
        .map(|&kind| {
            let count = findings.cues.iter().filter(|cue| cue.kind == kind).count();
            if count == 0 {
                return 0.0;
            }
            let repeats = (count - 1).min(2) as f64;
            let damping = if kind.is_amplifier() { 1.0 - warmth } else { 1.0 };
            kind.weight() * (1.0 + 0.5 * repeats) * damping
        })
        .sum();
    let cues = 1.0 - (-load).exp();

    let caps = (2.0 * findings.caps_ratio).min(1.0);
    let marks = (findings.emphatic_marks as f64 / 4.0).min(1.0);
    let emphasis = (caps + marks) / 2.0 * (1.0 - warmth);

    let intensity = 1.0 - (1.0 - 0.75 * negativity) * (1.0 - cues) * (1.0 - 0.4 * emphasis);
    (intensity.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// The churn rule described in the module documentation.
pub(crate) fn churn_risk(intensity: f64, cues: &[Cue]) -> bool {
    let has = |kind: CueKind| cues.iter().any(|cue| cue.kind == kind);
    has(CueKind::ThreatToLeave)
        || (intensity >= 0.7
            && (has(CueKind::LegalThreat) || has(CueKind::PublicEscalation) || has(CueKind::RepeatContact)))
        || intensity >= 0.85
}

/// Intensity in words, for people and for the composer: the apology's strength should
/// rise with the level (a calm question needs a plain answer; an angry customer needs
/// the strongest apology and a named person following up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntensityLevel {
    /// Below 0.2: a question, neutral or positive.
    Calm,
    /// 0.2 to 0.4: unhappy but composed.
    Uneasy,
    /// 0.4 to 0.6: clearly upset.
    Upset,
    /// 0.6 to 0.8: angry.
    Angry,
    /// 0.8 and above: furious.
    Furious,
}

impl IntensityLevel {
    /// The level of an intensity between 0 and 1.
    #[must_use]
    pub fn of(intensity: f64) -> Self {
        match intensity {
            x if x >= 0.8 => Self::Furious,
            x if x >= 0.6 => Self::Angry,
            x if x >= 0.4 => Self::Upset,
            x if x >= 0.2 => Self::Uneasy,
            _ => Self::Calm,
        }
    }

    /// The level's name in lowercase.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Calm => "calm",
            Self::Uneasy => "uneasy",
            Self::Upset => "upset",
            Self::Angry => "angry",
            Self::Furious => "furious",
        }
    }
}

/// What a reading suggests for a case's priority; the server maps it onto its own scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityHint {
    /// Nothing beyond the usual order of the queue.
    Normal,
    /// Intensity of 0.5 or more, a deadline, or a customer who has contacted us before.
    High,
    /// A churn risk, a legal or public escalation, or intensity of 0.8 or more.
    Urgent,
}

impl PriorityHint {
    /// The hint for a message (or thread) with this intensity, churn risk and cues.
    #[must_use]
    pub fn of(intensity: f64, churn_risk: bool, cues: &[Cue]) -> Self {
        let has = |kind: CueKind| cues.iter().any(|cue| cue.kind == kind);
        if churn_risk || intensity >= 0.8 || has(CueKind::LegalThreat) || has(CueKind::PublicEscalation) {
            Self::Urgent
        } else if intensity >= 0.5 || has(CueKind::Urgency) || has(CueKind::RepeatContact) {
            Self::High
        } else {
            Self::Normal
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn sentiment(compound: f64) -> Sentiment {
        Sentiment { compound, ..Sentiment::default() }
    }

    fn cue(kind: CueKind) -> Cue {
        Cue { kind, span: 0..1, text: String::new() }
    }

    fn findings(kinds: &[CueKind], caps_ratio: f64, emphatic_marks: usize) -> Findings {
        Findings { cues: kinds.iter().map(|&kind| cue(kind)).collect(), caps_ratio, emphatic_marks }
    }

    #[test]
    fn a_neutral_message_without_cues_is_calm() {
        assert_eq!(score(&sentiment(0.0), &findings(&[], 0.0, 0)), 0.0);
    }

    #[test]
    fn every_signal_raises_intensity() {
        let base = score(&sentiment(-0.5), &findings(&[], 0.0, 0));
        let more_negative = score(&sentiment(-0.9), &findings(&[], 0.0, 0));
        let with_threat = score(&sentiment(-0.5), &findings(&[CueKind::ThreatToLeave], 0.0, 0));
        let with_caps = score(&sentiment(-0.5), &findings(&[], 0.5, 0));
        let with_marks = score(&sentiment(-0.5), &findings(&[], 0.0, 3));
        for raised in [more_negative, with_threat, with_caps, with_marks] {
            assert!(raised > base, "{raised} should exceed {base}");
        }
    }

    #[test]
    fn repeats_count_for_less_and_stop_counting() {
        let once = score(&sentiment(0.0), &findings(&[CueKind::RepeatContact], 0.0, 0));
        let twice = score(&sentiment(0.0), &findings(&[CueKind::RepeatContact, CueKind::RepeatContact], 0.0, 0));
        let many = score(&sentiment(0.0), &findings(&[CueKind::RepeatContact; 3], 0.0, 0));
        let more = score(&sentiment(0.0), &findings(&[CueKind::RepeatContact; 9], 0.0, 0));
        assert!(once < twice && twice < many);
        assert_eq!(many, more);
    }

    #[test]
    fn happy_shouting_is_not_anger_unless_sarcastic() {
        let shouting = [CueKind::Shouting, CueKind::RepeatedPunctuation];
        let joy = score(&sentiment(0.8), &findings(&shouting, 1.0, 6));
        assert_eq!(joy, 0.0);
        let sarcasm = score(&sentiment(0.8), &findings(&[CueKind::Shouting, CueKind::Sarcasm], 1.0, 6));
        assert!(sarcasm > 0.4, "{sarcasm}");
    }

    #[test]
    fn intensity_stays_within_bounds() {
        let everything = findings(&[CueKind::ALL, CueKind::ALL].concat(), 1.0, 100);
        let worst = score(&sentiment(-1.0), &everything);
        assert!((0.0..=1.0).contains(&worst), "{worst}");
        assert!(worst > 0.95);
    }

    #[rstest]
    #[case(0.3, &[CueKind::ThreatToLeave], true)]
    #[case(0.75, &[CueKind::RepeatContact], true)]
    #[case(0.65, &[CueKind::RepeatContact], false)]
    #[case(0.55, &[CueKind::LegalThreat], false)]
    #[case(0.7, &[CueKind::TimeLost], false)]
    #[case(0.9, &[], true)]
    fn churn_rule(#[case] intensity: f64, #[case] kinds: &[CueKind], #[case] expected: bool) {
        let cues: Vec<Cue> = kinds.iter().map(|&kind| cue(kind)).collect();
        assert_eq!(churn_risk(intensity, &cues), expected);
    }

    #[rstest]
    #[case(0.0, IntensityLevel::Calm)]
    #[case(0.2, IntensityLevel::Uneasy)]
    #[case(0.45, IntensityLevel::Upset)]
    #[case(0.6, IntensityLevel::Angry)]
    #[case(0.99, IntensityLevel::Furious)]
    fn levels(#[case] intensity: f64, #[case] level: IntensityLevel) {
        assert_eq!(IntensityLevel::of(intensity), level);
    }

    #[rstest]
    #[case(0.1, false, &[], PriorityHint::Normal)]
    #[case(0.1, false, &[CueKind::Urgency], PriorityHint::High)]
    #[case(0.55, false, &[], PriorityHint::High)]
    #[case(0.3, false, &[CueKind::LegalThreat], PriorityHint::Urgent)]
    #[case(0.3, true, &[], PriorityHint::Urgent)]
    fn priority_hints(
        #[case] intensity: f64,
        #[case] churn: bool,
        #[case] kinds: &[CueKind],
        #[case] expected: PriorityHint,
    ) {
        let cues: Vec<Cue> = kinds.iter().map(|&kind| cue(kind)).collect();
        assert_eq!(PriorityHint::of(intensity, churn, &cues), expected);
    }
}
