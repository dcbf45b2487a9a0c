//! The conformance suite: data-driven cases in `tests/conformance/*.json`, one file per
//! feature, each case a definition, an input and the result Step Functions gives
//! (taken from the ASL specification and the developer guide, as each file's `source`
//! says). Lambda tasks call small test functions: `echo`, `hello`, `add`, `fail-N`.

use code24_asl::{Engine, ExecutionOptions, InvokeError, LambdaInvoker, StateMachine};
use futures::future::BoxFuture;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct TestFunctions {
    failures_left: Mutex<HashMap<String, u32>>,
}

impl LambdaInvoker for TestFunctions {
    fn invoke<'a>(
        &'a self,
        function: &'a str,
        payload: Value,
    ) -> BoxFuture<'a, Result<Value, InvokeError>> {
        Box::pin(async move {
            let name = function.rsplit(":function:").next().unwrap_or(function);
            match name {
                "echo" => Ok(payload),
                "hello" => Ok(json!(format!(
                    "Hello, {}!",
                    payload["who"].as_str().unwrap_or("world")
                ))),
                "add" => Ok(json!(payload
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_i64).sum::<i64>())
                    .unwrap_or(0))),
                n if n.starts_with("fail-") => {
                    let mut left = self.failures_left.lock().unwrap();
                    let count = left
                        .entry(n.to_string())
                        .or_insert_with(|| n[5..].parse().unwrap_or(u32::MAX));
                    if *count > 0 {
                        *count -= 1;
                        Err(InvokeError::Function {
                            error_type: "Custom.Error".into(),
                            message: format!("{n} failed"),
                        })
                    } else {
                        Ok(json!({"recovered": true}))
                    }
                }
                _ => Err(InvokeError::NotFound),
            }
        })
    }
}

#[test]
fn every_conformance_case_gives_the_documented_result() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/conformance");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let rt = code24_asl::runtime(true).unwrap();
    let mut count = 0;
    let mut failures = Vec::new();
    for file in &files {
        let suite: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        assert!(
            suite["source"].is_string(),
            "{} names no source",
            file.display()
        );
        for case in suite["cases"].as_array().unwrap() {
            count += 1;
            let name = format!(
                "{} / {}",
                suite["feature"].as_str().unwrap(),
                case["name"].as_str().unwrap()
            );
            let machine = match StateMachine::from_value(&case["definition"]) {
                Ok(m) => m,
                Err(e) => {
                    failures.push(format!("{name}: definition refused: {e}"));
                    continue;
                }
            };
            let engine = Engine::new(Arc::new(TestFunctions::default()));
            let ex = rt.block_on(engine.execute(
                &machine,
                case["input"].clone(),
                ExecutionOptions::named("conformance"),
            ));
            let expected = &case["expected"];
            let mut got = json!({"status": ex.status});
            for key in ["output", "error", "cause"] {
                if expected.get(key).is_some() {
                    got[key] = match key {
                        "output" => ex.output.clone().unwrap_or(Value::Null),
                        "error" => json!(ex.error),
                        _ => json!(ex.cause),
                    };
                }
            }
            if &got != expected {
                failures.push(format!("{name}: expected {expected}, got {got}"));
            }
        }
    }
    assert!(count >= 30, "only {count} conformance cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
