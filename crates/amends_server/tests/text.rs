//! `POST /api/v1/lint` and `/compose` answer what the CLI prints.

mod support;

use amends_core::compose::ComposerSettings;
use amends_server::ServerSettings;
use axum::http::StatusCode;
use serde_json::{Value, json};

use support::{Backend, TestApp};

fn facts() -> Value {
    json!({
        "channel": "email", "severity": "medium",
        "customer": {"name": "Dana Whitfield"},
        "incident": {"what_happened": "we shipped a pink sweater instead of the blue one",
            "reference": "order #48213", "impact": "the birthday present arrived in the wrong colour"},
        "cause": {"known": true, "text": "a labelling error put both colours in one bin"},
        "fix": {"text": "a blue sweater ships today by express courier", "eta": "2025-11-21"},
        "remedy": {"kind": "refund", "amount": "68.00", "currency": "USD"},
        "follow_up": {"owner": "Sam Ortiz", "channel": "email", "at": "2025-11-21T15:00"},
        "sender": {"name": "Sam Ortiz", "company": "Northwind Knits"},
    })
}

#[tokio::test]
async fn lint_answers_one_report() {
    let app = TestApp::start(Backend::Sqlite, ServerSettings::default()).await.unwrap();
    let reply =
        app.post("/api/v1/lint", &app.agent, json!({"text": "Sorry if you were upset.", "channel": "sms"})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["channel"], "sms");
    assert!(reply.json["score"].is_u64());
    assert!(reply.json["diagnostics"].as_array().unwrap().iter().any(|found| found["code"].is_string()));

    let reply = app.post("/api/v1/lint", &app.agent, json!({"text": "Hi", "channel": "pigeon"})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["errors"][0]["field"], "channel");
    let reply = app.post("/api/v1/lint", &app.agent, json!({"text": "Hi", "facts": {"customer": {"name": 3}}})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.json);
    assert!(reply.json["errors"][0]["field"].as_str().unwrap().starts_with("facts"), "{}", reply.json);
    app.finish().await;
}

#[tokio::test]
async fn compose_answers_the_cli_json_or_the_refusal() {
    let app = TestApp::start(Backend::Sqlite, ServerSettings::default()).await.unwrap();
    let reply = app.post("/api/v1/compose", &app.agent, json!({"facts": facts()})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let keys: Vec<&str> = reply.json.as_object().unwrap().keys().map(String::as_str).collect();
    for key in ["channel", "form", "subject", "text", "html", "lint"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert_eq!(reply.json["form"], "apology");

    let mut thin = facts();
    thin.as_object_mut().unwrap().remove("fix");
    let reply = app.post("/api/v1/compose", &app.agent, json!({"facts": thin, "form": "resolution"})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.json);
    assert_eq!(reply.content_type(), "application/problem+json");
    app.finish().await;
}

#[tokio::test]
async fn a_refusal_of_the_gate_is_a_problem_with_the_report() {
    let strict = ComposerSettings { min_score: 101, ..ComposerSettings::default() };
    let app = TestApp::start_with(Backend::Sqlite, ServerSettings::default(), strict).await.unwrap();
    let reply = app.post("/api/v1/compose", &app.agent, json!({"facts": facts()})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.json);
    assert_eq!(reply.json["type"], "/problems/gate-refused");
    assert!(reply.json["report"]["score"].is_u64());
    assert!(reply.json["report"]["diagnostics"].is_array());
    app.finish().await;
}
