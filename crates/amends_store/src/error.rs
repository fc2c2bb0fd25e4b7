//! The one error type every store method returns.

use crate::model::Entity;

/// Why a store call failed.
///
/// Driver errors shrink to these variants at the backend boundary, so nothing above the store
/// matches on a database library's error type.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist.
    #[error("{entity} {id} not found")]
    NotFound {
        /// The kind of record looked for.
        entity: Entity,
        /// Its id or key, as the caller gave it.
        id: String,
    },
    /// The change would break a uniqueness rule (a second customer with the same external id,
    /// a second user with the same email, an idempotency key already claimed).
    #[error("{entity} conflicts with an existing one: {detail}")]
    Conflict {
        /// The kind of record written.
        entity: Entity,
        /// What collided, in words.
        detail: String,
    },
    /// The input is not acceptable: a malformed value or a reference to a record that does
    /// not exist.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The input field at fault, as named in the models (`customer_id`, `time_zone`).
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The database failed: unreachable, out of space, a corrupt value, a migration error.
    #[error("storage backend failed: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// An [`StoreError::Invalid`] for `field`.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        StoreError::Invalid { field: field.into(), reason: reason.into() }
    }

    /// A [`StoreError::NotFound`] for the record `id` of kind `entity`.
    pub fn not_found(entity: Entity, id: impl ToString) -> Self {
        StoreError::NotFound { entity, id: id.to_string() }
    }

    /// The error of row `row` of a batch: an `Invalid` field becomes `[row].field`, so the
    /// caller can point at the bad row; other errors are unchanged.
    pub fn in_row(self, row: usize) -> Self {
        match self {
            StoreError::Invalid { field, reason } => StoreError::Invalid { field: format!("[{row}].{field}"), reason },
            other => other,
        }
    }

    /// A [`StoreError::Backend`] wrapping any error.
    pub fn backend(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        StoreError::Backend(error.into())
    }
}
