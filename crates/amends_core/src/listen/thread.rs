//! The reading of a burst of messages from one customer, taken as one complaint: each
//! message's analysis, the combined reading, the peak and the trend.
//!
//! - **sentiment**: the mean of the messages' scores.
//! - **peak**: the first message with the highest intensity.
//! - **intensity**: the peak's, raised when the anger is sustained:
//!   `1 − (1 − peak) × (1 − 0.25 × s)`, where `s` is the share of the other messages
//!   with an intensity of 0.4 or more.
//! - **trend**: the last message's intensity against the mean of the earlier ones: at
//!   least 0.15 higher is `heating_up`, at least 0.15 lower is `calming_down`, anything
//!   else (or a single message) is `steady`.
//! - **churn_risk**: any message is a churn risk, or the customer is heating up and the
//!   thread's intensity is 0.7 or more.
//! - **categories**: each message's category scores summed over the burst and shared
//!   out again; the fallback only when no message has a category.

use serde::{Deserialize, Serialize};

use super::intensity::PriorityHint;
use super::{Analysis, IntensityLevel, Sentiment, Taxonomy, analyze};

/// Change of intensity, from the earlier messages' mean to the last message, that counts
/// as a trend.
const TREND_THRESHOLD: f64 = 0.15;

/// The reading of a burst of messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadAnalysis {
    /// Each message's own analysis, in order.
    pub messages: Vec<Analysis>,
    /// The mean of the messages' sentiment scores.
    pub sentiment: Sentiment,
    /// The thread's intensity (0–1): the peak, raised when the anger is sustained.
    pub intensity: f64,
    /// Whether the customer may leave.
    pub churn_risk: bool,
    /// The most intense message; absent for an empty thread.
    pub peak: Option<Peak>,
    /// Whether the customer is heating up, calming down or steady.
    pub trend: Trend,
    /// What the thread is about, best first.
    pub categories: Vec<ThreadCategory>,
}

/// The most intense message of a thread.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Peak {
    /// Its position in the thread, from 0.
    pub index: usize,
    /// Its intensity.
    pub intensity: f64,
}

/// Where a customer's mood is going over a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// The last message is clearly more intense than the ones before.
    HeatingUp,
    /// The last message is clearly calmer than the ones before.
    CalmingDown,
    /// Neither, or only one message.
    Steady,
}

impl Trend {
    /// The trend's snake_case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HeatingUp => "heating_up",
            Self::CalmingDown => "calming_down",
            Self::Steady => "steady",
        }
    }
}

/// A category of a whole thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadCategory {
    /// The category's name.
    pub name: String,
    /// Its share of the thread's evidence (0–1, three places); 0 for the fallback.
    pub score: f64,
}

impl ThreadAnalysis {
    /// The thread's intensity in words.
    #[must_use]
    pub fn level(&self) -> IntensityLevel {
        IntensityLevel::of(self.intensity)
    }

    /// What the thread suggests for the case's priority.
    #[must_use]
    pub fn priority_hint(&self) -> PriorityHint {
        let cues: Vec<_> = self.messages.iter().flat_map(|message| message.cues.iter().cloned()).collect();
        PriorityHint::of(self.intensity, self.churn_risk, &cues)
    }
}

/// Analyzes a burst of messages from one customer, oldest first.
#[must_use]
pub fn analyze_thread<S: AsRef<str>>(messages: &[S], taxonomy: &Taxonomy) -> ThreadAnalysis {
    let messages: Vec<Analysis> = messages.iter().map(|message| analyze(message.as_ref(), taxonomy)).collect();
    let intensities: Vec<f64> = messages.iter().map(|message| message.intensity).collect();
    let peak = peak(&intensities);
    let intensity = peak.map_or(0.0, |peak| sustained_intensity(&intensities, peak));
    let trend = trend(&intensities);
    let churn_risk =
        messages.iter().any(|message| message.churn_risk) || (trend == Trend::HeatingUp && intensity >= 0.7);
    ThreadAnalysis {
        sentiment: mean_sentiment(&messages),
        categories: combined_categories(&messages, taxonomy),
        messages,
        intensity,
        churn_risk,
        peak,
        trend,
    }
}

fn peak(intensities: &[f64]) -> Option<Peak> {
    let mut best: Option<Peak> = None;
    for (index, &intensity) in intensities.iter().enumerate() {
        if best.is_none_or(|best| intensity > best.intensity) {
            best = Some(Peak { index, intensity });
        }
    }
    best
}

fn sustained_intensity(intensities: &[f64], peak: Peak) -> f64 {
    let others = intensities.len() - 1;
    if others == 0 {
        return peak.intensity;
    }
    let upset_others =
        intensities.iter().enumerate().filter(|&(index, &intensity)| index != peak.index && intensity >= 0.4).count();
    let sustained = upset_others as f64 / others as f64;
    let raised = 1.0 - (1.0 - peak.intensity) * (1.0 - 0.25 * sustained);
    (raised * 1000.0).round() / 1000.0
}

