//! The developer worker: renders the static site (HTML, inline CSS, robots.txt,
//! sitemap.xml, favicon) from the brief, the market intelligence, the brand and the
//! design. Every string that came from a user is escaped where it lands.

use crate::analytics::snippet;
use crate::brand::Brand;
use crate::brief::{Brief, Language, Offering};
use crate::design::{Design, PagePlan, SectionKind, SectionPlan};
use crate::knowledge::{goal_profile, CtaKind, LayoutFamily};
use crate::research::MarketIntelligence;
use crate::text::{decapitalize, escape_html as e, json_for_script, truncate_words};
use crate::words::{fill, kind_index, type_names, words, Words};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::fmt::Write as _;

/// Where the site will live; known before rendering so canonical URLs are absolute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteContext {
    pub site_id: String,
    /// The public base URL of the site, ending in `/`.
    pub url: String,
    pub collect_endpoint: String,
    pub form_endpoint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteFile {
    pub path: String,
    pub content_type: String,
    /// The file's text; for a binary file (`base64` is true) its bytes in base64, so a
    /// site still travels as one JSON document.
    pub body: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub base64: bool,
}

/// A binary site file whose base64 body does not decode.
#[derive(Debug, thiserror::Error)]
#[error("{0} is marked base64 but its body does not decode")]
pub struct BadBase64(pub String);

impl SiteFile {
    pub fn text(path: &str, content_type: &str, body: String) -> Self {
        SiteFile {
            path: path.into(),
            content_type: content_type.into(),
            body,
            base64: false,
        }
    }

    pub fn binary(path: &str, content_type: &str, bytes: &[u8]) -> Self {
        use base64::Engine;
        SiteFile {
            path: path.into(),
            content_type: content_type.into(),
            body: base64::engine::general_purpose::STANDARD.encode(bytes),
            base64: true,
        }
    }

    /// A file read back from a store: text when its type is text and its bytes are
    /// UTF-8, else binary.
    pub fn from_bytes(path: &str, content_type: &str, bytes: Vec<u8>) -> Self {
        let textual = !content_type.starts_with("image/") || content_type.starts_with("image/svg");
        match String::from_utf8(bytes) {
            Ok(body) if textual => SiteFile::text(path, content_type, body),
            Ok(body) => SiteFile::binary(path, content_type, body.as_bytes()),
            Err(e) => SiteFile::binary(path, content_type, e.as_bytes()),
        }
    }

