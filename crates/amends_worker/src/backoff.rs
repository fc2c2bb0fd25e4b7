//! How long a failed job waits before its next attempt.

use std::time::Duration;

/// Exponential backoff with jitter: the n-th retry waits between half and all of
/// `first × 2ⁿ⁻¹`, capped at `max`.
///
/// The jitter is drawn from the job's id and attempt rather than a random generator, so
/// many jobs failing at once (a mail server restart) spread out, while one job's schedule is
/// reproducible in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait before the first retry, before jitter.
    pub first: Duration,
    /// The longest wait.
    pub max: Duration,
}

impl Default for Backoff {
    /// 30 seconds, doubling, at most an hour: eight attempts span about two hours.
    fn default() -> Self {
        Backoff { first: Duration::from_secs(30), max: Duration::from_secs(60 * 60) }
    }
}

impl Backoff {
    /// The wait after failed attempt number `attempt` (1 for the first) of job `job`.
    pub fn delay(&self, job: i64, attempt: i32) -> Duration {
        let doublings = u32::try_from(attempt.saturating_sub(1)).unwrap_or(0).min(30);
        let full = self.first.saturating_mul(1 << doublings).min(self.max);
        let fraction = unit_interval(mix(job as u64 ^ (u64::from(attempt.unsigned_abs()) << 40)));
        full.mul_f64(0.5 + fraction / 2.0)
    }
}

/// A well-mixed 64-bit value from `seed` (SplitMix64's finalizer).
fn mix(seed: u64) -> u64 {
    let mut value = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    value = (value ^ (value >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    value ^ (value >> 31)
}

/// `bits` as a number in `[0, 1)`.
fn unit_interval(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_within_their_jitter_and_stop_at_the_cap() {
        let backoff = Backoff::default();
        for job in 1..200 {
            for attempt in 1..12 {
                let full = Duration::from_secs(30 * (1 << (attempt - 1))).min(backoff.max);
                let delay = backoff.delay(job, attempt);
                assert!(delay >= full / 2 && delay <= full, "job {job} attempt {attempt}: {delay:?} of {full:?}");
            }
        }
    }

    #[test]
    fn jobs_failing_together_spread_out() {
        let backoff = Backoff::default();
        let mut delays: Vec<Duration> = (1..100).map(|job| backoff.delay(job, 3)).collect();
        delays.sort();
        delays.dedup();
        assert!(delays.len() > 90, "only {} distinct waits", delays.len());
    }

    #[test]
    fn a_job_has_the_same_schedule_every_time() {
        let backoff = Backoff::default();
        assert_eq!(backoff.delay(42, 2), backoff.delay(42, 2));
    }
}
