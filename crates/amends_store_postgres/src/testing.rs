//! Test support, behind the `testing` feature: a fresh PostgreSQL database per test, from
//! `AMENDS_TEST_POSTGRES_URL`. Used by this crate's tests and by every crate whose tests run
//! against PostgreSQL.

use std::str::FromStr;

use crate::PostgresStore;
use amends_store::Store;
use amends_store::secret::random_hex;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

/// The server tests run against: a URL whose user may create databases.
pub const URL_VARIABLE: &str = "AMENDS_TEST_POSTGRES_URL";
/// Set to `1` to make a missing server a failure instead of a skip (CI).
pub const REQUIRE_VARIABLE: &str = "AMENDS_REQUIRE_ALL";

/// The admin URL, or `None` (with the reason printed) when the tests should skip.
///
/// # Panics
/// When the URL is missing and `AMENDS_REQUIRE_ALL=1`.
#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
pub fn admin_url(test: &str) -> Option<String> {
    match std::env::var(URL_VARIABLE) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var(REQUIRE_VARIABLE).is_ok_and(|value| value == "1") => {
            panic!("{test}: {URL_VARIABLE} is not set and {REQUIRE_VARIABLE}=1 requires every backend")
        }
        _ => {
            eprintln!(
                "skipping {test}: set {URL_VARIABLE} (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run it"
            );
            None
        }
    }
}

/// A new, migrated database with a random name, and the admin URL to drop it with.
pub struct TestDatabase {
    /// The store over the new database.
    pub store: PostgresStore,
    /// The database's name.
    pub name: String,
    admin_url: String,
}

impl TestDatabase {
    /// Creates and migrates a database on the server at `admin_url`.
    pub async fn create(admin_url: &str) -> TestDatabase {
        let name = format!("amends_test_{}", random_hex(8));
        let mut admin = PgConnection::connect(admin_url).await.expect("the test server accepts connections");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("test database created");
        admin.close().await.ok();
        let options = PgConnectOptions::from_str(admin_url).expect("a PostgreSQL URL").database(&name);
        let store = PostgresStore::connect_with(options, 4).await.expect("connected to the test database");
        store.migrate().await.expect("migrations applied");
        TestDatabase { store, name, admin_url: admin_url.to_owned() }
    }

    /// Closes the store and drops the database.
    pub async fn drop_database(store: PostgresStore, name: String, admin_url: String) {
        store.close().await;
        let mut admin = PgConnection::connect(&admin_url).await.expect("the test server accepts connections");
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin)
            .await
            .expect("test database dropped");
        admin.close().await.ok();
    }

    /// Splits into the store and the future that drops the database.
    pub fn into_parts(self) -> (PostgresStore, impl Future<Output = ()> + Send + 'static) {
        let store = self.store.clone();
        (store, Self::drop_database(self.store, self.name, self.admin_url))
    }
}
