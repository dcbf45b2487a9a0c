//! The curated knowledge base: what is generally true of each kind of business and of
//! each website goal. It holds qualitative guidance only: no figures, no statistics,
//! no company or customer names. Everything taken from here is labelled with
//! [`KNOWLEDGE_BASE_SOURCE`].

use serde::{Deserialize, Serialize};

/// The `source` of every claim that comes from this module.
pub const KNOWLEDGE_BASE_SOURCE: &str = "built-in knowledge base";

/// Heading and body typefaces, as system font stacks (no web-font downloads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TypeStyle {
    Serif,
    Sans,
    Humanist,
    Geometric,
    Mono,
}

/// The page layout families the designer chooses from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LayoutFamily {
    Centered,
    Split,
    Editorial,
    Banded,
}

/// A kind of competitor and how such businesses usually present themselves.
#[derive(Debug, Clone, Copy)]
pub struct CompetitorKind {
    pub kind: &'static str,
    pub usual_pitch: &'static str,
    pub opening: &'static str,
}

/// What the knowledge base knows about one type of business.
#[derive(Debug, Clone, Copy)]
pub struct BusinessProfile {
    pub key: &'static str,
    /// The key of the family's first profile: what the family shares (the offer page's
    /// name, the call to action's wording) is looked up by it.
    pub family: &'static str,
    pub label: &'static str,
    /// The schema.org type of the site's JSON-LD for this kind of business.
    pub schema_type: &'static str,
    pub aliases: &'static [&'static str],
    pub offer_heading: &'static str,
    pub audiences: &'static [&'static str],
    pub needs: &'static [&'static str],
    pub questions: &'static [&'static str],
    pub trust: &'static [&'static str],
    pub competitors: &'static [CompetitorKind],
    pub keywords: &'static [&'static str],
    pub voice: &'static [&'static str],
    pub voice_guidance: &'static str,
    pub hue: f64,
    pub saturation: f64,
    pub type_style: TypeStyle,
    pub layouts: &'static [LayoutFamily],
    pub taglines: &'static [&'static str],
    /// Words (or word beginnings of four letters or more) that, found in a description,
    /// say a business is of this type: how a type the knowledge base does not know is
    /// placed by its description.
    pub cues: &'static [&'static str],
}

use LayoutFamily::*;

const fn ck(
    kind: &'static str,
    usual_pitch: &'static str,
    opening: &'static str,
) -> CompetitorKind {
    CompetitorKind {
        kind,
        usual_pitch,
        opening,
    }
}

#[rustfmt::skip]
mod profiles;
pub use profiles::{family_name, GENERAL, PROFILES};

/// What a website's call to action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CtaKind {
    Lead,
    /// A phone call: a `tel:` link when the brief gives a number, else a call-back form.
    Call,
    Booking,
    Order,
    Donation,
    Purchase,
    Visit,
    Signup,
}

/// What the knowledge base knows about one website goal.
#[derive(Debug, Clone, Copy)]
pub struct GoalProfile {
    pub key: &'static str,
    pub label: &'static str,
    pub aliases: &'static [&'static str],
    pub kind: CtaKind,
    pub cta: &'static str,
    pub section_heading: &'static str,
    pub steps: [&'static str; 3],
    pub events: &'static [&'static str],
    /// The layout family that suits this goal best, used when the business type offers
    /// it: a split hero keeps booking details beside the pitch; a banded hero makes a
    /// donation appeal the first thing seen.
    pub layout: Option<LayoutFamily>,
}

