//! What each BuildWorkflow step says about its artifact: the `summary` beside the
//! artifact's key in the execution state. RecordResult gathers them into the workflow's
//! output (`GET /status/{id}`), and the dashboard reads them back with these same types.
//! Serialized in camelCase; a summary read back may carry more fields (the `artifactKey`
//! RecordResult adds, a worker's `model` usage), which reading ignores.

use code24_domain::analytics::AnalyticsSetup;
use code24_domain::brand::Brand;
use code24_domain::design::Design;
use code24_domain::knowledge::{LayoutFamily, Resolution, TypeStyle};
use code24_domain::research::{CompetitiveAnalysis, Insight, MarketIntelligence, MarketResearch};
use code24_domain::site::Site;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A summary as the JSON the state machine carries.
pub fn to_json<S: Serialize>(summary: &S) -> Value {
    // Plain structs of strings, numbers and lists: serializing them cannot fail.
    serde_json::to_value(summary).unwrap_or_default()
}

/// A summary read back from a workflow's output; `None` if it is missing or of another
/// shape (an older record, say).
pub fn from_json<S: for<'de> Deserialize<'de>>(value: &Value) -> Option<S> {
    S::deserialize(value).ok()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketResearchSummary {
    pub category: String,
    pub business_type: Resolution,
    pub primary_goal: Resolution,
    pub audiences: Vec<String>,
}

impl MarketResearchSummary {
    pub fn of(r: &MarketResearch) -> MarketResearchSummary {
        MarketResearchSummary {
            category: r.category.clone(),
            business_type: r.business_type.clone(),
            primary_goal: r.primary_goal.clone(),
            audiences: r.audiences.iter().map(|a| a.text.clone()).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompetitiveAnalysisSummary {
    pub competitor_kinds: Vec<String>,
}

impl CompetitiveAnalysisSummary {
    pub fn of(c: &CompetitiveAnalysis) -> CompetitiveAnalysisSummary {
        CompetitiveAnalysisSummary {
            competitor_kinds: c.competitor_kinds.iter().map(|k| k.kind.clone()).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketIntelligenceSummary {
    pub business_type: Resolution,
    pub primary_goal: Resolution,
    pub category: String,
    pub audiences: Vec<String>,
    pub opportunities: Vec<Insight>,
    pub sources: Vec<String>,
}

impl MarketIntelligenceSummary {
    pub fn of(mi: &MarketIntelligence) -> MarketIntelligenceSummary {
        MarketIntelligenceSummary {
            business_type: mi.business_type.clone(),
            primary_goal: mi.primary_goal.clone(),
            category: mi.research.category.clone(),
            audiences: mi
                .research
                .audiences
                .iter()
                .map(|a| a.text.clone())
                .collect(),
            opportunities: mi.opportunities.clone(),
            sources: mi.sources.clone(),
        }
    }
}

/// The four colours a person looks at first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaletteSummary {
    pub primary: String,
    pub accent: String,
    pub background: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrandSummary {
    pub tagline: String,
    pub positioning: String,
    pub voice: Vec<String>,
    pub palette: PaletteSummary,
    /// The lowest contrast ratio of the text pairs that must reach 4.5:1.
    pub minimum_text_contrast: f64,
    pub typography: TypeStyle,
}

impl BrandSummary {
    pub fn of(b: &Brand) -> BrandSummary {
        let p = &b.palette;
        BrandSummary {
            tagline: b.tagline.clone(),
            positioning: b.positioning.clone(),
            voice: b.voice.traits.clone(),
            palette: PaletteSummary {
                primary: p.primary.clone(),
                accent: p.accent.clone(),
                background: p.background.clone(),
                text: p.text.clone(),
            },
            minimum_text_contrast: p
                .checks
                .iter()
                .filter(|c| c.required >= 4.5)
                .map(|c| c.ratio)
                .fold(f64::INFINITY, f64::min),
            typography: b.typography.style,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageSummary {
    pub path: String,
    /// The section ids, in order.
    pub sections: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DesignSummary {
    pub layout: LayoutFamily,
    pub pages: Vec<PageSummary>,
    /// The call to action's label.
    pub cta: String,
    pub questions_answered: usize,
    pub notices: Vec<String>,
}

impl DesignSummary {
    pub fn of(d: &Design) -> DesignSummary {
        DesignSummary {
            layout: d.layout,
            pages: d
                .pages
                .iter()
                .map(|p| PageSummary {
                    path: p.path.clone(),
                    sections: p.sections.iter().map(|s| s.id.clone()).collect(),
                })
                .collect(),
            cta: d.cta.label.clone(),
            questions_answered: d.faq.len(),
            notices: d.notices.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteSummary {
    pub site_id: String,
    pub files: Vec<String>,
    pub bytes: usize,
    /// Always 0: a site with findings fails the quality gate instead.
    pub quality_findings: usize,
}

impl SiteSummary {
    pub fn of(s: &Site) -> SiteSummary {
        SiteSummary {
            site_id: s.site_id.clone(),
            files: s.files.iter().map(|f| f.path.clone()).collect(),
            bytes: s.total_bytes(),
            quality_findings: 0,
        }
    }
}

/// The Deploy step's artifact and its summary alike: one published version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub site_id: String,
    pub version: u64,
    /// Where the live version is served.
    pub url: String,
    /// Where the store keeps it (a directory, an S3 prefix).
    pub location: String,
    /// The folder holding it, when it is on this machine.
    pub local_path: Option<String>,
    pub files: usize,
    pub bytes: usize,
    pub deployed_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsSummary {
    pub collect_endpoint: String,
    pub cookies: bool,
    pub snippet_bytes: usize,
    pub events: Vec<String>,
    pub health_checks: usize,
}

impl AnalyticsSummary {
    pub fn of(setup: &AnalyticsSetup) -> AnalyticsSummary {
        AnalyticsSummary {
            collect_endpoint: setup.collect_endpoint.clone(),
            cookies: setup.cookies,
            snippet_bytes: setup.snippet_bytes,
            events: setup.events.iter().map(|e| e.name.clone()).collect(),
            health_checks: setup.health_checks.len(),
        }
    }
}
