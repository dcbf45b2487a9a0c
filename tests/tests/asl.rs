//! ASL semantics checked with small state machines and a scripted Lambda invoker,
//! on the virtual clock.

mod support;

use code24_asl::{Engine, Execution, ExecutionOptions, ExecutionStatus, StateMachine};
use serde_json::{json, Value};
use std::sync::Arc;
use support::TestFunctions;

fn run(definition: Value, input: Value) -> Execution {
    let machine = StateMachine::from_value(&definition).unwrap_or_else(|e| panic!("{e}"));
    let engine = Engine::new(Arc::new(TestFunctions::default()));
    let rt = code24_asl::runtime(true).unwrap();
    rt.block_on(engine.execute(&machine, input, ExecutionOptions::named("test")))
}

fn lambda(function: &str) -> Value {
    json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
           "Parameters": {"FunctionName": format!("arn:aws:lambda:local:0:function:{function}"), "Payload.$": "$"}})
}

fn with(mut state: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        state[k] = v.clone();
    }
    state
}

#[test]
fn input_and_output_processing_follows_the_specification() {
    let def = json!({"StartAt": "T", "States": {"T": with(lambda("echo"), json!({
        "InputPath": "$.order",
        "Parameters": {"FunctionName": "arn:aws:lambda:local:0:function:echo", "Payload": {"id.$": "$.id", "state.$": "$$.State.Name", "fixed": 1}},
        "ResultSelector": {"echoed.$": "$.Payload", "code.$": "$.StatusCode"},
        "ResultPath": "$.order.result",
        "OutputPath": "$.order",
        "End": true}))}});
    let ex = run(def, json!({"order": {"id": 7}, "other": true}));
    assert_eq!(ex.status, ExecutionStatus::Succeeded);
    assert_eq!(
        ex.output.unwrap(),
        json!({"id": 7, "result": {"echoed": {"id": 7, "state": "T", "fixed": 1}, "code": 200}})
    );
}

