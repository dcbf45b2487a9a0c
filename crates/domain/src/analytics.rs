//! First-party, cookie-less analytics: the page snippet and the goal events for the
//! brief's primaryGoal, plus the monitoring checks set up for a deployed site.

use crate::design::Design;
use crate::text::json_for_script;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The snippet sends `{e, p}` (event, path) with `navigator.sendBeacon`; it sets no
/// cookie, stores nothing, and does nothing under Do Not Track or Global Privacy Control.
pub fn snippet(collect_endpoint: &str) -> String {
    variant_snippet(collect_endpoint, None)
}

/// The snippet for one variant of an A/B test: each beacon also carries `x`, the variant.
pub fn variant_snippet(collect_endpoint: &str, variant: Option<&str>) -> String {
    let endpoint = json_for_script(&Value::String(collect_endpoint.to_string()));
    let tag = variant
        .map(|v| format!(",x:{}", json_for_script(&Value::String(v.to_string()))))
        .unwrap_or_default();
    format!(
        "(function(){{var n=navigator,d=document,w=window;if(n.doNotTrack==\"1\"||w.doNotTrack==\"1\"||n.globalPrivacyControl)return;\
var u={endpoint};function s(e){{try{{n.sendBeacon&&n.sendBeacon(u,JSON.stringify({{e:e,p:location.pathname{tag}}}))}}catch(x){{}}}}\
s(\"page_view\");d.addEventListener(\"click\",function(v){{var t=v.target.closest&&v.target.closest(\"[data-goal]\");if(t&&t.tagName!=\"FORM\")s(t.getAttribute(\"data-goal\"))}});\
d.addEventListener(\"submit\",function(v){{var g=v.target.getAttribute(\"data-goal\");if(g)s(g)}})}})();"
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GoalEvent {
    pub name: String,
    pub trigger: String,
    /// Whether the deployed pages carry the hook this event needs.
    pub wired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    pub name: String,
    pub target: String,
    pub expectation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsSetup {
    pub site_id: String,
    pub collect_endpoint: String,
    pub snippet_bytes: usize,
    pub cookies: bool,
    pub honours_do_not_track: bool,
    pub honours_global_privacy_control: bool,
    pub events: Vec<GoalEvent>,
    pub health_checks: Vec<HealthCheck>,
    pub alerting: String,
}

/// Why analytics could not be set up on a deployed site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("analytics setup: {0}")]
pub struct AnalyticsError(pub String);

fn trigger_for(event: &str) -> &'static str {
    match event {
        "page_view" => "every page load",
        "cta_click" => "a click on a call-to-action button",
        e if e.ends_with("_form_submit") => "a submitted form with this data-goal",
        "phone_click" => "a click on a tel: link",
        "email_click" => "a click on a mailto: link",
        "directions_click" => "a click on the directions link",
        "volunteer_click" => "a click on the volunteer link",
        "product_click" => "a click on a product",
        _ => "a click on an element with this data-goal",
    }
}

/// Sets up analytics and monitoring for a deployed home page and checks that the page
/// carries the snippet and the hooks for each goal event.
pub fn setup(
    site_id: &str,
    url: &str,
    collect_endpoint: &str,
    design: &Design,
    home_html: &str,
) -> Result<AnalyticsSetup, AnalyticsError> {
    let code = snippet(collect_endpoint);
    if !home_html.contains(&code) {
        return Err(AnalyticsError(
            "the deployed home page does not carry the analytics snippet".into(),
        ));
    }
    let mut names = vec!["page_view".to_string()];
    names.extend(design.cta.events.iter().cloned());
    let events = names
        .into_iter()
        .map(|name| {
            let wired = name == "page_view" || home_html.contains(&format!("data-goal=\"{name}\""));
            GoalEvent {
                trigger: trigger_for(&name).to_string(),
                name,
                wired,
            }
        })
        .collect::<Vec<_>>();
    if !events
        .iter()
        .any(|e| e.wired && e.name != "page_view" && e.name != "cta_click")
    {
        return Err(AnalyticsError(format!(
            "no conversion event for the goal is wired on the home page (expected one of {:?})",
            design.cta.events
        )));
    }
    Ok(AnalyticsSetup {
        site_id: site_id.to_string(),
        collect_endpoint: collect_endpoint.to_string(),
        snippet_bytes: code.len(),
        cookies: false,
        honours_do_not_track: true,
        honours_global_privacy_control: true,
        events,
        health_checks: vec![
            HealthCheck {
                name: "home page answers".into(),
                target: url.to_string(),
                expectation: "HTTP 200".into(),
            },
            HealthCheck {
                name: "page weight".into(),
                target: url.to_string(),
                expectation: format!("at most {} bytes", crate::quality::PAGE_BUDGET_BYTES),
            },
            HealthCheck {
                name: "internal links".into(),
                target: format!("{url}*"),
                expectation: "every link and asset the home page references answers HTTP 200"
                    .into(),
            },
        ],
        alerting: "the monitor checks every live site on a schedule and records each result; \
an unhealthy site is published to the alert topic (SNS) on AWS, and is an ALERT line \
with exit status 1 from `code24 monitor` locally"
            .into(),
    })
}

/// Largest beacon body `POST /collect/{siteId}` accepts.
pub const MAX_BEACON_BYTES: usize = 512;
/// Longest page path a beacon may carry.
pub const MAX_PAGE_CHARS: usize = 200;

/// One accepted beacon: an event on a page of one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Beacon {
    /// The page path within the site, starting with `/` (`/`, `/privacy.html`).
    pub page: String,
    pub event: String,
    /// The A/B test variant the page is, if it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

/// Why a beacon was refused; `field` names the part that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct BeaconError {
    pub field: &'static str,
    pub message: String,
}

fn refuse(field: &'static str, message: impl Into<String>) -> BeaconError {
    BeaconError {
        field,
        message: message.into(),
    }
}

/// Reads a beacon the snippet sent for `site_id`: `{"e": event, "p": location.pathname}`.
///
/// Events are `page_view` or a goal name (`[a-z0-9_]`, ending in `_click` or `_submit`).
/// The path must be a plain path; when it names a site (`/sites/{id}/…`, how sites are
/// served) it must be this site, so one site's pages cannot count into another's data.
/// The stored page is the path within the site.
pub fn parse_beacon(site_id: &str, body: &[u8]) -> Result<Beacon, BeaconError> {
    if body.len() > MAX_BEACON_BYTES {
        return Err(refuse(
            "body",
            format!(
                "{} bytes; a beacon is at most {MAX_BEACON_BYTES}",
                body.len()
            ),
        ));
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Wire {
        e: String,
        p: String,
        #[serde(default)]
        x: Option<String>,
    }
    let wire: Wire = serde_json::from_slice(body)
        .map_err(|e| refuse("body", format!("not a beacon ({{\"e\", \"p\"}}): {e}")))?;
    let event_ok = wire.e == "page_view"
        || ((wire.e.ends_with("_click") || wire.e.ends_with("_submit"))
            && wire.e.len() <= 40
            && wire
                .e
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
    if !event_ok {
        return Err(refuse(
            "e",
            "an event is page_view or a goal name ending in _click or _submit",
        ));
    }
    // `location.pathname` is percent-encoded; site ids and pages may be Unicode.
    let path = crate::text::percent_decode(&wire.p)
        .ok_or_else(|| refuse("p", "the page's percent-encoding is not UTF-8"))?;
    if !path.starts_with('/')
        || path.chars().count() > MAX_PAGE_CHARS
        || path.contains("//")
        || path.split('/').any(|s| s == "..")
        || path
            .chars()
            .any(|c| c.is_control() || c == '?' || c == '#' || c == '\\')
    {
        return Err(refuse(
            "p",
            format!(
                "a page is a plain path starting with '/', at most {MAX_PAGE_CHARS} characters"
            ),
        ));
    }
    let page = match path.strip_prefix("/sites/") {
        Some(rest) => {
            let (id, within) = rest.split_once('/').unwrap_or((rest, ""));
            if id != site_id {
                return Err(refuse(
                    "p",
                    format!("the page belongs to site '{id}', not '{site_id}'"),
                ));
            }
            format!("/{within}")
        }
        None => path,
    };
    if let Some(x) = &wire.x {
        if x.is_empty() || x.len() > 16 || !x.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(refuse("x", "a variant is 1-16 lower-case letters"));
        }
    }
    Ok(Beacon {
        page,
        event: wire.e,
        variant: wire.x,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beacons_are_read_within_their_site() {
        let b = parse_beacon(
            "crumb-co",
            br#"{"e":"page_view","p":"/sites/crumb-co/privacy.html"}"#,
        )
        .unwrap();
        assert_eq!(
            b,
            Beacon {
                page: "/privacy.html".into(),
                event: "page_view".into(),
                variant: None,
            }
        );
        let b = parse_beacon("crumb-co", br#"{"e":"cta_click","p":"/","x":"optimized"}"#).unwrap();
        assert_eq!(b.variant.as_deref(), Some("optimized"));
        let b = parse_beacon(
            "café-東京",
            r#"{"e":"page_view","p":"/sites/caf%C3%A9-%E6%9D%B1%E4%BA%AC/"}"#.as_bytes(),
        )
        .unwrap();
        assert_eq!(b.page, "/");
        let b = parse_beacon("crumb-co", br#"{"e":"order_form_submit","p":"/"}"#).unwrap();
        assert_eq!(
            (b.page.as_str(), b.event.as_str()),
            ("/", "order_form_submit")
        );
        for (body, field) in [
            (
                r#"{"e":"page_view","p":"/sites/other-site/"}"#.to_string(),
                "p",
            ),
            (r#"{"e":"page_view","p":"https://evil.test/"}"#.into(), "p"),
            (r#"{"e":"page_view","p":"/a/../b"}"#.into(), "p"),
            (r#"{"e":"page_view","p":"/","x":"Control!"}"#.into(), "x"),
            (
                format!(r#"{{"e":"page_view","p":"/{}"}}"#, "a".repeat(600)),
                "body",
            ),
            (
                format!(r#"{{"e":"page_view","p":"/{}"}}"#, "a".repeat(250)),
                "p",
            ),
            (r#"{"e":"DROP TABLE","p":"/"}"#.into(), "e"),
            (r#"{"e":"page_view"}"#.into(), "body"),
            (r#"{"e":"page_view","p":"/","x":1}"#.into(), "body"),
            ("not json".into(), "body"),
        ] {
            let err = parse_beacon("crumb-co", body.as_bytes()).unwrap_err();
            assert_eq!(err.field, field, "{body}: {err}");
        }
    }

    #[test]
    fn the_snippet_is_small_and_cannot_break_out_of_its_script() {
        let s = snippet("https://x.test/collect/a</script>");
        assert!(s.len() < 1024, "{} bytes", s.len());
        assert!(!s.contains("</script>"));
        assert!(s.contains("sendBeacon") && s.contains("globalPrivacyControl"));
    }
}
