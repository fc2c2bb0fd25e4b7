//! The quiet period: automatic replies wait while the customer is still writing.

use chrono::{DateTime, TimeDelta, Utc};

/// Five minutes: how long after a customer's last message they count as still writing.
pub const DEFAULT_QUIET_PERIOD: TimeDelta = TimeDelta::minutes(5);

/// Whether the customer's last inbound message is younger than `quiet`, so automatic sending
/// should wait (drafting does not). A message stamped after `now` (clock skew) counts as young.
#[must_use]
pub fn is_customer_still_writing(last_inbound_at: DateTime<Utc>, now: DateTime<Utc>, quiet: TimeDelta) -> bool {
    now - last_inbound_at < quiet
}

/// Splits messages, in the order they arrived, into bursts: a message less than `quiet` after
/// the previous one belongs to the same complaint. Returns the bursts as slices, in order.
#[must_use]
pub fn group_bursts<T>(messages: &[T], received_at: impl Fn(&T) -> DateTime<Utc>, quiet: TimeDelta) -> Vec<&[T]> {
    let mut bursts = Vec::new();
    let mut start = 0;
    for index in 1..messages.len() {
        if received_at(&messages[index]) - received_at(&messages[index - 1]) >= quiet {
            bursts.push(&messages[start..index]);
            start = index;
        }
    }
    if start < messages.len() {
        bursts.push(&messages[start..]);
    }
    bursts
}
