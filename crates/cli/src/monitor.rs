//! `code24 monitor`: the local counterpart of the scheduled health check
//! (`code24_pipeline::monitor`). Checks every live site in the data directory (or one)
//! over HTTP, records each result, and alerts with one log line per unhealthy site; the
//! exit status is 1 if any site is unhealthy.

use anyhow::{anyhow, Result};
use code24_pipeline::monitor::{check_live_sites, HttpFetcher};
use code24_store_local::{FsArtifactStore, FsSiteStore};
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    data_dir: &Path,
    site: Option<&str>,
    site_base_url: &str,
    json: bool,
) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let sites = FsSiteStore::new(data_dir.join("sites"));
    let artifacts = FsArtifactStore::new(data_dir.join("artifacts"));
    let fetcher = HttpFetcher::new().map_err(|e| anyhow!(e))?;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let reports = runtime.block_on(check_live_sites(
        &sites,
        &artifacts,
        &fetcher,
        site_base_url,
        site,
        &now,
    ))?;
    if reports.is_empty() {
        anyhow::bail!("no deployed sites in {}", data_dir.display());
    }
    let mut healthy = true;
    for report in &reports {
        if json {
            out!("{}", serde_json::to_string(report)?);
        } else {
            out!("{}", report.summary());
        }
        if !report.healthy {
            healthy = false;
            eprintln!("ALERT code24 monitor: {}", report.summary());
        }
    }
    Ok(if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
