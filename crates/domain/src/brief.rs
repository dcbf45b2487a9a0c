//! The business brief, the body of `POST /trigger/build`, and its validation.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest accepted value of each field, in characters.
pub const MAX_NAME_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
pub const MAX_KEY_CHARS: usize = 80;

/// A validated brief. Fields are trimmed; none is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Brief {
    pub name: String,
    pub description: String,
    pub business_type: String,
    pub primary_goal: String,
}

/// What is wrong with a brief; `field` names the offending field (`body` for the whole).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid brief: {field}: {message}")]
pub struct BriefError {
    pub field: String,
    pub message: String,
}

fn err(field: &str, message: impl Into<String>) -> BriefError {
    BriefError {
        field: field.to_string(),
        message: message.into(),
    }
}

impl Brief {
    /// Parses and validates a brief from JSON text.
    pub fn from_json(text: &str) -> Result<Brief, BriefError> {
        let value: Value = crate::json::parse_strict(text).map_err(|e| {
            err(
                "body",
                format!(
                    "not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        Brief::from_value(&value)
    }

    /// Validates a brief given as a JSON value.
    pub fn from_value(value: &Value) -> Result<Brief, BriefError> {
        let obj = value
            .as_object()
            .ok_or_else(|| err("body", "must be a JSON object"))?;
        let field = |name: &str, max: usize| -> Result<String, BriefError> {
            match obj.get(name) {
                None | Some(Value::Null) => Err(err(name, "is required")),
                Some(Value::String(s)) => Brief::check_text(name, s, max),
                Some(other) => Err(err(
                    name,
                    format!("must be a string, not {}", json_type(other)),
                )),
            }
        };
        Ok(Brief {
            name: one_line(&field("name", MAX_NAME_CHARS)?),
            description: field("description", MAX_DESCRIPTION_CHARS)?,
            business_type: field("businessType", MAX_KEY_CHARS)?,
            primary_goal: field("primaryGoal", MAX_KEY_CHARS)?,
        })
    }

    /// Builds a brief from separate values (CLI flags), with the same rules.
    pub fn from_fields(
        name: &str,
        description: &str,
        business_type: &str,
        primary_goal: &str,
    ) -> Result<Brief, BriefError> {
        Ok(Brief {
            name: one_line(&Brief::check_text("name", name, MAX_NAME_CHARS)?),
            description: Brief::check_text("description", description, MAX_DESCRIPTION_CHARS)?,
            business_type: Brief::check_text("businessType", business_type, MAX_KEY_CHARS)?,
            primary_goal: Brief::check_text("primaryGoal", primary_goal, MAX_KEY_CHARS)?,
        })
    }

    fn check_text(name: &str, raw: &str, max: usize) -> Result<String, BriefError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(err(name, "must not be empty"));
        }
        let count = text.chars().count();
        if count > max {
            return Err(err(
                name,
                format!("is {count} characters long; the limit is {max}"),
            ));
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(err(name, "must not contain control characters"));
        }
        Ok(text.to_string())
    }
}

/// A name is one line: runs of whitespace (tabs, newlines, double spaces) become one space,
/// so every place that shows the name shows the same text.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(text: &str) -> String {
        Brief::from_json(text).unwrap_err().field
    }

    #[test]
    fn names_the_field_that_is_wrong() {
        let ok = r#"{"name":"A","description":"B","businessType":"c","primaryGoal":"d"}"#;
        assert!(Brief::from_json(ok).is_ok());
        assert_eq!(
            field_of(r#"{"description":"B","businessType":"c","primaryGoal":"d"}"#),
            "name"
        );
        assert_eq!(
            field_of(r#"{"name":"  ","description":"B","businessType":"c","primaryGoal":"d"}"#),
            "name"
        );
        assert_eq!(
            field_of(r#"{"name":"A","description":7,"businessType":"c","primaryGoal":"d"}"#),
            "description"
        );
        assert_eq!(
            field_of(r#"{"name":"A","description":"B","businessType":"c"}"#),
            "primaryGoal"
        );
        assert_eq!(field_of("{not json"), "body");
        assert_eq!(field_of("[]"), "body");
        let long = format!(
            r#"{{"name":"{}","description":"B","businessType":"c","primaryGoal":"d"}}"#,
            "x".repeat(121)
        );
        assert_eq!(field_of(&long), "name");
    }
}
