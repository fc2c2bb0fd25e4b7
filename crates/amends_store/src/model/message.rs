//! Messages: the thread of a case.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CaseId, Direction, MessageId, micros, require_text};
use crate::StoreError;

/// One message from or to the customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Message {
    /// Assigned by the store.
    pub id: MessageId,
    /// The case whose thread it belongs to.
    pub case_id: CaseId,
    /// From the customer or to them.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub direction: Direction,
    /// The text.
    pub body: String,
    /// Sentiment from -1 (angry) to 1 (delighted), when analyzed.
    pub sentiment: Option<f64>,
    /// When it was sent or received.
    pub sent_at: DateTime<Utc>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

/// A message to record.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NewMessage {
    /// The case.
    pub case_id: CaseId,
    /// From the customer or to them.
    pub direction: Direction,
    /// The text.
    pub body: String,
    /// Sentiment from -1 to 1, when analyzed.
    #[serde(default)]
    pub sentiment: Option<f64>,
    /// When it was sent or received.
    pub sent_at: DateTime<Utc>,
}

impl NewMessage {
    /// Checks the fields and truncates `sent_at` to microseconds.
    pub fn normalized(mut self) -> Result<Self, StoreError> {
        require_text("body", &self.body)?;
        if self.sentiment.is_some_and(|sentiment| !(-1.0..=1.0).contains(&sentiment)) {
            return Err(StoreError::invalid("sentiment", "must be between -1 and 1"));
        }
        self.sent_at = micros(self.sent_at);
        Ok(self)
    }
}
