//! `/api/v1/imports`: customers, orders and an incident's affected customers from a CSV or
//! JSON Lines upload, written to the store as it arrives (managers and admins).
//!
//! The body is streamed, never buffered: [`router`] lifts the body-size limit for these
//! routes, and they sit outside the idempotency middleware (which would hash the whole body).
//! An import is idempotent by construction — rows are upserted by external id — so an
//! `Idempotency-Key` header is ignored here. `amends_import` reads the body on a blocking
//! thread and writes it in batches of 1,000 rows, each in its own transaction: a client that
//! disconnects mid-upload leaves the batches already written, and sending the file again
//! completes it.

use std::io::{self, Read};

use amends_import::{
    Format, ImportError, ImportOptions, ImportReport, RowError, import_affected, import_customers, import_orders,
};
use amends_store::model::{IncidentId, Role};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, header};
use axum::routing::post;
use axum::{Json, Router};
use futures_util::TryStreamExt;
use serde::Serialize;
use tokio_util::io::{StreamReader, SyncIoBridge};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::RecordId;
use crate::state::AppState;

/// The import routes, with no limit on the body's size.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/imports/customers", post(customers))
        .route("/imports/orders", post(orders))
        .route("/imports/incidents/{id}/affected", post(affected))
        .layer(DefaultBodyLimit::disable())
}

/// What an import did. `created + updated + unchanged + rejected = rows`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ImportSummary {
    /// Rows read, good and bad (blank JSON lines are not rows).
    pub rows: u64,
    /// Records created; for affected customers, customers added to the incident.
    pub created: u64,
    /// Records that existed with other fields and were updated.
    pub updated: u64,
    /// Records that existed as the row says: nothing was written.
    pub unchanged: u64,
    /// Rows not imported.
    pub rejected: u64,
    /// The first 1,000 rejected rows, in file order; `rejected` counts them all.
    pub errors: Vec<RejectedRow>,
}

/// A row that was not imported.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RejectedRow {
    /// The line of the upload the row starts on, counting the header line.
    pub line: u64,
    /// The column or key at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong with it.
    pub reason: String,
}

impl From<ImportReport> for ImportSummary {
    fn from(report: ImportReport) -> Self {
        ImportSummary {
            rows: report.rows,
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
            rejected: report.rejected_count(),
            errors: report.rejected.into_iter().map(RejectedRow::from).collect(),
        }
    }
}

impl From<RowError> for RejectedRow {
    fn from(row: RowError) -> Self {
        RejectedRow { line: row.line, field: row.field, reason: row.reason }
    }
}

/// Imports customers, upserting by `external_id` (managers and admins).
#[utoipa::path(post, path = "/api/v1/imports/customers", tag = "imports",
    request_body(description = "CSV with a header line (external_id, name, time_zone; optional email, phone, \
        handle, postal, locale, tier), or JSON Lines with the same keys. Streamed: any size.",
        content((String = "text/csv"), (String = "application/x-ndjson"))),
    responses((status = 200, body = ImportSummary), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn customers(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportSummary>, ApiError> {
    caller.require(Role::Manager, "importing customers")?;
    let format = format_of(&headers)?;
    let report =
        import_customers(&*state.store, &caller.change(&state), upload(body), format, &ImportOptions::default()).await;
    summary(report)
}

/// Imports orders, upserting by `external_id`; each names its customer by
/// `customer_external_id` (managers and admins).
#[utoipa::path(post, path = "/api/v1/imports/orders", tag = "imports",
    request_body(description = "CSV with a header line (external_id, customer_external_id, placed_at, total or \
        total_minor, currency; optional summary), or JSON Lines with the same keys. Streamed: any size.",
        content((String = "text/csv"), (String = "application/x-ndjson"))),
    responses((status = 200, body = ImportSummary), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn orders(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportSummary>, ApiError> {
    caller.require(Role::Manager, "importing orders")?;
    let format = format_of(&headers)?;
    let report =
        import_orders(&*state.store, &caller.change(&state), upload(body), format, &ImportOptions::default()).await;
    summary(report)
}

/// Adds the customers the upload names by `external_id` to an incident's affected set
/// (managers and admins). Those already in it count as unchanged.
#[utoipa::path(post, path = "/api/v1/imports/incidents/{id}/affected", tag = "imports", params(("id" = i64, Path)),
    request_body(description = "CSV with the header line `external_id`, or JSON Lines of \
        `{\"external_id\": \"C-1001\"}`. Streamed: any size.",
        content((String = "text/csv"), (String = "application/x-ndjson"))),
    responses((status = 200, body = ImportSummary), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn affected(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportSummary>, ApiError> {
    caller.require(Role::Manager, "importing affected customers")?;
    let format = format_of(&headers)?;
    // A missing incident is a 404 from `import_affected`, before it reads the body.
    let (store, change) = (&*state.store, caller.change(&state));
    let report = import_affected(store, &change, IncidentId(id), upload(body), format, &ImportOptions::default()).await;
    summary(report)
}

/// The media types accepted, in words for the 415 problem.
const ACCEPTED: &str = "text/csv for CSV, or application/x-ndjson (also application/jsonl, \
    application/json-lines) for JSON Lines";

/// The upload's format from its `Content-Type`; parameters such as `charset` are ignored.
fn format_of(headers: &HeaderMap) -> Result<Format, ApiError> {
    let value = headers.get(header::CONTENT_TYPE).map(|value| String::from_utf8_lossy(value.as_bytes()));
    let essence = value.as_deref().and_then(|value| value.split(';').next()).unwrap_or_default();
    match essence.trim().to_ascii_lowercase().as_str() {
        "text/csv" => Ok(Format::Csv),
        "application/x-ndjson" | "application/jsonl" | "application/json-lines" => Ok(Format::JsonLines),
        "" => Err(ApiError::UnsupportedMediaType(format!("the upload has no Content-Type; send {ACCEPTED}"))),
        other => Err(ApiError::UnsupportedMediaType(format!("`{other}` is not an import format; send {ACCEPTED}"))),
    }
}

/// The body as a blocking reader, for the import's reading thread.
fn upload(body: Body) -> impl Read + Send + 'static {
    SyncIoBridge::new(StreamReader::new(body.into_data_stream().map_err(io::Error::other)))
}

fn summary(result: Result<ImportReport, ImportError>) -> Result<Json<ImportSummary>, ApiError> {
    match result {
        Ok(report) => Ok(Json(report.into())),
        Err(ImportError::Columns { column, reason }) => {
            Err(ApiError::Invalid(vec![FieldError::new(column, format!("line 1: {reason}"))]))
        }
        Err(ImportError::Io(error)) => Err(ApiError::Malformed(format!(
            "the upload could not be read to the end ({error}); the rows before that point are imported, and \
             sending the whole file again completes the import without duplicating them"
        ))),
        Err(ImportError::Store(error)) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn the_content_type_picks_the_format() {
        let format = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            format_of(&headers).ok()
        };
        assert_eq!(format("text/csv"), Some(Format::Csv));
        assert_eq!(format("Text/CSV; charset=utf-8"), Some(Format::Csv));
        assert_eq!(format("application/x-ndjson"), Some(Format::JsonLines));
        assert_eq!(format("application/jsonl"), Some(Format::JsonLines));
        assert_eq!(format("application/json-lines"), Some(Format::JsonLines));
        assert_eq!(format("application/json"), None);
        assert!(format_of(&HeaderMap::new()).is_err());
    }
}
