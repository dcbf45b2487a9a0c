//! Running the workflows on this machine: the ASL definitions from `infra/`, Lambda
//! invocations resolved to the local handlers, fault injection for tests, and the
//! reconciliation that makes sure every execution ends `completed` or `failed`.

pub use code24_asl::FaultKind;
use code24_asl::{
    DefinitionError, Engine, Execution, ExecutionOptions, ExecutionStatus, Fault, Faults,
    InvokeError, LambdaInvoker, Observer, StateMachine,
};
use code24_domain::optimization::optimize::OptimizeRequest;
use code24_domain::text::slug;
use code24_domain::Brief;
use code24_pipeline::handler::{
    check_workflow_id, failed_record, handle, Services, SiteConfig, SystemClock,
};
use code24_pipeline::workflow::{optimize_input, WorkflowKind};
use code24_pipeline::Step;
use code24_store::{StoreError, WorkflowRecord, WorkflowStatus};
use code24_store_local::{FsArtifactStore, FsSiteStore, SqliteStatusStore};
use futures::future::BoxFuture;
use futures::FutureExt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The BuildWorkflow definition, the same file SAM deploys.
pub const BUILD_DEFINITION: &str = include_str!("../../../infra/statemachines/build.asl.json");
/// The OptimizationWorkflow definition, the same file SAM deploys.
pub const OPTIMIZE_DEFINITION: &str =
    include_str!("../../../infra/statemachines/optimize.asl.json");

/// The ARN a local function is known by.
pub fn local_function_arn(step: Step) -> String {
    format!(
        "arn:aws:lambda:local:000000000000:function:{}",
        step.function_name()
    )
}

/// `DefinitionSubstitutions` for running on this machine.
pub fn local_substitutions() -> HashMap<String, String> {
    Step::ALL
        .iter()
        .map(|s| (s.substitution_key(), local_function_arn(*s)))
        .collect()
}

/// The parsed, validated BuildWorkflow with local function ARNs.
pub fn build_state_machine() -> Result<StateMachine, DefinitionError> {
    StateMachine::from_json(&code24_asl::substitute(
        BUILD_DEFINITION,
        &local_substitutions(),
    )?)
}

/// The parsed, validated OptimizationWorkflow with local function ARNs.
pub fn optimize_state_machine() -> Result<StateMachine, DefinitionError> {
    StateMachine::from_json(&code24_asl::substitute(
        OPTIMIZE_DEFINITION,
        &local_substitutions(),
    )?)
}

/// Faults to inject into steps, in the grammar of [`code24_asl::faults`]: each fires a
/// number of times, then the step works. A step's fault is its Lambda function's: an
/// error it returns, a hang (the Task's TimeoutSeconds fires) or a panic.
#[derive(Debug, Default)]
pub struct FaultPlan {
    faults: Faults,
}

impl FaultPlan {
    /// The error a step's fault returns when its spec names none: the one the state
    /// machines retry.
    pub const DEFAULT_ERROR: &'static str = "Code24.TransientError";

    pub fn none() -> FaultPlan {
        FaultPlan::default()
    }

    /// Makes `step` fail `times` times (`u32::MAX`: always).
    pub fn inject(self, step: Step, kind: FaultKind, times: u32) -> FaultPlan {
        FaultPlan {
            faults: self.faults.inject(step.name(), kind, times),
        }
    }

    /// Adds a fault given as `STEP[=TIMES][:KIND]`, e.g. `Brand=2`, `Developer:hang`.
    pub fn parse_into(self, spec: &str) -> Result<FaultPlan, String> {
        let fault = Fault::parse(spec)?;
        if Step::from_name(&fault.name).is_none() {
            return Err(format!(
                "fault '{spec}': unknown step '{}' (steps: {})",
                fault.name,
                Step::ALL.map(|s| s.name()).join(", ")
            ));
        }
        let default = FaultKind::Error(FaultPlan::DEFAULT_ERROR.into());
        Ok(FaultPlan {
            faults: self.faults.add(fault, &default),
        })
    }

    fn take(&self, step: Step) -> Option<FaultKind> {
        self.faults.take(step.name())
    }
}

/// Resolves Lambda invocations to the local handlers.
pub struct LocalInvoker {
    services: Services,
    faults: FaultPlan,
}

impl LocalInvoker {
    pub fn new(services: Services, faults: FaultPlan) -> LocalInvoker {
        LocalInvoker { services, faults }
    }
}

