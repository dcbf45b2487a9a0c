//! The errors a running state machine produces, named exactly as Step Functions names them.

/// Error names Step Functions defines.
pub mod names {
    pub const ALL: &str = "States.ALL";
    pub const RUNTIME: &str = "States.Runtime";
    pub const TIMEOUT: &str = "States.Timeout";
    pub const TASK_FAILED: &str = "States.TaskFailed";
    pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
    pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
    pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
    pub const EXCEED_TOLERATED_FAILURE_THRESHOLD: &str = "States.ExceedToleratedFailureThreshold";
    pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
}

/// How Step Functions begins the cause of a runtime or evaluation failure.
const IN_STATE_PREFIX: &str = "An error occurred while executing the state '";

/// The sentence that names the state a failure happened in.
fn naming(state: &str, entered_event_id: u64) -> String {
    format!("{IN_STATE_PREFIX}{state}' (entered at the event id #{entered_event_id}).")
}

/// A state's failure: an error name and a cause, as Retry, Catch and Fail see them.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{error}: {cause}")]
pub struct Failure {
    pub error: String,
    pub cause: String,
}

impl Failure {
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Failure {
        Failure {
            error: error.into(),
            cause: cause.into(),
        }
    }

    pub fn runtime(cause: impl Into<String>) -> Failure {
        Failure::new(names::RUNTIME, cause)
    }

    /// Names the state a runtime or evaluation failure happened in, as Step Functions
    /// does: "An error occurred while executing the state 'S' (entered at the event id
    /// #N). " before the field's own sentence. A failure that already names a state (one
    /// from a state nested in a branch or iteration) and every other error are unchanged.
    pub fn in_state(mut self, state: &str, entered_event_id: u64) -> Failure {
        let applies = self.error == names::RUNTIME || self.error == names::QUERY_EVALUATION_ERROR;
        if applies && !self.cause.starts_with(IN_STATE_PREFIX) {
            self.cause = format!("{} {}", naming(state, entered_event_id), self.cause);
        }
        self
    }

    /// Whether this failure was raised by the state entered at `entered_event_id` itself
    /// (see [`Failure::in_state`]), not by one nested inside it.
    pub fn raised_in(&self, state: &str, entered_event_id: u64) -> bool {
        self.cause.starts_with(&naming(state, entered_event_id))
    }

    /// Whether a Retrier or Catcher with these `ErrorEquals` handles this failure.
    /// `States.ALL` matches everything but `States.Runtime` and `States.DataLimitExceeded`;
    /// `States.TaskFailed` matches everything a Task raises except `States.Timeout`.
    pub fn matches(&self, error_equals: &[String], in_task: bool) -> bool {
        if self.error == names::RUNTIME || self.error == names::DATA_LIMIT_EXCEEDED {
            return error_equals.contains(&self.error);
        }
        error_equals.iter().any(|e| {
            *e == self.error
                || e == names::ALL
                || (in_task && e == names::TASK_FAILED && self.error != names::TIMEOUT)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn wildcards_follow_step_functions_rules() {
        let custom = Failure::new("Code24.TransientError", "x");
        assert!(custom.matches(&list(&["States.ALL"]), true));
        assert!(custom.matches(&list(&["States.TaskFailed"]), true));
        assert!(!custom.matches(&list(&["Other"]), true));
        let timeout = Failure::new(names::TIMEOUT, "");
        assert!(!timeout.matches(&list(&["States.TaskFailed"]), true));
        assert!(timeout.matches(&list(&["States.Timeout"]), true));
        let runtime = Failure::runtime("bad path");
        assert!(!runtime.matches(&list(&["States.ALL"]), true));
    }
}
