//! The store's conformance suite on SQLite: every test gets its own database file.

use std::sync::Arc;

use amends_store::Store;
use amends_store::conformance::Fresh;
use amends_store_sqlite::SqliteStore;

async fn fresh() -> Option<Fresh> {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let store = SqliteStore::open(&directory.path().join("amends.db")).await.expect("database opened");
    store.migrate().await.expect("migrations applied");
    let closer = store.clone();
    let teardown = Box::pin(async move {
        closer.close().await;
        drop(directory);
    });
    Some(Fresh { store: Arc::new(store), teardown })
}

amends_store::conformance_tests!(fresh);
