//! The scheduled health check of a deployed site: the live URL answers 200 with an HTML
//! page, the page is within the quality gate's weight budget, and every internal link
//! and asset it references answers 200. Results are recorded as artifacts
//! (`monitoring/{siteId}/latest.json` and one file per check); a failure is an alert.
//! Fetching is behind [`PageFetcher`] so the check runs wherever HTTP does.

use async_trait::async_trait;
use code24_domain::html;
use code24_domain::quality::PAGE_BUDGET_BYTES;
use code24_domain::site::encode_segment;
use code24_store::{ArtifactStore, SiteStore, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// An HTTP GET: the status and the body, or why there was no answer.
#[async_trait]
pub trait PageFetcher: Send + Sync {
    async fn get(&self, url: &str) -> Result<(u16, Vec<u8>), String>;
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    pub site_id: String,
    pub url: String,
    pub checked_at: String,
    pub healthy: bool,
    pub checks: Vec<Check>,
}

impl HealthReport {
    /// One line for a log or an alert: the site and every failed check.
    pub fn summary(&self) -> String {
        let failed: Vec<String> = self
            .checks
            .iter()
            .filter(|c| !c.ok)
            .map(|c| format!("{}: {}", c.name, c.detail))
            .collect();
        if failed.is_empty() {
            format!(
                "{} healthy ({} checks) at {}",
                self.site_id,
                self.checks.len(),
                self.url
            )
        } else {
            format!(
                "{} UNHEALTHY at {}: {}",
                self.site_id,
                self.url,
                failed.join("; ")
            )
        }
    }
}

/// The relative links and assets of a page (no external, mailto:, tel: or same-page links).
fn internal_references(page: &str) -> BTreeSet<String> {
    let doc = html::parse(page);
    doc.elements
        .iter()
        .filter(|e| matches!(e.name.as_str(), "a" | "link" | "script" | "img"))
        .filter_map(|e| e.attr("href").or_else(|| e.attr("src")))
        .filter(|href| !href.contains(':') && !href.starts_with('#') && !href.starts_with("//"))
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .filter(|href| !href.is_empty())
        .collect()
}

/// Checks the site at `url` (its base, ending in `/`).
pub async fn check_site(
    fetcher: &dyn PageFetcher,
    site_id: &str,
    url: &str,
    now: &str,
) -> HealthReport {
    let mut checks = Vec::new();
    let mut check = |name: &str, ok: bool, detail: String| {
        checks.push(Check {
            name: name.into(),
            ok,
            detail,
        })
    };
    match fetcher.get(url).await {
        Ok((200, body)) => {
            check("home page answers", true, "HTTP 200".into());
            check(
                "page weight",
                body.len() <= PAGE_BUDGET_BYTES,
                format!("{} bytes (budget {PAGE_BUDGET_BYTES})", body.len()),
            );
            let page = String::from_utf8_lossy(&body);
            for reference in internal_references(&page) {
                let target = format!("{url}{reference}");
                let (ok, detail) = match fetcher.get(&target).await {
                    Ok((200, _)) => (true, format!("{reference}: HTTP 200")),
                    Ok((status, _)) => (false, format!("{reference}: HTTP {status}")),
                    Err(e) => (false, format!("{reference}: {e}")),
                };
                check("internal link", ok, detail);
            }
        }
        Ok((status, _)) => check("home page answers", false, format!("HTTP {status}")),
        Err(e) => check("home page answers", false, e),
    }
    HealthReport {
        site_id: site_id.into(),
        url: url.into(),
        checked_at: now.into(),
        healthy: checks.iter().all(|c| c.ok),
        checks,
    }
}

/// Records a report: the site's latest result, and the result kept by time.
pub async fn record(
    artifacts: &dyn ArtifactStore,
    report: &HealthReport,
) -> Result<(), StoreError> {
    let body = serde_json::to_vec_pretty(report).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let stamp: String = report
        .checked_at
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let site = &report.site_id;
    artifacts
        .put(
            &format!("monitoring/{site}/{stamp}.json"),
            &body,
            "application/json",
        )
        .await?;
    artifacts
        .put(
            &format!("monitoring/{site}/latest.json"),
            &body,
            "application/json",
        )
        .await
}

/// Checks every live site (or only `only`), each at `{site_base_url}/{siteId}/`, and
/// records each report. The caller alerts on the unhealthy ones.
pub async fn check_live_sites(
    sites: &dyn SiteStore,
    artifacts: &dyn ArtifactStore,
    fetcher: &dyn PageFetcher,
    site_base_url: &str,
    only: Option<&str>,
    now: &str,
) -> Result<Vec<HealthReport>, StoreError> {
    let ids = match only {
        Some(id) => match sites.live_version(id).await? {
            Some(_) => vec![id.to_string()],
            None => return Err(StoreError::NotFound(format!("no deployed site {id}"))),
        },
        None => sites.live_sites().await?,
    };
    let mut reports = Vec::new();
    for id in ids {
        let url = format!(
            "{}/{}/",
            site_base_url.trim_end_matches('/'),
            encode_segment(&id)
        );
        let report = check_site(fetcher, &id, &url, now).await;
        record(artifacts, &report).await?;
        reports.push(report);
    }
    Ok(reports)
}

/// [`PageFetcher`] over HTTP: 10 s per request, an honest User-Agent.
pub struct HttpFetcher(reqwest::Client);

impl HttpFetcher {
    pub fn new() -> Result<HttpFetcher, String> {
        reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .user_agent(concat!("code24-monitor/", env!("CARGO_PKG_VERSION")))
            .build()
            .map(HttpFetcher)
            .map_err(|e| format!("cannot build the HTTP client: {e}"))
    }
}

#[async_trait]
impl PageFetcher for HttpFetcher {
    async fn get(&self, url: &str) -> Result<(u16, Vec<u8>), String> {
        let response = self.0.get(url).send().await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        Ok((status, body.to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Pages(HashMap<String, (u16, Vec<u8>)>);

    #[async_trait]
    impl PageFetcher for Pages {
        async fn get(&self, url: &str) -> Result<(u16, Vec<u8>), String> {
            self.0
                .get(url)
                .cloned()
                .ok_or_else(|| "connection refused".into())
        }
    }

    fn site(home: &str) -> Pages {
        let mut pages = HashMap::new();
        pages.insert(
            "http://s.test/a/".to_string(),
            (200, home.as_bytes().to_vec()),
        );
        pages.insert(
            "http://s.test/a/privacy.html".to_string(),
            (200, b"ok".to_vec()),
        );
        pages.insert(
            "http://s.test/a/favicon.svg".to_string(),
            (200, b"<svg/>".to_vec()),
        );
        pages.insert("http://s.test/a/gone.html".to_string(), (404, b"".to_vec()));
        Pages(pages)
    }

    const HOME: &str = "<html><head><link rel=\"icon\" href=\"favicon.svg\"></head><body>\
        <a href=\"#main\">skip</a><a href=\"privacy.html#forms\">p</a><a href=\"https://x.test/\">x</a>\
        <a href=\"tel:+44\">t</a></body></html>";

    #[tokio::test]
    async fn a_site_whose_links_answer_is_healthy() {
        let report = check_site(&site(HOME), "a", "http://s.test/a/", "2026-11-26T03:00:00Z").await;
        assert!(report.healthy, "{}", report.summary());
        let links: Vec<&str> = report
            .checks
            .iter()
            .filter(|c| c.name == "internal link")
            .map(|c| c.detail.as_str())
            .collect();
        assert_eq!(links, ["favicon.svg: HTTP 200", "privacy.html: HTTP 200"]);
    }

    #[tokio::test]
    async fn broken_links_heavy_pages_and_dead_sites_are_unhealthy() {
        let broken = HOME.replace("privacy.html", "gone.html");
        let report = check_site(&site(&broken), "a", "http://s.test/a/", "t").await;
        assert!(!report.healthy);
        assert!(
            report.summary().contains("gone.html: HTTP 404"),
            "{}",
            report.summary()
        );
        let heavy = HOME.replace("</body>", &"x".repeat(PAGE_BUDGET_BYTES));
        let report = check_site(&site(&heavy), "a", "http://s.test/a/", "t").await;
        assert!(
            report.summary().contains("page weight"),
            "{}",
            report.summary()
        );
        let report = check_site(&site(HOME), "a", "http://s.test/down/", "t").await;
        assert_eq!((report.healthy, report.checks.len()), (false, 1));
        assert!(report.summary().contains("connection refused"));
    }
}
