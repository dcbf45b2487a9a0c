//! The AWS adapters against a real local moto server (`CODE24_MOTO_ENDPOINT`, started by
//! `.ci/run`): DynamoDB conditions and races, S3 objects and their headers, Step
//! Functions starts by name.

use code24_domain::site::SiteFile;
use code24_store::{
    AnalyticsStore, ArtifactStore, SiteStore, StatusStore, StoreError, WorkflowRecord,
    WorkflowStatus,
};
use code24_store_aws::{
    DynamoDbAnalyticsStore, DynamoDbStatusStore, ExecutionStarter, S3ArtifactStore, S3SiteStore,
    StartError,
};
use serde_json::json;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn endpoint() -> String {
    std::env::var("CODE24_MOTO_ENDPOINT").expect(
        "CODE24_MOTO_ENDPOINT must point at a moto server (bash .ci/run starts one on 127.0.0.1)",
    )
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

struct Env {
    dynamodb: aws_sdk_dynamodb::Client,
    s3: aws_sdk_s3::Client,
    sfn: aws_sdk_sfn::Client,
    table: String,
    bucket: String,
}

async fn env() -> Env {
    let config = code24_store_aws::local_config(&endpoint()).await;
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let s3 = code24_store_aws::s3_client(&config);
    let sfn = aws_sdk_sfn::Client::new(&config);
    let table = unique("status");
    DynamoDbStatusStore::create_table(&dynamodb, &table)
        .await
        .unwrap();
    let bucket = unique("sites");
    s3.create_bucket().bucket(&bucket).send().await.unwrap();
    Env {
        dynamodb,
        s3,
        sfn,
        table,
        bucket,
    }
}

impl Env {
    /// The bucket's keys under `prefix`, sorted.
    async fn keys_under(&self, prefix: &str) -> Vec<String> {
        let listed = self
            .s3
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .send()
            .await
            .unwrap();
        let mut keys: Vec<String> = listed
            .contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_string))
            .collect();
        keys.sort();
        keys
    }

    fn site_store(&self) -> S3SiteStore {
        S3SiteStore::new(
            self.s3.clone(),
            self.dynamodb.clone(),
            &self.bucket,
            &self.table,
        )
    }
}

fn record(id: &str) -> WorkflowRecord {
    WorkflowRecord::running(
        id,
        "build",
        json!({"name": "Crumb & Co."}),
        "2026-01-01T00:00:00.000Z",
    )
}

