//! Imports end to end, on SQLite and (when `AMENDS_TEST_POSTGRES_URL` is set) PostgreSQL:
//! bad rows reported by line while good rows are kept, re-imports change nothing, and a file
//! of garbage lists only the first rejected rows.

use std::fmt::Write as _;
use std::io::Cursor;

use amends_import::{Format, ImportError, ImportOptions, import_affected, import_customers, import_orders};
use amends_store::chrono::{TimeZone, Utc};
use amends_store::model::{IncidentFields, IncidentId, IncidentStatus, Severity};
use amends_store::{Change, PageRequest, Store, StoreError};
use amends_store_postgres::testing::{TestDatabase, admin_url};
use amends_store_sqlite::SqliteStore;

fn change() -> Change {
    Change::new("system:import", Utc.with_ymd_and_hms(2026, 12, 6, 9, 0, 0).unwrap())
}

/// 2,500 customers; rows 10 and 1,500 have an unknown time zone and row 2,000 a missing name.
fn customers_csv(renamed: Option<usize>) -> String {
    let mut csv = String::from("external_id,name,email,time_zone,tier\n");
    for index in 0..2500 {
        let zone = if index == 10 || index == 1500 { "Mars/Olympus" } else { "Europe/London" };
        let name = match index {
            2000 => String::new(),
            _ if Some(index) == renamed => format!("Renamed Customer {index}"),
            _ => format!("Customer {index}"),
        };
        writeln!(csv, "C{index},{name},c{index}@example.com,{zone},gold").unwrap();
    }
    csv
}

async fn customers_scenario(store: &dyn Store) {
    let options = ImportOptions { batch_size: 1000, ..Default::default() };
    let first =
        import_customers(store, &change(), Cursor::new(customers_csv(None)), Format::Csv, &options).await.unwrap();
    assert_eq!((first.rows, first.created, first.updated, first.unchanged), (2500, 2497, 0, 0));
    let rejected: Vec<String> = first.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(rejected.len(), 3, "{rejected:?}");
    assert!(rejected[0].starts_with("12: time_zone: `Mars/Olympus` is not an IANA time zone"), "{}", rejected[0]);
    assert!(rejected[1].starts_with("1502: time_zone:"), "{}", rejected[1]);
    assert!(rejected[2].starts_with("2002: name:"), "{}", rejected[2]);
    assert_eq!(store.find_customer_by_external_id("C2499").await.unwrap().name, "Customer 2499");

    let again =
        import_customers(store, &change(), Cursor::new(customers_csv(None)), Format::Csv, &options).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged, again.rejected.len()), (0, 0, 2497, 3));

    let renamed =
        import_customers(store, &change(), Cursor::new(customers_csv(Some(7))), Format::Csv, &options).await.unwrap();
    assert_eq!((renamed.created, renamed.updated, renamed.unchanged), (0, 1, 2496));
}

async fn orders_scenario(store: &dyn Store) {
    let customers = "{\"external_id\":\"K1\",\"name\":\"Dana Whitfield\",\"time_zone\":\"America/Chicago\"}\n{\"external_id\":\"K2\",\"name\":\"Sam Okafor\",\"time_zone\":\"Europe/London\"}\n";
    let options = ImportOptions::default();
    let report = import_customers(store, &change(), customers.as_bytes(), Format::JsonLines, &options).await.unwrap();
    assert_eq!(report.created, 2);
    let orders = "external_id,customer_external_id,placed_at,total,total_minor,currency,summary\n\
                  O1,K1,2026-11-18T14:05:00Z,68.00,,usd,blue sweater\n\
                  O2,K2,2026-11-19T09:00:00+01:00,,4999,GBP,\n\
                  O3,K9,2026-11-19T09:00:00Z,10.00,,USD,\n\
                  O4,K1,yesterday,10.00,,USD,\n\
                  O5,K1,2026-11-19T09:00:00Z,10.001,,USD,\n";
    let first = import_orders(store, &change(), orders.as_bytes(), Format::Csv, &options).await.unwrap();
    assert_eq!((first.rows, first.created), (5, 2));
    let rejected: Vec<String> = first.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(
        rejected,
        [
            "4: customer_external_id: no customer has external id `K9`; import the customers first",
            "5: placed_at: `yesterday` is not an RFC 3339 instant such as 2026-11-18T14:05:00Z",
            "6: total: `10.001` has more decimal places than USD has (2)",
        ]
    );
    let customer = store.find_customer_by_external_id("K1").await.unwrap();
    let page = store.list_orders(customer.id, Default::default()).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!((page.items[0].total_minor, page.items[0].currency.as_str()), (6800, "USD"));

    let again = import_orders(store, &change(), orders.as_bytes(), Format::Csv, &options).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged, again.rejected.len()), (0, 0, 2, 3));
}

