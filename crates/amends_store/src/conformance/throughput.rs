//! Measurements both backends print (not pass/fail tests): case intakes and imported
//! customers per second.
//!
//! One intake is what the API's case creation does: open a case and record the customer's
//! first message, with their audit entries, in one transaction or in two. An import upserts
//! customers in batches, one transaction per batch.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::TimeDelta;

use super::{at, customer, customer_fields, new_case, t0};
use crate::Store;
use crate::model::{FirstMessage, NewCase};

/// How an intake reaches the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    /// `create_case`, then `add_message`: two transactions.
    TwoCalls,
    /// `create_case` with `first_message`: one transaction.
    OneCall,
}

/// Runs `intakes` intakes spread over `writers` concurrent tasks; returns intakes per second.
pub async fn intakes_per_second(store: Arc<dyn Store>, intakes: usize, writers: usize, intake: Intake) -> f64 {
    let customer_id = customer(&*store, "C-throughput").await.id;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for writer in 0..writers {
        let store = Arc::clone(&store);
        let count = intakes / writers;
        tasks.push(tokio::spawn(async move {
            for step in 0..count {
                let change = at(&format!("writer:{writer}"), step as i64);
                let first = FirstMessage {
                    body: "My order arrived broken and nobody answers the phone.".to_owned(),
                    sentiment: Some(-0.6),
                    sent_at: t0() + TimeDelta::seconds(step as i64),
                };
                match intake {
                    Intake::OneCall => {
                        let new = NewCase { first_message: Some(first), ..new_case(customer_id) };
                        store.create_case(&change, new).await.expect("case opened");
                    }
                    Intake::TwoCalls => {
                        let case = store.create_case(&change, new_case(customer_id)).await.expect("case opened");
                        store.add_message(&change, first.into_message(case.id)).await.expect("message recorded");
                    }
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("writer finished");
    }
    let elapsed = started.elapsed().max(Duration::from_micros(1));
    (intakes / writers * writers) as f64 / elapsed.as_secs_f64()
}

/// Imports `customers` new customers in batches of `batch`, then the same again (a re-import
/// that changes nothing); returns both rates in customers per second.
pub async fn imported_customers_per_second(store: Arc<dyn Store>, customers: usize, batch: usize) -> (f64, f64) {
    let rows: Vec<_> = (0..customers).map(|row| customer_fields(&format!("C-{row:07}"))).collect();
    let mut rates = Vec::new();
    for pass in 0..2 {
        let started = Instant::now();
        for chunk in rows.chunks(batch) {
            store.upsert_customers(&at("import", pass), chunk.to_vec()).await.expect("batch imported");
        }
        let elapsed = started.elapsed().max(Duration::from_micros(1));
        rates.push(customers as f64 / elapsed.as_secs_f64());
    }
    (rates[0], rates[1])
}
