//! `code24 serve`: the API on 127.0.0.1, from the same router as the `api` Lambda
//! (`code24_api::Api`), plus the deployed sites at `/sites/{siteId}/…` from their live
//! version, as CloudFront serves them on AWS. Builds triggered here run on the embedded
//! engine in this process.
//!
//! A/B tests: while an optimization's experiment runs on a site, a visitor to the site is
//! assigned a variant by `code24_domain::experiment::assign` on a visitor id kept in a
//! first-party `code24_visitor` cookie (set only for the experiment's site path), and sees
//! that variant's version. Visitors sending Do Not Track or Global Privacy Control get the
//! control and no cookie. `/sites/{siteId}/versions/{n}/…` shows one version.

use anyhow::{Context, Result};
use bytes::Bytes;
use code24_api::{Api, LocalStarter, SiteServices, MAX_BODY_BYTES};
use code24_pipeline::local::local_services_and_database;
use code24_pipeline::{FaultPlan, SiteConfig, Workflows};
use code24_store::{FsSiteStore, SiteStore};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use std::path::PathBuf;
use std::sync::Arc;

type Reply = Response<Full<Bytes>>;

struct Server {
    api: Api,
    sites: FsSiteStore,
    artifacts: Arc<dyn code24_store::ArtifactStore>,
}

/// The cookie holding an A/B test visitor id.
const VISITOR_COOKIE: &str = "code24_visitor";

fn respond(status: u16, content_type: &str, cache: &str, body: Vec<u8>) -> Reply {
    let mut response = Response::new(Full::new(Bytes::from(body)));
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

fn json_reply(status: u16, body: &serde_json::Value) -> Reply {
    respond(
        status,
        "application/json",
        "no-store",
        body.to_string().into_bytes(),
    )
}

fn content_type(path: &str) -> &'static str {
    code24_store::fs::content_type_of(path)
}

impl Server {
    async fn handle(&self, request: Request<Incoming>) -> Reply {
        let method = request.method().as_str().to_string();
        let path = request.uri().path().to_string();
        if method == "GET" || method == "HEAD" {
            let decoded = code24_api::decode_path(&path).unwrap_or_default();
            if let Some(rest) = decoded.strip_prefix("/sites/") {
                let last = rest.rsplit('/').next().unwrap_or_default();
                if !matches!(last, "analytics" | "versions") {
                    return self.site_file(rest, request.headers()).await;
                }
            }
        }
        let key = request
            .headers()
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = match Limited::new(request.into_body(), MAX_BODY_BYTES)
            .collect()
            .await
        {
            Ok(b) => b.to_bytes(),
            Err(_) => {
                return json_reply(
                    413,
                    &serde_json::json!({"error": "invalid request", "field": "body",
                        "message": format!("the body is over {MAX_BODY_BYTES} bytes or was cut off")}),
                )
            }
        };
        let reply = self.api.handle(&method, &path, key.as_deref(), &body).await;
        let mut response = json_reply(reply.status, &reply.body);
        if let Some(location) = reply.location.and_then(|l| l.parse().ok()) {
            response.headers_mut().insert("location", location);
        }
        response
    }

    /// A file of a site's live version; the site's own 404 page for a missing one.
    async fn site_file(&self, rest: &str, headers: &hyper::HeaderMap) -> Reply {
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

/// Serves until the process is stopped. Binds 127.0.0.1 only.
pub fn run(port: u16, data_dir: PathBuf, allow_loopback: bool) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
        let address = listener.local_addr()?;
        let config = SiteConfig {
            site_base_url: format!("http://{address}/sites"),
            api_base_url: format!("http://{address}"),
        };
        let (mut services, database) = local_services_and_database(&data_dir, config)?;
        services.fetch_policy.allow_loopback = allow_loopback;
        let workflows = Arc::new(Workflows::new(services.clone(), FaultPlan::none())?);
        let server = Arc::new(Server {
            api: Api {
                status: services.status.clone(),
                starter: Arc::new(LocalStarter::new(workflows)),
                clock: services.clock.clone(),
                coordination_delay_seconds: Some(0),
                sites: SiteServices::local(&services, database),
            },
            sites: FsSiteStore::new(data_dir.join("sites")),
            artifacts: services.artifacts.clone(),
        });
        println!(
            "code24 serve: http://{address}/ (data in {})",
            data_dir.display()
        );
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("accept failed: {e}");
                    continue;
                }
            };
            let server = server.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let server = server.clone();
                    async move { Ok::<_, std::convert::Infallible>(server.handle(request).await) }
                });
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await;
            });
        }
    })
}
