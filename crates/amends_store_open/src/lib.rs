//! Opens the store a database URL names, so the rest of the program holds an
//! `Arc<dyn Store>` and never names a backend.
//!
//! This is the one crate that depends on every backend; `amends_store` cannot, because the
//! backends depend on it. The binary calls [`open_store`] once at start, then
//! [`Store::migrate`] (for `amends migrate`, and on `serve` start).

use std::sync::Arc;

use amends_store::{Store, StoreError};
use amends_store_postgres::PostgresStore;
use amends_store_sqlite::SqliteStore;

/// The URL schemes [`open_store`] accepts.
pub const SCHEMES: [&str; 3] = ["sqlite", "postgres", "postgresql"];

/// The backend a URL's scheme selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite://path`: a file, created when absent.
    Sqlite,
    /// `postgres://` or `postgresql://`: a PostgreSQL server.
    Postgres,
}

/// Which backend `url` names, or `Invalid { field: "url" }` naming the scheme found and the
/// accepted ones.
pub fn backend_for(url: &str) -> Result<Backend, StoreError> {
    let Some((scheme, _)) = url.split_once(':') else {
        return Err(StoreError::invalid("url", format!("`{url}` has no scheme: expected {}", accepted())));
    };
    match scheme.to_ascii_lowercase().as_str() {
        "sqlite" => Ok(Backend::Sqlite),
        "postgres" | "postgresql" => Ok(Backend::Postgres),
        _ => Err(StoreError::invalid("url", format!("unknown database scheme `{scheme}`: expected {}", accepted()))),
    }
}

fn accepted() -> String {
    SCHEMES.map(|scheme| format!("{scheme}://")).join(", ")
}

/// Connects to the database `url` names. A SQLite file is created when absent. Does not
/// migrate.
pub async fn open_store(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match backend_for(url)? {
        Backend::Sqlite => Arc::new(SqliteStore::connect(url).await?),
        Backend::Postgres => Arc::new(PostgresStore::connect(url).await?),
    })
}
