//! The bounded pool of workers that runs `code24 serve`'s executions.
//!
//! Invariants: an execution accepted by [`ExecutionPool::submit`] is first written to
//! the journal (definition and input), so it survives the process being killed; at most
//! `workers` executions run at once and the rest wait in order; an execution runs at most
//! once at a time in this process; [`ExecutionPool::resume_unfinished`] continues every
//! journaled execution that had not ended, from its last checkpoint (a Task that was in
//! flight runs again: at-least-once, as on AWS).

use crate::workflows::{PipelineError, Workflows};
use code24_asl::{HistoryEvent, Observer};
use code24_pipeline::handler::failed_record;
use code24_pipeline::WorkflowKind;
use code24_store::{StoreError, WorkflowStatus};
use code24_store_local::SqliteStatusStore;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Runs journaled executions on a fixed number of workers.
pub struct ExecutionPool {
    workflows: Arc<Workflows>,
    journal: Arc<SqliteStatusStore>,
    workers: usize,
    permits: Arc<Semaphore>,
    /// Where executions run: their own runtime in `code24 serve`, so CPU-heavy steps
    /// do not hold up the threads that answer requests.
    runtime: tokio::runtime::Handle,
    /// Executions accepted in this process and not yet ended.
    active: Mutex<HashSet<String>>,
    /// The events of running executions as they happen: the journal only has them up to
    /// the last checkpoint (taken before and after each top-level state with effects, and every 4,096 events).
    live: Arc<Mutex<HashMap<String, Vec<HistoryEvent>>>>,
}

/// What [`ExecutionPool::resume_unfinished`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Executions queued to continue.
    pub resumed: usize,
    /// Workflows recorded as failed because they never started.
    pub abandoned: usize,
}

/// How busy the pool is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PoolLoad {
    pub workers: usize,
    pub running: usize,
    pub queued: usize,
}

impl ExecutionPool {
    /// A pool of `workers` (at least 1) over `workflows`, which must journal to `journal`.
    /// Executions run on the current tokio runtime; see [`ExecutionPool::on_runtime`].
    pub fn new(
        workflows: Workflows,
        journal: Arc<SqliteStatusStore>,
        workers: usize,
    ) -> Arc<ExecutionPool> {
        ExecutionPool::on_runtime(
            workflows,
            journal,
            workers,
            tokio::runtime::Handle::current(),
        )
    }

    /// A pool whose executions run on `runtime`.
    pub fn on_runtime(
        workflows: Workflows,
        journal: Arc<SqliteStatusStore>,
        workers: usize,
        runtime: tokio::runtime::Handle,
    ) -> Arc<ExecutionPool> {
        let workers = workers.max(1);
        Arc::new(ExecutionPool {
            workflows: Arc::new(workflows.with_journal(journal.clone())),
            journal,
            workers,
            permits: Arc::new(Semaphore::new(workers)),
            runtime,
            active: Mutex::new(HashSet::new()),
            live: Arc::new(Mutex::new(HashMap::new())),
        })
    }

    pub fn workflows(&self) -> &Workflows {
        &self.workflows
    }

