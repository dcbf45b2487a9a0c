//! Parsing and validating a state machine definition. Every problem is reported with the
//! state and the field it is in, like a linter, before anything runs.

use crate::choice::ChoiceRule;
use crate::path::{Path, ValueRef};
use crate::payload::Template;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// A definition that could not be accepted; `location` names the state and field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct DefinitionError {
    pub location: String,
    pub message: String,
}

/// How a path field was given: absent (defaults to `$`), `null`, or a path.
#[derive(Debug, Clone, PartialEq)]
pub enum PathField {
    Default,
    Null,
    Path(Path),
    /// InputPath and OutputPath may also read the context object (`$$.Execution.Input`)
    /// or a variable (`$order.items`); ResultPath never does.
    Ref(ValueRef),
}

/// One entry of a `Retry` array.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrier {
    pub error_equals: Vec<String>,
    pub interval_seconds: f64,
    pub max_attempts: u32,
    pub backoff_rate: f64,
    pub max_delay_seconds: Option<f64>,
    pub jitter_full: bool,
}

/// One entry of a `Catch` array.
#[derive(Debug, Clone, PartialEq)]
pub struct Catcher {
    pub error_equals: Vec<String>,
    pub next: String,
    pub result_path: PathField,
    pub assign: Option<Template>,
    /// A JSONata Catcher's `Output`, evaluated with `$states.errorOutput`.
    pub output: Option<Value>,
}

/// Fields that several state types share.
#[derive(Debug, Clone, PartialEq)]
pub struct Common {
    pub next: Option<String>,
    pub input_path: PathField,
    pub output_path: PathField,
    pub parameters: Option<Template>,
    pub result_selector: Option<Template>,
    pub result_path: PathField,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
    /// Workflow variables the state assigns (`Assign`).
    pub assign: Option<Template>,
}

/// How long a Wait state waits: `Seconds` (or `SecondsPath`), or until `Timestamp` (or
/// `TimestampPath`).
#[derive(Debug, Clone, PartialEq)]
pub enum WaitFor {
    Seconds(Dynamic<u64>),
    /// A fixed timestamp is checked when the definition is read.
    Timestamp(Dynamic<String>),
}

/// A value a state reads when it runs: given in the definition, read from its `…Path`
/// form (the effective input, the context object or a variable), or computed by a
/// JSONata expression (`{% %}`) in a JSONata state. A Task's TimeoutSeconds, a Map's
/// MaxConcurrency and tolerated failures, a batch's limits and a Wait's delay are each
/// one of these, so both query languages read them in one place.
#[derive(Debug, Clone, PartialEq)]
pub enum Dynamic<T> {
    Fixed(T),
    Path(ValueRef),
    Expression(Value),
}

/// A Fail state's Error or Cause: given, from `ErrorPath`/`CausePath` (a path or an
/// intrinsic function, compiled as `{"value.$": ...}`), or a JSONata expression.
#[derive(Debug, Clone, PartialEq)]
pub enum FailText {
    Fixed(String),
    Path(Box<Template>),
    Expression(Value),
}

#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    Pass {
        result: Option<Value>,
    },
    Task {
        resource: String,
        timeout: Option<Dynamic<u64>>,
    },
    Choice {
        choices: Vec<ChoiceRule>,
        default: Option<String>,
    },
    Wait {
        wait: WaitFor,
    },
    Succeed,
    Fail {
        error: Option<FailText>,
        cause: Option<FailText>,
    },
    Parallel {
        branches: Vec<StateMachine>,
    },
    Map(Box<MapSpec>),
}

/// An inline Map state's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSpec {
    pub items_path: Option<ValueRef>,
    /// `ItemSelector` (or the older `Parameters`), evaluated per item with `$$.Map.Item`.
    pub item_selector: Option<Template>,
    pub processor: StateMachine,
    pub max_concurrency: Option<Dynamic<u64>>,
    /// Set for `ProcessorConfig.Mode: DISTRIBUTED`: each item (or batch) runs as a child
    /// execution of its own, with its own history and quotas.
    pub distributed: Option<ChildExecutions>,
    /// `ToleratedFailureCount` or `ToleratedFailureCountPath`.
    pub tolerated_failure_count: Option<Dynamic<u64>>,
    /// `ToleratedFailurePercentage` or `ToleratedFailurePercentagePath`.
    pub tolerated_failure_percentage: Option<Dynamic<f64>>,
    pub batcher: Option<Box<ItemBatcher>>,
}

/// How a distributed Map runs its child executions.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildExecutions {
    /// `ProcessorConfig.ExecutionType`: EXPRESS children have a five-minute limit and no
    /// history quota, STANDARD ones the 25,000-event quota.
    pub express: bool,
    /// `Label`, which names the Map Run and the children's state machine.
    pub label: Option<String>,
}

/// `ItemBatcher`: items grouped into batches, each one iteration's input
/// `{"Items": [...], "BatchInput": ...}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemBatcher {
    /// `MaxItemsPerBatch` or `MaxItemsPerBatchPath`.
    pub max_items: Option<Dynamic<u64>>,
    /// `MaxInputBytesPerBatch` or `MaxInputBytesPerBatchPath`: the most bytes a batch's
    /// JSON may take.
    pub max_bytes: Option<Dynamic<u64>>,
    pub batch_input: Option<Template>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub name: String,
    pub kind: StateKind,
    pub common: Common,
    /// Present when the state uses JSONata instead of JSONPath.
    pub jsonata: Option<Box<JsonataFields>>,
}

/// The fields only a JSONata state has. Its other `{% %}` fields are parsed where their
/// JSONPath forms are: [`Dynamic::Expression`], [`FailText::Expression`], a Choice rule's
/// condition, a Catcher's `output`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JsonataFields {
    pub arguments: Option<Value>,
    pub output: Option<Value>,
    pub items: Option<Value>,
}

