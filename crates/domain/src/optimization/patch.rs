//! The patched copy of a page Code24 did not build: the OptimizationWorkflow's
//! implementation for any site. The page is rewritten with `lol_html` (a streaming HTML
//! rewriter that keeps everything it does not touch byte for byte): relative URLs become
//! absolute so the copy loads the original's assets, and each fix the plan asks for is
//! applied where the page needs it. Every fix is derived from the page itself (its own
//! text, headings, file names, icon names, image files) — nothing is invented; where a fix
//! would need facts the page does not hold, it is left to the plan as a recommendation.
//!
//! A copy of a page that names no icon names the original's `/favicon.ico` (or none), as
//! a browser would otherwise ask the copy's origin for one.
//! The copy drops the original's web app manifest link: a manifest applies only to pages
//! of its own origin, so the copy could only fail to load it.
//!
//! Positions: the fixes for links, buttons and form controls are found with
//! [`crate::html`] and applied by position among elements of the same name. Where the two
//! readers count a page's elements differently, those fixes are skipped, not guessed.

use crate::html::{self, Document, Element};
use crate::optimization::audit;
use lol_html::html_content::ContentType;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use url::Url;

/// One applied change, tied to the audit it fixes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub audit_id: String,
    pub description: String,
    /// The id of the `<section>` the change is in, when it is in one: for a site Code24
    /// built, the stable section id its design gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// What a rewrite needs besides the page.
#[derive(Debug, Clone, Default)]
pub struct PatchContext {
    /// The page's final URL: relative URLs are resolved against it.
    pub page_url: String,
    /// An inline script to add at the end of `<body>` (the analytics snippet).
    pub snippet: Option<String>,
    /// Image sizes read from the image files, by absolute URL.
    pub image_sizes: BTreeMap<String, (u32, u32)>,
    /// The site's primary goal: links and buttons reading as its call to action, and
    /// forms, are marked with `data-goal` so the snippet counts them.
    pub primary_goal: Option<String>,
    /// For a page that names no icon: the original's `/favicon.ico`, if it has one. The
    /// copy names it (or no icon at all), as a browser would otherwise ask the copy's own
    /// origin for one.
    pub favicon: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    #[error("the page URL {0:?} is not an absolute URL")]
    PageUrl(String),
    #[error("the page could not be rewritten: {0}")]
    Rewrite(String),
}

/// The fixes [`optimize_page`] can apply, by audit id.
pub const AUTOMATED_FIXES: [&str; 12] = [
    "frame-title",
    "document-title",
    "meta-description",
    "html-has-lang",
    "viewport",
    "charset",
    "image-alt",
    "link-name",
    "button-name",
    "label",
    "render-blocking-resources",
    "unsized-images",
];

/// The original page as the control variant: the same HTML with absolute URLs, goal
/// markers and the snippet, and nothing else changed.
pub fn copy_page(page: &str, ctx: &PatchContext) -> Result<String, PatchError> {
    rewrite(page, ctx, &HashSet::new()).map(|(html, _)| html)
}

/// The optimized variant: [`copy_page`] plus the fixes in `fixes` (audit ids) the page
/// needs. Returns the page and the changes made.
pub fn optimize_page(
    page: &str,
    ctx: &PatchContext,
    fixes: &HashSet<&str>,
) -> Result<(String, Vec<Change>), PatchError> {
    rewrite(page, ctx, fixes)
}

/// Words common in English text; a page whose text is mostly made of them is English.
const ENGLISH_WORDS: [&str; 24] = [
    "the", "and", "to", "of", "a", "in", "is", "you", "for", "with", "our", "your", "we", "on",
    "are", "that", "this", "it", "be", "as", "at", "or", "from", "by",
];

/// `en` when the page's text is clearly English (at least 20 words, at least 15% of them
/// common English words); otherwise `None`: the language is not guessed.
pub fn detect_language(doc: &Document) -> Option<&'static str> {
    let text = doc.all("body").next()?.text_collapsed().to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let common = words.iter().filter(|w| ENGLISH_WORDS.contains(w)).count();
    (words.len() >= 20 && common * 100 >= words.len() * 15).then_some("en")
}

/// A description from the page's own text: its first paragraph of at least twelve
/// words (a sentence, not a byline), else of at least three, cut to 155 characters at a
/// word boundary.
pub fn description_from(doc: &Document) -> Option<String> {
    let paragraphs: Vec<String> = doc
        .all("p")
        .map(|p| decode_entities(&p.text_collapsed()))
        .collect();
    [12, 3]
        .iter()
        .find_map(|min| {
            paragraphs
                .iter()
                .find(|t| t.split_whitespace().count() >= *min)
        })
        .map(|t| crate::text::truncate_words(t, 155))
}

