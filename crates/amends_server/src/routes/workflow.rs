//! The workflow contract: replies that go out, resolutions that schedule follow-ups, and the
//! job queue that carries both (`docs/workflow.md`).
//!
//! A reply or follow-up is stored and queued in one transaction. Its job key is unique per
//! recipient and message, so posting the same reply twice queues one email, and its
//! Message-ID is derived from the same parts, so a re-send after a crash is recognisable.

use amends_core::compose::{ComposeError, ComposeRequest, Form, message_id};
use amends_core::sla::follow_up_due;
use amends_delivery::Email;
use amends_store::model::{
    CaseId, Channel, ContactKind, Customer, Direction, Enqueued, FollowUp, Job, JobFilter, JobId, JobKind, JobState,
    NewFollowUp, NewJob, NewMessage, Role, purpose,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::cases::{CaseView, MessageView};
use super::feedback::sign_links;
use super::text::{facts_errors, read_facts};
use super::{JobListQuery, page_of};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiQuery, RecordId};
use crate::state::AppState;

/// `POST /cases/{id}/replies`: the text to send, or the facts to compose it from.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReplyBody {
    /// The reply as written by the agent. Give this or `facts`.
    #[serde(default)]
    pub text: Option<String>,
    /// The email's subject with `text`; `Re: <case subject>` when absent.
    #[serde(default)]
    pub subject: Option<String>,
    /// The composer's facts object (docs/facts.md): the reply is composed and lint-gated.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub facts: Option<serde_json::Value>,
    /// The form composed from `facts`: `apology` (default), `update`, `resolution`, `follow-up`.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "apology")]
    pub form: Option<Form>,
    /// Queue the reply for delivery by email (after the quiet period); `false` only records it.
    #[serde(default)]
    pub send: bool,
}

/// A recorded reply and, when sent, its queued delivery.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReplyView {
    /// The outbound message, now in the thread.
    pub message: MessageView,
    /// The delivery job; `null` when not sent.
    pub job: Option<JobView>,
}

/// `POST /cases/{id}/resolve`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResolveBody {
    /// Schedule a follow-up (default `true`).
    #[serde(default)]
    pub follow_up: Option<bool>,
    /// The composer's facts: the follow-up email is composed from them (form `follow-up`) and
    /// queued for its due time. Without facts the follow-up is scheduled for a person to do.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub facts: Option<serde_json::Value>,
}

/// A resolved case and what was scheduled.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ResolutionView {
    /// The case, now `resolved`.
    pub case: CaseView,
    /// The follow-up scheduled, if any.
    pub follow_up: Option<FollowUpView>,
    /// The job that will send it, when it is sent automatically.
    pub job: Option<JobView>,
}

/// A scheduled check-back.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FollowUpView {
    /// Assigned by the server.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// Who follows up.
    pub owner_id: Option<i64>,
    /// When (RFC 3339, UTC), inside the customer's business hours.
    pub due_at: DateTime<Utc>,
    /// What to check.
    pub note: Option<String>,
    /// `scheduled`, `done` or `cancelled`.
    pub state: String,
    /// When it was done.
    pub done_at: Option<DateTime<Utc>>,
    /// When it was called off (the case was reopened, closed, or resolved again).
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The job that sends it, when automatic.
    pub job_id: Option<i64>,
}

impl From<FollowUp> for FollowUpView {
    fn from(follow_up: FollowUp) -> Self {
        let state = match (follow_up.done_at, follow_up.cancelled_at) {
            (Some(_), _) => "done",
            (None, Some(_)) => "cancelled",
            (None, None) => "scheduled",
        };
        FollowUpView {
            id: follow_up.id.0,
            case_id: follow_up.case_id.0,
            owner_id: follow_up.owner_id.map(|owner| owner.0),
            due_at: follow_up.due_at,
            note: follow_up.note,
            state: state.to_owned(),
            done_at: follow_up.done_at,
            cancelled_at: follow_up.cancelled_at,
            job_id: follow_up.job_id.map(|job| job.0),
        }
    }
}

