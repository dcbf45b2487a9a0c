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
//! assigned a variant by `code24_domain::experiment::assign` on a visitor id kept in a
//! first-party `code24_visitor` cookie (set only for the experiment's site path), and sees
//! that variant's version. Visitors sending Do Not Track or Global Privacy Control get the
//! control and no cookie. `/sites/{siteId}/versions/{n}/…` shows one version.

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
pub const OPENAPI: &str = include_str!("../../../docs/openapi.json");

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

fn respond(status: u16, content_type: &str, cache: &str, body: Vec<u8>) -> Reply {
    let mut response = Response::new(Full::new(Bytes::from(body)).boxed_unsync());
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Ok(v) = content_type.parse() {
        headers.insert("content-type", v);
    }
    if let Ok(v) = cache.parse() {
        headers.insert("cache-control", v);
    }
    response
}

fn json_reply(status: u16, body: &Value) -> Reply {
    respond(
        status,
        "application/json",
        "no-store",
        body.to_string().into_bytes(),
    )
}

fn html_reply(status: u16, html: String) -> Reply {
    respond(
        status,
        "text/html; charset=utf-8",
        "no-store",
        html.into_bytes(),
    )
}

fn with_header(mut reply: Reply, name: &'static str, value: &str) -> Reply {
    if let Ok(v) = value.parse() {
        reply.headers_mut().insert(name, v);
    }
    reply
}

/// A path on this server to send a browser to: leading slashes and backslashes collapse
/// to one slash, so `//evil.example/` can never become another host.
fn local_target(path: &str) -> String {
    format!("/{}", path.trim_start_matches(['/', '\\']))
}

fn see_other(location: &str) -> Reply {
    with_header(
        respond(303, "text/plain; charset=utf-8", "no-store", Vec::new()),
        "location",
        location,
    )
}

fn not_found(what: &str) -> Reply {
    json_reply(
        404,
        &json!({"error": "not found", "message": format!("no {what}")}),
    )
}

fn content_type(path: &str) -> &'static str {
    code24_store_local::fs::content_type_of(path)
}

fn cookie<'a>(headers: &'a hyper::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (n, value) = c.trim().split_once('=')?;
            (n == name).then_some(value)
        })
}

/// The value of query parameter `name`, decoded.
fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name)
            .then(|| code24_domain::text::form_decode(v))
            .flatten()
    })
}

/// Whether the route is open to anyone: a deployed site's public routes, the OpenAPI
/// document and the dashboard's stylesheet and script (no data in any of them).
fn is_public(method: &str, decoded: &str) -> bool {
    if matches!(
        decoded,
        "/openapi.json" | "/dashboard/style.css" | "/dashboard/live.js"
    ) {
        return method == "GET" || method == "HEAD";
    }
    match method {
        "GET" | "HEAD" => decoded.strip_prefix("/sites/").is_some_and(|rest| {
            let last = rest
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default();
            !matches!(last, "analytics" | "versions")
        }),
        "POST" => decoded.starts_with("/collect/") || decoded.starts_with("/forms/"),
        _ => false,
    }
}

