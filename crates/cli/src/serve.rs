//! `code24 serve`: the API on 127.0.0.1, from the same router as the `api` Lambda
//! (`code24_api::Api`), plus the deployed sites at `/sites/{siteId}/…` from their live
//! version, as CloudFront serves them on AWS. Builds triggered here run on the embedded
//! engine in this process.

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
}

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
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
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
                    return self.site_file(rest).await;
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
    async fn site_file(&self, rest: &str) -> Reply {
        let (site_id, file) = rest.split_once('/').unwrap_or((rest, ""));
        let not_found = || {
            json_reply(
                404,
                &serde_json::json!({"error": "not found", "message": format!("no site at /sites/{rest}")}),
            )
        };
        let version = match self.sites.live_version(site_id).await {
            Ok(Some(v)) => v,
            _ => return not_found(),
        };
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
                return respond(200, content_type(file), cache, body);
            }
        }
        match tokio::fs::read(dir.join("404.html")).await {
            Ok(body) => respond(404, "text/html; charset=utf-8", "no-cache", body),
            Err(_) => not_found(),
        }
    }
}

/// Serves until the process is stopped. Binds 127.0.0.1 only.
pub fn run(port: u16, data_dir: PathBuf) -> Result<()> {
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
        let (services, database) = local_services_and_database(&data_dir, config)?;
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
