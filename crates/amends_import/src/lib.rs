//! Streaming imports into the amends store: customers, orders and the customers an incident
//! affected, from CSV or JSON Lines.
//!
//! An import never holds the file in memory: rows are read one at a time, on a blocking
//! thread, and written in batches (1,000 rows by default), each batch in one transaction. A bad row — a missing
//! name, an unknown time zone, an order for a customer nobody imported — is reported with
//! its line number and reason, and the good rows around it are kept. Rows are upserted by
//! external id, so importing the same file again changes nothing.
//!
//! ```no_run
//! # async fn run(store: &dyn amends_store::Store, change: &amends_store::Change) -> Result<(), amends_import::ImportError> {
//! let file = std::fs::File::open("customers.csv")?;
//! let report = amends_import::import_customers(store, change, file, amends_import::Format::Csv, &Default::default()).await?;
//! for rejected in &report.rejected {
//!     eprintln!("customers.csv:{rejected}");
//! }
//! # Ok(()) }
//! ```
//!
//! The column names and JSON shapes are in `docs/imports.md`.

mod importer;
mod money;
mod rows;

pub use importer::{ImportError, ImportOptions, ImportReport, import_affected, import_customers, import_orders};
pub use money::minor_units;
pub use rows::{AffectedRow, Columns, CustomerRow, Format, OrderRow, Row, RowError, Rows};
