//! What a complaint is about: a configurable taxonomy of categories, each recognized by
//! weighted keywords and phrases.
//!
//! A category's raw weight is the sum of the weights of its distinct terms found in the
//! message (a term repeated counts once). Categories whose raw weight reaches
//! `min_weight` share a score of 1 in proportion to their weights; the best
//! `max_categories` are returned with the spans that matched. When none reaches
//! `min_weight`, the reading is the fallback category ("other") with score 0 and no
//! evidence.
//!
//! Terms are lowercase words separated by single spaces, matched as whole words, ignoring
//! ASCII case and the kind of apostrophe; a term ending in `*` also matches longer words
//! ("refund*" matches "refunds", "refunded").

use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

/// The taxonomy as written in configuration: the `[listen]` section of `amends.toml`.
///
/// ```toml
/// [listen]
/// max_categories = 3
///
/// [[listen.categories]]
/// name = "delivery"
/// terms = { "never arrived" = 3, "tracking" = 2, "courier" = 2, "late" = 1.5 }
/// ```
///
/// Fields left out keep their defaults; `categories`, when given, replaces the built-in
/// list as a whole (print it with `amends analyze --print-taxonomy` to start from it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TaxonomyConfig {
    /// At most this many categories are returned (at least 1).
    pub max_categories: usize,
    /// Raw weight a category needs to count at all (greater than 0).
    pub min_weight: f64,
    /// The category reported when none counts.
    pub fallback: String,
    /// The categories, in order of preference when scores tie.
    pub categories: Vec<CategoryConfig>,
}

/// One category and the terms that recognize it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    /// The category's name, as reported.
    pub name: String,
    /// Term → weight (greater than 0).
    pub terms: BTreeMap<String, f64>,
}

impl Default for TaxonomyConfig {
    fn default() -> Self {
        Self { max_categories: 3, min_weight: 1.5, fallback: "other".to_owned(), categories: default_categories() }
    }
}

