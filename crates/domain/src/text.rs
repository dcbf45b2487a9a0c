//! Text handling shared by the workers: HTML escaping, slugs, stable hashes and reading
//! the useful parts (head, offerings, place, audience) out of a brief's description.

use unicode_normalization::UnicodeNormalization;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Serialises JSON for a `<script>` element: `<`, `>` and `&` become `\u` escapes, so
/// no string can close the element.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            other => out.push(other),
        }
    }
    out
}

/// Decodes a URL path's `%XX` escapes; `None` if the result is not UTF-8 or an escape
/// is malformed.
pub fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Decodes one `application/x-www-form-urlencoded` name or value; `None` if an escape is
/// malformed or the result is not UTF-8 (`%ff%fe` is refused, never turned into U+FFFD).
pub fn form_decode(value: &str) -> Option<String> {
    percent_decode(&value.replace('+', " "))
}

/// The fields of an urlencoded body, in order; `None` if the body or any field is not
/// valid UTF-8 or has a malformed escape.
pub fn form_fields(body: &[u8]) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((form_decode(k)?, form_decode(v)?))
        })
        .collect()
}

/// A URL-safe identifier: accents folded (é → e), letters of any script kept,
/// everything else collapsed to single hyphens. Never empty.
pub fn slug(text: &str) -> String {
    let folded: String = text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = take_chars_and_bytes(out.trim_end_matches('-'), 60, 180);
    let trimmed = trimmed.trim_end_matches('-').to_string();
    if trimmed.is_empty() {
        format!("site-{:08x}", stable_hash(text) as u32)
    } else {
        trimmed
    }
}

/// The longest prefix of `text` with at most `chars` characters and `bytes` bytes.
fn take_chars_and_bytes(text: &str, chars: usize, bytes: usize) -> &str {
    let mut end = 0;
    for (count, (i, c)) in text.char_indices().enumerate() {
        if count >= chars || i + c.len_utf8() > bytes {
            break;
        }
        end = i + c.len_utf8();
    }
    &text[..end]
}

/// Longest site id, in characters and in bytes (a file name or S3 key part must fit).
pub const MAX_SITE_ID_CHARS: usize = 100;
pub const MAX_SITE_ID_BYTES: usize = 200;

/// Checks a site id as routes and requests receive it: 1-100 letters, digits, `-` or
/// `_`, at most 200 bytes. The message names what is wrong, never the server's storage.
pub fn check_site_id(id: &str) -> Result<(), String> {
    let count = id.chars().count();
    if count == 0 || count > MAX_SITE_ID_CHARS || id.len() > MAX_SITE_ID_BYTES {
        return Err(format!(
            "siteId must be 1-{MAX_SITE_ID_CHARS} characters (at most {MAX_SITE_ID_BYTES} bytes); this one is {count} characters, {} bytes",
            id.len()
        ));
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "siteId may contain letters, digits, '-' and '_', not {c:?}"
        ));
    }
    Ok(())
}

/// A valid site id to start from for `slug`, with room for a `-xxxxxx` suffix.
pub fn site_id_base(slug: &str) -> String {
    let cut = take_chars_and_bytes(slug, 80, 160).trim_end_matches('-');
    if cut.is_empty() || check_site_id(cut).is_err() {
        format!("site-{:08x}", stable_hash(slug) as u32)
    } else {
        cut.to_string()
    }
}

/// FNV-1a: a hash that is the same on every machine and every run.
pub fn stable_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Picks one of `options` by a stable hash of `seed`.
pub fn pick<'a, T>(options: &'a [T], seed: &str) -> &'a T {
    &options[(stable_hash(seed) % options.len() as u64) as usize]
}

/// Upper-cases the first letter.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower-cases the first letter unless the first word looks like a name or acronym.
pub fn decapitalize(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    let upper = first_word.chars().filter(|c| c.is_uppercase()).count();
    if upper > 1 {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Cuts text to at most `max` characters at a word boundary, adding an ellipsis.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    let out = out
        .trim_end_matches([',', ';', ':', '.', '-', ' '])
        .to_string();
    format!("{out}…")
}

/// What the description says, split into usable parts. Nothing here is invented:
/// every string is a piece of the brief.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescriptionParts {
    /// What the business is, e.g. "Neighbourhood sourdough bakery in Leeds".
    pub head: String,
    /// The things it offers, e.g. "Custom celebration cakes".
    pub offerings: Vec<String>,
    /// A place named after " in ", e.g. "Leeds".
    pub place: Option<String>,
    /// Who it is for, from a trailing " for ...", e.g. "mid-size software companies".
    pub audience: Option<String>,
    /// Credentials and guarantees the description states, e.g. "Gas Safe registered":
    /// reasons to trust, never services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credentials: Vec<String>,
    /// Practical notes it states about availability, pricing or who is welcome, e.g.
    /// "Same-week appointments", "Free quotes".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// What it states about prices, e.g. "Call-out from £60", "Free quotes": shown as
    /// the pricing note beside the offer, never as an offering.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pricing: Vec<String>,
}

