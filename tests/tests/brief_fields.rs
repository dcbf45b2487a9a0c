//! What the brief's optional fields do to a site, read from the pages a visitor gets:
//! a phone goal puts tap-to-call links in the header and hero (or, with no number, a
//! call-back form and a notice); a description's place, credential and pricing phrases
//! land in their own places, never in the offerings; prices appear only as the brief
//! states them; questions appear only with answers; and the gate's brief rules catch
//! each of these when it is broken.

use code24_domain::site::{Site, SiteContext};
use code24_domain::{brand, design, quality, research, site, Brief};
use serde_json::json;

fn build(brief: &Brief) -> (Site, design::Design) {
    let mi = research::combine(
        research::market_research(brief),
        research::competitive_analysis(brief),
    );
    let b = brand::brand(brief, &mi).unwrap();
    let d = design::design(brief, &mi, &b);
    let ctx = SiteContext {
        site_id: "s".into(),
        url: "https://sites.code24.test/s/".into(),
        collect_endpoint: "https://api.code24.test/collect/s".into(),
        form_endpoint: "https://api.code24.test/forms/s".into(),
    };
    (site::develop(brief, &mi, &b, &d, &ctx), d)
}

/// The site with its page at `path` changed by `edit`.
fn with_page(site: &Site, path: &str, edit: impl Fn(&str) -> String) -> Site {
    let mut broken = site.clone();
    let file = broken.files.iter_mut().find(|f| f.path == path).unwrap();
    file.body = edit(&file.body);
    broken
}

/// The site with its home page changed by `edit`.
fn with_home(site: &Site, edit: impl Fn(&str) -> String) -> Site {
    with_page(site, "index.html", edit)
}

