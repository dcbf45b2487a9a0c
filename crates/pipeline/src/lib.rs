//! Code24's pipeline: the step handlers a Lambda function runs, the same ones the local
//! engine (`code24-local`) calls, and the services they use. What runs the workflows
//! (Step Functions, or the embedded ASL engine) is not here: no Lambda links `code24-asl`
//! or SQLite.
//!
//! Invariant: a step behaves the same on AWS and locally; only the [`Services`] differ.

pub mod artifact;
pub mod assisted;
pub mod handler;
pub mod monitor;
pub mod optimize;
pub mod steps;
pub mod summary;
pub mod web;
pub mod workflow;

pub use artifact::Artifact;
pub use handler::{handle, Services, SiteConfig, StepError};
pub use steps::Step;
pub use workflow::{optimize_input, status_view, WorkflowKind};