/// The built-in categories: the usual reasons customers complain to a shop or a service.
fn default_categories() -> Vec<CategoryConfig> {
    let category = |name: &str, terms: &[(&str, f64)]| CategoryConfig {
        name: name.to_owned(),
        terms: terms.iter().map(|&(term, weight)| (term.to_owned(), weight)).collect(),
    };
    vec![
        category(
            "delivery",
            &[
                ("delivery", 1.5),
                ("delivered", 1.5),
                ("deliver", 1.0),
                ("shipping", 1.5),
                ("shipment", 1.5),
                ("shipped", 1.5),
                ("package", 1.0),
                ("parcel", 1.5),
                ("tracking", 2.0),
                ("courier", 2.0),
                ("driver", 1.0),
                ("never arrived", 3.0),
                ("hasn't arrived", 3.0),
                ("has not arrived", 3.0),
                ("didn't arrive", 3.0),
                ("did not arrive", 3.0),
                ("not arrived", 3.0),
                ("still not here", 3.0),
                ("lost in transit", 3.0),
                ("out for delivery", 2.0),
                ("wrong address", 2.0),
                ("late", 1.5),
                ("delayed", 2.0),
                ("delay", 1.5),
                ("dispatch*", 1.5),
                ("usps", 1.5),
                ("ups", 1.0),
                ("fedex", 1.5),
                ("dhl", 1.5),
                ("royal mail", 1.5),
                ("doorstep", 1.0),
                ("porch", 1.0),
            ],
        ),
        category(
            "wrong_item",
            &[
                ("wrong item", 3.0),
                ("wrong size", 3.0),
                ("wrong colour", 3.0),
                ("wrong color", 3.0),
                ("wrong product", 3.0),
                ("wrong one", 2.0),
                ("sent me the wrong", 3.0),
                ("not what i ordered", 3.0),
                ("isn't what i ordered", 3.0),
                ("not the one i", 2.5),
                ("instead of", 1.0),
                ("different item", 2.0),
                ("incorrect item", 3.0),
                ("missing item*", 2.5),
                ("item missing", 2.5),
                ("items missing", 2.5),
                ("missing from", 2.0),
                ("someone else's order", 3.0),
                ("mixed up", 1.5),
                ("mix-up", 1.5),
            ],
        ),
        category(
            "damaged_or_defective",
            &[
                ("damaged", 3.0),
                ("broken", 2.5),
                ("broke", 2.0),
                ("cracked", 2.5),
                ("smashed", 2.5),
                ("shattered", 2.5),
                ("dented", 2.0),
                ("torn", 2.0),
                ("ripped", 2.0),
                ("tear", 2.0),
                ("replacement", 1.0),
                ("chipped", 2.0),
                ("scratched", 2.0),
                ("stained", 2.0),
                ("defective", 3.0),
                ("faulty", 3.0),
                ("doesn't work", 2.0),
                ("does not work", 2.0),
                ("stopped working", 3.0),
                ("won't turn on", 3.0),
                ("malfunction*", 3.0),
                ("dead on arrival", 3.0),
                ("fell apart", 3.0),
                ("leak*", 2.0),
                ("poor quality", 2.0),
                ("cheaply made", 2.0),
                ("expired", 2.0),
                ("spoiled", 2.0),
                ("mouldy", 2.0),
                ("moldy", 2.0),
            ],
        ),
        category(
            "billing",
            &[
                ("charged", 2.0),
                ("charge", 1.5),
                ("charges", 1.5),
                ("charged twice", 3.0),
                ("double charged", 3.0),
                ("overcharged", 3.0),
                ("bill", 1.5),
                ("billed", 2.0),
                ("billing", 2.0),
                ("invoice", 2.0),
                ("payment", 1.5),
                ("paid", 1.0),
                ("credit card", 1.5),
                ("my card", 1.5),
                ("unauthori*", 2.0),
                ("subscription", 1.0),
                ("fee", 1.5),
                ("fees", 1.5),
                ("price", 1.0),
                ("prices", 1.0),
                ("discount code", 1.5),
                ("promo code", 1.5),
                ("coupon", 1.5),
                ("auto-renew*", 2.0),
                ("renewal", 1.5),
                ("direct debit", 2.0),
                ("statement", 1.0),
            ],
        ),
        category(
            "refund",
            &[
                ("refund*", 3.0),
                ("money back", 3.0),
                ("reimburse*", 3.0),
                ("return label", 2.0),
                ("return", 1.5),
                ("returned", 1.5),
                ("store credit", 2.0),
                ("chargeback", 2.0),
                ("exchange", 1.0),
            ],
        ),
        category(
            "account",
            &[
                ("account", 1.5),
                ("log in", 2.0),
                ("login", 2.0),
                ("logged out", 2.0),
                ("sign in", 2.0),
                ("password", 2.5),
                ("locked out", 3.0),
                ("reset", 1.0),
                ("username", 2.0),
                ("two-factor", 2.0),
                ("2fa", 2.0),
                ("verification code", 2.0),
                ("profile", 1.5),
                ("hacked", 2.5),
                ("suspended", 2.0),
                ("saved addresses", 1.5),
                ("loyalty points", 2.0),
            ],
        ),
        category(
            "outage",
            &[
                ("outage", 3.0),
                ("is down", 2.5),
                ("was down", 2.5),
                ("been down", 2.5),
                ("went down", 2.5),
                ("still down", 2.5),
                ("not loading", 2.5),
                ("won't load", 2.5),
                ("can't connect", 2.5),
                ("cannot connect", 2.5),
                ("no service", 3.0),
                ("no internet", 3.0),
                ("no signal", 2.5),
                ("crash*", 2.0),
                ("error", 1.5),
                ("offline", 2.0),
                ("unavailable", 2.0),
                ("not responding", 2.0),
                ("power cut", 3.0),
                ("disconnect*", 2.0),
                ("keeps dropping", 2.5),
                ("status page", 2.0),
                ("website", 1.0),
                ("app", 1.0),
                ("service has been out", 3.0),
            ],
        ),
        category(
            "staff_conduct",
            &[
                ("rude", 3.0),
                ("rudely", 3.0),
                ("hung up", 3.0),
                ("unprofessional", 3.0),
                ("attitude", 2.0),
                ("yelled", 2.5),
                ("shouted at", 3.0),
                ("laughed at", 3.0),
                ("condescending", 3.0),
                ("dismissive", 3.0),
                ("talked down", 3.0),
                ("lied", 2.5),
                ("arrogant", 3.0),
                ("harass*", 3.0),
                ("ignored me", 2.5),
                ("ignored my", 2.0),
                ("rolled his eyes", 3.0),
                ("rolled her eyes", 3.0),
                ("agent", 1.0),
                ("representative", 1.0),
                ("staff", 1.0),
                ("employee", 1.0),
                ("manager", 1.0),
                ("cashier", 1.0),
                ("technician", 1.0),
            ],
        ),
    ]
}

