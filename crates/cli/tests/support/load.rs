//! The load driver shared by the load test (`tests/load.rs`, which judges correctness)
//! and the load benchmark (`benches/serve_load.rs`, which reports figures): submits
//! builds concurrently, one thread and connection each, while pollers read
//! `GET /status/{id}` round the accepted builds, timing every read, until all have ended.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

/// The pause between one poller's reads.
pub const POLL_PAUSE: Duration = Duration::from_millis(5);

/// What a load run saw.
pub struct LoadReport {
    pub builds: usize,
    /// Workflow ids the API answered 202 (or, for a retried request, 200) with.
    pub accepted: Vec<String>,
    /// Requests that needed a retry after a connection error.
    pub retries: usize,
    pub submit_time: Duration,
    /// From the first submission until every build had ended.
    pub total_time: Duration,
    /// How each accepted build ended (`completed`/`failed`), by id.
    pub ended: Vec<(String, String)>,
    pub status_latencies: Vec<Duration>,
    /// The most executions the server said were running at once, and queued.
    pub max_running: u64,
    pub max_queued: u64,
    pub workers: u64,
}

fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &str,
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not HTTP: {response:?}")))?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// Percentile `p` (0-100) of sorted `values`.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Submits `builds` builds at once to the `code24 serve` on `port` and polls their
/// status with `pollers` threads until all have ended (or `deadline` passes).
pub fn run(port: u16, builds: usize, pollers: usize, deadline: Duration) -> LoadReport {
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let retries = Arc::new(AtomicUsize::new(0));
    let barrier = Arc::new(Barrier::new(builds + 1));
    let start = Instant::now();
    let submitters: Vec<_> = (0..builds)
        .map(|i| {
            let (accepted, retries, barrier) = (accepted.clone(), retries.clone(), barrier.clone());
            std::thread::Builder::new()
                .stack_size(128 * 1024)
                .spawn(move || {
                    let brief = format!(
                        r#"{{"name":"Load Test Shop {i}","description":"A corner shop for the load test, number {i}","businessType":"retail","primaryGoal":"sales"}}"#
                    );
                    let key = format!("Idempotency-Key: load-{i}\r\n");
                    barrier.wait();
                    for attempt in 0..20 {
                        match request(port, "POST", "/trigger/build", &key, &brief) {
                            Ok((202 | 200, body)) => {
                                let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                                if let Some(id) = v["workflowId"].as_str() {
                                    accepted.lock().unwrap().push(id.to_string());
                                }
                                return;
                            }
                            Ok((status, body)) => panic!("build {i}: HTTP {status}: {body}"),
                            Err(_) => {
                                retries.fetch_add(1, Ordering::Relaxed);
                                std::thread::sleep(Duration::from_millis(20 * (attempt + 1)));
                            }
                        }
                    }
                    panic!("build {i}: no connection after 20 attempts");
                })
                .unwrap()
        })
        .collect();
    barrier.wait();
    let submit_start = Instant::now();
    let done = Arc::new(AtomicBool::new(false));
    let ended = Arc::new(Mutex::new(
        std::collections::HashMap::<String, String>::new(),
    ));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let load = Arc::new(Mutex::new((0u64, 0u64, 0u64)));
    let poll_threads: Vec<_> = (0..pollers)
        .map(|p| {
            let (accepted, done, ended, latencies, load) = (
                accepted.clone(),
                done.clone(),
                ended.clone(),
                latencies.clone(),
                load.clone(),
            );
            std::thread::spawn(move || {
                let mut n = p;
                while !done.load(Ordering::Relaxed) {
                    let id = {
                        let ids = accepted.lock().unwrap();
                        if ids.is_empty() {
                            None
                        } else {
                            Some(ids[n % ids.len()].clone())
                        }
                    };
                    n += pollers;
                    let Some(id) = id else {
                        std::thread::sleep(Duration::from_millis(5));
                        continue;
                    };
                    if ended.lock().unwrap().contains_key(&id) && n % 7 != 0 {
                        continue;
                    }
                    let t = Instant::now();
                    let Ok((status, body)) = request(port, "GET", &format!("/status/{id}"), "", "")
                    else {
                        continue;
                    };
                    latencies.lock().unwrap().push(t.elapsed());
                    // A client polling every few milliseconds, not a tight loop that
                    // would take the CPU from the builds it waits for.
                    std::thread::sleep(POLL_PAUSE);
                    assert_eq!(status, 200, "{id}: {body}");
                    let v: Value = serde_json::from_str(&body).unwrap();
                    if v["status"] != "running" {
                        ended
                            .lock()
                            .unwrap()
                            .insert(id, v["status"].as_str().unwrap_or("").to_string());
                    }
                    if n % 50 == 0 {
                        if let Ok((200, body)) = request(port, "GET", "/executions?limit=1", "", "")
                        {
                            let v: Value = serde_json::from_str(&body).unwrap();
                            let mut l = load.lock().unwrap();
                            l.0 = l.0.max(v["load"]["running"].as_u64().unwrap_or(0));
                            l.1 = l.1.max(v["load"]["queued"].as_u64().unwrap_or(0));
                            l.2 = v["load"]["workers"].as_u64().unwrap_or(0);
                        }
                    }
                }
            })
        })
        .collect();
    for s in submitters {
        s.join().expect("a submitter failed");
    }
    let submit_time = submit_start.elapsed();
    let wait_until = start + deadline;
    loop {
        let all = accepted.lock().unwrap().len();
        if ended.lock().unwrap().len() >= all || Instant::now() > wait_until {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let total_time = submit_start.elapsed();
    done.store(true, Ordering::Relaxed);
    for p in poll_threads {
        p.join().expect("a poller failed");
    }
    let mut status_latencies = latencies.lock().unwrap().clone();
    status_latencies.sort();
    let (max_running, max_queued, workers) = *load.lock().unwrap();
    let accepted = accepted.lock().unwrap().clone();
    let ended = ended
        .lock()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    LoadReport {
        builds,
        accepted,
        retries: retries.load(Ordering::Relaxed),
        submit_time,
        total_time,
        ended,
        status_latencies,
        max_running,
        max_queued,
        workers,
    }
}
