//! The OpenAPI document describes every route the router serves, and only those.

mod support;

use amends_server::ServerSettings;
use axum::http::{Method, StatusCode};

use support::{Backend, TestApp, request};

/// Every route of the router, as `(method, OpenAPI path)`.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("post", "/api/v1/customers"),
    ("get", "/api/v1/customers"),
    ("get", "/api/v1/customers/{id}"),
    ("patch", "/api/v1/customers/{id}"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases"),
    ("get", "/api/v1/cases/{id}"),
    ("patch", "/api/v1/cases/{id}"),
    ("post", "/api/v1/cases/{id}/messages"),
    ("post", "/api/v1/incidents"),
    ("get", "/api/v1/incidents"),
    ("get", "/api/v1/incidents/{id}"),
    ("patch", "/api/v1/incidents/{id}"),
    ("post", "/api/v1/incidents/{id}/affected"),
    ("get", "/api/v1/incidents/{id}/affected"),
    ("post", "/api/v1/cases/{id}/remedies"),
    ("get", "/api/v1/cases/{id}/remedies"),
    ("post", "/api/v1/users"),
    ("get", "/api/v1/users"),
    ("post", "/api/v1/users/{id}/tokens"),
    ("post", "/api/v1/tokens/{id}/revoke"),
    ("post", "/api/v1/lint"),
    ("post", "/api/v1/compose"),
    ("post", "/api/v1/cases/{id}/replies"),
    ("post", "/api/v1/cases/{id}/resolve"),
    ("get", "/api/v1/cases/{id}/follow-ups"),
    ("get", "/api/v1/cases/{id}/escalations"),
    ("get", "/api/v1/jobs"),
    ("post", "/api/v1/jobs/{id}/retry"),
    ("post", "/api/v1/imports/customers"),
    ("post", "/api/v1/imports/orders"),
    ("post", "/api/v1/imports/incidents/{id}/affected"),
];

#[tokio::test]
async fn the_document_lists_exactly_the_routes_the_router_serves() {
    let app = TestApp::start(Backend::Sqlite, ServerSettings::default()).await.unwrap();
    let reply = app.send(request(Method::GET, "/api/v1/openapi.json", None, None, &[])).await;
    assert_eq!(reply.status, StatusCode::OK);
    let document = reply.json;
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");

    let mut documented = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            documented.push((method.clone(), path.clone()));
            if path.starts_with("/api/v1/") {
                assert!(operation["security"].is_array(), "{method} {path} names its security");
            }
            assert!(operation["responses"].as_object().is_some_and(|responses| !responses.is_empty()));
        }
    }
    documented.sort();
    let mut expected: Vec<(String, String)> =
        ROUTES.iter().map(|(method, path)| ((*method).to_owned(), (*path).to_owned())).collect();
    expected.sort();
    assert_eq!(documented, expected);

    for (method, path) in ROUTES {
        let concrete = path.replace("{id}", "1");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let body = (method != Method::GET).then(|| b"{}".to_vec());
        let reply = app.send(request(method.clone(), &concrete, Some(&app.admin), body, &[])).await;
        assert_ne!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path} is routed");
        let no_such_route = reply.json["detail"] == "no such route";
        assert!(!no_such_route, "{method} {path} is routed");
    }
    app.finish().await;
}

#[test]
fn vocabularies_list_their_names() {
    let document = serde_json::to_value(<amends_server::ApiDoc as utoipa::OpenApi>::openapi()).unwrap();
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["CaseView"]["properties"]["priority"]["enum"],
        serde_json::json!(["low", "normal", "high", "urgent"])
    );
    let optional = &schemas["NewCaseBody"]["properties"]["priority"];
    assert_eq!(optional["type"], serde_json::json!(["string", "null"]), "{optional}");
    let filters = document["paths"]["/api/v1/cases"]["get"]["parameters"].as_array().unwrap();
    let status = filters.iter().find(|parameter| parameter["name"] == "status").unwrap();
    assert!(status["schema"]["enum"].as_array().unwrap().contains(&"resolved".into()), "{status}");
}

#[tokio::test]
async fn every_schema_reference_resolves() {
    let document = serde_json::to_value(<amends_server::ApiDoc as utoipa::OpenApi>::openapi()).unwrap();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let text = document.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(schemas.contains_key(name), "{name} is referenced but not defined");
    }
}

#[test]
fn imports_take_csv_and_json_lines() {
    let document = serde_json::to_value(<amends_server::ApiDoc as utoipa::OpenApi>::openapi()).unwrap();
    for path in ["/api/v1/imports/customers", "/api/v1/imports/orders", "/api/v1/imports/incidents/{id}/affected"] {
        let operation = &document["paths"][path]["post"];
        let content = operation["requestBody"]["content"].as_object().unwrap();
        let types: Vec<&str> = content.keys().map(String::as_str).collect();
        assert_eq!(types, ["application/x-ndjson", "text/csv"], "{path}");
        let summary = &operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(summary, "#/components/schemas/ImportSummary", "{path}");
    }
}
