//! The OptimizationWorkflow's decisions: the request it accepts, the competitive benchmark
//! (competitors' audits side by side, or the knowledge base's market facts), and the plan
//! of prioritised recommendations, each tied to the finding or market fact behind it.
//! Pure: fetching and auditing happen in the pipeline.

use crate::knowledge::{business_profile, goal_profile, Resolution, KNOWLEDGE_BASE_SOURCE};
use crate::optimization::audit::AuditReport;
use crate::optimization::patch::AUTOMATED_FIXES;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The optimization types the OptimizationWorkflow accepts.
pub const OPTIMIZATION_TYPES: [&str; 6] = [
    "full",
    "seo",
    "performance",
    "accessibility",
    "conversion",
    "content",
];

/// Most competitor URLs one request may list.
pub const MAX_COMPETITORS: usize = 5;

/// `POST /trigger/optimize` and `code24 optimize`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptimizeRequest {
    pub url: String,
    pub business_type: String,
    pub primary_goal: String,
    pub optimization_type: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competitors: Vec<String>,
}

/// What is wrong with a request; `field` names the part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RequestError {
    pub field: String,
    pub message: String,
}

fn refuse(field: &str, message: impl Into<String>) -> RequestError {
    RequestError {
        field: field.to_string(),
        message: message.into(),
    }
}

fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && url::Url::parse(url).is_ok_and(|u| u.host_str().is_some())
}

impl OptimizeRequest {
    /// Reads and checks a request body.
    pub fn from_value(value: &Value) -> Result<OptimizeRequest, RequestError> {
        let Value::Object(map) = value else {
            return Err(refuse("body", "must be a JSON object"));
        };
        let known = [
            "url",
            "businessType",
            "primaryGoal",
            "optimizationType",
            "competitors",
        ];
        if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(refuse(
                unknown,
                format!("unknown field; the fields are {}", known.join(", ")),
            ));
        }
        let text = |field: &str| match map.get(field) {
            Some(Value::String(s)) if !s.trim().is_empty() && s.len() <= 2048 => {
                Ok(s.trim().to_string())
            }
            Some(Value::String(_)) => Err(refuse(
                field,
                "must be a non-empty string of at most 2048 bytes",
            )),
            Some(_) => Err(refuse(field, "must be a string")),
            None => Err(refuse(field, "is required")),
        };
        let url = text("url")?;
        let business_type = text("businessType")?;
        let primary_goal = text("primaryGoal")?;
        let optimization_type = text("optimizationType")?;
        if !OPTIMIZATION_TYPES.contains(&optimization_type.as_str()) {
            return Err(refuse(
                "optimizationType",
                format!("must be one of {}", OPTIMIZATION_TYPES.join(", ")),
            ));
        }
        if !is_web_url(&url) {
            return Err(refuse("url", "must be an http or https URL with a host"));
        }
        let competitors = match map.get("competitors") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) if items.len() <= MAX_COMPETITORS => items
                .iter()
                .map(|v| match v.as_str() {
                    Some(u) if is_web_url(u) && u.len() <= 2048 => Ok(u.to_string()),
                    _ => Err(refuse(
                        "competitors",
                        "each competitor must be an http or https URL",
                    )),
                })
                .collect::<Result<_, _>>()?,
            Some(Value::Array(_)) => {
                return Err(refuse(
                    "competitors",
                    format!("at most {MAX_COMPETITORS} competitors"),
                ))
            }
            Some(_) => return Err(refuse("competitors", "must be a list of URLs")),
        };
        Ok(OptimizeRequest {
            url,
            business_type,
            primary_goal,
            optimization_type,
            competitors,
        })
    }

    /// Whether an audit is in scope for this request's optimization type.
    pub fn covers(&self, audit_id: &str, category: &str) -> bool {
        match self.optimization_type.as_str() {
            "full" => true,
            "seo" => category == "seo",
            "performance" => category == "performance",
            "accessibility" => category == "accessibility" || category == "best-practices",
            "conversion" => [
                "content-cta",
                "content-contact",
                "content-trust",
                "content-headline",
                "link-text",
            ]
            .contains(&audit_id),
            "content" => category == "content" || audit_id == "meta-description",
            _ => false,
        }
    }
}

/// One competitor's audit, or why it could not be audited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompetitorAudit {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<AuditReport>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// An audit competitors pass and the site fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    pub audit_id: String,
    pub competitors_passing: Vec<String>,
}

