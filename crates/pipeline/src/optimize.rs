//! The OptimizationWorkflow's step handlers: site analysis (fetch and audit), market
//! intelligence and competitive benchmarking, the plan, the implementation (a patched
//! copy published as new versions with an A/B test between original and optimized), and
//! monitoring (audits before and after, the experiment's readout).
//!
//! Invariant: the site is never changed in place: the control and the optimized page are
//! each a new immutable version.

use crate::artifact::Artifact;
use crate::handler::{store, summary, Services, StepError, StepInput};
use crate::steps::Step;
use crate::web::{fetch_page, FetchedPage};
use code24_domain::analytics::variant_snippet;
use code24_domain::optimization::audit::{audit_page, AuditReport, Page};
use code24_domain::optimization::experiment::{
    self, Experiment, Variant, ASSIGNMENT_RULE, CONTROL, OPTIMIZED,
};
use code24_domain::optimization::optimize::{
    self, Benchmark, CompetitorAudit, OptimizationPlan, OptimizeRequest,
};
use code24_domain::optimization::patch::{self, Change, PatchContext};
use code24_domain::site::SiteFile;
use code24_domain::text::slug;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The site id an optimized copy of `url` is published under: a readable slug of the
/// URL and a hash of the URL exactly as given, so URLs that slug alike (`a/b`, `a\b`,
/// long ones cut alike) get sites of their own, and the same URL always the same site.
pub fn site_id_for(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let base = code24_domain::text::site_id_base(&slug(&format!("optimized {rest}")));
    format!(
        "{base}-{:08x}",
        code24_domain::text::stable_hash(url) as u32
    )
}

/// The share of visitors an experiment sends to the optimized page.
pub const OPTIMIZED_SHARE: f64 = 0.5;

/// Where an experiment is stored, and the pointer from its site.
pub fn experiment_key(experiment_id: &str) -> String {
    format!("experiments/{experiment_id}.json")
}

