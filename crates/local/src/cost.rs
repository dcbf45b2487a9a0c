//! What an execution would cost on AWS, from its history: Step Functions state
//! transitions, Lambda requests and GB-seconds (arm64), and the DynamoDB and S3 requests
//! each step makes. Prices are list prices for us-east-1 with the date they were taken.

use code24_asl::HistoryEvent;
use code24_pipeline::Step;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// The price list used, and when it was taken. Not re-checked from this machine, which
/// has no internet access: update the figures and the date together.
pub const PRICES_AS_OF: &str = "2024-11-14 (us-east-1 list prices, free tiers not applied)";
pub const STATE_TRANSITION: f64 = 0.025 / 1000.0;
pub const LAMBDA_ARM_GB_SECOND: f64 = 0.000_013_333_4;
pub const LAMBDA_REQUEST: f64 = 0.20 / 1_000_000.0;
pub const DYNAMODB_WRITE_UNIT: f64 = 0.625 / 1_000_000.0;
pub const DYNAMODB_READ_UNIT: f64 = 0.125 / 1_000_000.0;
pub const S3_PUT: f64 = 0.005 / 1000.0;
pub const S3_GET: f64 = 0.0004 / 1000.0;

/// Model prices in USD per million (input, output) tokens, on-demand, with their date.
/// Not re-checked from this machine either; a model not listed is reported with its
/// tokens and no price.
pub const MODEL_PRICES_AS_OF: &str =
    "2024-12-04 (Bedrock us-east-1 on-demand and OpenAI list prices)";
const MODEL_PRICES: [(&str, f64, f64); 9] = [
    ("bedrock:amazon.nova-micro-v1:0", 0.035, 0.14),
    ("bedrock:amazon.nova-lite-v1:0", 0.06, 0.24),
    ("bedrock:amazon.nova-pro-v1:0", 0.80, 3.20),
    (
        "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0",
        0.80,
        4.00,
    ),
    (
        "bedrock:anthropic.claude-3-5-sonnet-20241022-v2:0",
        3.00,
        15.00,
    ),
    (
        "bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0",
        3.00,
        15.00,
    ),
    ("openai:gpt-4o-mini", 0.15, 0.60),
    ("openai:gpt-4o", 2.50, 10.00),
    ("openai:o3-mini", 1.10, 4.40),
];

/// The (input, output) price per token of a model, if known.
pub fn model_price(model_id: &str) -> Option<(f64, f64)> {
    MODEL_PRICES
        .iter()
        .find(|(id, _, _)| *id == model_id)
        .map(|(_, input, output)| (input / 1_000_000.0, output / 1_000_000.0))
}

/// Memory of each function in `template.yaml`, in MB.
pub fn memory_mb(step: Step) -> f64 {
    match step {
        Step::Developer => 1024.0,
        Step::RecordResult | Step::RecordFailure => 256.0,
        _ => 512.0,
    }
}

