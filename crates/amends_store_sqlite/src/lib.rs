//! The SQLite backend of the amends store: the embedded default.
//!
//! One file, in WAL mode so readers never wait for the writer, with foreign keys enforced and
//! a busy timeout so that another process holding the write lock makes us wait rather than
//! fail. Writes go through a pool of exactly one connection and start with `BEGIN IMMEDIATE`:
//! SQLite allows one writer at a time anyway, and taking the write lock up front means a
//! transaction that reads before it writes can never hit the lock-upgrade deadlock that
//! `SQLITE_BUSY` reports without waiting. Reads use a separate pool of several connections.
//!
//! `synchronous = NORMAL`: in WAL mode a power cut can lose the last commits but never
//! corrupts the file. It is about eight times faster per commit than `FULL` on this kind of
//! machine, which the intake target needs.
//!
//! Case intakes are committed in groups (see [`group`](crate::group)): every statement is a
//! round trip to the thread the writer connection runs on, so concurrent intakes share one
//! transaction and one statement per table.
//!
//! The SQL itself is shared with the PostgreSQL backend ([`amends_store::sql`]).

mod group;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use amends_store::model::{NewCase, OpenedCase};
use amends_store::{Change, StoreError};
use async_trait::async_trait;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, Transaction};
use tokio::sync::{mpsc, oneshot};

use crate::group::Intake;

/// The migrations of this backend, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// How long a write waits for another process's write lock before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many connections serve reads.
const READ_CONNECTIONS: u32 = 4;

/// A store in one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    reader: SqlitePool,
    writer: SqlitePool,
    intakes: mpsc::Sender<Intake>,
}

impl SqliteStore {
    /// Opens the database at a `sqlite://path` URL, creating the file when absent.
    /// Does not migrate: call [`Store::migrate`](amends_store::Store::migrate).
    ///
    /// In-memory databases are refused: WAL, the separate read pool and durability all
    /// assume a file (tests use a file in a temporary directory).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|error| StoreError::invalid("url", format!("not a SQLite URL: {error}")))?;
        if url.contains(":memory:") || url.contains("mode=memory") {
            return Err(StoreError::invalid("url", "in-memory SQLite is not supported: name a file"));
        }
        Self::connect_with(options).await
    }

    /// Opens the database file at `path`, creating it when absent.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        Self::connect_with(SqliteConnectOptions::new().filename(path)).await
    }

    async fn connect_with(options: SqliteConnectOptions) -> Result<Self, StoreError> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        // The writer connects first: it creates the file and switches it to WAL before any reader opens it.
        // Neither pool pings a connection before lending it: a connection to a local file does not go
        // stale, and the ping is one more round trip to SQLite's worker thread per transaction.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await
            .map_err(StoreError::backend)?;
        let reader = SqlitePoolOptions::new()
            .max_connections(READ_CONNECTIONS)
            .test_before_acquire(false)
            .connect_with(options.read_only(true))
            .await
            .map_err(StoreError::backend)?;
        let intakes = group::spawn(writer.clone());
        Ok(SqliteStore { reader, writer, intakes })
    }

    /// Closes every connection, waiting for those in use.
    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }

    fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    async fn writer(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        begin(&self.writer).await
    }

    /// Hands the intake to the group writer and waits until its transaction has committed.
    async fn intake(&self, change: &Change, case: NewCase) -> Result<OpenedCase, StoreError> {
        let (reply, answer) = oneshot::channel();
        let intake = Intake { change: change.clone(), case, reply };
        self.intakes.send(intake).await.map_err(|_| StoreError::backend(sqlx::Error::PoolClosed))?;
        answer.await.map_err(|_| StoreError::backend(sqlx::Error::PoolClosed))?
    }

    /// The `count` rowids SQLite would give the next rows of `table`: one past the largest.
    /// Only valid inside a write transaction, which keeps every other writer out until commit.
    async fn next_ids(
        tx: &mut Transaction<'static, Sqlite>,
        table: &str,
        count: usize,
    ) -> Result<Vec<i64>, sqlx::Error> {
        let largest: i64 =
            sqlx::query_scalar(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}")).fetch_one(&mut **tx).await?;
        Ok((1..=count as i64).map(|offset| largest + offset).collect())
    }
}

/// A write transaction, holding the write lock from its first statement.
async fn begin(writer: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    writer.begin_with("BEGIN IMMEDIATE").await
}

amends_store::impl_sql_store!(SqliteStore, Sqlite, lock = "", skip_locked = "");

#[async_trait]
impl amends_store::Store for SqliteStore {
    async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.writer).await.map_err(StoreError::backend)
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.reader).await.map(|_| ()).map_err(StoreError::backend)
    }
}
