//! `amends analyze`: how upset a customer is, and why.
//!
//! Reads one message (or, with `--thread`, a burst of messages separated by lines of
//! `---`) and prints the reading as text for people or as JSON for programs. In JSON, a
//! single message is exactly
//! `{"sentiment": {"compound", "pos", "neu", "neg"}, "intensity", "churn_risk",
//! "cues": [{"kind", "span", "text"}], "categories": [{"name", "score", "evidence"}]}`
//! with spans as `[start, end]` byte offsets into the input; a thread is
//! `{"messages": [<one such object per message>], "thread": {...}}` where each message's
//! spans are offsets into that message's own text.

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::LazyLock;

use amends_core::listen::{
    Analysis, Peak, Sentiment, Taxonomy, TaxonomyConfig, ThreadAnalysis, ThreadCategory, Trend, analyze, analyze_thread,
};
use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use regex::Regex;
use serde::{Deserialize, Serialize};

/// Read a customer's message and say how upset they are and why.
#[derive(Debug, Args)]
pub(crate) struct AnalyzeArgs {
    /// The message to read; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    input: Option<PathBuf>,

    /// How to print the reading.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Read the input as a thread: messages from one customer, oldest first, separated by
    /// lines containing only `---`.
    #[arg(long)]
    thread: bool,

    /// Categorize with the taxonomy in the `[listen]` section of this TOML file (such as
    /// amends.toml) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    taxonomy: Option<PathBuf>,

    /// Print the taxonomy in use as a `[listen]` TOML section, to start your own from.
    #[arg(long, conflicts_with_all = ["input", "thread"])]
    print_taxonomy: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A report for people: scores, cues with line:column, categories with evidence.
    Text,
    /// The reading as JSON.
    Json,
}

/// Runs `amends analyze`.
pub(crate) fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = match &args.taxonomy {
        Some(path) => read_taxonomy(path)?,
        None => Taxonomy::default(),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.print_taxonomy {
        let section = ListenSection { listen: Some(taxonomy.config().clone()) };
        let toml_text = toml::to_string(&section).context("writing the taxonomy as TOML")?;
        out.write_all(toml_text.as_bytes())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }

    let (name, text) = read_input(args.input.as_deref())?;
    if args.thread {
        let messages = split_thread(&text);
        let texts: Vec<&str> = messages.iter().map(|message| message.text).collect();
        let reading = analyze_thread(&texts, &taxonomy);
        match args.format {
            Format::Json => write_json(&mut out, &ThreadOutput::new(&reading))?,
            Format::Text => write_thread_text(&mut out, &name, &text, &messages, &reading)?,
        }
    } else {
        let reading = analyze(&text, &taxonomy);
        match args.format {
            Format::Json => write_json(&mut out, &reading)?,
            Format::Text => write_text(&mut out, &text, 0, &reading, "")?,
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A TOML file whose `[listen]` section is a taxonomy; other sections (the rest of an
/// amends.toml) are not this command's business.
#[derive(Debug, Serialize, Deserialize)]
struct ListenSection {
    listen: Option<TaxonomyConfig>,
}

fn read_taxonomy(path: &Path) -> anyhow::Result<Taxonomy> {
    let text = fs::read_to_string(path).with_context(|| format!("reading the taxonomy from {}", path.display()))?;
    let section: ListenSection =
        toml::from_str(&text).with_context(|| format!("{} is not a valid taxonomy", path.display()))?;
    let Some(config) = section.listen else {
        bail!("{} has no [listen] section", path.display());
    };
    Taxonomy::new(config).with_context(|| format!("{} is not a valid taxonomy", path.display()))
}

/// The input's name for messages, and its text.
fn read_input(input: Option<&Path>) -> anyhow::Result<(String, String)> {
    match input {
        None => read_stdin(),
        Some(path) if path == Path::new("-") => read_stdin(),
        Some(path) => {
            let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            let text = String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", path.display()))?;
            Ok((path.display().to_string(), text))
        }
    }
}

fn read_stdin() -> anyhow::Result<(String, String)> {
    let mut bytes = Vec::new();
    io::stdin().lock().read_to_end(&mut bytes).context("reading standard input")?;
    let text = String::from_utf8(bytes).context("standard input is not UTF-8 text")?;
    Ok(("<stdin>".to_owned(), text))
}

/// One message of a thread and where it starts in the input.
struct ThreadMessage<'a> {
    offset: usize,
    text: &'a str,
}

/// Splits a thread at lines containing only `---` (trailing whitespace allowed).
fn split_thread(text: &str) -> Vec<ThreadMessage<'_>> {
    let mut messages = Vec::new();
    let mut start = 0;
    let mut position = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            messages.push(ThreadMessage { offset: start, text: &text[start..position] });
            start = position + line.len();
        }
        position += line.len();
    }
    messages.push(ThreadMessage { offset: start, text: &text[start..] });
    messages
}

/// Pretty JSON, except that spans stay on one line (`"span": [12, 30]`).
fn write_json(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    let pretty = serde_json::to_string_pretty(value).context("writing JSON")?;
    out.write_all(SPAN_LAYOUT.replace_all(&pretty, "[$1, $2]").as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// A two-number array laid out over four lines. A line break can only be layout here:
/// inside a JSON string it is always escaped, so customer text is never touched.
static SPAN_LAYOUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\n\s*(\d+),\n\s*(\d+)\n\s*\]").expect("the span layout pattern compiles"));

/// The JSON of `--thread --format json`.
#[derive(Serialize)]
struct ThreadOutput<'a> {
    messages: &'a [Analysis],
    thread: ThreadSummary<'a>,
}

