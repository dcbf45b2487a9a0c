//! The replies `code24 serve` sends: JSON, HTML and files, redirects, and the 404 and
//! 503 answers (a storage error says its kind, never a path).

use super::*;

pub(super) fn respond(status: u16, content_type: &str, cache: &str, body: Vec<u8>) -> Reply {
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

pub(super) fn json_reply(status: u16, body: &Value) -> Reply {
    respond(
        status,
        "application/json",
        "no-store",
        body.to_string().into_bytes(),
    )
}

pub(super) fn html_reply(status: u16, html: String) -> Reply {
    respond(
        status,
        "text/html; charset=utf-8",
        "no-store",
        html.into_bytes(),
    )
}

pub(super) fn with_header(mut reply: Reply, name: &'static str, value: &str) -> Reply {
    if let Ok(v) = value.parse() {
        reply.headers_mut().insert(name, v);
    }
    reply
}

/// A path on this server to send a browser to: leading slashes and backslashes collapse
/// to one slash, so `//evil.example/` can never become another host.
pub(super) fn local_target(path: &str) -> String {
    format!("/{}", path.trim_start_matches(['/', '\\']))
}

pub(super) fn see_other(location: &str) -> Reply {
    with_header(
        respond(303, "text/plain; charset=utf-8", "no-store", Vec::new()),
        "location",
        location,
    )
}

pub(super) fn not_found(what: &str) -> Reply {
    json_reply(
        404,
        &json!({"error": "not found", "message": format!("no {what}")}),
    )
}

pub(super) fn content_type(path: &str) -> &'static str {
    code24_store_local::fs::content_type_of(path)
}

/// A 503 that says what kind of storage failure it was; the full error (with paths) goes
/// to the server's log, never into the response.
pub(super) fn storage_error(e: code24_store::StoreError) -> Reply {
    tracing::error!(error = %e, "storage error");
    json_reply(
        503,
        &json!({"error": "storage unavailable", "message": e.public_message()}),
    )
}
