//! Sends generated emails over pooled SMTP connections and prints messages per second.
//!
//! ```sh
//! smtp-sink -c 127.0.0.1:2525 1000 &
//! cargo run --release -p amends_delivery --example smtp_throughput -- smtp://127.0.0.1:2525 20000 16
//! ```
//!
//! Arguments: the SMTP URL, the number of messages (default 10000), the number of
//! connections (default 4; overrides the URL's `max_connections`). Rendering each message to
//! MIME is part of the measured work, as in real delivery.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use amends_delivery::{Email, MailTransport, SmtpConfig, SmtpSender};
use chrono::{TimeZone, Utc};

#[expect(clippy::print_stdout, clippy::print_stderr, reason = "a command-line measurement")]
#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(url) = args.first() else {
        eprintln!("usage: smtp_throughput SMTP_URL [MESSAGES] [CONNECTIONS]");
        return ExitCode::from(2);
    };
    let number = |index: usize, default: usize| args.get(index).map_or(Ok(default), |value| value.parse::<usize>());
    let (Ok(messages), Ok(connections)) = (number(1, 10_000), number(2, 4)) else {
        eprintln!("MESSAGES and CONNECTIONS are whole numbers");
        return ExitCode::from(2);
    };
    let mut config: SmtpConfig = match url.parse() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    config.max_connections = connections.max(1);
    let sender = Arc::new(SmtpSender::new(config));
    let next = Arc::new(AtomicUsize::new(0));
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap();

    let started = Instant::now();
    let workers: Vec<_> = (0..connections.max(1))
        .map(|_| {
            let (sender, next) = (Arc::clone(&sender), Arc::clone(&next));
            tokio::spawn(async move {
                let mut failed = 0;
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= messages {
                        return failed;
                    }
                    if let Err(err) = sender.send(&generated(n), at).await {
                        eprintln!("message {n}: {err}");
                        failed += 1;
                    }
                }
            })
        })
        .collect();
    let mut failed = 0;
    for worker in workers {
        failed += worker.await.expect("a worker panicked");
    }
    let seconds = started.elapsed().as_secs_f64();
    sender.close().await;

    println!(
        "{} messages over {connections} connections in {seconds:.2} s: {:.0} messages/s ({failed} failed)",
        messages - failed,
        (messages - failed) as f64 / seconds
    );
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn generated(n: usize) -> Email {
    Email {
        message_id: format!("bench.{n}@amends.example"),
        from: "Acme Support <support@acme.example>".into(),
        to: vec![format!("Customer {n} <customer{n}@example.com>")],
        reply_to: None,
        subject: format!("About your order #{n}"),
        text: format!(
            "Dear customer,\n\nWe are sorry order #{n} arrived late. We have refunded the shipping and a \
             voucher for your next order is attached to your account.\n\nAcme Support\n"
        ),
        html: Some(format!(
            "<p>Dear customer,</p><p>We are sorry order #{n} arrived late. We have refunded the shipping.</p>"
        )),
        headers: vec![("X-Amends-Case".into(), n.to_string())],
    }
}
