//! The public feedback pages behind signed links: `GET /feedback/{token}` shows the question
//! (or the remedy to confirm), `POST /feedback/{token}` records the answer and thanks the
//! customer. No bearer token: the signed link is the permission. A forged, expired or
//! already-used link gets a plain refusal page and changes nothing.
//!
//! Answering is a POST behind a button, never the GET itself: mail scanners open links in
//! emails, and opening a link must not answer for the customer.

use amends_core::links::{LinkClaims, LinkError, Purpose, sign, verify};
use amends_store::StoreError;
use amends_store::model::{CaseId, LinkAnswer, LinkAnswerKind, NewSurveyResponse, Remedy, SurveyKind};
use axum::extract::{Path, RawForm, State};
use axum::http::StatusCode;
use axum::response::Html;
use chrono::{DateTime, Utc};

use crate::state::{AppState, FeedbackLinks};

/// A page and its status.
type Page = (StatusCode, Html<String>);

/// `GET /feedback/{token}`: the question, or a refusal.
pub(crate) async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Page {
    let claims = match check(&state, &token) {
        Ok(claims) => claims,
        Err(refusal) => return refusal,
    };
    match claims.purpose {
        Purpose::Csat | Purpose::Nps => {
            let range = claims.purpose.score_range().unwrap_or(0..=0);
            let question = match claims.purpose {
                Purpose::Nps => "How likely are you to recommend us to a friend? (0 = not at all, 10 = very)",
                _ => "How satisfied are you with how we handled this? (1 = not at all, 5 = very)",
            };
            let buttons: String = range
                .map(|score| format!(r#"<button type="submit" name="score" value="{score}">{score}</button> "#))
                .collect();
            page(StatusCode::OK, "One question", &format!(r#"<p>{question}</p><form method="post">{buttons}</form>"#))
        }
        Purpose::RemedyChoice => match chosen_remedy(&state, &claims).await {
            Ok(remedy) => page(
                StatusCode::OK,
                "Confirm your choice",
                &format!(
                    r#"<p>You are choosing: <strong>{}</strong>.</p>
<form method="post"><button type="submit">Confirm this choice</button></form>"#,
                    escape(&remedy.description)
                ),
            ),
            Err(refusal) => refusal,
        },
    }
}

/// `POST /feedback/{token}`: records the answer (`score=N` for a survey), or refuses.
pub(crate) async fn answer(State(state): State<AppState>, Path(token): Path<String>, RawForm(form): RawForm) -> Page {
    let claims = match check(&state, &token) {
        Ok(claims) => claims,
        Err(refusal) => return refusal,
    };
    let Some(case_id) = claims.case_id.parse().ok().map(CaseId) else { return not_valid() };
    let kind = match claims.purpose {
        Purpose::Csat | Purpose::Nps => {
            let score = form_urlencoded::parse(&form)
                .find(|(name, _)| name == "score")
                .and_then(|(_, value)| value.parse::<u8>().ok());
            let Some(score) = score.and_then(|score| claims.purpose.check_score(score).ok()) else {
                return page(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Pick a score",
                    "<p>Please go back and pick one of the scores.</p>",
                );
            };
            let kind = if claims.purpose == Purpose::Nps { SurveyKind::Nps } else { SurveyKind::Csat };
            LinkAnswerKind::Survey(NewSurveyResponse { case_id, kind, score: score.into(), comment: None })
        }
        Purpose::RemedyChoice => match chosen_remedy(&state, &claims).await {
            Ok(remedy) => LinkAnswerKind::RemedyChoice { case_id, remedy_id: remedy.id },
            Err(refusal) => return refusal,
        },
    };
    let nonce = claims.single_use().then(|| claims.nonce());
    let change = amends_store::Change::new(format!("customer:{}", claims.recipient_id), state.clock.now());
    match state.store.answer_link(&change, LinkAnswer { nonce, kind }).await {
        Ok(()) => page(StatusCode::OK, "Thank you", "<p>Thank you. We have your answer.</p>"),
        Err(StoreError::Conflict { .. }) => page(
            StatusCode::CONFLICT,
            "Already answered",
            "<p>This link has already been used, so nothing was changed. If that was not you, reply to our email.</p>",
        ),
        Err(StoreError::NotFound { .. } | StoreError::Invalid { .. }) => not_valid(),
        Err(error) => {
            tracing::error!(%error, "recording a feedback answer failed");
            page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Please try again",
                "<p>We could not record your answer just now. Please try again in a minute.</p>",
            )
        }
    }
}

/// The claims of a valid link, or the refusal page.
fn check(state: &AppState, token: &str) -> Result<LinkClaims, Page> {
    let links = &state.workflow.links;
    verify(token, &links.keyring, state.clock.now().timestamp()).map_err(|error| {
        tracing::info!(%error, "feedback link refused");
        match error {
            LinkError::Expired { .. } => page(
                StatusCode::GONE,
                "This link has expired",
                "<p>This link has expired, so nothing was recorded. Reply to our email and we will help.</p>",
            ),
            LinkError::Malformed | LinkError::UnknownKey { .. } | LinkError::BadSignature => not_valid(),
        }
    })
}

async fn chosen_remedy(state: &AppState, claims: &LinkClaims) -> Result<Remedy, Page> {
    let case_id = claims.case_id.parse().map(CaseId).map_err(|_| not_valid())?;
    let remedies = state.store.list_remedies(case_id).await.map_err(|_| not_valid())?;
    let index = claims.choice.and_then(|choice| usize::try_from(choice).ok()).ok_or_else(not_valid)?;
    remedies.into_iter().nth(index).ok_or_else(not_valid)
}

fn not_valid() -> Page {
    page(
        StatusCode::NOT_FOUND,
        "This link is not valid",
        "<p>This link is not valid, so nothing was recorded. Please use the link from our email as it was sent.</p>",
    )
}

fn page(status: StatusCode, title: &str, body: &str) -> Page {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width\"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    );
    (status, Html(html))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Replaces the composer's link tokens (`{csat_url}`, `{nps_url}`, `{feedback_url}`,
/// `{choice_url:N}`) in `text` with signed links for `case` and `recipient`, valid from `now`
/// for the configured lifetime.
pub(crate) fn sign_links(text: &str, links: &FeedbackLinks, case: i64, recipient: i64, now: DateTime<Utc>) -> String {
    let expires_at = (now + links.lifetime).timestamp();
    let url = |purpose: Purpose, choice: Option<u32>| {
        let claims =
            LinkClaims { purpose, case_id: case.to_string(), recipient_id: recipient.to_string(), choice, expires_at };
        format!("{}/feedback/{}", links.public_url.trim_end_matches('/'), sign(&claims, links.keyring.current()))
    };
    let mut signed = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        signed.push_str(&rest[..start]);
        let tail = &rest[start..];
        let Some(end) = tail.find('}') else {
            signed.push_str(tail);
            return signed;
        };
        let token = &tail[1..end];
        let replacement = match token.split_once(':') {
            None if token == "csat_url" || token == "feedback_url" => Some(url(Purpose::Csat, None)),
            None if token == "nps_url" => Some(url(Purpose::Nps, None)),
            Some(("choice_url", index)) => index.parse().ok().map(|index| url(Purpose::RemedyChoice, Some(index))),
            _ => None,
        };
        match replacement {
            Some(link) => {
                signed.push_str(&link);
                rest = &tail[end + 1..];
            }
            None => {
                signed.push('{');
                rest = &tail[1..];
            }
        }
    }
    signed.push_str(rest);
    signed
}