/// DynamoDB (write, read) and S3 (put, get) requests one invocation of a step makes;
/// Deploy adds one S3 put per site file.
fn requests(step: Step) -> (u32, u32, u32, u32) {
    match step {
        Step::MarketResearch | Step::CompetitiveAnalysis => (1, 0, 1, 0),
        Step::CombineMarketIntelligence => (1, 0, 1, 2),
        Step::Brand => (1, 0, 1, 1),
        Step::Designer => (1, 0, 1, 2),
        Step::Developer => (1, 0, 1, 3),
        Step::Deploy => (2, 0, 2, 1),
        Step::AnalyticsSetup => (1, 0, 1, 2),
        Step::RecordResult | Step::RecordFailure => (1, 1, 0, 0),
        Step::SiteAnalysis | Step::Benchmarking | Step::OptimizationStrategy => (1, 0, 1, 1),
        Step::Implementation => (1, 0, 5, 2),
        Step::OptimizationMonitoring => (1, 0, 1, 2),
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CostLine {
    pub item: String,
    pub quantity: f64,
    pub unit: String,
    pub usd: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CostReport {
    pub lines: Vec<CostLine>,
    pub total_usd: f64,
    pub prices_as_of: String,
    pub assumptions: Vec<String>,
}

/// Prices one execution from its history.
pub fn estimate(history: &[HistoryEvent]) -> CostReport {
    let transitions = history
        .iter()
        .filter(|e| e.event_type.ends_with("StateEntered"))
        .count() as f64;
    // Per state in flight: when its task started and its function's memory in MB.
    let mut started: HashMap<String, (chrono::DateTime<chrono::Utc>, f64)> = HashMap::new();
    let (mut invocations, mut gb_seconds) = (0.0, 0.0);
    let (mut writes, mut reads, mut puts, mut gets) = (1.0, 0.0, 0.0, 0.0); // the trigger's record
                                                                            // Per model id: input and output tokens of the steps that succeeded.
    let mut model_tokens: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for e in history {
        let details = e.details.value();
        let resource_fn = || -> Option<Step> {
            let params = details.get("parameters")?;
            let name = params.get("FunctionName").and_then(Value::as_str)?;
            Step::from_function_name(name)
        };
        match e.event_type.as_str() {
            "TaskScheduled" => {
                if let (Some(state), Some(step)) = (&e.state_name, resource_fn()) {
                    started.insert(state.clone(), (e.timestamp, memory_mb(step)));
                    invocations += 1.0;
                    let (w, r, p, g) = requests(step);
                    writes += f64::from(w);
                    reads += f64::from(r);
                    puts += f64::from(p);
                    gets += f64::from(g);
                }
            }
            "TaskSucceeded" | "TaskFailed" | "TaskTimedOut" => {
                if let Some(state) = &e.state_name {
                    if let Some((t0, memory)) = started.get(state) {
                        // Lambda bills every started millisecond.
                        let ms = ((e.timestamp - *t0).num_microseconds().unwrap_or(0) as f64
                            / 1000.0)
                            .ceil()
                            .max(1.0);
                        gb_seconds += ms / 1000.0 * (memory / 1024.0);
                    }
                    if let Some(usage) = details.pointer("/output/Payload/summary/model") {
                        let id = usage["modelId"].as_str().unwrap_or("unknown model");
                        let tokens = model_tokens.entry(id.to_string()).or_insert((0, 0));
                        tokens.0 += usage["inputTokens"].as_u64().unwrap_or(0);
                        tokens.1 += usage["outputTokens"].as_u64().unwrap_or(0);
                    }
                    if e.event_type == "TaskSucceeded" && state == "Deploy" {
                        let files = details
                            .pointer("/output/Payload/summary/files")
                            .and_then(Value::as_u64)
                            .unwrap_or(0);
                        puts += files as f64;
                    }
                }
            }
            _ => {}
        }
    }
    let line = |item: &str, quantity: f64, unit: &str, price: f64| CostLine {
        item: item.into(),
        quantity,
        unit: unit.into(),
        usd: quantity * price,
    };
    let mut lines = vec![
        line(
            "Step Functions state transitions",
            transitions,
            "transitions",
            STATE_TRANSITION,
        ),
        line("Lambda requests", invocations, "requests", LAMBDA_REQUEST),
        line(
            "Lambda compute (arm64)",
            gb_seconds,
            "GB-seconds",
            LAMBDA_ARM_GB_SECOND,
        ),
        line(
            "DynamoDB writes",
            writes,
            "write request units",
            DYNAMODB_WRITE_UNIT,
        ),
        line(
            "DynamoDB reads",
            reads + 1.0,
            "read request units",
            DYNAMODB_READ_UNIT,
        ),
        line("S3 PUT requests", puts, "requests", S3_PUT),
        line("S3 GET requests", gets, "requests", S3_GET),
    ];
    let mut assumptions = Vec::new();
    for (id, (input, output)) in &model_tokens {
        let (input_price, output_price) = model_price(id).unwrap_or_else(|| {
            assumptions.push(format!(
                "no price is known for {id}: its tokens are listed at $0"
            ));
            (0.0, 0.0)
        });
        lines.push(line(
            &format!("{id} input"),
            *input as f64,
            "tokens",
            input_price,
        ));
        lines.push(line(
            &format!("{id} output"),
            *output as f64,
            "tokens",
            output_price,
        ));
    }
    let total_usd = lines.iter().map(|l| l.usd).sum();
    let prices_as_of = if model_tokens.is_empty() {
        PRICES_AS_OF.to_string()
    } else {
        format!("{PRICES_AS_OF}; models {MODEL_PRICES_AS_OF}")
    };
    assumptions.extend([

            "Lambda durations are those measured in this history; on AWS, cold starts and network calls lengthen them".into(),
            "each status or artifact write is one request unit (items under 1 KB; the final record may take a few)".into(),
            "one status read when the result is checked with GET /status; API Gateway, CloudFront, storage and logs are not included".into(),
    ]);
    CostReport {
        lines,
        total_usd,
        prices_as_of,
        assumptions,
    }
}
