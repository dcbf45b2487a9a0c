//! Payload templates (`Parameters`, `ResultSelector`): `.$` keys read from the
//! effective input, or from the context object when the path starts with `$$`.

use crate::definition::DefinitionError;
use crate::error::Failure;
use crate::intrinsics::{self, Call};
use crate::path::{ValueRef, Variables};
use serde_json::{Map, Value};

/// What a `.$` value refers to.
enum Reference {
    Value(ValueRef),
    Intrinsic(Call),
}

fn parse_reference(text: &str) -> Result<Reference, String> {
    if text.starts_with("States.") {
        return intrinsics::parse(text).map(Reference::Intrinsic);
    }
    ValueRef::parse(text)
        .map(Reference::Value)
        .map_err(|e| e.to_string())
}

/// Checks every `.$` key of a template before the machine runs.
pub fn validate_template(template: &Value, location: &str) -> Result<(), DefinitionError> {
    match template {
        Value::Object(map) => {
            for (k, v) in map {
                let loc = format!("{location}.{k}");
                if k.ends_with(".$") {
                    let text = v.as_str().ok_or_else(|| DefinitionError {
                        location: loc.clone(),
                        message: "a field ending in '.$' must have a path string as its value"
                            .into(),
                    })?;
                    parse_reference(text).map_err(|message| DefinitionError {
                        location: loc,
                        message,
                    })?;
                } else {
                    validate_template(v, &loc)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| validate_template(v, &format!("{location}[{i}]"))),
        _ => Ok(()),
    }
}

/// Builds a payload from a template, the effective input and the context object.
pub fn apply_template(
    template: &Value,
    input: &Value,
    context: &Value,
    vars: &Variables,
) -> Result<Value, Failure> {
    match template {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                match (k.strip_suffix(".$"), v) {
                    (Some(field), Value::String(text)) => {
                        let value = match parse_reference(text).map_err(Failure::runtime)? {
                            Reference::Intrinsic(call) => call.eval(input, context, vars)?,
                            Reference::Value(r) => r.read(input, context, vars).map_err(|_| {
                                Failure::runtime(format!(
                                    "The JSONPath '{text}' specified for the field '{k}' could not be found in the input '{}'",
                                    match r {
                                        ValueRef::Context(_) => context,
                                        _ => input,
                                    }
                                ))
                            })?,
                        };
                        out.insert(field.to_string(), value);
                    }
                    _ => {
                        out.insert(k.clone(), apply_template(v, input, context, vars)?);
                    }
                }
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items
            .iter()
            .map(|v| apply_template(v, input, context, vars))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_input_and_context_and_recurses() {
        let t = json!({"a.$": "$.x", "ctx.$": "$$.State.Name", "nested": [{"b.$": "$.y[0]"}], "lit": 1});
        let out = apply_template(
            &t,
            &json!({"x": "X", "y": [true]}),
            &json!({"State": {"Name": "S"}}),
            &Variables::new(),
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"a": "X", "ctx": "S", "nested": [{"b": true}], "lit": 1})
        );
    }

    #[test]
    fn a_missing_path_is_a_runtime_error_naming_the_field() {
        let err = apply_template(
            &json!({"a.$": "$.nope"}),
            &json!({}),
            &json!({}),
            &Variables::new(),
        )
        .unwrap_err();
        assert_eq!(err.error, "States.Runtime");
        assert!(err.cause.contains("'a.$'"), "{}", err.cause);
    }
}