/// A queued outgoing message.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct JobView {
    /// Assigned by the server.
    pub id: i64,
    /// `email` or `webhook`.
    pub kind: String,
    /// `reply`, `follow_up` or `escalation`.
    pub purpose: String,
    /// Unique per message.
    pub key: String,
    /// The case, when one.
    pub case_id: Option<i64>,
    /// `queued`, `running`, `done`, `dead` or `cancelled`.
    pub state: String,
    /// Claims so far.
    pub attempts: i32,
    /// Claims allowed before the dead letter.
    pub max_attempts: i32,
    /// Not sent before this instant.
    pub run_at: DateTime<Utc>,
    /// The worker holding it while running.
    pub lease_owner: Option<String>,
    /// Why the last attempt failed (the mail server's words).
    pub last_error: Option<String>,
    /// The email's Message-ID or the webhook's id: the same on every attempt.
    pub message_id: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was sent, dead-lettered or cancelled.
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<Job> for JobView {
    fn from(job: Job) -> Self {
        let message_id = ["message_id", "id"]
            .iter()
            .find_map(|field| job.payload.get(field).and_then(serde_json::Value::as_str))
            .map(str::to_owned);
        JobView {
            id: job.id.0,
            kind: job.kind.to_string(),
            purpose: job.purpose,
            key: job.key,
            case_id: job.case_id.map(|case| case.0),
            state: job.state.to_string(),
            attempts: job.attempts,
            max_attempts: job.max_attempts,
            run_at: job.run_at,
            lease_owner: job.lease_owner,
            last_error: job.last_error,
            message_id,
            created_at: job.created_at,
            updated_at: job.updated_at,
            finished_at: job.finished_at,
        }
    }
}

impl From<Enqueued> for JobView {
    fn from(enqueued: Enqueued) -> Self {
        match enqueued {
            Enqueued::Queued(job) | Enqueued::Existing(job) => job.into(),
        }
    }
}

page_of!(
    /// A page of jobs.
    JobPage,
    JobView
);

/// Records an outbound reply and, with `"send": true`, queues it by email to the customer;
/// while the customer is still writing, it waits for the quiet period.
#[utoipa::path(post, path = "/api/v1/cases/{id}/replies", tag = "workflow", params(("id" = i64, Path)),
    request_body = ReplyBody,
    responses((status = 201, body = ReplyView),
        (status = 422, description = "Neither or both of text and facts; invalid facts; the lint gate refused the \
            composed reply; no email address to send to", body = Problem),
        (status = "4XX", body = Problem)),
    security(("bearer" = [])))]
pub(crate) async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    ApiJson(body): ApiJson<ReplyBody>,
) -> Result<(StatusCode, Json<ReplyView>), ApiError> {
    caller.require(Role::Agent, "replying")?;
    let change = caller.change(&state);
    let case = state.store.get_case(CaseId(id)).await?;
    let customer = state.store.get_customer(case.customer_id).await?;
    let recipient = email_address(&customer);
    let recipient_key = recipient.clone().unwrap_or_else(|| customer.external_id.clone());
    let (form, subject, text, html) = match (body.text, body.facts) {
        (Some(text), None) => {
            let subject = body.subject.unwrap_or_else(|| format!("Re: {}", case.subject));
            (None, subject, text, None)
        }
        (None, Some(facts)) => {
            let form = body.form.unwrap_or_default();
            let (subject, text, html) = compose(&state, &facts, form, &recipient_key)?;
            let (text, html) = signed(&state, text, html, id, customer.id.0, change.at());
            (Some(form), subject.unwrap_or_else(|| format!("Re: {}", case.subject)), text, html)
        }
        _ => return Err(ApiError::invalid("text", "give either `text` or `facts`, not both and not neither")),
    };
    let now = change.at();
    let mut deliveries = Vec::new();
    if body.send {
        let Some(recipient) = recipient else {
            return Err(ApiError::invalid(
                "send",
                format!("customer {} has no email contact point to send to; add one or send with `false`", customer.id),
            ));
        };
        let last_inbound = state
            .store
            .list_messages(case.id)
            .await?
            .into_iter()
            .filter(|message| message.direction == Direction::Inbound)
            .map(|message| message.sent_at)
            .max();
        let send_after = last_inbound.map_or(now, |last| (last + state.workflow.quiet_period).max(now));
        let reference = format!("case-{id}-{}", digest(&[subject.as_str(), text.as_str()]));
        let email = outgoing(&state, &recipient, form.unwrap_or(Form::Apology), &reference, subject, &text, html, id);
        deliveries.push(email_job(
            purpose::REPLY,
            format!("reply:{reference}:{recipient}"),
            case.id,
            &email,
            send_after,
        )?);
    }
    let message =
        NewMessage { case_id: case.id, direction: Direction::Outbound, body: text, sentiment: None, sent_at: now };
    let (message, mut jobs) = state.store.reply(&change, message, deliveries).await?;
    let view = ReplyView { message: message.into(), job: jobs.pop().map(Into::into) };
    Ok((StatusCode::CREATED, Json(view)))
}

