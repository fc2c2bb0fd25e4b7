//! `amends token create`: an API token for a user, shown once.

use std::io::{self, Write};
use std::process::ExitCode;

use amends_server::Clock;
use amends_store::Change;
use amends_store::model::NewApiToken;
use amends_store::secret::{hash_token, new_token};

use super::database::{database, open_migrated, runtime};
use super::user::CLI_ACTOR;
use crate::clock::SystemClock;

/// `amends token …`.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Create an API token and print it on standard output, once: only its hash is kept.
    Create(CreateArgs),
}

/// Arguments of `amends token create`.
#[derive(Debug, clap::Args)]
pub(crate) struct CreateArgs {
    /// The email of the token's user.
    #[arg(long)]
    user: String,
    /// What the token is for, such as `helpdesk integration`.
    #[arg(long, default_value = "cli")]
    name: String,
    /// The database URL; else `AMENDS_DB`, `amends.toml`, `sqlite://amends.db`.
    #[arg(long, value_name = "URL")]
    db: Option<String>,
}

/// Runs `amends token …`.
pub(crate) fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Create(args) => create(args),
    }
}

fn create(args: CreateArgs) -> anyhow::Result<ExitCode> {
    let url = database(args.db.as_deref())?;
    let change = Change::new(CLI_ACTOR, SystemClock::from_env()?.now());
    let token = new_token();
    runtime()?.block_on(async {
        let store = open_migrated(&url).await?;
        let user = store.find_user_by_email(&args.user).await?;
        let new_token = NewApiToken { user_id: user.id, name: args.name, token_hash: hash_token(&token) };
        store.create_api_token(&change, new_token).await?;
        anyhow::Ok(())
    })?;
    writeln!(io::stdout(), "{token}")?;
    Ok(ExitCode::SUCCESS)
}
