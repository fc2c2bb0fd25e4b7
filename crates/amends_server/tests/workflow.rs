//! The workflow contract on SQLite and PostgreSQL: replies queue their email with the message,
//! wait for the quiet period, and are queued once; resolving schedules a follow-up inside the
//! customer's business hours, and reopening cancels it; the job list and the dead letter.

mod support;

use amends_store::model::{ClaimRequest, Finish, JobId, LeaseRef, Outcome};
use axum::http::StatusCode;
use chrono::{DateTime, Datelike, Duration, Timelike, Utc, Weekday};
use chrono_tz::Europe::Dublin;
use serde_json::{Value, json};
use support::{Backend, START, TestApp};

fn facts() -> Value {
    json!({
        "channel": "email", "severity": "medium",
        "customer": {"name": "Ada Byrne", "email": "ada@example.com"},
        "incident": {"what_happened": "we shipped a pink sweater instead of the blue one",
            "reference": "order #48213", "impact": "the birthday present arrived in the wrong colour"},
        "cause": {"known": true, "text": "a labelling error put both colours in one bin"},
        "fix": {"text": "a blue sweater ships today by express courier", "eta": "2026-03-04"},
        "remedy": {"kind": "refund", "amount": "68.00", "currency": "EUR"},
        "follow_up": {"owner": "Sam Ortiz", "channel": "email"},
        "sender": {"name": "Sam Ortiz", "company": "Northwind Knits"},
    })
}

async fn app(backend: Backend) -> Option<TestApp> {
    TestApp::start(backend, amends_server::ServerSettings::default()).await
}

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

async fn replies_are_recorded_queued_once_and_wait_for_the_customer(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let customer = app.customer("C-1").await;
    let case = app.case(customer, "normal").await;
    let path = format!("/api/v1/cases/{case}/replies");

    let draft = app.post(&path, &app.agent, json!({"text": "A draft, not sent."})).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.json);
    assert_eq!(draft.json["message"]["direction"], "outbound");
    assert_eq!(draft.json["job"], Value::Null);

    let text = "I'm sorry we sent the wrong sweater. A blue one ships today by express courier.";
    let sent = app.post(&path, &app.agent, json!({"text": text, "send": true})).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    let job = &sent.json["job"];
    assert_eq!((job["state"].as_str(), job["purpose"].as_str()), (Some("queued"), Some("reply")));
    assert!(job["message_id"].as_str().unwrap().ends_with("@amends.localhost"), "{job}");
    let again = app.post(&path, &app.agent, json!({"text": text, "send": true})).await;
    assert_eq!(again.json["job"]["id"], job["id"], "the same reply is queued once");
    assert_eq!(again.json["job"]["message_id"], job["message_id"]);

    // The customer writes again: a new reply waits five minutes after their message.
    let inbound = app
        .post(
            &format!("/api/v1/cases/{case}/messages"),
            &app.agent,
            json!({"direction": "inbound", "body": "Also, the box was crushed."}),
        )
        .await;
    assert_eq!(inbound.status, StatusCode::CREATED, "{}", inbound.json);
    let received = instant(&inbound.json["message"]["sent_at"]);
    let waiting = app.post(&path, &app.agent, json!({"text": "Sorry about the box too.", "send": true})).await;
    assert_eq!(instant(&waiting.json["job"]["run_at"]), received + Duration::minutes(5), "{}", waiting.json);

    let composed = app.post(&path, &app.agent, json!({"facts": facts(), "send": true})).await;
    assert_eq!(composed.status, StatusCode::CREATED, "{}", composed.json);
    assert!(composed.json["message"]["body"].as_str().unwrap().contains("pink sweater"), "{}", composed.json);

    for body in [json!({}), json!({"text": "x", "facts": facts()})] {
        let refused = app.post(&path, &app.agent, body).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.json);
        assert_eq!(refused.json["errors"][0]["field"], "text");
    }
    let no_email = app
        .post("/api/v1/customers", &app.agent, json!({"external_id": "C-2", "name": "Bo", "time_zone": "UTC"}))
        .await;
    let case_2 = app.case(no_email.json["id"].as_i64().unwrap(), "low").await;
    let refused =
        app.post(&format!("/api/v1/cases/{case_2}/replies"), &app.agent, json!({"text": "Hi", "send": true})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json["errors"][0]["field"], "send");
    app.finish().await;
}

