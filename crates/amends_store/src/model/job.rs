//! Jobs: the durable queue of outgoing messages (emails, webhooks).
//!
//! A job is written in the same transaction as the change that causes it (a reply, a
//! resolution), so a committed change always has its delivery queued and a rolled-back one
//! never does. Workers claim jobs with a lease; every claim increments the job's `lease`
//! number, and a worker may only finish a job while the number it claimed is still the
//! job's: a worker that lost its lease (paused, partitioned, too slow) has its late result
//! refused, whatever the clock says.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CaseId, JobId, JobKind, JobState, micros, require_text};
use crate::StoreError;

/// The purposes amends queues jobs for; the key of a job starts with its purpose.
pub mod purpose {
    /// An answer to the customer, from `POST /cases/{id}/replies`.
    pub const REPLY: &str = "reply";
    /// The check-back scheduled when a case is resolved.
    pub const FOLLOW_UP: &str = "follow_up";
    /// A warning to the team that a case will breach, or has breached, its SLA.
    pub const ESCALATION: &str = "escalation";
}

/// How many attempts a job gets before it is dead-lettered, unless it says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 8;

/// A message waiting to go out, going out, gone, or given up on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Job {
    /// Assigned by the store.
    pub id: JobId,
    /// The channel that carries it.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub kind: JobKind,
    /// Why it is sent: `reply`, `follow_up`, `escalation`, …
    pub purpose: String,
    /// Unique per message: enqueueing the same key twice queues one job.
    pub key: String,
    /// The case it belongs to, when one.
    pub case_id: Option<CaseId>,
    /// What the channel needs to send it (an email, a webhook call), as JSON.
    #[cfg_attr(feature = "sqlx", sqlx(json))]
    pub payload: serde_json::Value,
    /// Where it stands.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub state: JobState,
    /// How many times a worker claimed it.
    pub attempts: i32,
    /// Claims allowed before it is dead-lettered.
    pub max_attempts: i32,
    /// Not sent before this instant.
    pub run_at: DateTime<Utc>,
    /// The worker holding the lease while running.
    pub lease_owner: Option<String>,
    /// When the lease runs out unless renewed.
    pub lease_until: Option<DateTime<Utc>>,
    /// The fencing number: incremented by every claim, checked by every finish.
    pub lease: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was sent, dead-lettered or cancelled.
    pub finished_at: Option<DateTime<Utc>>,
}

impl Job {
    /// The lease this job was claimed with: what a worker passes back to finish it.
    pub fn lease_ref(&self) -> LeaseRef {
        LeaseRef { id: self.id, lease: self.lease }
    }
}

/// A job to queue.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NewJob {
    /// The channel.
    pub kind: JobKind,
    /// Why it is sent.
    pub purpose: String,
    /// The unique key of the message, such as `reply:message-42:ana@example.com`.
    pub key: String,
    /// The case it belongs to.
    #[serde(default)]
    pub case_id: Option<CaseId>,
    /// What the channel needs.
    pub payload: serde_json::Value,
    /// Not before this instant.
    pub run_at: DateTime<Utc>,
    /// Attempts allowed; [`DEFAULT_MAX_ATTEMPTS`] when absent.
    #[serde(default)]
    pub max_attempts: Option<i32>,
}

impl NewJob {
    /// Checks the fields and truncates `run_at` to microseconds.
    pub fn normalized(mut self) -> Result<Self, StoreError> {
        require_text("purpose", &self.purpose)?;
        require_text("key", &self.key)?;
        if let Some(max) = self.max_attempts
            && max < 1
        {
            return Err(StoreError::invalid("max_attempts", "must be at least 1"));
        }
        self.run_at = micros(self.run_at);
        Ok(self)
    }
}

/// A job queued by [`enqueue_job`](crate::JobStore::enqueue_job): new, or the one already
/// queued under the same key.
#[derive(Debug, Clone, PartialEq)]
pub enum Enqueued {
    /// Queued now.
    Queued(Job),
    /// A job with this key existed; nothing was written.
    Existing(Job),
}

impl Enqueued {
    /// The job, new or existing.
    pub fn job(&self) -> &Job {
        match self {
            Enqueued::Queued(job) | Enqueued::Existing(job) => job,
        }
    }
}

/// A claimed job as its worker names it: the id and the lease number of the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct LeaseRef {
    /// The job.
    pub id: JobId,
    /// The lease number its claim returned.
    pub lease: i64,
}

/// How a worker's attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Delivered: the job is done.
    Sent,
    /// Failed for now: try again at `at` (counted as an attempt already).
    Retry {
        /// When to try again.
        at: DateTime<Utc>,
        /// Why it failed.
        error: String,
    },
    /// Failed for good: dead-letter it.
    Dead {
        /// Why.
        error: String,
    },
    /// Not attempted (the customer is still writing): run at `at`, and this claim does not
    /// count as an attempt.
    Postpone {
        /// When to run instead.
        at: DateTime<Utc>,
    },
}

/// A worker's result for one claimed job.
#[derive(Debug, Clone, PartialEq)]
pub struct Finish {
    /// The job and the lease it was claimed with.
    pub lease: LeaseRef,
    /// What happened.
    pub outcome: Outcome,
}

/// What a claim asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRequest<'a> {
    /// The worker's name, recorded as the lease owner.
    pub worker: &'a str,
    /// The instant of the claim: jobs due by then, and leases expired by then, are taken.
    pub now: DateTime<Utc>,
    /// How long the lease lasts unless renewed.
    pub lease_for: Duration,
    /// At most this many jobs.
    pub limit: u32,
}

/// Which jobs to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobFilter {
    /// Only jobs in this state.
    pub state: Option<JobState>,
    /// Only this case's jobs.
    pub case_id: Option<CaseId>,
}

/// How many jobs are in each state: the queue at a glance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct JobCounts {
    /// Waiting.
    pub queued: u64,
    /// Claimed.
    pub running: u64,
    /// Delivered.
    pub done: u64,
    /// Dead-lettered.
    pub dead: u64,
    /// Cancelled.
    pub cancelled: u64,
}
