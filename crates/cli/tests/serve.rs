//! `code24 serve` and `code24 monitor` as a user runs them: a build triggered over HTTP is
//! served at /sites/{id}/, the monitor finds it healthy and records that, and finds a
//! broken deploy unhealthy with an ALERT line naming the broken link.

mod support;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use support::{http, json_body, serve, wait_for_end};

fn monitor(data: &Path, port: u16, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_code24"))
        .args([
            "monitor",
            "--site-base-url",
            &format!("http://127.0.0.1:{port}/sites"),
            "--data-dir",
        ])
        .arg(data)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn a_served_site_is_monitored_healthy_and_a_broken_deploy_raises_an_alert() {
    let data = tempfile::tempdir().unwrap();
    let server = serve(data.path());
    let port = server.port;
    let brief = r#"{"name":"Crumb & Co.","description":"Sourdough bakery in Leeds with a small cafe","businessType":"food_and_beverage","primaryGoal":"online_orders"}"#;
    let (status, response) = http(port, "POST", "/trigger/build", brief);
    assert_eq!(status, 202, "{response}");
    let id = json_body(&response)["workflowId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(wait_for_end(port, &id)["status"], "completed");
    let (status, page) = http(port, "GET", "/sites/crumb-co/", "");
    assert_eq!(status, 200);
    assert!(page.contains("content-type: text/html; charset=utf-8") && page.contains("<h1"));
    let (status, page) = http(port, "GET", "/sites/crumb-co/no-such-page.html", "");
    assert_eq!(status, 404);
    assert!(page.contains("Page not found"), "the site's own 404 page");
    let (status, _) = http(port, "GET", "/sites/crumb-co/../../status.db", "");
    assert_eq!(status, 404);

    audit_of_a_served_page(port);

    let out = monitor(data.path(), port, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("crumb-co healthy"), "{stdout}");
    let latest: Value = serde_json::from_slice(
        &std::fs::read(
            data.path()
                .join("artifacts/monitoring/crumb-co/latest.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(latest["healthy"], true);
    assert!(latest["checks"].as_array().unwrap().len() >= 3, "{latest}");

    // A broken deploy: the privacy notice the home page links to is gone.
    std::fs::remove_file(data.path().join("sites/crumb-co/versions/1/privacy.html")).unwrap();
    let out = monitor(data.path(), port, &["--site", "crumb-co"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("ALERT") && stderr.contains("privacy.html: HTTP 404"),
        "{stderr}"
    );

    let out = monitor(data.path(), port, &["--site", "never-built"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no deployed site never-built"), "{stderr}");
}

fn audit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_code24"))
        .arg("audit")
        .args(args)
        .output()
        .unwrap()
}

/// `code24 audit` on the served home page, and its refusals.
fn audit_of_a_served_page(port: u16) {
    let url = format!("http://127.0.0.1:{port}/sites/crumb-co/");
    let out = audit(&[
        &url,
        "--json",
        "--allow-loopback",
        "--primary-goal",
        "online_orders",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["url"], url.as_str());
    let pass = |id: &str| {
        report["audits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| a["pass"] == true)
            .unwrap_or_else(|| panic!("no {id} audit"))
    };
    for id in [
        "document-title",
        "meta-description",
        "html-has-lang",
        "viewport",
        "image-alt",
        "label",
        "heading-order",
        "color-contrast",
        "canonical",
        "doctype",
        "charset",
    ] {
        assert!(pass(id), "{id}: {report}");
    }
    assert_eq!(report["scores"]["accessibility"], 100);
    for id in [
        "content-headline",
        "content-cta",
        "content-contact",
        "content-readability",
        "content-trust",
    ] {
        assert!(pass(id), "{id}: {report}");
    }
    for (args, expected) in [
        (vec![url.as_str()], "a loopback address"),
        (
            vec![
                "http://169.254.169.254/latest/meta-data/",
                "--allow-loopback",
            ],
            "link-local",
        ),
        (vec!["file:///etc/passwd"], "only http and https"),
    ] {
        let out = audit(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let robots = format!("http://127.0.0.1:{port}/sites/crumb-co/robots.txt");
    let out = audit(&[&robots, "--allow-loopback"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an HTML page"));
}