/// A problem with a taxonomy's configuration.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TaxonomyError {
    /// `max_categories` was 0.
    #[error("max_categories must be at least 1")]
    NoCategoriesAllowed,
    /// `min_weight` was not a positive number.
    #[error("min_weight must be a positive number, not {0}")]
    BadMinWeight(f64),
    /// A category or the fallback had an empty name.
    #[error("category names must not be empty")]
    EmptyName,
    /// Two categories (or a category and the fallback) share a name.
    #[error("category {0:?} is defined twice (or is also the fallback)")]
    DuplicateName(String),
    /// A category had no terms.
    #[error("category {0:?} has no terms")]
    NoTerms(String),
    /// A term is not lowercase words separated by single spaces, with an optional
    /// trailing `*`.
    #[error(
        "category {category:?}: term {term:?} must be lowercase words separated by single spaces, optionally ending in *"
    )]
    BadTerm {
        /// The category the term belongs to.
        category: String,
        /// The term as written.
        term: String,
    },
    /// The terms are too many to compile.
    #[error("the taxonomy's terms are too many to compile: {0}")]
    TooLarge(String),
    /// A term's weight was not a positive number.
    #[error("category {category:?}: term {term:?} needs a positive weight, not {weight}")]
    BadWeight {
        /// The category the term belongs to.
        category: String,
        /// The term as written.
        term: String,
        /// The weight as written.
        weight: f64,
    },
}

/// A taxonomy ready for matching, built from a [`TaxonomyConfig`] by [`Taxonomy::new`]
/// (or deserialized from one directly). Build it once and share it: building compiles an
/// automaton over every term.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "TaxonomyConfig", into = "TaxonomyConfig")]
pub struct Taxonomy {
    config: TaxonomyConfig,
    automaton: AhoCorasick,
    /// For each automaton pattern: which category and term it belongs to.
    patterns: Vec<PatternTerm>,
}

#[derive(Debug, Clone, Copy)]
struct PatternTerm {
    category: usize,
    term: usize,
    weight: f64,
    /// The term ended in `*`: the match extends over the rest of the word.
    prefix: bool,
}

/// One category a message is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryMatch {
    /// The category's name.
    pub name: String,
    /// Its share of the evidence (0–1, three places); 0 for the fallback.
    pub score: f64,
    /// Where the message mentions it, in text order.
    pub evidence: Vec<Evidence>,
}

/// A place in the message that points to a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Byte offsets into the analyzed text; serialized as `[start, end]`.
    #[serde(with = "super::span")]
    pub span: Range<usize>,
    /// The text under `span`.
    pub text: String,
}

impl Default for Taxonomy {
    fn default() -> Self {
        Self::new(TaxonomyConfig::default()).unwrap_or_else(|err| panic!("the built-in taxonomy is valid: {err}"))
    }
}

impl TryFrom<TaxonomyConfig> for Taxonomy {
    type Error = TaxonomyError;

    fn try_from(config: TaxonomyConfig) -> Result<Self, Self::Error> {
        Self::new(config)
    }
}

