//! The router and the server loop.

use std::future::Future;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::HeaderName;
use axum::routing::{get, post};
use axum::{Router, middleware};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::auth::authenticate;
use crate::error::ApiError;
use crate::idempotency::idempotency;
use crate::openapi;
use crate::routes::{cases, customers, feedback, health, imports, incidents, remedies, text, users, workflow};
use crate::state::AppState;

/// How often expired idempotency keys are deleted while serving.
pub const IDEMPOTENCY_PURGE_INTERVAL: Duration = Duration::from_secs(15 * 60);

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application over `state`: call it in memory in tests, or serve it.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/customers", post(customers::create).get(customers::list))
        .route("/customers/{id}", get(customers::get).patch(customers::update))
        .route("/cases", post(cases::create).get(cases::list))
        .route("/cases/{id}", get(cases::get).patch(cases::update))
        .route("/cases/{id}/messages", post(cases::add_message))
        .route("/cases/{id}/remedies", post(remedies::create).get(remedies::list))
        .route("/cases/{id}/replies", post(workflow::reply))
        .route("/cases/{id}/resolve", post(workflow::resolve))
        .route("/cases/{id}/follow-ups", get(workflow::follow_ups))
        .route("/cases/{id}/escalations", get(workflow::escalations))
        .route("/jobs", get(workflow::list_jobs))
        .route("/jobs/{id}/retry", post(workflow::retry_job))
        .route("/incidents", post(incidents::create).get(incidents::list))
        .route("/incidents/{id}", get(incidents::get).patch(incidents::update))
        .route("/incidents/{id}/affected", post(incidents::add_affected).get(incidents::list_affected))
        .route("/lint", post(text::lint))
        .route("/compose", post(text::compose))
        .route("/users", post(users::create).get(users::list))
        .route("/users/{id}/tokens", post(users::create_token))
        .route("/tokens/{id}/revoke", post(users::revoke_token))
        .layer(middleware::from_fn_with_state(state.clone(), idempotency))
        // Imports stream their bodies: past the idempotency layer, which would buffer them.
        .merge(imports::router())
        .layer(middleware::from_fn_with_state(state.clone(), authenticate))
        .route("/openapi.json", get(openapi::document));
    let body_limit = state.settings.body_limit;
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/feedback/{token}", get(feedback::show).post(feedback::answer))
        .nest("/api/v1", api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
        )
}

fn request_span(request: &Request) -> tracing::Span {
    let request_id = request.headers().get(&REQUEST_ID).and_then(|value| value.to_str().ok()).unwrap_or_default();
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".to_owned())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Serves the application on `listener` until `shutdown` completes; requests in flight then
/// finish before this returns. Expired idempotency keys are purged every
/// [`IDEMPOTENCY_PURGE_INTERVAL`] meanwhile.
pub async fn serve_with_listener(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let purger = tokio::spawn(purge_idempotency_keys(state.clone()));
    let served = axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await;
    purger.abort();
    served
}

async fn purge_idempotency_keys(state: AppState) {
    let mut ticks = tokio::time::interval(IDEMPOTENCY_PURGE_INTERVAL);
    loop {
        ticks.tick().await;
        match state.store.purge_idempotency_keys(state.clock.now()).await {
            Ok(purged) => tracing::debug!(purged, "purged expired idempotency keys"),
            Err(error) => tracing::warn!(%error, "purging idempotency keys failed"),
        }
    }
}
