//! Incidents: one failure that hit many customers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{IncidentId, IncidentStatus, Severity, micros, require_text};
use crate::StoreError;

/// A failure that affected a set of customers, whether or not they complained.
///
/// The affected customers are a separate list (see
/// [`IncidentStore::add_affected_customers`](crate::IncidentStore::add_affected_customers)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Incident {
    /// Assigned by the store.
    pub id: IncidentId,
    /// What went wrong, in a line.
    pub title: String,
    /// The root-cause category (such as `carrier`, `billing`, `outage`), for the Pareto report.
    pub root_cause: String,
    /// How bad it is.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub severity: Severity,
    /// Where it stands.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub status: IncidentStatus,
    /// When the failure began.
    pub started_at: DateTime<Utc>,
    /// When it was over.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Everything about an incident that callers set: used to create and to replace.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IncidentFields {
    /// What went wrong, in a line.
    pub title: String,
    /// The root-cause category.
    pub root_cause: String,
    /// How bad it is.
    pub severity: Severity,
    /// Where it stands.
    pub status: IncidentStatus,
    /// When the failure began.
    pub started_at: DateTime<Utc>,
    /// When it was over.
    #[serde(default)]
    pub resolved_at: Option<DateTime<Utc>>,
}

impl IncidentFields {
    /// Checks the fields and truncates the instants to microseconds.
    pub fn normalized(mut self) -> Result<Self, StoreError> {
        require_text("title", &self.title)?;
        require_text("root_cause", &self.root_cause)?;
        if self.resolved_at.is_some_and(|resolved| resolved < self.started_at) {
            return Err(StoreError::invalid("resolved_at", "is before started_at"));
        }
        self.started_at = micros(self.started_at);
        self.resolved_at = self.resolved_at.map(micros);
        Ok(self)
    }
}
