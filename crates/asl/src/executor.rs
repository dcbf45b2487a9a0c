//! Running a state machine: state transitions, input/output processing, Retry and
//! Catch, timeouts, Parallel branches and the event history.

use crate::dataflow::{Frame, IntegerField};
use crate::definition::{
    ChildExecutions, Dynamic, FailText, MapSpec, PathField, Retrier, State, StateKind,
    StateMachine, WaitFor,
};
use crate::error::{names, Failure};
use crate::faults::{FaultKind, Faults};
use crate::history::{Clock, EventDetails, History, HistoryEvent, Observer};
use crate::path::{ValueRef, Variables};
use crate::payload::Template;
use chrono::{DateTime, Utc};
use futures::future::{try_join_all, BoxFuture};
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Step Functions' limit on a state's input or output.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// Step Functions' limit on the events of one STANDARD execution's history.
pub const MAX_HISTORY_EVENTS: usize = 25_000;

/// Step Functions' limit on the duration of an EXPRESS execution: five minutes.
pub const EXPRESS_MAX_DURATION: Duration = Duration::from_secs(300);

/// Step Functions' limit on the duration of a STANDARD execution: one year.
pub const STANDARD_MAX_DURATION: Duration = Duration::from_secs(365 * 24 * 3600);

/// The two kinds of state machine, with their quotas: a STANDARD execution fails when its
/// history would pass [`MAX_HISTORY_EVENTS`]; an EXPRESS one keeps no such count but times
/// out after [`EXPRESS_MAX_DURATION`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ExecutionType {
    #[default]
    Standard,
    Express,
}

/// Task timeout when a Task sets none (Step Functions' default is 99999999 s).
const DEFAULT_TASK_TIMEOUT_SECONDS: u64 = 99_999_999;

/// How a Lambda function invocation failed.
#[derive(Debug, Clone, PartialEq)]
pub enum InvokeError {
    /// The function ran and returned an error (`errorType`, `errorMessage`).
    Function { error_type: String, message: String },
    /// No function of that name exists.
    NotFound,
}

/// Runs Lambda functions by name or ARN: local handlers offline, the Lambda API on AWS.
pub trait LambdaInvoker: Send + Sync {
    fn invoke<'a>(
        &'a self,
        function: &'a str,
        payload: Value,
    ) -> BoxFuture<'a, Result<Value, InvokeError>>;
}

/// How an execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExecutionStatus {
    Succeeded,
    Failed,
    TimedOut,
    Aborted,
}

/// The result of an execution, with its full history.
#[derive(Debug, Clone, Serialize)]
pub struct Execution {
    pub status: ExecutionStatus,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    #[serde(skip)]
    pub history: Vec<HistoryEvent>,
    /// Set when the journal could not persist the end of the execution.
    #[serde(skip)]
    pub journal_error: Option<String>,
}

/// Where an execution is about to go: the top-level state it will run next, with that
/// state's input and the variables in scope. Saved before every top-level state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub state: String,
    pub input: Value,
    pub variables: Variables,
}

/// Persists an execution's progress so that a killed process can resume it and a failed
/// execution can be redriven. Events are handed over in order, each exactly once.
pub trait Journal: Send + Sync {
    fn checkpoint(
        &self,
        execution: &str,
        new_events: &[HistoryEvent],
        next: &Checkpoint,
    ) -> Result<(), String>;
    fn finish(
        &self,
        execution: &str,
        new_events: &[HistoryEvent],
        result: &Execution,
    ) -> Result<(), String>;
}

/// Continue an execution from a checkpoint instead of starting it.
#[derive(Debug, Clone)]
pub struct Resume {
    pub checkpoint: Checkpoint,
    /// The events recorded so far; new events continue their numbering.
    pub events: Vec<HistoryEvent>,
    /// The execution's original input and start time (for `$$.Execution`).
    pub original_input: Value,
    pub start_time: String,
    /// A redrive (after a failure) rather than a resume (after the process died).
    pub redrive: bool,
}

/// Names, observers and persistence for one execution.
#[derive(Clone)]
pub struct ExecutionOptions {
    pub name: String,
    pub state_machine_name: String,
    pub observer: Option<Observer>,
    pub journal: Option<Arc<dyn Journal>>,
    pub resume: Option<Resume>,
    /// Faults to inject into states by name ([`crate::faults`]).
    pub faults: Option<Arc<Faults>>,
    pub execution_type: ExecutionType,
}

/// A state's injected fault as the failure the state sees: its error, or `States.Timeout`
/// for `hang`, as the state's TimeoutSeconds would raise it.
fn state_fault(faults: Option<&Arc<Faults>>, state: &str) -> Option<Failure> {
    let error = match faults?.take(state)? {
        FaultKind::Error(error) => error,
        FaultKind::Hang => "States.Timeout".into(),
        // Only a step's handler can panic; a definition's state fails as a Task would.
        FaultKind::Panic => "States.TaskFailed".into(),
    };
    Some(Failure::new(
        error,
        format!("fault injected into state '{state}'"),
    ))
}

