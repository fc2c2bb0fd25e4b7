//! End to end: the real `amends` binary creates a user and a token, serves on a free port,
//! and answers over HTTP; SIGTERM stops it cleanly.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};

use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_amends");

fn amends(folder: &std::path::Path) -> Command {
    let mut command = Command::new(BINARY);
    command.current_dir(folder).env_remove("AMENDS_DB").env_remove("AMENDS_BIND").env_remove("AMENDS_NOW");
    command
}

fn run(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(output.status.success(), "{command:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Reads the server's JSON log lines until it says where it listens; the rest of the log
/// is collected by a thread and returned by the handle.
fn listening_address(server: &mut Child) -> (String, JoinHandle<Vec<String>>) {
    let mut lines = BufReader::new(server.stderr.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let Ok(event) = serde_json::from_str::<Value>(&line) else { continue };
        if let Some(address) = event["fields"]["address"].as_str() {
            return (address.to_owned(), thread::spawn(move || lines.map_while(Result::ok).collect()));
        }
    }
    panic!("the server exited before listening");
}

#[tokio::test]
async fn the_binary_serves_cases_over_http() {
    let folder = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", folder.path().join("e2e.db").display());
    let created = run(amends(folder.path())
        .args(["user", "create", "--email", "sam@shop.example", "--role", "agent", "--name", "Sam", "--db", &db])
        .env("AMENDS_PASSWORD", "correct horse"));
    assert!(created.starts_with("created user 1 <sam@shop.example> with role agent"), "{created}");
    assert!(!created.contains("password"), "a given password is not printed");
    let token = run(amends(folder.path()).args(["token", "create", "--user", "sam@shop.example", "--db", &db]));
    let token = token.trim().to_owned();
    assert!(token.starts_with("amends_"));

    let mut server = amends(folder.path())
        .args(["serve", "--db", &db, "--bind", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (address, log) = listening_address(&mut server);
    let base = format!("http://{address}");
    let client = reqwest::Client::new();

    let ready: Value = client.get(format!("{base}/readyz")).send().await.unwrap().json().await.unwrap();
    assert_eq!(ready, json!({"status": "ready", "backend": "sqlite"}));

    let customer = client
        .post(format!("{base}/api/v1/customers"))
        .bearer_auth(&token)
        .json(&json!({"external_id": "C-1", "name": "Ada Byrne", "time_zone": "Europe/Dublin"}))
        .send()
        .await
        .unwrap();
    assert_eq!(customer.status(), 201);
    let customer: Value = customer.json().await.unwrap();
    let case = client
        .post(format!("{base}/api/v1/cases"))
        .bearer_auth(&token)
        .header("idempotency-key", "intake-1")
        .json(&json!({"customer_id": customer["id"], "channel": "email", "subject": "Parcel late",
            "first_message": {"body": "Where is my parcel? It is a week late."}}))
        .send()
        .await
        .unwrap();
    assert_eq!(case.status(), 201);
    assert!(case.headers().contains_key("x-request-id"));
    let case: Value = case.json().await.unwrap();
    assert_eq!(case["messages"][0]["direction"], "inbound");

    let unauthorized = client.get(format!("{base}/api/v1/cases")).send().await.unwrap();
    assert_eq!(unauthorized.status(), 401);

    let stopped = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(stopped.success());
    let status = server.wait().unwrap();
    let log = log.join().unwrap();
    assert!(status.success(), "a clean exit on SIGTERM: {status:?}\n{}", log.join("\n"));
    let requests = log.iter().filter(|line| line.contains("request_id")).count();
    assert!(requests > 0, "request spans carry the request id:\n{}", log.join("\n"));
}