    /// The file's bytes, as they are written to a store.
    pub fn bytes(&self) -> Result<Vec<u8>, BadBase64> {
        use base64::Engine;
        if !self.base64 {
            return Ok(self.body.as_bytes().to_vec());
        }
        base64::engine::general_purpose::STANDARD
            .decode(&self.body)
            .map_err(|_| BadBase64(self.path.clone()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Site {
    pub site_id: String,
    pub url: String,
    pub files: Vec<SiteFile>,
}

impl Site {
    pub fn file(&self, path: &str) -> Option<&SiteFile> {
        self.files.iter().find(|f| f.path == path)
    }

    /// The size of every file as stored (a binary file's bytes, not its base64).
    pub fn total_bytes(&self) -> usize {
        self.files
            .iter()
            .map(|f| {
                if f.base64 {
                    f.body.len() / 4 * 3
                } else {
                    f.body.len()
                }
            })
            .sum()
    }
}

/// Percent-encodes one URL path segment (UTF-8), leaving unreserved characters.
pub fn encode_segment(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

struct Page<'a> {
    brief: &'a Brief,
    mi: &'a MarketIntelligence,
    brand: &'a Brand,
    design: &'a Design,
    ctx: &'a SiteContext,
    copy: &'a SiteCopy,
    /// The built-in words in the brief's language.
    w: &'static Words,
    /// The Open Graph image, when it rendered.
    preview: Option<Vec<u8>>,
}

/// The path of a site's Open Graph image.
pub const OPEN_GRAPH_IMAGE: &str = "og.png";

/// The developer's own writing on the pages (everything else comes from the brief and
/// the earlier artifacts): the built-in generator's, or a model's that passed the rules
/// of `copy::SiteCopy`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SiteCopy {
    /// The home page's meta description, at most 158 characters.
    pub meta_description: String,
    /// The paragraph under the tagline in the hero.
    pub hero_lead: String,
    /// One short line for each offering, in the order of the brief's offerings.
    pub offering_lines: Vec<String>,
    /// The opening paragraph of the about page.
    pub about_lead: String,
    /// The paragraph that opens the offer page, before the offerings; none when empty.
    pub offer_intro: String,
    /// One answer for each question the site shows (the design's `faq`), in its order:
    /// the grounded answer in the site's voice, keeping every figure it states.
    pub answers: Vec<String>,
}

/// What the offerings section says after each offering, and its link text, by CTA kind
/// and language.
fn offer_lines(kind: CtaKind, language: Language) -> (&'static str, &'static [&'static str]) {
    let w = words(language);
    let k = kind_index(kind);
    (w.offer_ask[k], w.offer_lines[k])
}

/// The Content-Security-Policy every file of a deployed site is served with, by
/// `code24 serve` and by CloudFront (template.yaml's SiteHeaders): the page runs in a
/// sandbox with an origin of its own (no `allow-same-origin`), so no script in a site
/// (one Code24 built, or an optimized copy of someone else's page) can use the origin of
/// the API or the dashboard: its requests carry `Origin: null`, none of their cookies,
/// and it cannot read their answers.
pub const SITE_CSP: &str = "sandbox allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

/// Longest meta description the pages carry, in characters.
pub const MAX_META_DESCRIPTION_CHARS: usize = 158;

/// A meta description of at most [`MAX_META_DESCRIPTION_CHARS`] that contains the whole
/// business name: the description itself when its cut still names the business, else the
/// name followed by as much of the description as fits.
pub fn meta_description_with_name(name: &str, description: &str) -> String {
    let max = MAX_META_DESCRIPTION_CHARS;
    let own = truncate_words(description, max);
    if own.contains(name) {
        return own;
    }
    let room = max.saturating_sub(name.chars().count() + 2);
    if room < 12 {
        return name.to_string();
    }
    format!("{name}: {}", truncate_words(description, room))
}

/// The built-in generator's writing for the pages.
pub fn builtin_copy(brief: &Brief, mi: &MarketIntelligence, design: &Design) -> SiteCopy {
    let meta = meta_description_with_name(&brief.name, &brief.description);
    let (_, lines) = offer_lines(design.cta.kind, brief.language);
    SiteCopy {
        meta_description: meta,
        hero_lead: brief.description.clone(),
        offering_lines: (0..mi.research.description.offerings.len())
            .map(|i| lines[i % lines.len()].to_string())
            .collect(),
        about_lead: brief.description.clone(),
        // With no offerings, the offer page is the description itself.
        offer_intro: if mi.research.description.offerings.is_empty() {
            brief.description.clone()
        } else {
            String::new()
        },
        answers: design.faq.iter().map(|qa| qa.answer.clone()).collect(),
    }
}

fn css(brand: &Brand, design: &Design) -> String {
    let p = &brand.palette;
    let t = &brand.typography;
    let r = t.scale_ratio;
    let h1 = 1.0625 * r.powi(4);
    let h2 = 1.0625 * r.powi(2);
    let mut s = format!(
        ":root{{--primary:{};--on-primary:{};--accent:{};--bg:{};--surface:{};--text:{};--muted:{};--heading:{};--body:{};--radius:{}rem}}\n",
        p.primary, p.on_primary, p.accent, p.background, p.surface, p.text, p.muted, t.heading_font, t.body_font, design.corner_radius_rem
    );
    s.push_str("*,*::before,*::after{box-sizing:border-box}\nhtml{-webkit-text-size-adjust:100%;scroll-behavior:smooth}\n");
    s.push_str("body{margin:0;font-family:var(--body);font-size:1.0625rem;line-height:1.6;color:var(--text);background:var(--bg);overflow-wrap:break-word}\n");
    let _ = writeln!(s, "h1,h2,h3{{font-family:var(--heading);line-height:1.15;margin:0 0 .6em}}\nh1{{font-size:clamp(2.1rem,7vw,{h1:.2}rem)}}\nh2{{font-size:clamp(1.5rem,4vw,{h2:.2}rem)}}\nh3{{font-size:1.15rem}}");
    s.push_str("p{margin:0 0 1em}a{color:var(--primary);text-underline-offset:.15em}\n");
    s.push_str("a:focus-visible,.btn:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid var(--accent);outline-offset:2px}\n");
    s.push_str(".wrap{max-width:68rem;margin:0 auto;padding:0 1.25rem}\n");
    s.push_str(".skip{position:absolute;left:-100vw;top:0}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem 1rem;z-index:9}\n");
    s.push_str(".site-header{border-bottom:1px solid var(--surface)}.bar{display:flex;flex-wrap:wrap;gap:.75rem 1.5rem;align-items:center;justify-content:space-between;padding-top:1rem;padding-bottom:1rem}\n");
    s.push_str(".brand{display:inline-flex;align-items:center;gap:.6rem;font-family:var(--heading);font-weight:700;font-size:1.2rem;color:var(--text);text-decoration:none}.mark{flex:none}\n");
    s.push_str(".nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;align-items:center;list-style:none;margin:0;padding:0}.nav a{display:inline-block;padding:.6rem 0}\n");
    s.push_str(".nav a.btn{padding:.6rem 1.1rem}\n");
    s.push_str(".btn{display:inline-block;background:var(--primary);color:var(--on-primary);padding:.8rem 1.4rem;border-radius:var(--radius);text-decoration:none;font-weight:600;border:0;font:inherit;font-weight:600;cursor:pointer;line-height:1.3}\n");
    s.push_str(".btn-ghost{background:transparent;color:var(--primary);box-shadow:inset 0 0 0 2px var(--primary)}\n");
    s.push_str("section{padding:clamp(2.5rem,7vw,4.5rem) 0}section:nth-of-type(even){background:var(--surface)}\n");
    s.push_str(".kicker{color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:.85rem;font-weight:600;margin-bottom:.75rem}\n");
    s.push_str(".tagline{font-family:var(--heading);font-size:clamp(1.2rem,3vw,1.5rem)}.lead{color:var(--muted);max-width:42rem}\n");
    s.push_str(".actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}\n");
    s.push_str(".cards{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,15rem),1fr));list-style:none;margin:0;padding:0}\n");
    s.push_str(".card{background:var(--bg);padding:1.25rem;border-radius:var(--radius);border-top:4px solid var(--accent)}section:nth-of-type(even) .card{background:var(--bg)}\n");
    s.push_str(".list{list-style:none;margin:0;padding:0;border-top:1px solid var(--muted)}.list li{padding:1rem 0;border-bottom:1px solid var(--muted)}\n");
    s.push_str(".columns{columns:2 16rem;column-gap:2rem;margin:0;padding-left:1.2rem}.columns li{margin-bottom:.75rem;break-inside:avoid}\n");
    s.push_str(".steps{counter-reset:step;list-style:none;margin:0;padding:0;display:grid;gap:1rem}.steps li{counter-increment:step;display:flex;gap:.75rem;align-items:baseline}\n");
    s.push_str(".steps li::before{content:counter(step);flex:none;display:inline-grid;place-items:center;width:2rem;height:2rem;border-radius:50%;background:var(--primary);color:var(--on-primary);font-weight:700}\n");
    s.push_str(".steps-row{grid-template-columns:repeat(auto-fit,minmax(min(100%,14rem),1fr))}\n");
    s.push_str(".checklist{padding-left:1.2rem}.checklist li{margin-bottom:.5rem}.two-column{columns:2 18rem;column-gap:2.5rem}\n");
    s.push_str("form{display:grid;gap:1rem;max-width:38rem}label{display:block;font-weight:600;margin-bottom:.3rem}.hint{color:var(--muted);font-size:.95rem;margin:0}\n");
    s.push_str("input,select,textarea{width:100%;padding:.7rem .8rem;font:inherit;color:var(--text);background:#fff;border:1px solid var(--muted);border-radius:calc(var(--radius) / 2)}textarea{min-height:8rem}\n");
    s.push_str("fieldset.choices{border:1px solid var(--muted);border-radius:calc(var(--radius) / 2);padding:.75rem 1rem;margin:0;display:grid;gap:.6rem}legend{font-weight:600;padding:0 .3rem}.qty{display:flex;align-items:center;justify-content:space-between;gap:1rem}.qty label{margin:0;font-weight:400}.qty input{width:5.5rem;flex:none}.choice{display:flex;align-items:center;gap:.6rem}.choice input{width:1.4rem;height:1.4rem;margin:0;flex:none}.choice label{margin:0;font-weight:400}.pricing-note{margin-top:1.25rem}\n");
    s.push_str(".site-footer{padding:2rem 0;color:var(--muted);border-top:1px solid var(--surface)}.site-footer p{margin:.25rem 0}\n");
    s.push_str(
        ".prose{max-width:44rem}.list+p,.columns+p,.cards+p,.checklist+p{margin-top:1.25rem}\n",
    );
    s.push_str(".price{font-weight:700;margin:0}.list h3,.columns h3{margin:0 0 .25em}\n");
    s.push_str(".trust{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;margin:1rem 0 0;padding:0}.trust li{border:1px solid currentColor;border-radius:999px;padding:.2rem .8rem;font-size:.95rem;font-weight:600}\n");
    s.push_str(".details{display:grid;gap:.75rem 2rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,14rem),1fr));margin:0 0 2rem}.details dt{font-weight:700}.details dd{margin:0}\n");
    s.push_str(".faq h3{margin-top:1.25rem}.cards+h3,.list+h3,.columns+h3{margin-top:2rem}.faq p{max-width:44rem}.links{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;list-style:none;margin:.25rem 0;padding:0}\n");
    match design.layout {
        LayoutFamily::Centered => {
            s.push_str(".hero{text-align:center}.hero .lead{margin-left:auto;margin-right:auto}.hero .actions,.hero .trust{justify-content:center}\n");
        }
        LayoutFamily::Split => {
            s.push_str(".hero-grid{display:grid;gap:2rem;align-items:center}.panel{background:var(--surface);padding:1.5rem;border-radius:var(--radius);border-left:4px solid var(--accent)}\n");
            s.push_str(".panel-title{font-family:var(--heading);font-weight:700;font-size:1.15rem}\n@media (min-width:48rem){.hero-grid{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}\n");
        }
        LayoutFamily::Editorial => {
            s.push_str(".hero h1{font-size:clamp(2.4rem,9vw,4.4rem);letter-spacing:-.02em;max-width:18ch}section h2{border-top:3px solid var(--text);padding-top:.75rem}\n");
            s.push_str(
                "section:nth-of-type(even){background:transparent}.hero{padding-bottom:1rem}\n",
            );
        }
        LayoutFamily::Banded => {
            s.push_str(".hero{background:var(--primary);color:var(--on-primary)}.hero .kicker,.hero .lead{color:var(--on-primary)}\n");
            s.push_str(".hero .btn{background:var(--on-primary);color:var(--primary)}.hero .btn-ghost{background:transparent;color:var(--on-primary);box-shadow:inset 0 0 0 2px var(--on-primary)}\n");
            s.push_str(".hero a:focus-visible{outline-color:var(--on-primary)}.card{box-shadow:0 1px 3px rgb(0 0 0 / 12%)}\n");
        }
    }
    s.push_str(&hero_pattern(brand, design));
    s
}

/// A decorative band under the hero: a small SVG pattern (dots, waves, zigzag or blocks,
/// chosen by the brand) in the accent colour, or the text colour on a coloured hero.
/// It sits below the hero's content, never behind text, and as a CSS background it is
/// invisible to assistive technology.
fn hero_pattern(brand: &Brand, design: &Design) -> String {
    let colour = match design.layout {
        LayoutFamily::Banded => &brand.palette.on_primary,
        _ => &brand.palette.accent,
    };
    let c = colour.replace('#', "%23");
    let (w, shape) = match crate::text::stable_hash(&brand.palette.primary) % 4 {
        0 => (24, format!("<circle cx='12' cy='12' r='3' fill='{c}'/>")),
        1 => (40, format!("<path d='M0 12 Q10 3 20 12 T40 12' fill='none' stroke='{c}' stroke-width='3'/>")),
        2 => (32, format!("<path d='M0 17 L8 7 L16 17 L24 7 L32 17' fill='none' stroke='{c}' stroke-width='3'/>")),
        _ => (28, format!("<rect x='2' y='8' width='14' height='8' rx='2' fill='{c}'/>")),
    };
    let svg =
        format!("<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='24'>{shape}</svg>")
            .replace('<', "%3C")
            .replace('>', "%3E");
    format!(
        ".hero::after{{content:\"\";display:block;height:24px;width:calc(100% - 2.5rem);max-width:65.5rem;margin:clamp(2rem,5vw,3rem) auto 0;background:url(\"data:image/svg+xml,{svg}\") repeat-x;opacity:.55}}\n"
    )
}

impl Page<'_> {
    fn title(&self) -> String {
        let head = &self.mi.research.description.head;
        let full = format!("{} | {}", self.brief.name, head);
        if full.chars().count() <= 65 {
            full
        } else {
            let room = 65usize.saturating_sub(self.brief.name.chars().count() + 3);
            if room < 12 {
                // The title always carries the whole name, however long: a cut name is
                // another business's name.
                self.brief.name.clone()
            } else {
                format!("{} | {}", self.brief.name, truncate_words(head, room))
            }
        }
    }

    fn meta_description(&self) -> String {
        let own = truncate_words(&self.copy.meta_description, MAX_META_DESCRIPTION_CHARS);
        if own.contains(&self.brief.name) {
            own
        } else {
            meta_description_with_name(&self.brief.name, &self.copy.meta_description)
        }
    }

    fn head(&self, page_title: &str, description: &str, path: &str, css: &str) -> String {
        let url = format!(
            "{}{}",
            self.ctx.url,
            if path == "index.html" { "" } else { path }
        );
        let lang = self.brief.language.code();
        let mut graph = vec![
            self.organization(),
            json!({"@type": "WebSite", "@id": format!("{}#website", self.ctx.url), "name": self.brief.name, "url": self.ctx.url,
                 "publisher": {"@id": format!("{}#organization", self.ctx.url)}, "inLanguage": lang}),
        ];
        // Pages in the navigation sit one step below home.
        if let Some(page) = self
            .design
            .pages
            .iter()
            .find(|p| p.path == path && p.in_nav)
        {
            graph.push(json!({"@type": "BreadcrumbList", "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": self.w.home_label, "item": self.ctx.url},
                {"@type": "ListItem", "position": 2, "name": page.title, "item": url},
            ]}));
        }
        let ld = json!({"@context": "https://schema.org", "@graph": graph});
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title}</title>\n<meta name=\"description\" content=\"{desc}\">\n<link rel=\"canonical\" href=\"{url}\">\n\
<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">\n<meta name=\"theme-color\" content=\"{theme}\">\n\
<meta property=\"og:type\" content=\"website\">\n<meta property=\"og:site_name\" content=\"{name}\">\n<meta property=\"og:title\" content=\"{title}\">\n\
<meta property=\"og:description\" content=\"{desc}\">\n<meta property=\"og:url\" content=\"{url}\">\n{image}\
<style>\n{css}</style>\n<script type=\"application/ld+json\">{ld}</script>\n</head>\n",
            title = e(page_title),
            desc = e(description),
            url = e(&url),
            theme = self.brand.palette.primary,
            name = e(&self.brief.name),
            ld = json_for_script(&ld),
            image = self.image_meta(),
        )
    }

    /// The business as schema.org JSON-LD: the knowledge base's type for it, with
    /// every contact detail, place, link and offering the brief gives, and nothing else.
    fn organization(&self) -> serde_json::Value {
        let b = self.brief;
        let profile = crate::knowledge::profile(&self.mi.research.business_type.resolved);
        let mut org = json!({"@type": profile.schema_type, "@id": format!("{}#organization", self.ctx.url),
            "name": b.name, "url": self.ctx.url, "description": b.description, "slogan": self.brand.tagline});
        let c = &b.contact;
        if let Some(phone) = &c.phone {
            org["telephone"] = json!(phone);
        }
        if let Some(email) = &c.email {
            org["email"] = json!(email);
        }
        if let Some(address) = &c.address {
            org["address"] = json!({"@type": "PostalAddress", "streetAddress": address});
        }
        if let Some(place) = &self.mi.research.description.place {
            org["areaServed"] = json!(place);
        }
        if !b.links.is_empty() {
            org["sameAs"] = json!(b.links.iter().map(|l| &l.url).collect::<Vec<_>>());
        }
        if !b.offerings.is_empty() {
            org["makesOffer"] = json!(b
                .offerings
                .iter()
                .map(|o| {
                    let mut item = json!({"@type": "Thing", "name": o.name});
                    if let Some(d) = &o.description {
                        item["description"] = json!(d);
                    }
                    json!({"@type": "Offer", "itemOffered": item})
                })
                .collect::<Vec<_>>());
        }
        org
    }

    /// The call to action as a link: a `tel:` link counts as `phone_click`, a link to the
    /// form as `cta_click`. `prefix` is the home page's path on other pages.
    fn cta_link(&self, class: &str, prefix: &str) -> String {
        let cta = &self.design.cta;
        let (href, goal) = if cta.target.starts_with('#') {
            (format!("{prefix}{}", cta.target), "cta_click")
        } else {
            (cta.target.clone(), "phone_click")
        };
        format!(
            "<a class=\"{class}\" href=\"{}\" data-goal=\"{goal}\">{}</a>",
            e(&href),
            e(&cta.label)
        )
    }

    /// The header of the page at `current`: the mark and name, a link to each page in
    /// the navigation (the current one marked), and the call to action.
    fn header(&self, current: &str) -> String {
        let prefix = if current == "index.html" {
            ""
        } else {
            "index.html"
        };
        let mut nav = String::new();
        for p in self.design.pages.iter().filter(|p| p.in_nav) {
            let here = if p.path == current {
                " aria-current=\"page\""
            } else {
                ""
            };
            let _ = write!(
                nav,
                "<li><a href=\"{}\"{here}>{}</a></li>",
                e(&p.path),
                e(if p.nav_label.is_empty() {
                    &p.title
                } else {
                    &p.nav_label
                })
            );
        }
        let _ = write!(nav, "<li>{}</li>", self.cta_link("btn", prefix));
        format!(
            "<body>\n<a class=\"skip\" href=\"#main\">{}</a>\n<header class=\"site-header\"><div class=\"wrap bar\">\
<a class=\"brand\" href=\"index.html\">{}{}</a><nav class=\"nav\" aria-label=\"{}\"><ul>{nav}</ul></nav></div></header>\n",
            e(self.w.skip),
            self.mark(36, " class=\"mark\" aria-hidden=\"true\" focusable=\"false\""),
            e(&self.brief.name),
            e(self.w.nav_label)
        )
    }

    fn footer(&self) -> String {
        let place = self
            .mi
            .research
            .description
            .place
            .as_deref()
            .map(|p| format!(" · {}", e(p)))
            .unwrap_or_default();
        let mut reach = String::new();
        let c = &self.brief.contact;
        if let (Some(phone), Some(uri)) = (&c.phone, c.phone_uri()) {
            let _ = write!(
                reach,
                "<a href=\"{}\" data-goal=\"phone_click\">{}</a>",
                e(&uri),
                e(phone)
            );
        }
        if let Some(email) = &c.email {
            if !reach.is_empty() {
                reach.push_str(" · ");
            }
            let _ = write!(
                reach,
                "<a href=\"mailto:{0}\" data-goal=\"email_click\">{0}</a>",
                e(email)
            );
        }
        let reach = if reach.is_empty() {
            reach
        } else {
            format!("<p>{reach}</p>")
        };
        let links = if self.brief.links.is_empty() {
            String::new()
        } else {
            let items = self.link_items();
            format!(
                "<ul class=\"links\" aria-label=\"{}\">{items}</ul>",
                e(self.w.elsewhere_label)
            )
        };
        format!(
            "<footer class=\"site-footer\"><div class=\"wrap\"><p><strong>{}</strong>{place}</p><p>{}</p>{reach}{links}\
<p><a href=\"privacy.html\">{}</a></p></div></footer>\n<script>{}</script>\n</body>\n</html>\n",
            e(&self.brief.name),
            e(&self.brand.tagline),
            e(self.w.privacy_link),
            snippet(&self.ctx.collect_endpoint)
        )
    }

    fn hero(&self, s: &SectionPlan) -> String {
        let parts = &self.mi.research.description;
        let kicker = self.kicker();
        let cta = &self.design.cta;
        let actions = format!(
            "<div class=\"actions\">{}<a class=\"btn btn-ghost\" href=\"#offerings\">{}</a></div>",
            self.cta_link("btn", ""),
            e(&self.see_offer())
        );
        let trust = if parts.credentials.is_empty() {
            String::new()
        } else {
            format!(
                "<ul class=\"trust\" aria-label=\"{}\">{}</ul>",
                e(self.w.credentials_label),
                list_items(&parts.credentials)
            )
        };
        let intro = format!(
            "<p class=\"kicker\">{}</p><h1 id=\"{}-title\">{}</h1><p class=\"tagline\">{}</p><p class=\"lead\">{}</p>{trust}{actions}",
            e(&kicker),
            s.id,
            e(&self.brief.name),
            e(&self.brand.tagline),
            e(&self.copy.hero_lead)
        );
        let body = if s.layout == "split-with-steps" {
            let steps = list_items(&cta.steps);
            format!(
                "<div class=\"hero-grid\"><div>{intro}</div><div class=\"panel\"><p class=\"panel-title\">{label}</p><ol class=\"steps\">{steps}</ol></div></div>",
                label = e(&self.w.steps_title.replace("{cta}", &decapitalize(&cta.label)))
            )
        } else {
            intro
        };
        format!("<section class=\"hero\" id=\"{}\" aria-labelledby=\"{}-title\"><div class=\"wrap\">{body}</div></section>\n", s.id, s.id)
    }

    fn section_open(s: &SectionPlan) -> String {
        format!("<section id=\"{id}\" aria-labelledby=\"{id}-title\"><div class=\"wrap\"><h2 id=\"{id}-title\">{}</h2>", e(&s.heading), id = s.id)
    }

    /// The brief's own offering with this name, for its description and price.
    fn stated(&self, name: &str) -> Option<&Offering> {
        self.brief.offerings.iter().find(|o| o.name == name)
    }

    /// One offering: its name, the brief's description of it (else the developer's
    /// line), and its price only when the brief states one.
    fn offering_item(&self, i: usize, name: &str, class: &str, heading: &str) -> String {
        let (_, card_lines) = offer_lines(self.design.cta.kind, self.brief.language);
        let stated = self.stated(name);
        let line = stated
            .and_then(|o| o.description.as_deref())
            .or_else(|| self.copy.offering_lines.get(i).map(String::as_str))
            .unwrap_or(card_lines[i % card_lines.len()]);
        let price = stated
            .and_then(|o| o.price.as_deref())
            .map(|p| format!("<p class=\"price\">{}</p>", e(p)))
            .unwrap_or_default();
        format!(
            "<li class=\"{class}\"><{heading}>{}</{heading}><p>{}</p>{price}</li>",
            e(name),
            e(line)
        )
    }

    fn offerings(&self, s: &SectionPlan) -> String {
        let parts = &self.mi.research.description;
        let mut out = Self::section_open(s);
        let _ = write!(
            out,
            "<p class=\"lead\">{}</p>",
            e(&format!(
                "{} — {}.",
                parts.head,
                decapitalize(&self.brand.tagline)
            ))
        );
        let (ask, _) = offer_lines(self.design.cta.kind, self.brief.language);
        match s.layout.as_str() {
            "statement" => match parts.offerings.first() {
                Some(name) => {
                    let _ = write!(
                        out,
                        "<ul class=\"list\">{}</ul>",
                        self.offering_item(0, name, "", "h3")
                    );
                }
                None => {
                    let _ = write!(out, "<p>{}</p>", e(&self.brief.description));
                }
            },
            "list" | "columns" => {
                let class = if s.layout == "list" {
                    "list"
                } else {
                    "columns"
                };
                let _ = write!(out, "<ul class=\"{class}\">");
                for (i, o) in parts.offerings.iter().enumerate() {
                    out.push_str(&self.offering_item(i, o, "", "h3"));
                }
                out.push_str("</ul>");
            }
            _ => {
                out.push_str("<ul class=\"cards\">");
                for (i, o) in parts.offerings.iter().enumerate() {
                    out.push_str(&self.offering_item(i, o, "card", "h3"));
                }
                out.push_str("</ul>");
            }
        }
        out.push_str(&self.pricing_note());
        out.push_str(&bullets("h3", self.w.good_to_know, &parts.notes));
        let _ = write!(out, "<p><a href=\"#contact\">{}</a></p>", e(ask));
        out.push_str("</div></section>\n");
        out
    }

    fn process(&self, s: &SectionPlan) -> String {
        let mut out = Self::section_open(s);
        let _ = write!(
            out,
            "<ol class=\"steps {}\">{}",
            s.layout,
            list_items(&self.design.cta.steps)
        );
        let _ = writeln!(
            out,
            "</ol><p class=\"actions\">{}</p></div></section>",
            self.cta_link("btn", "")
        );
        out
    }

    /// The questions the brief answers (see [`crate::faq`]); never a question alone.
    fn questions(&self, s: &SectionPlan) -> String {
        let mut out = Self::section_open(s);
        out.push_str("<div class=\"faq\">");
        for (i, qa) in self.design.faq.iter().enumerate() {
            let answer = self.copy.answers.get(i).unwrap_or(&qa.answer);
            let _ = write!(out, "<h3>{}</h3><p>{}</p>", e(&qa.question), e(answer));
        }
        out.push_str("</div></div></section>\n");
        out
    }

    /// Phone, email, address with a map link, hours and area: whatever the brief gives.
    fn contact_details(&self) -> String {
        let c = &self.brief.contact;
        let w = self.w;
        let mut rows = String::new();
        let mut row = |term: &str, value: String| {
            let _ = write!(rows, "<div><dt>{}</dt><dd>{value}</dd></div>", e(term));
        };
        if let (Some(phone), Some(uri)) = (&c.phone, c.phone_uri()) {
            row(
                w.phone,
                format!(
                    "<a href=\"{}\" data-goal=\"phone_click\">{}</a>",
                    e(&uri),
                    e(phone)
                ),
            );
        }
        if let Some(email) = &c.email {
            row(
                w.email,
                format!(
                    "<a href=\"mailto:{0}\" data-goal=\"email_click\">{0}</a>",
                    e(email)
                ),
            );
        }
        if let Some(address) = &c.address {
            let map = format!(
                "https://www.openstreetmap.org/search?query={}",
                encode_segment(address)
            );
            row(
                w.address,
                format!(
                    "{}<br><a href=\"{}\" data-goal=\"directions_click\">{}</a>",
                    e(address),
                    e(&map),
                    e(w.map)
                ),
            );
        }
        if let Some(hours) = &c.hours {
            row(w.hours, e(hours));
        }
        if let (Some(place), None) = (&self.mi.research.description.place, &c.address) {
            row(w.area, e(place));
        }
        if rows.is_empty() {
            String::new()
        } else {
            format!("<dl class=\"details\">{rows}</dl>")
        }
    }

    fn field(id: &str, label: &str, input: &str) -> String {
        format!("<div><label for=\"{id}\">{}</label>{input}</div>", e(label))
    }

    fn contact(&self, s: &SectionPlan) -> String {
        let mut out = Self::section_open(s);
        out.push_str(&self.contact_body());
        out.push_str("</div></section>\n");
        out
    }

    /// The contact section's content: its lead, the contact details and the form.
    fn contact_body(&self) -> String {
        let cta = &self.design.cta;
        let w = self.w;
        let (goal, _) = goal_profile(&self.brief.primary_goal);
        let event = goal
            .events
            .iter()
            .find(|ev| ev.ends_with("_submit"))
            .copied()
            .unwrap_or("lead_form_submit");
        let mut out = String::new();
        let place = self.mi.research.description.place.as_deref();
        let phone_number = self.brief.contact.phone.as_deref();
        let template = match (cta.kind, phone_number, place) {
            (CtaKind::Call, Some(_), _) => w.intro_call_phone,
            (CtaKind::Call, None, _) => w.intro_call,
            (CtaKind::Visit, _, Some(_)) => w.intro_visit_place,
            (kind, _, _) => w.intros[kind_index(kind)],
        };
        let intro = fill(
            template,
            &self.brief.name,
            phone_number.unwrap_or(""),
            place.unwrap_or(""),
        );
        let _ = write!(
            out,
            "<p class=\"lead\">{}</p>{}<form method=\"post\" action=\"{}\" data-goal=\"{event}\">",
            e(&intro),
            self.contact_details(),
            e(&self.ctx.form_endpoint)
        );
        let name = Self::field(
            "f-name",
            w.your_name,
            "<input id=\"f-name\" name=\"name\" type=\"text\" autocomplete=\"name\" required>",
        );
        let email = Self::field(
            "f-email",
            w.email,
            "<input id=\"f-email\" name=\"email\" type=\"email\" autocomplete=\"email\" required>",
        );
        let options: String = self
            .mi
            .research
            .description
            .offerings
            .iter()
            .map(|o| format!("<option>{}</option>", e(o)))
            .collect::<String>()
            + &format!("<option>{}</option>", e(w.something_else));
        let select = |label: &str| {
            Self::field(
                "f-choice",
                label,
                &format!("<select id=\"f-choice\" name=\"choice\">{options}</select>"),
            )
        };
        let message = |label: &str, required: bool| {
            Self::field(
                "f-message",
                label,
                &format!(
                    "<textarea id=\"f-message\" name=\"message\"{}></textarea>",
                    if required { " required" } else { "" }
                ),
            )
        };
        let time = Self::field(
            "f-time",
            w.preferred_time,
            "<input id=\"f-time\" name=\"time\" type=\"time\">",
        );
        let offerings = &self.brief.offerings;
        let priced = |o: &crate::brief::Offering| match &o.price {
            Some(p) => format!("{} ({p})", o.name),
            None => o.name.clone(),
        };
        // An order form has a quantity per offering when the brief lists them.
        let quantities = (!offerings.is_empty()).then(|| {
            let mut f = format!("<fieldset class=\"choices\"><legend>{}</legend>", e(w.how_many));
            let mut names: Vec<String> = Vec::new();
            for (i, o) in offerings.iter().enumerate() {
                // The field is named for the offering, so a submission reads
                // "qty-sourdough-loaf=2"; by its position when the name is not ASCII.
                let slug = crate::text::slug(&o.name);
                let readable = !slug.is_empty()
                    && slug.len() <= 36
                    && slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                let mut field = format!("qty-{slug}");
                if !readable || names.contains(&field) {
                    field = format!("qty-{}", i + 1);
                }
                let _ = write!(
                    f,
                    "<div class=\"qty\"><label for=\"f-qty-{i}\">{}</label><input id=\"f-qty-{i}\" name=\"{field}\" type=\"number\" min=\"0\" max=\"99\" value=\"0\" inputmode=\"numeric\"></div>",
                    e(&priced(o)),
                );
                names.push(field);
            }
            f.push_str("</fieldset>");
            f
        });
        // A signup form offers the offerings as plans to choose from (memberships, tiers).
        let plans = (!offerings.is_empty()).then(|| {
            let mut f = format!("<fieldset class=\"choices\"><legend>{}</legend>", e(w.choose_plan));
            for (i, o) in offerings.iter().enumerate() {
                let _ = write!(
                    f,
                    "<div class=\"choice\"><input id=\"f-plan-{i}\" name=\"plan\" type=\"radio\" value=\"{}\"{}><label for=\"f-plan-{i}\">{}</label></div>",
                    e(&o.name),
                    if i == 0 { " required" } else { "" },
                    e(&priced(o))
                );
            }
            f.push_str("</fieldset>");
            f
        });
        let date = |label: &str| {
            Self::field(
                "f-date",
                label,
                "<input id=\"f-date\" name=\"date\" type=\"date\">",
            )
        };
        let phone = |label: &str, required: bool| {
            Self::field(
                "f-phone",
                label,
                &format!(
                    "<input id=\"f-phone\" name=\"phone\" type=\"tel\" autocomplete=\"tel\"{}>",
                    if required { " required" } else { "" }
                ),
            )
        };
        let help: String = w
            .help_options
            .iter()
            .map(|o| format!("<option>{}</option>", e(o)))
            .collect();
        let fields = match cta.kind {
            CtaKind::Call => vec![
                name,
                phone(w.your_phone, true),
                Self::field(
                    "f-time",
                    w.good_time,
                    "<input id=\"f-time\" name=\"time\" type=\"text\">",
                ),
                message(w.what_need_optional, false),
            ],
            CtaKind::Lead => vec![name, email, message(w.how_help, true)],
            CtaKind::Booking => vec![
                name,
                email,
                phone(w.phone_optional, false),
                select(w.what_need),
                date(w.preferred_day),
                time,
                message(w.anything_optional, false),
            ],
            CtaKind::Order => {
                // With a quantity per offering the details are optional.
                let details = message(w.order_details, quantities.is_none());
                vec![
                    name,
                    email,
                    quantities.unwrap_or_else(|| select(w.what_like)),
                    details,
                    date(w.collection_day),
                ]
            }
            CtaKind::Donation => vec![
                name,
                email,
                Self::field(
                    "f-choice",
                    w.help_how,
                    &format!("<select id=\"f-choice\" name=\"choice\">{help}</select>"),
                ),
                message(w.message_optional, false),
            ],
            CtaKind::Purchase => vec![name, email, select(w.what_like), message(w.delivery, true)],
            CtaKind::Visit => vec![name, email, message(w.your_question, true)],
            CtaKind::Signup => match plans {
                Some(plans) => vec![name, email, plans],
                None => vec![email],
            },
        };
        for f in fields {
            out.push_str(&f);
        }
        let [before, link, after] = w.hint;
        let _ = write!(
            out,
            "<p class=\"hint\">{}<a href=\"privacy.html\">{}</a>{}</p><div><button class=\"btn\" type=\"submit\">{}</button></div></form>",
            e(before),
            e(link),
            e(after),
            // The call-back form sends a request; the call itself is the tel: link.
            e(if cta.kind == CtaKind::Call { w.call_back } else { &cta.label })
        );
        out
    }

    /// The hero's second button, to the offerings.
    fn see_offer(&self) -> String {
        let profile = crate::knowledge::profile(&self.mi.research.business_type.resolved);
        match self.brief.language {
            Language::En => self
                .w
                .see_offer
                .replace("{offer}", &decapitalize(profile.offer_heading)),
            _ => self.w.see_offer.to_string(),
        }
    }

    fn home(&self, css: &str) -> String {
        let plan = &self.design.pages[0];
        let mut out = self.head(&self.title(), &self.meta_description(), "index.html", css);
        out.push_str(&self.header("index.html"));
        out.push_str("<main id=\"main\">\n");
        for s in &plan.sections {
            out.push_str(&match s.kind {
                SectionKind::Hero => self.hero(s),
                SectionKind::Offerings => self.offerings(s),
                SectionKind::Process => self.process(s),
                SectionKind::Questions => self.questions(s),
                SectionKind::Contact => self.contact(s),
                SectionKind::Policy
                | SectionKind::About
                | SectionKind::NotFound
                | SectionKind::Thanks => String::new(),
            });
        }
        out.push_str("</main>\n");
        out.push_str(&self.footer());
        out
    }

    fn simple_page(&self, plan: &PagePlan, css: &str, body: &str) -> String {
        let title = if plan.title.contains(&self.brief.name) {
            plan.title.clone()
        } else {
            format!("{} | {}", plan.title, self.brief.name)
        };
        // The purpose is the designer's English note; other languages describe the page
        // by its title.
        let what = if self.brief.language == Language::En {
            &plan.purpose
        } else {
            &plan.title
        };
        let desc = truncate_words(&format!("{what} — {}", self.brief.name), 158);
        let mut out = self.head(&title, &desc, &plan.path, css);
        out.push_str(&self.header(&plan.path));
        let s = &plan.sections[0];
        let _ = writeln!(
            out,
            "<main id=\"main\"><section id=\"{id}\" aria-labelledby=\"{id}-title\"><div class=\"wrap prose\"><h1 id=\"{id}-title\">{}</h1>{body}</div></section></main>",
            e(&s.heading),
            id = s.id
        );
        out.push_str(&self.footer());
        out
    }

    /// The page whose one section is of `kind` (the designer always plans one of each).
    fn plan(&self, kind: SectionKind) -> &PagePlan {
        self.design
            .pages
            .iter()
            .skip(1)
            .find(|p| p.sections.first().is_some_and(|s| s.kind == kind))
            .unwrap_or(&self.design.pages[0])
    }

    /// What the description says about prices, as one line beside the offer; empty
    /// when it says nothing.
    fn pricing_note(&self) -> String {
        let pricing = &self.mi.research.description.pricing;
        if pricing.is_empty() {
            return String::new();
        }
        let items: Vec<String> = pricing.iter().map(|p| e(p)).collect();
        format!(
            "<p class=\"pricing-note\"><strong>{}:</strong> {}</p>",
            e(self.w.pricing_label),
            items.join(" · ")
        )
    }

    /// The offer page: every offering, in the brief's words, then what is good to know.
    fn offer_page(&self, css: &str) -> String {
        let parts = &self.mi.research.description;
        let mut body = String::new();
        if !self.copy.offer_intro.trim().is_empty() {
            let _ = write!(body, "<p class=\"lead\">{}</p>", e(&self.copy.offer_intro));
        }
        if !parts.offerings.is_empty() {
            body.push_str("<ul class=\"list\">");
            for (i, o) in parts.offerings.iter().enumerate() {
                body.push_str(&self.offering_item(i, o, "", "h2"));
            }
            body.push_str("</ul>");
        }
        body.push_str(&self.pricing_note());
        body.push_str(&bullets("h2", self.w.good_to_know, &parts.notes));
        let _ = write!(
            body,
            "<p class=\"actions\">{}</p>",
            self.cta_link("btn", "index.html")
        );
        self.simple_page(self.plan(SectionKind::Offerings), css, &body)
    }

    /// The brief's links as list items.
    fn link_items(&self) -> String {
        self.brief
            .links
            .iter()
            .map(|l| {
                format!(
                    "<li><a href=\"{}\" rel=\"me noopener\">{}</a></li>",
                    e(&l.url),
                    e(&l.label)
                )
            })
            .collect()
    }

    /// The about page: the description as the owner wrote it, the credentials and notes
    /// it states, where the business works, and its links.
    fn about_page(&self, css: &str) -> String {
        let parts = &self.mi.research.description;
        let mut body = format!("<p class=\"lead\">{}</p>", e(&self.copy.about_lead));
        body.push_str(&bullets("h2", self.w.credentials_label, &parts.credentials));
        body.push_str(&bullets("h2", self.w.good_to_know, &parts.notes));
        if let Some(place) = &parts.place {
            let _ = write!(body, "<h2>{}</h2><p>{}</p>", e(self.w.area), e(place));
        }
        if !self.brief.links.is_empty() {
            let li = self.link_items();
            let _ = write!(
                body,
                "<h2>{}</h2><ul class=\"checklist\">{li}</ul>",
                e(self.w.elsewhere_label)
            );
        }
        self.simple_page(self.plan(SectionKind::About), css, &body)
    }

    /// The contact page: every contact detail and the form.
    fn contact_page(&self, css: &str) -> String {
        let plan = self.plan(SectionKind::Contact);
        self.simple_page(plan, css, &self.contact_body())
    }

    /// A built-in sentence with the business's name in it, escaped.
    fn named(&self, template: &str) -> String {
        e(&fill(template, &self.brief.name, "", ""))
    }

    fn privacy(&self, css: &str) -> String {
        let p = &self.w.privacy;
        let [before, link, after] = self.w.privacy_contact;
        let body = format!(
            "<p>{}</p><h2>{}</h2><p>{}</p><p>{}</p><h2>{}</h2><p>{}</p><h2>{}</h2><p>{}<a href=\"index.html#contact\">{}</a>{}</p>",
            self.named(p[0]),
            e(p[1]),
            e(p[2]),
            e(p[3]),
            e(p[4]),
            e(p[5]),
            e(p[6]),
            e(before),
            e(link),
            e(after)
        );
        self.simple_page(self.plan(SectionKind::Policy), css, &body)
    }

    fn not_found(&self, css: &str) -> String {
        let body = format!(
            "<p>{}</p><p><a class=\"btn\" href=\"index.html\">{}</a></p>",
            e(self.w.not_found),
            self.named(self.w.not_found_button)
        );
        self.simple_page(self.plan(SectionKind::NotFound), css, &body)
    }

    /// Where the contact form's endpoint sends a visitor after storing the message.
    fn thanks(&self, css: &str) -> String {
        let body = format!(
            "<p>{}</p><p><a class=\"btn\" href=\"index.html\">{}</a></p>",
            self.named(self.w.thanks),
            e(self.w.thanks_button)
        );
        self.simple_page(self.plan(SectionKind::Thanks), css, &body)
    }

    /// What kind of business this is and where: "Plumbing & heating · Bristol and Bath".
    fn kicker(&self) -> String {
        let profile = crate::knowledge::profile(&self.mi.research.business_type.resolved);
        let category = type_names(self.brief.language, profile)
            .map_or(self.mi.research.category.as_str(), |(label, _)| label);
        match &self.mi.research.description.place {
            Some(place) => format!("{category} · {place}"),
            None => category.to_string(),
        }
    }

    /// The social preview image: the monogram, name and tagline on the palette.
    fn preview_image(&self) -> Option<Vec<u8>> {
        let p = &self.brand.palette;
        let colours = code24_preview::Colours {
            background: &p.background,
            text: &p.text,
            primary: &p.primary,
            on_primary: &p.on_primary,
            accent: &p.accent,
        };
        let text = code24_preview::Text {
            name: &self.brief.name,
            tagline: &self.brand.tagline,
            initials: &self.initials(),
            detail: &self.kicker(),
        };
        code24_preview::render(text, colours)
            .ok()
            .map(|preview| preview.png)
    }

    /// The Open Graph and Twitter tags of the preview image, when there is one.
    fn image_meta(&self) -> String {
        if self.preview.is_none() {
            return String::new();
        }
        format!(
            "<meta property=\"og:image\" content=\"{url}{OPEN_GRAPH_IMAGE}\">\n<meta property=\"og:image:type\" content=\"image/png\">\n\
<meta property=\"og:image:width\" content=\"{w}\">\n<meta property=\"og:image:height\" content=\"{h}\">\n\
<meta property=\"og:image:alt\" content=\"{alt}\">\n<meta name=\"twitter:card\" content=\"summary_large_image\">\n",
            url = e(&self.ctx.url),
            w = code24_preview::WIDTH,
            h = code24_preview::HEIGHT,
            alt = e(&format!("{}: {}", self.brief.name, self.brand.tagline)),
        )
    }

    /// The monogram: the first letter of the name's first two words (skipping "the",
    /// "&" and the like), upper-cased; one letter for a one-word name.
    fn initials(&self) -> String {
        let skip = [
            "the", "la", "le", "les", "el", "los", "der", "die", "das", "and", "&", "et", "und",
            "y",
        ];
        let letters: String = self
            .brief
            .name
            .split_whitespace()
            .filter(|w| !skip.contains(&w.to_lowercase().as_str()))
            .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
            .take(2)
            .flat_map(char::to_uppercase)
            .collect();
        if letters.is_empty() {
            "•".into()
        } else {
            letters
        }
    }

    /// The brand mark as SVG: the monogram on the primary colour, in the heading face.
    fn mark(&self, size: u32, extra: &str) -> String {
        let initials = self.initials();
        let font_size = if initials.chars().count() > 1 { 26 } else { 36 };
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\" width=\"{size}\" height=\"{size}\"{extra}><rect width=\"64\" height=\"64\" rx=\"{rx}\" fill=\"{}\"></rect>\
<text x=\"32\" y=\"{y}\" font-family=\"{}\" font-size=\"{font_size}\" font-weight=\"700\" text-anchor=\"middle\" fill=\"{}\">{}</text></svg>",
            self.brand.palette.primary,
            e(&self.brand.typography.heading_font),
            self.brand.palette.on_primary,
            e(&initials),
            rx = (self.design.corner_radius_rem * 16.0).round() as u32 + 6,
            y = if font_size > 30 { 44 } else { 41 },
        )
    }

    fn favicon(&self) -> String {
        format!("{}\n", self.mark(64, ""))
    }
}