    fn claim(&self, name: &str) -> bool {
        self.active
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_string())
    }

    fn release(&self, name: &str) {
        self.active
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(name);
    }

    /// Journals a started workflow and queues it. Submitting a name that is already
    /// queued, running or journaled is the same execution, not a second one (as
    /// StartExecution with the same name and input is on AWS).
    pub fn submit(
        self: &Arc<Self>,
        kind: WorkflowKind,
        name: &str,
        input: &Value,
    ) -> Result<(), PipelineError> {
        if !self.claim(name) {
            return Ok(());
        }
        let created = self.workflows.journal_execution(kind, name, input);
        match created {
            Ok(()) | Err(PipelineError::Store(StoreError::AlreadyExists(_))) => {}
            Err(e) => {
                self.release(name);
                return Err(e);
            }
        }
        self.spawn(name.to_string());
        Ok(())
    }

    /// After a restart: queues every journaled execution that had not ended (and any
    /// that ended without its record saying so), and records as failed each workflow
    /// whose record says `running` but that was never journaled (the process stopped
    /// between recording the trigger and starting it; the trigger was never answered).
    pub async fn resume_unfinished(self: &Arc<Self>) -> Result<Recovery, PipelineError> {
        let mut recovery = Recovery::default();
        let mut names = self.journal.unfinished_executions()?;
        for id in self.journal.running_workflows()? {
            match self.journal.execution(&id)? {
                Some(e) if e.status != "RUNNING" => names.push(id),
                Some(_) => {}
                None => {
                    self.record_failure(
                        &id,
                        "Code24.StartFailed",
                        "the server stopped before this workflow started; trigger it again",
                    )
                    .await;
                    recovery.abandoned += 1;
                }
            }
        }
        for name in names {
            if self.claim(&name) {
                self.spawn(name);
                recovery.resumed += 1;
            }
        }
        Ok(recovery)
    }

    /// Whether the execution is queued or running in this process.
    pub fn is_active(&self, name: &str) -> bool {
        self.active
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(name)
    }

    /// The journal the pool's executions are kept in.
    pub fn journal(&self) -> &Arc<SqliteStatusStore> {
        &self.journal
    }

    pub fn load(&self) -> PoolLoad {
        let active = self.active.lock().unwrap_or_else(|e| e.into_inner()).len();
        let running = self.workers - self.permits.available_permits();
        PoolLoad {
            workers: self.workers,
            running,
            queued: active.saturating_sub(running),
        }
    }

    /// The history of an execution so far: the journal's events and those recorded
    /// since its last checkpoint, in order. Empty for an unknown name.
    pub fn history(&self, name: &str) -> Result<Vec<HistoryEvent>, StoreError> {
        let mut events: BTreeMap<u64, HistoryEvent> = self
            .journal
            .execution_events(name)?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        for e in live.get(name).into_iter().flatten() {
            events.entry(e.id).or_insert_with(|| e.clone());
        }
        Ok(events.into_values().collect())
    }

    fn spawn(self: &Arc<Self>, name: String) {
        let pool = self.clone();
        self.runtime.spawn(async move {
            let permit = pool.permits.clone().acquire_owned().await;
            let live = pool.live.clone();
            let key = name.clone();
            let observer: Observer = Arc::new(move |event: &HistoryEvent| {
                let mut live = live.lock().unwrap_or_else(|e| e.into_inner());
                live.entry(key.clone()).or_default().push(event.clone());
            });
            let result = pool
                .workflows
                .continue_journaled(&name, Some(observer))
                .await;
            pool.live
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&name);
            drop(permit);
            if let Err(e) = result {
                pool.record_failure(&name, "Code24.EngineError", &e.to_string())
                    .await;
            }
            pool.release(&name);
        });
    }

    /// An execution the engine could not run (its journal unreadable, say) is recorded
    /// as failed, so no record stays `running`.
    async fn record_failure(&self, name: &str, error: &str, message: &str) {
        let services = self.workflows.services();
        let record = services.status.get(name).await.ok().flatten();
        if let Some(r) = record.filter(|r| r.status == WorkflowStatus::Running) {
            let now = services.clock.now_rfc3339();
            let failed = failed_record(r, "Engine", error, message, &now);
            let _ = services.status.finish(&failed).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflows::{local_services_and_database, BuildOptions, FaultPlan};
    use code24_pipeline::SiteConfig;

    #[tokio::test]
    async fn a_journaled_execution_whose_record_ended_is_closed_and_not_run_again() {
        let dir = tempfile::tempdir().unwrap();
        let (services, database) =
            local_services_and_database(dir.path(), SiteConfig::default()).unwrap();
        let workflows = Workflows::new(services.clone(), FaultPlan::none()).unwrap();
        let pool = ExecutionPool::new(workflows, database.clone(), 2);
        let brief = code24_domain::Brief::from_fields(
            "Crumb & Co.",
            "Sourdough bakery in Leeds with a small cafe",
            "food_and_beverage",
            "online_orders",
        )
        .unwrap();
        let (id, input) = pool
            .workflows()
            .start_build(&brief, &BuildOptions::default())
            .await
            .unwrap();
        pool.workflows()
            .journal_execution(WorkflowKind::Build, &id, &input)
            .unwrap();
        // The record ended (a step failed on a full disk) but the journal could not
        // record the end.
        let record = services.status.get(&id).await.unwrap().unwrap();
        let failed = failed_record(
            record,
            "Deploy",
            "States.Runtime",
            "disk full",
            "2026-11-26T09:00:00Z",
        );
        services.status.finish(&failed).await.unwrap();

        let recovery = pool.resume_unfinished().await.unwrap();
        assert_eq!(
            recovery,
            Recovery {
                resumed: 1,
                abandoned: 0
            }
        );
        while pool.is_active(&id) {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(database.execution(&id).unwrap().unwrap().status, "FAILED");
        assert_eq!(
            services.sites.versions("crumb-co").await.unwrap(),
            Vec::<u64>::new()
        );
        let record = services.status.get(&id).await.unwrap().unwrap();
        assert_eq!(record.error.unwrap().cause, "disk full");
    }

    #[tokio::test]
    async fn a_workflow_recorded_but_never_journaled_is_failed_on_recovery() {
        let dir = tempfile::tempdir().unwrap();
        let (services, database) =
            local_services_and_database(dir.path(), SiteConfig::default()).unwrap();
        let workflows = Workflows::new(services.clone(), FaultPlan::none()).unwrap();
        let pool = ExecutionPool::new(workflows, database, 2);
        let record = code24_store::WorkflowRecord::running(
            "build-cut-off",
            "build",
            serde_json::json!({}),
            "2026-11-26T09:00:00Z",
        );
        services.status.create(&record).await.unwrap();
        let recovery = pool.resume_unfinished().await.unwrap();
        assert_eq!(
            recovery,
            Recovery {
                resumed: 0,
                abandoned: 1
            }
        );
        let record = services.status.get("build-cut-off").await.unwrap().unwrap();
        assert_eq!(record.status, WorkflowStatus::Failed);
        assert_eq!(record.error.unwrap().error, "Code24.StartFailed");
    }
}
