//! Where and how to reach the SMTP server: from a URL or from an `[smtp]` TOML table.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use serde::Deserialize;
use url::Url;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_MAX_CONNECTIONS: usize = 4;
const DEFAULT_HELLO_NAME: &str = "localhost";

/// How the connection to the SMTP server is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain text: only for a relay on the same host or a trusted network.
    None,
    /// Plain text upgraded with `STARTTLS` before anything else is said (port 587, often 25).
    #[serde(rename = "starttls")]
    StartTls,
    /// TLS from the first byte, "implicit TLS" (port 465).
    Tls,
}

impl Security {
    /// The port a URL without one means.
    pub fn default_port(self) -> u16 {
        match self {
            Security::None | Security::StartTls => 25,
            Security::Tls => 465,
        }
    }
}

/// A user name and password for `AUTH PLAIN` / `AUTH LOGIN`. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpCredentials {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl fmt::Debug for SmtpCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpCredentials").field("user", &self.user).field("password", &"<hidden>").finish()
    }
}

/// How [`SmtpSender`](crate::SmtpSender) reaches its server.
///
/// Parsed from `smtp://[user:pass@]host[:port][?tls=starttls|none]` or
/// `smtps://[user:pass@]host[:port]`, or deserialized from an `[smtp]` table with the keys
/// `host`, `port`, `security` (`none`, `starttls`, `tls`), `user`, `password`, `timeout_secs`,
/// `max_connections` and `hello_name`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "SmtpTable")]
pub struct SmtpConfig {
    /// The server's host name (also the name its TLS certificate must carry) or IP address.
    pub host: String,
    /// The server's port.
    pub port: u16,
    /// How the connection is encrypted.
    pub security: Security,
    /// Log in with these, when given.
    pub credentials: Option<SmtpCredentials>,
    /// The longest any one step may take: connecting and greeting, or sending one message.
    pub timeout: Duration,
    /// The most connections open at once; also the most messages in flight.
    pub max_connections: usize,
    /// The name we give in `EHLO`: the sending host's domain name.
    pub hello_name: String,
}

/// What is wrong with an SMTP URL or `[smtp]` table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmtpConfigError {
    /// Not a URL at all.
    #[error("SMTP URL `{url}` is not a URL ({reason}): write smtp://host:port or smtps://host")]
    NotAUrl {
        /// The URL as given, password hidden.
        url: String,
        /// What the URL parser said.
        reason: String,
    },
    /// A scheme other than `smtp` or `smtps`.
    #[error("SMTP URL scheme `{0}` is not supported: use smtp:// (plain or ?tls=starttls) or smtps:// (implicit TLS)")]
    Scheme(String),
    /// No host.
    #[error("SMTP URL has no host: write smtp://host:port")]
    MissingHost,
    /// A path after the host.
    #[error("SMTP URL has a path `{0}`: remove it, an SMTP URL ends at host:port and its query")]
    Path(String),
    /// A query parameter this crate does not know.
    #[error("SMTP URL parameter `{0}` is not known: use tls, timeout_secs, max_connections or hello_name")]
    UnknownParameter(String),
    /// A known parameter with a value it cannot take.
    #[error("SMTP setting `{key}` = `{value}` is invalid: {expected}")]
    InvalidValue {
        /// The parameter or key.
        key: String,
        /// The value given.
        value: String,
        /// What it may be.
        expected: &'static str,
    },
    /// `tls=` on an `smtps://` URL, which is always implicit TLS.
    #[error("`tls=` cannot be combined with smtps://, which is always implicit TLS: remove it or use smtp://")]
    TlsWithSmtps,
    /// A user without a password or the other way round.
    #[error("SMTP credentials need both a user and a password: give `user:password@` or neither")]
    HalfCredentials,
    /// A user name or password that does not decode.
    #[error("SMTP URL {0} is not valid percent-encoded UTF-8: encode special characters, e.g. `@` as %40")]
    Encoding(&'static str),
}

impl FromStr for SmtpConfig {
    type Err = SmtpConfigError;

