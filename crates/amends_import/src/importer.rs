//! Reading rows on a blocking thread and writing them to the store in batches.

use std::collections::HashMap;
use std::io::Read;
use std::pin::Pin;

use amends_store::model::{CustomerFields, CustomerId, IncidentId, OrderFields, Upserted};
use amends_store::{Change, Store, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::mpsc;

use crate::money::minor_units;
use crate::rows::{AffectedRow, Columns, CustomerRow, Format, OrderRow, RowError, Rows};

/// How an import runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Rows per batch, each batch written in one transaction. Larger batches are faster; a
    /// batch is the most an interrupted import leaves unwritten.
    pub batch_size: usize,
    /// How many rejected rows the report lists; the rest are only counted, so a file of
    /// garbage cannot fill memory with reasons.
    pub listed_rejections: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self { batch_size: 1000, listed_rejections: 1000 }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Rows read (good and bad).
    pub rows: u64,
    /// Records created (for affected customers: customers added to the incident).
    pub created: u64,
    /// Records that existed with other fields and were updated.
    pub updated: u64,
    /// Records that existed with the same fields: nothing was written.
    pub unchanged: u64,
    /// Rows not imported, in file order: the first [`ImportOptions::listed_rejections`].
    pub rejected: Vec<RowError>,
    /// Rows rejected beyond those listed in `rejected`.
    #[serde(skip_serializing_if = "is_zero")]
    pub unlisted_rejections: u64,
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}

impl ImportReport {
    /// Every rejected row, listed or not.
    pub fn rejected_count(&self) -> u64 {
        self.rejected.len() as u64 + self.unlisted_rejections
    }

    fn count<T>(&mut self, outcome: &Upserted<T>) {
        match outcome {
            Upserted::Created(_) => self.created += 1,
            Upserted::Updated(_) => self.updated += 1,
            Upserted::Unchanged(_) => self.unchanged += 1,
        }
    }

    /// Records a batch's rejected rows, in line order, listing them while there is room.
    fn reject(&mut self, mut rejected: Vec<RowError>, listed: usize) {
        rejected.sort_by_key(|row| row.line);
        let room = listed.saturating_sub(self.rejected.len()).min(rejected.len());
        self.unlisted_rejections += (rejected.len() - room) as u64;
        rejected.truncate(room);
        self.rejected.append(&mut rejected);
    }
}

/// Why an import stopped. Rows already written stay written; a bad row does not stop it.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input could not be read (a broken file, an upload cut off).
    #[error("cannot read the import: {0}")]
    Io(#[from] std::io::Error),
    /// The header line does not name the columns an import needs; nothing was written.
    #[error("line 1: {reason}")]
    Columns {
        /// The column at fault: unknown, or the first missing one; empty when the header
        /// cannot be read at all.
        column: String,
        /// What is wrong and what the columns are.
        reason: String,
    },
    /// The store failed (not a bad row: those are reported, not fatal).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Imports customers from `input`, upserting by external id.
///
/// `input` is read on a blocking thread while the batches read before are written, so a
/// slow source (a network upload) never blocks the async runtime, and at most a few batches
/// are in memory at once.
pub async fn import_customers<R: Read + Send + 'static>(
    store: &dyn Store,
    change: &Change,
    input: R,
    format: Format,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    run::<_, CustomerRow, _>(store, change, input, format, options, CustomerWriter).await
}

/// Imports orders from `input`, upserting by external id. Each order's customer is found by
/// `customer_external_id`; an order for a customer the store does not have is rejected.
pub async fn import_orders<R: Read + Send + 'static>(
    store: &dyn Store,
    change: &Change,
    input: R,
    format: Format,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let writer = OrderWriter { customers: CustomerLookup::default() };
    run::<_, OrderRow, _>(store, change, input, format, options, writer).await
}

/// Adds the customers `input` names by `external_id` to `incident`'s affected set. A customer
/// the store does not have is rejected; one already in the set counts as unchanged. When the
/// incident does not exist, the store's `NotFound` is returned before `input` is read.
pub async fn import_affected<R: Read + Send + 'static>(
    store: &dyn Store,
    change: &Change,
    incident: IncidentId,
    input: R,
    format: Format,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    store.get_incident(incident).await?;
    let writer = AffectedWriter { incident, customers: CustomerLookup::default() };
    run::<_, AffectedRow, _>(store, change, input, format, options, writer).await
}