/// A title from the page's own headings: its `h1`, else its first heading.
pub fn title_from(doc: &Document) -> Option<String> {
    let heading = doc
        .all("h1")
        .next()
        .or_else(|| doc.elements.iter().find(|e| e.heading_level().is_some()))?;
    let text = decode_entities(&heading.text_collapsed());
    (!text.is_empty()).then(|| crate::text::truncate_words(&text, 60))
}

/// The few entities page text commonly holds; the rest stay as written.
fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Icon class names that are styling, not the icon's meaning.
const ICON_STYLE_WORDS: [&str; 16] = [
    "stack", "lg", "xs", "sm", "fw", "inverse", "circle", "square", "solid", "regular", "brands",
    "light", "1x", "2x", "3x", "4x",
];

/// A name for an icon-only link: the icon's name (`fa-twitter`, `bi-github`), else the
/// host it links to (`twitter.com` → `twitter`).
fn icon_link_name(doc: &Document, link_index: usize) -> Option<String> {
    let link = &doc.elements[link_index];
    let mut names = Vec::new();
    for (i, e) in doc.elements.iter().enumerate().skip(link_index + 1) {
        if !is_within(doc, i, link_index) {
            break;
        }
        for class in e.attr("class").unwrap_or_default().split_whitespace() {
            let name = class
                .strip_prefix("fa-")
                .or_else(|| class.strip_prefix("bi-"))
                .or_else(|| class.strip_prefix("icon-"));
            if let Some(name) = name {
                let name = name.trim_end_matches("-in").trim_end_matches("-f");
                let first = name.split('-').next().unwrap_or_default();
                if !ICON_STYLE_WORDS.contains(&first) && name.chars().any(char::is_alphabetic) {
                    names.push(words_of(name));
                }
            }
        }
    }
    if let Some(name) = names.into_iter().next() {
        return Some(name);
    }
    let href = link.attr("href")?;
    let host = Url::parse(href).ok()?.host_str()?.to_string();
    let host = host.trim_start_matches("www.");
    Some(words_of(host.split('.').next()?))
}

fn is_within(doc: &Document, mut index: usize, ancestor: usize) -> bool {
    while let Some(parent) = doc.elements[index].parent {
        if parent == ancestor {
            return true;
        }
        index = parent;
    }
    false
}

/// `team-photo_2` → `Team photo 2`.
fn words_of(name: &str) -> String {
    let mut spaced = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_uppercase() && previous_lower {
            spaced.push(' ');
        }
        previous_lower = c.is_lowercase();
        spaced.extend(c.to_lowercase());
    }
    let words: Vec<&str> = spaced
        .split(|c: char| c == '-' || c == '_' || c == '.' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    crate::text::capitalize(&words.join(" "))
}

