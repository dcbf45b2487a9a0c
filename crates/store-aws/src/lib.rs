//! The storage ports on AWS: [`DynamoDbStatusStore`] (workflow status, conditional writes),
//! [`DynamoDbAnalyticsStore`] (analytics counters, atomic adds),
//! [`S3ArtifactStore`] and [`S3SiteStore`] (artifacts and immutable site versions), and
//! [`ExecutionStarter`] (Step Functions executions named by the workflowId). Each takes
//! SDK clients built once per Lambda container; the same code is tested against a local
//! moto server.

mod analytics;
mod dynamodb;
mod s3;
mod sfn;

pub use analytics::DynamoDbAnalyticsStore;
pub use dynamodb::DynamoDbStatusStore;
pub use s3::{S3ArtifactStore, S3SiteStore};
pub use sfn::{ExecutionStarter, StartError, Started};

use code24_store::StoreError;

/// An SDK error as a storage error naming the operation; the SDK has already retried
/// throttling and 5xx answers by the time this is built.
pub fn aws_error<E: std::error::Error>(operation: &str, err: E) -> StoreError {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    StoreError::Aws {
        operation: operation.to_string(),
        message,
    }
}

/// SDK configuration for a local AWS-compatible endpoint (moto): fixed test credentials,
/// path-style S3 addressing. Used by tests and by `code24` commands pointed at a local
/// server; on AWS, `aws_config::load_from_env()` is used instead.
pub async fn local_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "local",
        ))
        .load()
        .await
}

/// An S3 client for `config`; path-style addressing when an endpoint is overridden.
pub fn s3_client(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    let s3 = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(config.endpoint_url().is_some())
        .build();
    aws_sdk_s3::Client::from_conf(s3)
}
