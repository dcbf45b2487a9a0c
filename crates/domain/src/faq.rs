//! Questions with answers: the site shows a question only when the brief answers it
//! (hours, where, prices, credentials and notes) or when the answer is true of the site
//! itself (how its call to action works). Nothing here is invented; a brief that
//! answers nothing gets no questions section.

use crate::brief::Brief;
use crate::design::CtaPlan;
use crate::knowledge::CtaKind;
use crate::text::{decapitalize, DescriptionParts};
use serde::{Deserialize, Serialize};

/// One question and its grounded answer, with where the answer comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answered {
    pub question: String,
    pub answer: String,
    /// `brief` (the owner said it) or `site` (how this site works).
    pub source: String,
}

fn answered(question: String, answer: String, source: &str) -> Answered {
    Answered {
        question,
        answer,
        source: source.to_string(),
    }
}

/// Ends a sentence taken from the brief with a full stop unless it already ends.
fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?', '…']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// How the site's call to action works, in the site's own terms.
fn how_to(brief: &Brief, cta: &CtaPlan) -> Option<Answered> {
    let (question, answer) = match cta.kind {
        CtaKind::Call => match &brief.contact.phone {
            Some(phone) => (
                format!("How do I reach {}?", brief.name),
                format!("Call {phone}. You can also ask for a call back with the form on this page."),
            ),
            None => (
                format!("How do I reach {}?", brief.name),
                "Leave your number with the call-back form on this page.".to_string(),
            ),
        },
        CtaKind::Booking => (
            "How do I book?".to_string(),
            "Use the booking form on this page: choose what you need and suggest a day. The appointment is confirmed by reply.".to_string(),
        ),
        CtaKind::Order => (
            "How do I order?".to_string(),
            "Send the order form on this page with what you would like and a collection day. The order is confirmed by reply.".to_string(),
        ),
        CtaKind::Purchase => (
            "How do I buy?".to_string(),
            "Send the order form on this page with what you would like and where it should go. Availability and delivery are confirmed by reply.".to_string(),
        ),
        CtaKind::Donation => (
            "How can I help?".to_string(),
            "Use the form on this page to say whether you would like to donate, volunteer or both, and you will get a reply with the next step.".to_string(),
        ),
        CtaKind::Signup => (
            "How do I sign up?".to_string(),
            "Leave your email address in the form on this page.".to_string(),
        ),
        CtaKind::Lead | CtaKind::Visit => return None,
    };
    Some(answered(question, answer, "site"))
}

/// The questions this brief answers, in the order a visitor asks them.
pub fn faq(brief: &Brief, parts: &DescriptionParts, cta: &CtaPlan) -> Vec<Answered> {
    let mut out = Vec::new();
    let c = &brief.contact;
    if let Some(hours) = &c.hours {
        out.push(answered(
            "When are you open?".into(),
            sentence(hours),
            "brief",
        ));
    }
    if let Some(address) = &c.address {
        out.push(answered(
            format!("Where is {}?", brief.name),
            sentence(address),
            "brief",
        ));
    } else if let Some(place) = &parts.place {
        out.push(answered(
            format!("Where does {} work?", brief.name),
            sentence(&format!("In {place}")),
            "brief",
        ));
    }
    let priced: Vec<String> = brief
        .offerings
        .iter()
        .filter_map(|o| o.price.as_ref().map(|p| format!("{}: {p}", o.name)))
        .collect();
    if !priced.is_empty() {
        out.push(answered(
            "What does it cost?".into(),
            sentence(&priced.join("; ")),
            "brief",
        ));
    }
    let assurances: Vec<String> = parts
        .credentials
        .iter()
        .chain(&parts.notes)
        .enumerate()
        .map(|(i, a)| if i == 0 { a.clone() } else { decapitalize(a) })
        .collect();
    if !assurances.is_empty() {
        out.push(answered(
            format!("What should I know before choosing {}?", brief.name),
            sentence(&assurances.join("; ")),
            "brief",
        ));
    }
    out.extend(how_to(brief, cta));
    out
}
