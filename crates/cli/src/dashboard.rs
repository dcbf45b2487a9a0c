//! The dashboard pages `code24 serve` shows at `/`: recent executions and forms to start
//! builds and optimizations, and for each execution its state machine coloured by status
//! (kept live over Server-Sent Events by `dashboard.js`), per-step timings, retries and
//! errors, the event history and the outputs with a link to the site.
//!
//! Pure HTML rendering: records, definitions and histories in, documents out. The pages
//! work without JavaScript; the script only keeps them live.

use crate::graph::{self, StateRun, StateStatus};
use code24_asl::HistoryEvent;
use code24_domain::knowledge;
use code24_domain::text::escape_html as escape;
use code24_local::PoolLoad;
use code24_store::{WorkflowRecord, WorkflowStatus};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write;

/// The dashboard's stylesheet, served at `/dashboard/style.css`.
pub const STYLE: &str = include_str!("../assets/dashboard.css");
/// The dashboard's script, served at `/dashboard/live.js`.
pub const SCRIPT: &str = include_str!("../assets/dashboard.js");

fn page(title: &str, body: &str, live: Option<&str>) -> String {
    let script = live.map_or(String::new(), |url| {
        format!(
            r#"<script src="/dashboard/live.js" data-events="{}" defer></script>"#,
            escape(url)
        )
    });
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{} · Code24</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/style.css">
{script}
</head>
<body>
<header class="top"><a href="/" class="home">Code24</a> <span>local dashboard</span></header>
<main>
{body}
</main>
</body>
</html>
"#,
        escape(title)
    )
}

/// Milliseconds between two RFC 3339 times, if both parse.
fn millis_between(from: &str, to: &str) -> Option<i64> {
    let a = chrono::DateTime::parse_from_rfc3339(from).ok()?;
    let b = chrono::DateTime::parse_from_rfc3339(to).ok()?;
    Some((b - a).num_milliseconds())
}

/// How long a workflow ran, or has run so far.
pub fn duration_ms(record: &WorkflowRecord, now: &str) -> Option<i64> {
    let end = if record.status == WorkflowStatus::Running {
        now
    } else {
        &record.updated_at
    };
    millis_between(&record.created_at, end)
}

pub fn format_ms(ms: i64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 120_000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000)
    }
}

