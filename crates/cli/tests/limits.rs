//! Step Functions' quotas and the CLI's read limits, as a user meets them through the
//! `code24` binary: a runaway loop ends FAILED within seconds, an oversized payload fails
//! with States.DataLimitExceeded, an EXPRESS execution has no history quota but a
//! 5-minute limit, and `/dev/zero` as a brief, definition or input is refused at once
//! with one line naming the limit (no file is read past its limit).

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn code24(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_code24"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path.display().to_string()
}

fn run(dir: &Path, definition: &Value, input: &Value, extra: &[&str]) -> (Value, Duration) {
    let d = write(dir, "definition.json", definition);
    let i = write(dir, "input.json", input);
    let mut args = vec![
        "asl",
        "run",
        "--definition",
        &d,
        "--input",
        &i,
        "--virtual-clock",
    ];
    args.extend_from_slice(extra);
    let started = Instant::now();
    let out = code24(&dir.join("data"), &args);
    let line = String::from_utf8_lossy(&out.stdout).to_string();
    let value: Value = serde_json::from_str(line.trim()).unwrap_or_else(|_| {
        panic!(
            "no result line: {line} {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (value, started.elapsed())
}

#[test]
fn a_pass_loop_fails_at_the_history_quota_within_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let looping = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Pass", "Next": "A"}}});
    let (result, took) = run(dir.path(), &looping, &json!({}), &["--name", "the-loop"]);
    assert_eq!(result["status"], "FAILED", "{result}");
    assert_eq!(result["error"], "States.Runtime");
    assert!(
        result["cause"].as_str().unwrap().contains("25000"),
        "{result}"
    );
    assert!(took < Duration::from_secs(60), "took {took:?}");
    let history = code24(
        &dir.path().join("data"),
        &["asl", "history", "--json", "the-loop"],
    );
    let events: Value = serde_json::from_slice(&history.stdout).unwrap();
    let events = events["events"].as_array().unwrap();
    assert_eq!(events.len(), 25_000, "the history stops at the quota");
    assert_eq!(events.last().unwrap()["type"], "ExecutionFailed");

    // A Map over 100,000 items (200 KB of input) stops at the quota too.
    let map = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
    let (result, took) = run(
        dir.path(),
        &map,
        &json!({"items": vec![0; 100_000]}),
        &["--name", "wide"],
    );
    assert_eq!(
        (result["status"].as_str(), result["error"].as_str()),
        (Some("FAILED"), Some("States.Runtime")),
        "{result}"
    );
    assert!(took < Duration::from_secs(60), "took {took:?}");

    // A Catch on States.ALL does not turn the quota into a success.
    let caught = json!({"StartAt": "A", "States": {
        "A": {"Type": "Wait", "Seconds": 1, "Next": "B"},
        "B": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}], "Next": "A"},
        "Done": {"Type": "Succeed"}}});
    let items: Vec<u32> = (0..100).collect();
    let (result, _) = run(
        dir.path(),
        &caught,
        &json!({"items": items}),
        &["--name", "caught"],
    );
    assert_eq!(
        (result["status"].as_str(), result["error"].as_str()),
        (Some("FAILED"), Some("States.Runtime")),
        "{result}"
    );
}

#[test]
fn express_executions_have_no_history_quota_and_a_five_minute_limit() {
    let dir = tempfile::tempdir().unwrap();
    let counted = json!({"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.n", "Next": "Loop"},
        "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThanEquals": 15000, "Next": "Done"}], "Default": "Add"},
        "Add": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Loop"},
        "Done": {"Type": "Succeed"}}});
    let (standard, _) = run(dir.path(), &counted, &json!({}), &["--name", "std"]);
    assert_eq!(
        standard["status"], "FAILED",
        "30,000 transitions pass the STANDARD quota"
    );
    let (express, _) = run(
        dir.path(),
        &counted,
        &json!({}),
        &["--name", "exp", "--type", "express"],
    );
    assert_eq!(express["status"], "SUCCEEDED", "{express}");
    let waiting = json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 10, "Next": "W"}}});
    let (result, took) = run(
        dir.path(),
        &waiting,
        &json!({}),
        &["--name", "wait", "--type", "express"],
    );
    assert_eq!(
        (result["status"].as_str(), result["error"].as_str()),
        (Some("TIMED_OUT"), Some("States.Timeout")),
        "{result}"
    );
    assert!(
        took < Duration::from_secs(30),
        "the virtual clock makes 5 minutes instant: {took:?}"
    );
    // A STANDARD execution may wait, but not past a year.
    let long = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 40_000_000, "End": true}}});
    let (result, _) = run(dir.path(), &long, &json!({}), &["--name", "year"]);
    assert_eq!(
        (result["status"].as_str(), result["error"].as_str()),
        (Some("TIMED_OUT"), Some("States.Timeout")),
        "{result}"
    );
    assert!(
        result["cause"].as_str().unwrap().contains("1-year"),
        "{result}"
    );
}

#[test]
fn payloads_over_256_kib_fail_with_data_limit_exceeded() {
    let dir = tempfile::tempdir().unwrap();
    // 1,000 iterations of 300 bytes each: the Map's result is over 256 KiB.
    let grow = json!({"StartAt": "Items", "States": {
        "Items": {"Type": "Pass", "Parameters": {"items.$": "States.ArrayRange(1, 1000, 1)"}, "Next": "Big"},
        "Big": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "P", "States": {
            "P": {"Type": "Pass", "Result": "x".repeat(300), "End": true}}}, "End": true}}});
    let (result, _) = run(dir.path(), &grow, &json!({}), &["--name", "big"]);
    assert_eq!(
        (result["status"].as_str(), result["error"].as_str()),
        (Some("FAILED"), Some("States.DataLimitExceeded")),
        "{result}"
    );
    // An input file over 256 KiB is refused before anything runs.
    let input = json!({"x": "y".repeat(300 * 1024)});
    let d = write(
        dir.path(),
        "d.json",
        &json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}),
    );
    let i = write(dir.path(), "big-input.json", &input);
    let out = code24(
        &dir.path().join("data"),
        &["asl", "run", "--definition", &d, "--input", &i],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("over the limit of 262144 bytes") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn endless_files_are_refused_at_their_limit_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = write(
        dir.path(),
        "d.json",
        &json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}),
    );
    let i = write(dir.path(), "i.json", &json!({}));
    for (args, limit) in [
        (vec!["build", "--brief", "/dev/zero"], "65536"),
        (
            vec!["asl", "run", "--definition", "/dev/zero", "--input", &i],
            "1048576",
        ),
        (
            vec!["asl", "run", "--definition", &d, "--input", "/dev/zero"],
            "262144",
        ),
    ] {
        let started = Instant::now();
        let out = code24(&dir.path().join("data"), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("over the limit of {limit} bytes")),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    // A brief with a byte-order mark builds; one with a key twice is refused.
    let brief = dir.path().join("bom.json");
    std::fs::write(&brief, "\u{feff}{\"name\":\"Bom Bakery\",\"description\":\"Bakery in Leeds\",\"businessType\":\"bakery\",\"primaryGoal\":\"foot_traffic\"}").unwrap();
    let out = code24(
        &dir.path().join("data"),
        &["build", "--json", "--brief", brief.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&brief, "{\"name\":\"A\",\"name\":\"B\",\"description\":\"Bakery\",\"businessType\":\"bakery\",\"primaryGoal\":\"foot_traffic\"}").unwrap();
    let out = code24(
        &dir.path().join("data"),
        &["build", "--brief", brief.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"name\" appears twice"));
}
