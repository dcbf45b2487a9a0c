//! `code24 build --model`: a build written by a model on an OpenAI-compatible server on
//! 127.0.0.1, and settings that cannot work refused with one readable line.

use code24_model::testing::{ModelServer, Protocol, Reply};
use serde_json::{json, Value};
use std::process::Command;

fn code24(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_code24"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("CODE24_MODEL")
        .output()
        .unwrap()
}

const BRIEF: [&str; 9] = [
    "build",
    "--name",
    "Northside Physio",
    "--description",
    "Sports physiotherapy clinic in Bristol for runners",
    "--business-type",
    "healthcare",
    "--primary-goal",
    "appointments",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cli_build_writes_with_the_model_and_fails_where_it_gets_no_answer() {
    let server = ModelServer::start(Protocol::OpenAi).await;
    server.record("ResearchCopy", &json!({
        "audiences": ["Runners in Bristol training for a race", "People back from an injury who want to run again"],
        "customerNeeds": ["A clear plan to get back to running", "Treatment that fits around training"],
        "customerQuestions": ["Do I need a referral from my doctor?", "How many sessions will I need?"],
        "trustSignals": ["Physiotherapists who explain each exercise", "Plans written down for you to keep"],
        "keywords": ["sports physio Bristol", "running injury", "physiotherapy for runners"]
    }));
    server.record("CompetitionCopy", &json!({"competitorKinds": [
        {"kind": "general physiotherapy practices", "usualPitch": "treating every kind of injury", "opening": "a clinic that knows running"},
        {"kind": "gym-based sports therapists", "usualPitch": "convenience for members", "opening": "assessment by a physiotherapist"}
    ]}));
    server.record("BrandCopy", &json!({
        "positioning": "Northside Physio helps runners in Bristol get back to running, with plans built around their training.",
        "audience": "Runners in Bristol", "tagline": "Back to running, step by step",
        "voiceTraits": ["calm", "expert", "encouraging"],
        "voiceGuidance": "Explain plainly, never promise outcomes, and respect the runner's goals.",
        "primaryColor": "#1f6f8b"
    }));
    server.script_for("BrandCopy", [Reply::throttled()]);
    let dir = tempfile::tempdir().unwrap();
    let base_url = server.openai_base_url();
    let setting = format!("openai:local-test@{base_url}");
    let data = dir.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        let mut args = BRIEF.to_vec();
        args.extend(["--json", "--model", &setting]);
        code24(&data, &args)
    })
    .await
    .unwrap();
    // The design and developer answers were never recorded: the build fails there, after
    // brand (whose 429 was retried inside the call) used the model's words.
    let status: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(status["status"], "failed", "{status}");
    assert_eq!(status["error"]["step"], "Designer", "{status}");
    assert_eq!(status["error"]["error"], "Code24.ModelRejected", "{status}");
    assert!(!out.status.success());
    let id = status["workflowId"].as_str().unwrap();
    let brand_artifact = dir
        .path()
        .join(format!("artifacts/workflows/{id}/brand.json"));
    let brand_artifact = std::fs::read_to_string(&brand_artifact)
        .unwrap_or_else(|e| panic!("{}: {e}", brand_artifact.display()));
    assert!(
        brand_artifact.contains("Back to running, step by step"),
        "{brand_artifact}"
    );
    let brand = server
        .received()
        .iter()
        .filter(|r| r.schema_name == "BrandCopy")
        .count();
    assert_eq!(brand, 2, "one 429, then the answer");
    assert_eq!(
        server
            .received()
            .iter()
            .filter(|r| r.schema_name == "DesignCopy")
            .count(),
        1,
        "a rejected request is not retried"
    );
}

#[test]
fn model_settings_that_cannot_work_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (setting, says) in [
        ("gpt-4o", "no backend prefix"),
        ("openai:gpt-4o", "no @<base-url>"),
        ("vertex:gemini", "unknown backend 'vertex'"),
    ] {
        let mut args = BRIEF.to_vec();
        args.extend(["--model", setting]);
        let out = code24(dir.path(), &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{setting}: exit status 2, as for any bad input"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{setting}: {stderr}");
    }
    let mut args = BRIEF.to_vec();
    args.extend([
        "--model",
        "openai:m@http://127.0.0.1:9/v1",
        "--virtual-clock",
    ]);
    let out = code24(dir.path(), &args);
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--virtual-clock cannot be used with --model"));
    assert!(
        !dir.path().join("status.db").exists(),
        "a refused setting writes nothing"
    );
}
