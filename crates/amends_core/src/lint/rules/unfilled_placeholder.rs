//! ST306: a placeholder that was never filled in.

use std::sync::LazyLock;

use regex::Regex;

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::rule::rule_doc;
use crate::text::{Layout, SourceKind};

rule_doc! {
    /// ## What it does
    /// Flags template placeholders left in a message: `[Customer Name]`, `[insert date]`,
    /// `{{name}}`, `{first_name}`, `<NAME>`, `%NAME%`, `XXX`, `XX/XX/XXXX`, `$XX.XX`,
    /// `TBD`, a blank to fill (`____`). In MiniJinja templates (`.j2`, `.jinja`), `{{ … }}`
    /// are real variables and are not flagged. The link tokens the server fills in
    /// (`{choice_url:N}`, `{feedback_url}`, `{csat_url}`, `{nps_url}`) are allowed.
    ///
    /// ## Why it matters
    /// Nothing says "form letter" like "Dear [Customer Name]". It is the one mistake every
    /// customer screenshots.
    ///
    /// ## Example
    /// ```text
    /// Dear [Customer Name], your refund of $XX.XX will arrive on [DATE].
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// Dear Dana, your refund of $42.10 will arrive on Friday 21 November.
    /// ```
}

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\[\s*(?:(?i:insert|enter|add|your|customer|client|first|last|full|agent|company|product|order|date|amount|name)[^\]\n]{0,40}|[A-Z][A-Z _/-]{1,30})\s*\]",
        r"|\{\{\s*[^}\n]{1,40}\s*\}\}",
        r"|\{\s*[a-z][a-z0-9_.]{1,30}(?::\d+)?\s*\}",
        r"|<\s*(?:[A-Z][A-Z _]{2,30}|(?i:insert|enter)[^>\n]{0,40})\s*>",
        r"|%[A-Z][A-Z_]{2,30}%",
        r"|\bX{3,}\b|\bXX/XX(?:/XX(?:XX)?)?\b|[$€£]\s?X+(?:[.,]X+)?\b|#X{2,}\b",
        r"|\b(?:TBD|TBC|TODO|FIXME)\b|(?i:lorem ipsum)|_{4,}",
    ))
    .expect("valid placeholder pattern")
});

/// Tokens the server replaces with signed links after composing.
fn is_server_token(text: &str) -> bool {
    let inner = text.trim_start_matches('{').trim_end_matches('}').trim();
    let (name, number) = inner.split_once(':').unwrap_or((inner, ""));
    matches!(name, "choice_url" | "feedback_url" | "csat_url" | "nps_url" | "survey_url" | "unsubscribe_url")
        && number.bytes().all(|byte| byte.is_ascii_digit())
        && !text.starts_with("{{")
}

/// Salutation and signature are hidden from prose rules but are still text to check.
fn in_prose_block(layout: &Layout, offset: usize) -> bool {
    layout.salutation.as_ref().is_some_and(|salutation| salutation.span.contains(&offset))
        || layout.signature.as_ref().is_some_and(|signature| signature.contains(&offset))
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    // The greeting and signature are where placeholders hide most, so the whole source
    // is searched except quoted replies, comments and template markup.
    let layout = context.doc().layout();
    let skipped = |offset: usize| {
        layout
            .quoted
            .iter()
            .chain(layout.variables.iter())
            .chain(layout.directives.iter().map(|directive| &directive.span))
            .any(|range| range.contains(&offset))
            || (context.doc().kind() == SourceKind::Template
                && layout.is_hidden(offset)
                && !in_prose_block(layout, offset))
    };
    for found in PLACEHOLDER.find_iter(context.doc().source()) {
        if is_server_token(found.as_str()) || skipped(found.start()) {
            continue;
        }
        findings.push(
            Finding::new(
                Rule::UnfilledPlaceholder,
                found.range(),
                format!("\"{}\" is a placeholder that was never filled in", found.as_str()),
            )
            .suggest("replace it with the real value from the case, or remove it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("Dear [Customer Name], we are sorry.")]
    #[case("Hi {{name}}, your order is late.")]
    #[case("Your refund of $XX.XX arrives on [DATE].")]
    #[case("Hi {first_name}, sorry!")]
    #[case("Your order XXX will arrive TBD.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::UnfilledPlaceholder, text);
    }

    #[rstest]
    #[case("Choose a refund: {choice_url:1}")]
    #[case("Dear Dana, see [1] in the attached terms.")]
    #[case("Your size XL shirt [blue] ships today.")]
    #[case("Tell us how we did: {csat_url}")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::UnfilledPlaceholder, text);
    }
}
