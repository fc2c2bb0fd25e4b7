//! The closed vocabularies of the store: statuses, priorities, channels, kinds.
//!
//! They are the persisted names, kept here rather than borrowed from `amends_core` so that a
//! rename in the domain crate can never silently change what existing databases mean.

use std::fmt;
use std::str::FromStr;

/// A name that is not part of a vocabulary (read from input or from a corrupt row).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} `{name}`: expected one of {expected}")]
pub struct UnknownName {
    /// The vocabulary, such as `case status`.
    pub vocabulary: &'static str,
    /// The name given.
    pub name: String,
    /// The accepted names, comma-separated.
    pub expected: String,
}

/// Declares a vocabulary stored and serialized as lowercase names.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])* $name:ident, $label:literal {
            $($(#[$variant_meta:meta])* $variant:ident => $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $name {
            /// Every name, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                match name {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName {
                        vocabulary: $label,
                        name: name.to_owned(),
                        expected: $name::ALL.iter().map(|known| known.as_str()).collect::<Vec<_>>().join(", "),
                    }),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownName;

            fn try_from(name: String) -> Result<Self, Self::Error> {
                name.parse()
            }
        }
    };
}

vocabulary!(
    /// What a user may do.
    Role, "role" {
        /// Works cases.
        Agent => "agent",
        /// Also manages incidents, remedies and policies.
        Manager => "manager",
        /// Also manages users and tokens.
        Admin => "admin",
    }
);

vocabulary!(
    /// Where a case's messages travel.
    Channel, "channel" {
        /// Email.
        Email => "email",
        /// A printed letter.
        Letter => "letter",
        /// Live chat.
        Chat => "chat",
        /// Text message.
        Sms => "sms",
        /// A public social media thread.
        Social => "social",
        /// A phone call.
        Phone => "phone",
    }
);

vocabulary!(
    /// How urgent a case is.
    Priority, "priority" {
        /// Can wait.
        Low => "low",
        /// The usual.
        Normal => "normal",
        /// Answer before normal cases.
        High => "high",
        /// Answer now.
        Urgent => "urgent",
    }
);

vocabulary!(
    /// Where a case stands.
    CaseStatus, "case status" {
        /// Received, nobody has looked yet.
        New => "new",
        /// Being worked.
        Open => "open",
        /// Waiting on the customer or a third party.
        Pending => "pending",
        /// Put right; follow-up may still run.
        Resolved => "resolved",
        /// Finished.
        Closed => "closed",
    }
);

vocabulary!(
    /// How bad an incident is.
    Severity, "severity" {
        /// A small annoyance.
        Low => "low",
        /// A real cost in time or money.
        Medium => "medium",
        /// A serious failure.
        High => "high",
        /// Safety, large losses, or many people hit hard.
        Critical => "critical",
    }
);

vocabulary!(
    /// Where an incident stands.
    IncidentStatus, "incident status" {
        /// The cause is not known yet.
        Investigating => "investigating",
        /// The cause is known; the fix is under way.
        Identified => "identified",
        /// Fixed; watching that it stays fixed.
        Monitoring => "monitoring",
        /// Over.
        Resolved => "resolved",
    }
);

vocabulary!(
    /// Which way a message travels.
    Direction, "direction" {
        /// From the customer.
        Inbound => "inbound",
        /// To the customer.
        Outbound => "outbound",
    }
);

vocabulary!(
    /// The kind of compensation.
    RemedyKind, "remedy kind" {
        /// Money back.
        Refund => "refund",
        /// A new item.
        Replacement => "replacement",
        /// Account credit.
        Credit => "credit",
        /// A discount on a future purchase.
        Discount => "discount",
        /// A gift.
        Gift => "gift",
    }
);

vocabulary!(
    /// Where a remedy stands.
    RemedyStatus, "remedy status" {
        /// Offered to the customer.
        Offered => "offered",
        /// The customer took it.
        Accepted => "accepted",
        /// The customer turned it down.
        Declined => "declined",
        /// Delivered.
        Fulfilled => "fulfilled",
    }
);

vocabulary!(
    /// What a survey asked.
    SurveyKind, "survey kind" {
        /// Customer satisfaction, 1 to 5.
        Csat => "csat",
        /// Net promoter score, 0 to 10.
        Nps => "nps",
    }
);

vocabulary!(
    /// The kinds of record, as named in errors and in the audit log.
    Entity, "entity" {
        /// A [`User`](crate::model::User).
        User => "user",
        /// An [`ApiToken`](crate::model::ApiToken).
        ApiToken => "api_token",
        /// A [`Customer`](crate::model::Customer).
        Customer => "customer",
        /// An [`Order`](crate::model::Order).
        Order => "order",
        /// An [`Incident`](crate::model::Incident).
        Incident => "incident",
        /// A [`Case`](crate::model::Case).
        Case => "case",
        /// A [`Message`](crate::model::Message).
        Message => "message",
        /// A [`Remedy`](crate::model::Remedy).
        Remedy => "remedy",
        /// A [`FollowUp`](crate::model::FollowUp).
        FollowUp => "follow_up",
        /// A [`SurveyResponse`](crate::model::SurveyResponse).
        SurveyResponse => "survey_response",
        /// An [`IdempotencyRecord`](crate::model::IdempotencyRecord).
        IdempotencyKey => "idempotency_key",
        /// A queued outgoing message.
        Job => "job",
        /// A single-use feedback link, once answered.
        Link => "link",
        /// An SLA escalation.
        Escalation => "escalation",
    }
);

vocabulary!(
    /// Where a queued job stands.
    JobState, "job state" {
        /// Waiting for its `run_at`.
        Queued => "queued",
        /// Claimed by a worker under a lease.
        Running => "running",
        /// Delivered.
        Done => "done",
        /// Given up on: out of attempts or refused for good. People can retry it.
        Dead => "dead",
        /// No longer wanted (the case was reopened or closed before its follow-up).
        Cancelled => "cancelled",
    }
);

vocabulary!(
    /// The channel that carries a job.
    JobKind, "job kind" {
        /// An email, by SMTP or to the outbox folder.
        Email => "email",
        /// An HTTP call to a webhook.
        Webhook => "webhook",
    }
);

vocabulary!(
    /// Which SLA deadline an escalation is about, and how far it has gone.
    EscalationKind, "escalation kind" {
        /// The first response is due within the warning window.
        FirstResponseAtRisk => "first_response_at_risk",
        /// The first response is overdue.
        FirstResponseBreached => "first_response_breached",
        /// The resolution is due within the warning window.
        ResolutionAtRisk => "resolution_at_risk",
        /// The resolution is overdue.
        ResolutionBreached => "resolution_breached",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_text_and_json() {
        for status in CaseStatus::ALL {
            assert_eq!(status.as_str().parse::<CaseStatus>().unwrap(), *status);
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        assert_eq!(serde_json::to_value(Entity::FollowUp).unwrap(), "follow_up");
    }

    #[test]
    fn unknown_names_list_the_accepted_ones() {
        let error = "shouting".parse::<Priority>().unwrap_err();
        assert_eq!(error.to_string(), "unknown priority `shouting`: expected one of low, normal, high, urgent");
    }
}