impl ExecutionOptions {
    pub fn named(name: impl Into<String>) -> ExecutionOptions {
        ExecutionOptions {
            name: name.into(),
            state_machine_name: "StateMachine".into(),
            observer: None,
            journal: None,
            resume: None,
            faults: None,
            execution_type: ExecutionType::Standard,
        }
    }
}

/// The interpreter. Cheap to share; one engine runs many executions.
#[derive(Clone)]
pub struct Engine {
    invoker: Arc<dyn LambdaInvoker>,
}

struct Run<'a> {
    engine: &'a Engine,
    history: History,
    execution: Value,
    state_machine: Value,
    seed: AtomicU64,
    name: String,
    journal: Option<Arc<dyn Journal>>,
    faults: Option<Arc<Faults>>,
    persisted: std::sync::atomic::AtomicUsize,
}

/// An inline Map runs at most this many iterations at once, whatever its MaxConcurrency
/// ("In this mode, the Map state supports up to 40 concurrent iterations": the
/// developer guide, Using Map state in Inline mode). It also bounds the memory that
/// iterations in flight take.
pub const INLINE_MAP_MAX_CONCURRENCY: usize = 40;

/// A distributed Map runs at most this many child executions at once here, whatever its
/// MaxConcurrency (Step Functions' default is 10,000): results come back in item order
/// either way, and it bounds the memory children in flight take.
pub const DISTRIBUTED_MAP_MAX_CONCURRENCY: usize = 40;

/// The region and account in the ARNs of local executions.
const REGION_ACCOUNT: &str = "local:000000000000";

fn state_machine_arn(state_machine: &str) -> String {
    format!("arn:aws:states:{REGION_ACCOUNT}:stateMachine:{state_machine}")
}

fn execution_arn(state_machine: &str, execution: &str) -> String {
    format!("arn:aws:states:{REGION_ACCOUNT}:execution:{state_machine}:{execution}")
}

/// How many failed items a Map tolerates: `ToleratedFailureCount`,
/// `ToleratedFailurePercentage` of all its items, or (neither given) none.
struct Tolerance {
    count: Option<u64>,
    percentage: Option<f64>,
    items: usize,
}

impl Tolerance {
    fn given(&self) -> bool {
        self.count.is_some() || self.percentage.is_some()
    }

    fn exceeded_by(&self, failed_items: usize) -> bool {
        if !self.given() {
            return failed_items > 0;
        }
        self.count.is_some_and(|n| failed_items as u64 > n)
            || self.percentage.is_some_and(|p| {
                self.items > 0 && failed_items as f64 * 100.0 / self.items as f64 > p
            })
    }

    fn exceeded() -> Failure {
        Failure::new(
            names::EXCEED_TOLERATED_FAILURE_THRESHOLD,
            "The specified tolerated failure threshold was exceeded",
        )
    }
}

/// The most events a run of pure states records before a checkpoint is taken anyway: it
/// bounds the work a resume repeats, while a checkpoint costs one transaction.
pub const CHECKPOINT_EVERY_EVENTS: usize = 4096;

/// The details of a `…StateEntered` event, serialised from borrowed data.
#[derive(Serialize)]
struct StateEntered<'a> {
    name: &'a str,
    input: &'a Value,
}

/// The details of a `…StateExited` event.
#[derive(Serialize)]
struct StateExited<'a> {
    name: &'a str,
    output: &'a Value,
}

enum Transition {
    Next(String, Value),
    End(Value),
}

impl Transition {
    /// To `next` with `output`, or the end of the machine when there is no next state.
    fn to(next: Option<String>, output: Value) -> Transition {
        match next {
            Some(n) => Transition::Next(n, output),
            None => Transition::End(output),
        }
    }
}

impl Engine {
    pub fn new(invoker: Arc<dyn LambdaInvoker>) -> Engine {
        Engine { invoker }
    }

