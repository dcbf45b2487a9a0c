//! `code24 serve` under faults: killed with SIGKILL while builds run, it finishes every
//! accepted build after a restart; a read-only or full data directory gives clear errors
//! and loses nothing; it refuses a non-loopback address without an auth token, and with
//! one it holds every route but the sites' public ones to the token.
//!
//! The disk faults mount small tmpfs file systems, which needs root (as CI runs).

mod support;

use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use support::{http, http_with, json_body, serve, serve_with, wait_for_end};

fn brief(i: usize) -> String {
    format!(
        r#"{{"name":"Fault Test Bakery {i}","description":"Sourdough bakery with a small cafe","businessType":"food_and_beverage","primaryGoal":"online_orders"}}"#
    )
}

fn trigger(port: u16, i: usize) -> (u16, Value) {
    let (status, response) = http(port, "POST", "/trigger/build", &brief(i));
    (status, json_body(&response))
}

#[test]
fn builds_killed_with_sigkill_all_complete_after_a_restart() {
    let data = tempfile::tempdir().unwrap();
    // Two-second pauses between the workers keep every build in flight when it is killed.
    let server = serve_with(
        data.path(),
        &["--coordination-delay", "2", "--workers", "6"],
    );
    let mut ids = Vec::new();
    for i in 0..12 {
        let (status, body) = trigger(server.port, i);
        assert_eq!(status, 202, "{body}");
        ids.push(body["workflowId"].as_str().unwrap().to_string());
    }
    std::thread::sleep(Duration::from_millis(2500));
    let (_, list) = http(server.port, "GET", "/executions?limit=100", "");
    let list = json_body(&list);
    let running = list["executions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "running")
        .count();
    assert!(
        running >= 6,
        "most builds are still running when killed: {list}"
    );
    server.sigkill();

    let server = serve(data.path());
    for id in &ids {
        let end = wait_for_end(server.port, id);
        assert_eq!(end["status"], "completed", "{id}: {end}");
        let site = end["output"]["deployment"]["siteId"].as_str().unwrap();
        let (status, _) = http(server.port, "GET", &format!("/sites/{site}/"), "");
        assert_eq!(status, 200, "{site}");
    }
    // Nothing lost and nothing twice: each workflow once, each site published once.
    let listed = support::listed_workflows(server.port, 100);
    assert_eq!(listed.len(), ids.len(), "{listed:?}");
    assert_eq!(listed.iter().collect::<HashSet<_>>().len(), ids.len());
    for i in 0..12 {
        let (_, versions) = http(
            server.port,
            "GET",
            &format!("/sites/fault-test-bakery-{i}/versions"),
            "",
        );
        assert_eq!(
            json_body(&versions)["versions"],
            serde_json::json!([1]),
            "{versions}"
        );
    }
    // The history of a resumed execution is one history: ids in order, no gaps.
    let (_, history) = http(
        server.port,
        "GET",
        &format!("/executions/{}/history", ids[0]),
        "",
    );
    let events = json_body(&history)["events"].as_array().unwrap().clone();
    for (n, e) in events.iter().enumerate() {
        assert_eq!(e["id"], n + 1, "{e}");
    }
    assert_eq!(events.last().unwrap()["type"], "ExecutionSucceeded");
}

/// A tmpfs mounted at a new folder, unmounted when dropped.
struct Mount {
    dir: PathBuf,
    _parent: tempfile::TempDir,
}

impl Mount {
    fn tmpfs(options: &str) -> Mount {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "mounting a tmpfs needs root: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Mount {
            dir,
            _parent: parent,
        }
    }

    fn remount(&self, options: &str) {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

fn serve_fails(data: &Path, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_code24"))
        .args(["serve", "--port", "0", "--data-dir"])
        .arg(data)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    stderr
}

#[test]
fn a_read_only_data_directory_is_a_clear_error_and_nothing_half_written() {
    let mount = Mount::tmpfs("size=8m");
    let server = serve(&mount.dir);
    let (status, body) = trigger(server.port, 1);
    assert_eq!(status, 202, "{body}");
    let id = body["workflowId"].as_str().unwrap().to_string();
    assert_eq!(wait_for_end(server.port, &id)["status"], "completed");

    drop(server);
    // A file system cannot be made read-only while files on it are open for writing,
    // so the server is stopped first.
    mount.remount("ro");

    // Started on a read-only directory: one line and exit 2.
    let stderr = serve_fails(&mount.dir, &[]);
    assert!(stderr.contains("is not writable"), "{stderr}");
    assert!(stderr.to_lowercase().contains("read-only"), "{stderr}");

    // Writable again: the first build is intact.
    mount.remount("rw");
    let server = serve(&mount.dir);
    let (_, list) = http(server.port, "GET", "/executions", "");
    let list = json_body(&list);
    assert_eq!(list["executions"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list["executions"][0]["status"], "completed");
    let (status, _) = http(server.port, "GET", "/sites/fault-test-bakery-1/", "");
    assert_eq!(status, 200);
}

#[test]
fn a_full_disk_refuses_or_fails_builds_clearly_and_they_finish_once_there_is_room() {
    let mount = Mount::tmpfs("size=1m");
    let server = serve_with(&mount.dir, &["--workers", "2"]);
    let mut accepted = Vec::new();
    let mut refused = 0;
    for i in 0..60 {
        let (status, body) = trigger(server.port, i);
        match status {
            202 => accepted.push(body["workflowId"].as_str().unwrap().to_string()),
            503 => {
                refused += 1;
                let message = body["message"].as_str().unwrap_or_default().to_lowercase();
                assert!(
                    message.contains("full") || message.contains("no space"),
                    "a refusal names the full disk: {body}"
                );
            }
            other => panic!("a build on a full disk answered {other}: {body}"),
        }
    }
    println!(
        "full disk: {} builds accepted, {refused} refused",
        accepted.len()
    );
    assert!(refused > 0, "1 MB must fill up within 60 builds");
    assert!(!accepted.is_empty());
    // Whatever was accepted either ends, or waits for room; give the pool time.
    std::thread::sleep(Duration::from_secs(3));
    drop(server);

    mount.remount("size=256m");
    let server = serve(&mount.dir);
    let deadline = Instant::now() + Duration::from_secs(120);
    for id in &accepted {
        let end = wait_for_end(server.port, id);
        assert!(Instant::now() < deadline);
        match end["status"].as_str() {
            Some("completed") => {
                let site = end["output"]["deployment"]["siteId"].as_str().unwrap();
                let (status, page) = http(server.port, "GET", &format!("/sites/{site}/"), "");
                assert_eq!(status, 200, "{site}");
                assert!(page.contains("</html>"), "{site}: a whole page");
            }
            Some("failed") => {
                println!("{id} failed: {}", end["error"]);
                let cause = end["error"].to_string().to_lowercase();
                assert!(
                    cause.contains("space") || cause.contains("full"),
                    "{id} failed for the full disk, and says so: {end}"
                );
            }
            _ => panic!("{id}: {end}"),
        }
    }
    // The database is whole: every record reads back, and new builds run.
    let (status, body) = trigger(server.port, 100);
    assert_eq!(status, 202, "{body}");
    let id = body["workflowId"].as_str().unwrap();
    assert_eq!(wait_for_end(server.port, id)["status"], "completed");
}

#[test]
fn a_non_loopback_address_needs_an_auth_token_and_then_every_private_route_does() {
    let data = tempfile::tempdir().unwrap();
    let stderr = serve_fails(data.path(), &["--bind", "0.0.0.0"]);
    assert!(stderr.contains("refusing to listen on 0.0.0.0"), "{stderr}");
    let stderr = serve_fails(data.path(), &["--bind", "0.0.0.0", "--auth-token", "short"]);
    assert!(stderr.contains("at least 16"), "{stderr}");

    let token = "a-long-enough-test-token";
    let server = serve_with(data.path(), &["--bind", "0.0.0.0", "--auth-token", token]);
    let port = server.port;
    let bearer = format!("Authorization: Bearer {token}\r\n");
    let (status, body) = http(port, "POST", "/trigger/build", &brief(1));
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("www-authenticate: Bearer"));
    let (status, body) = http_with(
        port,
        "POST",
        "/trigger/build",
        "Authorization: Bearer wrong-token-of-length\r\n",
        &brief(1),
    );
    assert_eq!(status, 401, "{body}");
    let (status, body) = http_with(port, "POST", "/trigger/build", &bearer, &brief(1));
    assert_eq!(status, 202, "{body}");
    let id = json_body(&body)["workflowId"].as_str().unwrap().to_string();
    for path in [
        "/",
        "/executions",
        &format!("/status/{id}"),
        "/sites/fault-test-bakery-1/versions",
    ] {
        let (status, _) = http(port, "GET", path, "");
        assert_eq!(status, 401, "{path} without the token");
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, body) = http_with(port, "GET", &format!("/status/{id}"), &bearer, "");
        if json_body(&body)["status"] == "completed" {
            break;
        }
        assert!(Instant::now() < deadline, "{body}");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A visitor needs no token for the site, its beacons and its form.
    let (status, _) = http(port, "GET", "/sites/fault-test-bakery-1/", "");
    assert_eq!(status, 200);
    let (status, body) = http(
        port,
        "POST",
        "/collect/fault-test-bakery-1",
        r#"{"e":"page_view","p":"/"}"#,
    );
    assert_eq!(status, 202, "{body}");
    let (status, _) = http(port, "GET", "/openapi.json", "");
    assert_eq!(status, 200);
    // The dashboard in a browser: /?token= sets a cookie that then opens it.
    let (status, response) = http(port, "GET", &format!("/?token={token}"), "");
    assert_eq!(status, 303);
    let cookie = response
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let (status, page) = http_with(port, "GET", "/", &format!("Cookie: {cookie}\r\n"), "");
    assert_eq!(status, 200);
    assert!(page.contains(&id));
}
