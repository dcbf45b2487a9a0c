//! The step handlers. A Lambda function and the local engine call [`handle`] with the
//! same payload; only the stores behind [`Services`] differ.

use crate::artifact::Artifact;
use crate::assisted;
use crate::steps::Step;
use crate::summary::{
    to_json, AnalyticsSummary, BrandSummary, CompetitiveAnalysisSummary, Deployment, DesignSummary,
    MarketIntelligenceSummary, MarketResearchSummary, SiteSummary,
};
use crate::workflow::WorkflowKind;
use code24_domain::analytics::{self, AnalyticsSetup};
use code24_domain::brand::{self, Brand};
use code24_domain::design::{self, Design};
use code24_domain::quality;
use code24_domain::research::{self, CompetitiveAnalysis, MarketIntelligence, MarketResearch};
use code24_domain::site::{self, encode_segment, Site, SiteContext};
use code24_domain::Brief;
use code24_store::{
    ArtifactStore, SiteStore, StatusStore, StoreError, WorkflowError, WorkflowRecord,
    WorkflowStatus,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// Gives handlers the time; real on AWS and in the CLI, fixed in tests.
pub trait Clock: Send + Sync {
    fn now_rfc3339(&self) -> String;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_rfc3339(&self) -> String {
        chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

/// Where sites and the API live, for canonical URLs, analytics and forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// Base URL under which each site is served as `{base}/{siteId}/`.
    pub site_base_url: String,
    /// Base URL of the Code24 API (`/collect/{siteId}`, `/forms/{siteId}`).
    pub api_base_url: String,
}

impl Default for SiteConfig {
    fn default() -> SiteConfig {
        SiteConfig {
            site_base_url: "http://127.0.0.1:8024/sites".into(),
            api_base_url: "http://127.0.0.1:8024".into(),
        }
    }
}

impl SiteConfig {
    pub fn site_context(&self, site_id: &str) -> SiteContext {
        let id = encode_segment(site_id);
        let api = self.api_base_url.trim_end_matches('/');
        SiteContext {
            site_id: site_id.to_string(),
            url: format!("{}/{id}/", self.site_base_url.trim_end_matches('/')),
            collect_endpoint: format!("{api}/collect/{id}"),
            form_endpoint: format!("{api}/forms/{id}"),
        }
    }
}

/// Everything a handler may touch.
#[derive(Clone)]
pub struct Services {
    pub status: Arc<dyn StatusStore>,
    pub artifacts: Arc<dyn ArtifactStore>,
    pub sites: Arc<dyn SiteStore>,
    pub clock: Arc<dyn Clock>,
    pub config: SiteConfig,
    /// The language model the workers write with; `None`: the built-in generator.
    pub model: Option<Arc<dyn code24_model::ModelBackend>>,
    /// How the OptimizationWorkflow fetches sites (public addresses only, unless loopback
    /// is allowed for local testing).
    pub fetch_policy: code24_fetch::FetchPolicy,
}

/// A step's failure. [`StepError::error_type`] is the error name the state machine's
/// Retry and Catch see: only transient kinds are retried.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("artifact missing: {0}")]
    ArtifactMissing(String),
    #[error("storage failed: {0}")]
    Storage(StoreError),
    #[error("quality gate failed: {0}")]
    QualityGate(String),
    #[error("brand rejected: {0}")]
    BrandRejected(String),
    #[error("analytics setup failed: {0}")]
    Analytics(String),
    #[error("transient failure: {0}")]
    Transient(String),
    #[error("model: {0}")]
    Model(code24_model::ModelError),
    #[error("the site cannot be fetched: {0}")]
    SiteFetch(String),
    #[error("{0}")]
    SiteOwned(String),
}

/// Makes sure `site_id` may be published into by this workflow for `owner_name`: the site
/// is claimed for it if free, and refused if another business owns it. Steps check this
/// before they publish, whatever started the execution.
pub(crate) async fn check_site_owner(
    services: &Services,
    site_id: &str,
    owner_name: &str,
    workflow_id: &str,
) -> Result<(), StepError> {
    let owner = code24_store::SiteOwner {
        name: owner_name.to_string(),
        workflow_id: workflow_id.to_string(),
    };
    code24_store::claim_site_id(
        services.status.as_ref(),
        site_id,
        &owner,
        Some(site_id),
        true,
    )
    .await
    .map(|_| ())
    .map_err(|e| match e {
        code24_store::SiteClaimError::Store(e) => e.into(),
        code24_store::SiteClaimError::InvalidSiteId(m) => StepError::InvalidInput(m),
        other => StepError::SiteOwned(other.to_string()),
    })
}

impl StepError {
    pub fn error_type(&self) -> &'static str {
        match self {
            StepError::InvalidInput(_) => "Code24.InvalidInput",
            StepError::ArtifactMissing(_) => "Code24.ArtifactMissing",
            StepError::Storage(_) => "Code24.StorageError",
            StepError::QualityGate(_) => "Code24.QualityGateFailed",
            StepError::BrandRejected(_) => "Code24.BrandRejected",
            StepError::Analytics(_) => "Code24.AnalyticsSetupFailed",
            StepError::Transient(_) => "Code24.TransientError",
            StepError::Model(e) => e.error_name(),
            StepError::SiteFetch(_) => "Code24.SiteFetchFailed",
            StepError::SiteOwned(_) => "Code24.SiteOwnedByAnother",
        }
    }
}

