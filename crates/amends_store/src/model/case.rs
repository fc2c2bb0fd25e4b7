//! Cases: one customer's complaint, worked to the end.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    CaseId, CaseStatus, Channel, CustomerId, Direction, IncidentId, NewMessage, Priority, UserId, micros, require_text,
};
use crate::StoreError;

/// One customer's complaint and everything done about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Case {
    /// Assigned by the store.
    pub id: CaseId,
    /// Whose complaint it is.
    pub customer_id: CustomerId,
    /// Where the conversation happens.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub channel: Channel,
    /// How urgent it is.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub priority: Priority,
    /// Where it stands.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub status: CaseStatus,
    /// The agent working it.
    pub owner_id: Option<UserId>,
    /// The incident it belongs to, when one caused it.
    pub incident_id: Option<IncidentId>,
    /// What it is about, in a line.
    pub subject: String,
    /// When the first answer is due (the SLA).
    pub first_response_due: Option<DateTime<Utc>>,
    /// When it must be resolved (the SLA).
    pub resolution_due: Option<DateTime<Utc>>,
    /// When the first outbound message was recorded; set by the store.
    pub first_responded_at: Option<DateTime<Utc>>,
    /// When the case last became resolved or closed; cleared when it is reopened.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed (a new message counts).
    pub updated_at: DateTime<Utc>,
}

/// A case just opened, with the first message recorded with it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenedCase {
    /// The case.
    pub case: Case,
    /// The customer's first message, when the case was opened with one.
    pub first_message: Option<super::Message>,
}

/// A case to open.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NewCase {
    /// Whose complaint it is.
    pub customer_id: CustomerId,
    /// Where the conversation happens.
    pub channel: Channel,
    /// How urgent it is.
    pub priority: Priority,
    /// The agent working it.
    #[serde(default)]
    pub owner_id: Option<UserId>,
    /// The incident it belongs to.
    #[serde(default)]
    pub incident_id: Option<IncidentId>,
    /// What it is about.
    pub subject: String,
    /// When the first answer is due.
    #[serde(default)]
    pub first_response_due: Option<DateTime<Utc>>,
    /// When it must be resolved.
    #[serde(default)]
    pub resolution_due: Option<DateTime<Utc>>,
    /// The customer's message that opened the case, recorded in the same transaction: an
    /// intake is then one commit instead of two.
    #[serde(default)]
    pub first_message: Option<FirstMessage>,
}

/// The inbound message a case opens with.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FirstMessage {
    /// The text.
    pub body: String,
    /// Sentiment from -1 to 1, when analyzed.
    #[serde(default)]
    pub sentiment: Option<f64>,
    /// When it was received.
    pub sent_at: DateTime<Utc>,
}

impl NewCase {
    /// Checks the fields and truncates the instants to microseconds.
    pub fn normalized(mut self) -> Result<Self, StoreError> {
        require_text("subject", &self.subject)?;
        self.first_response_due = self.first_response_due.map(micros);
        self.resolution_due = self.resolution_due.map(micros);
        if let Some(first) = self.first_message.take() {
            let message = first.into_message(CaseId(0)).normalized().map_err(|error| match error {
                StoreError::Invalid { field, reason } => {
                    StoreError::Invalid { field: format!("first_message.{field}"), reason }
                }
                other => other,
            })?;
            self.first_message =
                Some(FirstMessage { body: message.body, sentiment: message.sentiment, sent_at: message.sent_at });
        }
        Ok(self)
    }
}

impl FirstMessage {
    /// The message to record once the case has its id.
    pub fn into_message(self, case_id: CaseId) -> NewMessage {
        NewMessage {
            case_id,
            direction: Direction::Inbound,
            body: self.body,
            sentiment: self.sentiment,
            sent_at: self.sent_at,
        }
    }
}

/// A change to a case; `None` leaves a field as it is, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct CasePatch {
    /// A new status.
    pub status: Option<CaseStatus>,
    /// A new priority.
    pub priority: Option<Priority>,
    /// A new owner, or none.
    pub owner_id: Option<Option<UserId>>,
    /// A new incident link, or none.
    pub incident_id: Option<Option<IncidentId>>,
    /// A new subject.
    pub subject: Option<String>,
    /// A new first-response deadline, or none.
    pub first_response_due: Option<Option<DateTime<Utc>>>,
    /// A new resolution deadline, or none.
    pub resolution_due: Option<Option<DateTime<Utc>>>,
}