pub static GOALS: &[GoalProfile] = &[
    GoalProfile {
        key: "lead_generation",
        label: "Lead generation",
        aliases: &[
            "leads",
            "lead",
            "enquiries",
            "inquiries",
            "contact",
            "consultations",
            "quotes",
        ],
        kind: CtaKind::Lead,
        cta: "Request a consultation",
        section_heading: "Start the conversation",
        steps: [
            "Tell us about your situation",
            "We reply to arrange a first conversation",
            "You decide, with no obligation",
        ],
        events: &[
            "cta_click",
            "lead_form_submit",
            "phone_click",
            "email_click",
        ],
        layout: None,
    },
    GoalProfile {
        key: "phone_calls",
        label: "Phone calls",
        aliases: &[
            "calls",
            "call",
            "phone",
            "phone_call",
            "callbacks",
            "call_backs",
            "emergency_calls",
        ],
        kind: CtaKind::Call,
        cta: "Call us",
        section_heading: "Call us",
        steps: [
            "Call the number on this page",
            "Say what you need and where",
            "Agree the next step together",
        ],
        events: &["phone_click", "cta_click", "callback_form_submit"],
        layout: None,
    },
    GoalProfile {
        key: "appointment_booking",
        label: "Appointment booking",
        aliases: &[
            "booking",
            "bookings",
            "appointments",
            "reservations",
            "reservation",
            "book",
        ],
        kind: CtaKind::Booking,
        cta: "Book an appointment",
        section_heading: "Book your appointment",
        steps: [
            "Choose what you need",
            "Suggest a day and time",
            "We confirm your appointment",
        ],
        events: &["cta_click", "booking_form_submit", "phone_click"],
        layout: Some(Split),
    },
    GoalProfile {
        key: "online_orders",
        label: "Online orders",
        aliases: &[
            "orders",
            "ordering",
            "pre_orders",
            "preorders",
            "takeaway_orders",
            "order",
        ],
        kind: CtaKind::Order,
        cta: "Place an order",
        section_heading: "Order ahead",
        steps: [
            "Tell us what you would like",
            "Choose a collection day",
            "We confirm your order",
        ],
        events: &["cta_click", "order_form_submit", "phone_click"],
        layout: None,
    },
    GoalProfile {
        key: "donations",
        label: "Donations",
        aliases: &[
            "donate",
            "fundraising",
            "giving",
            "donors",
            "volunteers",
            "volunteering",
        ],
        kind: CtaKind::Donation,
        cta: "Support our work",
        section_heading: "Support our work",
        steps: [
            "Choose how you want to help",
            "Tell us how to reach you",
            "We confirm and keep you updated",
        ],
        events: &["cta_click", "donation_form_submit", "volunteer_click"],
        layout: Some(Banded),
    },
    GoalProfile {
        key: "conversion_rate",
        label: "Online sales",
        aliases: &[
            "sales",
            "purchase",
            "purchases",
            "ecommerce_sales",
            "revenue",
            "conversions",
            "conversion",
            "buy",
        ],
        kind: CtaKind::Purchase,
        cta: "Shop now",
        section_heading: "Order from us",
        steps: [
            "Pick what you need",
            "Tell us where to send it",
            "We confirm availability and delivery",
        ],
        events: &["cta_click", "product_click", "order_form_submit"],
        layout: None,
    },
    GoalProfile {
        key: "foot_traffic",
        label: "Visits",
        aliases: &[
            "visits",
            "visitors",
            "footfall",
            "walk_ins",
            "store_visits",
            "awareness",
            "brand_awareness",
        ],
        kind: CtaKind::Visit,
        cta: "Plan your visit",
        section_heading: "Plan your visit",
        steps: [
            "See what is on",
            "Check when we are open",
            "Come and see us",
        ],
        events: &["cta_click", "directions_click", "visit_question_submit"],
        layout: None,
    },
    GoalProfile {
        key: "memberships",
        label: "Memberships",
        aliases: &[
            "membership",
            "members",
            "new_members",
            "join",
            "joining",
            "memberships_sales",
            "subscriptions",
        ],
        kind: CtaKind::Signup,
        cta: "Become a member",
        section_heading: "Join us",
        steps: [
            "Choose the membership that suits you",
            "Leave your name and email",
            "We confirm and tell you how to start",
        ],
        events: &["cta_click", "membership_form_submit"],
        layout: None,
    },
    GoalProfile {
        key: "signups",
        label: "Sign-ups",
        aliases: &[
            "signup",
            "sign_up",
            "subscribers",
            "newsletter",
            "trial",
            "trials",
            "registrations",
            "waitlist",
            "demo",
            "demos",
        ],
        kind: CtaKind::Signup,
        cta: "Sign up",
        section_heading: "Get started",
        steps: [
            "Leave your email",
            "We send you what you asked for",
            "Unsubscribe any time",
        ],
        events: &["cta_click", "signup_form_submit"],
        layout: None,
    },
];

