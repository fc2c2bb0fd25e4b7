//! The API in memory, on SQLite and on PostgreSQL: records, filters, pages, roles, sentiment.

mod support;

use amends_server::ServerSettings;
use amends_store::PageRequest;
use amends_store::model::{AuditFilter, Entity};
use axum::http::{Method, StatusCode};
use serde_json::json;

use support::{Backend, TestApp, request};

async fn app(backend: Backend) -> Option<TestApp> {
    TestApp::start(backend, ServerSettings::default()).await
}

async fn customers_are_created_read_changed_and_listed(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let id = app.customer("C-1").await;
    let reply = app.get(&format!("/api/v1/customers/{id}"), &app.agent).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["external_id"], "C-1");
    assert_eq!(reply.json["contacts"][0]["kind"], "email");

    let reply =
        app.patch(&format!("/api/v1/customers/{id}"), &app.agent, json!({"tier": "gold", "locale": null})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["tier"], "gold");
    assert_eq!(reply.json["name"], "Ada Byrne", "absent fields stay");

    app.customer("C-2").await;
    let reply = app.get("/api/v1/customers?limit=1", &app.agent).await;
    assert_eq!(reply.json["items"].as_array().unwrap().len(), 1);
    let cursor = reply.json["next_cursor"].as_str().unwrap().to_owned();
    let reply = app.get(&format!("/api/v1/customers?limit=1&cursor={cursor}"), &app.agent).await;
    assert_eq!(reply.json["items"][0]["id"], id, "the older one is on the second page");
    assert_eq!(reply.json["next_cursor"], serde_json::Value::Null);

    let reply =
        app.post("/api/v1/customers", &app.agent, json!({"external_id": "C-1", "name": "X", "time_zone": "UTC"})).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(app.get("/api/v1/customers/999999", &app.agent).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/customers/abc", &app.agent).await.status, StatusCode::NOT_FOUND);
    app.finish().await;
}

async fn changes_record_the_token_user_in_the_audit_log(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let id = app.customer("C-audit").await;
    let filter = AuditFilter { entity: Some(Entity::Customer), entity_id: Some(id) };
    let entries = app.store.list_audit(&filter, PageRequest::default()).await.unwrap();
    let agent = app.store.find_user_by_email("agent@shop.example").await.unwrap();
    assert_eq!(entries.items[0].actor, format!("user:{}", agent.id.0));
    app.finish().await;
}

