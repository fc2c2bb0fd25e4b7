//! `amends lint`: lint messages in files, folders or standard input.

use std::env;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use amends_core::channel::Channel;
use amends_core::facts::CaseFacts;
use amends_core::lint::{LintInput, Linter, LinterSettings, SelectionOverrides, SettingsError, Severity};
use amends_core::prose::Dialect;
use anyhow::{Context as _, anyhow, bail};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};

use super::rule::closest;
use crate::inputs::{self, Target};
use crate::output::{self, Format, Linted};
use crate::settings::{self, ConfigFile};

/// Arguments of `amends lint`.
#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// Files and folders to lint, or `-` for standard input. Folders are searched for
    /// .txt, .md, .html, .eml and template (.j2, .jinja, .jinja2) files.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,

    /// Read this configuration file instead of the `amends.toml` found in the current
    /// folder or one above it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Rules to run instead of the configured ones: codes, prefixes or names, or ALL.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    select: Option<Vec<String>>,

    /// Rules to run in addition to the selected ones.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    extend_select: Vec<String>,

    /// Rules not to run.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    ignore: Vec<String>,

    /// The channel the messages are sent on (default: the facts' channel, else the
    /// configured one, else email).
    #[arg(long, value_parser = channel_parser())]
    channel: Option<Channel>,

    /// The case facts, as TOML or JSON; turns on the case-context rules (CX4xx).
    #[arg(long, value_name = "FILE")]
    facts: Option<PathBuf>,

    /// The lowest severity that makes the command exit with 1 (default: warning).
    #[arg(long, value_name = "SEVERITY", value_parser = severity_parser())]
    fail_on: Option<Severity>,

    /// The spelling convention for the spelling rule (ST301).
    #[arg(long, value_enum)]
    dialect: Option<DialectArg>,

    /// Exit with 0 even when findings reach the threshold.
    #[arg(long)]
    exit_zero: bool,

    /// The file name standard input is reported under; its extension says how to read it.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
}

fn channel_parser() -> impl TypedValueParser<Value = Channel> {
    PossibleValuesParser::new(Channel::ALL.map(Channel::as_str))
        .try_map(|name| name.parse::<Channel>().map_err(|error| error.to_string()))
}

fn severity_parser() -> impl TypedValueParser<Value = Severity> {
    PossibleValuesParser::new([Severity::Error, Severity::Warning, Severity::Info].map(Severity::as_str))
        .try_map(|name| name.parse::<Severity>().map_err(|error| error.to_string()))
}

/// The spelling conventions, as `--dialect` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DialectArg {
    American,
    British,
    Canadian,
    Australian,
}

impl From<DialectArg> for Dialect {
    fn from(dialect: DialectArg) -> Self {
        match dialect {
            DialectArg::American => Dialect::American,
            DialectArg::British => Dialect::British,
            DialectArg::Canadian => Dialect::Canadian,
            DialectArg::Australian => Dialect::Australian,
        }
    }
}

