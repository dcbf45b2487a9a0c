//! An Amazon States Language interpreter with Step Functions' semantics: the local
//! stand-in for AWS Step Functions that Code24 runs its workflows on.
//!
//! Parse and validate with [`StateMachine::from_json`], run with [`Engine::execute`].
//! Task states call Lambda functions through a [`LambdaInvoker`]; time comes from tokio,
//! so a runtime built with [`runtime`]`(true)` is a virtual clock: Waits, retry backoffs
//! and timeouts take no real time and are exact.

pub mod choice;
mod dataflow;
pub mod definition;
pub mod error;
pub mod executor;
pub mod faults;
pub mod history;
pub mod intrinsics;
pub mod jsonata;
pub mod path;
pub mod payload;

pub use definition::{DefinitionError, StateMachine};
pub use error::Failure;
pub use executor::{
    Checkpoint, Engine, Execution, ExecutionOptions, ExecutionStatus, ExecutionType, InvokeError,
    Journal, LambdaInvoker, Resume, CHECKPOINT_EVERY_EVENTS, EXPRESS_MAX_DURATION,
    MAX_HISTORY_EVENTS, MAX_PAYLOAD_BYTES, STANDARD_MAX_DURATION,
};
pub use faults::{Fault, FaultKind, Faults};
pub use history::{EventDetails, HistoryEvent, Observer};

use std::collections::HashMap;

/// A single-threaded tokio runtime; `virtual_clock` pauses its time so that sleeps
/// advance the clock instantly whenever every task is waiting.
pub fn runtime(virtual_clock: bool) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(virtual_clock)
        .build()
}

/// Replaces `${Name}` placeholders (SAM `DefinitionSubstitutions`) in a definition's text.
/// An unknown placeholder is an error naming it.
pub fn substitute(text: &str, values: &HashMap<String, String>) -> Result<String, DefinitionError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}').ok_or_else(|| DefinitionError {
            location: "definition".into(),
            message: "unterminated '${' placeholder".into(),
        })?;
        let name = &after[..end];
        let value = values.get(name).ok_or_else(|| DefinitionError {
            location: "definition".into(),
            message: format!("no substitution for '${{{name}}}'"),
        })?;
        out.push_str(value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}
