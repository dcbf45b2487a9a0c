//! The API's two ports on this machine: starting a workflow on the execution pool, and
//! the site routes' stores (site folders, artifacts, SQLite counters).

use crate::pool::ExecutionPool;
use async_trait::async_trait;
use code24_api::{SiteServices, WorkflowStarter};
use code24_pipeline::{Services, WorkflowKind};
use code24_store_local::SqliteStatusStore;
use serde_json::Value;
use std::sync::Arc;

/// Runs workflows on the embedded engine: the local counterpart of starting a Step
/// Functions execution. The execution is journaled before the start is answered, and runs
/// on the pool's bounded workers; starting one workflow id again is the same execution,
/// not a second one.
pub struct LocalStarter {
    pool: Arc<ExecutionPool>,
}

impl LocalStarter {
    pub fn new(pool: Arc<ExecutionPool>) -> LocalStarter {
        LocalStarter { pool }
    }
}

#[async_trait]
impl WorkflowStarter for LocalStarter {
    async fn start_build(&self, workflow_id: &str, input: &Value) -> Result<(), String> {
        self.pool
            .submit(WorkflowKind::Build, workflow_id, input)
            .map_err(|e| e.to_string())
    }

    async fn start_optimize(&self, workflow_id: &str, input: &Value) -> Result<(), String> {
        self.pool
            .submit(WorkflowKind::Optimize, workflow_id, input)
            .map_err(|e| e.to_string())
    }
}

/// The local stores of the site routes: the site folders and artifacts of `services`, and
/// the analytics counters in the SQLite database beside the status records.
pub fn site_services(services: &Services, database: Arc<SqliteStatusStore>) -> SiteServices {
    SiteServices {
        sites: services.sites.clone(),
        analytics: database,
        artifacts: services.artifacts.clone(),
        site_base_url: services.config.site_base_url.clone(),
    }
}
