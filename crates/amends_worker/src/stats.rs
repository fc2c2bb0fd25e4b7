//! What a worker did, counted as it goes.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

/// Running counts of one worker, shared with whoever reports them.
#[derive(Debug, Default)]
pub struct WorkerStats {
    /// Jobs claimed.
    pub claimed: AtomicU64,
    /// Messages delivered and recorded as done.
    pub sent: AtomicU64,
    /// Transient failures scheduled for another attempt.
    pub retried: AtomicU64,
    /// Jobs dead-lettered.
    pub dead: AtomicU64,
    /// Jobs put back because the customer is still writing.
    pub postponed: AtomicU64,
    /// Sends skipped because another claim had taken the job.
    pub lease_lost_before_send: AtomicU64,
    /// Results refused because another claim had taken the job meanwhile.
    pub late_finishes_refused: AtomicU64,
}

/// The counts at one moment: for logs and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatsSnapshot {
    /// Jobs claimed.
    pub claimed: u64,
    /// Messages delivered and recorded as done.
    pub sent: u64,
    /// Transient failures scheduled for another attempt.
    pub retried: u64,
    /// Jobs dead-lettered.
    pub dead: u64,
    /// Jobs put back because the customer is still writing.
    pub postponed: u64,
    /// Sends skipped because another claim had taken the job.
    pub lease_lost_before_send: u64,
    /// Results refused because another claim had taken the job meanwhile.
    pub late_finishes_refused: u64,
}

impl WorkerStats {
    /// The counts now.
    pub fn snapshot(&self) -> StatsSnapshot {
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        StatsSnapshot {
            claimed: read(&self.claimed),
            sent: read(&self.sent),
            retried: read(&self.retried),
            dead: read(&self.dead),
            postponed: read(&self.postponed),
            lease_lost_before_send: read(&self.lease_lost_before_send),
            late_finishes_refused: read(&self.late_finishes_refused),
        }
    }

    pub(crate) fn add(counter: &AtomicU64, count: u64) {
        counter.fetch_add(count, Ordering::Relaxed);
    }
}

impl fmt::Display for StatsSnapshot {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "claimed {}, sent {}, retried {}, dead {}, postponed {}, lease lost before send {}, \
             late finishes refused {}",
            self.claimed,
            self.sent,
            self.retried,
            self.dead,
            self.postponed,
            self.lease_lost_before_send,
            self.late_finishes_refused
        )
    }
}