impl From<StoreError> for StepError {
    fn from(e: StoreError) -> StepError {
        match e {
            StoreError::NotFound(k) => StepError::ArtifactMissing(k),
            StoreError::InvalidKey(k) => StepError::InvalidInput(format!("invalid key {k}")),
            other => StepError::Storage(other),
        }
    }
}

/// A reference to a stored artifact, as payloads carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtifactRef {
    pub key: String,
    #[serde(default)]
    pub summary: Value,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StepInput {
    pub(crate) workflow_id: String,
    #[serde(default)]
    brief: Option<Value>,
    /// The OptimizationWorkflow's request.
    #[serde(default)]
    pub(crate) request: Option<Value>,
    #[serde(default)]
    site_id: Option<String>,
    #[serde(default)]
    pub(crate) artifacts: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FailureInput {
    workflow_id: String,
    step: String,
    error: String,
    #[serde(default)]
    cause: String,
}

/// Checks a workflowId: it names keys and Step Functions executions.
pub fn check_workflow_id(id: &str) -> Result<(), StepError> {
    let ok = !id.is_empty()
        && id.len() <= 80
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(StepError::InvalidInput(format!(
            "workflowId '{id}' must be 1-80 characters of A-Z, a-z, 0-9, '-' and '_'"
        )))
    }
}

fn parse<T: DeserializeOwned>(payload: Value) -> Result<T, StepError> {
    serde_json::from_value(payload).map_err(|e| StepError::InvalidInput(e.to_string()))
}

impl StepInput {
    fn brief(&self) -> Result<Brief, StepError> {
        let v = self
            .brief
            .as_ref()
            .ok_or_else(|| StepError::InvalidInput("the payload has no brief".into()))?;
        Brief::from_value(v).map_err(|e| StepError::InvalidInput(e.to_string()))
    }

    pub(crate) fn site_id(&self) -> Result<&str, StepError> {
        let id = self
            .site_id
            .as_deref()
            .ok_or_else(|| StepError::InvalidInput("the payload has no siteId".into()))?;
        code24_store::check_key(id).map_err(|e| StepError::InvalidInput(e.to_string()))?;
        Ok(id)
    }

    fn artifact_ref(&self, artifact: Artifact) -> Result<ArtifactRef, StepError> {
        let name = artifact.key();
        let v = self.artifacts.get(name).ok_or_else(|| {
            StepError::InvalidInput(format!("the payload has no artifacts.{name}"))
        })?;
        serde_json::from_value(v.clone())
            .map_err(|e| StepError::InvalidInput(format!("artifacts.{name}: {e}")))
    }

    pub(crate) async fn load<T: DeserializeOwned>(
        &self,
        services: &Services,
        artifact: Artifact,
    ) -> Result<T, StepError> {
        let r = self.artifact_ref(artifact)?;
        let bytes = services.artifacts.get(&r.key).await?;
        serde_json::from_slice(&bytes).map_err(|e| {
            let name = artifact.key();
            StepError::InvalidInput(format!("artifact {} is not a valid {name}: {e}", r.key))
        })
    }
}

pub(crate) async fn store<T: Serialize>(
    services: &Services,
    workflow_id: &str,
    artifact: Artifact,
    value: &T,
    summary: Value,
) -> Result<Value, StepError> {
    let key = artifact.store_key(workflow_id);
    let body =
        serde_json::to_vec_pretty(value).map_err(|e| StepError::InvalidInput(e.to_string()))?;
    services
        .artifacts
        .put(&key, &body, "application/json")
        .await?;
    Ok(json!({"key": key, "summary": summary}))
}

