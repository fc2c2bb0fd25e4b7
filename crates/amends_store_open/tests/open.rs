//! Choosing the backend from the URL.

use amends_store::StoreError;
use amends_store_open::{Backend, backend_for, open_store};
use amends_store_postgres::testing::admin_url;

#[test]
fn schemes_choose_backends() {
    assert_eq!(backend_for("sqlite://amends.db").unwrap(), Backend::Sqlite);
    assert_eq!(backend_for("postgres://db.internal/amends").unwrap(), Backend::Postgres);
    assert_eq!(backend_for("PostgreSQL://db.internal/amends").unwrap(), Backend::Postgres);
}

#[test]
fn unknown_schemes_are_named_with_the_accepted_ones() {
    let error = backend_for("mysql://db.internal/amends").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid url: unknown database scheme `mysql`: expected sqlite://, postgres://, postgresql://"
    );
    let error = backend_for("amends.db").unwrap_err();
    assert!(matches!(error, StoreError::Invalid { ref field, .. } if field == "url"), "{error}");
    assert!(error.to_string().contains("has no scheme"), "{error}");
}

#[tokio::test]
async fn a_sqlite_url_opens_a_new_file() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("opened.db");
    let store = open_store(&format!("sqlite://{}", path.display())).await.unwrap();
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
    assert_eq!(store.backend(), "sqlite");
    assert!(path.exists());
}

#[tokio::test]
async fn a_postgres_url_opens_the_server() {
    // Only pings: migrating would change the administration database the variable names.
    let Some(url) = admin_url("a_postgres_url_opens_the_server") else { return };
    let store = open_store(&url).await.unwrap();
    store.ping().await.unwrap();
    assert_eq!(store.backend(), "postgres");
}