/// An alt text from an image's file name when the name is made of words
/// (`team-photo.jpg` → `Team photo`); `None` for names like `IMG_0042.jpg` or `1.png`.
pub fn alt_from_file_name(src: &str) -> Option<String> {
    let file = src
        .split(['?', '#'])
        .next()?
        .rsplit('/')
        .next()?
        .rsplit_once('.')
        .map_or(src, |(stem, _)| stem);
    let words: Vec<&str> = file
        .split(['-', '_', '.', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    // Camera and placeholder names say nothing about the picture.
    let generic = [
        "img",
        "image",
        "photo",
        "pic",
        "picture",
        "dsc",
        "dscn",
        "pxl",
        "screenshot",
        "file",
        "untitled",
        "placeholder",
        "thumb",
        "thumbnail",
    ];
    let wordy = words
        .iter()
        .filter(|w| {
            w.len() >= 3
                && w.chars().all(char::is_alphabetic)
                && !generic.contains(&w.to_lowercase().as_str())
        })
        .count();
    (wordy >= 1).then(|| words_of(&words.join(" ")))
}

/// A name for an unlabelled form control from its `name` or `id` (`email` → `Email`).
fn control_name(e: &Element) -> Option<String> {
    let raw = e.attr("name").or_else(|| e.attr("id"))?;
    let name = words_of(raw);
    name.chars().any(char::is_alphabetic).then_some(name)
}

struct Plan {
    lang: Option<&'static str>,
    title: Option<String>,
    description: Option<String>,
    add_viewport: bool,
    add_charset: bool,
    link_names: BTreeMap<usize, String>,
    button_names: BTreeMap<usize, String>,
    control_names: BTreeMap<usize, String>,
    defer_scripts: bool,
    fix_alt: bool,
    fix_frames: bool,
    fix_sizes: bool,
    goal_links: HashSet<usize>,
    goal_buttons: HashSet<usize>,
}

fn plan(doc: &Document, page: &str, ctx: &PatchContext, fixes: &HashSet<&str>) -> Plan {
    let meta = |name: &str| {
        doc.all("meta")
            .find(|m| m.attr("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
    };
    let wants = |id: &str| fixes.contains(id);
    let counts = lol_counts(page);
    let same = |name: &str| counts.get(name).copied().unwrap_or(0) == doc.all(name).count();
    let lang_missing = doc
        .all("html")
        .next()
        .is_some_and(|h| h.attr("lang").is_none_or(|l| l.trim().is_empty()));
    let title_missing = doc
        .all("title")
        .next()
        .is_none_or(|t| t.text_collapsed().is_empty());
    let description_missing =
        meta("description").is_none_or(|m| m.attr("content").is_none_or(|c| c.trim().is_empty()));
    let mut link_names = BTreeMap::new();
    if wants("link-name") && same("a") {
        let links: Vec<usize> = doc
            .elements
            .iter()
            .enumerate()
            .filter(|(_, e)| e.name == "a")
            .map(|(i, _)| i)
            .collect();
        for n in audit::unnamed_links(doc) {
            if let Some(name) = icon_link_name(doc, links[n]) {
                link_names.insert(n, name);
            }
        }
    }
    let mut button_names = BTreeMap::new();
    if wants("button-name") && same("button") {
        let buttons: Vec<&Element> = doc.all("button").collect();
        for n in audit::unnamed_buttons(doc) {
            let toggler = buttons[n]
                .attr("class")
                .unwrap_or_default()
                .split_whitespace()
                .any(|c| c.contains("toggler"));
            let name = if toggler {
                Some("Toggle navigation".to_string())
            } else {
                buttons[n]
                    .attr("data-bs-target")
                    .or_else(|| buttons[n].attr("data-target"))
                    .or_else(|| buttons[n].attr("aria-controls"))
                    .map(|t| {
                        format!(
                            "Show {}",
                            words_of(t.trim_start_matches('#')).to_lowercase()
                        )
                    })
            };
            if let Some(name) = name {
                button_names.insert(n, name);
            }
        }
    }
    let mut control_names = BTreeMap::new();
    let controls_same = counts.get("control").copied().unwrap_or(0)
        == doc.elements.iter().filter(|e| e.needs_label()).count();
    if wants("label") && controls_same {
        let controls: Vec<&Element> = doc.elements.iter().filter(|e| e.needs_label()).collect();
        for n in audit::unlabelled_control_positions(doc) {
            if let Some(name) = control_name(controls[n]) {
                control_names.insert(n, name);
            }
        }
    }
    let inline_scripts = doc.all("script").any(|s| {
        s.attr("src").is_none()
            && s.attr("type").is_none_or(|t| {
                let t = t.to_ascii_lowercase();
                t.is_empty() || t.contains("javascript") || t == "module"
            })
    });
    let mut goal_links = HashSet::new();
    let mut goal_buttons = HashSet::new();
    if let Some(goal) = ctx.primary_goal.as_deref() {
        if same("a") {
            for (n, a) in doc.all("a").enumerate() {
                if a.attr("data-goal").is_none()
                    && audit::is_action_text(&a.text_collapsed(), Some(goal))
                {
                    goal_links.insert(n);
                }
            }
        }
        if same("button") {
            for (n, b) in doc.all("button").enumerate() {
                if b.attr("data-goal").is_none()
                    && audit::is_action_text(&b.text_collapsed(), Some(goal))
                {
                    goal_buttons.insert(n);
                }
            }
        }
    }
    Plan {
        lang: if wants("html-has-lang") && lang_missing {
            detect_language(doc)
        } else {
            None
        },
        title: if wants("document-title") && title_missing {
            title_from(doc)
        } else {
            None
        },
        description: if wants("meta-description") && description_missing {
            description_from(doc)
        } else {
            None
        },
        add_viewport: wants("viewport")
            && meta("viewport")
                .is_none_or(|m| !m.attr("content").unwrap_or_default().contains("width=")),
        add_charset: wants("charset")
            && !doc.all("meta").any(|m| {
                m.attr("charset").is_some()
                    || m.attr("http-equiv")
                        .is_some_and(|h| h.eq_ignore_ascii_case("content-type"))
            }),
        link_names,
        button_names,
        control_names,
        defer_scripts: wants("render-blocking-resources") && !inline_scripts,
        fix_alt: wants("image-alt"),
        fix_frames: wants("frame-title"),
        fix_sizes: wants("unsized-images"),
        goal_links,
        goal_buttons,
    }
}

/// How many `a`, `button` and labelable form controls `lol_html` sees.
fn lol_counts(page: &str) -> BTreeMap<&'static str, usize> {
    let counts = RefCell::new(BTreeMap::new());
    let bump = |name: &'static str| *counts.borrow_mut().entry(name).or_insert(0) += 1;
    let _ = rewrite_str(
        page,
        settings(vec![
            element!("a", |_| {
                bump("a");
                Ok(())
            }),
            element!("button", |_| {
                bump("button");
                Ok(())
            }),
            element!("input, select, textarea", |el| {
                if control_needs_label(&el.tag_name(), el.get_attribute("type").as_deref()) {
                    bump("control");
                }
                Ok(())
            }),
        ]),
    );
    counts.into_inner()
}

type Handler<'h> = (
    std::borrow::Cow<'static, lol_html::Selector>,
    lol_html::ElementContentHandlers<'h>,
);

fn settings(handlers: Vec<Handler<'_>>) -> RewriteStrSettings<'_, 'static> {
    handlers
        .into_iter()
        .fold(RewriteStrSettings::new(), |s, h| {
            s.append_element_content_handler(h)
        })
}

fn control_needs_label(tag: &str, kind: Option<&str>) -> bool {
    let e = Element {
        name: tag.to_ascii_lowercase(),
        attrs: kind
            .map(|k| vec![("type".to_string(), k.to_string())])
            .unwrap_or_default(),
        parent: None,
        text: String::new(),
    };
    e.needs_label()
}

/// For the next link or button (counted by `seen`): the accessible name the plan gives
/// it, and the goal marker if it reads as the call to action. Returns the name it got.
fn name_and_mark(
    el: &mut lol_html::html_content::Element,
    seen: &Cell<usize>,
    names: &BTreeMap<usize, String>,
    goals: &HashSet<usize>,
) -> Result<Option<String>, lol_html::errors::AttributeNameError> {
    let n = seen.get();
    seen.set(n + 1);
    if goals.contains(&n) {
        el.set_attribute("data-goal", "cta_click")?;
    }
    match names.get(&n) {
        Some(name) => {
            el.set_attribute("aria-label", name)?;
            Ok(Some(name.clone()))
        }
        None => Ok(None),
    }
}

fn attr_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

fn absolute(base: &Url, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.starts_with('#') || v.starts_with("data:") || v.starts_with("javascript:")
    {
        return None;
    }
    let joined = base.join(v).ok()?;
    (joined.as_str() != v).then(|| joined.to_string())
}

fn rewrite(
    page: &str,
    ctx: &PatchContext,
    fixes: &HashSet<&str>,
) -> Result<(String, Vec<Change>), PatchError> {
    let base = Url::parse(&ctx.page_url).map_err(|_| PatchError::PageUrl(ctx.page_url.clone()))?;
    let doc = html::parse(page);
    let plan = plan(&doc, page, ctx, fixes);
    let names_icon = doc.names_icon();
    let changes = RefCell::new(Vec::<Change>::new());
    // The ids of the sections the rewriter is inside, innermost last.
    let sections = std::rc::Rc::new(RefCell::new(Vec::<Option<String>>::new()));
    let note = |id: &str, description: String| {
        let section = sections.borrow().iter().rev().find_map(|s| s.clone());
        changes.borrow_mut().push(Change {
            audit_id: id.to_string(),
            description,
            section,
        })
    };
    let link_n = Cell::new(0usize);
    let button_n = Cell::new(0usize);
    let control_n = Cell::new(0usize);
    let title_done = Cell::new(false);
    let description_done = Cell::new(false);
    let out = rewrite_str(
        page,
        settings(vec![
                // A web app manifest applies only to pages of its own origin, and browsers
                // fetch it with CORS: a copy on another origin cannot use the original's.
                element!("link[rel~=manifest]", |el| {
                    el.remove();
                    Ok(())
                }),
                element!("section", |el| {
                    sections.borrow_mut().push(el.get_attribute("id"));
                    let stack = sections.clone();
                    let pop: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                        stack.borrow_mut().pop();
                        Ok(())
                    });
                    el.on_end_tag(pop)?;
                    Ok(())
                }),
                element!("[href], [src], [poster], form[action]", |el| {
                    for name in ["href", "src", "poster", "action"] {
                        if let Some(v) = el.get_attribute(name) {
                            if let Some(abs) = absolute(&base, &v) {
                                el.set_attribute(name, &abs)?;
                            }
                        }
                    }
                    Ok(())
                }),
                element!("[srcset]", |el| {
                    if let Some(v) = el.get_attribute("srcset") {
                        let parts: Vec<String> = v
                            .split(',')
                            .map(|c| {
                                let c = c.trim();
                                let (u, d) = c.split_once(' ').unwrap_or((c, ""));
                                let u = absolute(&base, u).unwrap_or_else(|| u.to_string());
                                format!("{u} {d}").trim().to_string()
                            })
                            .collect();
                        el.set_attribute("srcset", &parts.join(", "))?;
                    }
                    Ok(())
                }),
                element!("html", |el| {
                    if let Some(lang) = plan.lang {
                        el.set_attribute("lang", lang)?;
                        note("html-has-lang", format!("declared lang=\"{lang}\": the page's text is English"));
                    }
                    Ok(())
                }),
                element!("head", |el| {
                    if !names_icon {
                        let href = ctx.favicon.as_deref().map_or("data:,".to_string(), attr_escape);
                        el.append(&format!("<link rel=\"icon\" href=\"{href}\">"), ContentType::Html);
                    }
                    if plan.add_charset {
                        el.prepend("<meta charset=\"utf-8\">", ContentType::Html);
                        note("charset", "declared the UTF-8 character set".into());
                    }
                    if plan.add_viewport {
                        el.append(
                            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                            ContentType::Html,
                        );
                        note("viewport", "added a mobile viewport".into());
                    }
                    if let Some(d) = &plan.description {
                        if doc.all("meta").all(|m| m.attr("name").is_none_or(|n| !n.eq_ignore_ascii_case("description"))) {
                            el.append(&format!("<meta name=\"description\" content=\"{}\">", attr_escape(d)), ContentType::Html);
                            description_done.set(true);
                            note("meta-description", format!("added a description from the page's first paragraph: {d:?}"));
                        }
                    }
                    if let Some(t) = &plan.title {
                        if doc.all("title").next().is_none() {
                            el.append(&format!("<title>{}</title>", attr_escape(t)), ContentType::Html);
                            title_done.set(true);
                            note("document-title", format!("added the title {t:?} from the page's main heading"));
                        }
                    }
                    Ok(())
                }),
                element!("meta[name]", |el| {
                    let name = el.get_attribute("name").unwrap_or_default().to_ascii_lowercase();
                    if name == "description" && !description_done.get() {
                        if let Some(d) = &plan.description {
                            el.set_attribute("content", d)?;
                            description_done.set(true);
                            note("meta-description", format!("filled the empty description from the page's first paragraph: {d:?}"));
                        }
                    }
                    Ok(())
                }),
                element!("title", |el| {
                    if let (Some(t), false) = (&plan.title, title_done.get()) {
                        el.set_inner_content(t, ContentType::Text);
                        title_done.set(true);
                        note("document-title", format!("filled the empty title with {t:?} from the page's main heading"));
                    }
                    Ok(())
                }),
                element!("a", |el| {
                    if let Some(name) = name_and_mark(el, &link_n, &plan.link_names, &plan.goal_links)? {
                        note("link-name", format!("named an icon-only link {name:?} after its icon or destination"));
                    }
                    Ok(())
                }),
                element!("button", |el| {
                    if let Some(name) = name_and_mark(el, &button_n, &plan.button_names, &plan.goal_buttons)? {
                        note("button-name", format!("named a button {name:?} after what it controls"));
                    }
                    Ok(())
                }),
                element!("input, select, textarea", |el| {
                    if !control_needs_label(&el.tag_name(), el.get_attribute("type").as_deref()) {
                        return Ok(());
                    }
                    let n = control_n.get();
                    control_n.set(n + 1);
                    if let Some(name) = plan.control_names.get(&n) {
                        el.set_attribute("aria-label", name)?;
                        note("label", format!("labelled a form control {name:?} after its field name"));
                    }
                    Ok(())
                }),
                element!("form", |el| {
                    if ctx.primary_goal.is_some() && el.get_attribute("data-goal").is_none() {
                        el.set_attribute("data-goal", "form_submit")?;
                    }
                    Ok(())
                }),
                element!("script[src]", |el| {
                    let classic = el.get_attribute("type").is_none_or(|t| t.to_ascii_lowercase().contains("javascript") || t.is_empty());
                    if plan.defer_scripts && classic && !el.has_attribute("async") && !el.has_attribute("defer") {
                        el.set_attribute("defer", "")?;
                        let src = el.get_attribute("src").unwrap_or_default();
                        note("render-blocking-resources", format!("deferred {src} (the page has no inline scripts, so the order of execution is kept)"));
                    }
                    Ok(())
                }),
                element!("iframe[src], frame[src]", |el| {
                    let named = el.get_attribute("title").is_some_and(|t| !t.trim().is_empty())
                        || el.get_attribute("aria-label").is_some_and(|t| !t.trim().is_empty())
                        || el.has_attribute("aria-labelledby");
                    let src = el.get_attribute("src").unwrap_or_default();
                    let host = Url::parse(&src).ok().or_else(|| base.join(&src).ok()).and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()));
                    if plan.fix_frames && !named {
                        if let Some(host) = host {
                            let title = format!("Embedded content from {host}");
                            el.set_attribute("title", &title)?;
                            note("frame-title", format!("titled a frame {title:?} after where it comes from"));
                        }
                    }
                    Ok(())
                }),
                element!("img", |el| {
                    if plan.fix_alt && el.get_attribute("alt").is_none() && el.get_attribute("role").as_deref() != Some("presentation") {
                        let src = el.get_attribute("src").unwrap_or_default();
                        let alt = alt_from_file_name(&src).unwrap_or_default();
                        el.set_attribute("alt", &alt)?;
                        note("image-alt", if alt.is_empty() {
                            format!("marked {src} decorative (alt=\"\"): its file name says nothing; review it")
                        } else {
                            format!("described {src} as {alt:?} from its file name; review it")
                        });
                    }
                    if plan.fix_sizes && (el.get_attribute("width").is_none() || el.get_attribute("height").is_none()) {
                        let src = el.get_attribute("src").unwrap_or_default();
                        let key = Url::parse(&src).ok().or_else(|| base.join(&src).ok()).map(|u| u.to_string());
                        if let Some((w, h)) = key.and_then(|k| ctx.image_sizes.get(&k).copied()) {
                            el.set_attribute("width", &w.to_string())?;
                            el.set_attribute("height", &h.to_string())?;
                            note("unsized-images", format!("gave {src} its intrinsic size {w}×{h}"));
                        }
                    }
                    Ok(())
                }),
                element!("body", |el| {
                    if let Some(snippet) = &ctx.snippet {
                        el.append(&format!("<script>{snippet}</script>"), ContentType::Html);
                    }
                    Ok(())
                }),
        ]),
    )
    .map_err(|e| PatchError::Rewrite(e.to_string()))?;
    Ok((out, changes.into_inner()))
}

