//! Spelling and grammar checking for amends (rules ST301 and ST302), over Automattic's
//! [`harper_core`].
//!
//! [`HarperChecker`] implements [`amends_core::prose::ProseChecker`]. Constructing one is
//! free; harper's curated dictionary and rule group (about 1 s together on a quiet
//! machine) load once, on the first check that asks for spelling or grammar, or on
//! [`HarperChecker::warm_up`].
//!
//! ```
//! use amends_core::prose::{Dialect, ProseChecker, ProseKind, ProseRequest};
//! use amends_prose::HarperChecker;
//!
//! let checker = HarperChecker::new(Dialect::British);
//! let request = ProseRequest { spelling: true, grammar: true };
//! let findings = checker.check("Dana, we apologise for the dealy.", &["Dana"], request);
//! assert_eq!(findings[0].kind, ProseKind::Spelling);
//! assert_eq!(findings[0].suggestion.as_deref(), Some("delay"));
//! ```
//!
//! What runs:
//! - spelling: every word against harper's curated dictionary (plus the caller's known
//!   names) for the dialect, with harper's fuzzy search for the suggestion;
//! - grammar: the reviewed short list of harper rules ([`enabled_grammar_rules`]), never
//!   all of them (about 15 ms an email), and only on the sentences that contain the words
//!   one of those rules looks for, because harper's parse costs about 75 µs a token.

mod email_parser;
mod grammar_rules;
mod known_words;
mod offsets;
mod prefilter;
mod spelling;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use amends_core::prose::{Dialect, ProseChecker, ProseFinding, ProseKind, ProseRequest};
use harper_core::linting::{FlatConfig, Lint, LintGroup, Suggestion};
use harper_core::parsers::Parser;
use harper_core::spell::{Dictionary, FstDictionary};
use harper_core::{Dialect as HarperDialect, Document};

pub use grammar_rules::{EXCLUDED_GRAMMAR_RULES, GrammarRule, enabled_grammar_rules};

use email_parser::EmailParser;
use grammar_rules::ENABLED;
use known_words::KnownWords;
use offsets::CharToByte;

/// The `source_rule` of every spelling finding.
pub const SPELL_CHECK_RULE: &str = "SpellCheck";

/// A [`ProseChecker`] backed by harper-core's curated dictionary and the grammar rules
/// listed by [`enabled_grammar_rules`].
///
/// Build one per configured dialect and share it (it is `Send + Sync`); checks may run
/// on many threads at once.
pub struct HarperChecker {
    dialect: Dialect,
    engine: OnceLock<Engine>,
}

impl HarperChecker {
    /// A checker for `dialect`. Cheap: nothing is loaded until the first check that
    /// needs it (or [`Self::warm_up`]).
    pub fn new(dialect: Dialect) -> Self {
        Self { dialect, engine: OnceLock::new() }
    }

    /// The dialect whose spellings are accepted.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Loads the dictionary, the rule group and the calling thread's part-of-speech
    /// models now rather than on the first check, so that a server can pay the cost at
    /// start-up. Calling it again does nothing.
    pub fn warm_up(&self) {
        self.engine();
    }

    fn engine(&self) -> &Engine {
        self.engine.get_or_init(|| Engine::load(self.dialect))
    }
}

#[cfg(test)]
impl HarperChecker {
    /// Grammar findings with every sentence parsed, for checking that the triggers
    /// lose nothing.
    fn grammar_without_prefilter(&self, text: &str) -> Vec<ProseFinding> {
        let engine = self.engine();
        let offsets = CharToByte::new(text);
        let mut findings = engine.grammar(text.chars().collect(), &engine.curated, &offsets);
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.source_rule).cmp(&(b.span.start, b.span.end, &b.source_rule))
        });
        findings
    }
}

impl std::fmt::Debug for HarperChecker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HarperChecker")
            .field("dialect", &self.dialect)
            .field("loaded", &self.engine.get().is_some())
            .finish()
    }
}

impl ProseChecker for HarperChecker {
    fn check(&self, text: &str, known_words: &[&str], request: ProseRequest) -> Vec<ProseFinding> {
        if !(request.spelling || request.grammar) || text.trim().is_empty() {
            return Vec::new();
        }
        let engine = self.engine();
        let known = KnownWords::new(known_words);
        if known.is_empty() {
            engine.check(text, &known, &engine.curated, request)
        } else {
            engine.check(text, &known, &known.dictionary(&engine.curated), request)
        }
    }
}

/// What is loaded once per checker.
struct Engine {
    curated: Arc<FstDictionary>,
    dialect: HarperDialect,
    /// Rule groups not in use. Harper's linters take `&mut self` (they keep caches), so
    /// each check borrows a whole group; a second concurrent check builds another
    /// (0.2 s), after which both are reused.
    idle: Mutex<Vec<LintGroup>>,
    /// Best suggestion per misspelt word, so a fuzzy search (0.4–10 ms) runs once per
    /// word rather than once per email. Cleared when full.
    suggestions: Mutex<HashMap<Vec<char>, Option<String>>>,
}

