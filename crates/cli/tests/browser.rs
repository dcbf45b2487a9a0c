//! The sites as a person sees them, in a real browser: `code24 serve` builds the site of
//! every sample brief (through `POST /trigger/build`) and serves it, and
//! `tests/browser/check_sites.mjs` checks each with Playwright at 360/768/1280 px,
//! axe-core and Lighthouse (mobile and desktop), failing under 100 in any category.
//! Screenshots and the report go to `ci-artifacts/browser/` (printed).
//!
//! Needs Node.js, Chromium (`CHROME_PATH`) and the npm packages of `.ci/package.json`
//! (`CODE24_NODE_MODULES`); `bash .ci/run` provides them.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 request to 127.0.0.1; the status and the JSON body.
fn http(port: u16, method: &str, path: &str, body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let json = response
        .split_once("\r\n\r\n")
        .and_then(|(_, b)| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null);
    (status, json)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

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
    let node_modules = std::env::var("CODE24_NODE_MODULES").expect(
        "CODE24_NODE_MODULES must name the npm tools folder (bash .ci/run sets it to .ci/node_modules)",
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let serve = Serve(
        Command::new(env!("CARGO_BIN_EXE_code24"))
            .args(["serve", "--port", &port.to_string(), "--data-dir"])
            .arg(data.path())
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "code24 serve never listened");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut briefs: Vec<_> = std::fs::read_dir(briefs_dir(&repo))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    briefs.sort();
    let mut ids = Vec::new();
    for brief in &briefs {
        let text = std::fs::read_to_string(brief).unwrap();
        let (status, body) = http(port, "POST", "/trigger/build", &text);
        assert_eq!(status, 202, "{}: {body}", brief.display());
        ids.push(body["workflowId"].as_str().unwrap().to_string());
    }
    let mut sites = Vec::new();
    for id in &ids {
        let deadline = Instant::now() + Duration::from_secs(120);
        let body = loop {
            let (_, body) = http(port, "GET", &format!("/status/{id}"), "");
            if body["status"] != "running" {
                break body;
            }
            assert!(Instant::now() < deadline, "{id} is still running");
            std::thread::sleep(Duration::from_millis(100));
        };
        assert_eq!(body["status"], "completed", "{body}");
        sites.push(
            body["output"]["deployment"]["siteId"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let out = repo.join("ci-artifacts/browser");
    let _ = std::fs::remove_dir_all(&out);
    println!("browser screenshots and report: {}", out.display());
    let status = Command::new("node")
        .arg(repo.join("tests/browser/check_sites.mjs"))
        .arg(format!("http://127.0.0.1:{port}"))
        .arg(&out)
        .args(&sites)
        .env("CODE24_NODE_MODULES", node_modules)
        .status()
        .expect("node must be installed");
    drop(serve);
    assert!(
        status.success(),
        "browser checks failed; see the output above and {}",
        out.display()
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report.as_object().unwrap().len(), briefs.len());
}