async fn resolving_schedules_the_follow_up_and_reopening_cancels_it(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let customer = app.customer("C-1").await;
    let case = app.case(customer, "high").await;
    let resolved = app.post(&format!("/api/v1/cases/{case}/resolve"), &app.agent, json!({"facts": facts()})).await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.json);
    assert_eq!(resolved.json["case"]["status"], "resolved");
    let due = instant(&resolved.json["follow_up"]["due_at"]);
    let resolved_at = instant(&resolved.json["case"]["resolved_at"]);
    // One to two business days after a Monday-morning resolution, in Dublin's office hours.
    assert!(due >= resolved_at + Duration::days(1) && due <= resolved_at + Duration::days(2), "{due}");
    let local = due.with_timezone(&Dublin);
    assert!(!matches!(local.weekday(), Weekday::Sat | Weekday::Sun) && (9..17).contains(&local.hour()), "{local}");
    assert_eq!(resolved.json["job"]["purpose"], "follow_up");
    assert_eq!(instant(&resolved.json["job"]["run_at"]), due);
    assert!(resolved_at >= START);

    let listed = app.get(&format!("/api/v1/cases/{case}/follow-ups"), &app.agent).await;
    assert_eq!(listed.json.as_array().unwrap().len(), 1);
    assert_eq!(listed.json[0]["state"], "scheduled");
    assert_eq!(listed.json[0]["due_at"], resolved.json["follow_up"]["due_at"]);

    let reopened = app.patch(&format!("/api/v1/cases/{case}"), &app.agent, json!({"status": "open"})).await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.json);
    let listed = app.get(&format!("/api/v1/cases/{case}/follow-ups"), &app.agent).await;
    assert_eq!(listed.json[0]["state"], "cancelled");
    let job = app.get(&format!("/api/v1/jobs?case={case}"), &app.manager).await;
    assert_eq!(job.json["items"][0]["state"], "cancelled", "{}", job.json);

    let by_hand = app.post(&format!("/api/v1/cases/{case}/resolve"), &app.agent, json!({})).await;
    assert_eq!(by_hand.json["follow_up"]["state"], "scheduled");
    assert_eq!(by_hand.json["job"], Value::Null, "without facts a person follows up");
    let none = app.post(&format!("/api/v1/cases/{case}/resolve"), &app.agent, json!({"follow_up": false})).await;
    assert_eq!(none.json["follow_up"], Value::Null);

    // The case got the SLA's deadlines when it was opened; escalations are listed per case.
    let opened = app.get(&format!("/api/v1/cases/{case}"), &app.agent).await;
    let due = instant(&opened.json["first_response_due"]);
    assert!(due > START && due <= START + Duration::days(2), "high priority: 8 business hours, {due}");
    let breach = amends_store::model::NewEscalation {
        case_id: amends_store::model::CaseId(case),
        kind: amends_store::model::EscalationKind::FirstResponseBreached,
        due_at: due,
        notify: vec![],
    };
    app.store.escalate(&amends_store::Change::new("system:sla", due), vec![breach]).await.unwrap();
    let listed = app.get(&format!("/api/v1/cases/{case}/escalations"), &app.agent).await;
    assert_eq!(listed.json[0]["kind"], "first_response_breached", "{}", listed.json);
    app.finish().await;
}

