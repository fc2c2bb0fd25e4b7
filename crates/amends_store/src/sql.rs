//! What the sqlx backends share: error mapping, column lists, and the one implementation of
//! the store's SQL, instantiated by each backend for its own database type.
//!
//! The SQL is written once in the portable subset both SQLite and PostgreSQL accept
//! (`$n` parameters, `RETURNING`, `ON CONFLICT`, row-value comparisons), so the two backends
//! cannot drift apart in behaviour. What differs — connecting, pragmas, migrations, how a
//! write transaction begins, row locking — stays in each backend crate. The implementation is
//! a macro rather than generic code because sqlx's generic executor bounds would otherwise
//! spread over every function; each expansion is checked against one concrete database.

use sqlx::error::ErrorKind;

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
pub const FOLLOW_UP_COLUMNS: &str = "id, case_id, owner_id, channel, due_at, note, done_at, created_at, updated_at";
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
pub fn audit_json(record: &impl serde::Serialize) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(record).map_err(StoreError::backend)
}

/// Implements every store trait for `$store` over the sqlx database `$db`.
///
/// `$store` must have `fn reader(&self) -> &sqlx::Pool<$db>` and
/// `async fn writer(&self) -> Result<sqlx::Transaction<'static, $db>, sqlx::Error>`, the
/// transaction every change runs in. `$lock` is appended to the `SELECT` that reads a record
/// before changing it (`" FOR UPDATE"` where the database has row locks, `""` where a write
/// transaction already excludes other writers).
#[doc(hidden)]
#[macro_export]
macro_rules! impl_sql_store {
    ($store:ty, $db:ty, lock = $lock:literal) => {
        const _: () = {
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

            /// Fails with `Invalid { field }` unless `table` has a row with `id`.
            async fn require(
                tx: &mut Tx,
                table: &str,
                field: &str,
                entity: Entity,
                id: i64,
            ) -> Result<(), StoreError> {
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
            async fn page_of<T>(
                pool: &::sqlx::Pool<$db>,
                columns: &str,
                table: &str,
                instant_column: &str,
                entity: Entity,
                page: PageRequest,
                key: impl Fn(&T) -> Cursor,
            ) -> Result<Page<T>, StoreError>
            where
                T: for<'r> ::sqlx::FromRow<'r, <$db as ::sqlx::Database>::Row> + Send + Unpin,
            {
                page.validate()?;
                let mut query = ::sqlx::QueryBuilder::<$db>::new(format!("SELECT {columns} FROM {table}"));
                if let Some(after) = page.after {
                    query.push(format!(" WHERE ({instant_column}, id) < ("));
                    query.push_bind(after.at).push(", ").push_bind(after.id).push(")");
                }
                query.push(format!(" ORDER BY {instant_column} DESC, id DESC LIMIT "));
                query.push_bind(i64::from(page.limit) + 1);
                let rows = query
                    .build_query_as::<T>()
                    .fetch_all(pool)
                    .await
                    .map_err(|error| map_error(entity, error))?;
                Ok(Page::from_rows(rows, page.limit, key))
            }

            fn updated_key<T>(at: impl Fn(&T) -> (DateTime<Utc>, i64)) -> impl Fn(&T) -> Cursor {
                move |record| {
                    let (at, id) = at(record);
                    Cursor { at, id }
                }
            }

            async fn insert_customer(
                tx: &mut Tx,
                change: &Change,
                fields: &CustomerFields,
            ) -> Result<Customer, StoreError> {
                let customer: Customer = ::sqlx::query_as(&format!(
                    "INSERT INTO customers (external_id, name, contacts, time_zone, locale, tier, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {CUSTOMER_COLUMNS}"
                ))
                .bind(&fields.external_id)
                .bind(&fields.name)
                .bind(::sqlx::types::Json(&fields.contacts))
                .bind(&fields.time_zone)
                .bind(&fields.locale)
                .bind(&fields.tier)
                .bind(change.at())
                .fetch_one(&mut **tx)
                .await
                .map_err(|error| map_error(Entity::Customer, error))?;
                audit(tx, change, "create", Entity::Customer, customer.id.0, None, Some(audit_json(&customer)?)).await?;
                Ok(customer)
            }

            async fn replace_customer(
                tx: &mut Tx,
                change: &Change,
                before: &Customer,
                fields: &CustomerFields,
            ) -> Result<Customer, StoreError> {
                let customer: Customer = ::sqlx::query_as(&format!(
                    "UPDATE customers SET external_id = $1, name = $2, contacts = $3, time_zone = $4, locale = $5, \
                     tier = $6, updated_at = $7 WHERE id = $8 RETURNING {CUSTOMER_COLUMNS}"
                ))
                .bind(&fields.external_id)
                .bind(&fields.name)
                .bind(::sqlx::types::Json(&fields.contacts))
                .bind(&fields.time_zone)
                .bind(&fields.locale)
                .bind(&fields.tier)
                .bind(change.at())
                .bind(before.id)
                .fetch_one(&mut **tx)
                .await
                .map_err(|error| map_error(Entity::Customer, error))?;
                audit(
                    tx,
                    change,
                    "update",
                    Entity::Customer,
                    customer.id.0,
                    Some(audit_json(before)?),
                    Some(audit_json(&customer)?),
                )
                .await?;
                Ok(customer)
            }

            async fn insert_order(tx: &mut Tx, change: &Change, fields: &OrderFields) -> Result<Order, StoreError> {
                require(tx, "customers", "customer_id", Entity::Customer, fields.customer_id.0).await?;
                let order: Order = ::sqlx::query_as(&format!(
                    "INSERT INTO orders (external_id, customer_id, placed_at, total_minor, currency, summary, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {ORDER_COLUMNS}"
                ))
                .bind(&fields.external_id)
                .bind(fields.customer_id)
                .bind(fields.placed_at)
                .bind(fields.total_minor)
                .bind(&fields.currency)
                .bind(&fields.summary)
                .bind(change.at())
                .fetch_one(&mut **tx)
                .await
                .map_err(|error| map_error(Entity::Order, error))?;
                audit(tx, change, "create", Entity::Order, order.id.0, None, Some(audit_json(&order)?)).await?;
                Ok(order)
            }

            async fn insert_incident(
                tx: &mut Tx,
                change: &Change,
                fields: &IncidentFields,
            ) -> Result<Incident, StoreError> {
                let incident: Incident = ::sqlx::query_as(&format!(
                    "INSERT INTO incidents (title, root_cause, severity, status, started_at, resolved_at, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {INCIDENT_COLUMNS}"
                ))
                .bind(&fields.title)
                .bind(&fields.root_cause)
                .bind(fields.severity.as_str())
                .bind(fields.status.as_str())
                .bind(fields.started_at)
                .bind(fields.resolved_at)
                .bind(change.at())
                .fetch_one(&mut **tx)
                .await
                .map_err(|error| map_error(Entity::Incident, error))?;
                audit(tx, change, "create", Entity::Incident, incident.id.0, None, Some(audit_json(&incident)?))
                    .await?;
                Ok(incident)
            }

            #[::async_trait::async_trait]
            impl $crate::UserStore for $store {
                async fn create_user(&self, change: &Change, user: NewUser) -> Result<User, StoreError> {
                    let user = user.normalized()?;
                    let mut tx = begin(self).await?;
                    let created: User = ::sqlx::query_as(&format!(
                        "INSERT INTO users (email, display_name, role, password_hash, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $5) RETURNING {USER_COLUMNS}"
                    ))
                    .bind(&user.email)
                    .bind(&user.display_name)
                    .bind(user.role.as_str())
                    .bind(&user.password_hash)
                    .bind(change.at())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::User, error))?;
                    audit(&mut tx, change, "create", Entity::User, created.id.0, None, Some(audit_json(&created)?))
                        .await?;
                    commit(tx).await?;
                    Ok(created)
                }

                async fn get_user(&self, id: UserId) -> Result<User, StoreError> {
                    fetch(self.reader(), USER_COLUMNS, "users", Entity::User, id.0, "").await
                }

                async fn find_user_by_email(&self, email: &str) -> Result<User, StoreError> {
                    let email = normalize_email(email)?;
                    ::sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"))
                        .bind(&email)
                        .fetch_optional(self.reader())
                        .await
                        .map_err(|error| map_error(Entity::User, error))?
                        .ok_or_else(|| StoreError::not_found(Entity::User, email))
                }

                async fn update_user(&self, change: &Change, id: UserId, patch: UserPatch) -> Result<User, StoreError> {
                    let mut tx = begin(self).await?;
                    let before: User = fetch(&mut *tx, USER_COLUMNS, "users", Entity::User, id.0, $lock).await?;
                    let after = before.patched(&patch, change.at())?;
                    ::sqlx::query(
                        "UPDATE users SET display_name = $1, role = $2, password_hash = $3, disabled_at = $4, \
                         updated_at = $5 WHERE id = $6",
                    )
                    .bind(&after.display_name)
                    .bind(after.role.as_str())
                    .bind(&after.password_hash)
                    .bind(after.disabled_at)
                    .bind(after.updated_at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::User, error))?;
                    audit(
                        &mut tx,
                        change,
                        "update",
                        Entity::User,
                        id.0,
                        Some(audit_json(&before)?),
                        Some(audit_json(&after)?),
                    )
                    .await?;
                    commit(tx).await?;
                    Ok(after)
                }

                async fn list_users(&self, page: PageRequest) -> Result<Page<User>, StoreError> {
                    let key = updated_key(|user: &User| (user.updated_at, user.id.0));
                    page_of(self.reader(), USER_COLUMNS, "users", "updated_at", Entity::User, page, key).await
                }

                async fn create_api_token(&self, change: &Change, token: NewApiToken) -> Result<ApiToken, StoreError> {
                    token.validate()?;
                    let mut tx = begin(self).await?;
                    require(&mut tx, "users", "user_id", Entity::User, token.user_id.0).await?;
                    let created: ApiToken = ::sqlx::query_as(&format!(
                        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) \
                         RETURNING {API_TOKEN_COLUMNS}"
                    ))
                    .bind(token.user_id)
                    .bind(&token.name)
                    .bind(&token.token_hash)
                    .bind(change.at())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::ApiToken, error))?;
                    audit(
                        &mut tx,
                        change,
                        "create",
                        Entity::ApiToken,
                        created.id.0,
                        None,
                        Some(audit_json(&created)?),
                    )
                    .await?;
                    commit(tx).await?;
                    Ok(created)
                }

                async fn find_api_token(&self, token_hash: &str) -> Result<ApiToken, StoreError> {
                    ::sqlx::query_as(&format!("SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1"))
                        .bind(token_hash)
                        .fetch_optional(self.reader())
                        .await
                        .map_err(|error| map_error(Entity::ApiToken, error))?
                        // The hash is a credential: the error names no part of it.
                        .ok_or_else(|| StoreError::not_found(Entity::ApiToken, "with that hash"))
                }

                async fn revoke_api_token(&self, change: &Change, id: ApiTokenId) -> Result<ApiToken, StoreError> {
                    let mut tx = begin(self).await?;
                    let before: ApiToken =
                        fetch(&mut *tx, API_TOKEN_COLUMNS, "api_tokens", Entity::ApiToken, id.0, $lock).await?;
                    if before.revoked_at.is_some() {
                        return Ok(before);
                    }
                    let after = ApiToken { revoked_at: Some(change.at()), ..before.clone() };
                    ::sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
                        .bind(change.at())
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::ApiToken, error))?;
                    audit(
                        &mut tx,
                        change,
                        "revoke",
                        Entity::ApiToken,
                        id.0,
                        Some(audit_json(&before)?),
                        Some(audit_json(&after)?),
                    )
                    .await?;
                    commit(tx).await?;
                    Ok(after)
                }

                async fn list_api_tokens(&self, user_id: UserId) -> Result<Vec<ApiToken>, StoreError> {
                    ::sqlx::query_as(&format!(
                        "SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC"
                    ))
                    .bind(user_id)
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::ApiToken, error))
                }
            }

            #[::async_trait::async_trait]
            impl $crate::CustomerStore for $store {
                async fn create_customer(&self, change: &Change, fields: CustomerFields) -> Result<Customer, StoreError> {
                    fields.validate()?;
                    let mut tx = begin(self).await?;
                    let customer = insert_customer(&mut tx, change, &fields).await?;
                    commit(tx).await?;
                    Ok(customer)
                }

                async fn upsert_customer(
                    &self,
                    change: &Change,
                    fields: CustomerFields,
                ) -> Result<Upserted<Customer>, StoreError> {
                    fields.validate()?;
                    let mut tx = begin(self).await?;
                    let existing: Option<Customer> = ::sqlx::query_as(&format!(
                        "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE external_id = $1{}",
                        $lock
                    ))
                    .bind(&fields.external_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Customer, error))?;
                    let outcome = match existing {
                        None => Upserted::Created(insert_customer(&mut tx, change, &fields).await?),
                        Some(customer) if customer.has_fields(&fields) => Upserted::Unchanged(customer),
                        Some(customer) => Upserted::Updated(replace_customer(&mut tx, change, &customer, &fields).await?),
                    };
                    commit(tx).await?;
                    Ok(outcome)
                }

                async fn get_customer(&self, id: CustomerId) -> Result<Customer, StoreError> {
                    fetch(self.reader(), CUSTOMER_COLUMNS, "customers", Entity::Customer, id.0, "").await
                }

                async fn find_customer_by_external_id(&self, external_id: &str) -> Result<Customer, StoreError> {
                    ::sqlx::query_as(&format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE external_id = $1"))
                        .bind(external_id)
                        .fetch_optional(self.reader())
                        .await
                        .map_err(|error| map_error(Entity::Customer, error))?
                        .ok_or_else(|| StoreError::not_found(Entity::Customer, external_id))
                }

                async fn update_customer(
                    &self,
                    change: &Change,
                    id: CustomerId,
                    fields: CustomerFields,
                ) -> Result<Customer, StoreError> {
                    fields.validate()?;
                    let mut tx = begin(self).await?;
                    let before: Customer =
                        fetch(&mut *tx, CUSTOMER_COLUMNS, "customers", Entity::Customer, id.0, $lock).await?;
                    let customer = replace_customer(&mut tx, change, &before, &fields).await?;
                    commit(tx).await?;
                    Ok(customer)
                }

                async fn list_customers(&self, page: PageRequest) -> Result<Page<Customer>, StoreError> {
                    let key = updated_key(|customer: &Customer| (customer.updated_at, customer.id.0));
                    page_of(self.reader(), CUSTOMER_COLUMNS, "customers", "updated_at", Entity::Customer, page, key)
                        .await
                }

                async fn create_order(&self, change: &Change, fields: OrderFields) -> Result<Order, StoreError> {
                    fields.validate()?;
                    let mut tx = begin(self).await?;
                    let order = insert_order(&mut tx, change, &fields).await?;
                    commit(tx).await?;
                    Ok(order)
                }

                async fn upsert_order(&self, change: &Change, fields: OrderFields) -> Result<Upserted<Order>, StoreError> {
                    fields.validate()?;
                    let mut tx = begin(self).await?;
                    let existing: Option<Order> = ::sqlx::query_as(&format!(
                        "SELECT {ORDER_COLUMNS} FROM orders WHERE external_id = $1{}",
                        $lock
                    ))
                    .bind(&fields.external_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Order, error))?;
                    let outcome = match existing {
                        None => Upserted::Created(insert_order(&mut tx, change, &fields).await?),
                        Some(order) if order.has_fields(&fields) => Upserted::Unchanged(order),
                        Some(before) => {
                            require(&mut tx, "customers", "customer_id", Entity::Customer, fields.customer_id.0).await?;
                            let order: Order = ::sqlx::query_as(&format!(
                                "UPDATE orders SET customer_id = $1, placed_at = $2, total_minor = $3, currency = $4, \
                                 summary = $5, updated_at = $6 WHERE id = $7 RETURNING {ORDER_COLUMNS}"
                            ))
                            .bind(fields.customer_id)
                            .bind(fields.placed_at)
                            .bind(fields.total_minor)
                            .bind(&fields.currency)
                            .bind(&fields.summary)
                            .bind(change.at())
                            .bind(before.id)
                            .fetch_one(&mut *tx)
                            .await
                            .map_err(|error| map_error(Entity::Order, error))?;
                            audit(
                                &mut tx,
                                change,
                                "update",
                                Entity::Order,
                                order.id.0,
                                Some(audit_json(&before)?),
                                Some(audit_json(&order)?),
                            )
                            .await?;
                            Upserted::Updated(order)
                        }
                    };
                    commit(tx).await?;
                    Ok(outcome)
                }

                async fn get_order(&self, id: OrderId) -> Result<Order, StoreError> {
                    fetch(self.reader(), ORDER_COLUMNS, "orders", Entity::Order, id.0, "").await
                }

                async fn list_orders(&self, customer_id: CustomerId, page: PageRequest) -> Result<Page<Order>, StoreError> {
                    page.validate()?;
                    let mut query = ::sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {ORDER_COLUMNS} FROM orders WHERE customer_id = "
                    ));
                    query.push_bind(customer_id);
                    if let Some(after) = page.after {
                        query.push(" AND (updated_at, id) < (").push_bind(after.at).push(", ").push_bind(after.id).push(")");
                    }
                    query.push(" ORDER BY updated_at DESC, id DESC LIMIT ").push_bind(i64::from(page.limit) + 1);
                    let rows = query
                        .build_query_as::<Order>()
                        .fetch_all(self.reader())
                        .await
                        .map_err(|error| map_error(Entity::Order, error))?;
                    Ok(Page::from_rows(rows, page.limit, updated_key(|order: &Order| (order.updated_at, order.id.0))))
                }
            }

            #[::async_trait::async_trait]
            impl $crate::IncidentStore for $store {
                async fn create_incident(&self, change: &Change, fields: IncidentFields) -> Result<Incident, StoreError> {
                    fields.validate()?;
                    let mut tx = begin(self).await?;
                    let incident = insert_incident(&mut tx, change, &fields).await?;
                    commit(tx).await?;
                    Ok(incident)
                }

                async fn get_incident(&self, id: IncidentId) -> Result<Incident, StoreError> {
                    fetch(self.reader(), INCIDENT_COLUMNS, "incidents", Entity::Incident, id.0, "").await
                }

                async fn update_incident(
                    &self,
                    change: &Change,
                    id: IncidentId,
                    fields: IncidentFields,
                ) -> Result<Incident, StoreError> {
                    fields.validate()?;
                    let mut tx = begin(self).await?;
                    let before: Incident =
                        fetch(&mut *tx, INCIDENT_COLUMNS, "incidents", Entity::Incident, id.0, $lock).await?;
                    let incident: Incident = ::sqlx::query_as(&format!(
                        "UPDATE incidents SET title = $1, root_cause = $2, severity = $3, status = $4, started_at = $5, \
                         resolved_at = $6, updated_at = $7 WHERE id = $8 RETURNING {INCIDENT_COLUMNS}"
                    ))
                    .bind(&fields.title)
                    .bind(&fields.root_cause)
                    .bind(fields.severity.as_str())
                    .bind(fields.status.as_str())
                    .bind(fields.started_at)
                    .bind(fields.resolved_at)
                    .bind(change.at())
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Incident, error))?;
                    audit(
                        &mut tx,
                        change,
                        "update",
                        Entity::Incident,
                        id.0,
                        Some(audit_json(&before)?),
                        Some(audit_json(&incident)?),
                    )
                    .await?;
                    commit(tx).await?;
                    Ok(incident)
                }

                async fn list_incidents(&self, page: PageRequest) -> Result<Page<Incident>, StoreError> {
                    let key = updated_key(|incident: &Incident| (incident.updated_at, incident.id.0));
                    page_of(self.reader(), INCIDENT_COLUMNS, "incidents", "updated_at", Entity::Incident, page, key)
                        .await
                }

                async fn add_affected_customers(
                    &self,
                    change: &Change,
                    id: IncidentId,
                    customers: &[CustomerId],
                ) -> Result<u64, StoreError> {
                    let mut tx = begin(self).await?;
                    let _: Incident = fetch(&mut *tx, INCIDENT_COLUMNS, "incidents", Entity::Incident, id.0, $lock).await?;
                    let mut added = Vec::new();
                    for customer in customers {
                        require(&mut tx, "customers", "customer_ids", Entity::Customer, customer.0).await?;
                        let inserted = ::sqlx::query(
                            "INSERT INTO incident_customers (incident_id, customer_id, added_at) VALUES ($1, $2, $3) \
                             ON CONFLICT (incident_id, customer_id) DO NOTHING",
                        )
                        .bind(id)
                        .bind(customer)
                        .bind(change.at())
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::Incident, error))?
                        .rows_affected();
                        if inserted > 0 {
                            added.push(*customer);
                        }
                    }
                    if !added.is_empty() {
                        let after = ::serde_json::json!({ "added_customer_ids": added });
                        audit(&mut tx, change, "add_affected", Entity::Incident, id.0, None, Some(after)).await?;
                    }
                    commit(tx).await?;
                    Ok(added.len() as u64)
                }

                async fn list_affected_customers(
                    &self,
                    id: IncidentId,
                    page: PageRequest,
                ) -> Result<Page<Customer>, StoreError> {
                    use ::sqlx::Row as _;
                    page.validate()?;
                    let _: Incident = fetch(self.reader(), INCIDENT_COLUMNS, "incidents", Entity::Incident, id.0, "").await?;
                    let columns = CUSTOMER_COLUMNS.split(", ").map(|column| format!("c.{column}")).collect::<Vec<_>>();
                    let mut query = ::sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {}, a.added_at AS added_at FROM incident_customers a \
                         JOIN customers c ON c.id = a.customer_id WHERE a.incident_id = ",
                        columns.join(", ")
                    ));
                    query.push_bind(id);
                    if let Some(after) = page.after {
                        query.push(" AND (a.added_at, a.customer_id) < (").push_bind(after.at).push(", ").push_bind(after.id).push(")");
                    }
                    query.push(" ORDER BY a.added_at DESC, a.customer_id DESC LIMIT ").push_bind(i64::from(page.limit) + 1);
                    let rows = query
                        .build()
                        .fetch_all(self.reader())
                        .await
                        .map_err(|error| map_error(Entity::Customer, error))?;
                    let mut keyed = Vec::with_capacity(rows.len());
                    for row in &rows {
                        let customer: Customer = ::sqlx::FromRow::from_row(row).map_err(|error| map_error(Entity::Customer, error))?;
                        let added_at: DateTime<Utc> = row.try_get("added_at").map_err(|error| map_error(Entity::Customer, error))?;
                        keyed.push((added_at, customer));
                    }
                    let page = Page::from_rows(keyed, page.limit, |(added_at, customer)| Cursor { at: *added_at, id: customer.id.0 });
                    Ok(Page { items: page.items.into_iter().map(|(_, customer)| customer).collect(), next: page.next })
                }
            }

            #[::async_trait::async_trait]
            impl $crate::CaseStore for $store {
                async fn create_case(&self, change: &Change, case: NewCase) -> Result<Case, StoreError> {
                    case.validate()?;
                    let mut tx = begin(self).await?;
                    require(&mut tx, "customers", "customer_id", Entity::Customer, case.customer_id.0).await?;
                    if let Some(owner) = case.owner_id {
                        require(&mut tx, "users", "owner_id", Entity::User, owner.0).await?;
                    }
                    if let Some(incident) = case.incident_id {
                        require(&mut tx, "incidents", "incident_id", Entity::Incident, incident.0).await?;
                    }
                    let created: Case = ::sqlx::query_as(&format!(
                        "INSERT INTO cases (customer_id, channel, priority, status, owner_id, incident_id, subject, \
                         first_response_due, resolution_due, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING {CASE_COLUMNS}"
                    ))
                    .bind(case.customer_id)
                    .bind(case.channel.as_str())
                    .bind(case.priority.as_str())
                    .bind(CaseStatus::New.as_str())
                    .bind(case.owner_id)
                    .bind(case.incident_id)
                    .bind(&case.subject)
                    .bind(case.first_response_due)
                    .bind(case.resolution_due)
                    .bind(change.at())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Case, error))?;
                    audit(&mut tx, change, "create", Entity::Case, created.id.0, None, Some(audit_json(&created)?))
                        .await?;
                    commit(tx).await?;
                    Ok(created)
                }

                async fn get_case(&self, id: CaseId) -> Result<Case, StoreError> {
                    fetch(self.reader(), CASE_COLUMNS, "cases", Entity::Case, id.0, "").await
                }

                async fn update_case(&self, change: &Change, id: CaseId, patch: CasePatch) -> Result<Case, StoreError> {
                    let mut tx = begin(self).await?;
                    let before: Case = fetch(&mut *tx, CASE_COLUMNS, "cases", Entity::Case, id.0, $lock).await?;
                    let after = before.patched(&patch, change.at())?;
                    if let Some(Some(owner)) = patch.owner_id {
                        require(&mut tx, "users", "owner_id", Entity::User, owner.0).await?;
                    }
                    if let Some(Some(incident)) = patch.incident_id {
                        require(&mut tx, "incidents", "incident_id", Entity::Incident, incident.0).await?;
                    }
                    ::sqlx::query(
                        "UPDATE cases SET priority = $1, status = $2, owner_id = $3, incident_id = $4, subject = $5, \
                         first_response_due = $6, resolution_due = $7, resolved_at = $8, updated_at = $9 WHERE id = $10",
                    )
                    .bind(after.priority.as_str())
                    .bind(after.status.as_str())
                    .bind(after.owner_id)
                    .bind(after.incident_id)
                    .bind(&after.subject)
                    .bind(after.first_response_due)
                    .bind(after.resolution_due)
                    .bind(after.resolved_at)
                    .bind(after.updated_at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Case, error))?;
                    audit(
                        &mut tx,
                        change,
                        "update",
                        Entity::Case,
                        id.0,
                        Some(audit_json(&before)?),
                        Some(audit_json(&after)?),
                    )
                    .await?;
                    commit(tx).await?;
                    Ok(after)
                }

                async fn list_cases(&self, filter: &CaseFilter, page: PageRequest) -> Result<Page<Case>, StoreError> {
                    page.validate()?;
                    let mut query = ::sqlx::QueryBuilder::<$db>::new(format!("SELECT {CASE_COLUMNS} FROM cases WHERE 1 = 1"));
                    if let Some(status) = filter.status {
                        query.push(" AND status = ").push_bind(status.as_str());
                    }
                    if let Some(priority) = filter.priority {
                        query.push(" AND priority = ").push_bind(priority.as_str());
                    }
                    if let Some(owner) = filter.owner_id {
                        query.push(" AND owner_id = ").push_bind(owner);
                    }
                    if let Some(incident) = filter.incident_id {
                        query.push(" AND incident_id = ").push_bind(incident);
                    }
                    if let Some(customer) = filter.customer_id {
                        query.push(" AND customer_id = ").push_bind(customer);
                    }
                    if let Some(since) = filter.updated_since {
                        query.push(" AND updated_at >= ").push_bind(since);
                    }
                    if let Some(after) = page.after {
                        query.push(" AND (updated_at, id) < (").push_bind(after.at).push(", ").push_bind(after.id).push(")");
                    }
                    query.push(" ORDER BY updated_at DESC, id DESC LIMIT ").push_bind(i64::from(page.limit) + 1);
                    let rows = query
                        .build_query_as::<Case>()
                        .fetch_all(self.reader())
                        .await
                        .map_err(|error| map_error(Entity::Case, error))?;
                    Ok(Page::from_rows(rows, page.limit, updated_key(|case: &Case| (case.updated_at, case.id.0))))
                }

                async fn add_message(&self, change: &Change, message: NewMessage) -> Result<Message, StoreError> {
                    message.validate()?;
                    let mut tx = begin(self).await?;
                    require(&mut tx, "cases", "case_id", Entity::Case, message.case_id.0).await?;
                    let created: Message = ::sqlx::query_as(&format!(
                        "INSERT INTO messages (case_id, direction, body, sentiment, sent_at, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {MESSAGE_COLUMNS}"
                    ))
                    .bind(message.case_id)
                    .bind(message.direction.as_str())
                    .bind(&message.body)
                    .bind(message.sentiment)
                    .bind(message.sent_at)
                    .bind(change.at())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Message, error))?;
                    let responded_at = match message.direction {
                        Direction::Outbound => Some(message.sent_at),
                        Direction::Inbound => None,
                    };
                    ::sqlx::query(
                        "UPDATE cases SET updated_at = $1, first_responded_at = COALESCE(first_responded_at, $2) \
                         WHERE id = $3",
                    )
                    .bind(change.at())
                    .bind(responded_at)
                    .bind(message.case_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Case, error))?;
                    audit(&mut tx, change, "create", Entity::Message, created.id.0, None, Some(audit_json(&created)?))
                        .await?;
                    commit(tx).await?;
                    Ok(created)
                }

                async fn list_messages(&self, case_id: CaseId) -> Result<Vec<Message>, StoreError> {
                    let _: Case = fetch(self.reader(), CASE_COLUMNS, "cases", Entity::Case, case_id.0, "").await?;
                    ::sqlx::query_as(&format!(
                        "SELECT {MESSAGE_COLUMNS} FROM messages WHERE case_id = $1 ORDER BY sent_at, id"
                    ))
                    .bind(case_id)
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::Message, error))
                }

                async fn create_remedy(&self, change: &Change, remedy: NewRemedy) -> Result<Remedy, StoreError> {
                    remedy.validate()?;
                    let mut tx = begin(self).await?;
                    require(&mut tx, "cases", "case_id", Entity::Case, remedy.case_id.0).await?;
                    let created: Remedy = ::sqlx::query_as(&format!(
                        "INSERT INTO remedies (case_id, kind, amount_minor, currency, description, status, created_at, \
                         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {REMEDY_COLUMNS}"
                    ))
                    .bind(remedy.case_id)
                    .bind(remedy.kind.as_str())
                    .bind(remedy.amount_minor)
                    .bind(&remedy.currency)
                    .bind(&remedy.description)
                    .bind(RemedyStatus::Offered.as_str())
                    .bind(change.at())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Remedy, error))?;
                    audit(&mut tx, change, "create", Entity::Remedy, created.id.0, None, Some(audit_json(&created)?))
                        .await?;
                    commit(tx).await?;
                    Ok(created)
                }

                async fn set_remedy_status(
                    &self,
                    change: &Change,
                    id: RemedyId,
                    status: RemedyStatus,
                ) -> Result<Remedy, StoreError> {
                    let mut tx = begin(self).await?;
                    let before: Remedy = fetch(&mut *tx, REMEDY_COLUMNS, "remedies", Entity::Remedy, id.0, $lock).await?;
                    let after = Remedy { status, updated_at: change.at(), ..before.clone() };
                    ::sqlx::query("UPDATE remedies SET status = $1, updated_at = $2 WHERE id = $3")
                        .bind(status.as_str())
                        .bind(change.at())
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::Remedy, error))?;
                    audit(
                        &mut tx,
                        change,
                        "update",
                        Entity::Remedy,
                        id.0,
                        Some(audit_json(&before)?),
                        Some(audit_json(&after)?),
                    )
                    .await?;
                    commit(tx).await?;
                    Ok(after)
                }

                async fn list_remedies(&self, case_id: CaseId) -> Result<Vec<Remedy>, StoreError> {
                    ::sqlx::query_as(&format!(
                        "SELECT {REMEDY_COLUMNS} FROM remedies WHERE case_id = $1 ORDER BY created_at, id"
                    ))
                    .bind(case_id)
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::Remedy, error))
                }

                async fn create_follow_up(&self, change: &Change, follow_up: NewFollowUp) -> Result<FollowUp, StoreError> {
                    let mut tx = begin(self).await?;
                    require(&mut tx, "cases", "case_id", Entity::Case, follow_up.case_id.0).await?;
                    if let Some(owner) = follow_up.owner_id {
                        require(&mut tx, "users", "owner_id", Entity::User, owner.0).await?;
                    }
                    let created: FollowUp = ::sqlx::query_as(&format!(
                        "INSERT INTO follow_ups (case_id, owner_id, channel, due_at, note, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING {FOLLOW_UP_COLUMNS}"
                    ))
                    .bind(follow_up.case_id)
                    .bind(follow_up.owner_id)
                    .bind(follow_up.channel.as_str())
                    .bind(follow_up.due_at)
                    .bind(&follow_up.note)
                    .bind(change.at())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::FollowUp, error))?;
                    audit(&mut tx, change, "create", Entity::FollowUp, created.id.0, None, Some(audit_json(&created)?))
                        .await?;
                    commit(tx).await?;
                    Ok(created)
                }

                async fn complete_follow_up(&self, change: &Change, id: FollowUpId) -> Result<FollowUp, StoreError> {
                    let mut tx = begin(self).await?;
                    let before: FollowUp =
                        fetch(&mut *tx, FOLLOW_UP_COLUMNS, "follow_ups", Entity::FollowUp, id.0, $lock).await?;
                    if before.done_at.is_some() {
                        return Ok(before);
                    }
                    let after = FollowUp { done_at: Some(change.at()), updated_at: change.at(), ..before.clone() };
                    ::sqlx::query("UPDATE follow_ups SET done_at = $1, updated_at = $1 WHERE id = $2")
                        .bind(change.at())
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::FollowUp, error))?;
                    audit(
                        &mut tx,
                        change,
                        "complete",
                        Entity::FollowUp,
                        id.0,
                        Some(audit_json(&before)?),
                        Some(audit_json(&after)?),
                    )
                    .await?;
                    commit(tx).await?;
                    Ok(after)
                }

                async fn list_follow_ups(&self, case_id: CaseId) -> Result<Vec<FollowUp>, StoreError> {
                    ::sqlx::query_as(&format!(
                        "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups WHERE case_id = $1 ORDER BY due_at, id"
                    ))
                    .bind(case_id)
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::FollowUp, error))
                }

                async fn due_follow_ups(&self, due_by: DateTime<Utc>, limit: u32) -> Result<Vec<FollowUp>, StoreError> {
                    PageRequest::first(limit).validate()?;
                    ::sqlx::query_as(&format!(
                        "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups WHERE done_at IS NULL AND due_at <= $1 \
                         ORDER BY due_at, id LIMIT $2"
                    ))
                    .bind(due_by)
                    .bind(i64::from(limit))
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::FollowUp, error))
                }

                async fn record_survey_response(
                    &self,
                    change: &Change,
                    response: NewSurveyResponse,
                ) -> Result<SurveyResponse, StoreError> {
                    response.validate()?;
                    let mut tx = begin(self).await?;
                    require(&mut tx, "cases", "case_id", Entity::Case, response.case_id.0).await?;
                    let created: SurveyResponse = ::sqlx::query_as(&format!(
                        "INSERT INTO survey_responses (case_id, kind, score, comment, responded_at) \
                         VALUES ($1, $2, $3, $4, $5) RETURNING {SURVEY_RESPONSE_COLUMNS}"
                    ))
                    .bind(response.case_id)
                    .bind(response.kind.as_str())
                    .bind(response.score)
                    .bind(&response.comment)
                    .bind(change.at())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::SurveyResponse, error))?;
                    audit(
                        &mut tx,
                        change,
                        "create",
                        Entity::SurveyResponse,
                        created.id.0,
                        None,
                        Some(audit_json(&created)?),
                    )
                    .await?;
                    commit(tx).await?;
                    Ok(created)
                }

                async fn list_survey_responses(&self, case_id: CaseId) -> Result<Vec<SurveyResponse>, StoreError> {
                    ::sqlx::query_as(&format!(
                        "SELECT {SURVEY_RESPONSE_COLUMNS} FROM survey_responses WHERE case_id = $1 \
                         ORDER BY responded_at, id"
                    ))
                    .bind(case_id)
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::SurveyResponse, error))
                }
            }

            #[::async_trait::async_trait]
            impl $crate::AuditStore for $store {
                async fn list_audit(&self, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>, StoreError> {
                    page.validate()?;
                    let mut query = ::sqlx::QueryBuilder::<$db>::new(format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE 1 = 1"));
                    if let Some(entity) = filter.entity {
                        query.push(" AND entity = ").push_bind(entity.as_str());
                    }
                    if let Some(entity_id) = filter.entity_id {
                        query.push(" AND entity_id = ").push_bind(entity_id);
                    }
                    if let Some(after) = page.after {
                        query.push(" AND (at, id) < (").push_bind(after.at).push(", ").push_bind(after.id).push(")");
                    }
                    query.push(" ORDER BY at DESC, id DESC LIMIT ").push_bind(i64::from(page.limit) + 1);
                    let rows = query
                        .build_query_as::<AuditEntry>()
                        .fetch_all(self.reader())
                        .await
                        .map_err(|error| StoreError::Backend(Box::new(error)))?;
                    Ok(Page::from_rows(rows, page.limit, |entry: &AuditEntry| Cursor { at: entry.at, id: entry.id }))
                }
            }

            type IdempotencyRow = (String, String, String, Option<i32>, Option<Vec<u8>>, DateTime<Utc>);

            fn idempotency_record(row: IdempotencyRow) -> Result<IdempotencyRecord, StoreError> {
                let (scope, key, request_hash, status, body, created_at) = row;
                let response = match status {
                    Some(status) => Some(StoredResponse {
                        status: u16::try_from(status).map_err(StoreError::backend)?,
                        body: body.unwrap_or_default(),
                    }),
                    None => None,
                };
                Ok(IdempotencyRecord { scope, key, request_hash, response, created_at })
            }

            #[::async_trait::async_trait]
            impl $crate::IdempotencyStore for $store {
                async fn claim_idempotency_key(
                    &self,
                    scope: &str,
                    key: &str,
                    request_hash: &str,
                    at: DateTime<Utc>,
                ) -> Result<IdempotencyClaim, StoreError> {
                    let entity = Entity::IdempotencyKey;
                    let mut tx = begin(self).await?;
                    ::sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND created_at <= $3")
                        .bind(scope)
                        .bind(key)
                        .bind(at - IDEMPOTENCY_RETENTION)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| map_error(entity, error))?;
                    let claimed = ::sqlx::query(
                        "INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (scope, key) DO NOTHING",
                    )
                    .bind(scope)
                    .bind(key)
                    .bind(request_hash)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .map_err(|error| map_error(entity, error))?
                    .rows_affected()
                        == 1;
                    let claim = if claimed {
                        IdempotencyClaim::Claimed
                    } else {
                        let row: IdempotencyRow = ::sqlx::query_as(&format!(
                            "SELECT {IDEMPOTENCY_COLUMNS} FROM idempotency_keys WHERE scope = $1 AND key = $2"
                        ))
                        .bind(scope)
                        .bind(key)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(|error| map_error(entity, error))?;
                        IdempotencyClaim::Existing(idempotency_record(row)?)
                    };
                    commit(tx).await?;
                    Ok(claim)
                }

                async fn complete_idempotency_key(
                    &self,
                    scope: &str,
                    key: &str,
                    response: StoredResponse,
                ) -> Result<IdempotencyRecord, StoreError> {
                    let entity = Entity::IdempotencyKey;
                    let mut tx = begin(self).await?;
                    let row: Option<IdempotencyRow> = ::sqlx::query_as(&format!(
                        "UPDATE idempotency_keys SET response_status = $1, response_body = $2 \
                         WHERE scope = $3 AND key = $4 RETURNING {IDEMPOTENCY_COLUMNS}"
                    ))
                    .bind(i32::from(response.status))
                    .bind(&response.body)
                    .bind(scope)
                    .bind(key)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|error| map_error(entity, error))?;
                    let row = row.ok_or_else(|| StoreError::not_found(entity, format!("{scope}/{key}")))?;
                    commit(tx).await?;
                    idempotency_record(row)
                }

                async fn release_idempotency_key(&self, scope: &str, key: &str) -> Result<(), StoreError> {
                    let mut tx = begin(self).await?;
                    ::sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND response_status IS NULL")
                        .bind(scope)
                        .bind(key)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::IdempotencyKey, error))?;
                    commit(tx).await
                }

                async fn purge_idempotency_keys(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
                    let mut tx = begin(self).await?;
                    let purged = ::sqlx::query("DELETE FROM idempotency_keys WHERE created_at <= $1")
                        .bind(now - IDEMPOTENCY_RETENTION)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::IdempotencyKey, error))?
                        .rows_affected();
                    commit(tx).await?;
                    Ok(purged)
                }
            }
        };
    };
}
