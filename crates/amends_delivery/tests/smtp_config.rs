//! `SmtpConfig` from URLs and from an `[smtp]` TOML table.

use std::time::Duration;

use amends_delivery::{Security, SmtpConfig, SmtpCredentials};
use proptest::prelude::*;
use rstest::rstest;
use serde::Deserialize;

#[rstest]
#[case("smtp://localhost", "localhost", 25, Security::None)]
#[case("smtp://mail.example.com:2525", "mail.example.com", 2525, Security::None)]
#[case("smtp://mail.example.com?tls=starttls", "mail.example.com", 25, Security::StartTls)]
#[case("smtp://mail.example.com:587?tls=starttls", "mail.example.com", 587, Security::StartTls)]
#[case("smtp://127.0.0.1:1025?tls=none", "127.0.0.1", 1025, Security::None)]
#[case("smtps://smtp.example.com", "smtp.example.com", 465, Security::Tls)]
#[case("smtps://smtp.example.com:2465", "smtp.example.com", 2465, Security::Tls)]
#[case("smtp://[::1]:2525", "::1", 2525, Security::None)]
fn urls_parse(#[case] url: &str, #[case] host: &str, #[case] port: u16, #[case] security: Security) {
    let config: SmtpConfig = url.parse().unwrap();
    assert_eq!((config.host.as_str(), config.port, config.security), (host, port, security));
    assert_eq!(config.credentials, None);
    assert_eq!(
        (config.timeout, config.max_connections, config.hello_name.as_str()),
        (Duration::from_secs(30), 4, "localhost")
    );
}

#[test]
fn credentials_and_settings_come_from_the_url() {
    let config: SmtpConfig =
        "smtps://apikey:s3cr%40t%2Fx@smtp.example.com?timeout_secs=10&max_connections=16&hello_name=mx.acme.example"
            .parse()
            .unwrap();
    assert_eq!(config.credentials, Some(SmtpCredentials { user: "apikey".into(), password: "s3cr@t/x".into() }));
    assert_eq!((config.timeout, config.max_connections), (Duration::from_secs(10), 16));
    assert_eq!(config.hello_name, "mx.acme.example");
    assert!(!format!("{config:?}").contains("s3cr"), "Debug hides the password");
}

#[test]
fn bad_urls_say_what_is_wrong() {
    let urls = [
        "mail.example.com",
        "http://mail.example.com",
        "smtp://",
        "smtp://mail.example.com/inbox",
        "smtp://mail.example.com?tls=yes",
        "smtp://mail.example.com?starttls=1",
        "smtps://mail.example.com?tls=starttls",
        "smtp://user@mail.example.com",
        "smtp://:pass@mail.example.com",
        "smtp://mail.example.com:0",
        "smtp://mail.example.com:99999",
        "smtp://mail.example.com?max_connections=0",
        "smtp://mail.example.com?timeout_secs=soon",
        "smtp://user:p%FFss@mail.example.com",
        "smtp://user:hunter2@mail.example.com:99999",
    ];
    let report: Vec<String> =
        urls.iter().map(|url| format!("{url}\n  {}", url.parse::<SmtpConfig>().unwrap_err())).collect();
    insta::assert_snapshot!(report.join("\n"));
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    smtp: SmtpConfig,
}

#[test]
fn an_smtp_table_deserializes() {
    let settings: Settings = toml::from_str(
        r#"
        [smtp]
        host = "smtp.example.com"
        port = 587
        security = "starttls"
        user = "apikey"
        password = "secret"
        timeout_secs = 20
        max_connections = 8
        hello_name = "mx.acme.example"
        "#,
    )
    .unwrap();
    let smtp = settings.smtp;
    assert_eq!((smtp.host.as_str(), smtp.port, smtp.security), ("smtp.example.com", 587, Security::StartTls));
    assert_eq!(smtp.credentials.unwrap().user, "apikey");
    assert_eq!((smtp.timeout, smtp.max_connections), (Duration::from_secs(20), 8));

    let minimal: Settings = toml::from_str("[smtp]\nhost = \"relay\"\nsecurity = \"tls\"").unwrap();
    assert_eq!(minimal.smtp.port, 465);
}

#[rstest]
#[case::unknown_key("[smtp]\nhost = \"relay\"\nstarttls = true", "unknown field `starttls`")]
#[case::half_credentials("[smtp]\nhost = \"relay\"\nuser = \"me\"", "need both a user and a password")]
#[case::bad_security("[smtp]\nhost = \"relay\"\nsecurity = \"ssl\"", "unknown variant `ssl`")]
#[case::no_host("[smtp]\nport = 25", "missing field `host`")]
fn a_bad_smtp_table_says_what_is_wrong(#[case] toml_text: &str, #[case] says: &str) {
    let err = toml::from_str::<Settings>(toml_text).err().unwrap().to_string();
    assert!(err.contains(says), "{err}");
}

proptest! {
    #[test]
    fn any_well_formed_url_round_trips(
        host in "[a-z][a-z0-9]{0,10}(\\.[a-z][a-z0-9]{0,10}){0,3}",
        port in 1u16..,
        security in prop_oneof![Just(Security::None), Just(Security::StartTls), Just(Security::Tls)],
        credentials in proptest::option::of(("[a-zA-Z0-9._-]{1,12}", "[ -~]{1,16}")),
    ) {
        let userinfo = credentials.as_ref().map_or(String::new(), |(user, password)| {
            let encode = |s: &str| percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string();
            format!("{}:{}@", encode(user), encode(password))
        });
        let url = match security {
            Security::None => format!("smtp://{userinfo}{host}:{port}?tls=none"),
            Security::StartTls => format!("smtp://{userinfo}{host}:{port}?tls=starttls"),
            Security::Tls => format!("smtps://{userinfo}{host}:{port}"),
        };
        let config: SmtpConfig = url.parse().unwrap();
        prop_assert_eq!(config.host, host);
        prop_assert_eq!(config.port, port);
        prop_assert_eq!(config.security, security);
        prop_assert_eq!(config.credentials.map(|c| (c.user, c.password)), credentials);
    }
}
