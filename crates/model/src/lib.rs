//! Language models for the workers. [`ModelBackend`] is the one small trait: a system
//! prompt, a conversation and a JSON schema in; the answer's JSON text, why the model
//! stopped, and token usage out. Two real implementations: Amazon Bedrock's Converse API
//! ([`bedrock::BedrockBackend`], structured output through a forced tool call) and any
//! OpenAI-compatible chat-completions endpoint ([`openai::OpenAiBackend`],
//! `response_format` with a JSON schema). [`generate`] turns an answer into a typed,
//! validated value, asking at most twice more with the validation errors quoted.
//!
//! Invariants: a truncated answer is never used; throttling and server errors are retried
//! with backoff inside the call, and what is left over is an error whose
//! [`ModelError::error_name`] tells Step Functions' Retry (throttling, unavailability)
//! from Catch (invalid or truncated answers, rejected requests).

pub mod bedrock;
pub mod openai;
mod spec;
#[cfg(feature = "testing")]
pub mod testing;

pub use schemars::JsonSchema;
pub use spec::{backend_from_setting, backend_from_spec, ModelSpec};

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Who said a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub role: Role,
    pub text: String,
}

/// One request for a structured answer.
#[derive(Debug, Clone)]
pub struct ModelRequest {
    pub system: String,
    pub messages: Vec<Message>,
    /// A short identifier for the answer's shape (the tool or schema name).
    pub schema_name: String,
    /// The JSON schema the answer must follow.
    pub schema: serde_json::Value,
    pub max_tokens: u32,
}

/// Why the model stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopReason {
    /// The answer is complete.
    Complete,
    /// The answer hit the token limit and is cut off.
    MaxTokens,
    /// Anything else the backend reported (content filtered, ...).
    Other(String),
}

/// Tokens a call used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl Usage {
    fn add(&mut self, other: Usage) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
    }
}

/// One answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelReply {
    /// The answer as JSON text (not yet parsed: a model can write malformed JSON).
    pub text: String,
    pub stop: StopReason,
    pub usage: Usage,
}

/// Why a model call failed, after the retries inside the call.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("the model is throttling requests after {attempts} attempts: {message}")]
    Throttled { attempts: u32, message: String },
    #[error("the model service is unavailable after {attempts} attempts: {message}")]
    Unavailable { attempts: u32, message: String },
    #[error("the model service rejected the request (HTTP {status}): {message}")]
    Rejected { status: u16, message: String },
    #[error("the answer was cut off at the token limit ({output_tokens} tokens)")]
    Truncated { output_tokens: u64 },
    #[error("the model stopped without a usable answer: {0}")]
    Stopped(String),
    #[error("no valid answer after {attempts} attempts: {}", errors.join("; "))]
    InvalidAnswer { attempts: u32, errors: Vec<String> },
    #[error("model configuration: {0}")]
    Config(String),
}

impl ModelError {
    /// The error name a step fails with: Retry matches the first two, Catch the rest.
    pub fn error_name(&self) -> &'static str {
        match self {
            ModelError::Throttled { .. } => "Code24.ModelThrottled",
            ModelError::Unavailable { .. } => "Code24.ModelUnavailable",
            ModelError::Truncated { .. } => "Code24.ModelTruncated",
            ModelError::InvalidAnswer { .. } | ModelError::Stopped(_) => {
                "Code24.ModelInvalidAnswer"
            }
            ModelError::Rejected { .. } | ModelError::Config(_) => "Code24.ModelRejected",
        }
    }
}

/// Retries inside one call: attempts in all, and the first backoff (doubled each time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub first_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            first_backoff: Duration::from_millis(500),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `attempt` (1-based; attempt 1 does not wait).
    pub fn retry_delay(&self, attempt: u32) -> Duration {
        if attempt <= 1 {
            return Duration::ZERO;
        }
        self.first_backoff * 2u32.saturating_pow(attempt - 2)
    }
}

/// A language model that answers with JSON following a schema.
#[async_trait]
pub trait ModelBackend: Send + Sync {
    /// What the status output and cost estimate call this model, e.g. `bedrock:amazon.nova-pro-v1:0`.
    fn model_id(&self) -> &str;
    async fn answer(&self, request: &ModelRequest) -> Result<ModelReply, ModelError>;
}

/// What a worker asks for: instructions, the prompt with everything it knows, and a limit.
#[derive(Debug, Clone)]
pub struct Task {
    pub system: String,
    pub prompt: String,
    pub max_tokens: u32,
}

/// A validated answer and what it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated<T> {
    pub value: T,
    pub usage: Usage,
    /// Requests made: 1, or more when answers had to be repaired.
    pub requests: u32,
    pub latency: Duration,
    pub model_id: String,
}

/// Follow-up requests allowed to repair an invalid answer.
pub const MAX_REPAIRS: u32 = 2;

/// The JSON schema of `T`, as sent to the model (without the `$schema` dialect marker,
/// which some endpoints refuse inside a tool or response-format schema).
pub fn schema_of<T: JsonSchema>() -> serde_json::Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(T)).unwrap_or(serde_json::Value::Null);
    if let Some(fields) = schema.as_object_mut() {
        fields.remove("$schema");
    }
    schema
}

/// Asks for a `T`: the answer must be JSON of `T`'s schema that `check` (the domain's
/// rules) accepts. An invalid answer is sent back with its errors, at most
/// [`MAX_REPAIRS`] times; a truncated answer is an error at once.
pub async fn generate<T, F>(
    backend: &dyn ModelBackend,
    task: &Task,
    check: F,
) -> Result<Generated<T>, ModelError>
where
    T: DeserializeOwned + JsonSchema,
    F: Fn(&T) -> Vec<String>,
{
    let started = std::time::Instant::now();
    let schema_name = std::any::type_name::<T>()
        .rsplit("::")
        .next()
        .unwrap_or("answer")
        .to_string();
    let mut request = ModelRequest {
        system: task.system.clone(),
        messages: vec![Message {
            role: Role::User,
            text: task.prompt.clone(),
        }],
        schema_name,
        schema: schema_of::<T>(),
        max_tokens: task.max_tokens,
    };
    let mut usage = Usage::default();
    let mut requests = 0;
    loop {
        let reply = backend.answer(&request).await?;
        requests += 1;
        usage.add(reply.usage);
        match reply.stop {
            StopReason::Complete => {}
            StopReason::MaxTokens => {
                return Err(ModelError::Truncated {
                    output_tokens: reply.usage.output_tokens,
                })
            }
            StopReason::Other(why) => return Err(ModelError::Stopped(why)),
        }
        let errors = match serde_json::from_str::<T>(&reply.text) {
            Ok(value) => {
                let errors = check(&value);
                if errors.is_empty() {
                    return Ok(Generated {
                        value,
                        usage,
                        requests,
                        latency: started.elapsed(),
                        model_id: backend.model_id().to_string(),
                    });
                }
                errors
            }
            Err(e) => vec![format!("the answer is not valid JSON of the schema: {e}")],
        };
        if requests > MAX_REPAIRS {
            return Err(ModelError::InvalidAnswer {
                attempts: requests,
                errors,
            });
        }
        let list: String = errors.iter().map(|e| format!("\n- {e}")).collect();
        request.messages.push(Message {
            role: Role::Assistant,
            text: reply.text,
        });
        request.messages.push(Message {
            role: Role::User,
            text: format!(
                "That answer was not accepted:{list}\nAnswer again with the whole corrected JSON object, following the schema."
            ),
        });
    }
}
