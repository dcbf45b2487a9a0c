//! Marks executions that timed out or were aborted as failed (EventBridge rule target):
//! wiring only; the work is `code24_pipeline::handler::sync_execution_status`.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    code24_lambda::run_status_sync().await
}