fn home(site: &Site) -> &str {
    &site.file("index.html").unwrap().body
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn plumber(extra: serde_json::Value) -> Brief {
    let mut v = json!({"name": "Harbour Plumbing", "businessType": "plumber", "primaryGoal": "phone_calls",
        "description": "Emergency plumbing and heating engineers, Bristol and Bath, Gas Safe registered, boiler installation, free quotes"});
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    Brief::from_value(&v).unwrap()
}

fn brief_findings(site: &Site, brief: &Brief) -> Vec<String> {
    quality::check_brief_rules(site, brief)
        .into_iter()
        .map(|f| f.check)
        .collect()
}

#[test]
fn a_phone_goal_with_a_number_is_tap_to_call_in_header_hero_and_contact() {
    let brief = plumber(json!({"contact": {"phone": "+44 117 496 0000"}}));
    let (site, d) = build(&brief);
    let html = home(&site);
    let tel = r#"href="tel:+441174960000" data-goal="phone_click""#;
    assert!(between(html, "<header", "</header>").contains(tel));
    assert!(between(html, "<section class=\"hero\"", "</section>").contains(tel));
    assert!(between(html, "<section id=\"contact\"", "</section>").contains(tel));
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(brief_findings(&site, &brief), Vec::<String>::new());
    assert!(quality::check_site(&site, &brief).is_empty());
    // Remove the header's link and the gate names it.
    let broken = with_home(&site, |html| {
        let (head, rest) = html.split_once("<main").unwrap();
        format!("{}<main{rest}", head.replace(tel, r##"href="#contact""##))
    });
    assert_eq!(brief_findings(&broken, &brief), vec!["tel-link"]);
}

#[test]
fn a_phone_goal_without_a_number_asks_for_a_call_back_and_says_so() {
    let brief = plumber(json!({}));
    let (site, d) = build(&brief);
    let html = home(&site);
    assert!(!html.contains("tel:"), "a tel: link with no number");
    let form = between(html, "<form", "</form>");
    assert!(
        form.contains(r#"data-goal="callback_form_submit""#),
        "{form}"
    );
    assert!(
        form.contains(r#"type="tel" autocomplete="tel" required"#),
        "{form}"
    );
    assert_eq!(d.notices.len(), 1);
    assert!(d.notices[0].contains("contact.phone"), "{:?}", d.notices);
}

#[test]
fn place_credential_and_price_phrases_land_in_their_places() {
    let brief = plumber(json!({"contact": {"phone": "+44 117 496 0000"}}));
    let (site, _) = build(&brief);
    let html = home(&site);
    let offers = between(html, "<section id=\"offerings\"", "</section>");
    let cards: Vec<&str> = offers
        .split("<h3>")
        .skip(1)
        .map(|c| c.split("</h3>").next().unwrap())
        .collect();
    assert_eq!(cards, vec!["Boiler installation"], "{offers}");
    // "Free quotes" is about price: the pricing note says it, on home and the offer page.
    let note = r#"<p class="pricing-note"><strong>Prices:</strong> Free quotes</p>"#;
    assert!(offers.contains(note), "{offers}");
    assert!(site.file("services.html").unwrap().body.contains(note));
    let hero = between(html, "<section class=\"hero\"", "</section>");
    assert!(between(hero, "<ul class=\"trust\"", "</ul>").contains("Gas Safe registered"));
    assert!(between(hero, "<p class=\"kicker\">", "</p>").contains("Bristol and Bath"));
    // The JSON-LD carries the area served and the number, and no price.
    let ld = between(html, "application/ld+json", "</script>");
    assert!(ld.contains(r#""areaServed":"Bristol and Bath""#), "{ld}");
    assert!(ld.contains(r#""telephone":"+44 117 496 0000""#), "{ld}");
}

/// The JSON-LD `@type`, the hero's kicker, the offer heading and the tagline of a site.
fn identity(site: &Site) -> [String; 4] {
    let html = home(site);
    let ld = between(html, "application/ld+json", "</script>");
    let ty = between(ld, r#""@type":""#, r#"","#).to_string();
    let kicker = between(html, "<p class=\"kicker\">", "</p>").to_string();
    let offers = between(html, "<section id=\"offerings\"", "</h2>").to_string();
    let tagline = between(html, "<meta name=\"description\"", ">").to_string();
    [ty, kicker, offers, tagline]
}

#[test]
fn two_types_in_one_family_make_different_sites() {
    let trade = |name: &str, business_type: &str, description: &str| {
        Brief::from_value(&json!({"name": name, "businessType": business_type,
            "primaryGoal": "lead_generation", "description": description}))
        .unwrap()
    };
    let plumber = trade(
        "Quay Plumbing",
        "plumber",
        "Plumbers in Bristol offering boiler repairs, leak repairs and bathroom fitting",
    );
    let electrician = trade(
        "Quay Electrics",
        "electrician",
        "Electricians in Bristol offering rewiring, lighting and EV charger fitting",
    );
    let (p, _) = build(&plumber);
    let (e, _) = build(&electrician);
    let (pi, ei) = (identity(&p), identity(&e));
    for (i, what) in ["schema.org type", "kicker", "offer heading", "description"]
        .iter()
        .enumerate()
    {
        assert_ne!(pi[i], ei[i], "{what} is the same for both");
    }
    assert!(
        pi[0].contains("Plumber") && ei[0].contains("Electrician"),
        "{pi:?} {ei:?}"
    );
    assert!(pi[1].contains("Plumbing &amp; heating"), "{}", pi[1]);
    // One family: the same kind of offer page and the same call to action.
    for site in [&p, &e] {
        assert!(site.file("services.html").is_some());
        assert!(home(site).contains("Get a quote"));
    }
    // A type the knowledge base does not know is placed by its description, and the
    // research output says which type and why.
    let unknown = trade(
        "Tern",
        "product",
        "An open-source CLI for checking infrastructure code, with a paid dashboard for teams",
    );
    let mi = research::combine(
        research::market_research(&unknown),
        research::competitive_analysis(&unknown),
    );
    let resolution = serde_json::to_value(&mi.research.business_type).unwrap();
    assert_eq!(resolution["resolved"], "developer_tools", "{resolution}");
    assert_eq!(resolution["matchedBy"], "description");
    assert!(
        resolution["reason"].as_str().unwrap().contains("cli"),
        "{resolution}"
    );
    let (site, _) = build(&unknown);
    assert!(!home(&site).contains("Local business"));
    assert!(site.file("product.html").is_some());
}

#[test]
fn offerings_show_their_own_words_and_only_stated_prices() {
    let brief = plumber(json!({"offerings": [
        {"name": "Boiler installation", "description": "Combi and system boilers", "price": "from £1,850"},
        {"name": "Leak repair"}]}));
    let (site, _) = build(&brief);
    let html = home(&site);
    let offers = between(html, "<section id=\"offerings\"", "</section>");
    assert!(offers.contains("Combi and system boilers"));
    assert!(offers.contains("<p class=\"price\">from £1,850</p>"));
    assert_eq!(offers.matches("class=\"price\"").count(), 1, "{offers}");
    let faq = between(html, "<div class=\"faq\">", "</div>");
    // The price the brief states, then what the description says of prices.
    assert!(
        faq.contains("Boiler installation: from £1,850; Free quotes."),
        "{faq}"
    );
    assert!(
        !faq.contains("Leak repair"),
        "a price question for an unpriced offering"
    );
    // Drop an offering's name from the page and the gate names it.
    let broken = with_home(&site, |html| html.replace("Leak repair", "Leaks"));
    assert_eq!(brief_findings(&broken, &brief), vec!["offerings-present"]);
    // And from the offer page.
    let broken = with_page(&site, "services.html", |html| {
        html.replace("from £1,850", "")
    });
    let found = quality::check_brief_rules(&broken, &brief);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].page.as_str(), found[0].check.as_str()),
        ("services.html", "offerings-present")
    );
}

#[test]
fn questions_appear_only_with_answers() {
    // A lead goal and nothing but a name and a description: nothing to answer.
    let bare = Brief::from_fields(
        "Quiet Ledger",
        "Bookkeeping for sole traders",
        "accountant",
        "leads",
    )
    .unwrap();
    let (site, d) = build(&bare);
    assert!(d.faq.is_empty(), "{:?}", d.faq);
    assert!(!home(&site).contains("class=\"faq\""));
    assert!(
        !home(&site).contains("id=\"ask-us\""),
        "an empty questions section"
    );
    // With hours, every question shown has its answer; an emptied answer is caught.
    let open = plumber(json!({"contact": {"hours": "Mon–Sat 8:00–18:00"}}));
    let (site, d) = build(&open);
    assert!(d.faq.iter().any(|q| q.answer == "Mon–Sat 8:00–18:00."));
    assert!(d.faq.iter().all(|q| !q.answer.is_empty()));
    let broken = with_home(&site, |html| {
        html.replace("<p>Mon–Sat 8:00–18:00.</p>", "<p></p>")
    });
    assert_eq!(
        brief_findings(&broken, &open),
        vec!["no-unanswered-question"]
    );
}

#[test]
fn every_page_is_in_the_briefs_language() {
    let brief = plumber(json!({"language": "de-CH"}));
    let (site, _) = build(&brief);
    for f in site.files.iter().filter(|f| f.path.ends_with(".html")) {
        assert!(f.body.contains("<html lang=\"de\">"), "{}", f.path);
    }
    assert!(home(&site).contains(r#""inLanguage":"de""#));
    let broken = with_home(&site, |html| {
        html.replace("<html lang=\"de\">", "<html lang=\"en\">")
    });
    assert_eq!(brief_findings(&broken, &brief), vec!["lang-matches-brief"]);
}

#[test]
fn a_site_in_french_german_or_spanish_has_no_english_built_in_words() {
    use code24_domain::words::EN;
    let english = [
        EN.skip,
        EN.how_it_works,
        EN.faq_heading,
        EN.good_to_know,
        EN.your_name,
        EN.your_phone,
        EN.map,
        EN.hint[0],
        EN.privacy_title,
        EN.privacy[2],
        EN.not_found,
        EN.thanks_button,
        EN.call_back,
        "How to ",
        "Call ",
        "Local business",
    ];
    for (language, expected) in [("fr", "Appeler le"), ("de", "anrufen"), ("es", "Llamar al")] {
        let brief = plumber(json!({"language": language, "location": "Genève",
            "contact": {"phone": "+41 22 000 00 00", "email": "a@b.example", "address": "Rue 1", "hours": "Lu–Ve"},
            "offerings": [{"name": "Chaudières", "price": "CHF 90"}], "links": [{"label": "GitHub", "url": "https://github.com/x"}]}));
        let (site, _) = build(&brief);
        for f in site.files.iter().filter(|f| f.path.ends_with(".html")) {
            let body = f.body.split_once("<body>").unwrap().1;
            let visible = body.split_once("<script>").map_or(body, |(b, _)| b);
            for words in english {
                assert!(
                    !visible.contains(words),
                    "{language} {}: English '{words}'",
                    f.path
                );
            }
        }
        assert!(home(&site).contains(expected), "{language}");
        assert!(brief_findings(&site, &brief).is_empty());
        assert!(quality::check_site(&site, &brief).is_empty());
    }
}

#[test]
fn a_site_has_an_offer_page_an_about_page_and_a_contact_page_linked_from_every_page() {
    let brief = plumber(
        json!({"contact": {"phone": "+44 117 496 0000", "address": "1 Quay St, Bristol"},
        "offerings": [{"name": "Boiler installation", "price": "from £1,850"}, {"name": "Leak repair"}],
        "links": [{"label": "Instagram", "url": "https://www.instagram.com/harbour.example"}]}),
    );
    let (site, d) = build(&brief);
    let nav: Vec<&str> = d
        .pages
        .iter()
        .filter(|p| p.in_nav)
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(nav, vec!["services.html", "about.html", "contact.html"]);
    let sitemap = &site.file("sitemap.xml").unwrap().body;
    for path in nav.iter().chain(&["privacy.html"]) {
        assert!(
            sitemap.contains(&format!("/s/{path}</loc>")),
            "{path} not in {sitemap}"
        );
    }
    for f in site.files.iter().filter(|f| f.path.ends_with(".html")) {
        let header = between(&f.body, "<header", "</header>");
        for path in &nav {
            assert!(
                header.contains(&format!("href=\"{path}\"")),
                "{}: no link to {path}",
                f.path
            );
        }
    }
    let offer = &site.file("services.html").unwrap().body;
    for text in [
        "Boiler installation",
        "from £1,850",
        "Leak repair",
        "Free quotes",
    ] {
        assert!(offer.contains(text), "the offer page lacks {text}");
    }
    assert!(offer.contains(r#""@type":"BreadcrumbList""#));
    assert!(offer.contains("aria-current=\"page\""));
    let about = &site.file("about.html").unwrap().body;
    for text in [
        "Gas Safe registered",
        "Bristol and Bath",
        "https://www.instagram.com/harbour.example",
    ] {
        assert!(about.contains(text), "the about page lacks {text}");
    }
    let contact = &site.file("contact.html").unwrap().body;
    assert!(contact.contains(r#"href="tel:+441174960000" data-goal="phone_click""#));
    assert!(contact.contains("openstreetmap.org/search?query=1%20Quay%20St%2C%20Bristol"));
    assert!(between(contact, "<main", "</main>").contains("<form"));
    assert!(quality::check_site(&site, &brief).is_empty());
    // A bakery's offer page is its menu.
    let bakery =
        Brief::from_fields("Crumb", "Sourdough bakery in Leeds", "bakery", "orders").unwrap();
    let (site, _) = build(&bakery);
    assert!(site.file("menu.html").is_some());
}

#[test]
fn a_placeholder_word_the_owner_wrote_is_not_an_unfinished_page() {
    // Found by the property test: a description with "tbd" failed the gate on every page.
    let brief = plumber(json!({"contact": {"hours": "Weekend hours TBD"}}));
    let (site, _) = build(&brief);
    assert!(quality::check_site(&site, &brief).is_empty());
    // The same word from anywhere else is still found.
    let broken = with_home(&site, |html| {
        html.replace("</main>", "<p>Prices: TODO</p></main>")
    });
    let checks: Vec<String> = quality::check_site(&broken, &brief)
        .into_iter()
        .map(|f| f.check)
        .collect();
    assert_eq!(checks, vec!["no-placeholder-text"]);
}

#[test]
fn each_goal_gets_the_form_it_needs() {
    let brief = |goal: &str, offerings: serde_json::Value| {
        Brief::from_value(&json!({"name": "Crumb & Co.", "businessType": "bakery",
            "primaryGoal": goal, "description": "Neighbourhood sourdough bakery in Leeds",
            "offerings": offerings}))
        .unwrap()
    };
    let form = |site: &Site| between(home(site), "<form", "</form>").to_string();
    let items = json!([{"name": "Country sourdough", "price": "£4.50"}, {"name": "Cinnamon buns"}]);
    // Bookings ask for a day and a time.
    let (site, _) = build(&brief("appointment_booking", items.clone()));
    let f = form(&site);
    assert!(
        f.contains(r#"name="date" type="date""#) && f.contains(r#"name="time" type="time""#),
        "{f}"
    );
    // An order form has a quantity for each offering, named for it, and no free-text
    // field it cannot be sent without.
    let (site, _) = build(&brief("online_orders", items.clone()));
    let f = form(&site);
    assert!(f.contains(r#"<label for="f-qty-0">Country sourdough (£4.50)</label><input id="f-qty-0" name="qty-country-sourdough" type="number""#), "{f}");
    assert!(f.contains(r#"name="qty-cinnamon-buns""#), "{f}");
    assert!(
        !f.contains("<select") && !f.contains("required></textarea>"),
        "{f}"
    );
    // Memberships offer the offerings as plans to choose from, one of them required.
    let (site, _) = build(&brief("memberships", items.clone()));
    let f = form(&site);
    assert!(f.contains(r#"data-goal="membership_form_submit""#), "{f}");
    assert_eq!(f.matches(r#"name="plan" type="radio""#).count(), 2, "{f}");
    assert!(f.contains(r#"value="Country sourdough" required><label for="f-plan-0">Country sourdough (£4.50)</label>"#), "{f}");
    assert!(home(&site).contains("Become a member"));
    // Without offerings a signup is the email alone, and an order form picks from what
    // the description names.
    let (site, _) = build(&brief("signups", json!([])));
    let f = form(&site);
    assert!(
        !f.contains("radio") && f.contains(r#"type="email""#) && !f.contains("f-name"),
        "{f}"
    );
    let (site, _) = build(&brief("online_orders", json!([])));
    assert!(form(&site).contains("<select"));
    // The largest order form (twelve offerings) stays within the forms endpoint's limit
    // of 24 fields (MAX_FORM_FIELDS in crates/api/src/sites.rs).
    let twelve: Vec<_> = (1..=12)
        .map(|i| json!({"name": format!("Loaf {i}")}))
        .collect();
    let (site, _) = build(&brief("online_orders", json!(twelve)));
    let fields = form(&site).matches(" name=\"").count();
    assert!((16..=24).contains(&fields), "{fields} fields");
}

#[test]
fn a_site_has_a_social_preview_image_with_its_name() {
    let brief = plumber(json!({"contact": {"phone": "+44 117 496 0000"}}));
    let (site, _) = build(&brief);
    let image = site.file("og.png").expect("no og.png");
    assert_eq!(image.content_type, "image/png");
    let png = image.bytes().unwrap();
    // A PNG whose header says 1200 × 630.
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[16..24], [0, 0, 4, 176, 0, 0, 2, 118]);
    // Every page points at it by its absolute URL, with its size and a text alternative.
    for page in site.files.iter().filter(|f| f.path.ends_with(".html")) {
        let head = between(&page.body, "<head>", "</head>");
        assert!(
            head.contains(
                r#"<meta property="og:image" content="https://sites.code24.test/s/og.png">"#
            ),
            "{}",
            page.path
        );
        assert!(head.contains(r#"<meta property="og:image:width" content="1200">"#));
        assert!(head.contains(r#"<meta property="og:image:alt" content="Harbour Plumbing: "#));
        assert!(head.contains(r#"<meta name="twitter:card" content="summary_large_image">"#));
    }
    // The site travels as JSON between the workers: the image survives the trip.
    let back: Site = serde_json::from_value(serde_json::to_value(&site).unwrap()).unwrap();
    assert_eq!(back.file("og.png").unwrap().bytes().unwrap(), png);
    // And the gate still passes it.
    assert!(quality::check_site(&site, &brief).is_empty());
}