/// The goal used when a primaryGoal matches nothing more specific.
pub static GENERAL_GOAL: GoalProfile = GoalProfile {
    key: "general",
    label: "Enquiries",
    aliases: &[],
    kind: CtaKind::Lead,
    cta: "Get in touch",
    section_heading: "Get in touch",
    steps: [
        "Tell us what you need",
        "We reply by email",
        "We agree the next step together",
    ],
    events: &["cta_click", "lead_form_submit"],
    layout: None,
};

/// How a requested key was matched to the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    pub requested: String,
    pub resolved: String,
    /// `exact`, `alias`, `closest`, `description` or `general`.
    pub matched_by: String,
    /// The family of business types the resolved type belongs to (business types only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub family: String,
    /// Why this type was chosen, in a sentence naming the words that decided it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

fn normalise(key: &str) -> String {
    let mut out = String::new();
    for c in key.trim().to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// `text` as lowercase words separated by single spaces, with a space at each end, so
/// that a cue can be looked for at the start of a word.
fn word_text(text: &str) -> String {
    let mut out = String::from(" ");
    for c in text.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '-' {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Where `cue` occurs in `words` (from [`word_text`]), as the words of `words` it
/// matches: a whole word or phrase, or, when it has four letters or more, the beginning
/// of one ("bake" finds "bakery").
fn find_cue<'w>(words: &'w str, cue: &str) -> Option<&'w str> {
    let cue = cue.to_lowercase().replace('_', " ");
    let at_start = format!(" {cue}");
    let start = if cue.chars().count() >= 4 {
        words.find(&at_start)?
    } else {
        words.find(&format!("{at_start} "))?
    } + 1;
    let end = words[start + cue.len()..]
        .find(' ')
        .map_or(words.len(), |e| start + cue.len() + e);
    Some(&words[start..end])
}

fn has_cue(words: &str, cue: &str) -> bool {
    find_cue(words, cue).is_some()
}

/// The words of `words` that are cues of `profile` (its own cues, its key and its
/// aliases), each once.
fn cues_in(profile: &BusinessProfile, words: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for cue in profile
        .cues
        .iter()
        .chain(profile.aliases)
        .chain([&profile.key])
    {
        // Two letters are a word of their own too often ("it", "ai").
        if cue.chars().count() < 3 {
            continue;
        }
        if let Some(word) = find_cue(words, cue) {
            if !found
                .iter()
                .any(|f| f.contains(word) || word.contains(f.as_str()))
            {
                found.push(word.to_string());
            }
        }
    }
    found
}

fn resolve<'a, T>(
    requested: &str,
    items: &'a [T],
    key: impl Fn(&T) -> &'static str,
    aliases: impl Fn(&T) -> &'static [&'static str],
) -> Option<(&'a T, &'static str)> {
    let wanted = normalise(requested);
    if let Some(item) = items.iter().find(|i| normalise(key(i)) == wanted) {
        return Some((item, "exact"));
    }
    items
        .iter()
        .find(|i| aliases(i).iter().any(|a| normalise(a) == wanted))
        .map(|item| (item, "alias"))
}

fn quoted(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\u{201c}{w}\u{201d}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The profile whose key is `key` (a [`Resolution::resolved`]), else the general one:
/// how later steps read the type research already resolved, without resolving again.
pub fn profile(key: &str) -> &'static BusinessProfile {
    PROFILES.iter().find(|p| p.key == key).unwrap_or(&GENERAL)
}

