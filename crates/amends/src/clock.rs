//! The system clock: the one place the binary reads the wall clock.

use amends_server::Clock;
use anyhow::Context as _;
use chrono::{DateTime, Utc};

/// The environment variable that pins "now" (RFC 3339), for tests and demos.
pub(crate) const NOW_VARIABLE: &str = "AMENDS_NOW";

/// The wall clock, or the instant `AMENDS_NOW` names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SystemClock {
    pinned: Option<DateTime<Utc>>,
}

impl SystemClock {
    /// Reads `AMENDS_NOW`; a value that is not RFC 3339 is an error, not silently ignored.
    pub(crate) fn from_env() -> anyhow::Result<Self> {
        let pinned = match std::env::var(NOW_VARIABLE) {
            Ok(text) if !text.is_empty() => Some(
                DateTime::parse_from_rfc3339(&text)
                    .with_context(|| format!("{NOW_VARIABLE}=`{text}` is not an RFC 3339 time"))?
                    .with_timezone(&Utc),
            ),
            _ => None,
        };
        Ok(SystemClock { pinned })
    }
}

impl Clock for SystemClock {
    #[expect(clippy::disallowed_methods, reason = "the system clock behind the Clock trait")]
    fn now(&self) -> DateTime<Utc> {
        self.pinned.unwrap_or_else(Utc::now)
    }
}
