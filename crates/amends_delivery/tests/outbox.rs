//! `OutboxFolder` writes, and the RFC 5322 form of an `Email` read back with mail-parser.

use std::fs;
use std::path::Path;

use amends_delivery::{DeliveryError, Email, MailTransport, OutboxFolder};
use chrono::{DateTime, TimeZone, Utc};
use mail_parser::{MessageParser, MimeHeaders};

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap()
}

fn email() -> Email {
    Email {
        message_id: "reply.42.abc123@amends.example".into(),
        from: "Acme Support <support@acme.example>".into(),
        to: vec!["Dana Customer <dana@example.com>".into(), "ops@example.com".into()],
        reply_to: Some("Case 42 <case-42@acme.example>".into()),
        subject: "We’re sorry about order #1234".into(),
        text: "Dear Dana,\n\nWe are sorry your order arrived damaged. A replacement ships today.\n".into(),
        html: Some("<p>Dear Dana,</p><p>We are sorry your order arrived damaged.</p>".into()),
        headers: vec![("X-Amends-Case".into(), "42".into())],
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn writes_one_eml_file_that_parses_back() {
    let temp = tempfile::tempdir().unwrap();
    let outbox = OutboxFolder::new(temp.path().join("outbox/new"));

    outbox.send(&email(), at()).await.unwrap();

    assert_eq!(files_in(outbox.dir()), ["reply.42.abc123@amends.example.eml"]);
    let bytes = fs::read(outbox.path_for("reply.42.abc123@amends.example")).unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(message.message_id(), Some("reply.42.abc123@amends.example"));
    assert_eq!(message.subject(), Some("We’re sorry about order #1234"));
    assert_eq!(message.date().unwrap().to_rfc3339(), "2026-03-02T09:30:00Z");
    let from = message.from().unwrap().first().unwrap();
    assert_eq!((from.name(), from.address()), (Some("Acme Support"), Some("support@acme.example")));
    assert_eq!(message.to().unwrap().iter().count(), 2);
    assert_eq!(message.reply_to().unwrap().first().unwrap().address(), Some("case-42@acme.example"));
    assert_eq!(message.header("X-Amends-Case").unwrap().as_text(), Some("42"));
    assert_eq!(message.content_type().unwrap().subtype(), Some("alternative"));
    assert!(message.body_text(0).unwrap().contains("A replacement ships today."));
    assert!(message.body_html(0).unwrap().contains("<p>We are sorry your order arrived damaged.</p>"));
}

#[tokio::test]
async fn a_text_only_email_is_a_single_plain_part() {
    let temp = tempfile::tempdir().unwrap();
    let outbox = OutboxFolder::new(temp.path());

    outbox.send(&Email { html: None, ..email() }, at()).await.unwrap();

    let bytes = fs::read(outbox.path_for("reply.42.abc123@amends.example")).unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(message.content_type().unwrap().subtype(), Some("plain"));
    assert!(!String::from_utf8_lossy(&bytes).contains("text/html"));
}

#[tokio::test]
async fn sending_again_replaces_the_file_and_leaves_no_temporary_file() {
    let temp = tempfile::tempdir().unwrap();
    let outbox = OutboxFolder::new(temp.path());

    let sends: Vec<_> = (0..8)
        .map(|_| {
            let outbox = outbox.clone();
            tokio::spawn(async move { outbox.send(&email(), at()).await })
        })
        .collect();
    for send in sends {
        send.await.unwrap().unwrap();
    }
    outbox.send(&email(), at()).await.unwrap();

    assert_eq!(files_in(temp.path()), ["reply.42.abc123@amends.example.eml"]);
}

#[test]
fn message_ids_become_safe_file_names() {
    let outbox = OutboxFolder::new("/var/spool/amends");
    assert_eq!(
        outbox.path_for("../../etc/passwd id@x").to_str().unwrap(),
        "/var/spool/amends/.._.._etc_passwd_id@x.eml"
    );
}

#[rstest::rstest]
#[case::angle_brackets(Email { message_id: "<reply.1@amends.example>".into(), ..email() }, "is not a bare Message-ID")]
#[case::bad_from(Email { from: "Acme Support".into(), ..email() }, "`from` address `Acme Support` is invalid")]
#[case::no_recipient(Email { to: vec![], ..email() }, "has no recipient")]
#[case::reserved_header(Email { headers: vec![("Subject".into(), "x".into())], ..email() }, "would replace one built")]
#[case::bad_header_name(Email { headers: vec![("X Case".into(), "1".into())], ..email() }, "header name `X Case` is invalid")]
#[case::header_injection(Email { headers: vec![("X-Case".into(), "1\r\nBcc: a@b.c".into())], ..email() }, "line break")]
fn an_email_that_cannot_be_built_is_permanent(#[case] email: Email, #[case] says: &str) {
    let err = email.to_rfc5322(at()).unwrap_err();
    let DeliveryError::Permanent { reason } = &err else { panic!("not permanent: {err:?}") };
    assert!(reason.contains(says), "{reason}");
}

#[test]
fn an_email_round_trips_through_json() {
    let json = serde_json::to_string(&email()).unwrap();
    assert_eq!(serde_json::from_str::<Email>(&json).unwrap(), email());
}
