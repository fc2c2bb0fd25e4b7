//! The amends HTTP API: cases, customers, incidents and their messages over the store, and
//! the linter and composer of `amends_core`, served with axum.
//!
//! [`router`] builds the whole application from an [`AppState`], so tests call it in memory
//! without a socket; [`serve_with_listener`] serves it on a bound listener (port 0 in
//! end-to-end tests) until a shutdown signal, letting requests in flight finish.
//!
//! Every request gets an `x-request-id` (the client's, or a new one) that is echoed back and
//! recorded on the request's log span. Errors are `application/problem+json` (RFC 9457), see
//! [`ApiError`]. Under `/api/v1` a bearer token is required (see `auth`), each token is rate
//! limited, and a POST with an `Idempotency-Key` is handled at most once (see `idempotency`).

mod auth;
mod error;
mod extract;
mod idempotency;
mod openapi;
mod rate_limit;
mod routes;
mod serve;
mod state;

pub use amends_store::Clock;
pub use auth::TOKEN_CACHE_TTL;
pub use error::{ApiError, FieldError, Problem};
pub use openapi::ApiDoc;
pub use rate_limit::RateLimit;
pub use serve::{IDEMPOTENCY_PURGE_INTERVAL, router, serve_with_listener};
pub use state::{AppState, FeedbackLinks, ServerSettings, WorkflowSettings};
