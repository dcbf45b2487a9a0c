//! A state's data flow, in either query language. The executor runs one pipeline for
//! every state — effective input → arguments → the state's own work → output → assigned
//! variables — and asks a [`Frame`] for each step. The query language is the frame's
//! strategy: JSONPath reads `InputPath`, `Parameters`, `ResultSelector`, `ResultPath`,
//! `OutputPath` and the `…Path` fields; JSONata evaluates `Arguments`, `Output` and the
//! `{% %}` fields against `$states`. A rule about data flow is written here once for both.
//!
//! Invariant: nothing here changes the variables. [`Frame::assignments`] computes what a
//! state assigns against the variables as they were when the state was entered; the
//! executor sets them after the state's output is made, as Step Functions does (a
//! state's `OutputPath` or `Output` sees the old values).

use crate::choice::ChoiceRule;
use crate::definition::{
    parse_timestamp, Catcher, Common, Dynamic, FailText, JsonataFields, MapSpec, PathField, State,
    WaitFor,
};
use crate::error::{names, Failure};
use crate::jsonata;
use crate::path::{PathError, ValueRef, Variables};
use crate::payload::{apply_template, Template};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::sync::OnceLock;
use std::time::Duration;

/// Where a state's `…Path` fields are read from besides its input: the context object
/// (`Null` unless the state reads it, see `needs_context` in the executor) and the
/// workflow variables.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub context: &'a Value,
    pub vars: &'a Variables,
}

/// An integer field a state reads at run time, with the words Step Functions uses for a
/// bad value of it.
#[derive(Clone, Copy)]
pub(crate) enum IntegerField {
    /// A Task's `TimeoutSeconds`: a positive integer.
    TaskTimeout,
    /// A Wait's `Seconds`.
    WaitSeconds,
    /// A Map's MaxConcurrency, ToleratedFailureCount, or an ItemBatcher limit:
    /// its name in messages, and the field name a JSONata failure reports.
    Map(&'static str, &'static str),
}

impl IntegerField {
    fn jsonata_name(self) -> &'static str {
        match self {
            IntegerField::TaskTimeout => "TimeoutSeconds",
            IntegerField::WaitSeconds => "Seconds",
            IntegerField::Map(_, field) => field,
        }
    }

    /// The value a `…Path` form of the field found, as an integer.
    fn read_from(self, r: &ValueRef, input: &Value, scope: Scope) -> Result<u64, Failure> {
        match self {
            IntegerField::TaskTimeout => {
                let v = read_path(r, input, scope)?;
                v.as_u64().filter(|s| *s > 0).ok_or_else(|| {
                    Failure::runtime(format!(
                        "The TimeoutSecondsPath field refers to value \"{}\" which is not a valid positive integer: {r}",
                        shown(&v)
                    ))
                })
            }
            IntegerField::WaitSeconds => {
                let v = read_ref(r, input, scope).map_err(|_| {
                    Failure::runtime(format!(
                        "The SecondsPath parameter does not reference an input value: {r}"
                    ))
                })?;
                match (v.as_u64(), v.as_i64()) {
                    (Some(secs), _) => Ok(secs),
                    (None, Some(_)) => Err(Failure::runtime(format!(
                        "The SecondsPath parameter references a negative value: {r} == {}",
                        shown(&v)
                    ))),
                    _ => Err(Failure::runtime(format!(
                        "The SecondsPath parameter cannot be parsed as a long value: {r} == {}",
                        shown(&v)
                    ))),
                }
            }
            IntegerField::Map(name, _) => {
                let v = read_path(r, input, scope)?;
                let n = match &v {
                    Value::Number(n) => n.as_i64(),
                    Value::String(s) => s.trim().parse::<i64>().ok(),
                    _ => None,
                };
                match n {
                    Some(n) if n >= 0 => Ok(n as u64),
                    Some(n) if name == "MaxConcurrency" => Err(Failure::runtime(format!(
                        "Expected non-negative integer for MaxConcurrency, got '{n}' instead."
                    ))),
                    Some(_) => Err(Failure::runtime(format!("{name} cannot be negative."))),
                    None => Err(Failure::runtime(format!(
                        "The {name}Path field refers to value \"{}\" which is not a valid integer: {r}",
                        shown(&v)
                    ))),
                }
            }
        }
    }
}

