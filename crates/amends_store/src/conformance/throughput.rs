//! A measurement both backends print (not a pass/fail test): case intakes per second.
//!
//! One intake is what the API's case creation does: open a case and record the customer's
//! first message, each in its own transaction with its audit entry.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::TimeDelta;

use super::{at, customer, new_case, t0};
use crate::Store;
use crate::model::{Direction, NewMessage};

/// Runs `intakes` intakes spread over `writers` concurrent tasks; returns intakes per second.
pub async fn intakes_per_second(store: Arc<dyn Store>, intakes: usize, writers: usize) -> f64 {
    let customer_id = customer(&*store, "C-throughput").await.id;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for writer in 0..writers {
        let store = Arc::clone(&store);
        let count = intakes / writers;
        tasks.push(tokio::spawn(async move {
            for intake in 0..count {
                let change = at(&format!("writer:{writer}"), intake as i64);
                let case = store.create_case(&change, new_case(customer_id)).await.expect("case created");
                let message = NewMessage {
                    case_id: case.id,
                    direction: Direction::Inbound,
                    body: "My order arrived broken and nobody answers the phone.".to_owned(),
                    sentiment: Some(-0.6),
                    sent_at: t0() + TimeDelta::seconds(intake as i64),
                };
                store.add_message(&change, message).await.expect("message recorded");
            }
        }));
    }
    for task in tasks {
        task.await.expect("writer finished");
    }
    let elapsed = started.elapsed().max(Duration::from_micros(1));
    (intakes / writers * writers) as f64 / elapsed.as_secs_f64()
}
