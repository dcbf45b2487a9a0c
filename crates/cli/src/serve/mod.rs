//! `code24 serve`: the API from the same router as the `api` Lambda (`code24_api::Api`),
//! the deployed sites at `/sites/{siteId}/…` from their live version as CloudFront serves
//! them on AWS, and the dashboard (module [`crate::dashboard`]) with Server-Sent Events
//! at `/executions/{id}/events` for live progress. `GET /openapi.json` is the API's
//! OpenAPI document (`docs/openapi.json`).
//!
//! Executions run on a bounded pool of workers and are journaled before a trigger is
//! answered: after a crash, the next `code24 serve` on the same data directory finishes
//! them. It binds 127.0.0.1 unless told otherwise, and refuses any other address unless
//! an auth token is set; with a token, everything but the sites' public routes (their
//! files, `/collect` and `/forms`) needs `Authorization: Bearer TOKEN` (or, for the
//! dashboard in a browser, the cookie `/?token=TOKEN` sets).
//!
//! A/B tests: while an optimization's experiment runs on a site, a visitor to the site is
//! assigned a variant by `code24_domain::optimization::experiment::assign` on a visitor id kept in a
//! first-party `code24_visitor` cookie (set only for the experiment's site path), and sees
//! that variant's version. Visitors sending Do Not Track or Global Privacy Control get the
//! control and no cookie. `/sites/{siteId}/versions/{n}/…` shows one version.

mod ab;
mod events;
mod guard;
mod pages;
mod reply;
mod request;
mod sites;

use guard::is_public;
use reply::{
    content_type, html_reply, json_reply, local_target, not_found, respond, see_other,
    storage_error, with_header,
};
use request::{cookie, query_param};

use crate::dashboard;
use anyhow::{bail, Context, Result};
use bytes::Bytes;
use code24_api::{Api, MAX_BODY_BYTES};
use code24_local::local_services_and_database;
use code24_local::LocalStarter;
use code24_local::{ExecutionPool, FaultPlan, Workflows};
use code24_pipeline::SiteConfig;
use code24_store::{SiteStore, WorkflowStatus};
use code24_store_local::{FsSiteStore, SqliteStatusStore};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

type Reply = Response<UnsyncBoxBody<Bytes, Infallible>>;

/// The API's OpenAPI document, kept in the repository and served at `/openapi.json`.
pub const OPENAPI: &str = include_str!("../../../../docs/openapi.json");

/// `code24 serve`'s options.
#[derive(clap::Args)]
pub struct ServeArgs {
    #[arg(long, default_value_t = 8024)]
    port: u16,
    /// The address to listen on. Any but a loopback address needs --auth-token.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// The token API and dashboard requests must bear (`Authorization: Bearer TOKEN`).
    #[arg(long, env = "CODE24_AUTH_TOKEN", hide_env_values = true)]
    auth_token: Option<String>,
    /// How many executions run at once; the others wait their turn.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    workers: u16,
    /// Seconds between the BuildWorkflow's workers (brand, designer, developer), as on
    /// AWS where the default is 30; 0 runs them back to back.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=3600))]
    coordination_delay: u64,
    /// Let optimizations fetch 127.0.0.1 and ::1 (local testing).
    #[arg(long)]
    allow_loopback: bool,
    /// Most connections served at once; more wait in the listen backlog until one closes.
    #[arg(long, default_value_t = MAX_CONNECTIONS, value_parser = clap::value_parser!(u32).range(1..=65_536))]
    max_connections: u32,
    #[command(flatten)]
    store: crate::StoreArgs,
}

struct Server {
    api: Api,
    sites: FsSiteStore,
    artifacts: Arc<dyn code24_store::ArtifactStore>,
    pool: Arc<ExecutionPool>,
    database: Arc<SqliteStatusStore>,
    clock: Arc<dyn code24_pipeline::handler::Clock>,
    /// SHA-256 of the auth token, if one is set.
    token: Option<[u8; 32]>,
    /// Bound to a loopback address: requests must name a loopback host.
    loopback_only: bool,
}