impl State {
    /// Whether running the state reaches outside the execution or takes time: a Task
    /// calls something, a Wait waits, and a Map or Parallel runs Tasks of its own. Such
    /// states are journaled before and after; the others are pure functions of their
    /// input and variables.
    pub fn has_effects(&self) -> bool {
        matches!(
            self.kind,
            StateKind::Task { .. }
                | StateKind::Wait { .. }
                | StateKind::Parallel { .. }
                | StateKind::Map(_)
        )
    }

    /// The event recorded when a Map or Parallel state fails as a whole.
    pub fn failed_event(&self) -> Option<&'static str> {
        match self.kind {
            StateKind::Parallel { .. } => Some("ParallelStateFailed"),
            StateKind::Map(_) => Some("MapStateFailed"),
            _ => None,
        }
    }

    /// The history event recorded when the state is entered, e.g. `TaskStateEntered`.
    pub fn entered_event(&self) -> &'static str {
        match self.kind {
            StateKind::Pass { .. } => "PassStateEntered",
            StateKind::Task { .. } => "TaskStateEntered",
            StateKind::Choice { .. } => "ChoiceStateEntered",
            StateKind::Wait { .. } => "WaitStateEntered",
            StateKind::Succeed => "SucceedStateEntered",
            StateKind::Fail { .. } => "FailStateEntered",
            StateKind::Parallel { .. } => "ParallelStateEntered",
            StateKind::Map(_) => "MapStateEntered",
        }
    }

    /// The history event recorded when the state is left, e.g. `TaskStateExited`.
    pub fn exited_event(&self) -> &'static str {
        match self.kind {
            StateKind::Pass { .. } => "PassStateExited",
            StateKind::Task { .. } => "TaskStateExited",
            StateKind::Choice { .. } => "ChoiceStateExited",
            StateKind::Wait { .. } => "WaitStateExited",
            StateKind::Succeed => "SucceedStateExited",
            StateKind::Fail { .. } => "FailStateExited",
            StateKind::Parallel { .. } => "ParallelStateExited",
            StateKind::Map(_) => "MapStateExited",
        }
    }
}

/// A parsed, validated state machine (or a Parallel branch).
#[derive(Debug, Clone, PartialEq)]
pub struct StateMachine {
    pub start_at: String,
    pub states: HashMap<String, State>,
    pub timeout_seconds: Option<u64>,
}

impl StateMachine {
    /// Parses and validates a definition from JSON text.
    pub fn from_json(text: &str) -> Result<StateMachine, DefinitionError> {
        let value: Value = serde_json::from_str(text).map_err(|e| DefinitionError {
            location: "definition".into(),
            message: format!("not valid JSON: {e}"),
        })?;
        Self::from_value(&value)
    }

    /// Parses and validates a definition from a JSON value.
    pub fn from_value(value: &Value) -> Result<StateMachine, DefinitionError> {
        let mut names = HashSet::new();
        parse_machine(value, "definition", true, false, &mut names)
    }

    pub fn state(&self, name: &str) -> Option<&State> {
        self.states.get(name)
    }
}

/// Compiles an `Assign` object: variable names are checked, `.$` values compiled like any
/// template.
pub fn compile_assign(assign: &Value, location: &str) -> Result<Template, DefinitionError> {
    let obj = assign
        .as_object()
        .ok_or_else(|| derr(location, "must be a JSON object"))?;
    for key in obj.keys() {
        let name = key.strip_suffix(".$").unwrap_or(key);
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name.len() <= 80;
        if !valid {
            return Err(derr(format!("{location}.{key}"), "a variable name must start with a letter or '_' and contain only letters, digits and '_'"));
        }
        if name == "states" {
            return Err(derr(
                format!("{location}.{key}"),
                "'states' is a reserved variable name",
            ));
        }
    }
    Template::compile(assign, location)
}

fn derr(location: impl Into<String>, message: impl Into<String>) -> DefinitionError {
    DefinitionError {
        location: location.into(),
        message: message.into(),
    }
}

fn parse_machine(
    value: &Value,
    location: &str,
    top_level: bool,
    inherited_jsonata: bool,
    all_names: &mut HashSet<String>,
) -> Result<StateMachine, DefinitionError> {
    let obj = value
        .as_object()
        .ok_or_else(|| derr(location, "must be a JSON object"))?;
    let mut allowed = vec!["StartAt", "States", "Comment"];
    if top_level {
        allowed.extend(["Version", "TimeoutSeconds", "QueryLanguage"]);
    }
    check_fields(obj, &allowed, location)?;
    let jsonata = match obj.get("QueryLanguage") {
        None => inherited_jsonata,
        Some(v) if v == "JSONPath" => false,
        Some(v) if v == "JSONata" => true,
        Some(_) => {
            return Err(derr(
                format!("{location}.QueryLanguage"),
                "must be \"JSONPath\" or \"JSONata\"",
            ))
        }
    };
    let start_at = req_str(obj, "StartAt", location)?;
    let states_obj = obj
        .get("States")
        .and_then(Value::as_object)
        .ok_or_else(|| derr(location, "\"States\" is required and must be an object"))?;
    if states_obj.is_empty() {
        return Err(derr(location, "\"States\" must contain at least one state"));
    }
    let timeout_seconds = match obj.get("TimeoutSeconds") {
        None => None,
        Some(v) => Some(pos_int(v, &format!("{location}.TimeoutSeconds"))?),
    };
    let mut states = HashMap::new();
    for (name, state_value) in states_obj {
        if name.is_empty() || name.chars().count() > 80 {
            return Err(derr(
                format!("state '{name}'"),
                "a state name must be 1 to 80 characters",
            ));
        }
        if !all_names.insert(name.clone()) {
            return Err(derr(
                format!("state '{name}'"),
                "state names must be unique in the whole state machine",
            ));
        }
        let state = parse_any_state(name, state_value, jsonata, all_names)?;
        states.insert(name.clone(), state);
    }
    let machine = StateMachine {
        start_at: start_at.clone(),
        states,
        timeout_seconds,
    };
    if !machine.states.contains_key(&start_at) {
        return Err(derr(
            format!("{location}.StartAt"),
            format!("names a state that does not exist: '{start_at}'"),
        ));
    }
    check_transitions(&machine)?;
    check_reachable(&machine, location)?;
    Ok(machine)
}

