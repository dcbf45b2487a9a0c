//! The HTTP API: `POST /trigger/build`, `POST /trigger/optimize`, `GET /status/{id}`;
//! and for deployed sites (module [`sites`]): `POST /collect/{siteId}`,
//! `GET /sites/{siteId}/analytics`, `POST /forms/{siteId}`, `GET /sites/{siteId}/versions`
//! and `POST /sites/{siteId}/rollback`.
//! Transport-free: [`Api::handle`] takes a method, path, headers and body and returns a
//! status and a JSON body, so the `api` Lambda (API Gateway) and a local server share it.
//!
//! Invariants: bad input is a 4xx with a JSON body naming the field and writes nothing; a
//! trigger with an `Idempotency-Key` runs at most one workflow per key; a record is never
//! left `running` when its workflow could not be started.

pub mod cases;
pub mod sites;

use async_trait::async_trait;
use code24_domain::optimization::optimize::OptimizeRequest;
use code24_domain::text::slug;
use code24_domain::Brief;
use code24_pipeline::handler::{check_workflow_id, failed_record, Clock};
use code24_pipeline::{status_view, WorkflowKind};
use code24_store::{
    AnalyticsStore, ArtifactStore, SiteStore, StatusStore, StoreError, WorkflowRecord,
    WorkflowStatus,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

pub use code24_domain::optimization::optimize::OPTIMIZATION_TYPES;

/// Starts a workflow execution for a recorded workflow: Step Functions on AWS, the
/// embedded engine locally.
#[async_trait]
pub trait WorkflowStarter: Send + Sync {
    async fn start_build(&self, workflow_id: &str, input: &Value) -> Result<(), String>;
    /// Starts an OptimizationWorkflow execution.
    async fn start_optimize(&self, workflow_id: &str, input: &Value) -> Result<(), String> {
        let _ = (workflow_id, input);
        Err("the OptimizationWorkflow is not configured here".into())
    }
}

/// An HTTP answer: status code and JSON body, and for a redirect its `Location`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub location: Option<String>,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        body,
        location: None,
    }
}

fn error(status: u16, error: &str, field: Option<&str>, message: &str) -> Reply {
    let mut body = json!({"error": error, "message": message});
    if let Some(f) = field {
        body["field"] = json!(f);
    }
    reply(status, body)
}

/// A 503 for a storage failure. The response says what kind of failure it was (full,
/// read-only, unreachable) and never the server's paths or OS error text; the whole error
/// goes to the log.
pub(crate) fn unavailable(e: StoreError) -> Reply {
    tracing::error!(error = %e, "storage error");
    error(503, "storage unavailable", None, &e.public_message())
}

/// The answer to a build whose site could not be claimed.
fn site_claim_refused(e: code24_store::SiteClaimError) -> Reply {
    use code24_store::SiteClaimError as E;
    match e {
        E::OwnedByAnother { .. } | E::Exhausted(_) => {
            error(409, "site conflict", Some("siteId"), &e.to_string())
        }
        E::InvalidSiteId(message) => error(400, "invalid brief", Some("siteId"), &message),
        E::Store(e) => unavailable(e),
    }
}

pub struct Api {
    pub status: Arc<dyn StatusStore>,
    pub starter: Arc<dyn WorkflowStarter>,
    pub clock: Arc<dyn Clock>,
    /// Seconds between the elite workers; `None` leaves the state machine's default (30).
    pub coordination_delay_seconds: Option<u64>,
    pub sites: SiteServices,
}

/// What the site routes use: deployed sites, their analytics counters, and where form
/// submissions are kept (the artifact store, under `forms/{siteId}/`).
#[derive(Clone)]
pub struct SiteServices {
    pub sites: Arc<dyn SiteStore>,
    pub analytics: Arc<dyn AnalyticsStore>,
    pub artifacts: Arc<dyn ArtifactStore>,
    /// Base URL sites are served under (`{base}/{siteId}/`), for the form's redirect.
    pub site_base_url: String,
}

/// Decodes a URL path's `%XX` escapes; `None` if the result is not UTF-8 or an escape
/// is malformed.
pub fn decode_path(path: &str) -> Option<String> {
    code24_domain::text::percent_decode(path)
}

