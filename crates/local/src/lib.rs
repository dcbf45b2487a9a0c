//! Code24 on one machine, for the `code24` command: the workflows of
//! `infra/statemachines/` on the embedded ASL engine with their Lambda invocations
//! resolved to the same handlers the Lambdas run, the journaled execution pool behind
//! `code24 serve`, fault injection, the API's local ports and the cost estimate.
//!
//! Invariant: nothing here changes what a step does; only where it runs and what it is
//! given (local stores) differ from AWS. No Lambda links this crate.

pub mod cost;
pub mod pool;
pub mod starter;
pub mod workflows;

pub use pool::{ExecutionPool, PoolLoad, Recovery};
pub use starter::{site_services, LocalStarter};
pub use workflows::{
    build_state_machine, default_data_dir, local_function_arn, local_services,
    local_services_and_database, local_substitutions, optimize_state_machine, BuildOptions,
    FaultKind, FaultPlan, LocalInvoker, PipelineError, Workflows, BUILD_DEFINITION,
    OPTIMIZE_DEFINITION,
};