fn successors(state: &State) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    if let Some(n) = &state.common.next {
        out.push(n);
    }
    for c in &state.common.catch {
        out.push(&c.next);
    }
    if let StateKind::Choice { choices, default } = &state.kind {
        out.extend(choices.iter().map(|c| c.next.as_str()));
        if let Some(d) = default {
            out.push(d);
        }
    }
    out
}

fn check_transitions(machine: &StateMachine) -> Result<(), DefinitionError> {
    for state in machine.states.values() {
        for target in successors(state) {
            if !machine.states.contains_key(target) {
                return Err(derr(
                    format!("state '{}'", state.name),
                    format!("transitions to '{target}', which is not a state in this scope"),
                ));
            }
        }
    }
    Ok(())
}

fn check_reachable(machine: &StateMachine, location: &str) -> Result<(), DefinitionError> {
    let mut seen = HashSet::new();
    let mut stack = vec![machine.start_at.as_str()];
    while let Some(name) = stack.pop() {
        if seen.insert(name) {
            if let Some(state) = machine.states.get(name) {
                stack.extend(successors(state));
            }
        }
    }
    let mut unreachable: Vec<&String> = machine
        .states
        .keys()
        .filter(|n| !seen.contains(n.as_str()))
        .collect();
    unreachable.sort();
    if let Some(name) = unreachable.first() {
        return Err(derr(
            format!("state '{name}'"),
            format!("is not reachable from StartAt in {location}"),
        ));
    }
    Ok(())
}

pub(crate) fn check_fields(
    obj: &Map<String, Value>,
    allowed: &[&str],
    location: &str,
) -> Result<(), DefinitionError> {
    for key in obj.keys() {
        if !allowed.contains(&key.as_str()) {
            return Err(derr(
                format!("{location}.{key}"),
                "is not a field this object can have",
            ));
        }
    }
    Ok(())
}

fn req_str(
    obj: &Map<String, Value>,
    field: &str,
    location: &str,
) -> Result<String, DefinitionError> {
    match obj.get(field) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(derr(format!("{location}.{field}"), "must be a string")),
        None => Err(derr(location, format!("\"{field}\" is required"))),
    }
}

fn opt_str(
    obj: &Map<String, Value>,
    field: &str,
    location: &str,
) -> Result<Option<String>, DefinitionError> {
    match obj.get(field) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(derr(format!("{location}.{field}"), "must be a string")),
    }
}

fn pos_int(v: &Value, location: &str) -> Result<u64, DefinitionError> {
    v.as_u64()
        .filter(|n| *n > 0)
        .ok_or_else(|| derr(location, "must be a positive integer"))
}

/// A `…Path` field that reads a value: `$.input`, `$$.context` or `$variable`.
fn parse_ref(v: &Value, location: &str) -> Result<ValueRef, DefinitionError> {
    let s = v
        .as_str()
        .ok_or_else(|| derr(location, "must be a JSONPath string"))?;
    ValueRef::parse(s).map_err(|e| derr(location, e.to_string()))
}

fn parse_path(v: &Value, location: &str) -> Result<Path, DefinitionError> {
    let s = v
        .as_str()
        .ok_or_else(|| derr(location, "must be a JSONPath string"))?;
    Path::parse(s).map_err(|e| derr(location, e.to_string()))
}

/// InputPath or OutputPath: a path into the input, or a context or variable reference.
fn ref_field(
    obj: &Map<String, Value>,
    field: &str,
    location: &str,
) -> Result<PathField, DefinitionError> {
    match obj.get(field) {
        None => Ok(PathField::Default),
        Some(Value::Null) => Ok(PathField::Null),
        Some(v) => match parse_ref(v, &format!("{location}.{field}"))? {
            ValueRef::Input(p) => Ok(PathField::Path(p)),
            other => Ok(PathField::Ref(other)),
        },
    }
}

fn path_field(
    obj: &Map<String, Value>,
    field: &str,
    location: &str,
    reference: bool,
) -> Result<PathField, DefinitionError> {
    match obj.get(field) {
        None => Ok(PathField::Default),
        Some(Value::Null) => Ok(PathField::Null),
        Some(v) => {
            let loc = format!("{location}.{field}");
            let p = parse_path(v, &loc)?;
            if reference && !p.is_reference() {
                return Err(derr(loc, "must be a reference path (no '*')"));
            }
            Ok(PathField::Path(p))
        }
    }
}

fn error_equals(obj: &Map<String, Value>, location: &str) -> Result<Vec<String>, DefinitionError> {
    let loc = format!("{location}.ErrorEquals");
    let arr = obj
        .get("ErrorEquals")
        .and_then(Value::as_array)
        .ok_or_else(|| derr(&loc, "is required and must be a non-empty array of strings"))?;
    if arr.is_empty() {
        return Err(derr(&loc, "must not be empty"));
    }
    let names: Vec<String> = arr
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| derr(&loc, "must contain only strings"))
        })
        .collect::<Result<_, _>>()?;
    if names.iter().any(|n| n == "States.ALL") && names.len() > 1 {
        return Err(derr(&loc, "\"States.ALL\" must appear alone"));
    }
    Ok(names)
}

fn check_all_last(entries: &[Vec<String>], location: &str) -> Result<(), DefinitionError> {
    for (i, names) in entries.iter().enumerate() {
        if names.iter().any(|n| n == "States.ALL") && i + 1 != entries.len() {
            return Err(derr(
                format!("{location}[{i}]"),
                "the entry with \"States.ALL\" must be the last one",
            ));
        }
    }
    Ok(())
}

