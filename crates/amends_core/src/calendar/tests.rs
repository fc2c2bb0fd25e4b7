//! Worked examples for the calendar; the properties live in `tests/calendar_properties.rs`.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;

use super::{Calendar, WeekConfig, next_moment_in_customer_hours};

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn london_split() -> Calendar {
    let split = || vec!["09:00-12:00".to_owned(), "13:00-17:00".to_owned()];
    let week =
        WeekConfig { mon: split(), tue: split(), wed: split(), thu: split(), fri: split(), ..Default::default() };
    let hours = week.build().unwrap_or_else(|e| panic!("{e}"));
    let christmas = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap_or_default();
    Calendar::new(chrono_tz::Europe::London, hours, [christmas])
}

#[test]
fn lunch_break_and_evenings_do_not_count() {
    let calendar = london_split();
    // Monday 2026-12-07 11:00 GMT plus 2 hours: one before lunch, one after.
    assert_eq!(
        calendar.add_business_hours(utc("2026-12-07T11:00:00Z"), TimeDelta::hours(2)),
        utc("2026-12-07T14:00:00Z")
    );
    // Monday 16:00 plus 2 hours: one on Monday, one on Tuesday morning.
    assert_eq!(
        calendar.add_business_hours(utc("2026-12-07T16:00:00Z"), TimeDelta::hours(2)),
        utc("2026-12-08T10:00:00Z")
    );
    // Exactly a day's worth ends at the close, not the next opening.
    assert_eq!(
        calendar.add_business_hours(utc("2026-12-07T09:00:00Z"), TimeDelta::hours(7)),
        utc("2026-12-07T17:00:00Z")
    );
}

#[test]
fn weekends_and_holidays_are_skipped() {
    let calendar = london_split();
    // Thursday 2026-12-24 16:30 + 1h: Christmas (Friday) and the weekend are closed.
    assert_eq!(
        calendar.add_business_hours(utc("2026-12-24T16:30:00Z"), TimeDelta::hours(1)),
        utc("2026-12-28T09:30:00Z")
    );
    assert_eq!(calendar.next_business_moment(utc("2026-12-26T12:00:00Z")), utc("2026-12-28T09:00:00Z"));
    assert_eq!(calendar.business_days_between(utc("2026-12-24T10:00:00Z"), utc("2026-12-28T10:00:00Z")), 1);
    assert_eq!(calendar.business_days_between(utc("2026-12-28T10:00:00Z"), utc("2026-12-24T10:00:00Z")), -1);
    assert_eq!(calendar.add_business_days(utc("2026-12-24T10:00:00Z"), 1), utc("2026-12-28T10:00:00Z"));
}

#[test]
fn is_open_excludes_the_closing_instant() {
    let calendar = london_split();
    assert!(calendar.is_open(utc("2026-12-07T09:00:00Z")));
    assert!(calendar.is_open(utc("2026-12-07T11:59:59Z")));
    assert!(!calendar.is_open(utc("2026-12-07T12:00:00Z")));
    assert!(!calendar.is_open(utc("2026-12-05T10:00:00Z")));
    assert_eq!(calendar.next_business_moment(utc("2026-12-07T10:15:00Z")), utc("2026-12-07T10:15:00Z"));
}

#[test]
fn summer_hours_follow_local_time() {
    let calendar = london_split();
    // In July London is UTC+1: 09:00 local is 08:00 UTC.
    assert_eq!(calendar.next_business_moment(utc("2026-07-06T06:00:00Z")), utc("2026-07-06T08:00:00Z"));
}

fn night_shift(tz: Tz) -> Calendar {
    let night = || vec!["00:30-03:00".to_owned()];
    let week = WeekConfig { sun: night(), ..Default::default() };
    Calendar::new(tz, week.build().unwrap_or_else(|e| panic!("{e}")), [])
}

#[test]
fn spring_forward_shortens_the_window_by_the_skipped_hour() {
    // London 2026-03-29: 01:00–02:00 local is skipped, so 00:30–03:00 holds 1h30 of work.
    let calendar = night_shift(chrono_tz::Europe::London);
    let sunday = utc("2026-03-29T00:00:00Z");
    assert_eq!(calendar.business_time_between(sunday, utc("2026-03-30T00:00:00Z")), TimeDelta::minutes(90));
    // 45 minutes after opening is 01:15 local, which does not exist: the result is 02:15 BST.
    assert_eq!(calendar.add_business_hours(sunday, TimeDelta::minutes(45)), utc("2026-03-29T01:15:00Z"));
}

#[test]
fn fall_back_counts_the_repeated_hour_once_per_real_hour() {
    // New York 2026-11-01: 01:00–02:00 local happens twice, so 00:30–03:00 holds 3h30 of work.
    let calendar = night_shift(chrono_tz::America::New_York);
    let sunday = utc("2026-11-01T04:00:00Z");
    assert_eq!(calendar.business_time_between(sunday, utc("2026-11-02T04:00:00Z")), TimeDelta::minutes(210));
    assert_eq!(calendar.add_business_hours(sunday, TimeDelta::minutes(210)), utc("2026-11-01T08:00:00Z"));
}

#[test]
fn a_window_opening_in_the_gap_opens_at_the_transition() {
    let week = WeekConfig { sun: vec!["02:10-04:00".to_owned()], ..Default::default() };
    let tz = chrono_tz::Australia::Lord_Howe;
    let calendar = Calendar::new(tz, week.build().unwrap_or_else(|e| panic!("{e}")), []);
    // 2026-10-04 02:00–02:30 local is skipped; the window opens at 02:30 LHDT (15:30 UTC on the 3rd).
    assert_eq!(calendar.next_business_moment(utc("2026-10-03T12:00:00Z")), utc("2026-10-03T15:30:00Z"));
}

#[test]
fn customer_hours_use_the_customer_zone() {
    let hours = london_split().hours().clone();
    // Monday 2026-12-07 20:00 UTC is 15:00 in New York: inside the afternoon window.
    let at = utc("2026-12-07T20:00:00Z");
    assert_eq!(next_moment_in_customer_hours(at, chrono_tz::America::New_York, &hours), at);
    // For a customer in Tokyo it is 05:00 Tuesday; they open at 09:00 JST (00:00 UTC).
    assert_eq!(next_moment_in_customer_hours(at, chrono_tz::Asia::Tokyo, &hours), utc("2026-12-08T00:00:00Z"));
}
