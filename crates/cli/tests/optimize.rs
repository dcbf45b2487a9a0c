//! The OptimizationWorkflow through `code24 serve`, as a user runs it: a page served on
//! 127.0.0.1 is optimized through `POST /trigger/optimize`, its patched copy is published
//! as new versions (control and optimized) with an A/B test whose assignment is sticky and
//! whose readout counts the variants' beacons; bad requests (private addresses, non-HTML
//! answers, huge pages, slow servers, redirect loops) end in a clear failure, not a hang;
//! an invalid request is a 400 naming the field; `code24 optimize` exits 2 on a bad URL.

mod support;

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};
use support::{http, http_with, json_body, serve_with, wait_for_end};

const PAGE: &str = r##"<!DOCTYPE html>
<html lang="">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="">
<title></title>
<script src="js/app.js"></script>
</head>
<body>
<header><nav><a href="#about">About</a> <a href="https://twitter.com/harbour"><i class="fab fa-twitter"></i></a></nav></header>
<main>
<h1>Harbour Street Bakery</h1>
<p>We bake sourdough and rye loaves in the harbour every morning, and you can order them for the weekend from our shop on the corner.</p>
<img src="img/fresh-loaves.png">
<section id="about"><h2>About</h2><p>Our bakers start at four so that the bread is ready when the shop opens.</p>
<p>Every loaf is shaped by hand and proved slowly overnight. We use flour milled twenty miles away, sea salt and water, and nothing else goes into the sourdough. The rye is darker and denser, baked in tins, and keeps for a week wrapped in a cloth.</p>
<p>Orders placed by Thursday evening are ready on Saturday morning. Collect them from the counter or ask us to hold them until noon. We also bake for two cafes on the harbour front, so if you have eaten our toast there you already know the bread.</p>
<p>In winter we add a seeded spelt loaf and a fruit bread for the weekends. In summer the shop opens an hour earlier, and the bench outside is the best place in town to eat a warm roll while the boats come in.</p></section>
<form action="/order"><input type="email" name="email"><button type="submit">Order bread</button></form>
</main>
</body>
</html>"##;

/// A site to optimize, and the bad answers the fetcher must survive.
fn origin() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                        break;
                    }
                }
                let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
                png.extend(640u32.to_be_bytes());
                png.extend(427u32.to_be_bytes());
                let (head, body): (String, Vec<u8>) = match path.as_str() {
                    "/page.html" => (
                        "200 OK\r\nContent-Type: text/html; charset=utf-8".into(),
                        PAGE.into(),
                    ),
                    "/js/app.js" => (
                        "200 OK\r\nContent-Type: text/javascript".into(),
                        b"console.log(1)".to_vec(),
                    ),
                    "/img/fresh-loaves.png" => ("200 OK\r\nContent-Type: image/png".into(), png),
                    "/style.css" => (
                        "200 OK\r\nContent-Type: text/css".into(),
                        b"body{}".to_vec(),
                    ),
                    "/huge.html" => (
                        "200 OK\r\nContent-Type: text/html".into(),
                        vec![b'a'; 6 * 1024 * 1024],
                    ),
                    "/loop" => ("302 Found\r\nLocation: /loop".into(), Vec::new()),
                    "/slow.html" => {
                        std::thread::sleep(Duration::from_secs(40));
                        ("200 OK\r\nContent-Type: text/html".into(), PAGE.into())
                    }
                    _ => (
                        "404 Not Found\r\nContent-Type: text/plain".into(),
                        b"no".to_vec(),
                    ),
                };
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    port
}

fn optimize(port: u16, url: &str) -> Value {
    let body = serde_json::json!({"url": url, "businessType": "bakery", "primaryGoal": "online_orders", "optimizationType": "full"});
    let (status, response) = http(port, "POST", "/trigger/optimize", &body.to_string());
    assert_eq!(status, 202, "{response}");
    let id = json_body(&response)["workflowId"]
        .as_str()
        .unwrap()
        .to_string();
    wait_for_end(port, &id)
}