/// Resolves a case and schedules its follow-up 1–2 business days later, inside the
/// customer's business hours; composed and queued when `facts` are given.
#[utoipa::path(post, path = "/api/v1/cases/{id}/resolve", tag = "workflow", params(("id" = i64, Path)),
    request_body = ResolveBody,
    responses((status = 200, body = ResolutionView), (status = "4XX", body = Problem)),
    security(("bearer" = [])))]
pub(crate) async fn resolve(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    ApiJson(body): ApiJson<ResolveBody>,
) -> Result<Json<ResolutionView>, ApiError> {
    caller.require(Role::Agent, "resolving a case")?;
    let change = caller.change(&state);
    let case = state.store.get_case(CaseId(id)).await?;
    let customer = state.store.get_customer(case.customer_id).await?;
    let follow_up = if body.follow_up.unwrap_or(true) {
        let zone = customer.time_zone.parse().map_err(|_| {
            ApiError::invalid("time_zone", format!("customer {} has an unknown time zone", customer.id))
        })?;
        let workflow = &state.workflow;
        let seed = u64::try_from(id).unwrap_or_default();
        let due_at = follow_up_due(change.at(), &workflow.calendar, zone, workflow.follow_up_days, seed);
        let job = match (&body.facts, email_address(&customer)) {
            (Some(facts), Some(recipient)) => {
                let (subject, text, html) = compose(&state, facts, Form::FollowUp, &recipient)?;
                let (text, html) = signed(&state, text, html, id, customer.id.0, due_at);
                let subject = subject.unwrap_or_else(|| format!("Checking in: {}", case.subject));
                let reference = format!("case-{id}-resolved-{}", change.at().timestamp_micros());
                let email = outgoing(&state, &recipient, Form::FollowUp, &reference, subject, &text, html, id);
                Some(email_job(
                    purpose::FOLLOW_UP,
                    format!("follow_up:{reference}:{recipient}"),
                    case.id,
                    &email,
                    due_at,
                )?)
            }
            (Some(_), None) => {
                return Err(ApiError::invalid(
                    "facts",
                    format!(
                        "customer {} has no email contact point for the follow-up; add one or omit `facts`",
                        customer.id
                    ),
                ));
            }
            (None, _) => None,
        };
        let note = "Check the fix held, and ask how we did.".to_owned();
        let new = NewFollowUp {
            case_id: case.id,
            owner_id: case.owner_id,
            channel: Channel::Email,
            due_at,
            note: Some(note),
        };
        Some((new, job))
    } else {
        None
    };
    let resolution = state.store.resolve_case(&change, case.id, follow_up).await?;
    Ok(Json(ResolutionView {
        case: resolution.case.into(),
        follow_up: resolution.follow_up.map(Into::into),
        job: resolution.job.map(Into::into),
    }))
}

/// A case's follow-ups, earliest due first, with their state.
#[utoipa::path(get, path = "/api/v1/cases/{id}/follow-ups", tag = "workflow", params(("id" = i64, Path)),
    responses((status = 200, body = [FollowUpView]), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn follow_ups(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
) -> Result<Json<Vec<FollowUpView>>, ApiError> {
    caller.require(Role::Agent, "reading follow-ups")?;
    let follow_ups = state.store.list_follow_ups(CaseId(id)).await?;
    Ok(Json(follow_ups.into_iter().map(Into::into).collect()))
}

/// An SLA deadline at risk or missed, as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EscalationView {
    /// Assigned by the server.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// `first_response_at_risk`, `first_response_breached`, `resolution_at_risk` or `resolution_breached`.
    pub kind: String,
    /// The deadline.
    pub due_at: DateTime<Utc>,
    /// When it was recorded (and the team told).
    pub recorded_at: DateTime<Utc>,
}