fn idempotent_id(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("build-{hex}")
}

impl Api {
    /// Routes one request. `idempotency_key` is the `Idempotency-Key` header, if sent.
    pub async fn handle(
        &self,
        method: &str,
        path: &str,
        idempotency_key: Option<&str>,
        body: &[u8],
    ) -> Reply {
        // API Gateway and HTTP servers hand over the path as sent, percent-encoded; site
        // ids may be Unicode (`cafe-東京`).
        let Some(decoded) = decode_path(path) else {
            return error(
                400,
                "invalid path",
                None,
                "the path's percent-encoding is not UTF-8",
            );
        };
        let path = decoded.trim_end_matches('/');
        match (method, path) {
            ("POST", "/trigger/build") => self.trigger_build(idempotency_key, body).await,
            ("POST", "/trigger/optimize") => self.trigger_optimize(body).await,
            ("GET", p) if p.starts_with("/experiments/") => {
                self.experiment(&p["/experiments/".len()..]).await
            }
            ("GET", p) if p.starts_with("/status/") => self.status(&p["/status/".len()..]).await,
            ("POST", p) if p.starts_with("/collect/") => {
                self.collect(&p["/collect/".len()..], body).await
            }
            ("POST", p) if p.starts_with("/forms/") => self.form(&p["/forms/".len()..], body).await,
            (_, p) if p.starts_with("/sites/") => self.site_route(method, p, body).await,
            (_, "/trigger/build" | "/trigger/optimize") => {
                error(405, "method not allowed", None, "use POST")
            }
            (_, p) if p.starts_with("/status/") => {
                error(405, "method not allowed", None, "use GET")
            }
            _ => error(
                404,
                "not found",
                None,
                &format!("no route for {method} {path}"),
            ),
        }
    }

    async fn trigger_build(&self, idempotency_key: Option<&str>, body: &[u8]) -> Reply {
        if body.len() > MAX_BODY_BYTES {
            return error(
                413,
                "invalid brief",
                Some("body"),
                &format!(
                    "the body is {} bytes; the limit is {MAX_BODY_BYTES}",
                    body.len()
                ),
            );
        }
        let value = match code24_domain::json::parse_strict_bytes(body) {
            Ok(v) => v,
            Err(message) => return error(400, "invalid brief", Some("body"), &message),
        };
        let brief = match Brief::from_value(&value) {
            Ok(b) => b,
            Err(e) => return error(400, "invalid brief", Some(&e.field), &e.message),
        };
        let requested_site = match value.get("siteId") {
            None | Some(Value::Null) => None,
            // Checked, with its owner, by claim_site_id below.
            Some(Value::String(id)) => Some(id.clone()),
            Some(_) => {
                return error(
                    400,
                    "invalid brief",
                    Some("siteId"),
                    "must be a string: the id of a site this business built before",
                )
            }
        };
        let workflow_id = match idempotency_key {
            Some(k) if k.is_empty() || k.len() > 255 => {
                return error(
                    400,
                    "invalid header",
                    Some("Idempotency-Key"),
                    "must be 1 to 255 characters",
                )
            }
            Some(k) => idempotent_id(k),
            None => format!("build-{}", uuid::Uuid::new_v4()),
        };
        let brief_json = match serde_json::to_value(&brief) {
            Ok(v) => v,
            Err(e) => return error(500, "internal error", None, &e.to_string()),
        };
        let record = WorkflowRecord::running(
            &workflow_id,
            WorkflowKind::Build.name(),
            brief_json.clone(),
            &self.clock.now_rfc3339(),
        );
        let owner = code24_store::SiteOwner {
            name: brief.name.clone(),
            workflow_id: workflow_id.clone(),
        };
        let site_id = match code24_store::claim_site_id(
            self.status.as_ref(),
            &slug(&brief.name),
            &owner,
            requested_site.as_deref(),
            false,
        )
        .await
        {
            Ok(id) => id,
            Err(e) => return site_claim_refused(e),
        };
        let mut input = json!({"workflowId": workflow_id, "brief": brief_json, "siteId": site_id});
        if let Some(delay) = self.coordination_delay_seconds {
            input["coordinationDelaySeconds"] = json!(delay);
        }
        match self.status.create(&record).await {
            Ok(()) => {}
            Err(StoreError::AlreadyExists(_)) => {
                return match self.status.get(&workflow_id).await {
                    Ok(Some(existing)) if existing.input == brief_json => {
                        self.repeated_trigger(&existing, &input).await
                    }
                    Ok(_) => error(
                        409,
                        "idempotency conflict",
                        Some("Idempotency-Key"),
                        "this key was used with a different body",
                    ),
                    Err(e) => unavailable(e),
                };
            }
            Err(e) => return unavailable(e),
        }
        let started = self.starter.start_build(&workflow_id, &input).await;
        if let Err(failed) = self.record_start_failure(record, started).await {
            return failed;
        }
        reply(202, json!({"workflowId": workflow_id, "status": "running"}))
    }