#[test]
fn result_path_null_keeps_the_input_and_pass_result_replaces_it() {
    let def = json!({"StartAt": "A", "States": {
        "A": with(lambda("echo"), json!({"ResultPath": null, "Next": "B"})),
        "B": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.added", "End": true}}});
    let ex = run(def, json!({"keep": "me"}));
    assert_eq!(ex.output.unwrap(), json!({"keep": "me", "added": {"x": 1}}));
}

#[test]
fn catch_puts_error_and_cause_at_its_result_path() {
    let def = json!({"StartAt": "T", "States": {
        "T": with(lambda("fail-always"), json!({"Catch": [{"ErrorEquals": ["Custom.Error"], "ResultPath": "$.err", "Next": "Done"}], "End": true})),
        "Done": {"Type": "Succeed"}}});
    let ex = run(def, json!({"a": 1}));
    let out = ex.output.unwrap();
    assert_eq!(out["a"], 1);
    assert_eq!(out["err"]["Error"], "Custom.Error");
    let cause: Value = serde_json::from_str(out["err"]["Cause"].as_str().unwrap()).unwrap();
    assert_eq!(cause["errorMessage"], "fail-always failed");
}

#[test]
fn retriers_are_matched_in_order_and_counted_separately() {
    let def = json!({"StartAt": "T", "States": {"T": with(lambda("fail-2"), json!({
        "Retry": [{"ErrorEquals": ["Other"], "MaxAttempts": 5}, {"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 3, "BackoffRate": 1.5, "MaxAttempts": 2}],
        "End": true}))}});
    let ex = run(def, json!({}));
    assert_eq!(ex.status, ExecutionStatus::Succeeded);
    let times: Vec<_> = ex
        .history
        .iter()
        .filter(|e| e.event_type == "TaskScheduled")
        .map(|e| e.timestamp)
        .collect();
    let gaps: Vec<i64> = times
        .windows(2)
        .map(|w| (w[1] - w[0]).num_milliseconds())
        .collect();
    assert_eq!(gaps, vec![3000, 4500]);
}

#[test]
fn max_attempts_zero_never_retries_and_max_delay_caps_backoff() {
    let def = json!({"StartAt": "T", "States": {"T": with(lambda("fail-always"), json!({
        "Retry": [{"ErrorEquals": ["Custom.Error"], "MaxAttempts": 0}], "End": true}))}});
    let ex = run(def, json!({}));
    assert_eq!(ex.status, ExecutionStatus::Failed);
    assert_eq!(
        ex.history
            .iter()
            .filter(|e| e.event_type == "TaskScheduled")
            .count(),
        1
    );

    let def = json!({"StartAt": "T", "States": {"T": with(lambda("fail-always"), json!({
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "BackoffRate": 3, "MaxAttempts": 3, "MaxDelaySeconds": 25}], "End": true}))}});
    let ex = run(def, json!({}));
    let times: Vec<_> = ex
        .history
        .iter()
        .filter(|e| e.event_type == "TaskScheduled")
        .map(|e| e.timestamp)
        .collect();
    let gaps: Vec<i64> = times
        .windows(2)
        .map(|w| (w[1] - w[0]).num_seconds())
        .collect();
    assert_eq!(gaps, vec![10, 25, 25]);
}

#[test]
fn task_failed_does_not_match_a_timeout_and_timeouts_are_exact() {
    let def = json!({"StartAt": "T", "States": {
        "T": with(lambda("hang"), json!({"TimeoutSeconds": 42,
            "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Wrong"}, {"ErrorEquals": ["States.Timeout"], "ResultPath": "$.e", "Next": "Right"}], "End": true})),
        "Wrong": {"Type": "Fail", "Error": "Wrong"},
        "Right": {"Type": "Pass", "End": true}}});
    let ex = run(def, json!({}));
    assert_eq!(ex.status, ExecutionStatus::Succeeded);
    assert_eq!(ex.output.unwrap()["e"]["Error"], "States.Timeout");
    let start = ex
        .history
        .iter()
        .find(|e| e.event_type == "TaskScheduled")
        .unwrap()
        .timestamp;
    let end = ex
        .history
        .iter()
        .find(|e| e.event_type == "TaskTimedOut")
        .unwrap()
        .timestamp;
    assert_eq!((end - start).num_seconds(), 42);
}

#[test]
fn states_runtime_is_not_caught_by_states_all() {
    let def = json!({"StartAt": "T", "States": {
        "T": with(lambda("echo"), json!({"Parameters": {"FunctionName": "arn:aws:lambda:local:0:function:echo", "Payload": {"x.$": "$.missing"}},
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true})),
        "Caught": {"Type": "Succeed"}}});
    let ex = run(def, json!({}));
    assert_eq!(ex.status, ExecutionStatus::Failed);
    assert_eq!(ex.error.as_deref(), Some("States.Runtime"));
    assert!(ex.cause.unwrap().contains("'x.$'"));
}

#[test]
fn an_unknown_function_fails_like_lambda_does() {
    let def = json!({"StartAt": "T", "States": {"T": with(lambda("nope"), json!({"End": true}))}});
    let ex = run(def, json!({}));
    assert_eq!(
        ex.error.as_deref(),
        Some("Lambda.ResourceNotFoundException")
    );
}

#[test]
fn parallel_returns_branch_outputs_in_order_and_fails_with_the_branch_error() {
    let branch = |name: &str, value: i64| json!({"StartAt": name, "States": {name: {"Type": "Pass", "Result": value, "End": true}}});
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [branch("A", 1), branch("B", 2)], "ResultPath": "$.r", "End": true}}});
    assert_eq!(
        run(def, json!({"in": 0})).output.unwrap(),
        json!({"in": 0, "r": [1, 2]})
    );

    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [branch("A", 1),
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Branch.Broke", "Cause": "because"}}}],
        "Catch": [{"ErrorEquals": ["Branch.Broke"], "Next": "C"}], "End": true}, "C": {"Type": "Pass", "End": true}}});
    let ex = run(def, json!({}));
    assert_eq!(ex.status, ExecutionStatus::Succeeded);
    assert_eq!(
        ex.output.unwrap(),
        json!({"Error": "Branch.Broke", "Cause": "because"})
    );
}

