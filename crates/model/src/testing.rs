//! Local servers that speak the models' wire protocols, for tests: the OpenAI
//! chat-completions API and Bedrock's Converse REST API (reached through the real SDK
//! with an endpoint override). Each plays a script of replies, then answers every
//! further request from a table of recorded answers keyed by the requested schema name.
//! Built only with the `testing` feature.

use crate::bedrock::BedrockBackend;
use crate::openai::OpenAiBackend;
use crate::{ModelBackend, RetryPolicy};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    OpenAi,
    Bedrock,
}

/// One scripted reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// An answer: its text (JSON, or not), whether it was cut off, and token counts.
    Answer {
        text: String,
        truncated: bool,
        input_tokens: u64,
        output_tokens: u64,
    },
    /// An HTTP error: status, error type (Bedrock's `x-amzn-ErrorType`) and message.
    Error {
        status: u16,
        error_type: String,
        message: String,
    },
}

impl Reply {
    /// A complete answer, with token counts estimated from the text (4 bytes a token).
    pub fn answer(text: impl Into<String>, prompt_bytes: usize) -> Reply {
        let text = text.into();
        Reply::Answer {
            input_tokens: (prompt_bytes / 4) as u64 + 1,
            output_tokens: (text.len() / 4) as u64 + 1,
            text,
            truncated: false,
        }
    }

    pub fn throttled() -> Reply {
        Reply::Error {
            status: 429,
            error_type: "ThrottlingException".into(),
            message: "Too many requests, please wait before trying again.".into(),
        }
    }

    pub fn server_error() -> Reply {
        Reply::Error {
            status: 500,
            error_type: "InternalServerException".into(),
            message: "The server had an error processing your request.".into(),
        }
    }
}

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub body: Value,
    /// The schema (tool) name the request asked for.
    pub schema_name: String,
}

#[derive(Default)]
struct State {
    script: VecDeque<Reply>,
    /// Scripts for one schema name, played before the shared script.
    scripts_for: HashMap<String, VecDeque<Reply>>,
    /// Answers by schema name, used when the script is empty.
    recorded: HashMap<String, String>,
    /// Replies to repeat forever once the script is empty (e.g. 500 forever).
    forever: Option<Reply>,
    received: Vec<Received>,
}

/// A running model server on 127.0.0.1.
pub struct ModelServer {
    pub protocol: Protocol,
    /// `http://127.0.0.1:PORT` (OpenAI: add `/v1`).
    pub endpoint: String,
    state: Arc<Mutex<State>>,
}

impl ModelServer {
    pub async fn start(protocol: Protocol) -> ModelServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let endpoint = format!("http://{}", listener.local_addr().expect("local address"));
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    if let Some((path, body)) = read_request(&mut socket).await {
                        let response = respond(protocol, &state, &path, &body);
                        let _ = socket.write_all(response.as_bytes()).await;
                        let _ = socket.shutdown().await;
                    }
                });
            }
        });
        ModelServer {
            protocol,
            endpoint,
            state,
        }
    }

    /// The base URL for [`crate::openai::OpenAiBackend`].
    pub fn openai_base_url(&self) -> String {
        format!("{}/v1", self.endpoint)
    }

    /// A backend of this server's protocol pointed at it: `openai:test-model`, or
    /// `bedrock:amazon.nova-pro-v1:0` through the AWS SDK with test credentials.
    pub async fn backend(&self, retry: RetryPolicy) -> Arc<dyn ModelBackend> {
        match self.protocol {
            Protocol::OpenAi => Arc::new(
                OpenAiBackend::new(
                    "test-model",
                    &self.openai_base_url(),
                    Some("sk-test".into()),
                    retry,
                )
                .expect("an HTTP client"),
            ),
            Protocol::Bedrock => {
                let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
                    .endpoint_url(&self.endpoint)
                    .region(aws_config::Region::new("us-east-1"))
                    .credentials_provider(aws_sdk_bedrockruntime::config::Credentials::new(
                        "test", "test", None, None, "test",
                    ))
                    .load()
                    .await;
                Arc::new(BedrockBackend::new(&sdk, "amazon.nova-pro-v1:0", retry))
            }
        }
    }

    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.lock().script.extend(replies);
    }

    /// Replies for requests that ask for `schema_name` only.
    pub fn script_for(&self, schema_name: &str, replies: impl IntoIterator<Item = Reply>) {
        self.lock()
            .scripts_for
            .entry(schema_name.to_string())
            .or_default()
            .extend(replies);
    }

    pub fn record(&self, schema_name: &str, answer: &Value) {
        self.lock()
            .recorded
            .insert(schema_name.to_string(), answer.to_string());
    }

    pub fn forever(&self, reply: Reply) {
        self.lock().forever = Some(reply);
    }

    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).to_string();
    let path = head.split_whitespace().nth(1)?.to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    Some((path, buffer[header_end..].to_vec()))
}