impl Server {
    /// Guards a server on a developer's machine against the web pages in their browser:
    /// bound to loopback, it answers only requests addressed to a loopback name (a DNS
    /// rebinding attack names another host), and it takes a state-changing request from
    /// a browser (one with an `Origin`) only from its own origin, so another site cannot
    /// start workflows or roll sites back. The sites' public routes take any origin.
    fn check_browser_origin(
        &self,
        method: &str,
        decoded: &str,
        headers: &hyper::HeaderMap,
    ) -> Result<(), String> {
        let host = headers
            .get("host")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if self.loopback_only {
            let name = match host.rsplit_once(':') {
                Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
                _ => host,
            };
            if !matches!(name, "127.0.0.1" | "localhost" | "[::1]") {
                return Err(format!(
                    "this server answers requests for 127.0.0.1, localhost or [::1], not for host '{host}'"
                ));
            }
        }
        if is_public(method, decoded) {
            return Ok(());
        }
        // Nothing a site's page sends may reach the API or the dashboard as if it were
        // theirs: not a request from a page under /sites/ (its Referer), nor one carrying a
        // site's visitor cookie (scoped to /sites/{id}/, so a browser never sends it here).
        let from_site = headers
            .get("referer")
            .and_then(|v| v.to_str().ok())
            .and_then(|r| r.split_once("://"))
            .is_some_and(|(_, rest)| {
                rest.split_once('/').is_some_and(|(h, path)| {
                    h == host && path.starts_with("sites/") && !decoded.starts_with("/sites/")
                })
            });
        if from_site || cookie(headers, VISITOR_COOKIE).is_some() {
            return Err(
                "a request from a deployed site's page may not use the API or the dashboard".into(),
            );
        }
        if matches!(method, "GET" | "HEAD") {
            return Ok(());
        }
        match headers.get("origin").and_then(|v| v.to_str().ok()) {
            None => Ok(()),
            Some(origin) if origin.split_once("://").map(|(_, h)| h) == Some(host) => Ok(()),
            Some(origin) => Err(format!(
                "a request from the page at {origin} may not change anything here"
            )),
        }
    }

    /// Whether `given` is the auth token. Comparing digests keeps the comparison's time
    /// independent of the token.
    fn is_token(&self, given: &str) -> bool {
        self.token
            .is_some_and(|expected| Sha256::digest(given.as_bytes()).as_slice() == expected)
    }

    fn authorized(&self, headers: &hyper::HeaderMap) -> bool {
        if self.token.is_none() {
            return true;
        }
        let bearer = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let given = bearer.or_else(|| cookie(headers, TOKEN_COOKIE));
        given.is_some_and(|g| self.is_token(g))
    }

    async fn handle(self: Arc<Self>, request: Request<Incoming>) -> Reply {
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

    /// The GET routes of this server alone: the dashboard, the OpenAPI document, the
    /// execution list, histories and event streams, and the sites' files. `None` for
    /// the API's routes.
    async fn page(
        self: Arc<Self>,
        decoded: &str,
        query: Option<&str>,
        headers: &hyper::HeaderMap,
    ) -> Option<Reply> {
        let now = self.clock.now_rfc3339();
        let reply = match decoded {
            "/" | "/dashboard" => match self.api.status.list(50).await {
                Ok(records) => html_reply(200, dashboard::home(&records, self.pool.load(), &now)),
                Err(e) => storage_error(e),
            },
            "/dashboard/style.css" => respond(
                200,
                "text/css; charset=utf-8",
                "no-cache",
                dashboard::STYLE.as_bytes().to_vec(),
            ),
            "/dashboard/live.js" => respond(
                200,
                "text/javascript; charset=utf-8",
                "no-cache",
                dashboard::SCRIPT.as_bytes().to_vec(),
            ),
            "/openapi.json" => respond(
                200,
                "application/json",
                "no-cache",
                OPENAPI.as_bytes().to_vec(),
            ),
            "/executions" => {
                let limit = query_param(query, "limit")
                    .and_then(|l| l.parse::<usize>().ok())
                    .unwrap_or(50)
                    .clamp(1, 1000);
                match self.api.status.list(limit).await {
                    Ok(records) => json_reply(
                        200,
                        &json!({
                            "executions": records.iter().map(|r| dashboard::summary(r, &now)).collect::<Vec<_>>(),
                            "load": self.pool.load(),
                        }),
                    ),
                    Err(e) => storage_error(e),
                }
            }
            p if p.starts_with("/executions/") => {
                let rest = &p["/executions/".len()..];
                let (id, tail) = rest.split_once('/').unwrap_or((rest, ""));
                let id = id.to_string();
                if code24_pipeline::handler::check_workflow_id(&id).is_err() {
                    return Some(json_reply(
                        400,
                        &json!({"error": "invalid workflowId", "field": "workflowId",
                            "message": "use 1-80 characters of A-Z, a-z, 0-9, '-' and '_'"}),
                    ));
                }
                match tail {
                    "" => self.execution_page(&id, &now).await,
                    "history" => self.execution_history(&id),
                    "events" => {
                        let after = headers
                            .get("last-event-id")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_string)
                            .or_else(|| query_param(query, "after"))
                            .and_then(|v| v.parse::<u64>().ok())
                            .unwrap_or(0);
                        match self.api.status.get(&id).await {
                            Ok(Some(_)) => self.clone().event_stream(&id, after),
                            Ok(None) => not_found(&format!("workflow {id}")),
                            Err(e) => storage_error(e),
                        }
                    }
                    _ => not_found(&format!("route {p}")),
                }
            }
            p if p.starts_with("/sites/") => {
                let rest = &p["/sites/".len()..];
                let last = rest.rsplit('/').next().unwrap_or_default();
                if matches!(last, "analytics" | "versions") {
                    return None;
                }
                self.site_file(rest, headers).await
            }
            _ => return None,
        };
        Some(reply)
    }

