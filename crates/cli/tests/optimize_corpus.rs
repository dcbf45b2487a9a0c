//! The OptimizationWorkflow on real pages, judged by Lighthouse: every page of the
//! corpus `audit_agreement` uses (Start Bootstrap templates and HTML5 Boilerplate, MIT,
//! pinned in `.ci/package.json`) is served on 127.0.0.1 and optimized through
//! `code24 serve`; `tests/browser/optimize_corpus.mjs` runs Lighthouse on the original and
//! on the optimized version and fails unless every optimization completes and every
//! optimized page fails fewer of Lighthouse's pass/fail audits (score under 0.9). The
//! metric-savings audits are reported, not judged: they come from simulated timings and
//! some flip between runs. The report goes to
//! `ci-artifacts/optimize/optimize.json` (printed).
//!
//! Needs Node.js, Chromium (`CHROME_PATH`) and `CODE24_NODE_MODULES`, as `bash .ci/run`
//! provides.

mod support;

#[test]
fn every_optimized_corpus_page_fails_fewer_lighthouse_audits() {
    let out = support::artifacts("optimize");
    let report = support::node_script(
        "optimize_corpus.mjs",
        &[env!("CARGO_BIN_EXE_code24").as_ref(), out.as_os_str()],
        &out,
        "optimize.json",
    );
    let pages = report["pages"].as_array().unwrap();
    assert!(pages.len() >= 15);
    for page in pages {
        let (before, after) = (
            page["before"].as_array().unwrap().len(),
            page["after"].as_array().unwrap().len(),
        );
        assert!(after < before, "{page:#}");
    }
}