/// Maps a brief's businessType to a profile: by its key or another name for it; else
/// by the words of the type itself (`closest`), else by the words of the description
/// (`description`), else the general profile. The resolution says which and why.
pub fn business_profile(
    business_type: &str,
    description: &str,
) -> (&'static BusinessProfile, Resolution) {
    let result = |p: &'static BusinessProfile, how: &str, reason: String| {
        (
            p,
            Resolution {
                requested: business_type.to_string(),
                resolved: p.key.to_string(),
                matched_by: how.to_string(),
                family: family_name(p.family).to_string(),
                reason,
            },
        )
    };
    let named = |p: &BusinessProfile| format!("{} ({})", p.label, family_name(p.family));
    if let Some((p, how)) = resolve(business_type, PROFILES, |p| p.key, |p| p.aliases) {
        let reason = match how {
            "exact" => format!(
                "\u{201c}{business_type}\u{201d} is the knowledge base's type {}",
                named(p)
            ),
            _ => format!(
                "\u{201c}{business_type}\u{201d} is another name for {}",
                named(p)
            ),
        };
        return result(p, how, reason);
    }
    let type_words = word_text(&business_type.replace('_', " "));
    let description_words = word_text(description);
    let mut best: Option<(usize, &'static BusinessProfile, Vec<String>, Vec<String>)> = None;
    for p in PROFILES {
        let by_type = cues_in(p, &type_words);
        let by_description = cues_in(p, &description_words);
        // The type's own words weigh more than the description's.
        let score = by_type.len() * 4 + by_description.len();
        // On a tie the more specific type (not the family's first) wins.
        let better = |b: usize, q: &BusinessProfile| {
            score > b || (score == b && q.key == q.family && p.key != p.family)
        };
        if score > 0 && best.as_ref().is_none_or(|(b, q, ..)| better(*b, q)) {
            best = Some((score, p, by_type, by_description));
        }
    }
    let unknown = format!("\u{201c}{business_type}\u{201d} is not a type the knowledge base knows");
    match best {
        Some((_, p, by_type, by_description)) if !by_type.is_empty() => {
            let mut reason = format!("{unknown}; its words {} are closest to {}", quoted(&by_type), named(p));
            if !by_description.is_empty() {
                reason.push_str(&format!(", as are the description's words {}", quoted(&by_description)));
            }
            result(p, "closest", reason)
        }
        Some((_, p, _, by_description)) => result(
            p,
            "description",
            format!("{unknown}; the description's words {} are those of {}", quoted(&by_description), named(p)),
        ),
        None => result(
            &GENERAL,
            "general",
            format!("{unknown}, and neither it nor the description has the words of one, so the general guidance for any business is used"),
        ),
    }
}