fn schema_name(protocol: Protocol, body: &Value) -> String {
    let name = match protocol {
        Protocol::OpenAi => &body["response_format"]["json_schema"]["name"],
        Protocol::Bedrock => &body["toolConfig"]["tools"][0]["toolSpec"]["name"],
    };
    name.as_str().unwrap_or_default().to_string()
}

fn respond(protocol: Protocol, state: &Mutex<State>, path: &str, body: &[u8]) -> String {
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let name = schema_name(protocol, &request);
    let reply = {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        state.received.push(Received {
            path: path.to_string(),
            body: request.clone(),
            schema_name: name.clone(),
        });
        let recorded = state.recorded.get(&name).cloned();
        let scripted = state
            .scripts_for
            .get_mut(&name)
            .and_then(VecDeque::pop_front);
        scripted
            .or_else(|| state.script.pop_front())
            .or_else(|| state.forever.clone())
            .or_else(|| recorded.map(|text| Reply::answer(text, body.len())))
            .unwrap_or_else(|| Reply::Error {
                status: 400,
                error_type: "ValidationException".into(),
                message: format!("no recorded answer for '{name}'"),
            })
    };
    let (status, headers, payload) = match (protocol, reply) {
        (
            Protocol::OpenAi,
            Reply::Answer {
                text,
                truncated,
                input_tokens,
                output_tokens,
            },
        ) => (
            200,
            String::new(),
            json!({
                "id": "chatcmpl-test", "object": "chat.completion", "model": request["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                             "finish_reason": if truncated { "length" } else { "stop" }}],
                "usage": {"prompt_tokens": input_tokens, "completion_tokens": output_tokens,
                          "total_tokens": input_tokens + output_tokens}
            }),
        ),
        (
            Protocol::Bedrock,
            Reply::Answer {
                text,
                truncated,
                input_tokens,
                output_tokens,
            },
        ) => {
            let content = match serde_json::from_str::<Value>(&text) {
                Ok(input) if input.is_object() && !truncated => {
                    json!([{"toolUse": {"toolUseId": "tooluse_test", "name": name, "input": input}}])
                }
                _ => json!([{"text": text}]),
            };
            (
                200,
                String::new(),
                json!({
                    "output": {"message": {"role": "assistant", "content": content}},
                    "stopReason": if truncated { "max_tokens" } else { "tool_use" },
                    "usage": {"inputTokens": input_tokens, "outputTokens": output_tokens,
                              "totalTokens": input_tokens + output_tokens},
                    "metrics": {"latencyMs": 42}
                }),
            )
        }
        (
            Protocol::OpenAi,
            Reply::Error {
                status, message, ..
            },
        ) => (
            status,
            String::new(),
            json!({"error": {"message": message, "type": "server_error", "code": null}}),
        ),
        (
            Protocol::Bedrock,
            Reply::Error {
                status,
                error_type,
                message,
            },
        ) => (
            status,
            format!("x-amzn-ErrorType: {error_type}\r\n"),
            json!({"message": message}),
        ),
    };
    let payload = payload.to_string();
    format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-amzn-RequestId: test-request\r\nconnection: close\r\n{headers}\r\n{payload}",
        if status == 200 { "OK" } else { "Error" },
        payload.len()
    )
}
