//! The records the store keeps, the inputs that create or change them, and their vocabularies.
//!
//! Every record has an integer id assigned by the database, and `created_at`/`updated_at`
//! instants in UTC taken from the [`Change`](crate::Change) that wrote it. Vocabularies
//! (statuses, priorities, channels) are stored as their lowercase names, so a database read
//! by hand says what it means.
//!
//! Inputs (`NewCase`, `CustomerFields`, …) have a `normalized` method that checks them and
//! brings them to their stored form — instants truncated to microseconds, emails lowercased —
//! so that what is read back equals what was written, on every backend.

mod audit;
mod case;
mod customer;
mod escalation;
mod follow_up;
mod idempotency;
mod incident;
mod job;
mod message;
mod remedy;
mod survey;
mod user;
mod vocabulary;

pub use audit::{AuditEntry, AuditFilter};
pub use case::{Case, CaseFilter, CasePatch, FirstMessage, NewCase, OpenedCase};
pub use customer::{ContactKind, ContactPoint, Customer, CustomerFields, Order, OrderFields, Upserted};
pub use escalation::{Escalation, NewEscalation};
pub use follow_up::{FollowUp, NewFollowUp, Resolution};
pub use idempotency::{IDEMPOTENCY_RETENTION, IdempotencyClaim, IdempotencyRecord, StoredResponse};
pub use incident::{Incident, IncidentFields};
pub use job::{
    ClaimRequest, DEFAULT_MAX_ATTEMPTS, Enqueued, Finish, Job, JobCounts, JobFilter, LeaseRef, NewJob, Outcome, purpose,
};
pub use message::{Message, NewMessage};
pub use remedy::{NewRemedy, Remedy};
pub use survey::{LinkAnswer, LinkAnswerKind, NewSurveyResponse, SurveyResponse};
pub use user::{ApiToken, NewApiToken, NewUser, User, UserPatch, normalize_email};
pub use vocabulary::{
    CaseStatus, Channel, Direction, Entity, EscalationKind, IncidentStatus, JobKind, JobState, Priority, RemedyKind,
    RemedyStatus, Role, Severity, SurveyKind, UnknownName,
};

/// Declares an id newtype: ids of different records cannot be mixed up.
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(formatter)
            }
        }
    };
}

id_type!(
    /// The id of a [`User`].
    UserId
);
id_type!(
    /// The id of an [`ApiToken`].
    ApiTokenId
);
id_type!(
    /// The id of a [`Customer`].
    CustomerId
);
id_type!(
    /// The id of an [`Order`].
    OrderId
);
id_type!(
    /// The id of an [`Incident`].
    IncidentId
);
id_type!(
    /// The id of a [`Case`].
    CaseId
);
id_type!(
    /// The id of a [`Message`].
    MessageId
);
id_type!(
    /// The id of a [`Remedy`].
    RemedyId
);
id_type!(
    /// The id of a [`FollowUp`].
    FollowUpId
);
id_type!(
    /// The id of a [`SurveyResponse`].
    SurveyResponseId
);
id_type!(
    /// The id of a [`Job`].
    JobId
);

/// An instant at the precision both backends keep: microseconds.
pub fn micros(at: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    chrono::SubsecRound::trunc_subsecs(at, 6)
}

/// Checks that a required text field is not blank.
pub(crate) fn require_text(field: &str, value: &str) -> Result<(), crate::StoreError> {
    if value.trim().is_empty() {
        return Err(crate::StoreError::invalid(field, "must not be empty"));
    }
    Ok(())
}

/// Checks an ISO 4217 currency code: three capital letters.
pub(crate) fn require_currency(field: &str, value: &str) -> Result<(), crate::StoreError> {
    if value.len() != 3 || !value.bytes().all(|byte| byte.is_ascii_uppercase()) {
        return Err(crate::StoreError::invalid(field, format!("`{value}` is not an ISO 4217 code such as USD")));
    }
    Ok(())
}
