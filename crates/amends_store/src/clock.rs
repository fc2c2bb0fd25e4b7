//! Where the server and the workers learn what time it is.

use chrono::{DateTime, Utc};

/// The source of "now" for every change the server records and every job a worker runs.
///
/// Neither reads the wall clock itself: the binary passes the system clock (which honours
/// `AMENDS_NOW`), and tests pass a fixed one, so audit instants are deterministic. The store
/// itself never asks: its callers put the instant in each [`Change`](crate::Change).
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}
