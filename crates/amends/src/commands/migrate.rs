//! `amends migrate`: bring a database's schema up to date.

use std::io::{self, Write};
use std::process::ExitCode;

use super::database::{database, open_migrated, runtime};

/// Arguments of `amends migrate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The database URL (`sqlite://FILE`, `postgres://…`); else `AMENDS_DB`, `amends.toml`,
    /// `sqlite://amends.db`.
    #[arg(long, value_name = "URL")]
    db: Option<String>,
}

/// Applies the pending migrations.
pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let url = database(args.db.as_deref())?;
    let store = runtime()?.block_on(open_migrated(&url))?;
    writeln!(io::stdout(), "migrated {} database {url}", store.backend())?;
    Ok(ExitCode::SUCCESS)
}
