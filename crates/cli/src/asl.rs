//! `code24 asl ...`: run any state machine offline, durably. Every execution is recorded
//! in the data directory's database with its checkpoints and history, so `resume` can
//! finish executions whose process was killed and `redrive` can restart a failed one
//! from the state that failed.

use crate::{data_dir, read_file, StoreArgs};
use anyhow::{anyhow, bail, Context, Result};
use clap::Subcommand;
use code24_asl::{
    Engine, Execution, ExecutionOptions, ExecutionStatus, ExecutionType, Fault, FaultKind, Faults,
    Resume, StateMachine,
};
use code24_local::FaultPlan;
use code24_local::{local_services_and_database, local_substitutions, LocalInvoker};
use code24_pipeline::SiteConfig;
use code24_store_local::SqliteStatusStore;
use serde_json::{json, Value};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Subcommand)]
pub enum AslCommand {
    /// Run a state machine definition on an input and print {status, output, error, cause}.
    Run {
        #[arg(long)]
        definition: PathBuf,
        #[arg(long)]
        input: PathBuf,
        /// The execution's name (unique in the data directory) [default: a new UUID].
        #[arg(long)]
        name: Option<String>,
        /// Waits, retry backoffs and timeouts take no real time.
        #[arg(long)]
        virtual_clock: bool,
        /// Write the execution's event history (JSON) to this file.
        #[arg(long)]
        history: Option<PathBuf>,
        /// Make a state fail, e.g. `Charge=2:Payments.Declined` (twice), `Ship` (always,
        /// with States.TaskFailed) or `Ship:hang` (States.Timeout). Retry and Catch see it
        /// as a real failure. The grammar is `code24_asl::faults`'.
        #[arg(long = "inject-fault", value_name = "STATE[=TIMES][:ERROR|:hang]")]
        faults: Vec<String>,
        /// The state machine type, with its quotas: `standard` fails at 25,000 history
        /// events; `express` has no history quota but times out after 5 minutes.
        #[arg(long = "type", value_enum, default_value = "standard")]
        execution_type: MachineType,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Finish every execution whose process stopped before it ended (a Task in flight
    /// runs again: at-least-once, as on AWS). Prints one JSON line per execution.
    Resume {
        #[arg(long)]
        virtual_clock: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Run a failed, timed-out or aborted execution again from the state that failed.
    Redrive {
        name: String,
        #[arg(long)]
        virtual_clock: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Print an execution's event history.
    History {
        name: String,
        /// As JSON, shaped like Step Functions' GetExecutionHistory response.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
}

struct Runner {
    store: Arc<SqliteStatusStore>,
    engine: Engine,
}

impl Runner {
    fn open(args: &StoreArgs) -> Result<Runner> {
        let dir = data_dir(args)?;
        let (services, store) = local_services_and_database(&dir, SiteConfig::default())?;
        let engine = Engine::new(Arc::new(LocalInvoker::new(services, FaultPlan::none())));
        Ok(Runner { store, engine })
    }

    fn execute(
        &self,
        machine: &StateMachine,
        name: &str,
        input: Value,
        resume: Option<Resume>,
        faults: Option<Arc<Faults>>,
        (virtual_clock, execution_type): (bool, ExecutionType),
    ) -> Result<Execution> {
        let options = ExecutionOptions {
            journal: Some(self.store.clone()),
            resume,
            faults,
            execution_type,
            ..ExecutionOptions::named(name)
        };
        let runtime = code24_asl::runtime(virtual_clock)?;
        let execution = runtime.block_on(self.engine.execute(machine, input, options));
        if let Some(e) = &execution.journal_error {
            bail!(
                "execution {name} ended {:?} but its end could not be saved: {e}",
                execution.status
            );
        }
        Ok(execution)
    }

    /// Continues a recorded execution from its last checkpoint.
    fn continue_execution(
        &self,
        name: &str,
        redrive: bool,
        virtual_clock: bool,
    ) -> Result<Execution> {
        let record = self
            .store
            .execution(name)?
            .ok_or_else(|| anyhow!("no execution named '{name}'"))?;
        let machine = StateMachine::from_json(&record.definition)
            .map_err(|e| anyhow!("stored definition of {name}: {e}"))?;
        let resume = match record.checkpoint {
            Some(checkpoint) => Some(Resume {
                checkpoint,
                events: self.store.execution_events(name)?,
                original_input: record.input.clone(),
                start_time: record.started_at.clone(),
                redrive,
            }),
            None => None,
        };
        // A resumed or redriven execution is durable, so STANDARD.
        self.execute(
            &machine,
            name,
            record.input,
            resume,
            None,
            (virtual_clock, ExecutionType::Standard),
        )
    }
}

fn result_line(name: Option<&str>, execution: &Execution) -> Value {
    let mut out = json!({"status": execution.status, "output": execution.output, "error": execution.error, "cause": execution.cause});
    if let Some(n) = name {
        out["name"] = json!(n);
    }
    out
}

fn exit_for(execution: &Execution) -> ExitCode {
    if execution.status == ExecutionStatus::Succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn load_definition(path: &Path) -> Result<(String, StateMachine)> {
    let text = read_file(path, "definition", crate::MAX_DEFINITION_BYTES)?;
    let text = code24_asl::substitute(&text, &local_substitutions())
        .map_err(|e| anyhow!("invalid definition {}: {e}", path.display()))?;
    let machine = StateMachine::from_json(&text)
        .map_err(|e| anyhow!("invalid definition {}: {e}", path.display()))?;
    Ok((text, machine))
}

pub fn run(command: AslCommand) -> Result<ExitCode> {
    match command {
        AslCommand::Run {
            definition,
            input,
            name,
            virtual_clock,
            history,
            faults,
            execution_type,
            store,
        } => {
            let mut plan = Faults::new();
            let default = FaultKind::Error("States.TaskFailed".into());
            for spec in &faults {
                let fault = Fault::parse(spec).map_err(|e| anyhow!(e))?;
                if fault.kind == Some(FaultKind::Panic) {
                    return Err(anyhow!(
                        "fault '{spec}': only a step of code24 build, optimize or serve can panic; \
                         a state fails with an error or hangs"
                    ));
                }
                plan = plan.add(fault, &default);
            }
            let (text, machine) = load_definition(&definition)?;
            let input_value: Value =
                serde_json::from_str(&read_file(&input, "input", crate::MAX_INPUT_BYTES)?)
                    .map_err(|e| {
                        anyhow!(
                            "invalid input {}: not valid JSON (line {}, column {})",
                            input.display(),
                            e.line(),
                            e.column()
                        )
                    })?;
            let name = name.unwrap_or_else(|| format!("run-{}", uuid_like()));
            let ok = !name.is_empty()
                && name.len() <= 80
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !ok {
                bail!("invalid --name '{name}': use 1-80 characters of A-Z, a-z, 0-9, '-' and '_'");
            }
            let runner = Runner::open(&store)?;
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            runner
                .store
                .create_execution(&name, &text, &input_value, &now)
                .map_err(|e| match e {
                    code24_store::StoreError::AlreadyExists(n) => {
                        anyhow!("an execution named '{n}' already exists")
                    }
                    other => other.into(),
                })?;
            let plan = (!faults.is_empty()).then(|| Arc::new(plan));
            let execution = runner.execute(
                &machine,
                &name,
                input_value,
                None,
                plan,
                (virtual_clock, execution_type.into()),
            )?;
            if let Some(path) = history {
                std::fs::write(&path, serde_json::to_string_pretty(&execution.history)?)
                    .with_context(|| format!("cannot write history {}", path.display()))?;
            }
            out!("{}", result_line(None, &execution));
            Ok(exit_for(&execution))
        }
        AslCommand::Resume {
            virtual_clock,
            store,
        } => {
            let runner = Runner::open(&store)?;
            let names = runner.store.unfinished_executions()?;
            if names.is_empty() {
                let _ = writeln!(std::io::stderr(), "no unfinished executions");
            }
            let mut code = ExitCode::SUCCESS;
            for name in names {
                let execution = runner.continue_execution(&name, false, virtual_clock)?;
                out!("{}", result_line(Some(&name), &execution));
                if execution.status != ExecutionStatus::Succeeded {
                    code = ExitCode::from(1);
                }
            }
            Ok(code)
        }
        AslCommand::Redrive {
            name,
            virtual_clock,
            store,
        } => {
            let runner = Runner::open(&store)?;
            let record = runner
                .store
                .execution(&name)?
                .ok_or_else(|| anyhow!("no execution named '{name}'"))?;
            if !runner.store.reopen_execution(&name)? {
                bail!("execution '{name}' is {}; only FAILED, TIMED_OUT and ABORTED executions can be redriven", record.status);
            }
            let execution = runner.continue_execution(&name, true, virtual_clock)?;
            out!("{}", result_line(Some(&name), &execution));
            Ok(exit_for(&execution))
        }
        AslCommand::History {
            name,
            json: as_json,
            store,
        } => {
            let runner = Runner::open(&store)?;
            if runner.store.execution(&name)?.is_none() {
                bail!("no execution named '{name}'");
            }
            let events = runner.store.execution_events(&name)?;
            if as_json {
                let aws: Vec<Value> = events.iter().map(|e| e.to_aws()).collect();
                out!("{}", serde_json::to_string_pretty(&json!({"events": aws}))?);
            } else {
                for e in events {
                    out!(
                        "{:>5}  {}  {:<28} {}",
                        e.id,
                        e.timestamp
                            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                        e.event_type,
                        e.state_name.unwrap_or_default()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{:x}-{:x}", nanos, std::process::id())
}

/// `--type`: the state machine's type.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MachineType {
    Standard,
    Express,
}

impl From<MachineType> for ExecutionType {
    fn from(t: MachineType) -> ExecutionType {
        match t {
            MachineType::Standard => ExecutionType::Standard,
            MachineType::Express => ExecutionType::Express,
        }
    }
}
