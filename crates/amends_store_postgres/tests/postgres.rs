//! What only the PostgreSQL backend promises.

mod support;

use amends_store::{Change, CustomerStore, Store};
use chrono::DateTime;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use std::str::FromStr;

#[tokio::test]
async fn migrations_apply_once_and_the_audit_log_is_append_only() {
    let Some(admin_url) = support::admin_url("migrations_apply_once_and_the_audit_log_is_append_only") else {
        return;
    };
    let database = support::TestDatabase::create(&admin_url).await;
    let name = database.name.clone();
    let (store, teardown) = database.into_parts();
    store.migrate().await.expect("migrating twice is harmless");
    store.ping().await.unwrap();
    assert_eq!(store.backend(), "postgres");
    let fields = amends_store::conformance::customer_fields("C-1");
    store.create_customer(&Change::new("test", DateTime::UNIX_EPOCH), fields).await.unwrap();

    let options = PgConnectOptions::from_str(&admin_url).unwrap().database(&name);
    let mut connection = PgConnection::connect_with(&options).await.unwrap();
    for statement in ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"] {
        let error = sqlx::query(statement).execute(&mut connection).await.unwrap_err();
        assert!(error.to_string().contains("append-only"), "{statement}: {error}");
    }
    connection.close().await.ok();
    drop(store);
    teardown.await;
}