fn non_negative_number(
    v: Option<&Value>,
    default: f64,
    location: &str,
) -> Result<f64, DefinitionError> {
    match v {
        None => Ok(default),
        Some(v) => v
            .as_f64()
            .filter(|n| *n >= 0.0)
            .ok_or_else(|| derr(location, "must be a non-negative number")),
    }
}

/// An object of the definition with its location, e.g. `state 'A'.Retry[0]`.
type Located<'a> = (String, &'a Map<String, Value>);

/// The entries of an array of objects, each with its location (`Retry[0]`).
fn objects<'a>(v: &'a Value, location: &str) -> Result<Vec<Located<'a>>, DefinitionError> {
    let arr = v
        .as_array()
        .ok_or_else(|| derr(location, "must be an array"))?;
    arr.iter()
        .enumerate()
        .map(|(i, item)| {
            let loc = format!("{location}[{i}]");
            let obj = item
                .as_object()
                .ok_or_else(|| derr(&loc, "must be an object"))?;
            Ok((loc, obj))
        })
        .collect()
}

fn parse_retry(v: &Value, location: &str) -> Result<Vec<Retrier>, DefinitionError> {
    let mut out = Vec::new();
    for (loc, obj) in objects(v, location)? {
        check_fields(
            obj,
            &[
                "ErrorEquals",
                "IntervalSeconds",
                "MaxAttempts",
                "BackoffRate",
                "MaxDelaySeconds",
                "JitterStrategy",
                "Comment",
            ],
            &loc,
        )?;
        let interval_seconds = match obj.get("IntervalSeconds") {
            None => 1.0,
            Some(v) => pos_int(v, &format!("{loc}.IntervalSeconds"))? as f64,
        };
        let max_attempts = match obj.get("MaxAttempts") {
            None => 3,
            Some(v) => v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| {
                    derr(
                        format!("{loc}.MaxAttempts"),
                        "must be a non-negative integer",
                    )
                })?,
        };
        let backoff_rate =
            non_negative_number(obj.get("BackoffRate"), 2.0, &format!("{loc}.BackoffRate"))?;
        if backoff_rate < 1.0 {
            return Err(derr(format!("{loc}.BackoffRate"), "must be at least 1.0"));
        }
        let max_delay_seconds = match obj.get("MaxDelaySeconds") {
            None => None,
            Some(v) => Some(pos_int(v, &format!("{loc}.MaxDelaySeconds"))? as f64),
        };
        let jitter_full = match obj.get("JitterStrategy") {
            None => false,
            Some(Value::String(s)) if s == "FULL" => true,
            Some(Value::String(s)) if s == "NONE" => false,
            Some(_) => {
                return Err(derr(
                    format!("{loc}.JitterStrategy"),
                    "must be \"FULL\" or \"NONE\"",
                ))
            }
        };
        out.push(Retrier {
            error_equals: error_equals(obj, &loc)?,
            interval_seconds,
            max_attempts,
            backoff_rate,
            max_delay_seconds,
            jitter_full,
        });
    }
    check_all_last(
        &out.iter()
            .map(|r| r.error_equals.clone())
            .collect::<Vec<_>>(),
        location,
    )?;
    Ok(out)
}

fn parse_catch(v: &Value, location: &str, jsonata: bool) -> Result<Vec<Catcher>, DefinitionError> {
    let mut out = Vec::new();
    for (loc, obj) in objects(v, location)? {
        let own_fields: &[&str] = if jsonata {
            &["ErrorEquals", "Next", "Output", "Comment", "Assign"]
        } else {
            &["ErrorEquals", "Next", "ResultPath", "Comment", "Assign"]
        };
        check_fields(obj, own_fields, &loc)?;
        let assign = match obj.get("Assign") {
            Some(a) => Some(compile_assign(a, &format!("{loc}.Assign"))?),
            None => None,
        };
        let output = obj.get("Output").cloned();
        if let Some(o) = &output {
            crate::jsonata::validate_template(o, &format!("{loc}.Output"))?;
        }
        out.push(Catcher {
            error_equals: error_equals(obj, &loc)?,
            next: req_str(obj, "Next", &loc)?,
            result_path: path_field(obj, "ResultPath", &loc, true)?,
            assign,
            output,
        });
    }
    check_all_last(
        &out.iter()
            .map(|c| c.error_equals.clone())
            .collect::<Vec<_>>(),
        location,
    )?;
    Ok(out)
}

/// A Map's `ItemBatcher`: at least one of its limits, each given or read from a path.
fn item_batcher(b: &Value, location: &str, jsonata: bool) -> Result<ItemBatcher, DefinitionError> {
    let bo = b
        .as_object()
        .ok_or_else(|| derr(location, "must be an object"))?;
    check_fields(
        bo,
        &[
            "MaxItemsPerBatch",
            "MaxItemsPerBatchPath",
            "MaxInputBytesPerBatch",
            "MaxInputBytesPerBatchPath",
            "BatchInput",
        ],
        location,
    )?;
    let max_items = parse_seconds(
        bo,
        ("MaxItemsPerBatch", "MaxItemsPerBatchPath"),
        location,
        jsonata,
    )?;
    let max_bytes = parse_seconds(
        bo,
        ("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"),
        location,
        jsonata,
    )?;
    if max_items.is_none() && max_bytes.is_none() {
        return Err(derr(
            location,
            "needs MaxItemsPerBatch or MaxInputBytesPerBatch (or their Path forms)",
        ));
    }
    if let Some(Dynamic::Fixed(n)) = max_bytes {
        if n > 256 * 1024 {
            return Err(derr(
                format!("{location}.MaxInputBytesPerBatch"),
                "must be at most 262144 (256 KiB)",
            ));
        }
    }
    let batch_input = match bo.get("BatchInput") {
        Some(t) => {
            let loc = format!("{location}.BatchInput");
            if jsonata {
                crate::jsonata::validate_template(t, &loc)?;
            }
            Some(Template::compile(t, &loc)?)
        }
        None => None,
    };
    Ok(ItemBatcher {
        max_items,
        max_bytes,
        batch_input,
    })
}

