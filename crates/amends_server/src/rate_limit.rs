//! A token bucket per API token, in memory.
//!
//! Each token may send `burst` requests at once and then `per_second` on average. The
//! buckets live in this process only: several server instances each allow the full rate.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many requests a token may make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests allowed at once, from a full bucket.
    pub burst: u32,
    /// Requests per second the bucket refills with.
    pub per_second: f64,
}

impl Default for RateLimit {
    /// 200 at once, 100 per second: generous for people and scripts, a brake on runaways.
    fn default() -> Self {
        RateLimit { burst: 200, per_second: 100.0 }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

/// The buckets of every token seen.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

impl RateLimiter {
    /// An empty limiter: every token starts with a full bucket.
    pub(crate) fn new(limit: RateLimit) -> Self {
        RateLimiter { limit, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request from `key`'s bucket at `now`; when it is empty, says how long until
    /// one is available.
    pub(crate) fn take(&self, key: i64, now: Instant) -> Result<(), Duration> {
        let capacity = f64::from(self.limit.burst.max(1));
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets.entry(key).or_insert(Bucket { tokens: capacity, refilled_at: now });
        let elapsed = now.saturating_duration_since(bucket.refilled_at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.limit.per_second).min(capacity);
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        if self.limit.per_second <= 0.0 {
            return Err(Duration::from_secs(3600));
        }
        Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.limit.per_second))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_refill_rate() {
        let limiter = RateLimiter::new(RateLimit { burst: 3, per_second: 2.0 });
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.take(1, start), Ok(()));
        }
        let wait = limiter.take(1, start).unwrap_err();
        assert_eq!(wait, Duration::from_millis(500));
        assert_eq!(limiter.take(2, start), Ok(()), "buckets are per token");
        assert_eq!(limiter.take(1, start + Duration::from_millis(500)), Ok(()));
        assert!(limiter.take(1, start + Duration::from_millis(500)).is_err());
    }

    #[test]
    fn an_idle_bucket_refills_only_to_the_burst() {
        let limiter = RateLimiter::new(RateLimit { burst: 2, per_second: 100.0 });
        let start = Instant::now();
        assert_eq!(limiter.take(1, start), Ok(()));
        let later = start + Duration::from_secs(60);
        assert_eq!(limiter.take(1, later), Ok(()));
        assert_eq!(limiter.take(1, later), Ok(()));
        assert!(limiter.take(1, later).is_err());
    }
}
