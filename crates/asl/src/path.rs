//! JSONPath as Step Functions uses it: reading values (`InputPath`, `.$` keys,
//! `Variable`) and writing them through reference paths (`ResultPath`).

use serde_json::{Map, Value};
use std::fmt;

/// One step of a parsed path.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(i64),
    Wildcard,
    /// `[start:end:step]`
    Slice(Option<i64>, Option<i64>, i64),
    /// `[0,2]` or `['a','b']`
    Union(Vec<Segment>),
    /// `..` followed by a name, `*` or a bracket: every match at any depth.
    Descend(Box<Segment>),
    /// `[?(...)]`
    Filter(Filter),
}

/// A filter expression, evaluated against each element (`@`).
#[derive(Debug, Clone, PartialEq)]
enum Filter {
    Or(Vec<Filter>),
    And(Vec<Filter>),
    Not(Box<Filter>),
    Exists(Vec<Segment>),
    Compare(Operand, CompareOp, Operand),
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Current(Vec<Segment>),
    Literal(Value),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A parsed JSONPath such as `$.a.b[0]` or `$.items[*].id`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    text: String,
    segments: Vec<Segment>,
}

/// Why a path could not be parsed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid JSONPath '{path}': {reason}")]
pub struct PathSyntaxError {
    pub path: String,
    pub reason: String,
}

/// Why a path could not be applied to a value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PathError {
    #[error("the JSONPath '{0}' could not be found in the input")]
    NotFound(String),
    #[error("the JSONPath '{0}' cannot be used to write: {1}")]
    CannotWrite(String, String),
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Path {
    /// Parses a path that must start with `$`.
    pub fn parse(text: &str) -> Result<Path, PathSyntaxError> {
        let mut p = Parser {
            chars: text.chars().collect(),
            pos: 0,
            text,
        };
        if p.peek() != Some('$') {
            return Err(p.err("a path must start with '$'"));
        }
        p.pos = 1;
        let segments = p.segments(false)?;
        if p.pos != p.chars.len() {
            return Err(p.err(&format!("unexpected character '{}'", p.chars[p.pos])));
        }
        Ok(Path {
            text: text.to_string(),
            segments,
        })
    }

    /// True for a path that names exactly one place (no wildcards, slices, unions,
    /// filters or deep scans): a reference path.
    pub fn is_reference(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Key(_) | Segment::Index(_)))
    }

    /// True for `$` itself.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// Reads the value at this path. A path that can match several places returns an
    /// array of its matches.
    pub fn read(&self, root: &Value) -> Result<Value, PathError> {
        if self.is_reference() {
            let mut cur = root;
            for seg in &self.segments {
                cur = step(cur, seg).ok_or_else(|| PathError::NotFound(self.text.clone()))?;
            }
            return Ok(cur.clone());
        }
        Ok(Value::Array(
            select(root, &self.segments).into_iter().cloned().collect(),
        ))
    }

    /// Why this reference path finds nothing in `root`, in the words Step Functions uses
    /// (Jayway JsonPath's): `No results for path: $['a']['b']` when only the last step is
    /// missing, `Missing property in path $['a']` when an earlier one already is.
    pub fn explain_missing(&self, root: &Value) -> String {
        let mut cur = root;
        for (i, seg) in self.segments.iter().enumerate() {
            match step(cur, seg) {
                Some(next) => cur = next,
                None if i + 1 < self.segments.len() => {
                    return format!(
                        "Missing property in path {}",
                        bracketed(&self.segments[..=i])
                    )
                }
                None => break,
            }
        }
        format!("No results for path: {}", bracketed(&self.segments))
    }

    /// Writes `value` at this reference path inside `root`, creating objects on the way.
    pub fn write(&self, root: &mut Value, value: Value) -> Result<(), PathError> {
        if !self.is_reference() {
            return Err(PathError::CannotWrite(
                self.text.clone(),
                "a reference path cannot contain '*'".into(),
            ));
        }
        let Some((last, parents)) = self.segments.split_last() else {
            *root = value;
            return Ok(());
        };
        let mut cur = root;
        for seg in parents {
            cur = match seg {
                Segment::Key(k) => {
                    let map = cur.as_object_mut().ok_or_else(|| self.not_object(k))?;
                    map.entry(k.clone())
                        .or_insert_with(|| Value::Object(Map::new()))
                }
                Segment::Index(i) => {
                    let items = cur.as_array_mut().ok_or_else(|| {
                        PathError::CannotWrite(
                            self.text.clone(),
                            format!("[{i}] is not in an array"),
                        )
                    })?;
                    let idx = resolve_index(*i, items.len()).ok_or_else(|| {
                        PathError::CannotWrite(
                            self.text.clone(),
                            format!("index {i} is out of range"),
                        )
                    })?;
                    &mut items[idx]
                }
                _ => unreachable!("checked by is_reference"),
            };
        }
        match last {
            Segment::Key(k) => {
                let map = cur.as_object_mut().ok_or_else(|| self.not_object(k))?;
                map.insert(k.clone(), value);
            }
            Segment::Index(i) => {
                let items = cur.as_array_mut().ok_or_else(|| {
                    PathError::CannotWrite(self.text.clone(), format!("[{i}] is not in an array"))
                })?;
                let idx = resolve_index(*i, items.len()).ok_or_else(|| {
                    PathError::CannotWrite(self.text.clone(), format!("index {i} is out of range"))
                })?;
                items[idx] = value;
            }
            _ => unreachable!("checked by is_reference"),
        }
        Ok(())
    }

    fn not_object(&self, key: &str) -> PathError {
        PathError::CannotWrite(
            self.text.clone(),
            format!("the parent of '{key}' is not a JSON object"),
        )
    }
}

