//! A strict HTML reader for the quality gate: it turns a page into a flat list of
//! elements (name, attributes, parent, text) and reports what a well-formed page must
//! not contain — unclosed or misnested elements, end tags for void elements, duplicate
//! or unterminated attributes, a bare `<` in text. It is deliberately stricter than the
//! HTML5 parser (which repairs all of these silently): the pages Code24 writes close
//! every element, so anything it reports is a defect in the generator.

/// One element of a page, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Lower-case tag name.
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Index of the enclosing element in [`Document::elements`].
    pub parent: Option<usize>,
    /// All text inside the element, descendants included (raw, entities undecoded);
    /// for `script` and `style`, their source.
    pub text: String,
}

impl Element {
    /// The element's text with runs of whitespace collapsed to one space.
    pub fn text_collapsed(&self) -> String {
        self.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// 1 to 6 for `h1`…`h6`.
    pub fn heading_level(&self) -> Option<usize> {
        match self.name.as_bytes() {
            [b'h', d @ b'1'..=b'6'] => Some(usize::from(d - b'0')),
            _ => None,
        }
    }

    /// Whether this is a form control a person fills in, which needs a label.
    pub fn needs_label(&self) -> bool {
        match self.name.as_str() {
            "select" | "textarea" => true,
            "input" => !matches!(
                self.attr("type").unwrap_or("text"),
                "hidden" | "submit" | "button" | "reset" | "image"
            ),
            _ => false,
        }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub elements: Vec<Element>,
    /// Parse errors, each with the byte offset it was found at.
    pub errors: Vec<String>,
}

impl Document {
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements.iter().filter(move |e| e.name == name)
    }

    /// Whether the page names an icon (`<link rel="icon">`, any case, among other rels);
    /// without one, browsers ask the page's origin for `/favicon.ico`.
    pub fn names_icon(&self) -> bool {
        self.all("link").any(|l| {
            l.attr("rel")
                .is_some_and(|r| r.split_whitespace().any(|t| t.eq_ignore_ascii_case("icon")))
        })
    }

    /// The ids `<label for>` elements point at.
    pub fn label_targets(&self) -> std::collections::HashSet<&str> {
        self.all("label").filter_map(|l| l.attr("for")).collect()
    }

    /// Whether the element at `index` has an ancestor named `name`.
    pub fn inside(&self, index: usize, name: &str) -> bool {
        let mut at = self.elements[index].parent;
        while let Some(i) = at {
            if self.elements[i].name == name {
                return true;
            }
            at = self.elements[i].parent;
        }
        false
    }
}

const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
/// Elements whose content is text up to their end tag.
const RAW: [&str; 4] = ["script", "style", "textarea", "title"];

/// Reads a page; never fails, every problem is in `errors`.
pub fn parse(html: &str) -> Document {
    let mut doc = Document::default();
    let mut open: Vec<usize> = Vec::new();
    let bytes = html.as_bytes();
    let mut at = 0;
    let mut text_start = 0;
    while at < bytes.len() {
        if bytes[at] != b'<' {
            at += 1;
            continue;
        }
        add_text(&mut doc, &open, &html[text_start..at]);
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => at += end + 3,
                None => {
                    doc.errors.push(format!("{at}: unterminated comment"));
                    at = bytes.len();
                }
            }
        } else if rest.starts_with("<!") {
            let end = rest.find('>').map_or(bytes.len(), |e| at + e + 1);
            at = end;
        } else if let Some(close) = rest.strip_prefix("</") {
            let end = close.find('>');
            let name = close[..end.unwrap_or(close.len())]
                .trim()
                .to_ascii_lowercase();
            at += 2 + end.map_or(close.len(), |e| e + 1);
            if VOID.contains(&name.as_str()) {
                doc.errors.push(format!("{at}: end tag for void <{name}>"));
            } else {
                match open.last().map(|&i| doc.elements[i].name.as_str()) {
                    Some(top) if top == name => {
                        open.pop();
                    }
                    Some(top) => doc.errors.push(format!(
                        "{at}: </{name}> closes <{top}>, which is still open"
                    )),
                    None => doc
                        .errors
                        .push(format!("{at}: </{name}> with nothing open")),
                }
            }
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            let (element, self_closing, length) = read_start_tag(&rest[1..], at, &mut doc.errors);
            at += 1 + length;
            let name = element.name.clone();
            let index = doc.elements.len();
            doc.elements.push(Element {
                parent: open.last().copied(),
                ..element
            });
            if RAW.contains(&name.as_str()) {
                let end_tag = format!("</{name}");
                let content_end = html[at..]
                    .to_ascii_lowercase()
                    .find(&end_tag)
                    .map(|e| at + e);
                match content_end {
                    Some(end) => {
                        open.push(index);
                        add_text(&mut doc, &open, &html[at..end]);
                        open.pop();
                        let close = html[end..].find('>').map_or(html.len(), |e| end + e + 1);
                        at = close;
                    }
                    None => {
                        doc.errors.push(format!("{at}: <{name}> is never closed"));
                        at = bytes.len();
                    }
                }
            } else if !VOID.contains(&name.as_str()) {
                if self_closing {
                    doc.errors
                        .push(format!("{at}: self-closing syntax on non-void <{name}>"));
                }
                open.push(index);
            }
        } else {
            doc.errors
                .push(format!("{at}: a bare '<' in text (write &lt;)"));
            at += 1;
            text_start = at - 1;
            continue;
        }
        text_start = at;
    }
    add_text(&mut doc, &open, &html[text_start.min(html.len())..]);
    for &i in &open {
        doc.errors.push(format!(
            "end of page: <{}> is never closed",
            doc.elements[i].name
        ));
    }
    doc
}