/// A distributed Map's `Label`: at most 40 characters, none of them whitespace or one
/// Step Functions reserves.
fn map_label(obj: &Map<String, Value>, location: &str) -> Result<Option<String>, DefinitionError> {
    let Some(v) = obj.get("Label") else {
        return Ok(None);
    };
    let label = v
        .as_str()
        .ok_or_else(|| derr(format!("{location}.Label"), "must be a string"))?;
    let reserved =
        |c: char| c.is_whitespace() || c.is_control() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c);
    if label.is_empty() || label.chars().count() > 40 || label.chars().any(reserved) {
        return Err(derr(
            format!("{location}.Label"),
            "must be 1-40 characters without whitespace or any of <>{}[]?*\"#%\\^|~`$&,;:/",
        ));
    }
    Ok(Some(label.to_string()))
}

/// Parses an ISO-8601 extended offset date-time as Step Functions requires of a Wait's
/// timestamp: a 'T' between date and time and an offset (`Z` or `±hh:mm`).
pub(crate) fn parse_timestamp(ts: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if !matches!(ts.as_bytes().get(10), Some(b'T' | b't')) {
        return None;
    }
    chrono::DateTime::parse_from_rfc3339(ts)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// A positive integer field or its `…Path` form (TimeoutSeconds, MaxItemsPerBatch, ...).
fn parse_seconds(
    obj: &Map<String, Value>,
    fields: (&str, &str),
    location: &str,
    jsonata: bool,
) -> Result<Option<Dynamic<u64>>, DefinitionError> {
    dynamic(obj, fields, location, jsonata, pos_int)
}

/// A non-negative integer field or its `…Path` form (MaxConcurrency,
/// ToleratedFailureCount, a Wait's Seconds).
fn parse_count(
    obj: &Map<String, Value>,
    fields: (&str, &str),
    location: &str,
    jsonata: bool,
) -> Result<Option<Dynamic<u64>>, DefinitionError> {
    dynamic(obj, fields, location, jsonata, |v, loc| {
        v.as_u64()
            .ok_or_else(|| derr(loc, "must be a non-negative integer"))
    })
}

/// A field given as `field` (checked by `fixed`) or read at run time from
/// `path_field_name`, not both; in a JSONata state `field` may instead be a `{% %}`
/// expression (and the `…Path` form is refused before this is reached).
fn dynamic<T>(
    obj: &Map<String, Value>,
    (field, path_field_name): (&str, &str),
    location: &str,
    jsonata: bool,
    fixed: impl Fn(&Value, &str) -> Result<T, DefinitionError>,
) -> Result<Option<Dynamic<T>>, DefinitionError> {
    match (obj.get(field), obj.get(path_field_name)) {
        (Some(_), Some(_)) => Err(derr(
            location,
            format!("only one of \"{field}\" and \"{path_field_name}\" may be given"),
        )),
        (Some(v), None) => {
            let loc = format!("{location}.{field}");
            match expression_in(v, jsonata, &loc)? {
                Some(e) => Ok(Some(Dynamic::Expression(e))),
                None => Ok(Some(Dynamic::Fixed(fixed(v, &loc)?))),
            }
        }
        (None, Some(v)) => Ok(Some(Dynamic::Path(parse_ref(
            v,
            &format!("{location}.{path_field_name}"),
        )?))),
        (None, None) => Ok(None),
    }
}

/// `v` as a compiled-and-checked JSONata expression, if the state is a JSONata one and
/// `v` is a `{% %}` string.
fn expression_in(
    v: &Value,
    jsonata: bool,
    location: &str,
) -> Result<Option<Value>, DefinitionError> {
    match v {
        Value::String(text) if jsonata && crate::jsonata::expression(text).is_some() => {
            crate::jsonata::validate_template(v, location)?;
            Ok(Some(v.clone()))
        }
        _ => Ok(None),
    }
}

/// JSONPath-only fields, refused in JSONata states.
const JSONPATH_ONLY: [&str; 17] = [
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "ItemsPath",
    "SecondsPath",
    "TimestampPath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "ErrorPath",
    "CausePath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
    "Result",
    "Iterator",
];

/// Parses a state in either query language. A JSONata state is checked for fields it may
/// not have and its JSONata-only fields (Arguments, Output, Items) are taken out; the
/// rest is parsed by the same rules as a JSONPath state, each field accepting a `{% %}`
/// expression where JSONata allows one.
fn parse_any_state(
    name: &str,
    value: &Value,
    inherited_jsonata: bool,
    all_names: &mut HashSet<String>,
) -> Result<State, DefinitionError> {
    let location = format!("state '{name}'");
    let obj = value
        .as_object()
        .ok_or_else(|| derr(&location, "must be a JSON object"))?;
    let jsonata = match obj.get("QueryLanguage") {
        None => inherited_jsonata,
        Some(v) if v == "JSONPath" => false,
        Some(v) if v == "JSONata" => true,
        Some(_) => {
            return Err(derr(
                format!("{location}.QueryLanguage"),
                "must be \"JSONPath\" or \"JSONata\"",
            ))
        }
    };
    let mut rest = obj.clone();
    rest.remove("QueryLanguage");
    if !jsonata {
        for field in ["Arguments", "Output", "Items"] {
            if rest.contains_key(field) {
                return Err(derr(
                    format!("{location}.{field}"),
                    "is a JSONata field; set \"QueryLanguage\": \"JSONata\" to use it",
                ));
            }
        }
        return parse_state(name, &Value::Object(rest), jsonata, all_names);
    }
    for field in JSONPATH_ONLY {
        if rest.contains_key(field) {
            return Err(derr(format!("{location}.{field}"), "is a JSONPath field and cannot be used in a JSONata state (use Arguments, Output or Assign)"));
        }
    }
    let mut fields = JsonataFields::default();
    for (field, slot) in [
        ("Arguments", &mut fields.arguments),
        ("Output", &mut fields.output),
        ("Items", &mut fields.items),
    ] {
        if let Some(v) = rest.remove(field) {
            crate::jsonata::validate_template(&v, &format!("{location}.{field}"))?;
            *slot = Some(v);
        }
    }
    for (field, v) in rest.iter() {
        if matches!(field.as_str(), "Assign" | "ItemSelector") {
            crate::jsonata::validate_template(v, &format!("{location}.{field}"))?;
        }
    }
    let mut state = parse_state(name, &Value::Object(rest), jsonata, all_names)?;
    state.jsonata = Some(Box::new(fields));
    Ok(state)
}

/// What each state type's parser reads and adds to: the state's fields, where it is
/// (for messages), whether it speaks JSONata, and the fields its type allows.
struct StateFields<'a> {
    obj: &'a Map<String, Value>,
    location: &'a str,
    jsonata: bool,
    allowed: Vec<&'static str>,
}

