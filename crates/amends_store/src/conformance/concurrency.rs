//! Many writers at once: none fails, none is lost.

use std::sync::Arc;

use super::{at, customer_fields, new_case, t0};
use crate::model::{CaseFilter, IdempotencyClaim, Upserted};
use crate::{PageRequest, Store};

const WRITERS: usize = 8;
const WRITES_EACH: usize = 25;

/// Eight tasks each create customers and cases at the same time; every write lands.
pub async fn concurrent_writers_all_succeed(store: Arc<dyn Store>) {
    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            for write in 0..WRITES_EACH {
                let change = at(&format!("writer:{writer}"), write as i64);
                let customer = store
                    .create_customer(&change, customer_fields(&format!("W{writer}-{write}")))
                    .await
                    .expect("a concurrent write succeeds");
                store.create_case(&change, new_case(customer.id)).await.expect("a concurrent write succeeds");
            }
        }));
    }
    for task in tasks {
        task.await.expect("writer finished");
    }
    let mut count = 0;
    let mut page = store.list_cases(&CaseFilter::default(), PageRequest::first(100)).await.unwrap();
    loop {
        count += page.items.len();
        let Some(next) = page.next else { break };
        page = store.list_cases(&CaseFilter::default(), PageRequest::after(100, next)).await.unwrap();
    }
    assert_eq!(count, WRITERS * WRITES_EACH);
}

/// Of many simultaneous claims of one key, exactly one wins.
pub async fn concurrent_claims_have_one_winner(store: Arc<dyn Store>) {
    let mut tasks = Vec::new();
    for _ in 0..WRITERS * 2 {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move { store.claim_idempotency_key("token:1", "key", "hash", t0()).await }));
    }
    let mut winners = 0;
    for task in tasks {
        if task.await.expect("claim finished").expect("claim answered") == IdempotencyClaim::Claimed {
            winners += 1;
        }
    }
    assert_eq!(winners, 1);
}

/// Two importers upserting the same new customer at once: one creates it, the others find it.
pub async fn concurrent_upserts_create_once(store: Arc<dyn Store>) {
    let mut tasks = Vec::new();
    for importer in 0..WRITERS {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            store.upsert_customer(&at(&format!("import:{importer}"), 0), customer_fields("C-1")).await
        }));
    }
    let mut created = 0;
    for task in tasks {
        match task.await.expect("upsert finished").expect("a concurrent upsert succeeds") {
            Upserted::Created(_) => created += 1,
            Upserted::Unchanged(_) => {}
            Upserted::Updated(customer) => panic!("identical fields updated {customer:?}"),
        }
    }
    assert_eq!(created, 1);
}
