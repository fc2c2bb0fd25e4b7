//! Webhooks signed the Standard Webhooks way (<https://www.standardwebhooks.com/>): the
//! receiver checks `webhook-signature`, an HMAC-SHA256 over `{id}.{timestamp}.{body}`, and
//! rejects timestamps outside a tolerance, so a captured request cannot be replayed later.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Client, StatusCode, Url, redirect};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::DeliveryError;

type HmacSha256 = Hmac<Sha256>;

/// How far a receiver lets `webhook-timestamp` stray from its own clock, either way.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The most of a refusing receiver's response body quoted in an error.
const QUOTED_BODY_BYTES: usize = 256;

/// A signing key, written `whsec_<base64>`. `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(Vec<u8>);

/// Why a webhook secret does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// Not `whsec_…`.
    #[error("a webhook secret starts with `whsec_` followed by base64, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    MissingPrefix,
    /// The part after `whsec_` is not base64.
    #[error("the webhook secret after `whsec_` is not valid base64: copy it again in full")]
    NotBase64,
    /// `whsec_` with nothing after it.
    #[error("the webhook secret is empty after `whsec_`")]
    Empty,
}

impl WebhookSecret {
    /// A secret from raw key bytes (the spec recommends 24 to 64 random bytes).
    pub fn from_bytes(key: impl Into<Vec<u8>>) -> WebhookSecret {
        WebhookSecret(key.into())
    }

    fn mac(&self, id: &str, timestamp: &str, body: &[u8]) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

impl FromStr for WebhookSecret {
    type Err = SecretError;

    fn from_str(text: &str) -> Result<WebhookSecret, SecretError> {
        let encoded = text.trim().strip_prefix("whsec_").ok_or(SecretError::MissingPrefix)?;
        let key = STANDARD.decode(encoded).map_err(|_| SecretError::NotBase64)?;
        if key.is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(WebhookSecret(key))
    }
}

impl fmt::Display for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "whsec_{}", STANDARD.encode(&self.0))
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(<hidden>)")
    }
}

/// The `webhook-signature` value for a message: `v1,<base64 HMAC-SHA256>` over
/// `{msg_id}.{timestamp_secs}.{body}`.
pub fn sign(secret: &WebhookSecret, msg_id: &str, timestamp_secs: i64, body: &[u8]) -> String {
    let tag = secret.mac(msg_id, &timestamp_secs.to_string(), body).finalize().into_bytes();
    format!("v1,{}", STANDARD.encode(tag))
}

/// The three headers a receiver verifies, as received.
#[derive(Debug, Clone, Copy)]
pub struct WebhookHeaders<'a> {
    /// `webhook-id`: the message's id, the same on every retry (deduplicate on it).
    pub id: &'a str,
    /// `webhook-timestamp`: seconds since the Unix epoch, when it was sent.
    pub timestamp: &'a str,
    /// `webhook-signature`: one or more space-separated `v1,<base64>` signatures.
    pub signature: &'a str,
}

/// Why a received webhook was not accepted. Answer the sender with a 4xx (401 for
/// signatures, 400 for the rest).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// `webhook-timestamp` is not a whole number of seconds.
    #[error("webhook-timestamp `{0}` is not a whole number of seconds since the Unix epoch")]
    InvalidTimestamp(String),
    /// The timestamp is further from now than the tolerance: stale, replayed, or a skewed clock.
    #[error(
        "webhook-timestamp {timestamp} is {distance_secs} s from now, outside the {tolerance_secs} s tolerance: a replay, or a skewed clock"
    )]
    OutsideTolerance {
        /// The timestamp received.
        timestamp: i64,
        /// How far it is from now, in seconds, either way.
        distance_secs: u64,
        /// The tolerance in seconds.
        tolerance_secs: u64,
    },
    /// No `v1,` signature in `webhook-signature`.
    #[error("webhook-signature has no `v1,<base64>` signature")]
    NoSignature,
    /// No signature matches any of our secrets: the body was changed, or the secret differs.
    #[error("no webhook signature matches: the body was altered or it was signed with another secret")]
    Mismatch,
}

