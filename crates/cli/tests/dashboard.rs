//! The dashboard, the event stream and the OpenAPI document of `code24 serve`, as their
//! users meet them: a person in Chromium (Playwright) starts a build from the form and
//! watches it live; a client reads the Server-Sent Events; Schemathesis fuzzes every
//! documented route and checks each answer against `docs/openapi.json`.

mod support;

use std::process::Command;
use support::{artifacts, http, json_body, node_script, serve, serve_with, wait_for_end};

#[test]
fn a_build_started_from_the_dashboard_is_followed_live_to_its_site_in_a_browser() {
    let data = tempfile::tempdir().unwrap();
    // Two seconds between the workers: long enough to watch the build run.
    let server = serve_with(data.path(), &["--coordination-delay", "2"]);
    let out = artifacts("dashboard");
    let _ = std::fs::remove_dir_all(&out);
    let base = format!("http://127.0.0.1:{}", server.port);
    let report = node_script(
        "dashboard.mjs",
        &[base.as_ref(), out.as_os_str()],
        &out,
        "report.json",
    );
    println!("dashboard screenshots: {}", out.display());
    assert_eq!(report["failures"], serde_json::json!([]), "{report}");
    assert_eq!(report["statusOnOpen"], "running");
    assert!(report["liveRowsAdded"].as_u64().unwrap() > 0, "{report}");
    assert_eq!(report["screenshots"].as_array().unwrap().len(), 4);
    for shot in report["screenshots"].as_array().unwrap() {
        let bytes = std::fs::read(shot.as_str().unwrap()).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
            "{shot}"
        );
    }
}

#[test]
fn the_event_stream_replays_an_execution_in_order_and_ends_with_its_status() {
    let data = tempfile::tempdir().unwrap();
    let server = serve(data.path());
    let brief = r#"{"name":"Stream Cafe","description":"Coffee and cake by the station","businessType":"food_and_beverage","primaryGoal":"online_orders"}"#;
    let (_, body) = http(server.port, "POST", "/trigger/build", brief);
    let id = json_body(&body)["workflowId"].as_str().unwrap().to_string();
    assert_eq!(wait_for_end(server.port, &id)["status"], "completed");

    let (status, stream) = http(server.port, "GET", &format!("/executions/{id}/events"), "");
    assert_eq!(status, 200);
    assert!(
        stream.contains("content-type: text/event-stream"),
        "{stream}"
    );
    let ids: Vec<u64> = stream
        .lines()
        .filter_map(|l| l.strip_prefix("id: "))
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(ids.len() > 40, "{} events", ids.len());
    assert!(
        ids.iter().enumerate().all(|(i, n)| *n == i as u64 + 1),
        "{ids:?}"
    );
    let end = stream.split("event: end\ndata: ").nth(1).unwrap();
    let end: serde_json::Value = serde_json::from_str(end.lines().next().unwrap()).unwrap();
    assert_eq!(end["status"], "completed");
    assert!(stream.contains(r#""Deploy":{"durationMs":"#) || stream.contains(r#""Deploy":{"#));

    // A reconnect with Last-Event-ID gets only what came after it.
    let (_, rest) = support::http_with(
        server.port,
        "GET",
        &format!("/executions/{id}/events"),
        "Last-Event-ID: 40\r\n",
        "",
    );
    let first = rest.lines().find_map(|l| l.strip_prefix("id: ")).unwrap();
    assert_eq!(first, "41");

    let (status, _) = http(server.port, "GET", "/executions/no-such-build/events", "");
    assert_eq!(status, 404);
    let (status, _) = http(server.port, "GET", "/executions/bad%20id/events", "");
    assert_eq!(status, 400);
}

#[test]
fn schemathesis_finds_no_server_error_and_every_answer_matches_the_openapi_document() {
    let schemathesis = std::env::var("CODE24_SCHEMATHESIS").expect(
        "CODE24_SCHEMATHESIS must name the schemathesis command (bash .ci/run installs it in .ci/st-venv)",
    );
    let data = tempfile::tempdir().unwrap();
    let token = "schemathesis-test-token";
    let server = serve_with(data.path(), &["--auth-token", token]);
    let (status, served) = http(server.port, "GET", "/openapi.json", "");
    assert_eq!(status, 200);
    let in_repo = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json"),
    )
    .unwrap();
    assert_eq!(served.split_once("\r\n\r\n").unwrap().1, in_repo);
    let out = artifacts("schemathesis");
    std::fs::create_dir_all(&out).unwrap();
    let status = Command::new(schemathesis)
        .args(["run", &format!("http://127.0.0.1:{}/openapi.json", server.port)])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,ignored_auth",
        ])
        .args(["--max-examples", "40", "--seed", "24", "--no-color"])
        .arg("--report-dir")
        .arg(&out)
        .args(["--report", "junit"])
        .status()
        .expect("schemathesis runs");
    assert!(
        status.success(),
        "schemathesis found failures; see above and {}",
        out.display()
    );
}

