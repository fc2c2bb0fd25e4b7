//! AM502: a malformed suppression comment, or one naming an unknown rule.

use crate::lint::context::{Context, Finding};
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags an `amends:` comment whose directive is not one of `ignore-next-line`,
    /// `disable`, `enable` or `ignore-file`, or that names a rule code, prefix or name that
    /// does not exist.
    ///
    /// ## Why it matters
    /// A typo in a suppression (`NA2O7` with a letter O) suppresses nothing, and the
    /// author believes the finding is handled.
    ///
    /// ## Example
    /// ```text
    /// <!-- amends: ignore-nextline NA2O7 -->
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// <!-- amends: ignore-next-line NA207 -->
    /// ```
}

/// Findings of this rule come from parsing the suppression comments (see
/// `lint::suppression`), so there is nothing to check while the rules run.
pub(crate) fn check(_: &Context<'_, '_, '_>, _: &mut Vec<Finding>) {}
