//! Who makes a change, and when: the context every state-changing store method takes.

use chrono::{DateTime, Utc};

use crate::model::micros;

/// The author and instant of a change, recorded in the audit log and in `updated_at`.
///
/// The store never reads the wall clock: the caller passes the instant, from its `Clock`, so
/// tests and `AMENDS_NOW` decide what time it is. The instant is truncated to microseconds,
/// the precision both backends keep, so a value read back equals the value written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    actor: String,
    at: DateTime<Utc>,
}

impl Change {
    /// A change by `actor` (such as `user:3`, `token:12` or `system:import`) at `at`.
    pub fn new(actor: impl Into<String>, at: DateTime<Utc>) -> Self {
        Change { actor: actor.into(), at: micros(at) }
    }

    /// Who makes the change.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// When the change happens.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn instants_keep_microseconds_only() {
        let at = Utc.timestamp_opt(1_700_000_000, 123_456_789).unwrap();
        let change = Change::new("user:1", at);
        assert_eq!(change.at().timestamp_subsec_nanos(), 123_456_000);
        assert_eq!(change.actor(), "user:1");
    }
}
