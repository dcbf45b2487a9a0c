//! Code24's pipeline: the step handlers shared by the Lambda functions and the local
//! engine, and the local runner of the workflows defined in `infra/statemachines/`.
//!
//! Invariant: a step behaves the same on AWS and locally; only the [`Services`] differ.

pub mod assisted;
pub mod cost;
pub mod handler;
pub mod local;
pub mod monitor;
pub mod optimize;
pub mod pool;
pub mod steps;
pub mod web;

pub use handler::{handle, Services, SiteConfig, StepError};
pub use local::{status_view, BuildOptions, FaultKind, FaultPlan, WorkflowKind, Workflows};
pub use pool::{ExecutionPool, PoolLoad, Recovery};
pub use steps::Step;
