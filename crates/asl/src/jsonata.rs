//! The JSONata query language (`"QueryLanguage": "JSONata"`): `{% expression %}` strings
//! inside Arguments, Output, Assign, Items, Condition and the other JSONata fields,
//! evaluated with `$states` (input, result, errorOutput, context) and the workflow
//! variables bound. Expressions are compiled by the `jsonata-rs` crate.

use crate::definition::DefinitionError;
use crate::error::Failure;
use crate::path::Variables;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The error Step Functions raises when a JSONata expression fails.
pub const QUERY_EVALUATION_ERROR: &str = crate::error::names::QUERY_EVALUATION_ERROR;

/// The expression inside `{% ... %}`, if `text` is one.
pub fn expression(text: &str) -> Option<&str> {
    let t = text.trim();
    t.strip_prefix("{%")?.strip_suffix("%}").map(str::trim)
}

fn compile_check(expr: &str, location: &str) -> Result<(), DefinitionError> {
    let arena = bumpalo::Bump::new();
    jsonata_rs::JsonAta::new(expr, &arena)
        .map(|_| ())
        .map_err(|e| DefinitionError {
            location: location.to_string(),
            message: format!("invalid JSONata expression '{expr}': {e}"),
        })
}

/// Checks every `{% %}` expression in a JSONata template compiles.
pub fn validate_template(template: &Value, location: &str) -> Result<(), DefinitionError> {
    match template {
        Value::String(s) => match expression(s) {
            Some(expr) => compile_check(expr, location),
            None => Ok(()),
        },
        Value::Object(map) => map
            .iter()
            .try_for_each(|(k, v)| validate_template(v, &format!("{location}.{k}"))),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| validate_template(v, &format!("{location}[{i}]"))),
        _ => Ok(()),
    }
}

/// The functions Step Functions adds to JSONata, each with the intrinsic that does the
/// same work (and so the same argument rules): "JSONata functions provided by Step
/// Functions" in the developer guide. `$uuid()` and `$random()` are jsonata-rs's own,
/// which it binds after these and so cannot be replaced: `$random(seed)` is refused.
const AWS_FUNCTIONS: [(&str, usize, Native); 4] = [
    ("partition", 2, aws_partition),
    ("range", 3, aws_range),
    ("hash", 2, aws_hash),
    ("parse", 1, aws_parse),
];

type Native = for<'a, 'e> fn(
    jsonata_rs::FunctionContext<'a, 'e>,
    &[&'a jsonata_rs::Value<'a>],
) -> jsonata_rs::Result<&'a jsonata_rs::Value<'a>>;

macro_rules! via_intrinsic {
    ($fn:ident, $intrinsic:literal) => {
        fn $fn<'a>(
            context: jsonata_rs::FunctionContext<'a, '_>,
            args: &[&'a jsonata_rs::Value<'a>],
        ) -> jsonata_rs::Result<&'a jsonata_rs::Value<'a>> {
            call_intrinsic(context, args, $intrinsic)
        }
    };
}
via_intrinsic!(aws_partition, "States.ArrayPartition");

/// `$range` gives a JSONata sequence, which a single number collapses to: `$range(1, 9,
/// 9)` is `1`, as Step Functions evaluates it, not `[1]`.
fn aws_range<'a>(
    context: jsonata_rs::FunctionContext<'a, '_>,
    args: &[&'a jsonata_rs::Value<'a>],
) -> jsonata_rs::Result<&'a jsonata_rs::Value<'a>> {
    let result = call_intrinsic(context, args, "States.ArrayRange")?;
    if result.is_array() && result.len() == 1 {
        return Ok(result.get_member(0));
    }
    Ok(result)
}
via_intrinsic!(aws_hash, "States.Hash");
via_intrinsic!(aws_parse, "States.StringToJson");

fn call_intrinsic<'a>(
    context: jsonata_rs::FunctionContext<'a, '_>,
    args: &[&'a jsonata_rs::Value<'a>],
    intrinsic: &str,
) -> jsonata_rs::Result<&'a jsonata_rs::Value<'a>> {
    let name = format!("${}", context.name);
    let values = args
        .iter()
        .filter(|a| !a.is_undefined())
        .map(|a| serde_json::from_str(&a.serialize(false)))
        .collect::<Result<Vec<Value>, _>>()
        .map_err(|e| jsonata_rs::Error::D3137Error(format!("{name}: {e}")))?;
    let result = crate::intrinsics::apply(intrinsic, values)
        .map_err(|f| jsonata_rs::Error::D3137Error(f.cause.replace(intrinsic, &name)))?;
    Ok(to_jsonata(context.arena, &result))
}

