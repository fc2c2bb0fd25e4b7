//! Delivery through crashes and pauses, driving the real `amends worker` binary against a real
//! SMTP server process (aiosmtpd): 10,000 emails with the worker killed (`kill -9`) at three
//! random moments, on SQLite and on PostgreSQL; two worker processes sharing one PostgreSQL
//! queue; and a worker paused (`SIGSTOP`) past its lease whose job is taken over. Nothing may
//! go missing; every duplicate carries a Message-ID already seen.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use amends_delivery::Email;
use amends_delivery::testing::SmtpServer;
use amends_store::model::{JobKind, NewJob, purpose};
use amends_store::{Change, Store};
use amends_store_postgres::testing::{TestDatabase, admin_url};
use chrono::{DateTime, Utc};

const EMAILS: usize = 10_000;

fn email_job(n: usize) -> NewJob {
    let email = Email {
        message_id: format!("crash.{n}@amends.test"),
        from: "Acme Support <support@acme.example>".to_owned(),
        to: vec![format!("customer{n}@example.com")],
        reply_to: None,
        subject: "About your order".to_owned(),
        text: format!("I'm sorry your order {n} arrived late; a refund is on its way."),
        html: None,
        headers: vec![],
    };
    NewJob {
        kind: JobKind::Email,
        purpose: purpose::REPLY.to_owned(),
        key: format!("crash:{n}"),
        case_id: None,
        payload: serde_json::to_value(email).unwrap(),
        run_at: DateTime::<Utc>::UNIX_EPOCH,
        max_attempts: Some(20),
    }
}

async fn enqueue(store: &dyn Store, count: usize) {
    let change = Change::new("test", DateTime::<Utc>::UNIX_EPOCH);
    let jobs: Vec<NewJob> = (0..count).map(email_job).collect();
    for chunk in jobs.chunks(1_000) {
        store.enqueue_jobs(&change, chunk.to_vec()).await.unwrap();
    }
}

/// `amends worker` on `db`, sending to `smtp`, with `extra` arguments; stderr piped.
fn worker(db: &str, smtp: &str, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(["worker", "--db", db, "--lease-secs", "2"])
        .args(extra)
        .env("AMENDS_SMTP_URL", smtp)
        .env("RUST_LOG", "info")
        .env_remove("AMENDS_NOW")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("amends worker starts")
}

/// Three distinct moments, as counts of messages received, between 10% and 90% of `total`.
fn kill_points(total: usize) -> Vec<usize> {
    let seed = RandomState::new().hash_one(total);
    let mut points: Vec<usize> =
        (0..3).map(|n| total / 10 + (seed.rotate_left(n * 21) as usize) % (total * 8 / 10)).collect();
    points.sort_unstable();
    points
}

