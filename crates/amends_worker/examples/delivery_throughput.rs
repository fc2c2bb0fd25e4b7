//! Delivery throughput, the whole pipeline: queue N emails in a database, then let one worker
//! claim, lease-check, send by SMTP and record them, and print messages per second. With
//! `--claims-only`, jobs are claimed and recorded as sent without sending: the queue's own
//! claim-and-finish throughput on that backend.
//!
//! ```text
//! delivery_throughput DB_URL SMTP_URL COUNT [--claims-only] [--batch N] [--concurrency N]
//! ```
//!
//! Used by `bench/delivery.sh`; the SMTP server there is Postfix's `smtp-sink`.

use std::env;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use amends_delivery::{Email, SmtpConfig, SmtpSender};
use amends_store::model::{ClaimRequest, Finish, JobKind, NewJob, Outcome, purpose};
use amends_store::{Change, Clock, Store};
use amends_worker::{Channels, Worker, WorkerSettings};
use chrono::{DateTime, Utc};

struct WallClock;

impl Clock for WallClock {
    #[expect(clippy::disallowed_methods, reason = "a benchmark runs on the wall clock")]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

fn job(n: usize) -> NewJob {
    let email = Email {
        message_id: format!("bench.{n}@amends.bench"),
        from: "Acme Support <support@acme.example>".to_owned(),
        to: vec![format!("customer{n}@example.com")],
        reply_to: None,
        subject: "About your order".to_owned(),
        text: format!("I'm sorry your order {n} arrived late. A refund of $12.00 is on its way to your card."),
        html: Some(format!("<p>I'm sorry your order {n} arrived late.</p>")),
        headers: vec![],
    };
    NewJob {
        kind: JobKind::Email,
        purpose: purpose::REPLY.to_owned(),
        key: format!("bench:{n}"),
        case_id: None,
        payload: serde_json::to_value(email).expect("an email is JSON"),
        run_at: DateTime::<Utc>::UNIX_EPOCH,
        max_attempts: None,
    }
}

fn flag(args: &[String], name: &str) -> Option<usize> {
    args.iter().position(|arg| arg == name).and_then(|index| args.get(index + 1)).and_then(|value| value.parse().ok())
}

#[tokio::main]
#[expect(clippy::print_stdout, clippy::print_stderr, reason = "a benchmark prints its figures")]
async fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let (Some(db), Some(smtp), Some(count)) = (args.first(), args.get(1), args.get(2).and_then(|n| n.parse().ok()))
    else {
        eprintln!("usage: delivery_throughput DB_URL SMTP_URL COUNT [--claims-only] [--batch N] [--concurrency N]");
        return ExitCode::from(2);
    };
    let store = amends_store_open::open_store(db).await.expect("the database opens");
    store.migrate().await.expect("the database migrates");
    let queued = Instant::now();
    let jobs: Vec<NewJob> = (0..count).map(job).collect();
    for chunk in jobs.chunks(1_000) {
        store.enqueue_jobs(&Change::new("bench", WallClock.now()), chunk.to_vec()).await.expect("jobs queue");
    }
    let queue_rate = count as f64 / queued.elapsed().as_secs_f64();
    let defaults = WorkerSettings::default();
    let batch = flag(&args, "--batch").map_or(defaults.batch, |batch| batch as u32);
    let started = Instant::now();
    if args.iter().any(|arg| arg == "--claims-only") {
        claim_and_finish(store.as_ref(), batch).await;
    } else {
        let mut config: SmtpConfig = smtp.parse().expect("an SMTP URL");
        let concurrency = flag(&args, "--concurrency").unwrap_or(defaults.concurrency);
        config.max_connections = concurrency;
        let channels = Channels { mail: Arc::new(SmtpSender::new(config)), webhooks: None };
        let settings = WorkerSettings { name: "bench".to_owned(), batch, concurrency, ..defaults };
        let worker = Worker::new(Arc::clone(&store), Arc::new(WallClock), channels, settings);
        worker.run_until_idle().await.expect("the queue drains");
        let stats = worker.stats().snapshot();
        assert_eq!(stats.sent, count as u64, "every message sent: {stats}");
    }
    let seconds = started.elapsed().as_secs_f64();
    let done = store.count_jobs().await.expect("the queue counts").done;
    assert_eq!(done, count as u64, "every job done");
    println!(
        "{} {count} jobs: queued at {queue_rate:.0}/s; {} in {seconds:.2} s = {:.0}/s",
        store.backend(),
        if args.iter().any(|arg| arg == "--claims-only") { "claimed and finished" } else { "sent" },
        count as f64 / seconds
    );
    ExitCode::SUCCESS
}

/// Claims batches and records them as sent, without sending, until the queue is empty.
async fn claim_and_finish(store: &dyn Store, batch: u32) {
    loop {
        let request =
            ClaimRequest { worker: "bench", now: WallClock.now(), lease_for: Duration::from_secs(60), limit: batch };
        let claimed = store.claim_jobs(request).await.expect("claims answer");
        if claimed.is_empty() {
            return;
        }
        let finishes: Vec<Finish> =
            claimed.iter().map(|job| Finish { lease: job.lease_ref(), outcome: Outcome::Sent }).collect();
        store.finish_jobs(&finishes, WallClock.now()).await.expect("finishes are recorded");
    }
}
