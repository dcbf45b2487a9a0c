//! Every sample brief builds to `completed`, and each site meets the quality bar:
//! vnu with 0 errors, one h1, title and meta description with the business name,
//! lang, viewport, canonical, no placeholder text, escaped user strings, intact Unicode.

mod support;

use code24_domain::text::escape_html;
use code24_local::{BuildOptions, FaultPlan};
use code24_store::WorkflowStatus;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use support::{briefs_dir, shared_briefs, vnu_errors, workflows};

struct Built {
    name: String,
    brief_name: String,
    brief: code24_domain::Brief,
    dir: PathBuf,
    html: String,
    status: Value,
}

/// Builds every sample brief once per test run, in the test target's temporary folder.
fn sites() -> &'static [Built] {
    static SITES: OnceLock<Vec<Built>> = OnceLock::new();
    SITES.get_or_init(|| {
        let data = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sites-test");
        let _ = std::fs::remove_dir_all(&data);
        build_all(&data)
    })
}

fn build_all(data: &Path) -> Vec<Built> {
    let wf = workflows(data, FaultPlan::none());
    let rt = code24_asl::runtime(true).unwrap();
    shared_briefs()
        .into_iter()
        .map(|(name, brief)| {
            let (record, _) = rt
                .block_on(wf.build(&brief, &BuildOptions::default()))
                .unwrap();
            assert_eq!(
                record.status,
                WorkflowStatus::Completed,
                "{name}: {:?}",
                record.error
            );
            let status = code24_pipeline::status_view(&record);
            let dir = PathBuf::from(
                status["output"]["deployment"]["localPath"]
                    .as_str()
                    .unwrap(),
            );
            let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
            Built {
                name,
                brief_name: brief.name.clone(),
                brief: brief.clone(),
                dir,
                html,
                status,
            }
        })
        .collect()
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    let to = html[from..].find(end).unwrap() + from;
    &html[from..to]
}

#[test]
fn every_sample_brief_builds_a_site_that_meets_the_bar() {
    let sites = sites();
    for s in sites {
        let name = escape_html(&s.brief_name);
        assert_eq!(s.html.matches("<h1").count(), 1, "{}", s.name);
        assert!(
            between(&s.html, "<title>", "</title>").contains(&name),
            "{}: title",
            s.name
        );
        assert!(
            between(&s.html, "<meta name=\"description\" content=\"", "\"").contains(&name),
            "{}: description",
            s.name
        );
        let lang = format!("<html lang=\"{}\">", s.brief.language.code());
        assert!(s.html.contains(&lang), "{}: {lang}", s.name);
        assert!(
            s.html.contains(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            ),
            "{}",
            s.name
        );
        let canonical = between(&s.html, "<link rel=\"canonical\" href=\"", "\"");
        assert_eq!(
            canonical,
            s.status["output"]["deployment"]["url"].as_str().unwrap(),
            "{}",
            s.name
        );
        let lower = s.html.to_lowercase();
        for bad in ["lorem ipsum", "todo", "example.com", "placeholder"] {
            assert!(!lower.contains(bad), "{}: contains {bad}", s.name);
        }
        for file in [
            "robots.txt",
            "sitemap.xml",
            "favicon.svg",
            "og.png",
            "privacy.html",
            "404.html",
        ] {
            assert!(s.dir.join(file).is_file(), "{}: {file}", s.name);
        }
        assert!(Path::new(&s.dir).is_absolute());
    }
}