    /// No record may stay `running` for a workflow that never started: a failed start is
    /// recorded as the workflow's failure, and answered with a 503.
    async fn record_start_failure(
        &self,
        record: WorkflowRecord,
        started: Result<(), String>,
    ) -> Result<(), Reply> {
        let Err(e) = started else {
            return Ok(());
        };
        let failed = failed_record(
            record,
            "Trigger",
            "Code24.StartFailed",
            &e,
            &self.clock.now_rfc3339(),
        );
        let _ = self.status.finish(&failed).await;
        Err(error(503, "could not start the workflow", None, &e))
    }

    /// The same key and body again. While the workflow is `running`, its execution is
    /// started again: starting is idempotent (the same name and input is the same
    /// execution), and it finishes the work of an earlier request that recorded the
    /// workflow but was cut off before it could start it.
    async fn repeated_trigger(&self, existing: &WorkflowRecord, input: &Value) -> Reply {
        let id = &existing.workflow_id;
        if existing.status == WorkflowStatus::Running {
            if let Err(e) = self.starter.start_build(id, input).await {
                return error(503, "could not start the workflow", None, &e);
            }
        }
        reply(200, json!({"workflowId": id, "status": existing.status}))
    }

    async fn trigger_optimize(&self, body: &[u8]) -> Reply {
        if body.len() > MAX_BODY_BYTES {
            return error(
                413,
                "invalid request",
                Some("body"),
                &format!("the body is over {MAX_BODY_BYTES} bytes"),
            );
        }
        let value = match code24_domain::json::parse_strict_bytes(body) {
            Ok(v) => v,
            Err(message) => return error(400, "invalid request", Some("body"), &message),
        };
        let request = match OptimizeRequest::from_value(&value) {
            Ok(r) => r,
            Err(e) => return error(400, "invalid request", Some(&e.field), &e.message),
        };
        let request_json = match serde_json::to_value(&request) {
            Ok(v) => v,
            Err(e) => return error(500, "internal error", None, &e.to_string()),
        };
        let workflow_id = format!("optimize-{}", uuid::Uuid::new_v4());
        let record = WorkflowRecord::running(
            &workflow_id,
            WorkflowKind::Optimize.name(),
            request_json.clone(),
            &self.clock.now_rfc3339(),
        );
        if let Err(e) = self.status.create(&record).await {
            return unavailable(e);
        }
        let input = code24_pipeline::optimize_input(&workflow_id, request_json);
        let started = self.starter.start_optimize(&workflow_id, &input).await;
        if let Err(failed) = self.record_start_failure(record, started).await {
            return failed;
        }
        reply(
            202,
            json!({"workflowId": workflow_id, "status": "running", "siteId": input["siteId"]}),
        )
    }

    async fn status(&self, id: &str) -> Reply {
        if check_workflow_id(id).is_err() {
            return error(
                400,
                "invalid workflowId",
                Some("workflowId"),
                "use 1-80 characters of A-Z, a-z, 0-9, '-' and '_'",
            );
        }
        match self.status.get(id).await {
            Ok(Some(record)) => reply(200, status_view(&record)),
            Ok(None) => error(
                404,
                "not found",
                Some("workflowId"),
                &format!("no workflow with id {id}"),
            ),
            Err(e) => unavailable(e),
        }
    }
}
