//! Imports over HTTP, on SQLite and on PostgreSQL: counts, bad rows by line, re-imports that
//! change nothing, JSON Lines, the affected customers of an incident, refusals, and a large
//! upload streamed in chunks that the server writes before it has ended.

mod support;

use std::convert::Infallible;
use std::time::Duration;

use amends_server::{ServerSettings, serve_with_listener};
use amends_store::PageRequest;
use amends_store::model::{AuditFilter, Entity};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use futures_util::stream;
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tower::ServiceExt;

use support::{Backend, Reply, TestApp};

async fn app(backend: Backend) -> Option<TestApp> {
    TestApp::start(backend, ServerSettings::default()).await
}

/// `POST path` with `token`, the body sent as `content_type`.
fn upload_request(path: &str, token: &str, content_type: &str, body: Body) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(body)
        .unwrap()
}

async fn upload(app: &TestApp, path: &str, token: &str, content_type: &str, body: &str) -> Reply {
    app.send(upload_request(path, token, content_type, Body::from(body.to_owned()))).await
}

async fn csv(app: &TestApp, path: &str, body: &str) -> Reply {
    upload(app, path, &app.manager, "text/csv", body).await
}

/// The counts of an import's reply, in the order `created, updated, unchanged, rejected`.
fn counts(reply: &Reply) -> [u64; 4] {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    ["created", "updated", "unchanged", "rejected"].map(|key| reply.json[key].as_u64().unwrap())
}

const CUSTOMERS: &str = "external_id,name,email,time_zone,tier\n\
    C-1001,Dana Whitfield,dana@example.com,America/Chicago,gold\n\
    C-1002,Sam Okafor,sam@example.com,Mars/Olympus,\n\
    C-1003,\"Raman, Priya\",priya@example.com,Asia/Kolkata,silver\n\
    C-1004,Lee Chen\n\
    C-1005,Ines Duarte,,Europe/Lisbon,\n";

async fn customers_are_imported_bad_rows_reported_and_reimports_change_nothing(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let first = csv(&app, "/api/v1/imports/customers", CUSTOMERS).await;
    assert_eq!(counts(&first), [3, 0, 0, 2]);
    assert_eq!(first.json["rows"], 5);
    assert_eq!(
        first.json["errors"],
        json!([
            {"line": 3, "field": "time_zone",
             "reason": "`Mars/Olympus` is not an IANA time zone such as Europe/Paris"},
            {"line": 5, "reason": "has 2 fields where the header has 5"},
        ])
    );
    let customer = app.store.find_customer_by_external_id("C-1003").await.unwrap();
    assert_eq!(customer.name, "Raman, Priya");
    let filter = AuditFilter { entity: Some(Entity::Customer), entity_id: Some(customer.id.0) };
    let audit = app.store.list_audit(&filter, PageRequest::default()).await.unwrap();
    let manager = app.store.find_user_by_email("manager@shop.example").await.unwrap();
    assert_eq!(audit.items[0].actor, format!("user:{}", manager.id.0), "the importer is audited");

    // An Idempotency-Key is ignored: the import runs again, and changes nothing.
    let keyed = |body: &str| {
        let mut request =
            upload_request("/api/v1/imports/customers", &app.manager, "text/csv", Body::from(body.to_owned()));
        request.headers_mut().insert("idempotency-key", "import-1".parse().unwrap());
        request
    };
    let again = app.send(keyed(CUSTOMERS)).await;
    assert_eq!(counts(&again), [0, 0, 3, 2]);
    assert!(!again.headers.contains_key("idempotent-replayed"));
    let renamed = app.send(keyed(&CUSTOMERS.replace("Ines Duarte", "Inês Duarte"))).await;
    assert_eq!(counts(&renamed), [0, 1, 2, 2], "another body under the same key is a new import");
    app.finish().await;
}

