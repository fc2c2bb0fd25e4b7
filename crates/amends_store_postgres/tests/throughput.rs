//! Case intakes per second on PostgreSQL. A measurement, not a check: run it with
//! `AMENDS_TEST_POSTGRES_URL=… cargo test -p amends_store_postgres --release --test throughput --
//! --ignored --nocapture`.

mod support;

use std::sync::Arc;

use amends_store::conformance::throughput::{Intake, imported_customers_per_second, intakes_per_second};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; prints intakes per second"]
async fn measure_case_intakes() {
    let Some(admin_url) = support::admin_url("measure_case_intakes") else { return };
    for intake in [Intake::TwoCalls, Intake::OneCall] {
        for writers in [1, 8] {
            let (store, teardown) = support::TestDatabase::create(&admin_url).await.into_parts();
            let rate = intakes_per_second(Arc::new(store), 4_000, writers, intake).await;
            println!("postgres: {rate:.0} case intakes/s ({intake:?}) with {writers} writer task(s)");
            teardown.await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; prints customers imported per second"]
async fn measure_customer_import() {
    let Some(admin_url) = support::admin_url("measure_customer_import") else { return };
    let (store, teardown) = support::TestDatabase::create(&admin_url).await.into_parts();
    let (first, again) = imported_customers_per_second(Arc::new(store), 20_000, 1_000).await;
    println!("postgres: {first:.0} customers/s imported, {again:.0}/s re-imported (batches of 1,000)");
    teardown.await;
}
