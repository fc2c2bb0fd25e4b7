//! `/api/v1/cases/{id}/remedies`: what a customer is given to put things right. Managers
//! offer remedies; every role reads them.

use amends_store::model::{CaseId, NewRemedy, Remedy, RemedyKind, RemedyStatus, Role};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::vocabulary;
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, RecordId};
use crate::state::AppState;

/// A remedy, as the API returns it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RemedyView {
    /// Assigned by the server.
    pub id: i64,
    /// The case it puts right.
    pub case_id: i64,
    /// `refund`, `replacement`, `credit` or `discount`.
    #[schema(schema_with = vocabulary::remedy_kind)]
    pub kind: RemedyKind,
    /// The value in minor units of `currency`, when it has one.
    pub amount_minor: Option<i64>,
    /// ISO 4217 code, present exactly when `amount_minor` is.
    pub currency: Option<String>,
    /// The remedy in words.
    pub description: String,
    /// `offered`, `accepted`, `declined` or `fulfilled`.
    #[schema(schema_with = vocabulary::remedy_status)]
    pub status: RemedyStatus,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Remedy> for RemedyView {
    fn from(remedy: Remedy) -> Self {
        RemedyView {
            id: remedy.id.0,
            case_id: remedy.case_id.0,
            kind: remedy.kind,
            amount_minor: remedy.amount_minor,
            currency: remedy.currency,
            description: remedy.description,
            status: remedy.status,
            created_at: remedy.created_at,
            updated_at: remedy.updated_at,
        }
    }
}

/// A remedy to offer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewRemedyBody {
    /// `refund`, `replacement`, `credit` or `discount`.
    #[schema(schema_with = vocabulary::remedy_kind)]
    pub kind: RemedyKind,
    /// The value in minor units (cents for USD); with `currency`.
    #[serde(default)]
    pub amount_minor: Option<i64>,
    /// ISO 4217 code; with `amount_minor`.
    #[serde(default)]
    pub currency: Option<String>,
    /// The remedy in words.
    pub description: String,
}

/// Offers a remedy on a case (managers and admins).
#[utoipa::path(post, path = "/api/v1/cases/{id}/remedies", tag = "cases", params(("id" = i64, Path)),
    request_body = NewRemedyBody,
    responses((status = 201, body = RemedyView), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    ApiJson(body): ApiJson<NewRemedyBody>,
) -> Result<(StatusCode, Json<RemedyView>), ApiError> {
    caller.require(Role::Manager, "offering a remedy")?;
    let case = state.store.get_case(CaseId(id)).await?;
    let remedy = NewRemedy {
        case_id: case.id,
        kind: body.kind,
        amount_minor: body.amount_minor,
        currency: body.currency,
        description: body.description,
    };
    let remedy = state.store.create_remedy(&caller.change(&state), remedy).await?;
    Ok((StatusCode::CREATED, Json(remedy.into())))
}

/// A case's remedies, oldest first.
#[utoipa::path(get, path = "/api/v1/cases/{id}/remedies", tag = "cases", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<RemedyView>), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
) -> Result<Json<Vec<RemedyView>>, ApiError> {
    caller.require(Role::Agent, "reading remedies")?;
    let remedies = state.store.list_remedies(CaseId(id)).await?;
    Ok(Json(remedies.into_iter().map(RemedyView::from).collect()))
}
