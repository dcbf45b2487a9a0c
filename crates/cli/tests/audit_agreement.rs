//! `code24 audit` against Lighthouse on a corpus of real static pages: the MIT-licensed
//! Start Bootstrap templates and HTML5 Boilerplate pinned in `.ci/package.json` (21 pages),
//! each served on 127.0.0.1. `tests/browser/audit_agreement.mjs` compares every audit
//! both report and fails under 90% agreement overall; the per-audit table and every
//! disagreement go to `ci-artifacts/audit-agreement/agreement.json` (printed).
//!
//! Needs Node.js, Chromium (`CHROME_PATH`) and `CODE24_NODE_MODULES`, as `bash .ci/run`
//! provides.

mod support;

#[test]
fn code24_audit_agrees_with_lighthouse_on_at_least_90_percent_of_audits() {
    let out = support::artifacts("audit-agreement");
    let report = support::node_script(
        "audit_agreement.mjs",
        &[env!("CARGO_BIN_EXE_code24").as_ref(), out.as_os_str()],
        &out,
        "agreement.json",
    );
    assert!(report["pages"].as_array().unwrap().len() >= 15);
    assert!(
        report["overall"].as_f64().unwrap() >= 0.9,
        "{}",
        report["overall"]
    );
}
