//! Service-level targets: when a case is due, whether it is at risk, and the timing rules
//! around it (the quiet period while a customer is still writing, and the follow-up date).
//!
//! Targets are counted in business hours on the team's [`Calendar`]; warning windows and quiet
//! periods are plain elapsed time, because they are about how soon someone must act.

mod config;
mod follow_up;
mod quiet;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;

pub use config::{SlaConfig, SlaError, TargetConfig};
pub use follow_up::{FollowUpDays, FollowUpError, follow_up_due};
pub use quiet::{DEFAULT_QUIET_PERIOD, group_bursts, is_customer_still_writing};

/// How urgent a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Service down, money lost, or a safety matter.
    Urgent,
    /// A customer blocked or badly affected.
    High,
    /// The usual complaint.
    Normal,
    /// No deadline pressure from the customer's side.
    Low,
}

/// The business time allowed for one priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// Working time from opening the case to the first reply.
    pub first_response: TimeDelta,
    /// Working time from opening the case to its resolution.
    pub resolution: TimeDelta,
}

impl Target {
    const fn hours(first_response: i64, resolution: i64) -> Self {
        Self { first_response: TimeDelta::hours(first_response), resolution: TimeDelta::hours(resolution) }
    }
}

/// The targets of every priority.
///
/// Defaults, in business hours (first response / resolution): urgent 2 / 8 (the same working
/// day), high 8 / 24 (three working days of 8 hours), normal 24 / 72, low 48 / 120 (about three
/// weeks of working days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaPolicy {
    urgent: Target,
    high: Target,
    normal: Target,
    low: Target,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        Self {
            urgent: Target::hours(2, 8),
            high: Target::hours(8, 24),
            normal: Target::hours(24, 72),
            low: Target::hours(48, 120),
        }
    }
}

impl SlaPolicy {
    /// The targets of one priority.
    #[must_use]
    pub fn target(&self, priority: Priority) -> Target {
        match priority {
            Priority::Urgent => self.urgent,
            Priority::High => self.high,
            Priority::Normal => self.normal,
            Priority::Low => self.low,
        }
    }

    /// When a case of `priority` opened at `opened_at` is due, counted on `calendar`.
    #[must_use]
    pub fn due_times(&self, priority: Priority, opened_at: DateTime<Utc>, calendar: &Calendar) -> Due {
        let target = self.target(priority);
        Due {
            first_response: calendar.add_business_hours(opened_at, target.first_response),
            resolution: calendar.add_business_hours(opened_at, target.resolution),
        }
    }
}

/// The deadlines a case carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// The first reply is due by this instant.
    pub first_response: DateTime<Utc>,
    /// The case should be resolved by this instant.
    pub resolution: DateTime<Utc>,
}

/// Where a deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachState {
    /// More than the warning window remains.
    Ok,
    /// Due within the warning window: time to escalate.
    AtRisk,
    /// The deadline has passed.
    Breached,
}

/// Where `due` stands at `now`: breached once `now` is past it (meeting the deadline to the
/// second is on time), at risk when it falls within `warning` of `now`.
#[must_use]
pub fn breach_state(due: DateTime<Utc>, now: DateTime<Utc>, warning: TimeDelta) -> BreachState {
    if now > due {
        BreachState::Breached
    } else if due - now <= warning {
        BreachState::AtRisk
    } else {
        BreachState::Ok
    }
}

#[cfg(test)]
mod tests;
