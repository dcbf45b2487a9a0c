//! The trigger path as the `api` function runs it — the router over the DynamoDB status
//! store and the Step Functions starter — against moto, under concurrency and after a
//! request that was cut off between recording the workflow and starting it.

mod support;

use async_trait::async_trait;
use code24_api::{Api, WorkflowStarter};
use code24_lambda::SfnWorkflowStarter;
use code24_pipeline::handler::SystemClock;
use code24_store_aws::{DynamoDbStatusStore, ExecutionStarter};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

fn api(aws: &support::Deployed, starter: Arc<dyn WorkflowStarter>) -> Api {
    Api {
        status: Arc::new(DynamoDbStatusStore::new(aws.dynamodb.clone(), &aws.table)),
        starter,
        clock: Arc::new(SystemClock),
        coordination_delay_seconds: Some(0),
        sites: aws.site_services(),
    }
}

fn step_functions(aws: &support::Deployed) -> Arc<dyn WorkflowStarter> {
    Arc::new(SfnWorkflowStarter {
        build: ExecutionStarter::new(aws.sfn.clone(), &aws.state_machine_arn),
        optimize: None,
    })
}

fn brief(name: &str) -> Vec<u8> {
    let mut brief = support::sample_brief("techcorp");
    brief["name"] = json!(name);
    brief.to_string().into_bytes()
}

fn unique_key() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("key-{nanos}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_triggers_with_one_key_start_one_execution() {
    let aws = support::deployed().await;
    let api = api(&aws, step_functions(&aws));
    let (key, body) = (unique_key(), brief("Concurrent Trigger Ltd"));
    let requests = (0..4).map(|_| api.handle("POST", "/trigger/build", Some(&key), &body));
    let replies = futures::future::join_all(requests).await;
    let ids: Vec<&Value> = replies.iter().map(|r| &r.body["workflowId"]).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let mut statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 200, 200, 202], "one request started it");
    let id = ids[0].as_str().unwrap();
    let named = aws
        .execution_names()
        .await
        .iter()
        .filter(|n| *n == id)
        .count();
    assert_eq!(named, 1);
    let end = aws.wait_for_end(id).await;
    assert_eq!(end["status"], "completed", "{end}");
}

/// A Step Functions client that never answers: the api function's request is cut off
/// (by its timeout) after the record is written and before the execution starts.
struct Hangs;

#[async_trait]
impl WorkflowStarter for Hangs {
    async fn start_build(&self, _: &str, _: &Value) -> Result<(), String> {
        std::future::pending().await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_trigger_starts_what_a_cut_off_request_only_recorded() {
    let aws = support::deployed().await;
    let (key, body) = (unique_key(), brief("Cut Off Trading Co"));
    let cut_off = api(&aws, Arc::new(Hangs));
    let request = cut_off.handle("POST", "/trigger/build", Some(&key), &body);
    assert!(tokio::time::timeout(Duration::from_millis(500), request)
        .await
        .is_err());

    let retried = api(&aws, step_functions(&aws))
        .handle("POST", "/trigger/build", Some(&key), &body)
        .await;
    assert_eq!(retried.status, 200, "{}", retried.body);
    let id = retried.body["workflowId"].as_str().unwrap();
    assert_eq!(aws.record(id).await.status.as_str(), "running");
    let started = aws
        .sfn
        .describe_execution()
        .execution_arn(aws.execution_arn(id))
        .send()
        .await;
    assert!(
        started.is_ok(),
        "the retried trigger started the execution: {started:?}"
    );
    let end = aws.wait_for_end(id).await;
    assert_eq!(end["status"], "completed", "{end}");
}
