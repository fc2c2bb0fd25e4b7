//! AM501: a suppression comment that suppresses nothing.

use crate::lint::context::{Context, Finding};
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags an `amends:` suppression comment that did not suppress any finding: the
    /// text it excused was fixed, the rule was renamed, or the comment sits on the wrong
    /// line.
    ///
    /// Suppressions take three forms, written in an HTML comment (`<!-- … -->`, in any
    /// file) or a template comment (`{# … #}`), optionally followed by `-- reason`:
    ///
    /// - `amends: ignore-next-line NA207` — the next line with text (or this line, when
    ///   the comment follows text on it);
    /// - `amends: disable NA207` … `amends: enable NA207` — a range;
    /// - `amends: ignore-file NA207` — the whole file.
    ///
    /// Codes may be full codes (`NA207`), prefixes (`NA`, `AP1`) or names (`minimizing`);
    /// with no code, every rule is suppressed.
    ///
    /// ## Why it matters
    /// A stale suppression silently hides the next real finding in its place. Removing
    /// unused ones keeps suppressions honest.
    ///
    /// ## Example
    /// ```text
    /// <!-- amends: ignore-next-line NA207 -->
    /// I'm sorry your parcel arrived two days late.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry your parcel arrived two days late.
    /// ```
}

/// Findings of this rule are made after suppressions are applied (see
/// `lint::suppression`), so there is nothing to check while the rules run.
pub(crate) fn check(_: &Context<'_, '_, '_>, _: &mut Vec<Finding>) {}
