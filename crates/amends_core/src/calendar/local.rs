//! Turning local wall-clock times into instants across DST transitions.
//!
//! A wall-clock time can exist once, twice (clocks fall back) or not at all (clocks spring
//! forward). The rules here decide which real instant a window boundary means.

use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// The instant a local wall-clock time means: the earlier of a repeated time (a window opens
/// and closes the first time the clock shows its boundary, so the repeated hour inside a
/// window is worked twice, as real time passes), and the first existing instant after a
/// skipped one.
pub(crate) fn instant_of(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.to_utc(),
        chrono::LocalResult::None => after_gap(tz, local),
    }
}

/// The first existing instant after a skipped wall-clock time: the moment of the transition.
///
/// Every zone's gaps start and end on whole minutes, so walking minute by minute from the
/// truncated time reaches the first wall-clock time after the gap, which maps to the transition
/// instant. Gaps are at most a few hours long, so the walk is short and always ends.
fn after_gap(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = local.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(local);
    loop {
        probe += TimeDelta::minutes(1);
        if let Some(t) = tz.from_local_datetime(&probe).earliest() {
            return t.to_utc();
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, min, 0)).unwrap_or_default()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn skipped_time_moves_to_the_transition() {
        // London springs forward at 01:00 GMT on 2026-03-29: 01:00–02:00 local does not exist.
        let tz = chrono_tz::Europe::London;
        assert_eq!(instant_of(tz, local(2026, 3, 29, 1, 30)), utc("2026-03-29T01:00:00Z"));
        // Lord Howe skips 02:00–02:30 local on 2026-10-04 (at 15:30 UTC the day before).
        let tz = chrono_tz::Australia::Lord_Howe;
        assert_eq!(instant_of(tz, local(2026, 10, 4, 2, 10)), utc("2026-10-03T15:30:00Z"));
    }

    #[test]
    fn repeated_time_means_its_first_occurrence() {
        // New York falls back at 06:00 UTC on 2026-11-01: 01:00–02:00 local happens twice.
        let tz = chrono_tz::America::New_York;
        assert_eq!(instant_of(tz, local(2026, 11, 1, 1, 30)), utc("2026-11-01T05:30:00Z"));
    }
}