#[tokio::test]
async fn status_records_are_created_once_and_never_overwritten_once_finished() {
    let env = env().await;
    let store = DynamoDbStatusStore::new(env.dynamodb.clone(), &env.table);
    store.create(&record("w1")).await.unwrap();
    assert!(matches!(
        store.create(&record("w1")).await,
        Err(StoreError::AlreadyExists(_))
    ));
    store
        .set_step("w1", "Brand", "2026-01-01T00:00:05.000Z")
        .await
        .unwrap();
    let got = store.get("w1").await.unwrap().unwrap();
    assert_eq!(
        (got.current_step.as_deref(), got.updated_at.as_str()),
        (Some("Brand"), "2026-01-01T00:00:05.000Z")
    );
    assert_eq!(got.input, json!({"name": "Crumb & Co."}));

    let mut done = record("w1");
    done.status = WorkflowStatus::Completed;
    done.output = json!({"deployment": {"version": 1}});
    assert!(store.finish(&done).await.unwrap());
    let mut late = record("w1");
    late.status = WorkflowStatus::Failed;
    assert!(
        !store.finish(&late).await.unwrap(),
        "a finished record must not be overwritten"
    );
    store
        .set_step("w1", "Designer", "2026-01-01T00:00:09.000Z")
        .await
        .unwrap();
    let got = store.get("w1").await.unwrap().unwrap();
    assert_eq!(got.status, WorkflowStatus::Completed);
    assert_eq!(got.current_step, None);
    assert_eq!(got.output["deployment"]["version"], 1);

    let mut ghost = record("nobody");
    ghost.status = WorkflowStatus::Completed;
    assert!(matches!(
        store.finish(&ghost).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.get("nobody").await.unwrap().is_none());
    assert_eq!(store.list(10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_site_is_claimed_once_by_a_conditional_write_and_never_listed_as_a_workflow() {
    use code24_store::SiteOwner;
    let env = env().await;
    let store = DynamoDbStatusStore::new(env.dynamodb.clone(), &env.table);
    let owner = |name: &str, w: &str| SiteOwner {
        name: name.into(),
        workflow_id: w.into(),
    };
    let crumb = owner("Crumb & Co.", "build-1");
    assert_eq!(store.claim_site("crumb-co", &crumb).await.unwrap(), crumb);
    // A second business asking for the same id is told who owns it; nothing changes.
    let other = owner("Crumb Co", "build-2");
    assert_eq!(store.claim_site("crumb-co", &other).await.unwrap(), crumb);
    let (owner_a, owner_b) = (owner("A", "w-a"), owner("B", "w-b"));
    let (a, b) = futures::join!(
        store.claim_site("race", &owner_a),
        store.claim_site("race", &owner_b)
    );
    assert_eq!(
        a.unwrap(),
        b.unwrap(),
        "two claims at once agree on one owner"
    );
    // The rule the API applies: the other business gets a suffixed site of its own.
    let id = code24_store::claim_site_id(&store, "crumb-co", &other, None, false)
        .await
        .unwrap();
    assert!(
        id.starts_with("crumb-co-") && id.len() == "crumb-co-".len() + 6,
        "{id}"
    );
    assert!(matches!(
        code24_store::claim_site_id(&store, "x", &other, Some("crumb-co"), false).await,
        Err(code24_store::SiteClaimError::OwnedByAnother { .. })
    ));
    store.create(&record("w1")).await.unwrap();
    assert_eq!(
        store.list(10).await.unwrap().len(),
        1,
        "site owners are not workflows"
    );
}

#[tokio::test]
async fn two_concurrent_creates_with_one_id_make_one_record() {
    let env = env().await;
    let store = DynamoDbStatusStore::new(env.dynamodb.clone(), &env.table);
    for round in 0..5 {
        let id = format!("race-{round}");
        let (ra, rb) = (record(&id), record(&id));
        let (a, b) = futures::join!(store.create(&ra), store.create(&rb));
        assert_eq!(
            [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
            1,
            "round {round}: {a:?} {b:?}"
        );
    }
}

#[tokio::test]
async fn artifacts_round_trip_with_their_content_type() {
    let env = env().await;
    let store = S3ArtifactStore::new(env.s3.clone(), &env.bucket);
    store
        .put(
            "workflows/w1/brand.json",
            br#"{"tagline":"x"}"#,
            "application/json",
        )
        .await
        .unwrap();
    assert_eq!(
        store.get("workflows/w1/brand.json").await.unwrap(),
        br#"{"tagline":"x"}"#
    );
    let head = env
        .s3
        .head_object()
        .bucket(&env.bucket)
        .key("artifacts/workflows/w1/brand.json")
        .send()
        .await
        .unwrap();
    assert_eq!(head.content_type(), Some("application/json"));
    assert!(matches!(
        store.get("workflows/w1/none.json").await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.put("../escape", b"", "text/plain").await,
        Err(StoreError::InvalidKey(_))
    ));
}

/// Bytes that are not UTF-8, as an image's are.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\xff\x00";

#[tokio::test]
async fn each_publish_is_a_new_version_with_headers_and_a_live_pointer() {
    let env = env().await;
    let sites = env.site_store();
    let files = |body: &str| {
        vec![
            SiteFile::text("index.html", "text/html; charset=utf-8", body.into()),
            SiteFile::text("favicon.svg", "image/svg+xml", "<svg/>".into()),
            SiteFile::binary("og.png", "image/png", PNG),
        ]
    };
    assert_eq!(sites.live_version("crumb-co").await.unwrap(), None);
    let v1 = sites.publish("crumb-co", &files("one")).await.unwrap();
    let (two, three) = (files("two"), files("three"));
    let (a, b) = futures::join!(
        sites.publish("crumb-co", &two),
        sites.publish("crumb-co", &three)
    );
    let mut versions = vec![v1.version, a.unwrap().version, b.unwrap().version];
    versions.sort();
    assert_eq!(
        versions,
        vec![1, 2, 3],
        "concurrent publishes never share a version"
    );
    assert!(sites
        .live_version("crumb-co")
        .await
        .unwrap()
        .is_some_and(|v| v >= 2));

    // A binary file is stored as its bytes with its type, and read back binary.
    let image = env
        .s3
        .get_object()
        .bucket(&env.bucket)
        .key("sites/crumb-co/versions/1/og.png")
        .send()
        .await
        .unwrap();
    assert_eq!(image.content_type(), Some("image/png"));
    assert_eq!(
        image.body.collect().await.unwrap().into_bytes().as_ref(),
        PNG
    );
    let back = sites.version_files("crumb-co", 1).await.unwrap();
    let og = back.iter().find(|f| f.path == "og.png").unwrap();
    assert!(og.base64);
    assert_eq!(og.bytes().unwrap(), PNG);
    let html = env
        .s3
        .get_object()
        .bucket(&env.bucket)
        .key("sites/crumb-co/versions/1/index.html")
        .send()
        .await
        .unwrap();
    assert_eq!(html.content_type(), Some("text/html; charset=utf-8"));
    assert_eq!(
        html.cache_control(),
        Some("public, max-age=60, must-revalidate")
    );
    assert_eq!(
        html.body.collect().await.unwrap().into_bytes().as_ref(),
        b"one",
        "version 1 is unchanged by later publishes"
    );
    let icon = env
        .s3
        .head_object()
        .bucket(&env.bucket)
        .key("sites/crumb-co/versions/1/favicon.svg")
        .send()
        .await
        .unwrap();
    assert_eq!(
        icon.cache_control(),
        Some("public, max-age=31536000, immutable")
    );
}

#[tokio::test]
async fn the_live_folder_holds_exactly_the_newest_version() {
    let env = env().await;
    let sites = env.site_store();
    let file = |path: &str, content_type: &str, body: &str| {
        SiteFile::text(path, content_type, body.into())
    };
    let first = vec![
        file("index.html", "text/html; charset=utf-8", "first"),
        file("old.html", "text/html; charset=utf-8", "only in the first"),
    ];
    let second = vec![
        file("index.html", "text/html; charset=utf-8", "second"),
        file("favicon.svg", "image/svg+xml", "<svg/>"),
    ];
    sites.publish("bakery", &first).await.unwrap();
    let v2 = sites.publish("bakery", &second).await.unwrap();
    assert_eq!(
        sites.live_version("bakery").await.unwrap(),
        Some(v2.version)
    );

    let live = env.keys_under("sites/bakery/live/").await;
    assert_eq!(
        live,
        [
            "sites/bakery/live/favicon.svg",
            "sites/bakery/live/index.html"
        ],
        "a file the new version dropped is no longer live"
    );
    let get = |key: &'static str| env.s3.get_object().bucket(&env.bucket).key(key).send();
    let index = get("sites/bakery/live/index.html").await.unwrap();
    assert_eq!(index.content_type(), Some("text/html; charset=utf-8"));
    assert_eq!(
        index.body.collect().await.unwrap().into_bytes().as_ref(),
        b"second"
    );
    let icon = get("sites/bakery/live/favicon.svg").await.unwrap();
    assert_eq!(icon.content_type(), Some("image/svg+xml"));
    assert_eq!(
        icon.cache_control(),
        Some("public, max-age=300"),
        "a live file is replaced at the same URL, so it is never cached as immutable"
    );
    let old = get("sites/bakery/versions/1/old.html").await;
    assert!(old.is_ok(), "the history keeps every version");

    // Rolling back makes version 1 exactly what is live again; no version changes.
    assert_eq!(sites.versions("bakery").await.unwrap(), vec![1, 2]);
    sites.rollback("bakery", 1).await.unwrap();
    assert_eq!(sites.live_version("bakery").await.unwrap(), Some(1));
    let live = env.keys_under("sites/bakery/live/").await;
    assert_eq!(
        live,
        ["sites/bakery/live/index.html", "sites/bakery/live/old.html"]
    );
    let index = get("sites/bakery/live/index.html").await.unwrap();
    assert_eq!(index.content_type(), Some("text/html; charset=utf-8"));
    assert_eq!(
        index.body.collect().await.unwrap().into_bytes().as_ref(),
        b"first"
    );
    let missing = sites.rollback("bakery", 5).await.unwrap_err();
    assert!(
        matches!(&missing, StoreError::NotFound(k) if k.ends_with("versions/5")),
        "{missing}"
    );
    assert_eq!(sites.live_version("bakery").await.unwrap(), Some(1));
}

#[tokio::test]
async fn executions_are_started_once_per_workflow_id() {
    let env = env().await;
    let arn = env
        .sfn
        .create_state_machine()
        .name(unique("build"))
        .role_arn("arn:aws:iam::123456789012:role/code24")
        .definition(
            json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}).to_string(),
        )
        .send()
        .await
        .unwrap()
        .state_machine_arn;
    let starter = ExecutionStarter::new(env.sfn.clone(), &arn);
    let input = json!({"workflowId": "build-1", "brief": {"name": "A"}});
    let first = starter.start("build-1", &input).await.unwrap();
    assert_eq!(first.execution_arn, starter.execution_arn("build-1"));
    let again = starter.start("build-1", &input).await.unwrap();
    assert_eq!(again, first, "the same trigger is the same execution");
    let listed = env
        .sfn
        .list_executions()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.executions().len(), 1, "never a second execution");
    let other = starter.start("build-1", &json!({"different": true})).await;
    assert!(matches!(other, Err(StartError::Conflict(_))), "{other:?}");
}

#[tokio::test]
async fn a_missing_table_is_a_clear_aws_error() {
    let env = env().await;
    let again = DynamoDbStatusStore::create_table(&env.dynamodb, &env.table).await;
    assert!(
        matches!(again, Ok(false)),
        "an existing table is reported, not an error"
    );
    let store = DynamoDbStatusStore::new(env.dynamodb.clone(), "no-such-table");
    let err = store.create(&record("x")).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Aws { operation, .. } if operation == "PutItem"),
        "{err}"
    );
    assert!(err.to_string().contains("PutItem"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn analytics_counters_add_up_under_concurrency_and_stay_per_site() {
    let env = env().await;
    let table = unique("analytics");
    assert!(DynamoDbAnalyticsStore::create_table(&env.dynamodb, &table)
        .await
        .unwrap());
    assert!(!DynamoDbAnalyticsStore::create_table(&env.dynamodb, &table)
        .await
        .unwrap());
    let store = std::sync::Arc::new(DynamoDbAnalyticsStore::new(env.dynamodb.clone(), &table));
    let mut tasks = Vec::new();
    for i in 0..24 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let (page, event) = if i % 3 == 0 {
                ("/privacy.html", "page_view")
            } else {
                ("/", "cta_click")
            };
            store
                .count("site-a", "2026-11-26", page, event)
                .await
                .unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    store
        .count("site-b", "2026-11-25", "/", "page_view")
        .await
        .unwrap();
    let a = store.counters("site-a").await.unwrap();
    let got: Vec<(&str, &str, u64)> = a
        .iter()
        .map(|c| (c.page.as_str(), c.event.as_str(), c.count))
        .collect();
    assert_eq!(
        got,
        [("/", "cta_click", 16), ("/privacy.html", "page_view", 8)]
    );
    let b = store.counters("site-b").await.unwrap();
    assert_eq!((b.len(), b[0].day.as_str()), (1, "2026-11-25"));
}
