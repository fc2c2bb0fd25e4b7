//! Case intakes and customer imports per second on SQLite, through the store.
//!
//! Run: `cargo bench -p amends_store_sqlite --bench throughput`. Figures go to
//! `docs/PERFORMANCE.md`. See `amends_store::conformance::throughput` for what is measured.

use std::sync::Arc;

use amends_store::Store;
use amends_store::conformance::throughput::{Intake, imported_customers_per_second, intakes_per_second};
use amends_store_sqlite::SqliteStore;

const INTAKES: usize = 4_000;
const CUSTOMERS: usize = 20_000;
const BATCH: usize = 1_000;

async fn fresh_store(directory: &tempfile::TempDir) -> SqliteStore {
    let store = SqliteStore::open(&directory.path().join("throughput.db")).await.expect("database opened");
    store.migrate().await.expect("migrations applied");
    store
}

#[expect(clippy::print_stdout, reason = "a benchmark reports its figures")]
fn main() {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime");
    runtime.block_on(async {
        for intake in [Intake::TwoCalls, Intake::OneCall] {
            for writers in [1, 8] {
                let directory = tempfile::tempdir().expect("a temporary directory");
                let store = fresh_store(&directory).await;
                let rate = intakes_per_second(Arc::new(store.clone()), INTAKES, writers, intake).await;
                println!("sqlite: {rate:.0} case intakes/s ({intake:?}) with {writers} writer task(s)");
                store.close().await;
            }
        }
        let directory = tempfile::tempdir().expect("a temporary directory");
        let store = fresh_store(&directory).await;
        let (first, again) = imported_customers_per_second(Arc::new(store.clone()), CUSTOMERS, BATCH).await;
        println!("sqlite: {first:.0} customers/s imported, {again:.0}/s re-imported (batches of {BATCH})");
        store.close().await;
    });
}