/// The cookie holding an A/B test visitor id.
const VISITOR_COOKIE: &str = "code24_visitor";
/// The cookie holding the dashboard's auth token.
const TOKEN_COOKIE: &str = "code24_token";
/// How often a live event stream looks for new events.
const EVENT_POLL: Duration = Duration::from_millis(200);
/// A client must send a request's whole head within this time (slow-header attacks, and
/// idle keep-alive connections, are closed after it).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// ... and its whole body within this time after the head (a body promised by
/// Content-Length but never sent gets a 408).
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(15);
/// Most connections served at once by default; more wait in the listen backlog.
pub const MAX_CONNECTIONS: u32 = 2048;

impl Server {
    pub(super) async fn handle(self: Arc<Self>, request: Request<Incoming>) -> Reply {
        if request.headers().get_all("host").iter().count() > 1 {
            return json_reply(
                400,
                &json!({"error": "invalid request", "field": "Host", "message": "a request names one Host"}),
            );
        }
        let method = request.method().as_str().to_string();
        let path = request.uri().path().to_string();
        let query = request.uri().query().map(str::to_string);
        let decoded = code24_api::decode_path(&path).unwrap_or_default();
        if let Err(message) = self.check_browser_origin(&method, &decoded, request.headers()) {
            return json_reply(403, &json!({"error": "forbidden", "message": message}));
        }
        if !is_public(&method, &decoded) && !self.authorized(request.headers()) {
            // The dashboard in a browser: `/?token=TOKEN` once sets the cookie.
            if let Some(token) = query_param(query.as_deref(), "token") {
                if self.is_token(&token) {
                    let cookie = format!(
                        "{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400"
                    );
                    return with_header(see_other(&local_target(&path)), "set-cookie", &cookie);
                }
            }
            return with_header(
                json_reply(
                    401,
                    &json!({"error": "unauthorized", "message":
                        "send Authorization: Bearer TOKEN (the server's --auth-token); in a browser, open /?token=TOKEN once"}),
                ),
                "www-authenticate",
                "Bearer",
            );
        }
        if method == "GET" || method == "HEAD" {
            if let Some(reply) = self
                .clone()
                .page(&decoded, query.as_deref(), request.headers())
                .await
            {
                return reply;
            }
        }
        let key = request
            .headers()
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = match tokio::time::timeout(
            BODY_READ_TIMEOUT,
            Limited::new(request.into_body(), MAX_BODY_BYTES).collect(),
        )
        .await
        {
            Ok(Ok(b)) => b.to_bytes(),
            Err(_) => {
                return json_reply(
                    408,
                    &json!({"error": "request timeout", "field": "body",
                        "message": format!("the body did not arrive within {} s", BODY_READ_TIMEOUT.as_secs())}),
                )
            }
            Ok(Err(_)) => {
                return json_reply(
                    413,
                    &json!({"error": "invalid request", "field": "body",
                        "message": format!("the body is over {MAX_BODY_BYTES} bytes or was cut off")}),
                )
            }
        };
        if method == "POST" {
            if let Some(kind) = decoded.strip_prefix("/dashboard/") {
                return self.dashboard_trigger(kind, &body).await;
            }
        }
        let reply = self.api.handle(&method, &path, key.as_deref(), &body).await;
        let mut response = json_reply(reply.status, &reply.body);
        if let Some(location) = reply.location.and_then(|l| l.parse().ok()) {
            response.headers_mut().insert("location", location);
        }
        response
    }
}

/// Checks that the data directory can be written, by writing and removing a file, so a
/// read-only or full disk is a clear error before anything is served.
fn check_writable(dir: &Path) -> Result<()> {
    let probe = dir.join(".code24-write-check");
    let written = std::fs::write(&probe, b"code24").and_then(|()| std::fs::remove_file(&probe));
    written.with_context(|| format!("the data directory {} is not writable", dir.display()))
}

