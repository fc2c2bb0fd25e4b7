//! Inline suppression comments: `<!-- amends: ignore-next-line NA207 -- reason -->`,
//! `{# amends: disable NA2 #}` … `{# amends: enable NA2 #}`, `amends: ignore-file`.

use std::collections::HashMap;
use std::ops::Range;

use super::codes::Rule;
use super::context::Finding;
use super::settings::resolve;
use crate::text::Document;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    /// One line, 1-based.
    Line(usize),
    /// A byte range.
    Range(Range<usize>),
    /// The whole file.
    File,
}

/// One parsed suppression comment.
#[derive(Debug, Clone)]
pub(crate) struct Suppression {
    span: Range<usize>,
    scope: Scope,
    /// The rules suppressed; empty means every rule.
    rules: Vec<Rule>,
    /// The codes as written, for messages.
    written: String,
    used: usize,
}

/// Parses the document's directives; malformed ones become AM502 findings.
pub(crate) fn parse(doc: &Document<'_>) -> (Vec<Suppression>, Vec<Finding>) {
    let mut suppressions: Vec<Suppression> = Vec::new();
    let mut problems = Vec::new();
    let mut open_ranges: Vec<usize> = Vec::new();
    for directive in &doc.layout().directives {
        let body = doc.text(directive.body.clone());
        let without_reason = body.split_once("--").map_or(body, |(directive, _)| directive).trim();
        let mut words =
            without_reason.split(|ch: char| ch.is_whitespace() || ch == ',').filter(|word| !word.is_empty());
        let verb = words.next().unwrap_or("");
        let mut rules = Vec::new();
        let mut written = Vec::new();
        let mut valid = true;
        for selector in words {
            match resolve(selector, "suppression") {
                Ok(found) => rules.extend(found),
                Err(_) => {
                    problems.push(
                        Finding::new(
                            Rule::InvalidSuppression,
                            directive.span.clone(),
                            format!("`{selector}` is not a rule code, prefix or name"),
                        )
                        .suggest("check the code with `amends rules`"),
                    );
                    valid = false;
                }
            }
            written.push(selector);
        }
        let written = if written.is_empty() { "every rule".to_owned() } else { written.join(", ") };
        let scope = match verb {
            "ignore-next-line" => Scope::Line(target_line(doc, directive.span.clone())),
            "ignore-file" => Scope::File,
            "disable" => {
                open_ranges.push(suppressions.len());
                Scope::Range(directive.span.end..doc.source().len())
            }
            "enable" => {
                close_range(&mut suppressions, &mut open_ranges, &rules, directive.span.start);
                continue;
            }
            other => {
                problems.push(
                    Finding::new(Rule::InvalidSuppression, directive.span.clone(), format!("`{other}` is not a suppression directive"))
                        .suggest("write `amends: ignore-next-line CODES`, `disable CODES` … `enable CODES`, or `ignore-file CODES`"),
                );
                continue;
            }
        };
        if valid {
            suppressions.push(Suppression { span: directive.span.clone(), scope, rules, written, used: 0 });
        }
    }
    (suppressions, problems)
}

/// `enable` closes the latest open `disable` for the same rules (or any, with no codes).
fn close_range(suppressions: &mut [Suppression], open_ranges: &mut Vec<usize>, rules: &[Rule], at: usize) {
    let position = open_ranges
        .iter()
        .rposition(|&index| rules.is_empty() || suppressions[index].rules.iter().all(|rule| rules.contains(rule)));
    if let Some(position) = position {
        let index = open_ranges.remove(position);
        if let Scope::Range(range) = &mut suppressions[index].scope {
            range.end = at;
        }
    }
}

/// The line a next-line directive applies to: its own line when prose precedes it there
/// (a trailing comment), else the next line with prose.
fn target_line(doc: &Document<'_>, span: Range<usize>) -> usize {
    let tokens = doc.tokens();
    let own_line = doc.lines().line_of(span.start);
    let before = tokens.partition_point(|token| token.span.end <= span.start);
    let prose_before = before > 0 && doc.lines().line_of(tokens[before - 1].span.start) == own_line;
    if prose_before {
        return own_line;
    }
    let after = tokens.partition_point(|token| token.span.start < span.end);
    tokens.get(after).map_or(own_line + 1, |token| doc.lines().line_of(token.span.start))
}

