//! `/api/v1/incidents`: failures that hit many customers, and who they hit. Managers only
//! change them; every role reads them.

use amends_store::model::{CustomerId, Incident, IncidentFields, IncidentId, IncidentStatus, Role, Severity};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::customers::CustomerPage;
use super::vocabulary;
use super::{PageQuery, nullable, page_of};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiQuery, RecordId};
use crate::state::AppState;

/// An incident, as the API returns it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IncidentView {
    /// Assigned by the server.
    pub id: i64,
    /// What went wrong, in a line.
    pub title: String,
    /// The root-cause category, such as `carrier`.
    pub root_cause: String,
    /// `low`, `medium`, `high` or `critical`.
    #[schema(schema_with = vocabulary::severity)]
    pub severity: Severity,
    /// `investigating`, `identified`, `monitoring` or `resolved`.
    #[schema(schema_with = vocabulary::incident_status)]
    pub status: IncidentStatus,
    /// When the failure began.
    pub started_at: DateTime<Utc>,
    /// When it was over.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Incident> for IncidentView {
    fn from(incident: Incident) -> Self {
        IncidentView {
            id: incident.id.0,
            title: incident.title,
            root_cause: incident.root_cause,
            severity: incident.severity,
            status: incident.status,
            started_at: incident.started_at,
            resolved_at: incident.resolved_at,
            created_at: incident.created_at,
            updated_at: incident.updated_at,
        }
    }
}

/// An incident to declare.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewIncidentBody {
    /// What went wrong, in a line.
    pub title: String,
    /// The root-cause category.
    pub root_cause: String,
    /// `low`, `medium`, `high` or `critical`.
    #[schema(schema_with = vocabulary::severity)]
    pub severity: Severity,
    /// `investigating`, `identified`, `monitoring` or `resolved`.
    #[schema(schema_with = vocabulary::incident_status)]
    pub status: IncidentStatus,
    /// When the failure began.
    pub started_at: DateTime<Utc>,
    /// When it was over.
    #[serde(default)]
    pub resolved_at: Option<DateTime<Utc>>,
}

/// Changes to an incident: absent fields stay, `null` clears `resolved_at`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IncidentPatchBody {
    /// A new title.
    #[serde(default)]
    pub title: Option<String>,
    /// A new root-cause category.
    #[serde(default)]
    pub root_cause: Option<String>,
    /// A new severity.
    #[serde(default)]
    #[schema(schema_with = vocabulary::optional_severity)]
    pub severity: Option<Severity>,
    /// A new status.
    #[serde(default)]
    #[schema(schema_with = vocabulary::optional_incident_status)]
    pub status: Option<IncidentStatus>,
    /// A new start.
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    /// A new end, or `null`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub resolved_at: Option<Option<DateTime<Utc>>>,
}

/// Customers to add to an incident's affected set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AffectedBody {
    /// Their ids; those already in the set are skipped.
    pub customer_ids: Vec<i64>,
}

/// What adding affected customers did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AffectedAdded {
    /// How many were new to the set.
    pub added: u64,
}

page_of!(
    /// A page of incidents.
    IncidentPage,
    IncidentView
);

/// Declares an incident (managers and admins).
#[utoipa::path(post, path = "/api/v1/incidents", tag = "incidents", request_body = NewIncidentBody,
    responses((status = 201, body = IncidentView), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewIncidentBody>,
) -> Result<(StatusCode, Json<IncidentView>), ApiError> {
    caller.require(Role::Manager, "declaring an incident")?;
    let fields = IncidentFields {
        title: body.title,
        root_cause: body.root_cause,
        severity: body.severity,
        status: body.status,
        started_at: body.started_at,
        resolved_at: body.resolved_at,
    };
    let incident = state.store.create_incident(&caller.change(&state), fields).await?;
    Ok((StatusCode::CREATED, Json(incident.into())))
}

/// One incident.
#[utoipa::path(get, path = "/api/v1/incidents/{id}", tag = "incidents", params(("id" = i64, Path)),
    responses((status = 200, body = IncidentView), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
) -> Result<Json<IncidentView>, ApiError> {
    caller.require(Role::Agent, "reading incidents")?;
    Ok(Json(state.store.get_incident(IncidentId(id)).await?.into()))
}

/// Changes an incident (managers and admins).
#[utoipa::path(patch, path = "/api/v1/incidents/{id}", tag = "incidents", params(("id" = i64, Path)),
    request_body = IncidentPatchBody,
    responses((status = 200, body = IncidentView), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn update(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    ApiJson(patch): ApiJson<IncidentPatchBody>,
) -> Result<Json<IncidentView>, ApiError> {
    caller.require(Role::Manager, "changing an incident")?;
    let current = state.store.get_incident(IncidentId(id)).await?;
    let fields = IncidentFields {
        title: patch.title.unwrap_or(current.title),
        root_cause: patch.root_cause.unwrap_or(current.root_cause),
        severity: patch.severity.unwrap_or(current.severity),
        status: patch.status.unwrap_or(current.status),
        started_at: patch.started_at.unwrap_or(current.started_at),
        resolved_at: patch.resolved_at.unwrap_or(current.resolved_at),
    };
    Ok(Json(state.store.update_incident(&caller.change(&state), IncidentId(id), fields).await?.into()))
}

/// Incidents, most recently changed first.
#[utoipa::path(get, path = "/api/v1/incidents", tag = "incidents", params(PageQuery),
    responses((status = 200, body = IncidentPage), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<IncidentPage>, ApiError> {
    caller.require(Role::Agent, "reading incidents")?;
    Ok(Json(state.store.list_incidents(query.page()?).await?.into()))
}

/// Adds customers to an incident's affected set (managers and admins).
#[utoipa::path(post, path = "/api/v1/incidents/{id}/affected", tag = "incidents", params(("id" = i64, Path)),
    request_body = AffectedBody,
    responses((status = 200, body = AffectedAdded), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn add_affected(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    ApiJson(body): ApiJson<AffectedBody>,
) -> Result<Json<AffectedAdded>, ApiError> {
    caller.require(Role::Manager, "adding affected customers")?;
    let customers: Vec<CustomerId> = body.customer_ids.into_iter().map(CustomerId).collect();
    let added = state.store.add_affected_customers(&caller.change(&state), IncidentId(id), &customers).await?;
    Ok(Json(AffectedAdded { added }))
}

/// The customers an incident affected, most recently added first.
#[utoipa::path(get, path = "/api/v1/incidents/{id}/affected", tag = "incidents", params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = CustomerPage), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn list_affected(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<CustomerPage>, ApiError> {
    caller.require(Role::Agent, "reading affected customers")?;
    Ok(Json(state.store.list_affected_customers(IncidentId(id), query.page()?).await?.into()))
}
