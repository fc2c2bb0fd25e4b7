//! `amends analyze` end to end: the real binary on real-looking input, its output pinned
//! as snapshots (stdout, stderr and exit code together).

use std::path::PathBuf;

use assert_cmd::cargo_bin_cmd;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Runs `amends` with `args` (and `stdin`, if any) from the fixtures folder, so that
/// paths in the output are short and stable.
fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut command = cargo_bin_cmd!("amends");
    command.current_dir(fixture("")).args(args);
    if let Some(stdin) = stdin {
        command.write_stdin(stdin);
    }
    let output = command.output().expect("amends runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}

fn transcript(args: &[&str], stdin: Option<&str>) -> String {
    let (code, stdout, stderr) = run(args, stdin);
    format!("exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
}

/// The single-message JSON contract, with nothing extra allowed at any level.
const ANALYSIS_SCHEMA: &str = r##"{
  "type": "object",
  "required": ["sentiment", "intensity", "churn_risk", "cues", "categories"],
  "additionalProperties": false,
  "properties": {
    "sentiment": {
      "type": "object",
      "required": ["compound", "pos", "neu", "neg"],
      "additionalProperties": false,
      "properties": {
        "compound": {"type": "number", "minimum": -1, "maximum": 1},
        "pos": {"type": "number", "minimum": 0, "maximum": 1},
        "neu": {"type": "number", "minimum": 0, "maximum": 1},
        "neg": {"type": "number", "minimum": 0, "maximum": 1}
      }
    },
    "intensity": {"type": "number", "minimum": 0, "maximum": 1},
    "churn_risk": {"type": "boolean"},
    "cues": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["kind", "span", "text"],
        "additionalProperties": false,
        "properties": {
          "kind": {"enum": ["shouting", "repeated_punctuation", "profanity", "threat_to_leave",
                            "public_escalation", "legal_threat", "time_lost", "money_lost",
                            "urgency", "repeat_contact", "sarcasm"]},
          "span": {"$ref": "#/$defs/span"},
          "text": {"type": "string"}
        }
      }
    },
    "categories": {
      "type": "array",
      "minItems": 1,
      "items": {
        "type": "object",
        "required": ["name", "score", "evidence"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string"},
          "score": {"type": "number", "minimum": 0, "maximum": 1},
          "evidence": {
            "type": "array",
            "items": {
              "type": "object",
              "required": ["span", "text"],
              "additionalProperties": false,
              "properties": {"span": {"$ref": "#/$defs/span"}, "text": {"type": "string"}}
            }
          }
        }
      }
    }
  },
  "$defs": {
    "span": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}
  }
}"##;

fn assert_matches_contract(analysis: &Value) {
    let schema: Value = serde_json::from_str(ANALYSIS_SCHEMA).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(analysis).map(|err| err.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn text_report_of_a_complaint() {
    insta::assert_snapshot!(transcript(&["analyze", "complaint.txt"], None));
}

#[test]
fn json_of_a_complaint_is_exactly_the_contract() {
    let (code, stdout, _) = run(&["analyze", "complaint.txt", "--format", "json"], None);
    assert_eq!(code, 0);
    let analysis: Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    assert_matches_contract(&analysis);
    let text = std::fs::read_to_string(fixture("complaint.txt")).expect("fixture");
    for cue in analysis["cues"].as_array().into_iter().flatten() {
        let start = cue["span"][0].as_u64().unwrap_or(0) as usize;
        let end = cue["span"][1].as_u64().unwrap_or(0) as usize;
        assert_eq!(Some(&text[start..end]), cue["text"].as_str());
    }
    insta::assert_snapshot!(stdout);
}

#[test]
fn reads_standard_input_with_a_dash_or_nothing() {
    let message = "WHERE IS MY ORDER??? Thanks for nothing.\n";
    let (dash_code, dash, _) = run(&["analyze", "-", "--format", "json"], Some(message));
    let (bare_code, bare, _) = run(&["analyze", "--format", "json"], Some(message));
    assert_eq!((dash_code, bare_code), (0, 0));
    assert_eq!(dash, bare);
    insta::assert_snapshot!(transcript(&["analyze"], Some(message)));
}

#[test]
fn text_report_of_a_thread() {
    insta::assert_snapshot!(transcript(&["analyze", "--thread", "thread.txt"], None));
}

#[test]
fn json_of_a_thread_holds_one_contract_object_per_message() {
    let (code, stdout, _) = run(&["analyze", "--thread", "thread.txt", "--format", "json"], None);
    assert_eq!(code, 0);
    let output: Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    let messages = output["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 3);
    for message in messages {
        assert_matches_contract(message);
    }
    assert_eq!(output["thread"]["trend"], "calming_down");
    assert_eq!(output["thread"]["peak"]["index"], 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_custom_taxonomy_from_an_amends_toml() {
    let message = "The jacket is far too small, the sizes run tiny.\n";
    insta::assert_snapshot!(transcript(&["analyze", "--taxonomy", "sizing.toml"], Some(message)));
}

#[test]
fn the_printed_taxonomy_is_a_valid_taxonomy_file() {
    let (code, printed, _) = run(&["analyze", "--print-taxonomy"], None);
    assert_eq!(code, 0);
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("amends.toml");
    std::fs::write(&path, &printed).expect("write the taxonomy");
    let path = path.to_str().expect("UTF-8 path");
    let message = "My parcel never arrived.";
    let (default_code, default_output, _) = run(&["analyze", "--format", "json"], Some(message));
    let (reread_code, reread_output, _) = run(&["analyze", "--taxonomy", path, "--format", "json"], Some(message));
    assert_eq!((default_code, reread_code), (0, 0));
    assert_eq!(default_output, reread_output);
    assert!(printed.starts_with("[listen]\n"), "{printed}");
}

#[test]
fn a_missing_file_fails_with_exit_code_2() {
    insta::assert_snapshot!(transcript(&["analyze", "no-such-message.txt"], None));
}

#[test]
fn an_invalid_taxonomy_fails_with_exit_code_2() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("bad.toml");
    std::fs::write(&path, "[listen]\n[[listen.categories]]\nname = \"x\"\nterms = { \"Late\" = 1 }\n")
        .expect("write the taxonomy");
    let (code, stdout, stderr) = run(&["analyze", "--taxonomy", path.to_str().expect("UTF-8 path")], Some("hi"));
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("term \"Late\" must be lowercase words"), "{stderr}");
}

#[test]
fn input_that_is_not_utf8_fails_with_exit_code_2() {
    let mut command = cargo_bin_cmd!("amends");
    let output = command.arg("analyze").write_stdin(vec![0xff_u8, 0xfe, b'h', b'i']).output().expect("amends runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("standard input is not UTF-8 text"), "{stderr}");
}
