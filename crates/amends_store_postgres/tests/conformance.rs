//! The store's conformance suite on PostgreSQL: every test gets its own database.
//! Skipped (with a message) unless `AMENDS_TEST_POSTGRES_URL` is set; see `support`.

mod support;

use std::sync::Arc;

use amends_store::conformance::Fresh;

async fn fresh() -> Option<Fresh> {
    let admin_url = support::admin_url("postgres conformance test")?;
    let (store, teardown) = support::TestDatabase::create(&admin_url).await.into_parts();
    Some(Fresh { store: Arc::new(store), teardown: Box::pin(teardown) })
}

amends_store::conformance_tests!(fresh);
