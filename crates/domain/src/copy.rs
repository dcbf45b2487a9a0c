//! What a language model may write for each worker — content and choices, never HTML —
//! the rules an answer must pass, and how it is merged into the worker's artifact. Pure:
//! prompting and calling the model happen in the pipeline. The built-in artifact is the
//! base, so structure (section ids, URLs, the form, the palette's contrast) stays ours.
//!
//! The rules are the honesty rules of the built-in workers: no figure the brief does not
//! contain, no URLs or e-mail addresses, no markup, no placeholder text, and competitors
//! described by kind, never by name. Every merged claim has `"source": "model"`.

use crate::brand::{self, Brand, PaletteError};
use crate::brief::Brief;
use crate::color::Rgb;
use crate::design::{Design, SectionKind};
use crate::faq::Answered;
use crate::research::{CompetitiveAnalysis, CompetitorKind, Insight, MarketResearch};
use crate::site::SiteCopy;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The `source` of claims a model wrote.
pub const MODEL_SOURCE: &str = "model";

/// Collects rule violations, each naming the field.
pub struct Rules {
    /// Where a figure may come from: everything the brief states (see
    /// [`Brief::stated_text`]), prices and hours included.
    brief_text: String,
    errors: Vec<String>,
}

impl Rules {
    pub fn new(brief: &Brief) -> Rules {
        Rules {
            brief_text: brief.stated_text(),
            errors: Vec::new(),
        }
    }

    fn fail(&mut self, field: &str, message: String) {
        self.errors.push(format!("{field}: {message}"));
    }

    /// One piece of text: its length in characters, and the honesty rules.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) {
        let trimmed = value.trim();
        let chars = trimmed.chars().count();
        if chars < min || chars > max {
            self.fail(
                field,
                format!("must be {min} to {max} characters, not {chars}"),
            );
        }
        let lower = trimmed.to_lowercase();
        // The quality gate's placeholder list, and template brackets such as "[Your name]".
        let placeholders = crate::quality::PLACEHOLDERS.iter().chain(&["["]);
        if let Some(p) = placeholders.into_iter().find(|p| lower.contains(**p)) {
            self.fail(
                field,
                format!("'{trimmed}' contains placeholder text ('{p}')"),
            );
        }
        if trimmed.contains('<') || trimmed.contains('>') {
            self.fail(field, "must be plain text, without markup".into());
        }
        if lower.contains("http") || lower.contains("www.") || trimmed.contains('@') {
            self.fail(field, "must not contain URLs or e-mail addresses".into());
        }
        for figure in figures(trimmed) {
            if !self.brief_text.contains(&figure) {
                self.fail(
                    field,
                    format!("'{figure}' is a figure the brief does not contain; never invent numbers or statistics"),
                );
            }
        }
    }

    /// A list: its length, then each entry as [`Rules::text`].
    pub fn list(
        &mut self,
        field: &str,
        values: &[String],
        count: (usize, usize),
        chars: (usize, usize),
    ) {
        if values.len() < count.0 || values.len() > count.1 {
            self.fail(
                field,
                format!(
                    "give {} to {} entries, not {}",
                    count.0,
                    count.1,
                    values.len()
                ),
            );
        }
        for (i, v) in values.iter().enumerate() {
            self.text(&format!("{field}[{i}]"), v, chars.0, chars.1);
        }
    }

    pub fn finish(self) -> Vec<String> {
        self.errors
    }
}

/// Every run of digits in `text`.
fn figures(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The market researcher's writing: who the customers are and what they need and ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResearchCopy {
    /// Customer groups, most important first.
    pub audiences: Vec<String>,
    pub customer_needs: Vec<String>,
    /// Questions customers ask before choosing (as questions).
    pub customer_questions: Vec<String>,
    /// What makes this kind of business trustworthy to them.
    pub trust_signals: Vec<String>,
    /// Words and phrases customers search with.
    pub keywords: Vec<String>,
}

impl ResearchCopy {
    pub fn check(&self, brief: &Brief) -> Vec<String> {
        let mut r = Rules::new(brief);
        r.list("audiences", &self.audiences, (2, 5), (8, 140));
        r.list("customerNeeds", &self.customer_needs, (2, 6), (8, 160));
        r.list(
            "customerQuestions",
            &self.customer_questions,
            (2, 6),
            (8, 160),
        );
        r.list("trustSignals", &self.trust_signals, (2, 6), (8, 160));
        r.list("keywords", &self.keywords, (3, 10), (2, 60));
        for (i, q) in self.customer_questions.iter().enumerate() {
            if !q.trim_end().ends_with('?') {
                r.fail(
                    &format!("customerQuestions[{i}]"),
                    "must be a question ending in '?'".into(),
                );
            }
        }
        r.finish()
    }

