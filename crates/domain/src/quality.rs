//! The pre-deployment quality gate for a generated site: well-formed HTML, one h1 and
//! heading order, metadata (title, description, canonical, Open Graph, JSON-LD, lang),
//! accessible names (alt text, form labels, link and button names), WCAG AA contrast of
//! every text/background pair the CSS produces, internal links, the page-weight budget,
//! placeholder text and stray markup. It runs inside the developer step, so a site
//! that fails is never deployed: the step fails with `Code24.QualityGateFailed` and the findings.

use crate::brief::Brief;
use crate::color::{contrast, Rgb};
use crate::design::offer_page_path;
use crate::html::{self, Document};
use crate::knowledge::{business_profile, goal_profile, CtaKind};
use crate::site::Site;
use crate::text::escape_html;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub page: String,
    pub check: String,
    pub detail: String,
}

/// Text that marks an unfinished page.
pub(crate) const PLACEHOLDERS: [&str; 6] = [
    "lorem ipsum",
    "todo",
    "example.com",
    "placeholder",
    "your company",
    "tbd",
];

fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(pos) = rest.find(&needle) {
        let after = &rest[pos + needle.len()..];
        let end = after.find('"').unwrap_or(after.len());
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

/// The page's text as a reader sees it: tags removed, and the contents of `<style>` and
/// `<script>` (CSS, the analytics snippet, JSON-LD) left out.
fn visible_text(html: &str) -> String {
    let mut body = html.to_lowercase();
    for tag in ["style", "script"] {
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        let mut kept = String::with_capacity(body.len());
        let mut rest = body.as_str();
        while let Some(start) = rest.find(&open) {
            kept.push_str(&rest[..start]);
            kept.push(' ');
            rest = match rest[start..].find(&close) {
                Some(end) => &rest[start + end + close.len()..],
                None => "",
            };
        }
        kept.push_str(rest);
        body = kept;
    }
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Largest HTML page the gate lets through (bytes, CSS and scripts inline).
pub const PAGE_BUDGET_BYTES: usize = 50_000;
/// Largest whole site (every file) the gate lets through.
pub const SITE_BUDGET_BYTES: usize = 150_000;
/// WCAG 2.1 AA contrast for body text; the gate applies it to every pair, large or not.
pub const MIN_CONTRAST: f64 = 4.5;

/// Whether `text` holds the placeholder `p`: as a word, or as a phrase.
fn has_placeholder(text: &str, p: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '.')
        .any(|w| w == p)
        || (p.contains(' ') && text.contains(p))
}

/// Checks every HTML page of the site, and the rules it owes its brief
/// ([`check_brief_rules`]); an empty result means the site passes.
pub fn check_site(site: &Site, brief: &Brief) -> Vec<Finding> {
    let escaped_name = escape_html(&brief.name);
    let business_name_escaped = escaped_name.as_str();
    // A placeholder word the owner wrote ("opening hours TBD") is the owner's text, not
    // an unfinished template.
    let stated = brief.stated_text().to_lowercase();
    let mut findings = Vec::new();
    let paths: HashSet<&str> = site.files.iter().map(|f| f.path.as_str()).collect();
    for file in site.files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = &file.body;
        let doc = html::parse(html);
        let mut fail = |check: &str, detail: String| {
            findings.push(Finding {
                page: file.path.clone(),
                check: check.to_string(),
                detail,
            })
        };
        for error in &doc.errors {
            fail("html-parse", error.clone());
        }
        if html.len() > PAGE_BUDGET_BYTES {
            fail(
                "page-weight",
                format!(
                    "{} bytes, over the {PAGE_BUDGET_BYTES}-byte budget",
                    html.len()
                ),
            );
        }
        structure_checks(&doc, &mut fail);
        for style in doc.all("style") {
            for pair in low_contrast_pairs(&style.text) {
                fail("color-contrast", pair);
            }
        }
        for (check, needle) in [
            ("doctype", "<!DOCTYPE html>"),
            ("html-has-lang", "<html lang=\""),
            ("charset", "<meta charset=\"utf-8\">"),
            ("viewport", "<meta name=\"viewport\""),
            ("canonical", "<link rel=\"canonical\" href=\"http"),
            ("meta-description", "<meta name=\"description\" content=\""),
            ("open-graph", "<meta property=\"og:title\""),
            ("favicon", "<link rel=\"icon\""),
        ] {
            if !html.contains(needle) {
                fail(check, format!("missing {needle}"));
            }
        }
        match html
            .split_once("<title>")
            .and_then(|(_, t)| t.split_once("</title>"))
        {
            Some((title, _)) if title.contains(business_name_escaped) => {}
            _ => fail(
                "document-title",
                "the <title> must contain the business name".into(),
            ),
        }
        if file.path == "index.html" {
            if !html.contains("#organization\",") || !html.contains("\"@type\":\"WebSite\"") {
                fail(
                    "json-ld",
                    "the business (an Organization or its subtype) and WebSite JSON-LD are required".into(),
                );
            }
            let desc = attr_values(html, "content");
            if !desc.iter().any(|d| d.contains(business_name_escaped)) {
                fail(
                    "meta-description",
                    "the meta description must contain the business name".into(),
                );
            }
        }
        let scripts = doc.all("script").count();
        if scripts != 2 {
            fail(
                "no-stray-markup",
                format!("{scripts} <script> elements where the template has 2"),
            );
        }
        for tag in ["iframe", "object", "embed"] {
            if doc.all(tag).next().is_some() {
                fail("no-stray-markup", format!("unexpected <{tag}> element"));
            }
        }
        let text = visible_text(html);
        // "todo" is Spanish for "all": a placeholder only on pages in other languages.
        let spanish = html.contains("<html lang=\"es\"");
        for p in PLACEHOLDERS
            .iter()
            .filter(|p| !(has_placeholder(&stated, p) || (spanish && **p == "todo")))
        {
            if has_placeholder(&text, p) {
                fail("no-placeholder-text", format!("contains \"{p}\""));
            }
        }
        for href in attr_values(html, "href") {
            if href.starts_with("http://")
                || href.starts_with("https://")
                || href.starts_with("mailto:")
                || href.starts_with("tel:")
            {
                continue;
            }
            let (target, fragment) = href.split_once('#').unwrap_or((href, ""));
            if !target.is_empty() && !paths.contains(target) {
                fail("internal-links", format!("link to missing file {href}"));
            }
            if !fragment.is_empty() {
                let page_html = if target.is_empty() {
                    Some(html.as_str())
                } else {
                    site.file(target).map(|f| f.body.as_str())
                };
                if let Some(other) = page_html {
                    if !other.contains(&format!(" id=\"{fragment}\"")) {
                        fail("internal-links", format!("link to missing anchor {href}"));
                    }
                }
            }
        }
    }
    if site.total_bytes() > SITE_BUDGET_BYTES {
        findings.push(Finding {
            page: "*".into(),
            check: "page-weight".into(),
            detail: format!(
                "the site is {} bytes, over the {SITE_BUDGET_BYTES}-byte budget",
                site.total_bytes()
            ),
        });
    }
    for required in [
        "robots.txt",
        "sitemap.xml",
        "favicon.svg",
        // Every page's og:image.
        crate::site::OPEN_GRAPH_IMAGE,
        "404.html",
        "privacy.html",
        "index.html",
    ] {
        if !paths.contains(required) {
            findings.push(Finding {
                page: required.into(),
                check: "required-files".into(),
                detail: "missing".into(),
            });
        }
    }
    findings.extend(check_brief_rules(site, brief));
    findings
}

