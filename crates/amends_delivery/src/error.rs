//! What a failed delivery means for the job that asked for it.

use std::time::Duration;

/// Why a delivery failed, sorted by what the caller should do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// Retry later: the receiver is busy or unreachable (SMTP 4xx, a dropped connection, a
    /// timeout, HTTP 5xx or 429).
    #[error("temporary delivery failure, retry later: {reason}")]
    Transient {
        /// What went wrong, with the receiver's own text where it gave one.
        reason: String,
        /// How long the receiver asked us to wait (HTTP `Retry-After`), if it said.
        retry_after: Option<Duration>,
    },
    /// Do not retry: the receiver refused this message for good (SMTP 5xx, HTTP 4xx other
    /// than 429) or the message itself is invalid (a malformed address).
    #[error("delivery refused, retrying will not help: {reason}")]
    Permanent {
        /// What went wrong, with the receiver's own text where it gave one.
        reason: String,
    },
}

impl DeliveryError {
    /// Whether retrying later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, DeliveryError::Transient { .. })
    }

    pub(crate) fn transient(reason: impl Into<String>) -> DeliveryError {
        DeliveryError::Transient { reason: reason.into(), retry_after: None }
    }

    pub(crate) fn permanent(reason: impl Into<String>) -> DeliveryError {
        DeliveryError::Permanent { reason: reason.into() }
    }
}
