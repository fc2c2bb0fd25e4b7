//! `Idempotency-Key` on POST: a retried request replays the first response.
//!
//! The key is scoped to the API token, so clients cannot collide. The request is fingerprinted
//! by method, path and body (SHA-256). Outcomes:
//! - a new key: the request runs; its response (unless 5xx) is stored for replay;
//! - the same key and fingerprint, finished: the stored status and body, with
//!   `Idempotent-Replayed: true`;
//! - the same key, another fingerprint: 422;
//! - the same key while the first request still runs: 409.
//!
//! A 5xx response releases the key, so a retry can run. Keys are kept 24 hours
//! ([`IDEMPOTENCY_RETENTION`](amends_store::model::IDEMPOTENCY_RETENTION)).
//!
//! The imports (`/imports/...`) are outside this middleware: their bodies stream and are
//! never buffered to hash, and re-importing a file changes nothing, so a key is ignored there.

use amends_store::model::{IdempotencyClaim, StoredResponse};
use axum::body::{Body, to_bytes};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::auth::Caller;
use crate::error::{ApiError, PROBLEM_JSON};
use crate::state::AppState;

/// The request header naming the key.
pub(crate) const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// The response header marking a replay.
pub(crate) const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
/// The longest key accepted.
const MAX_KEY_LENGTH: usize = 255;

/// The middleware; runs after [`authenticate`](crate::auth::authenticate).
pub(crate) async fn idempotency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST || !request.headers().contains_key(&IDEMPOTENCY_KEY) {
        return next.run(request).await;
    }
    match handle(&state, request, next).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn handle(state: &AppState, request: Request, next: Next) -> Result<Response, ApiError> {
    let key = key_of(&request)?;
    let caller =
        request.extensions().get::<Caller>().ok_or_else(|| ApiError::Unauthorized("no bearer token".into()))?;
    let scope = format!("token:{}", caller.token_id.0);
    let (parts, body) = request.into_parts();
    let limit = state.settings.body_limit;
    let body = to_bytes(body, limit).await.map_err(|_| ApiError::TooLarge(limit))?;
    // Inside the nested `/api/v1` router the URI has lost its prefix; fingerprint the full path.
    let path = parts.extensions.get::<OriginalUri>().map_or_else(|| parts.uri.path(), |original| original.path());
    let fingerprint = fingerprint(&parts.method, path, &body);
    let claim = state.store.claim_idempotency_key(&scope, &key, &fingerprint, state.clock.now()).await?;
    if let IdempotencyClaim::Existing(record) = claim {
        if record.request_hash != fingerprint {
            return Err(ApiError::invalid(
                "Idempotency-Key",
                "this key was used with another request; use a new key for a new request",
            ));
        }
        let Some(stored) = record.response else {
            return Err(ApiError::Conflict("a request with this Idempotency-Key is still being handled".into()));
        };
        return Ok(replay(stored));
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    if response.status().is_server_error() {
        state.store.release_idempotency_key(&scope, &key).await?;
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let bytes = match to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            state.store.release_idempotency_key(&scope, &key).await?;
            return Err(ApiError::Internal(format!("reading the response to store it: {error}")));
        }
    };
    let stored = StoredResponse { status: parts.status.as_u16(), body: bytes.to_vec() };
    state.store.complete_idempotency_key(&scope, &key, stored).await?;
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

fn key_of(request: &Request) -> Result<String, ApiError> {
    let invalid =
        || ApiError::invalid("Idempotency-Key", format!("must be 1 to {MAX_KEY_LENGTH} visible ASCII characters"));
    let value = request.headers().get(&IDEMPOTENCY_KEY).ok_or_else(invalid)?;
    let key = value.to_str().map_err(|_| invalid())?;
    if key.is_empty() || key.len() > MAX_KEY_LENGTH || !key.bytes().all(|byte| byte.is_ascii_graphic()) {
        return Err(invalid());
    }
    Ok(key.to_owned())
}

fn fingerprint(method: &Method, path: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_str().as_bytes());
    hasher.update(b" ");
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    hasher.update(body);
    hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The stored response again. Every POST answers JSON: a problem for errors.
fn replay(stored: StoredResponse) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_success() { "application/json" } else { PROBLEM_JSON };
    let mut response = (status, stored.body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response.headers_mut().insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_method_path_and_body_apart() {
        let base = fingerprint(&Method::POST, "/api/v1/cases", b"{}");
        assert_eq!(base, fingerprint(&Method::POST, "/api/v1/cases", b"{}"));
        assert_ne!(base, fingerprint(&Method::POST, "/api/v1/customers", b"{}"));
        assert_ne!(base, fingerprint(&Method::POST, "/api/v1/cases", b"{ }"));
        assert_ne!(base, fingerprint(&Method::PATCH, "/api/v1/cases", b"{}"));
    }
}
