//! Shared helpers for the integration tests.
#![allow(dead_code)]

use code24_asl::{HistoryEvent, InvokeError, LambdaInvoker};
use code24_domain::Brief;
use code24_local::local_services;
use code24_local::{FaultPlan, Workflows};
use code24_pipeline::SiteConfig;
use futures::future::BoxFuture;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where the sample briefs are: `$CODE24_BRIEFS_DIR`, else `../shared/briefs` beside the
/// repository (as CI lays it out), else the copy in `examples/briefs`.
pub fn briefs_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CODE24_BRIEFS_DIR") {
        return PathBuf::from(dir);
    }
    let shared = repo_root().join("../shared/briefs");
    if shared.is_dir() {
        shared
    } else {
        repo_root().join("examples/briefs")
    }
}

/// The sample briefs: those of [`briefs_dir`], and our own in `examples/briefs` (the
/// French and German ones) that the shared folder does not have.
pub fn shared_briefs() -> Vec<(String, Brief)> {
    let dir = briefs_dir();
    let mut out: Vec<(String, Brief)> = Vec::new();
    for dir in [dir.clone(), repo_root().join("examples/briefs")] {
        for entry in
            std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            if path.extension().is_some_and(|e| e == "json") && !out.iter().any(|(n, _)| *n == name)
            {
                let text = std::fs::read_to_string(&path).unwrap();
                let brief =
                    Brief::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.push((name, brief));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        out.len() >= 8,
        "expected the shared sample briefs in {}",
        dir.display()
    );
    out
}

pub fn brief(name: &str) -> Brief {
    shared_briefs()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| b)
        .unwrap()
}

pub fn workflows(dir: &Path, faults: FaultPlan) -> Workflows {
    Workflows::new(local_services(dir, SiteConfig::default()).unwrap(), faults).unwrap()
}

/// Seconds between successive `TaskScheduled` events of one state (retry delays).
pub fn retry_delays(history: &[HistoryEvent], state: &str) -> Vec<f64> {
    let times: Vec<_> = history
        .iter()
        .filter(|e| e.event_type == "TaskScheduled" && e.state_name.as_deref() == Some(state))
        .map(|e| e.timestamp)
        .collect();
    times
        .windows(2)
        .map(|w| (w[1] - w[0]).num_milliseconds() as f64 / 1000.0)
        .collect()
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Lambda functions for engine tests, by name: `echo` returns its payload, `hello` greets
/// `$.who`, `add` sums an array, `hang` never answers, `fail-N` fails N times with
/// `Custom.Error` then answers `{"recovered": true}` (`fail-always` never recovers).
#[derive(Default)]
pub struct TestFunctions {
    failures_left: Mutex<HashMap<String, u32>>,
}

impl LambdaInvoker for TestFunctions {
    fn invoke<'a>(
        &'a self,
        function: &'a str,
        payload: Value,
    ) -> BoxFuture<'a, Result<Value, InvokeError>> {
        Box::pin(async move {
            let name = function.rsplit(":function:").next().unwrap_or(function);
            match name {
                "echo" => Ok(payload),
                "hello" => Ok(json!(format!(
                    "Hello, {}!",
                    payload["who"].as_str().unwrap_or("world")
                ))),
                "add" => Ok(json!(payload
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_i64).sum::<i64>())
                    .unwrap_or(0))),
                "hang" => futures::future::pending().await,
                n if n.starts_with("fail-") => {
                    let mut left = self.failures_left.lock().unwrap();
                    let count = left
                        .entry(n.to_string())
                        .or_insert_with(|| n[5..].parse().unwrap_or(u32::MAX));
                    if *count > 0 {
                        *count -= 1;
                        Err(InvokeError::Function {
                            error_type: "Custom.Error".into(),
                            message: format!("{n} failed"),
                        })
                    } else {
                        Ok(json!({"recovered": true}))
                    }
                }
                _ => Err(InvokeError::NotFound),
            }
        })
    }
}

fn vnu_jar() -> PathBuf {
    let path = std::env::var_os("VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".ci/node_modules/vnu-jar/build/dist/vnu.jar"));
    assert!(
        path.is_file(),
        "vnu.jar not found at {} (set VNU_JAR, or run `bash .ci/run`, which installs it)",
        path.display()
    );
    path
}

/// The Nu HTML Checker's error messages for `pages` (empty: all valid).
pub fn vnu_errors(pages: &[PathBuf]) -> Vec<Value> {
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json"])
        .args(pages)
        .output()
        .expect("java must be installed to run vnu");
    let report: Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|_| panic!("vnu output: {}", String::from_utf8_lossy(&out.stderr)));
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        out.status.success(),
        messages.is_empty(),
        "vnu exit status and report disagree"
    );
    messages
}