/// The rules a site owes its brief: every page in the brief's language; a tap-to-call
/// link in the header and the hero when the goal is calls and a number is given; every
/// offering (and every stated price) on the home page; no question without an answer.
pub fn check_brief_rules(site: &Site, brief: &Brief) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut fail = |page: &str, check: &str, detail: String| {
        findings.push(Finding {
            page: page.to_string(),
            check: check.to_string(),
            detail,
        })
    };
    let lang = format!("<html lang=\"{}\"", brief.language.code());
    for file in site.files.iter().filter(|f| f.path.ends_with(".html")) {
        if !file.body.contains(&lang) {
            fail(&file.path, "lang-matches-brief", format!("missing {lang}>"));
        }
    }
    let Some(home) = site.file("index.html").map(|f| f.body.as_str()) else {
        return findings;
    };
    let (goal, _) = goal_profile(&brief.primary_goal);
    if let (CtaKind::Call, Some(uri)) = (goal.kind, brief.contact.phone_uri()) {
        let link = format!("href=\"{}\" data-goal=\"phone_click\"", escape_html(&uri));
        let (header, rest) = home.split_once("<main").unwrap_or((home, ""));
        let hero = rest.split_once("</section>").map_or(rest, |(h, _)| h);
        for (part, text) in [("header", header), ("hero", hero)] {
            if !text.contains(&link) {
                fail(
                    "index.html",
                    "tel-link",
                    format!("the {part} has no {link}"),
                );
            }
        }
    }
    // The home page and the offer page (the one named for the business's type) each
    // show every offering and every stated price.
    let (profile, _) = business_profile(&brief.business_type, &brief.description);
    let offer_path = offer_page_path(profile);
    let offer_page = site.file(offer_path).map(|f| f.body.as_str());
    for (path, page) in [("index.html", Some(home)), (offer_path, offer_page)] {
        let Some(page) = page else {
            fail(
                offer_path,
                "offerings-present",
                "the offer page is missing".into(),
            );
            continue;
        };
        for o in &brief.offerings {
            for (what, text) in [("offering", Some(&o.name)), ("price", o.price.as_ref())] {
                if let Some(text) = text {
                    if !page.contains(&escape_html(text)) {
                        fail(
                            path,
                            "offerings-present",
                            format!("the {what} \"{text}\" is missing"),
                        );
                    }
                }
            }
        }
    }
    if let Some((_, faq)) = home.split_once("<div class=\"faq\">") {
        let faq = faq.split_once("</div>").map_or(faq, |(f, _)| f);
        for chunk in faq.split("<h3>").skip(1) {
            let answer = chunk
                .split_once("</h3><p>")
                .and_then(|(_, a)| a.split_once("</p>"))
                .map(|(a, _)| a.trim());
            if answer.is_none_or(str::is_empty) {
                let question = chunk.split_once("</h3>").map_or(chunk, |(q, _)| q);
                fail(
                    "index.html",
                    "no-unanswered-question",
                    format!("\"{question}\" has no answer"),
                );
            }
        }
    }
    findings
}

