//! Full builds with a language model: the BuildWorkflow on the embedded engine, each
//! worker asking a local server that speaks the backend's wire protocol (OpenAI chat
//! completions; Bedrock Converse through the real SDK) and answers with recorded answers.
//! A good run ends `completed` with a valid site built from the model's words; a
//! truncated or invalid answer ends `failed` at that step with its error name, and
//! nothing is deployed.

mod support;

use code24_asl::HistoryEvent;
use code24_local::local_services;
use code24_local::{BuildOptions, FaultPlan, Workflows};
use code24_model::testing::{ModelServer, Protocol, Reply};
use code24_model::RetryPolicy;
use code24_pipeline::SiteConfig;
use code24_store::WorkflowRecord;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

const RETRY: RetryPolicy = RetryPolicy {
    attempts: 3,
    first_backoff: Duration::from_millis(20),
};

/// Recorded answers for the bakery brief (Crumb & Co., Leeds).
fn record_answers(server: &ModelServer) {
    server.record("ResearchCopy", &json!({
        "audiences": ["Neighbours in Leeds who want proper sourdough for the week",
                      "People planning a birthday, wedding or office celebration",
                      "Weekend regulars who pre-order pastry boxes"],
        "customerNeeds": ["Bread baked the same day from simple ingredients",
                          "An easy way to order ahead and collect",
                          "A cake made to their own design"],
        "customerQuestions": ["How far ahead should I order a celebration cake?",
                              "Can I pre-order a pastry box for Saturday?",
                              "Do you bake loaves without seeds or dairy?"],
        "trustSignals": ["Bakers who explain how each loaf is made",
                         "Clear allergen information on every product",
                         "Photos of real bakes from the shop"],
        "keywords": ["sourdough Leeds", "celebration cakes Leeds", "pastry box pre-order", "bakery cafe Leeds"]
    }));
    server.record("CompetitionCopy", &json!({"competitorKinds": [
        {"kind": "supermarket bakery counters", "usualPitch": "low prices and long opening hours",
         "opening": "bread with a long slow rise and bakers you can talk to"},
        {"kind": "chain coffee shops", "usualPitch": "the same menu in every town",
         "opening": "a neighbourhood cafe whose bakes change with the season"}
    ]}));
    server.record("BrandCopy", &json!({
        "positioning": "For neighbours in Leeds who care about real bread, Crumb & Co. bakes slow-rise sourdough, weekend pastry boxes and celebration cakes made to order.",
        "audience": "Neighbours in Leeds who want proper sourdough",
        "tagline": "Slow-rise sourdough, baked for Leeds",
        "voiceTraits": ["warm", "plain-spoken", "generous"],
        "voiceGuidance": "Talk like the baker behind the counter: short sentences, real ingredients, no hype.",
        "primaryColor": "#8a4b2a"
    }));
    server.record(
        "DesignCopy",
        &json!({
            "offeringsHeading": "From our ovens",
            "processHeading": "How ordering works",
            "questionsHeading": "Before you order",
            "contactHeading": "Order or ask a question",
            "ctaLabel": "Order for collection",
            "ctaSteps": ["Choose your loaves, pastry box or cake",
                         "Pick a collection day and time",
                         "Collect it fresh from the shop"]
        }),
    );
    server.record("SiteCopy", &json!({
        "metaDescription": "Crumb & Co. is a sourdough bakery and cafe in Leeds: weekend pastry boxes to pre-order and celebration cakes made to your design.",
        "heroLead": "Slow-rise sourdough every morning, a small cafe to sit in, and cakes made for the days you will remember.",
        "offeringLines": ["Sit down with a coffee and something from this morning's bake.",
                          "Reserve a box of weekend pastries and collect it on Saturday.",
                          "Tell us the occasion and we will design a cake around it."],
        "aboutLead": "Crumb & Co. is a neighbourhood bakery in Leeds: sourdough with a long rise, a small cafe to sit in, and cakes made to order.",
        "offerIntro": "Everything here is baked in our own ovens, and all of it can be ordered ahead for collection.",
        "answers": ["We bake and serve in Leeds, in our own neighbourhood.",
                    "Fill in the order form with what you would like and the day you will collect; we confirm every order by reply."]
    }));
}

