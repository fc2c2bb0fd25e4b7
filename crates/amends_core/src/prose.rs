//! The seam to a spelling and grammar checker.
//!
//! The linter's ST301 (spelling) and ST302 (grammar) rules ask a [`ProseChecker`] for
//! findings; the implementation over `harper-core` lives in the `amends_prose` crate so
//! that the domain library stays small and quick to build.

use std::ops::Range;

/// Whether a prose finding is about spelling or grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProseKind {
    /// A word the dictionary does not know (ST301).
    Spelling,
    /// A grammatical problem such as a repeated word or a wrong article (ST302).
    Grammar,
}

/// Which kinds of check a caller wants; a disabled kind costs nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProseRequest {
    /// Run the spelling check.
    pub spelling: bool,
    /// Run the grammar checks.
    pub grammar: bool,
}

/// One problem found by a [`ProseChecker`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseFinding {
    /// Spelling or grammar.
    pub kind: ProseKind,
    /// Byte offsets into the text that was checked.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The best replacement for the text under `span`, when the checker has one.
    pub suggestion: Option<String>,
    /// The checker's own name for the rule that fired (for example `SpellCheck`).
    pub source_rule: String,
}

/// A spelling and grammar checker.
///
/// Implementations must be cheap to call repeatedly once constructed (expensive
/// dictionary loading happens once), and must return byte spans into `text`.
pub trait ProseChecker: Send + Sync {
    /// Checks `text`. Words in `known_words` (customer, agent and product names) are
    /// never reported as misspellings. Regions of `text` that are not the author's prose
    /// have already been blanked out with spaces, so offsets map one-to-one.
    fn check(&self, text: &str, known_words: &[&str], request: ProseRequest) -> Vec<ProseFinding>;
}

/// The spelling convention a checker should accept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// American English ("color", "canceled").
    #[default]
    American,
    /// British English ("colour", "cancelled").
    British,
    /// Canadian English.
    Canadian,
    /// Australian English.
    Australian,
}