    /// A form on the dashboard: urlencoded fields become the trigger's JSON body; a
    /// started workflow opens its execution page, a refused one says why.
    async fn dashboard_trigger(&self, kind: &str, body: &[u8]) -> Reply {
        let route = match kind {
            "build" => "/trigger/build",
            "optimize" => "/trigger/optimize",
            _ => return not_found(&format!("dashboard form {kind}")),
        };
        let Some(fields) = code24_domain::text::form_fields(body) else {
            return html_reply(
                400,
                dashboard::error_page("the form's fields are not UTF-8"),
            );
        };
        let json = Value::Object(dashboard::form_body(fields)).to_string();
        let reply = self.api.handle("POST", route, None, json.as_bytes()).await;
        match reply.body["workflowId"].as_str() {
            Some(id) if reply.status == 202 => see_other(&format!(
                "/executions/{}",
                code24_domain::site::encode_segment(id)
            )),
            _ => {
                let message = match (reply.body["field"].as_str(), reply.body["message"].as_str()) {
                    (Some(field), Some(m)) => format!("{field}: {m}"),
                    (None, Some(m)) => m.to_string(),
                    _ => reply.body.to_string(),
                };
                html_reply(reply.status.max(400), dashboard::error_page(&message))
            }
        }
    }

    async fn execution_page(&self, id: &str, now: &str) -> Reply {
        let record = match self.api.status.get(id).await {
            Ok(Some(r)) => r,
            Ok(None) => return not_found(&format!("workflow {id}")),
            Err(e) => return storage_error(e),
        };
        let definition = match self.database.execution(id) {
            Ok(Some(e)) => serde_json::from_str(&e.definition).unwrap_or(Value::Null),
            Ok(None) => Value::Null,
            Err(e) => return storage_error(e),
        };
        let definition = if definition.is_null() {
            let text = if code24_pipeline::WorkflowKind::of(&record)
                == code24_pipeline::WorkflowKind::Optimize
            {
                code24_local::OPTIMIZE_DEFINITION
            } else {
                code24_local::BUILD_DEFINITION
            };
            serde_json::from_str(text).unwrap_or(Value::Null)
        } else {
            definition
        };
        let events = match self.pool.history(id) {
            Ok(e) => e,
            Err(e) => return storage_error(e),
        };
        let live = self.is_live(id, record.status);
        html_reply(
            200,
            dashboard::execution_page(&record, &definition, &events, live, now),
        )
    }

    /// Whether the execution may still add events: its record is running, or it is in
    /// the pool, or its journal says it runs.
    fn is_live(&self, id: &str, status: WorkflowStatus) -> bool {
        status == WorkflowStatus::Running
            || self.pool.is_active(id)
            || self
                .database
                .execution(id)
                .ok()
                .flatten()
                .is_some_and(|e| e.status == "RUNNING")
    }

    fn execution_history(&self, id: &str) -> Reply {
        match self.database.execution(id) {
            Ok(Some(_)) => {}
            Ok(None) => return not_found(&format!("execution {id}")),
            Err(e) => return storage_error(e),
        }
        match self.pool.history(id) {
            Ok(events) => json_reply(200, &json!({"events": events})),
            Err(e) => storage_error(e),
        }
    }