/// Builds the bakery brief with `server`'s model: the final record, the workflows, and
/// the execution's history.
async fn build(dir: &Path, server: &ModelServer) -> (WorkflowRecord, Workflows, Vec<HistoryEvent>) {
    let mut services = local_services(dir, SiteConfig::default()).unwrap();
    services.model = Some(server.backend(RETRY).await);
    let workflows = Workflows::new(services, FaultPlan::none()).unwrap();
    let options = BuildOptions {
        coordination_delay_seconds: Some(0),
        ..BuildOptions::default()
    };
    let (id, input) = workflows
        .start_build(&support::brief("bakery"), &options)
        .await
        .unwrap();
    let (record, execution) = workflows.run_build(&id, input, &options).await.unwrap();
    (record, workflows, execution.history)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_through_each_backend_is_written_by_the_model_and_valid() {
    for protocol in [Protocol::OpenAi, Protocol::Bedrock] {
        let server = ModelServer::start(protocol).await;
        record_answers(&server);
        let dir = tempfile::tempdir().unwrap();
        let (record, _, history) = build(dir.path(), &server).await;
        assert_eq!(
            record.status.as_str(),
            "completed",
            "{protocol:?}: {:?}",
            record.error
        );

        let site =
            Path::new(record.output["deployment"]["localPath"].as_str().unwrap()).to_path_buf();
        let index = std::fs::read_to_string(site.join("index.html")).unwrap();
        for words in [
            "Slow-rise sourdough, baked for Leeds",
            "From our ovens",
            "Order for collection",
            "Pick a collection day and time",
            "Reserve a box of weekend pastries and collect it on Saturday.",
            "a small cafe to sit in, and cakes made for the days you will remember",
            "We bake and serve in Leeds, in our own neighbourhood.",
        ] {
            assert!(
                index.contains(words),
                "{protocol:?}: the page lacks the model's '{words}'"
            );
        }
        // The model's research question has no answer in the brief, so the page leaves
        // it out (a question is shown only with its answer).
        assert!(
            !index.contains("How far ahead should I order a celebration cake?"),
            "{protocol:?}: an unanswered question is on the page"
        );
        // The new pages are the model's writing too, inside the same structure.
        let about = std::fs::read_to_string(site.join("about.html")).unwrap();
        assert!(
            about.contains("sourdough with a long rise, a small cafe to sit in"),
            "{protocol:?}: the about page lacks the model's lead"
        );
        let offer_path = record.output["eliteResults"]["designer"]["pages"]
            .as_array()
            .and_then(|pages| pages.iter().find(|p| p["sections"][0] == "offer"))
            .and_then(|p| p["path"].as_str())
            .expect("the design names the offer page")
            .to_string();
        let offer = std::fs::read_to_string(site.join(&offer_path)).unwrap();
        assert!(
            offer.contains("all of it can be ordered ahead for collection"),
            "{protocol:?}: {offer_path} lacks the model's introduction"
        );
        let pages: Vec<_> = [
            "index.html",
            "about.html",
            offer_path.as_str(),
            "privacy.html",
            "404.html",
        ]
        .iter()
        .map(|p| site.join(p))
        .collect();
        let errors = support::vnu_errors(&pages);
        assert!(errors.is_empty(), "{protocol:?}: {errors:?}");

        // Every worker asked once, each with what came before it.
        let received = server.received();
        let mut asked: Vec<&str> = received.iter().map(|r| r.schema_name.as_str()).collect();
        asked.sort();
        assert_eq!(
            asked,
            [
                "BrandCopy",
                "CompetitionCopy",
                "DesignCopy",
                "ResearchCopy",
                "SiteCopy"
            ]
        );
        let prompt = |schema: &str| {
            received
                .iter()
                .find(|r| r.schema_name == schema)
                .unwrap()
                .body
                .to_string()
        };
        assert!(
            prompt("BrandCopy").contains("Weekend regulars who pre-order pastry boxes"),
            "the brand prompt carries the market intelligence"
        );
        assert!(
            prompt("DesignCopy").contains("Slow-rise sourdough, baked for Leeds"),
            "the design prompt carries the brand"
        );
        assert!(
            prompt("ResearchCopy").contains("Crumb & Co."),
            "the prompt carries the brief"
        );
        assert!(
            prompt("SiteCopy").contains("Order for collection")
                && prompt("SiteCopy").contains("From our ovens"),
            "the developer's prompt carries the design"
        );
        assert!(
            prompt("SiteCopy").contains("Where does Crumb & Co. work?")
                && prompt("SiteCopy").contains("In Leeds."),
            "the developer's prompt carries the questions and their grounded answers"
        );

        // Token usage, model id and latency per step, in the status output.
        let usage = &record.output["modelUsage"];
        for step in [
            "marketResearch",
            "competitiveAnalysis",
            "brand",
            "design",
            "site",
        ] {
            let u = &usage[step];
            assert!(
                u["inputTokens"].as_u64().unwrap() > 50,
                "{protocol:?} {step}: {usage}"
            );
            assert!(
                u["outputTokens"].as_u64().unwrap() > 10,
                "{protocol:?} {step}: {usage}"
            );
            assert_eq!(u["requests"], 1);
            assert!(u["latencyMs"].is_u64());
            let id = u["modelId"].as_str().unwrap();
            assert!(
                id == "openai:test-model" || id == "bedrock:amazon.nova-pro-v1:0",
                "{id}"
            );
        }
        println!("{protocol:?} token usage per step: {usage}");

        // The cost estimate counts the model's tokens, priced when the model is known.
        let report = code24_local::cost::estimate(&history);
        let tokens = |suffix: &str| -> f64 {
            report
                .lines
                .iter()
                .filter(|l| l.item.ends_with(suffix) && l.unit == "tokens")
                .map(|l| l.quantity)
                .sum()
        };
        let steps = [
            "marketResearch",
            "competitiveAnalysis",
            "brand",
            "design",
            "site",
        ];
        let input: u64 = steps
            .iter()
            .map(|s| usage[s]["inputTokens"].as_u64().unwrap())
            .sum();
        let output: u64 = steps
            .iter()
            .map(|s| usage[s]["outputTokens"].as_u64().unwrap())
            .sum();
        assert_eq!(
            (tokens(" input"), tokens(" output")),
            (input as f64, output as f64)
        );
        let model_usd: f64 = report
            .lines
            .iter()
            .filter(|l| l.unit == "tokens")
            .map(|l| l.usd)
            .sum();
        match protocol {
            // amazon.nova-pro-v1:0 has a listed price; the local test model has none.
            Protocol::Bedrock => {
                let expected = input as f64 * 0.8e-6 + output as f64 * 3.2e-6;
                assert!(
                    (model_usd - expected).abs() < 1e-12,
                    "{model_usd} vs {expected}"
                );
            }
            Protocol::OpenAi => {
                assert_eq!(model_usd, 0.0);
                assert!(report
                    .assumptions
                    .iter()
                    .any(|a| a.contains("no price is known for openai:test-model")));
            }
        }
        assert!(
            report.prices_as_of.contains("models 2024-12-04"),
            "{}",
            report.prices_as_of
        );
    }
}

async fn failed_build(server: &ModelServer) -> (WorkflowRecord, Workflows) {
    let dir = tempfile::tempdir().unwrap();
    let (record, workflows, _) = build(dir.path(), server).await;
    assert_eq!(record.status.as_str(), "failed", "{:?}", record.output);
    let live = workflows
        .services()
        .sites
        .live_version("crumb-co")
        .await
        .unwrap();
    assert_eq!(live, None, "nothing is deployed after a failed step");
    std::mem::forget(dir); // the record points into it; removed with the process's temp files
    (record, workflows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_truncated_answer_fails_the_step_and_deploys_nothing() {
    for protocol in [Protocol::OpenAi, Protocol::Bedrock] {
        let server = ModelServer::start(protocol).await;
        record_answers(&server);
        server.script_for(
            "BrandCopy",
            [Reply::Answer {
                text: r#"{"positioning": "For neighbours in Leeds who care"#.into(),
                truncated: true,
                input_tokens: 900,
                output_tokens: 1000,
            }],
        );
        let (record, _) = failed_build(&server).await;
        let error = record.error.unwrap();
        assert_eq!(
            (error.step.as_str(), error.error.as_str()),
            ("Brand", "Code24.ModelTruncated"),
            "{protocol:?}"
        );
        let brand_requests = server
            .received()
            .iter()
            .filter(|r| r.schema_name == "BrandCopy")
            .count();
        assert_eq!(
            brand_requests, 1,
            "a truncated answer is neither repaired nor retried"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_invents_figures_fails_after_two_repairs() {
    for protocol in [Protocol::OpenAi, Protocol::Bedrock] {
        let server = ModelServer::start(protocol).await;
        record_answers(&server);
        let invented: Value = json!({
            "offeringsHeading": "Loved by 500 families", "processHeading": "How ordering works",
            "questionsHeading": "Before you order", "contactHeading": "Order or ask a question",
            "ctaLabel": "Order for collection",
            "ctaSteps": ["Choose your loaves", "Collect them in 10 minutes"]
        });
        server.script_for(
            "DesignCopy",
            (0..3).map(|_| Reply::answer(invented.to_string(), 2000)),
        );
        let (record, _) = failed_build(&server).await;
        let error = record.error.unwrap();
        assert_eq!(
            (error.step.as_str(), error.error.as_str()),
            ("Designer", "Code24.ModelInvalidAnswer"),
            "{protocol:?}"
        );
        assert!(
            error
                .cause
                .contains("'500' is a figure the brief does not contain"),
            "{}",
            error.cause
        );
        let design_requests: Vec<String> = server
            .received()
            .iter()
            .filter(|r| r.schema_name == "DesignCopy")
            .map(|r| r.body.to_string())
            .collect();
        assert_eq!(
            design_requests.len(),
            3,
            "the answer and at most two repairs; not retried by the state machine"
        );
        assert!(
            design_requests[1].contains("never invent numbers"),
            "the repair quotes the rule"
        );
    }
}
