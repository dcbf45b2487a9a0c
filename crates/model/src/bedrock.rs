//! Amazon Bedrock's Converse API through the AWS SDK. The answer's schema is the input
//! schema of one tool that the model is made to call (`toolChoice`), so the tool call's
//! input is the structured answer. Throttling and server errors are retried by the SDK's
//! standard retry strategy, configured from the [`RetryPolicy`].

use crate::{
    ModelBackend, ModelError, ModelReply, ModelRequest, RetryPolicy, Role, StopReason, Usage,
};
use async_trait::async_trait;
use aws_sdk_bedrockruntime::error::SdkError;
use aws_sdk_bedrockruntime::operation::converse::ConverseError;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ConversationRole, ConverseOutput, InferenceConfiguration, Message,
    SpecificToolChoice, StopReason as BedrockStop, SystemContentBlock, Tool, ToolChoice,
    ToolConfiguration, ToolInputSchema, ToolSpecification,
};
use aws_smithy_types::{Document, Number};
use serde_json::Value;

pub struct BedrockBackend {
    client: aws_sdk_bedrockruntime::Client,
    model: String,
    attempts: u32,
    id: String,
}

impl BedrockBackend {
    /// A client for `model_id` from an SDK configuration (region, credentials, and for
    /// tests an endpoint override), with the retry policy's attempts and backoff.
    pub fn new(sdk: &aws_config::SdkConfig, model_id: &str, retry: RetryPolicy) -> BedrockBackend {
        let retry_config = aws_config::retry::RetryConfig::standard()
            .with_max_attempts(retry.attempts.max(1))
            .with_initial_backoff(retry.first_backoff);
        let config = aws_sdk_bedrockruntime::config::Builder::from(sdk)
            .retry_config(retry_config)
            .build();
        BedrockBackend {
            client: aws_sdk_bedrockruntime::Client::from_conf(config),
            model: model_id.to_string(),
            attempts: retry.attempts.max(1),
            id: format!("bedrock:{model_id}"),
        }
    }

    fn error(&self, e: SdkError<ConverseError>) -> ModelError {
        let attempts = self.attempts;
        let message = match &e {
            SdkError::ServiceError(se) => se
                .err()
                .meta()
                .message()
                .map(str::to_string)
                .unwrap_or_else(|| format!("{:?}", se.err())),
            other => other.to_string(),
        };
        let status = e.raw_response().map(|r| r.status().as_u16());
        match e.as_service_error() {
            Some(ConverseError::ThrottlingException(_)) => {
                ModelError::Throttled { attempts, message }
            }
            Some(
                ConverseError::InternalServerException(_)
                | ConverseError::ServiceUnavailableException(_)
                | ConverseError::ModelNotReadyException(_)
                | ConverseError::ModelTimeoutException(_),
            ) => ModelError::Unavailable { attempts, message },
            Some(_) if status.is_some_and(|s| s >= 500) => {
                ModelError::Unavailable { attempts, message }
            }
            Some(_) => ModelError::Rejected {
                status: status.unwrap_or(400),
                message,
            },
            None => match e {
                SdkError::DispatchFailure(_)
                | SdkError::TimeoutError(_)
                | SdkError::ResponseError(_) => ModelError::Unavailable { attempts, message },
                _ => ModelError::Rejected {
                    status: status.unwrap_or(0),
                    message,
                },
            },
        }
    }
}

/// A JSON value as a Smithy document (the SDK's type for free-form JSON).
pub fn to_document(value: &Value) -> Document {
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Document::Number(Number::PosInt(u)),
            (_, Some(i), _) => Document::Number(Number::NegInt(i)),
            (_, _, f) => Document::Number(Number::Float(f.unwrap_or(0.0))),
        },
        Value::String(s) => Document::String(s.clone()),
        Value::Array(items) => Document::Array(items.iter().map(to_document).collect()),
        Value::Object(map) => Document::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), to_document(v)))
                .collect(),
        ),
    }
}

/// A Smithy document as JSON.
pub fn from_document(document: &Document) -> Value {
    match document {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(Number::PosInt(u)) => Value::from(*u),
        Document::Number(Number::NegInt(i)) => Value::from(*i),
        Document::Number(Number::Float(f)) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        Document::String(s) => Value::String(s.clone()),
        Document::Array(items) => Value::Array(items.iter().map(from_document).collect()),
        Document::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), from_document(v)))
                .collect(),
        ),
    }
}

fn build<T, E: std::fmt::Display>(result: Result<T, E>) -> Result<T, ModelError> {
    result.map_err(|e| ModelError::Config(format!("Bedrock request: {e}")))
}

#[async_trait]
impl ModelBackend for BedrockBackend {
    fn model_id(&self) -> &str {
        &self.id
    }

    async fn answer(&self, request: &ModelRequest) -> Result<ModelReply, ModelError> {
        let mut messages = Vec::with_capacity(request.messages.len());
        for m in &request.messages {
            let role = match m.role {
                Role::User => ConversationRole::User,
                Role::Assistant => ConversationRole::Assistant,
            };
            messages.push(build(
                Message::builder()
                    .role(role)
                    .content(ContentBlock::Text(m.text.clone()))
                    .build(),
            )?);
        }
        let tool = Tool::ToolSpec(build(
            ToolSpecification::builder()
                .name(&request.schema_name)
                .description("Give your whole answer as this tool's input.")
                .input_schema(ToolInputSchema::Json(to_document(&request.schema)))
                .build(),
        )?);
        let choice = ToolChoice::Tool(build(
            SpecificToolChoice::builder()
                .name(&request.schema_name)
                .build(),
        )?);
        let tools = build(
            ToolConfiguration::builder()
                .tools(tool)
                .tool_choice(choice)
                .build(),
        )?;
        let max_tokens = i32::try_from(request.max_tokens).unwrap_or(i32::MAX);
        let out = self
            .client
            .converse()
            .model_id(&self.model)
            .system(SystemContentBlock::Text(request.system.clone()))
            .set_messages(Some(messages))
            .inference_config(
                InferenceConfiguration::builder()
                    .max_tokens(max_tokens)
                    .build(),
            )
            .tool_config(tools)
            .send()
            .await
            .map_err(|e| self.error(e))?;
        let mut text = String::new();
        if let Some(ConverseOutput::Message(message)) = out.output() {
            let tool_input = message.content().iter().find_map(|block| match block {
                ContentBlock::ToolUse(call) => Some(from_document(call.input()).to_string()),
                _ => None,
            });
            text = tool_input.unwrap_or_else(|| {
                message
                    .content()
                    .iter()
                    .filter_map(|block| block.as_text().ok().cloned())
                    .collect::<Vec<_>>()
                    .join("")
            });
        }
        let stop = match out.stop_reason() {
            BedrockStop::EndTurn | BedrockStop::ToolUse | BedrockStop::StopSequence => {
                StopReason::Complete
            }
            BedrockStop::MaxTokens => StopReason::MaxTokens,
            other => StopReason::Other(other.as_str().to_string()),
        };
        let usage = out
            .usage()
            .map(|u| Usage {
                input_tokens: u.input_tokens().max(0) as u64,
                output_tokens: u.output_tokens().max(0) as u64,
            })
            .unwrap_or_default();
        Ok(ModelReply { text, stop, usage })
    }
}