/// Misspelt words whose suggestion is remembered; about 1 MB when full.
const SUGGESTION_CACHE_WORDS: usize = 10_000;

impl Engine {
    fn load(dialect: Dialect) -> Self {
        let engine = Self {
            curated: FstDictionary::curated(),
            dialect: harper_dialect(dialect),
            idle: Mutex::new(Vec::new()),
            suggestions: Mutex::new(HashMap::new()),
        };
        let group = engine.build_group();
        engine.give_back(group);
        // The part-of-speech tagger and chunker load on a thread's first parse.
        Document::new("Thank you for waiting.", &EmailParser, &engine.curated);
        engine
    }

    /// Harper's curated group (the only way to reach its rules) with every rule off
    /// except the reviewed grammar list.
    fn build_group(&self) -> LintGroup {
        let mut config = FlatConfig::default();
        for enabled in ENABLED {
            config.set_rule_enabled(enabled.rule.name, true);
        }
        LintGroup::new_curated(self.curated.clone(), self.dialect).with_lint_config(config)
    }

    fn take_group(&self) -> LintGroup {
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        idle.unwrap_or_else(|| self.build_group())
    }

    fn give_back(&self, group: LintGroup) {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(group);
    }

    fn check(
        &self,
        text: &str,
        known: &KnownWords,
        dictionary: &impl Dictionary,
        request: ProseRequest,
    ) -> Vec<ProseFinding> {
        let source: Vec<char> = text.chars().collect();
        let tokens = EmailParser.parse(&source);
        let offsets = CharToByte::new(text);

        let mut findings = Vec::new();
        if request.spelling {
            let misspellings = spelling::misspellings(
                &tokens,
                &source,
                dictionary,
                self.dialect,
                |word| known.covers(word),
                |word| self.suggestion(word),
            );
            findings.extend(misspellings.into_iter().map(|m| ProseFinding {
                kind: ProseKind::Spelling,
                span: offsets.range(m.start, m.end),
                message: spelling_message(&source[m.start..m.end], m.suggestion.as_deref()),
                suggestion: m.suggestion,
                source_rule: SPELL_CHECK_RULE.to_owned(),
            }));
        }
        if request.grammar
            && let Some(triggered) = prefilter::triggered_text(&tokens, &source, self.dialect)
        {
            let grammar = self.grammar(triggered, dictionary, &offsets);
            // A grammar rule that flags exactly a misspelled word (`everytime`) knows the
            // phrase and has the better fix.
            findings.retain(|f| !grammar.iter().any(|g| g.span == f.span));
            findings.extend(grammar);
        }
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.source_rule).cmp(&(b.span.start, b.span.end, &b.source_rule))
        });
        findings
    }

    fn suggestion(&self, word: &[char]) -> Option<String> {
        let cached = self.suggestions.lock().unwrap_or_else(PoisonError::into_inner).get(word).cloned();
        if let Some(suggestion) = cached {
            return suggestion;
        }
        let suggestion = spelling::best_suggestion(word, &self.curated, self.dialect);
        let mut cache = self.suggestions.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() >= SUGGESTION_CACHE_WORDS {
            cache.clear();
        }
        cache.insert(word.to_vec(), suggestion.clone());
        suggestion
    }

    fn grammar(&self, source: Vec<char>, dictionary: &impl Dictionary, offsets: &CharToByte) -> Vec<ProseFinding> {
        let document = Document::new_from_chars(source.into(), &EmailParser, dictionary);
        let mut group = self.take_group();
        let lints = group.organized_lints(&document);
        self.give_back(group);

        let source = document.get_source();
        lints
            .into_iter()
            .flat_map(|(rule, lints)| lints.into_iter().map(move |lint| grammar_finding(&rule, lint, source, offsets)))
            .collect()
    }
}

fn spelling_message(word: &[char], suggestion: Option<&str>) -> String {
    let word: String = word.iter().collect();
    match suggestion {
        Some(suggestion) => {
            format!("`{word}` is not in the dictionary. Did you mean `{suggestion}`?")
        }
        None => format!("`{word}` is not in the dictionary."),
    }
}

fn grammar_finding(rule: &str, lint: Lint, source: &[char], offsets: &CharToByte) -> ProseFinding {
    let suggestion = lint.suggestions.first().map(|suggestion| match suggestion {
        Suggestion::ReplaceWith(chars) => chars.iter().collect(),
        Suggestion::InsertAfter(chars) => lint.span.get_content(source).iter().chain(chars.iter()).collect(),
        Suggestion::Remove => String::new(),
    });
    ProseFinding {
        kind: ProseKind::Grammar,
        span: offsets.range(lint.span.start, lint.span.end),
        message: lint.message,
        suggestion,
        source_rule: rule.to_owned(),
    }
}

fn harper_dialect(dialect: Dialect) -> HarperDialect {
    match dialect {
        Dialect::American => HarperDialect::American,
        Dialect::British => HarperDialect::British,
        Dialect::Canadian => HarperDialect::Canadian,
        Dialect::Australian => HarperDialect::Australian,
    }
}
