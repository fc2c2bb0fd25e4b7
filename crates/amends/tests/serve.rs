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

#[tokio::test]
async fn the_server_delivers_a_reply_through_its_own_worker() {
    let folder = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", folder.path().join("e2e.db").display());
    run(amends(folder.path())
        .args(["user", "create", "--email", "sam@shop.example", "--role", "agent", "--db", &db])
        .env("AMENDS_PASSWORD", "correct horse"));
    let token = run(amends(folder.path()).args(["token", "create", "--user", "sam@shop.example", "--db", &db]));
    let outbox = folder.path().join("sent");
    let mut server = amends(folder.path())
        .args(["serve", "--db", &db, "--bind", "127.0.0.1:0"])
        .env("AMENDS_OUTBOX_DIR", &outbox)
        .env("AMENDS_MAIL_FROM", "Northwind Care <care@northwind.example>")
        .env_remove("AMENDS_SMTP_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (address, log) = listening_address(&mut server);
    let base = format!("http://{address}");
    let client = reqwest::Client::new();
    let post =
        |path: &str, body: Value| client.post(format!("{base}{path}")).bearer_auth(token.trim()).json(&body).send();
    let customer: Value = post(
        "/api/v1/customers",
        json!({"external_id": "C-1", "name": "Ada Byrne", "time_zone": "Europe/Dublin",
            "contacts": [{"kind": "email", "value": "ada@example.com"}]}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let case: Value =
        post("/api/v1/cases", json!({"customer_id": customer["id"], "channel": "email", "subject": "Parcel late"}))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let reply: Value = post(
        &format!("/api/v1/cases/{}/replies", case["id"]),
        json!({"text": "I'm sorry your parcel is late. It left our depot this morning.", "send": true}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let message_id = reply["job"]["message_id"].as_str().unwrap().to_owned();
    assert!(message_id.ends_with("@northwind.example"), "{reply}");
    let file = outbox.join(format!("{message_id}.eml"));
    for _ in 0..100 {
        if file.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let eml = std::fs::read_to_string(&file).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
    assert!(eml.contains(&format!("Message-ID: <{message_id}>")) && eml.contains("To: ada@example.com"), "{eml}");

    assert!(Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap().success());
    assert!(server.wait().unwrap().success());
    let log = log.join().unwrap();
    assert!(log.iter().any(|line| line.contains("worker stopped: claimed 1, sent 1")), "{}", log.join("\n"));
}
