//! `/api/v1/cases`: complaints and their message threads.
//!
//! An inbound message is read by `amends_core::listen::analyze`: its sentiment (VADER's
//! compound, -1 to 1) is stored on the message, and the case's priority is raised, never
//! lowered, to what the reading suggests ([`PriorityHint`]):
//!
//! | reading | priority at least |
//! | --- | --- |
//! | churn risk, a legal or public escalation, or intensity ≥ 0.8 | `urgent` |
//! | intensity ≥ 0.5, a deadline, or a repeat contact | `high` |
//! | anything else | unchanged |

use amends_core::listen::{PriorityHint, analyze};
use amends_store::model::{
    Case, CaseFilter, CaseId, CasePatch, CaseStatus, Channel, CustomerId, Direction, FirstMessage, IncidentId, Message,
    NewCase, NewMessage, Priority, Role, UserId,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::vocabulary;
use super::{CaseListQuery, PageQuery, nullable, page_of};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiQuery, RecordId};
use crate::state::AppState;

/// A case, as the API returns it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CaseView {
    /// Assigned by the server.
    pub id: i64,
    /// Whose complaint it is.
    pub customer_id: i64,
    /// The channel, such as `email`, `letter`, `chat` or `sms`.
    #[schema(schema_with = vocabulary::channel)]
    pub channel: Channel,
    /// `low`, `normal`, `high` or `urgent`.
    #[schema(schema_with = vocabulary::priority)]
    pub priority: Priority,
    /// `new`, `open`, `pending`, `resolved` or `closed`.
    #[schema(schema_with = vocabulary::case_status)]
    pub status: CaseStatus,
    /// The user working it.
    pub owner_id: Option<i64>,
    /// The incident that caused it.
    pub incident_id: Option<i64>,
    /// What it is about.
    pub subject: String,
    /// When the first answer is due.
    pub first_response_due: Option<DateTime<Utc>>,
    /// When it must be resolved.
    pub resolution_due: Option<DateTime<Utc>>,
    /// When the first outbound message was recorded.
    pub first_responded_at: Option<DateTime<Utc>>,
    /// When it was last resolved or closed.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed (a new message counts).
    pub updated_at: DateTime<Utc>,
}

impl From<Case> for CaseView {
    fn from(case: Case) -> Self {
        CaseView {
            id: case.id.0,
            customer_id: case.customer_id.0,
            channel: case.channel,
            priority: case.priority,
            status: case.status,
            owner_id: case.owner_id.map(|id| id.0),
            incident_id: case.incident_id.map(|id| id.0),
            subject: case.subject,
            first_response_due: case.first_response_due,
            resolution_due: case.resolution_due,
            first_responded_at: case.first_responded_at,
            resolved_at: case.resolved_at,
            created_at: case.created_at,
            updated_at: case.updated_at,
        }
    }
}

/// A message of a case's thread.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MessageView {
    /// Assigned by the server.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// `inbound` (from the customer) or `outbound`.
    #[schema(schema_with = vocabulary::direction)]
    pub direction: Direction,
    /// The text.
    pub body: String,
    /// Sentiment from -1 (angry) to 1 (delighted), for inbound messages.
    pub sentiment: Option<f64>,
    /// When it was sent or received.
    pub sent_at: DateTime<Utc>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

impl From<Message> for MessageView {
    fn from(message: Message) -> Self {
        MessageView {
            id: message.id.0,
            case_id: message.case_id.0,
            direction: message.direction,
            body: message.body,
            sentiment: message.sentiment,
            sent_at: message.sent_at,
            created_at: message.created_at,
        }
    }
}

/// A case with its thread, oldest message first.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CaseDetail {
    /// The case.
    #[serde(flatten)]
    pub case: CaseView,
    /// Its messages, oldest first.
    pub messages: Vec<MessageView>,
}

/// A case to open.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewCaseBody {
    /// Whose complaint it is.
    pub customer_id: i64,
    /// Where the conversation happens.
    #[schema(schema_with = vocabulary::channel)]
    pub channel: Channel,
    /// How urgent it is; `normal` when absent. An inbound first message may raise it.
    #[serde(default)]
    #[schema(schema_with = vocabulary::optional_priority)]
    pub priority: Option<Priority>,
    /// The user working it.
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// The incident that caused it.
    #[serde(default)]
    pub incident_id: Option<i64>,
    /// What it is about.
    pub subject: String,
    /// When the first answer is due; by default the SLA's target for the priority, counted
    /// in the team's business hours (`[sla]`, `[calendar]`).
    #[serde(default)]
    pub first_response_due: Option<DateTime<Utc>>,
    /// When it must be resolved; by default the SLA's target for the priority.
    #[serde(default)]
    pub resolution_due: Option<DateTime<Utc>>,
    /// The customer's message that opened it, recorded in the same transaction.
    #[serde(default)]
    pub first_message: Option<FirstMessageBody>,
}

