//! SLA escalations end to end: the escalator records a deadline at risk, then missed, once
//! each, and the worker delivers each to a real HTTP receiver that verifies the signature.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use amends_delivery::{DEFAULT_TOLERANCE, OutboxFolder, WebhookHeaders, WebhookSecret, WebhookSender, verify};
use amends_store::conformance::{case, customer, t0};
use amends_store::{Clock, Store};
use amends_store_sqlite::SqliteStore;
use amends_worker::{Channels, EscalationSettings, Escalator, Worker, WorkerSettings};
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::{DateTime, TimeDelta, Utc};

struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// A receiver that accepts only correctly signed, fresh calls, and keeps their bodies.
async fn receiver(secret: WebhookSecret, clock: Arc<TestClock>) -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&received);
    let app = axum::Router::new().route(
        "/hooks",
        post(move |headers: HeaderMap, body: Bytes| {
            let (secret, clock, kept) = (secret.clone(), Arc::clone(&clock), Arc::clone(&kept));
            async move {
                let header =
                    |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
                let (id, timestamp, signature) =
                    (header("webhook-id"), header("webhook-timestamp"), header("webhook-signature"));
                let signed = WebhookHeaders { id: &id, timestamp: &timestamp, signature: &signature };
                if verify(&[secret], &signed, &body, clock.now(), DEFAULT_TOLERANCE).is_err() {
                    return StatusCode::BAD_REQUEST;
                }
                kept.lock().unwrap().push(serde_json::from_slice(&body).unwrap());
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, received)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadlines_at_risk_and_missed_reach_a_signed_webhook_once_each() {
    let directory = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&directory.path().join("amends.db")).await.unwrap();
    store.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    let customer = customer(store.as_ref(), "C-1").await;
    let case_id = case(store.as_ref(), customer.id, 0).await; // first response due t0 + 24 h

    let clock = Arc::new(TestClock(Mutex::new(t0() + TimeDelta::minutes(23 * 60 + 30))));
    let secret = WebhookSecret::from_bytes(b"a webhook secret of thirty-two b".to_vec());
    let (url, received) = receiver(secret.clone(), Arc::clone(&clock)).await;
    let settings = EscalationSettings { webhook_url: Some(url), ..EscalationSettings::default() };
    let escalator = Escalator::new(Arc::clone(&store), clock.clone(), settings);
    let channels = Channels {
        mail: Arc::new(OutboxFolder::new(directory.path().join("outbox"))),
        webhooks: Some(Arc::new(WebhookSender::new(secret, Duration::from_secs(5)).unwrap())),
    };
    let worker_settings = WorkerSettings { idle_poll: Duration::from_millis(20), ..WorkerSettings::default() };
    let worker = Worker::new(Arc::clone(&store), clock.clone(), channels, worker_settings);

    assert_eq!(escalator.sweep().await.unwrap(), 1, "at risk half an hour before the deadline");
    assert_eq!(escalator.sweep().await.unwrap(), 0, "recorded once");
    worker.run_until_idle().await.unwrap();
    *clock.0.lock().unwrap() = t0() + TimeDelta::hours(24) + TimeDelta::minutes(1);
    assert_eq!(escalator.sweep().await.unwrap(), 1, "breached");
    assert_eq!(escalator.sweep().await.unwrap(), 0, "a breach is recorded once");
    worker.run_until_idle().await.unwrap();

    let events = received.lock().unwrap().clone();
    let types: Vec<&str> = events.iter().map(|event| event["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["case.sla.first_response_at_risk", "case.sla.first_response_breached"]);
    assert_eq!(events[0]["case_id"], case_id.0);
    assert_eq!(worker.stats().snapshot().sent, 2);
    let recorded = store.list_escalations(case_id).await.unwrap();
    assert_eq!(recorded.len(), 2);
}