async fn affected_scenario(store: &dyn Store) {
    let customers = "external_id,name,time_zone\nA1,Dana Whitfield,America/Chicago\nA2,Sam Okafor,Europe/London\n";
    import_customers(store, &change(), customers.as_bytes(), Format::Csv, &ImportOptions::default()).await.unwrap();
    let incident = IncidentFields {
        title: "Carrier lost a day of parcels".to_owned(),
        root_cause: "carrier".to_owned(),
        severity: Severity::High,
        status: IncidentStatus::Investigating,
        started_at: Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap(),
        resolved_at: None,
    };
    let incident = store.create_incident(&change(), incident).await.unwrap().id;
    let affected = "external_id\nA1\nA9\nA1\n \nA2\n";
    let options = ImportOptions { batch_size: 2, ..Default::default() };
    let first = import_affected(store, &change(), incident, affected.as_bytes(), Format::Csv, &options).await.unwrap();
    assert_eq!((first.rows, first.created, first.unchanged), (5, 2, 1), "the repeated A1 is unchanged");
    let rejected: Vec<String> = first.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(
        rejected,
        [
            "3: external_id: no customer has external id `A9`; import the customers first",
            "5: external_id: empty: give the customer's external id",
        ]
    );
    let missing = IncidentId(incident.0 + 1);
    let refused = import_affected(store, &change(), missing, affected.as_bytes(), Format::Csv, &options).await;
    assert!(matches!(refused, Err(ImportError::Store(StoreError::NotFound { .. }))), "{refused:?}");
    let page = store.list_affected_customers(incident, PageRequest::default()).await.unwrap();
    assert_eq!(page.items.len(), 2);
    let again = import_affected(store, &change(), incident, affected.as_bytes(), Format::Csv, &options).await.unwrap();
    assert_eq!((again.created, again.unchanged, again.rejected_count()), (0, 3, 2));
}

async fn garbage_lists_only_the_first_rejections(store: &dyn Store) {
    let garbage: String = std::iter::once("external_id,name,time_zone\n".to_owned())
        .chain((0..2500).map(|index| format!("G{index},,Nowhere/Else\n")))
        .collect();
    let options = ImportOptions { batch_size: 1000, listed_rejections: 1200 };
    let report = import_customers(store, &change(), Cursor::new(garbage), Format::Csv, &options).await.unwrap();
    assert_eq!((report.rows, report.rejected.len(), report.rejected_count()), (2500, 1200, 2500));
    let lines: Vec<u64> = report.rejected.iter().map(|rejected| rejected.line).collect();
    assert_eq!(lines, (2..1202).collect::<Vec<u64>>(), "the first ones, in file order");
}

async fn sqlite() -> (tempfile::TempDir, SqliteStore) {
    let directory = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&directory.path().join("import.db")).await.unwrap();
    store.migrate().await.unwrap();
    (directory, store)
}

#[tokio::test]
async fn customers_on_sqlite() {
    let (_directory, store) = sqlite().await;
    customers_scenario(&store).await;
}

#[tokio::test]
async fn orders_on_sqlite() {
    let (_directory, store) = sqlite().await;
    orders_scenario(&store).await;
}

#[tokio::test]
async fn customers_on_postgres() {
    let Some(url) = admin_url("customers_on_postgres") else { return };
    let (store, teardown) = TestDatabase::create(&url).await.into_parts();
    customers_scenario(&store).await;
    teardown.await;
}

#[tokio::test]
async fn orders_on_postgres() {
    let Some(url) = admin_url("orders_on_postgres") else { return };
    let (store, teardown) = TestDatabase::create(&url).await.into_parts();
    orders_scenario(&store).await;
    teardown.await;
}

#[tokio::test]
async fn affected_on_sqlite() {
    let (_directory, store) = sqlite().await;
    affected_scenario(&store).await;
}

#[tokio::test]
async fn garbage_on_sqlite() {
    let (_directory, store) = sqlite().await;
    garbage_lists_only_the_first_rejections(&store).await;
}

#[tokio::test]
async fn affected_on_postgres() {
    let Some(url) = admin_url("affected_on_postgres") else { return };
    let (store, teardown) = TestDatabase::create(&url).await.into_parts();
    affected_scenario(&store).await;
    teardown.await;
}
