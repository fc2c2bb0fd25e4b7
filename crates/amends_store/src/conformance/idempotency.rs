//! Idempotency keys.

use std::sync::Arc;

use chrono::TimeDelta;

use super::{assert_not_found, t0};
use crate::Store;
use crate::model::{IdempotencyClaim, StoredResponse};

/// Claim, see it in flight, complete, replay, keep for 24 hours, purge, claim afresh.
pub async fn keys_claim_replay_and_expire(store: Arc<dyn Store>) {
    let claim = store.claim_idempotency_key("token:1", "key-1", "hash-a", t0()).await.unwrap();
    assert_eq!(claim, IdempotencyClaim::Claimed);
    let in_flight =
        store.claim_idempotency_key("token:1", "key-1", "hash-a", t0() + TimeDelta::seconds(1)).await.unwrap();
    let IdempotencyClaim::Existing(record) = in_flight else { panic!("expected Existing, got {in_flight:?}") };
    assert_eq!(record.response, None);
    assert_eq!(record.request_hash, "hash-a");
    assert_eq!(record.created_at, t0());

    let response = StoredResponse { status: 201, body: br#"{"id":7}"#.to_vec() };
    let completed = store.complete_idempotency_key("token:1", "key-1", response.clone()).await.unwrap();
    assert_eq!(completed.response.as_ref(), Some(&response));
    let replay = store.claim_idempotency_key("token:1", "key-1", "hash-b", t0() + TimeDelta::hours(23)).await.unwrap();
    let IdempotencyClaim::Existing(record) = replay else { panic!("expected Existing, got {replay:?}") };
    assert_eq!(record.response, Some(response));
    assert_eq!(record.request_hash, "hash-a", "the caller compares hashes to refuse a different body");

    let other_scope = store.claim_idempotency_key("token:2", "key-1", "hash-a", t0()).await.unwrap();
    assert_eq!(other_scope, IdempotencyClaim::Claimed, "keys are per scope");
    store.claim_idempotency_key("token:1", "key-2", "hash-c", t0() + TimeDelta::hours(2)).await.unwrap();

    assert_eq!(store.purge_idempotency_keys(t0() + TimeDelta::hours(23)).await.unwrap(), 0);
    assert_eq!(store.purge_idempotency_keys(t0() + TimeDelta::hours(24)).await.unwrap(), 2);
    let after_purge =
        store.claim_idempotency_key("token:1", "key-1", "hash-d", t0() + TimeDelta::hours(25)).await.unwrap();
    assert_eq!(after_purge, IdempotencyClaim::Claimed);

    // An expired record that was never purged counts as absent too.
    let expired = store.claim_idempotency_key("token:1", "key-2", "hash-e", t0() + TimeDelta::hours(26)).await.unwrap();
    assert_eq!(expired, IdempotencyClaim::Claimed);
    assert_not_found(
        store.complete_idempotency_key("token:1", "never", StoredResponse { status: 200, body: Vec::new() }).await,
    );
}

/// A failed request releases its key so a retry runs; a completed key cannot be released.
pub async fn released_keys_can_be_claimed_again(store: Arc<dyn Store>) {
    store.claim_idempotency_key("token:1", "key-1", "hash-a", t0()).await.unwrap();
    store.release_idempotency_key("token:1", "key-1").await.unwrap();
    let retry = store.claim_idempotency_key("token:1", "key-1", "hash-a", t0()).await.unwrap();
    assert_eq!(retry, IdempotencyClaim::Claimed);
    store
        .complete_idempotency_key("token:1", "key-1", StoredResponse { status: 201, body: b"{}".to_vec() })
        .await
        .unwrap();
    store.release_idempotency_key("token:1", "key-1").await.unwrap();
    let replay = store.claim_idempotency_key("token:1", "key-1", "hash-a", t0()).await.unwrap();
    assert!(matches!(replay, IdempotencyClaim::Existing(ref record) if record.response.is_some()), "{replay:?}");
}
