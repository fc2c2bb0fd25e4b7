//! The body of a MIME message (`.eml`): its first plain-text part, or its HTML part as
//! text when it has no plain one. Transfer encodings and character sets are decoded by
//! `mail-parser`.

use mail_parser::{MessageParser, PartType};

/// The part of a message that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    /// A `text/plain` part.
    Text(String),
    /// A `text/html` part, as HTML.
    Html(String),
}

/// Why a message has nothing to lint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum EmailError {
    /// Not a MIME message at all.
    #[error("not an email message (no headers or body could be read); save the message as .eml in RFC 5322 format")]
    NotAMessage,
    /// A message with only attachments.
    #[error("the message has no text or HTML body to lint")]
    NoBody,
}

/// Reads the body of the message `raw`.
pub(crate) fn body(raw: &[u8]) -> Result<Body, EmailError> {
    let message = MessageParser::default().parse(raw).ok_or(EmailError::NotAMessage)?;
    let part = |id: &u32| message.parts.get(*id as usize).map(|part| &part.body);
    let text = message.text_body.iter().find_map(|id| match part(id) {
        Some(PartType::Text(text)) => Some(Body::Text(text.to_string())),
        _ => None,
    });
    let html = || {
        message.html_body.iter().find_map(|id| match part(id) {
            Some(PartType::Html(html)) => Some(Body::Html(html.to_string())),
            _ => None,
        })
    };
    text.or_else(html).ok_or(EmailError::NoBody)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALTERNATIVE: &str = "From: Priya Shah <priya@northwind.example>\r
To: Dana Whitfield <dana@example.com>\r
Subject: Your order #48213\r
MIME-Version: 1.0\r
Content-Type: multipart/alternative; boundary=\"b1\"\r
\r
--b1\r
Content-Type: text/plain; charset=utf-8\r
\r
Dear Dana,\r
\r
I'm sorry we sent the pink sweater instead of the blue one.\r
\r
--b1\r
Content-Type: text/html; charset=utf-8\r
\r
<p>Dear Dana,</p><p>I&rsquo;m sorry we sent the <b>pink</b> sweater.</p>\r
--b1--\r
";

    #[test]
    fn takes_the_plain_part_of_a_multipart_alternative_message() {
        assert_eq!(
            body(ALTERNATIVE.as_bytes()),
            Ok(Body::Text("Dear Dana,\r\n\r\nI'm sorry we sent the pink sweater instead of the blue one.\r\n".into()))
        );
    }

    #[test]
    fn decodes_quoted_printable_and_the_charset() {
        let raw = "From: support@northwind.example\r
Subject: =?utf-8?q?Sorry?=\r
Content-Type: text/plain; charset=iso-8859-1\r
Content-Transfer-Encoding: quoted-printable\r
\r
Dear Zo=EB,\r
\r
We're sorry your refund for order #48213 was late. It was sent on 3 March =\r
and will reach you by Friday.\r
";
        let Ok(Body::Text(text)) = body(raw.as_bytes()) else { panic!("no text body") };
        assert_eq!(
            text,
            "Dear Zo\u{eb},\r\n\r\nWe're sorry your refund for order #48213 was late. It was sent on 3 March and will reach you by Friday.\r\n"
        );
    }

    #[test]
    fn falls_back_to_the_html_part() {
        let raw = "From: a@example.com\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Dear Dana,</p><p>We&rsquo;re sorry.</p>\r\n";
        assert_eq!(body(raw.as_bytes()), Ok(Body::Html("<p>Dear Dana,</p><p>We&rsquo;re sorry.</p>\r\n".into())));
    }

    #[test]
    fn a_message_of_attachments_only_has_no_body() {
        let raw = "From: a@example.com\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n";
        assert_eq!(body(raw.as_bytes()), Err(EmailError::NoBody));
    }
}
