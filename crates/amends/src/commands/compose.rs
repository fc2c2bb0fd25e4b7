//! `amends compose`: write the message for a case from its facts, and lint it.

mod eml;

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

use amends_core::channel::Channel;
use amends_core::compose::{ComposeError, ComposeRequest, Composer, ComposerSettings, Form, TemplateSource};
use amends_core::facts::CaseFacts;
use amends_core::lint::Severity;
use amends_server::Clock;
use anyhow::{Context, bail};
use chrono::NaiveDate;

use crate::clock::SystemClock;

/// Output formats of `amends compose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// The message as a person reads it (with its subject line for email).
    Text,
    /// `{"channel", "form", "subject", "text", "html", "lint"}`.
    Json,
    /// An RFC 5322 message with text and HTML alternatives (email only).
    Eml,
}

/// Arguments of `amends compose`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The case facts, TOML or JSON (by extension; `-` reads TOML from stdin).
    facts: PathBuf,
    /// The channel; the facts' `channel` when absent.
    #[arg(long, value_parser = parse_channel)]
    channel: Option<Channel>,
    /// The kind of message.
    #[arg(long, default_value = "apology", value_parser = parse_form)]
    form: Form,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A stable key of the recipient, which chooses the phrasing; the customer's email,
    /// else their name, when absent.
    #[arg(long)]
    recipient_key: Option<String>,
    /// A folder of templates that replace the built-in ones by name (`apology.long.j2`).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Today's date in the customer's time zone (dates a letter; adds years to dates in another year).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<NaiveDate>,
    /// The sender's address for `--format eml`, such as `Sam Ortiz <sam@shop.example>`.
    #[arg(long)]
    from: Option<String>,
    /// Lowest lint severity that refuses the message.
    #[arg(long, default_value = "error")]
    gate: Severity,
    /// Lowest lint score that passes the gate.
    #[arg(long, default_value_t = 70)]
    min_score: u8,
}

fn parse_channel(name: &str) -> Result<Channel, String> {
    name.parse().map_err(|error: amends_core::channel::UnknownChannel| error.to_string())
}

fn parse_form(name: &str) -> Result<Form, String> {
    name.parse().map_err(|error: amends_core::compose::UnknownForm| error.to_string())
}

/// Runs the command: 0 when composed, 1 when the lint gate refused, an error otherwise.
pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let facts = read_facts(&args.facts)?;
    let templates = args.templates.as_deref().map(read_templates).transpose()?;
    let composer = Composer::new(ComposerSettings {
        templates,
        gate_threshold: args.gate,
        min_score: args.min_score,
        ..ComposerSettings::default()
    })?;
    let recipient_key = args
        .recipient_key
        .clone()
        .or_else(|| facts.customer.email.clone())
        .unwrap_or_else(|| facts.customer.name.clone());
    let request =
        ComposeRequest { form: args.form, channel: args.channel, recipient_key: &recipient_key, today: args.date };
    let message = match composer.compose(&facts, &request) {
        Ok(message) => message,
        Err(ComposeError::GateRefused { report, threshold, message }) => {
            let mut stderr = io::stderr().lock();
            writeln!(stderr, "the lint gate refused the message (score {}):", report.score)?;
            for found in report.diagnostics.iter().filter(|found| found.severity >= threshold) {
                writeln!(
                    stderr,
                    "  {}:{} {} {}: {}",
                    found.line, found.column, found.code, found.severity, found.message
                )?;
            }
            writeln!(stderr, "\n{}", message.text)?;
            return Ok(ExitCode::from(1));
        }
        Err(error) => return Err(error.into()),
    };
    let mut stdout = io::stdout().lock();
    match args.format {
        Format::Text => {
            if let Some(subject) = &message.subject {
                writeln!(stdout, "Subject: {subject}\n")?;
            }
            writeln!(stdout, "{}", message.text)?;
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut stdout, &message)?;
            writeln!(stdout)?;
        }
        Format::Eml => {
            let Some(from) = &args.from else { bail!("--format eml needs --from \"Name <address>\"") };
            let now = SystemTime::from(SystemClock::from_env()?.now());
            let bytes = eml::build(&message, &facts, from, &recipient_key, now)?;
            stdout.write_all(&bytes)?;
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn read_facts(path: &Path) -> anyhow::Result<CaseFacts> {
    let (text, json) = if path.as_os_str() == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).context("reading the facts from stdin")?;
        let json = text.trim_start().starts_with('{');
        (text, json)
    } else {
        let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        (text, path.extension().is_some_and(|extension| extension == "json"))
    };
    let facts = if json { CaseFacts::from_json(&text) } else { CaseFacts::from_toml(&text) };
    facts.with_context(|| format!("in {}", path.display()))
}

/// Every `*.j2` file under `dir`, named by its path relative to `dir` with `/` separators.
fn read_templates(dir: &Path) -> anyhow::Result<TemplateSource> {
    let mut templates = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = fs::read_dir(&folder).with_context(|| format!("reading templates from {}", folder.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "j2") {
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                let name = relative.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>();
                let source = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
                templates.push((name.join("/"), source));
            }
        }
    }
    templates.sort();
    Ok(TemplateSource { templates })
}
