//! `code24 optimize --url URL ...`: runs the OptimizationWorkflow
//! (`infra/statemachines/optimize.asl.json`) on the embedded engine with local storage,
//! and prints the status object: audits before and after, the plan, the changes, the new
//! versions and the A/B test.

use crate::{data_dir, StoreArgs};
use anyhow::{anyhow, Result};
use clap::Args;
use code24_domain::optimization::optimize::OptimizeRequest;
use code24_local::local_services_and_database;
use code24_local::{BuildOptions, FaultPlan, Workflows};
use code24_pipeline::status_view;
use code24_store::WorkflowStatus;
use serde_json::{json, Value};
use std::process::ExitCode;

#[derive(Args)]
pub struct OptimizeArgs {
    /// The page to optimize (http or https).
    #[arg(long)]
    url: String,
    #[arg(long)]
    business_type: String,
    #[arg(long)]
    primary_goal: String,
    /// full, seo, performance, accessibility, conversion or content.
    #[arg(long, default_value = "full")]
    optimization_type: String,
    /// A competitor's page to benchmark against (repeatable, at most 5).
    #[arg(long = "competitor")]
    competitors: Vec<String>,
    /// Allow 127.0.0.1 and ::1 (local testing); other private addresses stay refused.
    #[arg(long)]
    allow_loopback: bool,
    /// Print the status object as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    urls: crate::UrlArgs,
    #[command(flatten)]
    store: StoreArgs,
}

pub fn run(args: OptimizeArgs) -> Result<ExitCode> {
    let request = OptimizeRequest::from_value(&json!({
        "url": args.url,
        "businessType": args.business_type,
        "primaryGoal": args.primary_goal,
        "optimizationType": args.optimization_type,
        "competitors": args.competitors,
    }))
    .map_err(|e| anyhow!("invalid request: {e}"))?;
    let dir = data_dir(&args.store)?;
    let (mut services, journal) = local_services_and_database(&dir, args.urls.site_config())?;
    services.fetch_policy.allow_loopback = args.allow_loopback;
    let workflows = Workflows::new(services, FaultPlan::none())?.with_journal(journal);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let record = runtime.block_on(async {
        let (id, input) = workflows.start_optimize(&request, None).await?;
        let (record, _) = workflows
            .run_optimize(&id, input, &BuildOptions::default())
            .await?;
        Ok::<_, anyhow::Error>(record)
    })?;
    let view = status_view(&record);
    if args.json {
        out!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        print_summary(&view)?;
    }
    Ok(if record.status == WorkflowStatus::Completed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_summary(view: &Value) -> Result<()> {
    let id = view["workflowId"].as_str().unwrap_or_default();
    if view["status"] != "completed" {
        let e = &view["error"];
        out!(
            "{id}: failed in {}: {} — {}",
            e["step"].as_str().unwrap_or("?"),
            e["error"].as_str().unwrap_or("?"),
            e["cause"].as_str().unwrap_or("")
        );
        return Ok(());
    }
    let o = &view["output"];
    let m = &o["monitoring"];
    let count = |v: &Value| v.as_array().map_or(0, Vec::len);
    out!("{id}: completed");
    out!(
        "  audits failing: {} before, {} after (fixed {}, regressions {})",
        count(&m["before"]["failing"]),
        count(&m["after"]["failing"]),
        count(&m["fixed"]),
        count(&m["regressions"])
    );
    let i = &o["implementation"];
    for change in i["changes"].as_array().into_iter().flatten() {
        out!(
            "  changed ({}{}): {}",
            change["auditId"].as_str().unwrap_or_default(),
            change["section"]
                .as_str()
                .map(|s| format!(", section #{s}"))
                .unwrap_or_default(),
            change["description"].as_str().unwrap_or_default()
        );
    }
    out!(
        "  left for a person: {}",
        i["recommendationsLeft"]
            .as_array()
            .map(|a| a
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "))
            .unwrap_or_default()
    );
    if i["builtByCode24"] == true {
        match i["version"].as_u64() {
            Some(v) => out!(
                "  a site Code24 built: version {v} is live ({}); version {} is kept",
                i["url"].as_str().unwrap_or_default(),
                i["previousVersion"]
            ),
            None => out!("  a site Code24 built: no automated change was needed"),
        }
        return Ok(());
    }
    out!(
        "  control: {}\n  optimized: {}\n  A/B test: GET /experiments/{id}",
        i["control"]["url"].as_str().unwrap_or_default(),
        i["optimized"]["url"].as_str().unwrap_or_default()
    );
    Ok(())
}
