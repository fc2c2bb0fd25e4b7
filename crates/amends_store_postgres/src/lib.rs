//! The PostgreSQL backend of the amends store: for several stateless `amends` instances
//! sharing one database.
//!
//! Every change runs in a `READ COMMITTED` transaction that locks the record it changes
//! (`SELECT … FOR UPDATE`) before reading it, so concurrent updates of one record queue
//! instead of overwriting each other; unique constraints settle concurrent creations.
//!
//! The SQL itself is shared with the SQLite backend ([`amends_store::sql`]); this crate owns
//! the connection, the pool and the migrations.

#[cfg(feature = "testing")]
pub mod testing;

use std::str::FromStr;

use amends_store::model::{NewCase, OpenedCase};
use amends_store::{Change, StoreError};
use async_trait::async_trait;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};

/// The migrations of this backend, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Connections per instance when the caller names no number.
pub const DEFAULT_POOL_SIZE: u32 = 10;

/// A store in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to a `postgres://` or `postgresql://` URL with [`DEFAULT_POOL_SIZE`]
    /// connections. Does not migrate: call [`Store::migrate`](amends_store::Store::migrate).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|error| StoreError::invalid("url", format!("not a PostgreSQL URL: {error}")))?;
        Self::connect_with(options, DEFAULT_POOL_SIZE).await
    }

    /// Connects with explicit options and at most `pool_size` connections.
    pub async fn connect_with(options: PgConnectOptions, pool_size: u32) -> Result<Self, StoreError> {
        let pool =
            PgPoolOptions::new().max_connections(pool_size).connect_with(options).await.map_err(StoreError::backend)?;
        Ok(PostgresStore { pool })
    }

    /// Closes every connection, waiting for those in use.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    fn reader(&self) -> &PgPool {
        &self.pool
    }

    async fn writer(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        self.pool.begin().await
    }

    /// Opens a case in a transaction of its own: with row locks and a pool of connections,
    /// concurrent intakes already commit side by side.
    async fn intake(&self, change: &Change, case: NewCase) -> Result<OpenedCase, StoreError> {
        let mut tx = self.writer().await.map_err(StoreError::backend)?;
        let opened = Self::open_case_in(&mut tx, change, &case).await?;
        tx.commit().await.map_err(StoreError::backend)?;
        Ok(opened)
    }

    /// `count` ids from the sequence of `table`'s identity column.
    async fn next_ids(
        tx: &mut Transaction<'static, Postgres>,
        table: &str,
        count: usize,
    ) -> Result<Vec<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)")
            .bind(table)
            .bind(i64::try_from(count).unwrap_or(i64::MAX))
            .fetch_all(&mut **tx)
            .await
    }
}

amends_store::impl_sql_store!(PostgresStore, Postgres, lock = " FOR UPDATE", skip_locked = " FOR UPDATE SKIP LOCKED");

#[async_trait]
impl amends_store::Store for PostgresStore {
    async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await.map_err(StoreError::backend)
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ()).map_err(StoreError::backend)
    }
}