impl From<Taxonomy> for TaxonomyConfig {
    fn from(taxonomy: Taxonomy) -> Self {
        taxonomy.config
    }
}

impl Taxonomy {
    /// Checks `config` and compiles its terms.
    ///
    /// # Errors
    /// A [`TaxonomyError`] naming the first problem found.
    pub fn new(config: TaxonomyConfig) -> Result<Self, TaxonomyError> {
        validate(&config)?;
        let mut needles: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        for (category, definition) in config.categories.iter().enumerate() {
            for (term, (written, &weight)) in definition.terms.iter().enumerate() {
                let prefix = written.ends_with('*');
                let needle = written.trim_end_matches('*');
                let mut add = |needle: String| {
                    needles.push(needle);
                    patterns.push(PatternTerm { category, term, weight, prefix });
                };
                add(needle.to_owned());
                if needle.contains('\'') {
                    add(needle.replace('\'', "’"));
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&needles)
            .map_err(|err| TaxonomyError::TooLarge(err.to_string()))?;
        Ok(Self { config, automaton, patterns })
    }

    /// The configuration this taxonomy was built from.
    #[must_use]
    pub fn config(&self) -> &TaxonomyConfig {
        &self.config
    }

    /// The categories `own` (the customer's words, quoted material blanked) is about, best
    /// first, with evidence read from `original` (same offsets).
    pub(crate) fn categorize(&self, own: &str, original: &str) -> Vec<CategoryMatch> {
        let matches = self.term_matches(own);
        let categories = &self.config.categories;
        let mut weights = vec![0.0; categories.len()];
        let mut evidence: Vec<Vec<Range<usize>>> = vec![Vec::new(); categories.len()];
        // Distinct terms seen; bounded by the number of terms however long the text.
        let mut counted: Vec<(usize, usize)> = Vec::new();
        for (pattern, span) in matches {
            let key = (pattern.category, pattern.term);
            if !counted.contains(&key) {
                counted.push(key);
                weights[pattern.category] += pattern.weight;
            }
            evidence[pattern.category].push(span);
        }

        let qualifying: Vec<usize> =
            (0..categories.len()).filter(|&category| weights[category] >= self.config.min_weight).collect();
        let total: f64 = qualifying.iter().map(|&category| weights[category]).sum();
        let mut ranked = qualifying;
        // Stable sort: equal weights keep the configured order.
        ranked.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]));
        ranked.truncate(self.config.max_categories);
        if ranked.is_empty() {
            return vec![CategoryMatch { name: self.config.fallback.clone(), score: 0.0, evidence: Vec::new() }];
        }
        ranked
            .into_iter()
            .map(|category| CategoryMatch {
                name: categories[category].name.clone(),
                score: (weights[category] / total * 1000.0).round() / 1000.0,
                evidence: spans_to_evidence(std::mem::take(&mut evidence[category]), original),
            })
            .collect()
    }

    /// Every whole-word match of a term in `text`.
    fn term_matches(&self, text: &str) -> Vec<(PatternTerm, Range<usize>)> {
        // Line breaks and tabs between the words of a phrase count as spaces; the copy
        // has the same byte offsets.
        let flattened: std::borrow::Cow<'_, str> =
            if text.contains(['\n', '\r', '\t']) { text.replace(['\n', '\r', '\t'], " ").into() } else { text.into() };
        let mut found = Vec::new();
        for matched in self.automaton.find_overlapping_iter(flattened.as_ref()) {
            let pattern = self.patterns[matched.pattern().as_usize()];
            let (start, mut end) = (matched.start(), matched.end());
            if ends_inside_word(&flattened[..start]) {
                continue;
            }
            let rest = &flattened[end..];
            if pattern.prefix {
                end += rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
            } else if rest.chars().next().is_some_and(is_word_char) {
                continue;
            }
            found.push((pattern, start..end));
        }
        found
    }
}

