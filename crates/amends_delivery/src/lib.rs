//! The channels that carry amends' outgoing messages: SMTP ([`SmtpSender`], over a pool of
//! connections it owns), an outbox folder of `.eml` files ([`OutboxFolder`], the zero-config
//! default) and signed webhooks ([`WebhookSender`], Standard Webhooks style).
//!
//! A pure I/O edge: no database and no clock. The caller (the job worker) passes the instant
//! a message is sent at, and decides from [`DeliveryError::is_transient`] whether to retry a
//! job later or dead-letter it. See `docs/delivery.md`.

mod email;
mod error;
mod outbox;
mod smtp;
#[cfg(feature = "testing")]
pub mod testing;
mod webhook;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub use email::Email;
pub use error::DeliveryError;
pub use outbox::OutboxFolder;
pub use smtp::{Security, SmtpConfig, SmtpConfigError, SmtpCredentials, SmtpSender};
pub use webhook::{
    DEFAULT_TOLERANCE, SecretError, VerifyError, Webhook, WebhookClientError, WebhookHeaders, WebhookSecret,
    WebhookSender, sign, verify,
};

/// The sender of amends' emails when none is configured.
pub const DEFAULT_SENDER: &str = "Customer Care <care@amends.localhost>";
/// The right-hand side of Message-IDs when no domain is configured.
pub const DEFAULT_MESSAGE_ID_DOMAIN: &str = "amends.localhost";

/// A way to deliver an [`Email`]: SMTP or the outbox folder.
#[async_trait]
pub trait MailTransport: Send + Sync {
    /// Delivers `email`, dated `at`. Sending the same email again (same `message_id`) is
    /// allowed: delivery is at least once, and receivers deduplicate on the Message-ID.
    async fn send(&self, email: &Email, at: DateTime<Utc>) -> Result<(), DeliveryError>;
}
