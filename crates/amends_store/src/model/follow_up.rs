//! Follow-ups: the promise to check back, kept.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CaseId, Channel, FollowUpId, JobId, UserId, micros};
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
    /// The queued message that carries it, when it is sent automatically.
    pub job_id: Option<JobId>,
    /// When it was called off (the case was reopened or closed first).
    pub cancelled_at: Option<DateTime<Utc>>,
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

/// A resolved case and the follow-up scheduled with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// The case, now resolved.
    pub case: super::Case,
    /// The follow-up scheduled, when one was asked for.
    pub follow_up: Option<FollowUp>,
    /// The job that will send it.
    pub job: Option<super::Enqueued>,
}
