//! Payload templates (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`): `.$` keys
//! read from the effective input, the context object (`$$`), a variable (`$name`) or an
//! intrinsic function. Templates are compiled once, when the definition is parsed.

use crate::definition::DefinitionError;
use crate::error::Failure;
use crate::intrinsics::{self, Call};
use crate::path::{ValueRef, Variables};
use serde_json::{Map, Value};
use std::ops::Deref;

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Literal(Value),
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    /// A `.$` value: the field it fills, the original text, and what it reads.
    Ref {
        key: String,
        text: String,
        source: ValueRef,
    },
    Intrinsic(Call),
}

/// A compiled template. It dereferences to the JSON it was written as, which is what
/// JSONata states evaluate.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    raw: Value,
    node: Node,
    uses_context: bool,
}

impl Deref for Template {
    type Target = Value;
    fn deref(&self) -> &Value {
        &self.raw
    }
}

fn reference(text: &str) -> Result<Node, String> {
    if text.starts_with("States.") {
        return intrinsics::parse(text).map(Node::Intrinsic);
    }
    ValueRef::parse(text)
        .map(|source| Node::Ref {
            key: String::new(),
            text: text.to_string(),
            source,
        })
        .map_err(|e| e.to_string())
}

fn compile_node(
    value: &Value,
    location: &str,
    uses_context: &mut bool,
) -> Result<Node, DefinitionError> {
    match value {
        Value::Object(map) => {
            let mut fields = Vec::with_capacity(map.len());
            for (k, v) in map {
                let loc = format!("{location}.{k}");
                match k.strip_suffix(".$") {
                    Some(field) => {
                        let text = v.as_str().ok_or_else(|| DefinitionError {
                            location: loc.clone(),
                            message: "a field ending in '.$' must have a path string as its value"
                                .into(),
                        })?;
                        if text.contains("$$") {
                            *uses_context = true;
                        }
                        let node = match reference(text).map_err(|message| DefinitionError {
                            location: loc,
                            message,
                        })? {
                            Node::Ref { text, source, .. } => Node::Ref {
                                key: k.clone(),
                                text,
                                source,
                            },
                            other => other,
                        };
                        fields.push((field.to_string(), node));
                    }
                    None => fields.push((k.clone(), compile_node(v, &loc, uses_context)?)),
                }
            }
            Ok(Node::Object(fields))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| compile_node(v, &format!("{location}[{i}]"), uses_context))
            .collect::<Result<Vec<_>, _>>()
            .map(Node::Array),
        other => Ok(Node::Literal(other.clone())),
    }
}

impl Template {
    /// Compiles a template; every `.$` value must parse, and errors name the field.
    pub fn compile(raw: &Value, location: &str) -> Result<Template, DefinitionError> {
        let mut uses_context = false;
        let node = compile_node(raw, location, &mut uses_context)?;
        Ok(Template {
            raw: raw.clone(),
            node,
            uses_context,
        })
    }

    /// Whether evaluating needs the context object (`$$...`).
    pub fn uses_context(&self) -> bool {
        self.uses_context
    }
}

/// Checks every `.$` key of a template before the machine runs.
pub fn validate_template(template: &Value, location: &str) -> Result<(), DefinitionError> {
    Template::compile(template, location).map(|_| ())
}

fn apply(node: &Node, input: &Value, context: &Value, vars: &Variables) -> Result<Value, Failure> {
    match node {
        Node::Literal(v) => Ok(v.clone()),
        Node::Object(fields) => {
            let mut out = Map::new();
            for (k, n) in fields {
                out.insert(k.clone(), apply(n, input, context, vars)?);
            }
            Ok(Value::Object(out))
        }
        Node::Array(items) => items.iter().map(|n| apply(n, input, context, vars)).collect::<Result<Vec<_>, _>>().map(Value::Array),
        Node::Intrinsic(call) => call.eval(input, context, vars),
        // Step Functions names the state's input even when the path read the context
        // object or a variable.
        Node::Ref { key, text, source } => source.read(input, context, vars).map_err(|_| {
            Failure::runtime(format!(
                "The JSONPath '{text}' specified for the field '{key}' could not be found in the input '{input}'"
            ))
        }),
    }
}

/// Builds a payload from a template, the effective input, the context object and the
/// variables in scope.
pub fn apply_template(
    template: &Template,
    input: &Value,
    context: &Value,
    vars: &Variables,
) -> Result<Value, Failure> {
    apply(&template.node, input, context, vars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(v: Value) -> Template {
        Template::compile(&v, "test").unwrap()
    }

    #[test]
    fn reads_input_and_context_and_recurses() {
        let template = t(
            json!({"a.$": "$.x", "ctx.$": "$$.State.Name", "nested": [{"b.$": "$.y[0]"}], "lit": 1}),
        );
        assert!(template.uses_context());
        let out = apply_template(
            &template,
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
            &t(json!({"a.$": "$.nope"})),
            &json!({}),
            &json!({}),
            &Variables::new(),
        )
        .unwrap_err();
        assert_eq!(err.error, "States.Runtime");
        assert!(err.cause.contains("'a.$'"), "{}", err.cause);
    }
}
