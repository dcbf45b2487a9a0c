//! The one model setting (`CODE24_MODEL`, `--model`, the SAM parameter `ModelBackend`):
//! `bedrock:<model-id>` or `openai:<model>@<base-url>`. Empty means no model: the
//! built-in deterministic workers.

use crate::bedrock::BedrockBackend;
use crate::openai::OpenAiBackend;
use crate::{ModelBackend, ModelError, RetryPolicy};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSpec {
    Bedrock { model_id: String },
    OpenAi { model: String, base_url: String },
}

impl ModelSpec {
    /// Parses a setting; `Ok(None)` for an empty one. The error says what is wrong.
    pub fn parse(text: &str) -> Result<Option<ModelSpec>, ModelError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let bad = |why: &str| {
            ModelError::Config(format!(
                "CODE24_MODEL '{text}': {why} (expected bedrock:<model-id> or openai:<model>@<base-url>)"
            ))
        };
        let (scheme, rest) = text
            .split_once(':')
            .ok_or_else(|| bad("no backend prefix"))?;
        match scheme {
            "bedrock" if !rest.trim().is_empty() => Ok(Some(ModelSpec::Bedrock {
                model_id: rest.trim().to_string(),
            })),
            "bedrock" => Err(bad("no model id")),
            "openai" => {
                let (model, base_url) =
                    rest.split_once('@').ok_or_else(|| bad("no @<base-url>"))?;
                if model.trim().is_empty() {
                    return Err(bad("no model name"));
                }
                if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
                    return Err(bad("the base URL must start with http:// or https://"));
                }
                Ok(Some(ModelSpec::OpenAi {
                    model: model.trim().to_string(),
                    base_url: base_url.trim().to_string(),
                }))
            }
            other => Err(bad(&format!("unknown backend '{other}'"))),
        }
    }
}

/// The backend a spec names. Bedrock uses `sdk` (region and credentials; the caller
/// builds it once); OpenAI-compatible endpoints use `api_key` when given.
pub fn backend_from_spec(
    spec: &ModelSpec,
    sdk: &aws_config::SdkConfig,
    api_key: Option<String>,
    retry: RetryPolicy,
) -> Result<Arc<dyn ModelBackend>, ModelError> {
    Ok(match spec {
        ModelSpec::Bedrock { model_id } => Arc::new(BedrockBackend::new(sdk, model_id, retry)),
        ModelSpec::OpenAi { model, base_url } => {
            Arc::new(OpenAiBackend::new(model, base_url, api_key, retry)?)
        }
    })
}

/// The backend a setting names, or `None` for an empty setting: what the CLI and the
/// Lambda functions call once at start. Bedrock takes its region and credentials from
/// the environment (the Lambda role on AWS).
pub async fn backend_from_setting(
    setting: &str,
    api_key: Option<String>,
    retry: RetryPolicy,
) -> Result<Option<Arc<dyn ModelBackend>>, ModelError> {
    let Some(spec) = ModelSpec::parse(setting)? else {
        return Ok(None);
    };
    let sdk = match spec {
        ModelSpec::Bedrock { .. } => aws_config::load_from_env().await,
        ModelSpec::OpenAi { .. } => aws_config::SdkConfig::builder().build(),
    };
    backend_from_spec(&spec, &sdk, api_key, retry).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_or_say_what_is_wrong() {
        assert_eq!(ModelSpec::parse("  ").unwrap(), None);
        assert_eq!(
            ModelSpec::parse("bedrock:anthropic.claude-3-5-haiku-20241022-v1:0").unwrap(),
            Some(ModelSpec::Bedrock {
                model_id: "anthropic.claude-3-5-haiku-20241022-v1:0".into()
            })
        );
        assert_eq!(
            ModelSpec::parse("openai:llama3.1:8b@http://127.0.0.1:11434/v1").unwrap(),
            Some(ModelSpec::OpenAi {
                model: "llama3.1:8b".into(),
                base_url: "http://127.0.0.1:11434/v1".into()
            })
        );
        for (bad, says) in [
            ("claude", "no backend prefix"),
            ("bedrock:", "no model id"),
            ("openai:gpt-4o", "no @<base-url>"),
            ("openai:@http://x", "no model name"),
            ("openai:m@ftp://x", "http://"),
            ("vertex:gemini", "unknown backend 'vertex'"),
        ] {
            let err = ModelSpec::parse(bad).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn retry_delays_double() {
        let p = RetryPolicy {
            attempts: 4,
            first_backoff: std::time::Duration::from_millis(100),
        };
        let delays: Vec<u128> = (1..=4).map(|a| p.retry_delay(a).as_millis()).collect();
        assert_eq!(delays, [0, 100, 200, 400]);
    }
}
