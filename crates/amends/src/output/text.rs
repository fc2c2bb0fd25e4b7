//! Text for people, in the shape rustc and ruff use: the finding, where it is, the line
//! with a caret under the words, and what to write instead; then a line per file with its
//! score and what it lacks, and a summary.

use std::io::{self, Write};

use amends_core::lint::expectations::required;
use amends_core::lint::{Diagnostic, Element, Severity};
use amends_core::text::LineIndex;
use anstyle::{AnsiColor, Style};

use super::{Counts, Linted, plural};

/// A score at or above this is a complete, sincere apology; the summary counts the rest.
pub(crate) const GOOD_SCORE: u8 = 90;

/// The longest source line shown whole; longer ones (minified HTML) are cut around the caret.
const MAX_LINE_CHARS: usize = 140;

/// Characters of context kept before the caret in a cut line.
const CONTEXT_BEFORE: usize = 40;

const TAB_WIDTH: usize = 4;

const BOLD: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const HELP: Style = AnsiColor::Green.on_default().bold();

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Info => AnsiColor::Cyan.on_default().bold(),
    }
}

fn score_style(score: u8) -> Style {
    match score {
        GOOD_SCORE.. => AnsiColor::Green.on_default().bold(),
        60.. => AnsiColor::Yellow.on_default().bold(),
        _ => AnsiColor::Red.on_default().bold(),
    }
}

/// Writes every report, then the summary. Styles are ANSI escapes; the caller's stream
/// strips them when colour is off.
/// Nothing at all is written when nothing could be linted: the errors say why.
pub(crate) fn write(out: &mut dyn Write, results: &[Linted]) -> io::Result<()> {
    if results.is_empty() {
        return Ok(());
    }
    let mut total = Counts::default();
    let mut below = 0;
    for linted in results {
        let lines = LineIndex::new(&linted.document.source);
        for diagnostic in &linted.report.diagnostics {
            write_diagnostic(out, linted, &lines, diagnostic)?;
        }
        let counts = Counts::of(&linted.report);
        total.extend(counts);
        if linted.report.score < GOOD_SCORE {
            below += 1;
        }
        write_file_summary(out, linted, counts)?;
    }
    write_summary(out, results.len(), total, below)
}

fn write_diagnostic(
    out: &mut dyn Write,
    linted: &Linted,
    lines: &LineIndex,
    diagnostic: &Diagnostic,
) -> io::Result<()> {
    let style = severity_style(diagnostic.severity);
    writeln!(
        out,
        "{style}{}[{} {}]{style:#}{BOLD}: {}{BOLD:#}",
        diagnostic.severity, diagnostic.code, diagnostic.name, diagnostic.message
    )?;
    let number = diagnostic.line.to_string();
    let pad = " ".repeat(number.len());
    let part = linted.document.part.map(|part| format!(" ({part})")).unwrap_or_default();
    writeln!(
        out,
        "{pad}{GUTTER}-->{GUTTER:#} {}:{}:{}{part}",
        linted.document.path, diagnostic.line, diagnostic.column
    )?;
    let source = &linted.document.source;
    if diagnostic.line <= lines.len() {
        let text = &source[lines.line_span(source, diagnostic.line)];
        let line_chars = text.chars().count();
        let end_column = if diagnostic.end_line == diagnostic.line { diagnostic.end_column } else { line_chars + 1 };
        let snippet = Snippet::new(text, diagnostic.column - 1, end_column.saturating_sub(1));
        writeln!(out, "{pad} {GUTTER}|{GUTTER:#}")?;
        writeln!(out, "{GUTTER}{number} |{GUTTER:#} {}", snippet.line)?;
        writeln!(
            out,
            "{pad} {GUTTER}|{GUTTER:#} {}{style}{}{style:#}",
            " ".repeat(snippet.caret_start),
            "^".repeat(snippet.caret_len)
        )?;
    }
    if let Some(suggestion) = &diagnostic.suggestion {
        writeln!(out, "{pad} {HELP}= suggestion:{HELP:#} {suggestion}")?;
    }
    writeln!(out)
}

/// A source line as shown: tabs expanded, cut around the caret when very long.
struct Snippet {
    line: String,
    caret_start: usize,
    caret_len: usize,
}