async fn managers_see_the_queue_and_retry_the_dead_letter(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let customer = app.customer("C-1").await;
    let case = app.case(customer, "normal").await;
    let sent =
        app.post(&format!("/api/v1/cases/{case}/replies"), &app.agent, json!({"text": "Sorry.", "send": true})).await;
    let id = sent.json["job"]["id"].as_i64().unwrap();

    assert_eq!(app.get("/api/v1/jobs", &app.agent).await.status, StatusCode::FORBIDDEN);
    let queued = app.get("/api/v1/jobs?state=queued", &app.manager).await;
    assert_eq!(queued.json["items"][0]["id"], id, "{}", queued.json);
    let bad = app.get("/api/v1/jobs?state=lost", &app.manager).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let early = app.post(&format!("/api/v1/jobs/{id}/retry"), &app.manager, json!({})).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "a queued job is on its way already");

    // A worker claims it and the mail server refuses it for good.
    let claim = ClaimRequest {
        worker: "test",
        now: START + Duration::days(1),
        lease_for: std::time::Duration::from_secs(60),
        limit: 10,
    };
    let claimed = app.store.claim_jobs(claim).await.unwrap();
    assert_eq!(claimed[0].lease_ref(), LeaseRef { id: JobId(id), lease: 1 });
    let dead = Outcome::Dead { error: "550 5.1.1 no such user".to_owned() };
    app.store
        .finish_jobs(&[Finish { lease: claimed[0].lease_ref(), outcome: dead }], START + Duration::days(1))
        .await
        .unwrap();
    let letter = app.get("/api/v1/jobs?state=dead", &app.manager).await;
    assert_eq!(letter.json["items"][0]["last_error"], "550 5.1.1 no such user");

    assert_eq!(
        app.post(&format!("/api/v1/jobs/{id}/retry"), &app.agent, json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let retried = app.post(&format!("/api/v1/jobs/{id}/retry"), &app.manager, json!({})).await;
    assert_eq!(retried.status, StatusCode::OK, "{}", retried.json);
    assert_eq!((retried.json["state"].as_str(), retried.json["attempts"].as_i64()), (Some("queued"), Some(0)));
    assert_eq!(app.post("/api/v1/jobs/999999/retry", &app.manager, json!({})).await.status, StatusCode::NOT_FOUND);
    app.finish().await;
}

on_every_backend!(
    replies_are_recorded_queued_once_and_wait_for_the_customer,
    resolving_schedules_the_follow_up_and_reopening_cancels_it,
    managers_see_the_queue_and_retry_the_dead_letter,
    links_record_answers_once_and_refuse_forgeries,
);

mod feedback {
    use amends_core::links::{Keyring, LinkClaims, Purpose, Secret, sign};
    use amends_server::{FeedbackLinks, WorkflowSettings, router};
    use amends_store::PageRequest;
    use amends_store::model::{CaseId, JobFilter};
    use axum::body::Body;
    use axum::http::{Request, StatusCode, header};
    use chrono::TimeDelta;
    use serde_json::json;
    use tower::ServiceExt;

    use super::support::{Backend, START};
    use super::{app, facts};

    fn secret() -> Secret {
        Secret::new("k1", b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()
    }

    fn link(purpose: Purpose, case: i64, choice: Option<u32>, expires_at: i64) -> String {
        let claims =
            LinkClaims { purpose, case_id: case.to_string(), recipient_id: "1".to_owned(), choice, expires_at };
        sign(&claims, &secret())
    }

    async fn send(router: &axum::Router, method: &str, token: &str, form: &str) -> (StatusCode, String) {
        let request = Request::builder()
            .method(method)
            .uri(format!("/feedback/{token}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.to_owned()))
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    pub(super) async fn links_record_answers_once_and_refuse_forgeries(backend: Backend) {
        let Some(app) = app(backend).await else { return };
        let links = FeedbackLinks {
            keyring: Keyring::new(secret(), Vec::new()),
            public_url: "https://care.example".to_owned(),
            lifetime: TimeDelta::days(30),
        };
        let router = router(app.state.clone().with_workflow(WorkflowSettings { links, ..WorkflowSettings::default() }));
        let customer = app.customer("C-1").await;
        let case = app.case(customer, "normal").await;
        let later = (START + TimeDelta::days(30)).timestamp();

        let csat = link(Purpose::Csat, case, None, later);
        let (status, page) = send(&router, "GET", &csat, "").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("How satisfied") && page.contains(r#"value="5""#), "{page}");
        assert_eq!(send(&router, "POST", &csat, "score=9").await.0, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, page) = send(&router, "POST", &csat, "score=4").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Thank you"));
        let answers = app.store.list_survey_responses(CaseId(case)).await.unwrap();
        assert_eq!(answers.iter().map(|answer| answer.score).collect::<Vec<_>>(), [4]);

        let mut forged = csat.clone();
        forged.pop();
        forged.push(if csat.ends_with('A') { 'B' } else { 'A' });
        let (status, page) = send(&router, "POST", &forged, "score=1").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(page.contains("not valid"));
        let expired = link(Purpose::Csat, case, None, START.timestamp() - 1);
        assert_eq!(send(&router, "POST", &expired, "score=1").await.0, StatusCode::GONE);
        assert_eq!(app.store.list_survey_responses(CaseId(case)).await.unwrap().len(), 1, "refusals change nothing");

        let remedy = app
            .post(
                &format!("/api/v1/cases/{case}/remedies"),
                &app.manager,
                json!({"kind": "refund", "amount_minor": 6800, "currency": "EUR", "description": "A full refund"}),
            )
            .await;
        assert_eq!(remedy.status, StatusCode::CREATED, "{}", remedy.json);
        let choice = link(Purpose::RemedyChoice, case, Some(0), later);
        let (status, page) = send(&router, "GET", &choice, "").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("A full refund"), "{page}");
        assert_eq!(send(&router, "POST", &choice, "").await.0, StatusCode::OK);
        let (status, page) = send(&router, "POST", &choice, "").await;
        assert_eq!(status, StatusCode::CONFLICT, "a remedy is chosen once");
        assert!(page.contains("already been used"));
        let remedies = app.store.list_remedies(CaseId(case)).await.unwrap();
        assert_eq!(remedies[0].status.as_str(), "accepted");
        let missing = link(Purpose::RemedyChoice, case, Some(7), later);
        assert_eq!(send(&router, "GET", &missing, "").await.0, StatusCode::NOT_FOUND);

        // A follow-up composed on resolution carries signed links to this server.
        let request = Request::builder()
            .method("POST")
            .uri(format!("/api/v1/cases/{case}/resolve"))
            .header(header::AUTHORIZATION, format!("Bearer {}", app.agent))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"facts": facts()}).to_string()))
            .unwrap();
        assert_eq!(router.clone().oneshot(request).await.unwrap().status(), StatusCode::OK);
        let jobs = app.store.list_jobs(&JobFilter::default(), PageRequest::first(5)).await.unwrap();
        let text = jobs.items[0].payload["text"].as_str().unwrap().to_owned();
        assert!(text.contains("https://care.example/feedback/") && !text.contains("{csat_url}"), "{text}");
        app.finish().await;
    }
}

use feedback::links_record_answers_once_and_refuse_forgeries;