    /// Runs `machine` on `input` to the end. Never panics on bad input: every problem
    /// becomes a FAILED execution with Step Functions' error name.
    pub async fn execute(
        &self,
        machine: &StateMachine,
        input: Value,
        options: ExecutionOptions,
    ) -> Execution {
        let clock = Clock::start();
        let prior = options
            .resume
            .as_ref()
            .map(|r| r.events.clone())
            .unwrap_or_default();
        let persisted_before = prior.len();
        let history = History::resumed(clock, options.observer.clone(), prior).with_limit(
            (options.execution_type == ExecutionType::Standard).then_some(MAX_HISTORY_EVENTS),
        );
        let start_time = options
            .resume
            .as_ref()
            .map(|r| r.start_time.clone())
            .unwrap_or_else(|| timestamp(clock.now()));
        let original_input = options
            .resume
            .as_ref()
            .map(|r| r.original_input.clone())
            .unwrap_or_else(|| input.clone());
        let sm_arn = state_machine_arn(&options.state_machine_name);
        let run = Run {
            engine: self,
            history: history.clone(),
            execution: json!({
                "Id": execution_arn(&options.state_machine_name, &options.name),
                "Input": original_input,
                "Name": options.name,
                "RoleArn": format!("arn:aws:iam::000000000000:role/{}", options.state_machine_name),
                "StartTime": start_time,
            }),
            state_machine: json!({"Id": sm_arn, "Name": options.state_machine_name}),
            seed: AtomicU64::new(
                0x9E37_79B9_7F4A_7C15 ^ clock.now().timestamp_nanos_opt().unwrap_or(1) as u64,
            ),
            name: options.name.clone(),
            journal: options.journal.clone(),
            faults: options.faults.clone(),
            persisted: std::sync::atomic::AtomicUsize::new(persisted_before),
        };
        let (start, input, vars) = match &options.resume {
            Some(r) => {
                if r.redrive {
                    history.record(
                        "ExecutionRedriven",
                        None,
                        json!({"redriveCount": 1, "state": r.checkpoint.state}),
                    );
                }
                (
                    r.checkpoint.state.clone(),
                    r.checkpoint.input.clone(),
                    r.checkpoint.variables.clone(),
                )
            }
            None => {
                history.record(
                    "ExecutionStarted",
                    None,
                    json!({"input": input, "roleArn": run.execution["RoleArn"]}),
                );
                (machine.start_at.clone(), input, Variables::new())
            }
        };
        let too_large = check_execution_input(&input);
        let body = async {
            too_large?;
            run.machine_from(machine, start, input, vars, true).await
        };
        // The definition's TimeoutSeconds, or the type's own limit if that comes first.
        let (type_limit, type_cause) = match options.execution_type {
            ExecutionType::Express => (
                EXPRESS_MAX_DURATION,
                "The execution ran past the 5-minute limit of an EXPRESS state machine",
            ),
            ExecutionType::Standard => (
                STANDARD_MAX_DURATION,
                "The execution ran past the 1-year limit of a STANDARD state machine",
            ),
        };
        let (limit, cause) = match machine.timeout_seconds.map(Duration::from_secs) {
            Some(own) if own <= type_limit => (own, "The execution timed out"),
            _ => (type_limit, type_cause),
        };
        let result = match tokio::time::timeout(limit, body).await {
            Ok(r) => r.map_err(|f| (ExecutionStatus::Failed, f)),
            Err(_) => Err((
                ExecutionStatus::TimedOut,
                Failure::new(names::TIMEOUT, cause),
            )),
        };
        // A history that reached its quota fails the execution, whatever a Catch inside
        // made of the failures that followed.
        let result = match history.quota_failure() {
            Some(f) => Err((ExecutionStatus::Failed, f)),
            None => result,
        };
        let mut execution = match result {
            Ok(output) => {
                history.record("ExecutionSucceeded", None, json!({"output": output}));
                Execution {
                    status: ExecutionStatus::Succeeded,
                    output: Some(output),
                    error: None,
                    cause: None,
                    history: Vec::new(),
                    journal_error: None,
                }
            }
            Err((status, failure)) => {
                let event = if status == ExecutionStatus::TimedOut {
                    "ExecutionTimedOut"
                } else {
                    "ExecutionFailed"
                };
                // A Fail state without Error or Cause leaves them out: AWS reports them
                // absent (null), not as empty strings.
                let error = Some(failure.error).filter(|e| !e.is_empty());
                let cause = Some(failure.cause).filter(|c| !c.is_empty());
                let mut details = serde_json::Map::new();
                if let Some(e) = &error {
                    details.insert("error".into(), json!(e));
                }
                if let Some(c) = &cause {
                    details.insert("cause".into(), json!(c));
                }
                history.record(event, None, Value::Object(details));
                Execution {
                    status,
                    output: None,
                    error,
                    cause,
                    history: Vec::new(),
                    journal_error: None,
                }
            }
        };
        execution.history = history.take();
        if let Some(journal) = &run.journal {
            let from = run
                .persisted
                .load(Ordering::SeqCst)
                .min(execution.history.len());
            if let Err(e) = journal.finish(&run.name, &execution.history[from..], &execution) {
                execution.journal_error = Some(e);
            }
        }
        execution
    }
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Counts serialised bytes without keeping them.
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether a state reads the context object, so that it is built only when needed.
fn needs_context(state: &State) -> bool {
    let c = &state.common;
    let uses = |t: &Option<Template>| t.as_ref().is_some_and(Template::uses_context);
    state.jsonata.is_some()
        || uses(&c.parameters)
        || uses(&c.result_selector)
        || uses(&c.assign)
        || c.catch.iter().any(|k| uses(&k.assign))
        // A Map's ItemSelector sees $$.Map.Item, and its children their own context.
        || matches!(&state.kind, StateKind::Map(_))
        || matches!(&state.kind, StateKind::Choice { choices, .. } if choices.iter().any(|r| uses(&r.assign)) || choices.iter().any(|r| r.reads_context()))
        || matches!(&state.kind, StateKind::Fail { error, cause } if [error, cause].iter().any(|t| matches!(t, Some(FailText::Path(_)))))
        || paths_read_context(state)
}

/// Whether one of the state's `…Path` fields reads the context object (`$$.…`).
fn paths_read_context(state: &State) -> bool {
    let c = &state.common;
    let field = |f: &PathField| matches!(f, PathField::Ref(ValueRef::Context(_)));
    fn dynamic<T>(d: &Dynamic<T>) -> bool {
        matches!(d, Dynamic::Path(ValueRef::Context(_)))
    }
    field(&c.input_path)
        || field(&c.output_path)
        || match &state.kind {
            StateKind::Wait {
                wait: WaitFor::Seconds(d),
            } => dynamic(d),
            StateKind::Wait {
                wait: WaitFor::Timestamp(d),
            } => dynamic(d),
            StateKind::Task { timeout, .. } => timeout.as_ref().is_some_and(dynamic),
            _ => false,
        }
}

/// Step Functions refuses an execution input over [`MAX_PAYLOAD_BYTES`].
fn check_execution_input(input: &Value) -> Result<(), Failure> {
    let size = serialized_size(input);
    if size > MAX_PAYLOAD_BYTES {
        return Err(Failure::new(
            names::DATA_LIMIT_EXCEEDED,
            format!("The execution input is {size} bytes, over the maximum of {MAX_PAYLOAD_BYTES} bytes."),
        ));
    }
    Ok(())
}

fn serialized_size(value: &Value) -> usize {
    let mut count = ByteCount(0);
    match serde_json::to_writer(&mut count, value) {
        Ok(()) => count.0,
        Err(_) => usize::MAX,
    }
}

fn check_size(value: &Value, state: &str) -> Result<(), Failure> {
    if serialized_size(value) > MAX_PAYLOAD_BYTES {
        return Err(Failure::new(
            names::DATA_LIMIT_EXCEEDED,
            format!("The state/task '{state}' returned a result with a size exceeding the maximum number of bytes service limit."),
        ));
    }
    Ok(())
}

fn retry_delay(retrier: &Retrier, retries_so_far: u32, random_unit: f64) -> Duration {
    let mut secs = retrier.interval_seconds * retrier.backoff_rate.powi(retries_so_far as i32);
    if let Some(max) = retrier.max_delay_seconds {
        secs = secs.min(max);
    }
    if retrier.jitter_full {
        secs *= random_unit;
    }
    Duration::from_secs_f64(secs.min(1e9))
}

impl Run<'_> {
    fn context(&self, state: &str, entered: DateTime<Utc>, retry_count: u32) -> Value {
        json!({
            "Execution": self.execution,
            "State": {"Name": state, "EnteredTime": timestamp(entered), "RetryCount": retry_count},
            "StateMachine": self.state_machine,
        })
    }