fn wait_until(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Kills a worker three times while it drains, restarting it each time, then lets a last one
/// finish; counts what the SMTP server received.
#[expect(clippy::print_stdout, reason = "the test prints its counts, as the issue asks")]
fn crash_three_times_and_count(backend: &str, db: &str, server: &SmtpServer) {
    let points = kill_points(EMAILS);
    let mut running = worker(db, &server.url(), &[]);
    for point in &points {
        wait_until(&format!("{point} messages"), Duration::from_secs(120), || server.received().len() >= *point);
        running.kill().expect("kill -9 the worker");
        running.wait().unwrap();
        running = worker(db, &server.url(), &[]);
    }
    running.kill().unwrap();
    running.wait().unwrap();
    let last = worker(db, &server.url(), &["--until-idle"]).wait_with_output().unwrap();
    assert!(last.status.success(), "the last worker failed: {}", String::from_utf8_lossy(&last.stderr));

    let received = server.received();
    let mut copies: HashMap<&str, usize> = HashMap::new();
    for message in &received {
        *copies.entry(message.message_id.as_str()).or_default() += 1;
    }
    let expected: HashSet<String> = (0..EMAILS).map(|n| format!("crash.{n}@amends.test")).collect();
    let missing = expected.iter().filter(|id| !copies.contains_key(id.as_str())).count();
    let strangers = copies.keys().filter(|id| !expected.contains(**id)).count();
    let duplicates = received.len() - copies.len();
    println!(
        "{backend}: killed at {points:?} messages; received {} messages, {} distinct Message-IDs, \
         {missing} missing, {duplicates} duplicates (each with a Message-ID already seen)",
        received.len(),
        copies.len()
    );
    assert_eq!(missing, 0, "no message may go missing");
    assert_eq!(strangers, 0, "every message received is one of those queued");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_emails_survive_three_kills_on_sqlite() {
    let Some(server) = SmtpServer::start(&[]) else { return };
    let directory = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", directory.path().join("amends.db").display());
    let store = amends_store_open::open_store(&db).await.unwrap();
    store.migrate().await.unwrap();
    enqueue(store.as_ref(), EMAILS).await;
    tokio::task::spawn_blocking(move || crash_three_times_and_count("sqlite", &db, &server)).await.unwrap();
    assert_eq!(store.count_jobs().await.unwrap().done, EMAILS as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_emails_survive_three_kills_on_postgres() {
    let Some(admin) = admin_url("ten_thousand_emails_survive_three_kills_on_postgres") else { return };
    let Some(server) = SmtpServer::start(&[]) else { return };
    let database = TestDatabase::create(&admin).await;
    let db = format!("{}/{}", admin.rsplit_once('/').unwrap().0, database.name);
    let (store, teardown) = database.into_parts();
    let store: Arc<dyn Store> = Arc::new(store);
    enqueue(store.as_ref(), EMAILS).await;
    tokio::task::spawn_blocking(move || crash_three_times_and_count("postgres", &db, &server)).await.unwrap();
    assert_eq!(store.count_jobs().await.unwrap().done, EMAILS as u64);
    drop(store);
    teardown.await;
}

/// The stats line a worker logs when it stops.
fn stopped_stats(stderr: impl std::io::Read) -> serde_json::Value {
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        if let Some(stats) = event["fields"]["stats"].as_str() {
            return serde_json::from_str(stats).unwrap();
        }
    }
    panic!("the worker logged no stats line");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_worker_finds_its_jobs_taken_over() {
    // The server sits on the first message for 4 s: worker A is paused in the middle of it.
    let Some(server) = SmtpServer::start(&["--hold-first", "4"]) else { return };
    let directory = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", directory.path().join("amends.db").display());
    let store = amends_store_open::open_store(&db).await.unwrap();
    store.migrate().await.unwrap();
    enqueue(store.as_ref(), 5).await;
    let url = server.url();
    let (a_stats, received) = tokio::task::spawn_blocking(move || {
        let mut a = worker(&db, &url, &["--batch", "5", "--concurrency", "1"]);
        std::thread::sleep(Duration::from_millis(1500));
        let pid = a.id().to_string();
        assert!(Command::new("kill").args(["-STOP", &pid]).status().unwrap().success());
        // Past A's 2 s lease: B takes all five jobs and sends them.
        std::thread::sleep(Duration::from_secs(3));
        let b = worker(&db, &url, &["--until-idle"]).wait_with_output().unwrap();
        assert!(b.status.success(), "worker B failed: {}", String::from_utf8_lossy(&b.stderr));
        assert!(Command::new("kill").args(["-CONT", &pid]).status().unwrap().success());
        // A wakes up: the held send completes (a second copy), its result is refused, and
        // its other four jobs are skipped at the lease check.
        let received = server.wait_for(6, Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(500));
        assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        let stats = stopped_stats(a.stderr.take().unwrap());
        a.wait().unwrap();
        (stats, received)
    })
    .await
    .unwrap();
    let ids: HashSet<&str> = received.iter().map(|message| message.message_id.as_str()).collect();
    println!("paused worker: {} messages received, {} distinct; worker A: {a_stats}", received.len(), ids.len());
    assert_eq!(ids.len(), 5, "every job delivered");
    assert_eq!(received.len(), 6, "one second copy, from the send A was paused in");
    let mut copies: HashMap<&str, usize> = HashMap::new();
    for message in &received {
        *copies.entry(message.message_id.as_str()).or_default() += 1;
    }
    let twice: Vec<&&str> = copies.iter().filter(|(_, count)| **count == 2).map(|(id, _)| id).collect();
    assert_eq!(twice.len(), 1, "the second copy carries a Message-ID already seen: {received:?}");
    assert_eq!(a_stats["late_finishes_refused"], 1);
    assert_eq!(a_stats["lease_lost_before_send"], 4);
    assert_eq!(store.count_jobs().await.unwrap().done, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_worker_processes_on_postgres_send_each_message_once() {
    let Some(admin) = admin_url("two_worker_processes_on_postgres_send_each_message_once") else { return };
    let Some(server) = SmtpServer::start(&[]) else { return };
    let database = TestDatabase::create(&admin).await;
    let db = format!("{}/{}", admin.rsplit_once('/').unwrap().0, database.name);
    let (store, teardown) = database.into_parts();
    let store: Arc<dyn Store> = Arc::new(store);
    enqueue(store.as_ref(), 2_000).await;
    let url = server.url();
    let (received, sent) = tokio::task::spawn_blocking(move || {
        let workers: Vec<Child> = (0..2).map(|_| worker(&db, &url, &["--until-idle", "--batch", "16"])).collect();
        let sent: Vec<u64> = workers
            .into_iter()
            .map(|mut worker| {
                let stats = stopped_stats(worker.stderr.take().unwrap());
                assert!(worker.wait().unwrap().success());
                stats["sent"].as_u64().unwrap()
            })
            .collect();
        (server.wait_for(2_000, Duration::from_secs(10)), sent)
    })
    .await
    .unwrap();
    let ids: HashSet<&str> = received.iter().map(|message| message.message_id.as_str()).collect();
    assert_eq!((received.len(), ids.len()), (2_000, 2_000), "every message once, none twice");
    assert_eq!(sent.iter().sum::<u64>(), 2_000);
    assert!(sent.iter().all(|sent| *sent > 0), "both processes took part: {sent:?}");
    drop(store);
    teardown.await;
}
