//! The deployed shape, on 127.0.0.1, as `.ci/run` starts it: our Lambda binaries under
//! `cargo lambda watch`, reached through `tests/aws/lambda_forwarder.py` at
//! `CODE24_LAMBDA_ENDPOINT`; a moto server that executes state machines, whose Lambda
//! calls go to that forwarder; and `CODE24_LAMBDA_ENV_FILE`, the environment the functions
//! were started with (moto's endpoint, the table, the bucket, the state machine).
//! [`deployed`] creates the table, bucket and BuildWorkflow state machine from
//! `infra/statemachines/build.asl.json` there, as `sam deploy` would on AWS.

#![allow(dead_code)] // each test binary uses its own part of this module

use aws_sdk_lambda::primitives::Blob;
use code24_pipeline::Step;
use code24_store::{StatusStore, WorkflowRecord};
use code24_store_aws::DynamoDbStatusStore;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";

pub struct Deployed {
    pub lambda: aws_sdk_lambda::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub s3: aws_sdk_s3::Client,
    pub sfn: aws_sdk_sfn::Client,
    pub status: DynamoDbStatusStore,
    pub table: String,
    pub analytics_table: String,
    pub bucket: String,
    pub state_machine_arn: String,
    pub optimize_state_machine_arn: String,
}

fn required(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: bash .ci/run starts cargo lambda watch, the forwarder and moto, and sets it")
    })
}

