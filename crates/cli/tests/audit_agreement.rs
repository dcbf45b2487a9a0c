//! `code24 audit` against Lighthouse on a corpus of real static pages: the MIT-licensed
//! Start Bootstrap templates and HTML5 Boilerplate pinned in `.ci/package.json` (21 pages),
//! each served on 127.0.0.1. `tests/browser/audit_agreement.mjs` compares every audit
//! both report and fails under 90% agreement overall; the per-audit table and every
//! disagreement go to `ci-artifacts/audit-agreement/agreement.json` (printed).
//!
//! Needs Node.js, Chromium (`CHROME_PATH`) and `CODE24_NODE_MODULES`, as `bash .ci/run`
//! provides.

use std::path::Path;
use std::process::Command;

#[test]
fn code24_audit_agrees_with_lighthouse_on_at_least_90_percent_of_audits() {
    let node_modules = std::env::var("CODE24_NODE_MODULES").expect(
        "CODE24_NODE_MODULES must name the npm tools folder (bash .ci/run sets it to .ci/node_modules)",
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = repo.join("ci-artifacts/audit-agreement");
    println!("audit agreement report: {}", out.display());
    let status = Command::new("node")
        .arg(repo.join("tests/browser/audit_agreement.mjs"))
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
        serde_json::from_str(&std::fs::read_to_string(out.join("agreement.json")).unwrap())
            .unwrap();
    assert!(report["pages"].as_array().unwrap().len() >= 15);
    assert!(
        report["overall"].as_f64().unwrap() >= 0.9,
        "{}",
        report["overall"]
    );
}