impl LambdaInvoker for LocalInvoker {
    fn invoke<'a>(
        &'a self,
        function: &'a str,
        payload: Value,
    ) -> BoxFuture<'a, Result<Value, InvokeError>> {
        Box::pin(async move {
            let step = Step::from_function_name(function).ok_or(InvokeError::NotFound)?;
            let fault = self.faults.take(step);
            match &fault {
                Some(FaultKind::Error(error_type)) => {
                    return Err(InvokeError::Function {
                        error_type: error_type.clone(),
                        message: format!("fault injected into {step}"),
                    });
                }
                Some(FaultKind::Hang) => futures::future::pending::<()>().await,
                Some(FaultKind::Panic) | None => {}
            }
            let panic = fault == Some(FaultKind::Panic);
            let run = async {
                if panic {
                    panic!("fault injected into {step}: panic");
                }
                handle(step, &self.services, payload).await
            };
            // A panicking handler is a failed invocation, as it would be on Lambda, not a
            // crashed engine.
            match AssertUnwindSafe(run).catch_unwind().await {
                Ok(result) => result.map_err(|e| InvokeError::Function {
                    error_type: e.error_type().to_string(),
                    message: e.to_string(),
                }),
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "the handler panicked".into());
                    Err(InvokeError::Function {
                        error_type: "Code24.InternalError".into(),
                        message: format!("{step}: {message}"),
                    })
                }
            }
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("state machine definition: {0}")]
    Definition(#[from] DefinitionError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(String),
}

/// Options for one build.
#[derive(Clone, Default)]
pub struct BuildOptions {
    pub workflow_id: Option<String>,
    pub coordination_delay_seconds: Option<u64>,
    pub observer: Option<Observer>,
    /// Rebuild this site (it must be free or belong to a business of the same name);
    /// `None`: the build gets a site of its own.
    pub site_id: Option<String>,
}

/// Local stores under one data directory.
pub fn local_services(data_dir: &Path, config: SiteConfig) -> Result<Services, StoreError> {
    local_services_and_database(data_dir, config).map(|(services, _)| services)
}

/// Local stores, and the SQLite database behind the status store, which also journals
/// executions: one connection serves both.
pub fn local_services_and_database(
    data_dir: &Path,
    config: SiteConfig,
) -> Result<(Services, Arc<SqliteStatusStore>), StoreError> {
    let database = Arc::new(SqliteStatusStore::open(&data_dir.join("status.db"))?);
    let services = Services {
        status: database.clone(),
        artifacts: Arc::new(FsArtifactStore::new(data_dir.join("artifacts"))),
        sites: Arc::new(FsSiteStore::new(data_dir.join("sites"))),
        clock: Arc::new(SystemClock),
        config,
        model: None,
        fetch_policy: code24_fetch::FetchPolicy::default(),
    };
    Ok((services, database))
}

