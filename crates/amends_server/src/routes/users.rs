//! `/api/v1/users` and their tokens: admins only.

use amends_store::model::{ApiToken, ApiTokenId, NewApiToken, NewUser, Role, User, UserId};
use amends_store::secret::{hash_password, hash_token, new_token};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::vocabulary;
use super::{PageQuery, page_of};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiQuery, RecordId};
use crate::state::AppState;

/// A user, as the API returns it: never the password hash.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UserView {
    /// Assigned by the server.
    pub id: i64,
    /// Their email, lowercased.
    pub email: String,
    /// The name shown for them.
    pub display_name: String,
    /// `agent`, `manager` or `admin`.
    #[schema(schema_with = vocabulary::role)]
    pub role: Role,
    /// When they were disabled.
    pub disabled_at: Option<DateTime<Utc>>,
    /// When they were created.
    pub created_at: DateTime<Utc>,
    /// When they last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        UserView {
            id: user.id.0,
            email: user.email,
            display_name: user.display_name,
            role: user.role,
            disabled_at: user.disabled_at,
            created_at: user.created_at,
            updated_at: user.updated_at,
        }
    }
}

/// A user to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewUserBody {
    /// Their email.
    pub email: String,
    /// `agent`, `manager` or `admin`.
    #[schema(schema_with = vocabulary::role)]
    pub role: Role,
    /// The name shown for them; the email when absent.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Their password; only its Argon2id hash is kept.
    pub password: String,
}

/// A token to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewTokenBody {
    /// What the token is for.
    pub name: String,
}

/// An API token's record; the secret itself only in [`CreatedToken`].
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TokenView {
    /// Assigned by the server.
    pub id: i64,
    /// The user it acts for.
    pub user_id: i64,
    /// What it is for.
    pub name: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiToken> for TokenView {
    fn from(token: ApiToken) -> Self {
        TokenView {
            id: token.id.0,
            user_id: token.user_id.0,
            name: token.name,
            created_at: token.created_at,
            revoked_at: token.revoked_at,
        }
    }
}

/// A new token: the secret is shown here once and never again.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CreatedToken {
    /// The token's record.
    #[serde(flatten)]
    pub record: TokenView,
    /// The secret to send as `Authorization: Bearer <token>`.
    pub token: String,
}

page_of!(
    /// A page of users.
    UserPage,
    UserView
);

/// Creates a user (admins).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserBody,
    responses((status = 201, body = UserView), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewUserBody>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    caller.require(Role::Admin, "creating a user")?;
    // Argon2 is slow on purpose: hash off the async workers so other requests keep flowing.
    let password = body.password;
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|error| ApiError::Internal(format!("hashing a password: {error}")))??;
    let user = NewUser {
        display_name: body.display_name.unwrap_or_else(|| body.email.clone()),
        email: body.email,
        role: body.role,
        password_hash,
    };
    let user = state.store.create_user(&caller.change(&state), user).await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}

/// Users, most recently changed first (admins).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(PageQuery),
    responses((status = 200, body = UserPage), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<UserPage>, ApiError> {
    caller.require(Role::Admin, "listing users")?;
    Ok(Json(state.store.list_users(query.page()?).await?.into()))
}

/// Creates a token for a user and shows it once (admins).
#[utoipa::path(post, path = "/api/v1/users/{id}/tokens", tag = "users", params(("id" = i64, Path)),
    request_body = NewTokenBody,
    responses((status = 201, body = CreatedToken), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    ApiJson(body): ApiJson<NewTokenBody>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    caller.require(Role::Admin, "creating a token")?;
    let user = state.store.get_user(UserId(id)).await?;
    let token = new_token();
    let record = NewApiToken { user_id: user.id, name: body.name, token_hash: hash_token(&token) };
    let record = state.store.create_api_token(&caller.change(&state), record).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { record: record.into(), token })))
}

/// Revokes a token (admins); revoking twice keeps the first instant.
#[utoipa::path(post, path = "/api/v1/tokens/{id}/revoke", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = TokenView), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
) -> Result<Json<TokenView>, ApiError> {
    caller.require(Role::Admin, "revoking a token")?;
    let revoked = state.store.revoke_api_token(&caller.change(&state), ApiTokenId(id)).await?;
    state.tokens.forget_token(revoked.id);
    Ok(Json(revoked.into()))
}
