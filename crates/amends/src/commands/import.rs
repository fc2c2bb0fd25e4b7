//! `amends import customers|orders FILE` and `amends import affected --incident ID FILE`:
//! streams a CSV or JSON Lines file into the store.
//!
//! Rows are upserted by external id in batches; each bad row is reported with its line and
//! reason while the good rows are kept, and importing the same file again changes nothing.
//! Exit codes: 0 every row imported, 1 some rows rejected (the rest are in), 2 the import
//! could not run (unreadable file, wrong columns, database unreachable).

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use amends_import::{Format, ImportOptions, ImportReport, import_affected, import_customers, import_orders};
use amends_server::Clock;
use amends_store::Change;
use amends_store::model::IncidentId;
use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use super::database;
use crate::clock::SystemClock;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Kind {
    /// Customers: external_id, name, email, phone, handle, postal, time_zone, locale, tier.
    Customers,
    /// Orders: external_id, customer_external_id, placed_at, total or total_minor, currency, summary.
    Orders,
    /// The customers an incident affected (give --incident): external_id.
    Affected,
}

/// Where the rows go: `Kind` with the incident `affected` needs.
enum Target {
    Customers,
    Orders,
    Affected(IncidentId),
}

/// The file's format, when its name does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FileFormat {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Arguments of `amends import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// What the file holds.
    kind: Kind,
    /// The file to import (`.csv`, `.jsonl`, `.ndjson`), or `-` for standard input.
    file: PathBuf,
    /// The incident whose affected customers the file lists (with `affected`).
    #[arg(long)]
    incident: Option<i64>,
    /// The database: `sqlite://PATH` (created when absent) or `postgres://…`; default
    /// `AMENDS_DB`, then `db` in amends.toml's `[server]`, then `sqlite://amends.db`.
    #[arg(long)]
    db: Option<String>,
    /// The file's format; by default, from its extension.
    #[arg(long, value_enum)]
    format: Option<FileFormat>,
    /// Rows written per transaction.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=50_000))]
    batch_size: u32,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs the import.
pub(crate) fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let format = match (args.format, Format::from_path(&args.file)) {
        (Some(FileFormat::Csv), _) => Format::Csv,
        (Some(FileFormat::Jsonl), _) => Format::JsonLines,
        (None, Some(format)) => format,
        (None, None) => bail!(
            "cannot tell the format of {}: name it .csv or .jsonl, or pass --format csv|jsonl",
            args.file.display()
        ),
    };
    let target = match (args.kind, args.incident) {
        (Kind::Customers, None) => Target::Customers,
        (Kind::Orders, None) => Target::Orders,
        (Kind::Affected, Some(id)) => Target::Affected(IncidentId(id)),
        (Kind::Affected, None) => bail!("give the incident: amends import affected --incident ID FILE"),
        (_, Some(_)) => bail!("--incident goes with `amends import affected` only"),
    };
    let input: Box<dyn Read + Send> = if args.file.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(&args.file).with_context(|| format!("cannot open {}", args.file.display()))?)
    };
    let change = Change::new("system:import", SystemClock::from_env()?.now());
    let options = ImportOptions { batch_size: args.batch_size as usize, ..ImportOptions::default() };
    let url = database::database(args.db.as_deref())?;
    let report = database::runtime()?.block_on(async {
        let store = database::open_migrated(&url).await?;
        let report = match target {
            Target::Customers => import_customers(&*store, &change, input, format, &options).await,
            Target::Orders => import_orders(&*store, &change, input, format, &options).await,
            Target::Affected(incident) => import_affected(&*store, &change, incident, input, format, &options).await,
        };
        report.with_context(|| format!("importing {}", args.file.display()))
    })?;
    print_report(args, &report)?;
    Ok(if report.rejected_count() == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn print_report(args: &ImportArgs, report: &ImportReport) -> anyhow::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, report)?;
        writeln!(out)?;
    } else {
        let name = args.file.display();
        for rejected in &report.rejected {
            writeln!(out, "{name}:{rejected}")?;
        }
        if report.unlisted_rejections > 0 {
            writeln!(out, "{name}: {} more rejected rows not listed", report.unlisted_rejections)?;
        }
        writeln!(
            out,
            "{name}: {} rows: {} created, {} updated, {} unchanged, {} rejected",
            report.rows,
            report.created,
            report.updated,
            report.unchanged,
            report.rejected_count()
        )?;
    }
    out.flush()?;
    Ok(())
}
