//! Any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, llama.cpp server,
//! Ollama): `POST {base}/chat/completions` with `response_format` set to the answer's
//! JSON schema. 429 and 5xx (and connection failures) are retried with backoff, honouring
//! `Retry-After`; any other 4xx is a rejected request.

use crate::{
    ModelBackend, ModelError, ModelReply, ModelRequest, RetryPolicy, Role, StopReason, Usage,
};
use async_trait::async_trait;
use serde_json::{json, Value};
use std::time::Duration;

pub struct OpenAiBackend {
    http: reqwest::Client,
    model: String,
    base_url: String,
    api_key: Option<String>,
    retry: RetryPolicy,
    id: String,
}

impl OpenAiBackend {
    /// `base_url` is the API root, e.g. `https://api.openai.com/v1` or
    /// `http://127.0.0.1:8080/v1`.
    pub fn new(
        model: &str,
        base_url: &str,
        api_key: Option<String>,
        retry: RetryPolicy,
    ) -> Result<OpenAiBackend, ModelError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(300))
            .build()
            .map_err(|e| ModelError::Config(format!("HTTP client: {e}")))?;
        Ok(OpenAiBackend {
            http,
            model: model.to_string(),
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key,
            retry,
            id: format!("openai:{model}"),
        })
    }

    fn body(&self, request: &ModelRequest) -> Value {
        let mut messages = vec![json!({"role": "system", "content": request.system})];
        for m in &request.messages {
            let role = match m.role {
                Role::User => "user",
                Role::Assistant => "assistant",
            };
            messages.push(json!({"role": role, "content": m.text}));
        }
        json!({
            "model": self.model,
            "messages": messages,
            "max_tokens": request.max_tokens,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": request.schema_name, "schema": request.schema},
            },
        })
    }
}

/// The `error.message` of an OpenAI-style error body, or the body itself.
fn error_message(body: &str) -> String {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| body.chars().take(300).collect())
}

fn parse_reply(body: &str) -> Result<ModelReply, ModelError> {
    let v: Value = serde_json::from_str(body)
        .map_err(|e| ModelError::Stopped(format!("the response is not JSON: {e}")))?;
    let choice = &v["choices"][0];
    let text = choice["message"]["content"]
        .as_str()
        .ok_or_else(|| {
            ModelError::Stopped("the response has no choices[0].message.content".into())
        })?
        .to_string();
    let stop = match choice["finish_reason"].as_str() {
        Some("stop") | None => StopReason::Complete,
        Some("length") => StopReason::MaxTokens,
        Some(other) => StopReason::Other(other.to_string()),
    };
    let usage = Usage {
        input_tokens: v["usage"]["prompt_tokens"].as_u64().unwrap_or(0),
        output_tokens: v["usage"]["completion_tokens"].as_u64().unwrap_or(0),
    };
    Ok(ModelReply { text, stop, usage })
}

#[async_trait]
impl ModelBackend for OpenAiBackend {
    fn model_id(&self) -> &str {
        &self.id
    }

    async fn answer(&self, request: &ModelRequest) -> Result<ModelReply, ModelError> {
        let url = format!("{}/chat/completions", self.base_url);
        let body = self.body(request).to_string();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut call = self
                .http
                .post(&url)
                .header("content-type", "application/json")
                .body(body.clone());
            if let Some(key) = &self.api_key {
                call = call.bearer_auth(key);
            }
            let (retryable, wait, failure) = match call.send().await {
                Err(e) => (
                    true,
                    None,
                    ModelError::Unavailable {
                        attempts: attempt,
                        message: e.to_string(),
                    },
                ),
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(|s| Duration::from_secs(s.min(20)));
                    let text = response.text().await.unwrap_or_default();
                    match status {
                        200..=299 => return parse_reply(&text),
                        429 => (
                            true,
                            retry_after,
                            ModelError::Throttled {
                                attempts: attempt,
                                message: error_message(&text),
                            },
                        ),
                        500..=599 => (
                            true,
                            retry_after,
                            ModelError::Unavailable {
                                attempts: attempt,
                                message: format!("HTTP {status}: {}", error_message(&text)),
                            },
                        ),
                        _ => (
                            false,
                            None,
                            ModelError::Rejected {
                                status,
                                message: error_message(&text),
                            },
                        ),
                    }
                }
            };
            if !retryable || attempt >= self.retry.attempts {
                return Err(failure);
            }
            let delay = wait.unwrap_or_else(|| self.retry.retry_delay(attempt + 1));
            tokio::time::sleep(delay).await;
        }
    }
}
