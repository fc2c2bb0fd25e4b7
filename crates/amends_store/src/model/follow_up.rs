//! Follow-ups: the promise to check back, kept.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CaseId, Channel, FollowUpId, UserId, micros};
use crate::StoreError;

/// A scheduled check-back with the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct FollowUp {
    /// Assigned by the store.
    pub id: FollowUpId,
    /// The case followed up.
    pub case_id: CaseId,
    /// The named person who follows up.
    pub owner_id: Option<UserId>,
    /// How.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub channel: Channel,
    /// When.
    pub due_at: DateTime<Utc>,
    /// What to check, for the person doing it.
    pub note: Option<String>,
    /// When it was done.
    pub done_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A follow-up to schedule.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewFollowUp {
    /// The case.
    pub case_id: CaseId,
    /// Who follows up.
    #[serde(default)]
    pub owner_id: Option<UserId>,
    /// How.
    pub channel: Channel,
    /// When.
    pub due_at: DateTime<Utc>,
    /// What to check.
    #[serde(default)]
    pub note: Option<String>,
}

impl NewFollowUp {
    /// Truncates `due_at` to microseconds.
    pub fn normalized(mut self) -> Result<Self, StoreError> {
        self.due_at = micros(self.due_at);
        Ok(self)
    }
}