fn status_badge(status: &str, id: Option<&str>) -> String {
    let id = id.map_or(String::new(), |i| format!(r#" id="{i}""#));
    format!(
        r#"<span class="badge {status}"{id} data-status="{status}">{status}</span>"#,
        status = escape(status)
    )
}

fn execution_link(id: &str) -> String {
    format!(
        r#"<a href="/executions/{}">{}</a>"#,
        code24_domain::site::encode_segment(id),
        escape(id)
    )
}

/// A time as `<time>`: the date and time to the second, the full value in `datetime`.
fn time_cell(at: &str) -> String {
    let short = at.get(..19).unwrap_or(at).replace('T', " ");
    format!(
        r#"<time datetime="{}">{}</time>"#,
        escape(at),
        escape(&short)
    )
}

/// What a workflow is for: the business a build is for, the page an optimization is.
fn subject(record: &WorkflowRecord) -> &str {
    record.input["name"]
        .as_str()
        .or_else(|| record.input["url"].as_str())
        .unwrap_or("")
}

/// The step a running workflow is at, or the step a failed one failed at.
fn step_of(record: &WorkflowRecord) -> &str {
    match (&record.current_step, &record.error) {
        (Some(step), _) if record.status == WorkflowStatus::Running => step,
        (_, Some(e)) => &e.step,
        _ => "",
    }
}

/// One row of the executions table (also what `GET /executions` lists).
pub fn summary(record: &WorkflowRecord, now: &str) -> Value {
    serde_json::json!({
        "workflowId": record.workflow_id,
        "workflowType": record.workflow_type,
        "for": subject(record),
        "status": record.status,
        "currentStep": record.current_step,
        "createdAt": record.created_at,
        "durationMs": duration_ms(record, now),
    })
}

/// A datalist of the knowledge base's keys (any other value is mapped to the closest).
fn options<'a>(id: &str, values: impl Iterator<Item = &'a str>) -> String {
    let mut out = format!(r#"<datalist id="{id}">"#);
    for v in values {
        let _ = write!(out, r#"<option value="{v}">"#);
    }
    out.push_str("</datalist>");
    out
}

/// The home page: the pool's load, the two trigger forms and the recent executions.
pub fn home(records: &[WorkflowRecord], load: PoolLoad, now: &str) -> String {
    let mut rows = String::new();
    for r in records {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            execution_link(&r.workflow_id),
            escape(&r.workflow_type),
            escape(subject(r)),
            status_badge(r.status.as_str(), None),
            escape(step_of(r)),
            time_cell(&r.created_at),
            duration_ms(r, now).map(format_ms).unwrap_or_default(),
        );
    }
    if records.is_empty() {
        rows.push_str(r#"<tr><td colspan="7">No executions yet: start one above.</td></tr>"#);
    }
    let optimization_types = code24_api::OPTIMIZATION_TYPES
        .iter()
        .map(|t| format!(r#"<option value="{t}">{t}</option>"#))
        .collect::<String>();
    let languages = code24_domain::Language::ALL
        .iter()
        .map(|l| format!(r#"<option value="{0}">{0}</option>"#, l.code()))
        .collect::<String>();
    let body = format!(
        r#"<h1>Executions</h1>
<p class="load" id="load">{workers} workers: {running} running, {queued} queued.</p>
<div class="forms">
<section aria-labelledby="build-heading">
<h2 id="build-heading">Build a site</h2>
<form method="post" action="/dashboard/build" id="build-form">
<label for="name">Business name</label>
<input id="name" name="name" required maxlength="120" autocomplete="organization">
<label for="description">What the business does</label>
<textarea id="description" name="description" required rows="3" maxlength="2000"></textarea>
<label for="businessType">Business type</label>
<input id="businessType" name="businessType" required list="business-types">
<label for="primaryGoal">Primary goal</label>
<input id="primaryGoal" name="primaryGoal" required list="goals">
<details><summary>Contact details, offerings, language</summary>
<label for="language">Language</label>
<select id="language" name="language">{languages}</select>
<label for="location">Location or area served</label>
<input id="location" name="location" maxlength="120">
<label for="phone">Phone</label>
<input id="phone" name="contact.phone" type="tel" maxlength="32" autocomplete="tel">
<label for="email">Email</label>
<input id="email" name="contact.email" type="email" maxlength="254" autocomplete="email">
<label for="address">Address</label>
<input id="address" name="contact.address" maxlength="200" autocomplete="street-address">
<label for="hours">Opening hours</label>
<input id="hours" name="contact.hours" maxlength="120">
<label for="offerings">Offerings, one per line: name | price | description</label>
<textarea id="offerings" name="offerings" rows="3"></textarea>
</details>
<button type="submit">Start the build</button>
</form>
</section>
<section aria-labelledby="optimize-heading">
<h2 id="optimize-heading">Optimize a site</h2>
<form method="post" action="/dashboard/optimize" id="optimize-form">
<label for="url">Page address</label>
<input id="url" name="url" type="url" required placeholder="https://example.org/">
<label for="opt-businessType">Business type</label>
<input id="opt-businessType" name="businessType" required list="business-types">
<label for="opt-primaryGoal">Primary goal</label>
<input id="opt-primaryGoal" name="primaryGoal" required list="goals">
<label for="optimizationType">Optimization</label>
<select id="optimizationType" name="optimizationType">{optimization_types}</select>
<button type="submit">Start the optimization</button>
</form>
</section>
</div>
{business_types}{goals}
<h2>Recent executions</h2>
<table class="executions">
<thead><tr><th scope="col">Workflow</th><th scope="col">Type</th><th scope="col">For</th><th scope="col">Status</th><th scope="col">Step</th><th scope="col">Started</th><th scope="col">Duration</th></tr></thead>
<tbody>{rows}</tbody>
</table>"#,
        workers = load.workers,
        running = load.running,
        queued = load.queued,
        business_types = options("business-types", knowledge::PROFILES.iter().map(|p| p.key)),
        goals = options("goals", knowledge::GOALS.iter().map(|g| g.key)),
    );
    page("Executions", &body, None)
}

/// A page saying what was wrong with a request, with a way back.
pub fn error_page(message: &str) -> String {
    let body = format!(
        r#"<h1>That did not start</h1><p class="error" role="alert">{}</p><p><a href="/">Back to the dashboard</a></p>"#,
        escape(message)
    );
    page("Not started", &body, None)
}

/// The JSON the live script applies to the page: each state's status, timing, retries
/// and error.
pub fn runs_json(runs: &HashMap<String, StateRun>) -> Value {
    runs.iter()
        .map(|(name, r)| {
            (
                name.clone(),
                serde_json::json!({"status": r.status.as_str(), "durationMs": r.duration_ms,
                    "retries": r.retries, "error": r.error}),
            )
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn steps_table(definition: &Value, runs: &HashMap<String, StateRun>) -> String {
    let mut names = Vec::new();
    collect_state_names(definition, &mut names);
    let mut rows = String::new();
    for name in names {
        let run = runs.get(&name);
        let status = run.map_or(StateStatus::NotStarted, |r| r.status);
        let _ = write!(
            rows,
            r#"<tr data-step="{n}"><th scope="row">{n}</th><td>{}</td><td class="duration">{}</td><td class="retries">{}</td><td class="error">{}</td></tr>"#,
            status_badge(status.as_str(), None),
            run.and_then(|r| r.duration_ms)
                .map(format_ms)
                .unwrap_or_default(),
            run.map_or(0, |r| r.retries),
            escape(run.and_then(|r| r.error.as_deref()).unwrap_or("")),
            n = escape(&name),
        );
    }
    format!(
        r#"<table class="steps" id="steps"><thead><tr><th scope="col">State</th><th scope="col">Status</th><th scope="col">Time</th><th scope="col">Retries</th><th scope="col">Error</th></tr></thead><tbody>{rows}</tbody></table>"#
    )
}

fn collect_state_names(machine: &Value, out: &mut Vec<String>) {
    for (name, state) in machine["States"].as_object().into_iter().flatten() {
        out.push(name.clone());
        for branch in state["Branches"].as_array().into_iter().flatten() {
            collect_state_names(branch, out);
        }
        for key in ["ItemProcessor", "Iterator"] {
            if state[key].is_object() {
                collect_state_names(&state[key], out);
            }
        }
    }
}

/// How long after the first event `event` happened, and its error and cause.
fn history_fields(
    event: &HistoryEvent,
    start: Option<chrono::DateTime<chrono::Utc>>,
) -> (String, String) {
    let offset = start.map_or(String::new(), |s| {
        format!("+{}", format_ms((event.timestamp - s).num_milliseconds()))
    });
    let details = event.details.value();
    let detail = ["error", "cause"]
        .iter()
        .filter_map(|k| details[*k].as_str())
        .collect::<Vec<_>>()
        .join(": ");
    (offset, detail)
}

/// One row of the event history table.
pub fn history_row(event: &HistoryEvent, start: Option<chrono::DateTime<chrono::Utc>>) -> String {
    let (offset, detail) = history_fields(event, start);
    format!(
        r#"<tr data-id="{id}"><td>{id}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
        escape(&event.event_type),
        escape(event.state_name.as_deref().unwrap_or("")),
        offset,
        escape(&detail),
        id = event.id,
    )
}

/// The same row as JSON, for the live script.
pub fn history_json(event: &HistoryEvent, start: Option<chrono::DateTime<chrono::Utc>>) -> Value {
    let (offset, detail) = history_fields(event, start);
    serde_json::json!({"id": event.id, "type": event.event_type, "stateName": event.state_name,
        "at": offset, "error": detail})
}

fn text_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: String = items
        .into_iter()
        .map(|t| format!("<li>{}</li>", escape(t)))
        .collect();
    format!("<ul>{items}</ul>")
}

/// A value's name as it is serialized (`"banded"` for a layout family).
fn serialized_name<T: serde::Serialize>(value: &T) -> String {
    code24_pipeline::summary::to_json(value)
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn outputs(record: &WorkflowRecord) -> String {
    use code24_pipeline::summary::{
        from_json, BrandSummary, Deployment, DesignSummary, MarketIntelligenceSummary,
    };
    let output = &record.output;
    let mut out = String::new();
    let deployment: Option<Deployment> = from_json(&output["deployment"]);
    let preview = deployment
        .map(|d| d.url)
        .or_else(|| output["implementation"]["url"].as_str().map(str::to_string));
    if let Some(url) = preview {
        let _ = write!(
            out,
            r#"<p class="preview"><a id="preview" href="{u}">Open the site: {u}</a></p>"#,
            u = escape(&url)
        );
    }
    if let Some(market) = from_json::<MarketIntelligenceSummary>(&output["marketIntelligence"]) {
        let _ = write!(
            out,
            "<section><h3>Market intelligence</h3><p>{}</p><h4>Audiences</h4>{}<h4>Opportunities</h4>{}</section>",
            escape(&market.category),
            text_list(market.audiences.iter().map(String::as_str)),
            text_list(market.opportunities.iter().map(|o| o.text.as_str())),
        );
    }
    if let Some(brand) = from_json::<BrandSummary>(&output["eliteResults"]["brand"]) {
        let p = &brand.palette;
        let swatches: String = [
            ("primary", &p.primary),
            ("accent", &p.accent),
            ("background", &p.background),
            ("text", &p.text),
        ]
        .into_iter()
        .filter_map(|(role, hex)| Some((role, code24_domain::color::Rgb::parse_hex(hex)?.hex())))
        .map(|(role, hex)| {
            format!(r#"<li><span class="swatch" style="background:{hex}"></span>{role} {hex}</li>"#)
        })
        .collect();
        let _ = write!(
            out,
            r#"<section><h3>Brand</h3><p class="tagline">{}</p><p>{}</p><ul class="palette">{swatches}</ul></section>"#,
            escape(&brand.tagline),
            escape(&brand.positioning),
        );
    }
    if let Some(design) = from_json::<DesignSummary>(&output["eliteResults"]["designer"]) {
        let pages: String = design
            .pages
            .iter()
            .map(|p| {
                format!(
                    "<li>{}: {}</li>",
                    escape(&p.path),
                    escape(&p.sections.join(", "))
                )
            })
            .collect();
        let _ = write!(
            out,
            "<section><h3>Design</h3><p>Layout {}, call to action “{}”.</p><ul>{pages}</ul></section>",
            escape(&serialized_name(&design.layout)),
            escape(&design.cta),
        );
    }
    out.push_str(&optimization_outputs(output));
    if let Some(e) = &record.error {
        let text = serde_json::to_string(e).unwrap_or_default();
        let _ = write!(
            out,
            r#"<p class="error" role="alert">{}</p>"#,
            escape(&text)
        );
    }
    if !output.is_null() {
        let text = serde_json::to_string_pretty(output).unwrap_or_default();
        let _ = write!(
            out,
            "<details><summary>The whole output (JSON)</summary><pre>{}</pre></details>",
            escape(&text)
        );
    }
    out
}

/// An optimization's outputs: the audit scores before and after, what was fixed or
/// regressed, the plan's first recommendations and the A/B test's readout.
fn optimization_outputs(output: &Value) -> String {
    let mut out = String::new();
    let monitoring = &output["monitoring"];
    if let Some(before) = monitoring["before"]["scores"].as_object() {
        let rows: String = before
            .iter()
            .map(|(category, score)| {
                format!(
                    r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#,
                    escape(category),
                    score,
                    monitoring["after"]["scores"][category]
                )
            })
            .collect();
        let ids = |key: &str| -> String {
            let list: Vec<&str> = monitoring[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str())
                .collect();
            if list.is_empty() {
                "none".to_string()
            } else {
                escape(&list.join(", "))
            }
        };
        let _ = write!(
            out,
            r#"<section><h3>Audits</h3><table class="scores"><thead><tr><th scope="col">Category</th><th scope="col">Before</th><th scope="col">After</th></tr></thead><tbody>{rows}</tbody></table><p>Fixed: {}.</p><p>Regressions: {}.</p></section>"#,
            ids("fixed"),
            ids("regressions"),
        );
    }
    if let Some(top) = output["plan"]["top"].as_array().filter(|t| !t.is_empty()) {
        let items: String = top
            .iter()
            .map(|r| {
                format!(
                    "<li>{} (impact {}, effort {})</li>",
                    escape(r["title"].as_str().unwrap_or("")),
                    escape(r["impact"].as_str().unwrap_or("")),
                    escape(r["effort"].as_str().unwrap_or(""))
                )
            })
            .collect();
        let _ = write!(out, "<section><h3>Plan</h3><ol>{items}</ol></section>");
    }
    if let Some(id) = monitoring["experiment"]["experimentId"].as_str() {
        let _ = write!(
            out,
            r#"<p><a href="/experiments/{}">The A/B test's readout</a></p>"#,
            code24_domain::site::encode_segment(id)
        );
    }
    out
}

/// An execution: its state machine coloured by status, its steps, outputs and history.
/// `live` is set while it runs, so the page follows it over Server-Sent Events.
pub fn execution_page(
    record: &WorkflowRecord,
    definition: &Value,
    events: &[HistoryEvent],
    live: bool,
    now: &str,
) -> String {
    let runs = graph::state_runs(events, !live);
    let machine =
        if code24_pipeline::WorkflowKind::of(record) == code24_pipeline::WorkflowKind::Optimize {
            "OptimizationWorkflow"
        } else {
            "BuildWorkflow"
        };
    let svg = graph::svg(
        definition,
        &runs,
        &format!("The {machine}, each state coloured by its status"),
    );
    let start = events.first().map(|e| e.timestamp);
    let history: String = events.iter().map(|e| history_row(e, start)).collect();
    let id = &record.workflow_id;
    let events_url = format!(
        "/executions/{}/events?after={}",
        code24_domain::site::encode_segment(id),
        events.last().map_or(0, |e| e.id)
    );
    let body = format!(
        r#"<h1>{machine} <code>{}</code></h1>
<p>Status {} · started {} · <span id="duration">{}</span> · <a href="/status/{}">status JSON</a></p>
<h2>State machine</h2>
<ul class="legend" aria-label="Colours"><li class="not-started">not started</li><li class="running">running</li><li class="succeeded">succeeded</li><li class="failed">failed or caught</li></ul>
<div class="graph-wrap" id="graph">{svg}</div>
<h2>Steps</h2>
{steps}
<h2>Outputs</h2>
<div id="outputs">{outputs}</div>
<h2>Event history</h2>
<table class="history"><thead><tr><th scope="col">#</th><th scope="col">Event</th><th scope="col">State</th><th scope="col">At</th><th scope="col">Error</th></tr></thead><tbody id="history">{history}</tbody></table>"#,
        escape(id),
        status_badge(record.status.as_str(), Some("status")),
        escape(&record.created_at),
        duration_ms(record, now).map(format_ms).unwrap_or_default(),
        code24_domain::site::encode_segment(id),
        steps = steps_table(definition, &runs),
        outputs = if live {
            "<p>The outputs appear when the execution ends.</p>".to_string()
        } else {
            outputs(record)
        },
    );
    page(id, &body, live.then_some(events_url.as_str()))
}

/// The dashboard's build or optimize form as the trigger's JSON body: empty fields are
/// left out, `contact.*` fields nest under `contact`, and each line of `offerings`
/// (`name | price | description`) becomes one offering.
pub fn form_body(fields: Vec<(String, String)>) -> serde_json::Map<String, Value> {
    let mut body = serde_json::Map::new();
    for (key, value) in fields {
        if value.trim().is_empty() {
            continue;
        }
        if let Some(inner) = key.strip_prefix("contact.") {
            let contact = body
                .entry("contact")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Value::Object(c) = contact {
                c.insert(inner.to_string(), Value::String(value));
            }
        } else if key == "offerings" {
            let offerings: Vec<Value> = value
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|line| {
                    let mut parts = line.splitn(3, '|').map(str::trim);
                    let mut o = serde_json::Map::new();
                    for name in ["name", "price", "description"] {
                        match parts.next() {
                            Some(p) if !p.is_empty() => {
                                o.insert(name.into(), Value::String(p.to_string()));
                            }
                            _ => {}
                        }
                    }
                    Value::Object(o)
                })
                .collect();
            body.insert(key, Value::Array(offerings));
        } else {
            body.insert(key, Value::String(value));
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optimization_shows_its_scores_before_and_after_its_fixes_and_its_ab_test() {
        let output = serde_json::json!({
            "monitoring": {"before": {"scores": {"seo": 75}}, "after": {"scores": {"seo": 100}},
                "fixed": ["meta-description"], "regressions": [],
                "experiment": {"experimentId": "optimize-1"}},
            "plan": {"top": [{"title": "Describe the page <for search>", "impact": "high", "effort": "low"}]},
            "implementation": {"url": "http://127.0.0.1:8024/sites/optimized-x/"}});
        let html = optimization_outputs(&output);
        assert!(
            html.contains(r#"<th scope="row">seo</th><td>75</td><td>100</td>"#),
            "{html}"
        );
        assert!(html.contains("Fixed: meta-description.") && html.contains("Regressions: none."));
        assert!(html.contains("Describe the page &lt;for search&gt; (impact high, effort low)"));
        assert!(html.contains(r#"href="/experiments/optimize-1""#));
        assert_eq!(
            optimization_outputs(&serde_json::json!({"deployment": {}})),
            ""
        );
    }

    #[test]
    fn durations_read_as_a_person_would_say_them() {
        assert_eq!(format_ms(250), "250 ms");
        assert_eq!(format_ms(1_500), "1.5 s");
        assert_eq!(format_ms(185_000), "3 min 5 s");
    }

    #[test]
    fn the_home_page_lists_executions_and_escapes_what_users_typed() {
        let mut record = WorkflowRecord::running(
            "build-1",
            "build",
            serde_json::json!({}),
            "2026-11-26T10:00:00Z",
        );
        record.current_step = Some("<Brand>".into());
        let html = home(
            &[record],
            PoolLoad {
                workers: 4,
                running: 1,
                queued: 0,
            },
            "2026-11-26T10:00:02.5Z",
        );
        assert!(html.contains(r#"<a href="/executions/build-1">build-1</a>"#));
        assert!(html.contains("&lt;Brand&gt;") && !html.contains("<Brand>"));
        assert!(html.contains("2.5 s"));
        assert!(html.contains("4 workers: 1 running, 0 queued."));
    }
}