fn to_jsonata<'a>(arena: &'a bumpalo::Bump, v: &Value) -> &'a jsonata_rs::Value<'a> {
    use jsonata_rs::{ArrayFlags, Value as J};
    match v {
        Value::Null => J::null(arena),
        Value::Bool(b) => J::bool(*b),
        Value::Number(n) => J::number(arena, n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => J::string(arena, s),
        Value::Array(items) => {
            let array = J::array_with_capacity(arena, items.len(), ArrayFlags::empty());
            for item in items {
                array.push(to_jsonata(arena, item));
            }
            array
        }
        Value::Object(map) => {
            let object = J::object_with_capacity(arena, map.len());
            for (k, item) in map {
                object.insert(k, to_jsonata(arena, item));
            }
            object
        }
    }
}

/// Evaluates the expression of the field `field` (`Output`, `Output/result`,
/// `Arguments/FunctionName`, ...) with `$states` and the variables bound. Failures are
/// `States.QueryEvaluationError`, worded as Step Functions words them.
pub fn evaluate(
    expr: &str,
    field: &str,
    states: &Value,
    vars: &Variables,
) -> Result<Value, Failure> {
    let fail = |sentence: String| {
        Failure::new(
            QUERY_EVALUATION_ERROR,
            format!("The JSONata expression '{expr}' specified for the field '{field}' {sentence}"),
        )
    };
    let threw = |e: jsonata_rs::Error| {
        // jsonata-rs writes "T1006 @ 5: message"; Step Functions "T1006: message".
        let text = e.to_string();
        let message = text.split_once(": ").map_or(text.as_str(), |(_, m)| m);
        fail(format!(
            "threw an error during evaluation. {}: {message}",
            e.code()
        ))
    };
    let arena = bumpalo::Bump::new();
    let compiled = jsonata_rs::JsonAta::new(expr, &arena).map_err(threw)?;
    for (name, arity, implementation) in AWS_FUNCTIONS {
        compiled.register_function(name, arity, implementation);
    }
    let mut bindings: HashMap<&str, &Value> = HashMap::new();
    bindings.insert("states", states);
    for (name, value) in vars {
        bindings.insert(name.as_str(), value);
    }
    let input = states.get("input").map(|v| v.to_string());
    let result = compiled
        .evaluate(input.as_deref(), Some(&bindings))
        .map_err(threw)?;
    if result.is_undefined() {
        return Err(fail("returned nothing (undefined).".into()));
    }
    if result.is_function() {
        return Err(fail("returned an unsupported result type.".into()));
    }
    serde_json::from_str(&result.serialize(false))
        .map_err(|_| fail("returned an unsupported result type.".into()))
}

/// Evaluates the template of the field `field`: `{% %}` strings are expressions,
/// everything else is literal. A nested expression is named by its place, as in
/// `Output/result` or `Arguments/items/0`.
pub fn evaluate_template(
    template: &Value,
    field: &str,
    states: &Value,
    vars: &Variables,
) -> Result<Value, Failure> {
    match template {
        Value::String(s) => match expression(s) {
            Some(expr) => evaluate(expr, field, states, vars),
            None => Ok(template.clone()),
        },
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let place = format!("{field}/{k}");
                out.insert(k.clone(), evaluate_template(v, &place, states, vars)?);
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| evaluate_template(v, &format!("{field}/{i}"), states, vars))
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
    fn evaluates_with_states_and_variables() {
        let states = json!({"input": {"a": 2, "list": [1, 2, 3]}});
        let mut vars = Variables::new();
        vars.insert("x".into(), json!(10));
        assert_eq!(
            evaluate(
                "$states.input.a + $x + $count($states.input.list)",
                "Output",
                &states,
                &vars
            )
            .unwrap(),
            json!(15)
        );
        let t = json!({"sum": "{% $sum($states.input.list) %}", "fixed": "plain {text}", "nested": ["{% $x * 2 %}"]});
        assert_eq!(
            evaluate_template(&t, "Output", &states, &vars).unwrap(),
            json!({"sum": 6, "fixed": "plain {text}", "nested": [20]})
        );
    }

    #[test]
    fn errors_are_query_evaluation_errors() {
        let e = evaluate_template(
            &json!({"result": "{% $states.input.missing %}"}),
            "Output",
            &json!({"input": {}}),
            &Variables::new(),
        )
        .unwrap_err();
        assert_eq!(e.error, QUERY_EVALUATION_ERROR);
        assert_eq!(
            e.cause,
            "The JSONata expression '$states.input.missing' specified for the field 'Output/result' returned nothing (undefined)."
        );
        let e = evaluate(
            "$nope()",
            "Arguments",
            &json!({"input": {}}),
            &Variables::new(),
        )
        .unwrap_err();
        assert_eq!(
            e.cause,
            "The JSONata expression '$nope()' specified for the field 'Arguments' threw an error during evaluation. T1006: Attempted to invoke a non-function"
        );
        assert!(
            validate_template(&json!({"x": "{% 1 + %}"}), "state 'A'.Output")
                .unwrap_err()
                .location
                .contains("Output.x")
        );
    }
}
