//! Whatever JSON a client sends to the case and customer endpoints, the answer is never 5xx.

mod support;

use amends_server::ServerSettings;
use axum::http::Method;
use proptest::prelude::*;
use serde_json::{Value, json};

use support::{Backend, TestApp, request};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |number| number.is_finite()).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        prop_oneof![Just("email"), Just("urgent"), Just("inbound"), Just("UTC"), Just("2026-03-02T09:00:00Z")]
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(field_name(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("external_id"),
        Just("name"),
        Just("time_zone"),
        Just("contacts"),
        Just("kind"),
        Just("value"),
        Just("customer_id"),
        Just("channel"),
        Just("priority"),
        Just("subject"),
        Just("status"),
        Just("owner_id"),
        Just("incident_id"),
        Just("first_message"),
        Just("body"),
        Just("direction"),
        Just("sent_at"),
        Just("x"),
    ]
    .prop_map(str::to_owned)
}

const TARGETS: &[(&str, &str)] = &[
    ("POST", "/api/v1/customers"),
    ("PATCH", "/api/v1/customers/1"),
    ("POST", "/api/v1/cases"),
    ("PATCH", "/api/v1/cases/1"),
    ("POST", "/api/v1/cases/1/messages"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_json_body_gets_a_server_error(bodies in prop::collection::vec(any_json(), TARGETS.len())) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let app = TestApp::start(Backend::Sqlite, ServerSettings::default()).await.unwrap();
            let customer = app.customer("C-1").await;
            app.case(customer, "normal").await;
            for ((method, path), body) in TARGETS.iter().zip(&bodies) {
                let method = Method::from_bytes(method.as_bytes()).unwrap();
                let reply = app.send(request(method, path, Some(&app.admin), Some(body.to_string().into_bytes()), &[])).await;
                assert!(!reply.status.is_server_error(), "{path} {body}: {} {}", reply.status, reply.json);
                assert!(reply.status != 200 && reply.status != 201 || reply.json.is_object(), "{path} {body}");
            }
            let valid = json!({"direction": "inbound", "body": bodies[0].to_string()});
            let reply = app.post("/api/v1/cases/1/messages", &app.agent, valid).await;
            assert!(!reply.status.is_server_error(), "{}", reply.json);
            app.finish().await;
        });
    }
}