async fn orders_and_json_lines_are_imported(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let customers = "{\"external_id\":\"K1\",\"name\":\"Dana Whitfield\",\"time_zone\":\"America/Chicago\"}\n\n\
                     {\"external_id\":\"K2\",\"nmae\":\"Sam Okafor\",\"time_zone\":\"Europe/London\"}\n";
    for content_type in ["application/x-ndjson", "application/jsonl", "application/json-lines; charset=utf-8"] {
        let reply = upload(&app, "/api/v1/imports/customers", &app.admin, content_type, customers).await;
        assert_eq!(reply.json["rows"], 2, "the blank line is no row");
        assert_eq!(reply.json["errors"][0]["line"], 3, "{content_type}: {}", reply.json);
        assert!(reply.json["errors"][0]["reason"].as_str().unwrap().contains("unknown field `nmae`"));
    }
    let orders = "external_id,customer_external_id,placed_at,total,currency,summary\n\
                  O-1,K1,2026-11-18T14:05:00Z,68.00,USD,blue sweater\n\
                  O-2,K9,2026-11-19T10:00:00Z,12.50,USD,gift wrap\n";
    let reply = csv(&app, "/api/v1/imports/orders", orders).await;
    assert_eq!(counts(&reply), [1, 0, 0, 1]);
    assert_eq!(reply.json["errors"][0]["field"], "customer_external_id");
    assert_eq!(counts(&csv(&app, "/api/v1/imports/orders", orders).await), [0, 0, 1, 1]);
    app.finish().await;
}

async fn affected_customers_are_imported_into_an_incident(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    csv(&app, "/api/v1/imports/customers", CUSTOMERS).await;
    let incident = json!({"title": "Carrier lost a day of parcels", "root_cause": "carrier", "severity": "high",
        "status": "investigating", "started_at": "2026-03-01T08:00:00Z"});
    let id = app.post("/api/v1/incidents", &app.manager, incident).await.json["id"].as_i64().unwrap();
    let path = format!("/api/v1/imports/incidents/{id}/affected");
    let affected = "external_id\nC-1001\nC-1002\nC-1005\nC-1001\n";
    let reply = csv(&app, &path, affected).await;
    assert_eq!(counts(&reply), [2, 0, 1, 1], "the repeated C-1001 changes nothing");
    assert_eq!(reply.json["errors"][0]["line"], 3);
    assert!(reply.json["errors"][0]["reason"].as_str().unwrap().contains("no customer has external id `C-1002`"));
    let listed = app.get(&format!("/api/v1/incidents/{id}/affected"), &app.agent).await;
    assert_eq!(listed.json["items"].as_array().unwrap().len(), 2);
    assert_eq!(counts(&csv(&app, &path, affected).await), [0, 0, 3, 1]);

    // A missing incident is 404 before the body is read: this body never ends.
    let endless = Body::from_stream(stream::pending::<Result<String, Infallible>>());
    let request = upload_request("/api/v1/imports/incidents/999999/affected", &app.manager, "text/csv", endless);
    let reply = tokio::time::timeout(Duration::from_secs(10), app.send(request)).await.expect("answered at once");
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.json);
    app.finish().await;
}

async fn wrong_types_columns_and_roles_are_refused(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let routes = ["/api/v1/imports/customers", "/api/v1/imports/orders", "/api/v1/imports/incidents/1/affected"];
    for path in routes {
        let reply = upload(&app, path, &app.agent, "text/csv", "external_id\n").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "agent {path}: {}", reply.json);
        let reply = upload(&app, path, &app.manager, "application/json", "{}").await;
        assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{path}");
        assert_eq!(reply.content_type(), "application/problem+json");
        assert!(reply.json["detail"].as_str().unwrap().contains("send text/csv for CSV, or application/x-ndjson"));
    }
    let untyped = app.call(Method::POST, "/api/v1/imports/customers", &app.admin, None).await;
    assert_eq!(untyped.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let reply = csv(&app, "/api/v1/imports/customers", "external_id,full_name,time_zone\nC1,Ada,UTC\n").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["errors"][0]["field"], "full_name");
    assert!(reply.json["errors"][0]["reason"].as_str().unwrap().starts_with("line 1: unknown column `full_name`"));
    let reply = csv(&app, "/api/v1/imports/orders", "external_id,placed_at\n").await;
    assert_eq!(reply.json["errors"][0]["field"], "customer_external_id", "the first missing column");
    assert!(app.store.find_customer_by_external_id("C1").await.is_err(), "nothing written");
    app.finish().await;
}

