//! The CloudFront Function in `template.yaml` that serves `/sites/{siteId}/` from the
//! site's live folder, run as written in Node.js (whose JavaScript is a superset of the
//! `cloudfront-js-2.0` runtime's) against viewer-request events.

use serde_json::{json, Value};
use std::process::Command;

/// The `FunctionCode: |` block of the SiteRouter resource.
fn router_code() -> String {
    let template =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../template.yaml")).unwrap();
    let start = template
        .find("  SiteRouter:\n")
        .expect("template.yaml has a SiteRouter function");
    let block = &template[start..];
    let code_start = block.find("FunctionCode: |\n").unwrap() + "FunctionCode: |\n".len();
    let indent = "        ";
    block[code_start..]
        .lines()
        .take_while(|line| line.is_empty() || line.starts_with(indent))
        .map(|line| line.strip_prefix(indent).unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs the router on each URI; returns what it returned for each.
fn route(uris: &[&str]) -> Vec<Value> {
    let harness = format!(
        "{}\nconst uris = JSON.parse(process.argv[1]);\n\
         console.log(JSON.stringify(uris.map(u => handler({{version: '1.0', context: {{eventType: 'viewer-request'}}, \
         viewer: {{ip: '127.0.0.1'}}, request: {{method: 'GET', uri: u, querystring: {{}}, headers: {{}}, cookies: {{}}}}}}))));",
        router_code()
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(&harness)
        .arg(json!(uris).to_string())
        .output()
        .expect("node must be installed (bash .ci/run installs nodejs)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn site_paths_are_served_from_the_live_folder() {
    let routed = route(&[
        "/sites/crumb-co/",
        "/sites/crumb-co/privacy.html",
        "/sites/crumb-co/favicon.svg",
        "/sites/%E6%9D%B1%E4%BA%AC/",
        "/sites/crumb-co/blog/",
    ]);
    let uris: Vec<&str> = routed.iter().map(|r| r["uri"].as_str().unwrap()).collect();
    assert_eq!(
        uris,
        [
            "/sites/crumb-co/live/index.html",
            "/sites/crumb-co/live/privacy.html",
            "/sites/crumb-co/live/favicon.svg",
            "/sites/%E6%9D%B1%E4%BA%AC/live/index.html",
            "/sites/crumb-co/live/blog/index.html",
        ]
    );
    assert!(
        routed.iter().all(|r| r["method"] == "GET"),
        "the request is passed on"
    );
}

#[test]
fn a_site_without_its_slash_is_redirected_and_other_paths_are_not_found() {
    let routed = route(&[
        "/sites/crumb-co",
        "/",
        "/sites/",
        "/sites/../x/",
        "/other/crumb-co/",
    ]);
    assert_eq!(routed[0]["statusCode"], 301);
    assert_eq!(
        routed[0]["headers"]["location"]["value"],
        "/sites/crumb-co/"
    );
    for r in &routed[1..] {
        assert_eq!(r["statusCode"], 404, "{r}");
        assert!(r.get("uri").is_none(), "{r}");
    }
}
