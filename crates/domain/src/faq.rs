//! Questions with answers: the site shows a question only when the brief answers it
//! (hours, where, prices, credentials and notes) or when the answer is true of the site
//! itself (how its call to action works). Nothing here is invented; a brief that
//! answers nothing gets no questions section.

use crate::brief::Brief;
use crate::design::CtaPlan;
use crate::knowledge::CtaKind;
use crate::text::{decapitalize, DescriptionParts};
use crate::words::{fill, kind_index, words, Words};
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
fn how_to(brief: &Brief, cta: &CtaPlan, w: &Words) -> Option<Answered> {
    let name = &brief.name;
    let (question, answer) = match (cta.kind, &brief.contact.phone) {
        (CtaKind::Call, Some(phone)) => (
            fill(w.q_reach, name, phone, ""),
            fill(w.a_reach_phone, name, phone, ""),
        ),
        (CtaKind::Call, None) => (fill(w.q_reach, name, "", ""), w.a_reach.to_string()),
        (kind, _) => {
            let (q, a) = w.how_to[kind_index(kind)];
            if q.is_empty() {
                return None;
            }
            (q.to_string(), a.to_string())
        }
    };
    Some(answered(question, answer, "site"))
}

/// The questions this brief answers, in the order a visitor asks them, in the brief's
/// language.
pub fn faq(brief: &Brief, parts: &DescriptionParts, cta: &CtaPlan) -> Vec<Answered> {
    let w = words(brief.language);
    let name = &brief.name;
    let mut out = Vec::new();
    let c = &brief.contact;
    if let Some(hours) = &c.hours {
        out.push(answered(w.q_open.to_string(), sentence(hours), "brief"));
    }
    if let Some(address) = &c.address {
        out.push(answered(
            fill(w.q_where, name, "", ""),
            sentence(address),
            "brief",
        ));
    } else if let Some(place) = &parts.place {
        out.push(answered(
            fill(w.q_work, name, "", ""),
            sentence(&fill(w.a_work, name, "", place)),
            "brief",
        ));
    }
    let priced: Vec<String> = brief
        .offerings
        .iter()
        .filter_map(|o| o.price.as_ref().map(|p| format!("{}: {p}", o.name)))
        .chain(parts.pricing.iter().cloned())
        .collect();
    if !priced.is_empty() {
        out.push(answered(
            w.q_cost.to_string(),
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
            fill(w.q_before, name, "", ""),
            sentence(&assurances.join("; ")),
            "brief",
        ));
    }
    out.extend(how_to(brief, cta, w));
    out
}
