//! Every Code24 Lambda function in one binary, the `bootstrap` that `template.yaml` deploys
//! to each: the function's `Handler` (`code24-brand`, `code24-api`, ...) says which it is
//! (`code24_lambda::Function::from_env`). One binary to build and size-check instead of
//! eighteen; each function still has its own Lambda, role, memory and timeout.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    let function = code24_lambda::Function::from_env()?;
    code24_lambda::run_function(function).await
}
