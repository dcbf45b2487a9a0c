//! The pre-deployment quality gate for a generated site: structure and metadata of
//! every page, internal links, placeholder text and stray markup. It runs inside the
//! developer step, so a site that fails is never deployed.

use crate::site::Site;
use serde::{Deserialize, Serialize};
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

fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let lower = html.to_lowercase();
    let body = lower
        .split("<style>")
        .map(|part| part.split_once("</style>").map(|(_, b)| b).unwrap_or(part))
        .collect::<Vec<_>>()
        .join(" ");
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

/// Checks every HTML page of the site; an empty result means the site passes.
pub fn check_site(site: &Site, business_name_escaped: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let paths: HashSet<&str> = site.files.iter().map(|f| f.path.as_str()).collect();
    for file in site.files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = &file.body;
        let mut fail = |check: &str, detail: String| {
            findings.push(Finding {
                page: file.path.clone(),
                check: check.to_string(),
                detail,
            })
        };
        let h1 = html.matches("<h1").count();
        if h1 != 1 {
            fail("single-h1", format!("{h1} <h1> elements"));
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
            if !html.contains("\"@type\":\"Organization\"")
                || !html.contains("\"@type\":\"WebSite\"")
            {
                fail(
                    "json-ld",
                    "Organization and WebSite JSON-LD are required".into(),
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
        let scripts = html.matches("<script").count();
        if scripts != 2 {
            fail(
                "no-stray-markup",
                format!("{scripts} <script> elements where the template has 2"),
            );
        }
        for tag in ["<img", "<iframe", "<object", "<embed"] {
            if html.contains(tag) {
                fail("no-stray-markup", format!("unexpected {tag} element"));
            }
        }
        let text = visible_text(html);
        for p in PLACEHOLDERS {
            if text
                .split(|c: char| !c.is_alphanumeric() && c != '.')
                .any(|w| w == p)
                || (p.contains(' ') && text.contains(p))
            {
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
    for required in [
        "robots.txt",
        "sitemap.xml",
        "favicon.svg",
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
    findings
}
