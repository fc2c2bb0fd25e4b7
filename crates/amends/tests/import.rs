//! `amends import` end to end: the real binary on a fresh SQLite file.

use std::fs;
use std::process::Output;

use assert_cmd::Command;

fn import(args: &[&str], db: &str) -> Output {
    Command::cargo_bin("amends")
        .expect("the binary is built")
        .args(["import"])
        .args(args)
        .args(["--db", db])
        .env("AMENDS_NOW", "2026-12-06T09:00:00Z")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn imports_customers_keeps_good_rows_and_changes_nothing_the_second_time() {
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("customers.csv");
    fs::write(
        &file,
        "external_id,name,email,time_zone\nC1,Dana Whitfield,dana@example.com,America/Chicago\nC2,Sam Okafor,,Mars/Olympus\nC3,Priya Raman,priya@example.com,Asia/Kolkata\n",
    )
    .unwrap();
    let db = format!("sqlite://{}", directory.path().join("amends.db").display());
    let path = file.display().to_string();

    let first = import(&["customers", &path], &db);
    assert_eq!(first.status.code(), Some(1), "a rejected row exits 1");
    let text = stdout(&first);
    assert!(text.contains(&format!("{path}:3: time_zone: `Mars/Olympus` is not an IANA time zone")), "{text}");
    assert!(text.ends_with(&format!("{path}: 3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected\n")), "{text}");

    let again = import(&["customers", &path, "--json"], &db);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).expect("JSON report");
    assert_eq!((report["created"].as_u64(), report["unchanged"].as_u64()), (Some(0), Some(2)));
    assert_eq!(report["rejected"][0]["line"], 3);
}

#[test]
fn imports_orders_from_standard_input_as_json_lines() {
    let directory = tempfile::tempdir().unwrap();
    let customers = directory.path().join("customers.jsonl");
    fs::write(&customers, "{\"external_id\":\"C1\",\"name\":\"Dana Whitfield\",\"time_zone\":\"America/Chicago\"}\n")
        .unwrap();
    let db = format!("sqlite://{}", directory.path().join("amends.db").display());
    assert_eq!(import(&["customers", &customers.display().to_string()], &db).status.code(), Some(0));

    let output = Command::cargo_bin("amends")
        .unwrap()
        .args(["import", "orders", "-", "--format", "jsonl", "--db", &db])
        .write_stdin("{\"external_id\":\"O1\",\"customer_external_id\":\"C1\",\"placed_at\":\"2026-11-18T14:05:00Z\",\"total\":\"68.00\",\"currency\":\"USD\"}\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout(&output), "-: 1 rows: 1 created, 0 updated, 0 unchanged, 0 rejected\n");
}

#[test]
fn an_unknown_format_or_column_is_a_usage_error() {
    let directory = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", directory.path().join("amends.db").display());
    let xlsx = directory.path().join("customers.xlsx");
    fs::write(&xlsx, "").unwrap();
    let output = import(&["customers", &xlsx.display().to_string()], &db);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("pass --format csv|jsonl"));

    let csv = directory.path().join("customers.csv");
    fs::write(&csv, "external_id,full_name,time_zone\n").unwrap();
    let output = import(&["customers", &csv.display().to_string()], &db);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown column `full_name`"));
}

#[test]
fn affected_customers_need_an_incident_that_exists() {
    let directory = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", directory.path().join("amends.db").display());
    let csv = directory.path().join("affected.csv");
    fs::write(&csv, "external_id\nC1\n").unwrap();
    let path = csv.display().to_string();

    let output = import(&["affected", &path], &db);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("amends import affected --incident ID FILE"));
    let output = import(&["customers", &path, "--incident", "1"], &db);
    assert_eq!(output.status.code(), Some(2));
    let output = import(&["affected", "--incident", "7", &path], &db);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("incident"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
