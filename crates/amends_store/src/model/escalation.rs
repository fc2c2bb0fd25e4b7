//! Escalations: an SLA deadline at risk or breached, recorded once.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{CaseId, EscalationKind};

/// A deadline of a case that is at risk or was missed, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Escalation {
    /// Assigned by the store.
    pub id: i64,
    /// The case.
    pub case_id: CaseId,
    /// Which deadline, at risk or breached.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub kind: EscalationKind,
    /// The deadline.
    pub due_at: DateTime<Utc>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// An escalation to record, with the messages that tell the team.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEscalation {
    /// The case.
    pub case_id: CaseId,
    /// Which deadline, at risk or breached.
    pub kind: EscalationKind,
    /// The deadline.
    pub due_at: DateTime<Utc>,
    /// The webhook calls and emails to queue if this escalation is new.
    pub notify: Vec<super::NewJob>,
}