#[test]
fn choice_default_no_match_and_wait_paths() {
    let def = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}], "Default": "W"},
        "Big": {"Type": "Pass", "Result": "big", "End": true},
        "W": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "Small"},
        "Small": {"Type": "Pass", "Result": "small", "End": true}}});
    assert_eq!(
        run(def.clone(), json!({"n": 11, "wait": 5}))
            .output
            .unwrap(),
        json!("big")
    );
    let ex = run(def, json!({"n": 1, "wait": 3600}));
    assert_eq!(ex.output.unwrap(), json!("small"));
    let first = ex.history.first().unwrap().timestamp;
    let last = ex.history.last().unwrap().timestamp;
    assert_eq!((last - first).num_seconds(), 3600);

    let def = json!({"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "IsNull": true, "Next": "E"}]}, "E": {"Type": "Succeed"}}});
    let ex = run(def, json!({"n": 1}));
    assert_eq!(
        (ex.error.as_deref(), ex.cause.as_deref()),
        (Some("States.NoChoiceMatched"), Some("No Matches!"))
    );
}

#[test]
fn fail_state_reads_error_and_cause_paths_and_execution_timeout_times_out() {
    let def = json!({"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}}});
    let ex = run(def, json!({"e": "My.Error", "c": "details"}));
    assert_eq!(
        (ex.status, ex.error.as_deref(), ex.cause.as_deref()),
        (ExecutionStatus::Failed, Some("My.Error"), Some("details"))
    );

    let def = json!({"StartAt": "W", "TimeoutSeconds": 10, "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}});
    let ex = run(def, json!({}));
    assert_eq!(
        (ex.status, ex.error.as_deref()),
        (ExecutionStatus::TimedOut, Some("States.Timeout"))
    );
    assert_eq!(ex.history.last().unwrap().event_type, "ExecutionTimedOut");
}

#[test]
fn oversized_state_output_is_a_data_limit_error() {
    let big = "x".repeat(300 * 1024);
    let def =
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": big, "End": true}}});
    let ex = run(def, json!({}));
    assert_eq!(ex.error.as_deref(), Some("States.DataLimitExceeded"));
}

#[test]
fn the_build_definition_validates_and_uses_documented_arn_forms() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../infra/statemachines/build.asl.json"
    ))
    .unwrap();
    let def: Value = serde_json::from_str(&text).unwrap();
    let mut placeholders = Vec::new();
    let mut rest = text.as_str();
    while let Some(p) = rest.find("${") {
        let end = rest[p..].find('}').unwrap();
        placeholders.push(rest[p + 2..p + end].to_string());
        rest = &rest[p + end..];
    }
    placeholders.sort();
    placeholders.dedup();
    let expected: Vec<String> = {
        let mut v: Vec<String> = code24_pipeline::Step::BUILD
            .iter()
            .map(|s| s.substitution_key())
            .collect();
        v.sort();
        v
    };
    assert_eq!(placeholders, expected);
    let tasks: Vec<&Value> = def["States"]
        .as_object()
        .unwrap()
        .values()
        .filter(|s| s["Type"] == "Task")
        .collect();
    assert!(tasks
        .iter()
        .all(|t| t["Resource"] == "arn:aws:states:::lambda:invoke"));
    assert!(code24_local::build_state_machine().is_ok());
    for (state, timeout, interval) in [
        ("CombineMarketIntelligence", 120, 5),
        ("Brand", 300, 10),
        ("Designer", 300, 10),
        ("Developer", 480, 10),
    ] {
        let s = &def["States"][state];
        assert_eq!(s["TimeoutSeconds"], timeout, "{state}");
        assert_eq!(s["Retry"][0]["IntervalSeconds"], interval, "{state}");
        assert_eq!(s["Retry"][0]["MaxAttempts"], 3, "{state}");
        assert_eq!(s["Retry"][0]["BackoffRate"], 2, "{state}");
        let retried: Vec<&str> = s["Retry"][0]["ErrorEquals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(
            !retried.contains(&"States.ALL") && !retried.contains(&"Code24.InvalidInput"),
            "{state} retries {retried:?}"
        );
        assert_eq!(s["Catch"][0]["ErrorEquals"][0], "States.ALL", "{state}");
    }
}

#[test]
fn template_substitutes_every_placeholder_of_the_build_definition() {
    let template =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../template.yaml")).unwrap();
    assert!(template.contains("DefinitionUri: infra/statemachines/build.asl.json"));
    for step in code24_pipeline::Step::ALL {
        let key = step.substitution_key();
        let line = format!("        {key}: !GetAtt {}Function.Arn", step.name());
        assert!(
            template.contains(&line),
            "template.yaml has no DefinitionSubstitutions entry `{line}`"
        );
        // One binary runs as every function; the Handler says which (layout.rs checks
        // every function builds that binary).
        let handler = format!("Handler: {}", step.function_name());
        assert!(
            template.contains(&handler),
            "template.yaml deploys no `{handler}`"
        );
        assert!(
            template.contains(&format!("FunctionName: !Ref {}Function", step.name())),
            "the state machine may not invoke {}",
            step.name()
        );
    }
    for function in ["code24-api", "code24-status-sync", "code24-monitor"] {
        assert!(
            template.contains(&format!("Handler: {function}")),
            "{function}"
        );
    }
    let actions: Vec<&str> = template.lines().filter(|l| l.contains("Action")).collect();
    assert!(
        actions
            .iter()
            .all(|l| !l.contains("\"*\"") && !l.contains(":*")),
        "wildcard actions: {actions:?}"
    );
}

fn elapsed_seconds(ex: &Execution) -> i64 {
    (ex.history.last().unwrap().timestamp - ex.history.first().unwrap().timestamp).num_seconds()
}

#[test]
fn map_selects_items_with_the_map_context_and_keeps_order() {
    // The shape of the Map example in the Step Functions developer guide.
    let def = json!({"StartAt": "Validate-All", "States": {"Validate-All": {
        "Type": "Map", "InputPath": "$.detail", "ItemsPath": "$.shipped", "MaxConcurrency": 0,
        "ItemSelector": {"parcel.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "courier.$": "$.delivery-partner"},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Validate",
            "States": {"Validate": with(lambda("echo"), json!({"ResultSelector": {"checked.$": "$.Payload"}, "End": true}))}},
        "ResultPath": "$.detail.shipped", "End": true}}});
    let input = json!({"ship-date": "2016-03-14T01:59:00Z", "detail": {"delivery-partner": "UQS",
        "shipped": [{"prod": "R31", "dest-code": 9511, "quantity": 1344}, {"prod": "S39", "dest-code": 9511, "quantity": 40}]}});
    let ex = run(def, input);
    assert_eq!(ex.status, ExecutionStatus::Succeeded, "{:?}", ex.cause);
    let out = ex.output.unwrap();
    assert_eq!(
        out["detail"]["shipped"][1],
        json!({"checked": {"parcel": {"prod": "S39", "dest-code": 9511, "quantity": 40}, "index": 1, "courier": "UQS"}})
    );
    assert_eq!(out["detail"]["shipped"].as_array().unwrap().len(), 2);
}

#[test]
fn map_max_concurrency_bounds_parallel_iterations() {
    let def = |max: u64| {
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": max,
        "Iterator": {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}, "End": true}}})
    };
    assert_eq!(elapsed_seconds(&run(def(0), json!([1, 2, 3, 4]))), 10);
    assert_eq!(elapsed_seconds(&run(def(2), json!([1, 2, 3, 4]))), 20);
    assert_eq!(elapsed_seconds(&run(def(1), json!([1, 2, 3, 4]))), 40);
}

