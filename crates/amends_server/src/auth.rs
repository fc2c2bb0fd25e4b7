//! Bearer tokens, roles and the per-token rate limit.
//!
//! [`authenticate`] runs before every `/api/v1` handler: it finds the token by its hash,
//! refuses missing, unknown and revoked tokens and disabled users (401), spends one request
//! of the token's budget (429), and leaves the [`Caller`] in the request's extensions.

use std::time::Instant;

use amends_store::model::{ApiTokenId, Role, User};
use amends_store::secret::hash_token;
use amends_store::{Change, StoreError};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::ApiError;
use crate::state::AppState;

/// Who is calling: the token's user.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The user the token belongs to.
    pub user: User,
    /// The token used.
    pub token_id: ApiTokenId,
}

impl Caller {
    /// Refuses with 403 unless the caller's role is at least `role` (agent < manager < admin).
    pub(crate) fn require(&self, role: Role, action: &str) -> Result<(), ApiError> {
        if self.user.role >= role {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!("{action} needs the {role} role; this token's user is {}", self.user.role)))
        }
    }

    /// A change by this caller at the clock's instant: the audit log records `user:ID`.
    pub(crate) fn change(&self, state: &AppState) -> Change {
        Change::new(format!("user:{}", self.user.id.0), state.clock.now())
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Caller>().cloned().ok_or_else(|| ApiError::Unauthorized("no bearer token".to_owned()))
    }
}

/// The middleware that authenticates and rate-limits every request it wraps.
pub(crate) async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let caller = caller_of(&state, request.headers().get(AUTHORIZATION)).await?;
    state.limiter.take(caller.token_id.0, Instant::now()).map_err(ApiError::RateLimited)?;
    request.extensions_mut().insert(caller);
    Ok(next.run(request).await)
}

async fn caller_of(state: &AppState, header: Option<&axum::http::HeaderValue>) -> Result<Caller, ApiError> {
    let header = header.ok_or_else(|| ApiError::Unauthorized("send `Authorization: Bearer <token>`".to_owned()))?;
    let token = header
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or_else(|| ApiError::Unauthorized("the Authorization header is not `Bearer <token>`".to_owned()))?;
    let invalid = || ApiError::Unauthorized("the token is not valid".to_owned());
    let api_token = match state.store.find_api_token(&hash_token(token)).await {
        Ok(api_token) => api_token,
        Err(StoreError::NotFound { .. }) => return Err(invalid()),
        Err(error) => return Err(error.into()),
    };
    if api_token.revoked_at.is_some() {
        return Err(ApiError::Unauthorized("the token was revoked".to_owned()));
    }
    let user = state.store.get_user(api_token.user_id).await?;
    if user.disabled_at.is_some() {
        return Err(ApiError::Unauthorized("the token's user is disabled".to_owned()));
    }
    Ok(Caller { user, token_id: api_token.id })
}