/// What the knowledge base says the market expects; no figures, only its entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketFacts {
    pub business_type: Resolution,
    pub primary_goal: Resolution,
    pub audiences: Vec<String>,
    pub trust_signals: Vec<String>,
    pub call_to_action: String,
    pub goal_events: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Benchmark {
    /// The site's category scores, and each audited competitor's.
    pub scores: BTreeMap<String, BTreeMap<String, u32>>,
    pub competitors: Vec<CompetitorAudit>,
    pub gaps: Vec<Gap>,
    pub market: MarketFacts,
}

/// The market facts for a business type and goal.
pub fn market_facts(business_type: &str, primary_goal: &str) -> MarketFacts {
    let (profile, business) = business_profile(business_type, "");
    let (goal, goal_resolution) = goal_profile(primary_goal);
    MarketFacts {
        business_type: business,
        primary_goal: goal_resolution,
        audiences: profile.audiences.iter().map(|s| s.to_string()).collect(),
        trust_signals: profile.trust.iter().map(|s| s.to_string()).collect(),
        call_to_action: goal.cta.to_string(),
        goal_events: goal.events.iter().map(|s| s.to_string()).collect(),
        source: KNOWLEDGE_BASE_SOURCE.to_string(),
    }
}

/// The site's audit beside its competitors'.
pub fn benchmark(
    request: &OptimizeRequest,
    site: &AuditReport,
    competitors: Vec<CompetitorAudit>,
) -> Benchmark {
    let mut scores = BTreeMap::new();
    scores.insert(request.url.clone(), site.scores.clone());
    for c in &competitors {
        if let Some(r) = &c.report {
            scores.insert(c.url.clone(), r.scores.clone());
        }
    }
    let gaps = site
        .audits
        .iter()
        .filter(|a| !a.pass)
        .filter_map(|a| {
            let passing: Vec<String> = competitors
                .iter()
                .filter(|c| {
                    c.report
                        .as_ref()
                        .is_some_and(|r| r.audits.iter().any(|b| b.id == a.id && b.pass))
                })
                .map(|c| c.url.clone())
                .collect();
            (!passing.is_empty()).then(|| Gap {
                audit_id: a.id.clone(),
                competitors_passing: passing,
            })
        })
        .collect();
    Benchmark {
        scores,
        competitors,
        gaps,
        market: market_facts(&request.business_type, &request.primary_goal),
    }
}