impl StateFields<'_> {
    /// Allows `Assign`, `InputPath` and `OutputPath`, `Next` and `End` if the state
    /// moves on to another, and the type's `own` fields.
    fn allow(&mut self, moves_on: bool, own: &[&'static str]) {
        self.allowed.push("Assign");
        if moves_on {
            self.allowed.extend(FLOW);
        }
        self.allowed.extend(IO);
        self.allowed.extend(own);
    }
}

/// A state type's parse: whether the state is terminal by its type, and its kind.
type Parsed = Result<(bool, StateKind), DefinitionError>;

/// The fields of a state that moves on: to its Next, or the End.
const FLOW: [&str; 2] = ["Next", "End"];
/// The fields that select a state's input and output.
const IO: [&str; 2] = ["InputPath", "OutputPath"];

fn parse_state(
    name: &str,
    value: &Value,
    jsonata: bool,
    all_names: &mut HashSet<String>,
) -> Result<State, DefinitionError> {
    let location = format!("state '{name}'");
    let obj = value
        .as_object()
        .ok_or_else(|| derr(&location, "must be a JSON object"))?;
    let type_name = req_str(obj, "Type", &location)?;
    let mut fields = StateFields {
        obj,
        location: &location,
        jsonata,
        allowed: vec!["Type", "Comment"],
    };
    let (terminal_kind, kind) = match type_name.as_str() {
        "Pass" => {
            fields.allow(true, &["Parameters", "Result", "ResultPath"]);
            (
                false,
                StateKind::Pass {
                    result: obj.get("Result").cloned(),
                },
            )
        }
        "Task" => task_state(&mut fields)?,
        "Choice" => choice_state(&mut fields)?,
        "Wait" => wait_state(&mut fields)?,
        "Succeed" => {
            fields.allowed.extend(IO);
            (true, StateKind::Succeed)
        }
        "Fail" => fail_state(&mut fields)?,
        "Parallel" => parallel_state(&mut fields, all_names)?,
        "Map" => map_state(&mut fields, all_names)?,
        other => {
            return Err(derr(
                format!("{location}.Type"),
                format!("'{other}' is not a state type this engine knows"),
            ))
        }
    };
    check_fields(obj, &fields.allowed, &location)?;
    let next = opt_str(obj, "Next", &location)?;
    let end = match obj.get("End") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(derr(format!("{location}.End"), "must be a boolean")),
    };
    if !terminal_kind {
        match (&next, end) {
            (Some(_), true) => {
                return Err(derr(&location, "cannot have both \"Next\" and \"End\""))
            }
            (None, false) => return Err(derr(&location, "needs \"Next\" or \"End\": true")),
            _ => {}
        }
    }
    let is_map = matches!(kind, StateKind::Map(_));
    let common = Common {
        next,
        input_path: ref_field(obj, "InputPath", &location)?,
        output_path: ref_field(obj, "OutputPath", &location)?,
        parameters: match obj.get("Parameters") {
            Some(t) if !is_map => Some(Template::compile(t, &format!("{location}.Parameters"))?),
            _ => None,
        },
        result_selector: match obj.get("ResultSelector") {
            Some(t) => Some(Template::compile(t, &format!("{location}.ResultSelector"))?),
            None => None,
        },
        result_path: path_field(obj, "ResultPath", &location, true)?,
        retry: match obj.get("Retry") {
            Some(v) => parse_retry(v, &format!("{location}.Retry"))?,
            None => Vec::new(),
        },
        assign: match obj.get("Assign") {
            Some(a) => Some(compile_assign(a, &format!("{location}.Assign"))?),
            None => None,
        },
        catch: match obj.get("Catch") {
            Some(v) => parse_catch(v, &format!("{location}.Catch"), jsonata)?,
            None => Vec::new(),
        },
    };

    Ok(State {
        name: name.to_string(),
        kind,
        common,
        jsonata: None,
    })
}

