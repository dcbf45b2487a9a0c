//! What every Code24 Lambda function shares: configuration from the environment, AWS
//! clients built once per container, and step errors turned into Lambda errors whose
//! `errorType` is the name Step Functions' Retry and Catch match on.

use code24_pipeline::handler::SystemClock;
use code24_pipeline::{handle, Services, SiteConfig, Step, StepError};
use code24_store_aws::{DynamoDbStatusStore, S3ArtifactStore, S3SiteStore};
use lambda_runtime::{service_fn, Diagnostic, LambdaEvent};
use serde_json::Value;
use std::sync::Arc;

/// The environment a function is deployed with (set by `template.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionConfig {
    pub table: String,
    pub bucket: String,
    pub site_base_url: String,
    pub api_base_url: String,
}

impl FunctionConfig {
    /// Reads STATUS_TABLE, SITE_BUCKET, SITE_BASE_URL and API_BASE_URL; the error names
    /// the missing variable.
    pub fn from_env() -> Result<FunctionConfig, String> {
        let var = |name: &str| {
            std::env::var(name).map_err(|_| format!("the environment variable {name} is not set"))
        };
        Ok(FunctionConfig {
            table: var("STATUS_TABLE")?,
            bucket: var("SITE_BUCKET")?,
            site_base_url: var("SITE_BASE_URL")?,
            api_base_url: var("API_BASE_URL")?,
        })
    }
}

/// The stores on AWS, from one SDK configuration.
pub fn services(sdk: &aws_config::SdkConfig, config: &FunctionConfig) -> Services {
    let dynamodb = aws_sdk_dynamodb::Client::new(sdk);
    let s3 = code24_store_aws::s3_client(sdk);
    Services {
        status: Arc::new(DynamoDbStatusStore::new(dynamodb.clone(), &config.table)),
        artifacts: Arc::new(S3ArtifactStore::new(s3.clone(), &config.bucket)),
        sites: Arc::new(S3SiteStore::new(
            s3,
            dynamodb,
            &config.bucket,
            &config.table,
        )),
        clock: Arc::new(SystemClock),
        config: SiteConfig {
            site_base_url: config.site_base_url.clone(),
            api_base_url: config.api_base_url.clone(),
        },
    }
}

/// A step's failure as a Lambda error: `errorType` is e.g. `Code24.TransientError`.
pub fn diagnostic(e: StepError) -> Diagnostic {
    Diagnostic {
        error_type: e.error_type().to_string(),
        error_message: e.to_string(),
    }
}

/// Runs `step` as a Lambda function: clients are built once, then every invocation calls
/// the same handler the local engine calls.
pub async fn run_step(step: Step) -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = FunctionConfig::from_env()?;
    let sdk = aws_config::load_from_env().await;
    let services = services(&sdk, &config);
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let services = &services;
        async move {
            handle(step, services, event.payload)
                .await
                .map_err(diagnostic)
        }
    }))
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_errors_keep_their_retry_names() {
        let d = diagnostic(StepError::Transient("slow".into()));
        assert_eq!(d.error_type, "Code24.TransientError");
        let d = diagnostic(StepError::InvalidInput("no brief".into()));
        assert_eq!(d.error_type, "Code24.InvalidInput");
        assert!(d.error_message.contains("no brief"));
    }
}
