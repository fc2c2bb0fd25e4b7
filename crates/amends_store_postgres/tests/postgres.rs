//! What only the PostgreSQL backend promises.

mod support;

use std::str::FromStr;

use amends_store::model::Entity;
use amends_store::sql::map_error;
use amends_store::{Change, CustomerStore, Store, StoreError};
use chrono::DateTime;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

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

/// The store checks references itself first, so driver errors only surface on races; this
/// pins how they map when they do.
#[tokio::test]
async fn driver_constraint_errors_map_to_store_errors() {
    let Some(admin_url) = support::admin_url("driver_constraint_errors_map_to_store_errors") else {
        return;
    };
    let database = support::TestDatabase::create(&admin_url).await;
    let name = database.name.clone();
    let (store, teardown) = database.into_parts();
    let change = Change::new("test", DateTime::UNIX_EPOCH);
    for external_id in ["C-1", "C-2"] {
        store.create_customer(&change, amends_store::conformance::customer_fields(external_id)).await.unwrap();
    }

    let options = PgConnectOptions::from_str(&admin_url).unwrap().database(&name);
    let mut connection = PgConnection::connect_with(&options).await.unwrap();
    let orphan = "INSERT INTO orders (external_id, customer_id, placed_at, total_minor, currency, created_at, \
                  updated_at) VALUES ('O-1', 999, now(), 1, 'USD', now(), now())";
    let mapped = map_error(Entity::Order, sqlx::query(orphan).execute(&mut connection).await.unwrap_err());
    assert!(matches!(mapped, StoreError::Invalid { ref field, .. } if field == "reference"), "{mapped:?}");

    let duplicate = "UPDATE customers SET external_id = 'C-1' WHERE external_id = 'C-2'";
    let mapped = map_error(Entity::Customer, sqlx::query(duplicate).execute(&mut connection).await.unwrap_err());
    assert!(matches!(mapped, StoreError::Conflict { entity: Entity::Customer, .. }), "{mapped:?}");
    connection.close().await.ok();
    drop(store);
    teardown.await;
}