/// The default data directory: `$CODE24_HOME`, else `.code24` in the current directory.
pub fn default_data_dir() -> PathBuf {
    std::env::var_os("CODE24_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(".code24"))
}

/// Runs workflows on the embedded engine.
pub struct Workflows {
    services: Services,
    engine: Engine,
    build: StateMachine,
    optimize: StateMachine,
    /// Where executions are made durable (checkpoints and history), if anywhere.
    journal: Option<Arc<SqliteStatusStore>>,
}

impl Workflows {
    pub fn new(services: Services, faults: FaultPlan) -> Result<Workflows, PipelineError> {
        let invoker = Arc::new(LocalInvoker::new(services.clone(), faults));
        Ok(Workflows {
            services,
            engine: Engine::new(invoker),
            build: build_state_machine()?,
            optimize: optimize_state_machine()?,
            journal: None,
        })
    }

    /// Makes every execution durable in `store`: a killed build can then be finished with
    /// `code24 asl resume`.
    pub fn with_journal(mut self, store: Arc<SqliteStatusStore>) -> Workflows {
        self.journal = Some(store);
        self
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    /// Records a new running build and returns its workflowId and execution input.
    pub async fn start_build(
        &self,
        brief: &Brief,
        options: &BuildOptions,
    ) -> Result<(String, Value), PipelineError> {
        let id = options
            .workflow_id
            .clone()
            .unwrap_or_else(|| format!("build-{}", uuid::Uuid::new_v4()));
        check_workflow_id(&id).map_err(|e| PipelineError::Invalid(e.to_string()))?;
        let now = self.services.clock.now_rfc3339();
        let brief_json =
            serde_json::to_value(brief).map_err(|e| PipelineError::Invalid(e.to_string()))?;
        let owner = code24_store::SiteOwner {
            name: brief.name.clone(),
            workflow_id: id.clone(),
        };
        let site_id = code24_store::claim_site_id(
            self.services.status.as_ref(),
            &slug(&brief.name),
            &owner,
            options.site_id.as_deref(),
            false,
        )
        .await
        .map_err(|e| match e {
            code24_store::SiteClaimError::Store(e) => PipelineError::Store(e),
            other => PipelineError::Invalid(other.to_string()),
        })?;
        let record =
            WorkflowRecord::running(&id, WorkflowKind::Build.name(), brief_json.clone(), &now);
        self.services.status.create(&record).await?;
        let mut input = json!({"workflowId": id, "brief": brief_json, "siteId": site_id});
        if let Some(delay) = options.coordination_delay_seconds {
            input["coordinationDelaySeconds"] = json!(delay);
        }
        Ok((id, input))
    }

    /// Records a new running optimization and returns its workflowId and execution input.
    pub async fn start_optimize(
        &self,
        request: &OptimizeRequest,
        workflow_id: Option<String>,
    ) -> Result<(String, Value), PipelineError> {
        let id = workflow_id.unwrap_or_else(|| format!("optimize-{}", uuid::Uuid::new_v4()));
        check_workflow_id(&id).map_err(|e| PipelineError::Invalid(e.to_string()))?;
        let request_json =
            serde_json::to_value(request).map_err(|e| PipelineError::Invalid(e.to_string()))?;
        let record = WorkflowRecord::running(
            &id,
            WorkflowKind::Optimize.name(),
            request_json.clone(),
            &self.services.clock.now_rfc3339(),
        );
        self.services.status.create(&record).await?;
        let input = optimize_input(&id, request_json);
        Ok((id, input))
    }

    /// Runs a started build to its end and returns the final record and the execution.
    pub async fn run_build(
        &self,
        id: &str,
        input: Value,
        options: &BuildOptions,
    ) -> Result<(WorkflowRecord, Execution), PipelineError> {
        self.run(WorkflowKind::Build, id, input, options).await
    }

    /// Runs a started optimization to its end.
    pub async fn run_optimize(
        &self,
        id: &str,
        input: Value,
        options: &BuildOptions,
    ) -> Result<(WorkflowRecord, Execution), PipelineError> {
        self.run(WorkflowKind::Optimize, id, input, options).await
    }

    /// Runs a started workflow of either kind to its end.
    pub async fn run(
        &self,
        kind: WorkflowKind,
        id: &str,
        input: Value,
        options: &BuildOptions,
    ) -> Result<(WorkflowRecord, Execution), PipelineError> {
        if self.journal.is_some() {
            self.journal_execution(kind, id, &input)?;
        }
        let machine = match kind {
            WorkflowKind::Build => &self.build,
            WorkflowKind::Optimize => &self.optimize,
        };
        self.execute(kind, machine, id, input, None, options.observer.clone())
            .await
    }

    /// Writes a started workflow's execution (definition and input) to the journal,
    /// before it runs. `AlreadyExists` if that name is journaled.
    pub fn journal_execution(
        &self,
        kind: WorkflowKind,
        id: &str,
        input: &Value,
    ) -> Result<(), PipelineError> {
        let store = self
            .journal
            .as_ref()
            .ok_or_else(|| PipelineError::Invalid("these workflows keep no journal".to_string()))?;
        let text = match kind {
            WorkflowKind::Build => BUILD_DEFINITION,
            WorkflowKind::Optimize => OPTIMIZE_DEFINITION,
        };
        let definition = code24_asl::substitute(text, &local_substitutions())?;
        store.create_execution(id, &definition, input, &self.services.clock.now_rfc3339())?;
        Ok(())
    }

    /// Runs a journaled execution from its last checkpoint, or from its start if it has
    /// none; an execution that already ended only has its record reconciled.
    pub async fn continue_journaled(
        &self,
        id: &str,
        observer: Option<Observer>,
    ) -> Result<(WorkflowRecord, Execution), PipelineError> {
        let store = self
            .journal
            .as_ref()
            .ok_or_else(|| PipelineError::Invalid("these workflows keep no journal".to_string()))?;
        let record = store
            .execution(id)?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let status = self.services.status.get(id).await?;
        let kind = status
            .as_ref()
            .map_or(WorkflowKind::Build, WorkflowKind::of);
        // The record ended but the journal could not say so (a full disk, say): the
        // record is the truth, and the execution is not run again.
        let ended = status.filter(|r| r.status != WorkflowStatus::Running);
        if let (Some(done), "RUNNING") = (&ended, record.status.as_str()) {
            let execution = Execution {
                status: match done.status {
                    WorkflowStatus::Completed => ExecutionStatus::Succeeded,
                    _ => ExecutionStatus::Failed,
                },
                output: None,
                error: done.error.as_ref().map(|e| e.error.clone()),
                cause: done.error.as_ref().map(|e| e.cause.clone()),
                history: Vec::new(),
                journal_error: None,
            };
            code24_asl::Journal::finish(store.as_ref(), id, &[], &execution)
                .map_err(PipelineError::Invalid)?;
            return Ok((done.clone(), execution));
        }
        if record.status != "RUNNING" {
            let execution = Execution {
                status: match record.status.as_str() {
                    "SUCCEEDED" => ExecutionStatus::Succeeded,
                    "TIMED_OUT" => ExecutionStatus::TimedOut,
                    "ABORTED" => ExecutionStatus::Aborted,
                    _ => ExecutionStatus::Failed,
                },
                output: record.output,
                error: record.error,
                cause: record.cause,
                history: store.execution_events(id)?,
                journal_error: None,
            };
            let reconciled = self.reconcile(id, &execution).await?;
            return Ok((reconciled, execution));
        }
        let machine = StateMachine::from_json(&record.definition)?;
        let resume = match record.checkpoint {
            Some(checkpoint) => Some(code24_asl::Resume {
                checkpoint,
                events: store.execution_events(id)?,
                original_input: record.input.clone(),
                start_time: record.started_at.clone(),
                redrive: false,
            }),
            None => None,
        };
        self.execute(kind, &machine, id, record.input, resume, observer)
            .await
    }

    async fn execute(
        &self,
        kind: WorkflowKind,
        machine: &StateMachine,
        id: &str,
        input: Value,
        resume: Option<code24_asl::Resume>,
        observer: Option<Observer>,
    ) -> Result<(WorkflowRecord, Execution), PipelineError> {
        let name = match kind {
            WorkflowKind::Build => "BuildWorkflow",
            WorkflowKind::Optimize => "OptimizationWorkflow",
        };
        let exec_options = ExecutionOptions {
            name: id.to_string(),
            state_machine_name: name.into(),
            observer,
            journal: self
                .journal
                .clone()
                .map(|j| j as Arc<dyn code24_asl::Journal>),
            resume,
            faults: None,
            execution_type: code24_asl::ExecutionType::Standard,
        };
        let execution = self.engine.execute(machine, input, exec_options).await;
        let record = self.reconcile(id, &execution).await?;
        Ok((record, execution))
    }

    /// Starts and runs a build.
    pub async fn build(
        &self,
        brief: &Brief,
        options: &BuildOptions,
    ) -> Result<(WorkflowRecord, Execution), PipelineError> {
        let (id, input) = self.start_build(brief, options).await?;
        self.run_build(&id, input, options).await
    }

    /// Makes sure the record ended: an execution that failed, timed out or was aborted
    /// without recording it (the work of the status-sync rule on AWS) is marked failed.
    async fn reconcile(
        &self,
        id: &str,
        execution: &Execution,
    ) -> Result<WorkflowRecord, PipelineError> {
        let record = self
            .services
            .status
            .get(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        if record.status != WorkflowStatus::Running {
            return Ok(record);
        }
        let step = execution
            .history
            .iter()
            .rev()
            .find(|e| e.event_type.ends_with("StateEntered"))
            .and_then(|e| e.state_name.clone())
            .unwrap_or_else(|| "BuildWorkflow".into());
        let (error, cause) = match execution.status {
            ExecutionStatus::Succeeded => (
                "Code24.NotRecorded".to_string(),
                "the execution succeeded without recording its result".to_string(),
            ),
            _ => (
                execution.error.clone().unwrap_or_default(),
                execution.cause.clone().unwrap_or_default(),
            ),
        };
        let failed = failed_record(
            record,
            &step,
            &error,
            &cause,
            &self.services.clock.now_rfc3339(),
        );
        self.services.status.finish(&failed).await?;
        Ok(self.services.status.get(id).await?.unwrap_or(failed))
    }
}
