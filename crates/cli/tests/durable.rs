//! Durable executions with the real binary: kill -9 in the middle, resume, redrive.

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn code24(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_code24"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .output()
        .unwrap()
}

fn history(data: &Path, name: &str) -> Vec<Value> {
    let out = code24(data, &["asl", "history", name, "--json"]);
    if !out.status.success() {
        return Vec::new();
    }
    let page: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    page["events"].as_array().cloned().unwrap_or_default()
}

/// Starts `code24 asl run` of (name, definition, input), waits until its journaled history
/// satisfies `reached` (failing the test after the limit, naming what it waited for), then
/// kills it with SIGKILL.
fn run_and_kill_when(
    data: &Path,
    (name, definition, input): (&str, &Path, &Path),
    (limit, what): (Duration, &str),
    reached: impl Fn(&[Value]) -> bool,
) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_code24"))
        .args(["asl", "run", "--name", name, "--definition"])
        .arg(definition)
        .arg("--input")
        .arg(input)
        .arg("--data-dir")
        .arg(data)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + limit;
    while !reached(&history(data, name)) {
        assert!(
            Instant::now() < deadline,
            "the execution never reached {what} in {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

fn types(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_killed_execution_resumes_from_its_checkpoint_and_completes() {
    let data = tempfile::tempdir().unwrap();
    let def = data.path().join("def.json");
    let input = data.path().join("in.json");
    std::fs::write(&def, json!({"StartAt": "First", "States": {
        "First": {"Type": "Pass", "Result": "kept", "ResultPath": "$.first", "Assign": {"marker": "from-before-the-kill"}, "Next": "Sleep"},
        "Sleep": {"Type": "Wait", "Seconds": 2, "Next": "Last"},
        "Last": {"Type": "Pass", "Parameters": {"first.$": "$.first", "marker.$": "$marker", "n.$": "$.n"}, "End": true}}}).to_string()).unwrap();
    std::fs::write(&input, json!({"n": 7}).to_string()).unwrap();

    run_and_kill_when(
        data.path(),
        ("k1", &def, &input),
        (Duration::from_secs(20), "its checkpoint before Sleep"),
        |events| types(events).contains(&"PassStateExited".to_string()),
    );
    assert!(
        !types(&history(data.path(), "k1")).contains(&"ExecutionSucceeded".to_string()),
        "killed before the end"
    );

    let out = code24(data.path(), &["asl", "resume", "--virtual-clock"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["name"], "k1");
    assert_eq!(line["status"], "SUCCEEDED");
    assert_eq!(
        line["output"],
        json!({"first": "kept", "marker": "from-before-the-kill", "n": 7})
    );

    let events = history(data.path(), "k1");
    let t = types(&events);
    assert_eq!(t.iter().filter(|x| *x == "ExecutionStarted").count(), 1);
    assert_eq!(t.last().unwrap(), "ExecutionSucceeded");
    let ids: Vec<u64> = events.iter().map(|e| e["id"].as_u64().unwrap()).collect();
    assert_eq!(
        ids,
        (1..=ids.len() as u64).collect::<Vec<_>>(),
        "event ids continue without gaps"
    );

    let again = code24(data.path(), &["asl", "resume"]);
    assert!(again.stdout.is_empty(), "nothing is left to resume");
}

/// Pure states are not checkpointed one by one (a checkpoint is one SQLite transaction),
/// only in batches and around states with effects. Wherever the kill lands, in the loop
/// or in the Wait after it, the resumed execution ends with the right output and a
/// history in which every state appears exactly once and ids have no gaps.
#[test]
fn a_long_pure_loop_killed_anywhere_resumes_without_duplicate_events() {
    const N: u64 = 5_000;
    let data = tempfile::tempdir().unwrap();
    let def = data.path().join("def.json");
    let input = data.path().join("in.json");
    std::fs::write(&def, json!({"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericGreaterThanEqualsPath": "$.n", "Next": "Sleep"}], "Default": "Step"},
        "Step": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "Check"},
        "Sleep": {"Type": "Wait", "Seconds": 60, "Next": "Done"},
        "Done": {"Type": "Succeed"}}}).to_string()).unwrap();
    std::fs::write(&input, json!({"i": 0, "n": N}).to_string()).unwrap();
    // Kill as soon as a first batch of the loop is on disk.
    run_and_kill_when(
        data.path(),
        ("loop", &def, &input),
        (Duration::from_secs(60), "a first checkpoint of the loop"),
        |events| events.len() >= code24_asl::CHECKPOINT_EVERY_EVENTS,
    );
    let before = history(data.path(), "loop");
    assert!(!types(&before).contains(&"ExecutionSucceeded".to_string()));

    let out = code24(data.path(), &["asl", "resume", "--virtual-clock"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["status"], "SUCCEEDED", "{line}");
    assert_eq!(line["output"], json!({"i": N, "n": N}));

    let events = history(data.path(), "loop");
    let t = types(&events);
    assert_eq!(
        t.iter().filter(|x| *x == "ChoiceStateEntered").count() as u64,
        N + 1
    );
    assert_eq!(
        t.iter().filter(|x| *x == "PassStateEntered").count() as u64,
        N
    );
    assert_eq!(t.iter().filter(|x| *x == "WaitStateEntered").count(), 1);
    assert_eq!(t.iter().filter(|x| *x == "ExecutionStarted").count(), 1);
    let ids: Vec<u64> = events.iter().map(|e| e["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>());
    // What was on disk before the kill is a prefix of the final history.
    assert_eq!(types(&before), t[..before.len()].to_vec());
}

#[test]
fn a_failed_execution_is_redriven_from_the_failed_state() {
    let data = tempfile::tempdir().unwrap();
    let brief = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/brief.json");
    let build = code24(
        data.path(),
        &["build", "--brief", brief.to_str().unwrap(), "--json"],
    );
    let status: Value = serde_json::from_slice(&build.stdout).unwrap();
    let real_key = status["output"]["marketIntelligence"]["artifactKey"]
        .as_str()
        .unwrap()
        .to_string();

    let def = data.path().join("def.json");
    let input = data.path().join("in.json");
    std::fs::write(&def, json!({"StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Result": "p", "ResultPath": "$.prepared", "Next": "Brand"},
        "Brand": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "${BrandFunctionArn}", "Payload": {"workflowId": "redrive-test", "brief.$": "$.brief",
                "artifacts": {"marketIntelligence": {"key": "workflows/later/market-intelligence.json"}}}},
            "ResultSelector": {"tagline.$": "$.Payload.summary.tagline"}, "End": true}}}).to_string()).unwrap();
    std::fs::write(&input, json!({"brief": serde_json::from_str::<Value>(&std::fs::read_to_string(&brief).unwrap()).unwrap()}).to_string()).unwrap();

    let out = code24(
        data.path(),
        &[
            "asl",
            "run",
            "--name",
            "r1",
            "--definition",
            def.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
        ],
    );
    let first: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(first["status"], "FAILED");
    assert_eq!(first["error"], "Code24.ArtifactMissing");

    let out = code24(data.path(), &["asl", "redrive", "nope"]);
    assert_eq!(out.status.code(), Some(2));

    // Fix the cause, then redrive: the Brand state runs again; Prepare does not.
    let artifacts = data.path().join("artifacts");
    std::fs::create_dir_all(artifacts.join("workflows/later")).unwrap();
    std::fs::copy(
        artifacts.join(&real_key),
        artifacts.join("workflows/later/market-intelligence.json"),
    )
    .unwrap();
    let out = code24(data.path(), &["asl", "redrive", "r1"]);
    let second: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(second["status"], "SUCCEEDED", "{second}");
    assert!(second["output"]["tagline"].is_string());

    let t = types(&history(data.path(), "r1"));
    assert_eq!(t.iter().filter(|x| *x == "ExecutionRedriven").count(), 1);
    assert_eq!(
        t.iter().filter(|x| *x == "PassStateEntered").count(),
        1,
        "the state before the failure is not run again: {t:?}"
    );
    assert_eq!(t.iter().filter(|x| *x == "TaskStateEntered").count(), 2);

    let out = code24(data.path(), &["asl", "redrive", "r1"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a succeeded execution cannot be redriven"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("SUCCEEDED"));
}

#[test]
fn execution_names_are_unique() {
    let data = tempfile::tempdir().unwrap();
    let def = data.path().join("def.json");
    let input = data.path().join("in.json");
    std::fs::write(
        &def,
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}).to_string(),
    )
    .unwrap();
    std::fs::write(&input, "{}").unwrap();
    let args = [
        "asl",
        "run",
        "--name",
        "same",
        "--definition",
        def.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
    ];
    assert!(code24(data.path(), &args).status.success());
    let out = code24(data.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    let text = String::from_utf8(code24(data.path(), &["asl", "history", "same"]).stdout).unwrap();
    assert!(
        text.contains("ExecutionStarted") && text.contains("ExecutionSucceeded"),
        "{text}"
    );
}