#[test]
fn user_strings_are_escaped_and_unicode_is_intact() {
    let sites = sites();
    let injection = sites.iter().find(|s| s.name == "injection").unwrap();
    assert!(
        !injection.html.contains("<script>alert"),
        "raw script from the brief"
    );
    assert!(!injection.html.contains("<img"), "raw img from the brief");
    assert!(!injection.html.contains("</title><img"));
    assert_eq!(
        injection.html.matches("<script").count(),
        2,
        "only the JSON-LD and analytics scripts"
    );
    assert!(injection
        .html
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Quotes&quot; Ltd"));
    let ld = between(
        &injection.html,
        "<script type=\"application/ld+json\">",
        "</script>",
    );
    let parsed: Value = serde_json::from_str(ld).unwrap();
    assert_eq!(
        parsed["@graph"][0]["name"],
        "<script>alert('x')</script> & \"Quotes\" Ltd"
    );

    let unicode = sites.iter().find(|s| s.name == "unicode").unwrap();
    assert!(unicode.html.contains("Café Zürich – Kaffeehaus 東京"));
    assert_eq!(
        unicode.status["output"]["deployment"]["siteId"],
        "cafe-zurich-kaffeehaus-東京"
    );
    assert!(unicode.status["output"]["deployment"]["url"]
        .as_str()
        .unwrap()
        .ends_with("/cafe-zurich-kaffeehaus-%E6%9D%B1%E4%BA%AC/"));
}

#[test]
fn different_briefs_give_different_pages_not_just_a_swapped_name() {
    let sites = sites();
    let mut styles = Vec::new();
    for s in sites {
        let css = between(&s.html, "<style>", "</style>").to_string();
        assert!(
            !styles.contains(&css),
            "{} shares its CSS with another site",
            s.name
        );
        styles.push(css);
    }
    let layouts: std::collections::HashSet<String> = sites
        .iter()
        .map(|s| s.status["output"]["eliteResults"]["designer"]["layout"].to_string())
        .collect();
    assert_eq!(layouts.len(), 4, "every layout family is used: {layouts:?}");
    for a in sites {
        for b in sites {
            if a.name < b.name {
                let swapped = a
                    .html
                    .replace(&escape_html(&a.brief_name), &escape_html(&b.brief_name));
                assert_ne!(
                    swapped, b.html,
                    "{} and {} differ only by name",
                    a.name, b.name
                );
                let words = |h: &str| {
                    h.split(|c: char| !c.is_alphanumeric())
                        .map(str::to_string)
                        .collect::<std::collections::HashSet<_>>()
                };
                let (wa, wb) = (words(&a.html), words(&b.html));
                let shared = wa.intersection(&wb).count() as f64 / wa.union(&wb).count() as f64;
                assert!(
                    shared < 0.85,
                    "{} and {} share {:.0}% of their words",
                    a.name,
                    b.name,
                    shared * 100.0
                );
            }
        }
    }
}

#[test]
fn market_claims_carry_sources_and_no_invented_figures() {
    let sites = sites();
    for s in sites {
        let mi = &s.status["output"]["marketIntelligence"];
        for source in mi["sources"].as_array().unwrap() {
            assert!(
                ["brief", "built-in knowledge base"].contains(&source.as_str().unwrap()),
                "{}: source {source}",
                s.name
            );
        }
        for o in mi["opportunities"].as_array().unwrap() {
            assert!(o["source"].is_string(), "{}: unsourced claim {o}", s.name);
        }
        let text = visible_text(&s.html);
        let brief = text_of_brief(&s.name);
        let runs = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|r| !r.is_empty());
        for run in runs {
            assert!(
                brief.contains(run),
                "{}: the page shows a figure that is not in the brief: {run}",
                s.name
            );
        }
        for word in ["testimonial", "% of", "customers say", "rated", "award"] {
            assert!(!text.to_lowercase().contains(word), "{}: {word}", s.name);
        }
    }
}

fn text_of_brief(name: &str) -> String {
    let file = format!("{name}.json");
    let shared = briefs_dir().join(&file);
    let path = if shared.exists() {
        shared
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/briefs")
            .join(&file)
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn visible_text(html: &str) -> String {
    let body = between(html, "<body>", "<script>");
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn every_page_of_every_site_has_zero_vnu_errors() {
    let sites = sites();
    let mut pages = Vec::new();
    for s in sites {
        for page in ["index.html", "privacy.html", "404.html"] {
            pages.push(s.dir.join(page));
        }
    }
    let messages = vnu_errors(&pages);
    assert!(
        messages.is_empty(),
        "vnu errors: {}",
        serde_json::to_string_pretty(&messages).unwrap()
    );
    assert_eq!(pages.len(), 3 * sites.len());
}
