//! `amends compose` on the command line: formats, exit codes, and a real MIME parse of `--format eml`.

use assert_cmd::Command;

const FACTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../amends_core/tests/data/sweater.toml");

fn amends() -> Command {
    let mut command = Command::cargo_bin("amends").expect("binary builds");
    command.env("AMENDS_NOW", "2026-11-19T15:04:05Z");
    command
}

#[test]
fn json_output_has_the_documented_keys() {
    let output = amends().args(["compose", FACTS, "--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let raw = String::from_utf8(output.stdout).unwrap();
    let positions: Vec<usize> = ["channel", "form", "subject", "text", "html", "lint"]
        .iter()
        .map(|key| raw.find(&format!("\n  \"{key}\":")).unwrap_or_else(|| panic!("no top-level `{key}`")))
        .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "keys out of order: {positions:?}");
    let value: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(value.as_object().unwrap().len(), 6);
    assert_eq!(value["channel"], "email");
    assert_eq!(value["form"], "apology");
    assert!(value["lint"]["score"].as_u64().unwrap() >= 90);
}

#[test]
fn eml_is_a_valid_mime_message() {
    let output = amends()
        .args(["compose", FACTS, "--format", "eml", "--from", "Sam Ortiz <sam@northwindknits.example>"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let parsed = mail_parser::MessageParser::default().parse(&output.stdout).expect("parses");
    assert!(parsed.subject().unwrap().contains("order #48213"), "{:?}", parsed.subject());
    assert_eq!(parsed.to().unwrap().first().unwrap().address(), Some("dana.whitfield@example.com"));
    assert_eq!(parsed.from().unwrap().first().unwrap().address(), Some("sam@northwindknits.example"));
    let text = parsed.body_text(0).unwrap();
    assert!(
        text.contains("we shipped a pink cable-knit sweater") || text.contains("We shipped a pink cable-knit sweater")
    );
    let html = parsed.body_html(0).unwrap();
    assert!(html.contains("<p style="), "{html}");
    assert_eq!(parsed.date().unwrap().to_rfc3339(), "2026-11-19T15:04:05Z");
    let id = parsed.message_id().unwrap().to_owned();
    assert!(id.ends_with("@northwindknits.example"), "{id}");
    // The same recipient, form and case always get the same Message-ID.
    let again = amends()
        .args(["compose", FACTS, "--format", "eml", "--from", "Sam Ortiz <sam@northwindknits.example>"])
        .output()
        .unwrap();
    let reparsed = mail_parser::MessageParser::default().parse(&again.stdout).unwrap();
    assert_eq!(reparsed.message_id(), Some(id.as_str()));
}

#[test]
fn text_output_and_channels() {
    let output = amends().args(["compose", FACTS, "--channel", "sms"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("Hi Dana,"), "{text}");
    assert!(!text.contains("Subject:"));
}

#[test]
fn missing_facts_exit_with_2_and_name_the_field() {
    let output = amends().args(["compose", FACTS, "--form", "update"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("update: missing"), "{stderr}");
}

#[test]
fn a_refused_message_exits_with_1_and_shows_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("apology.chat.j2"), "{{ customer.greeting }}, sorry if you were upset.").unwrap();
    let output =
        amends().args(["compose", FACTS, "--channel", "chat", "--templates"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("NA202"), "{stderr}");
}
