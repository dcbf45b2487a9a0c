//! The market-intelligence workers: market research, competitive analysis, and the
//! combination of both. Every claim carries its source: the brief or the knowledge base.

use crate::brief::Brief;
use crate::knowledge::{business_profile, goal_profile, Resolution, KNOWLEDGE_BASE_SOURCE};
use crate::text::{describe, DescriptionParts};
use serde::{Deserialize, Serialize};

/// The `source` of claims read from the brief itself.
pub const BRIEF_SOURCE: &str = "brief";

/// One qualitative statement and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Insight {
    pub text: String,
    pub source: String,
}

impl Insight {
    fn kb(text: &str) -> Insight {
        Insight {
            text: text.to_string(),
            source: KNOWLEDGE_BASE_SOURCE.to_string(),
        }
    }

    fn brief(text: impl Into<String>) -> Insight {
        Insight {
            text: text.into(),
            source: BRIEF_SOURCE.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketResearch {
    pub business_type: Resolution,
    pub primary_goal: Resolution,
    pub category: String,
    pub description: DescriptionParts,
    pub audiences: Vec<Insight>,
    pub customer_needs: Vec<Insight>,
    pub customer_questions: Vec<Insight>,
    pub trust_signals: Vec<Insight>,
    pub keywords: Vec<Insight>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompetitorKind {
    pub kind: String,
    pub usual_pitch: String,
    pub opening: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompetitiveAnalysis {
    pub business_type: Resolution,
    /// Kinds of competitor, never named companies: naming real ones needs real research.
    pub competitor_kinds: Vec<CompetitorKind>,
    pub differentiators_in_brief: Vec<Insight>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketIntelligence {
    pub business_type: Resolution,
    pub primary_goal: Resolution,
    pub research: MarketResearch,
    pub competition: CompetitiveAnalysis,
    pub opportunities: Vec<Insight>,
    pub sources: Vec<String>,
}

/// The description read, with what the brief states outright taking precedence: its
/// `location` is the place and its `offerings` are the offerings.
pub fn brief_parts(brief: &Brief) -> DescriptionParts {
    let mut parts = describe(&brief.description);
    if let Some(location) = &brief.location {
        parts.place = Some(location.clone());
    }
    if !brief.offerings.is_empty() {
        parts.offerings = brief.offerings.iter().map(|o| o.name.clone()).collect();
    }
    parts
}

/// Who the business serves, what they need and ask, and the words they use.
pub fn market_research(brief: &Brief) -> MarketResearch {
    let (profile, business_type) = business_profile(&brief.business_type, &brief.description);
    let (_, primary_goal) = goal_profile(&brief.primary_goal);
    let description = brief_parts(brief);
    let mut audiences: Vec<Insight> = Vec::new();
    if let Some(who) = &description.audience {
        audiences.push(Insight::brief(who.clone()));
    }
    audiences.extend(profile.audiences.iter().map(|a| Insight::kb(a)));
    let mut keywords: Vec<Insight> = description
        .offerings
        .iter()
        .take(3)
        .map(|o| Insight::brief(o.to_lowercase()))
        .collect();
    if let Some(place) = &description.place {
        keywords.push(Insight::brief(place.clone()));
    }
    keywords.extend(profile.keywords.iter().map(|k| Insight::kb(k)));
    MarketResearch {
        business_type,
        primary_goal,
        category: profile.label.to_string(),
        description,
        audiences,
        customer_needs: profile.needs.iter().map(|n| Insight::kb(n)).collect(),
        customer_questions: profile.questions.iter().map(|q| Insight::kb(q)).collect(),
        trust_signals: profile.trust.iter().map(|t| Insight::kb(t)).collect(),
        keywords,
    }
}

/// The kinds of competitor this business meets and where it can stand apart.
pub fn competitive_analysis(brief: &Brief) -> CompetitiveAnalysis {
    let (profile, business_type) = business_profile(&brief.business_type, &brief.description);
    let description = brief_parts(brief);
    let mut differentiators: Vec<Insight> = description
        .offerings
        .iter()
        .map(|o| Insight::brief(o.clone()))
        .collect();
    if let Some(place) = &description.place {
        differentiators.push(Insight::brief(format!("Based in {place}")));
    }
    CompetitiveAnalysis {
        business_type,
        competitor_kinds: profile
            .competitors
            .iter()
            .map(|c| CompetitorKind {
                kind: c.kind.to_string(),
                usual_pitch: c.usual_pitch.to_string(),
                opening: c.opening.to_string(),
                source: KNOWLEDGE_BASE_SOURCE.to_string(),
            })
            .collect(),
        differentiators_in_brief: differentiators,
    }
}

/// Joins research and competition into one artifact with the opportunities they imply.
pub fn combine(research: MarketResearch, competition: CompetitiveAnalysis) -> MarketIntelligence {
    let mut opportunities: Vec<Insight> = competition
        .competitor_kinds
        .iter()
        .map(|c| Insight {
            text: format!(
                "Against {}, which usually compete on {}, stress {}.",
                c.kind, c.usual_pitch, c.opening
            ),
            source: c.source.clone(),
        })
        .collect();
    if !competition.differentiators_in_brief.is_empty() {
        let named: Vec<String> = competition
            .differentiators_in_brief
            .iter()
            .take(3)
            .map(|d| d.text.to_lowercase())
            .collect();
        opportunities.push(Insight::brief(format!(
            "Lead with what the brief names specifically: {}.",
            named.join("; ")
        )));
    }
    let mut sources: Vec<String> = Vec::new();
    let all = research
        .audiences
        .iter()
        .chain(&research.customer_needs)
        .chain(&research.keywords)
        .chain(&opportunities)
        .map(|i| &i.source);
    for s in all {
        if !sources.contains(s) {
            sources.push(s.clone());
        }
    }
    MarketIntelligence {
        business_type: research.business_type.clone(),
        primary_goal: research.primary_goal.clone(),
        research,
        competition,
        opportunities,
        sources,
    }
}
