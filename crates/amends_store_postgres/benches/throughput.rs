//! Case intakes and customer imports per second on PostgreSQL, through the store, each run
//! on a fresh database of the server `AMENDS_TEST_POSTGRES_URL` names.
//!
//! Run: `AMENDS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench -p
//! amends_store_postgres --bench throughput`. Figures go to `docs/PERFORMANCE.md`. See
//! `amends_store::conformance::throughput` for what is measured.

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;

use amends_store::conformance::throughput::{Intake, imported_customers_per_second, intakes_per_second};

const INTAKES: usize = 4_000;
const CUSTOMERS: usize = 20_000;
const BATCH: usize = 1_000;

#[expect(clippy::print_stdout, reason = "a benchmark reports its figures")]
fn main() {
    let Some(admin_url) = support::admin_url("the PostgreSQL throughput benchmark") else { return };
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime");
    runtime.block_on(async {
        for intake in [Intake::TwoCalls, Intake::OneCall] {
            for writers in [1, 8] {
                let (store, teardown) = support::TestDatabase::create(&admin_url).await.into_parts();
                let rate = intakes_per_second(Arc::new(store), INTAKES, writers, intake).await;
                println!("postgres: {rate:.0} case intakes/s ({intake:?}) with {writers} writer task(s)");
                teardown.await;
            }
        }
        let (store, teardown) = support::TestDatabase::create(&admin_url).await.into_parts();
        let (first, again) = imported_customers_per_second(Arc::new(store), CUSTOMERS, BATCH).await;
        println!("postgres: {first:.0} customers/s imported, {again:.0}/s re-imported (batches of {BATCH})");
        teardown.await;
    });
}
