//! The HTTP API as a Lambda function (API Gateway HTTP API): wiring only; the routes are
//! `code24_api::Api::handle`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    code24_lambda::run_api().await
}
