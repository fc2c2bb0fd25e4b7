//! The worker against a real SMTP server process (aiosmtpd) and a real database: delivery,
//! retries, the dead letter, the quiet period, and two workers sharing one queue.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use amends_delivery::testing::SmtpServer;
use amends_delivery::{Email, OutboxFolder, SmtpConfig, SmtpSender};
use amends_store::conformance::{at, case, customer, t0};
use amends_store::model::{Direction, JobKind, JobState, NewJob, NewMessage, purpose};
use amends_store::{Clock, Store};
use amends_store_postgres::testing::{TestDatabase, admin_url};
use amends_store_sqlite::SqliteStore;
use amends_worker::{Backoff, Channels, Worker, WorkerSettings};
use chrono::{DateTime, TimeDelta, Utc};

/// A clock pinned at an instant the test moves.
struct TestClock(std::sync::Mutex<DateTime<Utc>>);

impl TestClock {
    fn at(now: DateTime<Utc>) -> Arc<TestClock> {
        Arc::new(TestClock(std::sync::Mutex::new(now)))
    }

    fn advance(&self, by: TimeDelta) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

async fn sqlite() -> (Arc<dyn Store>, tempfile::TempDir) {
    let directory = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&directory.path().join("amends.db")).await.unwrap();
    store.migrate().await.unwrap();
    (Arc::new(store), directory)
}

fn email(n: usize) -> Email {
    Email {
        message_id: format!("reply.{n}.test@amends.example"),
        from: "Acme Support <support@acme.example>".to_owned(),
        to: vec![format!("customer{n}@example.com")],
        reply_to: None,
        subject: "About your order".to_owned(),
        text: "I'm sorry we sent the wrong sweater.".to_owned(),
        html: None,
        headers: vec![],
    }
}

fn email_job(n: usize) -> NewJob {
    NewJob {
        kind: JobKind::Email,
        purpose: purpose::REPLY.to_owned(),
        key: format!("reply:{n}"),
        case_id: None,
        payload: serde_json::to_value(email(n)).unwrap(),
        run_at: t0(),
        max_attempts: Some(3),
    }
}

fn settings(name: &str) -> WorkerSettings {
    WorkerSettings {
        name: name.to_owned(),
        batch: 16,
        idle_poll: Duration::from_millis(20),
        backoff: Backoff { first: Duration::from_secs(10), max: Duration::from_secs(60) },
        ..WorkerSettings::default()
    }
}

