//! The `code24` command as a user runs it: builds, bad input, status, and the
//! `asl run` contract.

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output};

fn code24(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_code24"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .output()
        .unwrap()
}

/// A sample brief: from `../shared/briefs` beside the repository when there, else the copy
/// in `examples/briefs`.
fn shared_brief(name: &str) -> String {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = repo.join(format!("../shared/briefs/{name}.json"));
    let path = if shared.is_file() {
        shared
    } else {
        repo.join(format!("examples/briefs/{name}.json"))
    };
    path.display().to_string()
}

fn workflow_count(data: &Path) -> usize {
    let db = data.join("status.db");
    if !db.exists() {
        return 0;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_code24"))
        .args(["status", "--json", "nope", "--data-dir"])
        .arg(data)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let store = code24_store_local::SqliteStatusStore::open(&db).unwrap();
    rt.block_on(code24_store::StatusStore::list(&store, 1000))
        .unwrap()
        .len()
}

#[test]
fn build_json_prints_the_status_object_with_an_absolute_site_path() {
    let data = tempfile::tempdir().unwrap();
    let out = code24(
        data.path(),
        &["build", "--brief", &shared_brief("dentist"), "--json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status: Value =
        serde_json::from_slice(&out.stdout).expect("stdout is only the JSON status object");
    assert_eq!(status["status"], "completed");
    let local = Path::new(
        status["output"]["deployment"]["localPath"]
            .as_str()
            .unwrap(),
    );
    assert!(local.is_absolute() && local.join("index.html").is_file());
    assert!(status["output"]["deployment"]["url"]
        .as_str()
        .unwrap()
        .starts_with("http://"));
    assert!(
        status["output"]["marketIntelligence"].is_object()
            && status["output"]["eliteResults"].is_object()
    );

    let id = status["workflowId"].as_str().unwrap();
    let again = code24(data.path(), &["status", id, "--json"]);
    let again: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again, status);
}

#[test]
fn build_with_field_flags_and_live_progress() {
    let data = tempfile::tempdir().unwrap();
    let out = code24(
        data.path(),
        &[
            "build",
            "--name",
            "Hill Street Physio",
            "--description",
            "Sports injury physiotherapy clinic in Bristol",
            "--business-type",
            "physio",
            "--primary-goal",
            "booking",
        ],
    );
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for step in [
        "MarketResearch",
        "CompetitiveAnalysis",
        "Brand",
        "Designer",
        "Developer",
        "Deploy",
        "AnalyticsSetup",
    ] {
        assert!(err.contains(step), "progress shows {step}: {err}");
    }
    assert!(err.contains("completed") && err.contains("index.html"));
}

#[test]
fn bad_briefs_exit_non_zero_with_one_line_naming_the_field_and_store_nothing() {
    let data = tempfile::tempdir().unwrap();
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"description": "d", "businessType": "b", "primaryGoal": "g"}),
            "name",
        ),
        (
            json!({"name": "", "description": "d", "businessType": "b", "primaryGoal": "g"}),
            "name",
        ),
        (
            json!({"name": "n", "description": 5, "businessType": "b", "primaryGoal": "g"}),
            "description",
        ),
        (
            json!({"name": "n", "description": "d", "businessType": ["x"], "primaryGoal": "g"}),
            "businessType",
        ),
        (
            json!({"name": "n", "description": "d", "businessType": "b"}),
            "primaryGoal",
        ),
        (
            json!({"name": "n".repeat(500), "description": "d", "businessType": "b", "primaryGoal": "g"}),
            "name",
        ),
        (
            json!({"name": "n", "description": "d".repeat(5000), "businessType": "b", "primaryGoal": "g"}),
            "description",
        ),
        (json!(["not", "an", "object"]), "body"),
    ];
    for (i, (brief, field)) in cases.iter().enumerate() {
        let path = data.path().join(format!("brief{i}.json"));
        std::fs::write(&path, brief.to_string()).unwrap();
        let out = code24(data.path(), &["build", "--brief", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "case {i}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "case {i}: {err}");
        assert!(
            err.contains(&format!("{field}:")),
            "case {i} should name {field}: {err}"
        );
    }
    let path = data.path().join("broken.json");
    std::fs::write(&path, "{\"name\": ").unwrap();
    let out = code24(data.path(), &["build", "--brief", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid JSON"));
    let out = code24(
        data.path(),
        &["build", "--brief", "/nonexistent/brief.json"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        workflow_count(data.path()),
        0,
        "an invalid brief must not write a status record"
    );
}

#[test]
fn a_failing_build_exits_non_zero_and_records_the_step() {
    let data = tempfile::tempdir().unwrap();
    let out = code24(
        data.path(),
        &[
            "build",
            "--brief",
            &shared_brief("shop"),
            "--json",
            "--virtual-clock",
            "--inject-fault",
            "Designer",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["status"], "failed");
    assert_eq!(status["error"]["step"], "Designer");
    assert_eq!(status["error"]["error"], "Code24.TransientError");
    let out = code24(
        data.path(),
        &[
            "build",
            "--brief",
            &shared_brief("shop"),
            "--inject-fault",
            "Nope",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown step 'Nope'"));
}

/// `asl run` takes the faults of `build`'s grammar: a state can fail a number of times or
/// hang (`States.Timeout`, as its timeout would raise), but not panic; a bad spec is one
/// readable line and exit code 2.
#[test]
fn asl_run_injects_faults_in_the_one_grammar() {
    let data = tempfile::tempdir().unwrap();
    let def = data.path().join("def.json");
    let input = data.path().join("in.json");
    std::fs::write(
        &def,
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}).to_string(),
    )
    .unwrap();
    std::fs::write(&input, "{}").unwrap();
    let run = |fault: &str| {
        let (def, input) = (def.to_str().unwrap(), input.to_str().unwrap());
        code24(
            data.path(),
            &[
                "asl",
                "run",
                "--definition",
                def,
                "--input",
                input,
                "--inject-fault",
                fault,
            ],
        )
    };
    for (fault, error) in [
        ("P:hang", "States.Timeout"),
        ("P", "States.TaskFailed"),
        ("P=1:Custom.Boom", "Custom.Boom"),
    ] {
        let out = run(fault);
        assert_eq!(out.status.code(), Some(1), "{fault}");
        let result: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(result["status"], "FAILED", "{fault}");
        assert_eq!(result["error"], error, "{fault}");
    }
    assert_eq!(run("P=0").status.code(), Some(0));
    for (fault, says) in [("P:panic", "only a step"), ("P=x", "'x' is not a count")] {
        let out = run(fault);
        assert_eq!(out.status.code(), Some(2), "{fault}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{fault}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
}

#[test]
fn asl_run_prints_one_json_object() {
    let data = tempfile::tempdir().unwrap();
    let def = data.path().join("def.json");
    let input = data.path().join("in.json");
    std::fs::write(&def, json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 86400, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Ok"}], "Default": "No"},
        "Ok": {"Type": "Pass", "Parameters": {"greeting.$": "$.who"}, "End": true},
        "No": {"Type": "Fail", "Error": "Custom.No", "Cause": "go was false"}}}).to_string()).unwrap();
    std::fs::write(&input, json!({"go": true, "who": "world"}).to_string()).unwrap();
    let started = std::time::Instant::now();
    let out = code24(
        data.path(),
        &[
            "asl",
            "run",
            "--definition",
            def.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
            "--virtual-clock",
        ],
    );
    assert!(
        started.elapsed().as_secs() < 30,
        "the virtual clock must skip the day-long wait"
    );
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        result,
        json!({"status": "SUCCEEDED", "output": {"greeting": "world"}, "error": null, "cause": null})
    );

    std::fs::write(&input, json!({"go": false}).to_string()).unwrap();
    let out = code24(
        data.path(),
        &[
            "asl",
            "run",
            "--definition",
            def.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
            "--virtual-clock",
        ],
    );
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        result,
        json!({"status": "FAILED", "output": null, "error": "Custom.No", "cause": "go was false"})
    );
    assert_eq!(out.status.code(), Some(1));

    std::fs::write(
        &def,
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Nxt": "B", "End": true}}})
            .to_string(),
    )
    .unwrap();
    let out = code24(
        data.path(),
        &[
            "asl",
            "run",
            "--definition",
            def.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("state 'A'.Nxt"), "{err}");
}

#[test]
fn asl_run_resolves_lambda_tasks_to_the_local_handlers() {
    let data = tempfile::tempdir().unwrap();
    let def = data.path().join("def.json");
    let input = data.path().join("in.json");
    std::fs::write(&def, json!({"StartAt": "Research", "States": {"Research": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "${MarketResearchFunctionArn}", "Payload": {"workflowId": "adhoc-1", "brief.$": "$"}},
        "ResultSelector": {"key.$": "$.Payload.key"}, "End": true}}}).to_string()).unwrap();
    std::fs::read_to_string(shared_brief("lawfirm"))
        .map(|b| std::fs::write(&input, b))
        .unwrap()
        .unwrap();
    let out = code24(
        data.path(),
        &[
            "asl",
            "run",
            "--definition",
            def.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
        ],
    );
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["status"], "SUCCEEDED", "{result}");
    assert_eq!(
        result["output"]["key"],
        "workflows/adhoc-1/market-research.json"
    );
    assert!(data
        .path()
        .join("artifacts/workflows/adhoc-1/market-research.json")
        .is_file());
}

