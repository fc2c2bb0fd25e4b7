//! What only the SQLite backend promises: the file, its pragmas, and the append-only log.

use amends_store::{Change, CustomerStore, Store, StoreError};
use amends_store_sqlite::SqliteStore;
use chrono::DateTime;
use sqlx::Connection;
use sqlx::sqlite::SqliteConnection;

#[tokio::test]
async fn a_missing_file_is_created_in_wal_mode() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("new.db");
    let url = format!("sqlite://{}", path.display());
    let store = SqliteStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    store.migrate().await.expect("migrating twice is harmless");
    store.ping().await.unwrap();
    assert!(path.exists());
    assert_eq!(store.backend(), "sqlite");

    let mut connection = SqliteConnection::connect(&url).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut connection).await.unwrap();
    assert_eq!(mode, "wal");
    store.close().await;
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("audit.db");
    let store = SqliteStore::open(&path).await.unwrap();
    store.migrate().await.unwrap();
    let change = Change::new("test", DateTime::UNIX_EPOCH);
    let fields = amends_store::conformance::customer_fields("C-1");
    store.create_customer(&change, fields).await.unwrap();

    let mut connection = SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    for statement in ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"] {
        let error = sqlx::query(statement).execute(&mut connection).await.unwrap_err();
        assert!(error.to_string().contains("append-only"), "{statement}: {error}");
    }
    store.close().await;
}

#[tokio::test]
async fn a_malformed_url_is_invalid_input() {
    let error = SqliteStore::connect("sqlite://?mode=nonsense").await.unwrap_err();
    assert!(matches!(error, StoreError::Invalid { ref field, .. } if field == "url"), "{error}");
}

#[tokio::test]
async fn in_memory_databases_are_refused() {
    for url in ["sqlite::memory:", "sqlite://shared?mode=memory"] {
        let error = SqliteStore::connect(url).await.unwrap_err();
        assert!(error.to_string().contains("in-memory"), "{url}: {error}");
    }
}