fn trend(intensities: &[f64]) -> Trend {
    let Some((&last, earlier)) = intensities.split_last() else {
        return Trend::Steady;
    };
    if earlier.is_empty() {
        return Trend::Steady;
    }
    let earlier_mean = earlier.iter().sum::<f64>() / earlier.len() as f64;
    let change = last - earlier_mean;
    if change >= TREND_THRESHOLD {
        Trend::HeatingUp
    } else if change <= -TREND_THRESHOLD {
        Trend::CalmingDown
    } else {
        Trend::Steady
    }
}

fn mean_sentiment(messages: &[Analysis]) -> Sentiment {
    if messages.is_empty() {
        return Sentiment::default();
    }
    let count = messages.len() as f64;
    let mean = |field: fn(&Sentiment) -> f64, places: f64| {
        let sum: f64 = messages.iter().map(|message| field(&message.sentiment)).sum();
        (sum / count * places).round() / places
    };
    Sentiment {
        compound: mean(|s| s.compound, 1e4),
        pos: mean(|s| s.pos, 1e3),
        neu: mean(|s| s.neu, 1e3),
        neg: mean(|s| s.neg, 1e3),
    }
}

fn combined_categories(messages: &[Analysis], taxonomy: &Taxonomy) -> Vec<ThreadCategory> {
    let config = taxonomy.config();
    // Summed per category, in the taxonomy's order so that ties keep it.
    let mut sums: Vec<(String, f64)> = config.categories.iter().map(|category| (category.name.clone(), 0.0)).collect();
    for category in messages.iter().flat_map(|message| &message.categories) {
        if let Some(sum) = sums.iter_mut().find(|(name, _)| *name == category.name) {
            sum.1 += category.score;
        }
    }
    sums.retain(|(_, sum)| *sum > 0.0);
    let total: f64 = sums.iter().map(|(_, sum)| sum).sum();
    sums.sort_by(|a, b| b.1.total_cmp(&a.1));
    sums.truncate(config.max_categories);
    if sums.is_empty() {
        return vec![ThreadCategory { name: config.fallback.clone(), score: 0.0 }];
    }
    sums.into_iter()
        .map(|(name, sum)| ThreadCategory { name, score: (sum / total * 1000.0).round() / 1000.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case(&[], Trend::Steady)]
    #[case(&[0.9], Trend::Steady)]
    #[case(&[0.2, 0.3, 0.7], Trend::HeatingUp)]
    #[case(&[0.8, 0.7, 0.3], Trend::CalmingDown)]
    #[case(&[0.5, 0.3, 0.45], Trend::Steady)]
    fn trend_compares_the_last_message_with_the_earlier_mean(#[case] intensities: &[f64], #[case] expected: Trend) {
        assert_eq!(trend(intensities), expected);
    }

    #[test]
    fn the_peak_is_the_first_highest_message() {
        assert_eq!(peak(&[0.2, 0.7, 0.7, 0.1]), Some(Peak { index: 1, intensity: 0.7 }));
        assert_eq!(peak(&[]), None);
    }

    #[test]
    fn sustained_anger_raises_the_thread_above_its_peak() {
        let lone = sustained_intensity(&[0.1, 0.8, 0.1], Peak { index: 1, intensity: 0.8 });
        let sustained = sustained_intensity(&[0.6, 0.8, 0.5], Peak { index: 1, intensity: 0.8 });
        assert_eq!(lone, 0.8);
        assert!(sustained > 0.8 && sustained <= 1.0, "{sustained}");
    }

    #[test]
    fn a_customer_calming_down_after_an_apology() {
        let thread = [
            "WHERE IS MY ORDER??? I paid for express shipping!",
            "This is the third time I've asked. If it isn't here tomorrow I will cancel my account.",
            "Ok, thanks for the call, that makes sense. I appreciate the help.",
        ];
        let reading = analyze_thread(&thread, &Taxonomy::default());
        assert_eq!(reading.messages.len(), 3);
        assert_eq!(reading.peak.map(|peak| peak.index), Some(1));
        assert_eq!(reading.trend, Trend::CalmingDown);
        assert!(reading.churn_risk, "an earlier threat to leave still counts");
        assert_eq!(reading.categories[0].name, "delivery");
        assert!(reading.intensity >= reading.messages[1].intensity);
    }

    #[test]
    fn a_customer_heating_up() {
        let thread =
            ["Hi, any news on my order?", "Still nothing. This is getting ridiculous, I've been waiting two weeks!!"];
        let reading = analyze_thread(&thread, &Taxonomy::default());
        assert_eq!(reading.trend, Trend::HeatingUp);
        assert_eq!(reading.peak.map(|peak| peak.index), Some(1));
    }

    #[test]
    fn an_empty_thread_reads_as_nothing() {
        let reading = analyze_thread::<&str>(&[], &Taxonomy::default());
        assert_eq!(reading.peak, None);
        assert_eq!(reading.intensity, 0.0);
        assert_eq!(reading.trend, Trend::Steady);
        assert_eq!(reading.categories[0].name, "other");
    }
}