/// Lints every input, prints the results, and says whether any finding reached the
/// threshold.
pub(crate) fn run(args: LintArgs) -> anyhow::Result<ExitCode> {
    let current = env::current_dir().context("cannot read the current folder")?;
    let loaded = settings::load(args.config.as_deref(), &current)?;
    let mut config = loaded.settings.lint.clone().unwrap_or_default();
    config.channel = args.channel.or(config.channel);
    config.fail_on = args.fail_on.or(config.fail_on);
    config.dialect = args.dialect.map(Dialect::from).or(config.dialect);
    let overrides = SelectionOverrides {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
    };
    let settings =
        LinterSettings::resolve(&config, &overrides).map_err(|error| selection_error(&error, loaded.file.as_ref()))?;
    let facts = args.facts.as_deref().map(read_facts).transpose()?;
    // A channel the facts state is more specific than the configured default, but the
    // command line has the last word.
    let channel = match (&args.channel, &facts) {
        (None, Some(facts)) => facts.channel,
        _ => None,
    };
    let facts = facts.map(|facts| facts.facts);
    let fail_on = settings.fail_on;
    let linter = linter(settings);

    let targets = inputs::discover(&args.paths, args.stdin_filename.as_deref());
    if targets.is_empty() {
        warn_nothing_to_lint(&args.paths);
        return Ok(ExitCode::SUCCESS);
    }
    let outcomes = parallel_map(targets, |target| {
        let target = target?;
        lint_target(&linter, &target, channel, facts.as_ref())
    });
    let mut linted = Vec::with_capacity(outcomes.len());
    let mut failures = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(result) => linted.push(result),
            Err(error) => failures.push(error),
        }
    }
    write_results(args.format, &linted)?;
    if !failures.is_empty() {
        for failure in &failures {
            crate::report_error(failure);
        }
        return Ok(ExitCode::from(2));
    }
    let failed = linted.iter().any(|result| result.report.fails(fail_on));
    Ok(if failed && !args.exit_zero { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The linter, with the spelling and grammar checker when a rule needs it.
pub(crate) fn linter(settings: LinterSettings) -> Linter {
    let linter = Linter::new(settings);
    if !linter.wants_prose_checker() {
        return linter;
    }
    match crate::prose::checker(linter.settings()) {
        Some(checker) => linter.with_prose_checker(checker),
        None => linter,
    }
}

fn lint_target(
    linter: &Linter,
    target: &Target,
    channel: Option<Channel>,
    facts: Option<&CaseFacts>,
) -> anyhow::Result<Linted> {
    let document = inputs::load(target)?;
    let input = LintInput {
        text: document.text(),
        path: Some(&document.path),
        channel,
        kind: document.kind,
        facts,
        known_words: &[],
    };
    let report = linter.lint(&input);
    Ok(Linted::new(document, report))
}

fn write_results(format: Format, linted: &[Linted]) -> io::Result<()> {
    match format {
        Format::Text => {
            let mut out = anstream::stdout().lock();
            output::text::write(&mut out, linted)?;
            out.flush()
        }
        Format::Json | Format::Sarif | Format::Github => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            match format {
                Format::Json => output::json::write(&mut out, linted)?,
                Format::Sarif => output::sarif::write(&mut out, linted)?,
                _ => output::github::write(&mut out, linted)?,
            }
            out.flush()
        }
    }
}

#[expect(clippy::print_stderr, reason = "a warning for the user, not output")]
fn warn_nothing_to_lint(paths: &[PathBuf]) {
    let names: Vec<String> = paths.iter().map(|path| path.display().to_string()).collect();
    eprintln!(
        "warning: no messages to lint in {} (looked for .txt, .md, .html, .eml, .j2, .jinja and .jinja2 files)",
        names.join(", ")
    );
}

/// An unknown selector, with where it was written and the rule it probably meant.
fn selection_error(error: &SettingsError, file: Option<&ConfigFile>) -> anyhow::Error {
    let SettingsError::UnknownSelector { setting, selector } = error;
    let location = match file {
        Some(file) if !setting.starts_with("--") => format!("{}: ", file.locate(selector)),
        _ => String::new(),
    };
    let help = match closest(selector) {
        Some(rule) => format!("did you mean `{}` ({})?", rule.code(), rule.name()),
        None => "`amends rules` lists every code and name".to_owned(),
    };
    anyhow!("{location}{error}\n  help: {help}")
}

/// Case facts, and the channel they name when they name one.
struct Facts {
    facts: CaseFacts,
    channel: Option<Channel>,
}

fn read_facts(path: &Path) -> anyhow::Result<Facts> {
    let text = fs::read_to_string(path).with_context(|| format!("cannot read the case facts {}", path.display()))?;
    let extension = path.extension().and_then(|extension| extension.to_str()).map(str::to_ascii_lowercase);
    let (parsed, states_channel) = match extension.as_deref() {
        Some("toml") => {
            (CaseFacts::from_toml(&text), text.parse::<toml::Table>().is_ok_and(|table| table.contains_key("channel")))
        }
        Some("json") => (
            CaseFacts::from_json(&text),
            serde_json::from_str::<serde_json::Value>(&text).is_ok_and(|value| value.get("channel").is_some()),
        ),
        _ => bail!("--facts {}: name a .toml or .json file, so its format is known", path.display()),
    };
    let facts = parsed.map_err(|errors| anyhow!("{}: {}", path.display(), errors.to_string().trim_end()))?;
    let channel = states_channel.then_some(facts.channel);
    Ok(Facts { facts, channel })
}

/// Applies `job` to every item on all cores, returning the results in the items' order.
fn parallel_map<T: Send, R: Send>(items: Vec<T>, job: impl Fn(T) -> R + Sync) -> Vec<R> {
    let workers = thread::available_parallelism().map_or(1, usize::from).min(items.len());
    if workers <= 1 {
        return items.into_iter().map(job).collect();
    }
    let count = items.len();
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|item| Mutex::new(Some(item))).collect();
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = (0..count).map(|_| None).collect();
    thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(slot) = slots.get(index) else { break };
                        let item = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
                        if let Some(item) = item {
                            done.push((index, job(item)));
                        }
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            match handle.join() {
                Ok(done) => {
                    for (index, result) in done {
                        results[index] = Some(result);
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    results.into_iter().map(|result| result.expect("every item was processed")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_the_order() {
        let items: Vec<usize> = (0..200).collect();
        let doubled = parallel_map(items, |item| item * 2);
        assert_eq!(doubled, (0..200).map(|item| item * 2).collect::<Vec<_>>());
        assert!(parallel_map(Vec::<u8>::new(), |item| item).is_empty());
    }
}
