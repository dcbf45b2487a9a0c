//! The BuildWorkflow on the embedded engine with the virtual clock: retry schedules,
//! timeouts, Catch, recorded failures per step, and the coordination delay.

mod support;

use code24_local::{BuildOptions, FaultKind, FaultPlan};
use code24_pipeline::Step;
use code24_store::WorkflowStatus;
use support::{brief, retry_delays, workflows};

fn transient() -> FaultKind {
    FaultKind::Error("Code24.TransientError".into())
}

fn run(
    faults: FaultPlan,
    delay: Option<u64>,
) -> (
    code24_store::WorkflowRecord,
    code24_asl::Execution,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let wf = workflows(dir.path(), faults);
    let rt = code24_asl::runtime(true).unwrap();
    let options = BuildOptions {
        coordination_delay_seconds: delay,
        ..Default::default()
    };
    let (record, execution) = rt.block_on(wf.build(&brief("bakery"), &options)).unwrap();
    (record, execution, dir)
}

#[test]
fn market_research_retries_after_5_10_and_20_seconds_then_is_caught() {
    let (record, execution, _dir) = run(
        FaultPlan::none().inject(Step::MarketResearch, transient(), u32::MAX),
        Some(0),
    );
    assert_eq!(
        retry_delays(&execution.history, "MarketResearch"),
        vec![5.0, 10.0, 20.0]
    );
    assert_eq!(record.status, WorkflowStatus::Failed);
    let error = record.error.unwrap();
    assert_eq!(error.step, "MarketResearch");
    assert_eq!(error.error, "Code24.TransientError");
    assert_eq!(error.cause, "fault injected into MarketResearch");
    assert_eq!(execution.status, code24_asl::ExecutionStatus::Failed);
    assert_eq!(execution.error.as_deref(), Some("Code24.TransientError"));
}

#[test]
fn a_task_failing_twice_then_succeeding_completes() {
    let (record, execution, _dir) = run(
        FaultPlan::none().inject(Step::CompetitiveAnalysis, transient(), 2),
        Some(0),
    );
    assert_eq!(
        retry_delays(&execution.history, "CompetitiveAnalysis"),
        vec![5.0, 10.0]
    );
    assert_eq!(
        record.status,
        WorkflowStatus::Completed,
        "{:?}",
        record.error
    );
    assert!(record.output["deployment"]["url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:8024/sites/crumb-co/"));
}

#[test]
fn elite_workers_back_off_from_10_seconds() {
    let (record, execution, _dir) = run(
        FaultPlan::none().inject(Step::Brand, transient(), 3),
        Some(0),
    );
    assert_eq!(
        retry_delays(&execution.history, "Brand"),
        vec![10.0, 20.0, 40.0]
    );
    assert_eq!(
        record.status,
        WorkflowStatus::Completed,
        "three failures are within MaxAttempts 3"
    );
}

#[test]
fn a_hanging_developer_times_out_after_480_seconds_each_attempt() {
    let (record, execution, _dir) = run(
        FaultPlan::none().inject(Step::Developer, FaultKind::Hang, u32::MAX),
        Some(0),
    );
    let events: Vec<_> = execution
        .history
        .iter()
        .filter(|e| e.state_name.as_deref() == Some("Developer"))
        .collect();
    let scheduled: Vec<_> = events
        .iter()
        .filter(|e| e.event_type == "TaskScheduled")
        .map(|e| e.timestamp)
        .collect();
    let timed_out: Vec<_> = events
        .iter()
        .filter(|e| e.event_type == "TaskTimedOut")
        .map(|e| e.timestamp)
        .collect();
    assert_eq!(scheduled.len(), 4);
    for (s, t) in scheduled.iter().zip(&timed_out) {
        assert_eq!((*t - *s).num_seconds(), 480);
    }
    let error = record.error.unwrap();
    assert_eq!(
        (error.step.as_str(), error.error.as_str()),
        ("Developer", "States.Timeout")
    );
}

#[test]
fn invalid_input_is_not_retried() {
    let (record, execution, _dir) = run(
        FaultPlan::none().inject(
            Step::Designer,
            FaultKind::Error("Code24.InvalidInput".into()),
            u32::MAX,
        ),
        Some(0),
    );
    assert!(retry_delays(&execution.history, "Designer").is_empty());
    let error = record.error.unwrap();
    assert_eq!(
        (error.step.as_str(), error.error.as_str()),
        ("Designer", "Code24.InvalidInput")
    );
}

#[test]
fn model_throttling_and_outages_are_retried_but_bad_answers_are_not() {
    for step in [
        Step::MarketResearch,
        Step::Brand,
        Step::Designer,
        Step::Developer,
    ] {
        for (error, retried) in [
            ("Code24.ModelThrottled", true),
            ("Code24.ModelUnavailable", true),
            ("Code24.ModelTruncated", false),
            ("Code24.ModelInvalidAnswer", false),
        ] {
            let (record, execution, _dir) = run(
                FaultPlan::none().inject(step, FaultKind::Error(error.into()), 2),
                Some(0),
            );
            let delays = retry_delays(&execution.history, step.name());
            if retried {
                assert_eq!(record.status, WorkflowStatus::Completed, "{step} {error}");
                assert_eq!(delays.len(), 2, "{step} {error}: {delays:?}");
            } else {
                assert!(delays.is_empty(), "{step} {error}: {delays:?}");
                let e = record.error.expect("failed");
                assert_eq!((e.step.as_str(), e.error.as_str()), (step.name(), error));
            }
        }
    }
}