/// The width and height of a PNG, GIF, JPEG, WebP or SVG image, read from its bytes.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be16 = |b: &[u8]| u32::from(u16::from_be_bytes([b[0], b[1]]));
    let le16 = |b: &[u8]| u32::from(u16::from_le_bytes([b[0], b[1]]));
    let le24 = |b: &[u8]| u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
    if bytes.len() >= 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return Some((w, h));
    }
    if bytes.len() >= 10 && (bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) {
        return Some((le16(&bytes[6..8]), le16(&bytes[8..10])));
    }
    if bytes.len() >= 30 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return match &bytes[12..16] {
            b"VP8 " => Some((le16(&bytes[26..28]) & 0x3fff, le16(&bytes[28..30]) & 0x3fff)),
            b"VP8L" => {
                let b = &bytes[21..25];
                let w = 1 + (u32::from(b[0]) | (u32::from(b[1]) & 0x3f) << 8);
                let h = 1
                    + (u32::from(b[1]) >> 6 | u32::from(b[2]) << 2 | (u32::from(b[3]) & 0xf) << 10);
                Some((w, h))
            }
            b"VP8X" => Some((1 + le24(&bytes[24..27]), 1 + le24(&bytes[27..30]))),
            _ => None,
        };
    }
    if bytes.starts_with(&[0xff, 0xd8]) {
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xff {
                i += 1;
                continue;
            }
            let marker = bytes[i + 1];
            let length = be16(&bytes[i + 2..i + 4]) as usize;
            // Start-of-frame markers (not DHT c4, JPG c8, DAC cc) hold the size.
            if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
                return Some((be16(&bytes[i + 7..i + 9]), be16(&bytes[i + 5..i + 7])));
            }
            i += 2 + length;
        }
        return None;
    }
    // The first 4 KiB, cut back to a whole character if the cut fell inside one.
    let head = &bytes[..bytes.len().min(4096)];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let svg = html::parse(&format!("{tag}></svg>"));
    let e = svg.all("svg").next()?;
    let number = |v: &str| v.trim().trim_end_matches("px").parse::<f64>().ok();
    match (
        e.attr("width").and_then(number),
        e.attr("height").and_then(number),
    ) {
        (Some(w), Some(h)) if w >= 1.0 && h >= 1.0 => Some((w.round() as u32, h.round() as u32)),
        _ => {
            let vb: Vec<f64> = e
                .attr("viewBox")
                .or_else(|| e.attr("viewbox"))?
                .split([' ', ','])
                .filter_map(|p| p.trim().parse().ok())
                .collect();
            (vb.len() == 4 && vb[2] >= 1.0 && vb[3] >= 1.0)
                .then(|| (vb[2].round() as u32, vb[3].round() as u32))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimization::audit::{audit_page, Page};

    const PAGE: &str = r##"<!DOCTYPE html>
<html class="no-js" lang="">
<head>
<meta name="description" content="">
<title></title>
<link href="css/styles.css" rel="stylesheet" media="print">
<link rel="icon" href="favicon.svg">
<script src="js/vendor.js"></script>
</head>
<body>
<h1>Harbour Street Bakery</h1>
<p>We bake sourdough and rye loaves in the harbour every morning, and you can order them for the weekend from our shop on the corner.</p>
<img src="assets/img/team-photo.jpg">
<img src="assets/img/IMG_0042.png">
<a href="https://twitter.com/harbourbakery"><i class="fab fa-twitter fa-fw"></i></a>
<a href="about.html">About the bakery</a>
<a href="#menu">Menu</a>
<button class="navbar-toggler" data-bs-target="#navbarResponsive"><i class="fas fa-bars"></i></button>
<section id="order"><form action="/subscribe"><input type="email" name="email_address"><button type="submit">Order bread</button></form></section>
<iframe src="https://maps.example.com/embed?q=harbour"></iframe>
<script src="js/scripts.js"></script>
</body>
</html>"##;

    fn failing(html: &str) -> Vec<String> {
        audit_page(&Page {
            url: "https://bakery.example/",
            headers: &[("content-type".into(), "text/html; charset=utf-8".into())],
            html,
            primary_goal: Some("orders"),
            asset_bytes: 0,
        })
        .audits
        .into_iter()
        .filter(|a| !a.pass)
        .map(|a| a.id)
        .collect()
    }

    fn context() -> PatchContext {
        PatchContext {
            page_url: "https://bakery.example/shop/index.html".into(),
            snippet: Some("console.log(1)".into()),
            image_sizes: [(
                "https://bakery.example/shop/assets/img/team-photo.jpg".to_string(),
                (800, 600),
            )]
            .into_iter()
            .collect(),
            primary_goal: Some("orders".into()),
            favicon: None,
        }
    }

    /// The audits PAGE fails that the rewriter fixes.
    const FIXED_HERE: [&str; 9] = [
        "meta-description",
        "document-title",
        "image-alt",
        "link-name",
        "button-name",
        "label",
        "render-blocking-resources",
        "html-has-lang",
        "frame-title",
    ];

    #[test]
    fn each_automated_fix_makes_its_audit_pass_and_records_why() {
        let before = failing(PAGE);
        for id in FIXED_HERE {
            assert!(
                before.contains(&id.to_string()),
                "{id} should fail first: {before:?}"
            );
        }
        let fixes: HashSet<&str> = AUTOMATED_FIXES.into_iter().collect();
        let (html, changes) = optimize_page(PAGE, &context(), &fixes).unwrap();
        let after = failing(&html);
        for id in FIXED_HERE {
            assert!(
                !after.contains(&id.to_string()),
                "{id} still fails: {after:?}\n{html}"
            );
            assert!(
                changes.iter().any(|c| c.audit_id == id),
                "no change recorded for {id}"
            );
        }
        assert!(
            html.contains(r#"content="We bake sourdough and rye loaves"#),
            "{html}"
        );
        assert!(html.contains("<title>Harbour Street Bakery</title>"));
        assert!(html.contains(r#"alt="Team photo""#));
        assert!(
            html.contains(r#"src="https://bakery.example/shop/assets/img/IMG_0042.png" alt="""#),
            "{html}"
        );
        assert!(html.contains(r#"width="800" height="600""#));
        assert!(html.contains(r#"aria-label="Twitter""#));
        assert!(html.contains(r#"title="Embedded content from maps.example.com""#));
        let label = changes.iter().find(|c| c.audit_id == "label").unwrap();
        assert_eq!(
            label.section.as_deref(),
            Some("order"),
            "the change names its section"
        );
        let link = changes.iter().find(|c| c.audit_id == "link-name").unwrap();
        assert_eq!(link.section, None);
        assert!(html.contains(r#"aria-label="Toggle navigation""#));
        assert!(html.contains(r#"aria-label="Email address""#));
        assert!(html.contains(r#"href="https://bakery.example/shop/about.html""#));
        assert!(html.contains(r##"href="#menu""##), "same-page anchors stay");
        assert!(
            html.contains(r#"data-goal="cta_click""#)
                && html.contains(r#"data-goal="form_submit""#)
        );
        assert!(html.contains("<script>console.log(1)</script></body>"));
        // Only what the plan asks for is changed.
        let (only_description, changes) = optimize_page(
            PAGE,
            &context(),
            &["meta-description"].into_iter().collect(),
        )
        .unwrap();
        assert_eq!(changes.len(), 1);
        assert!(failing(&only_description).contains(&"image-alt".to_string()));
    }

    #[test]
    fn the_control_copy_changes_urls_goals_and_snippet_only() {
        let html = copy_page(PAGE, &context()).unwrap();
        assert!(html.contains(r#"<meta name="description" content="">"#));
        assert!(
            html.contains(r#"<img src="https://bakery.example/shop/assets/img/team-photo.jpg">"#)
        );
        assert!(html.contains(r#"href="https://bakery.example/shop/css/styles.css""#));
        let plain = copy_page(
            PAGE,
            &PatchContext {
                page_url: "https://bakery.example/".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            plain.replace("https://bakery.example/", ""),
            PAGE.replace("\"/subscribe\"", "\"subscribe\"")
        );
        assert!(copy_page(PAGE, &PatchContext::default()).is_err());
        let with_manifest = PAGE.replace(
            "</head>",
            "<link rel=\"manifest\" href=\"site.webmanifest\"></head>",
        );
        assert!(!copy_page(&with_manifest, &context())
            .unwrap()
            .contains("manifest"));
        let no_icon = PAGE.replace("<link rel=\"icon\" href=\"favicon.svg\">\n", "");
        assert!(copy_page(&no_icon, &context())
            .unwrap()
            .contains(r#"<link rel="icon" href="data:,">"#));
        let with_favicon = PatchContext {
            favicon: Some("https://bakery.example/favicon.ico".into()),
            ..context()
        };
        assert!(copy_page(&no_icon, &with_favicon)
            .unwrap()
            .contains(r#"<link rel="icon" href="https://bakery.example/favicon.ico">"#));
    }

    #[test]
    fn nothing_is_guessed_without_evidence() {
        let page = "<!DOCTYPE html><html lang=\"\"><head></head><body><p>Hallo Welt, wir backen Brot.</p><img src=\"a/1.png\"></body></html>";
        let fixes: HashSet<&str> = AUTOMATED_FIXES.into_iter().collect();
        let (html, _) = optimize_page(
            page,
            &PatchContext {
                page_url: "http://x.test/".into(),
                ..Default::default()
            },
            &fixes,
        )
        .unwrap();
        assert!(
            html.contains("lang=\"\""),
            "German text is not declared English: {html}"
        );
        assert!(html.contains("alt=\"\""));
        assert!(!html.contains("<title>"), "no heading, no title");
        assert_eq!(alt_from_file_name("img/DSC.jpg"), None);
        assert_eq!(
            alt_from_file_name("img/portfolio/cabin.png").as_deref(),
            Some("Cabin")
        );
    }

    #[test]
    fn image_sizes_are_read_from_the_file_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((640, 480)));
        let gif = [b"GIF89a".as_slice(), &[0x40, 0x01, 0xf0, 0x00]].concat();
        assert_eq!(image_size(&gif), Some((320, 240)));
        let jpeg = [
            0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0,
            0x02, 0x80, 0, 0,
        ];
        assert_eq!(image_size(&jpeg), Some((640, 480)));
        assert_eq!(image_size(br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 16">"#), Some((24, 16)));
        assert_eq!(
            image_size(br#"<svg width="100px" height="50">"#),
            Some((100, 50))
        );
        assert_eq!(image_size(b"not an image"), None);
        // An SVG whose first 4 KiB end inside a character ('é' across byte 4096).
        let mut svg = br#"<svg width="7" height="9">"#.to_vec();
        svg.resize(4095, b' ');
        svg.extend_from_slice("é</svg>".as_bytes());
        assert_eq!(image_size(&svg), Some((7, 9)));
    }
}
