//! `infra/statemachines/build.asl.json` executed by moto's Step Functions interpreter, its
//! Lambda tasks run by our step binaries under `cargo lambda watch`. Builds that fail end
//! `failed` in moto's DynamoDB with the step that failed, and deploy nothing to moto's S3.

mod support;

use code24_store::{StatusStore, WorkflowRecord};
use code24_store_aws::ExecutionStarter;
use serde_json::{json, Value};
use std::time::{SystemTime, UNIX_EPOCH};

fn unique_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("build-{nanos:032x}")
}

/// Records the workflow `running` and starts its execution, as the api function does.
async fn start(aws: &support::Deployed, id: &str, input: &Value) {
    let now = "2026-11-25T20:00:00Z";
    let record = WorkflowRecord::running(id, "build", input.clone(), now);
    aws.status.create(&record).await.unwrap();
    ExecutionStarter::new(aws.sfn.clone(), &aws.state_machine_arn)
        .start(id, input)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_with_an_unsafe_site_id_fails_at_the_developer_and_deploys_nothing() {
    let aws = support::deployed().await;
    let id = unique_id();
    let input = json!({
        "workflowId": id,
        "brief": support::sample_brief("dentist"),
        "siteId": "../escape",
        "coordinationDelaySeconds": 0,
    });
    start(&aws, &id, &input).await;

    let execution = aws.finished_execution(&id).await;
    assert_eq!(
        execution.status,
        aws_sdk_sfn::types::ExecutionStatus::Failed
    );
    assert_eq!(execution.error(), Some("Code24.InvalidInput"));
    let record = aws.record(&id).await;
    assert_eq!(record.status.as_str(), "failed");
    let error = record.error.expect("a failed record says why");
    assert_eq!(error.step, "Developer");
    assert_eq!(error.error, "Code24.InvalidInput");
    assert!(
        error.cause.contains("siteId") || error.cause.contains("key"),
        "{}",
        error.cause
    );

    // The steps before it ran once each; invalid input is not retried; nothing after it ran.
    let entered = aws.states_entered(&id).await;
    let count = |name: &str| entered.iter().filter(|s| *s == name).count();
    assert_eq!(count("Brand"), 1, "{entered:?}");
    assert_eq!(count("Designer"), 1, "{entered:?}");
    assert_eq!(count("Developer"), 1, "{entered:?}");
    assert_eq!(count("Deploy"), 0, "{entered:?}");
    assert_eq!(count("RecordFailure"), 1, "{entered:?}");
    assert!(aws.keys("sites/../escape/").await.is_empty());
    assert!(aws.keys("sites/escape/").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_execution_is_recorded_failed_by_status_sync() {
    let aws = support::deployed().await;
    let id = unique_id();
    // A long coordination delay holds the execution in the Wait state after Brand.
    let input = json!({
        "workflowId": id,
        "brief": support::sample_brief("lawfirm"),
        "siteId": "status-sync-check",
        "coordinationDelaySeconds": 600,
    });
    start(&aws, &id, &input).await;
    let waiting = aws.execution_arn(&id);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !aws
        .states_entered(&id)
        .await
        .iter()
        .any(|s| s == "WaitBeforeDesigner")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "never reached WaitBeforeDesigner"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    aws.sfn
        .stop_execution()
        .execution_arn(&waiting)
        .send()
        .await
        .unwrap();
    let stopped = aws.finished_execution(&id).await;
    assert_eq!(stopped.status, aws_sdk_sfn::types::ExecutionStatus::Aborted);
    assert_eq!(aws.record(&id).await.status.as_str(), "running");

    // The EventBridge event Step Functions sends for it, from what moto reports.
    let event = json!({
        "version": "0",
        "detail-type": "Step Functions Execution Status Change",
        "source": "aws.states",
        "account": support::ACCOUNT,
        "region": support::REGION,
        "resources": [waiting],
        "detail": {
            "executionArn": waiting,
            "stateMachineArn": aws.state_machine_arn,
            "name": id,
            "status": stopped.status.as_str(),
            "input": input.to_string(),
            "output": null, "error": null, "cause": null
        }
    });
    let reply = aws.invoke("code24-status-sync", &event).await.unwrap();
    assert_eq!(reply["recorded"], true, "{reply}");
    let record = aws.record(&id).await;
    assert_eq!(record.status.as_str(), "failed");
    let error = record.error.expect("a failed record says why");
    assert_eq!(error.error, "States.Aborted", "{error:?}");
    assert!(error.cause.contains("ABORTED"), "{error:?}");
    assert_eq!(error.step, "Brand", "the last step that started");
    // A second delivery of the same event changes nothing.
    let reply = aws.invoke("code24-status-sync", &event).await.unwrap();
    assert_eq!(reply["recorded"], false, "{reply}");
}
