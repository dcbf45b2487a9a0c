//! The site audit of the OptimizationWorkflow: what can be decided about any page from
//! its HTML, its inline CSS and its response headers. Each audit has the id Lighthouse
//! gives the same check where it has one, so results can be compared with Lighthouse's.
//! Pure: the caller fetches (see `code24-fetch`).

use crate::html::{self, Document, Element};
use crate::quality::low_contrast_pairs;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// One audit's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    pub id: String,
    /// The Lighthouse category it counts towards.
    pub category: String,
    pub pass: bool,
    pub details: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditReport {
    pub url: String,
    pub audits: Vec<Audit>,
    /// Per category, the share of its audits that pass, 0-100 (unweighted, unlike
    /// Lighthouse's scores).
    pub scores: BTreeMap<String, u32>,
}

/// What was fetched: the final URL, its headers (lower-case names) and body, and the
/// goal the site serves, if known (for the call-to-action audit).
pub struct Page<'a> {
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub html: &'a str,
    pub primary_goal: Option<&'a str>,
    /// Bytes of the assets the page references that the caller fetched (see
    /// [`asset_urls`]), for `total-byte-weight`.
    pub asset_bytes: usize,
}

/// The `url(...)` references of a stylesheet (fonts, background images), as written.
pub fn css_urls(css: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in css.split("url(").skip(1) {
        let Some(end) = part.find(')') else { continue };
        let url = part[..end].trim().trim_matches(['"', '\'']);
        if !url.is_empty()
            && !url.starts_with("data:")
            && !url.starts_with('#')
            && !out.iter().any(|o| o == url)
        {
            out.push(url.to_string());
        }
    }
    out
}

/// The assets a page references (stylesheets, icons, scripts, images), as written.
pub fn asset_urls(html: &str) -> Vec<String> {
    let doc = html::parse(html);
    let mut out = Vec::new();
    for e in &doc.elements {
        let url = match e.name.as_str() {
            "link"
                if e.attr("rel").is_some_and(|r| {
                    let r = r.to_ascii_lowercase();
                    r.contains("stylesheet") || r.contains("icon") || r.contains("preload")
                }) =>
            {
                e.attr("href")
            }
            "script" | "img" | "iframe" | "video" | "audio" | "source" => e.attr("src"),
            _ => None,
        };
        if let Some(url) = url.filter(|u| !u.is_empty() && !u.starts_with("data:")) {
            if !out.iter().any(|o| o == url) {
                out.push(url.to_string());
            }
        }
    }
    out
}

/// Link texts that say nothing about where a link goes (Lighthouse's `link-text` list,
/// English part), matched against the whole trimmed, lower-cased text.
const VAGUE_LINK_TEXT: [&str; 14] = [
    "click here",
    "click this",
    "go",
    "here",
    "information",
    "learn more",
    "more",
    "more info",
    "more information",
    "right here",
    "read more",
    "see more",
    "start",
    "this",
];

/// Largest total page weight passing `total-byte-weight`: Lighthouse's p10 (2,667 KiB),
/// where its score is 0.9.
pub const BYTE_WEIGHT_BUDGET: usize = 2_667 * 1024;

fn text_of(e: &Element) -> String {
    e.text_collapsed()
}

fn named(e: &Element) -> bool {
    !text_of(e).is_empty()
        || e.attr("aria-label").is_some_and(|l| !l.trim().is_empty())
        || e.attr("aria-labelledby").is_some()
        || e.attr("title").is_some_and(|t| !t.trim().is_empty())
}

/// A page being audited: the page, its parsed document, and the results so far. Each
/// group of audits (SEO, accessibility, best practices, performance) reads the page and
/// adds its results.
struct Audited<'p, 'd> {
    page: &'p Page<'p>,
    doc: &'d html::Document,
    audits: Vec<Audit>,
}

impl<'p, 'd> Audited<'p, 'd> {
    fn add(&mut self, id: &str, category: &str, pass: bool, details: String) {
        self.audits.push(Audit {
            id: id.into(),
            category: category.into(),
            pass,
            details,
        })
    }

