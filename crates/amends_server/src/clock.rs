//! Where the server learns what time it is.

use chrono::{DateTime, Utc};

/// The source of "now" for every change the server records.
///
/// The server never reads the wall clock itself: the binary passes the system clock (which
/// honours `AMENDS_NOW`), and tests pass a fixed one, so audit instants are deterministic.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}