#[test]
fn map_failures_fail_the_state_unless_tolerated() {
    let processor = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 2, "Next": "Bad"}], "Default": "Good"},
        "Bad": {"Type": "Fail", "Error": "Item.TooBig", "Cause": "over 2"},
        "Good": {"Type": "Pass", "End": true}}});
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": processor.clone(), "End": true}}});
    let ex = run(def, json!([1, 2, 3]));
    assert_eq!(
        (ex.status, ex.error.as_deref()),
        (ExecutionStatus::Failed, Some("Item.TooBig"))
    );

    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": processor.clone(), "ToleratedFailureCount": 1, "End": true}}});
    let ex = run(def, json!([1, 2, 3]));
    assert_eq!(
        ex.output.unwrap(),
        json!([1, 2, {"Error": "Item.TooBig", "Cause": "over 2"}])
    );

    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": processor, "ToleratedFailurePercentage": 20, "End": true}}});
    let ex = run(def, json!([1, 3, 4, 5]));
    assert_eq!(
        ex.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
}

#[test]
fn map_item_batcher_groups_items() {
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"run.$": "$.run"}},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
    let ex = run(def, json!({"run": "r1", "items": ["a", "b", "c"]}));
    assert_eq!(
        ex.output.unwrap(),
        json!([{"Items": ["a", "b"], "BatchInput": {"run": "r1"}}, {"Items": ["c"], "BatchInput": {"run": "r1"}}])
    );
}

