//! The sites as a person sees them, in a real browser: `code24 serve` builds the site of
//! every sample brief (through `POST /trigger/build`) and serves it, and
//! `tests/browser/check_sites.mjs` checks each with Playwright at 360/768/1280 px,
//! axe-core and Lighthouse (mobile and desktop), failing under 100 in any category.
//! Screenshots and the report go to `ci-artifacts/browser/` (printed).
//!
//! Needs Node.js, Chromium (`CHROME_PATH`) and the npm packages of `.ci/package.json`
//! (`CODE24_NODE_MODULES`); `bash .ci/run` provides them.

mod support;

use std::path::Path;
use support::{http, json_body, serve, wait_for_end};

fn briefs_dir(repo: &Path) -> std::path::PathBuf {
    let shared = repo.join("../shared/briefs");
    if shared.is_dir() {
        shared
    } else {
        repo.join("examples/briefs")
    }
}

#[test]
fn every_sample_site_passes_the_browser_checks() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = tempfile::tempdir().unwrap();
    let server = serve(data.path());
    let port = server.port;
    // The shared briefs, and our own (French, German) that the shared folder lacks.
    let mut briefs: Vec<std::path::PathBuf> = Vec::new();
    for dir in [briefs_dir(&repo), repo.join("examples/briefs")] {
        for path in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()) {
            let known = briefs.iter().any(|b| b.file_name() == path.file_name());
            if path.extension().is_some_and(|e| e == "json") && !known {
                briefs.push(path);
            }
        }
    }
    briefs.sort_by_key(|p| p.file_name().map(|n| n.to_owned()));
    let mut ids = Vec::new();
    for brief in &briefs {
        let text = std::fs::read_to_string(brief).unwrap();
        let (status, response) = http(port, "POST", "/trigger/build", &text);
        assert_eq!(status, 202, "{}: {response}", brief.display());
        ids.push(
            json_body(&response)["workflowId"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let mut sites = Vec::new();
    for id in &ids {
        let body = wait_for_end(port, id);
        assert_eq!(body["status"], "completed", "{body}");
        sites.push(
            body["output"]["deployment"]["siteId"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let out = support::artifacts("browser");
    let _ = std::fs::remove_dir_all(&out);
    let base = format!("http://127.0.0.1:{port}");
    let mut args: Vec<&std::ffi::OsStr> = vec![base.as_ref(), out.as_os_str()];
    args.extend(sites.iter().map(|s| std::ffi::OsStr::new(s.as_str())));
    let report = support::node_script("check_sites.mjs", &args, &out, "report.json");
    drop(server);
    assert_eq!(report.as_object().unwrap().len(), briefs.len());
}
