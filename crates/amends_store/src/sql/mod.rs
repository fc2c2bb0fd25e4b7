//! What the sqlx backends share: error mapping, column lists, and the one implementation of
//! the store's SQL, instantiated by each backend for its own database type.
//!
//! The SQL is written once in the portable subset both SQLite and PostgreSQL accept
//! (`$n` parameters, `RETURNING`, `ON CONFLICT`, row-value comparisons), so the two backends
//! cannot drift apart in behaviour. What differs — connecting, pragmas, migrations, how a
//! write transaction begins, row locking — stays in each backend crate. The implementation is
//! a macro rather than generic code because sqlx's generic executor bounds would otherwise
//! spread over every function; each expansion is checked against one concrete database.
//! One macro per area, each in its own module, all expanded together by
//! [`impl_sql_store!`](crate::impl_sql_store).

mod audit;
mod cases;
mod customers;
mod idempotency;
mod incidents;
mod intake;
mod jobs;
mod users;

use sqlx::error::ErrorKind;

pub use serde::Serialize;

use crate::StoreError;
use crate::model::Entity;

/// Columns of `users`, in [`User`](crate::model::User) order.
pub const USER_COLUMNS: &str = "id, email, display_name, role, password_hash, disabled_at, created_at, updated_at";
/// Columns of `api_tokens`.
pub const API_TOKEN_COLUMNS: &str = "id, user_id, name, token_hash, created_at, revoked_at";
/// Columns of `customers`.
pub const CUSTOMER_COLUMNS: &str = "id, external_id, name, contacts, time_zone, locale, tier, created_at, updated_at";
/// Columns of `orders`.
pub const ORDER_COLUMNS: &str =
    "id, external_id, customer_id, placed_at, total_minor, currency, summary, created_at, updated_at";
/// Columns of `incidents`.
pub const INCIDENT_COLUMNS: &str =
    "id, title, root_cause, severity, status, started_at, resolved_at, created_at, updated_at";
/// Columns of `cases`.
pub const CASE_COLUMNS: &str = "id, customer_id, channel, priority, status, owner_id, incident_id, subject, \
     first_response_due, resolution_due, first_responded_at, resolved_at, created_at, updated_at";
/// Columns of `messages`.
pub const MESSAGE_COLUMNS: &str = "id, case_id, direction, body, sentiment, sent_at, created_at";
/// Columns of `remedies`.
pub const REMEDY_COLUMNS: &str =
    "id, case_id, kind, amount_minor, currency, description, status, created_at, updated_at";
/// Columns of `follow_ups`.
pub const FOLLOW_UP_COLUMNS: &str =
    "id, case_id, owner_id, channel, due_at, note, done_at, job_id, cancelled_at, created_at, updated_at";
/// Columns of `escalations`.
pub const ESCALATION_COLUMNS: &str = "id, case_id, kind, due_at, recorded_at";
/// Columns of `jobs`.
pub const JOB_COLUMNS: &str = "id, kind, purpose, key, case_id, payload, state, attempts, max_attempts, run_at, \
     lease_owner, lease_until, lease, last_error, created_at, updated_at, finished_at";
/// Columns of `survey_responses`.
pub const SURVEY_RESPONSE_COLUMNS: &str = "id, case_id, kind, score, comment, responded_at";
/// Columns of `audit_log`.
pub const AUDIT_COLUMNS: &str = "id, actor, action, entity, entity_id, before, after, at";
/// Columns of `idempotency_keys`.
pub const IDEMPOTENCY_COLUMNS: &str = "scope, key, request_hash, response_status, response_body, created_at";

/// Shrinks a driver error to a [`StoreError`], writing to or reading `entity`.
///
/// Unique violations become `Conflict`; foreign key, check and not-null violations become
/// `Invalid` (the store checks references itself first, so these only surface on races);
/// everything else is `Backend`.
pub fn map_error(entity: Entity, error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(database) = &error {
        let detail = database.message().to_owned();
        match database.kind() {
            ErrorKind::UniqueViolation => return StoreError::Conflict { entity, detail },
            ErrorKind::ForeignKeyViolation => {
                return StoreError::invalid("reference", format!("refers to a record that does not exist ({detail})"));
            }
            ErrorKind::NotNullViolation | ErrorKind::CheckViolation => {
                let field = database.constraint().unwrap_or("input").to_owned();
                return StoreError::Invalid { field, reason: detail };
            }
            _ => {}
        }
    }
    StoreError::Backend(Box::new(error))
}

