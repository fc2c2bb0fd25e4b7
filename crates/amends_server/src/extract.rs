//! Extractors whose rejections are problem documents: a malformed body, a wrong type, an
//! unknown field or an oversized body is a 4xx [`ApiError`], never axum's plain-text reply.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::ApiError;
use crate::state::AppState;

/// A JSON request body. Syntax errors (bad JSON, bad UTF-8, a truncated body) are 400;
/// a value of the wrong type, a missing or unknown field is 422 naming the field's path.
#[derive(Debug)]
pub(crate) struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge(state.settings.body_limit)
            } else {
                ApiError::Malformed(rejection.body_text())
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses a whole JSON document into `T`, with the error of [`ApiJson`].
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match inner.classify() {
            Category::Data => ApiError::invalid(field_path(&path), inner.to_string()),
            Category::Syntax | Category::Eof | Category::Io => {
                ApiError::Malformed(format!("the body is not valid JSON: {inner}"))
            }
        }
    })?;
    deserializer.end().map_err(|error| ApiError::Malformed(format!("the body is not valid JSON: {error}")))?;
    Ok(value)
}

/// `serde_path_to_error` writes the root as `.`; a problem names it as the empty path.
fn field_path(path: &str) -> String {
    if path == "." { String::new() } else { path.to_owned() }
}

/// A query string. A value that does not parse is 422 naming the parameter when known.
#[derive(Debug)]
pub(crate) struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_path_to_error::deserialize(form_pairs(query))
            .map(ApiQuery)
            .map_err(|error| ApiError::invalid(field_path(&error.path().to_string()), error.into_inner().to_string()))
    }
}

fn form_pairs(query: &str) -> serde_urlencoded::Deserializer<'_> {
    serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()))
}

/// The numeric id in a route such as `/cases/{id}`. Anything else names no record: 404.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for RecordId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::Malformed(rejection.body_text()))?;
        id.parse().map(RecordId).map_err(|_| ApiError::NotFound(format!("`{id}` is not a record id")))
    }
}
