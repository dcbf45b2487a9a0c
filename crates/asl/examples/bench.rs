//! Engine throughput: state transitions per second for a Choice/Pass loop, a Map over
//! many items and a wide Parallel, on the virtual clock. Run with
//! `cargo run --release -p code24-asl --example bench`.

use code24_asl::{
    Engine, ExecutionOptions, ExecutionStatus, InvokeError, LambdaInvoker, StateMachine,
};
use futures::future::BoxFuture;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct NoLambdas;

impl LambdaInvoker for NoLambdas {
    fn invoke<'a>(&'a self, _: &'a str, _: Value) -> BoxFuture<'a, Result<Value, InvokeError>> {
        Box::pin(async { Err(InvokeError::NotFound) })
    }
}

fn transitions(history: &[code24_asl::HistoryEvent]) -> usize {
    history
        .iter()
        .filter(|e| e.event_type.ends_with("StateEntered"))
        .count()
}

/// Peak resident memory of this process (Linux), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs one definition: the median seconds of five runs after a warm-up, and transitions.
fn measure(name: &str, definition: &Value, input: &Value) -> (usize, f64) {
    let machine = StateMachine::from_value(definition).expect("valid benchmark definition");
    let engine = Engine::new(Arc::new(NoLambdas));
    let rt = code24_asl::runtime(true).expect("runtime");
    // One warm-up run, then the median of five.
    let mut times = Vec::new();
    let mut n = 0;
    for round in 0..6 {
        let started = Instant::now();
        let ex =
            rt.block_on(engine.execute(&machine, input.clone(), ExecutionOptions::named(name)));
        let secs = started.elapsed().as_secs_f64();
        assert_eq!(
            ex.status,
            ExecutionStatus::Succeeded,
            "{name}: {:?} {:?}",
            ex.error,
            ex.cause
        );
        n = transitions(&ex.history);
        if round > 0 {
            times.push(secs);
        }
    }
    times.sort_by(f64::total_cmp);
    (n, times[times.len() / 2])
}

fn case(name: &str, definition: Value, input: Value) {
    let (n, secs) = measure(name, &definition, &input);
    println!(
        "{name:<32} {n:>8} transitions {secs:>8.4} s (median of 5) {:>12.0} transitions/s",
        n as f64 / secs
    );
}

fn main() {
    // `bench DEFINITION INPUT`: measure one definition and print JSON (used by
    // bench/compare_moto.py to run the same definitions on both engines).
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [definition, input] = args.as_slice() {
        let read = |p: &str| -> Value {
            serde_json::from_str(&std::fs::read_to_string(p).expect("readable file"))
                .expect("JSON file")
        };
        let (n, secs) = measure("file", &read(definition), &read(input));
        println!(
            "{}",
            json!({"transitions": n, "seconds": secs, "peakRssKiB": peak_rss_kib()})
        );
        return;
    }
    let iterations = 10_000;
    case(
        "choice/pass loop (10,000)",
        json!({"StartAt": "Check", "States": {
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericGreaterThanEqualsPath": "$.n", "Next": "Done"}], "Default": "Step"},
            "Step": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}}}),
        json!({"i": 0, "n": iterations}),
    );
    let items: Vec<i64> = (0..iterations).collect();
    case(
        "map over 10,000 items",
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 0,
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}),
        json!(items),
    );
    let branches: Vec<Value> = (0..100)
        .map(|i| json!({"StartAt": format!("B{i}"), "States": {format!("B{i}"): {"Type": "Pass", "End": true}}}))
        .collect();
    case(
        "parallel with 100 branches",
        json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": branches, "End": true}}}),
        json!({"x": 1}),
    );
}
