//! Listening: before apologizing, understand the customer. Reads an inbound message and
//! says how upset the customer is, why, and what it is about.
//!
//! - [`analyze`] reads one message: VADER [`Sentiment`], [`Cue`]s with their spans
//!   (shouting, profanity, threats to leave, escalation, time and money lost, urgency,
//!   repeat contact, sarcasm), an intensity from 0 to 1, a churn-risk flag and the
//!   [`Taxonomy`] categories with evidence.
//! - [`analyze_thread`] reads a burst of messages as one complaint, with its peak and
//!   trend.
//! - [`Analysis::level`] and [`Analysis::priority_hint`] map the reading onto the
//!   apology's strength (composer) and the case's priority (server).
//!
//! Everything is a pure function of the text: no I/O, no clock. Lines quoting earlier
//! messages (`>`, "On … wrote:", "-----Original Message-----") are not the customer's new
//! words and are ignored, but every span still points into the text as given.
//!
//! ```
//! use amends_core::listen::{CueKind, Taxonomy, analyze};
//!
//! let taxonomy = Taxonomy::default(); // build once, share
//! let reading = analyze("Third time asking: WHERE IS MY REFUND?? I'll cancel my account.", &taxonomy);
//! assert!(reading.churn_risk);
//! assert!(reading.has_cue(CueKind::RepeatContact));
//! assert_eq!(reading.categories[0].name, "refund");
//! ```

pub mod category;
pub mod cues;
pub mod intensity;
mod own_words;
mod span;
pub mod thread;
pub mod vader;

use serde::{Deserialize, Serialize};

pub use category::{CategoryConfig, CategoryMatch, Evidence, Taxonomy, TaxonomyConfig, TaxonomyError};
pub use cues::{Cue, CueKind};
pub use intensity::{IntensityLevel, PriorityHint};
pub use thread::{Peak, ThreadAnalysis, ThreadCategory, Trend, analyze_thread};
pub use vader::Sentiment;

/// The reading of one message. Serializes to the JSON of `amends analyze --format json`:
/// `{"sentiment": {"compound", "pos", "neu", "neg"}, "intensity", "churn_risk",
/// "cues": [{"kind", "span", "text"}], "categories": [{"name", "score", "evidence"}]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// VADER's scores for the customer's own words.
    pub sentiment: Sentiment,
    /// How upset the customer is, from 0 (calm) to 1, rounded to three places; see
    /// [`intensity`] for the formula.
    pub intensity: f64,
    /// Whether the customer may leave; see [`intensity`] for the rule.
    pub churn_risk: bool,
    /// Every cue found, in text order.
    pub cues: Vec<Cue>,
    /// What the message is about, best first; never empty (the taxonomy's fallback when
    /// nothing matches).
    pub categories: Vec<CategoryMatch>,
}

impl Analysis {
    /// Intensity in words; the composer should scale the apology with it.
    #[must_use]
    pub fn level(&self) -> IntensityLevel {
        IntensityLevel::of(self.intensity)
    }

    /// What this message suggests for the case's priority.
    #[must_use]
    pub fn priority_hint(&self) -> PriorityHint {
        PriorityHint::of(self.intensity, self.churn_risk, &self.cues)
    }

    /// Whether any cue of `kind` was found.
    #[must_use]
    pub fn has_cue(&self, kind: CueKind) -> bool {
        self.cues.iter().any(|cue| cue.kind == kind)
    }
}

/// Analyzes one message from a customer.
///
/// Spans in the result are byte offsets into `text`. Never panics; time and memory are
/// linear in the length of `text` (up to a log factor).
#[must_use]
pub fn analyze(text: &str, taxonomy: &Taxonomy) -> Analysis {
    let own = own_words::own_words(text);
    let sentiment = vader::polarity_scores(&own);
    let findings = cues::find(&own, text);
    let intensity = intensity::score(&sentiment, &findings);
    let churn_risk = intensity::churn_risk(intensity, &findings.cues);
    Analysis { sentiment, intensity, churn_risk, categories: taxonomy.categorize(&own, text), cues: findings.cues }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_replies_do_not_count() {
        let taxonomy = Taxonomy::default();
        let text = "Thanks, that's sorted now.\n\n> We're so sorry your parcel never arrived!!! \
                    We'll refund you.\n";
        let reading = analyze(text, &taxonomy);
        assert!(reading.cues.is_empty(), "{:?}", reading.cues);
        assert_eq!(reading.categories[0].name, "other");
        assert!(reading.sentiment.compound > 0.0);
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let taxonomy = Taxonomy::default();
        let text = "> quoted “line”\nTHIS IS A JOKE, my parcel never arrived!!!";
        let reading = analyze(text, &taxonomy);
        for cue in &reading.cues {
            assert_eq!(text[cue.span.clone()], cue.text);
        }
        for evidence in reading.categories.iter().flat_map(|c| &c.evidence) {
            assert_eq!(text[evidence.span.clone()], evidence.text);
        }
        assert!(reading.has_cue(CueKind::Shouting));
    }

    #[test]
    fn json_has_exactly_the_contracted_shape() {
        let reading = analyze("Cancel my account NOW!!", &Taxonomy::default());
        let text = serde_json::to_string(&reading).unwrap_or_default();
        assert!(text.starts_with(r#"{"sentiment":{"compound":"#), "fields in contract order: {text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let mut keys: Vec<&str> =
            json.as_object().map(|object| object.keys().map(String::as_str).collect()).unwrap_or_default();
        keys.sort_unstable();
        assert_eq!(keys, vec!["categories", "churn_risk", "cues", "intensity", "sentiment"]);
        assert_eq!(json["cues"][0]["span"], serde_json::json!([0, 17]));
        assert_eq!(json["cues"][0]["kind"], "threat_to_leave");
        let round_trip: Analysis = serde_json::from_value(json).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(round_trip, reading);
    }
}
