//! `POST /api/v1/lint` and `POST /api/v1/compose`: the core's linter and composer, answering
//! the same JSON as `amends lint --format json` (one report) and `amends compose --format json`.

use amends_core::channel::Channel;
use amends_core::compose::{ComposeError, ComposeRequest, Form};
use amends_core::facts::{CaseFacts, FactsErrors};
use amends_core::lint::LintInput;
use amends_core::text::SourceKind;
use amends_store::model::Role;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::ApiJson;
use crate::state::AppState;

/// A message to lint.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LintBody {
    /// The message text.
    pub text: String,
    /// The channel it is sent on; the facts' channel, else the linter's default, when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "email")]
    pub channel: Option<Channel>,
    /// The case facts, which turn on the case-context rules (CX4xx); see `docs/facts.md`.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub facts: Option<serde_json::Value>,
}

/// A message to compose from case facts.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ComposeBody {
    /// The case facts.
    #[schema(value_type = Object)]
    pub facts: serde_json::Value,
    /// The channel; the facts' channel when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "email")]
    pub channel: Option<Channel>,
    /// The kind of message: `apology` when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "apology")]
    pub form: Option<Form>,
    /// A stable key of the recipient, which chooses the phrasing; the customer's email,
    /// else their name, when absent.
    #[serde(default)]
    pub recipient_key: Option<String>,
}

/// Reads facts given as JSON; each problem is a field error under `facts.`.
pub(crate) fn read_facts(value: &serde_json::Value) -> Result<CaseFacts, ApiError> {
    CaseFacts::from_json(&value.to_string()).map_err(facts_errors)
}

pub(crate) fn facts_errors(errors: FactsErrors) -> ApiError {
    ApiError::Invalid(
        errors
            .0
            .into_iter()
            .map(|error| {
                let field = if error.path.is_empty() { "facts".to_owned() } else { format!("facts.{}", error.path) };
                FieldError::new(field, error.message)
            })
            .collect(),
    )
}

/// Lints one message: the linter's report, as `amends lint --format json` prints it.
#[utoipa::path(post, path = "/api/v1/lint", tag = "text", request_body = LintBody,
    responses((status = 200, description = "The linter's report (see docs/linter.md)", body = Object),
        (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn lint(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<LintBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    caller.require(Role::Agent, "linting")?;
    let facts = body.facts.as_ref().map(read_facts).transpose()?;
    let channel = body.channel.or(facts.as_ref().map(|facts| facts.channel));
    let report = state.linter.lint(&LintInput {
        text: &body.text,
        path: None,
        channel,
        kind: SourceKind::Plain,
        facts: facts.as_ref(),
        known_words: &[],
    });
    Ok(Json(to_json(&report)?))
}

fn to_json(value: &impl serde::Serialize) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value).map_err(|error| ApiError::Internal(format!("serializing a response: {error}")))
}

/// Composes, lints and gates one message, as `amends compose --format json` prints it.
#[utoipa::path(post, path = "/api/v1/compose", tag = "text", request_body = ComposeBody,
    responses(
        (status = 200, description = "`{channel, form, subject, text, html, lint}`", body = Object),
        (status = 422, description = "Invalid facts, or the lint gate refused the message (`report` says why)",
            body = Problem),
        (status = "4XX", body = Problem)),
    security(("bearer" = [])))]
pub(crate) async fn compose(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ComposeBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    caller.require(Role::Agent, "composing")?;
    let facts = read_facts(&body.facts)?;
    let recipient_key =
        body.recipient_key.or_else(|| facts.customer.email.clone()).unwrap_or_else(|| facts.customer.name.clone());
    let request = ComposeRequest {
        form: body.form.unwrap_or_default(),
        channel: body.channel,
        recipient_key: &recipient_key,
        today: None,
    };
    match state.composer.compose(&facts, &request) {
        Ok(message) => Ok(Json(to_json(&message)?)),
        Err(ComposeError::GateRefused { report, .. }) => {
            Err(ApiError::GateRefused { score: report.score, report: to_json(&report)? })
        }
        Err(ComposeError::MissingFacts { errors, .. }) => Err(facts_errors(errors)),
        Err(error @ ComposeError::Template { .. }) => Err(ApiError::Internal(error.to_string())),
    }
}
