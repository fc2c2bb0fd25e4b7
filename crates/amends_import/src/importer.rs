//! Reading rows and writing them to the store in batches.

use std::collections::HashMap;
use std::io::Read;

use amends_store::model::{CustomerFields, OrderFields, Upserted};
use amends_store::{Change, Store, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::money::minor_units;
use crate::rows::{Columns, CustomerRow, Format, OrderRow, RowError, Rows};

/// How an import runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Rows written per transaction. Larger batches are faster; a batch is the most an
    /// interrupted import leaves unwritten.
    pub batch_size: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self { batch_size: 1000 }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Rows read (good and bad).
    pub rows: u64,
    /// Records created.
    pub created: u64,
    /// Records that existed with other fields and were updated.
    pub updated: u64,
    /// Records that existed with the same fields: nothing was written.
    pub unchanged: u64,
    /// Rows not imported, in file order.
    pub rejected: Vec<RowError>,
}

impl ImportReport {
    fn count<T>(&mut self, outcome: &Upserted<T>) {
        match outcome {
            Upserted::Created(_) => self.created += 1,
            Upserted::Updated(_) => self.updated += 1,
            Upserted::Unchanged(_) => self.unchanged += 1,
        }
    }
}

/// Why an import stopped. Rows already written stay written; a bad row does not stop it.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read the import: {0}")]
    Io(#[from] std::io::Error),
    /// The header line does not name the columns an import needs.
    #[error("{0}")]
    Columns(String),
    /// The store failed (not a bad row: those are reported, not fatal).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Imports customers from `input`, upserting by external id.
///
/// The input is read synchronously between batches; a caller on an async runtime that must
/// not block should pass a reader over memory or run the import on a blocking thread.
pub async fn import_customers<R: Read>(
    store: &dyn Store,
    change: &Change,
    input: R,
    format: Format,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let mut writer = CustomerWriter;
    run::<_, CustomerRow, _>(store, change, input, format, options, &mut writer).await
}

/// Imports orders from `input`, upserting by external id. Each order's customer is found by
/// `customer_external_id`; an order for a customer the store does not have is rejected.
pub async fn import_orders<R: Read>(
    store: &dyn Store,
    change: &Change,
    input: R,
    format: Format,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let mut writer = OrderWriter { customers: HashMap::new() };
    run::<_, OrderRow, _>(store, change, input, format, options, &mut writer).await
}

/// Turns rows of one kind into store writes.
trait Writer<T> {
    /// The store's fields for a row, before any lookup.
    type Pending;
    /// Checks a row on its own.
    fn check(&self, row: T) -> Result<Self::Pending, (Option<String>, String)>;
    /// Writes a batch of checked rows, rejecting those the store refuses.
    async fn write(
        &mut self,
        store: &dyn Store,
        change: &Change,
        batch: Vec<(u64, Self::Pending)>,
        report: &mut ImportReport,
    ) -> Result<(), ImportError>;
}

async fn run<R: Read, T: Columns, W: Writer<T>>(
    store: &dyn Store,
    change: &Change,
    input: R,
    format: Format,
    options: &ImportOptions,
    writer: &mut W,
) -> Result<ImportReport, ImportError> {
    let batch_size = options.batch_size.max(1);
    let mut rows = Rows::<R, T>::new(input, format)?;
    let mut report = ImportReport::default();
    let mut batch = Vec::with_capacity(batch_size);
    while let Some((line, row)) = rows.read()? {
        report.rows += 1;
        let checked = row.and_then(|row| writer.check(row).map_err(|(field, reason)| RowError { line, field, reason }));
        match checked {
            Ok(pending) => batch.push((line, pending)),
            Err(rejected) => report.rejected.push(rejected),
        }
        if batch.len() >= batch_size {
            writer.write(store, change, std::mem::take(&mut batch), &mut report).await?;
        }
    }
    if !batch.is_empty() {
        writer.write(store, change, batch, &mut report).await?;
    }
    report.rejected.sort_by_key(|rejected| rejected.line);
    Ok(report)
}

/// A store error that names one row of a batch (`[3].time_zone`): its index and field.
fn batch_row(error: &StoreError) -> Option<(usize, String, String)> {
    let StoreError::Invalid { field, reason } = error else {
        return None;
    };
    let rest = field.strip_prefix('[')?;
    let (index, field) = rest.split_once(']')?;
    Some((index.parse().ok()?, field.trim_start_matches('.').to_owned(), reason.clone()))
}

/// Upserts `batch` with `upsert`; a row the store refuses is reported and the rest retried.
async fn write_batch<F, T>(
    mut batch: Vec<(u64, F)>,
    report: &mut ImportReport,
    upsert: impl AsyncFn(Vec<F>) -> Result<Vec<Upserted<T>>, StoreError>,
) -> Result<(), ImportError>
where
    F: Clone,
{
    while !batch.is_empty() {
        match upsert(batch.iter().map(|(_, fields)| fields.clone()).collect()).await {
            Ok(outcomes) => {
                outcomes.iter().for_each(|outcome| report.count(outcome));
                return Ok(());
            }
            Err(error) => match batch_row(&error) {
                Some((index, field, reason)) if index < batch.len() => {
                    let (line, _) = batch.remove(index);
                    report.rejected.push(RowError { line, field: Some(field).filter(|f| !f.is_empty()), reason });
                }
                _ => return Err(error.into()),
            },
        }
    }
    Ok(())
}

struct CustomerWriter;

impl Writer<CustomerRow> for CustomerWriter {
    type Pending = CustomerFields;

    fn check(&self, row: CustomerRow) -> Result<CustomerFields, (Option<String>, String)> {
        row.into_fields().map_err(|error| {
            let rejected = RowError::from_store(0, error);
            (rejected.field, rejected.reason)
        })
    }

    async fn write(
        &mut self,
        store: &dyn Store,
        change: &Change,
        batch: Vec<(u64, CustomerFields)>,
        report: &mut ImportReport,
    ) -> Result<(), ImportError> {
        write_batch(batch, report, async |fields| store.upsert_customers(change, fields).await).await
    }
}

/// An order row with its amount and instant parsed; the customer is looked up per batch.
#[derive(Debug, Clone)]
struct PendingOrder {
    customer_external_id: String,
    external_id: String,
    placed_at: DateTime<Utc>,
    total_minor: i64,
    currency: String,
    summary: Option<String>,
}

struct OrderWriter {
    /// Customers already looked up: external id → store id, or `None` when absent.
    customers: HashMap<String, Option<amends_store::model::CustomerId>>,
}

/// How many customer lookups an order import remembers before starting afresh.
const CUSTOMER_CACHE_LIMIT: usize = 100_000;

impl Writer<OrderRow> for OrderWriter {
    type Pending = PendingOrder;

    fn check(&self, row: OrderRow) -> Result<PendingOrder, (Option<String>, String)> {
        let field = |name: &str, reason: String| (Some(name.to_owned()), reason);
        let placed_at = DateTime::parse_from_rfc3339(row.placed_at.trim())
            .map_err(|_| {
                field(
                    "placed_at",
                    format!("`{}` is not an RFC 3339 instant such as 2026-11-18T14:05:00Z", row.placed_at),
                )
            })?
            .with_timezone(&Utc);
        let currency = row.currency.trim().to_ascii_uppercase();
        let total_minor = match (row.total.filter(|total| !total.trim().is_empty()), row.total_minor) {
            (Some(total), None) => minor_units(&total, &currency).map_err(|reason| field("total", reason))?,
            (None, Some(minor)) => minor.trim().parse().map_err(|_| {
                field("total_minor", format!("`{minor}` is not a whole number of minor units such as 4999"))
            })?,
            (Some(_), Some(_)) => return Err(field("total", "give total or total_minor, not both".to_owned())),
            (None, None) => return Err(field("total", "missing: give total (49.99) or total_minor (4999)".to_owned())),
        };
        Ok(PendingOrder {
            customer_external_id: row.customer_external_id.trim().to_owned(),
            external_id: row.external_id.trim().to_owned(),
            placed_at,
            total_minor,
            currency,
            summary: row.summary.map(|summary| summary.trim().to_owned()).filter(|summary| !summary.is_empty()),
        })
    }

    async fn write(
        &mut self,
        store: &dyn Store,
        change: &Change,
        batch: Vec<(u64, PendingOrder)>,
        report: &mut ImportReport,
    ) -> Result<(), ImportError> {
        if self.customers.len() > CUSTOMER_CACHE_LIMIT {
            self.customers.clear();
        }
        let mut ready = Vec::with_capacity(batch.len());
        for (line, pending) in batch {
            let customer_id = match self.customers.get(&pending.customer_external_id) {
                Some(known) => *known,
                None => {
                    let found = match store.find_customer_by_external_id(&pending.customer_external_id).await {
                        Ok(customer) => Some(customer.id),
                        Err(StoreError::NotFound { .. }) => None,
                        Err(error) => return Err(error.into()),
                    };
                    self.customers.insert(pending.customer_external_id.clone(), found);
                    found
                }
            };
            let Some(customer_id) = customer_id else {
                report.rejected.push(RowError {
                    line,
                    field: Some("customer_external_id".to_owned()),
                    reason: format!(
                        "no customer has external id `{}`; import the customers first",
                        pending.customer_external_id
                    ),
                });
                continue;
            };
            let fields = OrderFields {
                external_id: pending.external_id,
                customer_id,
                placed_at: pending.placed_at,
                total_minor: pending.total_minor,
                currency: pending.currency,
                summary: pending.summary,
            };
            match fields.normalized() {
                Ok(fields) => ready.push((line, fields)),
                Err(error) => report.rejected.push(RowError::from_store(line, error)),
            }
        }
        write_batch(ready, report, async |fields| store.upsert_orders(change, fields).await).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_errors_name_their_row() {
        let error = StoreError::invalid("[3].time_zone", "`Mars` is not an IANA time zone");
        assert_eq!(batch_row(&error), Some((3, "time_zone".to_owned(), "`Mars` is not an IANA time zone".to_owned())));
        assert_eq!(batch_row(&StoreError::invalid("name", "empty")), None);
    }
}
