//! Working hours: the local wall-clock windows a team (or a customer) is open on each weekday.

use std::fmt;

use chrono::{NaiveTime, Timelike, Weekday};

/// Minutes in a day; a window may end at `24:00`, which is this value.
pub(crate) const MINUTES_PER_DAY: u16 = 24 * 60;

/// One opening window on a day, in local wall-clock minutes since midnight.
///
/// `start < end` always holds; `end` may be `24:00` (the following midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    start: u16,
    end: u16,
}

impl Window {
    /// Parses `"HH:MM-HH:MM"` (`24:00` allowed as an end).
    ///
    /// # Errors
    /// [`WindowError::Malformed`] when the text is not two times joined by `-`,
    /// [`WindowError::Empty`] when both ends are equal and
    /// [`WindowError::EndsBeforeStart`] when the end comes first.
    pub fn parse(text: &str) -> Result<Self, WindowError> {
        let (start, end) = text.split_once('-').ok_or(WindowError::Malformed)?;
        let start = parse_minute(start.trim()).filter(|&m| m < MINUTES_PER_DAY).ok_or(WindowError::Malformed)?;
        let end = parse_minute(end.trim()).ok_or(WindowError::Malformed)?;
        match end.cmp(&start) {
            std::cmp::Ordering::Greater => Ok(Self { start, end }),
            std::cmp::Ordering::Equal => Err(WindowError::Empty),
            std::cmp::Ordering::Less => Err(WindowError::EndsBeforeStart),
        }
    }

    /// Minutes after local midnight at which the window opens.
    #[must_use]
    pub fn start_minute(self) -> u16 {
        self.start
    }

    /// Minutes after local midnight at which the window closes (up to 1440, `24:00`).
    #[must_use]
    pub fn end_minute(self) -> u16 {
        self.end
    }

    /// Whether a local wall-clock time lies in the window, its closing minute excluded.
    #[must_use]
    pub fn contains_wall_time(self, time: NaiveTime) -> bool {
        // Seconds count too: 17:00:30 is after a 17:00 close.
        let seconds = time.num_seconds_from_midnight();
        let (start, end) = (u32::from(self.start) * 60, u32::from(self.end) * 60);
        seconds >= start && seconds < end
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}-{:02}:{:02}", self.start / 60, self.start % 60, self.end / 60, self.end % 60)
    }
}

/// Parses `HH:MM` into minutes since midnight, accepting `24:00` and nothing later.
fn parse_minute(text: &str) -> Option<u16> {
    let (hours, minutes) = text.split_once(':')?;
    if hours.is_empty() || hours.len() > 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    let total = hours.checked_mul(60)?.checked_add(minutes)?;
    (minutes < 60 && total <= MINUTES_PER_DAY).then_some(total)
}

/// Why a window's text was refused; the config layer adds the field it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowError {
    /// Not two `HH:MM` times joined by `-`.
    Malformed,
    /// Opens and closes at the same minute.
    Empty,
    /// Closes before it opens (windows cannot run past midnight; split them across two days).
    EndsBeforeStart,
    /// Opens before the previous window of the same day has closed.
    Overlaps,
}

/// The weekly pattern: zero or more ordered, non-overlapping windows per weekday,
/// with at least one window somewhere in the week (so every search for an open moment ends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHours {
    days: [Vec<Window>; 7],
}

impl WorkingHours {
    /// Builds the weekly pattern from windows indexed Monday (0) to Sunday (6).
    ///
    /// # Errors
    /// [`HoursError::Overlaps`] when a day's windows are out of order or overlap, and
    /// [`HoursError::NoHours`] when no day has any window.
    pub fn new(days: [Vec<Window>; 7]) -> Result<Self, HoursError> {
        for (day, windows) in days.iter().enumerate() {
            for (index, pair) in windows.windows(2).enumerate() {
                if pair[1].start < pair[0].end {
                    return Err(HoursError::Overlaps { weekday: weekday_from_index(day), index: index + 1 });
                }
            }
        }
        if days.iter().all(Vec::is_empty) {
            return Err(HoursError::NoHours);
        }
        Ok(Self { days })
    }

    /// Monday to Friday, 09:00–17:00: the default when a config names no hours.
    #[must_use]
    pub fn office_default() -> Self {
        let day = vec![Window { start: 9 * 60, end: 17 * 60 }];
        Self { days: [day.clone(), day.clone(), day.clone(), day.clone(), day, Vec::new(), Vec::new()] }
    }

    /// The windows of one weekday, in order (empty when closed all day).
    #[must_use]
    pub fn on(&self, weekday: Weekday) -> &[Window] {
        &self.days[weekday.num_days_from_monday() as usize]
    }
}

/// Why a weekly pattern was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursError {
    /// Window `index` of `weekday` opens before the window before it closes.
    Overlaps {
        /// The day whose windows overlap.
        weekday: Weekday,
        /// Position of the later of the two overlapping windows.
        index: usize,
    },
    /// No weekday has any window, so nothing would ever be due.
    NoHours,
}

/// Monday = 0 … Sunday = 6.
fn weekday_from_index(index: usize) -> Weekday {
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun][index % 7]
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("09:00-17:00", Ok((540, 1020)))]
    #[case(" 13:00 - 24:00 ", Ok((780, 1440)))]
    #[case("17:00-09:00", Err(WindowError::EndsBeforeStart))]
    #[case("09:00-09:00", Err(WindowError::Empty))]
    #[case("9-17", Err(WindowError::Malformed))]
    #[case("24:00-24:30", Err(WindowError::Malformed))]
    #[case("09:60-10:00", Err(WindowError::Malformed))]
    #[case("09:00-24:01", Err(WindowError::Malformed))]
    fn parses_windows(#[case] text: &str, #[case] expected: Result<(u16, u16), WindowError>) {
        assert_eq!(Window::parse(text).map(|w| (w.start_minute(), w.end_minute())), expected);
    }

    #[test]
    fn displays_as_written() {
        assert_eq!(Window::parse("9:05-24:00").map(|w| w.to_string()), Ok("09:05-24:00".to_owned()));
    }

    #[test]
    fn refuses_overlap_and_an_empty_week() {
        let w = |t| Window::parse(t).ok().into_iter().collect::<Vec<_>>();
        let mut days: [Vec<Window>; 7] = Default::default();
        days[2] = [w("09:00-12:00"), w("11:00-17:00")].concat();
        assert_eq!(WorkingHours::new(days), Err(HoursError::Overlaps { weekday: Weekday::Wed, index: 1 }));
        assert_eq!(WorkingHours::new(Default::default()), Err(HoursError::NoHours));
    }
}