#[test]
fn injected_faults_go_through_retry_and_catch() {
    let data = tempfile::tempdir().unwrap();
    let def = data.path().join("def.json");
    let input = data.path().join("in.json");
    std::fs::write(&def, json!({"StartAt": "Charge", "States": {
        "Charge": {"Type": "Pass", "Result": "charged", "ResultPath": "$.charge", "Next": "Ship"},
        "Ship": {"Type": "Parallel", "Branches": [{"StartAt": "Label", "States": {"Label": {"Type": "Pass", "End": true}}}],
            "Retry": [{"ErrorEquals": ["Courier.Busy"], "IntervalSeconds": 30, "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.problem", "Next": "Apologise"}], "End": true},
        "Apologise": {"Type": "Pass", "End": true}}}).to_string()).unwrap();
    std::fs::write(&input, "{}").unwrap();
    let run = |name: &str, fault: &str| -> Value {
        let out = code24(
            data.path(),
            &[
                "asl",
                "run",
                "--name",
                name,
                "--virtual-clock",
                "--definition",
                def.to_str().unwrap(),
                "--input",
                input.to_str().unwrap(),
                "--inject-fault",
                fault,
            ],
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)))
    };
    let recovered = run("f1", "Ship=2:Courier.Busy");
    assert_eq!(recovered["status"], "SUCCEEDED");
    assert!(
        recovered["output"].get("problem").is_none(),
        "two failures are within MaxAttempts 2: {recovered}"
    );
    let caught = run("f2", "Ship=3:Courier.Busy");
    assert_eq!(caught["output"]["problem"]["Error"], "Courier.Busy");
    let failed = run("f3", "Charge:Card.Declined");
    assert_eq!(
        (failed["status"].as_str(), failed["error"].as_str()),
        (Some("FAILED"), Some("Card.Declined"))
    );
}