/// What one phrase of a description is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phrase {
    Offering,
    Credential,
    Note,
    Pricing,
    /// An area served: "covering Cardiff", "Bristol and Bath".
    Place,
}

const CREDENTIAL_WORDS: &[&str] = &[
    "insured",
    "registered",
    "certified",
    "accredited",
    "licensed",
    "licenced",
    "qualified",
    "approved",
    "chartered",
    "regulated",
    "guarantee",
    "guaranteed",
    "warranty",
    "award",
    "vetted",
    "member of",
    "trained",
    "checked",
    "years of experience",
    "years experience",
];
const NOTE_WORDS: &[&str] = &[
    "welcome",
    "same-day",
    "same day",
    "same-week",
    "same week",
    "next-day",
    "next day",
    "24/7",
    "24 hours",
    "open ",
    "opening",
    "available",
    "free ",
    "no obligation",
    "evenings",
    "weekends",
    "by appointment",
    "walk-ins",
    "walk in",
    "parking",
    "wheelchair",
    "step-free",
    "dog-friendly",
    "dog friendly",
];
const PRICING_WORDS: &[&str] = &[
    "£",
    "€",
    "$",
    "chf",
    "price",
    "prices",
    "pricing",
    "priced",
    "fee",
    "fees",
    "quote",
    "quotes",
    "quotation",
    "per hour",
    "an hour",
    "per session",
    "call-out charge",
    "no call-out",
    "no call out",
    "tarif",
    "tarifs",
    "prix",
    "devis",
    "preis",
    "preise",
    "precio",
    "precios",
    "presupuesto",
];
const PLACE_LEADS: &[&str] = &[
    "covering ",
    "serving ",
    "across ",
    "throughout ",
    "based in ",
    "around ",
];

fn classify(phrase: &str) -> Phrase {
    let lower = format!("{} ", phrase.to_lowercase());
    if PLACE_LEADS.iter().any(|p| lower.starts_with(p)) {
        return Phrase::Place;
    }
    if CREDENTIAL_WORDS.iter().any(|w| lower.contains(w)) {
        return Phrase::Credential;
    }
    let words = format!(
        " {} ",
        lower.replace(|c: char| !c.is_alphanumeric() && !"£€$-".contains(c), " ")
    );
    if PRICING_WORDS.iter().any(|w| {
        if w.chars().all(char::is_alphabetic) {
            words.contains(&format!(" {w} "))
        } else {
            lower.contains(w)
        }
    }) {
        return Phrase::Pricing;
    }
    if NOTE_WORDS.iter().any(|w| lower.contains(w)) {
        return Phrase::Note;
    }
    // "Bristol and Bath": every word a capitalized name or a joining word.
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let joining = |w: &str| matches!(w, "and" | "&" | "of" | "the" | "upon" | "on");
    if !words.is_empty()
        && words
            .iter()
            .all(|w| joining(w) || w.chars().next().is_some_and(char::is_uppercase))
        && words.iter().any(|w| joining(w))
    {
        return Phrase::Place;
    }
    Phrase::Offering
}

/// The place a "covering X" / "serving X" phrase names.
fn place_of(phrase: &str) -> String {
    let lower = phrase.to_lowercase();
    for lead in PLACE_LEADS {
        if lower.starts_with(lead) {
            return phrase[lead.len()..].trim().to_string();
        }
    }
    phrase.trim().to_string()
}

const CONNECTORS: [&str; 8] = [
    " with ",
    " offering ",
    " serving ",
    " that ",
    " for ",
    " focused on ",
    " providing ",
    " specialising in ",
];
const LEADING: [&str; 8] = [
    "and ",
    "with ",
    "a ",
    "an ",
    "the ",
    "also ",
    "plus ",
    "including ",
];

