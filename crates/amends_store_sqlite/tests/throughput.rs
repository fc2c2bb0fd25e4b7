//! Case intakes per second on SQLite. A measurement, not a check: run it with
//! `cargo test -p amends_store_sqlite --release --test throughput -- --ignored --nocapture`.

use std::sync::Arc;

use amends_store::Store;
use amends_store::conformance::throughput::{Intake, imported_customers_per_second, intakes_per_second};
use amends_store_sqlite::SqliteStore;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; prints intakes per second"]
async fn measure_case_intakes() {
    for intake in [Intake::TwoCalls, Intake::OneCall] {
        for writers in [1, 8] {
            let directory = tempfile::tempdir().unwrap();
            let store = SqliteStore::open(&directory.path().join("throughput.db")).await.unwrap();
            store.migrate().await.unwrap();
            let rate = intakes_per_second(Arc::new(store.clone()), 4_000, writers, intake).await;
            println!("sqlite: {rate:.0} case intakes/s ({intake:?}) with {writers} writer task(s)");
            store.close().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; prints customers imported per second"]
async fn measure_customer_import() {
    let directory = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&directory.path().join("import.db")).await.unwrap();
    store.migrate().await.unwrap();
    let (first, again) = imported_customers_per_second(Arc::new(store.clone()), 20_000, 1_000).await;
    println!("sqlite: {first:.0} customers/s imported, {again:.0}/s re-imported (batches of 1,000)");
    store.close().await;
}
