//! The API router with the real local engine and SQLite store behind it.

use async_trait::async_trait;
use code24_api::{Api, WorkflowStarter};
use code24_local::LocalStarter;
use code24_local::{local_services, local_services_and_database};
use code24_local::{ExecutionPool, FaultPlan, Workflows};
use code24_pipeline::SiteConfig;
use serde_json::{json, Value};
use std::sync::Arc;

fn api(dir: &std::path::Path) -> Api {
    let (services, database) = local_services_and_database(dir, SiteConfig::default()).unwrap();
    let workflows = Workflows::new(services.clone(), FaultPlan::none()).unwrap();
    let pool = ExecutionPool::new(workflows, database.clone(), 4);
    Api {
        status: services.status.clone(),
        starter: Arc::new(LocalStarter::new(pool)),
        clock: services.clock.clone(),
        coordination_delay_seconds: Some(0),
        sites: code24_local::site_services(&services, database),
    }
}

fn brief() -> Value {
    json!({"name": "Crumb & Co.", "description": "Sourdough bakery in Leeds with a small cafe", "businessType": "food_and_beverage", "primaryGoal": "online_orders"})
}

async fn wait_for_end(api: &Api, id: &str) -> Value {
    for _ in 0..2000 {
        let r = api.handle("GET", &format!("/status/{id}"), None, b"").await;
        if r.body["status"] != "running" {
            return r.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    panic!("workflow {id} never ended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_triggered_build_runs_to_completed() {
    let dir = tempfile::tempdir().unwrap();
    let api = api(dir.path());
    let r = api
        .handle(
            "POST",
            "/trigger/build",
            None,
            brief().to_string().as_bytes(),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let id = r.body["workflowId"].as_str().unwrap().to_string();
    let status = wait_for_end(&api, &id).await;
    assert_eq!(status["status"], "completed", "{status}");
    assert_eq!(status["workflowId"], id);
    assert!(status["output"]["deployment"]["url"].is_string());
    assert!(
        status["output"]["marketIntelligence"].is_object()
            && status["output"]["eliteResults"].is_object()
    );
}

#[tokio::test]
async fn bad_briefs_get_a_4xx_naming_the_field_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let api = api(dir.path());
    let cases = code24_api::cases::invalid_brief_bodies(&brief());
    for (body, field) in cases {
        let r = api.handle("POST", "/trigger/build", None, &body).await;
        assert!((400..500).contains(&r.status), "{field}: {}", r.status);
        assert_eq!(r.body["field"], field, "{}", r.body);
        assert!(r.body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let services = local_services(dir.path(), SiteConfig::default()).unwrap();
    assert!(
        services.status.list(10).await.unwrap().is_empty(),
        "bad input wrote a record"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_idempotency_key_runs_one_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let mut api = api(dir.path());
    // The first run is still in its coordination delays when the key comes again.
    api.coordination_delay_seconds = Some(1);
    let body = brief().to_string();
    let first = api
        .handle("POST", "/trigger/build", Some("order-7"), body.as_bytes())
        .await;
    let second = api
        .handle("POST", "/trigger/build", Some("order-7"), body.as_bytes())
        .await;
    assert_eq!(first.status, 202);
    assert_eq!(second.status, 200);
    assert_eq!(first.body["workflowId"], second.body["workflowId"]);
    let mut other = brief();
    other["name"] = json!("Someone Else");
    let conflict = api
        .handle(
            "POST",
            "/trigger/build",
            Some("order-7"),
            other.to_string().as_bytes(),
        )
        .await;
    assert_eq!(
        (conflict.status, conflict.body["field"].as_str()),
        (409, Some("Idempotency-Key"))
    );
    let end = wait_for_end(&api, first.body["workflowId"].as_str().unwrap()).await;
    assert_eq!(end["status"], "completed", "{end}");
    // A second run would have started milliseconds after the first: give it time to deploy.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let services = local_services(dir.path(), SiteConfig::default()).unwrap();
    assert_eq!(services.status.list(10).await.unwrap().len(), 1);
    assert_eq!(
        services.sites.live_version("crumb-co").await.unwrap(),
        Some(1),
        "the site was deployed by one run, not one per request"
    );
}

struct Unavailable;

#[async_trait]
impl WorkflowStarter for Unavailable {
    async fn start_build(&self, _: &str, _: &Value) -> Result<(), String> {
        Err("Step Functions is unavailable".into())
    }
}

#[tokio::test]
async fn a_workflow_that_cannot_start_is_recorded_failed_not_running() {
    let dir = tempfile::tempdir().unwrap();
    let mut api = api(dir.path());
    api.starter = Arc::new(Unavailable);
    let r = api
        .handle(
            "POST",
            "/trigger/build",
            Some("k"),
            brief().to_string().as_bytes(),
        )
        .await;
    assert_eq!(r.status, 503);
    let services = local_services(dir.path(), SiteConfig::default()).unwrap();
    let records = services.status.list(10).await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].status, code24_store::WorkflowStatus::Failed);
    assert_eq!(
        records[0].error.as_ref().unwrap().error,
        "Code24.StartFailed"
    );
}

#[tokio::test]
async fn status_routes_and_methods() {
    let dir = tempfile::tempdir().unwrap();
    let api = api(dir.path());
    assert_eq!(
        api.handle("GET", "/status/not%20valid", None, b"")
            .await
            .status,
        400
    );
    assert_eq!(
        api.handle("GET", "/status/build-missing", None, b"")
            .await
            .status,
        404
    );
    assert_eq!(
        api.handle("DELETE", "/status/x", None, b"").await.status,
        405
    );
    assert_eq!(
        api.handle("GET", "/trigger/build", None, b"").await.status,
        405
    );
    assert_eq!(api.handle("GET", "/elsewhere", None, b"").await.status, 404);
}

#[tokio::test]
async fn optimize_requests_are_validated() {
    let dir = tempfile::tempdir().unwrap();
    let api = api(dir.path());
    let good = json!({"url": "https://shop.test/", "businessType": "retail", "primaryGoal": "sales", "optimizationType": "seo"});
    let mut bad_type = good.clone();
    bad_type["optimizationType"] = json!("magic");
    let mut bad_url = good.clone();
    bad_url["url"] = json!("ftp://x");
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("primaryGoal");
    for (body, field) in [
        (bad_type, "optimizationType"),
        (bad_url, "url"),
        (missing, "primaryGoal"),
    ] {
        let r = api
            .handle(
                "POST",
                "/trigger/optimize",
                None,
                body.to_string().as_bytes(),
            )
            .await;
        assert_eq!((r.status, r.body["field"].as_str()), (400, Some(field)));
    }
    let started = api
        .handle(
            "POST",
            "/trigger/optimize",
            None,
            good.to_string().as_bytes(),
        )
        .await;
    assert_eq!(started.status, 202, "{}", started.body);
    let id = started.body["workflowId"].as_str().unwrap();
    assert!(id.starts_with("optimize-"));
    let status = api.handle("GET", &format!("/status/{id}"), None, b"").await;
    assert_eq!(status.body["workflowType"], "optimize");
}

async fn completed_build(api: &Api) -> Value {
    completed_build_of(api, brief()).await
}

async fn completed_build_of(api: &Api, body: Value) -> Value {
    let r = api
        .handle("POST", "/trigger/build", None, body.to_string().as_bytes())
        .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let status = wait_for_end(api, r.body["workflowId"].as_str().unwrap()).await;
    assert_eq!(status["status"], "completed", "{status}");
    status["output"]["deployment"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_routes_count_beacons_keep_forms_and_roll_back() {
    let dir = tempfile::tempdir().unwrap();
    let api = api(dir.path());
    let first = completed_build(&api).await;
    let site = first["siteId"].as_str().unwrap();
    let mut rebuild = brief();
    rebuild["siteId"] = json!(site);
    let second = completed_build_of(&api, rebuild).await;
    assert_eq!(second["siteId"], site);
    assert_eq!(
        (first["version"].as_u64(), second["version"].as_u64()),
        (Some(1), Some(2))
    );

    let collect = format!("/collect/{site}");
    for (body, expected) in [
        (
            json!({"e": "page_view", "p": format!("/sites/{site}/")}),
            202,
        ),
        (json!({"e": "page_view", "p": "/"}), 202),
        (json!({"e": "order_form_submit", "p": "/"}), 202),
        (json!({"e": "page_view", "p": "/sites/other-site/"}), 400),
        (json!({"e": "<script>", "p": "/"}), 400),
        (
            json!({"e": "page_view", "p": format!("/{}", "a".repeat(600))}),
            413,
        ),
    ] {
        let r = api
            .handle("POST", &collect, None, body.to_string().as_bytes())
            .await;
        assert_eq!(r.status, expected, "{body}: {}", r.body);
    }
    let r = api
        .handle(
            "POST",
            "/collect/never-built",
            None,
            br#"{"e":"page_view","p":"/"}"#,
        )
        .await;
    assert_eq!((r.status, r.body["field"].as_str()), (404, Some("siteId")));
    let r = api
        .handle(
            "POST",
            "/collect/..%2f",
            None,
            br#"{"e":"page_view","p":"/"}"#,
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);

    let summary = api
        .handle("GET", &format!("/sites/{site}/analytics"), None, b"")
        .await;
    assert_eq!(summary.status, 200);
    assert_eq!(
        summary.body["totals"],
        json!({"order_form_submit": 1, "page_view": 2})
    );
    assert_eq!(summary.body["days"].as_array().unwrap().len(), 1);
    let other = api
        .handle("GET", "/sites/never-built/analytics", None, b"")
        .await;
    assert_eq!(other.status, 404);

    let form = api
        .handle(
            "POST",
            &format!("/forms/{site}"),
            None,
            b"name=Ada&email=ada%40example.org&message=Two+loaves%2C+please",
        )
        .await;
    assert_eq!(form.status, 303, "{}", form.body);
    assert_eq!(
        form.location.as_deref(),
        Some(format!("http://127.0.0.1:8024/sites/{site}/thanks.html").as_str())
    );
    let key = form.body["key"].as_str().unwrap();
    let stored: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("artifacts").join(key)).unwrap())
            .unwrap();
    assert_eq!(stored["fields"]["message"], "Two loaves, please");
    for bad in [
        &b"=x"[..],
        b"a=1&a=2",
        b"",
        &[b'a'; 9000][..],
        b"message=%ff%fe",
        b"message=%zz",
        b"message=%e6%9d",
        b"me%ffssage=x",
    ] {
        let r = api
            .handle("POST", &format!("/forms/{site}"), None, bad)
            .await;
        assert!((400..500).contains(&r.status), "{}", r.body);
    }

    let versions = api
        .handle("GET", &format!("/sites/{site}/versions"), None, b"")
        .await;
    assert_eq!(
        versions.body,
        json!({"siteId": site, "liveVersion": 2, "versions": [1, 2]})
    );
    let r = api
        .handle(
            "POST",
            &format!("/sites/{site}/rollback"),
            None,
            br#"{"version": 7}"#,
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    let r = api
        .handle(
            "POST",
            &format!("/sites/{site}/rollback"),
            None,
            b"not json",
        )
        .await;
    assert_eq!((r.status, r.body["field"].as_str()), (400, Some("version")));
    let r = api
        .handle("GET", &format!("/sites/{site}/rollback"), None, b"")
        .await;
    assert_eq!(r.status, 405);
    let versions = api
        .handle("GET", &format!("/sites/{site}/versions"), None, b"")
        .await;
    assert_eq!(
        versions.body["liveVersion"], 2,
        "a refused rollback changed the live version"
    );
    let r = api
        .handle(
            "POST",
            &format!("/sites/{site}/rollback"),
            None,
            br#"{"version": 1}"#,
        )
        .await;
    assert_eq!(
        (r.status, &r.body["liveVersion"]),
        (200, &json!(1)),
        "{}",
        r.body
    );
    let versions = api
        .handle("GET", &format!("/sites/{site}/versions"), None, b"")
        .await;
    assert_eq!(versions.body["liveVersion"], 1);
}

#[test]
fn paths_are_percent_decoded_once_and_must_be_utf8() {
    use code24_api::decode_path;
    assert_eq!(
        decode_path("/sites/caf%C3%A9-%E6%9D%B1/analytics").as_deref(),
        Some("/sites/café-東/analytics")
    );
    assert_eq!(decode_path("/a%252F").as_deref(), Some("/a%2F"));
    for bad in ["/%FF", "/%E6%9D", "/%G1", "/%4"] {
        assert_eq!(decode_path(bad), None, "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_business_gets_a_site_of_its_own_and_rebuilds_only_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let api = api(dir.path());
    let long = "L".repeat(60);
    let names = [
        "Crumb & Co.".to_string(),
        "Crumb Co".into(),
        "CRUMB-CO".into(),
        "crumb co".into(),
        "Crümb Co".into(),
        "a/b".into(),
        "a\\b".into(),
        format!("{long} one"),
        format!("{long} two"),
    ];
    let mut sites = std::collections::BTreeSet::new();
    let mut first = None;
    for name in &names {
        let mut body = brief();
        body["name"] = json!(name);
        let deployment = completed_build_of(&api, body).await;
        assert_eq!(
            deployment["version"], 1,
            "{name} published into an existing site: {deployment}"
        );
        let id = deployment["siteId"].as_str().unwrap().to_string();
        first.get_or_insert(id.clone());
        assert!(
            sites.insert(id.clone()),
            "{name} was given the site {id} of another business"
        );
    }
    assert_eq!(sites.len(), names.len());
    let first = first.unwrap();
    // The same brief again, without siteId: a new site, not the first one's.
    let again = completed_build(&api).await;
    assert_ne!(again["siteId"], first.as_str());

    // Another business naming the first site is refused, and nothing is recorded.
    let before = api.status.list(100).await.unwrap().len();
    let mut other = brief();
    other["name"] = json!("Crumb Co");
    other["siteId"] = json!(first);
    let r = api
        .handle("POST", "/trigger/build", None, other.to_string().as_bytes())
        .await;
    assert_eq!(
        (r.status, r.body["field"].as_str()),
        (409, Some("siteId")),
        "{}",
        r.body
    );
    assert_eq!(
        api.status.list(100).await.unwrap().len(),
        before,
        "a refused rebuild wrote a record"
    );
    let versions = api
        .handle("GET", &format!("/sites/{first}/versions"), None, b"")
        .await;
    assert_eq!(versions.body["versions"], json!([1]));

    // Its own business rebuilds it as version 2.
    let mut own = brief();
    own["siteId"] = json!(first);
    let rebuilt = completed_build_of(&api, own).await;
    assert_eq!(
        (rebuilt["siteId"].as_str(), rebuilt["version"].as_u64()),
        (Some(first.as_str()), Some(2))
    );

    for (id, why) in [
        (json!(7), "a number"),
        (json!("a/b"), "a slash"),
        (json!("x".repeat(101)), "too long"),
    ] {
        let mut body = brief();
        body["siteId"] = id;
        let r = api
            .handle("POST", "/trigger/build", None, body.to_string().as_bytes())
            .await;
        assert_eq!(
            (r.status, r.body["field"].as_str()),
            (400, Some("siteId")),
            "{why}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn a_site_id_no_site_can_have_is_a_400_naming_it_and_no_server_path() {
    let dir = tempfile::tempdir().unwrap();
    let api = api(dir.path());
    let long = "a".repeat(256);
    for (method, path, body) in [
        (
            "POST",
            format!("/collect/{long}"),
            &br#"{"e":"page_view","p":"/"}"#[..],
        ),
        ("POST", format!("/forms/{long}"), b"name=x"),
        ("GET", format!("/sites/{long}/versions"), b""),
        ("GET", format!("/sites/{long}/analytics"), b""),
        (
            "POST",
            format!("/sites/{long}/rollback"),
            br#"{"version":1}"#,
        ),
        (
            "POST",
            "/collect/a%20b".to_string(),
            br#"{"e":"page_view","p":"/"}"#,
        ),
    ] {
        let r = api.handle(method, &path, None, body).await;
        assert_eq!(
            (r.status, r.body["field"].as_str()),
            (400, Some("siteId")),
            "{path}: {}",
            r.body
        );
        let text = r.body.to_string();
        assert!(
            !text.contains(&dir.path().display().to_string())
                && !text.contains("File name too long"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn json_bodies_refuse_duplicate_keys_and_accept_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let api = api(dir.path());
    let dup = br#"{"name":"A","name":"B","description":"Bakery","businessType":"bakery","primaryGoal":"online_orders"}"#;
    let r = api.handle("POST", "/trigger/build", None, dup).await;
    assert_eq!(
        (r.status, r.body["field"].as_str()),
        (400, Some("body")),
        "{}",
        r.body
    );
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("\"name\" appears twice"),
        "{}",
        r.body
    );
    let r = api
        .handle("POST", "/trigger/optimize", None, br#"{"url":"https://a.test/","url":"https://b.test/","businessType":"x","primaryGoal":"y","optimizationType":"full"}"#)
        .await;
    assert_eq!(
        (r.status, r.body["field"].as_str()),
        (400, Some("body")),
        "{}",
        r.body
    );
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(brief().to_string().as_bytes());
    let r = api.handle("POST", "/trigger/build", None, &bom).await;
    assert_eq!(r.status, 202, "{}", r.body);
}
