//! Imports end to end, on SQLite and (when `AMENDS_TEST_POSTGRES_URL` is set) PostgreSQL:
//! bad rows reported by line while good rows are kept, and re-imports change nothing.

use std::fmt::Write as _;

use amends_import::{Format, ImportOptions, import_customers, import_orders};
use amends_store::chrono::{TimeZone, Utc};
use amends_store::{Change, Store};
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
    let options = ImportOptions { batch_size: 1000 };
    let first =
        import_customers(store, &change(), customers_csv(None).as_bytes(), Format::Csv, &options).await.unwrap();
    assert_eq!((first.rows, first.created, first.updated, first.unchanged), (2500, 2497, 0, 0));
    let rejected: Vec<String> = first.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(rejected.len(), 3, "{rejected:?}");
    assert!(rejected[0].starts_with("12: time_zone: `Mars/Olympus` is not an IANA time zone"), "{}", rejected[0]);
    assert!(rejected[1].starts_with("1502: time_zone:"), "{}", rejected[1]);
    assert!(rejected[2].starts_with("2002: name:"), "{}", rejected[2]);
    assert_eq!(store.find_customer_by_external_id("C2499").await.unwrap().name, "Customer 2499");

    let again =
        import_customers(store, &change(), customers_csv(None).as_bytes(), Format::Csv, &options).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged, again.rejected.len()), (0, 0, 2497, 3));

    let renamed =
        import_customers(store, &change(), customers_csv(Some(7)).as_bytes(), Format::Csv, &options).await.unwrap();
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