/// A Task: its Resource, and its timeout and heartbeat (fixed, or read from the input).
fn task_state(f: &mut StateFields) -> Parsed {
    let (obj, location, jsonata) = (f.obj, f.location, f.jsonata);
    f.allow(
        true,
        &[
            "Resource",
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials",
        ],
    );
    let resource = req_str(obj, "Resource", location)?;
    if !resource.starts_with("arn:") {
        return Err(derr(
            format!("{location}.Resource"),
            format!("'{resource}' is not an ARN"),
        ));
    }
    let timeout = parse_seconds(
        obj,
        ("TimeoutSeconds", "TimeoutSecondsPath"),
        location,
        jsonata,
    )?;
    // Heartbeats come from activity workers and callback tasks; Lambda invocations
    // answer once, so the engine validates HeartbeatSeconds but never waits on it.
    let heartbeat = parse_seconds(
        obj,
        ("HeartbeatSeconds", "HeartbeatSecondsPath"),
        location,
        jsonata,
    )?;
    if let (Some(Dynamic::Fixed(h)), Some(Dynamic::Fixed(t))) = (&heartbeat, &timeout) {
        if h >= t {
            return Err(derr(
                format!("{location}.HeartbeatSeconds"),
                "must be smaller than TimeoutSeconds",
            ));
        }
    }
    Ok((false, StateKind::Task { resource, timeout }))
}

/// A Choice: its rules, in order, and its Default.
fn choice_state(f: &mut StateFields) -> Parsed {
    let (obj, location, jsonata) = (f.obj, f.location, f.jsonata);
    f.allow(false, &["Choices", "Default"]);
    let arr = obj
        .get("Choices")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| {
            derr(
                location,
                "\"Choices\" is required and must be a non-empty array",
            )
        })?;
    let choices = arr
        .iter()
        .enumerate()
        .map(|(i, c)| ChoiceRule::parse(c, &format!("{location}.Choices[{i}]"), jsonata))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        true,
        StateKind::Choice {
            choices,
            default: opt_str(obj, "Default", location)?,
        },
    ))
}

/// A Wait: exactly one of Seconds, SecondsPath, Timestamp, TimestampPath.
fn wait_state(f: &mut StateFields) -> Parsed {
    let (obj, location, jsonata) = (f.obj, f.location, f.jsonata);
    f.allow(
        true,
        &["Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
    );
    let given: Vec<&str> = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]
        .into_iter()
        .filter(|f| obj.contains_key(*f))
        .collect();
    if given.len() != 1 {
        return Err(derr(
            location,
            "exactly one of Seconds, SecondsPath, Timestamp, TimestampPath is required",
        ));
    }
    let wait = if obj.contains_key("Seconds") || obj.contains_key("SecondsPath") {
        let seconds = parse_count(obj, ("Seconds", "SecondsPath"), location, jsonata)?;
        WaitFor::Seconds(seconds.ok_or_else(|| derr(location, "needs Seconds"))?)
    } else {
        let timestamp = dynamic(
            obj,
            ("Timestamp", "TimestampPath"),
            location,
            jsonata,
            |v, loc| match v.as_str() {
                Some(ts) if parse_timestamp(ts).is_some() => Ok(ts.to_string()),
                _ => Err(derr(
                    loc,
                    "must be an ISO-8601 extended offset date-time such as 2026-01-01T00:00:00Z",
                )),
            },
        )?;
        WaitFor::Timestamp(timestamp.ok_or_else(|| derr(location, "needs Timestamp"))?)
    };
    Ok((false, StateKind::Wait { wait }))
}

/// A Fail: its Error and Cause, each fixed, a path, or an expression.
fn fail_state(f: &mut StateFields) -> Parsed {
    let (obj, location, jsonata) = (f.obj, f.location, f.jsonata);
    f.allowed
        .extend(["Error", "ErrorPath", "Cause", "CausePath"]);
    let text = |field: &str| -> Result<Option<FailText>, DefinitionError> {
        let path_field_name = format!("{field}Path");
        let loc = format!("{location}.{field}");
        match (obj.get(field), obj.get(&path_field_name)) {
            (Some(_), Some(_)) => Err(derr(
                location,
                format!("only one of \"{field}\" and \"{path_field_name}\" may be given"),
            )),
            (Some(v), None) => match expression_in(v, jsonata, &loc)? {
                Some(e) => Ok(Some(FailText::Expression(e))),
                None => match v {
                    Value::String(s) => Ok(Some(FailText::Fixed(s.clone()))),
                    _ => Err(derr(loc, "must be a string")),
                },
            },
            (None, Some(Value::String(path))) => {
                Ok(Some(FailText::Path(Box::new(Template::compile(
                    &serde_json::json!({"value.$": path}),
                    &format!("{location}.{path_field_name}"),
                )?))))
            }
            (None, Some(_)) => Err(derr(
                format!("{location}.{path_field_name}"),
                "must be a path or an intrinsic function",
            )),
            (None, None) => Ok(None),
        }
    };
    Ok((
        true,
        StateKind::Fail {
            error: text("Error")?,
            cause: text("Cause")?,
        },
    ))
}

