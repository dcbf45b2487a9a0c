//! The attack classes an outside probe tried on `code24 serve`, one test each, so the next
//! probe starts from here. Covered in this file: a deployed page's scripts driving the API
//! (CSP sandbox, Origin/Referer/cookie refusals, in Chromium), two Host headers, an open
//! redirect through `/?token=`, slow or missing request heads and bodies.
//! Covered elsewhere: SSRF address forms and redirects (`crates/fetch/tests/fetch.rs`),
//! ids that are not site ids before any IO and duplicate JSON keys
//! (`crates/api/tests/api.rs`), one business publishing into another's site (same file
//! and `crates/store-aws/tests/moto.rs`), unbounded CLI reads and Step Functions' quotas
//! (`crates/cli/tests/limits.rs`), user text in any script (`tests/tests/unicode.rs`),
//! DNS rebinding and cross-origin form posts (`crates/cli/tests/dashboard.rs`), path
//! traversal (`crates/cli/tests/serve.rs`).

mod support;

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};
use support::{
    http, http_with, json_body, listed_workflows, node_script, raw, serve_with, wait_for_end,
};

/// A page that, once published by Code24, tries to use the server that serves it.
const ATTACK_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fresh bread daily</title></head>
<body><h1>Fresh bread daily</h1><p>Our bakery in Leeds bakes sourdough every morning for the neighbourhood.</p>
<p id="attack-result">not run</p>
<script>
(async () => {
  const out = [];
  const brief = JSON.stringify({name: "Injected", description: "A build the page started", businessType: "bakery", primaryGoal: "online_orders"});
  try { const r = await fetch("/trigger/build", {method: "POST", headers: {"content-type": "application/json"}, body: brief}); out.push("cors:" + r.status); } catch (e) { out.push("cors:blocked"); }
  try { await fetch("/trigger/build", {method: "POST", mode: "no-cors", headers: {"content-type": "text/plain"}, body: brief}); out.push("simple:sent"); } catch (e) { out.push("simple:blocked"); }
  try { const r = await fetch("/executions"); out.push("read:" + r.status); } catch (e) { out.push("read:blocked"); }
  try { out.push("cookie:" + document.cookie.length); } catch (e) { out.push("cookie:denied"); }
  out.push("origin:" + self.origin);
  document.getElementById("attack-result").textContent = out.join(" ") + " done";
})();
</script></body></html>"#;

/// Serves [`ATTACK_PAGE`] on 127.0.0.1 (robots.txt: 404) until the test ends.
fn attacker() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 4096];
            let n = stream.read(&mut buffer).unwrap_or(0);
            let head = String::from_utf8_lossy(&buffer[..n]);
            let (status, body) = if head.starts_with("GET /robots.txt") {
                ("404 Not Found", "")
            } else {
                ("200 OK", ATTACK_PAGE)
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

#[test]
fn an_optimized_page_cannot_drive_the_api_from_a_browser() {
    let data = tempfile::tempdir().unwrap();
    let server = serve_with(data.path(), &["--allow-loopback"]);
    let port = server.port;
    let page = attacker();
    let body = format!(
        r#"{{"url":"http://127.0.0.1:{page}/","businessType":"bakery","primaryGoal":"online_orders","optimizationType":"full"}}"#
    );
    let (status, response) = http_with(
        port,
        "POST",
        "/trigger/optimize",
        "Content-Type: application/json\r\n",
        &body,
    );
    assert_eq!(status, 202, "{response}");
    let id = json_body(&response)["workflowId"]
        .as_str()
        .unwrap()
        .to_string();
    let end = wait_for_end(port, &id);
    assert_eq!(end["status"], "completed", "{end}");
    let site = end["output"]["implementation"]["siteId"]
        .as_str()
        .or_else(|| end["output"]["deployment"]["siteId"].as_str())
        .unwrap_or_else(|| panic!("no site id in {end}"))
        .to_string();
    let before = listed_workflows(port, 100);
    assert_eq!(before, vec![id.clone()]);

    // Every published version keeps the page's script, and every one is sandboxed.
    let base = format!("http://127.0.0.1:{port}/sites/{site}");
    let urls = [
        format!("{base}/"),
        format!("{base}/versions/1/"),
        format!("{base}/versions/2/"),
    ];
    for url in &urls {
        let path = url.trim_start_matches(&format!("http://127.0.0.1:{port}"));
        let (status, response) = http(port, "GET", path, "");
        assert_eq!(status, 200, "{path}");
        let head = response
            .split("\r\n\r\n")
            .next()
            .unwrap()
            .to_ascii_lowercase();
        assert!(
            head.contains("content-security-policy: sandbox allow-scripts"),
            "{head}"
        );
        assert!(!head.contains("allow-same-origin"), "{head}");
        assert!(
            response.contains("/trigger/build"),
            "the copy dropped the page's script"
        );
    }
    let out = support::artifacts("site-sandbox");
    let _ = std::fs::remove_dir_all(&out);
    let mut args: Vec<&std::ffi::OsStr> = vec![out.as_os_str()];
    args.extend(urls.iter().map(|u| std::ffi::OsStr::new(u.as_str())));
    let report = node_script("site_sandbox.mjs", &args, &out, "report.json");
    for page in report["pages"].as_array().unwrap() {
        let result = page["result"].as_str().unwrap();
        // The script ran (so this test would see an attack that worked) ...
        assert!(result.ends_with("done"), "{page}");
        // ... in an origin of its own, which can neither start nor read anything.
        assert!(result.contains("origin:null"), "{page}");
        assert!(
            !result.contains("cors:2") && !result.contains("read:200"),
            "{page}"
        );
        assert!(result.contains("cookie:denied"), "{page}");
    }
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        listed_workflows(port, 100),
        before,
        "a site's script started a workflow"
    );

    // What such requests look like on the wire is refused too, whatever the browser.
    let brief = r#"{"name":"Injected","description":"x","businessType":"bakery","primaryGoal":"online_orders"}"#;
    for headers in [
        "Origin: null\r\n".to_string(),
        format!("Referer: http://127.0.0.1/sites/{site}/\r\n"),
        "Cookie: code24_visitor=0b7e2a5c-1\r\n".to_string(),
    ] {
        let (status, response) = http_with(port, "POST", "/trigger/build", &headers, brief);
        assert_eq!(status, 403, "{headers}: {response}");
        let (status, _) = http_with(port, "GET", "/executions", &headers, "");
        if !headers.starts_with("Origin") {
            assert_eq!(status, 403, "{headers}");
        }
    }
    // The sites' public routes still take a page's beacons and forms from the sandbox.
    let (status, response) = http_with(
        port,
        "POST",
        &format!("/collect/{site}"),
        "Origin: null\r\nContent-Type: text/plain\r\n",
        r#"{"e":"page_view","p":"/"}"#,
    );
    assert_eq!(status, 202, "{response}");
    assert_eq!(listed_workflows(port, 100), before);
}

