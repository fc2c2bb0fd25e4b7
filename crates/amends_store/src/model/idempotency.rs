//! Idempotency records: a retried request replays the first response instead of acting twice.

use chrono::{DateTime, TimeDelta, Utc};

/// How long a key is remembered.
pub const IDEMPOTENCY_RETENTION: TimeDelta = TimeDelta::hours(24);

/// A claimed idempotency key, and the response once there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyRecord {
    /// Whose key it is (a token or user), so clients cannot collide with each other.
    pub scope: String,
    /// The client's `Idempotency-Key`.
    pub key: String,
    /// A hash of the request (method, path, body): the same key with another body is an error.
    pub request_hash: String,
    /// The response to replay; `None` while the first request is still being handled.
    pub response: Option<StoredResponse>,
    /// When the key was first claimed.
    pub created_at: DateTime<Utc>,
}

/// A response kept for replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body, as sent.
    pub body: Vec<u8>,
}

/// The outcome of claiming a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyClaim {
    /// The key was free (or expired): the caller handles the request, then completes the key.
    Claimed,
    /// The key is taken: replay its response, or refuse if the request differs or is in flight.
    Existing(IdempotencyRecord),
}
