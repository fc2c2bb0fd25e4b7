//! `--format sarif`: a SARIF 2.1.0 log, the format code-scanning services read.
//!
//! One run; the driver lists every rule (so a result's `ruleIndex` is its place in
//! [`Rule::ALL`]); columns count Unicode code points, as the linter's do.

use std::io::{self, Write};

use amends_core::lint::{Diagnostic, Rule, RuleStatus};
use serde_json::{Value, json};

use super::{Linted, level};

/// Where the rules are documented, one section per rule.
const RULES_DOC: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// Writes the log for `results`.
pub(crate) fn write(out: &mut dyn Write, results: &[Linted]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(results))?;
    writeln!(out)
}

/// The whole log.
pub(crate) fn log(results: &[Linted]) -> Value {
    let rules: Vec<Value> = Rule::ALL.iter().map(|&rule| describe(rule)).collect();
    let findings: Vec<Value> = results
        .iter()
        .flat_map(|linted| linted.report.diagnostics.iter().map(move |diagnostic| result(linted, diagnostic)))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "amends",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": findings,
        }]
    })
}

/// A rule's `reportingDescriptor`.
fn describe(rule: Rule) -> Value {
    let doc = rule.doc();
    json!({
        "id": rule.code(),
        "name": rule.name(),
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": what_it_does(&doc) },
        "help": { "text": doc, "markdown": doc },
        "helpUri": format!("{RULES_DOC}#{}-{}", rule.code().to_ascii_lowercase(), rule.name()),
        "defaultConfiguration": {
            "level": level(rule.default_severity(), "note"),
            "enabled": rule.status() == RuleStatus::Stable,
        },
        "properties": { "tags": [rule.category().label()] },
    })
}

/// The first section of a rule's doc ("What it does"), as one paragraph of plain text.
fn what_it_does(doc: &str) -> String {
    let body = doc.split_once("## What it does").map_or(doc, |(_, rest)| rest);
    let section = body.split("\n## ").next().unwrap_or(body);
    section.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn result(linted: &Linted, diagnostic: &Diagnostic) -> Value {
    let index = Rule::ALL.iter().position(|&rule| rule == diagnostic.rule).expect("every rule is in Rule::ALL");
    let mut message = diagnostic.message.clone();
    if let Some(suggestion) = &diagnostic.suggestion {
        message.push_str("\nSuggestion: ");
        message.push_str(suggestion);
    }
    let mut region = json!({
        "startLine": diagnostic.line,
        "startColumn": diagnostic.column,
        "endLine": diagnostic.end_line,
        "endColumn": diagnostic.end_column,
    });
    // Byte offsets are offsets into the file only when positions are; an email's are
    // relative to the body that was read.
    if linted.document.part.is_none() {
        region["byteOffset"] = json!(diagnostic.span.start);
        region["byteLength"] = json!(diagnostic.span.len());
    }
    let mut result = json!({
        "ruleId": diagnostic.code,
        "ruleIndex": index,
        "level": level(diagnostic.severity, "note"),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&linted.document.path) },
                "region": region,
            }
        }],
    });
    if let Some(part) = linted.document.part {
        result["properties"] = json!({ "positionsRelativeTo": part });
    }
    result
}

/// A path as a URI reference: relative paths stay relative, absolute ones become
/// `file://` URIs; characters outside the unreserved set are percent-encoded.
fn uri(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    if path.starts_with('/') {
        encoded.push_str("file://");
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[test]
    fn full_description_is_the_first_section_as_plain_text() {
        let doc = "## What it does\nFlags \"sorry if\":\nconditional\napologies.\n\n## Why it matters\nBecause.\n";
        assert_eq!(what_it_does(doc), "Flags \"sorry if\": conditional apologies.");
    }

    #[rstest]
    #[case("letters/late refund.txt", "letters/late%20refund.txt")]
    #[case("/srv/mail/a.eml", "file:///srv/mail/a.eml")]
    #[case("<stdin>", "%3Cstdin%3E")]
    #[case("Zoë.txt", "Zo%C3%AB.txt")]
    fn paths_become_uri_references(#[case] path: &str, #[case] expected: &str) {
        assert_eq!(uri(path), expected);
    }
}
