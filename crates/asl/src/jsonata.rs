//! The JSONata query language (`"QueryLanguage": "JSONata"`): `{% expression %}` strings
//! inside Arguments, Output, Assign, Items, Condition and the other JSONata fields,
//! evaluated with `$states` (input, result, errorOutput, context) and the workflow
//! variables bound. Expressions are evaluated by the `jsonata-core` crate, which passes
//! 1,581 of the 1,600 cases of the jsonata-js test suite where `jsonata-rs` passed 1,200.

use crate::definition::DefinitionError;
use crate::error::Failure;
use crate::path::Variables;
use jsonata_core::evaluator::{Context, Evaluator, EvaluatorError, EvaluatorOptions};
use jsonata_core::value::JValue;
use serde_json::{Map, Value};

/// The error Step Functions raises when a JSONata expression fails.
pub const QUERY_EVALUATION_ERROR: &str = crate::error::names::QUERY_EVALUATION_ERROR;

/// The expression inside `{% ... %}`, if `text` is one.
pub fn expression(text: &str) -> Option<&str> {
    let t = text.trim();
    t.strip_prefix("{%")?.strip_suffix("%}").map(str::trim)
}

fn compile_check(expr: &str, location: &str) -> Result<(), DefinitionError> {
    jsonata_core::parser::parse(expr)
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

/// A JSONata expression may nest this deep (jsonata-core's D1011), so that a runaway
/// recursion fails the state instead of the thread's stack.
const MAX_DEPTH: usize = 500;

/// ... and run this long before it fails with D1012.
const TIMEOUT_MS: u64 = 10_000;

/// The functions Step Functions adds to JSONata ("JSONata functions provided by Step
/// Functions" in the developer guide), each with the intrinsic that does the same work
/// and so the same argument rules. `$random` replaces the built-in to take a seed.
fn register_aws_functions(evaluator: &mut Evaluator) {
    let intrinsic = |name: &'static str, intrinsic: &'static str| {
        move |args: &[JValue]| -> Result<JValue, EvaluatorError> {
            let values = args
                .iter()
                .filter(|a| !a.is_undefined())
                .map(to_json)
                .collect::<Result<Vec<Value>, _>>()?;
            let result = crate::intrinsics::apply(intrinsic, values).map_err(|f| {
                EvaluatorError::EvaluationError(f.cause.replace(intrinsic, &format!("${name}")))
            })?;
            // $range gives a JSONata sequence, which one number collapses to: $range(1,
            // 9, 9) is 1, as Step Functions evaluates it.
            Ok(match result {
                Value::Array(mut items) if name == "range" && items.len() == 1 => {
                    JValue::from(items.remove(0))
                }
                other => JValue::from(other),
            })
        }
    };
    let functions: [(&str, &str); 4] = [
        ("partition", "States.ArrayPartition"),
        ("range", "States.ArrayRange"),
        ("hash", "States.Hash"),
        ("parse", "States.StringToJson"),
    ];
    for (name, via) in functions {
        register(evaluator, name, intrinsic(name, via));
    }
    register(evaluator, "uuid", |_: &[JValue]| {
        Ok(JValue::from(uuid::Uuid::new_v4().to_string()))
    });
    register(evaluator, "random", |args: &[JValue]| {
        let seed = match args.first() {
            None | Some(JValue::Undefined) => uuid::Uuid::new_v4().as_u64_pair().0,
            Some(JValue::Number(n)) if n.fract() == 0.0 => *n as i64 as u64,
            Some(_) => {
                return Err(EvaluatorError::EvaluationError(
                    "$random: the seed must be an integer".into(),
                ))
            }
        };
        // splitmix64, to a float in [0, 1).
        let mut x = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 31;
        Ok(JValue::Number((x >> 11) as f64 / (1u64 << 53) as f64))
    });
}

/// Registers a host function, replacing a built-in of the same name if there is one
/// (`$random`). jsonata-core refuses to replace only the built-ins it compiles, none of
/// which Step Functions redefines; the conformance cases call every function registered.
fn register(
    evaluator: &mut Evaluator,
    name: &str,
    f: impl Fn(&[JValue]) -> Result<JValue, EvaluatorError> + 'static,
) {
    let _ = evaluator.register_fn_override(name, f);
}

fn to_json(v: &JValue) -> Result<Value, EvaluatorError> {
    serde_json::to_value(v).map_err(|e| EvaluatorError::EvaluationError(e.to_string()))
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
    let threw = |message: &str| {
        // jsonata-core names the token after T1006's text; jsonata-js, and so Step
        // Functions, does not.
        const T1006: &str = "T1006: Attempted to invoke a non-function";
        let message = if message.starts_with(T1006) {
            T1006
        } else {
            message
        };
        fail(format!("threw an error during evaluation. {message}"))
    };
    let ast = jsonata_core::parser::parse(expr).map_err(|e| threw(&e.to_string()))?;
    let mut context = Context::new();
    context.bind("states".to_string(), JValue::from(states.clone()));
    for (name, value) in vars {
        context.bind(name.clone(), JValue::from(value.clone()));
    }
    let options = EvaluatorOptions {
        timeout_ms: Some(TIMEOUT_MS),
        max_stack_depth: Some(MAX_DEPTH),
        ..EvaluatorOptions::default()
    };
    let mut evaluator = Evaluator::with_options(context, options);
    register_aws_functions(&mut evaluator);
    let input = states
        .get("input")
        .map(|v| JValue::from(v.clone()))
        .unwrap_or(JValue::Undefined);
    let result = evaluator
        .evaluate(&ast, &input)
        .map_err(|e| threw(e.message()))?;
    if result.is_undefined() {
        return Err(fail("returned nothing (undefined).".into()));
    }
    if result.is_function() {
        return Err(fail("returned an unsupported result type.".into()));
    }
    to_json(&result).map_err(|_| fail("returned an unsupported result type.".into()))
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

    #[test]
    fn runaway_recursion_fails_the_state_on_a_small_stack() {
        // A tokio worker thread has a 2 MiB stack: a user's expression must fail with
        // D1011 there, not overflow it and abort the process.
        let run = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                evaluate(
                    "($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))",
                    "Output",
                    &json!({"input": {}}),
                    &Variables::new(),
                )
            })
            .unwrap();
        let e = run.join().unwrap().unwrap_err();
        assert_eq!(e.error, QUERY_EVALUATION_ERROR);
        assert!(e.cause.contains("D1011"), "{}", e.cause);
    }
}