#[test]
fn map_needs_an_array_and_refuses_item_readers() {
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.x",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
    let ex = run(def, json!({"x": "not an array"}));
    assert_eq!(ex.error.as_deref(), Some("States.Runtime"));
    let err = StateMachine::from_value(&json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemReader": {},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})).unwrap_err();
    assert!(err.to_string().contains("ItemReader"), "{err}");
}

#[test]
fn intrinsics_work_inside_parameters() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
        "greeting.$": "States.Format('Hello, {}!', $.who)", "parts.$": "States.StringSplit($.csv, ',')",
        "n.$": "States.MathAdd(States.ArrayLength($.list), 1)"}, "End": true}}});
    let ex = run(def, json!({"who": "Zürich", "csv": "a,b", "list": [1, 2]}));
    assert_eq!(
        ex.output.unwrap(),
        json!({"greeting": "Hello, Zürich!", "parts": ["a", "b"], "n": 3})
    );
    let err = StateMachine::from_value(&json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "States.Nope()"}, "End": true}}})).unwrap_err();
    assert!(
        err.to_string().contains("state 'P'.Parameters.x.$"),
        "{err}"
    );
}

#[test]
fn variables_are_assigned_after_a_state_and_read_later() {
    let def = json!({"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Result": {"n": 2}, "Assign": {"count.$": "$.n", "label": "start", "a": 1, "b": 2}, "Next": "Swap"},
        "Swap": {"Type": "Pass", "Assign": {"a.$": "$b", "b.$": "$a"}, "Next": "Call"},
        "Call": with(lambda("echo"), json!({
            "Parameters": {"FunctionName": "arn:aws:lambda:local:0:function:echo", "Payload": {"label.$": "$label", "n.$": "$count"}},
            "ResultSelector": {"selected.$": "$.Payload.label"},
            "Assign": {"raw.$": "$.Payload.n"}, "Next": "Check"})),
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$raw", "NumericEquals": 2, "Assign": {"matched": true}, "Next": "Out"}], "Default": "Out"},
        "Out": {"Type": "Pass", "Parameters": {"a.$": "$a", "b.$": "$b", "matched.$": "$matched", "from.$": "$.selected",
            "msg.$": "States.Format('{} of {}', $label, $count)"}, "End": true}}});
    let ex = run(def, json!({}));
    assert_eq!(ex.status, ExecutionStatus::Succeeded, "{:?}", ex.cause);
    assert_eq!(
        ex.output.unwrap(),
        json!({"a": 2, "b": 1, "matched": true, "from": "start", "msg": "start of 2"})
    );
}

