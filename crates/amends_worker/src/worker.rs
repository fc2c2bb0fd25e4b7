//! The claim → check → send → record loop.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use amends_core::sla::{DEFAULT_QUIET_PERIOD, is_customer_still_writing};
use amends_delivery::{DeliveryError, Email, MailTransport, Webhook, WebhookSender};
use amends_store::model::{ClaimRequest, Direction, Finish, Job, JobKind, LeaseRef, Outcome, purpose};
use amends_store::{Clock, Store, StoreError};
use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinSet;

use crate::backoff::Backoff;
use crate::escalate::Escalator;
use crate::stats::WorkerStats;

/// How a worker paces itself.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerSettings {
    /// The name recorded as the lease owner (host and process id by default).
    pub name: String,
    /// How long a claim holds a job unless renewed; the heartbeat renews it every third of it.
    pub lease: Duration,
    /// Jobs claimed at once; their results are recorded in one transaction.
    pub batch: u32,
    /// Messages sent at the same time (at most the SMTP pool's connections are used).
    pub concurrency: usize,
    /// How long to wait before asking again when nothing is due.
    pub idle_poll: Duration,
    /// The waits between attempts.
    pub backoff: Backoff,
    /// How long after the customer's last message a reply or follow-up waits.
    pub quiet_period: TimeDelta,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        WorkerSettings {
            name: "worker".to_owned(),
            lease: Duration::from_secs(60),
            batch: 64,
            concurrency: 16,
            idle_poll: Duration::from_millis(500),
            backoff: Backoff::default(),
            quiet_period: DEFAULT_QUIET_PERIOD,
        }
    }
}

/// The channels a worker sends through.
#[derive(Clone)]
pub struct Channels {
    /// Emails: SMTP, or the outbox folder.
    pub mail: Arc<dyn MailTransport>,
    /// Webhooks, when a signing secret is configured; webhook jobs dead-letter without one.
    pub webhooks: Option<Arc<WebhookSender>>,
}

/// Why a worker stopped or a batch failed.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The store failed; the jobs of the batch stay leased and are taken back when it expires.
    #[error("the job queue is unavailable: {0}")]
    Store(#[from] StoreError),
}

/// A delivery worker over a store and its channels.
#[derive(Clone)]
pub struct Worker {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    channels: Channels,
    settings: Arc<WorkerSettings>,
    stats: Arc<WorkerStats>,
    escalator: Option<Escalator>,
}

/// How often a running worker looks for SLA deadlines at risk.
pub const ESCALATION_SWEEP_INTERVAL: Duration = Duration::from_secs(30);