/// Rows in a streamed upload.
const STREAMED_ROWS: usize = 30_000;
/// Rows per chunk of the upload.
const CHUNK_ROWS: usize = 500;

/// Rows `from..to` of a generated customer file, the header first when `from` is 0.
fn customer_rows(from: usize, to: usize) -> String {
    let mut text = if from == 0 { String::from("external_id,name,email,time_zone\n") } else { String::new() };
    for index in from..to {
        text.push_str(&format!("S{index},Customer {index},s{index}@example.com,Europe/Dublin\n"));
    }
    text
}

/// Waits until the store has the customer `external_id`; panics after 30 s.
async fn committed(app: &TestApp, external_id: &str) {
    for _ in 0..1500 {
        if app.store.find_customer_by_external_id(external_id).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{external_id} was never written");
}

async fn a_large_upload_is_written_while_it_streams(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let (chunks, receiver) = mpsc::channel::<Result<String, Infallible>>(4);
    let body = Body::from_stream(stream::unfold(receiver, |mut receiver| async {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    }));
    let request = upload_request("/api/v1/imports/customers", &app.manager, "text/csv", body);
    let response = tokio::spawn(app.router.clone().oneshot(request));

    let mut sent = 0;
    while sent < 3_000 {
        chunks.send(Ok(customer_rows(sent, sent + CHUNK_ROWS))).await.unwrap();
        sent += CHUNK_ROWS;
    }
    // The upload is open and most of it unsent: the first batch is in the store all the same.
    committed(&app, "S0").await;
    assert!(!response.is_finished(), "the server waits for the rest");
    while sent < STREAMED_ROWS {
        chunks.send(Ok(customer_rows(sent, sent + CHUNK_ROWS))).await.unwrap();
        sent += CHUNK_ROWS;
    }
    drop(chunks);

    let response = response.await.unwrap().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let reply: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(reply["created"], STREAMED_ROWS);
    assert_eq!(reply["errors"], json!([]));
    app.finish().await;
}

async fn a_client_that_disconnects_leaves_its_batches_and_can_resume(backend: Backend) {
    let Some(app) = app(backend).await else { return };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(serve_with_listener(listener, app.state.clone(), std::future::pending()));

    let total = 5_000;
    let mut stream = TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST /api/v1/imports/customers HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: text/csv\r\nContent-Length: 100000000\r\n\r\n",
        app.manager
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(customer_rows(0, 2_500).as_bytes()).await.unwrap();
    committed(&app, "S999").await;
    drop(stream);

    // The server goes on serving; sending the whole file again completes the import.
    let again = csv(&app, "/api/v1/imports/customers", &customer_rows(0, total)).await;
    let [created, updated, unchanged, rejected] = counts(&again);
    assert!(unchanged >= 1_000, "the first batch was kept: {}", again.json);
    assert_eq!((created + unchanged, updated, rejected), (total as u64, 0, 0));
    assert!(!server.is_finished());
    server.abort();
    app.finish().await;
}

on_every_backend!(
    customers_are_imported_bad_rows_reported_and_reimports_change_nothing,
    orders_and_json_lines_are_imported,
    affected_customers_are_imported_into_an_incident,
    wrong_types_columns_and_roles_are_refused,
    a_large_upload_is_written_while_it_streams,
    a_client_that_disconnects_leaves_its_batches_and_can_resume,
);