/// A step summary with the model usage of the step, when a model wrote part of it.
fn with_usage(mut summary: Value, usage: Value) -> Value {
    if !usage.is_null() {
        summary["model"] = usage;
    }
    summary
}

/// Runs one step on its payload and returns the payload for the state machine.
pub async fn handle(step: Step, services: &Services, payload: Value) -> Result<Value, StepError> {
    if step.is_optimization() {
        handle_optimization_step(step, services, payload).await
    } else {
        handle_build_step(step, services, payload).await
    }
}

/// [`handle`] for the OptimizationWorkflow's own steps. Kept apart from the build's so a
/// Lambda binary links only the code of its workflow (the fetcher and the HTML rewriter
/// stay out of the build functions).
pub async fn handle_optimization_step(
    step: Step,
    services: &Services,
    payload: Value,
) -> Result<Value, StepError> {
    if !step.is_optimization() {
        return Err(StepError::InvalidInput(format!(
            "{step} is not a step of the OptimizationWorkflow"
        )));
    }
    let input: StepInput = parse(payload)?;
    check_workflow_id(&input.workflow_id)?;
    services
        .status
        .set_step(
            &input.workflow_id,
            step.name(),
            &services.clock.now_rfc3339(),
        )
        .await?;
    crate::optimize::handle(step, services, &input).await
}