    /// The built-in research with the model's lists in place of the knowledge base's.
    pub fn merge(self, base: MarketResearch) -> MarketResearch {
        let insights = |v: Vec<String>| {
            v.into_iter()
                .map(|text| Insight {
                    text: text.trim().to_string(),
                    source: MODEL_SOURCE.to_string(),
                })
                .collect()
        };
        MarketResearch {
            audiences: insights(self.audiences),
            customer_needs: insights(self.customer_needs),
            customer_questions: insights(self.customer_questions),
            trust_signals: insights(self.trust_signals),
            keywords: insights(self.keywords),
            ..base
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompetitorKindCopy {
    /// A kind of competitor in lower case, e.g. "supermarket bakery counters"; never a company name.
    pub kind: String,
    /// What such competitors usually compete on.
    pub usual_pitch: String,
    /// Where this business can stand out against them.
    pub opening: String,
}

/// The competitive analyst's writing: kinds of competitor, never named companies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompetitionCopy {
    pub competitor_kinds: Vec<CompetitorKindCopy>,
}

impl CompetitionCopy {
    pub fn check(&self, brief: &Brief) -> Vec<String> {
        let mut r = Rules::new(brief);
        let n = self.competitor_kinds.len();
        if !(2..=4).contains(&n) {
            r.fail("competitorKinds", format!("give 2 to 4 kinds, not {n}"));
        }
        for (i, k) in self.competitor_kinds.iter().enumerate() {
            let field = format!("competitorKinds[{i}]");
            r.text(&format!("{field}.kind"), &k.kind, 4, 80);
            r.text(&format!("{field}.usualPitch"), &k.usual_pitch, 4, 120);
            r.text(&format!("{field}.opening"), &k.opening, 4, 160);
            if k.kind
                .split_whitespace()
                .any(|w| w.chars().next().is_some_and(char::is_uppercase))
            {
                r.fail(
                    &format!("{field}.kind"),
                    format!(
                        "'{}' looks like a name; describe a kind of competitor in lower case",
                        k.kind
                    ),
                );
            }
        }
        r.finish()
    }

    pub fn merge(self, base: CompetitiveAnalysis) -> CompetitiveAnalysis {
        CompetitiveAnalysis {
            competitor_kinds: self
                .competitor_kinds
                .into_iter()
                .map(|k| CompetitorKind {
                    kind: k.kind.trim().to_string(),
                    usual_pitch: k.usual_pitch.trim().to_string(),
                    opening: k.opening.trim().to_string(),
                    source: MODEL_SOURCE.to_string(),
                })
                .collect(),
            ..base
        }
    }
}

/// The brand strategist's writing and one choice: the primary colour, around which the
/// accessible palette is built (every text pair still checked against WCAG AA).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BrandCopy {
    /// One or two sentences; names the business.
    pub positioning: String,
    /// The main audience, as a phrase.
    pub audience: String,
    /// At most 10 words.
    pub tagline: String,
    /// Three to five adjectives.
    pub voice_traits: Vec<String>,
    /// How to write in this voice, in one or two sentences.
    pub voice_guidance: String,
    /// The brand's primary colour as #rrggbb.
    pub primary_color: String,
}

impl BrandCopy {
    pub fn check(&self, brief: &Brief) -> Vec<String> {
        let mut r = Rules::new(brief);
        r.text("positioning", &self.positioning, 30, 400);
        if !self.positioning.contains(brief.name.trim()) {
            r.fail(
                "positioning",
                format!("must name the business ('{}')", brief.name.trim()),
            );
        }
        r.text("audience", &self.audience, 4, 140);
        r.text("tagline", &self.tagline, 4, 80);
        let words = self.tagline.split_whitespace().count();
        if words > 10 {
            r.fail("tagline", format!("has {words} words; at most 10"));
        }
        r.list("voiceTraits", &self.voice_traits, (3, 5), (3, 24));
        r.text("voiceGuidance", &self.voice_guidance, 20, 300);
        if Rgb::parse_hex(self.primary_color.trim()).is_none() {
            r.fail(
                "primaryColor",
                format!("'{}' is not a #rrggbb colour", self.primary_color),
            );
        }
        r.finish()
    }