#[test]
fn a_closed_stderr_does_not_stop_a_build() {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_code24"))
        .args(["build", "--brief", &shared_brief("bakery"), "--data-dir"])
        .arg(data.path())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stderr.take()); // the reader goes away, as with `code24 build 2>&1 | head -1`
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let store =
        code24_store_local::SqliteStatusStore::open(&data.path().join("status.db")).unwrap();
    let records = rt
        .block_on(code24_store::StatusStore::list(&store, 10))
        .unwrap();
    assert_eq!(records[0].status, code24_store::WorkflowStatus::Completed);
}

#[test]
fn cost_prices_a_recorded_build() {
    let data = tempfile::tempdir().unwrap();
    let out = code24(
        data.path(),
        &["build", "--brief", &shared_brief("bakery"), "--json"],
    );
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = status["workflowId"].as_str().unwrap();
    let out = code24(data.path(), &["cost", id, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let line = |item: &str| {
        report["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["item"] == item)
            .unwrap()
            .clone()
    };
    assert_eq!(
        line("Lambda requests")["quantity"],
        9.0,
        "eight steps and RecordResult"
    );
    assert!(
        line("Step Functions state transitions")["quantity"]
            .as_f64()
            .unwrap()
            >= 15.0
    );
    assert!(
        line("S3 PUT requests")["quantity"].as_f64().unwrap() >= 6.0 + 9.0,
        "artifacts and site files"
    );
    let total = report["totalUsd"].as_f64().unwrap();
    assert!(
        total > 0.0 && total < 0.01,
        "one build costs well under a cent: {total}"
    );
    assert!(report["pricesAsOf"].as_str().unwrap().contains("us-east-1"));
    assert_eq!(
        code24(data.path(), &["cost", "nope"]).status.code(),
        Some(2)
    );
}

#[test]
fn site_versions_are_listed_and_any_one_can_be_made_live_again() {
    let dir = tempfile::tempdir().unwrap();
    let brief = shared_brief("bakery");
    // The second build rebuilds the first one's site, explicitly.
    for extra in [&[][..], &["--site", "crumb-co"][..]] {
        let mut args = vec!["build", "--brief", &brief, "--json"];
        args.extend_from_slice(extra);
        let out = code24(dir.path(), &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Without --site, the same brief gets a site of its own; another business may not
    // name this one.
    let out = code24(dir.path(), &["build", "--brief", &brief, "--json"]);
    let third: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_ne!(third["output"]["deployment"]["siteId"], "crumb-co");
    let out = code24(
        dir.path(),
        &[
            "build",
            "--name",
            "Crumb Co",
            "--description",
            "Another bakery",
            "--business-type",
            "bakery",
            "--primary-goal",
            "foot_traffic",
            "--site",
            "crumb-co",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("belongs to another business") && err.lines().count() == 1,
        "{err}"
    );
    let versions = |dir: &Path| {
        let out = code24(dir, &["site", "versions", "crumb-co", "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    assert_eq!(
        versions(dir.path()),
        json!({"siteId": "crumb-co", "versions": [1, 2], "live": 2})
    );

    let out = code24(dir.path(), &["site", "rollback", "crumb-co", "1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "version 1 of crumb-co is live"
    );
    assert_eq!(versions(dir.path())["live"], 1);
    assert!(
        dir.path()
            .join("sites/crumb-co/versions/2/index.html")
            .is_file(),
        "no version is deleted"
    );

    for (args, says) in [
        (
            vec!["site", "rollback", "crumb-co", "9"],
            "site 'crumb-co' has no version 9",
        ),
        (vec!["site", "rollback", "../etc", "1"], "invalid"),
        (
            vec!["site", "versions", "no-such-site"],
            "no published versions of site 'no-such-site'",
        ),
    ] {
        let out = code24(dir.path(), &args);
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert_eq!(
        versions(dir.path())["live"],
        1,
        "failed rollbacks change nothing"
    );
}

/// `code24` turns transparent huge pages off for itself before its allocator starts
/// (see `DISABLE_TRANSPARENT_HUGE_PAGES` in main.rs): the kernel shows it in
/// /proc/PID/status while a command runs.
#[cfg(target_os = "linux")]
#[test]
fn a_running_command_has_transparent_huge_pages_off() {
    let dir = tempfile::tempdir().unwrap();
    let definition = dir.path().join("wait.json");
    std::fs::write(
        &definition,
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": true}}}"#,
    )
    .unwrap();
    let input = dir.path().join("input.json");
    std::fs::write(&input, "{}").unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_code24"))
        .args(["asl", "run", "--definition"])
        .arg(&definition)
        .arg("--input")
        .arg(&input)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Until the child has exec'd and set the flag, /proc shows the forked test process.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let line = loop {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
        let line = status
            .lines()
            .find(|l| l.starts_with("THP_enabled:"))
            .unwrap_or("THP_enabled: (not shown by this kernel)")
            .to_string();
        let running_code24 = status.lines().any(|l| l == "Name:\tcode24");
        if (running_code24 && line.ends_with('0')) || std::time::Instant::now() > deadline {
            break line;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(line.split_whitespace().nth(1), Some("0"), "{line}");
}