/// `text` without `prefix`, compared ignoring ASCII case; `None` when it does not start
/// with it. Compares characters, never cuts inside one (`"Bä"` against `"ba"` is `None`).
pub fn strip_prefix_ignore_ascii_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn clean_item(raw: &str) -> Option<String> {
    let mut s = raw
        .trim()
        .trim_matches(|c: char| c == '.' || c == ';' || c == ',')
        .trim()
        .to_string();
    let mut changed = true;
    while changed {
        changed = false;
        for lead in LEADING {
            if let Some(rest) = strip_prefix_ignore_ascii_case(&s, lead) {
                if !rest.is_empty() {
                    s = rest.trim_start().to_string();
                    changed = true;
                }
            }
        }
    }
    (s.chars().count() >= 3).then(|| capitalize(&s))
}

fn find_place(text: &str) -> Option<String> {
    let mut search = text;
    while let Some(pos) = search.find(" in ") {
        let after = &search[pos + 4..];
        let words: Vec<&str> = after
            .split_whitespace()
            .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
            .take(3)
            .collect();
        // "runs in CI", "hosted in AWS": an acronym is rarely a place, unless it is one
        // of the few that are.
        let acronym = words.first().is_some_and(|w| {
            let w = w.trim_end_matches([',', '.', ';']);
            w.chars().count() <= 4
                && w.chars().all(|c| c.is_uppercase())
                && !matches!(w, "UK" | "USA" | "US" | "EU" | "UAE" | "NYC")
        });
        if !words.is_empty() && !acronym {
            let place = words.join(" ");
            return Some(place.trim_end_matches([',', '.', ';']).to_string());
        }
        search = after;
    }
    None
}

