//! Health-checks the live sites on a schedule and alerts through SNS (EventBridge
//! Scheduler target): wiring only; the work is `code24_pipeline::monitor`.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    code24_lambda::run_monitor().await
}