    /// The built-in brand with the model's words, and a palette around its colour.
    pub fn merge(self, base: Brand, seed: &str) -> Result<Brand, PaletteError> {
        let palette = match Rgb::parse_hex(self.primary_color.trim()) {
            Some(colour) => {
                let (hue, saturation) = colour.hue_saturation();
                brand::palette(hue, saturation.max(0.25), seed)
            }
            None => base.palette.clone(),
        };
        brand::validate_palette(&palette)?;
        Ok(Brand {
            positioning: self.positioning.trim().to_string(),
            audience: self.audience.trim().to_string(),
            tagline: self.tagline.trim().to_string(),
            voice: brand::Voice {
                traits: self
                    .voice_traits
                    .iter()
                    .map(|t| t.trim().to_lowercase())
                    .collect(),
                guidance: self.voice_guidance.trim().to_string(),
            },
            palette,
            ..base
        })
    }
}

/// The designer's writing: section headings and the call to action's words. Section
/// ids, layouts, pages and the CTA's target stay the built-in design's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DesignCopy {
    pub offerings_heading: String,
    pub process_heading: String,
    pub questions_heading: String,
    pub contact_heading: String,
    /// The button text, two to five words, e.g. "Book a visit".
    pub cta_label: String,
    /// What happens after the click, in order, each one short sentence.
    pub cta_steps: Vec<String>,
}

impl DesignCopy {
    pub fn check(&self, brief: &Brief) -> Vec<String> {
        let mut r = Rules::new(brief);
        for (field, value) in [
            ("offeringsHeading", &self.offerings_heading),
            ("processHeading", &self.process_heading),
            ("questionsHeading", &self.questions_heading),
            ("contactHeading", &self.contact_heading),
        ] {
            r.text(field, value, 3, 60);
        }
        r.text("ctaLabel", &self.cta_label, 3, 32);
        let words = self.cta_label.split_whitespace().count();
        if !(2..=5).contains(&words) {
            r.fail("ctaLabel", format!("has {words} words; give 2 to 5"));
        }
        r.list("ctaSteps", &self.cta_steps, (2, 5), (8, 140));
        r.finish()
    }

    pub fn merge(self, mut base: Design) -> Design {
        for page in &mut base.pages {
            for section in &mut page.sections {
                let heading = match section.kind {
                    SectionKind::Offerings => &self.offerings_heading,
                    SectionKind::Process => &self.process_heading,
                    SectionKind::Questions => &self.questions_heading,
                    SectionKind::Contact => &self.contact_heading,
                    _ => continue,
                };
                section.heading = heading.trim().to_string();
            }
        }
        base.cta.label = self.cta_label.trim().to_string();
        base.cta.steps = self
            .cta_steps
            .iter()
            .map(|s| s.trim().to_string())
            .collect();
        base
    }
}