/// Why a recommendation is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Motivation {
    /// A failing audit of the site.
    Finding { audit_id: String, details: String },
    /// An entry of the knowledge base (or a competitor's audit).
    MarketFact { fact: String, source: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub id: String,
    /// `technical`, `design`, `brand` or `content`.
    pub area: String,
    pub title: String,
    /// `high`, `medium` or `low`.
    pub impact: String,
    /// `low`, `medium` or `high`.
    pub effort: String,
    /// 1 is done first: high impact for low effort ranks highest.
    pub priority: u32,
    pub motivated_by: Vec<Motivation>,
    /// Whether the implementation step applies it (else it is for a person to do).
    pub automated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptimizationPlan {
    pub optimization_type: String,
    pub recommendations: Vec<Recommendation>,
}

impl OptimizationPlan {
    /// The audit ids of the recommendations the implementation applies.
    pub fn automated_fixes(&self) -> std::collections::HashSet<&str> {
        self.recommendations
            .iter()
            .filter(|r| r.automated)
            .map(|r| r.id.as_str())
            .collect()
    }

    /// The recommendations `changes` did not carry out: left for a person.
    pub fn left_after(&self, changes: &[crate::optimization::patch::Change]) -> Vec<String> {
        self.recommendations
            .iter()
            .filter(|r| !changes.iter().any(|c| c.audit_id == r.id))
            .map(|r| r.id.clone())
            .collect()
    }
}

/// What fixing each audit is: area, title, impact, effort.
fn remedy(audit_id: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    match audit_id {
        "document-title" => ("technical", "Give the page a title", "high", "low"),
        "meta-description" => (
            "technical",
            "Describe the page for search results",
            "high",
            "low",
        ),
        "html-has-lang" | "html-lang-valid" => {
            ("technical", "Declare the page's language", "medium", "low")
        }
        "viewport" => ("design", "Make the page fit mobile screens", "high", "low"),
        "charset" => ("technical", "Declare the character set", "low", "low"),
        "image-alt" => (
            "content",
            "Describe images for screen readers",
            "high",
            "low",
        ),
        "link-name" => ("technical", "Name every link", "high", "low"),
        "button-name" => ("technical", "Name every button", "high", "low"),
        "label" => ("technical", "Label every form field", "high", "low"),
        "frame-title" => ("technical", "Title every embedded frame", "medium", "low"),
        "heading-order" => ("design", "Keep heading levels in order", "medium", "medium"),
        "color-contrast" => ("brand", "Raise text contrast to WCAG AA", "high", "medium"),
        "render-blocking-resources" => (
            "technical",
            "Stop scripts and styles blocking the first paint",
            "medium",
            "medium",
        ),
        "unsized-images" => (
            "technical",
            "Give images their size to stop layout shifts",
            "medium",
            "low",
        ),
        "uses-text-compression" => (
            "technical",
            "Serve text compressed (gzip or brotli)",
            "medium",
            "low",
        ),
        "total-byte-weight" => ("technical", "Make the page lighter", "medium", "high"),
        "request-count" => ("technical", "Load fewer files", "low", "medium"),
        "link-text" => ("content", "Say where links go", "medium", "low"),
        "crawlable-anchors" => ("technical", "Make links crawlable", "medium", "low"),
        "is-crawlable" => (
            "technical",
            "Let search engines index the page",
            "high",
            "low",
        ),
        "canonical" => ("technical", "Fix the canonical URL", "medium", "low"),
        "hreflang" => ("technical", "Fix hreflang links", "low", "low"),
        "duplicate-id-aria" => ("technical", "Make referenced ids unique", "medium", "low"),
        "doctype" => ("technical", "Start with <!DOCTYPE html>", "low", "low"),
        "is-on-https" => ("technical", "Serve the site over HTTPS", "high", "medium"),
        "deprecations" => ("technical", "Replace deprecated markup", "low", "medium"),
        "content-headline" => (
            "brand",
            "Say what you offer, for whom, in the headline",
            "high",
            "medium",
        ),
        "content-cta" => (
            "design",
            "Give the goal a clear call to action",
            "high",
            "low",
        ),
        "content-contact" => ("content", "Show how to get in touch", "high", "low"),
        "content-readability" => ("content", "Write shorter sentences", "medium", "medium"),
        "content-trust" => (
            "content",
            "Show why visitors can trust you",
            "high",
            "medium",
        ),
        "content-thin" => ("content", "Say more about what you offer", "medium", "high"),
        _ => ("technical", "Fix this audit", "medium", "medium"),
    }
}

fn rank(impact: &str, effort: &str) -> u32 {
    let i = match impact {
        "high" => 0,
        "medium" => 1,
        _ => 2,
    };
    let e = match effort {
        "low" => 0,
        "medium" => 1,
        _ => 2,
    };
    i * 3 + e
}

/// The plan: one recommendation per failing audit in scope, motivated by the finding
/// (and by competitors that pass it, or by the market fact that makes it matter),
/// ordered by impact for effort.
pub fn plan(request: &OptimizeRequest, site: &AuditReport, bench: &Benchmark) -> OptimizationPlan {
    let market = &bench.market;
    let mut recommendations: Vec<Recommendation> = site
        .audits
        .iter()
        .filter(|a| !a.pass && request.covers(&a.id, &a.category))
        .map(|a| {
            let (area, title, impact, effort) = remedy(&a.id);
            let mut motivated_by = vec![Motivation::Finding {
                audit_id: a.id.clone(),
                details: a.details.clone(),
            }];
            if let Some(gap) = bench.gaps.iter().find(|g| g.audit_id == a.id) {
                motivated_by.push(Motivation::MarketFact {
                    fact: format!(
                        "competitors pass it: {}",
                        gap.competitors_passing.join(", ")
                    ),
                    source: "competitor audits".into(),
                });
            }
            let fact = match a.id.as_str() {
                "content-cta" => Some(format!(
                    "for {} the call to action is {:?}",
                    market.primary_goal.resolved, market.call_to_action
                )),
                "content-trust" if !market.trust_signals.is_empty() => Some(format!(
                    "visitors to a {} look for: {}",
                    market.business_type.resolved,
                    market.trust_signals.join("; ")
                )),
                "content-headline" if !market.audiences.is_empty() => Some(format!(
                    "the audiences to speak to: {}",
                    market.audiences.join("; ")
                )),
                _ => None,
            };
            if let Some(fact) = fact {
                motivated_by.push(Motivation::MarketFact {
                    fact,
                    source: market.source.clone(),
                });
            }
            Recommendation {
                id: a.id.clone(),
                area: area.into(),
                title: title.into(),
                impact: impact.into(),
                effort: effort.into(),
                priority: 0,
                motivated_by,
                automated: AUTOMATED_FIXES.contains(&a.id.as_str()),
            }
        })
        .collect();
    recommendations.sort_by_key(|r| (rank(&r.impact, &r.effort), !r.automated, r.id.clone()));
    for (n, r) in recommendations.iter_mut().enumerate() {
        r.priority = n as u32 + 1;
    }
    OptimizationPlan {
        optimization_type: request.optimization_type.clone(),
        recommendations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimization::audit::Audit;

    fn report(failing: &[(&str, &str)]) -> AuditReport {
        let all = [
            ("meta-description", "seo"),
            ("heading-order", "accessibility"),
            ("total-byte-weight", "performance"),
            ("content-cta", "content"),
            ("content-trust", "content"),
        ];
        AuditReport {
            url: "https://shop.test/".into(),
            audits: all
                .iter()
                .map(|(id, category)| Audit {
                    id: id.to_string(),
                    category: category.to_string(),
                    pass: !failing.iter().any(|(f, _)| f == id),
                    details: format!("{id} details"),
                })
                .collect(),
            scores: BTreeMap::new(),
        }
    }

    fn request(kind: &str) -> OptimizeRequest {
        OptimizeRequest::from_value(&serde_json::json!({"url": "https://shop.test/",
            "businessType": "bakery", "primaryGoal": "online_orders", "optimizationType": kind}))
        .unwrap()
    }

    #[test]
    fn the_plan_ranks_by_impact_for_effort_and_cites_its_reasons() {
        let site = report(&[
            ("total-byte-weight", ""),
            ("heading-order", ""),
            ("meta-description", ""),
            ("content-cta", ""),
        ]);
        let competitor = CompetitorAudit {
            url: "https://rival.test/".into(),
            report: Some(report(&[])),
            error: None,
        };
        let bench = benchmark(&request("full"), &site, vec![competitor]);
        assert_eq!(bench.gaps.len(), 4);
        let plan = plan(&request("full"), &site, &bench);
        let ids: Vec<&str> = plan.recommendations.iter().map(|r| r.id.as_str()).collect();
        // high/low first (automated before not), then medium/medium, then medium/high.
        assert_eq!(
            ids,
            [
                "meta-description",
                "content-cta",
                "heading-order",
                "total-byte-weight"
            ]
        );
        assert_eq!(plan.recommendations[0].priority, 1);
        assert!(plan.recommendations[0].automated && !plan.recommendations[1].automated);
        let cta = &plan.recommendations[1];
        assert!(
            matches!(&cta.motivated_by[0], Motivation::Finding { audit_id, .. } if audit_id == "content-cta")
        );
        assert!(cta.motivated_by.iter().any(
            |m| matches!(m, Motivation::MarketFact { source, .. } if source == "competitor audits")
        ));
        assert!(cta.motivated_by.iter().any(|m| matches!(m, Motivation::MarketFact { source, .. } if source == KNOWLEDGE_BASE_SOURCE)));
        // The optimization type scopes the plan.
        let seo = plan_for("seo", &site, &bench);
        assert_eq!(seo, ["meta-description"]);
        let conversion = plan_for("conversion", &site, &bench);
        assert_eq!(conversion, ["content-cta"]);
    }

    fn plan_for(kind: &str, site: &AuditReport, bench: &Benchmark) -> Vec<String> {
        plan(&request(kind), site, bench)
            .recommendations
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn requests_are_checked_field_by_field() {
        let good = serde_json::json!({"url": "https://shop.test/", "businessType": "bakery",
            "primaryGoal": "orders", "optimizationType": "seo", "competitors": ["https://a.test/"]});
        assert_eq!(
            OptimizeRequest::from_value(&good)
                .unwrap()
                .competitors
                .len(),
            1
        );
        for (change, field) in [
            (
                serde_json::json!({"optimizationType": "faster"}),
                "optimizationType",
            ),
            (serde_json::json!({"url": "javascript:alert(1)"}), "url"),
            (serde_json::json!({"url": "https://"}), "url"),
            (serde_json::json!({"businessType": "  "}), "businessType"),
            (serde_json::json!({"primaryGoal": 7}), "primaryGoal"),
            (
                serde_json::json!({"competitors": ["ftp://a.test/"]}),
                "competitors",
            ),
            (
                serde_json::json!({"competitors": vec!["https://a.test/"; 6]}),
                "competitors",
            ),
            (serde_json::json!({"extra": true}), "extra"),
        ] {
            let mut body = good.clone();
            for (k, v) in change.as_object().unwrap() {
                body[k] = v.clone();
            }
            assert_eq!(
                OptimizeRequest::from_value(&body).unwrap_err().field,
                field,
                "{body}"
            );
        }
        assert_eq!(
            OptimizeRequest::from_value(&serde_json::json!([]))
                .unwrap_err()
                .field,
            "body"
        );
    }
}
