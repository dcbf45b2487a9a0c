//! Failure handling against moto behind a fault-injecting proxy on 127.0.0.1: throttling
//! and 5xx answers are retried by the SDK; a fault that persists becomes a clear error.

use code24_store::{StatusStore, StoreError, WorkflowRecord};
use code24_store_aws::DynamoDbStatusStore;
use serde_json::json;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Reads one HTTP/1.1 request or response (headers and a Content-Length body).
async fn read_message(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
            let length = head
                .lines()
                .find_map(|l| {
                    l.strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Some(buf);
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Answers the first `faults` requests with `status` and a DynamoDB error body, then
/// forwards to moto. Every answer closes the connection.
async fn proxy(
    upstream: String,
    faults: u32,
    status: &'static str,
    error_type: &'static str,
) -> (String, Arc<AtomicU32>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(AtomicU32::new(0));
    let counter = seen.clone();
    let upstream_addr = upstream.trim_start_matches("http://").to_string();
    tokio::spawn(async move {
        loop {
            let Ok((mut client, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            let upstream_addr = upstream_addr.clone();
            tokio::spawn(async move {
                let Some(request) = read_message(&mut client).await else {
                    return;
                };
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let response = if n < faults {
                    let body =
                        json!({"__type": error_type, "message": "injected by the test proxy"})
                            .to_string();
                    format!("HTTP/1.1 {status}\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len()).into_bytes()
                } else {
                    let mut up = TcpStream::connect(&upstream_addr).await.unwrap();
                    up.write_all(&request).await.unwrap();
                    let mut answer = read_message(&mut up).await.unwrap_or_default();
                    // Make the proxied answer close the connection too.
                    if let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
                        answer.splice(end..end, b"\r\nconnection: close".iter().copied());
                    }
                    answer
                };
                let _ = client.write_all(&response).await;
                let _ = client.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), seen)
}

async fn table(endpoint: &str) -> String {
    let config = code24_store_aws::local_config(endpoint).await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    let name = format!("faults-{}-{}", std::process::id(), rand_suffix());
    DynamoDbStatusStore::create_table(&client, &name)
        .await
        .unwrap();
    name
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn moto() -> String {
    std::env::var("CODE24_MOTO_ENDPOINT")
        .expect("CODE24_MOTO_ENDPOINT must point at a moto server (bash .ci/run starts one)")
}

fn record(id: &str) -> WorkflowRecord {
    WorkflowRecord::running(
        id,
        "build",
        json!({"name": "x"}),
        "2026-01-01T00:00:00.000Z",
    )
}

async fn store_via(endpoint: &str, table: &str) -> DynamoDbStatusStore {
    let config = code24_store_aws::local_config(endpoint).await;
    DynamoDbStatusStore::new(aws_sdk_dynamodb::Client::new(&config), table)
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried_by_the_sdk() {
    let moto = moto();
    let table = table(&moto).await;
    for (status, error_type) in [
        (
            "400 Bad Request",
            "com.amazonaws.dynamodb.v20120810#ThrottlingException",
        ),
        ("500 Internal Server Error", "InternalServerError"),
    ] {
        let (endpoint, seen) = proxy(moto.clone(), 2, status, error_type).await;
        let store = store_via(&endpoint, &table).await;
        let id = format!("retried-{}", status.split(' ').next().unwrap());
        store
            .create(&record(&id))
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(
            seen.load(Ordering::SeqCst),
            3,
            "{status}: two injected faults, then the real request"
        );
        assert!(store_via(&moto, &table)
            .await
            .get(&id)
            .await
            .unwrap()
            .is_some());
    }
}

#[tokio::test]
async fn a_fault_that_persists_is_a_clear_error_after_the_retries() {
    let moto = moto();
    let table = table(&moto).await;
    let (endpoint, seen) = proxy(
        moto.clone(),
        1000,
        "500 Internal Server Error",
        "InternalServerError",
    )
    .await;
    let store = store_via(&endpoint, &table).await;
    let err = store.create(&record("never")).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Aws { operation, .. } if operation == "PutItem"),
        "{err}"
    );
    assert_eq!(
        seen.load(Ordering::SeqCst),
        3,
        "the SDK's standard retry mode makes 3 attempts"
    );
    assert!(
        store_via(&moto, &table)
            .await
            .get("never")
            .await
            .unwrap()
            .is_none(),
        "nothing half-written"
    );
}
