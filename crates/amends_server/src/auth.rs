//! Bearer tokens, roles and the per-token rate limit.
//!
//! [`authenticate`] runs before every `/api/v1` handler: it finds the token by its hash,
//! refuses missing, unknown and revoked tokens and disabled users (401), spends one request
//! of the token's budget (429), and leaves the [`Caller`] in the request's extensions.
//!
//! A token that passed is remembered for [`TOKEN_CACHE_TTL`] ([`TokenCache`]), which saves
//! two reads per request. Revoking a token through this server's API forgets it at once; a
//! change this process does not see (a revocation through another instance sharing the
//! database, a user disabled or given another role in the database) applies within that bound.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

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
    let hash = hash_token(token);
    let now = Instant::now();
    if let Some(caller) = state.tokens.get(&hash, now) {
        return Ok(caller);
    }
    let generation = state.tokens.generation();
    let api_token = match state.store.find_api_token(&hash).await {
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
    let caller = Caller { user, token_id: api_token.id };
    state.tokens.put(hash, caller.clone(), now, generation);
    Ok(caller)
}

/// How long a token that passed is trusted without reading the database again: the longest a
/// revocation or a user change made outside this process takes to apply here.
pub const TOKEN_CACHE_TTL: Duration = Duration::from_secs(1);

/// Tokens remembered at most; a full cache drops its expired entries, or all of them.
const TOKEN_CACHE_CAPACITY: usize = 10_000;

/// The callers of tokens that recently passed, by token hash. Only successes are kept.
#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    inner: Mutex<CacheState>,
}

#[derive(Debug, Default)]
struct CacheState {
    callers: HashMap<String, (Caller, Instant)>,
    /// Counts the forgetting, so that a lookup which raced with it stores nothing stale.
    generation: u64,
}

impl TokenCache {
    fn state(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The caller of the token with `hash`, if it passed less than [`TOKEN_CACHE_TTL`] before `now`.
    fn get(&self, hash: &str, now: Instant) -> Option<Caller> {
        let state = self.state();
        let (caller, checked) = state.callers.get(hash)?;
        (now.saturating_duration_since(*checked) < TOKEN_CACHE_TTL).then(|| caller.clone())
    }

    /// Read before looking a token up in the database, and handed back to [`put`](Self::put).
    fn generation(&self) -> u64 {
        self.state().generation
    }

    /// Remembers that `caller`'s token passed at `now`, unless something was forgotten since
    /// `generation` was read.
    fn put(&self, hash: String, caller: Caller, now: Instant, generation: u64) {
        let mut state = self.state();
        if state.generation != generation {
            return;
        }
        if state.callers.len() >= TOKEN_CACHE_CAPACITY {
            state.callers.retain(|_, (_, checked)| now.saturating_duration_since(*checked) < TOKEN_CACHE_TTL);
            if state.callers.len() >= TOKEN_CACHE_CAPACITY {
                state.callers.clear();
            }
        }
        state.callers.insert(hash, (caller, now));
    }

    /// Forgets the token `id`: called once its revocation has committed.
    pub(crate) fn forget_token(&self, id: ApiTokenId) {
        let mut state = self.state();
        state.generation += 1;
        state.callers.retain(|_, (caller, _)| caller.token_id != id);
    }
}

#[cfg(test)]
mod tests {
    use amends_store::model::UserId;
    use chrono::DateTime;

    use super::*;

    fn caller(token: i64) -> Caller {
        let at = DateTime::UNIX_EPOCH;
        let user = User {
            id: UserId(1),
            email: "agent@shop.example".to_owned(),
            display_name: "Agent".to_owned(),
            role: Role::Agent,
            password_hash: String::new(),
            disabled_at: None,
            created_at: at,
            updated_at: at,
        };
        Caller { user, token_id: ApiTokenId(token) }
    }

    #[test]
    fn a_token_is_trusted_for_the_ttl_only() {
        let cache = TokenCache::default();
        let start = Instant::now();
        assert!(cache.get("a", start).is_none());
        cache.put("a".to_owned(), caller(7), start, cache.generation());
        assert_eq!(cache.get("a", start + TOKEN_CACHE_TTL / 2).map(|caller| caller.token_id), Some(ApiTokenId(7)));
        assert!(cache.get("a", start + TOKEN_CACHE_TTL).is_none(), "expired: read the database again");
    }

    #[test]
    fn forgetting_a_token_is_immediate_and_beats_a_racing_lookup() {
        let cache = TokenCache::default();
        let start = Instant::now();
        cache.put("a".to_owned(), caller(7), start, cache.generation());
        cache.put("b".to_owned(), caller(8), start, cache.generation());
        let before_revocation = cache.generation();
        cache.forget_token(ApiTokenId(7));
        assert!(cache.get("a", start).is_none());
        assert!(cache.get("b", start).is_some(), "other tokens stay");
        cache.put("a".to_owned(), caller(7), start, before_revocation);
        assert!(cache.get("a", start).is_none(), "a lookup that started before the revocation stores nothing");
    }
}
