//! The one error type of the API, and its RFC 9457 problem document.

use std::time::Duration;

use amends_store::StoreError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One input field at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Where, as a path into the request (`time_zone`, `contacts[0].kind`, `facts.fix.eta`);
    /// empty for the whole body.
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
}

impl FieldError {
    /// A reason for `field`.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldError { field: field.into(), reason: reason.into() }
    }
}

/// An RFC 9457 problem document: the body of every error response.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem, such as `/problems/validation`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// The kind of problem, in a few words; the same for every problem of the type.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// This occurrence, in a sentence.
    pub detail: String,
    /// The fields at fault, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The linter's report, when the compose gate refused a message.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub report: Option<serde_json::Value>,
}

/// Why a request failed. Client errors keep their detail; internal ones become a generic
/// 500 and are logged once, inside the request's span.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body or query is not well-formed (bad JSON syntax, bad UTF-8, a bad header).
    #[error("{0}")]
    Malformed(String),
    /// Well-formed input with values that are not acceptable.
    #[error("the request has invalid fields")]
    Invalid(Vec<FieldError>),
    /// No credentials, or credentials that do not open anything.
    #[error("{0}")]
    Unauthorized(String),
    /// The caller's role does not allow the action.
    #[error("{0}")]
    Forbidden(String),
    /// The record or route does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The route exists but not with this method.
    #[error("this route does not accept this method")]
    MethodNotAllowed,
    /// The change collides with existing data or with a request in flight.
    #[error("{0}")]
    Conflict(String),
    /// The body's media type is not one the route reads; the message names those it does.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The body is larger than the configured limit.
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    /// The token spent its rate limit.
    #[error("too many requests; retry after {} s", retry_after_seconds(*.0))]
    RateLimited(Duration),
    /// The compose gate refused the message: the report says why.
    #[error("the lint gate refused the message (score {score})")]
    GateRefused {
        /// The report's score.
        score: u8,
        /// The linter's report.
        report: serde_json::Value,
    },
    /// The database does not answer.
    #[error("the store is not ready: {0}")]
    Unavailable(String),
    /// A failure of ours; the message is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

fn retry_after_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

impl ApiError {
    /// One invalid field.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ApiError::Invalid(vec![FieldError::new(field, reason)])
    }

    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Malformed(_) => StatusCode::BAD_REQUEST,
            ApiError::Invalid(_) | ApiError::GateRefused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::Malformed(_) => ("malformed-request", "Malformed request"),
            ApiError::Invalid(_) => ("validation", "Invalid fields"),
            ApiError::Unauthorized(_) => ("unauthorized", "Unauthorized"),
            ApiError::Forbidden(_) => ("forbidden", "Forbidden"),
            ApiError::NotFound(_) => ("not-found", "Not found"),
            ApiError::MethodNotAllowed => ("method-not-allowed", "Method not allowed"),
            ApiError::Conflict(_) => ("conflict", "Conflict"),
            ApiError::UnsupportedMediaType(_) => ("unsupported-media-type", "Unsupported media type"),
            ApiError::TooLarge(_) => ("body-too-large", "Request body too large"),
            ApiError::RateLimited(_) => ("rate-limited", "Too many requests"),
            ApiError::GateRefused { .. } => ("gate-refused", "The lint gate refused the message"),
            ApiError::Unavailable(_) => ("unavailable", "Service unavailable"),
            ApiError::Internal(_) => ("internal", "Internal server error"),
        }
    }

    /// The problem document sent for this error.
    pub fn problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let detail = match self {
            ApiError::Internal(_) => {
                "the server failed; the request id in the response headers finds it in the logs".to_owned()
            }
            other => other.to_string(),
        };
        let (errors, report) = match self {
            ApiError::Invalid(errors) => (errors.clone(), None),
            ApiError::GateRefused { report, .. } => (Vec::new(), Some(report.clone())),
            _ => (Vec::new(), None),
        };
        Problem {
            problem_type: format!("/problems/{slug}"),
            title: title.to_owned(),
            status: self.status().as_u16(),
            detail,
            errors,
            report,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { .. } => ApiError::NotFound(error.to_string()),
            StoreError::Conflict { .. } => ApiError::Conflict(error.to_string()),
            StoreError::Invalid { field, reason } => ApiError::invalid(field, reason),
            StoreError::Backend(_) => ApiError::Internal(error.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(message) = &self {
            tracing::error!(error = %message, "request failed");
        }
        let status = self.status();
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        match &self {
            ApiError::Unauthorized(_) => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::RateLimited(wait) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds(*wait)));
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_keep_their_meaning() {
        let invalid = ApiError::from(StoreError::invalid("time_zone", "unknown"));
        assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid.problem().errors, vec![FieldError::new("time_zone", "unknown")]);
        let backend = ApiError::from(StoreError::backend("disk full"));
        assert_eq!(backend.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!backend.problem().detail.contains("disk"), "internals never leak");
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_seconds(Duration::from_millis(10)), 1);
        assert_eq!(retry_after_seconds(Duration::from_secs(2)), 2);
    }
}
