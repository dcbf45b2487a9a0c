//! The stored shape of a workflow's status, compatible with `GET /status/{workflowId}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkflowStatus {
    Running,
    Completed,
    Failed,
}

impl WorkflowStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            WorkflowStatus::Running => "running",
            WorkflowStatus::Completed => "completed",
            WorkflowStatus::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<WorkflowStatus> {
        match text {
            "running" => Some(WorkflowStatus::Running),
            "completed" => Some(WorkflowStatus::Completed),
            "failed" => Some(WorkflowStatus::Failed),
            _ => None,
        }
    }
}

/// Why a workflow failed: Step Functions' error and cause, and the failing step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowError {
    pub error: String,
    pub cause: String,
    pub step: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowRecord {
    pub workflow_id: String,
    pub workflow_type: String,
    pub status: WorkflowStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_step: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub input: Value,
    #[serde(default)]
    pub output: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<WorkflowError>,
}

impl WorkflowRecord {
    /// A new record for a workflow that is starting now.
    pub fn running(
        workflow_id: &str,
        workflow_type: &str,
        input: Value,
        now: &str,
    ) -> WorkflowRecord {
        WorkflowRecord {
            workflow_id: workflow_id.to_string(),
            workflow_type: workflow_type.to_string(),
            status: WorkflowStatus::Running,
            current_step: None,
            created_at: now.to_string(),
            updated_at: now.to_string(),
            input,
            output: Value::Object(Default::default()),
            error: None,
        }
    }
}
