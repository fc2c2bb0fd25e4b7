//! What only the SQLite backend promises: the file, its pragmas, and the append-only log.

use amends_store::model::Entity;
use amends_store::sql::map_error;
use amends_store::{CaseStore, Change, CustomerStore, MAX_PAGE_SIZE, PageRequest, Store, StoreError};
use amends_store_sqlite::SqliteStore;
use chrono::DateTime;
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

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

/// Two stores on one file stand for two processes: each has its own write connection, so
/// their `BEGIN IMMEDIATE`s contend for SQLite's lock and the busy timeout must absorb it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_on_one_file_wait_for_each_other() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("shared.db");
    let first = SqliteStore::open(&path).await.unwrap();
    first.migrate().await.unwrap();
    let second = SqliteStore::open(&path).await.unwrap();
    let mut tasks = Vec::new();
    for (name, store) in [("first", first.clone()), ("second", second.clone())] {
        for writer in 0..4 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                for write in 0..50 {
                    let change = Change::new(format!("{name}:{writer}"), DateTime::UNIX_EPOCH);
                    let fields = amends_store::conformance::customer_fields(&format!("{name}-{writer}-{write}"));
                    store.create_customer(&change, fields).await.expect("the busy timeout absorbs contention");
                }
            }));
        }
    }
    for task in tasks {
        task.await.unwrap();
    }
    let mut count = 0;
    let mut page = first.list_customers(PageRequest::first(MAX_PAGE_SIZE)).await.unwrap();
    loop {
        count += page.items.len();
        let Some(next) = page.next else { break };
        page = first.list_customers(PageRequest::after(MAX_PAGE_SIZE, next)).await.unwrap();
    }
    assert_eq!(count, 2 * 4 * 50);
    first.close().await;
    second.close().await;
}

/// The store checks references itself first, so driver errors only surface on races; this
/// pins how they map when they do.
#[tokio::test]
async fn driver_constraint_errors_map_to_store_errors() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("constraints.db");
    let store = SqliteStore::open(&path).await.unwrap();
    store.migrate().await.unwrap();
    let change = Change::new("test", DateTime::UNIX_EPOCH);
    for external_id in ["C-1", "C-2"] {
        store.create_customer(&change, amends_store::conformance::customer_fields(external_id)).await.unwrap();
    }

    let options = SqliteConnectOptions::new().filename(&path).foreign_keys(true);
    let mut connection = SqliteConnection::connect_with(&options).await.unwrap();
    let orphan = "INSERT INTO orders (external_id, customer_id, placed_at, total_minor, currency, created_at, \
                  updated_at) VALUES ('O-1', 999, 'x', 1, 'USD', 'x', 'x')";
    let mapped = map_error(Entity::Order, sqlx::query(orphan).execute(&mut connection).await.unwrap_err());
    assert!(matches!(mapped, StoreError::Invalid { ref field, .. } if field == "reference"), "{mapped:?}");

    let duplicate = "UPDATE customers SET external_id = 'C-1' WHERE external_id = 'C-2'";
    let mapped = map_error(Entity::Customer, sqlx::query(duplicate).execute(&mut connection).await.unwrap_err());
    assert!(matches!(mapped, StoreError::Conflict { entity: Entity::Customer, .. }), "{mapped:?}");
    store.close().await;
}

/// When a statement fails for a whole group of intakes, the group is rolled back and each
/// intake runs again alone: only the one the database refuses fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_that_fails_commits_its_good_intakes_one_by_one() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("group.db");
    let store = std::sync::Arc::new(SqliteStore::open(&path).await.unwrap());
    store.migrate().await.unwrap();
    let change = Change::new("test", DateTime::UNIX_EPOCH);
    let customer = store.create_customer(&change, amends_store::conformance::customer_fields("C-1")).await.unwrap();
    // A rule only the database knows, so the intakes pass every check before the insert.
    let mut connection = SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    sqlx::query(
        "CREATE TRIGGER no_poison BEFORE INSERT ON cases WHEN NEW.subject = 'poison' \
         BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
    )
    .execute(&mut connection)
    .await
    .unwrap();

    let mut tasks = Vec::new();
    for intake in 0..32 {
        let store = std::sync::Arc::clone(&store);
        let mut case = amends_store::conformance::new_case(customer.id);
        if intake == 7 {
            case.subject = "poison".to_owned();
        }
        tasks.push(tokio::spawn(async move { (intake, store.open_case(&change_at(intake), case).await) }));
    }
    for task in tasks {
        let (intake, result) = task.await.unwrap();
        match result {
            Ok(opened) => {
                assert_ne!(intake, 7);
                assert_eq!(store.get_case(opened.case.id).await.unwrap(), opened.case);
            }
            Err(error) => {
                assert_eq!(intake, 7, "{error}");
                assert!(error.to_string().contains("poisoned"), "{error}");
            }
        }
    }
    let cases = store.list_cases(&Default::default(), PageRequest::first(100)).await.unwrap();
    assert_eq!(cases.items.len(), 31);
    store.close().await;
}

fn change_at(seconds: i64) -> Change {
    Change::new("intake", DateTime::UNIX_EPOCH + chrono::TimeDelta::seconds(seconds))
}