/// One h1, headings in order, unique ids, and an accessible name for every image,
/// link, button and form control.
fn structure_checks(doc: &Document, fail: &mut impl FnMut(&str, String)) {
    let h1 = doc.all("h1").count();
    if h1 != 1 {
        fail("single-h1", format!("{h1} <h1> elements"));
    }
    let mut previous = 0;
    for e in &doc.elements {
        let Some(level) = e.heading_level() else {
            continue;
        };
        if level > previous + 1 {
            fail(
                "heading-order",
                format!("<h{level}> \"{}\" follows <h{previous}>", e.text.trim()),
            );
        }
        previous = level;
    }
    match doc.all("html").next().and_then(|e| e.attr("lang")) {
        Some(lang) if !lang.trim().is_empty() => {}
        _ => fail("html-has-lang", "the <html> element needs a lang".into()),
    }
    for (index, e) in doc.elements.iter().enumerate() {
        let nested = [
            "main", "header", "footer", "nav", "section", "article", "aside",
        ]
        .iter()
        .any(|landmark| doc.inside(index, landmark));
        if e.name == "aside" && nested {
            fail(
                "landmark-complementary-is-top-level",
                "an <aside> inside another landmark".into(),
            );
        }
    }
    let mut ids = HashSet::new();
    for id in doc.elements.iter().filter_map(|e| e.attr("id")) {
        if !ids.insert(id) {
            fail("duplicate-id", format!("id=\"{id}\" is used twice"));
        }
    }
    let named = |e: &html::Element| {
        !e.text.trim().is_empty() || e.attr("aria-label").is_some_and(|l| !l.trim().is_empty())
    };
    for img in doc.all("img") {
        if img.attr("alt").is_none() {
            fail(
                "image-alt",
                format!("<img src=\"{}\"> has no alt", img.attr("src").unwrap_or("")),
            );
        }
    }
    for a in doc.all("a") {
        if !named(a) {
            fail(
                "link-name",
                format!("<a href=\"{}\"> has no text", a.attr("href").unwrap_or("")),
            );
        }
    }
    for button in doc.all("button") {
        if !named(button) {
            fail("button-name", "a <button> has no text".into());
        }
    }
    let labelled = doc.label_targets();
    for (index, control) in doc.elements.iter().enumerate() {
        let kind = control.attr("type").unwrap_or("text");
        let needs_label = control.needs_label();
        let has_label = control.attr("id").is_some_and(|id| labelled.contains(id))
            || control
                .attr("aria-label")
                .is_some_and(|l| !l.trim().is_empty())
            || doc.inside(index, "label");
        if needs_label && !has_label {
            fail(
                "label",
                format!(
                    "<{} name=\"{}\"> has no label",
                    control.name,
                    control.attr("name").unwrap_or("")
                ),
            );
        }
        if control.name == "input"
            && kind == "submit"
            && control.attr("value").is_none_or(|v| v.trim().is_empty())
        {
            fail("button-name", "a submit <input> has no value".into());
        }
    }
}

/// One CSS rule's colours, by selector.
struct Painted {
    selector: String,
    color: Option<Rgb>,
    /// `Some(None)`: a transparent background (the text sits on what is behind it).
    background: Option<Option<Rgb>>,
}

