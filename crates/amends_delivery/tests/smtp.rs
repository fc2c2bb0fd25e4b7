//! `SmtpSender` against a real SMTP server process (aiosmtpd, `testing/smtp_server.py`).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use amends_delivery::testing::SmtpServer;
use amends_delivery::{DeliveryError, Email, MailTransport, SmtpSender};
use chrono::{DateTime, TimeZone, Utc};
use rstest::rstest;

const WAIT: Duration = Duration::from_secs(10);

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap()
}

fn sender(server: &SmtpServer, max_connections: usize) -> SmtpSender {
    let url =
        format!("{}?timeout_secs=5&max_connections={max_connections}&hello_name=test.amends.example", server.url());
    SmtpSender::new(url.parse().unwrap())
}

fn email(n: usize) -> Email {
    Email {
        message_id: format!("reply.{n}.c0ffee@amends.example"),
        from: "Acme Support <support@acme.example>".into(),
        to: vec![format!("Customer {n} <customer{n}@example.com>")],
        reply_to: Some("cases@acme.example".into()),
        subject: format!("About your order #{n}"),
        text: "We are sorry the parcel arrived late. A refund is on its way.".into(),
        html: None,
        headers: vec![("X-Amends-Case".into(), n.to_string())],
    }
}

#[tokio::test]
async fn text_and_html_messages_arrive_with_their_message_ids() {
    let Some(server) = SmtpServer::start(&[]) else { return };
    let smtp = sender(&server, 2);
    let text = email(1);
    let html = Email { html: Some("<p>We are <em>sorry</em> the parcel arrived late.</p>".into()), ..email(2) };

    smtp.send(&text, at()).await.unwrap();
    smtp.send(&html, at()).await.unwrap();

    let received = server.wait_for(2, WAIT);
    let ids: Vec<_> = received.iter().map(|r| r.message_id.as_str()).collect();
    assert_eq!(ids, ["reply.1.c0ffee@amends.example", "reply.2.c0ffee@amends.example"]);
    assert_eq!(received[0].rcpt, ["customer1@example.com"]);
    assert!(received[1].bytes > received[0].bytes, "the HTML alternative travels too");
    assert_eq!(received[0].peer, received[1].peer, "sequential sends reuse one connection");
}

#[rstest]
#[case::service_closing("421")]
#[case::local_error("451")]
#[tokio::test]
async fn a_deferral_is_transient_and_the_retry_succeeds(#[case] code: &str) {
    let Some(server) = SmtpServer::start(&["--temp-fail", "1", "--temp-code", code]) else { return };
    let smtp = sender(&server, 1);

    let err = smtp.send(&email(7), at()).await.unwrap_err();
    let DeliveryError::Transient { reason, retry_after: None } = &err else { panic!("not transient: {err:?}") };
    assert!(reason.contains(code) && reason.contains("Try again later"), "{reason}");

    smtp.send(&email(7), at()).await.unwrap();
    assert_eq!(server.wait_for(1, WAIT).len(), 1);
}