    /// `GET /executions/{id}/events`: Server-Sent Events. Each history event after
    /// `after` as `history` (its id the SSE id, so a reconnect resumes), then the states'
    /// statuses as `states`; when the execution has ended, its status object as `end`.
    fn event_stream(self: Arc<Self>, id: &str, after: u64) -> Reply {
        struct Cursor {
            server: Arc<Server>,
            id: String,
            last: u64,
            first: bool,
            done: bool,
            idle: u32,
        }
        let cursor = Cursor {
            server: self,
            id: id.to_string(),
            last: after,
            first: true,
            done: false,
            idle: 0,
        };
        let stream = futures::stream::unfold(cursor, |mut c| async move {
            if c.done {
                return None;
            }
            loop {
                if !c.first {
                    tokio::time::sleep(EVENT_POLL).await;
                }
                c.first = false;
                let record = c.server.api.status.get(&c.id).await.ok().flatten();
                let Some(record) = record else {
                    c.done = true;
                    let text = "event: end\ndata: {\"status\":\"unknown\"}\n\n";
                    return Some((Ok::<_, Infallible>(Frame::data(Bytes::from(text))), c));
                };
                // Read "ended" before the events, so no event after it can be missed.
                let live = c.server.is_live(&c.id, record.status);
                let events = c.server.pool.history(&c.id).unwrap_or_default();
                let start = events.first().map(|e| e.timestamp);
                let mut text = String::new();
                let after = c.last;
                for e in events.iter().filter(|e| e.id > after) {
                    text.push_str(&format!(
                        "id: {}\nevent: history\ndata: {}\n\n",
                        e.id,
                        dashboard::history_json(e, start)
                    ));
                    c.last = e.id;
                }
                if !text.is_empty() || !live {
                    let runs = crate::graph::state_runs(&events, !live);
                    text.push_str(&format!(
                        "event: states\ndata: {}\n\n",
                        dashboard::runs_json(&runs)
                    ));
                }
                if !live {
                    let record = c
                        .server
                        .api
                        .status
                        .get(&c.id)
                        .await
                        .ok()
                        .flatten()
                        .unwrap_or(record);
                    text.push_str(&format!(
                        "event: end\ndata: {}\n\n",
                        code24_pipeline::status_view(&record)
                    ));
                    c.done = true;
                }
                if text.is_empty() {
                    c.idle += 1;
                    if c.idle % 50 == 0 {
                        text.push_str(": still running\n\n");
                    } else {
                        continue;
                    }
                }
                return Some((Ok(Frame::data(Bytes::from(text))), c));
            }
        });
        let body = BodyExt::boxed_unsync(StreamBody::new(stream));
        let mut response = Response::new(body);
        let headers = response.headers_mut();
        headers.insert(
            "content-type",
            hyper::header::HeaderValue::from_static("text/event-stream"),
        );
        headers.insert(
            "cache-control",
            hyper::header::HeaderValue::from_static("no-store"),
        );
        response
    }

    /// A file of a site's live version; the site's own 404 page for a missing one.
    /// A deployed site's file, sandboxed (see [`code24_domain::site::SITE_CSP`]).
    async fn site_file(&self, rest: &str, headers: &hyper::HeaderMap) -> Reply {
        let reply = self.site_file_unsandboxed(rest, headers).await;
        let reply = with_header(
            reply,
            "content-security-policy",
            code24_domain::site::SITE_CSP,
        );
        with_header(reply, "x-content-type-options", "nosniff")
    }