/// A Parallel: its branches, each a state machine of its own.
fn parallel_state(f: &mut StateFields, all_names: &mut HashSet<String>) -> Parsed {
    let (obj, location, jsonata) = (f.obj, f.location, f.jsonata);
    f.allow(
        true,
        &[
            "Branches",
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
        ],
    );
    let arr = obj
        .get("Branches")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| {
            derr(
                location,
                "\"Branches\" is required and must be a non-empty array",
            )
        })?;
    let branches = arr
        .iter()
        .enumerate()
        .map(|(i, b)| {
            parse_machine(
                b,
                &format!("{location}.Branches[{i}]"),
                false,
                jsonata,
                all_names,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((false, StateKind::Parallel { branches }))
}

/// A Map's ProcessorConfig: INLINE (`None`), or DISTRIBUTED with its child executions'
/// type and label.
fn map_mode(
    obj: &Map<String, Value>,
    config: &Value,
    config_location: &str,
    location: &str,
) -> Result<Option<ChildExecutions>, DefinitionError> {
    let config = config
        .as_object()
        .ok_or_else(|| derr(config_location, "must be an object"))?;
    check_fields(config, &["Mode", "ExecutionType"], config_location)?;
    let execution_type = config.get("ExecutionType");
    match config.get("Mode").and_then(Value::as_str) {
        None | Some("INLINE") => match execution_type {
            Some(_) => Err(derr(
                format!("{config_location}.ExecutionType"),
                "is only for a DISTRIBUTED Map",
            )),
            None => Ok(None),
        },
        Some("DISTRIBUTED") => {
            let express = match execution_type.and_then(Value::as_str) {
                Some("STANDARD") => false,
                Some("EXPRESS") => true,
                _ => {
                    return Err(derr(
                        format!("{config_location}.ExecutionType"),
                        "a DISTRIBUTED Map needs \"STANDARD\" or \"EXPRESS\"",
                    ))
                }
            };
            Ok(Some(ChildExecutions {
                express,
                label: map_label(obj, location)?,
            }))
        }
        Some(_) => Err(derr(
            format!("{config_location}.Mode"),
            "must be \"INLINE\" or \"DISTRIBUTED\"",
        )),
    }
}

/// A Map: inline or distributed, its item source, selector, batching, concurrency and
/// failure tolerance, and the state machine each item runs.
fn map_state(f: &mut StateFields, all_names: &mut HashSet<String>) -> Parsed {
    let (obj, location, jsonata) = (f.obj, f.location, f.jsonata);
    f.allow(
        true,
        &[
            "ItemsPath",
            "ItemSelector",
            "Parameters",
            "ItemProcessor",
            "Iterator",
            "MaxConcurrency",
            "MaxConcurrencyPath",
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            "ItemBatcher",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "Label",
            "ItemReader",
            "ResultWriter",
        ],
    );
    for unsupported in ["ItemReader", "ResultWriter"] {
        if obj.contains_key(unsupported) {
            return Err(derr(format!("{location}.{unsupported}"), format!("reads or writes Amazon S3, which the local engine does not reach; a distributed Map over items from the state input (ItemsPath or Items) runs without {unsupported}")));
        }
    }
    let (processor_field, processor_value) = match (obj.get("ItemProcessor"), obj.get("Iterator")) {
        (Some(p), None) => ("ItemProcessor", p),
        (None, Some(i)) => ("Iterator", i),
        (Some(_), Some(_)) => {
            return Err(derr(
                location,
                "give \"ItemProcessor\" or \"Iterator\", not both",
            ))
        }
        (None, None) => return Err(derr(location, "\"ItemProcessor\" is required")),
    };
    let mut processor_value = processor_value.clone();
    let distributed = match processor_value
        .as_object_mut()
        .and_then(|o| o.remove("ProcessorConfig"))
    {
        Some(config) => map_mode(
            obj,
            &config,
            &format!("{location}.{processor_field}.ProcessorConfig"),
            location,
        )?,
        None => None,
    };
    let processor = parse_machine(
        &processor_value,
        &format!("{location}.{processor_field}"),
        false,
        jsonata,
        all_names,
    )?;
    let selector = match (obj.get("ItemSelector"), obj.get("Parameters")) {
        (Some(_), Some(_)) => {
            return Err(derr(
                location,
                "give \"ItemSelector\" or \"Parameters\", not both",
            ))
        }
        (a, b) => a.or(b).cloned(),
    };
    let selector = match &selector {
        Some(t) => Some(Template::compile(t, &format!("{location}.ItemSelector"))?),
        None => None,
    };
    let max_concurrency = parse_count(
        obj,
        ("MaxConcurrency", "MaxConcurrencyPath"),
        location,
        jsonata,
    )?;
    let tolerated_failure_count = parse_count(
        obj,
        ("ToleratedFailureCount", "ToleratedFailureCountPath"),
        location,
        jsonata,
    )?;
    let tolerated_failure_percentage = dynamic(
        obj,
        (
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
        ),
        location,
        jsonata,
        |v, loc| {
            v.as_f64()
                .filter(|p| (0.0..=100.0).contains(p))
                .ok_or_else(|| derr(loc, "must be a number from 0 to 100"))
        },
    )?;
    let batcher = match obj.get("ItemBatcher") {
        None => None,
        Some(b) => Some(Box::new(item_batcher(
            b,
            &format!("{location}.ItemBatcher"),
            jsonata,
        )?)),
    };
    let items_path = match obj.get("ItemsPath") {
        Some(v) => Some(parse_ref(v, &format!("{location}.ItemsPath"))?),
        None => None,
    };
    Ok((
        false,
        StateKind::Map(Box::new(MapSpec {
            items_path,
            item_selector: selector,
            processor,
            max_concurrency,
            distributed,
            tolerated_failure_count,
            tolerated_failure_percentage,
            batcher,
        })),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error_of(def: Value) -> String {
        StateMachine::from_value(&def).unwrap_err().to_string()
    }

    #[test]
    fn names_the_state_and_field_of_each_problem() {
        let e = error_of(
            json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Nxt": "B", "End": true}}}),
        );
        assert_eq!(e, "state 'A'.Nxt: is not a field this object can have");
        let e = error_of(json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}));
        assert!(e.contains("transitions to 'B'"), "{e}");
        let e = error_of(json!({"StartAt": "A", "States": {"A": {"Type": "Pass"}}}));
        assert!(e.contains("needs \"Next\""), "{e}");
        let e = error_of(
            json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}),
        );
        assert!(
            e.contains("state 'B'") && e.contains("not reachable"),
            "{e}"
        );
        let e = error_of(
            json!({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:x", "End": true,
            "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}]}}}),
        );
        assert!(e.contains("Retry[0]") && e.contains("last"), "{e}");
        let e = error_of(
            json!({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:x:1:function:f", "End": true,
            "TimeoutSeconds": 10, "HeartbeatSeconds": 10}}}),
        );
        assert!(e.contains("HeartbeatSeconds"), "{e}");
        let e = error_of(
            json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Parameters": {"x.$": "nope"}}}}),
        );
        assert!(e.contains("Parameters") && e.contains("x.$"), "{e}");
    }
}
