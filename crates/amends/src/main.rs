//! The `amends` command line.

mod clock;
mod commands;
mod inputs;
mod output;
mod prose;
mod settings;

use std::io::{self, ErrorKind};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// amends — apologize well, reach everyone affected, and follow through.
#[derive(Debug, Parser)]
#[command(name = "amends", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint apologies in files, folders or standard input.
    Lint(commands::lint::LintArgs),
    /// List every lint rule.
    Rules(commands::rules::RulesArgs),
    /// Explain one lint rule, by code or name.
    Rule(commands::rule::RuleArgs),
    /// Read a customer's message and say how upset they are and why.
    Analyze(commands::analyze::AnalyzeArgs),
    /// Write the apology (or update, resolution, follow-up) for a case, and lint it.
    Compose(commands::compose::Args),
    /// Serve the HTTP API (migrates the database first).
    Serve(commands::serve::Args),
    /// Bring a database's schema up to date.
    Migrate(commands::migrate::Args),
    /// Manage the people who may use the API.
    #[command(subcommand)]
    User(commands::user::Command),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(commands::token::Command),
    /// Import customers or orders from a CSV or JSON Lines file into the database.
    Import(commands::import::ImportArgs),
    /// Deliver queued emails and webhooks (`amends serve` runs one too).
    Worker(commands::worker::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help/version to stdout with success, usage errors to stderr.
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let outcome = match cli.command {
        Command::Lint(args) => commands::lint::run(args),
        Command::Rules(args) => commands::rules::run(&args),
        Command::Rule(args) => commands::rule::run(&args),
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Compose(args) => commands::compose::run(&args),
        Command::Serve(args) => commands::serve::run(&args),
        Command::Migrate(args) => commands::migrate::run(&args),
        Command::User(command) => commands::user::run(command),
        Command::Token(command) => commands::token::run(command),
        Command::Import(args) => commands::import::run(&args),
        Command::Worker(args) => commands::worker::run(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report_error(&err);
            ExitCode::from(2)
        }
    }
}

/// A reader that closed our output early (`amends lint | head`) is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().filter_map(|cause| cause.downcast_ref::<io::Error>()).any(|io| io.kind() == ErrorKind::BrokenPipe)
}

#[expect(clippy::print_stderr, reason = "the binary reports its own failure on stderr")]
fn report_error(err: &anyhow::Error) {
    eprintln!("error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}
