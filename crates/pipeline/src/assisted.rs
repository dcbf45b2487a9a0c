//! The workers with a language model: each asks the model for its part of the artifact
//! (the `code24_domain::copy` types: content and choices, never HTML), with the brief,
//! the market intelligence and every earlier output in the prompt, and the built-in
//! draft as a starting point. The answer is checked by the domain's rules, repaired at
//! most twice, and merged into the built-in artifact.

use crate::handler::StepError;
use code24_domain::brand::Brand;
use code24_domain::copy::{check_site_copy, BrandCopy, CompetitionCopy, DesignCopy, ResearchCopy};
use code24_domain::design::Design;
use code24_domain::research::{CompetitiveAnalysis, MarketIntelligence, MarketResearch};
use code24_domain::site::SiteCopy;
use code24_domain::Brief;
use code24_model::{generate, Generated, ModelBackend, Task};
use serde::Serialize;
use serde_json::{json, Value};

/// What one step's model calls used, for the status output and the cost estimate.
pub fn usage_summary<T>(g: &Generated<T>) -> Value {
    json!({
        "modelId": g.model_id,
        "inputTokens": g.usage.input_tokens,
        "outputTokens": g.usage.output_tokens,
        "requests": g.requests,
        "latencyMs": g.latency.as_millis() as u64,
    })
}

const RULES: &str = "Write plain text for a small business website, in the language of the brief. \
Never invent numbers, statistics, prices, dates, testimonials, customer names, awards, certifications \
or sources: use a figure only if the brief contains it. Describe competitors by kind, never by name. \
No URLs, e-mail addresses, markup or placeholder text. Answer only with the JSON object the schema describes.";