#[tokio::test]
async fn a_rejection_is_permanent_with_the_servers_text() {
    let Some(server) = SmtpServer::start(&["--reject-code", "550"]) else { return };
    let smtp = sender(&server, 1);

    let err = smtp.send(&email(3), at()).await.unwrap_err();

    let DeliveryError::Permanent { reason } = &err else { panic!("not permanent: {err:?}") };
    assert!(reason.contains("550") && reason.contains("Message rejected by policy"), "{reason}");
    assert!(reason.contains("reply.3.c0ffee@amends.example"), "{reason}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_connection_dropped_before_the_reply_is_transient_and_the_pool_recovers() {
    let Some(server) = SmtpServer::start(&["--drop-mid-data", "1"]) else { return };
    let smtp = sender(&server, 1);

    let err = smtp.send(&email(4), at()).await.unwrap_err();
    assert!(err.is_transient(), "{err:?}");

    smtp.send(&email(5), at()).await.unwrap();
    smtp.send(&email(6), at()).await.unwrap();
    let received = server.wait_for(2, WAIT);
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].peer, received[1].peer, "the new connection is pooled again");
}

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_replaced() {
    let Some(server) = SmtpServer::start(&["--idle-timeout", "0.5"]) else { return };
    let smtp = sender(&server, 1);

    smtp.send(&email(8), at()).await.unwrap();
    // Past both the server's idle timeout and the sender's idle check.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    smtp.send(&email(9), at()).await.unwrap();

    let received = server.wait_for(2, WAIT);
    assert_eq!(received.len(), 2);
    assert_ne!(received[0].peer, received[1].peer);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sends_share_the_pool_and_all_arrive() {
    let Some(server) = SmtpServer::start(&[]) else { return };
    let smtp = Arc::new(sender(&server, 4));
    let count = 200;

    let tasks: Vec<_> = (0..count)
        .map(|n| {
            let smtp = Arc::clone(&smtp);
            tokio::spawn(async move { smtp.send(&email(n), at()).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }

    let received = server.wait_for(count, WAIT);
    let ids: HashSet<_> = received.iter().map(|r| r.message_id.clone()).collect();
    assert_eq!(ids.len(), count);
    let peers: HashSet<_> = received.iter().map(|r| r.peer.clone()).collect();
    assert!(peers.len() > 1 && peers.len() <= 4, "{} connections for a pool of 4", peers.len());
    smtp.close().await;
}

#[tokio::test]
async fn an_unreachable_server_is_transient() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let smtp = SmtpSender::new(format!("smtp://127.0.0.1:{port}?timeout_secs=2").parse().unwrap());

    let err = smtp.send(&email(1), at()).await.unwrap_err();

    let DeliveryError::Transient { reason, .. } = &err else { panic!("not transient: {err:?}") };
    assert!(reason.contains(&format!("127.0.0.1:{port}")), "{reason}");
}

#[tokio::test]
async fn an_invalid_address_is_permanent_before_any_connection() {
    let smtp = SmtpSender::new("smtp://127.0.0.1:9".parse().unwrap());
    let email = Email { to: vec!["not an address".into()], ..email(1) };

    let err = smtp.send(&email, at()).await.unwrap_err();

    let DeliveryError::Permanent { reason } = &err else { panic!("not permanent: {err:?}") };
    assert!(reason.contains("`to` address `not an address` is invalid"), "{reason}");
}

/// The TLS and login steps, against a server that offers neither: each fails as a
/// transient session error naming the step, so the mail waits for a configuration fix.
#[rstest]
#[case::implicit_tls("smtps://localhost:{port}?timeout_secs=5", "TLS handshake failed")]
#[case::starttls("smtp://localhost:{port}?tls=starttls&timeout_secs=5", "STARTTLS failed")]
#[case::login("smtp://user:secret@localhost:{port}?timeout_secs=5", "login failed")]
#[tokio::test]
async fn a_session_step_the_server_cannot_do_is_transient(#[case] url: &str, #[case] says: &str) {
    let Some(server) = SmtpServer::start(&[]) else { return };
    let smtp = SmtpSender::new(url.replace("{port}", &server.port().to_string()).parse().unwrap());

    let err = smtp.send(&email(1), at()).await.unwrap_err();

    let DeliveryError::Transient { reason, .. } = &err else { panic!("not transient: {err:?}") };
    assert!(reason.contains("could not open an SMTP session") && reason.contains(says), "{reason}");
    assert!(!reason.contains("secret"), "the password stays out of errors: {reason}");
}

#[tokio::test]
async fn a_reply_slower_than_the_timeout_is_transient() {
    let Some(server) = SmtpServer::start(&["--hold-first", "2"]) else { return };
    let smtp = SmtpSender::new(format!("{}?timeout_secs=1", server.url()).parse().unwrap());

    let err = smtp.send(&email(1), at()).await.unwrap_err();
    let DeliveryError::Transient { reason, .. } = &err else { panic!("not transient: {err:?}") };
    assert!(reason.contains("did not answer message reply.1.c0ffee@amends.example within 1s"), "{reason}");

    smtp.send(&email(2), at()).await.unwrap();
    // aiosmtpd drops the held message when we hang up; a real MTA may still deliver it, which
    // is why delivery is at least once and receivers deduplicate on the Message-ID.
    let received = server.wait_for(1, WAIT);
    assert!(received.iter().any(|r| r.message_id == "reply.2.c0ffee@amends.example"), "{received:?}");
}
