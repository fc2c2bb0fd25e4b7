//! The `[calendar]` section of the config file, and the checks that turn it into a [`Calendar`].

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Deserialize;
use thiserror::Error;

use super::{Calendar, HoursError, Window, WindowError, WorkingHours};

/// The `[calendar]` section as written, before validation:
///
/// ```toml
/// [calendar]
/// time_zone = "Europe/London"
/// hours = { mon = ["09:00-12:00", "13:00-17:00"], tue = ["09:00-17:00"] }
/// holidays = ["2026-12-25", "2026-12-28"]
/// ```
///
/// Without `hours`, the team works Monday to Friday, 09:00–17:00; with it, a day it does not
/// name is closed. Without `time_zone`, the team works in UTC.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// An IANA time zone name such as `"Europe/London"`.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// The working windows of each weekday.
    #[serde(default)]
    pub hours: Option<WeekConfig>,
    /// Dates (`YYYY-MM-DD`, in the team's zone) on which the team is closed all day.
    #[serde(default)]
    pub holidays: Vec<String>,
}

/// `hours = { mon = [...], ... }`: each day's windows as `"HH:MM-HH:MM"` texts, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(missing_docs, reason = "the fields are the weekdays, named as in the config file")]
pub struct WeekConfig {
    #[serde(default)]
    pub mon: Vec<String>,
    #[serde(default)]
    pub tue: Vec<String>,
    #[serde(default)]
    pub wed: Vec<String>,
    #[serde(default)]
    pub thu: Vec<String>,
    #[serde(default)]
    pub fri: Vec<String>,
    #[serde(default)]
    pub sat: Vec<String>,
    #[serde(default)]
    pub sun: Vec<String>,
}

impl WeekConfig {
    /// Validates every window, naming the field of the first bad one.
    ///
    /// # Errors
    /// A [`CalendarError`] about `calendar.hours.<day>[<index>]`, or [`CalendarError::NoHours`].
    pub fn build(&self) -> Result<WorkingHours, CalendarError> {
        let texts = [&self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun];
        let mut days: [Vec<Window>; 7] = Default::default();
        for (day, (windows, texts)) in days.iter_mut().zip(texts).enumerate() {
            for (index, text) in texts.iter().enumerate() {
                let window = Window::parse(text).map_err(|problem| CalendarError::Window {
                    day: DAY_KEYS[day],
                    index,
                    value: text.clone(),
                    problem,
                })?;
                windows.push(window);
            }
        }
        WorkingHours::new(days.clone()).map_err(|error| match error {
            HoursError::Overlaps { weekday, index } => {
                let day = weekday.num_days_from_monday() as usize;
                let value = days[day][index].to_string();
                CalendarError::Window { day: DAY_KEYS[day], index, value, problem: WindowError::Overlaps }
            }
            HoursError::NoHours => CalendarError::NoHours,
        })
    }
}

/// The config keys of the weekdays, Monday first.
const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl CalendarConfig {
    /// Validates the section and builds the calendar.
    ///
    /// # Errors
    /// A [`CalendarError`] naming the first field that is wrong and how to write it.
    pub fn build(&self) -> Result<Calendar, CalendarError> {
        let tz = match &self.time_zone {
            None => Tz::UTC,
            Some(name) => name.parse().map_err(|_| CalendarError::UnknownTimeZone { value: name.clone() })?,
        };
        let hours = self.hours.as_ref().map_or_else(|| Ok(WorkingHours::office_default()), WeekConfig::build)?;
        let holidays = self
            .holidays
            .iter()
            .enumerate()
            .map(|(index, text)| {
                NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                    .map_err(|_| CalendarError::Holiday { index, value: text.clone() })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Calendar::new(tz, hours, holidays))
    }
}

/// A `[calendar]` section that cannot be used, with the field and the fix.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    /// `time_zone` is not in the IANA database.
    #[error("calendar.time_zone: unknown time zone {value:?}; use an IANA name such as \"Europe/London\"")]
    UnknownTimeZone {
        /// The name as written.
        value: String,
    },
    /// One working-hours window is wrong.
    #[error("calendar.hours.{day}[{index}]: {value} {}", window_fix(*.problem))]
    Window {
        /// The weekday key (`mon` … `sun`).
        day: &'static str,
        /// Position of the window in that day's list.
        index: usize,
        /// The window as written.
        value: String,
        /// What is wrong with it.
        problem: WindowError,
    },
    /// No day has working hours, so no deadline could ever fall due.
    #[error("calendar.hours: no day has working hours; give at least one day a window, e.g. mon = [\"09:00-17:00\"]")]
    NoHours,
    /// A holiday is not a date.
    #[error("calendar.holidays[{index}]: {value:?} is not a date; write it as YYYY-MM-DD, e.g. \"2026-12-25\"")]
    Holiday {
        /// Position in the list.
        index: usize,
        /// The text as written.
        value: String,
    },
}

/// The second half of a window error: what is wrong and how to write it instead.
fn window_fix(problem: WindowError) -> &'static str {
    match problem {
        WindowError::Malformed => "is not a time range; write it as \"HH:MM-HH:MM\", e.g. \"09:00-17:00\"",
        WindowError::Empty => "is empty; a window must end after it starts",
        WindowError::EndsBeforeStart => {
            "ends before it starts; a window cannot run past midnight, so split it across two days"
        }
        WindowError::Overlaps => "overlaps the window before it; list a day's windows in order, without overlap",
    }
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;
    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize)]
    struct File {
        calendar: CalendarConfig,
    }

    fn parse(text: &str) -> Result<Calendar, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        file.calendar.build().map_err(|e| e.to_string())
    }

    #[test]
    fn reads_a_real_section() {
        let calendar = parse(
            r#"
            [calendar]
            time_zone = "Europe/London"
            hours = { mon = ["09:00-12:00", "13:00-17:00"], fri = ["09:00-15:30"] }
            holidays = ["2026-12-25"]
            "#,
        );
        let calendar = calendar.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(calendar.time_zone(), chrono_tz::Europe::London);
        assert_eq!(calendar.hours().on(Weekday::Mon).len(), 2);
        assert!(calendar.hours().on(Weekday::Tue).is_empty());
        assert!(!calendar.is_business_day(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap_or_default()));
    }

    #[test]
    fn defaults_to_office_hours_in_utc() {
        let calendar = parse("[calendar]\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(calendar.time_zone(), Tz::UTC);
        assert_eq!(calendar.hours(), &WorkingHours::office_default());
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            ("hours = { mon = [\"17:00-09:00\"] }", "calendar.hours.mon[0]: 17:00-09:00 ends before it starts"),
            ("hours = { tue = [\"9-5\"] }", "calendar.hours.tue[0]: 9-5 is not a time range"),
            ("hours = { wed = [\"09:00-12:00\", \"11:00-13:00\"] }", "calendar.hours.wed[1]: 11:00-13:00 overlaps"),
            ("hours = { sun = [] }", "calendar.hours: no day has working hours"),
            ("time_zone = \"Mars/Olympus\"", "calendar.time_zone: unknown time zone \"Mars/Olympus\""),
            ("holidays = [\"2026-12-25\", \"25/12\"]", "calendar.holidays[1]: \"25/12\" is not a date"),
        ];
        for (body, expected) in cases {
            let error = parse(&format!("[calendar]\n{body}\n")).err().unwrap_or_default();
            assert!(error.starts_with(expected), "{body}: got {error:?}");
        }
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(parse("[calendar]\nhours = { mnd = [\"09:00-17:00\"] }\n").is_err());
        assert!(parse("[calendar]\ntimezone = \"UTC\"\n").is_err());
    }
}
