//! What every Code24 Lambda function shares: configuration from the environment, AWS
//! clients built once per container, and step errors turned into Lambda errors whose
//! `errorType` is the name Step Functions' Retry and Catch match on; and which function
//! a process is ([`function`]).

pub mod function;

pub use function::{run_function, Function};

use code24_pipeline::handler::SystemClock;
use code24_pipeline::handler::{handle_build_step, handle_optimization_step};
use code24_pipeline::{Services, SiteConfig, Step, StepError};
use code24_store_aws::{DynamoDbAnalyticsStore, DynamoDbStatusStore, S3ArtifactStore, S3SiteStore};
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
        model: None,
        fetch_policy: code24_fetch::FetchPolicy {
            allow_loopback: loopback_allowed(),
            ..code24_fetch::FetchPolicy::default()
        },
    }
}

/// Whether the OptimizationWorkflow may fetch 127.0.0.1 and ::1: only when
/// CODE24_FETCH_ALLOW_LOOPBACK=1 and the function runs outside AWS Lambda (under
/// `cargo lambda watch`, for tests on this machine). On Lambda (AWS_EXECUTION_ENV set)
/// it never is: the runtime API listens on loopback there. `template.yaml` never sets it.
pub fn loopback_allowed() -> bool {
    std::env::var("CODE24_FETCH_ALLOW_LOOPBACK").as_deref() == Ok("1")
        && std::env::var_os("AWS_EXECUTION_ENV").is_none()
}

/// The API key for an OpenAI-compatible model endpoint: read once at start from the
/// Secrets Manager secret named by CODE24_MODEL_API_KEY_SECRET, else taken from
/// CODE24_MODEL_API_KEY; none if neither is set.
pub async fn model_api_key(sdk: &aws_config::SdkConfig) -> Result<Option<String>, String> {
    let secret = std::env::var("CODE24_MODEL_API_KEY_SECRET").unwrap_or_default();
    if secret.trim().is_empty() {
        return Ok(std::env::var("CODE24_MODEL_API_KEY").ok());
    }
    let client = aws_sdk_secretsmanager::Client::new(sdk);
    api_key_from_secret(&client, secret.trim()).await.map(Some)
}

/// A secret holding an API key: the plain key, or JSON with an `apiKey` field.
pub async fn api_key_from_secret(
    client: &aws_sdk_secretsmanager::Client,
    secret_id: &str,
) -> Result<String, String> {
    let out = client
        .get_secret_value()
        .secret_id(secret_id)
        .send()
        .await
        .map_err(|e| {
            let detail = e
                .as_service_error()
                .map(|se| se.to_string())
                .unwrap_or_else(|| e.to_string());
            format!("reading the model API key from secret {secret_id}: {detail}")
        })?;
    let text = out
        .secret_string()
        .ok_or_else(|| format!("secret {secret_id} has no string value"))?
        .trim();
    let key = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(fields)) => fields
            .get("apiKey")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("secret {secret_id} is JSON without an \"apiKey\" string"))?,
        _ => text.to_string(),
    };
    if key.is_empty() {
        return Err(format!("secret {secret_id} holds an empty key"));
    }
    Ok(key)
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
    let mut services = services(&sdk, &config);
    if step.is_worker() {
        let setting = std::env::var("CODE24_MODEL").unwrap_or_default();
        let api_key = model_api_key(&sdk).await?;
        services.model = code24_model::backend_from_setting(
            &setting,
            api_key,
            code24_model::RetryPolicy::default(),
        )
        .await?;
    }
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let services = &services;
        async move {
            handle_build_step(step, services, event.payload)
                .await
                .map_err(diagnostic)
        }
    }))
    .await
}

/// The Lambda function of one OptimizationWorkflow step: like [`run_step`], with no
/// model, and linking only the optimization's handlers.
pub async fn run_optimization_step(step: Step) -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = FunctionConfig::from_env()?;
    let sdk = aws_config::load_from_env().await;
    let services = services(&sdk, &config);
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let services = &services;
        async move {
            handle_optimization_step(step, services, event.payload)
                .await
                .map_err(diagnostic)
        }
    }))
    .await
}

/// Starts workflows as Step Functions executions named by the workflowId: builds on the
/// BuildWorkflow, optimizations on the OptimizationWorkflow (when configured).
pub struct SfnWorkflowStarter {
    pub build: code24_store_aws::ExecutionStarter,
    pub optimize: Option<code24_store_aws::ExecutionStarter>,
}