fn failing(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect()
}

#[test]
fn a_page_is_optimized_into_new_versions_with_an_ab_test() {
    let origin = origin();
    let data = tempfile::tempdir().unwrap();
    let server = serve_with(data.path(), &["--allow-loopback"]);
    let port = server.port;
    let done = optimize(port, &format!("http://127.0.0.1:{origin}/page.html"));
    assert_eq!(done["status"], "completed", "{done:#}");
    let out = &done["output"];
    let monitoring = &out["monitoring"];
    let before = failing(&monitoring["before"]["failing"]);
    let after = failing(&monitoring["after"]["failing"]);
    for fixed in [
        "meta-description",
        "document-title",
        "html-has-lang",
        "image-alt",
        "link-name",
        "label",
        "render-blocking-resources",
        "unsized-images",
    ] {
        assert!(
            before.contains(&fixed) && !after.contains(&fixed),
            "{fixed}: {before:?} → {after:?}"
        );
    }
    assert!(
        failing(&monitoring["regressions"]).is_empty(),
        "{monitoring:#}"
    );
    // The plan ties each recommendation to its finding, highest priority first.
    assert!(out["plan"]["recommendations"].as_u64().unwrap() >= before.len() as u64 - 1);
    assert_eq!(
        out["benchmark"]["market"]["source"],
        "built-in knowledge base"
    );

    let implementation = &out["implementation"];
    let site = implementation["siteId"].as_str().unwrap().to_string();
    let (control, optimized) = (
        implementation["control"]["version"].as_u64().unwrap(),
        implementation["optimized"]["version"].as_u64().unwrap(),
    );
    assert_eq!((control, optimized), (1, 2));
    let (status, page) = http(port, "GET", &format!("/sites/{site}/versions/2/"), "");
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"content="We bake sourdough and rye loaves"#),
        "{page}"
    );
    assert!(page.contains(r#"width="640" height="427""#));
    assert!(
        page.contains(&format!(
            "src=\"http://127.0.0.1:{origin}/img/fresh-loaves.png\""
        )),
        "assets load from the original"
    );
    let (_, original) = http(port, "GET", &format!("/sites/{site}/versions/1/"), "");
    assert!(
        original.contains(r#"<meta name="description" content="">"#),
        "the control is the original"
    );
    assert_eq!(
        http(port, "GET", &format!("/sites/{site}/versions/9/"), "").0,
        404
    );

    // Sticky assignment: a visitor keeps its variant; the variant is the documented hash.
    let experiment_id = done["workflowId"].as_str().unwrap();
    let mut seen = std::collections::HashSet::new();
    for visitor in ["v-1", "v-2", "v-3", "v-4", "v-5", "v-6", "v-7", "v-8"] {
        let cookie = format!("Cookie: code24_visitor={visitor}\r\n");
        let (_, first) = http_with(port, "GET", &format!("/sites/{site}/"), &cookie, "");
        let (_, again) = http_with(port, "GET", &format!("/sites/{site}/"), &cookie, "");
        let variant = if first.contains(r#"x:"optimized""#) {
            "optimized"
        } else {
            "control"
        };
        assert_eq!(
            first.contains(r#"x:"optimized""#),
            again.contains(r#"x:"optimized""#)
        );
        assert_eq!(
            variant,
            code24_domain::optimization::experiment::assign(experiment_id, visitor, 0.5)
        );
        seen.insert(variant);
    }
    assert_eq!(seen.len(), 2, "eight visitors all got one variant");
    let (_, fresh) = http(port, "GET", &format!("/sites/{site}/"), "");
    assert!(
        fresh.to_lowercase().contains("set-cookie: code24_visitor="),
        "{fresh}"
    );
    let (_, private) = http_with(
        port,
        "GET",
        &format!("/sites/{site}/"),
        "Sec-GPC: 1\r\n",
        "",
    );
    assert!(!private.to_lowercase().contains("set-cookie") && private.contains(r#"x:"control""#));

    // Beacons of each variant make the readout.
    let beacon = |e: &str, x: &str| {
        serde_json::json!({"e": e, "p": format!("/sites/{site}/"), "x": x}).to_string()
    };
    for (x, views, orders) in [("control", 6, 1), ("optimized", 5, 3)] {
        for _ in 0..views {
            assert_eq!(
                http(
                    port,
                    "POST",
                    &format!("/collect/{site}"),
                    &beacon("page_view", x)
                )
                .0,
                202
            );
        }
        for _ in 0..orders {
            assert_eq!(
                http(
                    port,
                    "POST",
                    &format!("/collect/{site}"),
                    &beacon("cta_click", x)
                )
                .0,
                202
            );
        }
    }
    let (status, response) = http(port, "GET", &format!("/experiments/{experiment_id}"), "");
    assert_eq!(status, 200, "{response}");
    let readout = json_body(&response);
    assert_eq!(readout["variants"][0]["exposures"], 6);
    assert_eq!(readout["variants"][1]["conversions"], 3);
    let chance = readout["chanceToBeatControl"].as_f64().unwrap();
    assert!((0.5..1.0).contains(&chance), "{readout:#}");
    assert_eq!(readout["sampleRatio"]["mismatch"], false);
    assert_eq!(http(port, "GET", "/experiments/optimize-none", "").0, 404);
}

#[test]
fn bad_requests_end_in_a_clear_error_not_a_hang() {
    let origin = origin();
    let data = tempfile::tempdir().unwrap();
    let server = serve_with(data.path(), &["--allow-loopback"]);
    let port = server.port;
    for (path, expected) in [
        ("http://10.1.2.3/".to_string(), "a private address"),
        (
            "http://169.254.169.254/latest/meta-data/".to_string(),
            "link-local",
        ),
        (
            format!("http://127.0.0.1:{origin}/style.css"),
            "not an HTML page",
        ),
        (format!("http://127.0.0.1:{origin}/huge.html"), "over"),
        (format!("http://127.0.0.1:{origin}/loop"), "redirects"),
        (
            format!("http://127.0.0.1:{origin}/missing.html"),
            "HTTP 404",
        ),
        (
            format!("http://127.0.0.1:{origin}/slow.html"),
            "no complete answer",
        ),
    ] {
        let started = Instant::now();
        let done = optimize(port, &path);
        assert_eq!(done["status"], "failed", "{path}: {done:#}");
        assert_eq!(done["error"]["step"], "SiteAnalysis", "{path}");
        assert_eq!(done["error"]["error"], "Code24.SiteFetchFailed", "{path}");
        let cause = done["error"]["cause"].as_str().unwrap();
        assert!(cause.contains(expected), "{path}: {cause}");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{path} took {:?}",
            started.elapsed()
        );
    }
    for (body, field) in [
        (
            r#"{"url":"http://127.0.0.1/","businessType":"bakery","primaryGoal":"orders","optimizationType":"speed"}"#,
            "optimizationType",
        ),
        (
            r#"{"url":"ftp://x.test/","businessType":"bakery","primaryGoal":"orders","optimizationType":"seo"}"#,
            "url",
        ),
        (
            r#"{"url":"http://x.test/","primaryGoal":"orders","optimizationType":"seo"}"#,
            "businessType",
        ),
        (
            r#"{"url":"http://x.test/","businessType":"b","primaryGoal":"o","optimizationType":"seo","competitors":"x"}"#,
            "competitors",
        ),
        ("not json", "body"),
    ] {
        let (status, response) = http(port, "POST", "/trigger/optimize", body);
        assert_eq!(status, 400, "{response}");
        assert_eq!(json_body(&response)["field"], field, "{response}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_code24"))
        .args([
            "optimize",
            "--url",
            "file:///etc/passwd",
            "--business-type",
            "b",
            "--primary-goal",
            "o",
            "--data-dir",
        ])
        .arg(data.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("url"), "{stderr}");
}

#[test]
fn a_site_code24_built_is_edited_section_by_section_into_a_new_version() {
    let data = tempfile::tempdir().unwrap();
    let server = serve_with(data.path(), &["--allow-loopback"]);
    let port = server.port;
    let brief = r#"{"name":"Crumb & Co.","description":"Sourdough bakery in Leeds with a small cafe","businessType":"food_and_beverage","primaryGoal":"online_orders"}"#;
    let (_, response) = http(port, "POST", "/trigger/build", brief);
    let id = json_body(&response)["workflowId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(wait_for_end(port, &id)["status"], "completed");
    let url = format!("http://127.0.0.1:{port}/sites/crumb-co/");

    // As built, there is nothing to fix, and nothing is published.
    let clean = optimize(port, &url);
    assert_eq!(clean["status"], "completed", "{clean:#}");
    let implementation = &clean["output"]["implementation"];
    assert_eq!(implementation["builtByCode24"], true, "{implementation:#}");
    assert!(implementation["version"].is_null());
    assert!(implementation["changes"].as_array().unwrap().is_empty());

    // A later version with two defects: an icon-only link in the contact section and an
    // empty description.
    let sites = code24_store_local::FsSiteStore::new(data.path().join("sites"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut files = runtime
        .block_on(code24_store::SiteStore::version_files(
            &sites, "crumb-co", 1,
        ))
        .unwrap();
    let index = files.iter_mut().find(|f| f.path == "index.html").unwrap();
    let described = regex_free_replace(&index.body, "<meta name=\"description\" content=\"", "\">");
    index.body = described.replacen(
        "<section id=\"contact\" aria-labelledby=\"contact-title\">",
        "<section id=\"contact\" aria-labelledby=\"contact-title\"><a href=\"https://twitter.com/crumbco\"><i class=\"fab fa-twitter\"></i></a>",
        1,
    );
    assert!(index.body.contains("fa-twitter"));
    let defective = runtime
        .block_on(code24_store::SiteStore::publish(&sites, "crumb-co", &files))
        .unwrap();
    assert_eq!(defective.version, 2);

    let fixed = optimize(port, &url);
    assert_eq!(fixed["status"], "completed", "{fixed:#}");
    let implementation = &fixed["output"]["implementation"];
    assert_eq!(implementation["version"], 3, "{implementation:#}");
    assert_eq!(implementation["previousVersion"], 2);
    let changes = implementation["changes"].as_array().unwrap();
    let link = changes
        .iter()
        .find(|c| c["auditId"] == "link-name")
        .unwrap();
    assert_eq!(link["section"], "contact", "the change names its section");
    assert!(changes.iter().any(|c| c["auditId"] == "meta-description"));
    let (_, live) = http(port, "GET", "/sites/crumb-co/", "");
    assert!(live.contains(r#"aria-label="Twitter""#));
    // Every other file is as it was; version 2 is kept to roll back to.
    let v2 = runtime
        .block_on(code24_store::SiteStore::version_files(
            &sites, "crumb-co", 2,
        ))
        .unwrap();
    let v3 = runtime
        .block_on(code24_store::SiteStore::version_files(
            &sites, "crumb-co", 3,
        ))
        .unwrap();
    assert_eq!(v2.len(), v3.len());
    for (a, b) in v2.iter().zip(&v3) {
        assert_eq!(a.path, b.path);
        if a.path != "index.html" {
            assert_eq!(a.body, b.body, "{}", a.path);
        }
    }
    let fixed_ids = &fixed["output"]["monitoring"]["fixed"];
    assert!(
        fixed_ids
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "link-name"),
        "{fixed_ids}"
    );
}

/// `text` with the content between the first `start` and the next `end` removed.
fn regex_free_replace(text: &str, start: &str, end: &str) -> String {
    let from = text.find(start).unwrap() + start.len();
    let to = from + text[from..].find(end).unwrap();
    format!("{}{}", &text[..from], &text[to..])
}