    fn from_str(input: &str) -> Result<SmtpConfig, SmtpConfigError> {
        let url = Url::parse(input)
            .map_err(|err| SmtpConfigError::NotAUrl { url: hide_password(input), reason: err.to_string() })?;
        let mut security = match url.scheme() {
            "smtp" => Security::None,
            "smtps" => Security::Tls,
            other => return Err(SmtpConfigError::Scheme(other.to_owned())),
        };
        let host = match url.host_str() {
            Some(host) if !host.is_empty() => host.trim_start_matches('[').trim_end_matches(']').to_owned(),
            _ => return Err(SmtpConfigError::MissingHost),
        };
        if !matches!(url.path(), "" | "/") {
            return Err(SmtpConfigError::Path(url.path().to_owned()));
        }
        let user = decode(url.username(), "user name")?;
        let password = url.password().map(|password| decode(password, "password")).transpose()?;
        let credentials = match (user.is_empty(), password) {
            (true, None) => None,
            (false, Some(password)) if !password.is_empty() => Some(SmtpCredentials { user, password }),
            _ => return Err(SmtpConfigError::HalfCredentials),
        };
        let mut table = SmtpTable { host, credentials, ..SmtpTable::default() };
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "tls" if security == Security::Tls => return Err(SmtpConfigError::TlsWithSmtps),
                "tls" => {
                    security = match value.as_ref() {
                        "none" => Security::None,
                        "starttls" => Security::StartTls,
                        _ => return Err(invalid("tls", &value, "`starttls` or `none`")),
                    }
                }
                "timeout_secs" => table.timeout_secs = Some(number("timeout_secs", &value)?),
                "max_connections" => table.max_connections = Some(number("max_connections", &value)?),
                "hello_name" => table.hello_name = Some(value.into_owned()),
                other => return Err(SmtpConfigError::UnknownParameter(other.to_owned())),
            }
        }
        table.security = Some(security);
        table.port = Some(url.port().unwrap_or(security.default_port()));
        SmtpConfig::try_from(table)
    }
}

/// The `[smtp]` table as written; checked and completed into an [`SmtpConfig`].
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SmtpTable {
    host: String,
    port: Option<u16>,
    security: Option<Security>,
    #[serde(skip)]
    credentials: Option<SmtpCredentials>,
    user: Option<String>,
    password: Option<String>,
    timeout_secs: Option<u64>,
    max_connections: Option<usize>,
    hello_name: Option<String>,
}

impl TryFrom<SmtpTable> for SmtpConfig {
    type Error = SmtpConfigError;

    fn try_from(table: SmtpTable) -> Result<SmtpConfig, SmtpConfigError> {
        if table.host.is_empty() {
            return Err(SmtpConfigError::MissingHost);
        }
        let credentials = match (table.user, table.password) {
            (None, None) => table.credentials,
            (Some(user), Some(password)) if !user.is_empty() && !password.is_empty() => {
                Some(SmtpCredentials { user, password })
            }
            _ => return Err(SmtpConfigError::HalfCredentials),
        };
        let security = table.security.unwrap_or(Security::None);
        let port = table.port.unwrap_or(security.default_port());
        if port == 0 {
            return Err(invalid("port", "0", "a port from 1 to 65535"));
        }
        let timeout = match table.timeout_secs {
            Some(0) => return Err(invalid("timeout_secs", "0", "a whole number of seconds, at least 1")),
            Some(secs) => Duration::from_secs(secs),
            None => DEFAULT_TIMEOUT,
        };
        let max_connections = match table.max_connections {
            Some(0) => return Err(invalid("max_connections", "0", "at least 1")),
            Some(max) => max,
            None => DEFAULT_MAX_CONNECTIONS,
        };
        let hello_name = table.hello_name.unwrap_or_else(|| DEFAULT_HELLO_NAME.to_owned());
        if hello_name.is_empty() || hello_name.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return Err(invalid("hello_name", &hello_name, "the sending host's domain name, without spaces"));
        }
        Ok(SmtpConfig { host: table.host, port, security, credentials, timeout, max_connections, hello_name })
    }
}

fn invalid(key: &str, value: &str, expected: &'static str) -> SmtpConfigError {
    SmtpConfigError::InvalidValue { key: key.to_owned(), value: value.to_owned(), expected }
}

fn number<T: FromStr>(key: &str, value: &str) -> Result<T, SmtpConfigError> {
    value.parse().map_err(|_| invalid(key, value, "a whole number"))
}

fn decode(value: &str, what: &'static str) -> Result<String, SmtpConfigError> {
    percent_decode_str(value).decode_utf8().map(|s| s.into_owned()).map_err(|_| SmtpConfigError::Encoding(what))
}

/// The URL with anything between `://user:` and `@` replaced, for error messages.
fn hide_password(input: &str) -> String {
    let Some((scheme, rest)) = input.split_once("://") else { return input.to_owned() };
    let Some((userinfo, host)) = rest.rsplit_once('@') else { return input.to_owned() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:<hidden>@{host}"),
        None => input.to_owned(),
    }
}
