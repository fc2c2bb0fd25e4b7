//! `amends user create`: add someone who may use the API.

use std::io::{self, Write};
use std::process::ExitCode;

use amends_server::Clock;
use amends_store::Change;
use amends_store::model::{NewUser, Role};
use amends_store::secret::{hash_password, random_hex};

use super::database::{database, open_migrated, runtime};
use crate::clock::SystemClock;

/// The environment variable holding the new user's password.
pub(crate) const PASSWORD_VARIABLE: &str = "AMENDS_PASSWORD";
/// Who the audit log says made changes from the command line.
pub(crate) const CLI_ACTOR: &str = "system:cli";

/// `amends user …`.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Create a user. The password is `AMENDS_PASSWORD`, else a random one printed once.
    Create(CreateArgs),
}

/// Arguments of `amends user create`.
#[derive(Debug, clap::Args)]
pub(crate) struct CreateArgs {
    /// Their email, which names them to `amends token create --user`.
    #[arg(long)]
    email: String,
    /// What they may do: agent (cases, customers), manager (also incidents), admin (also users).
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// The name shown for them; the email when absent.
    #[arg(long)]
    name: Option<String>,
    /// The database URL; else `AMENDS_DB`, `amends.toml`, `sqlite://amends.db`.
    #[arg(long, value_name = "URL")]
    db: Option<String>,
}

fn parse_role(name: &str) -> Result<Role, String> {
    name.parse().map_err(|error: amends_store::model::UnknownName| error.to_string())
}

/// Runs `amends user …`.
pub(crate) fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Create(args) => create(args),
    }
}

fn create(args: CreateArgs) -> anyhow::Result<ExitCode> {
    let url = database(args.db.as_deref())?;
    let given = std::env::var(PASSWORD_VARIABLE).ok().filter(|password| !password.is_empty());
    let password = given.clone().unwrap_or_else(|| random_hex(16));
    let change = Change::new(CLI_ACTOR, SystemClock::from_env()?.now());
    let new_user = NewUser {
        display_name: args.name.unwrap_or_else(|| args.email.clone()),
        email: args.email,
        role: args.role,
        password_hash: hash_password(&password)?,
    };
    let user = runtime()?.block_on(async {
        let store = open_migrated(&url).await?;
        anyhow::Ok(store.create_user(&change, new_user).await?)
    })?;
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "created user {} <{}> with role {}", user.id.0, user.email, user.role)?;
    if given.is_none() {
        writeln!(stdout, "password (shown once): {password}")?;
    }
    Ok(ExitCode::SUCCESS)
}
