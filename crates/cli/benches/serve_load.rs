//! Load benchmark of `code24 serve`: 1,000 builds submitted at once through the HTTP
//! API (`CODE24_LOAD_BUILDS` to change), polled by 4 clients reading a status every 5 ms
//! each, run on the bounded pool (`CODE24_LOAD_WORKERS`,
//! default 8). Reports the throughput, and `GET /status/{id}` latency (p50, p99, max)
//! under that load next to the same reads on the idle server, measured in this run.
//!
//!     cargo bench -p code24-cli --bench serve_load

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};
use support::load::{percentile, run};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // `cargo bench` passes --bench; any other argument is a filter this bench ignores.
    let builds = env_number("CODE24_LOAD_BUILDS", 1000);
    let workers = env_number("CODE24_LOAD_WORKERS", 8).to_string();
    let data = tempfile::tempdir().unwrap();
    let server = support::serve_with(data.path(), &["--workers", &workers]);
    let port = server.port;

    // Idle: the status of one finished build, read one request at a time.
    let brief = r#"{"name":"Idle Bakery","description":"Bread and cakes, baked daily","businessType":"food_and_beverage","primaryGoal":"online_orders"}"#;
    let (_, body) = support::http(port, "POST", "/trigger/build", brief);
    let id = support::json_body(&body)["workflowId"]
        .as_str()
        .unwrap()
        .to_string();
    support::wait_for_end(port, &id);
    let mut idle: Vec<Duration> = (0..500)
        .map(|_| {
            let t = Instant::now();
            support::http(port, "GET", &format!("/status/{id}"), "");
            t.elapsed()
        })
        .collect();
    idle.sort();

    let report = run(port, builds, 4, Duration::from_secs(1800));
    let completed = report
        .ended
        .iter()
        .filter(|(_, s)| s == "completed")
        .count();
    let lat = &report.status_latencies;
    println!(
        "code24 serve under load ({builds} builds at once, {workers} workers, 4 status pollers)"
    );
    println!(
        "  accepted {} of {builds} in {:.2} s ({:.0} triggers/s), {} connection retries",
        report.accepted.len(),
        report.submit_time.as_secs_f64(),
        report.accepted.len() as f64 / report.submit_time.as_secs_f64(),
        report.retries
    );
    println!(
        "  {completed} completed in {:.1} s: {:.1} builds/s; at most {} running, {} queued",
        report.total_time.as_secs_f64(),
        completed as f64 / report.total_time.as_secs_f64(),
        report.max_running,
        report.max_queued
    );
    println!(
        "  GET /status idle:       p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({} reads)",
        ms(percentile(&idle, 50.0)),
        ms(percentile(&idle, 99.0)),
        ms(percentile(&idle, 100.0)),
        idle.len()
    );
    println!(
        "  GET /status under load: p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({} reads, {:.0} reads/s)",
        ms(percentile(lat, 50.0)),
        ms(percentile(lat, 99.0)),
        ms(percentile(lat, 100.0)),
        lat.len(),
        lat.len() as f64 / report.total_time.as_secs_f64()
    );
    println!(
        "  under load / idle: p50 {:.1}x  p99 {:.1}x",
        ms(percentile(lat, 50.0)) / ms(percentile(&idle, 50.0)),
        ms(percentile(lat, 99.0)) / ms(percentile(&idle, 99.0))
    );
    if completed != builds || report.accepted.len() != builds {
        eprintln!("not every build completed: {completed} of {builds}");
        std::process::exit(1);
    }
}