async fn cases_carry_their_thread_and_filter_and_page(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let customer = app.customer("C-1").await;
    let first = app.case(customer, "low").await;
    let second = app.case(customer, "high").await;
    let third = app.case(customer, "high").await;

    let reply = app.patch(&format!("/api/v1/cases/{third}"), &app.agent, json!({"status": "open"})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["status"], "open");

    let reply = app.get("/api/v1/cases?priority=high", &app.agent).await;
    let ids: Vec<i64> =
        reply.json["items"].as_array().unwrap().iter().map(|case| case["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![third, second]);
    let reply = app.get("/api/v1/cases?status=open", &app.agent).await;
    assert_eq!(reply.json["items"].as_array().unwrap().len(), 1);

    let mut seen = Vec::new();
    let mut path = "/api/v1/cases?limit=2".to_owned();
    loop {
        let reply = app.get(&path, &app.agent).await;
        assert_eq!(reply.status, StatusCode::OK);
        seen.extend(reply.json["items"].as_array().unwrap().iter().map(|case| case["id"].as_i64().unwrap()));
        match reply.json["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/cases?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, vec![third, second, first]);

    let since =
        app.get(&format!("/api/v1/cases/{third}"), &app.agent).await.json["updated_at"].as_str().unwrap().to_owned();
    let reply = app.get(&format!("/api/v1/cases?updated_since={}", since.replace('+', "%2B")), &app.agent).await;
    assert_eq!(reply.json["items"].as_array().unwrap().len(), 1, "{}", reply.json);

    let reply = app.get("/api/v1/cases?priority=extreme", &app.agent).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["errors"][0]["field"], "priority");
    let reply = app.get("/api/v1/cases?cursor=nonsense", &app.agent).await;
    assert_eq!(reply.json["errors"][0]["field"], "cursor");

    let owner = app.store.find_user_by_email("agent@shop.example").await.unwrap().id.0;
    app.patch(&format!("/api/v1/cases/{first}"), &app.agent, json!({"owner_id": owner})).await;
    let reply = app.get(&format!("/api/v1/cases?owner={owner}&customer={customer}"), &app.agent).await;
    assert_eq!(reply.json["items"][0]["id"], first, "{}", reply.json);
    assert_eq!(reply.json["items"].as_array().unwrap().len(), 1);
    let reply = app.patch(&format!("/api/v1/cases/{first}"), &app.agent, json!({"owner_id": null})).await;
    assert_eq!(reply.json["owner_id"], serde_json::Value::Null, "null clears");
    let reply = app.get(&format!("/api/v1/cases/{first}"), &app.agent).await;
    assert_eq!(reply.json["messages"], json!([]));
    app.finish().await;
}

async fn inbound_messages_get_sentiment_and_raise_priority(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let customer = app.customer("C-1").await;
    let case = app.case(customer, "normal").await;
    let path = format!("/api/v1/cases/{case}/messages");

    let calm = json!({"direction": "inbound", "body": "Thanks, the parcel arrived today. All good."});
    let reply = app.post(&path, &app.agent, calm).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert!(reply.json["message"]["sentiment"].as_f64().unwrap() > 0.0);
    assert_eq!(reply.json["priority_raised"], false);

    let furious = json!({"direction": "inbound", "body": "This is the THIRD time I write. Absolutely unacceptable, \
        I want a refund NOW or I am cancelling my account and telling everyone. Worst service ever!!!"});
    let reply = app.post(&path, &app.agent, furious).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert!(reply.json["message"]["sentiment"].as_f64().unwrap() < 0.0);
    assert_eq!(reply.json["priority_raised"], true);
    assert_eq!(reply.json["case_priority"], "urgent");

    let reply = app.post(&path, &app.agent, json!({"direction": "outbound", "body": "I am sorry. Refund sent."})).await;
    assert_eq!(reply.json["message"]["sentiment"], serde_json::Value::Null, "outbound messages are not read");

    let reply = app.get(&format!("/api/v1/cases/{case}"), &app.agent).await;
    assert_eq!(reply.json["priority"], "urgent");
    assert_eq!(reply.json["messages"].as_array().unwrap().len(), 3);
    assert!(reply.json["first_responded_at"].is_string());

    let opened = json!({"customer_id": customer, "channel": "chat", "subject": "Angry",
        "first_message": {"body": "I am cancelling my subscription, this is a disgrace and I will call my lawyer."}});
    let reply = app.post("/api/v1/cases", &app.agent, opened).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(reply.json["priority"], "urgent");
    assert!(reply.json["messages"][0]["sentiment"].as_f64().unwrap() < 0.0);
    app.finish().await;
}

async fn incidents_and_affected_customers(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let customer = app.customer("C-1").await;
    let body = json!({"title": "Carrier lost a truck", "root_cause": "carrier", "severity": "high",
        "status": "investigating", "started_at": "2026-03-01T08:00:00Z"});
    let reply = app.post("/api/v1/incidents", &app.manager, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    let id = reply.json["id"].as_i64().unwrap();

    let reply = app
        .patch(
            &format!("/api/v1/incidents/{id}"),
            &app.manager,
            json!({"status": "resolved",
        "resolved_at": "2026-03-01T20:00:00Z"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["status"], "resolved");
    let reply = app
        .patch(&format!("/api/v1/incidents/{id}"), &app.manager, json!({"resolved_at": "2020-01-01T00:00:00Z"}))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["errors"][0]["field"], "resolved_at");

    let affected = format!("/api/v1/incidents/{id}/affected");
    let reply = app.post(&affected, &app.manager, json!({"customer_ids": [customer]})).await;
    assert_eq!(reply.json["added"], 1);
    let reply = app.post(&affected, &app.manager, json!({"customer_ids": [customer]})).await;
    assert_eq!(reply.json["added"], 0);
    let reply = app.get(&affected, &app.agent).await;
    assert_eq!(reply.json["items"][0]["id"], customer);
    assert_eq!(app.get("/api/v1/incidents", &app.agent).await.json["items"].as_array().unwrap().len(), 1);

    let case = app.case(customer, "normal").await;
    app.patch(&format!("/api/v1/cases/{case}"), &app.agent, json!({"incident_id": id})).await;
    let reply = app.get(&format!("/api/v1/cases?incident={id}"), &app.agent).await;
    assert_eq!(reply.json["items"][0]["id"], case);
    app.finish().await;
}

async fn missing_invalid_and_revoked_tokens_are_401(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let missing = app.send(request(Method::GET, "/api/v1/cases", None, None, &[])).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.headers["www-authenticate"], "Bearer");
    assert_eq!(missing.content_type(), "application/problem+json");
    let invalid = app.get("/api/v1/cases", "amends_0000").await;
    assert_eq!(invalid.status, StatusCode::UNAUTHORIZED);
    let basic = app.send(request(Method::GET, "/api/v1/cases", None, None, &[("authorization", "Basic eDp5")])).await;
    assert_eq!(basic.status, StatusCode::UNAUTHORIZED);

    let token = app.user_with_token("leaver@shop.example", amends_store::model::Role::Agent).await;
    assert_eq!(app.get("/api/v1/cases", &token).await.status, StatusCode::OK);
    let found = app.store.find_api_token(&amends_store::secret::hash_token(&token)).await.unwrap();
    let change = amends_store::Change::new("system:test", support::START);
    // Revoked behind the server's back (as another instance would): refused within the bound.
    app.store.revoke_api_token(&change, found.id).await.unwrap();
    tokio::time::sleep(amends_server::TOKEN_CACHE_TTL).await;
    let revoked = app.get("/api/v1/cases", &token).await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    assert!(revoked.json["detail"].as_str().unwrap().contains("revoked"));
    app.finish().await;
}

async fn each_role_is_refused_what_it_may_not_do(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let incident = json!({"title": "Outage", "root_cause": "outage", "severity": "low",
        "status": "investigating", "started_at": "2026-03-01T08:00:00Z"});
    let reply = app.post("/api/v1/incidents", &app.manager, incident.clone()).await;
    let incident_id = reply.json["id"].as_i64().unwrap();
    let case = app.case(app.customer("C-1").await, "normal").await;
    let agent = app.store.find_user_by_email("agent@shop.example").await.unwrap().id.0;
    let token = app.store.list_api_tokens(amends_store::model::UserId(agent)).await.unwrap()[0].id.0;
    let remedy = json!({"kind": "credit", "amount_minor": 1500, "currency": "USD", "description": "a $15 credit"});
    let new_user = json!({"email": "new@shop.example", "role": "agent", "password": "pw"});

    let managers_only = [
        (Method::POST, "/api/v1/incidents".to_owned(), Some(incident)),
        (Method::PATCH, format!("/api/v1/incidents/{incident_id}"), Some(json!({"title": "x"}))),
        (Method::POST, format!("/api/v1/incidents/{incident_id}/affected"), Some(json!({"customer_ids": []}))),
        (Method::POST, format!("/api/v1/cases/{case}/remedies"), Some(remedy)),
    ];
    let admins_only = [
        (Method::POST, "/api/v1/users".to_owned(), Some(new_user)),
        (Method::GET, "/api/v1/users".to_owned(), None),
        (Method::POST, format!("/api/v1/users/{agent}/tokens"), Some(json!({"name": "x"}))),
        (Method::POST, format!("/api/v1/tokens/{token}/revoke"), None),
    ];
    let refusals = managers_only.iter().map(|action| (&app.agent, "agent", action)).chain(
        admins_only.iter().flat_map(|action| [(&app.agent, "agent", action), (&app.manager, "manager", action)]),
    );
    for (token, role, (method, path, body)) in refusals {
        let reply = app.call(method.clone(), path, token, body.clone()).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role} {method} {path}: {}", reply.json);
        assert_eq!(reply.json["type"], "/problems/forbidden");
    }
    for (method, path, body) in &managers_only {
        let reply = app.call(method.clone(), path, &app.manager, body.clone()).await;
        assert!(reply.status.is_success(), "manager {method} {path}: {}", reply.json);
    }
    for (method, path, body) in &admins_only {
        let reply = app.call(method.clone(), path, &app.admin, body.clone()).await;
        assert!(reply.status.is_success(), "admin {method} {path}: {}", reply.json);
    }
    assert_eq!(
        app.get("/api/v1/cases", &app.agent).await.status,
        StatusCode::UNAUTHORIZED,
        "revoked through the API: at once"
    );
    let remedies = app.get(&format!("/api/v1/cases/{case}/remedies"), &app.manager).await;
    assert_eq!(remedies.json[0]["amount_minor"], 1500);
    app.finish().await;
}

async fn json_problems_name_the_field(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let cases = [
        (json!({"external_id": "C", "name": "A", "time_zone": "Mars/Olympus"}), "time_zone"),
        (json!({"external_id": "C", "name": "A", "time_zone": "UTC", "colour": "red"}), "colour"),
        (json!({"external_id": "C", "name": 7, "time_zone": "UTC"}), "name"),
        (
            json!({"external_id": "C", "name": "A", "time_zone": "UTC", "contacts": [{"kind": "fax", "value": "1"}]}),
            "contacts[0].kind",
        ),
        (json!({"external_id": "", "name": "A", "time_zone": "UTC"}), "external_id"),
    ];
    for (body, field) in cases {
        let reply = app.post("/api/v1/customers", &app.agent, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.json);
        assert_eq!(reply.content_type(), "application/problem+json");
        assert_eq!(reply.json["errors"][0]["field"], field, "{body}: {}", reply.json);
    }
    let unknown = app
        .post(
            "/api/v1/customers",
            &app.agent,
            json!({"external_id": "C", "name": "A", "time_zone": "UTC", "colour": "red"}),
        )
        .await;
    assert!(unknown.json["errors"][0]["reason"].as_str().unwrap().contains("colour"));
    let reply =
        app.post("/api/v1/cases", &app.agent, json!({"customer_id": 4040, "channel": "email", "subject": "x"})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.json);
    assert_eq!(reply.json["errors"][0]["field"], "customer_id");
    app.finish().await;
}

async fn malformed_oversized_and_non_utf8_bodies_are_4xx(backend: Backend) {
    let settings = ServerSettings { body_limit: 2048, ..ServerSettings::default() };
    let Some(app) = TestApp::start(backend, settings).await else { return };
    let send = |body: Vec<u8>| request(Method::POST, "/api/v1/customers", Some(&app.agent), Some(body), &[]);
    let malformed = app.send(send(b"{\"name\": ".to_vec())).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.json["type"], "/problems/malformed-request");
    let trailing =
        app.send(send(b"{\"external_id\": \"C\", \"name\": \"A\", \"time_zone\": \"UTC\"} {}".to_vec())).await;
    assert_eq!(trailing.status, StatusCode::BAD_REQUEST);
    let bad_utf8 =
        app.send(send(b"{\"external_id\": \"\xff\xfe\", \"name\": \"A\", \"time_zone\": \"UTC\"}".to_vec())).await;
    assert_eq!(bad_utf8.status, StatusCode::BAD_REQUEST, "{}", bad_utf8.json);
    let huge = format!("{{\"external_id\": \"C\", \"name\": \"{}\", \"time_zone\": \"UTC\"}}", "a".repeat(4096));
    let too_large = app.send(send(huge.clone().into_bytes())).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_large.content_type(), "application/problem+json");
    let keyed = request(
        Method::POST,
        "/api/v1/customers",
        Some(&app.agent),
        Some(huge.into_bytes()),
        &[("idempotency-key", "k")],
    );
    assert_eq!(app.send(keyed).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    let empty = app.send(request(Method::POST, "/api/v1/customers", Some(&app.agent), None, &[])).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let unknown_route = app.get("/api/v1/nothing", &app.agent).await;
    assert_eq!(unknown_route.status, StatusCode::NOT_FOUND);
    let wrong_method = app.call(Method::DELETE, "/api/v1/cases", &app.agent, None).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.content_type(), "application/problem+json");
    app.finish().await;
}

async fn idempotency_keys_replay_refuse_and_wait(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let body = json!({"external_id": "C-idem", "name": "A", "time_zone": "UTC"}).to_string().into_bytes();
    let keyed = |body: Vec<u8>, key: &str| {
        request(Method::POST, "/api/v1/customers", Some(&app.agent), Some(body), &[("idempotency-key", key)])
    };
    let first = app.send(keyed(body.clone(), "key-1")).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = app.send(keyed(body.clone(), "key-1")).await;
    assert_eq!(again.status, StatusCode::CREATED, "replayed, not a conflict: {}", again.json);
    assert_eq!(again.json, first.json);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    let other = json!({"external_id": "C-other", "name": "A", "time_zone": "UTC"}).to_string().into_bytes();
    let changed = app.send(keyed(other, "key-1")).await;
    assert_eq!(changed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(changed.json["errors"][0]["field"], "Idempotency-Key");

    let scope = {
        let token = app.store.find_api_token(&amends_store::secret::hash_token(&app.agent)).await.unwrap();
        format!("token:{}", token.id.0)
    };
    let in_flight = json!({"external_id": "C-flight", "name": "A", "time_zone": "UTC"}).to_string().into_bytes();
    let mut hash_source = b"POST /api/v1/customers\n".to_vec();
    hash_source.extend_from_slice(&in_flight);
    let claim =
        app.store.claim_idempotency_key(&scope, "key-2", &sha256_hex(&hash_source), support::START).await.unwrap();
    assert_eq!(claim, amends_store::model::IdempotencyClaim::Claimed);
    let waiting = app.send(keyed(in_flight, "key-2")).await;
    assert_eq!(waiting.status, StatusCode::CONFLICT, "{}", waiting.json);

    let unkeyed = app
        .post("/api/v1/customers", &app.agent, json!({"external_id": "C-idem", "name": "A", "time_zone": "UTC"}))
        .await;
    assert_eq!(unkeyed.status, StatusCode::CONFLICT, "without a key the second create collides");
    app.finish().await;
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

async fn tokens_are_rate_limited(backend: Backend) {
    let settings = ServerSettings {
        rate_limit: amends_server::RateLimit { burst: 3, per_second: 0.5 },
        ..ServerSettings::default()
    };
    let Some(app) = TestApp::start(backend, settings).await else { return };
    for _ in 0..3 {
        assert_eq!(app.get("/api/v1/cases", &app.agent).await.status, StatusCode::OK);
    }
    let limited = app.get("/api/v1/cases", &app.agent).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers["retry-after"], "2");
    assert_eq!(app.get("/api/v1/cases", &app.manager).await.status, StatusCode::OK, "other tokens are not affected");
    app.finish().await;
}

async fn health_and_readiness(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let healthz = app.send(request(Method::GET, "/healthz", None, None, &[])).await;
    assert_eq!(healthz.status, StatusCode::OK);
    assert!(healthz.headers.contains_key("x-request-id"), "a request id is generated");
    let readyz = app.send(request(Method::GET, "/readyz", None, None, &[("x-request-id", "abc-123")])).await;
    assert_eq!(readyz.json["status"], "ready");
    assert_eq!(readyz.headers["x-request-id"], "abc-123", "the client's id is echoed");
    app.finish().await;
}

on_every_backend!(
    customers_are_created_read_changed_and_listed,
    changes_record_the_token_user_in_the_audit_log,
    cases_carry_their_thread_and_filter_and_page,
    inbound_messages_get_sentiment_and_raise_priority,
    incidents_and_affected_customers,
    missing_invalid_and_revoked_tokens_are_401,
    each_role_is_refused_what_it_may_not_do,
    json_problems_name_the_field,
    malformed_oversized_and_non_utf8_bodies_are_4xx,
    idempotency_keys_replay_refuse_and_wait,
    tokens_are_rate_limited,
    health_and_readiness,
);
