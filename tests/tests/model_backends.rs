//! Both model backends against local servers that speak their wire protocols (Bedrock
//! Converse through the real AWS SDK with an endpoint override; OpenAI chat completions
//! over HTTP), with recorded answers: a good answer, malformed JSON then a good repair,
//! schema violations, a truncated answer, 429 then success, and 500 forever.

use code24_model::testing::{ModelServer, Protocol, Reply};
use code24_model::{generate, ModelBackend, ModelError, RetryPolicy, Task};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
struct Slogan {
    tagline: String,
    words: Vec<String>,
}

fn check(s: &Slogan) -> Vec<String> {
    let mut errors = Vec::new();
    if s.tagline.split_whitespace().count() > 8 {
        errors.push(format!("tagline: '{}' has more than 8 words", s.tagline));
    }
    if s.words.len() < 2 {
        errors.push("words: give at least 2".into());
    }
    errors
}

const RETRY: RetryPolicy = RetryPolicy {
    attempts: 4,
    first_backoff: Duration::from_millis(20),
};

async fn backend(server: &ModelServer) -> Arc<dyn ModelBackend> {
    server.backend(RETRY).await
}

fn task() -> Task {
    Task {
        system: "You write taglines for small businesses.".into(),
        prompt: "A tagline for Crumb & Co., a sourdough bakery in Leeds.".into(),
        max_tokens: 400,
    }
}

const GOOD: &str = r#"{"tagline": "Slow bread, baked for Leeds", "words": ["warm", "local"]}"#;

async fn each_protocol<F, Fut>(test: F)
where
    F: Fn(ModelServer) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for protocol in [Protocol::OpenAi, Protocol::Bedrock] {
        test(ModelServer::start(protocol).await).await;
    }
}

#[tokio::test]
async fn a_good_answer_is_one_request_with_its_usage() {
    each_protocol(|server| async move {
        server.script([Reply::answer(GOOD, 800)]);
        let model = backend(&server).await;
        let out = generate::<Slogan, _>(model.as_ref(), &task(), check)
            .await
            .unwrap();
        assert_eq!(out.value.tagline, "Slow bread, baked for Leeds");
        assert_eq!(out.requests, 1);
        assert_eq!(out.usage.input_tokens, 201);
        assert_eq!(out.usage.output_tokens, (GOOD.len() / 4) as u64 + 1);
        let received = server.received();
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].schema_name, "Slogan");
        match server.protocol {
            Protocol::OpenAi => {
                assert_eq!(received[0].path, "/v1/chat/completions");
                assert_eq!(received[0].body["model"], "test-model");
                assert_eq!(received[0].body["response_format"]["type"], "json_schema");
                let schema = &received[0].body["response_format"]["json_schema"]["schema"];
                assert!(schema["properties"]["tagline"].is_object(), "{schema}");
                assert_eq!(schema["additionalProperties"], false, "{schema}");
                assert!(schema.get("$schema").is_none(), "{schema}");
            }
            Protocol::Bedrock => {
                assert_eq!(received[0].path, "/model/amazon.nova-pro-v1%3A0/converse");
                assert_eq!(
                    received[0].body["toolConfig"]["toolChoice"]["tool"]["name"],
                    "Slogan"
                );
                assert_eq!(received[0].body["inferenceConfig"]["maxTokens"], 400);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn malformed_json_is_repaired_with_the_error_quoted() {
    each_protocol(|server| async move {
        server.script([
            Reply::answer(
                r#"{"tagline": "Slow bread, baked for Leeds", "words": ["warm""#,
                800,
            ),
            Reply::answer(GOOD, 900),
        ]);
        let model = backend(&server).await;
        let out = generate::<Slogan, _>(model.as_ref(), &task(), check)
            .await
            .unwrap();
        assert_eq!(out.requests, 2);
        assert_eq!(out.value.words, ["warm", "local"]);
        let repair = server.received()[1].body.to_string();
        assert!(repair.contains("not valid JSON"), "{repair}");
        assert!(repair.contains("That answer was not accepted"), "{repair}");
    })
    .await;
}

#[tokio::test]
async fn schema_violations_end_after_two_repairs_as_an_invalid_answer() {
    each_protocol(|server| async move {
        let too_long = json!({"tagline": "The very best and most wonderful bread in all of Leeds", "words": ["warm", "local"]});
        server.script([
            Reply::answer(json!({"tagline": 5}).to_string(), 800),
            Reply::answer(json!({"tagline": "Bread", "words": ["warm"], "price": "£3"}).to_string(), 800),
            Reply::answer(too_long.to_string(), 800),
        ]);
        let model = backend(&server).await;
        let err = generate::<Slogan, _>(model.as_ref(), &task(), check).await.unwrap_err();
        assert_eq!(err.error_name(), "Code24.ModelInvalidAnswer");
        assert!(matches!(&err, ModelError::InvalidAnswer { attempts: 3, errors } if errors[0].contains("more than 8 words")), "{err}");
        let received = server.received();
        assert_eq!(received.len(), 3, "at most 2 follow-up requests");
        assert!(received[2].body.to_string().contains("unknown field"), "the domain and schema errors are quoted back");
    })
    .await;
}

#[tokio::test]
async fn a_truncated_answer_is_an_error_at_once() {
    each_protocol(|server| async move {
        server.script([Reply::Answer {
            text: r#"{"tagline": "Slow bread, baked for"#.into(),
            truncated: true,
            input_tokens: 200,
            output_tokens: 400,
        }]);
        let model = backend(&server).await;
        let err = generate::<Slogan, _>(model.as_ref(), &task(), check)
            .await
            .unwrap_err();
        assert_eq!(err, ModelError::Truncated { output_tokens: 400 });
        assert_eq!(err.error_name(), "Code24.ModelTruncated");
        assert_eq!(
            server.received().len(),
            1,
            "a cut-off answer is not repaired"
        );
    })
    .await;
}

#[tokio::test]
async fn throttling_is_retried_inside_the_call() {
    each_protocol(|server| async move {
        server.script([Reply::throttled(), Reply::answer(GOOD, 800)]);
        let model = backend(&server).await;
        let out = generate::<Slogan, _>(model.as_ref(), &task(), check)
            .await
            .unwrap();
        assert_eq!(out.requests, 1, "one model request, sent twice on the wire");
        assert_eq!(server.received().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_server_failing_forever_is_unavailable_after_the_retries() {
    each_protocol(|server| async move {
        server.forever(Reply::server_error());
        let model = backend(&server).await;
        let err = generate::<Slogan, _>(model.as_ref(), &task(), check)
            .await
            .unwrap_err();
        assert_eq!(err.error_name(), "Code24.ModelUnavailable", "{err}");
        assert_eq!(
            server.received().len(),
            4,
            "{:?}: every attempt of the policy",
            server.protocol
        );
    })
    .await;
}

#[tokio::test]
async fn throttling_forever_is_told_apart_from_a_bad_answer() {
    each_protocol(|server| async move {
        server.forever(Reply::throttled());
        let model = backend(&server).await;
        let err = generate::<Slogan, _>(model.as_ref(), &task(), check)
            .await
            .unwrap_err();
        assert_eq!(err.error_name(), "Code24.ModelThrottled", "{err}");
    })
    .await;
}