/// [`handle`] for the BuildWorkflow's steps and the bookkeeping both workflows share
/// (RecordResult, RecordFailure).
pub async fn handle_build_step(
    step: Step,
    services: &Services,
    payload: Value,
) -> Result<Value, StepError> {
    if step.is_optimization() {
        return Err(StepError::InvalidInput(format!(
            "{step} is a step of the OptimizationWorkflow"
        )));
    }
    if step == Step::RecordFailure {
        return record_failure(services, parse(payload)?).await;
    }
    let input: StepInput = parse(payload)?;
    check_workflow_id(&input.workflow_id)?;
    let id = input.workflow_id.as_str();
    if step.is_worker() {
        services
            .status
            .set_step(id, step.name(), &services.clock.now_rfc3339())
            .await?;
    }
    match step {
        Step::SiteAnalysis
        | Step::Benchmarking
        | Step::OptimizationStrategy
        | Step::Implementation
        | Step::OptimizationMonitoring => unreachable!("refused above"),
        Step::MarketResearch => {
            let brief = input.brief()?;
            let mut r = research::market_research(&brief);
            let mut usage = Value::Null;
            if let Some(model) = &services.model {
                (r, usage) = assisted::market_research(model.as_ref(), &brief, r).await?;
            }
            let summary = to_json(&MarketResearchSummary::of(&r));
            store(
                services,
                id,
                Artifact::MarketResearch,
                &r,
                with_usage(summary, usage),
            )
            .await
        }
        Step::CompetitiveAnalysis => {
            let brief = input.brief()?;
            let mut c = research::competitive_analysis(&brief);
            let mut usage = Value::Null;
            if let Some(model) = &services.model {
                (c, usage) = assisted::competitive_analysis(model.as_ref(), &brief, c).await?;
            }
            let summary = to_json(&CompetitiveAnalysisSummary::of(&c));
            store(
                services,
                id,
                Artifact::CompetitiveAnalysis,
                &c,
                with_usage(summary, usage),
            )
            .await
        }
        Step::CombineMarketIntelligence => {
            let r: MarketResearch = input.load(services, Artifact::MarketResearch).await?;
            let c: CompetitiveAnalysis =
                input.load(services, Artifact::CompetitiveAnalysis).await?;
            let mi = research::combine(r, c);
            let summary = to_json(&MarketIntelligenceSummary::of(&mi));
            store(services, id, Artifact::MarketIntelligence, &mi, summary).await
        }
        Step::Brand => {
            let brief = input.brief()?;
            let mi: MarketIntelligence = input.load(services, Artifact::MarketIntelligence).await?;
            let mut b =
                brand::brand(&brief, &mi).map_err(|e| StepError::BrandRejected(e.to_string()))?;
            let mut usage = Value::Null;
            if let Some(model) = &services.model {
                (b, usage) = assisted::brand(model.as_ref(), &brief, &mi, b).await?;
            }
            let summary = to_json(&BrandSummary::of(&b));
            store(
                services,
                id,
                Artifact::Brand,
                &b,
                with_usage(summary, usage),
            )
            .await
        }
        Step::Designer => {
            let brief = input.brief()?;
            let mi: MarketIntelligence = input.load(services, Artifact::MarketIntelligence).await?;
            let b: Brand = input.load(services, Artifact::Brand).await?;
            let mut d = design::design(&brief, &mi, &b);
            let mut usage = Value::Null;
            if let Some(model) = &services.model {
                (d, usage) = assisted::design(model.as_ref(), &brief, &mi, &b, d).await?;
            }
            let summary = to_json(&DesignSummary::of(&d));
            store(
                services,
                id,
                Artifact::Design,
                &d,
                with_usage(summary, usage),
            )
            .await
        }
        Step::Developer => {
            let brief = input.brief()?;
            let site_id = input.site_id()?;
            let mi: MarketIntelligence = input.load(services, Artifact::MarketIntelligence).await?;
            let b: Brand = input.load(services, Artifact::Brand).await?;
            let d: Design = input.load(services, Artifact::Design).await?;
            let mut copy = site::builtin_copy(&brief, &mi, &d);
            let mut usage = Value::Null;
            if let Some(model) = &services.model {
                (copy, usage) =
                    assisted::site_copy(model.as_ref(), &brief, &mi, &b, &d, copy).await?;
            }
            let ctx = services.config.site_context(site_id);
            let s = site::develop_with(&brief, &mi, &b, &d, &ctx, &copy);
            let findings = quality::check_site(&s, &brief);
            if !findings.is_empty() {
                let list: Vec<String> = findings
                    .iter()
                    .map(|f| format!("{} {}: {}", f.page, f.check, f.detail))
                    .collect();
                return Err(StepError::QualityGate(list.join("; ")));
            }
            let summary = to_json(&SiteSummary::of(&s));
            store(services, id, Artifact::Site, &s, with_usage(summary, usage)).await
        }
        Step::Deploy => {
            let site_id = input.site_id()?;
            let s: Site = input.load(services, Artifact::Site).await?;
            if s.site_id != site_id {
                return Err(StepError::InvalidInput(format!(
                    "the site artifact is for '{}', not '{site_id}'",
                    s.site_id
                )));
            }
            // A Deploy that runs again (a retry after a timeout, or a resume after the
            // process died) finds its deployment recorded and does not publish again.
            let key = Artifact::Deployment.store_key(id);
            if let Ok(bytes) = services.artifacts.get(&key).await {
                if let Ok(done) = serde_json::from_slice::<Deployment>(&bytes) {
                    if done.site_id == site_id {
                        return Ok(json!({"key": key, "summary": to_json(&done)}));
                    }
                }
            }
            check_site_owner(services, site_id, &input.brief()?.name, id).await?;
            let published = services.sites.publish(site_id, &s.files).await?;
            let deployment = Deployment {
                site_id: site_id.to_string(),
                version: published.version,
                url: s.url.clone(),
                location: published.location,
                local_path: published.local_path.map(|p| p.display().to_string()),
                files: s.files.len(),
                bytes: s.total_bytes(),
                deployed_at: services.clock.now_rfc3339(),
            };
            let summary = to_json(&deployment);
            store(services, id, Artifact::Deployment, &deployment, summary).await
        }
        Step::AnalyticsSetup => {
            let site_id = input.site_id()?;
            let d: Design = input.load(services, Artifact::Design).await?;
            let s: Site = input.load(services, Artifact::Site).await?;
            let home = s
                .file("index.html")
                .ok_or_else(|| StepError::Analytics("the site has no index.html".into()))?;
            let ctx = services.config.site_context(site_id);
            let setup: AnalyticsSetup =
                analytics::setup(site_id, &ctx.url, &ctx.collect_endpoint, &d, &home.body)
                    .map_err(|e| StepError::Analytics(e.to_string()))?;
            let summary = to_json(&AnalyticsSummary::of(&setup));
            store(services, id, Artifact::Analytics, &setup, summary).await
        }
        Step::RecordResult => record_result(services, &input).await,
        Step::RecordFailure => unreachable!("handled above"),
    }
}

