//! `amends worker`: delivers queued messages, for scaling delivery apart from the API.

use std::env;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;

use super::database::{database_url, open_migrated, runtime};
use super::delivery::{self, PaceArgs};
use super::serve::{init_logging, shutdown_signal};
use crate::clock::SystemClock;
use crate::settings;

/// Arguments of `amends worker`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The database URL; else `AMENDS_DB`, `amends.toml` `[server] db`, `sqlite://amends.db`.
    #[arg(long, value_name = "URL")]
    db: Option<String>,
    /// Stop once no job is due and none is running, instead of waiting for more.
    #[arg(long)]
    until_idle: bool,
    #[command(flatten)]
    pace: PaceArgs,
}

/// Delivers until Ctrl-C or SIGTERM (finishing the batch in hand), or until idle.
pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    init_logging();
    let current = env::current_dir().context("cannot read the current folder")?;
    let loaded = settings::load(None, &current)?;
    let section = loaded.settings.server.clone().unwrap_or_default();
    let url = database_url(args.db.as_deref(), &section);
    let clock = Arc::new(SystemClock::from_env()?);
    runtime()?.block_on(async {
        let store = open_migrated(&url).await?;
        let worker = delivery::worker(store, clock, &loaded.settings, &args.pace, "worker")?;
        if args.until_idle {
            worker.run_until_idle().await?;
        } else {
            worker.run(shutdown_signal()).await;
        }
        delivery::log_stopped(worker.stats().snapshot())
    })?;
    Ok(ExitCode::SUCCESS)
}