impl Snippet {
    /// `start` and `end` are 0-based character columns of the underlined text.
    fn new(text: &str, start: usize, end: usize) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let start = start.min(chars.len());
        let end = end.clamp(start, chars.len());
        let (first, last) = if chars.len() > MAX_LINE_CHARS {
            let first = start.saturating_sub(CONTEXT_BEFORE);
            (first, (first + MAX_LINE_CHARS).min(chars.len()))
        } else {
            (0, chars.len())
        };
        let mut line = String::new();
        let mut caret_start = 0;
        let mut caret_end = 0;
        if first > 0 {
            line.push('…');
        }
        for (index, &ch) in chars.iter().enumerate().take(last).skip(first) {
            if index == start {
                caret_start = line.chars().count();
            }
            if ch == '\t' {
                line.push_str(&" ".repeat(TAB_WIDTH));
            } else {
                line.push(ch);
            }
            if index + 1 == end.min(last) {
                caret_end = line.chars().count();
            }
        }
        if start >= last {
            caret_start = line.chars().count();
        }
        if last < chars.len() {
            line.push('…');
        }
        Self { line, caret_start, caret_len: caret_end.saturating_sub(caret_start).max(1) }
    }
}

fn write_file_summary(out: &mut dyn Write, linted: &Linted, counts: Counts) -> io::Result<()> {
    let report = &linted.report;
    let style = score_style(report.score);
    let findings = if counts.is_empty() { "no findings".to_owned() } else { describe(counts) };
    let missing: Vec<&str> = Element::ALL
        .into_iter()
        .filter(|&element| required(report.channel, element) && !report.elements.has(element))
        .map(Element::label)
        .collect();
    let missing =
        if missing.is_empty() { "nothing missing".to_owned() } else { format!("missing: {}", missing.join(", ")) };
    writeln!(
        out,
        "{BOLD}{}{BOLD:#}: score {style}{}/100{style:#} ({}); {findings}; {missing}",
        linted.display_path(),
        report.score,
        report.channel
    )?;
    writeln!(out)
}

fn write_summary(out: &mut dyn Write, files: usize, total: Counts, below: usize) -> io::Result<()> {
    let findings = if total.is_empty() { "No findings".to_owned() } else { describe(total) };
    let scores = match below {
        0 => format!("all scored {GOOD_SCORE} or more"),
        1 if files == 1 => format!("it scored below {GOOD_SCORE}"),
        _ => format!("{} scored below {GOOD_SCORE}", plural(below, "file")),
    };
    writeln!(out, "{BOLD}{findings} in {}; {scores}.{BOLD:#}", plural(files, "file"))
}

/// `2 errors, 1 warning, 3 infos`, leaving out infos when there are none.
fn describe(counts: Counts) -> String {
    let mut parts = vec![plural(counts.errors, "error"), plural(counts.warnings, "warning")];
    if counts.infos > 0 {
        parts.push(plural(counts.infos, "info"));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::simple("I'm sorry if it hurt.", 4, 12, "I'm sorry if it hurt.", 4, 8)]
    #[case::empty_span("abc", 1, 1, "abc", 1, 1)]
    #[case::tabs("\tsorry if", 1, 9, "    sorry if", 4, 8)]
    #[case::end_of_line("abc", 3, 3, "abc", 3, 1)]
    #[case::characters_not_bytes("Zoë, sorry", 5, 10, "Zoë, sorry", 5, 5)]
    fn carets_sit_under_the_span(
        #[case] text: &str,
        #[case] start: usize,
        #[case] end: usize,
        #[case] line: &str,
        #[case] caret_start: usize,
        #[case] caret_len: usize,
    ) {
        let snippet = Snippet::new(text, start, end);
        assert_eq!((snippet.line.as_str(), snippet.caret_start, snippet.caret_len), (line, caret_start, caret_len));
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let text = format!("{}sorry if{}", "x".repeat(300), "y".repeat(300));
        let snippet = Snippet::new(&text, 300, 308);
        assert_eq!(snippet.line.chars().count(), MAX_LINE_CHARS + 2);
        assert!(snippet.line.starts_with('…') && snippet.line.ends_with('…'));
        let shown: String = snippet.line.chars().skip(snippet.caret_start).take(snippet.caret_len).collect();
        assert_eq!(shown, "sorry if");
    }
}
