//! A deployed site's files from its live version (or the version its A/B test shows this
//! visitor), sandboxed as CloudFront serves them on AWS.

use super::*;

impl Server {
    /// A file of a site's live version; the site's own 404 page for a missing one.
    /// A deployed site's file, sandboxed (see [`code24_domain::site::SITE_CSP`]).
    pub(super) async fn site_file(&self, rest: &str, headers: &hyper::HeaderMap) -> Reply {
        let reply = self.site_file_unsandboxed(rest, headers).await;
        let reply = with_header(
            reply,
            "content-security-policy",
            code24_domain::site::SITE_CSP,
        );
        with_header(reply, "x-content-type-options", "nosniff")
    }

    pub(super) async fn site_file_unsandboxed(
        &self,
        rest: &str,
        headers: &hyper::HeaderMap,
    ) -> Reply {
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
