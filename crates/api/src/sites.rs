//! The routes of a deployed site: analytics beacons and their summary, the contact
//! form, and versions with rollback. Every route first checks that the site is deployed,
//! so nothing can be written for a site that does not exist.

use crate::{error, reply, unavailable, Api, Reply};
use code24_store::{Counter, StoreError};
use serde_json::{json, Value};

/// The analytics page name an A/B variant's events are also counted under.
pub const VARIANT_PAGE_PREFIX: &str = "~";

/// Largest contact-form submission `POST /forms/{siteId}` accepts.
pub const MAX_FORM_BYTES: usize = 8 * 1024;
/// Most fields a contact-form submission may have.
pub const MAX_FORM_FIELDS: usize = 24;

impl Api {
    /// The live version of the site a route names; a 4xx if it is not deployed.
    async fn deployed_site(&self, site_id: &str) -> Result<u64, Reply> {
        // Checked before any IO: an id no site can have is the client's mistake, whatever
        // the storage would make of it.
        if let Err(message) = code24_domain::text::check_site_id(site_id) {
            return Err(error(400, "invalid siteId", Some("siteId"), &message));
        }
        match self.sites.sites.live_version(site_id).await {
            Ok(Some(version)) => Ok(version),
            Ok(None) => Err(error(
                404,
                "not found",
                Some("siteId"),
                &format!("no deployed site {site_id}"),
            )),
            Err(StoreError::InvalidKey(_)) => Err(error(
                400,
                "invalid siteId",
                Some("siteId"),
                "use letters, digits, '-', '_' and '.'",
            )),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// `POST /collect/{siteId}`: one beacon from the analytics snippet.
    pub(crate) async fn collect(&self, site_id: &str, body: &[u8]) -> Reply {
        if let Err(r) = self.deployed_site(site_id).await {
            return r;
        }
        let beacon = match code24_domain::analytics::parse_beacon(site_id, body) {
            Ok(b) => b,
            Err(e) => {
                let too_big = body.len() > code24_domain::analytics::MAX_BEACON_BYTES;
                let status = if too_big { 413 } else { 400 };
                return error(status, "invalid beacon", Some(e.field), &e.message);
            }
        };
        let now = self.clock.now_rfc3339();
        let day = now.get(..10).unwrap_or(&now);
        if let Err(e) = self
            .sites
            .analytics
            .count(site_id, day, &beacon.page, &beacon.event)
            .await
        {
            return unavailable(e);
        }
        // An A/B test variant's events are also counted under `~{variant}`, a page name
        // no path can have, for the experiment's readout.
        if let Some(variant) = &beacon.variant {
            let page = format!("{VARIANT_PAGE_PREFIX}{variant}");
            if let Err(e) = self
                .sites
                .analytics
                .count(site_id, day, &page, &beacon.event)
                .await
            {
                return unavailable(e);
            }
        }
        reply(202, json!({"counted": true}))
    }

    /// `GET /experiments/{id}`: the experiment of an optimization and its readout from
    /// the analytics counters.
    pub(crate) async fn experiment(&self, id: &str) -> Reply {
        if code24_pipeline::handler::check_workflow_id(id).is_err() {
            return error(
                400,
                "invalid experiment id",
                Some("experimentId"),
                "use 1-80 characters of A-Z, a-z, 0-9, '-' and '_'",
            );
        }
        let key = code24_pipeline::optimize::experiment_key(id);
        let experiment: code24_domain::optimization::experiment::Experiment =
            match self.sites.artifacts.get(&key).await {
                Ok(bytes) => match serde_json::from_slice(&bytes) {
                    Ok(e) => e,
                    Err(e) => return error(500, "corrupt experiment", None, &e.to_string()),
                },
                Err(StoreError::NotFound(_)) => {
                    return error(
                        404,
                        "not found",
                        Some("experimentId"),
                        &format!("no experiment {id}"),
                    )
                }
                Err(e) => return unavailable(e),
            };
        let counters = match self.sites.analytics.counters(&experiment.site_id).await {
            Ok(c) => c,
            Err(e) => return unavailable(e),
        };
        let counts: Vec<(String, u64, u64)> = experiment
            .variants
            .iter()
            .map(|v| {
                let page = format!("{VARIANT_PAGE_PREFIX}{}", v.name);
                let of = |goal: bool| {
                    counters
                        .iter()
                        .filter(|c| c.page == page)
                        .filter(|c| {
                            if goal {
                                c.event.ends_with("_click") || c.event.ends_with("_submit")
                            } else {
                                c.event == "page_view"
                            }
                        })
                        .map(|c| c.count)
                        .sum::<u64>()
                };
                (v.name.clone(), of(false), of(true))
            })
            .collect();
        let readout = code24_domain::optimization::experiment::readout(&experiment, &counts);
        reply(
            200,
            json!({"experimentId": experiment.experiment_id, "siteId": experiment.site_id,
                "optimizedShare": experiment.optimized_share, "assignment": experiment.assignment,
                "startedAt": experiment.started_at, "variants": readout.variants,
                "sampleRatio": readout.sample_ratio, "chanceToBeatControl": readout.chance_to_beat_control,
                "metric": "conversions are goal events (*_click, *_submit) over page views"}),
        )
    }

    /// `/sites/{siteId}/analytics|versions|rollback`.
    pub(crate) async fn site_route(&self, method: &str, path: &str, body: &[u8]) -> Reply {
        let rest = &path["/sites/".len()..];
        let (site_id, what) = rest.split_once('/').unwrap_or((rest, ""));
        if !matches!(what, "analytics" | "versions" | "rollback") {
            return error(
                404,
                "not found",
                None,
                &format!("no route for {method} {path}"),
            );
        }
        let allowed = if what == "rollback" { "POST" } else { "GET" };
        if method != allowed {
            return error(
                405,
                "method not allowed",
                None,
                &format!("{path} takes {allowed}, not {method}"),
            );
        }
        let live = match self.deployed_site(site_id).await {
            Ok(v) => v,
            Err(r) => return r,
        };
        match what {
            "analytics" => match self.sites.analytics.counters(site_id).await {
                Ok(counters) => reply(200, analytics_summary(site_id, &counters)),
                Err(e) => unavailable(e),
            },
            "versions" => match self.sites.sites.versions(site_id).await {
                Ok(versions) => reply(
                    200,
                    json!({"siteId": site_id, "liveVersion": live, "versions": versions}),
                ),
                Err(e) => unavailable(e),
            },
            _ => self.rollback(site_id, live, body).await,
        }
    }

    async fn rollback(&self, site_id: &str, live: u64, body: &[u8]) -> Reply {
        let version = code24_domain::json::parse_strict_bytes(body)
            .ok()
            .and_then(|v| v.get("version").and_then(Value::as_u64));
        let Some(version) = version.filter(|v| *v >= 1) else {
            return error(
                400,
                "invalid request",
                Some("version"),
                "send {\"version\": N} with a published version number",
            );
        };
        match self.sites.sites.rollback(site_id, version).await {
            Ok(()) => reply(
                200,
                json!({"siteId": site_id, "liveVersion": version, "previousLiveVersion": live}),
            ),
            Err(StoreError::NotFound(_)) => error(
                404,
                "not found",
                Some("version"),
                &format!("site {site_id} has no version {version}"),
            ),
            Err(e) => unavailable(e),
        }
    }

    /// `POST /forms/{siteId}`: a contact-form submission, kept as an artifact; the
    /// visitor is then sent to the site's thank-you page.
    pub(crate) async fn form(&self, site_id: &str, body: &[u8]) -> Reply {
        if let Err(r) = self.deployed_site(site_id).await {
            return r;
        }
        if body.len() > MAX_FORM_BYTES {
            return error(
                413,
                "invalid form",
                Some("body"),
                &format!("{} bytes; a form is at most {MAX_FORM_BYTES}", body.len()),
            );
        }
        let Some(pairs) = code24_domain::text::form_fields(body) else {
            return error(
                400,
                "invalid form",
                Some("body"),
                "the form is not valid UTF-8 url-encoding (a %XX escape is malformed or decodes to bytes that are not UTF-8)",
            );
        };
        let mut fields = serde_json::Map::new();
        for (name, value) in pairs {
            let valid_name = !name.is_empty()
                && name.len() <= 40
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !valid_name || fields.contains_key(&name) {
                return error(
                    400,
                    "invalid form",
                    Some("body"),
                    &format!(
                        "field names are unique, 1-40 letters, digits, '-' or '_' (got '{name}')"
                    ),
                );
            }
            fields.insert(name, Value::String(value));
        }
        if fields.is_empty() || fields.len() > MAX_FORM_FIELDS {
            return error(
                400,
                "invalid form",
                Some("body"),
                &format!("send 1 to {MAX_FORM_FIELDS} url-encoded fields"),
            );
        }
        let received_at = self.clock.now_rfc3339();
        let day = received_at.get(..10).unwrap_or("undated");
        let key = format!("forms/{site_id}/{day}-{}.json", uuid::Uuid::new_v4());
        let record = json!({"siteId": site_id, "receivedAt": received_at, "fields": fields});
        let bytes = record.to_string().into_bytes();
        if let Err(e) = self
            .sites
            .artifacts
            .put(&key, &bytes, "application/json")
            .await
        {
            return unavailable(e);
        }
        Reply {
            status: 303,
            body: json!({"received": true, "key": key}),
            location: Some(format!(
                "{}/{site_id}/thanks.html",
                self.sites.site_base_url.trim_end_matches('/')
            )),
        }
    }
}

/// `GET /sites/{siteId}/analytics`: totals per event, then per page and per day.
pub fn analytics_summary(site_id: &str, counters: &[Counter]) -> Value {
    use std::collections::BTreeMap;
    let mut totals: BTreeMap<&str, u64> = BTreeMap::new();
    let mut pages: BTreeMap<&str, BTreeMap<&str, u64>> = BTreeMap::new();
    let mut days: BTreeMap<&str, BTreeMap<&str, u64>> = BTreeMap::new();
    for c in counters {
        *totals.entry(&c.event).or_default() += c.count;
        *pages
            .entry(&c.page)
            .or_default()
            .entry(&c.event)
            .or_default() += c.count;
        *days.entry(&c.day).or_default().entry(&c.event).or_default() += c.count;
    }
    let rows = |name: &str, map: BTreeMap<&str, BTreeMap<&str, u64>>| -> Vec<Value> {
        map.into_iter()
            .map(|(key, events)| json!({name: key, "events": events}))
            .collect()
    };
    json!({
        "siteId": site_id,
        "totals": totals,
        "pages": rows("page", pages),
        "days": rows("day", days),
    })
}