pub fn site_experiment_key(site_id: &str) -> String {
    format!("experiments/sites/{site_id}.json")
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SiteAnalysis {
    request: OptimizeRequest,
    page: FetchedPage,
    audit: AuditReport,
}

impl SiteAnalysis {
    /// The same audits of another version of the page (same URL, headers and assets).
    fn audit_of(&self, html: &str) -> AuditReport {
        audit_page(&Page {
            url: &self.page.url,
            headers: &self.page.headers,
            html,
            primary_goal: Some(&self.request.primary_goal),
            asset_bytes: self.page.asset_bytes,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Implementation {
    site_id: String,
    control_version: u64,
    optimized_version: u64,
    control_url: String,
    optimized_url: String,
    changes: Vec<Change>,
    recommendations_left: Vec<String>,
    experiment: Experiment,
    audit_after: AuditReport,
}

fn failing(report: &AuditReport) -> Vec<String> {
    report
        .audits
        .iter()
        .filter(|a| !a.pass)
        .map(|a| a.id.clone())
        .collect()
}

fn request_of(input: &StepInput) -> Result<OptimizeRequest, StepError> {
    let value = input
        .request
        .as_ref()
        .ok_or_else(|| StepError::InvalidInput("the payload has no request".into()))?;
    OptimizeRequest::from_value(value).map_err(|e| StepError::InvalidInput(e.to_string()))
}

/// The URL of one version of a site, as `code24 serve` and the site router serve it.
fn version_url(services: &Services, site_id: &str, version: u64) -> String {
    let live = services.config.site_context(site_id).url;
    format!("{live}versions/{version}/")
}

pub(crate) async fn handle(
    step: Step,
    services: &Services,
    input: &StepInput,
) -> Result<Value, StepError> {
    let id = input.workflow_id.as_str();
    match step {
        Step::SiteAnalysis => {
            let request = request_of(input)?;
            let page = fetch_page(&request.url, &services.fetch_policy)
                .await
                .map_err(|e| StepError::SiteFetch(e.to_string()))?;
            let audit = page.audit(Some(&request.primary_goal));
            let summary = json!({"url": page.url, "scores": audit.scores, "failing": failing(&audit),
                "bytes": page.html.len(), "assetsFetched": page.assets_fetched, "assetBytes": page.asset_bytes});
            let analysis = SiteAnalysis {
                request,
                page,
                audit,
            };
            store(services, id, Artifact::SiteAnalysis, &analysis, summary).await
        }
        Step::Benchmarking => {
            let analysis: SiteAnalysis = input.load(services, Artifact::SiteAnalysis).await?;
            let request = &analysis.request;
            let audits = request.competitors.iter().map(|url| async move {
                match fetch_page(url, &services.fetch_policy).await {
                    Ok(page) => CompetitorAudit {
                        url: url.clone(),
                        report: Some(page.audit(Some(&request.primary_goal))),
                        error: None,
                    },
                    Err(e) => CompetitorAudit {
                        url: url.clone(),
                        report: None,
                        error: Some(e.to_string()),
                    },
                }
            });
            let competitors = futures::future::join_all(audits).await;
            let bench = optimize::benchmark(request, &analysis.audit, competitors);
            let summary = json!({"scores": bench.scores,
                "competitorsAudited": bench.competitors.iter().filter(|c| c.report.is_some()).count(),
                "competitorErrors": bench.competitors.iter().filter_map(|c| c.error.as_ref().map(|e| json!({"url": c.url, "error": e}))).collect::<Vec<_>>(),
                "gaps": bench.gaps.iter().map(|g| &g.audit_id).collect::<Vec<_>>(),
                "market": {"businessType": bench.market.business_type.resolved, "primaryGoal": bench.market.primary_goal.resolved,
                    "callToAction": bench.market.call_to_action, "trustSignals": bench.market.trust_signals, "source": bench.market.source}});
            store(services, id, Artifact::Benchmark, &bench, summary).await
        }
        Step::OptimizationStrategy => {
            let analysis: SiteAnalysis = input.load(services, Artifact::SiteAnalysis).await?;
            let bench: Benchmark = input.load(services, Artifact::Benchmark).await?;
            let plan = optimize::plan(&analysis.request, &analysis.audit, &bench);
            let summary = json!({"optimizationType": plan.optimization_type,
                "recommendations": plan.recommendations.len(),
                "automated": plan.recommendations.iter().filter(|r| r.automated).count(),
                "top": plan.recommendations.iter().take(5).map(|r| json!({"id": r.id, "title": r.title, "impact": r.impact, "effort": r.effort})).collect::<Vec<_>>()});
            store(services, id, Artifact::Plan, &plan, summary).await
        }
        Step::Implementation => implement(services, input).await,
        Step::OptimizationMonitoring => {
            let analysis: SiteAnalysis = input.load(services, Artifact::SiteAnalysis).await?;
            let done: Value = input.load(services, Artifact::Implementation).await?;
            let audit_after: AuditReport = serde_json::from_value(done["auditAfter"].clone())
                .map_err(|e| StepError::InvalidInput(format!("implementation.auditAfter: {e}")))?;
            let before = failing(&analysis.audit);
            let after = failing(&audit_after);
            let experiment = match done.get("experiment") {
                Some(e) if !e.is_null() => {
                    let e: Experiment = serde_json::from_value(e.clone()).map_err(|e| {
                        StepError::InvalidInput(format!("implementation.experiment: {e}"))
                    })?;
                    let readout = experiment::readout(&e, &[]);
                    json!({"experimentId": e.experiment_id, "readout": readout,
                        "results": format!("GET /experiments/{}", e.experiment_id)})
                }
                _ => Value::Null,
            };
            let monitoring = json!({
                "before": {"scores": analysis.audit.scores, "failing": before},
                "after": {"scores": audit_after.scores, "failing": after},
                "fixed": before.iter().filter(|a| !after.contains(a)).collect::<Vec<_>>(),
                "regressions": after.iter().filter(|a| !before.contains(a)).collect::<Vec<_>>(),
                "experiment": experiment,
                "checkedAt": services.clock.now_rfc3339(),
            });
            store(
                services,
                id,
                Artifact::Monitoring,
                &monitoring,
                monitoring.clone(),
            )
            .await
        }
        other => Err(StepError::InvalidInput(format!(
            "{other} is not a step of the OptimizationWorkflow"
        ))),
    }
}

/// The Code24-built site and page a URL is served from (`{siteBaseUrl}/{siteId}/{page}`),
/// when it is one with a live version here.
async fn own_page(services: &Services, url: &str) -> Result<Option<(String, String)>, StepError> {
    let base = format!("{}/", services.config.site_base_url.trim_end_matches('/'));
    let Some(rest) = url.strip_prefix(&base) else {
        return Ok(None);
    };
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let Some((encoded, page)) = rest.split_once('/') else {
        return Ok(None);
    };
    let Some(site_id) = code24_domain::text::percent_decode(encoded) else {
        return Ok(None);
    };
    if code24_store::check_key(&site_id).is_err() || site_id.contains('/') {
        return Ok(None);
    }
    if services.sites.live_version(&site_id).await?.is_none() {
        return Ok(None);
    }
    let page = if page.is_empty() || page.ends_with('/') {
        format!("{page}index.html")
    } else {
        page.to_string()
    };
    Ok(Some((site_id, page)))
}

/// A site Code24 built is edited in place of nothing: its live version's page gets the
/// plan's fixes element by element inside its sections (each change names its stable
/// section id), and the result is published as a new version of the same site, with every
/// other file as it was. The previous version stays, to roll back to. No A/B test: the
/// site's own snippet carries no variant.
async fn implement_own(
    services: &Services,
    input: &StepInput,
    analysis: &SiteAnalysis,
    plan: &OptimizationPlan,
    site_id: &str,
    page: &str,
) -> Result<Value, StepError> {
    let id = input.workflow_id.as_str();
    let live =
        services.sites.live_version(site_id).await?.ok_or_else(|| {
            StepError::InvalidInput(format!("the site {site_id} is no longer live"))
        })?;
    let mut files = services.sites.version_files(site_id, live).await?;
    let fixes = plan.automated_fixes();
    let context = PatchContext {
        page_url: analysis.page.url.clone(),
        image_sizes: analysis.page.image_sizes.clone(),
        ..PatchContext::default()
    };
    let file = files
        .iter_mut()
        .find(|f| f.path == page)
        .ok_or_else(|| StepError::ArtifactMissing(format!("{page} of site {site_id}")))?;
    let (edited, changes) = patch::optimize_page(&file.body, &context, &fixes)
        .map_err(|e| StepError::InvalidInput(e.to_string()))?;
    let url = services.config.site_context(site_id).url;
    let (version, audit_after) = if changes.is_empty() {
        (None, analysis.audit.clone())
    } else {
        file.body = edited.clone();
        let published = services.sites.publish(site_id, &files).await?;
        (Some(published.version), analysis.audit_of(&edited))
    };
    let left = plan.left_after(&changes);
    let done = json!({"siteId": site_id, "builtByCode24": true, "page": page,
    "previousVersion": live, "version": version,
    "url": url, "changes": changes, "recommendationsLeft": left,
    "auditAfter": audit_after,
    "note": if version.is_some() {
        format!("the edited page is live as version {}; POST /sites/{site_id}/rollback {{\"version\": {live}}} restores the previous one", version.unwrap_or_default())
    } else {
        "no automated change was needed; nothing was published".to_string()
    }});
    let summary = json!({"siteId": site_id, "builtByCode24": true, "page": page, "url": url,
        "previousVersion": live, "version": version, "changes": changes,
        "recommendationsLeft": left, "experimentId": null});
    store(services, id, Artifact::Implementation, &done, summary).await
}

async fn implement(services: &Services, input: &StepInput) -> Result<Value, StepError> {
    let id = input.workflow_id.as_str();
    let site_id = input.site_id()?;
    let analysis: SiteAnalysis = input.load(services, Artifact::SiteAnalysis).await?;
    let plan: OptimizationPlan = input.load(services, Artifact::Plan).await?;
    if let Some((own, page)) = own_page(services, &analysis.page.url).await? {
        return implement_own(services, input, &analysis, &plan, &own, &page).await;
    }
    crate::handler::check_site_owner(services, site_id, &analysis.request.url, id).await?;
    let collect = services.config.site_context(site_id).collect_endpoint;
    let context = |variant: &str| PatchContext {
        page_url: analysis.page.url.clone(),
        snippet: Some(variant_snippet(&collect, Some(variant))),
        image_sizes: analysis.page.image_sizes.clone(),
        primary_goal: Some(analysis.request.primary_goal.clone()),
        favicon: analysis.page.favicon.clone(),
    };
    let fixes = plan.automated_fixes();
    let patch_error = |e: patch::PatchError| StepError::InvalidInput(e.to_string());
    let control = patch::copy_page(&analysis.page.html, &context(CONTROL)).map_err(patch_error)?;
    let (optimized, changes) =
        patch::optimize_page(&analysis.page.html, &context(OPTIMIZED), &fixes)
            .map_err(patch_error)?;
    let page = |body: String| {
        vec![SiteFile::text(
            "index.html",
            "text/html; charset=utf-8",
            body,
        )]
    };
    // Two new versions; the optimized one ends up live. Neither replaces anything.
    let control_version = services.sites.publish(site_id, &page(control)).await?;
    let optimized_version = services
        .sites
        .publish(site_id, &page(optimized.clone()))
        .await?;
    let audit_after = analysis.audit_of(&optimized);
    let experiment = Experiment {
        experiment_id: id.to_string(),
        site_id: site_id.to_string(),
        variants: vec![
            Variant {
                name: CONTROL.into(),
                version: control_version.version,
            },
            Variant {
                name: OPTIMIZED.into(),
                version: optimized_version.version,
            },
        ],
        optimized_share: OPTIMIZED_SHARE,
        assignment: ASSIGNMENT_RULE.into(),
        started_at: services.clock.now_rfc3339(),
    };
    let experiment_json = serde_json::to_vec_pretty(&experiment)
        .map_err(|e| StepError::InvalidInput(e.to_string()))?;
    services
        .artifacts
        .put(&experiment_key(id), &experiment_json, "application/json")
        .await?;
    services
        .artifacts
        .put(
            &site_experiment_key(site_id),
            &experiment_json,
            "application/json",
        )
        .await?;
    let done = Implementation {
        site_id: site_id.to_string(),
        control_version: control_version.version,
        optimized_version: optimized_version.version,
        control_url: version_url(services, site_id, control_version.version),
        optimized_url: version_url(services, site_id, optimized_version.version),
        recommendations_left: plan.left_after(&changes),
        changes,
        experiment,
        audit_after,
    };
    let summary = json!({"siteId": site_id, "url": services.config.site_context(site_id).url,
        "control": {"version": done.control_version, "url": done.control_url},
        "optimized": {"version": done.optimized_version, "url": done.optimized_url},
        "changes": done.changes, "recommendationsLeft": done.recommendations_left,
        "experimentId": id});
    store(services, id, Artifact::Implementation, &done, summary).await
}

/// The `output` of a completed optimization.
pub(crate) fn output(input: &StepInput) -> Result<Value, StepError> {
    Ok(json!({
        "siteAnalysis": summary(input, Artifact::SiteAnalysis)?,
        "benchmark": summary(input, Artifact::Benchmark)?,
        "plan": summary(input, Artifact::Plan)?,
        "implementation": summary(input, Artifact::Implementation)?,
        "monitoring": summary(input, Artifact::Monitoring)?,
    }))
}
