//! SLA defaults, breach states, the quiet period and follow-up timing.

use chrono::{DateTime, TimeDelta, Utc};
use rstest::rstest;
use serde::Deserialize;

use super::*;
use crate::calendar::CalendarConfig;

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Europe/London, Monday to Friday 09:00–17:00.
fn london() -> Calendar {
    let config = CalendarConfig { time_zone: Some("Europe/London".into()), ..Default::default() };
    config.build().unwrap_or_else(|e| panic!("{e}"))
}

#[rstest]
#[case(Priority::Urgent, 2, 8)]
#[case(Priority::High, 8, 24)]
#[case(Priority::Normal, 24, 72)]
#[case(Priority::Low, 48, 120)]
fn default_targets(#[case] priority: Priority, #[case] first: i64, #[case] resolution: i64) {
    let target = SlaPolicy::default().target(priority);
    assert_eq!(target.first_response, TimeDelta::hours(first));
    assert_eq!(target.resolution, TimeDelta::hours(resolution));
}

#[test]
fn due_times_count_business_hours() {
    // Opened Friday 2026-12-04 16:00 GMT.
    let due = SlaPolicy::default().due_times(Priority::Urgent, utc("2026-12-04T16:00:00Z"), &london());
    assert_eq!(due.first_response, utc("2026-12-07T10:00:00Z"));
    assert_eq!(due.resolution, utc("2026-12-07T16:00:00Z"));
    let due = SlaPolicy::default().due_times(Priority::Normal, utc("2026-12-07T09:00:00Z"), &london());
    assert_eq!(due.first_response, utc("2026-12-09T17:00:00Z"));
}

#[rstest]
#[case("2026-12-07T09:00:00Z", BreachState::Ok)]
#[case("2026-12-07T09:30:00Z", BreachState::AtRisk)]
#[case("2026-12-07T10:00:00Z", BreachState::AtRisk)]
#[case("2026-12-07T10:00:01Z", BreachState::Breached)]
fn breach_states(#[case] now: &str, #[case] expected: BreachState) {
    assert_eq!(breach_state(utc("2026-12-07T10:00:00Z"), utc(now), TimeDelta::minutes(30)), expected);
}

#[derive(Deserialize)]
struct File {
    sla: SlaConfig,
}

#[test]
fn config_overrides_only_what_it_names() {
    let file: Result<File, _> = toml::from_str("[sla]\nurgent = { first_response_hours = 1 }\n");
    let policy = file.map_err(|e| e.to_string()).and_then(|f| f.sla.build().map_err(|e| e.to_string()));
    let policy = policy.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(policy.target(Priority::Urgent).first_response, TimeDelta::hours(1));
    assert_eq!(policy.target(Priority::Urgent).resolution, TimeDelta::hours(8));
    assert_eq!(policy.target(Priority::Low), SlaPolicy::default().target(Priority::Low));
}

#[test]
fn config_errors_name_the_field() {
    let config = SlaConfig {
        high: TargetConfig { first_response_hours: Some(10), resolution_hours: Some(4) },
        ..Default::default()
    };
    let error = config.build().err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.starts_with("sla.high.resolution_hours: 4 is less than first_response_hours (10)"), "{error}");
    let config =
        SlaConfig { low: TargetConfig { first_response_hours: Some(0), ..Default::default() }, ..Default::default() };
    assert_eq!(config.build(), Err(SlaError::Zero { priority: "low" }));
}

#[test]
fn the_customer_is_still_writing_for_five_minutes() {
    let last = utc("2026-12-07T10:00:00Z");
    assert!(is_customer_still_writing(last, utc("2026-12-07T10:04:59Z"), DEFAULT_QUIET_PERIOD));
    assert!(!is_customer_still_writing(last, utc("2026-12-07T10:05:00Z"), DEFAULT_QUIET_PERIOD));
    assert!(is_customer_still_writing(last, utc("2026-12-07T09:59:00Z"), DEFAULT_QUIET_PERIOD));
}

#[test]
fn a_burst_of_messages_is_one_complaint() {
    let times = ["10:00:00", "10:02:00", "10:06:59", "10:12:00", "11:00:00", "11:04:00"]
        .map(|t| utc(&format!("2026-12-07T{t}Z")));
    let bursts = group_bursts(&times, |t| *t, DEFAULT_QUIET_PERIOD);
    assert_eq!(bursts.iter().map(|b| b.len()).collect::<Vec<_>>(), [3, 1, 2]);
    assert!(group_bursts(&[] as &[DateTime<Utc>], |t| *t, DEFAULT_QUIET_PERIOD).is_empty());
}

#[test]
fn follow_up_lands_in_the_customer_hours_one_to_two_days_later() {
    let calendar = london();
    let resolved = utc("2026-12-04T15:00:00Z"); // Friday
    let customer = chrono_tz::America::New_York;
    let customer_hours = Calendar::new(customer, calendar.hours().clone(), []);
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..200 {
        let due = follow_up_due(resolved, &calendar, customer, FollowUpDays::default(), seed);
        assert_eq!(due, follow_up_due(resolved, &calendar, customer, FollowUpDays::default(), seed));
        assert!(customer_hours.is_open(due), "seed {seed}: {due} outside New York office hours");
        // Monday 15:00 GMT to Tuesday 15:00 GMT.
        assert!(due >= utc("2026-12-07T15:00:00Z") && due < utc("2026-12-08T15:00:00Z"), "seed {seed}: {due}");
        seen.insert(due);
    }
    assert!(seen.len() > 100, "seeds should spread follow-ups out, got {} distinct", seen.len());
}

#[test]
fn follow_up_days_are_checked() {
    assert_eq!(FollowUpDays::new(0, 2), Err(FollowUpError::SameDay));
    assert_eq!(FollowUpDays::new(3, 2), Err(FollowUpError::Reversed { min: 3, max: 2 }));
    assert_eq!(FollowUpDays::new(1, 2), Ok(FollowUpDays::default()));
}
