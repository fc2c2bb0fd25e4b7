//! An outgoing email as a job carries it, and its RFC 5322 form.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use serde::{Deserialize, Serialize};

use crate::DeliveryError;

/// Headers the builder writes from the fields; an extra header may not replace them.
const RESERVED_HEADERS: &[&str] = &[
    "bcc",
    "cc",
    "content-transfer-encoding",
    "content-type",
    "date",
    "from",
    "message-id",
    "mime-version",
    "reply-to",
    "sender",
    "subject",
    "to",
];

/// An outgoing email. Stored as a job's JSON payload, so every field is plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    /// The Message-ID without angle brackets (`reply.42.abc123@amends.example`). Chosen by the
    /// caller and deterministic, so a re-sent message is recognisably the same one.
    pub message_id: String,
    /// The sender's mailbox: `Acme Support <support@acme.example>` or a bare address.
    pub from: String,
    /// The recipients' mailboxes.
    pub to: Vec<String>,
    /// Where replies should go, when not to `from`.
    pub reply_to: Option<String>,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// An HTML body; when present the message is `multipart/alternative`.
    pub html: Option<String>,
    /// Extra headers such as `X-Amends-Case`, in order.
    pub headers: Vec<(String, String)>,
}

impl Email {
    /// The message as RFC 5322 bytes, with `Date: at` and this email's Message-ID.
    ///
    /// # Errors
    /// [`DeliveryError::Permanent`] when an address, the Message-ID or an extra header is
    /// malformed: the same email will never build.
    pub fn to_rfc5322(&self, at: DateTime<Utc>) -> Result<Vec<u8>, DeliveryError> {
        Ok(self.to_message(at)?.formatted())
    }

    /// The lettre message: its bytes and its envelope (from `from`, to `to`).
    pub(crate) fn to_message(&self, at: DateTime<Utc>) -> Result<Message, DeliveryError> {
        let id = &self.message_id;
        if id.is_empty() || id.contains(['<', '>']) || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(DeliveryError::permanent(format!(
                "message id `{id}` is not a bare Message-ID: give it without angle brackets or spaces, e.g. `reply.42@amends.example`"
            )));
        }
        let mut builder = Message::builder()
            .message_id(Some(format!("<{id}>")))
            .date(SystemTime::from(at))
            .from(mailbox("from", &self.from)?)
            .subject(&self.subject);
        if self.to.is_empty() {
            return Err(DeliveryError::permanent(format!("email {id} has no recipient: give at least one `to`")));
        }
        for to in &self.to {
            builder = builder.to(mailbox("to", to)?);
        }
        if let Some(reply_to) = &self.reply_to {
            builder = builder.reply_to(mailbox("reply_to", reply_to)?);
        }
        for (name, value) in &self.headers {
            if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                return Err(DeliveryError::permanent(format!(
                    "extra header `{name}` would replace one built from the email's fields: set that field instead"
                )));
            }
            let header = HeaderName::new_from_ascii(name.clone()).map_err(|_| {
                DeliveryError::permanent(format!(
                    "extra header name `{name}` is invalid: use printable ASCII without spaces or colons"
                ))
            })?;
            if value.contains(['\r', '\n']) {
                return Err(DeliveryError::permanent(format!("extra header `{name}` has a line break in its value")));
            }
            builder = builder.raw_header(HeaderValue::new(header, value.clone()));
        }
        let built = match &self.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(self.text.clone(), html.clone())),
            // Without a Content-Type the body would mean US-ASCII (RFC 2045), and ours is UTF-8.
            None => builder.header(ContentType::TEXT_PLAIN).body(self.text.clone()),
        };
        built.map_err(|err| DeliveryError::permanent(format!("email {id} cannot be built: {err}")))
    }
}

fn mailbox(field: &str, value: &str) -> Result<Mailbox, DeliveryError> {
    value.parse().map_err(|err| {
        DeliveryError::permanent(format!(
            "`{field}` address `{value}` is invalid ({err}): use `Name <user@domain>` or `user@domain`"
        ))
    })
}
