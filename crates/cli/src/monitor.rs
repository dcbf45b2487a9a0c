//! `code24 monitor`: the local counterpart of the scheduled health check. Checks every
//! live site in the data directory (or one) over HTTP, records each result, and alerts
//! with one log line per unhealthy site; the exit status is 1 if any site is unhealthy.

use anyhow::{Context, Result};
use async_trait::async_trait;
use code24_domain::site::encode_segment;
use code24_pipeline::monitor::{check_site, record, PageFetcher};
use code24_store::{FsArtifactStore, FsSiteStore, SiteStore};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

struct HttpFetcher(reqwest::Client);

#[async_trait]
impl PageFetcher for HttpFetcher {
    async fn get(&self, url: &str) -> Result<(u16, Vec<u8>), String> {
        let response = self.0.get(url).send().await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        Ok((status, body.to_vec()))
    }
}

pub fn run(
    data_dir: &Path,
    site: Option<&str>,
    site_base_url: &str,
    json: bool,
) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let sites = FsSiteStore::new(data_dir.join("sites"));
        let mut ids = Vec::new();
        match site {
            Some(id) => ids.push(id.to_string()),
            None => {
                if let Ok(entries) = std::fs::read_dir(data_dir.join("sites")) {
                    for entry in entries.flatten() {
                        ids.push(entry.file_name().to_string_lossy().to_string());
                    }
                }
                ids.sort();
            }
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("code24-monitor/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("cannot build the HTTP client")?;
        let fetcher = HttpFetcher(client);
        let artifacts = FsArtifactStore::new(data_dir.join("artifacts"));
        let mut healthy = true;
        let mut checked = 0;
        for id in ids {
            if sites.live_version(&id).await?.is_none() {
                if site.is_some() {
                    anyhow::bail!("no deployed site {id} in {}", data_dir.display());
                }
                continue;
            }
            let url = format!(
                "{}/{}/",
                site_base_url.trim_end_matches('/'),
                encode_segment(&id)
            );
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let report = check_site(&fetcher, &id, &url, &now).await;
            record(&artifacts, &report).await?;
            checked += 1;
            if json {
                out!("{}", serde_json::to_string(&report)?);
            } else {
                out!("{}", report.summary());
            }
            if !report.healthy {
                healthy = false;
                eprintln!("ALERT code24 monitor: {}", report.summary());
            }
        }
        if checked == 0 {
            anyhow::bail!("no deployed sites in {}", data_dir.display());
        }
        Ok(if healthy {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    })
}
