//! Idempotency keys.

/// Implements [`IdempotencyStore`](crate::IdempotencyStore) for a sqlx backend.
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_idempotency_store {
    ($store:ty, $db:ty, $lock:literal) => {
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
}