fn css_color(value: &str, vars: &HashMap<String, String>) -> Option<Option<Rgb>> {
    let value = value.trim().trim_end_matches("!important").trim();
    let value = match value.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
        Some(name) => vars.get(name.trim())?.as_str(),
        None => value,
    };
    match value {
        "transparent" => Some(None),
        "white" => Some(Some(Rgb(255, 255, 255))),
        "black" => Some(Some(Rgb(0, 0, 0))),
        v if v.len() == 4 && v.starts_with('#') => {
            // #rgb is #rrggbb with each digit doubled.
            let long: String = v[1..].chars().flat_map(|c| [c, c]).collect();
            Rgb::parse_hex(&format!("#{long}")).map(Some)
        }
        v => Rgb::parse_hex(v).map(Some),
    }
}

/// The text/background pairs a stylesheet produces that fall below [`MIN_CONTRAST`].
///
/// A rule that sets both a colour and an opaque background pairs them. A rule whose
/// selector sits inside such a rule (`.hero .lead` inside `.hero`) pairs its colour with
/// that background. Every other text colour can land on every background that some
/// container rule paints (a background without its own text colour, and the body's).
pub fn low_contrast_pairs(css: &str) -> Vec<String> {
    let mut vars = HashMap::new();
    let mut rules = Vec::new();
    for rule in css.split('}') {
        let Some((selectors, body)) = rule.rsplit_once('{') else {
            continue;
        };
        let selectors = selectors.rsplit_once('{').map_or(selectors, |(_, s)| s);
        let mut color = None;
        let mut background = None;
        for declaration in body.split(';') {
            let Some((property, value)) = declaration.split_once(':') else {
                continue;
            };
            let property = property.trim();
            if let Some(name) = property.strip_prefix("--") {
                vars.insert(format!("--{name}"), value.trim().to_string());
            } else if property == "color" {
                color = css_color(value, &vars).flatten();
            } else if property == "background" || property == "background-color" {
                background = css_color(value, &vars);
            }
        }
        if color.is_none() && background.is_none() {
            continue;
        }
        for selector in selectors.split(',') {
            rules.push(Painted {
                selector: selector.trim().to_string(),
                color,
                background,
            });
        }
    }
    let scopes: Vec<(&str, Rgb)> = rules
        .iter()
        .filter_map(|r| match (r.color, r.background) {
            (Some(_), Some(Some(bg)))
                if !matches!(r.selector.as_str(), "html" | "body" | ":root") =>
            {
                Some((r.selector.as_str(), bg))
            }
            _ => None,
        })
        .collect();
    let scope_of = |selector: &str| {
        scopes
            .iter()
            .find(|(s, _)| selector.starts_with(&format!("{s} ")))
            .map(|&(_, bg)| bg)
    };
    let is_root = |selector: &str| matches!(selector, "html" | "body" | ":root");
    let mut containers: Vec<Rgb> = rules
        .iter()
        .filter(|r| (r.color.is_none() || is_root(&r.selector)) && scope_of(&r.selector).is_none())
        .filter_map(|r| r.background.flatten())
        .collect();
    // Without a page background, text sits on the browser's white canvas.
    if !rules
        .iter()
        .any(|r| is_root(&r.selector) && r.background.flatten().is_some())
    {
        containers.push(Rgb(255, 255, 255));
    }
    let mut out = Vec::new();
    for rule in &rules {
        let Some(fg) = rule.color else { continue };
        let behind: Vec<Rgb> = match (rule.background, scope_of(&rule.selector)) {
            (Some(Some(bg)), _) => vec![bg],
            (_, Some(bg)) => vec![bg],
            _ => containers.clone(),
        };
        for bg in behind {
            let ratio = contrast(fg, bg);
            if ratio < MIN_CONTRAST {
                out.push(format!(
                    "{}: {} on {} is {ratio:.2}:1, under {MIN_CONTRAST}:1",
                    rule.selector,
                    fg.hex(),
                    bg.hex()
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::SiteContext;

    fn crumb() -> Brief {
        Brief::from_json(
            r#"{"name":"Crumb & Co.","description":"Neighbourhood sourdough bakery in Leeds with a small cafe","businessType":"bakery","primaryGoal":"online orders"}"#,
        )
        .unwrap()
    }

    fn built_site() -> Site {
        let brief = crumb();
        let mi = crate::research::combine(
            crate::research::market_research(&brief),
            crate::research::competitive_analysis(&brief),
        );
        let brand = crate::brand::brand(&brief, &mi).unwrap();
        let design = crate::design::design(&brief, &mi, &brand);
        let ctx = SiteContext {
            site_id: "crumb-co".into(),
            url: "https://sites.code24.test/crumb-co/".into(),
            collect_endpoint: "https://api.code24.test/collect/crumb-co".into(),
            form_endpoint: "https://api.code24.test/forms/crumb-co".into(),
        };
        crate::site::develop(&brief, &mi, &brand, &design, &ctx)
    }

    /// The findings after `edit` changes the home page.
    fn findings_after(edit: impl Fn(&str) -> String) -> Vec<Finding> {
        let mut site = built_site();
        let home = site
            .files
            .iter_mut()
            .find(|f| f.path == "index.html")
            .unwrap();
        let edited = edit(&home.body);
        assert_ne!(edited, home.body, "the edit changed nothing");
        home.body = edited;
        check_site(&site, &crumb())
    }

    fn checks(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.check.as_str()).collect()
    }

    #[test]
    fn a_generated_site_passes() {
        assert_eq!(check_site(&built_site(), &crumb()), vec![]);
    }

    #[test]
    fn each_defect_is_found_and_named() {
        type Edit = Box<dyn Fn(&str) -> String>;
        let cases: Vec<(&str, Edit)> = vec![
            ("html-parse", Box::new(|h| h.replacen("</section>", "", 1))),
            (
                "single-h1",
                Box::new(|h| h.replacen("<h2 ", "<h1 ", 1).replacen("</h2>", "</h1>", 1)),
            ),
            (
                "heading-order",
                Box::new(|h| h.replacen("<h2 ", "<h4 ", 1).replacen("</h2>", "</h4>", 1)),
            ),
            (
                "html-has-lang",
                Box::new(|h| h.replacen("<html lang=\"en\">", "<html lang=\"\">", 1)),
            ),
            (
                "duplicate-id",
                Box::new(|h| h.replacen("id=\"main\"", "id=\"hero\"", 1)),
            ),
            (
                "landmark-complementary-is-top-level",
                Box::new(|h| h.replacen("</main>", "<aside>Note</aside></main>", 1)),
            ),
            (
                "image-alt",
                Box::new(|h| {
                    h.replacen(
                        "<main id=\"main\">",
                        "<main id=\"main\"><img src=\"a.png\">",
                        1,
                    )
                }),
            ),
            (
                "link-name",
                Box::new(|h| h.replacen("Skip to content</a>", "</a>", 1)),
            ),
            (
                "label",
                Box::new(|h| h.replacen("<label for=\"f-name\">", "<label>", 1)),
            ),
            (
                "color-contrast",
                Box::new(|h| {
                    let at = h.find("--muted:#").unwrap() + "--muted:".len();
                    format!("{}#dddddd{}", &h[..at], &h[at + 7..])
                }),
            ),
            (
                "page-weight",
                Box::new(|h| {
                    h.replacen(
                        "</main>",
                        &format!("<p>{}</p></main>", "word ".repeat(12_000)),
                        1,
                    )
                }),
            ),
            (
                "internal-links",
                Box::new(|h| h.replacen("href=\"#contact\"", "href=\"#nowhere\"", 1)),
            ),
            (
                "no-placeholder-text",
                Box::new(|h| h.replacen("</h1>", " lorem ipsum</h1>", 1)),
            ),
            (
                "no-stray-markup",
                Box::new(|h| h.replacen("</main>", "<iframe title=\"x\"></iframe></main>", 1)),
            ),
        ];
        for (check, edit) in cases {
            let findings = findings_after(edit);
            assert!(
                checks(&findings).contains(&check),
                "{check} not found: {findings:?}"
            );
        }
    }

    #[test]
    fn contrast_pairs_follow_the_rules_scopes() {
        let css = ":root{--p:#1a5fb4;--on:#ffffff;--bg:#ffffff;--muted:#777777}\
                   body{color:#222222;background:var(--bg)}.band{background:var(--p);color:var(--on)}\
                   .band .lead{color:var(--on)}.lead{color:var(--muted)}";
        let found = low_contrast_pairs(css);
        // #777 on white is 4.48:1; white inside the blue band is fine, and not paired with
        // the page's white background.
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(".lead: #777777 on #ffffff"),
            "{found:?}"
        );
        assert!(low_contrast_pairs(&css.replace("#777777", "#767676")).is_empty());
        // No page background: the canvas is white. Short hex colours are read.
        let bare = low_contrast_pairs("html{color:#888}h1{color:#555}");
        assert_eq!(bare.len(), 1, "{bare:?}");
        assert!(bare[0].starts_with("html: #888888 on #ffffff"), "{bare:?}");
    }
}