#[test]
fn two_host_headers_and_an_open_redirect_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let token = "a-token-of-twenty-chars";
    let server = serve_with(data.path(), &["--auth-token", token]);
    let (status, _) = raw(
        server.port,
        "GET",
        "/openapi.json",
        "Host: 127.0.0.1\r\nHost: evil.example\r\n",
        "",
    );
    assert_eq!(status, 400);
    for path in ["//evil.example/", "/\\evil.example/", "///evil.example/"] {
        let (status, response) = http(server.port, "GET", &format!("{path}?token={token}"), "");
        assert_eq!(status, 303, "{path}: {response}");
        let location = response
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .starts_with("location:")
                    .then(|| l[9..].trim().to_string())
            })
            .unwrap();
        assert!(
            location.starts_with('/')
                && !location.starts_with("//")
                && !location.starts_with("/\\"),
            "{path} -> {location}"
        );
    }
}

/// Reads until the server closes the connection or `limit` passes; what arrived, and
/// after how long.
fn until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut got = Vec::new();
    let _ = stream.read_to_end(&mut got);
    (String::from_utf8_lossy(&got).to_string(), started.elapsed())
}

#[test]
fn slow_heads_and_missing_bodies_are_cut_off() {
    let data = tempfile::tempdir().unwrap();
    let server = serve_with(data.path(), &[]);
    let port = server.port;
    // 200 connections that never finish their request head (one header line, then
    // nothing), and one that trickles a header line every 2 s.
    let mut idle: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .unwrap();
            s
        })
        .collect();
    let trickle = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(b"GET /openapi.json HTTP/1.1\r\n").unwrap();
        let started = Instant::now();
        for i in 0..30 {
            std::thread::sleep(Duration::from_secs(2));
            if s.write_all(format!("X-Slow-{i}: 1\r\n").as_bytes())
                .is_err()
            {
                break;
            }
        }
        started.elapsed()
    });
    // A body promised and never sent.
    let mut promised = TcpStream::connect(("127.0.0.1", port)).unwrap();
    promised
        .write_all(b"POST /trigger/build HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"name\"")
        .unwrap();
    let (answer, took) = until_closed(&mut promised, Duration::from_secs(40));
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(25), "{took:?}");
    for s in idle.iter_mut() {
        let (_, took) = until_closed(s, Duration::from_secs(30));
        assert!(
            took < Duration::from_secs(20),
            "an unfinished head was held {took:?}"
        );
    }
    let trickled = trickle.join().unwrap();
    assert!(
        trickled < Duration::from_secs(20),
        "a trickled head was held {trickled:?}"
    );
    // The server still answers.
    let (status, _) = http(port, "GET", "/openapi.json", "");
    assert_eq!(status, 200);
    let _: Value = Value::Null;
}

#[test]
fn connections_beyond_the_cap_wait_until_one_closes() {
    let data = tempfile::tempdir().unwrap();
    let server = serve_with(data.path(), &["--max-connections", "8"]);
    let port = server.port;
    // Eight connections hold every slot with an unfinished request head.
    let idle: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut ninth = TcpStream::connect(("127.0.0.1", port)).unwrap();
    ninth
        .write_all(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    ninth
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let mut first = [0u8; 64];
    let waited = ninth.read(&mut first);
    assert!(
        waited.is_err(),
        "a ninth connection was served while eight held the cap: {waited:?}"
    );
    drop(idle);
    let started = Instant::now();
    let (answer, _) = until_closed(&mut ninth, Duration::from_secs(8));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "served {:?} after the slots freed",
        started.elapsed()
    );
}
