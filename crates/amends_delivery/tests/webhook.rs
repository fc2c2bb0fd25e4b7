//! Webhook signing and verification, and `WebhookSender` against a real HTTP receiver.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use amends_delivery::{
    DEFAULT_TOLERANCE, DeliveryError, VerifyError, Webhook, WebhookHeaders, WebhookSecret, WebhookSender, sign, verify,
};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use chrono::{DateTime, TimeZone, Utc};
use rstest::rstest;

/// The example from the Standard Webhooks specification.
const SPEC_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SPEC_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SPEC_TIMESTAMP: i64 = 1614265330;
const SPEC_BODY: &str = r#"{"test": 2432232314}"#;
const SPEC_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn secret() -> WebhookSecret {
    SPEC_SECRET.parse().unwrap()
}

fn spec_now() -> DateTime<Utc> {
    Utc.timestamp_opt(SPEC_TIMESTAMP, 0).unwrap()
}

fn spec_headers(signature: &str) -> WebhookHeaders<'_> {
    WebhookHeaders { id: SPEC_ID, timestamp: "1614265330", signature }
}

#[test]
fn signs_like_the_specification() {
    assert_eq!(sign(&secret(), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY.as_bytes()), SPEC_SIGNATURE);
    assert_eq!(
        verify(&[secret()], &spec_headers(SPEC_SIGNATURE), SPEC_BODY.as_bytes(), spec_now(), DEFAULT_TOLERANCE),
        Ok(())
    );
}

#[test]
fn any_of_several_signatures_and_secrets_may_match() {
    let old: WebhookSecret = "whsec_b2xkIHNlY3JldCBrZXkgZm9yIHJvdGF0aW9u".parse().unwrap();
    let header = format!("v1,bm90IGl0 v2,whatever {SPEC_SIGNATURE}");
    let body = SPEC_BODY.as_bytes();
    assert_eq!(verify(&[old.clone(), secret()], &spec_headers(&header), body, spec_now(), DEFAULT_TOLERANCE), Ok(()));
    assert_eq!(verify(&[old], &spec_headers(&header), body, spec_now(), DEFAULT_TOLERANCE), Err(VerifyError::Mismatch));
}

#[rstest]
#[case::tampered_body(SPEC_SIGNATURE, r#"{"test": 2432232315}"#, 0, VerifyError::Mismatch)]
#[case::no_v1("v2,abc", SPEC_BODY, 0, VerifyError::NoSignature)]
#[case::too_old(SPEC_SIGNATURE, SPEC_BODY, 301, VerifyError::OutsideTolerance { timestamp: SPEC_TIMESTAMP, distance_secs: 301, tolerance_secs: 300 })]
#[case::too_new(SPEC_SIGNATURE, SPEC_BODY, -301, VerifyError::OutsideTolerance { timestamp: SPEC_TIMESTAMP, distance_secs: 301, tolerance_secs: 300 })]
fn verification_fails(
    #[case] signature: &str,
    #[case] body: &str,
    #[case] clock_ahead: i64,
    #[case] expected: VerifyError,
) {
    let now = spec_now() + chrono::Duration::seconds(clock_ahead);
    assert_eq!(verify(&[secret()], &spec_headers(signature), body.as_bytes(), now, DEFAULT_TOLERANCE), Err(expected));
}

#[test]
fn within_the_tolerance_either_way_is_accepted() {
    for skew in [-300, 300] {
        let now = spec_now() + chrono::Duration::seconds(skew);
        let headers = spec_headers(SPEC_SIGNATURE);
        assert_eq!(verify(&[secret()], &headers, SPEC_BODY.as_bytes(), now, DEFAULT_TOLERANCE), Ok(()));
    }
}

#[rstest]
#[case("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "starts with `whsec_`")]
#[case("whsec_not base64!", "not valid base64")]
#[case("whsec_", "empty")]
fn a_bad_secret_says_why(#[case] text: &str, #[case] says: &str) {
    let err = text.parse::<WebhookSecret>().unwrap_err().to_string();
    assert!(err.contains(says), "{err}");
}

#[test]
fn secrets_print_back_but_never_in_debug() {
    assert_eq!(secret().to_string(), SPEC_SECRET);
    assert_eq!(format!("{:?}", secret()), "WebhookSecret(<hidden>)");
}

