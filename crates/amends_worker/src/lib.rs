//! The amends delivery worker: it claims due jobs from the store's queue under a lease and
//! sends them — emails by SMTP or to the outbox folder, webhooks signed in the Standard
//! Webhooks style — then records every result of a batch in one transaction.
//!
//! # The guarantee
//!
//! Every queued message is delivered **at least once**, and every copy of one message carries
//! the same Message-ID (or `webhook-id`), so receivers can recognise a repeat:
//!
//! - A job is claimed under a lease that a heartbeat renews while the worker works. A worker
//!   that dies or stalls stops renewing; once its lease expires the next claim takes the job
//!   back and a new lease number is issued.
//! - Right before sending, the worker asks whether its lease is still the job's current one
//!   and skips the send when it is not ([`WorkerStats::lease_lost_before_send`]).
//! - A result is recorded only while no later claim has taken the job: a late result is
//!   refused and counted ([`WorkerStats::late_finishes_refused`]).
//! - What remains is the window between the receiver accepting a message and our commit of
//!   that result: a crash there, or a pause past the lease in the middle of a send, sends the
//!   message again with the same Message-ID. That is the only source of duplicates.
//!
//! Transient failures (SMTP 4xx, dropped connections, HTTP 5xx/429) are retried with
//! exponential backoff and jitter until the job's attempts run out; permanent ones (SMTP
//! 5xx, other HTTP 4xx) go straight to the dead letter, where people can see and retry them.
//! A reply or follow-up whose customer is still writing waits for the quiet period without
//! spending an attempt.
//!
//! An [`Escalator`] runs beside the worker: it records SLA deadlines at risk or missed, once
//! each, and queues the team's webhook and email with the record.

mod backoff;
mod escalate;
mod stats;
mod worker;

pub use backoff::Backoff;
pub use escalate::{EscalationSettings, Escalator};
pub use stats::{StatsSnapshot, WorkerStats};
pub use worker::{Channels, ESCALATION_SWEEP_INTERVAL, Worker, WorkerError, WorkerSettings};
