//! Many writers at once: none fails, none is lost.

use std::sync::Arc;

use super::{agent, at, customer, customer_fields, new_case, t0};
use crate::model::{
    AuditFilter, CaseFilter, CustomerId, Entity, FirstMessage, IdempotencyClaim, NewCase, Upserted, UserId,
};
use crate::{PageRequest, Store, StoreError};

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

/// Many intakes at once, some naming a missing customer or owner: each bad one fails alone
/// with the error it gets on its own, and every good one is committed whole, with its first
/// message and both audit entries, exactly as returned.
pub async fn concurrent_intakes_fail_alone(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await.id;
    let owner = agent(&*store, "agent@shop.example").await.id;
    let mut tasks = Vec::new();
    for intake in 0..64_i64 {
        let store = Arc::clone(&store);
        let (customer_id, owner_id) = match intake % 8 {
            3 => (CustomerId(9_999), None),
            5 => (ada, Some(UserId(9_999))),
            6 => (ada, Some(owner)),
            _ => (ada, None),
        };
        let first = (intake % 2 == 0).then(|| FirstMessage {
            body: format!("Intake {intake}: my parcel never came."),
            sentiment: Some(-0.25),
            sent_at: t0(),
        });
        let new = NewCase { owner_id, first_message: first, ..new_case(customer_id) };
        tasks.push(tokio::spawn(async move { (intake, store.open_case(&at("intake", intake), new).await) }));
    }
    let mut opened = 0;
    for task in tasks {
        let (intake, result) = task.await.expect("intake finished");
        match (intake % 8, result) {
            (3, Err(StoreError::Invalid { field, .. })) => assert_eq!(field, "customer_id"),
            (5, Err(StoreError::Invalid { field, .. })) => assert_eq!(field, "owner_id"),
            (3 | 5, other) => panic!("intake {intake} should fail: {other:?}"),
            (_, Err(error)) => panic!("intake {intake} failed: {error}"),
            (_, Ok(case)) => {
                opened += 1;
                assert_eq!(store.get_case(case.case.id).await.unwrap(), case.case);
                let thread = store.list_messages(case.case.id).await.unwrap();
                assert_eq!(thread, case.first_message.clone().into_iter().collect::<Vec<_>>());
                assert_eq!(case.first_message.is_some(), intake % 2 == 0);
                let filter = AuditFilter { entity: Some(Entity::Case), entity_id: Some(case.case.id.0) };
                let entries = store.list_audit(&filter, PageRequest::default()).await.unwrap().items;
                assert_eq!(entries.len(), 1);
                assert_eq!(entries[0].after, Some(serde_json::to_value(&case.case).unwrap()));
                if let Some(message) = &case.first_message {
                    let filter = AuditFilter { entity: Some(Entity::Message), entity_id: Some(message.id.0) };
                    let entries = store.list_audit(&filter, PageRequest::default()).await.unwrap().items;
                    assert_eq!(entries.len(), 1);
                    assert_eq!(entries[0].after, Some(serde_json::to_value(message).unwrap()));
                }
            }
        }
    }
    assert_eq!(opened, 48);
    let cases = store.list_cases(&CaseFilter::default(), PageRequest::first(100)).await.unwrap();
    assert_eq!(cases.items.len(), 48, "nothing written for the refused intakes");
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
