//! The append-only audit log: who changed what, when, from what to what.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Entity;

/// One change to one record. Written by the store in the same transaction as the change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct AuditEntry {
    /// Assigned by the store; increases with every entry.
    pub id: i64,
    /// Who made the change (the [`Change`](crate::Change)'s actor).
    pub actor: String,
    /// What was done: `create`, `update`, `revoke`, `add_affected`.
    pub action: String,
    /// The kind of record changed.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub entity: Entity,
    /// The id of the record changed.
    pub entity_id: i64,
    /// The record before the change, as JSON; `None` for a creation.
    pub before: Option<serde_json::Value>,
    /// The record after the change, as JSON.
    pub after: Option<serde_json::Value>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Which audit entries to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct AuditFilter {
    /// Only changes to this kind of record.
    pub entity: Option<Entity>,
    /// Only changes to the record with this id (with `entity`).
    pub entity_id: Option<i64>,
}
