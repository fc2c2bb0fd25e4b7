//! SMTP delivery over a pool of connections this crate owns.
//!
//! lettre's own pooled transport never sets `TCP_NODELAY`, and its end-of-data marker is a
//! second small write, so every message waits for the server's delayed ACK (~44 ms here; see
//! shared/NOTES.md). We open the sockets ourselves, set `TCP_NODELAY`, and hand them to
//! lettre's `AsyncSmtpConnection`, which speaks the protocol.

mod config;
mod tls;

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::time::{Instant, timeout};

pub use config::{Security, SmtpConfig, SmtpConfigError, SmtpCredentials};

use crate::{DeliveryError, Email, MailTransport};

/// A connection idle for longer than this is checked with `NOOP` before it is used again:
/// servers close idle sessions, and a message sent into a closed one would fail for nothing.
const IDLE_CHECK_AFTER: Duration = Duration::from_secs(2);

/// Sends email to one SMTP server (a relay or a provider's submission port) over up to
/// [`SmtpConfig::max_connections`] connections, reused across messages.
///
/// Concurrent [`send`](MailTransport::send) calls use separate connections in parallel; a
/// call waits for a free connection when all are busy. lettre closes a session on any
/// negative reply, so a connection that saw an error is dropped, never pooled, and the next
/// message opens a fresh one.
pub struct SmtpSender {
    config: SmtpConfig,
    hello: ClientId,
    implicit_tls: Option<tls::Connector>,
    /// One permit per connection that may be open: held for a message's whole exchange.
    slots: Semaphore,
    idle: Mutex<Vec<IdleConnection>>,
}

struct IdleConnection {
    connection: AsyncSmtpConnection,
    since: Instant,
}

impl SmtpSender {
    /// A sender for `config`; it connects lazily, on the first message.
    pub fn new(config: SmtpConfig) -> SmtpSender {
        let implicit_tls = (config.security == Security::Tls).then(tls::Connector::new);
        SmtpSender {
            hello: ClientId::Domain(config.hello_name.clone()),
            implicit_tls,
            slots: Semaphore::new(config.max_connections),
            idle: Mutex::new(Vec::with_capacity(config.max_connections)),
            config,
        }
    }

    /// The configuration this sender was built with.
    pub fn config(&self) -> &SmtpConfig {
        &self.config
    }

    /// Ends every idle session politely (`QUIT`). Connections in use close when their
    /// message is done and the sender is dropped.
    pub async fn close(&self) {
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(PoisonError::into_inner));
        for mut idle in idle {
            let _ = timeout(self.config.timeout, idle.connection.quit()).await;
        }
    }

    fn server(&self) -> String {
        format!("{}:{}", self.config.host, self.config.port)
    }

    /// A pooled connection that still answers, or a new one.
    async fn connection(&self) -> Result<AsyncSmtpConnection, DeliveryError> {
        loop {
            let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let Some(IdleConnection { mut connection, since }) = idle else { return self.open().await };
            if connection.has_broken() {
                continue;
            }
            if since.elapsed() < IDLE_CHECK_AFTER
                || timeout(self.config.timeout, connection.test_connected()).await.unwrap_or(false)
            {
                return Ok(connection);
            }
        }
    }

    async fn open(&self) -> Result<AsyncSmtpConnection, DeliveryError> {
        let opening = async {
            let config = &self.config;
            let tcp = TcpStream::connect((config.host.as_str(), config.port)).await.map_err(|err| err.to_string())?;
            tcp.set_nodelay(true).map_err(|err| err.to_string())?;
            let stream: Box<dyn AsyncTokioStream> = match &self.implicit_tls {
                Some(connector) => Box::new(connector.connect(&config.host, tcp).await?),
                None => Box::new(tcp),
            };
            let mut connection = AsyncSmtpConnection::connect_with_transport(stream, &self.hello)
                .await
                .map_err(|err| err.to_string())?;
            if config.security == Security::StartTls {
                let parameters = TlsParameters::new_rustls(config.host.clone()).map_err(|err| err.to_string())?;
                connection.starttls(parameters, &self.hello).await.map_err(|err| format!("STARTTLS failed: {err}"))?;
            }
            if let Some(credentials) = &config.credentials {
                let credentials = Credentials::new(credentials.user.clone(), credentials.password.clone());
                connection
                    .auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                    .await
                    .map_err(|err| format!("login failed: {err}"))?;
            }
            Ok::<_, String>(connection)
        };
        // Setup failures are the server's or the configuration's, not this message's: they
        // are transient so queued mail waits for the fix instead of being dead-lettered.
        match timeout(self.config.timeout, opening).await {
            Ok(Ok(connection)) => Ok(connection),
            Ok(Err(reason)) => Err(DeliveryError::transient(format!(
                "could not open an SMTP session with {}: {reason}",
                self.server()
            ))),
            Err(_) => Err(DeliveryError::transient(format!(
                "no SMTP session with {} within {:?}: check the host and port",
                self.server(),
                self.config.timeout
            ))),
        }
    }
}

#[async_trait]
impl MailTransport for SmtpSender {
    async fn send(&self, email: &Email, at: DateTime<Utc>) -> Result<(), DeliveryError> {
        let message = email.to_message(at)?;
        let bytes = message.formatted();
        let _slot = self.slots.acquire().await.map_err(|_| DeliveryError::transient("the SMTP sender was closed"))?;
        let mut connection = self.connection().await?;
        match timeout(self.config.timeout, connection.send(message.envelope(), &bytes)).await {
            Ok(Ok(_)) => {
                let idle = IdleConnection { connection, since: Instant::now() };
                self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(idle);
                Ok(())
            }
            Ok(Err(err)) => Err(classify(&err, &email.message_id, &self.server())),
            Err(_) => Err(DeliveryError::transient(format!(
                "{} did not answer message {} within {:?}",
                self.server(),
                email.message_id,
                self.config.timeout
            ))),
        }
    }
}

/// A failed exchange after the session was open: the reply code decides.
fn classify(err: &lettre::transport::smtp::Error, message_id: &str, server: &str) -> DeliveryError {
    if err.is_permanent() {
        DeliveryError::permanent(format!("{server} refused message {message_id}: {err}"))
    } else if err.is_client() {
        DeliveryError::permanent(format!("message {message_id} cannot be sent to {server}: {err}"))
    } else if err.is_transient() {
        DeliveryError::transient(format!("{server} deferred message {message_id}: {err}"))
    } else {
        DeliveryError::transient(format!("the connection to {server} failed while sending message {message_id}: {err}"))
    }
}
