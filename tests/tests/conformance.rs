//! The conformance suite: data-driven cases in `tests/conformance/*.json`, one file per
//! feature, each case a definition, an input and the result Step Functions gives
//! (taken from the ASL specification and the developer guide, as each file's `source`
//! says), optionally with the types of its history's events. Lambda tasks call small
//! test functions: `echo`, `hello`, `add`, `fail-N`.

mod support;

use code24_asl::{Engine, ExecutionOptions, StateMachine};
use serde_json::{json, Value};
use std::sync::Arc;
use support::TestFunctions;

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
            // A case may expect the definition to be refused, as CreateStateMachine does.
            if let Some(want) = case["expected"]["definitionError"].as_str() {
                match StateMachine::from_value(&case["definition"]) {
                    Ok(_) => failures.push(format!(
                        "{name}: definition accepted, expected refused ({want})"
                    )),
                    Err(e) if !e.to_string().contains(want) => {
                        failures.push(format!("{name}: refused with '{e}', expected '{want}'"))
                    }
                    Err(_) => {}
                }
                continue;
            }
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
            // A case may also give the types of the history's events, in order.
            if expected.get("events").is_some() {
                got["events"] = ex.history.iter().map(|e| json!(e.event_type)).collect();
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