/// The rules for the developer's writing, [`crate::site::SiteCopy`]: one line per
/// offering, and one answer per question the site shows (`faq`, the grounded answers),
/// each keeping every figure of its grounded answer, so a rewording cannot drop the
/// hours or the price the owner gave.
pub fn check_site_copy(
    copy: &SiteCopy,
    brief: &Brief,
    offerings: usize,
    faq: &[Answered],
) -> Vec<String> {
    let mut r = Rules::new(brief);
    r.text("metaDescription", &copy.meta_description, 50, 158);
    r.text("heroLead", &copy.hero_lead, 20, 320);
    r.list(
        "offeringLines",
        &copy.offering_lines,
        (offerings, offerings),
        (8, 140),
    );
    r.text("aboutLead", &copy.about_lead, 40, 600);
    r.text("offerIntro", &copy.offer_intro, 20, 320);
    r.list("answers", &copy.answers, (faq.len(), faq.len()), (10, 400));
    for (i, (answer, grounded)) in copy.answers.iter().zip(faq).enumerate() {
        for figure in figures(&grounded.answer) {
            if !answer.contains(&figure) {
                r.fail(
                    &format!("answers[{i}]"),
                    format!(
                        "drops '{figure}' from the answer to '{}'; keep every figure of: {}",
                        grounded.question, grounded.answer
                    ),
                );
            }
        }
    }
    r.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::research;

    fn brief() -> Brief {
        Brief::from_fields(
            "Crumb & Co.",
            "Sourdough bakery in Leeds open since 2019 with a small cafe",
            "food_and_beverage",
            "online_orders",
        )
        .unwrap()
    }

    fn brand_copy() -> BrandCopy {
        BrandCopy {
            positioning: "For neighbours in Leeds, Crumb & Co. bakes slow-rise sourdough.".into(),
            audience: "Neighbours in Leeds".into(),
            tagline: "Slow-rise sourdough, baked for Leeds".into(),
            voice_traits: vec!["warm".into(), "plain".into(), "generous".into()],
            voice_guidance: "Short sentences, real ingredients, no hype.".into(),
            primary_color: "#8a4b2a".into(),
        }
    }

    #[test]
    fn a_good_brand_answer_passes_and_gets_an_accessible_palette() {
        let brief = brief();
        assert_eq!(brand_copy().check(&brief), Vec::<String>::new());
        let mi = research::combine(
            research::market_research(&brief),
            research::competitive_analysis(&brief),
        );
        let base = brand::brand(&brief, &mi).unwrap();
        let merged = brand_copy().merge(base.clone(), "seed").unwrap();
        assert_eq!(merged.tagline, "Slow-rise sourdough, baked for Leeds");
        assert_ne!(
            merged.palette.primary, base.palette.primary,
            "built around the chosen colour"
        );
        assert!(merged.palette.checks.iter().all(|c| c.passes));
    }

    #[test]
    fn invented_figures_markup_names_and_bad_colours_are_named() {
        let brief = brief();
        let mut c = brand_copy();
        c.tagline = "Loved by 500 families since 2019".into();
        c.positioning = "The best <b>bakery</b> at www.crumb.test".into();
        c.primary_color = "brown".into();
        let errors = c.check(&brief).join("\n");
        assert!(
            errors.contains("tagline: '500' is a figure the brief does not contain"),
            "{errors}"
        );
        assert!(
            !errors.contains("'2019'"),
            "a figure from the brief is allowed: {errors}"
        );
        assert!(
            errors.contains("positioning: must be plain text"),
            "{errors}"
        );
        assert!(
            errors.contains("positioning: must not contain URLs"),
            "{errors}"
        );
        assert!(
            errors.contains("positioning: must name the business"),
            "{errors}"
        );
        assert!(
            errors.contains("primaryColor: 'brown' is not a #rrggbb colour"),
            "{errors}"
        );

        let named = CompetitionCopy {
            competitor_kinds: vec![CompetitorKindCopy {
                kind: "Greggs and other chains".into(),
                usual_pitch: "low prices".into(),
                opening: "bread with a long rise".into(),
            }],
        };
        let errors = named.check(&brief).join("\n");
        assert!(errors.contains("give 2 to 4 kinds, not 1"), "{errors}");
        assert!(errors.contains("looks like a name"), "{errors}");
    }

    #[test]
    fn research_questions_must_be_questions_and_merged_claims_say_model() {
        let brief = brief();
        let copy = ResearchCopy {
            audiences: vec![
                "Neighbours who want bread".into(),
                "People planning parties".into(),
            ],
            customer_needs: vec!["Fresh bread daily".into(), "Ordering ahead".into()],
            customer_questions: vec!["Do you bake rye".into(), "Can I order ahead?".into()],
            trust_signals: vec![
                "Allergen labels on shelves".into(),
                "An open kitchen".into(),
            ],
            keywords: vec!["sourdough".into(), "bakery Leeds".into(), "cakes".into()],
        };
        let errors = copy.check(&brief);
        assert_eq!(
            errors,
            ["customerQuestions[0]: must be a question ending in '?'"]
        );
        let merged = copy.merge(research::market_research(&brief));
        assert!(merged.audiences.iter().all(|a| a.source == MODEL_SOURCE));
    }

    #[test]
    fn site_answers_keep_the_grounded_figures_and_match_the_questions() {
        let mut brief = brief();
        brief.contact.hours = Some("Mon-Sat 8:00-18:00".into());
        let faq = vec![
            Answered {
                question: "When are you open?".into(),
                answer: "Mon-Sat 8:00-18:00.".into(),
                source: "brief".into(),
            },
            Answered {
                question: "How do I order?".into(),
                answer: "Send the order form on this page.".into(),
                source: "site".into(),
            },
        ];
        let good = SiteCopy {
            meta_description: "Crumb & Co. is a sourdough bakery with a small cafe in Leeds, open since 2019.".into(),
            hero_lead: "Slow-rise sourdough and a small cafe in Leeds.".into(),
            offering_lines: vec![],
            about_lead: "Crumb & Co. has baked sourdough in Leeds since 2019, with a small cafe beside the ovens.".into(),
            offer_intro: "Everything is baked here, every morning.".into(),
            answers: vec![
                "We open Mon-Sat from 8:00 until 18:00.".into(),
                "Use the order form on this page and we reply to confirm.".into(),
            ],
        };
        assert_eq!(
            check_site_copy(&good, &brief, 0, &faq),
            Vec::<String>::new()
        );

        let mut dropped = good.clone();
        dropped.answers[0] = "We open most days, early until evening.".into();
        let errors = check_site_copy(&dropped, &brief, 0, &faq).join("\n");
        assert!(
            errors.contains("answers[0]: drops '8' from the answer to 'When are you open?'"),
            "{errors}"
        );

        let mut short = good.clone();
        short.answers.pop();
        short.about_lead = "Serving 300 loaves a day from our ovens in Leeds, since 2019.".into();
        let errors = check_site_copy(&short, &brief, 0, &faq).join("\n");
        assert!(
            errors.contains("answers: give 2 to 2 entries, not 1"),
            "{errors}"
        );
        assert!(
            errors.contains("aboutLead: '300' is a figure the brief does not contain"),
            "{errors}"
        );
    }
}