fn add_text(doc: &mut Document, open: &[usize], text: &str) {
    if text.is_empty() {
        return;
    }
    for &i in open {
        doc.elements[i].text.push_str(text);
    }
}

/// Reads `name attr="value" ...>` (after the `<`); returns the element, whether it
/// ended in `/>`, and the bytes consumed.
fn read_start_tag(tag: &str, offset: usize, errors: &mut Vec<String>) -> (Element, bool, usize) {
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    let name = tag[..i].to_ascii_lowercase();
    let mut attrs: Vec<(String, String)> = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            None => {
                errors.push(format!("{offset}: <{name}> tag is never finished"));
                break;
            }
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                self_closing = true;
                i += 2;
                break;
            }
            Some(_) => {}
        }
        let start = i;
        while i < bytes.len() && !b" \t\n\r=>/\"'".contains(&bytes[i]) {
            i += 1;
        }
        if i == start {
            errors.push(format!(
                "{offset}: stray '{}' in <{name}>",
                bytes[i] as char
            ));
            i += 1;
            continue;
        }
        let attr = tag[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => match tag[i + 1..].find(q as char) {
                    Some(end) => {
                        value = tag[i + 1..i + 1 + end].to_string();
                        i += end + 2;
                    }
                    None => {
                        errors.push(format!("{offset}: unterminated {attr} value in <{name}>"));
                        i = bytes.len();
                    }
                },
                _ => {
                    let v = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = tag[v..i].to_string();
                }
            }
        }
        if attrs.iter().any(|(n, _)| *n == attr) {
            errors.push(format!("{offset}: duplicate attribute {attr} in <{name}>"));
        } else {
            attrs.push((attr, value));
        }
    }
    let element = Element {
        name,
        attrs,
        parent: None,
        text: String::new(),
    };
    (element, self_closing, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_parents_and_text() {
        let doc = parse(
            "<!DOCTYPE html><html lang=\"en\"><body><p class=x>Hi <a href='/'>there</a></p>\
             <img alt=\"\"><script>if (a < b) {}</script></body></html>",
        );
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        let names: Vec<&str> = doc.elements.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["html", "body", "p", "a", "img", "script"]);
        assert_eq!(doc.elements[0].attr("lang"), Some("en"));
        assert_eq!(doc.elements[2].attr("class"), Some("x"));
        assert_eq!(doc.elements[2].text, "Hi there");
        assert_eq!(doc.elements[3].attr("href"), Some("/"));
        assert!(doc.inside(3, "body"));
        assert!(!doc.inside(3, "form"));
        assert_eq!(doc.elements[4].attr("alt"), Some(""));
        assert_eq!(doc.elements[5].text, "if (a < b) {}");
    }

    #[test]
    fn reports_what_a_well_formed_page_must_not_contain() {
        for (html, expected) in [
            ("<div><p>x</div>", "</div> closes <p>"),
            ("<main><section>", "<section> is never closed"),
            ("<p>1 < 2</p>", "bare '<'"),
            ("<br></br>", "void <br>"),
            ("<a href=\"x\" href=\"y\">z</a>", "duplicate attribute href"),
            ("<a href=\"x>z</a>", "unterminated href"),
            ("<div/>", "self-closing"),
            ("</p>", "nothing open"),
            ("<style>p{}", "<style> is never closed"),
        ] {
            let doc = parse(html);
            assert!(
                doc.errors.iter().any(|e| e.contains(expected)),
                "{html}: {:?}",
                doc.errors
            );
        }
    }
}