/// Each item as an escaped `<li>`.
fn list_items(items: &[String]) -> String {
    items.iter().map(|i| format!("<li>{}</li>", e(i))).collect()
}

/// A heading at `level` (`h2`, `h3`) and a checklist, or nothing when the list is empty.
fn bullets(level: &str, heading: &str, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    format!(
        "<{level}>{}</{level}><ul class=\"checklist\">{}</ul>",
        e(heading),
        list_items(items)
    )
}

fn xml_escape(text: &str) -> String {
    e(text)
}

/// The developer worker: every file of the site, with the built-in writing.
pub fn develop(
    brief: &Brief,
    mi: &MarketIntelligence,
    brand: &Brand,
    design: &Design,
    ctx: &SiteContext,
) -> Site {
    develop_with(
        brief,
        mi,
        brand,
        design,
        ctx,
        &builtin_copy(brief, mi, design),
    )
}

/// Every file of the site, with `copy` as the developer's writing.
pub fn develop_with(
    brief: &Brief,
    mi: &MarketIntelligence,
    brand: &Brand,
    design: &Design,
    ctx: &SiteContext,
    copy: &SiteCopy,
) -> Site {
    let page = Page {
        brief,
        mi,
        brand,
        design,
        ctx,
        copy,
        w: words(brief.language),
        preview: None,
    };
    let page = Page {
        preview: page.preview_image(),
        ..page
    };
    let css = css(brand, design);
    let html = "text/html; charset=utf-8";
    let html_file = |path: &str, body: String| SiteFile::text(path, html, body);
    let offer_path = &page.plan(SectionKind::Offerings).path;
    let mut files = vec![
        html_file("index.html", page.home(&css)),
        html_file(offer_path, page.offer_page(&css)),
        html_file("about.html", page.about_page(&css)),
        html_file("contact.html", page.contact_page(&css)),
        html_file("privacy.html", page.privacy(&css)),
        html_file("404.html", page.not_found(&css)),
        html_file("thanks.html", page.thanks(&css)),
    ];
    // Every page a visitor navigates to, home first; not the 404 or thank-you pages.
    let mut urls = format!("<url><loc>{}</loc></url>\n", xml_escape(&ctx.url));
    for p in design
        .pages
        .iter()
        .filter(|p| p.in_nav || p.path == "privacy.html")
    {
        let _ = writeln!(
            urls,
            "<url><loc>{}{}</loc></url>",
            xml_escape(&ctx.url),
            xml_escape(&p.path)
        );
    }
    files.extend([
        SiteFile::text("favicon.svg", "image/svg+xml", page.favicon()),
        SiteFile::text(
            "robots.txt",
            "text/plain; charset=utf-8",
            format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", ctx.url),
        ),
        SiteFile::text(
            "sitemap.xml",
            "application/xml; charset=utf-8",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>\n"
            ),
        ),
    ]);
    if let Some(png) = &page.preview {
        files.push(SiteFile::binary(OPEN_GRAPH_IMAGE, "image/png", png));
    }
    Site {
        site_id: ctx.site_id.clone(),
        url: ctx.url.clone(),
        files,
    }
}