#[derive(Serialize)]
struct ThreadSummary<'a> {
    sentiment: &'a Sentiment,
    intensity: f64,
    churn_risk: bool,
    peak: Option<Peak>,
    trend: Trend,
    categories: &'a [ThreadCategory],
}

impl<'a> ThreadOutput<'a> {
    fn new(reading: &'a ThreadAnalysis) -> Self {
        Self {
            messages: &reading.messages,
            thread: ThreadSummary {
                sentiment: &reading.sentiment,
                intensity: reading.intensity,
                churn_risk: reading.churn_risk,
                peak: reading.peak,
                trend: reading.trend,
                categories: &reading.categories,
            },
        }
    }
}

/// The text report for one message. `offset` is where the message starts in `input`, so
/// that positions are reported as lines and columns of the input; `indent` prefixes
/// every line.
fn write_text(
    out: &mut impl Write,
    input: &str,
    offset: usize,
    reading: &Analysis,
    indent: &str,
) -> anyhow::Result<()> {
    let sentiment = &reading.sentiment;
    writeln!(
        out,
        "{indent}sentiment   compound {:+.4} (pos {:.3}, neu {:.3}, neg {:.3})",
        sentiment.compound, sentiment.pos, sentiment.neu, sentiment.neg
    )?;
    writeln!(out, "{indent}intensity   {:.3} ({})", reading.intensity, reading.level().as_str())?;
    writeln!(out, "{indent}churn risk  {}", yes_no(reading.churn_risk))?;
    writeln!(out, "{indent}priority    {}", priority_name(reading.priority_hint()))?;
    if reading.cues.is_empty() {
        writeln!(out, "{indent}cues        none")?;
    } else {
        writeln!(out, "{indent}cues")?;
        let positions: Vec<String> = reading.cues.iter().map(|cue| position(input, offset + cue.span.start)).collect();
        let width = positions.iter().map(String::len).max().unwrap_or(0);
        for (cue, at) in reading.cues.iter().zip(&positions) {
            writeln!(out, "{indent}  {at:<width$}  {:<20}  {}", cue.kind.as_str(), quoted(&cue.text))?;
        }
    }
    writeln!(out, "{indent}categories")?;
    let width = reading.categories.iter().map(|category| category.name.len()).max().unwrap_or(0);
    for category in &reading.categories {
        let evidence: Vec<String> = category
            .evidence
            .iter()
            .map(|evidence| format!("{} ({})", quoted(&evidence.text), position(input, offset + evidence.span.start)))
            .collect();
        let evidence = if evidence.is_empty() { "no evidence".to_owned() } else { evidence.join(", ") };
        writeln!(out, "{indent}  {:<width$}  {:.3}  {evidence}", category.name, category.score)?;
    }
    Ok(())
}

fn write_thread_text(
    out: &mut impl Write,
    name: &str,
    input: &str,
    messages: &[ThreadMessage<'_>],
    reading: &ThreadAnalysis,
) -> anyhow::Result<()> {
    writeln!(out, "thread      {} message{} from {name}", messages.len(), if messages.len() == 1 { "" } else { "s" })?;
    writeln!(out, "intensity   {:.3} ({})", reading.intensity, reading.level().as_str())?;
    if let Some(peak) = reading.peak {
        writeln!(out, "peak        message {} ({:.3})", peak.index + 1, peak.intensity)?;
    }
    writeln!(out, "trend       {}", reading.trend.as_str().replace('_', " "))?;
    writeln!(out, "churn risk  {}", yes_no(reading.churn_risk))?;
    writeln!(out, "priority    {}", priority_name(reading.priority_hint()))?;
    let categories: Vec<String> =
        reading.categories.iter().map(|category| format!("{} {:.3}", category.name, category.score)).collect();
    writeln!(out, "categories  {}", categories.join(", "))?;
    for (index, (message, analysis)) in messages.iter().zip(&reading.messages).enumerate() {
        writeln!(out)?;
        writeln!(out, "message {} (from line {})", index + 1, line_of(input, message.offset))?;
        write_text(out, input, message.offset, analysis, "  ")?;
    }
    Ok(())
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

fn priority_name(hint: amends_core::listen::PriorityHint) -> &'static str {
    match hint {
        amends_core::listen::PriorityHint::Normal => "normal",
        amends_core::listen::PriorityHint::High => "high",
        amends_core::listen::PriorityHint::Urgent => "urgent",
    }
}

/// A cue's or evidence's text on one line, in quotes.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\n', "\\n"))
}

/// `line:column` of a byte offset, both from 1; columns count characters.
fn position(text: &str, offset: usize) -> String {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    format!("{}:{}", line_of(text, offset), before[line_start..].chars().count() + 1)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_split_on_separator_lines_only() {
        let text = "first\n---\nsecond --- not a separator\n---  \nthird";
        let messages: Vec<(usize, &str)> =
            split_thread(text).iter().map(|message| (message.offset, message.text)).collect();
        assert_eq!(messages, vec![(0, "first\n"), (10, "second --- not a separator\n"), (43, "third")]);
    }

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let text = "héllo\nwörld";
        assert_eq!(position(text, 0), "1:1");
        assert_eq!(position(text, text.find('w').unwrap_or(0)), "2:1");
        assert_eq!(position(text, text.find('r').unwrap_or(0)), "2:3");
    }
}
