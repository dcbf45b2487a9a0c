//! 1,000 builds submitted at once through the HTTP API of `code24 serve`: every one is
//! accepted once, runs on the bounded pool (never more running than its workers, the
//! rest queued) and completes, with nothing lost or duplicated. Figures (throughput,
//! `GET /status` latency) are the benchmark's: `cargo bench -p code24-cli --bench serve_load`.

mod support;

use std::collections::HashSet;
use std::time::Duration;
use support::{http, json_body, serve_with};

#[test]
fn a_thousand_concurrent_builds_all_complete_once_on_a_bounded_pool() {
    let data = tempfile::tempdir().unwrap();
    let server = serve_with(data.path(), &["--workers", "8"]);
    let report = support::load::run(server.port, 1000, 4, Duration::from_secs(900));
    println!(
        "{} builds: submitted in {:.1} s, all ended in {:.1} s, {} retried connections; max running {} of {} workers, max queued {}",
        report.builds,
        report.submit_time.as_secs_f64(),
        report.total_time.as_secs_f64(),
        report.retries,
        report.max_running,
        report.workers,
        report.max_queued
    );
    let unique: HashSet<&String> = report.accepted.iter().collect();
    assert_eq!(report.accepted.len(), 1000, "every build was accepted");
    assert_eq!(unique.len(), 1000, "no build was accepted twice");
    assert_eq!(report.ended.len(), 1000, "every build ended");
    let not_completed: Vec<_> = report
        .ended
        .iter()
        .filter(|(_, s)| s != "completed")
        .collect();
    assert!(not_completed.is_empty(), "{not_completed:?}");
    assert!(
        report.max_running <= 8,
        "the pool ran {} at once",
        report.max_running
    );
    assert!(
        report.max_queued > 0,
        "with 1,000 at once, builds must have queued"
    );

    // The server's own view: exactly these 1,000 workflows, each site published once.
    let listed: HashSet<String> = support::listed_workflows(server.port, 1000)
        .into_iter()
        .collect();
    assert_eq!(listed.len(), 1000);
    assert!(report.accepted.iter().all(|id| listed.contains(id)));
    for i in [0, 499, 999] {
        let (_, body) = http(
            server.port,
            "GET",
            &format!("/sites/load-test-shop-{i}/versions"),
            "",
        );
        assert_eq!(
            json_body(&body)["versions"],
            serde_json::json!([1]),
            "{body}"
        );
    }
}
