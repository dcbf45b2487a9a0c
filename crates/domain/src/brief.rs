//! The business brief, the body of `POST /trigger/build`, and its validation.
//!
//! Four fields are required (`name`, `description`, `businessType`, `primaryGoal`); the
//! rest say what a published site needs and are optional: `language`, `location`,
//! `contact` (phone, email, address, hours), `offerings` and `links`. Every value is
//! checked here, once; an error names the field (`contact.phone`, `offerings[2].name`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Longest accepted value of each field, in characters.
pub const MAX_NAME_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
pub const MAX_KEY_CHARS: usize = 80;
pub const MAX_LOCATION_CHARS: usize = 120;
pub const MAX_ADDRESS_CHARS: usize = 200;
pub const MAX_HOURS_CHARS: usize = 120;
pub const MAX_EMAIL_CHARS: usize = 254;
pub const MAX_PHONE_CHARS: usize = 32;
pub const MAX_OFFERINGS: usize = 12;
pub const MAX_OFFERING_NAME_CHARS: usize = 80;
pub const MAX_OFFERING_DESCRIPTION_CHARS: usize = 300;
pub const MAX_PRICE_CHARS: usize = 40;
pub const MAX_LINKS: usize = 8;
pub const MAX_LINK_LABEL_CHARS: usize = 40;
pub const MAX_URL_CHARS: usize = 500;

/// The languages every built-in string of a site exists in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Fr,
    De,
    Es,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::En, Language::Fr, Language::De, Language::Es];

    /// The ISO 639-1 code, as in `lang="…"`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
            Language::De => "de",
            Language::Es => "es",
        }
    }

    fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// How to reach the business. Each field is optional; all present ones are valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// As the brief wrote it (spaces kept for display); see [`Contact::phone_uri`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.phone.is_none()
            && self.email.is_none()
            && self.address.is_none()
            && self.hours.is_none()
    }

    /// The phone number as a `tel:` URI: the digits, with a leading `+` when given.
    pub fn phone_uri(&self) -> Option<String> {
        self.phone.as_deref().map(|p| {
            let digits: String = p
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{digits}")
        })
    }
}

/// One thing the business sells or does, as the brief states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offering {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Shown exactly as given: a price appears on a site only when the brief states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
}

/// A link the business wants on its site (a profile, a repository, a shop elsewhere).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// A validated brief. Fields are trimmed; none is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Brief {
    pub name: String,
    pub description: String,
    pub business_type: String,
    pub primary_goal: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub language: Language,
    /// The place the business serves or is found in, as the brief writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Contact::is_empty")]
    pub contact: Contact,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offerings: Vec<Offering>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// What is wrong with a brief; `field` names the offending field (`body` for the whole).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid brief: {field}: {message}")]
pub struct BriefError {
    pub field: String,
    pub message: String,
}

fn err(field: &str, message: impl Into<String>) -> BriefError {
    BriefError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Reads the fields of one JSON object, each checked and named by its path.
struct Fields<'a> {
    path: String,
    obj: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    fn of(path: &str, value: &'a Value) -> Result<Fields<'a>, BriefError> {
        match value {
            Value::Object(obj) => Ok(Fields {
                path: path.to_string(),
                obj,
            }),
            other => Err(err(
                path,
                format!("must be a JSON object, not {}", json_type(other)),
            )),
        }
    }

    fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Refuses keys other than `known`, so a misspelt field is not silently dropped.
    fn only(&self, known: &[&str]) -> Result<(), BriefError> {
        match self.obj.keys().find(|k| !known.contains(&k.as_str())) {
            Some(k) => Err(err(
                &self.name(k),
                format!("is not a known field (known: {})", known.join(", ")),
            )),
            None => Ok(()),
        }
    }

    fn text(&self, key: &str, max: usize) -> Result<Option<String>, BriefError> {
        match self.obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Brief::check_text(&self.name(key), s, max).map(Some),
            Some(other) => Err(err(
                &self.name(key),
                format!("must be a string, not {}", json_type(other)),
            )),
        }
    }

    fn required(&self, key: &str, max: usize) -> Result<String, BriefError> {
        self.text(key, max)?
            .ok_or_else(|| err(&self.name(key), "is required"))
    }

    fn line(&self, key: &str, max: usize) -> Result<Option<String>, BriefError> {
        Ok(self.text(key, max)?.map(|t| one_line(&t)))
    }

    fn list(&self, key: &str, max: usize) -> Result<&'a [Value], BriefError> {
        match self.obj.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) if items.len() > max => Err(err(
                &self.name(key),
                format!("has {} entries; the limit is {max}", items.len()),
            )),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(err(
                &self.name(key),
                format!("must be an array, not {}", json_type(other)),
            )),
        }
    }
}

