//! What the tests of `code24 serve` share: starting it on a free port of 127.0.0.1 (and
//! stopping it when dropped), and plain HTTP/1.1 requests to it.

#![allow(dead_code)]

pub mod load;

use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Serve {
    child: Child,
    pub port: u16,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// Kills the server with SIGKILL, as a crash or the OOM killer would.
    pub fn sigkill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `code24 serve` on `data` and waits until it listens.
pub fn serve(data: &Path) -> Serve {
    serve_with(data, &[])
}

/// [`serve`] with more arguments (`--allow-loopback`). The server picks its own free
/// port (`--port 0`) and this reads it from its first line, so two servers started at
/// once can never be handed the same port.
pub fn serve_with(data: &Path, extra: &[&str]) -> Serve {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_code24"))
        .args(["serve", "--port", "0", "--data-dir"])
        .arg(data)
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("code24 serve printed no address: {:?}", child.try_wait()));
    // "code24 serve: http://127.0.0.1:PORT/ (…)" or "http://0.0.0.0:PORT/".
    let port: u16 = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|host| host.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in: {first}"));
    // Keep reading, so the server never writes into a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "code24 serve never listened");
        std::thread::sleep(Duration::from_millis(50));
    }
    Serve { child, port }
}

/// One request; the status and the whole response (head and body) as text.
pub fn http(port: u16, method: &str, path: &str, body: &str) -> (u16, String) {
    http_with(port, method, path, "", body)
}

/// [`http`] with extra header lines (each ending in `\r\n`).
pub fn http_with(port: u16, method: &str, path: &str, headers: &str, body: &str) -> (u16, String) {
    raw(
        port,
        method,
        path,
        &format!("Host: 127.0.0.1\r\n{headers}"),
        body,
    )
}

/// One request with exactly these header lines, not even a Host added.
pub fn raw(port: u16, method: &str, path: &str, headers: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    (status, response)
}

/// The JSON body of a response from [`http`] (`null` if it is not JSON).
pub fn json_body(response: &str) -> Value {
    response
        .split_once("\r\n\r\n")
        .and_then(|(_, b)| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null)
}

/// The workflow ids `GET /executions?limit=…` lists, newest first.
pub fn listed_workflows(port: u16, limit: usize) -> Vec<String> {
    let (_, body) = http(port, "GET", &format!("/executions?limit={limit}"), "");
    let list = json_body(&body);
    list["executions"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["workflowId"].as_str().unwrap().to_string())
        .collect()
}

/// Polls `GET /status/{id}` until the workflow has ended; its status object.
pub fn wait_for_end(port: u16, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (_, response) = http(port, "GET", &format!("/status/{id}"), "");
        let body = json_body(&response);
        if body["status"] != "running" {
            return body;
        }
        assert!(Instant::now() < deadline, "{id} is still running");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs `tests/browser/{script}` with Node.js, as `node script ARGS… OUT_DIR`-style
/// checks take them (`args`, in order), with `CODE24_NODE_MODULES` (which `bash .ci/run`
/// sets to `.ci/node_modules`). Fails the test unless it exits 0, naming `out`; then
/// returns the JSON report `out/{report}`.
pub fn node_script(script: &str, args: &[&std::ffi::OsStr], out: &Path, report: &str) -> Value {
    let node_modules = std::env::var("CODE24_NODE_MODULES").expect(
        "CODE24_NODE_MODULES must name the npm tools folder (bash .ci/run sets it to .ci/node_modules)",
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    println!("{script} report: {}", out.display());
    let status = Command::new("node")
        .arg(repo.join("tests/browser").join(script))
        .args(args)
        .env("CODE24_NODE_MODULES", node_modules)
        .status()
        .expect("node must be installed");
    assert!(
        status.success(),
        "{script} failed; see the output above and {}",
        out.display()
    );
    let text = std::fs::read_to_string(out.join(report))
        .unwrap_or_else(|e| panic!("{}: {e}", out.join(report).display()));
    serde_json::from_str(&text).unwrap()
}

/// The repository's `ci-artifacts/{name}` folder, where the browser checks write.
pub fn artifacts(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ci-artifacts")
        .join(name)
}