/// Splits a description into head, offerings, place and audience.
pub fn describe(description: &str) -> DescriptionParts {
    let text = description.split_whitespace().collect::<Vec<_>>().join(" ");
    let place = find_place(&text);
    let connector = CONNECTORS
        .iter()
        .filter_map(|c| text.find(c).map(|p| (p, *c)))
        .min_by_key(|(p, _)| *p);
    let (mut head, rest, comma_only) = match connector {
        Some((pos, c)) => (
            text[..pos].to_string(),
            text[pos + c.len()..].to_string(),
            false,
        ),
        None => match text.split_once(", ") {
            Some((h, r)) => (h.to_string(), r.to_string(), true),
            None => (text.clone(), String::new(), false),
        },
    };
    let mut fragments: Vec<String> = rest.split(", ").map(str::to_string).collect();
    let list_like = fragments.len() >= 2 || comma_only;
    if list_like {
        if let Some(last) = fragments.pop() {
            fragments.extend(last.split(" and ").map(str::to_string));
        }
    }
    let mut audience = None;
    let several = fragments.len() > 1;
    if let Some(last) = fragments.last_mut() {
        if let Some(pos) = last.rfind(" for ") {
            let who = last[pos + 5..].trim().trim_end_matches('.').to_string();
            if who.split_whitespace().count() <= 6 && !who.is_empty() {
                audience = Some(who);
                if several {
                    last.truncate(pos);
                }
            }
        }
    }
    let mut offerings: Vec<String> = Vec::new();
    if comma_only {
        if let Some(pos) = head.rfind(" in ") {
            if place.as_deref() != Some(head[pos + 4..].trim()) {
                let tail = head[pos + 4..].to_string();
                head.truncate(pos);
                offerings.extend(clean_item(&tail));
            }
        }
    }
    let mut place = place;
    let mut credentials = Vec::new();
    let mut notes = Vec::new();
    let mut pricing = Vec::new();
    // A "covering X" in the head is the area served, not part of what the business is.
    let head_lower = head.to_lowercase();
    if let Some((pos, lead)) = PLACE_LEADS
        .iter()
        .filter_map(|l| head_lower.find(&format!(" {l}")).map(|p| (p, *l)))
        .min_by_key(|(p, _)| *p)
    {
        let area = head[pos + 1 + lead.len()..].trim().to_string();
        if !area.is_empty() {
            place.get_or_insert(area);
            head.truncate(pos);
        }
    }
    for f in &fragments {
        let Some(item) = clean_item(f) else { continue };
        let list = match classify(&item) {
            Phrase::Offering => &mut offerings,
            Phrase::Credential => &mut credentials,
            Phrase::Note => &mut notes,
            Phrase::Pricing => &mut pricing,
            Phrase::Place => {
                place.get_or_insert_with(|| place_of(&item));
                continue;
            }
        };
        if !list.iter().any(|o: &String| o.eq_ignore_ascii_case(&item)) {
            list.push(item);
        }
    }
    offerings.truncate(6);
    DescriptionParts {
        head: capitalize(head.trim().trim_end_matches([',', ';', '.'])),
        offerings,
        place,
        audience,
        credentials,
        notes,
        pricing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        let json = json_for_script(&serde_json::json!({"n": "</script><b>&"}));
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
    }

    #[test]
    fn slugs_fold_accents_and_keep_other_scripts() {
        assert_eq!(
            slug("Café Zürich – Kaffeehaus 東京"),
            "cafe-zurich-kaffeehaus-東京"
        );
        assert_eq!(slug("Crumb & Co."), "crumb-co");
        assert!(slug("!!!").starts_with("site-"));
    }

    #[test]
    fn reads_head_offerings_place_and_audience() {
        let d = describe("Neighbourhood sourdough bakery in Leeds with a small cafe, weekend pastry boxes for pre-order and custom celebration cakes");
        assert_eq!(d.head, "Neighbourhood sourdough bakery in Leeds");
        assert_eq!(d.place.as_deref(), Some("Leeds"));
        assert_eq!(
            d.offerings,
            vec![
                "Small cafe",
                "Weekend pastry boxes for pre-order",
                "Custom celebration cakes"
            ]
        );
        let d = describe("Employment law firm representing employees in wrongful dismissal, discrimination and severance negotiations");
        assert_eq!(d.head, "Employment law firm representing employees");
        assert_eq!(
            d.offerings,
            vec![
                "Wrongful dismissal",
                "Discrimination",
                "Severance negotiations"
            ]
        );
        let d = describe("AI-powered SaaS platform that turns customer support tickets into product insights for mid-size software companies");
        assert_eq!(d.head, "AI-powered SaaS platform");
        assert_eq!(d.audience.as_deref(), Some("mid-size software companies"));
    }

    #[test]
    fn places_credentials_and_notes_are_not_offerings() {
        let d = describe("Emergency plumbing and heating engineers, Bristol and Bath, Gas Safe registered, boiler installation, free quotes");
        assert_eq!(d.place.as_deref(), Some("Bristol and Bath"));
        assert_eq!(d.credentials, vec!["Gas Safe registered"]);
        assert_eq!(d.pricing, vec!["Free quotes"]);
        assert!(d.notes.is_empty(), "{:?}", d.notes);
        assert_eq!(d.offerings, vec!["Boiler installation"]);
        let d = describe("Electricians in Leeds offering rewiring, EV charger fitting, call-out from £65, fixed prices for fuse boards, open Saturdays");
        assert_eq!(d.place.as_deref(), Some("Leeds"));
        assert_eq!(d.offerings, vec!["Rewiring", "EV charger fitting"]);
        assert_eq!(
            d.pricing,
            vec!["Call-out from £65", "Fixed prices for fuse boards"]
        );
        assert_eq!(d.notes, vec!["Open Saturdays"]);
        // An acronym after "in" is not a place; the few that are places are.
        let d = describe("Open-source CLI that checks infrastructure code, runs in CI");
        assert_eq!(d.place, None);
        let d = describe("Tailors in UK, made to measure suits");
        assert_eq!(d.place.as_deref(), Some("UK"));
        // "fee" is a word of its own, not a part of "coffee".
        let d = describe("Roastery with coffee subscriptions, coffee beans");
        assert!(d.pricing.is_empty(), "{:?}", d.pricing);
        let d = describe("Mobile dog grooming van covering Cardiff and the Vale of Glamorgan, fully insured, nervous dogs welcome, same-week appointments");
        assert_eq!(d.head, "Mobile dog grooming van");
        assert_eq!(
            d.place.as_deref(),
            Some("Cardiff and the Vale of Glamorgan")
        );
        assert_eq!(d.credentials, vec!["Fully insured"]);
        assert_eq!(
            d.notes,
            vec!["Nervous dogs welcome", "Same-week appointments"]
        );
        assert!(d.offerings.is_empty(), "{:?}", d.offerings);
    }

    #[test]
    fn truncates_at_words() {
        assert_eq!(truncate_words("one two three four", 12), "one two…");
        assert_eq!(truncate_words("short", 12), "short");
    }
}