fn resolve_index(i: i64, len: usize) -> Option<usize> {
    let idx = if i < 0 { len as i64 + i } else { i };
    (idx >= 0 && (idx as usize) < len).then_some(idx as usize)
}

fn step<'a>(v: &'a Value, seg: &Segment) -> Option<&'a Value> {
    match (seg, v) {
        (Segment::Key(k), Value::Object(map)) => map.get(k),
        (Segment::Index(i), Value::Array(items)) => {
            resolve_index(*i, items.len()).and_then(|idx| items.get(idx))
        }
        _ => None,
    }
}

fn children(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => map.values().collect(),
        _ => Vec::new(),
    }
}

fn apply_segment<'a>(v: &'a Value, seg: &Segment, out: &mut Vec<&'a Value>) {
    match seg {
        Segment::Key(_) | Segment::Index(_) => out.extend(step(v, seg)),
        Segment::Wildcard => out.extend(children(v)),
        Segment::Slice(start, end, stride) => {
            if let Value::Array(items) = v {
                let len = items.len() as i64;
                let norm = |i: i64| if i < 0 { (len + i).max(0) } else { i.min(len) };
                let (s, e) = (norm(start.unwrap_or(0)), norm(end.unwrap_or(len)));
                let mut i = s;
                while i < e {
                    out.push(&items[i as usize]);
                    i += (*stride).max(1);
                }
            }
        }
        Segment::Union(parts) => {
            for p in parts {
                apply_segment(v, p, out);
            }
        }
        Segment::Descend(inner) => {
            let mut stack = vec![v];
            while let Some(node) = stack.pop() {
                apply_segment(node, inner, out);
                let mut kids = children(node);
                kids.reverse();
                stack.extend(kids);
            }
        }
        Segment::Filter(f) => {
            for child in children(v) {
                if filter_matches(f, child) {
                    out.push(child);
                }
            }
        }
    }
}