/// Removes suppressed findings, counting what each suppression suppressed.
///
/// Next-line suppressions are looked up by line, so a file with many of them and many
/// findings stays linear; ranges and whole-file suppressions are few and checked in turn.
pub(crate) fn apply(doc: &Document<'_>, suppressions: &mut [Suppression], findings: Vec<Finding>) -> Vec<Finding> {
    let mut by_line: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut wide: Vec<usize> = Vec::new();
    for (index, suppression) in suppressions.iter().enumerate() {
        match suppression.scope {
            Scope::Line(line) => by_line.entry(line).or_default().push(index),
            Scope::Range(_) | Scope::File => wide.push(index),
        }
    }
    findings
        .into_iter()
        .filter(|finding| {
            let line = doc.lines().line_of(finding.span.start);
            let candidates = by_line.get(&line).map(Vec::as_slice).unwrap_or_default().iter().chain(&wide);
            let suppressor = candidates.copied().find(|&index| {
                let suppression = &suppressions[index];
                let rule_matches = suppression.rules.is_empty() || suppression.rules.contains(&finding.rule);
                rule_matches
                    && match &suppression.scope {
                        Scope::Line(target) => *target == line,
                        Scope::Range(range) => range.contains(&finding.span.start),
                        Scope::File => true,
                    }
            });
            match suppressor {
                Some(index) => {
                    suppressions[index].used += 1;
                    false
                }
                None => true,
            }
        })
        .collect()
}

/// AM501 findings for suppressions that suppressed nothing.
pub(crate) fn unused(suppressions: &[Suppression]) -> Vec<Finding> {
    suppressions
        .iter()
        .filter(|suppression| suppression.used == 0)
        .map(|suppression| {
            Finding::new(
                Rule::UnusedSuppression,
                suppression.span.clone(),
                format!("this suppression of {} suppresses nothing", suppression.written),
            )
            .suggest("remove the comment, or move it to the line it is meant for")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::channel::Channel;
    use crate::lint::{LintInput, Linter, LinterSettings, Rule};
    use crate::text::SourceKind;

    fn codes(text: &str, kind: SourceKind) -> Vec<String> {
        let settings = LinterSettings::only(&[
            Rule::Minimizing,
            Rule::CannedCliche,
            Rule::UnusedSuppression,
            Rule::InvalidSuppression,
        ]);
        let input = LintInput { text, path: None, channel: Some(Channel::Email), kind, facts: None, known_words: &[] };
        Linter::new(settings)
            .lint(&input)
            .diagnostics
            .into_iter()
            .map(|diagnostic| format!("{}@{}", diagnostic.code, diagnostic.line))
            .collect()
    }

    #[test]
    fn next_line_range_and_file() {
        let text = "<!-- amends: ignore-next-line NA207 -- the customer used these words -->\nSorry for any inconvenience.\nA minor issue.\n";
        assert_eq!(codes(text, SourceKind::Plain), ["NA210@2", "NA207@3"]);
        let text = "Hello.\n<!-- amends: disable NA -->\nSorry for any inconvenience.\n<!-- amends: enable NA -->\nA minor issue.\n";
        assert_eq!(codes(text, SourceKind::Plain), ["NA207@5"]);
        let text = "{# amends: ignore-file minimizing #}\nA minor issue.\nAny hassle.\n";
        assert_eq!(codes(text, SourceKind::Template), Vec::<String>::new());
    }

    #[test]
    fn trailing_comment_applies_to_its_own_line() {
        let text = "A minor issue. <!-- amends: ignore-next-line NA207 -->\nAnother minor issue.\n";
        assert_eq!(codes(text, SourceKind::Plain), ["NA207@2"]);
    }

    #[test]
    fn unused_and_invalid_suppressions_are_reported() {
        let text = "<!-- amends: ignore-next-line NA207 -->\nAll good here.\n<!-- amends: ignore-nextline NA207 -->\n<!-- amends: ignore-file NA2O7 -->\n";
        assert_eq!(codes(text, SourceKind::Plain), ["AM501@1", "AM502@3", "AM502@4"]);
    }

    #[test]
    fn a_suppression_without_codes_suppresses_everything_on_its_line() {
        let text = "<!-- amends: ignore-next-line -->\nSorry for any inconvenience.\n";
        assert!(codes(text, SourceKind::Plain).is_empty());
    }
}
