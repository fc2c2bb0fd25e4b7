//! Properties of the business calendar, concentrated around the DST transitions of zones with
//! one-hour (Europe/London, America/New_York) and half-hour (Australia/Lord_Howe) shifts, with
//! working hours that open, close and run through the skipped and repeated local hours.

use amends_core::calendar::{Calendar, WeekConfig};
use chrono::{DateTime, Datelike, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

/// 2026's transitions as UTC instants: spring forward, then fall back.
const ZONES: [(Tz, [i64; 2]); 3] = [
    // 2026-03-29T01:00Z, 2026-10-25T01:00Z
    (chrono_tz::Europe::London, [1_774_746_000, 1_792_890_000]),
    // 2026-03-08T07:00Z, 2026-11-01T06:00Z
    (chrono_tz::America::New_York, [1_772_953_200, 1_793_512_800]),
    // 2026-10-03T15:30Z (spring), 2026-04-04T15:00Z (fall back)
    (chrono_tz::Australia::Lord_Howe, [1_791_041_400, 1_775_314_800]),
];

/// Working-hour patterns: a split office day, and round-the-clock patterns whose windows open,
/// close and run inside the skipped and repeated hours of all three zones.
fn hours(preset: usize) -> WeekConfig {
    let v = |windows: &[&str]| windows.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
    match preset {
        0 => {
            let day = v(&["09:00-12:00", "13:00-17:00"]);
            WeekConfig {
                mon: day.clone(),
                tue: day.clone(),
                wed: day.clone(),
                thu: day.clone(),
                fri: day,
                ..Default::default()
            }
        }
        1 => {
            let day = v(&["00:30-02:45", "09:00-17:00"]);
            WeekConfig {
                mon: day.clone(),
                tue: day.clone(),
                wed: day.clone(),
                thu: day.clone(),
                fri: day.clone(),
                sat: day.clone(),
                sun: day,
            }
        }
        _ => {
            let day = v(&["01:30-02:15", "22:00-24:00"]);
            WeekConfig {
                mon: day.clone(),
                tue: day.clone(),
                wed: day.clone(),
                thu: day,
                sun: v(&["00:00-24:00"]),
                ..Default::default()
            }
        }
    }
}

/// A calendar, and an instant within four days of one of its zone's transitions.
fn case() -> impl Strategy<Value = (Calendar, DateTime<Utc>)> {
    (0..ZONES.len(), 0..3_usize, 0..2_usize, -345_600_i64..345_600).prop_map(|(zone, preset, which, offset)| {
        let (tz, transitions) = ZONES[zone];
        let hours = hours(preset).build().unwrap_or_else(|e| panic!("{e}"));
        let instant = Utc.timestamp_opt(transitions[which] + offset, 0).single().unwrap_or_default();
        (Calendar::new(tz, hours, []), instant)
    })
}

/// Up to 60 hours of working time, in whole seconds.
fn duration() -> impl Strategy<Value = TimeDelta> {
    (0_i64..216_000).prop_map(TimeDelta::seconds)
}

/// The local wall-clock reading of `instant` exists and means `instant` again.
fn wall_clock_exists(calendar: &Calendar, instant: DateTime<Utc>) -> bool {
    let tz = calendar.time_zone();
    let local = instant.with_timezone(&tz).naive_local();
    let back = tz.from_local_datetime(&local);
    back.earliest().is_some_and(|t| t == instant) || back.latest().is_some_and(|t| t == instant)
}

/// While open, the wall-clock time is inside one of the day's windows, unless it is a
/// repeated hour's second pass (real time inside a window keeps counting as the clock goes back).
fn inside_a_window(calendar: &Calendar, instant: DateTime<Utc>) -> bool {
    let tz = calendar.time_zone();
    let local = instant.with_timezone(&tz);
    let repeated = tz.from_local_datetime(&local.naive_local()).earliest().is_some_and(|t| t != instant);
    repeated || calendar.hours().on(local.weekday()).iter().any(|w| w.contains_wall_time(local.time()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn adding_is_monotonic((calendar, start) in case(), a in duration(), b in duration(), later in 0_i64..86_400) {
        let (short, long) = (a.min(b), a.max(b));
        prop_assert!(calendar.add_business_hours(start, short) <= calendar.add_business_hours(start, long));
        let start_later = start + TimeDelta::seconds(later);
        prop_assert!(calendar.add_business_hours(start, a) <= calendar.add_business_hours(start_later, a));
    }

    #[test]
    fn results_are_open_or_a_closing_instant((calendar, start) in case(), d in duration()) {
        let due = calendar.add_business_hours(start, d);
        prop_assert!(due >= start);
        prop_assert!(wall_clock_exists(&calendar, due), "{due} has no local wall-clock reading");
        let open = calendar.is_open(due);
        prop_assert!(open || calendar.is_open(due - TimeDelta::seconds(1)), "{due} is neither open nor a close");
        if open {
            prop_assert!(inside_a_window(&calendar, due), "{due} is open outside every window");
        }
        prop_assert_eq!(calendar.business_time_between(start, due), d);
    }

    #[test]
    fn adding_in_two_steps_equals_adding_once((calendar, start) in case(), a in duration(), b in duration()) {
        let stepwise = calendar.add_business_hours(calendar.add_business_hours(start, a), b);
        prop_assert_eq!(stepwise, calendar.add_business_hours(start, a + b));
    }

    #[test]
    fn next_business_moment_is_the_first_open_instant((calendar, start) in case()) {
        let next = calendar.next_business_moment(start);
        prop_assert!(next >= start && calendar.is_open(next));
        prop_assert!(wall_clock_exists(&calendar, next));
        prop_assert_eq!(calendar.business_time_between(start, next), TimeDelta::zero());
        prop_assert_eq!(next, calendar.add_business_hours(start, TimeDelta::zero()));
    }

    #[test]
    fn business_days_between_counts_added_days((calendar, start) in case(), days in 0_u32..12) {
        let later = calendar.add_business_days(start, days);
        prop_assert!(wall_clock_exists(&calendar, later));
        prop_assert_eq!(calendar.business_days_between(start, later), i64::from(days));
        prop_assert_eq!(calendar.business_days_between(later, start), -i64::from(days));
    }
}