#[test]
fn a_killed_build_is_finished_by_asl_resume() {
    use std::io::BufRead;
    let data = tempfile::tempdir().unwrap();
    let brief = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/brief.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_code24"))
        .args([
            "build",
            "--brief",
            brief.to_str().unwrap(),
            "--coordination-delay",
            "30",
            "--data-dir",
        ])
        .arg(data.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // Keep draining the child's progress output, or its writes would fail.
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let first = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    let id = first
        .split("(workflow ")
        .nth(1)
        .and_then(|r| r.split(')').next())
        .unwrap()
        .to_string();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let events = history(data.path(), &id);
        if events.iter().any(|e| {
            e["type"] == "TaskStateExited" && e["stateExitedEventDetails"]["name"] == "Brand"
        }) {
            break;
        }
        if Instant::now() > deadline {
            let rest: Vec<String> = rx.try_iter().collect();
            panic!(
                "the build never got past Brand: {id} {} events; its output: {rest:?}",
                events.len()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let status: Value =
        serde_json::from_slice(&code24(data.path(), &["status", &id, "--json"]).stdout).unwrap();
    assert_eq!(status["status"], "running", "killed mid-build");

    let out = code24(data.path(), &["asl", "resume", "--virtual-clock"]);
    let line: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(line["status"], "SUCCEEDED", "{line}");
    let status: Value =
        serde_json::from_slice(&code24(data.path(), &["status", &id, "--json"]).stdout).unwrap();
    assert_eq!(status["status"], "completed");
    let site = std::path::PathBuf::from(
        status["output"]["deployment"]["localPath"]
            .as_str()
            .unwrap(),
    );
    assert!(site.join("index.html").is_file());
}