/// A listening socket with room for a burst of connections (the kernel caps the backlog
/// at `net.core.somaxconn`): a thousand clients connecting at once should wait, not be
/// refused.
fn listen(address: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if address.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(4096)
}

/// Serves until the process is stopped.
pub fn run(args: ServeArgs) -> Result<()> {
    if !args.bind.is_loopback() && args.auth_token.is_none() {
        bail!(
            "refusing to listen on {}: it is not a loopback address; set --auth-token (or CODE24_AUTH_TOKEN) so the API is not open to the network",
            args.bind
        );
    }
    if args
        .auth_token
        .as_ref()
        .is_some_and(|t| t.len() < 16 || !t.bytes().all(|b| b.is_ascii_graphic()))
    {
        bail!("--auth-token must be at least 16 printable characters without spaces");
    }
    // What the API logs (storage errors with their paths) goes to stderr, never into a
    // response.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .try_init();
    let data_dir = crate::data_dir(&args.store)?;
    check_writable(&data_dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("code24-http")
        .build()?;
    // Executions get their own threads, so a CPU-heavy step never holds up a request.
    let executions = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("code24-execution")
        .build()?;
    let execution_runtime = executions.handle().clone();
    runtime.block_on(async move {
        let address = SocketAddr::new(args.bind, args.port);
        let listener = listen(address).with_context(|| format!("cannot listen on {address}"))?;
        let address = listener.local_addr()?;
        let host = match address.ip() {
            IpAddr::V6(ip) => format!("[{ip}]:{}", address.port()),
            IpAddr::V4(ip) => format!("{ip}:{}", address.port()),
        };
        let config = SiteConfig {
            site_base_url: format!("http://{host}/sites"),
            api_base_url: format!("http://{host}"),
        };
        let (mut services, database) = local_services_and_database(&data_dir, config)
            .with_context(|| format!("cannot open the data directory {}", data_dir.display()))?;
        services.fetch_policy.allow_loopback = args.allow_loopback;
        let workflows = Workflows::new(services.clone(), FaultPlan::none())?;
        let pool = ExecutionPool::on_runtime(
            workflows,
            database.clone(),
            usize::from(args.workers),
            execution_runtime,
        );
        let recovery = pool.resume_unfinished().await?;
        let server = Arc::new(Server {
            api: Api {
                status: services.status.clone(),
                starter: Arc::new(LocalStarter::new(pool.clone())),
                clock: services.clock.clone(),
                coordination_delay_seconds: Some(args.coordination_delay),
                sites: code24_local::site_services(&services, database.clone()),
            },
            sites: FsSiteStore::new(data_dir.join("sites")),
            artifacts: services.artifacts.clone(),
            pool,
            database,
            clock: services.clock.clone(),
            loopback_only: args.bind.is_loopback(),
            token: args
                .auth_token
                .as_ref()
                .map(|t| Sha256::digest(t.as_bytes()).into()),
        });
        println!(
            "code24 serve: http://{host}/ (data in {}; {} workers; resumed {} executions, {} never started)",
            data_dir.display(),
            args.workers,
            recovery.resumed,
            recovery.abandoned,
        );
        let connections = Arc::new(tokio::sync::Semaphore::new(args.max_connections as usize));
        loop {
            let Ok(permit) = connections.clone().acquire_owned().await else {
                return Ok(());
            };
            let (stream, _) = match listener.accept().await {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("accept failed: {e}");
                    // Out of file descriptors, say: wait rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let server = server.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let server = server.clone();
                    async move { Ok::<_, Infallible>(server.handle(request).await) }
                });
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(HEADER_READ_TIMEOUT)
                    .serve_connection(io, service)
                    .await;
                drop(permit);
            });
        }
    })
}
