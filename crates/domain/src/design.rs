//! The designer worker: the layout family, the pages, and each page's sections with
//! stable ids and a layout per section.

use crate::brand::Brand;
use crate::brief::Brief;
use crate::faq::{faq, Answered};
use crate::knowledge::{
    business_profile, goal_profile, BusinessProfile, CtaKind, GoalProfile, LayoutFamily,
};
use crate::research::MarketIntelligence;
use crate::text::pick;
use crate::words::{kind_index, type_names, words};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SectionKind {
    Hero,
    Offerings,
    Process,
    Questions,
    Contact,
    Policy,
    /// The about page: the business in its own words, its credentials, area and links.
    About,
    NotFound,
    /// The page a sent form lands on.
    Thanks,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SectionPlan {
    /// Stable id: the HTML `id` and the handle later edits refer to.
    pub id: String,
    pub kind: SectionKind,
    pub layout: String,
    pub heading: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PagePlan {
    pub path: String,
    pub title: String,
    pub purpose: String,
    pub sections: Vec<SectionPlan>,
    /// Linked from the main navigation of every page.
    #[serde(default)]
    pub in_nav: bool,
    /// The navigation's short name for the page ("About"), when it differs from the title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nav_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CtaPlan {
    pub kind: CtaKind,
    pub label: String,
    pub target: String,
    pub steps: Vec<String>,
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Design {
    pub layout: LayoutFamily,
    pub corner_radius_rem: f64,
    pub pages: Vec<PagePlan>,
    pub cta: CtaPlan,
    /// The questions the site answers, each grounded in the brief or in how the site
    /// works; the questions section exists only when this is not empty.
    #[serde(default)]
    pub faq: Vec<Answered>,
    /// What the owner should know about the design, e.g. a phone goal without a phone
    /// number. Shown in the workflow's output.
    #[serde(default)]
    pub notices: Vec<String>,
}

fn section(id: &str, kind: SectionKind, layout: &str, heading: &str) -> SectionPlan {
    SectionPlan {
        id: id.to_string(),
        kind,
        layout: layout.to_string(),
        heading: heading.to_string(),
    }
}

/// The designer worker.
pub fn design(brief: &Brief, mi: &MarketIntelligence, _brand: &Brand) -> Design {
    let (profile, _) = business_profile(&brief.business_type, &brief.description);
    let (goal, _) = goal_profile(&brief.primary_goal);
    let w = words(brief.language);
    let english = brief.language == crate::brief::Language::En;
    let offer_heading =
        type_names(brief.language, profile).map_or(profile.offer_heading, |(_, h)| h);
    let contact_heading = if english {
        goal.section_heading
    } else {
        w.contact_headings[kind_index(goal.kind)]
    };
    let seed = format!("{}|{}", brief.name, brief.description);
    let layout = match goal.layout {
        Some(suited) if profile.layouts.contains(&suited) => suited,
        _ => *pick(profile.layouts, &seed),
    };
    let offers = &mi.research.description.offerings;
    let offer_layout = match (layout, offers.len()) {
        (_, 0 | 1) => "statement",
        (LayoutFamily::Editorial, _) => "list",
        (LayoutFamily::Split, _) => "columns",
        _ => "cards",
    };
    let hero = section(
        "hero",
        SectionKind::Hero,
        match layout {
            LayoutFamily::Centered => "centered",
            LayoutFamily::Split => "split-with-steps",
            LayoutFamily::Editorial => "editorial",
            LayoutFamily::Banded => "band",
        },
        &brief.name,
    );
    let offerings = section(
        "offerings",
        SectionKind::Offerings,
        offer_layout,
        offer_heading,
    );
    let process = section(
        "how-it-works",
        SectionKind::Process,
        if layout == LayoutFamily::Banded {
            "steps-row"
        } else {
            "steps-stack"
        },
        w.how_it_works,
    );
    let questions = section(
        "ask-us",
        SectionKind::Questions,
        if layout == LayoutFamily::Editorial {
            "two-column"
        } else {
            "checklist"
        },
        w.faq_heading,
    );
    let contact = section("contact", SectionKind::Contact, "form", contact_heading);
    let cta = cta_plan(brief, profile, goal);
    let answers = faq(brief, &mi.research.description, &cta);
    let mut home_sections = match layout {
        LayoutFamily::Centered => vec![hero, offerings, process, questions, contact],
        LayoutFamily::Split => vec![hero, offerings, questions, contact],
        LayoutFamily::Editorial => vec![hero, offerings, questions, process, contact],
        LayoutFamily::Banded => vec![hero, process, offerings, questions, contact],
    };
    if answers.is_empty() {
        home_sections.retain(|s| s.kind != SectionKind::Questions);
    }
    let mut notices = Vec::new();
    if cta.kind == CtaKind::Call && brief.contact.phone.is_none() {
        notices.push(
            "The goal is phone calls but the brief gives no phone number (contact.phone): the site asks for a call back instead. Add the number to put a tap-to-call link in the header and hero."
                .to_string(),
        );
    }
    let page =
        |path: &str, title: &str, purpose: &str, section: SectionPlan, in_nav: bool| PagePlan {
            nav_label: String::new(),
            path: path.into(),
            title: title.into(),
            purpose: purpose.into(),
            sections: vec![section],
            in_nav,
        };
    let about_title = w.about_title.replace("{name}", &brief.name);
    let mut pages = vec![
        PagePlan {
            path: "index.html".into(),
            title: brief.name.clone(),
            purpose: format!(
                "Explain what {} offers and lead visitors to: {}",
                brief.name,
                goal.cta.to_lowercase()
            ),
            sections: home_sections,
            in_nav: false,
            nav_label: String::new(),
        },
        page(
            offer_page_path(profile),
            offer_heading,
            &format!(
                "Everything {} offers, each with what the brief says of it",
                brief.name
            ),
            section("offer", SectionKind::Offerings, "page", offer_heading),
            true,
        ),
        page(
            "about.html",
            &about_title,
            &format!(
                "Who {} is, in its own words, with what it states about itself",
                brief.name
            ),
            section("about", SectionKind::About, "prose", &about_title),
            true,
        ),
        page(
            "contact.html",
            w.contact_title,
            &format!("Every way to reach {}, and the form", brief.name),
            section("contact", SectionKind::Contact, "form", contact_heading),
            true,
        ),
        PagePlan {
            path: "privacy.html".into(),
            title: w.privacy_title.into(),
            purpose: "Explain the cookie-less analytics and how form details are used".into(),
            sections: vec![section(
                "privacy",
                SectionKind::Policy,
                "prose",
                w.privacy_title,
            )],
            in_nav: false,
            nav_label: String::new(),
        },
        PagePlan {
            path: "404.html".into(),
            title: w.not_found_title.into(),
            purpose: "Help a visitor who followed a broken link back to the site".into(),
            sections: vec![section(
                "not-found",
                SectionKind::NotFound,
                "centered",
                w.not_found_title,
            )],
            in_nav: false,
            nav_label: String::new(),
        },
        PagePlan {
            path: "thanks.html".into(),
            title: w.thanks_title.into(),
            purpose: "Confirm to a visitor that the form they sent has arrived".into(),
            sections: vec![section(
                "thanks",
                SectionKind::Thanks,
                "centered",
                w.thanks_title,
            )],
            in_nav: false,
            nav_label: String::new(),
        },
    ];
    if let Some(about) = pages.iter_mut().find(|p| p.path == "about.html") {
        about.nav_label = w.about_nav.to_string();
    }

    Design {
        layout,
        corner_radius_rem: *pick(&[0.25, 0.5, 0.75, 1.0], &format!("{seed}#radius")),
        pages,
        cta,
        faq: answers,
        notices,
    }
}

/// The offer page's file, named for what this kind of business offers: by its type,
/// else by its family.
pub fn offer_page_path(profile: &BusinessProfile) -> &'static str {
    match profile.key {
        "hotel" => return "rooms.html",
        "bar_pub" => return "menu.html",
        "photography" | "interior_design" => return "work.html",
        "bike_shop" => return "services.html",
        _ => {}
    }
    match profile.family {
        "architecture" => "projects.html",
        "events" => "events.html",
        "clubs" => "activities.html",
        "food_and_beverage" | "hospitality" => "menu.html",
        "fitness" | "education" => "classes.html",
        "creative" => "work.html",
        "e-commerce" | "retail" => "products.html",
        "technology" => "product.html",
        "nonprofit" => "our-work.html",
        _ => "services.html",
    }
}

/// The call to action: a `tel:` link when the goal is calls and the brief gives a
/// number, else the contact section's form.
fn cta_plan(brief: &Brief, profile: &BusinessProfile, goal: &GoalProfile) -> CtaPlan {
    let w = words(brief.language);
    let k = kind_index(goal.kind);
    // English has the knowledge base's wording per goal and per type; the other
    // languages have one wording per kind.
    let english = brief.language == crate::brief::Language::En;
    let label = match (goal.kind, &brief.contact.phone, profile.family) {
        (CtaKind::Call, Some(number), _) => w.call_label.replace("{phone}", number),
        (CtaKind::Call, None, _) => w.call_back.to_string(),
        _ if !english => w.cta_labels[k].to_string(),
        (CtaKind::Lead, _, _) if profile.key == "developer_tools" => "Talk to the team".into(),
        (CtaKind::Booking, _, _) if profile.key == "restaurant" => "Book a table".into(),
        (CtaKind::Lead, _, "architecture") => "Discuss a project".into(),
        (CtaKind::Lead, _, "events") => "Check a date".into(),
        (CtaKind::Lead, _, "technology") => "Request a demo".into(),
        (CtaKind::Lead, _, "home_services") => "Get a quote".into(),
        (CtaKind::Lead, _, "creative") => "Start a project".into(),
        (CtaKind::Lead, _, "real_estate") => "Book a valuation".into(),
        (CtaKind::Booking, _, "fitness") => "Book a class".into(),
        (CtaKind::Booking, _, "automotive") => "Book a service".into(),
        (CtaKind::Purchase, _, "e-commerce") => "Order now".into(),
        _ => goal.cta.to_string(),
    };
    let steps: &[&str] = if english { &goal.steps } else { &w.steps[k] };
    CtaPlan {
        kind: goal.kind,
        label,
        target: brief
            .contact
            .phone_uri()
            .filter(|_| goal.kind == CtaKind::Call)
            .unwrap_or_else(|| "#contact".into()),
        steps: steps.iter().map(|s| s.to_string()).collect(),
        events: goal.events.iter().map(|s| s.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::LayoutFamily;
    use crate::research::{combine, competitive_analysis, market_research};

    fn layout_for(business_type: &str, goal: &str, name: &str) -> LayoutFamily {
        let brief =
            Brief::from_fields(name, "A small local business in Leeds", business_type, goal)
                .unwrap();
        let mi = combine(market_research(&brief), competitive_analysis(&brief));
        let brand = crate::brand::brand(&brief, &mi).unwrap();
        design(&brief, &mi, &brand).layout
    }

    #[test]
    fn the_goal_chooses_the_layout_when_the_business_type_offers_it() {
        // Healthcare offers Centered and Split; booking suits Split, whatever the name.
        for name in ["Alpha", "Beta", "Gamma", "Delta"] {
            assert_eq!(
                layout_for("healthcare", "appointment_booking", name),
                LayoutFamily::Split
            );
            assert_eq!(
                layout_for("nonprofit", "donations", name),
                LayoutFamily::Banded
            );
        }
        // Professional services offer Editorial and Split, not Banded: the name decides.
        let picked: Vec<_> = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"]
            .iter()
            .map(|n| layout_for("professional_services", "donations", n))
            .collect();
        assert!(!picked.contains(&LayoutFamily::Banded), "{picked:?}");
    }
}