fn select<'a>(root: &'a Value, segments: &[Segment]) -> Vec<&'a Value> {
    let mut current = vec![root];
    for seg in segments {
        let mut next = Vec::new();
        for v in current {
            apply_segment(v, seg, &mut next);
        }
        current = next;
    }
    current
}

fn operand_value<'a>(op: &'a Operand, item: &'a Value) -> Option<&'a Value> {
    match op {
        Operand::Literal(v) => Some(v),
        Operand::Current(segs) => {
            let found = select(item, segs);
            (found.len() == 1).then(|| found[0])
        }
    }
}

fn filter_matches(f: &Filter, item: &Value) -> bool {
    match f {
        Filter::Or(parts) => parts.iter().any(|p| filter_matches(p, item)),
        Filter::And(parts) => parts.iter().all(|p| filter_matches(p, item)),
        Filter::Not(inner) => !filter_matches(inner, item),
        Filter::Exists(segs) => !select(item, segs).is_empty(),
        Filter::Compare(a, op, b) => {
            let (Some(a), Some(b)) = (operand_value(a, item), operand_value(b, item)) else {
                return false;
            };
            let ordering = match (a, b) {
                (Value::Number(x), Value::Number(y)) => x
                    .as_f64()
                    .zip(y.as_f64())
                    .and_then(|(x, y)| x.partial_cmp(&y)),
                (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
                (x, y) => (x == y).then_some(std::cmp::Ordering::Equal),
            };
            match op {
                CompareOp::Eq => ordering == Some(std::cmp::Ordering::Equal),
                CompareOp::Ne => ordering != Some(std::cmp::Ordering::Equal),
                CompareOp::Lt => ordering == Some(std::cmp::Ordering::Less),
                CompareOp::Le => matches!(
                    ordering,
                    Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
                ),
                CompareOp::Gt => ordering == Some(std::cmp::Ordering::Greater),
                CompareOp::Ge => matches!(
                    ordering,
                    Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
                ),
            }
        }
    }
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn err(&self, reason: &str) -> PathSyntaxError {
        PathSyntaxError {
            path: self.text.to_string(),
            reason: reason.to_string(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        let end = self.pos + s.chars().count();
        if end <= self.chars.len() && self.chars[self.pos..end].iter().copied().eq(s.chars()) {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// Segments until the end, or (inside a filter) until an operator or ')'.
    fn segments(&mut self, in_filter: bool) -> Result<Vec<Segment>, PathSyntaxError> {
        let mut out = Vec::new();
        loop {
            match self.peek() {
                Some('.') => {
                    self.pos += 1;
                    if self.peek() == Some('.') {
                        self.pos += 1;
                        let inner = match self.peek() {
                            Some('[') => self.bracket()?,
                            Some('*') => {
                                self.pos += 1;
                                Segment::Wildcard
                            }
                            _ => Segment::Key(self.name()?),
                        };
                        out.push(Segment::Descend(Box::new(inner)));
                    } else if self.peek() == Some('*') {
                        self.pos += 1;
                        out.push(Segment::Wildcard);
                    } else {
                        out.push(Segment::Key(self.name()?));
                    }
                }
                Some('[') => out.push(self.bracket()?),
                Some(_) if in_filter => return Ok(out),
                Some(c) => return Err(self.err(&format!("unexpected character '{c}'"))),
                None => return Ok(out),
            }
        }
    }

    fn name(&mut self) -> Result<String, PathSyntaxError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| !".[]()=!<>&| ".contains(c)) {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.err("empty name after '.'"));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }

    /// A quoted string. A backslash keeps the next character from ending it; in a
    /// bracket name (`$['a\\"b']`) both stay in the name, as in the Jayway JsonPath Step
    /// Functions uses (recorded on AWS: `$['Test\\""Name"']` reads the key `Test\\""Name"`),
    /// while a filter's string literal drops the backslash.
    fn quoted(&mut self, keep_escapes: bool) -> Result<String, PathSyntaxError> {
        let quote = self.peek().ok_or_else(|| self.err("expected a quote"))?;
        self.pos += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated quoted name")),
                Some('\\') => {
                    let next = self
                        .chars
                        .get(self.pos + 1)
                        .copied()
                        .ok_or_else(|| self.err("unterminated quoted name"))?;
                    if keep_escapes {
                        s.push('\\');
                    }
                    s.push(next);
                    self.pos += 2;
                }
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(s);
                }
                Some(c) => {
                    s.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn integer(&mut self) -> Option<i64> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        match text.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.pos = start;
                None
            }
        }
    }

    fn bracket(&mut self) -> Result<Segment, PathSyntaxError> {
        self.pos += 1; // '['
        self.skip_ws();
        let seg = match self.peek() {
            None => return Err(self.err("unclosed '['")),
            Some('*') => {
                self.pos += 1;
                Segment::Wildcard
            }
            Some('?') => {
                self.pos += 1;
                self.skip_ws();
                if !self.eat("(") {
                    return Err(self.err("expected '(' after '?'"));
                }
                let f = self.filter_or()?;
                self.skip_ws();
                if !self.eat(")") {
                    return Err(self.err("expected ')' to close the filter"));
                }
                Segment::Filter(f)
            }
            Some('\'' | '"') => {
                let mut keys = vec![Segment::Key(self.quoted(true)?)];
                self.skip_ws();
                while self.eat(",") {
                    self.skip_ws();
                    keys.push(Segment::Key(self.quoted(true)?));
                    self.skip_ws();
                }
                if keys.len() == 1 {
                    keys.remove(0)
                } else {
                    Segment::Union(keys)
                }
            }
            Some(_) => {
                let first = self.integer();
                self.skip_ws();
                if self.peek() == Some(':') {
                    self.pos += 1;
                    let end = self.integer();
                    let stride = if self.eat(":") {
                        self.integer().unwrap_or(1)
                    } else {
                        1
                    };
                    if stride <= 0 {
                        return Err(self.err("a slice step must be positive"));
                    }
                    Segment::Slice(first, end, stride)
                } else {
                    let first = first.ok_or_else(|| {
                        self.err("expected an index, a slice, a quoted name, '*' or a filter")
                    })?;
                    let mut idx = vec![Segment::Index(first)];
                    while self.eat(",") {
                        self.skip_ws();
                        idx.push(Segment::Index(
                            self.integer()
                                .ok_or_else(|| self.err("expected an index after ','"))?,
                        ));
                        self.skip_ws();
                    }
                    if idx.len() == 1 {
                        idx.remove(0)
                    } else {
                        Segment::Union(idx)
                    }
                }
            }
        };
        self.skip_ws();
        if !self.eat("]") {
            return Err(self.err("expected ']'"));
        }
        Ok(seg)
    }

    fn filter_or(&mut self) -> Result<Filter, PathSyntaxError> {
        let mut parts = vec![self.filter_and()?];
        loop {
            self.skip_ws();
            if !self.eat("||") {
                break;
            }
            parts.push(self.filter_and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Filter::Or(parts)
        })
    }

    fn filter_and(&mut self) -> Result<Filter, PathSyntaxError> {
        let mut parts = vec![self.filter_atom()?];
        loop {
            self.skip_ws();
            if !self.eat("&&") {
                break;
            }
            parts.push(self.filter_atom()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Filter::And(parts)
        })
    }

    fn filter_atom(&mut self) -> Result<Filter, PathSyntaxError> {
        self.skip_ws();
        if self.eat("!") {
            return Ok(Filter::Not(Box::new(self.filter_atom()?)));
        }
        if self.eat("(") {
            let inner = self.filter_or()?;
            self.skip_ws();
            if !self.eat(")") {
                return Err(self.err("expected ')'"));
            }
            return Ok(inner);
        }
        let left = self.operand()?;
        self.skip_ws();
        let op = [
            ("==", CompareOp::Eq),
            ("!=", CompareOp::Ne),
            ("<=", CompareOp::Le),
            (">=", CompareOp::Ge),
            ("<", CompareOp::Lt),
            (">", CompareOp::Gt),
        ]
        .into_iter()
        .find(|(t, _)| self.eat(t))
        .map(|(_, op)| op);
        match (op, left) {
            (Some(op), left) => {
                self.skip_ws();
                Ok(Filter::Compare(left, op, self.operand()?))
            }
            (None, Operand::Current(segs)) => Ok(Filter::Exists(segs)),
            (None, Operand::Literal(_)) => {
                Err(self.err("a filter needs a comparison or an @ path"))
            }
        }
    }

    fn operand(&mut self) -> Result<Operand, PathSyntaxError> {
        self.skip_ws();
        match self.peek() {
            Some('@') => {
                self.pos += 1;
                Ok(Operand::Current(self.segments(true)?))
            }
            Some('\'' | '"') => Ok(Operand::Literal(Value::String(self.quoted(false)?))),
            _ => {
                for (word, v) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    if self.eat(word) {
                        return Ok(Operand::Literal(v));
                    }
                }
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || "-+.eE".contains(c))
                {
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                serde_json::from_str::<Value>(&text)
                    .ok()
                    .filter(Value::is_number)
                    .map(Operand::Literal)
                    .ok_or_else(|| {
                        self.err(
                            "expected '@', a string, a number, true, false or null in the filter",
                        )
                    })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(path: &str, v: &Value) -> Result<Value, PathError> {
        Path::parse(path).unwrap().read(v)
    }

    #[test]
    fn reads_keys_indices_and_quoted_names() {
        let v = json!({"a": {"b": [10, 20, {"c d": true}]}});
        assert_eq!(read("$.a.b[1]", &v).unwrap(), json!(20));
        assert_eq!(read("$.a.b[-1]['c d']", &v).unwrap(), json!(true));
        assert_eq!(read("$", &v).unwrap(), v);
        assert!(matches!(read("$.a.x", &v), Err(PathError::NotFound(_))));
    }

    #[test]
    fn wildcards_collect_matches() {
        let v = json!({"items": [{"id": 1}, {"id": 2}, {"other": 3}]});
        assert_eq!(read("$.items[*].id", &v).unwrap(), json!([1, 2]));
        assert_eq!(read("$.nothing[*]", &v).unwrap(), json!([]));
    }

    #[test]
    fn slices_unions_deep_scans_and_filters() {
        let v = json!({"store": {"book": [
            {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
            {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
            {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
            {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}],
            "bicycle": {"color": "red", "price": 19.95}}});
        assert_eq!(
            read("$.store.book[*].author", &v)
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            4
        );
        assert_eq!(read("$..author", &v).unwrap().as_array().unwrap().len(), 4);
        assert_eq!(
            read("$.store..price", &v).unwrap(),
            json!([8.95, 12.99, 8.99, 22.99, 19.95])
        );
        assert_eq!(read("$..book[2].title", &v).unwrap(), json!(["Moby Dick"]));
        assert_eq!(
            read("$..book[-1:].title", &v).unwrap(),
            json!(["The Lord of the Rings"])
        );
        assert_eq!(
            read("$..book[0,1].title", &v).unwrap(),
            json!(["Sayings of the Century", "Sword of Honour"])
        );
        assert_eq!(read("$..book[:2].price", &v).unwrap(), json!([8.95, 12.99]));
        assert_eq!(
            read("$..book[?(@.isbn)].title", &v).unwrap(),
            json!(["Moby Dick", "The Lord of the Rings"])
        );
        assert_eq!(
            read("$..book[?(@.price < 10)].title", &v).unwrap(),
            json!(["Sayings of the Century", "Moby Dick"])
        );
        assert_eq!(
            read(
                "$..book[?(@.category == 'fiction' && @.price > 20)].author",
                &v
            )
            .unwrap(),
            json!(["J. R. R. Tolkien"])
        );
        assert_eq!(
            read("$.store.book[1:4:2].title", &v).unwrap(),
            json!(["Sword of Honour", "The Lord of the Rings"])
        );
        assert_eq!(
            read("$.store['bicycle','nothing']", &v).unwrap(),
            json!([{"color": "red", "price": 19.95}])
        );
    }

    #[test]
    fn writes_create_parents_and_refuse_non_objects() {
        let mut v = json!({"a": 1});
        Path::parse("$.x.y")
            .unwrap()
            .write(&mut v, json!(2))
            .unwrap();
        assert_eq!(v, json!({"a": 1, "x": {"y": 2}}));
        let err = Path::parse("$.a.b").unwrap().write(&mut v, json!(3));
        assert!(matches!(err, Err(PathError::CannotWrite(..))));
    }

    #[test]
    fn rejects_bad_syntax() {
        for bad in [
            "a.b",
            "$.",
            "$[",
            "$[x]",
            "$..",
            "$['a",
            "$[?(@.a == )]",
            "$[1:2:0]",
        ] {
            assert!(Path::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}

/// Where a `.$` value, a Choice `Variable` or an intrinsic argument reads from: the input
/// (`$.a`), the context object (`$$.Execution.Id`) or a workflow variable (`$order.id`).
#[derive(Debug, Clone, PartialEq)]
pub enum ValueRef {
    Input(Path),
    Context(Path),
    Variable(String, Path),
}

/// The workflow variables visible in a scope.
pub type Variables = serde_json::Map<String, Value>;

impl ValueRef {
    pub fn parse(text: &str) -> Result<ValueRef, PathSyntaxError> {
        if let Some(rest) = text.strip_prefix("$$") {
            return Path::parse(&format!("${rest}")).map(ValueRef::Context);
        }
        let after = text.strip_prefix('$').unwrap_or("");
        if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = after[..end].to_string();
            return Path::parse(&format!("${}", &after[end..]))
                .map(|p| ValueRef::Variable(name, p));
        }
        Path::parse(text).map(ValueRef::Input)
    }

    pub fn read(
        &self,
        input: &Value,
        context: &Value,
        vars: &Variables,
    ) -> Result<Value, PathError> {
        match self {
            ValueRef::Input(p) => p.read(input),
            ValueRef::Context(p) => p.read(context),
            ValueRef::Variable(name, p) => {
                let v = vars
                    .get(name)
                    .ok_or_else(|| PathError::NotFound(format!("${name}")))?;
                p.read(v)
            }
        }
    }

    /// [`Path::explain_missing`] for whichever value this reference reads.
    pub fn explain_missing(&self, input: &Value, context: &Value, vars: &Variables) -> String {
        match self {
            ValueRef::Input(p) => p.explain_missing(input),
            ValueRef::Context(p) => p.explain_missing(context),
            ValueRef::Variable(name, p) => match vars.get(name) {
                Some(v) => p.explain_missing(v),
                None => format!("No results for path: ${name}"),
            },
        }
    }
}

/// A path in the bracket notation Step Functions' messages use: `$['a'][0]`.
fn bracketed(segments: &[Segment]) -> String {
    let mut out = String::from("$");
    for seg in segments {
        match seg {
            Segment::Key(k) => {
                out.push_str("['");
                out.push_str(&k.replace('\\', "\\\\").replace('\'', "\\'"));
                out.push_str("']");
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            _ => out.push_str("[*]"),
        }
    }
    out
}

impl fmt::Display for ValueRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueRef::Input(p) => write!(f, "{p}"),
            ValueRef::Context(p) => write!(f, "${p}"),
            ValueRef::Variable(name, p) => write!(f, "${name}{}", &p.text[1..]),
        }
    }
}
