//! The OptimizationStrategy step of the OptimizationWorkflow as a Lambda function: wiring
//! only. The work is `code24_pipeline::handle(Step::OptimizationStrategy, ...)`, the same call
//! the local engine makes.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    code24_lambda::run_optimization_step(code24_pipeline::Step::OptimizationStrategy).await
}
