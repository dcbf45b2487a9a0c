//! `code24 audit URL`: fetches a page with the safe fetcher (`code24-fetch`) and prints
//! the audits `code24_domain::audit` can decide from its HTML, CSS and headers, and the
//! content audits (headline, call to action for the goal, contact, readability, trust,
//! thin content).

use anyhow::{bail, Result};
use code24_domain::audit::{audit_page, Page};
use code24_fetch::{fetch, FetchPolicy};
use std::process::ExitCode;

/// Most assets fetched for the page weight.
const MAX_ASSETS: usize = 60;

pub fn run(
    url: &str,
    primary_goal: Option<&str>,
    json: bool,
    allow_loopback: bool,
) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let policy = FetchPolicy {
        allow_loopback,
        ..FetchPolicy::default()
    };
    let fetched = runtime.block_on(fetch(url, &policy))?;
    if fetched.status != 200 {
        bail!(
            "{} answered HTTP {}, not a page to audit",
            fetched.url,
            fetched.status
        );
    }
    let content_type = fetched.content_type.clone().unwrap_or_default();
    if !content_type.to_ascii_lowercase().starts_with("text/html") {
        bail!(
            "{} is not an HTML page (content-type {content_type:?})",
            fetched.url
        );
    }
    let html = String::from_utf8_lossy(&fetched.body);
    let final_url = fetched.url.to_string();
    // The referenced assets, fetched under the same rules, for the page's total weight;
    // one that cannot be fetched counts nothing (as for a browser that cannot load it).
    let asset_policy = FetchPolicy {
        honour_robots: false,
        ..policy.clone()
    };
    let mut asset_bytes = 0;
    let mut queue: Vec<_> = code24_domain::audit::asset_urls(&html)
        .iter()
        .filter_map(|a| fetched.url.join(a).ok())
        .collect();
    let mut seen = std::collections::HashSet::new();
    while let Some(url) = queue.pop() {
        if seen.len() == MAX_ASSETS || !seen.insert(url.clone()) {
            continue;
        }
        let Ok(asset) = runtime.block_on(fetch(url.as_str(), &asset_policy)) else {
            continue;
        };
        asset_bytes += asset.body.len();
        // A stylesheet's fonts and background images load with the page too.
        if asset
            .content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("text/css"))
        {
            let css = String::from_utf8_lossy(&asset.body);
            let base = asset.url.clone();
            queue.extend(
                code24_domain::audit::css_urls(&css)
                    .iter()
                    .filter_map(|u| base.join(u).ok()),
            );
        }
    }
    let report = audit_page(&Page {
        url: &final_url,
        headers: &fetched.headers,
        html: &html,
        primary_goal,
        asset_bytes,
    });
    if json {
        out!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        out!("{}", report.url);
        for audit in report.audits.iter().filter(|a| !a.pass) {
            out!(
                "  fail {} ({}): {}",
                audit.id,
                audit.category,
                audit.details
            );
        }
        let passed = report.audits.iter().filter(|a| a.pass).count();
        out!(
            "  {passed} of {} audits pass; scores {:?}",
            report.audits.len(),
            report.scores
        );
    }
    Ok(ExitCode::SUCCESS)
}
