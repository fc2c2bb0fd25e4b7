//! The composed message as an RFC 5322 email, ready for an outbox folder or SMTP.

use std::time::SystemTime;

use amends_core::compose::{ComposedMessage, message_id};
use amends_core::facts::CaseFacts;
use anyhow::{Context, bail};
use lettre::Message;
use lettre::message::{Mailbox, MultiPart};

/// Builds the message: text and HTML alternatives, to the customer's email, with a
/// Message-ID derived from the recipient, form and case so a resend carries the same one.
pub(super) fn build(
    message: &ComposedMessage,
    facts: &CaseFacts,
    from: &str,
    recipient_key: &str,
    date: SystemTime,
) -> anyhow::Result<Vec<u8>> {
    let Some(html) = &message.html else { bail!("--format eml is for the email channel, not {}", message.channel) };
    let Some(subject) = &message.subject else {
        bail!("--format eml is for the email channel, not {}", message.channel)
    };
    let Some(email) = &facts.customer.email else { bail!("customer.email: missing: --format eml needs an address") };
    let from: Mailbox = from.parse().with_context(|| format!("--from `{from}` is not an address"))?;
    let to =
        Mailbox::new(Some(facts.customer.name.clone()), email.parse().context("customer.email is not an address")?);
    let domain = from.email.domain().to_owned();
    let reference = facts.incident.reference.as_deref().unwrap_or("");
    let email = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .date(date)
        .message_id(Some(message_id(recipient_key, message.form, reference, &domain)))
        .multipart(MultiPart::alternative_plain_html(message.text.clone(), html.clone()))
        .context("building the email")?;
    Ok(email.formatted())
}