impl Case {
    /// The case after `patch`, changed at `at`.
    ///
    /// Moving to resolved or closed stamps `resolved_at` (once); moving back to new, open or
    /// pending clears it.
    pub fn patched(&self, patch: &CasePatch, at: DateTime<Utc>) -> Result<Case, StoreError> {
        let mut case = self.clone();
        if let Some(subject) = &patch.subject {
            require_text("subject", subject)?;
            case.subject = subject.clone();
        }
        if let Some(status) = patch.status {
            case.status = status;
            let finished = matches!(status, CaseStatus::Resolved | CaseStatus::Closed);
            case.resolved_at = match (finished, case.resolved_at) {
                (true, Some(resolved)) => Some(resolved),
                (true, None) => Some(at),
                (false, _) => None,
            };
        }
        if let Some(priority) = patch.priority {
            case.priority = priority;
        }
        if let Some(owner_id) = patch.owner_id {
            case.owner_id = owner_id;
        }
        if let Some(incident_id) = patch.incident_id {
            case.incident_id = incident_id;
        }
        if let Some(due) = patch.first_response_due {
            case.first_response_due = due.map(micros);
        }
        if let Some(due) = patch.resolution_due {
            case.resolution_due = due.map(micros);
        }
        case.updated_at = at;
        Ok(case)
    }
}

/// Which cases to list; every field set narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct CaseFilter {
    /// Only cases in this status.
    pub status: Option<CaseStatus>,
    /// Only cases of this priority.
    pub priority: Option<Priority>,
    /// Only cases this user owns.
    pub owner_id: Option<UserId>,
    /// Only cases linked to this incident.
    pub incident_id: Option<IncidentId>,
    /// Only this customer's cases.
    pub customer_id: Option<CustomerId>,
    /// Only cases changed at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone};
    use proptest::prelude::*;

    use super::*;

    fn open_case() -> Case {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        Case {
            id: CaseId(1),
            customer_id: CustomerId(1),
            channel: Channel::Email,
            priority: Priority::Normal,
            status: CaseStatus::New,
            owner_id: None,
            incident_id: None,
            subject: "Late parcel".to_owned(),
            first_response_due: None,
            resolution_due: None,
            first_responded_at: None,
            resolved_at: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn any_status() -> impl Strategy<Value = CaseStatus> {
        proptest::sample::select(CaseStatus::ALL.to_vec())
    }

    proptest! {
        /// Whatever the sequence of statuses, `resolved_at` is set exactly while the case is
        /// resolved or closed, and is the instant it first got there since last reopened.
        #[test]
        fn resolved_at_follows_the_status(statuses in proptest::collection::vec(any_status(), 1..20)) {
            let mut case = open_case();
            let mut finished_since = None;
            for (step, status) in statuses.into_iter().enumerate() {
                let at = case.created_at + TimeDelta::minutes(step as i64 + 1);
                case = case.patched(&CasePatch { status: Some(status), ..CasePatch::default() }, at).unwrap();
                let finished = matches!(status, CaseStatus::Resolved | CaseStatus::Closed);
                finished_since = match (finished, finished_since) {
                    (true, Some(since)) => Some(since),
                    (true, None) => Some(at),
                    (false, _) => None,
                };
                prop_assert_eq!(case.resolved_at, finished_since);
                prop_assert_eq!(case.updated_at, at);
            }
        }
    }

    #[test]
    fn an_empty_patch_only_moves_updated_at() {
        let case = open_case();
        let at = case.created_at + TimeDelta::hours(1);
        let patched = case.patched(&CasePatch::default(), at).unwrap();
        assert_eq!(patched, Case { updated_at: at, ..case });
    }

    #[test]
    fn deadlines_are_kept_to_the_microsecond() {
        let case = open_case();
        let due = case.created_at + TimeDelta::nanoseconds(1_234_567_891);
        let patch = CasePatch { first_response_due: Some(Some(due)), ..CasePatch::default() };
        let patched = case.patched(&patch, case.created_at).unwrap();
        assert_eq!(patched.first_response_due, Some(case.created_at + TimeDelta::nanoseconds(1_234_567_000)));
    }
}