fn raw(port: u16, method: &str, path: &str, headers: &str, body: &str) -> u16 {
    support::raw(port, method, path, headers, body).0
}

#[test]
fn web_pages_elsewhere_cannot_start_workflows_and_other_host_names_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let server = serve(data.path());
    let port = server.port;
    let brief = r#"{"name":"Origin Bakery","description":"Bread and cakes, baked daily","businessType":"food_and_beverage","primaryGoal":"online_orders"}"#;
    let host = format!("Host: 127.0.0.1:{port}\r\n");
    // Another site's page posting to the local server (a form or fetch in the browser).
    let evil = format!("{host}Origin: https://attacker.example\r\n");
    assert_eq!(raw(port, "POST", "/trigger/build", &evil, brief), 403);
    assert_eq!(raw(port, "POST", "/dashboard/build", &evil, "name=x"), 403);
    // DNS rebinding: the attacker's name pointed at 127.0.0.1.
    assert_eq!(
        raw(port, "GET", "/executions", "Host: attacker.example\r\n", ""),
        403
    );
    assert_eq!(
        raw(
            port,
            "GET",
            "/executions",
            &format!("Host: localhost:{port}\r\n"),
            ""
        ),
        200
    );
    assert!(
        support::listed_workflows(port, 10).is_empty(),
        "nothing was started"
    );
    // The dashboard's own form, from its own origin, works.
    let own = format!("{host}Origin: http://127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n");
    let form = "name=Origin+Bakery&description=Bread+and+cakes%2C+baked+daily&businessType=food_and_beverage&primaryGoal=online_orders";
    assert_eq!(raw(port, "POST", "/dashboard/build", &own, form), 303);
    let listed = support::listed_workflows(port, 10);
    assert_eq!(listed.len(), 1);
    let (_, status) = http(port, "GET", &format!("/status/{}", listed[0]), "");
    assert_eq!(json_body(&status)["workflowType"], "build");
    // The optional fields: contact.* nest under contact, each offerings line is one
    // offering, and a bad value is refused naming its field.
    let full = format!("{form}&language=es&contact.phone=%2B34+961+000+000&contact.email=&offerings=Pan+%7C+3+%E2%82%AC%0D%0ATarta+%7C+%7C+De+chocolate");
    assert_eq!(raw(port, "POST", "/dashboard/build", &own, &full), 303);
    assert_eq!(support::listed_workflows(port, 10).len(), 2);
    let bad = format!("{form}&contact.phone=call+us");
    let (status, page) = support::raw(port, "POST", "/dashboard/build", &own, &bad);
    assert_eq!(status, 400);
    assert!(page.contains("contact.phone"), "{page}");
    let bad = format!("{form}&offerings=%7C+3+%E2%82%AC");
    let (status, page) = support::raw(port, "POST", "/dashboard/build", &own, &bad);
    assert_eq!(status, 400);
    assert!(page.contains("offerings[0].name"), "{page}");
}
