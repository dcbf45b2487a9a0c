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

use std::path::Path;
use std::process::Command;

#[test]
fn every_optimized_corpus_page_fails_fewer_lighthouse_audits() {
    let node_modules = std::env::var("CODE24_NODE_MODULES").expect(
        "CODE24_NODE_MODULES must name the npm tools folder (bash .ci/run sets it to .ci/node_modules)",
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = repo.join("ci-artifacts/optimize");
    println!("optimization report: {}", out.display());
    let status = Command::new("node")
        .arg(repo.join("tests/browser/optimize_corpus.mjs"))
        .arg(env!("CARGO_BIN_EXE_code24"))
        .arg(&out)
        .env("CODE24_NODE_MODULES", node_modules)
        .status()
        .expect("node must be installed");
    assert!(
        status.success(),
        "see the table above and {}",
        out.display()
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("optimize.json")).unwrap()).unwrap();
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
