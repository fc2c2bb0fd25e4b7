//! `amends worker`: delivers queued messages, for scaling delivery apart from the API.

use std::process::ExitCode;
use std::sync::Arc;

use super::database::{open_migrated, runtime, settings_and_database};
use super::delivery::{self, PaceArgs};
use super::serve::{init_logging, shutdown_signal};
use crate::clock::SystemClock;

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
    let (loaded, _, url) = settings_and_database(args.db.as_deref())?;
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
