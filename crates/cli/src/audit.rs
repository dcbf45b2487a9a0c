//! `code24 audit URL`: fetches a page and its assets with the safe fetcher
//! (`code24_pipeline::web`) and prints the audits `code24_domain::optimization::audit` can decide from
//! its HTML, CSS and headers, and the content audits (headline, call to action for the
//! goal, contact, readability, trust, thin content).

use anyhow::Result;
use code24_fetch::FetchPolicy;
use code24_pipeline::web::fetch_page;
use std::process::ExitCode;

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
    let page = runtime.block_on(fetch_page(url, &policy))?;
    let report = page.audit(primary_goal);
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