/// A case's SLA escalations, oldest first: each deadline at risk or missed is recorded once.
#[utoipa::path(get, path = "/api/v1/cases/{id}/escalations", tag = "workflow", params(("id" = i64, Path)),
    responses((status = 200, body = [EscalationView]), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn escalations(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
) -> Result<Json<Vec<EscalationView>>, ApiError> {
    caller.require(Role::Agent, "reading escalations")?;
    let escalations = state.store.list_escalations(CaseId(id)).await?;
    Ok(Json(
        escalations
            .into_iter()
            .map(|escalation| EscalationView {
                id: escalation.id,
                case_id: escalation.case_id.0,
                kind: escalation.kind.to_string(),
                due_at: escalation.due_at,
                recorded_at: escalation.recorded_at,
            })
            .collect(),
    ))
}

/// Jobs, most recently changed first; `?state=dead` is the dead letter.
#[utoipa::path(get, path = "/api/v1/jobs", tag = "workflow", params(JobListQuery),
    responses((status = 200, body = JobPage), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn list_jobs(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<JobListQuery>,
) -> Result<Json<JobPage>, ApiError> {
    caller.require(Role::Manager, "reading the job queue")?;
    let job_state = query
        .state
        .as_deref()
        .map(str::parse::<JobState>)
        .transpose()
        .map_err(|error| ApiError::invalid("state", error.to_string()))?;
    let filter = JobFilter { state: job_state, case_id: query.case.map(CaseId) };
    let page = super::PageQuery { cursor: query.cursor, limit: query.limit }.page()?;
    Ok(Json(state.store.list_jobs(&filter, page).await?.into()))
}

/// Queues a dead (or cancelled) job again with fresh attempts.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/retry", tag = "workflow", params(("id" = i64, Path)),
    responses((status = 200, body = JobView),
        (status = 422, description = "The job is not dead or cancelled", body = Problem),
        (status = "4XX", body = Problem)),
    security(("bearer" = [])))]
pub(crate) async fn retry_job(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
) -> Result<Json<JobView>, ApiError> {
    caller.require(Role::Manager, "retrying a job")?;
    let change = caller.change(&state);
    Ok(Json(state.store.retry_job(&change, JobId(id)).await?.into()))
}

/// The customer's first email address.
fn email_address(customer: &Customer) -> Option<String> {
    customer.contacts.iter().find(|contact| contact.kind == ContactKind::Email).map(|contact| contact.value.clone())
}

/// Subject, text and HTML composed from `facts` as `form` by email, through the lint gate.
fn compose(
    state: &AppState,
    facts: &serde_json::Value,
    form: Form,
    recipient_key: &str,
) -> Result<(Option<String>, String, Option<String>), ApiError> {
    let facts = read_facts(facts)?;
    let request =
        ComposeRequest { form, channel: Some(amends_core::channel::Channel::Email), recipient_key, today: None };
    match state.composer.compose(&facts, &request) {
        Ok(message) => Ok((message.subject, message.text, message.html)),
        Err(ComposeError::GateRefused { report, .. }) => Err(ApiError::GateRefused {
            score: report.score,
            report: serde_json::to_value(&report).map_err(|error| ApiError::Internal(error.to_string()))?,
        }),
        Err(ComposeError::MissingFacts { errors, .. }) => Err(facts_errors(errors)),
        Err(error @ ComposeError::Template { .. }) => Err(ApiError::Internal(error.to_string())),
    }
}

/// `text` and `html` with their link tokens replaced by signed links valid from `from`.
fn signed(
    state: &AppState,
    text: String,
    html: Option<String>,
    case: i64,
    customer: i64,
    from: DateTime<Utc>,
) -> (String, Option<String>) {
    let links = &state.workflow.links;
    let text = sign_links(&text, links, case, customer, from);
    (text, html.map(|html| sign_links(&html, links, case, customer, from)))
}

/// The email to `recipient`, with the Message-ID every attempt of it carries.
#[expect(clippy::too_many_arguments, reason = "the parts of one email, each named")]
fn outgoing(
    state: &AppState,
    recipient: &str,
    form: Form,
    reference: &str,
    subject: String,
    text: &str,
    html: Option<String>,
    case: i64,
) -> Email {
    let id = message_id(recipient, form, reference, &state.workflow.message_id_domain);
    Email {
        message_id: id.trim_start_matches('<').trim_end_matches('>').to_owned(),
        from: state.workflow.mail_from.clone(),
        to: vec![recipient.to_owned()],
        reply_to: None,
        subject,
        text: text.to_owned(),
        html,
        headers: vec![("X-Amends-Case".to_owned(), case.to_string())],
    }
}

fn email_job(
    purpose: &str,
    key: String,
    case: CaseId,
    email: &Email,
    run_at: DateTime<Utc>,
) -> Result<NewJob, ApiError> {
    let payload = serde_json::to_value(email).map_err(|error| ApiError::Internal(error.to_string()))?;
    Ok(NewJob {
        kind: JobKind::Email,
        purpose: purpose.to_owned(),
        key,
        case_id: Some(case),
        payload,
        run_at,
        max_attempts: None,
    })
}

/// A short, stable digest of `parts`: the same reply gets the same key and Message-ID.
fn digest(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().iter().take(8).map(|byte| format!("{byte:02x}")).collect()
}