fn system(role: &str) -> String {
    format!("You are the {role} on Code24's website team. {RULES}")
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn brief_block(brief: &Brief) -> String {
    format!("The brief:\n{}", pretty(brief))
}

/// Asks for a `T` that `check` accepts: the answer and the step's model usage.
async fn ask<T, F>(model: &dyn ModelBackend, task: &Task, check: F) -> Result<(T, Value), StepError>
where
    T: serde::de::DeserializeOwned + code24_model::JsonSchema,
    F: Fn(&T) -> Vec<String>,
{
    let g = generate::<T, _>(model, task, check)
        .await
        .map_err(StepError::Model)?;
    let usage = usage_summary(&g);
    Ok((g.value, usage))
}

pub async fn market_research(
    model: &dyn ModelBackend,
    brief: &Brief,
    draft: MarketResearch,
) -> Result<(MarketResearch, Value), StepError> {
    let task = Task {
        system: system("market researcher"),
        prompt: format!(
            "{}\n\nA draft from our knowledge base for this kind of business:\n{}\n\nWrite the audiences, customer needs, the questions customers ask before choosing, trust signals and search keywords for this business specifically.",
            brief_block(brief),
            pretty(&json!({"audiences": draft.audiences, "customerNeeds": draft.customer_needs,
                "customerQuestions": draft.customer_questions, "trustSignals": draft.trust_signals,
                "keywords": draft.keywords}))
        ),
        max_tokens: 1500,
    };
    let (answer, usage) = ask::<ResearchCopy, _>(model, &task, |c| c.check(brief)).await?;
    Ok((answer.merge(draft), usage))
}

pub async fn competitive_analysis(
    model: &dyn ModelBackend,
    brief: &Brief,
    draft: CompetitiveAnalysis,
) -> Result<(CompetitiveAnalysis, Value), StepError> {
    let task = Task {
        system: system("competitive analyst"),
        prompt: format!(
            "{}\n\nA draft from our knowledge base:\n{}\n\nDescribe 2 to 4 kinds of competitor this business meets, what they usually compete on, and where this business can stand out.",
            brief_block(brief),
            pretty(&draft.competitor_kinds)
        ),
        max_tokens: 1200,
    };
    let (answer, usage) = ask::<CompetitionCopy, _>(model, &task, |c| c.check(brief)).await?;
    Ok((answer.merge(draft), usage))
}

pub async fn brand(
    model: &dyn ModelBackend,
    brief: &Brief,
    mi: &MarketIntelligence,
    draft: Brand,
) -> Result<(Brand, Value), StepError> {
    let task = Task {
        system: system("brand strategist"),
        prompt: format!(
            "{}\n\nThe market intelligence:\n{}\n\nOur draft brand:\n{}\n\nWrite the positioning (naming the business), the audience, a tagline, the voice, and choose the primary colour.",
            brief_block(brief),
            pretty(&json!({"audiences": mi.research.audiences, "competitors": mi.competition.competitor_kinds, "opportunities": mi.opportunities})),
            pretty(&json!({"positioning": draft.positioning, "audience": draft.audience, "tagline": draft.tagline,
                "voice": draft.voice, "primaryColor": draft.palette.primary}))
        ),
        max_tokens: 1000,
    };
    let (answer, usage) = ask::<BrandCopy, _>(model, &task, |c| c.check(brief)).await?;
    let seed = format!("{}|{}", brief.name, brief.description);
    let merged = answer
        .merge(draft, &seed)
        .map_err(|e| StepError::BrandRejected(e.to_string()))?;
    Ok((merged, usage))
}

pub async fn design(
    model: &dyn ModelBackend,
    brief: &Brief,
    mi: &MarketIntelligence,
    brand: &Brand,
    draft: Design,
) -> Result<(Design, Value), StepError> {
    let task = Task {
        system: system("designer"),
        prompt: format!(
            "{}\n\nThe market intelligence:\n{}\n\nThe brand:\n{}\n\nOur draft design:\n{}\n\nWrite the section headings and the call to action: its button label and the steps that follow a click.",
            brief_block(brief),
            pretty(&json!({"audiences": mi.research.audiences, "customerQuestions": mi.research.customer_questions})),
            pretty(&json!({"positioning": brand.positioning, "tagline": brand.tagline, "voice": brand.voice})),
            pretty(&json!({"pages": draft.pages, "cta": draft.cta}))
        ),
        max_tokens: 1000,
    };
    let (answer, usage) = ask::<DesignCopy, _>(model, &task, |c| c.check(brief)).await?;
    Ok((answer.merge(draft), usage))
}

/// The developer's writing: the page texts around what the brief and the earlier
/// artifacts already say. The model never writes HTML; the site is rendered from this.
pub async fn site_copy(
    model: &dyn ModelBackend,
    brief: &Brief,
    mi: &MarketIntelligence,
    brand: &Brand,
    design: &Design,
    draft: SiteCopy,
) -> Result<(SiteCopy, Value), StepError> {
    let offerings = &mi.research.description.offerings;
    let task = Task {
        system: system("web developer and copywriter"),
        prompt: format!(
            "{}\n\nThe market intelligence:\n{}\n\nThe brand:\n{}\n\nThe design:\n{}\n\nThe offerings, in order: {}\n\nThe questions the site answers, with the answers the brief grounds:\n{}\n\nOur draft page copy:\n{}\n\nWrite the home page's meta description, the hero paragraph, one line for each offering (in the same order), the about page's opening paragraph, the offer page's opening paragraph, and one answer for each question above, in the same order: say what the grounded answer says in the brand's voice, keep every figure in it and add no fact it does not state.",
            brief_block(brief),
            pretty(&json!({"audiences": mi.research.audiences, "customerNeeds": mi.research.customer_needs,
                "customerQuestions": mi.research.customer_questions, "keywords": mi.research.keywords})),
            pretty(&json!({"positioning": brand.positioning, "tagline": brand.tagline, "voice": brand.voice})),
            pretty(&json!({"pages": design.pages, "cta": design.cta})),
            pretty(offerings),
            pretty(&design.faq),
            pretty(&draft)
        ),
        max_tokens: 2000,
    };
    let (answer, usage) = ask::<SiteCopy, _>(model, &task, |c| {
        check_site_copy(c, brief, offerings.len(), &design.faq)
    })
    .await?;
    Ok((answer, usage))
}
