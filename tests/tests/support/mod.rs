//! Shared helpers for the integration tests.
#![allow(dead_code)]

use code24_asl::HistoryEvent;
use code24_domain::Brief;
use code24_pipeline::local::local_services;
use code24_pipeline::{FaultPlan, SiteConfig, Workflows};
use std::path::{Path, PathBuf};

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

/// The sample briefs (see [`briefs_dir`]).
pub fn shared_briefs() -> Vec<(String, Brief)> {
    let dir = briefs_dir();
    let mut out = Vec::new();
    for entry in
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            out.push((name, Brief::from_json(&text).unwrap()));
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
