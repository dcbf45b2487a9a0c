//! Fetching a page to audit: the page with the safe fetcher (`code24-fetch`), then the
//! assets it references under the same rules, for its weight and its images' sizes.
//! Shared by the OptimizationWorkflow's SiteAnalysis step and `code24 audit`.

use code24_domain::optimization::audit::{asset_urls, audit_page, css_urls, AuditReport, Page};
use code24_domain::optimization::patch::image_size;
use code24_fetch::{fetch, FetchError, FetchPolicy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Most assets fetched per page.
pub const MAX_ASSETS: usize = 60;

/// Why a page cannot be audited.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("{0}")]
    Fetch(#[from] FetchError),
    #[error("{url} answered HTTP {status}, not a page to audit")]
    Status { url: String, status: u16 },
    #[error("{url} is not an HTML page (content-type {content_type:?})")]
    NotHtml { url: String, content_type: String },
}

/// A fetched page and what its assets told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FetchedPage {
    /// After redirects.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub html: String,
    pub asset_bytes: usize,
    pub assets_fetched: usize,
    /// Image sizes read from the image files, by absolute URL.
    pub image_sizes: BTreeMap<String, (u32, u32)>,
    /// For a page that names no icon, the `/favicon.ico` browsers fetch from its origin,
    /// when there is one.
    #[serde(default)]
    pub favicon: Option<String>,
}

impl FetchedPage {
    pub fn audit(&self, primary_goal: Option<&str>) -> AuditReport {
        audit_page(&Page {
            url: &self.url,
            headers: &self.headers,
            html: &self.html,
            primary_goal,
            asset_bytes: self.asset_bytes,
        })
    }
}

/// Fetches a page and its assets. The page must answer 200 with HTML; an asset that
/// cannot be fetched counts nothing (as for a browser that cannot load it).
pub async fn fetch_page(url: &str, policy: &FetchPolicy) -> Result<FetchedPage, PageError> {
    let fetched = fetch(url, policy).await?;
    if fetched.status != 200 {
        return Err(PageError::Status {
            url: fetched.url.to_string(),
            status: fetched.status,
        });
    }
    let content_type = fetched.content_type.clone().unwrap_or_default();
    if !content_type.to_ascii_lowercase().starts_with("text/html") {
        return Err(PageError::NotHtml {
            url: fetched.url.to_string(),
            content_type,
        });
    }
    let html = String::from_utf8_lossy(&fetched.body).into_owned();
    let asset_policy = FetchPolicy {
        honour_robots: false,
        ..policy.clone()
    };
    let mut asset_bytes = 0;
    let mut image_sizes = BTreeMap::new();
    let mut queue: Vec<_> = asset_urls(&html)
        .iter()
        .filter_map(|a| fetched.url.join(a).ok())
        .collect();
    queue.reverse();
    let mut seen = HashSet::new();
    while let Some(url) = queue.pop() {
        if seen.len() == MAX_ASSETS || !seen.insert(url.clone()) {
            continue;
        }
        let Ok(asset) = fetch(url.as_str(), &asset_policy).await else {
            continue;
        };
        if asset.status != 200 {
            continue;
        }
        asset_bytes += asset.body.len();
        let kind = asset.content_type.as_deref().unwrap_or_default();
        if kind.starts_with("image/") {
            if let Some(size) = image_size(&asset.body) {
                image_sizes.insert(url.to_string(), size);
            }
        }
        // A stylesheet's fonts and background images load with the page too.
        if kind.starts_with("text/css") {
            let css = String::from_utf8_lossy(&asset.body);
            let base = asset.url.clone();
            queue.extend(css_urls(&css).iter().filter_map(|u| base.join(u).ok()));
        }
    }
    let names_icon = code24_domain::html::parse(&html).names_icon();
    let mut favicon = None;
    if !names_icon {
        if let Ok(url) = fetched.url.join("/favicon.ico") {
            if let Ok(icon) = fetch(url.as_str(), &asset_policy).await {
                // Not counted in the page's weight: Lighthouse leaves the favicon out too.
                if icon.status == 200 {
                    favicon = Some(url.to_string());
                }
            }
        }
    }
    Ok(FetchedPage {
        favicon,
        url: fetched.url.to_string(),
        headers: fetched.headers,
        html,
        asset_bytes,
        assets_fetched: seen.len(),
        image_sizes,
    })
}