    fn context_if_needed(&self, state: &State, entered: DateTime<Utc>, retry_count: u32) -> Value {
        if needs_context(state) {
            self.context(&state.name, entered, retry_count)
        } else {
            Value::Null
        }
    }

    fn random_unit(&self) -> f64 {
        // xorshift64*: jitter needs spread, not cryptographic strength.
        let mut x = self.seed.load(Ordering::Relaxed);
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.seed.store(x, Ordering::Relaxed);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Events recorded since the last checkpoint.
    fn unpersisted_events(&self) -> usize {
        self.history
            .len()
            .saturating_sub(self.persisted.load(Ordering::SeqCst))
    }

    /// Persists the events so far and where the execution goes next (top level only).
    fn checkpoint(&self, state: &str, input: &Value, vars: &Variables) -> Result<(), Failure> {
        let Some(journal) = &self.journal else {
            return Ok(());
        };
        // Only the events since the last checkpoint are written, from the history
        // itself: a checkpoint costs what happened since, not the whole history.
        let from = self.persisted.load(Ordering::SeqCst);
        let next = Checkpoint {
            state: state.to_string(),
            input: input.clone(),
            variables: vars.clone(),
        };
        let (written, total) = self
            .history
            .with_events_from(from, |events| journal.checkpoint(&self.name, events, &next));
        written
            .map_err(|e| Failure::runtime(format!("could not persist the execution state: {e}")))?;
        self.persisted.store(total, Ordering::SeqCst);
        Ok(())
    }

    fn machine<'a>(
        &'a self,
        machine: &'a StateMachine,
        input: Value,
        vars: Variables,
    ) -> BoxFuture<'a, Result<Value, Failure>> {
        self.machine_from(machine, machine.start_at.clone(), input, vars, false)
    }

    fn machine_from<'a>(
        &'a self,
        machine: &'a StateMachine,
        start: String,
        input: Value,
        vars: Variables,
        top_level: bool,
    ) -> BoxFuture<'a, Result<Value, Failure>> {
        Box::pin(async move {
            let mut current = start;
            let mut input = input;
            let mut vars = vars;
            // Whether the state just run reached outside the execution (see `has_effects`).
            let mut after_effects = false;
            loop {
                self.history.check_quota()?;
                let state = machine
                    .state(&current)
                    .ok_or_else(|| Failure::runtime(format!("state '{current}' does not exist")))?;
                // A checkpoint is taken before and after each state with effects, and
                // after every CHECKPOINT_EVERY_EVENTS events otherwise. Pure states (Pass,
                // Choice, Succeed, Fail) between two checkpoints are replayed on resume:
                // they give the same result again and nothing outside saw them.
                if top_level
                    && (after_effects
                        || state.has_effects()
                        || self.unpersisted_events() >= CHECKPOINT_EVERY_EVENTS)
                {
                    self.checkpoint(&current, &input, &vars)?;
                }
                after_effects = state.has_effects();
                let entered_id = self.history.record(
                    state.entered_event(),
                    Some(&state.name),
                    EventDetails::of(&StateEntered {
                        name: &state.name,
                        input: &input,
                    }),
                );
                let transition = match self.state(state, input, &mut vars, entered_id).await {
                    Ok(t) => t,
                    Err(f) => {
                        let f = f.in_state(&state.name, entered_id);
                        // A JSONata failure of this state's own fields is recorded as
                        // Step Functions records it: EvaluationFailed, then the state's
                        // failure event where its type has one.
                        if f.error == names::QUERY_EVALUATION_ERROR
                            && f.raised_in(&state.name, entered_id)
                        {
                            self.history.record(
                                "EvaluationFailed",
                                Some(&state.name),
                                json!({"error": f.error, "cause": f.cause, "state": state.name}),
                            );
                            if let Some(event) = state.failed_event() {
                                self.history.record(event, Some(&state.name), json!({}));
                            }
                        }
                        return Err(f);
                    }
                };
                self.history.check_quota()?;
                let (next, output) = match transition {
                    Transition::Next(next, output) => (Some(next), output),
                    Transition::End(output) => (None, output),
                };
                check_size(&output, &state.name)?;
                self.history.record(
                    state.exited_event(),
                    Some(&state.name),
                    EventDetails::of(&StateExited {
                        name: &state.name,
                        output: &output,
                    }),
                );
                match next {
                    Some(n) => {
                        current = n;
                        input = output;
                    }
                    None => return Ok(output),
                }
            }
        })
    }

    /// Runs one state: the pipeline every state shares (effective input, arguments, the
    /// state's own work, output, assigned variables), read in the state's query language
    /// by a [`Frame`]. Task, Parallel and Map run it inside their Retry and Catch.
    async fn state(
        &self,
        state: &State,
        raw_input: Value,
        vars: &mut Variables,
        entered_id: u64,
    ) -> Result<Transition, Failure> {
        let common = &state.common;
        let entered = self.history.clock().now();
        if matches!(
            state.kind,
            StateKind::Task { .. } | StateKind::Parallel { .. } | StateKind::Map(_)
        ) {
            return self
                .with_retry_and_catch(state, raw_input, entered, entered_id, vars)
                .await;
        }
        if let Some(f) = state_fault(self.faults.as_ref(), &state.name) {
            return Err(f);
        }
        let context = self.context_if_needed(state, entered, 0);
        let frame = Frame::enter(state, &raw_input, context, vars)?;
        let (next, output, assigned) = match &state.kind {
            StateKind::Pass { result } => {
                let result = frame.pass_result(result, vars)?;
                let (output, assigned) = frame.outcome(&common.assign, result.as_ref(), vars)?;
                (common.next.clone(), output, assigned)
            }
            StateKind::Succeed => (None, frame.outcome(&None, None, vars)?.0, None),
            StateKind::Fail { error, cause } => {
                return Err(Failure::new(
                    frame.fail_text(error, "Error", vars)?,
                    frame.fail_text(cause, "Cause", vars)?,
                ))
            }
            StateKind::Wait { wait } => {
                let delay = frame.delay(wait, self.history.clock().now(), vars)?;
                tokio::time::sleep(delay).await;
                let (output, assigned) = frame.outcome(&common.assign, None, vars)?;
                (common.next.clone(), output, assigned)
            }
            StateKind::Choice { choices, default } => {
                let rule = frame.choose(choices, vars)?;
                let next = match (rule, default) {
                    (Some(rule), _) => rule.next.clone(),
                    (None, Some(d)) => d.clone(),
                    (None, None) => {
                        return Err(Failure::new(names::NO_CHOICE_MATCHED, "No Matches!"))
                    }
                };
                let (output, assigned) = frame.choice_outcome(rule, vars)?;
                (Some(next), output, assigned)
            }
            StateKind::Task { .. } | StateKind::Parallel { .. } | StateKind::Map(_) => {
                unreachable!("run with Retry and Catch above")
            }
        };
        vars.extend(assigned.unwrap_or_default());
        Ok(Transition::to(next, output))
    }

    async fn with_retry_and_catch(
        &self,
        state: &State,
        raw_input: Value,
        entered: DateTime<Utc>,
        entered_id: u64,
        vars: &mut Variables,
    ) -> Result<Transition, Failure> {
        let common = &state.common;
        let context = self.context_if_needed(state, entered, 0);
        let mut frame = Frame::enter(state, &raw_input, context, vars)
            .map_err(|f| f.in_state(&state.name, entered_id))?;
        let in_task = matches!(state.kind, StateKind::Task { .. });
        let mut retries = vec![0u32; common.retry.len()];
        let mut retry_count = 0u32;
        loop {
            if retry_count > 0 {
                frame.retry_with(self.context_if_needed(state, entered, retry_count));
            }
            let scope: &Variables = vars;
            let frame_ref = &frame;
            let attempt = async move {
                if let Some(f) = state_fault(self.faults.as_ref(), &state.name) {
                    return Err(f);
                }
                let result = match &state.kind {
                    StateKind::Task { resource, timeout } => {
                        let timeout = match timeout {
                            Some(t) => frame_ref.integer(IntegerField::TaskTimeout, t, scope)?,
                            None => DEFAULT_TASK_TIMEOUT_SECONDS,
                        };
                        let payload = frame_ref.arguments(true, scope)?;
                        self.task(state, resource, timeout, payload).await?
                    }
                    StateKind::Parallel { branches } => {
                        let payload = frame_ref.arguments(false, scope)?;
                        self.parallel(state, branches, payload, scope).await?
                    }
                    StateKind::Map(spec) => self.map(state, spec, frame_ref, scope).await?,
                    _ => unreachable!("only Task, Parallel and Map retry"),
                };
                frame_ref.outcome(&common.assign, Some(&result), scope)
            };
            let failure = match attempt.await {
                Ok((output, assigned)) => {
                    vars.extend(assigned.unwrap_or_default());
                    return Ok(Transition::to(common.next.clone(), output));
                }
                // Named here, not only when the execution fails, so that a Catch sees
                // the same cause Step Functions gives.
                Err(f) => f.in_state(&state.name, entered_id),
            };
            if let Some(i) = common
                .retry
                .iter()
                .position(|r| failure.matches(&r.error_equals, in_task))
            {
                let retrier = &common.retry[i];
                if retries[i] < retrier.max_attempts {
                    let delay = retry_delay(retrier, retries[i], self.random_unit());
                    retries[i] += 1;
                    retry_count += 1;
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            if let Some(catcher) = common
                .catch
                .iter()
                .find(|c| failure.matches(&c.error_equals, in_task))
            {
                let error_output = json!({"Error": failure.error, "Cause": failure.cause});
                let (output, assigned) = frame.caught(catcher, &error_output, vars)?;
                vars.extend(assigned.unwrap_or_default());
                return Ok(Transition::Next(catcher.next.clone(), output));
            }
            return Err(failure);
        }
    }

    async fn map(
        &self,
        state: &State,
        spec: &MapSpec,
        frame: &Frame<'_>,
        vars: &Variables,
    ) -> Result<Value, Failure> {
        let name = Some(state.name.as_str());
        let items = frame.items(spec, vars)?;
        let inputs = self.iteration_inputs(spec, &items, frame, vars)?;
        self.history
            .record("MapStateStarted", name, json!({"length": inputs.len()}));
        // Read after MapStateStarted, as Step Functions does: a bad value fails the
        // execution with the Map started.
        let limit = match &spec.distributed {
            Some(_) => DISTRIBUTED_MAP_MAX_CONCURRENCY,
            None => INLINE_MAP_MAX_CONCURRENCY,
        };
        let integer = |field: &'static str, value: &Option<Dynamic<u64>>| {
            frame.optional_integer(IntegerField::Map(field, field), value, vars)
        };
        let concurrency = match integer("MaxConcurrency", &spec.max_concurrency)? {
            None | Some(0) => limit,
            Some(n) => (n as usize).min(limit),
        }
        .min(inputs.len().max(1));
        let tolerance = Tolerance {
            count: integer("ToleratedFailureCount", &spec.tolerated_failure_count)?,
            percentage: match &spec.tolerated_failure_percentage {
                Some(p) => Some(frame.percentage(p, vars)?),
                None => None,
            },
            items: items.len(),
        };
        let outcome = match &spec.distributed {
            Some(children) => {
                self.map_run(state, spec, children, inputs, concurrency, &tolerance)
                    .await
            }
            None => {
                self.inline_iterations(state, spec, inputs, concurrency, &tolerance, vars)
                    .await
            }
        };
        match outcome {
            Ok(results) => {
                self.history.record("MapStateSucceeded", name, json!({}));
                Ok(Value::Array(results))
            }
            Err(f) => {
                self.history.record(
                    "MapStateFailed",
                    name,
                    json!({"error": f.error, "cause": f.cause}),
                );
                Err(f)
            }
        }
    }

    /// Each iteration's input with how many items it holds: an item through ItemSelector
    /// (which sees it as `$$.Map.Item`), or a batch of them from ItemBatcher.
    fn iteration_inputs(
        &self,
        spec: &MapSpec,
        items: &[Value],
        frame: &Frame<'_>,
        vars: &Variables,
    ) -> Result<Vec<(Value, usize)>, Failure> {
        let select = |index: usize, item: &Value| -> Result<Value, Failure> {
            match &spec.item_selector {
                Some(t) => frame.select_item(t, index, item, vars),
                None => Ok(item.clone()),
            }
        };
        let Some(batcher) = &spec.batcher else {
            return items
                .iter()
                .enumerate()
                .map(|(i, item)| Ok((select(i, item)?, 1)))
                .collect();
        };
        let max_items = match frame.optional_integer(
            IntegerField::Map("MaxItemsPerBatch", "ItemBatcher.MaxItemsPerBatch"),
            &batcher.max_items,
            vars,
        )? {
            None | Some(0) => usize::MAX,
            Some(n) => n as usize,
        };
        let max_bytes = match frame.optional_integer(
            IntegerField::Map("MaxInputBytesPerBatch", "ItemBatcher.MaxInputBytesPerBatch"),
            &batcher.max_bytes,
            vars,
        )? {
            None | Some(0) => MAX_PAYLOAD_BYTES,
            Some(n) => (n as usize).min(MAX_PAYLOAD_BYTES),
        };
        let batch_input = match &batcher.batch_input {
            Some(t) => Some(frame.batch_input(t, vars)?),
            None => None,
        };
        let batch = |selected: Vec<Value>| {
            let mut b = json!({"Items": selected});
            if let Some(input) = &batch_input {
                b["BatchInput"] = input.clone();
            }
            b
        };
        // `{"Items":[]}` and the BatchInput take their bytes in every batch; each item its
        // own and a comma.
        let overhead = serialized_size(&batch(Vec::new()));
        let mut batches = Vec::new();
        let mut current = Vec::new();
        let mut current_bytes = overhead;
        for (i, item) in items.iter().enumerate() {
            let selected = select(i, item)?;
            let size = serialized_size(&selected) + 1;
            if !current.is_empty()
                && (current.len() >= max_items || current_bytes + size > max_bytes)
            {
                let n = current.len();
                batches.push((batch(std::mem::take(&mut current)), n));
                current_bytes = overhead;
            }
            if overhead + size > max_bytes {
                return Err(Failure::runtime(format!(
                    "The item at index {i} ({size} bytes) does not fit in a batch of at most {max_bytes} bytes (MaxInputBytesPerBatch)"
                )));
            }
            current.push(selected);
            current_bytes += size;
        }
        if !current.is_empty() {
            let n = current.len();
            batches.push((batch(current), n));
        }
        Ok(batches)
    }

    /// An inline Map's iterations, in this execution with its variables in scope, their
    /// events in its history.
    async fn inline_iterations(
        &self,
        state: &State,
        spec: &MapSpec,
        inputs: Vec<(Value, usize)>,
        concurrency: usize,
        tolerance: &Tolerance,
        vars: &Variables,
    ) -> Result<Vec<Value>, Failure> {
        let name = Some(state.name.as_str());
        let runs = inputs
            .into_iter()
            .enumerate()
            .map(|(i, (input, items))| async move {
                self.history
                    .record("MapIterationStarted", name, json!({"index": i}));
                let result = self.machine(&spec.processor, input, vars.clone()).await;
                let event = if result.is_ok() {
                    "MapIterationSucceeded"
                } else {
                    "MapIterationFailed"
                };
                self.history.record(event, name, json!({"index": i}));
                (items, result)
            });
        if !tolerance.given() {
            return futures::stream::iter(runs)
                .buffered(concurrency)
                .map(|(_, r)| r)
                .try_collect()
                .await;
        }
        let results: Vec<(usize, Result<Value, Failure>)> = futures::stream::iter(runs)
            .buffered(concurrency)
            .collect()
            .await;
        let failed = results
            .iter()
            .filter(|(_, r)| r.is_err())
            .map(|(n, _)| n)
            .sum();
        if tolerance.exceeded_by(failed) {
            return Err(Tolerance::exceeded());
        }
        Ok(results
            .into_iter()
            .map(|(_, r)| r.unwrap_or_else(|f| json!({"Error": f.error, "Cause": f.cause})))
            .collect())
    }

    /// A distributed Map's Map Run: each input a child execution of its own (its own
    /// history, context object and quotas, none of this execution's variables), at most
    /// `concurrency` at once, stopped as soon as the failures pass the tolerance.
    async fn map_run(
        &self,
        state: &State,
        spec: &MapSpec,
        children: &ChildExecutions,
        inputs: Vec<(Value, usize)>,
        concurrency: usize,
        tolerance: &Tolerance,
    ) -> Result<Vec<Value>, Failure> {
        let name = Some(state.name.as_str());
        let parent = self.state_machine["Name"]
            .as_str()
            .unwrap_or("StateMachine");
        let label = children.label.as_deref().unwrap_or(&state.name);
        let child_machine = format!("{parent}/{label}");
        let run_id = uuid::Uuid::new_v4();
        self.history.record(
            "MapRunStarted",
            name,
            json!({"mapRunArn": format!("arn:aws:states:{REGION_ACCOUNT}:mapRun:{child_machine}:{run_id}")}),
        );
        let execution_type = if children.express {
            ExecutionType::Express
        } else {
            ExecutionType::Standard
        };
        let total = inputs.len();
        let runs = inputs
            .into_iter()
            .enumerate()
            .map(|(index, (input, items))| {
                let options = ExecutionOptions {
                    name: uuid::Uuid::new_v4().to_string(),
                    state_machine_name: child_machine.clone(),
                    observer: None,
                    journal: None,
                    resume: None,
                    faults: self.faults.clone(),
                    execution_type,
                };
                let child_name = options.name.clone();
                let child: BoxFuture<'_, Execution> =
                    Box::pin(self.engine.execute(&spec.processor, input.clone(), options));
                async move { (index, items, input, child_name, child.await) }
            });
        let mut running = futures::stream::iter(runs).buffer_unordered(concurrency);
        let mut results = vec![Value::Null; total];
        let mut failed = 0;
        while let Some((index, items, input, child_name, execution)) = running.next().await {
            results[index] = match execution.status {
                ExecutionStatus::Succeeded => execution.output.unwrap_or(Value::Null),
                _ => {
                    failed += items;
                    if tolerance.exceeded_by(failed) {
                        // Dropping the stream stops the children still running.
                        let f = Tolerance::exceeded();
                        self.history.record(
                            "MapRunFailed",
                            name,
                            json!({"error": f.error, "cause": f.cause}),
                        );
                        return Err(f);
                    }
                    // A failed child's result is its execution as DescribeExecution
                    // gives it (ResultWriter's NONE transformation, which Step Functions
                    // uses for failed children).
                    let stamp = |e: Option<&HistoryEvent>| e.map(|e| timestamp(e.timestamp));
                    json!({
                        "Cause": execution.cause,
                        "Error": execution.error,
                        "ExecutionArn": execution_arn(&child_machine, &child_name),
                        "Input": input.to_string(),
                        "InputDetails": {"Included": true},
                        "Name": child_name,
                        "StartDate": stamp(execution.history.first()),
                        "StateMachineArn": state_machine_arn(&child_machine),
                        "Status": execution.status,
                        "StopDate": stamp(execution.history.last()),
                    })
                }
            };
        }
        self.history.record("MapRunSucceeded", name, json!({}));
        Ok(results)
    }

    async fn parallel(
        &self,
        state: &State,
        branches: &[StateMachine],
        input: Value,
        vars: &Variables,
    ) -> Result<Value, Failure> {
        self.history
            .record("ParallelStateStarted", Some(&state.name), json!({}));
        let runs = branches
            .iter()
            .map(|b| self.machine(b, input.clone(), vars.clone()));
        match try_join_all(runs).await {
            Ok(results) => {
                self.history
                    .record("ParallelStateSucceeded", Some(&state.name), json!({}));
                Ok(Value::Array(results))
            }
            Err(f) => {
                self.history.record(
                    "ParallelStateFailed",
                    Some(&state.name),
                    json!({"error": f.error, "cause": f.cause}),
                );
                Err(f)
            }
        }
    }

    async fn task(
        &self,
        state: &State,
        resource: &str,
        timeout_secs: u64,
        payload: Value,
    ) -> Result<Value, Failure> {
        let name = Some(state.name.as_str());
        self.history.record(
            "TaskScheduled",
            name,
            json!({"resource": resource, "parameters": payload, "timeoutInSeconds": timeout_secs}),
        );
        self.history
            .record("TaskStarted", name, json!({"resource": resource}));
        let call = self.call_resource(resource, payload);
        let outcome = match tokio::time::timeout(Duration::from_secs(timeout_secs), call).await {
            Ok(r) => r,
            Err(_) => {
                let f = Failure::new(names::TIMEOUT, "");
                self.history.record(
                    "TaskTimedOut",
                    name,
                    json!({"resource": resource, "error": f.error, "cause": f.cause}),
                );
                return Err(f);
            }
        };
        match outcome {
            Ok(output) => {
                check_size(&output, &state.name)?;
                self.history.record(
                    "TaskSucceeded",
                    name,
                    json!({"resource": resource, "output": output}),
                );
                Ok(output)
            }
            Err(f) => {
                self.history.record(
                    "TaskFailed",
                    name,
                    json!({"resource": resource, "error": f.error, "cause": f.cause}),
                );
                Err(f)
            }
        }
    }

    async fn call_resource(&self, resource: &str, payload: Value) -> Result<Value, Failure> {
        let invoker = &self.engine.invoker;
        if resource == "arn:aws:states:::lambda:invoke" {
            let function = payload
                .get("FunctionName")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    Failure::runtime(
                        "The field 'FunctionName' is required by arn:aws:states:::lambda:invoke",
                    )
                })?
                .to_string();
            let body = payload.get("Payload").cloned().unwrap_or(json!({}));
            let result = invoker
                .invoke(&function, body)
                .await
                .map_err(|e| lambda_failure(&function, e))?;
            return Ok(json!({
                "ExecutedVersion": "$LATEST",
                "Payload": result,
                "SdkHttpMetadata": {"HttpStatusCode": 200},
                "StatusCode": 200,
            }));
        }
        if resource.starts_with("arn:aws:lambda:") && resource.contains(":function:") {
            return invoker
                .invoke(resource, payload)
                .await
                .map_err(|e| lambda_failure(resource, e));
        }
        Err(Failure::runtime(format!(
            "The resource '{resource}' is not supported by the local engine (supported: arn:aws:states:::lambda:invoke and Lambda function ARNs)"
        )))
    }
}

fn lambda_failure(function: &str, e: InvokeError) -> Failure {
    match e {
        InvokeError::Function { error_type, message } => {
            let cause = json!({"errorMessage": message, "errorType": error_type}).to_string();
            Failure::new(error_type, cause)
        }
        InvokeError::NotFound => Failure::new(
            "Lambda.ResourceNotFoundException",
            format!("Function not found: {function} (Service: Lambda, Status Code: 404, Request ID: local)"),
        ),
    }
}
