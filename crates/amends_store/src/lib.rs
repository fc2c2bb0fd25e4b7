//! The storage contract of amends: the [`Store`] trait, the records it keeps, [`StoreError`],
//! cursor pagination and password/token hashing.
//!
//! # Shape
//!
//! [`Store`] is the sum of one trait per area ([`UserStore`], [`CustomerStore`],
//! [`IncidentStore`], [`CaseStore`], [`AuditStore`], [`IdempotencyStore`], [`JobStore`]). The methods are
//! async through `async_trait`, so the traits are object safe: the server holds an
//! `Arc<dyn Store>` chosen once at start from the database URL (`amends_store_open`), and the
//! rest of the program never names a backend. A boxed future per call costs nothing next to a
//! database round trip; generics would instead spread a type parameter through every handler.
//!
//! Backends live in their own crates (`amends_store_sqlite`, `amends_store_postgres`), each
//! with its own migrations. With the `sqlx` feature the models derive `sqlx::FromRow` for any
//! database, so both backends decode rows with the same code.
//!
//! # Rules every backend keeps
//!
//! - Every state change takes a [`Change`] (actor and instant) and writes the audit log in the
//!   same transaction. The store never reads the clock.
//! - Driver errors become [`StoreError`]: unique violations are `Conflict`, references to
//!   missing records are `Invalid` naming the field, and everything else is `Backend`.
//! - Lists are pages ordered newest first by `(instant, id)`, resumed from a [`Cursor`].
//! - Instants are UTC with microsecond precision; a customer's IANA zone is kept beside them.
//!
//! The `conformance` feature holds the behaviour tests every backend must pass.

mod change;
mod clock;
#[cfg(feature = "conformance")]
pub mod conformance;
mod error;
pub mod model;
mod page;
pub mod secret;
#[cfg(feature = "sqlx")]
pub mod sql;
mod store;

#[cfg(feature = "sqlx")]
#[doc(hidden)]
pub use chrono;

pub use change::Change;
pub use clock::Clock;
pub use error::StoreError;
pub use page::{Cursor, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageRequest};
pub use store::{AuditStore, CaseStore, CustomerStore, IdempotencyStore, IncidentStore, JobStore, Store, UserStore};