#[async_trait::async_trait]
impl code24_api::WorkflowStarter for SfnWorkflowStarter {
    async fn start_build(&self, workflow_id: &str, input: &Value) -> Result<(), String> {
        self.build
            .start(workflow_id, input)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    async fn start_optimize(&self, workflow_id: &str, input: &Value) -> Result<(), String> {
        let starter = self
            .optimize
            .as_ref()
            .ok_or_else(|| "OPTIMIZE_STATE_MACHINE_ARN is not set for this function".to_string())?;
        starter
            .start(workflow_id, input)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The `api` function: API Gateway HTTP API requests into the shared router.
pub async fn run_api() -> Result<(), lambda_http::Error> {
    use lambda_http::{Body, Request, RequestExt, Response};
    lambda_runtime::tracing::init_default_subscriber();
    let var = |name: &str| {
        std::env::var(name).map_err(|_| format!("the environment variable {name} is not set"))
    };
    let config = FunctionConfig::from_env()?;
    let analytics_table = var("ANALYTICS_TABLE")?;
    let state_machine = var("BUILD_STATE_MACHINE_ARN")?;
    let delay = std::env::var("COORDINATION_DELAY_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok());
    let sdk = aws_config::load_from_env().await;
    let stores = services(&sdk, &config);
    let api = code24_api::Api {
        status: stores.status,
        starter: Arc::new(SfnWorkflowStarter {
            build: code24_store_aws::ExecutionStarter::new(
                aws_sdk_sfn::Client::new(&sdk),
                state_machine,
            ),
            optimize: std::env::var("OPTIMIZE_STATE_MACHINE_ARN").ok().map(|arn| {
                code24_store_aws::ExecutionStarter::new(aws_sdk_sfn::Client::new(&sdk), arn)
            }),
        }),
        clock: Arc::new(SystemClock),
        coordination_delay_seconds: delay,
        sites: code24_api::SiteServices {
            sites: stores.sites,
            analytics: Arc::new(DynamoDbAnalyticsStore::new(
                aws_sdk_dynamodb::Client::new(&sdk),
                analytics_table,
            )),
            artifacts: stores.artifacts,
            site_base_url: config.site_base_url.clone(),
        },
    };
    lambda_http::run(lambda_http::service_fn(|req: Request| {
        let api = &api;
        async move {
            let key = req
                .headers()
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let reply = api
                .handle(
                    req.method().as_str(),
                    req.raw_http_path(),
                    key.as_deref(),
                    req.body().as_ref(),
                )
                .await;
            let mut response = Response::builder()
                .status(reply.status)
                .header("content-type", "application/json");
            if let Some(location) = &reply.location {
                response = response.header("location", location);
            }
            response
                .body(Body::from(reply.body.to_string()))
                .map_err(lambda_http::Error::from)
        }
    }))
    .await
}

/// Publishes an alert for each unhealthy site to the SNS topic; returns the ids alerted.
pub async fn alert_unhealthy(
    sns: &aws_sdk_sns::Client,
    topic_arn: &str,
    reports: &[code24_pipeline::monitor::HealthReport],
) -> Result<Vec<String>, String> {
    let mut alerted = Vec::new();
    for report in reports.iter().filter(|r| !r.healthy) {
        let subject: String = format!("Code24: site {} is unhealthy", report.site_id)
            .chars()
            .filter(|c| c.is_ascii_graphic() || *c == ' ')
            .take(100)
            .collect();
        sns.publish()
            .topic_arn(topic_arn)
            .subject(subject)
            .message(report.summary())
            .send()
            .await
            .map_err(|e| code24_store_aws::aws_error("SNS Publish", e).to_string())?;
        alerted.push(report.site_id.clone());
    }
    Ok(alerted)
}

/// The `monitor` function, on an EventBridge Scheduler schedule: health-checks every
/// live site (or the one named by `{"siteId"}` in the event), records the results, and
/// alerts through SNS (ALERT_TOPIC_ARN) on each unhealthy site.
pub async fn run_monitor() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = FunctionConfig::from_env()?;
    let topic = std::env::var("ALERT_TOPIC_ARN")
        .map_err(|_| "the environment variable ALERT_TOPIC_ARN is not set")?;
    let sdk = aws_config::load_from_env().await;
    let stores = services(&sdk, &config);
    let sns = aws_sdk_sns::Client::new(&sdk);
    let fetcher = code24_pipeline::monitor::HttpFetcher::new()?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let (stores, sns, fetcher, topic, config) = (&stores, &sns, &fetcher, &topic, &config);
        async move {
            let only = event.payload.get("siteId").and_then(Value::as_str);
            let reports = code24_pipeline::monitor::check_live_sites(
                stores.sites.as_ref(),
                stores.artifacts.as_ref(),
                fetcher,
                &config.site_base_url,
                only,
                &stores.clock.now_rfc3339(),
            )
            .await
            .map_err(|e| diagnostic(StepError::Storage(e)))?;
            for report in &reports {
                lambda_runtime::tracing::info!(
                    site = %report.site_id,
                    healthy = report.healthy,
                    "{}",
                    report.summary()
                );
            }
            let alerted = alert_unhealthy(sns, topic, &reports)
                .await
                .map_err(|e| Diagnostic {
                    error_type: "Code24.AlertFailed".into(),
                    error_message: e,
                })?;
            Ok::<_, Diagnostic>(serde_json::json!({"checked": reports.len(), "alerted": alerted}))
        }
    }))
    .await
}

/// The `status-sync` function: EventBridge "Step Functions Execution Status Change".
pub async fn run_status_sync() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let table = std::env::var("STATUS_TABLE")
        .map_err(|_| "the environment variable STATUS_TABLE is not set")?;
    let sdk = aws_config::load_from_env().await;
    let status = DynamoDbStatusStore::new(aws_sdk_dynamodb::Client::new(&sdk), table);
    let clock = SystemClock;
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let (status, clock) = (&status, &clock);
        async move {
            use code24_pipeline::handler::Clock as _;
            let detail = event.payload.get("detail").cloned().unwrap_or(Value::Null);
            let changed = code24_pipeline::handler::sync_execution_status(
                status,
                &detail,
                &clock.now_rfc3339(),
            )
            .await
            .map_err(diagnostic)?;
            Ok::<_, Diagnostic>(serde_json::json!({"recorded": changed}))
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