/// Checks a received webhook against our secrets (several during a key rotation), in
/// constant time; `now` is the receiver's clock, `tolerance` usually [`DEFAULT_TOLERANCE`].
///
/// # Errors
/// [`VerifyError`] says which check failed; never accept the body then.
pub fn verify(
    secrets: &[WebhookSecret],
    headers: &WebhookHeaders<'_>,
    body: &[u8],
    now: DateTime<Utc>,
    tolerance: Duration,
) -> Result<(), VerifyError> {
    let timestamp: i64 =
        headers.timestamp.trim().parse().map_err(|_| VerifyError::InvalidTimestamp(headers.timestamp.to_owned()))?;
    let distance_secs = now.timestamp().abs_diff(timestamp);
    if distance_secs > tolerance.as_secs() {
        return Err(VerifyError::OutsideTolerance { timestamp, distance_secs, tolerance_secs: tolerance.as_secs() });
    }
    let signatures: Vec<Vec<u8>> = headers
        .signature
        .split_whitespace()
        .filter_map(|entry| entry.strip_prefix("v1,"))
        .filter_map(|encoded| STANDARD.decode(encoded).ok())
        .collect();
    if signatures.is_empty() {
        return Err(VerifyError::NoSignature);
    }
    let timestamp = timestamp.to_string();
    for secret in secrets {
        let mac = secret.mac(headers.id, &timestamp, body);
        if signatures.iter().any(|signature| mac.clone().verify_slice(signature).is_ok()) {
            return Ok(());
        }
    }
    Err(VerifyError::Mismatch)
}

/// A webhook to deliver; stored as a job's JSON payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    /// The `webhook-id`: unique per event, the same on every retry of it.
    pub id: String,
    /// Where to `POST` it (`https://…`).
    pub url: String,
    /// The JSON body, exactly as signed and sent.
    pub body: String,
}

/// Why a [`WebhookSender`] could not be built.
#[derive(Debug, thiserror::Error)]
#[error("could not build the HTTP client for webhooks: {0}")]
pub struct WebhookClientError(String);

/// Posts signed webhooks.
#[derive(Debug, Clone)]
pub struct WebhookSender {
    client: Client,
    secret: WebhookSecret,
}

impl WebhookSender {
    /// A sender signing with `secret`, giving each request (connecting included) at most
    /// `timeout`. Redirects are not followed: a webhook URL that moved must be updated.
    ///
    /// # Errors
    /// When the TLS stack cannot be set up.
    pub fn new(secret: WebhookSecret, timeout: Duration) -> Result<WebhookSender, WebhookClientError> {
        let client = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(redirect::Policy::none())
            .user_agent(concat!("amends/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| WebhookClientError(err.to_string()))?;
        Ok(WebhookSender { client, secret })
    }

    /// Signs `webhook` with timestamp `at` and posts it. 2xx is success; 5xx, 429 (with its
    /// `Retry-After` seconds), 408, timeouts and connection failures are transient; any
    /// other status is permanent.
    ///
    /// # Errors
    /// [`DeliveryError`] with the status and the start of the receiver's answer.
    pub async fn send(&self, webhook: &Webhook, at: DateTime<Utc>) -> Result<(), DeliveryError> {
        let url = Url::parse(&webhook.url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .ok_or_else(|| DeliveryError::permanent(format!("webhook URL `{}` is not an http(s) URL", webhook.url)))?;
        let timestamp = at.timestamp();
        let signature = sign(&self.secret, &webhook.id, timestamp, webhook.body.as_bytes());
        let request = self
            .client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header("webhook-id", &webhook.id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(webhook.body.clone());
        let response = request.send().await.map_err(|err| {
            let what = if err.is_timeout() { "timed out" } else { "failed" };
            DeliveryError::transient(format!("webhook {} to {} {what}: {err}", webhook.id, webhook.url))
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse().ok())
            .map(Duration::from_secs);
        let reason = format!("webhook {} to {} got {status}{}", webhook.id, webhook.url, quoted_body(response).await);
        if status.is_server_error() || matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::REQUEST_TIMEOUT) {
            Err(DeliveryError::Transient { reason, retry_after })
        } else {
            Err(DeliveryError::Permanent { reason })
        }
    }
}

/// `: <the start of the body>`, or nothing when it is empty or unreadable.
async fn quoted_body(mut response: reqwest::Response) -> String {
    let mut quoted = Vec::new();
    while quoted.len() < QUOTED_BODY_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => quoted.extend_from_slice(&chunk),
            _ => break,
        }
    }
    quoted.truncate(QUOTED_BODY_BYTES);
    let text = String::from_utf8_lossy(&quoted);
    let text = text.trim();
    if text.is_empty() { String::new() } else { format!(": {text}") }
}