/// Whether the text before a match ends in the middle of a word.
fn ends_inside_word(before: &str) -> bool {
    before.chars().next_back().is_some_and(is_word_char)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Evidence in text order; of two overlapping spans only the longer is kept ("never
/// arrived" rather than also "arrived").
fn spans_to_evidence(mut spans: Vec<Range<usize>>, original: &str) -> Vec<Evidence> {
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match kept.last_mut() {
            Some(last) if span.start < last.end => {
                if span.end - span.start > last.end - last.start {
                    *last = span;
                }
            }
            _ => kept.push(span),
        }
    }
    kept.into_iter().map(|span| Evidence { text: original[span.clone()].to_owned(), span }).collect()
}

fn validate(config: &TaxonomyConfig) -> Result<(), TaxonomyError> {
    if config.max_categories == 0 {
        return Err(TaxonomyError::NoCategoriesAllowed);
    }
    if !(config.min_weight.is_finite() && config.min_weight > 0.0) {
        return Err(TaxonomyError::BadMinWeight(config.min_weight));
    }
    if config.fallback.trim().is_empty() {
        return Err(TaxonomyError::EmptyName);
    }
    let mut names = vec![config.fallback.as_str()];
    for category in &config.categories {
        if category.name.trim().is_empty() {
            return Err(TaxonomyError::EmptyName);
        }
        if names.contains(&category.name.as_str()) {
            return Err(TaxonomyError::DuplicateName(category.name.clone()));
        }
        names.push(&category.name);
        if category.terms.is_empty() {
            return Err(TaxonomyError::NoTerms(category.name.clone()));
        }
        for (term, &weight) in &category.terms {
            if !is_valid_term(term) {
                return Err(TaxonomyError::BadTerm { category: category.name.clone(), term: term.clone() });
            }
            if !(weight.is_finite() && weight > 0.0) {
                return Err(TaxonomyError::BadWeight { category: category.name.clone(), term: term.clone(), weight });
            }
        }
    }
    Ok(())
}

/// Lowercase words separated by single spaces, with an optional `*` at the very end.
fn is_valid_term(term: &str) -> bool {
    let body = term.strip_suffix('*').unwrap_or(term);
    !body.is_empty()
        && !body.contains('*')
        && body.split(' ').all(|word| !word.is_empty())
        && !body.chars().any(|c| c.is_whitespace() && c != ' ')
        && body == body.to_lowercase()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn names(text: &str) -> Vec<String> {
        Taxonomy::default().categorize(text, text).into_iter().map(|category| category.name).collect()
    }

    #[rstest]
    #[case("My package never arrived and the tracking page is useless.", "delivery")]
    #[case("You sent me the wrong size.", "wrong_item")]
    #[case("The screen was cracked and the charger is faulty.", "damaged_or_defective")]
    #[case("You charged my card twice for one order.", "billing")]
    #[case("Where is my refund? I want my money back.", "refund")]
    #[case("I'm locked out and the password reset never comes.", "account")]
    #[case("Your website is down again, total outage.", "outage")]
    #[case("The agent was rude and hung up on me.", "staff_conduct")]
    fn default_categories_recognize_typical_complaints(#[case] text: &str, #[case] best: &str) {
        assert_eq!(names(text).first().map(String::as_str), Some(best), "{text}");
    }

    #[test]
    fn nothing_recognizable_is_the_fallback_with_no_evidence() {
        let categories = Taxonomy::default().categorize("Thanks, have a nice day!", "Thanks, have a nice day!");
        assert_eq!(categories, vec![CategoryMatch { name: "other".to_owned(), score: 0.0, evidence: vec![] }]);
    }

    #[test]
    fn scores_share_the_evidence_and_keep_spans() {
        let text = "The parcel never arrived and I want a refund.";
        let categories = Taxonomy::default().categorize(text, text);
        let summary: Vec<(&str, f64, Vec<&str>)> = categories
            .iter()
            .map(|category| {
                let evidence = category.evidence.iter().map(|e| e.text.as_str()).collect();
                (category.name.as_str(), category.score, evidence)
            })
            .collect();
        assert_eq!(summary, vec![("delivery", 0.6, vec!["parcel", "never arrived"]), ("refund", 0.4, vec!["refund"]),]);
    }

    #[rstest]
    #[case("It's translated badly.", "delivery")] // "late" inside "translated"
    #[case("The chocolate was lovely.", "delivery")] // "late" inside "chocolate"
    #[case("Your apps are great.", "outage")] // "app" is not a prefix term
    fn matches_whole_words_only(#[case] text: &str, #[case] absent: &str) {
        assert!(!names(text).iter().any(|name| name == absent), "{text}: {:?}", names(text));
    }

    #[test]
    fn prefix_terms_match_longer_words_and_curly_apostrophes_match() {
        let text = "Refunded?? It hasn’t arrived, the DISPATCHED box.";
        let categories = Taxonomy::default().categorize(text, text);
        let evidence: Vec<&str> =
            categories.iter().flat_map(|category| category.evidence.iter().map(|e| e.text.as_str())).collect();
        assert!(evidence.contains(&"Refunded"), "{evidence:?}");
        assert!(evidence.contains(&"hasn’t arrived"), "{evidence:?}");
        assert!(evidence.contains(&"DISPATCHED"), "{evidence:?}");
    }

    #[test]
    fn phrases_match_across_line_breaks() {
        let text = "it never\narrived";
        assert_eq!(names(text), vec!["delivery"]);
    }

    #[test]
    fn a_custom_taxonomy_parses_from_toml() {
        let toml_text = r#"
            max_categories = 1
            min_weight = 1

            [[categories]]
            name = "sizing"
            terms = { "too small" = 2, "too big" = 2, "size*" = 1 }
        "#;
        let taxonomy: Taxonomy = toml::from_str(toml_text).expect("valid taxonomy");
        let text = "Way too small, the sizes run tiny.";
        let categories = taxonomy.categorize(text, text);
        assert_eq!(categories.len(), 1);
        assert_eq!(categories[0].name, "sizing");
        assert_eq!(taxonomy.config().fallback, "other");
    }

    #[rstest]
    #[case("max_categories = 0", "max_categories must be at least 1")]
    #[case("min_weight = -1", "min_weight must be a positive number")]
    #[case("[[categories]]\nname = \"a\"\nterms = { \"Upper\" = 1 }", "must be lowercase words")]
    #[case("[[categories]]\nname = \"a\"\nterms = { \"x\" = 0 }", "needs a positive weight")]
    #[case("[[categories]]\nname = \"other\"\nterms = { \"x\" = 1 }", "defined twice")]
    #[case("[[categories]]\nname = \"a\"\nterms = {}", "has no terms")]
    #[case("colour = \"blue\"", "unknown field")]
    #[case("[[categories]]\nname = \"a\"\nterms = { \"x\" = 1 }\nweight = 2", "unknown field")]
    fn bad_configurations_are_rejected(#[case] toml_text: &str, #[case] message: &str) {
        let err = toml::from_str::<Taxonomy>(toml_text).expect_err("invalid taxonomy");
        assert!(err.to_string().contains(message), "{err}");
    }

    #[test]
    fn the_default_configuration_round_trips_through_toml() {
        let config = TaxonomyConfig::default();
        let written = toml::to_string(&config).expect("serializes");
        let read: TaxonomyConfig = toml::from_str(&written).expect("parses");
        assert_eq!(read, config);
    }

    #[rstest]
    #[case("late", true)]
    #[case("never arrived", true)]
    #[case("refund*", true)]
    #[case("", false)]
    #[case("*", false)]
    #[case("two  spaces", false)]
    #[case(" leading", false)]
    #[case("mid*dle", false)]
    #[case("Capital", false)]
    #[case("tab\tbed", false)]
    fn term_syntax(#[case] term: &str, #[case] valid: bool) {
        assert_eq!(is_valid_term(term), valid);
    }
}