fn smtp(server: &SmtpServer) -> Channels {
    let config: SmtpConfig = server.url().parse().unwrap();
    Channels { mail: Arc::new(SmtpSender::new(config)), webhooks: None }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_emails_are_delivered_once_each() {
    let Some(server) = SmtpServer::start(&[]) else { return };
    let (store, _directory) = sqlite().await;
    store.enqueue_jobs(&at("test", 0), (0..40).map(email_job).collect()).await.unwrap();
    let worker = Worker::new(Arc::clone(&store), TestClock::at(t0()), smtp(&server), settings("w1"));
    worker.run_until_idle().await.unwrap();
    let received = server.wait_for(40, Duration::from_secs(10));
    let ids: HashSet<&str> = received.iter().map(|message| message.message_id.as_str()).collect();
    assert_eq!((received.len(), ids.len()), (40, 40));
    assert!(ids.contains("reply.7.test@amends.example"));
    assert_eq!(store.count_jobs().await.unwrap().done, 40);
    assert_eq!(worker.stats().snapshot().sent, 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_server_is_retried_after_the_backoff() {
    let Some(server) = SmtpServer::start(&["--temp-fail", "1", "--temp-code", "451"]) else { return };
    let (store, _directory) = sqlite().await;
    store.enqueue_jobs(&at("test", 0), vec![email_job(1)]).await.unwrap();
    let clock = TestClock::at(t0());
    let worker = Worker::new(Arc::clone(&store), clock.clone(), smtp(&server), settings("w1"));
    assert_eq!(worker.run_batch().await.unwrap(), 1);
    let job = store.list_jobs(&Default::default(), amends_store::PageRequest::first(1)).await.unwrap().items.remove(0);
    assert_eq!(job.state, JobState::Queued);
    assert!(job.last_error.as_deref().unwrap().contains("451"), "{job:?}");
    assert!(job.run_at >= t0() + TimeDelta::seconds(5), "backed off: {}", job.run_at);
    assert_eq!(worker.run_batch().await.unwrap(), 0, "not before the backoff");
    clock.advance(TimeDelta::seconds(11));
    assert_eq!(worker.run_batch().await.unwrap(), 1);
    assert_eq!(store.get_job(job.id).await.unwrap().state, JobState::Done);
    assert_eq!(server.wait_for(1, Duration::from_secs(5)).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_dead_letters_with_the_servers_words() {
    let Some(server) = SmtpServer::start(&["--reject-code", "550"]) else { return };
    let (store, _directory) = sqlite().await;
    let enqueued = store.enqueue_jobs(&at("test", 0), vec![email_job(1)]).await.unwrap();
    let worker = Worker::new(Arc::clone(&store), TestClock::at(t0()), smtp(&server), settings("w1"));
    worker.run_until_idle().await.unwrap();
    let dead = store.get_job(enqueued[0].job().id).await.unwrap();
    assert_eq!(dead.state, JobState::Dead);
    assert!(dead.last_error.as_deref().unwrap().contains("550"), "{dead:?}");
    assert_eq!(worker.stats().snapshot().dead, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_waits_while_the_customer_is_still_writing() {
    let (store, directory) = sqlite().await;
    let customer = customer(store.as_ref(), "C-1").await;
    let case_id = case(store.as_ref(), customer.id, 0).await;
    let inbound = NewMessage {
        case_id,
        direction: Direction::Inbound,
        body: "And another thing: the box was crushed.".to_owned(),
        sentiment: None,
        sent_at: t0() - TimeDelta::minutes(2),
    };
    store.add_message(&at("customer", 0), inbound).await.unwrap();
    let mut job = email_job(1);
    job.case_id = Some(case_id);
    let id = store.enqueue_jobs(&at("test", 0), vec![job]).await.unwrap()[0].job().id;
    let outbox = OutboxFolder::new(directory.path().join("outbox"));
    let channels = Channels { mail: Arc::new(outbox.clone()), webhooks: None };
    let clock = TestClock::at(t0());
    let worker = Worker::new(Arc::clone(&store), clock.clone(), channels, settings("w1"));
    worker.run_batch().await.unwrap();
    let waiting = store.get_job(id).await.unwrap();
    assert_eq!((waiting.state, waiting.attempts), (JobState::Queued, 0));
    assert_eq!(waiting.run_at, t0() + TimeDelta::minutes(3), "five minutes after the last message");
    assert!(!outbox.path_for(&email(1).message_id).exists());
    clock.advance(TimeDelta::minutes(3));
    worker.run_batch().await.unwrap();
    assert_eq!(store.get_job(id).await.unwrap().state, JobState::Done);
    assert!(outbox.path_for(&email(1).message_id).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_on_postgres_never_send_one_job_twice() {
    let Some(admin) = admin_url("two_workers_on_postgres_never_send_one_job_twice") else { return };
    let Some(server) = SmtpServer::start(&[]) else { return };
    let (store, teardown) = TestDatabase::create(&admin).await.into_parts();
    let store: Arc<dyn Store> = Arc::new(store);
    store.enqueue_jobs(&at("test", 0), (0..300).map(email_job).collect()).await.unwrap();
    let clock = TestClock::at(t0());
    let workers: Vec<Worker> = ["w1", "w2"]
        .iter()
        .map(|name| Worker::new(Arc::clone(&store), clock.clone(), smtp(&server), settings(name)))
        .collect();
    let runs: Vec<_> =
        workers.iter().cloned().map(|worker| tokio::spawn(async move { worker.run_until_idle().await })).collect();
    for run in runs {
        run.await.unwrap().unwrap();
    }
    let received = server.wait_for(300, Duration::from_secs(20));
    let ids: HashSet<&str> = received.iter().map(|message| message.message_id.as_str()).collect();
    assert_eq!((received.len(), ids.len()), (300, 300), "every message exactly once");
    let sent: Vec<u64> = workers.iter().map(|worker| worker.stats().snapshot().sent).collect();
    assert_eq!(sent.iter().sum::<u64>(), 300);
    assert!(sent.iter().all(|sent| *sent > 0), "both workers took part: {sent:?}");
    drop(store);
    teardown.await;
}