/// A boxed, sendable future, as the store's methods return.
type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a row's values are refused: the field at fault, when one is, and the reason.
type Refusal = (Option<String>, String);

/// Turns rows of one kind into store writes.
trait Writer<T> {
    /// The store's fields for a row, before any lookup.
    type Pending: Send + 'static;
    /// Checks a row on its own (on the reading thread).
    fn check(row: T) -> Result<Self::Pending, Refusal>;
    /// Writes a batch of checked rows, adding those the store refuses to `rejected`. (The
    /// future is declared `Send` so that a server can await an import in a request.)
    fn write<'a>(
        &'a mut self,
        store: &'a dyn Store,
        change: &'a Change,
        batch: Vec<(u64, Self::Pending)>,
        report: &'a mut ImportReport,
        rejected: &'a mut Vec<RowError>,
    ) -> impl Future<Output = Result<(), ImportError>> + Send + 'a;
}

/// Rows read and checked, ready to write.
struct Batch<P> {
    /// Rows read, good and bad.
    rows: u64,
    /// The good rows, with their lines.
    checked: Vec<(u64, P)>,
    /// The bad rows.
    rejected: Vec<RowError>,
}

impl<P> Batch<P> {
    fn new(capacity: usize) -> Self {
        Batch { rows: 0, checked: Vec::with_capacity(capacity), rejected: Vec::new() }
    }
}

/// Batches in flight between the reading thread and the writer: one queued while one is
/// written and one is read, which keeps memory at a few batches whatever the input's size.
const QUEUED_BATCHES: usize = 1;

async fn run<R, T, W>(
    store: &dyn Store,
    change: &Change,
    input: R,
    format: Format,
    options: &ImportOptions,
    mut writer: W,
) -> Result<ImportReport, ImportError>
where
    R: Read + Send + 'static,
    T: Columns + 'static,
    W: Writer<T>,
{
    let batch_size = options.batch_size.max(1);
    let (sender, mut batches) = mpsc::channel(QUEUED_BATCHES);
    let reader =
        tokio::task::spawn_blocking(move || read_batches::<R, T, _>(input, format, batch_size, W::check, &sender));
    let mut report = ImportReport::default();
    while let Some(batch) = batches.recv().await {
        let Batch { rows, checked, mut rejected } = batch?;
        report.rows += rows;
        writer.write(store, change, checked, &mut report, &mut rejected).await?;
        report.reject(rejected, options.listed_rejections);
    }
    reader
        .await
        .map_err(|error| ImportError::Io(std::io::Error::other(format!("the reading thread failed: {error}"))))?;
    Ok(report)
}

