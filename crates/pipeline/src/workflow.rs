//! What both runtimes say about a workflow, whoever runs it (Step Functions or the local
//! engine): which of the two it is, its execution input, and the `GET /status` view of
//! its record.

use code24_store::WorkflowRecord;
use serde_json::{json, Value};

/// The two workflows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowKind {
    Build,
    Optimize,
}

impl WorkflowKind {
    /// The name a status record keeps (`workflowType`): `build` or `optimize`.
    pub fn name(self) -> &'static str {
        match self {
            WorkflowKind::Build => "build",
            WorkflowKind::Optimize => "optimize",
        }
    }

    pub fn from_name(name: &str) -> Option<WorkflowKind> {
        [WorkflowKind::Build, WorkflowKind::Optimize]
            .into_iter()
            .find(|k| k.name() == name)
    }

    /// The status record's kind; a record of an unknown type reads as a build, the
    /// only type records had before optimizations.
    pub fn of(record: &WorkflowRecord) -> WorkflowKind {
        WorkflowKind::from_name(&record.workflow_type).unwrap_or(WorkflowKind::Build)
    }
}

/// The execution input of an optimization: the request, and the site id its copy is
/// published under.
pub fn optimize_input(workflow_id: &str, request: Value) -> Value {
    let url = request["url"].as_str().unwrap_or_default().to_string();
    json!({"workflowId": workflow_id, "request": request, "siteId": crate::optimize::site_id_for(&url)})
}

/// The `GET /status/{workflowId}` shape of a record.
pub fn status_view(record: &WorkflowRecord) -> Value {
    let mut v = json!({
        "workflowId": record.workflow_id,
        "status": record.status,
        "output": record.output,
        "workflowType": record.workflow_type,
        "createdAt": record.created_at,
        "updatedAt": record.updated_at,
    });
    if let Some(step) = &record.current_step {
        v["currentStep"] = json!(step);
    }
    if let Some(e) = &record.error {
        v["error"] = json!(e);
    }
    v
}
