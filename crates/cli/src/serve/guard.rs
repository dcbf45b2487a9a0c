//! Who may ask what: the loopback and browser-origin guard against web pages in the
//! user's browser (DNS rebinding, cross-site requests, a deployed site's own pages), the
//! auth token, and which routes are public.

use super::*;

/// document and the dashboard's stylesheet and script (no data in any of them).
pub(super) fn is_public(method: &str, decoded: &str) -> bool {
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
    pub(super) fn check_browser_origin(
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
    pub(super) fn is_token(&self, given: &str) -> bool {
        self.token
            .is_some_and(|expected| Sha256::digest(given.as_bytes()).as_slice() == expected)
    }

    pub(super) fn authorized(&self, headers: &hyper::HeaderMap) -> bool {
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
}