/// The customer's message a case opens with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FirstMessageBody {
    /// The text.
    pub body: String,
    /// When it was received; now when absent.
    #[serde(default)]
    pub sent_at: Option<DateTime<Utc>>,
}

/// Changes to a case: absent fields stay, `null` clears the optional ones.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CasePatchBody {
    /// A new status.
    #[serde(default)]
    #[schema(schema_with = vocabulary::optional_case_status)]
    pub status: Option<CaseStatus>,
    /// A new priority.
    #[serde(default)]
    #[schema(schema_with = vocabulary::optional_priority)]
    pub priority: Option<Priority>,
    /// A new owner, or `null`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub owner_id: Option<Option<i64>>,
    /// A new incident, or `null`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub incident_id: Option<Option<i64>>,
    /// A new subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// A new first-response deadline, or `null`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub first_response_due: Option<Option<DateTime<Utc>>>,
    /// A new resolution deadline, or `null`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub resolution_due: Option<Option<DateTime<Utc>>>,
}

/// A message to add to a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewMessageBody {
    /// `inbound` (from the customer) or `outbound` (to them).
    #[schema(schema_with = vocabulary::direction)]
    pub direction: Direction,
    /// The text.
    pub body: String,
    /// When it was sent or received; now when absent.
    #[serde(default)]
    pub sent_at: Option<DateTime<Utc>>,
}

/// The recorded message, and what reading it did to the case.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MessageAdded {
    /// The message, with its sentiment for inbound ones.
    pub message: MessageView,
    /// The case's priority after the message.
    #[schema(schema_with = vocabulary::priority)]
    pub case_priority: Priority,
    /// Whether the message raised the case's priority.
    pub priority_raised: bool,
}

page_of!(
    /// A page of cases.
    CasePage,
    CaseView
);

/// The priority a reading asks for at least, if any.
fn floor_of(hint: PriorityHint) -> Option<Priority> {
    match hint {
        PriorityHint::Normal => None,
        PriorityHint::High => Some(Priority::High),
        PriorityHint::Urgent => Some(Priority::Urgent),
    }
}

/// `current` raised to the reading's floor; never lowered.
fn raised(current: Priority, hint: PriorityHint) -> Priority {
    floor_of(hint).map_or(current, |floor| current.max(floor))
}

/// Opens a case, with the customer's first message when given.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = NewCaseBody,
    responses((status = 201, body = CaseDetail), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewCaseBody>,
) -> Result<(StatusCode, Json<CaseDetail>), ApiError> {
    caller.require(Role::Agent, "opening a case")?;
    let change = caller.change(&state);
    let mut priority = body.priority.unwrap_or(Priority::Normal);
    let first_message = body.first_message.map(|first| {
        let reading = analyze(&first.body, &state.taxonomy);
        priority = raised(priority, reading.priority_hint());
        FirstMessage {
            body: first.body,
            sentiment: Some(reading.sentiment.compound),
            sent_at: first.sent_at.unwrap_or(change.at()),
        }
    });
    // Deadlines not given are the SLA's for the priority, in the team's business hours.
    let workflow = &state.workflow;
    let due = workflow.sla.due_times(sla_priority(priority), change.at(), &workflow.calendar);
    let case = NewCase {
        customer_id: CustomerId(body.customer_id),
        channel: body.channel,
        priority,
        owner_id: body.owner_id.map(UserId),
        incident_id: body.incident_id.map(IncidentId),
        subject: body.subject,
        first_response_due: body.first_response_due.or(Some(due.first_response)),
        resolution_due: body.resolution_due.or(Some(due.resolution)),
        first_message,
    };
    let opened = state.store.open_case(&change, case).await?;
    let messages = opened.first_message.map(MessageView::from).into_iter().collect();
    Ok((StatusCode::CREATED, Json(CaseDetail { case: opened.case.into(), messages })))
}