    async fn site_file_unsandboxed(&self, rest: &str, headers: &hyper::HeaderMap) -> Reply {
        let (site_id, file) = rest.split_once('/').unwrap_or((rest, ""));
        let not_found = || {
            json_reply(
                404,
                &serde_json::json!({"error": "not found", "message": format!("no site at /sites/{rest}")}),
            )
        };
        let mut version = match self.sites.live_version(site_id).await {
            Ok(Some(v)) => v,
            _ => return not_found(),
        };
        let mut file = file;
        let mut set_cookie = None;
        // One version, named in the path.
        if let Some(after) = file.strip_prefix("versions/") {
            let (number, within) = after.split_once('/').unwrap_or((after, ""));
            match number.parse::<u64>() {
                Ok(n)
                    if self
                        .sites
                        .versions(site_id)
                        .await
                        .is_ok_and(|v| v.contains(&n)) =>
                {
                    version = n;
                    file = within;
                }
                _ => return not_found(),
            }
        } else if let Some((variant_version, cookie)) = self.variant(site_id, headers).await {
            version = variant_version;
            set_cookie = cookie;
        }
        if !rest.contains('/') {
            let mut r = respond(308, "text/plain; charset=utf-8", "no-store", Vec::new());
            let encoded = code24_domain::site::encode_segment(site_id);
            if let Ok(location) = format!("/sites/{encoded}/").parse() {
                r.headers_mut().insert("location", location);
            }
            return r;
        }
        let Ok(dir) = self.sites.version_dir(site_id, version) else {
            return not_found();
        };
        let file = if file.is_empty() { "index.html" } else { file };
        let safe = file
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
        let cache = if file.ends_with(".html") {
            "no-cache"
        } else {
            "public, max-age=300"
        };
        if safe {
            if let Ok(body) = tokio::fs::read(dir.join(file)).await {
                let mut r = respond(200, content_type(file), cache, body);
                if let Some(cookie) = set_cookie.and_then(|c| c.parse().ok()) {
                    r.headers_mut().insert("set-cookie", cookie);
                    r.headers_mut().insert(
                        "cache-control",
                        hyper::header::HeaderValue::from_static("private, no-cache"),
                    );
                }
                return r;
            }
        }
        match tokio::fs::read(dir.join("404.html")).await {
            Ok(body) => respond(404, "text/html; charset=utf-8", "no-cache", body),
            Err(_) => not_found(),
        }
    }
}

impl Server {
    /// The version an A/B test shows this visitor, and a cookie to set for a new one;
    /// `None` when no experiment runs on the site.
    async fn variant(
        &self,
        site_id: &str,
        headers: &hyper::HeaderMap,
    ) -> Option<(u64, Option<String>)> {
        let key = code24_pipeline::optimize::site_experiment_key(site_id);
        let bytes = self.artifacts.get(&key).await.ok()?;
        let experiment: code24_domain::experiment::Experiment =
            serde_json::from_slice(&bytes).ok()?;
        let version_of = |name: &str| {
            experiment
                .variants
                .iter()
                .find(|v| v.name == name)
                .map(|v| v.version)
        };
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if header("dnt") == Some("1") || header("sec-gpc") == Some("1") {
            return Some((version_of(code24_domain::experiment::CONTROL)?, None));
        }
        let existing = header("cookie").and_then(|cookies| {
            cookies.split(';').find_map(|c| {
                let (name, value) = c.trim().split_once('=')?;
                (name == VISITOR_COOKIE
                    && (1..=64).contains(&value.len())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                .then(|| value.to_string())
            })
        });
        let (visitor, cookie) = match existing {
            Some(v) => (v, None),
            None => {
                let v = uuid::Uuid::new_v4().to_string();
                let path = format!("/sites/{}/", code24_domain::site::encode_segment(site_id));
                let cookie = format!(
                    "{VISITOR_COOKIE}={v}; Path={path}; Max-Age=2592000; SameSite=Lax; HttpOnly"
                );
                (v, Some(cookie))
            }
        };
        let name = code24_domain::experiment::assign(
            &experiment.experiment_id,
            &visitor,
            experiment.optimized_share,
        );
        Some((version_of(name)?, cookie))
    }
}

/// A 503 that says what kind of storage failure it was; the full error (with paths) goes
/// to the server's log, never into the response.
fn storage_error(e: code24_store::StoreError) -> Reply {
    tracing::error!(error = %e, "storage error");
    json_reply(
        503,
        &json!({"error": "storage unavailable", "message": e.public_message()}),
    )
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
