//! When to follow up after a case is resolved: a few business days later, while the customer
//! is at work in their own time zone.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use thiserror::Error;

use crate::calendar::Calendar;

/// How many of the team's business days after resolution a follow-up may fall: from `min` to
/// `max` inclusive. The default is 1 to 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUpDays {
    min: u32,
    max: u32,
}

impl Default for FollowUpDays {
    fn default() -> Self {
        Self { min: 1, max: 2 }
    }
}

impl FollowUpDays {
    /// A range of business days.
    ///
    /// # Errors
    /// [`FollowUpError`] when `min` is zero (a follow-up on the day of the fix is too soon to
    /// ask whether it held) or greater than `max`.
    pub fn new(min: u32, max: u32) -> Result<Self, FollowUpError> {
        if min == 0 {
            return Err(FollowUpError::SameDay);
        }
        if min > max {
            return Err(FollowUpError::Reversed { min, max });
        }
        Ok(Self { min, max })
    }
}

/// A follow-up range that cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum FollowUpError {
    /// The range starts on the day of resolution.
    #[error("follow-up days must start at 1 or more; a follow-up on the day of the fix is too soon")]
    SameDay,
    /// The range ends before it starts.
    #[error("follow-up days {min}..{max} end before they start; put the smaller number first")]
    Reversed {
        /// The first day given.
        min: u32,
        /// The last day given.
        max: u32,
    },
}

/// The instant to send a follow-up for a case resolved at `resolved_at`.
///
/// The window runs from the same wall-clock time `days.min` team business days later to
/// `days.max` business days later. Inside it, the follow-up lands in the customer's business
/// hours (the team's weekly hours read in `customer_tz`) at a whole-minute offset picked by
/// `seed`: the same seed always gives the same instant, and different cases (seeded, say, by
/// their id) spread out instead of all arriving at 09:00. When the customer's hours do not meet
/// the window at all, the follow-up goes at the customer's first business moment after it opens.
#[must_use]
pub fn follow_up_due(
    resolved_at: DateTime<Utc>,
    calendar: &Calendar,
    customer_tz: Tz,
    days: FollowUpDays,
    seed: u64,
) -> DateTime<Utc> {
    let earliest = calendar.add_business_days(resolved_at, days.min);
    let latest = calendar.add_business_days(resolved_at, days.max);
    let customer = Calendar::new(customer_tz, calendar.hours().clone(), []);
    let span = u64::try_from(customer.business_time_between(earliest, latest).num_minutes()).unwrap_or(0);
    if span == 0 {
        return customer.next_business_moment(earliest);
    }
    let offset = i64::try_from(mix(seed) % span).unwrap_or(0);
    // An offset that ends exactly at a window's close moves on to the next opening, which is
    // still before `latest` because the offset is shorter than the open time in the window.
    customer.next_business_moment(customer.add_business_hours(earliest, TimeDelta::minutes(offset)))
}

/// SplitMix64's finaliser: spreads nearby seeds (consecutive case ids) far apart.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