pub(crate) fn summary(input: &StepInput, artifact: Artifact) -> Result<Value, StepError> {
    let r = input.artifact_ref(artifact)?;
    let mut s = match r.summary {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    s.insert("artifactKey".into(), Value::String(r.key));
    Ok(Value::Object(s))
}

async fn record_result(services: &Services, input: &StepInput) -> Result<Value, StepError> {
    let id = &input.workflow_id;
    let mut record =
        services.status.get(id).await?.ok_or_else(|| {
            StepError::InvalidInput(format!("no status record for workflow {id}"))
        })?;
    // The record says which workflow this is: it was written when the workflow started.
    let kind = WorkflowKind::from_name(&record.workflow_type).ok_or_else(|| {
        StepError::InvalidInput(format!(
            "workflow {id} is of an unknown type '{}'",
            record.workflow_type
        ))
    })?;
    let mut output = match kind {
        WorkflowKind::Build => build_output(input)?,
        WorkflowKind::Optimize => crate::optimize::output(input)?,
    };
    let model_usage: Map<String, Value> = input
        .artifacts
        .iter()
        .filter_map(|(name, r)| Some((name.clone(), r.get("summary")?.get("model")?.clone())))
        .collect();
    if !model_usage.is_empty() {
        output["modelUsage"] = Value::Object(model_usage);
    }
    record.status = WorkflowStatus::Completed;
    record.current_step = None;
    record.output = output.clone();
    record.updated_at = services.clock.now_rfc3339();
    services.status.finish(&record).await?;
    Ok(json!({"workflowId": id, "status": "completed", "output": output}))
}

fn build_output(input: &StepInput) -> Result<Value, StepError> {
    Ok(json!({
        "deployment": summary(input, Artifact::Deployment)?,
        "marketIntelligence": summary(input, Artifact::MarketIntelligence)?,
        "eliteResults": {
            "brand": summary(input, Artifact::Brand)?,
            "designer": summary(input, Artifact::Design)?,
            "developer": summary(input, Artifact::Site)?,
        },
        "analytics": summary(input, Artifact::Analytics)?,
    }))
}

/// Step Functions' `Cause` for a Lambda error is JSON; keep its message readable.
fn readable_cause(cause: &str) -> String {
    serde_json::from_str::<Value>(cause)
        .ok()
        .and_then(|v| {
            v.get("errorMessage")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| cause.to_string())
}

async fn record_failure(services: &Services, input: FailureInput) -> Result<Value, StepError> {
    check_workflow_id(&input.workflow_id)?;
    let record = services
        .status
        .get(&input.workflow_id)
        .await?
        .ok_or_else(|| {
            StepError::InvalidInput(format!(
                "no status record for workflow {}",
                input.workflow_id
            ))
        })?;
    let failed = failed_record(
        record,
        &input.step,
        &input.error,
        &readable_cause(&input.cause),
        &services.clock.now_rfc3339(),
    );
    let changed = services.status.finish(&failed).await?;
    Ok(json!({"workflowId": input.workflow_id, "status": "failed", "recorded": changed}))
}

/// The record of a workflow that ended in failure at `step`.
pub fn failed_record(
    mut record: WorkflowRecord,
    step: &str,
    error: &str,
    cause: &str,
    now: &str,
) -> WorkflowRecord {
    record.status = WorkflowStatus::Failed;
    record.current_step = None;
    record.updated_at = now.to_string();
    record.error = Some(WorkflowError {
        error: error.to_string(),
        cause: cause.to_string(),
        step: step.to_string(),
    });
    record
}

/// The EventBridge "Step Functions Execution Status Change" rule's work: an execution
/// that ended FAILED, TIMED_OUT or ABORTED without recording it (a timeout or an abort
/// never reaches the state machine's Catch) is marked `failed`. Returns whether a record
/// changed. `detail` is the event's `detail` object.
pub async fn sync_execution_status(
    status: &dyn StatusStore,
    detail: &Value,
    now: &str,
) -> Result<bool, StepError> {
    let field = |name: &str| detail.get(name).and_then(Value::as_str);
    let workflow_id = field("name")
        .ok_or_else(|| StepError::InvalidInput("the event has no detail.name".into()))?;
    let execution_status = field("status")
        .ok_or_else(|| StepError::InvalidInput("the event has no detail.status".into()))?;
    let default_error = match execution_status {
        "FAILED" => "States.Failed",
        "TIMED_OUT" => "States.Timeout",
        "ABORTED" => "States.Aborted",
        _ => return Ok(false),
    };
    check_workflow_id(workflow_id)?;
    let Some(record) = status.get(workflow_id).await? else {
        return Ok(false);
    };
    if record.status != WorkflowStatus::Running {
        return Ok(false);
    }
    let step = record
        .current_step
        .clone()
        .unwrap_or_else(|| "BuildWorkflow".into());
    let error = field("error")
        .filter(|e| !e.is_empty())
        .unwrap_or(default_error);
    let cause = field("cause")
        .filter(|c| !c.is_empty())
        .map(readable_cause)
        .unwrap_or_else(|| format!("the execution ended {execution_status}"));
    Ok(status
        .finish(&failed_record(record, &step, error, &cause, now))
        .await?)
}