#[test]
fn branch_assignments_stay_in_the_branch_and_catch_can_assign() {
    let def = json!({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"outer": "o"}, "Next": "P"},
        "P": {"Type": "Parallel", "Branches": [{"StartAt": "In", "States": {
            "In": {"Type": "Pass", "Parameters": {"seen.$": "$outer"}, "Assign": {"inner": "i"}, "End": true}}}],
            "Next": "T"},
        "T": with(lambda("fail-always"), json!({"Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"why.$": "$.Error"}, "Next": "Out"}], "End": true})),
        "Out": {"Type": "Choice", "Choices": [{"Variable": "$inner", "IsPresent": true, "Next": "Leaked"}], "Default": "Fine"},
        "Leaked": {"Type": "Fail", "Error": "Leaked"},
        "Fine": {"Type": "Pass", "Parameters": {"why.$": "$why"}, "End": true}}});
    let ex = run(def, json!({}));
    assert_eq!(ex.status, ExecutionStatus::Succeeded, "{:?}", ex.error);
    assert_eq!(ex.output.unwrap(), json!({"why": "Custom.Error"}));
}

#[test]
fn variable_names_are_checked() {
    for bad in ["1x", "states", "has-dash"] {
        let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {bad: 1}, "End": true}}});
        let err = StateMachine::from_value(&def).unwrap_err();
        assert!(err.to_string().contains("state 'P'.Assign"), "{bad}: {err}");
    }
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$missing"}, "End": true}}});
    assert_eq!(run(def, json!({})).error.as_deref(), Some("States.Runtime"));
}

#[test]
fn jsonata_arguments_output_assign_and_conditions() {
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "Total", "States": {
        "Total": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "arn:aws:lambda:local:0:function:echo", "Payload": {"total": "{% $sum($states.input.items.price) %}"}},
            "Output": "{% $states.result.Payload %}",
            "Assign": {"code": "{% $states.result.StatusCode %}", "n": "{% $count($states.input.items) %}"},
            "Next": "Size"},
        "Size": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.total > 10 and $code = 200 %}", "Next": "Big"}], "Default": "Small"},
        "Big": {"Type": "Pass", "Output": {"size": "big", "total": "{% $states.input.total %}", "items": "{% $n %}"}, "End": true},
        "Small": {"Type": "Succeed"}}});
    let ex = run(def.clone(), json!({"items": [{"price": 4}, {"price": 9}]}));
    assert_eq!(ex.status, ExecutionStatus::Succeeded, "{:?}", ex.cause);
    assert_eq!(
        ex.output.unwrap(),
        json!({"size": "big", "total": 13, "items": 2})
    );
    let ex = run(def, json!({"items": [{"price": 1}]}));
    assert_eq!(ex.output.unwrap(), json!({"total": 1}));
}

#[test]
fn jsonata_map_wait_catch_and_fail() {
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "Each", "States": {
        "Each": {"Type": "Map", "Items": "{% $states.input.names %}",
            "ItemSelector": {"name": "{% $states.context.Map.Item.Value %}", "i": "{% $states.context.Map.Item.Index %}"},
            "ItemProcessor": {"StartAt": "Greet", "States": {"Greet": {"Type": "Pass", "Output": "{% $states.input.i & ':' & $uppercase($states.input.name) %}", "End": true}}},
            "Output": {"greetings": "{% $states.result %}"}, "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": "{% $count($states.input.greetings) * 60 %}", "Next": "Boom"},
        "Boom": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "arn:aws:lambda:local:0:function:fail-always", "Payload": {}},
            "Catch": [{"ErrorEquals": ["States.ALL"], "Output": {"caught": "{% $states.errorOutput.Error %}", "before": "{% $states.input.greetings %}"}, "Next": "Stop"}],
            "End": true},
        "Stop": {"Type": "Fail", "Error": "{% 'Stopped.' & $states.input.caught %}", "Cause": "{% $join($states.input.before, ',') %}"}}});
    let ex = run(def, json!({"names": ["ada", "lin"]}));
    assert_eq!(ex.status, ExecutionStatus::Failed);
    assert_eq!(ex.error.as_deref(), Some("Stopped.Custom.Error"));
    assert_eq!(ex.cause.as_deref(), Some("0:ADA,1:LIN"));
    let waited = ex
        .history
        .iter()
        .find(|e| e.event_type == "WaitStateExited")
        .unwrap()
        .timestamp
        - ex.history
            .iter()
            .find(|e| e.event_type == "WaitStateEntered")
            .unwrap()
            .timestamp;
    assert_eq!(waited.num_seconds(), 120);
}

