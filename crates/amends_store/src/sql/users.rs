//! Users and API tokens.

/// Implements [`UserStore`](crate::UserStore) for a sqlx backend.
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_user_store {
    ($store:ty, $db:ty, $lock:literal) => {
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
                audit_created(&mut tx, change, Entity::User, created.id.0, &created).await?;
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
                audit_changed(&mut tx, change, "update", Entity::User, id.0, &before, &after).await?;
                commit(tx).await?;
                Ok(after)
            }

            async fn list_users(&self, page: PageRequest) -> Result<Page<User>, StoreError> {
                let key = updated_key(|user: &User| (user.updated_at, user.id.0));
                page_of(self.reader(), USER_COLUMNS, "users", Entity::User, page, key).await
            }

            async fn create_api_token(&self, change: &Change, token: NewApiToken) -> Result<ApiToken, StoreError> {
                let token = token.normalized()?;
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
                audit_created(&mut tx, change, Entity::ApiToken, created.id.0, &created).await?;
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
                audit_changed(&mut tx, change, "revoke", Entity::ApiToken, id.0, &before, &after).await?;
                commit(tx).await?;
                Ok(after)
            }

            async fn list_api_tokens(&self, user_id: UserId) -> Result<Vec<ApiToken>, StoreError> {
                must_exist(self.reader(), "users", Entity::User, user_id.0).await?;
                ::sqlx::query_as(&format!(
                    "SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC"
                ))
                .bind(user_id)
                .fetch_all(self.reader())
                .await
                .map_err(|error| map_error(Entity::ApiToken, error))
            }
        }
    };
}