impl Worker {
    /// A worker claiming from `store`, reading time from `clock`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, channels: Channels, settings: WorkerSettings) -> Self {
        Worker { store, clock, channels, settings: Arc::new(settings), stats: Arc::default(), escalator: None }
    }

    /// The same worker, also sweeping for SLA escalations every
    /// [`ESCALATION_SWEEP_INTERVAL`] while it [`run`](Worker::run)s.
    pub fn with_escalator(mut self, escalator: Escalator) -> Self {
        self.escalator = Some(escalator);
        self
    }

    /// The running counts.
    pub fn stats(&self) -> &WorkerStats {
        &self.stats
    }

    /// Works until `shutdown` completes, then finishes the batch in hand and returns. A store
    /// failure is logged and retried after a pause: the database may be restarting.
    pub async fn run(&self, shutdown: impl Future<Output = ()> + Send + 'static) {
        let stopping = Arc::new(AtomicBool::new(false));
        let wake = Arc::new(Notify::new());
        let watcher = {
            let (stopping, wake) = (Arc::clone(&stopping), Arc::clone(&wake));
            tokio::spawn(async move {
                shutdown.await;
                stopping.store(true, Ordering::SeqCst);
                wake.notify_one();
            })
        };
        let mut last_sweep: Option<tokio::time::Instant> = None;
        while !stopping.load(Ordering::SeqCst) {
            if let Some(escalator) = &self.escalator
                && last_sweep.is_none_or(|last| last.elapsed() >= ESCALATION_SWEEP_INTERVAL)
            {
                last_sweep = Some(tokio::time::Instant::now());
                if let Err(error) = escalator.sweep().await {
                    tracing::warn!(%error, "looking for SLA escalations failed");
                }
            }
            let pause = match self.run_batch().await {
                Ok(0) => self.settings.idle_poll,
                Ok(_) => continue,
                Err(error) => {
                    tracing::warn!(%error, "claiming jobs failed; trying again shortly");
                    self.settings.idle_poll.max(Duration::from_secs(1))
                }
            };
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                () = wake.notified() => {}
            }
        }
        watcher.abort();
    }

    /// Works until no job is due and none is running, then returns: for batch runs and
    /// benchmarks (`amends worker --until-idle`).
    pub async fn run_until_idle(&self) -> Result<(), WorkerError> {
        loop {
            if self.run_batch().await? == 0 {
                if self.store.count_jobs().await?.running == 0 {
                    return Ok(());
                }
                tokio::time::sleep(self.settings.idle_poll).await;
            }
        }
    }

    /// Claims one batch, sends it, records the results; returns how many jobs it claimed.
    pub async fn run_batch(&self) -> Result<usize, WorkerError> {
        let settings = &self.settings;
        let request = ClaimRequest {
            worker: &settings.name,
            now: self.clock.now(),
            lease_for: settings.lease,
            limit: settings.batch,
        };
        let jobs = self.store.claim_jobs(request).await?;
        let claimed = jobs.len();
        if claimed == 0 {
            return Ok(0);
        }
        WorkerStats::add(&self.stats.claimed, claimed as u64);
        let held = Arc::new(Mutex::new(jobs.iter().map(Job::lease_ref).collect::<Vec<_>>()));
        let heartbeat = tokio::spawn(self.clone().heartbeat(Arc::clone(&held)));
        let permits = Arc::new(Semaphore::new(settings.concurrency.max(1)));
        let mut sends = JoinSet::new();
        for job in jobs {
            let worker = self.clone();
            let permits = Arc::clone(&permits);
            sends.spawn(async move {
                let _permit = permits.acquire_owned().await.expect("the semaphore is never closed");
                worker.attempt(job).await
            });
        }
        let mut finishes = Vec::with_capacity(claimed);
        while let Some(result) = sends.join_next().await {
            match result {
                Ok(Ok(Some(finish))) => finishes.push(finish),
                Ok(Ok(None)) => {}
                Ok(Err(error)) => {
                    tracing::warn!(%error, "a job was left to its lease: the store failed before sending")
                }
                Err(panic) => {
                    tracing::error!(%panic, "sending a job panicked; it will be taken back when its lease expires")
                }
            }
        }
        heartbeat.abort();
        self.record(&finishes).await?;
        Ok(claimed)
    }

    /// Renews the leases in `held` every third of the lease, dropping those lost.
    async fn heartbeat(self, held: Arc<Mutex<Vec<LeaseRef>>>) {
        let period = self.settings.lease / 3;
        loop {
            tokio::time::sleep(period).await;
            let leases = held.lock().unwrap_or_else(PoisonError::into_inner).clone();
            let until = self.clock.now() + TimeDelta::from_std(self.settings.lease).unwrap_or(TimeDelta::MAX);
            match self.store.renew_leases(&leases, until).await {
                Ok(renewed) => {
                    let lost: Vec<LeaseRef> =
                        leases.iter().zip(renewed).filter(|(_, renewed)| !renewed).map(|(lease, _)| *lease).collect();
                    if !lost.is_empty() {
                        tracing::warn!(?lost, "leases were taken over by another worker");
                        held.lock().unwrap_or_else(PoisonError::into_inner).retain(|lease| !lost.contains(lease));
                    }
                }
                Err(error) => tracing::warn!(%error, "renewing leases failed"),
            }
        }
    }

    /// One attempt at one job: `None` when the lease was lost before sending.
    async fn attempt(&self, job: Job) -> Result<Option<Finish>, StoreError> {
        let lease = job.lease_ref();
        let now = self.clock.now();
        if let Some(until) = self.customer_still_writing(&job, now).await? {
            return Ok(Some(Finish { lease, outcome: Outcome::Postpone { at: until } }));
        }
        if !self.store.holds_lease(lease, self.clock.now()).await? {
            WorkerStats::add(&self.stats.lease_lost_before_send, 1);
            tracing::warn!(job = %job.id, "lease lost before sending: another worker has the job");
            return Ok(None);
        }
        let sent = self.send(&job).await;
        let outcome = match sent {
            Ok(()) => Outcome::Sent,
            Err(DeliveryError::Transient { reason, retry_after }) => {
                let wait = self.settings.backoff.delay(job.id.0, job.attempts).max(retry_after.unwrap_or_default());
                Outcome::Retry { at: now + TimeDelta::from_std(wait).unwrap_or(TimeDelta::MAX), error: reason }
            }
            Err(DeliveryError::Permanent { reason }) => Outcome::Dead { error: reason },
        };
        Ok(Some(Finish { lease, outcome }))
    }

    /// When a reply or follow-up's customer wrote within the quiet period: the instant the
    /// period ends.
    async fn customer_still_writing(&self, job: &Job, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, StoreError> {
        let Some(case) = job.case_id else { return Ok(None) };
        if job.purpose != purpose::REPLY && job.purpose != purpose::FOLLOW_UP {
            return Ok(None);
        }
        let messages = self.store.list_messages(case).await?;
        let last_inbound = messages
            .iter()
            .filter(|message| message.direction == Direction::Inbound)
            .map(|message| message.sent_at)
            .max();
        Ok(last_inbound
            .filter(|last| is_customer_still_writing(*last, now, self.settings.quiet_period))
            .map(|last| last + self.settings.quiet_period))
    }

    async fn send(&self, job: &Job) -> Result<(), DeliveryError> {
        let at = self.clock.now();
        match job.kind {
            JobKind::Email => {
                let email: Email = payload(job)?;
                self.channels.mail.send(&email, at).await
            }
            JobKind::Webhook => {
                let webhook: Webhook = payload(job)?;
                let Some(sender) = &self.channels.webhooks else {
                    return Err(DeliveryError::Permanent {
                        reason: "no webhook signing secret is configured: set `[webhooks] secret` in amends.toml \
                                 or AMENDS_WEBHOOK_SECRET, then retry the job"
                            .to_owned(),
                    });
                };
                sender.send(&webhook, at).await
            }
        }
    }

    /// Records the batch's results in one transaction and counts them.
    async fn record(&self, finishes: &[Finish]) -> Result<(), StoreError> {
        if finishes.is_empty() {
            return Ok(());
        }
        let accepted = self.store.finish_jobs(finishes, self.clock.now()).await?;
        for (finish, accepted) in finishes.iter().zip(accepted) {
            if !accepted {
                WorkerStats::add(&self.stats.late_finishes_refused, 1);
                tracing::warn!(job = %finish.lease.id, "late finish refused: another worker took the job");
                continue;
            }
            let counter = match &finish.outcome {
                Outcome::Sent => &self.stats.sent,
                Outcome::Retry { error, .. } => {
                    tracing::info!(job = %finish.lease.id, %error, "delivery failed for now; will retry");
                    &self.stats.retried
                }
                Outcome::Dead { error } => {
                    tracing::warn!(job = %finish.lease.id, %error, "delivery refused; job dead-lettered");
                    &self.stats.dead
                }
                Outcome::Postpone { .. } => &self.stats.postponed,
            };
            WorkerStats::add(counter, 1);
        }
        Ok(())
    }
}

/// The job's payload as the channel's input; a payload that does not parse never will.
fn payload<T: serde::de::DeserializeOwned>(job: &Job) -> Result<T, DeliveryError> {
    serde_json::from_value(job.payload.clone()).map_err(|error| DeliveryError::Permanent {
        reason: format!("job {} has a {} payload that does not parse: {error}", job.id, job.kind),
    })
}
