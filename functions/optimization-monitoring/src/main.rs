//! The OptimizationMonitoring step of the OptimizationWorkflow as a Lambda function: wiring
//! only. The work is `code24_pipeline::handle(Step::OptimizationMonitoring, ...)`, the same call
//! the local engine makes.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    code24_lambda::run_optimization_step(code24_pipeline::Step::OptimizationMonitoring).await
}
