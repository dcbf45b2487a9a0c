//! Code24 against Lighthouse itself, on a corpus of real static pages: the MIT-licensed
//! Start Bootstrap templates and HTML5 Boilerplate pinned in `.ci/package.json` (21 pages),
//! each served on 127.0.0.1. `tests/browser/corpus_checks.mjs` runs Lighthouse once on
//! each original and
//!
//! - compares `code24 audit` with it, audit by audit: at least 90% agreement overall
//!   (`ci-artifacts/corpus/agreement.json`: the per-audit table and every disagreement);
//! - optimizes the page through `code24 serve` and runs Lighthouse on the optimized
//!   version: every optimization completes and every optimized page fails fewer of
//!   Lighthouse's pass/fail audits (score under 0.9). The metric-savings audits are
//!   reported, not judged: they come from simulated timings and some flip between runs
//!   (`ci-artifacts/corpus/optimize.json`).
//!
//! Needs Node.js, Chromium (`CHROME_PATH`) and `CODE24_NODE_MODULES`, as `bash .ci/run`
//! provides.

mod support;

#[test]
fn code24_audit_agrees_with_lighthouse_and_every_optimized_page_fails_fewer_audits() {
    let out = support::artifacts("corpus");
    let optimized = support::node_script(
        "corpus_checks.mjs",
        &[env!("CARGO_BIN_EXE_code24").as_ref(), out.as_os_str()],
        &out,
        "optimize.json",
    );
    let agreement: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("agreement.json")).unwrap())
            .unwrap();
    assert!(agreement["pages"].as_array().unwrap().len() >= 15);
    assert!(
        agreement["overall"].as_f64().unwrap() >= 0.9,
        "{}",
        agreement["overall"]
    );
    let pages = optimized["pages"].as_array().unwrap();
    assert_eq!(pages.len(), agreement["pages"].as_array().unwrap().len());
    for page in pages {
        let (before, after) = (
            page["before"].as_array().unwrap().len(),
            page["after"].as_array().unwrap().len(),
        );
        assert!(after < before, "{page:#}");
    }
}