/// Reads `input` in batches of `batch_size` rows, checking each row, and sends them on; the
/// rows read before an unreadable stretch are sent before the error. Stops early when the
/// writer has hung up.
fn read_batches<R: Read, T: Columns, P>(
    input: R,
    format: Format,
    batch_size: usize,
    check: fn(T) -> Result<P, Refusal>,
    sender: &mpsc::Sender<Result<Batch<P>, ImportError>>,
) {
    let mut rows = match Rows::<R, T>::new(input, format) {
        Ok(rows) => rows,
        Err(error) => {
            let _ = sender.blocking_send(Err(error));
            return;
        }
    };
    let mut batch = Batch::new(batch_size);
    loop {
        // Whether the input ended, or why it cannot be read further.
        let ended = match rows.read() {
            Ok(Some((line, row))) => {
                batch.rows += 1;
                match row.and_then(|row| check(row).map_err(|(field, reason)| RowError { line, field, reason })) {
                    Ok(pending) => batch.checked.push((line, pending)),
                    Err(rejected) => batch.rejected.push(rejected),
                }
                if batch.rows < batch_size as u64 {
                    continue;
                }
                Ok(false)
            }
            Ok(None) => Ok(true),
            Err(error) => Err(error),
        };
        let full = std::mem::replace(&mut batch, Batch::new(batch_size));
        if full.rows > 0 && sender.blocking_send(Ok(full)).is_err() {
            return;
        }
        match ended {
            Ok(false) => {}
            Ok(true) => return,
            Err(error) => {
                let _ = sender.blocking_send(Err(error));
                return;
            }
        }
    }
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

/// A store's batch upsert, such as `Store::upsert_customers`, over a change in scope.
type Upsert<'a, F, T> = dyn Fn(Vec<F>) -> BoxFuture<'a, Result<Vec<Upserted<T>>, StoreError>> + Send + Sync + 'a;

/// Upserts `batch` with `upsert`; a row the store refuses is reported and the rest retried.
async fn write_batch<F: Clone + Send, T>(
    mut batch: Vec<(u64, F)>,
    report: &mut ImportReport,
    rejected: &mut Vec<RowError>,
    upsert: &Upsert<'_, F, T>,
) -> Result<(), ImportError> {
    while !batch.is_empty() {
        match upsert(batch.iter().map(|(_, fields)| fields.clone()).collect()).await {
            Ok(outcomes) => {
                outcomes.iter().for_each(|outcome| report.count(outcome));
                return Ok(());
            }
            Err(error) => match batch_row(&error) {
                Some((index, field, reason)) if index < batch.len() => {
                    let (line, _) = batch.remove(index);
                    rejected.push(RowError { line, field: Some(field).filter(|f| !f.is_empty()), reason });
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

    fn check(row: CustomerRow) -> Result<CustomerFields, Refusal> {
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
        rejected: &mut Vec<RowError>,
    ) -> Result<(), ImportError> {
        write_batch(batch, report, rejected, &|fields| store.upsert_customers(change, fields)).await
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
    customers: CustomerLookup,
}

/// Customers found by external id, remembered across batches.
#[derive(Default)]
struct CustomerLookup {
    /// External id → store id, or `None` when the store has no such customer.
    known: HashMap<String, Option<CustomerId>>,
}

/// How many customer lookups an import remembers before starting afresh.
const CUSTOMER_CACHE_LIMIT: usize = 100_000;

impl CustomerLookup {
    /// The customer with `external_id`, or why the row naming it (on `line`, in `field`) is
    /// rejected.
    async fn find(
        &mut self,
        store: &dyn Store,
        external_id: &str,
        line: u64,
        field: &str,
    ) -> Result<Result<CustomerId, RowError>, StoreError> {
        if self.known.len() > CUSTOMER_CACHE_LIMIT {
            self.known.clear();
        }
        let id = match self.known.get(external_id) {
            Some(known) => *known,
            None => {
                let found = match store.find_customer_by_external_id(external_id).await {
                    Ok(customer) => Some(customer.id),
                    Err(StoreError::NotFound { .. }) => None,
                    Err(error) => return Err(error),
                };
                self.known.insert(external_id.to_owned(), found);
                found
            }
        };
        Ok(id.ok_or_else(|| RowError {
            line,
            field: Some(field.to_owned()),
            reason: format!("no customer has external id `{external_id}`; import the customers first"),
        }))
    }
}

impl Writer<OrderRow> for OrderWriter {
    type Pending = PendingOrder;

    fn check(row: OrderRow) -> Result<PendingOrder, Refusal> {
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
        rejected: &mut Vec<RowError>,
    ) -> Result<(), ImportError> {
        let mut ready = Vec::with_capacity(batch.len());
        for (line, pending) in batch {
            let customer_id =
                match self.customers.find(store, &pending.customer_external_id, line, "customer_external_id").await? {
                    Ok(id) => id,
                    Err(unknown) => {
                        rejected.push(unknown);
                        continue;
                    }
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
                Err(error) => rejected.push(RowError::from_store(line, error)),
            }
        }
        write_batch(ready, report, rejected, &|fields| store.upsert_orders(change, fields)).await
    }
}

struct AffectedWriter {
    incident: IncidentId,
    customers: CustomerLookup,
}

impl Writer<AffectedRow> for AffectedWriter {
    type Pending = String;

    fn check(row: AffectedRow) -> Result<String, Refusal> {
        let external_id = row.external_id.trim();
        if external_id.is_empty() {
            return Err((Some("external_id".to_owned()), "empty: give the customer's external id".to_owned()));
        }
        Ok(external_id.to_owned())
    }

    async fn write(
        &mut self,
        store: &dyn Store,
        change: &Change,
        batch: Vec<(u64, String)>,
        report: &mut ImportReport,
        rejected: &mut Vec<RowError>,
    ) -> Result<(), ImportError> {
        let mut found = Vec::with_capacity(batch.len());
        for (line, external_id) in batch {
            match self.customers.find(store, &external_id, line, "external_id").await? {
                Ok(id) => found.push(id),
                Err(unknown) => rejected.push(unknown),
            }
        }
        if !found.is_empty() {
            // The store skips customers already in the set, including repeats within the batch.
            let added = store.add_affected_customers(change, self.incident, &found).await?;
            report.created += added;
            report.unchanged += found.len() as u64 - added;
        }
        Ok(())
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