/// What one state's fields are evaluated against: its raw input, its effective input
/// (after InputPath in JSONPath; the raw input in JSONata), the context object, and
/// `$states` for JSONata, built once when first needed.
pub(crate) struct Frame<'a> {
    state: &'a State,
    raw_input: &'a Value,
    effective: Cow<'a, Value>,
    context: Value,
    states: OnceLock<Value>,
}

impl<'a> Frame<'a> {
    /// Enters a state: applies its InputPath (JSONPath) with `context` as `$$`.
    pub fn enter(
        state: &'a State,
        raw_input: &'a Value,
        context: Value,
        vars: &Variables,
    ) -> Result<Frame<'a>, Failure> {
        let effective = match (&state.jsonata, &state.common.input_path) {
            (Some(_), _) | (None, PathField::Default) => Cow::Borrowed(raw_input),
            (None, field) => Cow::Owned(in_or_out_path(
                field,
                raw_input,
                Scope {
                    context: &context,
                    vars,
                },
            )?),
        };
        Ok(Frame {
            state,
            raw_input,
            effective,
            context,
            states: OnceLock::new(),
        })
    }

    /// A new attempt of a retried state: the context object with its RetryCount.
    pub fn retry_with(&mut self, context: Value) {
        self.context = context;
        self.states = OnceLock::new();
    }

    fn common(&self) -> &'a Common {
        &self.state.common
    }

    fn jsonata(&self) -> Option<&'a JsonataFields> {
        self.state.jsonata.as_deref()
    }

    fn scope<'b>(&'b self, vars: &'b Variables) -> Scope<'b> {
        Scope {
            context: &self.context,
            vars,
        }
    }

    /// `$states` for a JSONata expression: the state input and the context object.
    fn states(&self) -> &Value {
        self.states
            .get_or_init(|| json!({"input": self.raw_input, "context": self.context}))
    }

    /// `$states` with the result (`result`) or the error output (`errorOutput`).
    fn states_with(&self, key: &str, value: Option<&Value>) -> Cow<'_, Value> {
        match value {
            None => Cow::Borrowed(self.states()),
            Some(v) => {
                let mut states = self.states().clone();
                states[key] = v.clone();
                Cow::Owned(states)
            }
        }
    }

    /// What a Task calls its resource with, or a Parallel gives its branches: JSONata's
    /// Arguments (a Task without them sends `{}`), or JSONPath's Parameters applied to the
    /// effective input.
    pub fn arguments(&self, is_task: bool, vars: &Variables) -> Result<Value, Failure> {
        match self.jsonata() {
            Some(j) => match &j.arguments {
                Some(t) => jsonata::evaluate_template(t, "Arguments", self.states(), vars),
                None if is_task => Ok(json!({})),
                None => Ok(self.raw_input.clone()),
            },
            None => match &self.common().parameters {
                Some(t) => apply_template(t, &self.effective, &self.context, vars),
                None => Ok(self.effective.clone().into_owned()),
            },
        }
    }

    /// A Pass state's result: its Result, or Parameters applied to the effective input,
    /// or the effective input. A JSONata Pass has none (its Output reads the input).
    pub fn pass_result(
        &self,
        result: &Option<Value>,
        vars: &Variables,
    ) -> Result<Option<Value>, Failure> {
        if self.jsonata().is_some() {
            return Ok(None);
        }
        Ok(Some(match result {
            Some(r) => r.clone(),
            None => self.arguments(false, vars)?,
        }))
    }

    /// The state's output from its result (`None` for a state without one: Wait,
    /// Succeed), and the variables `assign` sets: JSONata's Output and Assign with one
    /// `$states.result`, or JSONPath's ResultSelector, ResultPath and OutputPath, and
    /// Assign with `$` the result (or the effective input).
    pub fn outcome(
        &self,
        assign: &Option<Template>,
        result: Option<&Value>,
        vars: &Variables,
    ) -> Result<(Value, Option<Variables>), Failure> {
        let states = self.jsonata().map(|_| self.states_with("result", result));
        let assigned = self.assign_in(assign, result, states.as_deref(), vars)?;
        let template = self.jsonata().and_then(|j| j.output.as_ref());
        let output = self.output_in(template, result, states.as_deref(), vars)?;
        Ok((output, assigned))
    }

    /// A Choice state's output and the variables it assigns: the matched rule's Assign
    /// (the state's on the Default branch), and the matched JSONata rule's own Output
    /// in place of the state's, if it has one.
    pub fn choice_outcome(
        &self,
        rule: Option<&ChoiceRule>,
        vars: &Variables,
    ) -> Result<(Value, Option<Variables>), Failure> {
        let states = self.jsonata().map(|_| self.states());
        let assign = rule.map_or(&self.common().assign, |r| &r.assign);
        let assigned = self.assign_in(assign, None, states, vars)?;
        let template = rule
            .and_then(|r| r.output.as_ref())
            .or_else(|| self.jsonata().and_then(|j| j.output.as_ref()));
        let output = self.output_in(template, None, states, vars)?;
        Ok((output, assigned))
    }

    /// The output; `states` is `$states` in a JSONata state, `None` in a JSONPath one.
    fn output_in(
        &self,
        template: Option<&Value>,
        result: Option<&Value>,
        states: Option<&Value>,
        vars: &Variables,
    ) -> Result<Value, Failure> {
        if let Some(states) = states {
            return match template {
                Some(t) => jsonata::evaluate_template(t, "Output", states, vars),
                None => Ok(result.unwrap_or(self.raw_input).clone()),
            };
        }
        let common = self.common();
        let merged = match result {
            Some(result) => {
                let selected = match &common.result_selector {
                    Some(t) => apply_template(t, result, &self.context, vars)?,
                    None => result.clone(),
                };
                result_path(&common.result_path, self.raw_input, selected)?
            }
            None => self.effective.clone().into_owned(),
        };
        match &common.output_path {
            PathField::Default => Ok(merged),
            field => in_or_out_path(field, &merged, self.scope(vars)),
        }
    }

    /// The variables an `Assign` sets, evaluated against the variables as they are:
    /// with `states` in JSONata, or in JSONPath with `$` the `dollar` value (the
    /// effective input when there is none).
    fn assign_in(
        &self,
        assign: &Option<Template>,
        dollar: Option<&Value>,
        states: Option<&Value>,
        vars: &Variables,
    ) -> Result<Option<Variables>, Failure> {
        let Some(template) = assign else {
            return Ok(None);
        };
        let values = match states {
            Some(states) => jsonata::evaluate_template(template, "Assign", states, vars)?,
            None => apply_template(
                template,
                dollar.unwrap_or(&self.effective),
                &self.context,
                vars,
            )?,
        };
        Ok(match values {
            Value::Object(values) => Some(values),
            _ => None,
        })
    }

    /// A Catcher's output and the variables it assigns, from the error output
    /// `{"Error", "Cause"}`: JSONata's Output with `$states.errorOutput`, or JSONPath's
    /// ResultPath into the raw input.
    pub fn caught(
        &self,
        catcher: &Catcher,
        error_output: &Value,
        vars: &Variables,
    ) -> Result<(Value, Option<Variables>), Failure> {
        if self.jsonata().is_some() {
            let states = self.states_with("errorOutput", Some(error_output));
            let output = match &catcher.output {
                Some(t) => jsonata::evaluate_template(t, "Output", &states, vars)?,
                None => error_output.clone(),
            };
            let assigned = self.assign_in(&catcher.assign, None, Some(&states), vars)?;
            return Ok((output, assigned));
        }
        let assigned = self.assign_in(&catcher.assign, Some(error_output), None, vars)?;
        let output = result_path(&catcher.result_path, self.raw_input, error_output.clone())?;
        Ok((output, assigned))
    }

    /// The first Choice rule that matches, if any.
    pub fn choose<'r>(
        &self,
        rules: &'r [ChoiceRule],
        vars: &Variables,
    ) -> Result<Option<&'r ChoiceRule>, Failure> {
        for rule in rules {
            let hit = match rule.jsonata_condition() {
                Some(condition) => {
                    match jsonata::evaluate_template(condition, "Condition", self.states(), vars)? {
                        Value::Bool(b) => b,
                        other => {
                            return Err(Failure::new(
                                names::QUERY_EVALUATION_ERROR,
                                format!("A Choice Condition must be true or false, got {other}"),
                            ))
                        }
                    }
                }
                None => rule
                    .matches(&self.effective, &self.context, vars)
                    .map_err(|e| Failure::runtime(format!("{e} '{}'", self.effective)))?,
            };
            if hit {
                return Ok(Some(rule));
            }
        }
        Ok(None)
    }

    /// An integer field the state may leave out.
    pub fn optional_integer(
        &self,
        field: IntegerField,
        value: &Option<Dynamic<u64>>,
        vars: &Variables,
    ) -> Result<Option<u64>, Failure> {
        value
            .as_ref()
            .map(|v| self.integer(field, v, vars))
            .transpose()
    }

    /// An integer field: given, read from its `…Path` form, or a JSONata expression.
    pub fn integer(
        &self,
        field: IntegerField,
        value: &Dynamic<u64>,
        vars: &Variables,
    ) -> Result<u64, Failure> {
        match value {
            Dynamic::Fixed(n) => Ok(*n),
            Dynamic::Path(r) => field.read_from(r, &self.effective, self.scope(vars)),
            Dynamic::Expression(e) => {
                let name = field.jsonata_name();
                let v = jsonata::evaluate_template(e, name, self.states(), vars)?;
                v.as_u64().ok_or_else(|| {
                    Failure::new(
                        names::QUERY_EVALUATION_ERROR,
                        format!("The field '{name}' must be a non-negative integer, got {v}"),
                    )
                })
            }
        }
    }

    /// A Map's ToleratedFailurePercentage, from 0 to 100.
    pub fn percentage(&self, value: &Dynamic<f64>, vars: &Variables) -> Result<f64, Failure> {
        const FIELD: &str = "ToleratedFailurePercentage";
        match value {
            Dynamic::Fixed(p) => Ok(*p),
            Dynamic::Path(r) => {
                let v = read_path(r, &self.effective, self.scope(vars))?;
                let n = match &v {
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => s.trim().parse::<f64>().ok(),
                    _ => None,
                };
                match n {
                    Some(x) if (0.0..=100.0).contains(&x) => Ok(x),
                    Some(_) => Err(Failure::runtime(format!(
                        "{FIELD} must be between 0 and 100."
                    ))),
                    None => Err(Failure::runtime(format!(
                        "The {FIELD}Path field refers to value \"{}\" which is not a valid float: {r}",
                        shown(&v)
                    ))),
                }
            }
            Dynamic::Expression(e) => {
                let v = jsonata::evaluate_template(e, FIELD, self.states(), vars)?;
                match v.as_f64() {
                    Some(p) if (0.0..=100.0).contains(&p) => Ok(p),
                    _ => Err(Failure::new(
                        names::QUERY_EVALUATION_ERROR,
                        format!("The field '{FIELD}' must be a number from 0 to 100, got {v}"),
                    )),
                }
            }
        }
    }

    /// How long a Wait state waits from `now`.
    pub fn delay(
        &self,
        wait: &WaitFor,
        now: DateTime<Utc>,
        vars: &Variables,
    ) -> Result<Duration, Failure> {
        let timestamp = match wait {
            WaitFor::Seconds(s) => {
                let secs = self.integer(IntegerField::WaitSeconds, s, vars)?;
                return checked_delay(Duration::from_secs(secs));
            }
            WaitFor::Timestamp(t) => t,
        };
        let delay = match timestamp {
            // Checked when the definition was read.
            Dynamic::Fixed(ts) => until(ts, now).unwrap_or(Duration::ZERO),
            Dynamic::Path(r) => {
                let v = read_ref(r, &self.effective, self.scope(vars)).map_err(|_| {
                    Failure::runtime(format!(
                        "The TimestampPath parameter does not reference an input value: {r}"
                    ))
                })?;
                v.as_str().and_then(|ts| until(ts, now)).ok_or_else(|| {
                    Failure::runtime(format!(
                        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {r} == {}",
                        shown(&v)
                    ))
                })?
            }
            Dynamic::Expression(e) => {
                match jsonata::evaluate_template(e, "Timestamp", self.states(), vars)? {
                    Value::String(ts) => until(&ts, now).ok_or_else(|| {
                        Failure::new(
                            names::QUERY_EVALUATION_ERROR,
                            format!("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {ts}"),
                        )
                    })?,
                    other => {
                        return Err(Failure::new(
                            names::QUERY_EVALUATION_ERROR,
                            format!("The field 'Timestamp' must be a timestamp string, got {other}"),
                        ))
                    }
                }
            }
        };
        checked_delay(delay)
    }

    /// A Fail state's Error or Cause (`what`); empty when the state gives none.
    pub fn fail_text(
        &self,
        text: &Option<FailText>,
        what: &str,
        vars: &Variables,
    ) -> Result<String, Failure> {
        match text {
            None => Ok(String::new()),
            Some(FailText::Fixed(s)) => Ok(s.clone()),
            Some(FailText::Expression(e)) => {
                match jsonata::evaluate_template(e, what, self.states(), vars)? {
                    Value::String(s) => Ok(s),
                    other => Ok(other.to_string()),
                }
            }
            Some(FailText::Path(t)) => {
                let path = t.get("value.$").map(shown).unwrap_or_default();
                let not_found = || {
                    Failure::runtime(format!(
                        "The JSONPath '{path}' specified for the field '{what}Path' could not be found in the input '{}'",
                        self.raw_input
                    ))
                };
                let value = apply_template(t, self.raw_input, &self.context, vars)
                    .map_err(|_| not_found())?;
                match value.get("value") {
                    Some(Value::String(s)) => Ok(s.clone()),
                    Some(other) => Err(Failure::runtime(format!(
                        "The {what}Path field refers to value \"{other}\" which is not a valid string: {path}"
                    ))),
                    None => Err(not_found()),
                }
            }
        }
    }

    /// A Map's items: JSONata's Items (or the input), or what ItemsPath selects from the
    /// effective input (or the effective input).
    pub fn items(&self, spec: &MapSpec, vars: &Variables) -> Result<Vec<Value>, Failure> {
        let items = match (self.jsonata(), &spec.items_path) {
            (Some(j), _) => match &j.items {
                Some(t) => {
                    let v = jsonata::evaluate_template(t, "Items", self.states(), vars)?;
                    if !v.is_array() {
                        let expr = t
                            .as_str()
                            .and_then(jsonata::expression)
                            .map_or_else(|| t.to_string(), str::to_string);
                        return Err(Failure::new(
                            names::QUERY_EVALUATION_ERROR,
                            format!("The JSONata expression '{expr}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '{}' for value: {v}", json_type(&v)),
                        ));
                    }
                    v
                }
                None if self.raw_input.is_array() => self.raw_input.clone(),
                None => {
                    return Err(Failure::new(
                        names::QUERY_EVALUATION_ERROR,
                        format!(
                            "Map state input must be an array but was: {}",
                            self.raw_input
                        ),
                    ))
                }
            },
            (None, Some(p)) => read_path(p, &self.effective, self.scope(vars))?,
            (None, None) => self.effective.clone().into_owned(),
        };
        match items {
            Value::Array(items) => Ok(items),
            other => Err(Failure::runtime(format!(
                "Map state input must be an array but was: {other}"
            ))),
        }
    }

    /// One item through the Map's ItemSelector, which sees it as `$$.Map.Item`.
    pub fn select_item(
        &self,
        selector: &Template,
        index: usize,
        item: &Value,
        vars: &Variables,
    ) -> Result<Value, Failure> {
        let mut context = self.context.clone();
        context["Map"] = json!({"Item": {"Index": index, "Value": item}});
        match self.jsonata() {
            Some(_) => jsonata::evaluate_template(
                selector,
                "ItemSelector",
                &json!({"input": self.raw_input, "context": context}),
                vars,
            ),
            None => apply_template(selector, &self.effective, &context, vars),
        }
    }

    /// An ItemBatcher's BatchInput.
    pub fn batch_input(&self, template: &Template, vars: &Variables) -> Result<Value, Failure> {
        match self.jsonata() {
            Some(_) => {
                jsonata::evaluate_template(template, "ItemBatcher/BatchInput", self.states(), vars)
            }
            None => apply_template(template, &self.effective, &self.context, vars),
        }
    }
}

