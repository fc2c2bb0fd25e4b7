//! What the database commands share: which database, and an async runtime to reach it.

use std::env;
use std::sync::Arc;

use amends_store::Store;
use anyhow::Context as _;

use crate::settings::{self, ServerSection};

/// The database when nothing names one: a SQLite file in the current folder.
pub(crate) const DEFAULT_DATABASE: &str = "sqlite://amends.db";
/// The environment variable naming the database.
pub(crate) const DATABASE_VARIABLE: &str = "AMENDS_DB";

/// The database URL for a command with a `--db` flag: see [`database_url`].
pub(crate) fn database(flag: Option<&str>) -> anyhow::Result<String> {
    Ok(settings_and_database(flag)?.2)
}

/// The settings of the `amends.toml` found from the current folder, and the database URL
/// (see [`database_url`]): what `serve` and `worker` start from.
pub(crate) fn settings_and_database(flag: Option<&str>) -> anyhow::Result<(settings::Loaded, ServerSection, String)> {
    let current = env::current_dir().context("cannot read the current folder")?;
    let loaded = settings::load(None, &current)?;
    let section = loaded.settings.server.clone().unwrap_or_default();
    let url = database_url(flag, &section);
    Ok((loaded, section, url))
}

/// The first of: the `--db` flag, `AMENDS_DB`, the file's `db`, the default.
pub(crate) fn database_url(flag: Option<&str>, section: &ServerSection) -> String {
    flag.map(str::to_owned)
        .or_else(|| env::var(DATABASE_VARIABLE).ok().filter(|url| !url.is_empty()))
        .or_else(|| section.db.clone())
        .unwrap_or_else(|| DEFAULT_DATABASE.to_owned())
}

/// A runtime for one command.
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")
}

/// Opens and migrates the store at `url`.
pub(crate) async fn open_migrated(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let store = amends_store_open::open_store(url).await.with_context(|| format!("cannot open the database {url}"))?;
    store.migrate().await.with_context(|| format!("cannot migrate the database {url}"))?;
    Ok(store)
}