#[test]
fn each_failing_step_is_recorded_with_its_name_and_nothing_is_deployed_before_deploy() {
    for step in Step::BUILD
        .into_iter()
        .filter(|s| *s != Step::RecordFailure)
    {
        let (record, execution, dir) = run(
            FaultPlan::none().inject(
                step,
                FaultKind::Error("Code24.QualityGateFailed".into()),
                u32::MAX,
            ),
            Some(0),
        );
        assert_eq!(record.status, WorkflowStatus::Failed, "{step}");
        let error = record
            .error
            .unwrap_or_else(|| panic!("{step}: no error recorded"));
        assert_eq!(error.step, step.name(), "{step}");
        assert_eq!(error.error, "Code24.QualityGateFailed", "{step}");
        assert_eq!(
            execution.status,
            code24_asl::ExecutionStatus::Failed,
            "{step}"
        );
        let deployed = dir.path().join("sites/crumb-co/live").exists();
        let expect_deployed = matches!(step, Step::AnalyticsSetup | Step::RecordResult);
        assert_eq!(deployed, expect_deployed, "{step}: deployed = {deployed}");
    }
}

#[test]
fn the_coordination_delay_defaults_to_30_seconds_and_follows_the_input() {
    for (delay, expected) in [(None, 30), (Some(7), 7)] {
        let (record, execution, _dir) = run(FaultPlan::none(), delay);
        assert_eq!(record.status, WorkflowStatus::Completed);
        for wait in ["WaitBeforeDesigner", "WaitBeforeDeveloper"] {
            let at = |t: &str| {
                execution
                    .history
                    .iter()
                    .find(|e| e.event_type == t && e.state_name.as_deref() == Some(wait))
                    .unwrap()
                    .timestamp
            };
            assert_eq!(
                (at("WaitStateExited") - at("WaitStateEntered")).num_seconds(),
                expected,
                "{wait} with {delay:?}"
            );
        }
    }
}

#[test]
fn payloads_carry_artifact_keys_not_artifacts() {
    let (record, execution, _dir) = run(FaultPlan::none(), Some(0));
    assert_eq!(record.status, WorkflowStatus::Completed);
    let biggest = execution
        .history
        .iter()
        .map(|e| serde_json::to_vec(&e.details).unwrap().len())
        .max()
        .unwrap();
    assert!(
        biggest < 16 * 1024,
        "a history event carries {biggest} bytes; artifacts must travel by key"
    );
    let site = &record.output["eliteResults"]["developer"];
    assert!(site["artifactKey"]
        .as_str()
        .unwrap()
        .ends_with("/site.json"));
}

#[test]
fn a_panicking_handler_fails_its_step_not_the_engine() {
    let (record, _execution, _dir) = run(
        FaultPlan::none().inject(Step::Designer, FaultKind::Panic, u32::MAX),
        Some(0),
    );
    let error = record.error.unwrap();
    assert_eq!(
        (error.step.as_str(), error.error.as_str()),
        ("Designer", "Code24.InternalError")
    );
    assert!(error.cause.contains("panic"), "{}", error.cause);
}

#[test]
fn status_sync_marks_timed_out_and_aborted_executions_failed() {
    let dir = tempfile::tempdir().unwrap();
    let wf = workflows(dir.path(), FaultPlan::none());
    let rt = code24_asl::runtime(true).unwrap();
    rt.block_on(async {
        let status = wf.services().status.clone();
        for (n, execution_status, expected) in [(1, "TIMED_OUT", "States.Timeout"), (2, "ABORTED", "States.Aborted")] {
            let (id, _) = wf.start_build(&brief("bakery"), &BuildOptions { workflow_id: Some(format!("sync-{n}")), ..Default::default() }).await.unwrap();
            status.set_step(&id, "Designer", "2026-01-01T00:00:00Z").await.unwrap();
            let detail = serde_json::json!({"name": id, "status": execution_status, "executionArn": "arn:x"});
            let changed = code24_pipeline::handler::sync_execution_status(status.as_ref(), &detail, "2026-01-01T00:01:00Z").await.unwrap();
            assert!(changed);
            let record = status.get(&id).await.unwrap().unwrap();
            assert_eq!(record.status, WorkflowStatus::Failed);
            let error = record.error.unwrap();
            assert_eq!((error.error.as_str(), error.step.as_str()), (expected, "Designer"));
            let again = code24_pipeline::handler::sync_execution_status(status.as_ref(), &detail, "later").await.unwrap();
            assert!(!again, "a finished record is left alone");
        }
        let succeeded = serde_json::json!({"name": "sync-1", "status": "SUCCEEDED"});
        assert!(!code24_pipeline::handler::sync_execution_status(status.as_ref(), &succeeded, "x").await.unwrap());
    });
}
