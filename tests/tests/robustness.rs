//! Property tests: whatever the definition, path, intrinsic or input, the engine answers
//! with a value or a clear error, and never panics. CI runs them with a bounded number of
//! cases (`PROPTEST_CASES`, default 256 per property).

use code24_asl::path::Path;
use code24_asl::{
    Engine, ExecutionOptions, ExecutionStatus, InvokeError, LambdaInvoker, StateMachine,
};
use futures::future::BoxFuture;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::sync::Arc;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        "[a-z$.\\[\\]'*0-9 ]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("Pass"),
            Just("Task"),
            Just("Choice"),
            Just("Wait"),
            Just("Map"),
            Just("Parallel"),
            Just("Fail"),
            Just("Succeed")
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("Type"),
                        Just("Next"),
                        Just("End"),
                        Just("StartAt"),
                        Just("States"),
                        Just("A"),
                        Just("B"),
                        Just("InputPath"),
                        Just("ResultPath"),
                        Just("Parameters"),
                        Just("x.$"),
                        Just("Choices"),
                        Just("Variable"),
                        Just("Branches"),
                        Just("ItemProcessor"),
                        Just("Retry"),
                        Just("Catch"),
                        Just("ErrorEquals"),
                        Just("Seconds"),
                        Just("Default")
                    ],
                    inner
                ),
                0..5
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

struct Echo;

impl LambdaInvoker for Echo {
    fn invoke<'a>(
        &'a self,
        _function: &'a str,
        payload: Value,
    ) -> BoxFuture<'a, Result<Value, InvokeError>> {
        Box::pin(async move { Ok(payload) })
    }
}

proptest! {
    #[test]
    fn paths_parse_read_and_write_without_panicking(text in "\\$[a-z.\\[\\]'\"*0-9-]{0,16}", doc in json_value()) {
        if let Ok(path) = Path::parse(&text) {
            let _ = path.read(&doc);
            let mut target = doc.clone();
            let _ = path.write(&mut target, json!(1));
        }
    }

    #[test]
    fn intrinsics_parse_and_evaluate_without_panicking(
        name in prop_oneof![Just("States.Format"), Just("States.Array"), Just("States.ArrayRange"), Just("States.Hash"),
            Just("States.StringSplit"), Just("States.ArrayGetItem"), Just("States.MathAdd"), Just("States.JsonMerge"), Just("States.Nope")],
        args in "[$.a-z0-9',{}\\\\() -]{0,24}",
        doc in json_value()
    ) {
        if let Ok(call) = code24_asl::intrinsics::parse(&format!("{name}({args})")) {
            let _ = call.eval(&doc, &json!({}), &serde_json::Map::new());
        }
    }

    #[test]
    fn arbitrary_definitions_are_accepted_or_refused_with_a_message(def in json_value()) {
        if let Err(e) = StateMachine::from_value(&def) {
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn a_valid_machine_runs_any_input_to_an_end(input in json_value()) {
        let def = json!({"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "IsNumeric": true, "Next": "T"}], "Default": "P"},
            "T": {"Type": "Task", "Resource": "arn:aws:lambda:local:0:function:echo", "InputPath": "$.n", "ResultPath": "$.r", "End": true},
            "P": {"Type": "Pass", "Parameters": {"v.$": "$"}, "OutputPath": "$.v", "End": true}}});
        let machine = StateMachine::from_value(&def).unwrap();
        let engine = Engine::new(Arc::new(Echo));
        let rt = code24_asl::runtime(true).unwrap();
        let ex = rt.block_on(engine.execute(&machine, input, ExecutionOptions::named("p")));
        prop_assert!(matches!(ex.status, ExecutionStatus::Succeeded | ExecutionStatus::Failed));
        if ex.status == ExecutionStatus::Failed {
            prop_assert!(ex.error.is_some());
        }
    }
}