    /// A response header's value, by case-insensitive name.
    fn header(&self, name: &str) -> Option<&'p str> {
        self.page
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The content of the first `<meta name=...>` of this name (case-insensitive).
    fn meta(&self, name: &str) -> Option<&'d str> {
        self.doc
            .all("meta")
            .find(|m| m.attr("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
            .and_then(|m| m.attr("content"))
    }
}

/// Audits one page: the Lighthouse audits Code24 decides from the HTML and headers (by
/// category, in the functions below), and the content audits a visitor would miss.
pub fn audit_page(page: &Page) -> AuditReport {
    let doc = html::parse(page.html);
    let mut a = Audited {
        page,
        doc: &doc,
        audits: Vec::new(),
    };
    seo_audits(&mut a);
    accessibility_audits(&mut a);
    best_practice_audits(&mut a);
    performance_audits(&mut a);
    for (id, pass, details) in content_audits(&doc, page.primary_goal) {
        a.add(id, "content", pass, details);
    }
    scored(page.url, a.audits)
}

/// The report: each category's score is the share of its audits that pass.
fn scored(url: &str, audits: Vec<Audit>) -> AuditReport {
    let mut totals: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for a in &audits {
        let entry = totals.entry(a.category.clone()).or_default();
        entry.1 += 1;
        if a.pass {
            entry.0 += 1;
        }
    }
    let scores = totals
        .into_iter()
        .map(|(c, (pass, all))| (c, pass * 100 / all.max(1)))
        .collect();
    AuditReport {
        url: url.to_string(),
        audits,
        scores,
    }
}

/// Titles, descriptions, crawlability, link text, canonical and hreflang links.
fn seo_audits(a: &mut Audited) {
    let (page, doc) = (a.page, a.doc);
    let title = doc.all("title").next().map(text_of).unwrap_or_default();
    a.add(
        "document-title",
        "seo",
        !title.is_empty(),
        format!("title: {title:?}"),
    );
    let description = a.meta("description").unwrap_or_default().trim().to_string();
    a.add(
        "meta-description",
        "seo",
        !description.is_empty(),
        format!("{} characters", description.chars().count()),
    );
    let robots_meta = a.meta("robots").unwrap_or_default().to_ascii_lowercase();
    let robots_header = a
        .header("x-robots-tag")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let blocked = [robots_meta.as_str(), robots_header.as_str()]
        .iter()
        .any(|v| v.contains("noindex") || v.contains("none"));
    a.add(
        "is-crawlable",
        "seo",
        !blocked,
        if blocked {
            "noindex in robots meta or X-Robots-Tag".into()
        } else {
            "indexable".into()
        },
    );
    let anchors: Vec<&Element> = doc.all("a").collect();
    let uncrawlable: Vec<String> = anchors
        .iter()
        .filter(|a| match a.attr("href") {
            // An anchor without href is a placeholder unless script makes it a link.
            None => a.attr("onclick").is_some(),
            Some(h) => h.trim().to_ascii_lowercase().starts_with("javascript:"),
        })
        .map(|a| text_of(a))
        .collect();
    a.add(
        "crawlable-anchors",
        "seo",
        uncrawlable.is_empty(),
        format!("{} links without a crawlable href", uncrawlable.len()),
    );
    // As Lighthouse does: links that go somewhere else (not same-page anchors, scripts,
    // mail or nofollow links) and whose whole text is vague.
    let page_path = page
        .url
        .split_once("://")
        .map_or("", |(_, r)| r.find('/').map_or("/", |i| &r[i..]));
    let vague: Vec<String> = anchors
        .iter()
        .filter(|a| {
            let href = a
                .attr("href")
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            let same_page = href.starts_with('#')
                || href.split('#').next() == Some(page_path)
                || href.split('#').next() == Some(page.url);
            !href.is_empty()
                && !same_page
                && !href.starts_with("javascript:")
                && !href.starts_with("mailto:")
                && !a.attr("rel").is_some_and(|r| r.contains("nofollow"))
        })
        .map(|a| text_of(a).to_lowercase())
        .filter(|t| VAGUE_LINK_TEXT.contains(&t.as_str()))
        .collect();
    a.add(
        "link-text",
        "seo",
        vague.is_empty(),
        format!("vague link texts: {vague:?}"),
    );
    let canonicals: Vec<&str> = doc
        .all("link")
        .filter(|l| {
            l.attr("rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        })
        .filter_map(|l| l.attr("href"))
        .collect();
    let canonical_ok = match canonicals.as_slice() {
        [] => true,
        [one] => one.starts_with("http://") || one.starts_with("https://"),
        _ => canonicals.iter().all(|c| *c == canonicals[0]),
    };
    a.add(
        "canonical",
        "seo",
        canonical_ok,
        format!("canonical links: {canonicals:?}"),
    );
    let bad_hreflang: Vec<&str> = doc
        .all("link")
        .filter(|l| {
            l.attr("rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("alternate"))
        })
        .filter_map(|l| l.attr("hreflang"))
        .filter(|code| !valid_language_tag(code))
        .collect();
    a.add(
        "hreflang",
        "seo",
        bad_hreflang.is_empty(),
        format!("invalid hreflang values: {bad_hreflang:?}"),
    );
}

/// Language, viewport zoom, names and labels, ids, and colour contrast.
fn accessibility_audits(a: &mut Audited) {
    let doc = a.doc;
    let lang = doc
        .all("html")
        .next()
        .and_then(|h| h.attr("lang"))
        .unwrap_or_default();
    a.add(
        "html-has-lang",
        "accessibility",
        !lang.trim().is_empty(),
        format!("lang={lang:?}"),
    );
    a.add(
        "html-lang-valid",
        "accessibility",
        lang.trim().is_empty() || valid_language_tag(lang),
        format!("lang={lang:?}"),
    );
    let viewport = a.meta("viewport").unwrap_or_default();
    a.add(
        "viewport",
        "seo",
        viewport.contains("width="),
        format!("viewport: {viewport:?}"),
    );
    let no_alt = doc
        .all("img")
        .filter(|i| i.attr("alt").is_none() && i.attr("role") != Some("presentation"))
        .count();
    a.add(
        "image-alt",
        "accessibility",
        no_alt == 0,
        format!("{no_alt} images without alt"),
    );
    let unnamed_links = unnamed_links(doc).len();
    a.add(
        "link-name",
        "accessibility",
        unnamed_links == 0,
        format!("{unnamed_links} links without a name"),
    );
    let unnamed_buttons = unnamed_buttons(doc).len();
    a.add(
        "button-name",
        "accessibility",
        unnamed_buttons == 0,
        format!("{unnamed_buttons} buttons without a name"),
    );
    let untitled_frames = doc
        .elements
        .iter()
        .filter(|e| (e.name == "iframe" || e.name == "frame") && !named_frame(e))
        .count();
    a.add(
        "frame-title",
        "accessibility",
        untitled_frames == 0,
        format!("{untitled_frames} frames without a title"),
    );
    let unlabelled = unlabelled_controls(doc);
    a.add(
        "label",
        "accessibility",
        unlabelled.is_empty(),
        format!("form controls without a label: {unlabelled:?}"),
    );
    a.add(
        "heading-order",
        "accessibility",
        heading_order_ok(doc),
        "no heading level is skipped".into(),
    );
    let mut seen = HashSet::new();
    let referenced: HashSet<&str> = doc
        .elements
        .iter()
        .flat_map(|e| {
            ["aria-labelledby", "aria-describedby", "for"]
                .iter()
                .filter_map(|a| e.attr(a))
                .flat_map(str::split_whitespace)
                .collect::<Vec<_>>()
        })
        .collect();
    let duplicated: Vec<&str> = doc
        .elements
        .iter()
        .filter_map(|e| e.attr("id"))
        .filter(|id| !seen.insert(*id) && referenced.contains(id))
        .collect();
    a.add(
        "duplicate-id-aria",
        "accessibility",
        duplicated.is_empty(),
        format!("referenced ids used twice: {duplicated:?}"),
    );
    // Decided only where every style is in the page: with external stylesheets the colours
    // text ends up in are not known without rendering, and the audit is left out.
    let external_styles = doc.all("link").any(|l| {
        l.attr("rel")
            .is_some_and(|r| r.to_ascii_lowercase().contains("stylesheet"))
    });
    if !external_styles {
        let contrast: Vec<String> = doc
            .all("style")
            .flat_map(|s| low_contrast_pairs(&s.text))
            .collect();
        a.add(
            "color-contrast",
            "accessibility",
            contrast.is_empty(),
            contrast.join("; "),
        );
    }
}

/// Doctype, charset, HTTPS and deprecated elements.
fn best_practice_audits(a: &mut Audited) {
    let (page, doc) = (a.page, a.doc);
    a.add(
        "doctype",
        "best-practices",
        page.html
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("<!doctype html"),
        "<!DOCTYPE html> first".into(),
    );
    let charset = doc.all("meta").any(|m| {
        m.attr("charset")
            .is_some_and(|c| c.eq_ignore_ascii_case("utf-8"))
    }) || a
        .header("content-type")
        .is_some_and(|c| c.to_ascii_lowercase().contains("charset=utf-8"));
    a.add(
        "charset",
        "best-practices",
        charset,
        "UTF-8 declared".into(),
    );
    let https = page.url.starts_with("https://") || is_local(page.url);
    a.add("is-on-https", "best-practices", https, page.url.to_string());
    let deprecated: Vec<&str> = ["applet", "marquee", "blink", "font", "center", "frameset"]
        .into_iter()
        .filter(|tag| doc.all(tag).next().is_some())
        .collect();
    a.add(
        "deprecations",
        "best-practices",
        deprecated.is_empty(),
        format!("deprecated elements: {deprecated:?}"),
    );
}

/// What the HTML and headers show of speed: render-blocking resources, unsized
/// images, weight, compression and request count.
fn performance_audits(a: &mut Audited) {
    let (page, doc) = (a.page, a.doc);
    let blocking: Vec<String> = doc
        .elements
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            doc.inside(*i, "head")
                && ((e.name == "script"
                    && e.attr("src").is_some()
                    && e.attr("async").is_none()
                    && e.attr("defer").is_none()
                    && e.attr("type") != Some("module"))
                    || (e.name == "link"
                        && e.attr("rel")
                            .is_some_and(|r| r.eq_ignore_ascii_case("stylesheet"))
                        && e.attr("media").is_none_or(|m| m == "all" || m == "screen")))
        })
        .filter_map(|(_, e)| e.attr("src").or_else(|| e.attr("href")).map(str::to_string))
        .collect();
    a.add(
        "render-blocking-resources",
        "performance",
        blocking.is_empty(),
        format!("blocking: {blocking:?}"),
    );
    let without_size = doc
        .all("img")
        .filter(|i| i.attr("width").is_none() || i.attr("height").is_none())
        .count();
    a.add(
        "unsized-images",
        "performance",
        without_size == 0,
        format!("{without_size} images without width and height"),
    );
    let weight = page.html.len() + page.asset_bytes;
    a.add(
        "total-byte-weight",
        "performance",
        weight <= BYTE_WEIGHT_BUDGET,
        format!(
            "{weight} bytes: {} of HTML, {} of fetched assets",
            page.html.len(),
            page.asset_bytes
        ),
    );
    let compressed = a
        .header("content-encoding")
        .is_some_and(|v| !v.trim().is_empty() && v != "identity");
    a.add(
        "uses-text-compression",
        "performance",
        compressed || weight < 1400,
        format!("content-encoding: {:?}", a.header("content-encoding")),
    );
    let requests = doc
        .elements
        .iter()
        .filter(|e| {
            (e.name == "script" || e.name == "img") && e.attr("src").is_some()
                || e.name == "link"
                    && e.attr("href").is_some()
                    && e.attr("rel").is_some_and(|r| r.contains("stylesheet"))
        })
        .count();
    a.add(
        "request-count",
        "performance",
        requests <= 50,
        format!("{} requests for the page and its assets", requests + 1),
    );
}

/// Words that open a call to action, whatever the goal.
const ACTION_WORDS: [&str; 16] = [
    "book",
    "order",
    "buy",
    "shop",
    "contact",
    "call",
    "donate",
    "give",
    "sign up",
    "join",
    "get a quote",
    "request",
    "start",
    "subscribe",
    "register",
    "visit",
];
const GENERIC_HEADLINES: [&str; 6] = ["welcome", "home", "untitled", "homepage", "hello", "index"];

/// Most words per sentence that still reads easily on the web.
pub const MAX_AVERAGE_SENTENCE_WORDS: usize = 25;
/// Fewer visible words than this make a thin page.
pub const MIN_PAGE_WORDS: usize = 150;

/// The content audits: headline, call to action, contact details, readability, trust
/// elements and thin content. Ids start with `content-`; Lighthouse has no such audits.
fn content_audits(doc: &Document, goal: Option<&str>) -> Vec<(&'static str, bool, String)> {
    let mut out = Vec::new();
    let body_text = doc.all("body").next().map(text_of).unwrap_or_default();
    let h1 = doc.all("h1").next().map(text_of).unwrap_or_default();
    let h1_words = h1.split_whitespace().count();
    let generic = GENERIC_HEADLINES.contains(&h1.to_lowercase().trim_end_matches('!'));
    out.push((
        "content-headline",
        (2..=14).contains(&h1_words) && !generic,
        format!(
            "h1 {h1:?}: {h1_words} words{}",
            if generic { ", generic" } else { "" }
        ),
    ));
    let goal_cta = goal.map(|g| crate::knowledge::goal_profile(g).0.cta.to_lowercase());
    let actions: Vec<String> = doc
        .elements
        .iter()
        .filter(|e| e.name == "a" || e.name == "button")
        .map(|e| text_of(e).to_lowercase())
        .filter(|t| is_action_text(t, goal))
        .collect();
    out.push((
        "content-cta",
        !actions.is_empty(),
        match &goal_cta {
            Some(cta) => format!("calls to action: {actions:?} (the goal suggests {cta:?})"),
            None => format!("calls to action: {actions:?}"),
        },
    ));
    let hrefs: Vec<&str> = doc.all("a").filter_map(|a| a.attr("href")).collect();
    let contact: Vec<&str> = [
        ("phone", hrefs.iter().any(|h| h.starts_with("tel:"))),
        ("email", hrefs.iter().any(|h| h.starts_with("mailto:"))),
        ("form", doc.all("form").next().is_some()),
        ("address", doc.all("address").next().is_some()),
    ]
    .into_iter()
    .filter_map(|(what, found)| found.then_some(what))
    .collect();
    out.push((
        "content-contact",
        !contact.is_empty(),
        format!("contact details: {contact:?}"),
    ));
    let paragraphs: Vec<String> = doc
        .all("p")
        .map(text_of)
        .filter(|t| !t.is_empty())
        .collect();
    let text = paragraphs.join(" ");
    let sentences = text
        .split(['.', '!', '?'])
        .filter(|s| !s.trim().is_empty())
        .count()
        .max(1);
    let words = text.split_whitespace().count();
    let average = words / sentences;
    out.push((
        "content-readability",
        words == 0 || average <= MAX_AVERAGE_SENTENCE_WORDS,
        format!("{average} words per sentence on average in {sentences} sentences"),
    ));
    let lower_hrefs: Vec<String> = hrefs.iter().map(|h| h.to_lowercase()).collect();
    let trust: Vec<&str> = [
        (
            "privacy notice",
            lower_hrefs.iter().any(|h| h.contains("privacy")),
        ),
        ("contact details", !contact.is_empty()),
        (
            "organisation data (JSON-LD)",
            doc.all("script").any(|s| {
                s.attr("type") == Some("application/ld+json")
                    && ["Organization", "Business", "#organization", "Store", "NGO"]
                        .iter()
                        .any(|t| s.text.contains(t))
            }),
        ),
        ("terms", lower_hrefs.iter().any(|h| h.contains("terms"))),
    ]
    .into_iter()
    .filter_map(|(what, found)| found.then_some(what))
    .collect();
    out.push((
        "content-trust",
        trust.len() >= 2,
        format!("trust elements: {trust:?}"),
    ));
    let page_words = body_text.split_whitespace().count();
    out.push((
        "content-thin",
        page_words >= MIN_PAGE_WORDS,
        format!("{page_words} visible words (at least {MIN_PAGE_WORDS})"),
    ));
    out
}

fn is_local(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.starts_with("127.0.0.1") || rest.starts_with("localhost") || rest.starts_with("[::1]")
}

fn has_named_image(doc: &Document, a: &Element) -> bool {
    let Some(index) = doc.elements.iter().position(|e| std::ptr::eq(e, a)) else {
        return false;
    };
    doc.elements
        .iter()
        .enumerate()
        .skip(index + 1)
        .take_while(|(i, _)| is_descendant(doc, *i, index))
        .any(|(_, e)| e.name == "img" && e.attr("alt").is_some_and(|alt| !alt.trim().is_empty()))
}

fn is_descendant(doc: &Document, mut index: usize, ancestor: usize) -> bool {
    while let Some(parent) = doc.elements[index].parent {
        if parent == ancestor {
            return true;
        }
        index = parent;
    }
    false
}

/// Whether a frame has an accessible name (`title`, `aria-label` or `aria-labelledby`).
pub fn named_frame(e: &Element) -> bool {
    e.attr("title").is_some_and(|t| !t.trim().is_empty())
        || e.attr("aria-label").is_some_and(|l| !l.trim().is_empty())
        || e.attr("aria-labelledby").is_some()
}

/// The positions, among all `a` elements in document order, of links with an `href` and
/// no accessible name (no text, `aria-label`, `aria-labelledby`, `title` or named image).
pub fn unnamed_links(doc: &Document) -> Vec<usize> {
    doc.all("a")
        .enumerate()
        .filter(|(_, a)| a.attr("href").is_some() && !named(a) && !has_named_image(doc, a))
        .map(|(n, _)| n)
        .collect()
}

/// The positions, among all `button` elements, of buttons with no accessible name.
pub fn unnamed_buttons(doc: &Document) -> Vec<usize> {
    doc.all("button")
        .enumerate()
        .filter(|(_, b)| !named(b))
        .map(|(n, _)| n)
        .collect()
}

/// The positions, among the form controls that need a label ([`Element::needs_label`]),
/// of those that have none.
pub fn unlabelled_control_positions(doc: &Document) -> Vec<usize> {
    let labelled = doc.label_targets();
    doc.elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.needs_label())
        .enumerate()
        .filter(|(_, (i, e))| !control_labelled(doc, &labelled, *i, e))
        .map(|(n, _)| n)
        .collect()
}

fn control_labelled(doc: &Document, labelled: &HashSet<&str>, index: usize, e: &Element) -> bool {
    e.attr("id").is_some_and(|id| labelled.contains(id))
        || e.attr("aria-label").is_some_and(|l| !l.trim().is_empty())
        || e.attr("aria-labelledby").is_some()
        || e.attr("title").is_some()
        || e.attr("placeholder").is_some_and(|p| !p.trim().is_empty())
        || doc.inside(index, "label")
}

/// Whether a link or button text reads as a call to action (for the goal, if given).
pub fn is_action_text(text: &str, goal: Option<&str>) -> bool {
    let t = text.to_lowercase();
    ACTION_WORDS.iter().any(|w| t.contains(w))
        || goal.is_some_and(|g| t.contains(&crate::knowledge::goal_profile(g).0.cta.to_lowercase()))
}

fn unlabelled_controls(doc: &Document) -> Vec<String> {
    let labelled = doc.label_targets();
    doc.elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.needs_label())
        .filter(|(i, e)| !control_labelled(doc, &labelled, *i, e))
        .map(|(_, e)| e.attr("name").unwrap_or(&e.name).to_string())
        .collect()
}

fn heading_order_ok(doc: &Document) -> bool {
    let mut previous = 0;
    for e in &doc.elements {
        let Some(level) = e.heading_level() else {
            continue;
        };
        if previous != 0 && level > previous + 1 {
            return false;
        }
        previous = level;
    }
    true
}

/// A BCP 47 tag of the shapes hreflang and lang use: `x-default`, or a 2-3 letter language
/// with optional script/region/variant subtags.
fn valid_language_tag(tag: &str) -> bool {
    if tag.eq_ignore_ascii_case("x-default") {
        return true;
    }
    let mut parts = tag.split(['-', '_']);
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GOOD with its paragraph: 16 short sentences, 160 words.
    fn good() -> String {
        GOOD.replace(
            "PARAGRAPH",
            &"We bake every loaf by hand in our small Leeds kitchen. ".repeat(16),
        )
    }

    fn audit(html: &str, headers: &[(String, String)]) -> AuditReport {
        audit_page(&Page {
            url: "https://shop.test/",
            headers,
            html,
            primary_goal: Some("online_orders"),
            asset_bytes: 0,
        })
    }

    fn failed(report: &AuditReport) -> Vec<&str> {
        report
            .audits
            .iter()
            .filter(|a| !a.pass)
            .map(|a| a.id.as_str())
            .collect()
    }

    const GOOD: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width\"><title>Shop</title>\
        <meta name=\"description\" content=\"A shop\"><link rel=\"canonical\" href=\"https://shop.test/\">\
        <style>body{color:#222222;background:#ffffff}</style></head><body><main><h1>Fresh bread from Leeds</h1><h2>Offers</h2>\
        <p>PARAGRAPH</p><a href=\"/offers\">See the offers</a><a href=\"/order\">Order bread</a><a href=\"/privacy\">Privacy</a><img src=\"a.png\" alt=\"A shelf\" width=\"10\" height=\"10\">\
        <form><label for=\"e\">Email</label><input id=\"e\" type=\"email\"><button>Send</button></form></main></body></html>";

    #[test]
    fn a_sound_page_passes_every_audit() {
        let headers = [("content-encoding".to_string(), "gzip".to_string())];
        let report = audit(&good(), &headers);
        assert_eq!(failed(&report), Vec::<&str>::new(), "{report:#?}");
        assert!(report.scores.values().all(|s| *s == 100));
    }

    #[test]
    fn each_defect_fails_its_lighthouse_audit() {
        let headers = [("content-encoding".to_string(), "br".to_string())];
        for (edit, id) in [
            (("<title>Shop</title>", ""), "document-title"),
            (
                ("<meta name=\"description\" content=\"A shop\">", ""),
                "meta-description",
            ),
            (("<html lang=\"en\">", "<html>"), "html-has-lang"),
            (
                ("<html lang=\"en\">", "<html lang=\"english!\">"),
                "html-lang-valid",
            ),
            (
                ("content=\"width=device-width\"", "content=\"\""),
                "viewport",
            ),
            ((" alt=\"A shelf\"", ""), "image-alt"),
            (("See the offers", "click here"), "link-text"),
            (("See the offers", ""), "link-name"),
            (
                ("href=\"/offers\"", "href=\"javascript:void(0)\""),
                "crawlable-anchors",
            ),
            (
                (
                    "<title>",
                    "<meta name=\"robots\" content=\"noindex\"><title>",
                ),
                "is-crawlable",
            ),
            (("href=\"https://shop.test/\"", "href=\"/\""), "canonical"),
            (
                (
                    "<title>",
                    "<link rel=\"alternate\" hreflang=\"english\" href=\"/en\"><title>",
                ),
                "hreflang",
            ),
            (("<h2>Offers</h2>", "<h4>Offers</h4>"), "heading-order"),
            (("<label for=\"e\">Email</label>", ""), "label"),
            (
                ("<button>Send</button>", "<button></button>"),
                "button-name",
            ),
            (("color:#222222", "color:#bbbbbb"), "color-contrast"),
            (("<!DOCTYPE html>", ""), "doctype"),
            (
                (
                    "<main>",
                    "<main><iframe src=\"https://maps.example/\"></iframe>",
                ),
                "frame-title",
            ),
            (("<meta charset=\"utf-8\">", ""), "charset"),
            (("<main>", "<main><center>x</center>"), "deprecations"),
            (
                ("<title>", "<script src=\"app.js\"></script><title>"),
                "render-blocking-resources",
            ),
            ((" width=\"10\" height=\"10\"", ""), "unsized-images"),
            (("Fresh bread from Leeds", "Welcome"), "content-headline"),
            (("Order bread", "Our bread"), "content-cta"),
            (("<form>", "<div>"), "content-contact"),
            (("<a href=\"/privacy\">Privacy</a>", ""), "content-trust"),
        ] {
            let html = good().replacen(edit.0, edit.1, 1);
            assert_ne!(html, good());
            let report = audit(&html, &headers);
            assert!(failed(&report).contains(&id), "{id}: {:?}", failed(&report));
        }
        let with_stylesheet =
            good().replace("<title>", "<link rel=\"stylesheet\" href=\"s.css\"><title>");
        let report = audit(&with_stylesheet, &headers);
        assert!(
            !report.audits.iter().any(|a| a.id == "color-contrast"),
            "undecidable, so left out"
        );
        assert_eq!(asset_urls(&with_stylesheet), ["s.css", "a.png"]);
        assert_eq!(
            css_urls("a{background:url('img/bg.jpg')}@font-face{src:url(f.woff2) format('woff2'),url(\"data:x\")}"),
            ["img/bg.jpg", "f.woff2"]
        );
        let heavy = audit_page(&Page {
            url: "https://shop.test/",
            headers: &headers,
            html: &good(),
            primary_goal: None,
            asset_bytes: BYTE_WEIGHT_BUDGET,
        });
        assert!(failed(&heavy).contains(&"total-byte-weight"));
        let run_on = good().replace("kitchen. We", "kitchen and we");
        assert!(failed(&audit(&run_on, &headers)).contains(&"content-readability"));
        let thin = GOOD.replace("PARAGRAPH", "We bake bread.");
        assert!(failed(&audit(&thin, &headers)).contains(&"content-thin"));
        let plain = audit_page(&Page {
            url: "http://shop.test/",
            headers: &[],
            html: &good(),
            primary_goal: None,
            asset_bytes: 0,
        });
        assert!(
            failed(&plain).contains(&"is-on-https")
                && failed(&plain).contains(&"uses-text-compression")
        );
    }
}
