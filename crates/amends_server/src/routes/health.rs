//! `/healthz` (the process answers) and `/readyz` (the store answers too).

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// The state of the server.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    /// `ok` or `ready`.
    pub status: &'static str,
    /// The store's backend (`sqlite` or `postgres`), on `/readyz`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<&'static str>,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, body = Health)))]
pub(crate) async fn healthz() -> Json<Health> {
    Json(Health { status: "ok", backend: None })
}

/// The process is up and its database answers.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, body = Health), (status = 503, body = Problem)))]
pub(crate) async fn readyz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.store.ping().await.map_err(|error| {
        tracing::warn!(%error, "readiness check failed");
        ApiError::Unavailable("the database does not answer".to_owned())
    })?;
    Ok(Json(Health { status: "ready", backend: Some(state.store.backend()) }))
}