/// The SLA's name for a stored priority.
fn sla_priority(priority: Priority) -> amends_core::sla::Priority {
    match priority {
        Priority::Urgent => amends_core::sla::Priority::Urgent,
        Priority::High => amends_core::sla::Priority::High,
        Priority::Normal => amends_core::sla::Priority::Normal,
        Priority::Low => amends_core::sla::Priority::Low,
    }
}

fn into_views(messages: Vec<Message>) -> Vec<MessageView> {
    messages.into_iter().map(MessageView::from).collect()
}

/// One case with its message thread.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", params(("id" = i64, Path)),
    responses((status = 200, body = CaseDetail), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
) -> Result<Json<CaseDetail>, ApiError> {
    caller.require(Role::Agent, "reading cases")?;
    let case = state.store.get_case(CaseId(id)).await?;
    let messages = state.store.list_messages(case.id).await?;
    Ok(Json(CaseDetail { case: case.into(), messages: into_views(messages) }))
}

/// Changes a case.
#[utoipa::path(patch, path = "/api/v1/cases/{id}", tag = "cases", params(("id" = i64, Path)),
    request_body = CasePatchBody,
    responses((status = 200, body = CaseView), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn update(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    ApiJson(body): ApiJson<CasePatchBody>,
) -> Result<Json<CaseView>, ApiError> {
    caller.require(Role::Agent, "changing a case")?;
    let patch = CasePatch {
        status: body.status,
        priority: body.priority,
        owner_id: body.owner_id.map(|owner| owner.map(UserId)),
        incident_id: body.incident_id.map(|incident| incident.map(IncidentId)),
        subject: body.subject,
        first_response_due: body.first_response_due,
        resolution_due: body.resolution_due,
    };
    Ok(Json(state.store.update_case(&caller.change(&state), CaseId(id), patch).await?.into()))
}

/// Cases matching the filters, most recently changed first.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CaseListQuery),
    responses((status = 200, body = CasePage), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<CaseListQuery>,
) -> Result<Json<CasePage>, ApiError> {
    caller.require(Role::Agent, "reading cases")?;
    let filter = CaseFilter {
        status: query.status,
        priority: query.priority,
        owner_id: query.owner.map(UserId),
        incident_id: query.incident.map(IncidentId),
        customer_id: query.customer.map(CustomerId),
        updated_since: query.updated_since,
    };
    let page = PageQuery { cursor: query.cursor, limit: query.limit }.page()?;
    Ok(Json(state.store.list_cases(&filter, page).await?.into()))
}

/// Adds a message to a case's thread; an inbound one is read for sentiment and urgency.
#[utoipa::path(post, path = "/api/v1/cases/{id}/messages", tag = "cases", params(("id" = i64, Path)),
    request_body = NewMessageBody,
    responses((status = 201, body = MessageAdded), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn add_message(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    ApiJson(body): ApiJson<NewMessageBody>,
) -> Result<(StatusCode, Json<MessageAdded>), ApiError> {
    caller.require(Role::Agent, "adding a message")?;
    let change = caller.change(&state);
    let case = state.store.get_case(CaseId(id)).await?;
    let reading = (body.direction == Direction::Inbound).then(|| analyze(&body.body, &state.taxonomy));
    let message = NewMessage {
        case_id: case.id,
        direction: body.direction,
        body: body.body,
        sentiment: reading.as_ref().map(|reading| reading.sentiment.compound),
        sent_at: body.sent_at.unwrap_or(change.at()),
    };
    let message = state.store.add_message(&change, message).await?;
    let target = reading.map_or(case.priority, |reading| raised(case.priority, reading.priority_hint()));
    let priority_raised = target != case.priority;
    if priority_raised {
        let patch = CasePatch { priority: Some(target), ..CasePatch::default() };
        state.store.update_case(&change, case.id, patch).await?;
    }
    let added = MessageAdded { message: message.into(), case_priority: target, priority_raised };
    Ok((StatusCode::CREATED, Json(added)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_raise_priority_and_never_lower_it() {
        assert_eq!(raised(Priority::Low, PriorityHint::Normal), Priority::Low);
        assert_eq!(raised(Priority::Normal, PriorityHint::High), Priority::High);
        assert_eq!(raised(Priority::Normal, PriorityHint::Urgent), Priority::Urgent);
        assert_eq!(raised(Priority::Urgent, PriorityHint::High), Priority::Urgent);
    }
}