/// A record as audit JSON.
pub fn audit_json(record: &impl Serialize) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(record).map_err(StoreError::backend)
}

/// Implements every store trait for `$store` over the sqlx database `$db`.
///
/// `$store` must have `fn reader(&self) -> &sqlx::Pool<$db>`;
/// `async fn writer(&self) -> Result<sqlx::Transaction<'static, $db>, sqlx::Error>`, the
/// transaction every change runs in; `async fn next_ids(tx, table, count) -> Result<Vec<i64>,
/// sqlx::Error>`, `count` ascending ids for new rows of `table`, taken inside the write
/// transaction `tx`; and `async fn intake(&self, &Change, NewCase) -> Result<OpenedCase,
/// StoreError>`, which opens a normalized case, with the generated
/// `Self::open_case_in(tx, change, case)` in a transaction of its own or with
/// `Self::open_cases(tx, batch)` for several at once. `$lock` is appended to the `SELECT` that reads a record
/// before changing it (`" FOR UPDATE"` where the database has row locks, `""` where a write
/// transaction already excludes other writers). `$skip_locked` ends the `SELECT` that picks
/// jobs to claim (`" FOR UPDATE SKIP LOCKED"` on PostgreSQL, so concurrent workers take
/// different jobs without waiting; `""` on SQLite, whose claim runs in a write transaction).
#[doc(hidden)]
#[macro_export]
macro_rules! impl_sql_store {
    ($store:ty, $db:ty, lock = $lock:literal, skip_locked = $skip_locked:literal) => {
        const _: () = {
            $crate::__sql_helpers!($store, $db, $lock);
            $crate::__sql_user_store!($store, $db, $lock);
            $crate::__sql_customer_store!($store, $db, $lock);
            $crate::__sql_incident_store!($store, $db, $lock);
            $crate::__sql_case_store!($store, $db, $lock);
            $crate::__sql_intake!($store, $db);
            $crate::__sql_audit_store!($store, $db, $lock);
            $crate::__sql_idempotency_store!($store, $db, $lock);
            $crate::__sql_job_store!($store, $db, $lock, $skip_locked);
        };
    };
}