/// Reads a `…Path` field (`$.a`, `$$.Execution.Input` or `$name.a`).
fn read_ref(r: &ValueRef, input: &Value, scope: Scope) -> Result<Value, PathError> {
    r.read(input, scope.context, scope.vars)
}

/// Reads a `…Path` field that must find something; Step Functions' "Invalid path"
/// failure if it does not.
fn read_path(r: &ValueRef, input: &Value, scope: Scope) -> Result<Value, Failure> {
    read_ref(r, input, scope).map_err(|_| {
        Failure::runtime(format!(
            "Invalid path '{r}' : {}",
            r.explain_missing(input, scope.context, scope.vars)
        ))
    })
}

fn in_or_out_path(field: &PathField, value: &Value, scope: Scope) -> Result<Value, Failure> {
    match field {
        PathField::Default => Ok(value.clone()),
        PathField::Null => Ok(json!({})),
        PathField::Path(p) => p.read(value).map_err(|_| {
            Failure::runtime(format!("Invalid path '{p}' : {}", p.explain_missing(value)))
        }),
        PathField::Ref(r) => read_path(r, value, scope),
    }
}

fn result_path(field: &PathField, raw_input: &Value, result: Value) -> Result<Value, Failure> {
    match field {
        PathField::Default => Ok(result),
        PathField::Null => Ok(raw_input.clone()),
        // Refused when the definition is read: ResultPath only writes into the input.
        PathField::Ref(r) => Err(Failure::runtime(format!(
            "ResultPath '{r}' must be a path into the state input"
        ))),
        PathField::Path(p) if p.is_root() => Ok(result),
        PathField::Path(p) => {
            let mut merged = raw_input.clone();
            p.write(&mut merged, result).map_err(|_| {
                Failure::new(
                    names::RESULT_PATH_MATCH_FAILURE,
                    format!("Unable to apply ResultPath \"{p}\" to input \"{raw_input}\""),
                )
            })?;
            Ok(merged)
        }
    }
}

/// How long from `now` until the Wait's timestamp `ts`; `None` if `ts` is not one.
fn until(ts: &str, now: DateTime<Utc>) -> Option<Duration> {
    parse_timestamp(ts).map(|target| (target - now).to_std().unwrap_or(Duration::ZERO))
}

/// Step Functions refuses a Wait longer than 2^31 - 1 seconds (about 68 years).
fn checked_delay(delay: Duration) -> Result<Duration, Failure> {
    if delay.as_secs() > i32::MAX as u64 {
        return Err(Failure::runtime("Wait state delay is too long."));
    }
    Ok(delay)
}

/// A value as Step Functions quotes it in a cause: strings as they are, the rest as JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The type name Step Functions gives a JSON value in its messages.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