/// A receiver verifying with the spec's secret against a fixed clock, keeping what it accepted.
#[derive(Clone)]
struct Receiver {
    now: DateTime<Utc>,
    accepted: Arc<Mutex<Vec<(String, String)>>>,
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> impl IntoResponse {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    if header("content-type") != "application/json" {
        return (StatusCode::UNSUPPORTED_MEDIA_TYPE, "expected application/json".to_owned());
    }
    let (id, timestamp, signature) = (header("webhook-id"), header("webhook-timestamp"), header("webhook-signature"));
    let headers = WebhookHeaders { id: &id, timestamp: &timestamp, signature: &signature };
    match verify(&[secret()], &headers, &body, receiver.now, DEFAULT_TOLERANCE) {
        Ok(()) => {
            receiver.accepted.lock().unwrap().push((id, String::from_utf8(body.to_vec()).unwrap()));
            (StatusCode::NO_CONTENT, String::new())
        }
        Err(err) => (StatusCode::UNAUTHORIZED, err.to_string()),
    }
}

async fn answer(Path(status): Path<u16>) -> impl IntoResponse {
    let status = StatusCode::from_u16(status).unwrap();
    let mut headers = HeaderMap::new();
    if status == StatusCode::TOO_MANY_REQUESTS {
        headers.insert("retry-after", "7".parse().unwrap());
    }
    (status, headers, format!("scripted {status}"))
}

async fn slow() -> StatusCode {
    tokio::time::sleep(Duration::from_secs(5)).await;
    StatusCode::NO_CONTENT
}

/// Serves the receiver on 127.0.0.1 at a free port; returns its base URL.
async fn serve(receiver: Receiver) -> String {
    let app = Router::new()
        .route("/hook", post(receive))
        .route("/status/{status}", post(answer))
        .route("/slow", post(slow))
        .with_state(receiver);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap()
}

async fn receiver() -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let accepted = Arc::default();
    let base = serve(Receiver { now: now(), accepted: Arc::clone(&accepted) }).await;
    (base, accepted)
}

fn webhook(url: String) -> Webhook {
    Webhook { id: "msg_case_42_resolved".into(), url, body: r#"{"type":"case.resolved","case":42}"#.into() }
}

fn sender(secret: WebhookSecret) -> WebhookSender {
    WebhookSender::new(secret, Duration::from_millis(500)).unwrap()
}

#[tokio::test]
async fn a_signed_webhook_is_verified_and_accepted() {
    let (base, accepted) = receiver().await;

    sender(secret()).send(&webhook(format!("{base}/hook")), now()).await.unwrap();

    let accepted = accepted.lock().unwrap().clone();
    assert_eq!(accepted, [("msg_case_42_resolved".to_owned(), r#"{"type":"case.resolved","case":42}"#.to_owned())]);
}

#[tokio::test]
async fn the_receiver_refuses_a_wrong_secret_and_a_replay() {
    let (base, accepted) = receiver().await;
    let wrong: WebhookSecret = "whsec_d3Jvbmcgc2VjcmV0IGtleSAxMjM0NTY3OA==".parse().unwrap();

    let err = sender(wrong).send(&webhook(format!("{base}/hook")), now()).await.unwrap_err();
    let DeliveryError::Permanent { reason } = &err else { panic!("not permanent: {err:?}") };
    assert!(reason.contains("401") && reason.contains("no webhook signature matches"), "{reason}");

    let replayed_at = now() - chrono::Duration::minutes(10);
    let err = sender(secret()).send(&webhook(format!("{base}/hook")), replayed_at).await.unwrap_err();
    let DeliveryError::Permanent { reason } = &err else { panic!("not permanent: {err:?}") };
    assert!(reason.contains("outside the 300 s tolerance"), "{reason}");

    assert!(accepted.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_receiver_refuses_a_tampered_body() {
    let (base, accepted) = receiver().await;
    let timestamp = now().timestamp();
    let signature = sign(&secret(), "msg_1", timestamp, br#"{"refund":10}"#);

    let response = reqwest::Client::new()
        .post(format!("{base}/hook"))
        .header("content-type", "application/json")
        .header("webhook-id", "msg_1")
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(r#"{"refund":1000}"#)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(accepted.lock().unwrap().is_empty());
}

#[rstest]
#[case::server_error("status/500", true, None)]
#[case::unavailable("status/503", true, None)]
#[case::too_many_requests("status/429", true, Some(Duration::from_secs(7)))]
#[case::request_timeout("status/408", true, None)]
#[case::bad_request("status/400", false, None)]
#[case::gone("status/410", false, None)]
#[case::redirect("status/301", false, None)]
#[case::timeout("slow", true, None)]
#[tokio::test]
async fn responses_are_classified(#[case] path: &str, #[case] transient: bool, #[case] wait: Option<Duration>) {
    let (base, _) = receiver().await;

    let err = sender(secret()).send(&webhook(format!("{base}/{path}")), now()).await.unwrap_err();

    match err {
        DeliveryError::Transient { reason, retry_after } if transient => {
            assert_eq!(retry_after, wait, "{reason}");
            if path == "slow" {
                assert!(reason.contains("timed out"), "{reason}");
            } else {
                assert!(reason.contains("scripted"), "the receiver's text is quoted: {reason}");
            }
        }
        DeliveryError::Permanent { reason } if !transient => assert!(reason.contains(&path[7..]), "{reason}"),
        other => panic!("{path}: {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_connection_is_transient_and_a_bad_url_permanent() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let err = sender(secret()).send(&webhook(format!("http://127.0.0.1:{port}/hook")), now()).await.unwrap_err();
    assert!(err.is_transient(), "{err:?}");

    let err = sender(secret()).send(&webhook("ftp://example.com/hook".into()), now()).await.unwrap_err();
    assert!(matches!(err, DeliveryError::Permanent { .. }), "{err:?}");
}
