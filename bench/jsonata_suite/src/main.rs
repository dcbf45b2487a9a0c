//! Runs the jsonata-js test suite (as vendored by jsonata-rs) through jsonata-rs and
//! jsonata-core and counts the cases each passes; see Cargo.toml for the command.
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

#[derive(Debug, PartialEq)]
enum Outcome {
    Pass,
    Fail,
    Crash,
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Ok(Some(value)), Ok(None) = undefined, Err(code)
type Got = Result<Option<Value>, String>;

fn run_rs(expr: &str, data: Option<&Value>, bindings: &serde_json::Map<String, Value>) -> Got {
    let arena = bumpalo::Bump::new();
    let j = jsonata_rs::JsonAta::new(expr, &arena).map_err(|e| e.code().to_string())?;
    let b: HashMap<&str, &Value> = bindings.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let input = data.map(|d| d.to_string());
    let r = j
        .evaluate(input.as_deref(), Some(&b))
        .map_err(|e| e.code().to_string())?;
    if r.is_undefined() {
        return Ok(None);
    }
    serde_json::from_str(&r.serialize(false))
        .map(Some)
        .map_err(|e| format!("serialize: {e}"))
}

fn run_core(expr: &str, data: Option<&Value>, bindings: &serde_json::Map<String, Value>) -> Got {
    let ast = jsonata_core::parser::parse(expr).map_err(|e| {
        let m = e.to_string();
        m.split(':').next().unwrap_or("").trim().to_string()
    })?;
    let mut ctx = jsonata_core::evaluator::Context::new();
    for (k, v) in bindings {
        ctx.bind(k.clone(), jsonata_core::value::JValue::from(v.clone()));
    }
    let mut ev = jsonata_core::evaluator::Evaluator::with_context(ctx);
    let data = data
        .map(|d| jsonata_core::value::JValue::from(d.clone()))
        .unwrap_or(jsonata_core::value::JValue::Undefined);
    let r = ev
        .evaluate(&ast, &data)
        .map_err(|e| e.code().unwrap_or("?").to_string())?;
    if matches!(r, jsonata_core::value::JValue::Undefined) {
        return Ok(None);
    }
    let text = r.to_json_string().map_err(|e| format!("serialize: {e}"))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("serialize: {e}"))
}

fn judge(case: &Value, got: Got) -> Outcome {
    if let Some(code) = case.get("code").and_then(Value::as_str) {
        return match got {
            Err(c) if c == code => Outcome::Pass,
            _ => Outcome::Fail,
        };
    }
    if case.get("error").is_some() {
        return if got.is_err() {
            Outcome::Pass
        } else {
            Outcome::Fail
        };
    }
    if case.get("undefinedResult").and_then(Value::as_bool) == Some(true) {
        return if matches!(got, Ok(None)) {
            Outcome::Pass
        } else {
            Outcome::Fail
        };
    }
    match (case.get("result"), got) {
        (Some(want), Ok(Some(v))) if same(want, &v) => Outcome::Pass,
        _ => Outcome::Fail,
    }
}

fn with_timeout(f: impl FnOnce() -> Got + Send + 'static) -> Option<Got> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = tx.send(r);
        })
        .ok()?;
    match rx.recv_timeout(Duration::from_secs(5)) {
        Ok(Ok(g)) => Some(g),
        _ => None,
    }
}

fn load(
    root: &Path,
    f: &Path,
    case: &Value,
) -> Option<(String, Option<Value>, serde_json::Map<String, Value>)> {
    let expr = match (
        case.get("expr").and_then(Value::as_str),
        case.get("expr-file").and_then(Value::as_str),
    ) {
        (Some(e), _) => e.to_string(),
        (None, Some(file)) => {
            std::fs::read_to_string(f.parent().unwrap_or(Path::new(".")).join(file)).ok()?
        }
        _ => return None,
    };
    let data = match case.get("dataset").and_then(Value::as_str) {
        Some(ds) => std::fs::read_to_string(root.join("datasets").join(format!("{ds}.json")))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok()),
        None => case.get("data").cloned(),
    };
    let bindings = case
        .get("bindings")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    Some((expr, data, bindings))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 5 {
        let (root, f, idx, engine) = (
            PathBuf::from(&args[1]),
            PathBuf::from(&args[2]),
            args[3].parse::<usize>().unwrap(),
            args[4].as_str(),
        );
        let parsed: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let cases = match parsed {
            Value::Array(a) => a,
            v => vec![v],
        };
        let case = &cases[idx];
        let (e, d, b) = load(&root, &f, case).unwrap();
        let got = if engine == "rs" {
            with_timeout(move || run_rs(&e, d.as_ref(), &b))
        } else {
            with_timeout(move || run_core(&e, d.as_ref(), &b))
        };
        let outcome = match got {
            Some(g) => judge(case, g),
            None => Outcome::Crash,
        };
        eprintln!("RESULT {outcome:?}");
        return;
    }
    let root = PathBuf::from(std::env::args().nth(1).expect("suite dir"));
    let mut files = Vec::new();
    for sub in ["groups", "skip"] {
        let mut stack = vec![root.join(sub)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p)
                } else if p.extension().is_some_and(|x| x == "json") {
                    files.push(p)
                }
            }
        }
    }
    files.sort();
    std::panic::set_hook(Box::new(|_| {}));
    let mut totals: HashMap<(&str, String), usize> = HashMap::new();
    let mut n = 0;
    let mut only_core = 0;
    let mut only_rs = 0;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let Ok(parsed) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let cases = match parsed {
            Value::Array(a) => a,
            v => vec![v],
        };
        for (idx, case) in cases.iter().enumerate() {
            if load(&root, f, case).is_none() {
                continue;
            }
            n += 1;
            let mut passed = [false; 2];
            for (i, engine) in ["rs", "core"].into_iter().enumerate() {
                let out = std::process::Command::new(&args[0])
                    .arg(&root)
                    .arg(f)
                    .arg(idx.to_string())
                    .arg(engine)
                    .stdout(std::process::Stdio::null())
                    .output();
                let text = out
                    .map(|o| String::from_utf8_lossy(&o.stderr).to_string())
                    .unwrap_or_default();
                let outcome = if text.contains("RESULT Pass") {
                    "Pass"
                } else if text.contains("RESULT Fail") {
                    "Fail"
                } else {
                    "Crash"
                };
                passed[i] = outcome == "Pass";
                *totals
                    .entry((
                        if i == 0 { "jsonata-rs" } else { "jsonata-core" },
                        outcome.to_string(),
                    ))
                    .or_default() += 1;
            }
            if passed[1] && !passed[0] {
                only_core += 1
            }
            if passed[0] && !passed[1] {
                only_rs += 1
            }
        }
    }
    println!("cases: {n}");
    let mut t: Vec<_> = totals.into_iter().collect();
    t.sort();
    for ((e, o), c) in t {
        println!("{e:13} {o:6} {c}");
    }
    println!("passed by jsonata-core only: {only_core}; by jsonata-rs only: {only_rs}");
}
