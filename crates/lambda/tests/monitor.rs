//! The monitor function's work against moto (`CODE24_MOTO_ENDPOINT`): live sites are
//! listed from S3, fetched over HTTP through a stand-in for CloudFront and the SiteRouter
//! (`/sites/{id}/…` → `sites/{id}/live/…`), the results are recorded in S3, and each
//! unhealthy site is published to the SNS alert topic (read back from moto).

use code24_domain::site::SiteFile;
use code24_pipeline::monitor::{check_live_sites, HttpFetcher};
use code24_store::SiteStore;
use code24_store_aws::{DynamoDbStatusStore, S3ArtifactStore, S3SiteStore};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn file(path: &str, body: &str) -> SiteFile {
    let content_type = if path.ends_with(".html") {
        "text/html; charset=utf-8"
    } else {
        "image/svg+xml"
    };
    SiteFile::text(path, content_type, body.into())
}

/// Serves `/sites/{id}/{file}` from the bucket's `sites/{id}/live/{file}`, as CloudFront
/// with the SiteRouter function does; returns the port.
async fn edge(s3: aws_sdk_s3::Client, bucket: String) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (s3, bucket) = (s3.clone(), bucket.clone());
            tokio::spawn(async move {
                let mut request = vec![0u8; 4096];
                let n = stream.read(&mut request).await.unwrap_or(0);
                let text = String::from_utf8_lossy(&request[..n]).to_string();
                let path = text.split(' ').nth(1).unwrap_or("/").to_string();
                let key = match path.strip_prefix("/sites/").and_then(|r| r.split_once('/')) {
                    Some((id, "")) => format!("sites/{id}/live/index.html"),
                    Some((id, file)) => format!("sites/{id}/live/{file}"),
                    None => String::new(),
                };
                let object = s3.get_object().bucket(&bucket).key(&key).send().await;
                let (status, body) = match object {
                    Ok(o) => (200, o.body.collect().await.unwrap().into_bytes().to_vec()),
                    Err(_) => (404, b"not found".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
            });
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_sites_are_checked_recorded_and_the_unhealthy_one_alerted() {
    let endpoint = std::env::var("CODE24_MOTO_ENDPOINT")
        .expect("CODE24_MOTO_ENDPOINT must point at a moto server (bash .ci/run starts one)");
    let config = code24_store_aws::local_config(&endpoint).await;
    let s3 = code24_store_aws::s3_client(&config);
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let unique = format!("monitor-{}", std::process::id());
    s3.create_bucket().bucket(&unique).send().await.unwrap();
    DynamoDbStatusStore::create_table(&dynamodb, &unique)
        .await
        .unwrap();
    let sites = S3SiteStore::new(s3.clone(), dynamodb, &unique, &unique);
    let home = |link: &str| {
        format!("<!DOCTYPE html><html lang=\"en\"><head><link rel=\"icon\" href=\"favicon.svg\"></head><body><a href=\"{link}\">Privacy</a></body></html>")
    };
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    let good = [
        file("index.html", &home("privacy.html")),
        file("privacy.html", "ok"),
        file("favicon.svg", svg),
    ];
    let broken = [
        file("index.html", &home("missing.html")),
        file("favicon.svg", svg),
    ];
    sites.publish("good-site", &good).await.unwrap();
    sites.publish("broken-site", &broken).await.unwrap();
    assert_eq!(
        sites.live_sites().await.unwrap(),
        ["broken-site", "good-site"]
    );

    let port = edge(s3.clone(), unique.clone()).await;
    let artifacts = S3ArtifactStore::new(s3.clone(), &unique);
    let fetcher = HttpFetcher::new().unwrap();
    let base = format!("http://127.0.0.1:{port}/sites");
    let reports = check_live_sites(
        &sites,
        &artifacts,
        &fetcher,
        &base,
        None,
        "2026-11-26T03:00:00.000Z",
    )
    .await
    .unwrap();
    let by_id = |id: &str| reports.iter().find(|r| r.site_id == id).unwrap();
    assert!(
        by_id("good-site").healthy,
        "{}",
        by_id("good-site").summary()
    );
    let broken_report = by_id("broken-site");
    assert!(!broken_report.healthy);
    assert!(
        broken_report.summary().contains("missing.html: HTTP 404"),
        "{}",
        broken_report.summary()
    );
    let latest = s3
        .get_object()
        .bucket(&unique)
        .key("artifacts/monitoring/broken-site/latest.json")
        .send()
        .await
        .unwrap();
    let latest: Value =
        serde_json::from_slice(&latest.body.collect().await.unwrap().into_bytes()).unwrap();
    assert_eq!(latest["healthy"], false);

    let sns = aws_sdk_sns::Client::new(&config);
    let topic = sns
        .create_topic()
        .name(&unique)
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();
    let alerted = code24_lambda::alert_unhealthy(&sns, &topic, &reports)
        .await
        .unwrap();
    assert_eq!(alerted, ["broken-site"]);
    let data = reqwest::get(format!("{endpoint}/moto-api/data.json"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let data: Value = serde_json::from_slice(&data).unwrap();
    let sent = data["sns"]["Topic"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["arn"] == topic.as_str())
        .map(|t| t["sent_notifications"].clone())
        .unwrap();
    assert_eq!(sent.as_array().unwrap().len(), 1, "{sent}");
    assert!(
        sent[0][1]
            .as_str()
            .unwrap()
            .contains("missing.html: HTTP 404"),
        "{sent}"
    );
    assert_eq!(sent[0][2], "Code24: site broken-site is unhealthy");

    let only = check_live_sites(
        &sites,
        &artifacts,
        &fetcher,
        &base,
        Some("no-such-site"),
        "t",
    )
    .await;
    assert!(only.is_err());
}
