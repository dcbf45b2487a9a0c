//! The OptimizationWorkflow in the deployed shape: `POST /trigger/optimize` through the
//! `api` function starts `infra/statemachines/optimize.asl.json` on moto's Step
//! Functions, whose tasks run our five optimization functions (and the shared
//! RecordResult/RecordFailure) under `cargo lambda watch`. The page they optimize is
//! served on 127.0.0.1 (the functions run with CODE24_FETCH_ALLOW_LOOPBACK=1, which only
//! counts outside AWS Lambda). The versions land in S3, the experiment is readable through
//! `GET /experiments/{id}`, and a private address ends the workflow failed at SiteAnalysis.

mod support;

use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content=""><title>Harbour Street Bakery</title></head>
<body><main><h1>Harbour Street Bakery</h1>
<p>We bake sourdough and rye loaves in the harbour every morning, and you can order them for the weekend from our shop on the corner.</p>
<a href="https://twitter.com/harbour"><i class="fab fa-twitter"></i></a>
<a href="/order">Order bread</a></main></body></html>"#;

/// Serves PAGE at every path, on a free port of 127.0.0.1.
fn origin() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 2 {
                line.clear();
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
                PAGE.len()
            );
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_optimization_runs_on_step_functions_and_publishes_two_versions() {
    let aws = support::deployed().await;
    let port = origin();
    let request = json!({"url": format!("http://127.0.0.1:{port}/"), "businessType": "bakery",
        "primaryGoal": "online_orders", "optimizationType": "full"});
    let (status, reply) = aws
        .call_api(
            "POST",
            "/trigger/optimize",
            None,
            request.to_string().as_bytes(),
        )
        .await;
    assert_eq!(status, 202, "{reply}");
    let id = reply["workflowId"].as_str().unwrap().to_string();
    let site = reply["siteId"].as_str().unwrap().to_string();
    let done = aws.wait_for_end(&id).await;
    assert_eq!(done["status"], "completed", "{done:#}");
    let named = aws.executions_of(&aws.optimize_state_machine_arn).await;
    assert!(named.contains(&id), "no execution named {id}");
    let monitoring = &done["output"]["monitoring"];
    let fixed: Vec<&str> = monitoring["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        fixed.contains(&"meta-description") && fixed.contains(&"link-name"),
        "{monitoring:#}"
    );
    let keys = aws.keys(&format!("sites/{site}/versions/")).await;
    for version in [1, 2] {
        assert!(
            keys.contains(&format!("sites/{site}/versions/{version}/index.html")),
            "{keys:?}"
        );
    }
    let (_, optimized) = aws
        .object(&format!("sites/{site}/versions/2/index.html"))
        .await;
    assert!(optimized.contains(r#"aria-label="Twitter""#), "{optimized}");
    let (_, control) = aws
        .object(&format!("sites/{site}/versions/1/index.html"))
        .await;
    assert!(control.contains(r#"<meta name="description" content="">"#));
    let (status, experiment) = aws
        .call_api("GET", &format!("/experiments/{id}"), None, b"")
        .await;
    assert_eq!(status, 200, "{experiment}");
    assert_eq!(experiment["variants"][1]["version"], 2);
    assert_eq!(experiment["variants"][0]["exposures"], 0);

    // A private address: refused by the fetcher, the workflow fails at SiteAnalysis.
    let private = json!({"url": "http://10.0.0.7/", "businessType": "bakery",
        "primaryGoal": "online_orders", "optimizationType": "seo"});
    let (status, reply) = aws
        .call_api(
            "POST",
            "/trigger/optimize",
            None,
            private.to_string().as_bytes(),
        )
        .await;
    assert_eq!(status, 202, "{reply}");
    let failed = aws
        .wait_for_end(reply["workflowId"].as_str().unwrap())
        .await;
    assert_eq!(failed["status"], "failed", "{failed:#}");
    assert_eq!(failed["error"]["step"], "SiteAnalysis");
    assert_eq!(failed["error"]["error"], "Code24.SiteFetchFailed");
    assert!(
        failed["error"]["cause"]
            .as_str()
            .unwrap()
            .contains("private address"),
        "{failed:#}"
    );
}