/// Maps a brief's primaryGoal to a goal profile (exact, alias, closest, else general).
pub fn goal_profile(primary_goal: &str) -> (&'static GoalProfile, Resolution) {
    let exact_or_alias = resolve(primary_goal, GOALS, |g| g.key, |g| g.aliases);
    let (goal, how) = exact_or_alias.unwrap_or_else(|| {
        let words = word_text(&primary_goal.replace('_', " "));
        GOALS
            .iter()
            .map(|g| {
                let hits = [g.key]
                    .iter()
                    .chain(g.aliases)
                    .flat_map(|a| a.split('_'))
                    .filter(|w| w.len() > 2 && has_cue(&words, w))
                    .count();
                (hits, g)
            })
            .fold(
                None,
                |best: Option<(usize, &GoalProfile)>, (hits, g)| match best {
                    Some((b, _)) if b >= hits => best,
                    _ if hits > 0 => Some((hits, g)),
                    _ => best,
                },
            )
            .map_or((&GENERAL_GOAL, "general"), |(_, g)| (g, "closest"))
    });
    (
        goal,
        Resolution {
            requested: primary_goal.to_string(),
            resolved: goal.key.to_string(),
            matched_by: how.to_string(),
            family: String::new(),
            reason: String::new(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_exact_alias_closest_and_general() {
        assert_eq!(business_profile("healthcare", "").1.matched_by, "exact");
        let (p, r) = business_profile("Dentist", "");
        assert_eq!((p.key, r.matched_by.as_str()), ("dental", "alias"));
        assert_eq!(r.family, "health");
        let (p, r) = business_profile("artisan bakery shop", "");
        assert_eq!((p.key, r.matched_by.as_str()), ("bakery", "closest"));
        assert!(r.reason.contains("\u{201c}bakery\u{201d}"), "{}", r.reason);
        let (p, r) = business_profile("zzz", "");
        assert_eq!((p.key, r.matched_by.as_str()), ("general", "general"));
        assert!(r.reason.contains("zzz"), "{}", r.reason);
        assert_eq!(goal_profile("Book").0.key, "appointment_booking");
        assert_eq!(goal_profile("qqq").0.key, "general");
    }

    #[test]
    fn an_unknown_type_is_placed_by_its_description_and_says_why() {
        // The two cases issue 18 reports: a developer tool and an architecture studio.
        let (p, r) = business_profile(
            "product",
            "An open-source CLI that checks infrastructure code before it ships, with a paid dashboard for teams",
        );
        assert_eq!(
            (p.key, r.matched_by.as_str()),
            ("developer_tools", "description")
        );
        assert!(r.reason.contains("\u{201c}cli\u{201d}"), "{}", r.reason);
        assert!(
            r.reason.contains("software, SaaS and developer tools"),
            "{}",
            r.reason
        );
        assert_ne!(p.schema_type, "LocalBusiness");
        assert_eq!(
            business_profile("Architecture studio", "").0.key,
            "architecture"
        );
        let (p, r) = business_profile(
            "practice",
            "Small practice designing house extensions and careful retrofits of listed buildings",
        );
        assert_eq!(
            (p.family, r.family.as_str()),
            ("architecture", "architecture and design")
        );
        assert!(p
            .questions
            .iter()
            .all(|q| !q.contains("firm") && !q.contains("funding")));
        // A German description finds its type too.
        let (p, r) = business_profile(
            "Handwerk",
            "Schreinerei für Einbauschränke und Möbel aus Holz",
        );
        assert_eq!((p.key, r.matched_by.as_str()), ("carpentry", "description"));
        // Words that are only part of a word do not count: "vet" is not in "velvet".
        let (p, _) = business_profile("shop", "Velvet cushions and throws");
        assert_ne!(p.key, "veterinary");
    }

    #[test]
    fn families_hold_forty_distinct_types() {
        assert!(PROFILES.len() >= 40, "{} types", PROFILES.len());
        let mut keys = std::collections::HashSet::new();
        let mut names = std::collections::HashMap::new();
        for p in PROFILES {
            assert!(keys.insert(p.key), "{} twice", p.key);
            // Every family is named and starts with the profile whose key it has.
            assert_ne!(family_name(p.family), "any business", "{}", p.key);
            let first = PROFILES.iter().find(|q| q.family == p.family).unwrap();
            assert_eq!(
                first.key, p.family,
                "{} is not first in its family",
                p.family
            );
            // One name leads to one type.
            for a in p.aliases.iter().chain([&p.key]) {
                match names.insert(normalise(a), p.key) {
                    Some(other) if other != p.key => panic!("{a} names both {other} and {}", p.key),
                    _ => {}
                }
            }
            // Every type is found by its own key and by each of its names.
            for a in p.aliases.iter().chain([&p.key]) {
                assert_eq!(business_profile(a, "").0.key, p.key, "{a}");
            }
            assert!(!p.cues.is_empty(), "{} has no cues", p.key);
        }
        for (family, _) in profiles::FAMILIES.iter().filter(|(f, _)| *f != "general") {
            assert!(PROFILES.iter().any(|p| p.key == *family), "{family}");
        }
        assert!(profiles::FAMILIES.len() >= 18);
    }

    #[test]
    fn two_types_in_one_family_differ_in_what_they_say() {
        let pairs = [
            ("plumbing", "electrician"),
            ("hair_salon", "barber"),
            ("restaurant", "bakery"),
            ("legal", "accounting"),
            ("technology", "developer_tools"),
        ];
        for (a, b) in pairs {
            let (a, _) = business_profile(a, "");
            let (b, _) = business_profile(b, "");
            assert_eq!(a.family, b.family);
            assert_ne!(a.label, b.label);
            assert_ne!(a.offer_heading, b.offer_heading, "{} / {}", a.key, b.key);
            assert_ne!(a.questions, b.questions, "{} / {}", a.key, b.key);
            assert_ne!(a.keywords, b.keywords, "{} / {}", a.key, b.key);
            assert_ne!(a.taglines, b.taglines, "{} / {}", a.key, b.key);
        }
        assert_eq!(business_profile("plumber", "").0.schema_type, "Plumber");
        assert_eq!(
            business_profile("electrician", "").0.schema_type,
            "Electrician"
        );
    }

    #[test]
    fn the_knowledge_base_has_no_figures() {
        for p in PROFILES.iter().chain([&GENERAL]) {
            let all = [
                p.needs,
                p.questions,
                p.trust,
                p.audiences,
                p.taglines,
                p.keywords,
            ]
            .concat()
            .join(" ")
                + p.voice_guidance;
            assert!(
                !all.chars().any(|c| c.is_ascii_digit()),
                "{} contains a digit",
                p.key
            );
            assert!(!all.contains('%'), "{}", p.key);
        }
    }
}
