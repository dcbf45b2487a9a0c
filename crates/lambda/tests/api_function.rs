//! The `api` function running under `cargo lambda watch`, called with API Gateway HTTP API
//! events, in front of moto's DynamoDB and Step Functions, which runs the real
//! BuildWorkflow with its tasks on our step functions. One scenario in one test, because
//! "bad input writes nothing" is checked by counting what is in the shared table.

mod support;

use serde_json::json;
use std::time::{SystemTime, UNIX_EPOCH};

fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{nanos}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_function_serves_its_three_routes_over_the_deployed_workflow() {
    let aws = support::deployed().await;
    let brief = support::sample_brief("bakery");

    // Bad input: a 4xx JSON body naming the field, and nothing written or started.
    let (items, executions) = (aws.item_count().await, aws.execution_count().await);
    for (body, field) in code24_api::cases::invalid_brief_bodies(&brief) {
        let (status, reply) = aws.call_api("POST", "/trigger/build", None, &body).await;
        assert!((400..500).contains(&status), "{field}: {status} {reply}");
        assert_eq!(reply["field"], field, "{reply}");
        assert!(reply["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let optimize = json!({"url": "not a url", "businessType": "x", "primaryGoal": "y", "optimizationType": "seo"});
    let (status, reply) = aws
        .call_api(
            "POST",
            "/trigger/optimize",
            None,
            optimize.to_string().as_bytes(),
        )
        .await;
    assert_eq!((status, &reply["field"]), (400, &json!("url")), "{reply}");
    let (status, reply) = aws
        .call_api("GET", "/status/no-such-workflow", None, b"")
        .await;
    assert_eq!(status, 404, "{reply}");
    let (status, _) = aws.call_api("DELETE", "/trigger/build", None, b"").await;
    assert_eq!(status, 405);
    assert_eq!(
        aws.item_count().await,
        items,
        "bad input wrote to the table"
    );
    assert_eq!(
        aws.execution_count().await,
        executions,
        "bad input started an execution"
    );

    // A build: one Idempotency-Key, one execution, however often it is sent.
    let key = unique("order");
    let body = brief.to_string();
    let (status, first) = aws
        .call_api("POST", "/trigger/build", Some(&key), body.as_bytes())
        .await;
    assert_eq!(status, 202, "{first}");
    let id = first["workflowId"].as_str().unwrap().to_string();
    let (status, again) = aws
        .call_api("POST", "/trigger/build", Some(&key), body.as_bytes())
        .await;
    assert!(status < 300, "{again}");
    assert_eq!(again["workflowId"], id.as_str());
    let mut other = brief.clone();
    other["name"] = json!("Another Bakery");
    let (status, conflict) = aws
        .call_api(
            "POST",
            "/trigger/build",
            Some(&key),
            other.to_string().as_bytes(),
        )
        .await;
    assert_eq!(status, 409, "{conflict}");
    assert_eq!(aws.execution_count().await, executions + 1);

    // It runs to `completed` in moto's Step Functions, and the site is in moto's S3.
    let end = aws.wait_for_end(&id).await;
    assert_eq!(end["status"], "completed", "{end}");
    let execution = aws.finished_execution(&id).await;
    assert_eq!(
        execution.status,
        aws_sdk_sfn::types::ExecutionStatus::Succeeded
    );
    let deployment = &end["output"]["deployment"];
    let (site, version) = (
        deployment["siteId"].as_str().unwrap(),
        deployment["version"].as_u64().unwrap(),
    );
    let mut files = aws.keys(&format!("sites/{site}/versions/{version}/")).await;
    files.sort();
    let prefix = format!("sites/{site}/versions/{version}/");
    // A bakery's site: home, its menu, about and contact pages, its preview image and
    // the fixed files.
    let expected: Vec<String> = [
        "404.html",
        "about.html",
        "contact.html",
        "favicon.svg",
        "index.html",
        "menu.html",
        "og.png",
        "privacy.html",
        "robots.txt",
        "sitemap.xml",
        "thanks.html",
    ]
    .iter()
    .map(|f| format!("{prefix}{f}"))
    .collect();
    assert_eq!(files, expected);
    let (content_type, html) = aws.object(&format!("{prefix}index.html")).await;
    assert_eq!(content_type, "text/html; charset=utf-8");
    let name = brief["name"].as_str().unwrap().replace('&', "&amp;");
    assert!(html.contains(&name), "the page names the business");
    // What CloudFront serves at the site's URL (the SiteRouter maps it to `live/`).
    assert_eq!(
        deployment["url"],
        format!("https://sites.example.test/{site}/")
    );
    let (_, live) = aws.object(&format!("sites/{site}/live/index.html")).await;
    assert_eq!(live, html, "the new version is live");

    let record = aws.record(&id).await;
    assert_eq!(record.status.as_str(), "completed");
    assert_eq!(record.output["deployment"]["version"], version);

    site_routes(&aws, site, version).await;
}

/// The site routes through the `api` function, over moto's DynamoDB and S3: beacons
/// count atomically into the analytics table, a form lands in the bucket and redirects,
/// versions list and a rollback to a missing version changes nothing.
async fn site_routes(aws: &support::Deployed, site: &str, version: u64) {
    for page in ["/", "/", "/privacy.html"] {
        let beacon = json!({"e": "page_view", "p": format!("/sites/{site}{page}")});
        let (status, body) = aws
            .call_api(
                "POST",
                &format!("/collect/{site}"),
                None,
                beacon.to_string().as_bytes(),
            )
            .await;
        assert_eq!(status, 202, "{body}");
    }
    let (status, body) = aws
        .call_api(
            "POST",
            &format!("/collect/{site}"),
            None,
            br#"{"e":"page_view","p":"/sites/another-site/"}"#,
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("p")), "{body}");
    let (status, body) = aws
        .call_api(
            "POST",
            "/collect/no-such-site",
            None,
            br#"{"e":"page_view","p":"/"}"#,
        )
        .await;
    assert_eq!(status, 404, "{body}");
    let (status, summary) = aws
        .call_api("GET", &format!("/sites/{site}/analytics"), None, b"")
        .await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["totals"]["page_view"], 3, "{summary}");
    assert_eq!(
        summary["pages"][0],
        json!({"page": "/", "events": {"page_view": 2}})
    );
    let counted = aws
        .dynamodb
        .query()
        .table_name(&aws.analytics_table)
        .key_condition_expression("siteId = :s")
        .expression_attribute_values(
            ":s",
            aws_sdk_dynamodb::types::AttributeValue::S(site.into()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(counted.count(), 2, "one counter item per page and event");

    let (status, body) = aws
        .call_api(
            "POST",
            &format!("/forms/{site}"),
            None,
            b"name=Ada&email=ada%40example.org&message=Two+loaves",
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let key = body["key"].as_str().unwrap();
    let (_, stored) = aws.object(&format!("artifacts/{key}")).await;
    let stored: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(stored["fields"]["message"], "Two loaves");

    let (status, body) = aws
        .call_api("GET", &format!("/sites/{site}/versions"), None, b"")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["liveVersion"], version);
    assert!(body["versions"]
        .as_array()
        .unwrap()
        .contains(&json!(version)));
    let (status, body) = aws
        .call_api(
            "POST",
            &format!("/sites/{site}/rollback"),
            None,
            br#"{"version": 999}"#,
        )
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (404, Some("version")),
        "{body}"
    );
    let (status, body) = aws
        .call_api(
            "POST",
            &format!("/sites/{site}/rollback"),
            None,
            format!(r#"{{"version": {version}}}"#).as_bytes(),
        )
        .await;
    assert_eq!(
        (status, &body["liveVersion"]),
        (200, &json!(version)),
        "{body}"
    );
}