/// The helpers every area uses: transactions, audit entries, reference checks, fetching and paging.
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_helpers {
    ($store:ty, $db:ty, $lock:literal) => {
        use $crate::chrono::{DateTime, Utc};
        use $crate::model::*;
        use $crate::sql::*;
        use $crate::{Change, Cursor, Page, PageRequest, StoreError};

        type Tx = ::sqlx::Transaction<'static, $db>;

        async fn begin(store: &$store) -> Result<Tx, StoreError> {
            store.writer().await.map_err(|error| StoreError::Backend(Box::new(error)))
        }

        async fn commit(tx: Tx) -> Result<(), StoreError> {
            tx.commit().await.map_err(|error| StoreError::Backend(Box::new(error)))
        }

        async fn audit(
            tx: &mut Tx,
            change: &Change,
            action: &str,
            entity: Entity,
            entity_id: i64,
            before: Option<::serde_json::Value>,
            after: Option<::serde_json::Value>,
        ) -> Result<(), StoreError> {
            ::sqlx::query(
                "INSERT INTO audit_log (actor, action, entity, entity_id, before, after, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(change.actor())
            .bind(action)
            .bind(entity.as_str())
            .bind(entity_id)
            .bind(before)
            .bind(after)
            .bind(change.at())
            .execute(&mut **tx)
            .await
            .map_err(|error| map_error(entity, error))?;
            Ok(())
        }

        /// Audits the creation of `record`.
        async fn audit_created(
            tx: &mut Tx,
            change: &Change,
            entity: Entity,
            entity_id: i64,
            record: &impl Serialize,
        ) -> Result<(), StoreError> {
            audit(tx, change, "create", entity, entity_id, None, Some(audit_json(record)?)).await
        }

        /// Audits a change of a record from `before` to `after`.
        async fn audit_changed<T: Serialize>(
            tx: &mut Tx,
            change: &Change,
            action: &str,
            entity: Entity,
            entity_id: i64,
            before: &T,
            after: &T,
        ) -> Result<(), StoreError> {
            audit(tx, change, action, entity, entity_id, Some(audit_json(before)?), Some(audit_json(after)?)).await
        }

        /// Fails with `Invalid { field }` unless `table` has a row with `id`.
        async fn require(tx: &mut Tx, table: &str, field: &str, entity: Entity, id: i64) -> Result<(), StoreError> {
            let found: Option<i64> = ::sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(|error| map_error(entity, error))?;
            match found {
                Some(_) => Ok(()),
                None => Err(StoreError::invalid(field, format!("no {entity} with id {id}"))),
            }
        }

        /// Fails with `NotFound` unless `table` has a row with `id`: lists scoped to a parent
        /// record tell a missing parent from an empty list.
        async fn must_exist(pool: &::sqlx::Pool<$db>, table: &str, entity: Entity, id: i64) -> Result<(), StoreError> {
            let found: Option<i64> = ::sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await
                .map_err(|error| map_error(entity, error))?;
            found.map(|_| ()).ok_or_else(|| StoreError::not_found(entity, id))
        }

        /// The row of `table` with `external_id`, locked with `lock` when given.
        async fn by_external_id<T>(
            tx: &mut Tx,
            columns: &str,
            table: &str,
            entity: Entity,
            external_id: &str,
            lock: &str,
        ) -> Result<Option<T>, StoreError>
        where
            T: for<'r> ::sqlx::FromRow<'r, <$db as ::sqlx::Database>::Row> + Send + Unpin,
        {
            ::sqlx::query_as::<_, T>(&format!("SELECT {columns} FROM {table} WHERE external_id = $1{lock}"))
                .bind(external_id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(|error| map_error(entity, error))
        }

        /// The row of `table` with `id`, or `NotFound`.
        async fn fetch<'e, T, E>(
            executor: E,
            columns: &str,
            table: &str,
            entity: Entity,
            id: i64,
            lock: &str,
        ) -> Result<T, StoreError>
        where
            T: for<'r> ::sqlx::FromRow<'r, <$db as ::sqlx::Database>::Row> + Send + Unpin,
            E: ::sqlx::Executor<'e, Database = $db>,
        {
            ::sqlx::query_as::<_, T>(&format!("SELECT {columns} FROM {table} WHERE id = $1{lock}"))
                .bind(id)
                .fetch_optional(executor)
                .await
                .map_err(|error| map_error(entity, error))?
                .ok_or_else(|| StoreError::not_found(entity, id))
        }

        /// One page of `table` newest first by `(instant_column, id)`, after `where_sql`.
        /// Ends a query whose `WHERE` clause is open with the rest of a newest-first page:
        /// rows after the cursor by `(instant, id)`, the order, and one extra row that tells
        /// whether another page exists.
        fn push_page(query: &mut ::sqlx::QueryBuilder<'_, $db>, instant: &str, id: &str, page: PageRequest) {
            if let Some(after) = page.after {
                query.push(format!(" AND ({instant}, {id}) < ("));
                query.push_bind(after.at).push(", ").push_bind(after.id).push(")");
            }
            query.push(format!(" ORDER BY {instant} DESC, {id} DESC LIMIT "));
            query.push_bind(i64::from(page.limit) + 1);
        }

        /// One page of a whole table, newest first by `(updated_at, id)`.
        async fn page_of<T>(
            pool: &::sqlx::Pool<$db>,
            columns: &str,
            table: &str,
            entity: Entity,
            page: PageRequest,
            key: impl Fn(&T) -> Cursor,
        ) -> Result<Page<T>, StoreError>
        where
            T: for<'r> ::sqlx::FromRow<'r, <$db as ::sqlx::Database>::Row> + Send + Unpin,
        {
            page.validate()?;
            let mut query = ::sqlx::QueryBuilder::<$db>::new(format!("SELECT {columns} FROM {table} WHERE TRUE"));
            push_page(&mut query, "updated_at", "id", page);
            let rows = query.build_query_as::<T>().fetch_all(pool).await.map_err(|error| map_error(entity, error))?;
            Ok(Page::from_rows(rows, page.limit, key))
        }

        fn updated_key<T>(at: impl Fn(&T) -> (DateTime<Utc>, i64)) -> impl Fn(&T) -> Cursor {
            move |record| {
                let (at, id) = at(record);
                Cursor { at, id }
            }
        }
    };
}