#[test]
fn jsonata_states_are_validated_and_mixable_with_jsonpath() {
    let err = StateMachine::from_value(&json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.x", "End": true}}})).unwrap_err();
    assert_eq!(err.location, "state 'P'.InputPath");
    let err = StateMachine::from_value(
        &json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {}, "End": true}}}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("JSONata field"), "{err}");
    let err = StateMachine::from_value(&json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% 1 + %}", "End": true}}})).unwrap_err();
    assert!(
        err.to_string().contains("invalid JSONata expression"),
        "{err}"
    );

    let def = json!({"StartAt": "Old", "States": {
        "Old": {"Type": "Pass", "Parameters": {"v.$": "$.value"}, "Next": "New"},
        "New": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.v * 2 %}", "End": true}}});
    assert_eq!(run(def, json!({"value": 21})).output.unwrap(), json!(42));

    let def = json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input.nothing.here %}", "End": true}}});
    let ex = run(def, json!({}));
    assert_eq!(ex.error.as_deref(), Some("States.QueryEvaluationError"));
}

#[test]
fn fail_paths_accept_intrinsic_functions() {
    let def = json!({"StartAt": "F", "States": {"F": {"Type": "Fail",
        "ErrorPath": "States.Format('Order.{}', $.code)", "CausePath": "States.JsonToString($.detail)"}}});
    let ex = run(def, json!({"code": "Rejected", "detail": {"id": 7}}));
    assert_eq!(
        (ex.error.as_deref(), ex.cause.as_deref()),
        (Some("Order.Rejected"), Some("{\"id\":7}"))
    );
}

#[test]
fn full_jitter_randomises_each_delay_below_its_cap() {
    let def = json!({"StartAt": "T", "States": {"T": with(lambda("fail-always"), json!({
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 100, "BackoffRate": 1, "MaxAttempts": 8, "JitterStrategy": "FULL"}], "End": true}))}});
    let ex = run(def, json!({}));
    let times: Vec<_> = ex
        .history
        .iter()
        .filter(|e| e.event_type == "TaskScheduled")
        .map(|e| e.timestamp)
        .collect();
    let gaps: Vec<i64> = times
        .windows(2)
        .map(|w| (w[1] - w[0]).num_milliseconds())
        .collect();
    assert_eq!(gaps.len(), 8);
    assert!(gaps.iter().all(|g| (0..=100_000).contains(g)), "{gaps:?}");
    assert!(
        gaps.iter().any(|g| *g != gaps[0]),
        "jitter must vary the delays: {gaps:?}"
    );
}

#[test]
fn timeout_seconds_path_reads_the_timeout_from_the_input() {
    let def = json!({"StartAt": "T", "States": {"T": with(lambda("hang"), json!({"TimeoutSecondsPath": "$.limit", "End": true}))}});
    let ex = run(def.clone(), json!({"limit": 7}));
    assert_eq!(ex.error.as_deref(), Some("States.Timeout"));
    let start = ex
        .history
        .iter()
        .find(|e| e.event_type == "TaskScheduled")
        .unwrap()
        .timestamp;
    let end = ex
        .history
        .iter()
        .find(|e| e.event_type == "TaskTimedOut")
        .unwrap()
        .timestamp;
    assert_eq!((end - start).num_seconds(), 7);
    assert_eq!(
        run(def, json!({"limit": "x"})).error.as_deref(),
        Some("States.Runtime")
    );
}