/// The functions' environment file: KEY=VALUE lines.
fn function_environment() -> HashMap<String, String> {
    let path = required("CODE24_LAMBDA_ENV_FILE");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The ARN `template.yaml` gives a step's function (`!GetAtt XFunction.Arn`).
pub fn function_arn(step: Step) -> String {
    format!(
        "arn:aws:lambda:{REGION}:{ACCOUNT}:function:{}",
        step.function_name()
    )
}

/// Connects to the deployed shape and makes sure the table, bucket and state machine exist.
pub async fn deployed() -> Deployed {
    let env = function_environment();
    let get = |k: &str| {
        env.get(k)
            .cloned()
            .unwrap_or_else(|| panic!("{k} is missing from CODE24_LAMBDA_ENV_FILE"))
    };
    let aws = code24_store_aws::local_config(&get("AWS_ENDPOINT_URL")).await;
    let lambda_config = aws_sdk_lambda::config::Builder::from(&aws)
        .endpoint_url(required("CODE24_LAMBDA_ENDPOINT"))
        .build();
    let dynamodb = aws_sdk_dynamodb::Client::new(&aws);
    let deployed = Deployed {
        lambda: aws_sdk_lambda::Client::from_conf(lambda_config),
        s3: code24_store_aws::s3_client(&aws),
        sfn: aws_sdk_sfn::Client::new(&aws),
        status: DynamoDbStatusStore::new(dynamodb.clone(), get("STATUS_TABLE")),
        dynamodb,
        table: get("STATUS_TABLE"),
        analytics_table: get("ANALYTICS_TABLE"),
        bucket: get("SITE_BUCKET"),
        state_machine_arn: get("BUILD_STATE_MACHINE_ARN"),
        optimize_state_machine_arn: get("OPTIMIZE_STATE_MACHINE_ARN"),
    };
    deployed.create_resources().await;
    deployed
}

impl Deployed {
    async fn create_resources(&self) {
        DynamoDbStatusStore::create_table(&self.dynamodb, &self.table)
            .await
            .unwrap();
        code24_store_aws::DynamoDbAnalyticsStore::create_table(
            &self.dynamodb,
            &self.analytics_table,
        )
        .await
        .unwrap();
        let bucket = self.s3.create_bucket().bucket(&self.bucket).send().await;
        if let Err(e) = bucket {
            let exists = e.as_service_error().is_some_and(|e| {
                e.is_bucket_already_owned_by_you() || e.is_bucket_already_exists()
            });
            assert!(exists, "CreateBucket: {e:?}");
        }
        let build = include_str!("../../../../infra/statemachines/build.asl.json");
        let optimize = include_str!("../../../../infra/statemachines/optimize.asl.json");
        self.create_state_machine(build, &self.state_machine_arn)
            .await;
        self.create_state_machine(optimize, &self.optimize_state_machine_arn)
            .await;
    }

    /// Creates a state machine from an ASL file with the functions' ARNs, as `sam deploy`
    /// does with DefinitionSubstitutions (or finds it created).
    async fn create_state_machine(&self, text: &str, arn: &str) {
        let substitutions: HashMap<String, String> = Step::ALL
            .iter()
            .map(|s| (s.substitution_key(), function_arn(*s)))
            .collect();
        let definition = code24_asl::substitute(text, &substitutions).unwrap();
        let name = arn.rsplit(':').next().unwrap().to_string();
        let role = format!("arn:aws:iam::{ACCOUNT}:role/{name}");
        let created = self
            .sfn
            .create_state_machine()
            .name(&name)
            .definition(&definition)
            .role_arn(&role)
            .r#type(aws_sdk_sfn::types::StateMachineType::Standard)
            .send()
            .await;
        match created {
            Ok(out) => assert_eq!(out.state_machine_arn, arn),
            Err(e) => {
                let exists = e
                    .as_service_error()
                    .is_some_and(|e| e.is_state_machine_already_exists());
                assert!(exists, "CreateStateMachine: {e:?}");
            }
        }
    }

    /// Invokes a function by ARN, as Step Functions and API Gateway do. A function error
    /// is `Err((errorType, payload))`.
    pub async fn invoke(&self, function: &str, payload: &Value) -> Result<Value, (String, Value)> {
        let out = self
            .lambda
            .invoke()
            .function_name(format!(
                "arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function}"
            ))
            .payload(Blob::new(payload.to_string()))
            .send()
            .await
            .unwrap_or_else(|e| panic!("Invoke {function}: {e:?}"));
        let body: Value = out
            .payload()
            .map(|b| serde_json::from_slice(b.as_ref()).unwrap())
            .unwrap_or(Value::Null);
        match out.function_error() {
            Some(_) => Err((body["errorType"].as_str().unwrap_or("").to_string(), body)),
            None => Ok(body),
        }
    }

    /// One request to the `api` function as an API Gateway HTTP API (payload 2.0) event:
    /// the status code and the JSON body of its answer.
    pub async fn call_api(
        &self,
        method: &str,
        path: &str,
        idempotency_key: Option<&str>,
        body: &[u8],
    ) -> (u16, Value) {
        let mut event: Value =
            serde_json::from_str(include_str!("../../../../events/api-trigger-build.json"))
                .unwrap();
        let mut headers = json!({"content-type": "application/json"});
        if let Some(key) = idempotency_key {
            headers["idempotency-key"] = json!(key);
        }
        event["headers"] = headers;
        event["rawPath"] = json!(path);
        event["routeKey"] = json!("$default");
        event["requestContext"]["http"]["method"] = json!(method);
        event["requestContext"]["http"]["path"] = json!(path);
        event["body"] = json!(String::from_utf8(body.to_vec()).unwrap());
        let response = self
            .invoke("code24-api", &event)
            .await
            .unwrap_or_else(|e| panic!("the api function failed: {e:?}"));
        let status = response["statusCode"].as_u64().unwrap() as u16;
        if status == 303 {
            let location = response["headers"]["location"].as_str().unwrap_or_default();
            assert!(
                location.ends_with("/thanks.html"),
                "a redirect to {location:?}"
            );
        }
        assert_eq!(
            response["headers"]["content-type"], "application/json",
            "{response}"
        );
        let body = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
        (status, body)
    }

    /// The site routes' stores on moto, as the `api` function builds them.
    pub fn site_services(&self) -> code24_api::SiteServices {
        code24_api::SiteServices {
            sites: std::sync::Arc::new(code24_store_aws::S3SiteStore::new(
                self.s3.clone(),
                self.dynamodb.clone(),
                &self.bucket,
                &self.table,
            )),
            analytics: std::sync::Arc::new(code24_store_aws::DynamoDbAnalyticsStore::new(
                self.dynamodb.clone(),
                &self.analytics_table,
            )),
            artifacts: std::sync::Arc::new(code24_store_aws::S3ArtifactStore::new(
                self.s3.clone(),
                &self.bucket,
            )),
            site_base_url: "https://sites.example.test".into(),
        }
    }

    /// Polls `GET /status/{id}` through the api function until the workflow has ended.
    pub async fn wait_for_end(&self, id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            let (code, body) = self
                .call_api("GET", &format!("/status/{id}"), None, b"")
                .await;
            assert_eq!(code, 200, "{body}");
            if body["status"] != "running" {
                return body;
            }
            assert!(Instant::now() < deadline, "{id} still running: {body}");
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    pub async fn record(&self, id: &str) -> WorkflowRecord {
        self.status
            .get(id)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no record for {id}"))
    }

    /// Every object key under `prefix` in the site bucket.
    pub async fn keys(&self, prefix: &str) -> Vec<String> {
        let out = self
            .s3
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .send()
            .await
            .unwrap();
        out.contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_string))
            .collect()
    }

    /// An object of the site bucket: its content type and its text.
    pub async fn object(&self, key: &str) -> (String, String) {
        let out = self
            .s3
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GetObject {key}: {e:?}"));
        let content_type = out.content_type().unwrap_or_default().to_string();
        let bytes = out.body.collect().await.unwrap().into_bytes();
        (content_type, String::from_utf8(bytes.to_vec()).unwrap())
    }

    /// The execution named `workflow_id`, once it has stopped running.
    pub async fn finished_execution(
        &self,
        workflow_id: &str,
    ) -> aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput {
        let arn = self.execution_arn(workflow_id);
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            let out = self
                .sfn
                .describe_execution()
                .execution_arn(&arn)
                .send()
                .await
                .unwrap();
            if out.status != aws_sdk_sfn::types::ExecutionStatus::Running {
                return out;
            }
            assert!(Instant::now() < deadline, "{workflow_id} still running");
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    pub fn execution_arn(&self, workflow_id: &str) -> String {
        format!(
            "{}:{workflow_id}",
            self.state_machine_arn
                .replacen(":stateMachine:", ":execution:", 1)
        )
    }

    /// The names of the states a finished execution entered, in order.
    pub async fn states_entered(&self, workflow_id: &str) -> Vec<String> {
        let history = self
            .sfn
            .get_execution_history()
            .execution_arn(self.execution_arn(workflow_id))
            .max_results(1000)
            .send()
            .await
            .unwrap();
        history
            .events()
            .iter()
            .filter_map(|e| e.state_entered_event_details())
            .map(|d| d.name().to_string())
            .collect()
    }

    pub async fn item_count(&self) -> i32 {
        let out = self
            .dynamodb
            .scan()
            .table_name(&self.table)
            .select(aws_sdk_dynamodb::types::Select::Count)
            .send()
            .await
            .unwrap();
        out.count()
    }

    /// The names of the build state machine's executions.
    pub async fn execution_names(&self) -> Vec<String> {
        self.executions_of(&self.state_machine_arn).await
    }

    /// The names of one state machine's executions.
    pub async fn executions_of(&self, state_machine_arn: &str) -> Vec<String> {
        let out = self
            .sfn
            .list_executions()
            .state_machine_arn(state_machine_arn)
            .max_results(1000)
            .send()
            .await
            .unwrap();
        out.executions().iter().map(|e| e.name.clone()).collect()
    }

    pub async fn execution_count(&self) -> usize {
        self.execution_names().await.len()
    }
}

/// A sample brief from `shared/briefs/` (or the copy in `examples/briefs/`).
pub fn sample_brief(name: &str) -> Value {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    for dir in ["../shared/briefs", "examples/briefs"] {
        let path = format!("{root}/{dir}/{name}.json");
        if let Ok(text) = std::fs::read_to_string(&path) {
            return serde_json::from_str(&text).unwrap();
        }
    }
    panic!("no sample brief {name}")
}