impl Brief {
    /// Parses and validates a brief from JSON text.
    pub fn from_json(text: &str) -> Result<Brief, BriefError> {
        let value: Value = crate::json::parse_strict(text).map_err(|e| {
            err(
                "body",
                format!(
                    "not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        Brief::from_value(&value)
    }

    /// Validates a brief given as a JSON value. Unknown top-level keys are ignored (the
    /// API's `siteId` travels beside the brief); unknown keys inside `contact`,
    /// `offerings` and `links` are refused.
    pub fn from_value(value: &Value) -> Result<Brief, BriefError> {
        let f = Fields::of("", value).map_err(|e| err("body", e.message))?;
        let name = f.required("name", MAX_NAME_CHARS)?;
        let description = f.required("description", MAX_DESCRIPTION_CHARS)?;
        let business_type = f.required("businessType", MAX_KEY_CHARS)?;
        let primary_goal = f.required("primaryGoal", MAX_KEY_CHARS)?;
        let language = match f.text("language", 16)? {
            Some(code) => parse_language(&code)?,
            None => Language::En,
        };
        let location = f.line("location", MAX_LOCATION_CHARS)?;
        let contact = match value.get("contact") {
            None | Some(Value::Null) => Contact::default(),
            Some(v) => parse_contact(&Fields::of("contact", v)?)?,
        };
        let mut offerings = Vec::new();
        for (i, item) in f.list("offerings", MAX_OFFERINGS)?.iter().enumerate() {
            let o = Fields::of(&format!("offerings[{i}]"), item)?;
            o.only(&["name", "description", "price"])?;
            let offering = Offering {
                name: one_line(&o.required("name", MAX_OFFERING_NAME_CHARS)?),
                description: o.text("description", MAX_OFFERING_DESCRIPTION_CHARS)?,
                price: o.line("price", MAX_PRICE_CHARS)?,
            };
            if offerings
                .iter()
                .any(|p: &Offering| p.name.to_lowercase() == offering.name.to_lowercase())
            {
                return Err(err(
                    &o.name("name"),
                    format!("repeats the offering '{}'", offering.name),
                ));
            }
            offerings.push(offering);
        }
        let mut links = Vec::new();
        for (i, item) in f.list("links", MAX_LINKS)?.iter().enumerate() {
            let l = Fields::of(&format!("links[{i}]"), item)?;
            l.only(&["label", "url"])?;
            let label = one_line(&l.required("label", MAX_LINK_LABEL_CHARS)?);
            let url = l.required("url", MAX_URL_CHARS)?;
            check_web_url(&url).map_err(|m| err(&l.name("url"), m))?;
            links.push(Link { label, url });
        }
        Ok(Brief {
            name: one_line(&name),
            description,
            business_type,
            primary_goal,
            language,
            location,
            contact,
            offerings,
            links,
        })
    }

    /// Everything the owner wrote, one text: where a figure, price or time shown on the
    /// site may come from, and nothing else may.
    pub fn stated_text(&self) -> String {
        let mut parts: Vec<&str> = vec![&self.name, &self.description];
        let c = &self.contact;
        parts.extend(
            [&self.location, &c.phone, &c.email, &c.address, &c.hours]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
        for o in &self.offerings {
            parts.push(&o.name);
            parts.extend(o.description.as_deref());
            parts.extend(o.price.as_deref());
        }
        for l in &self.links {
            parts.push(&l.label);
        }
        parts.join(" \n ")
    }

    /// Builds a brief from separate values (CLI flags), with the same rules.
    pub fn from_fields(
        name: &str,
        description: &str,
        business_type: &str,
        primary_goal: &str,
    ) -> Result<Brief, BriefError> {
        Brief::from_value(&serde_json::json!({
            "name": name, "description": description,
            "businessType": business_type, "primaryGoal": primary_goal,
        }))
    }

    fn check_text(name: &str, raw: &str, max: usize) -> Result<String, BriefError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(err(name, "must not be empty"));
        }
        let count = text.chars().count();
        if count > max {
            return Err(err(
                name,
                format!("is {count} characters long; the limit is {max}"),
            ));
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(err(name, "must not contain control characters"));
        }
        Ok(text.to_string())
    }
}

fn parse_language(code: &str) -> Result<Language, BriefError> {
    let primary = code
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Language::from_code(&primary).ok_or_else(|| {
        let known: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
        err(
            "language",
            format!(
                "'{code}' is not a supported language (supported: {})",
                known.join(", ")
            ),
        )
    })
}

fn parse_contact(c: &Fields) -> Result<Contact, BriefError> {
    c.only(&["phone", "email", "address", "hours"])?;
    let phone = c.line("phone", MAX_PHONE_CHARS)?;
    if let Some(p) = &phone {
        check_phone(p).map_err(|m| err("contact.phone", m))?;
    }
    let email = c.text("email", MAX_EMAIL_CHARS)?;
    if let Some(address) = &email {
        check_email(address).map_err(|m| err("contact.email", m))?;
    }
    Ok(Contact {
        phone,
        email,
        address: c.line("address", MAX_ADDRESS_CHARS)?,
        hours: c.line("hours", MAX_HOURS_CHARS)?,
    })
}

/// An E.164-like number: an optional leading `+`, then 7 to 15 digits, separated only by
/// spaces, hyphens, dots and parentheses.
fn check_phone(phone: &str) -> Result<(), String> {
    let body = phone.strip_prefix('+').unwrap_or(phone);
    if let Some(bad) = body
        .chars()
        .find(|c| !(c.is_ascii_digit() || " -.()".contains(*c)))
    {
        return Err(format!(
            "'{phone}' is not a phone number: '{bad}' is not a digit, space, hyphen, dot or parenthesis (write it like +44 117 496 0000)"
        ));
    }
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if !(7..=15).contains(&digits) {
        return Err(format!(
            "'{phone}' has {digits} digits; a phone number has 7 to 15 (E.164)"
        ));
    }
    Ok(())
}

fn check_email(email: &str) -> Result<(), String> {
    let bad = || format!("'{email}' is not an email address like name@example.com");
    let (local, domain) = email.rsplit_once('@').ok_or_else(bad)?;
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || "<>\"'(),;:[]\\@".contains(c);
    if local.is_empty()
        || local.chars().any(forbidden)
        || domain.chars().any(|c| forbidden(c) || c == '_')
        || !domain.contains('.')
        || domain.split('.').any(str::is_empty)
    {
        return Err(bad());
    }
    Ok(())
}

/// An absolute `http` or `https` URL with a host and no spaces or quotes.
fn check_web_url(url: &str) -> Result<(), String> {
    let rest = web_scheme_rest(url)
        .ok_or_else(|| format!("'{url}' must be an absolute http:// or https:// address"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() || host.starts_with(':') || host.starts_with('.') {
        return Err(format!("'{url}' has no host name"));
    }
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "<>\"'`\\".contains(*c))
    {
        return Err(format!("'{url}' contains {c:?}, which a URL cannot"));
    }
    Ok(())
}

fn web_scheme_rest(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") {
        url.get(8..)
    } else if lower.starts_with("http://") {
        url.get(7..)
    } else {
        None
    }
}

/// A name is one line: runs of whitespace (tabs, newlines, double spaces) become one space,
/// so every place that shows the name shows the same text.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(text: &str) -> String {
        Brief::from_json(text).unwrap_err().field
    }

    #[test]
    fn names_the_field_that_is_wrong() {
        let ok = r#"{"name":"A","description":"B","businessType":"c","primaryGoal":"d"}"#;
        assert!(Brief::from_json(ok).is_ok());
        assert_eq!(
            field_of(r#"{"description":"B","businessType":"c","primaryGoal":"d"}"#),
            "name"
        );
        assert_eq!(
            field_of(r#"{"name":"  ","description":"B","businessType":"c","primaryGoal":"d"}"#),
            "name"
        );
        assert_eq!(
            field_of(r#"{"name":"A","description":7,"businessType":"c","primaryGoal":"d"}"#),
            "description"
        );
        assert_eq!(
            field_of(r#"{"name":"A","description":"B","businessType":"c"}"#),
            "primaryGoal"
        );
        assert_eq!(field_of("{not json"), "body");
        assert_eq!(field_of("[]"), "body");
        let long = format!(
            r#"{{"name":"{}","description":"B","businessType":"c","primaryGoal":"d"}}"#,
            "x".repeat(121)
        );
        assert_eq!(field_of(&long), "name");
    }

    fn with(extra: &str) -> Result<Brief, BriefError> {
        Brief::from_json(&format!(
            r#"{{"name":"A","description":"B","businessType":"c","primaryGoal":"d",{extra}}}"#
        ))
    }

    fn refused(extra: &str) -> String {
        match with(extra) {
            Ok(b) => panic!("{extra} was accepted: {b:?}"),
            Err(e) => e.field,
        }
    }

    #[test]
    fn the_optional_fields_are_read_and_kept() {
        let b = with(
            r#""language":"fr-CH","location":" Lyon ","contact":{"phone":"+44 (0)117 496-0000","email":"a@b.example","address":"1 Rue X","hours":"Mon 9-5"},
               "offerings":[{"name":"Coupe","price":"35 €"},{"name":"Couleur","description":"Sur rendez-vous"}],
               "links":[{"label":"GitHub","url":"https://github.com/example"}]"#,
        )
        .unwrap();
        assert_eq!(b.language, Language::Fr);
        assert_eq!(b.location.as_deref(), Some("Lyon"));
        assert_eq!(b.contact.phone_uri().as_deref(), Some("tel:+4401174960000"));
        assert_eq!(b.offerings[0].price.as_deref(), Some("35 €"));
        assert_eq!(b.offerings[1].price, None);
        assert_eq!(b.links[0].url, "https://github.com/example");
        // It survives the trip through the workflow's JSON, and a brief without the
        // optional fields serializes exactly as before.
        let back = Brief::from_value(&serde_json::to_value(&b).unwrap()).unwrap();
        assert_eq!(back, b);
        let plain = with(r#""x":1"#).unwrap();
        assert_eq!(
            serde_json::to_value(&plain).unwrap(),
            serde_json::json!({"name":"A","description":"B","businessType":"c","primaryGoal":"d"})
        );
        assert_eq!(with(r#""contact":null,"offerings":null"#).unwrap(), plain);
    }

    #[test]
    fn each_bad_optional_value_names_its_field() {
        for (extra, field) in [
            (r#""language":"it""#, "language"),
            (r#""language":7"#, "language"),
            (r#""language":"""#, "language"),
            (r#""location":["Leeds"]"#, "location"),
            (r#""contact":"01234""#, "contact"),
            (r#""contact":{"fax":"1"}"#, "contact.fax"),
            (r#""contact":{"phone":"call us"}"#, "contact.phone"),
            (r#""contact":{"phone":"+44 12"}"#, "contact.phone"),
            (r#""contact":{"phone":"1234567890123456"}"#, "contact.phone"),
            (r#""contact":{"phone":"++441174960000"}"#, "contact.phone"),
            (r#""contact":{"email":"no-at-sign"}"#, "contact.email"),
            (r#""contact":{"email":"a@localhost"}"#, "contact.email"),
            (r#""contact":{"email":"a b@c.example"}"#, "contact.email"),
            (r#""contact":{"email":"<a@b.example>"}"#, "contact.email"),
            (r#""contact":{"hours":""}"#, "contact.hours"),
            (r#""offerings":{"name":"x"}"#, "offerings"),
            (r#""offerings":["Boilers"]"#, "offerings[0]"),
            (r#""offerings":[{"description":"x"}]"#, "offerings[0].name"),
            (
                r#""offerings":[{"name":"A"},{"name":"a"}]"#,
                "offerings[1].name",
            ),
            (
                r#""offerings":[{"name":"A","cost":"1"}]"#,
                "offerings[0].cost",
            ),
            (
                r#""offerings":[{"name":"A","price":5}]"#,
                "offerings[0].price",
            ),
            (
                r#""links":[{"label":"X","url":"javascript:alert(1)"}]"#,
                "links[0].url",
            ),
            (
                r#""links":[{"label":"X","url":"https://"}]"#,
                "links[0].url",
            ),
            (
                r#""links":[{"label":"X","url":"https://a.example/\"x"}]"#,
                "links[0].url",
            ),
            (r#""links":[{"url":"https://a.example"}]"#, "links[0].label"),
        ] {
            assert_eq!(refused(extra), field, "{extra}");
        }
        let many = format!(
            r#""offerings":[{}]"#,
            (0..13)
                .map(|i| format!(r#"{{"name":"o{i}"}}"#))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_eq!(refused(&many), "offerings");
        let long = format!(r#""location":"{}""#, "x".repeat(121));
        assert_eq!(refused(&long), "location");
        let message = with(r#""language":"it""#).unwrap_err().to_string();
        assert!(message.contains("supported: en, fr, de, es"), "{message}");
    }
}
