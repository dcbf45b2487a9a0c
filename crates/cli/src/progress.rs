//! Live progress of a build on the terminal, from the engine's history events.

use code24_asl::{HistoryEvent, Observer};

/// Progress goes to stderr and must never stop a build: if stderr is closed (a pipe whose
/// reader has gone), the line is dropped instead of panicking as `eprintln!` would.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Progress {
    entered: Arc<Mutex<HashMap<String, chrono::DateTime<chrono::Utc>>>>,
}

impl Progress {
    pub fn new() -> Progress {
        Progress {
            entered: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    pub fn started(&self, name: &str, id: &str) {
        say!("Building {name:?} (workflow {id})");
    }

    pub fn observer(&self) -> Observer {
        let entered = self.entered.clone();
        Arc::new(move |e: &HistoryEvent| {
            let state = e.state_name.clone().unwrap_or_default();
            let mut map = entered.lock().unwrap_or_else(|p| p.into_inner());
            match e.event_type.as_str() {
                "TaskStateEntered" => {
                    map.insert(state.clone(), e.timestamp);
                }
                "TaskStateExited" => {
                    let secs = map
                        .get(&state)
                        .map(|t| (e.timestamp - *t).num_milliseconds() as f64 / 1000.0)
                        .unwrap_or(0.0);
                    say!("  ✓ {state:<28} {secs:>7.2}s");
                }
                "TaskFailed" | "TaskTimedOut" => {
                    let details = e.details.value();
                    let error = details.get("error").and_then(Value::as_str).unwrap_or("");
                    say!("  ✗ {state:<28} {error}");
                }
                "WaitStateEntered" => say!("  … {state} (coordination delay)"),
                "FailStateEntered" => say!("  ✗ workflow failed"),
                _ => {}
            }
        })
    }
}

fn line(label: &str, value: Option<&Value>) {
    if let Some(v) = value {
        let text = v
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string());
        say!("{label:<10} {text}");
    }
}

/// The closing lines of a build.
pub fn summary(view: &Value, elapsed: Duration) {
    describe(view);
    say!("{:<10} {:.2}s", "Time", elapsed.as_secs_f64());
}

/// A status object for people.
pub fn describe(view: &Value) {
    line("Workflow", view.get("workflowId"));
    line("Status", view.get("status"));
    if let Some(step) = view.get("currentStep") {
        line("Step", Some(step));
    }
    let deployment = view.pointer("/output/deployment");
    if let Some(d) = deployment {
        if let Some(path) = d.get("localPath").and_then(Value::as_str) {
            say!("{:<10} {path}/index.html", "Site");
        }
        line("URL", d.get("url"));
        line("Version", d.get("version"));
    }
    if let Some(e) = view.get("error") {
        line("Failed at", e.get("step"));
        line("Error", e.get("error"));
        line("Cause", e.get("cause"));
    }
}
