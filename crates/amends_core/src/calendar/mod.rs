//! The business calendar: when a team is open, in its own time zone, holidays excluded.
//!
//! Working hours are local wall-clock windows per weekday; every calculation here walks the
//! real instants those windows cover, so a DST transition neither loses nor doubles working
//! time. A window boundary that falls in a skipped local time (clocks spring forward) moves to
//! the first instant that exists after it; a boundary in a repeated local hour (clocks fall
//! back) means its first occurrence, and a repeated hour inside a window is counted once per
//! real hour that passes (twice on the clock, twice in working time). Nothing here reads the clock: callers pass every instant in.

mod config;
mod hours;
mod local;

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;

pub use config::{CalendarConfig, CalendarError, WeekConfig};
pub use hours::{HoursError, Window, WindowError, WorkingHours};

use hours::MINUTES_PER_DAY;

/// A team's business calendar: its time zone, weekly working hours and holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    tz: Tz,
    hours: WorkingHours,
    holidays: BTreeSet<NaiveDate>,
}

/// One stretch of working time, as real instants: `[start, end)`.
type Interval = (DateTime<Utc>, DateTime<Utc>);

impl Calendar {
    /// A calendar from already-validated parts (see [`CalendarConfig`] for the config file form).
    #[must_use]
    pub fn new(tz: Tz, hours: WorkingHours, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self { tz, hours, holidays: holidays.into_iter().collect() }
    }

    /// The team's time zone.
    #[must_use]
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The team's weekly working hours.
    #[must_use]
    pub fn hours(&self) -> &WorkingHours {
        &self.hours
    }

    /// Whether `date` (in the team's zone) has working hours and is not a holiday.
    #[must_use]
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.holidays.contains(&date) && !self.hours.on(date.weekday()).is_empty()
    }

    /// Whether the team is open at `instant`: inside a window, its closing instant excluded.
    #[must_use]
    pub fn is_open(&self, instant: DateTime<Utc>) -> bool {
        self.intervals_from(instant).next().is_some_and(|(start, _)| start <= instant)
    }

    /// `instant` itself when the team is open then, otherwise the next opening instant.
    #[must_use]
    pub fn next_business_moment(&self, instant: DateTime<Utc>) -> DateTime<Utc> {
        self.intervals_from(instant).next().map_or(DateTime::<Utc>::MAX_UTC, |(start, _)| start.max(instant))
    }

    /// The instant at which `duration` of working time has passed since `instant`.
    ///
    /// Only open time counts. The result may be exactly a window's closing instant (work
    /// that fits the day ends when the day does); a zero duration gives
    /// [`next_business_moment`](Self::next_business_moment). A negative duration counts as zero.
    /// Adding `a` then `b` gives the same instant as adding `a + b`.
    #[must_use]
    pub fn add_business_hours(&self, instant: DateTime<Utc>, duration: TimeDelta) -> DateTime<Utc> {
        let mut remaining = duration.max(TimeDelta::zero());
        for (start, end) in self.intervals_from(instant) {
            let start = start.max(instant);
            let available = end - start;
            if remaining <= available {
                return start + remaining;
            }
            remaining -= available;
        }
        // Only reached past the last date chrono can represent.
        DateTime::<Utc>::MAX_UTC
    }

    /// Working time between two instants (zero when `to` is not after `from`).
    #[must_use]
    pub fn business_time_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        if to <= from {
            return TimeDelta::zero();
        }
        self.intervals_from(from)
            .take_while(|&(start, _)| start < to)
            .map(|(start, end)| end.min(to) - start.max(from))
            .sum()
    }

    /// The number of business days whose local date is after `a`'s and up to `b`'s
    /// (negative when `b` is earlier), so that `business_days_between(t, add_business_days(t, n))`
    /// is `n`.
    #[must_use]
    pub fn business_days_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        let (from, to) = (self.local_date(a), self.local_date(b));
        let count = |low: NaiveDate, high: NaiveDate| -> i64 {
            let days = low.iter_days().skip(1).take_while(|d| *d <= high);
            days.filter(|d| self.is_business_day(*d)).count().try_into().unwrap_or(i64::MAX)
        };
        if from <= to { count(from, to) } else { -count(to, from) }
    }

    /// The same local wall-clock time as `instant`, `days` business days later (a skipped
    /// wall-clock time moves to the first instant after it; a repeated one means the earlier).
    /// Zero days is `instant` itself.
    #[must_use]
    pub fn add_business_days(&self, instant: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let Some(nth) = (days as usize).checked_sub(1) else { return instant };
        let local = instant.with_timezone(&self.tz);
        let mut business = local.date_naive().iter_days().skip(1).filter(|d| self.is_business_day(*d));
        business
            .nth(nth)
            .map_or(DateTime::<Utc>::MAX_UTC, |date| local::instant_of(self.tz, date.and_time(local.time())))
    }

    fn local_date(&self, instant: DateTime<Utc>) -> NaiveDate {
        instant.with_timezone(&self.tz).date_naive()
    }

    /// The working intervals that end after `instant`, in order, as real instants.
    ///
    /// Starts a day early so a window that runs to local midnight is seen whatever the offset.
    /// Each interval starts no earlier than the previous one ended, so no real instant is ever
    /// counted twice whatever a zone's transitions do to neighbouring windows.
    fn intervals_from(&self, instant: DateTime<Utc>) -> impl Iterator<Item = Interval> + '_ {
        let first = self.local_date(instant).pred_opt().unwrap_or(NaiveDate::MIN);
        let mut last_end = DateTime::<Utc>::MIN_UTC;
        first
            .iter_days()
            .flat_map(move |date| self.day_intervals(date))
            .filter_map(move |(start, end)| {
                let start = start.max(last_end);
                (start < end).then(|| {
                    last_end = end;
                    (start, end)
                })
            })
            .filter(move |&(_, end)| end > instant)
    }

    /// The working intervals of one local date (none on holidays and closed days).
    fn day_intervals(&self, date: NaiveDate) -> Vec<Interval> {
        if self.holidays.contains(&date) {
            return Vec::new();
        }
        let at = |minute: u16| {
            if minute >= MINUTES_PER_DAY {
                date.succ_opt().map(|next| next.and_time(NaiveTime::MIN))
            } else {
                NaiveTime::from_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0).map(|t| date.and_time(t))
            }
        };
        self.hours
            .on(date.weekday())
            .iter()
            .filter_map(|w| {
                let (start, end) = (at(w.start_minute())?, at(w.end_minute())?);
                Some((local::instant_of(self.tz, start), local::instant_of(self.tz, end)))
            })
            .collect()
    }
}

/// The first moment at or after `instant` inside `hours` read in the customer's zone
/// (`customer_tz`), for messages that should arrive while the customer is at work.
/// The team's holidays do not apply; the customer's are not known.
#[must_use]
pub fn next_moment_in_customer_hours(instant: DateTime<Utc>, customer_tz: Tz, hours: &WorkingHours) -> DateTime<Utc> {
    Calendar::new(customer_tz, hours.clone(), []).next_business_moment(instant)
}

#[cfg(test)]
mod tests;
