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
        let err = |reason: &str| PathSyntaxError {
            path: text.to_string(),
            reason: reason.to_string(),
        };
        let chars: Vec<char> = text.chars().collect();
        if chars.first() != Some(&'$') {
            return Err(err("a path must start with '$'"));
        }
        let mut segments = Vec::new();
        let mut i = 1;
        while i < chars.len() {
            match chars[i] {
                '.' => {
                    i += 1;
                    if i < chars.len() && chars[i] == '.' {
                        return Err(err("recursive descent '..' is not supported"));
                    }
                    if i < chars.len() && chars[i] == '*' {
                        segments.push(Segment::Wildcard);
                        i += 1;
                        continue;
                    }
                    let start = i;
                    while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                        i += 1;
                    }
                    if start == i {
                        return Err(err("empty name after '.'"));
                    }
                    segments.push(Segment::Key(chars[start..i].iter().collect()));
                }
                '[' => {
                    i += 1;
                    let Some(&c) = chars.get(i) else {
                        return Err(err("unclosed '['"));
                    };
                    if c == '\'' || c == '"' {
                        let quote = c;
                        i += 1;
                        let mut name = String::new();
                        loop {
                            match chars.get(i) {
                                None => return Err(err("unterminated quoted name")),
                                Some('\\') => {
                                    if let Some(&next) = chars.get(i + 1) {
                                        name.push(next);
                                        i += 2;
                                    } else {
                                        return Err(err("unterminated quoted name"));
                                    }
                                }
                                Some(&q) if q == quote => {
                                    i += 1;
                                    break;
                                }
                                Some(&other) => {
                                    name.push(other);
                                    i += 1;
                                }
                            }
                        }
                        if chars.get(i) != Some(&']') {
                            return Err(err("expected ']' after quoted name"));
                        }
                        i += 1;
                        segments.push(Segment::Key(name));
                    } else if c == '*' {
                        if chars.get(i + 1) != Some(&']') {
                            return Err(err("expected ']' after '*'"));
                        }
                        i += 2;
                        segments.push(Segment::Wildcard);
                    } else {
                        let start = i;
                        while i < chars.len() && chars[i] != ']' {
                            i += 1;
                        }
                        if i >= chars.len() {
                            return Err(err("unclosed '['"));
                        }
                        let inner: String = chars[start..i].iter().collect();
                        let index: i64 = inner.trim().parse().map_err(|_| {
                            err(&format!(
                                "'[{inner}]' is not an index, a quoted name or '*'"
                            ))
                        })?;
                        i += 1;
                        segments.push(Segment::Index(index));
                    }
                }
                other => return Err(err(&format!("unexpected character '{other}'"))),
            }
        }
        Ok(Path {
            text: text.to_string(),
            segments,
        })
    }

    /// True for a path that names exactly one place (no wildcards): a reference path.
    pub fn is_reference(&self) -> bool {
        !self.segments.iter().any(|s| matches!(s, Segment::Wildcard))
    }

    /// True for `$` itself.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// Reads the value at this path. A path with wildcards returns an array of matches.
    pub fn read(&self, root: &Value) -> Result<Value, PathError> {
        if self.is_reference() {
            let mut cur = root;
            for seg in &self.segments {
                cur = step(cur, seg).ok_or_else(|| PathError::NotFound(self.text.clone()))?;
            }
            return Ok(cur.clone());
        }
        let mut current: Vec<&Value> = vec![root];
        for seg in &self.segments {
            let mut next = Vec::new();
            for v in current {
                match seg {
                    Segment::Wildcard => match v {
                        Value::Array(items) => next.extend(items.iter()),
                        Value::Object(map) => next.extend(map.values()),
                        _ => {}
                    },
                    other => next.extend(step(v, other)),
                }
            }
            current = next;
        }
        Ok(Value::Array(current.into_iter().cloned().collect()))
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
                Segment::Wildcard => unreachable!("checked by is_reference"),
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
            Segment::Wildcard => unreachable!("checked by is_reference"),
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
        for bad in ["a.b", "$.", "$[", "$[x]", "$..a", "$['a"] {
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
        let after = &text[text.len().min(1)..];
        if text.starts_with('$') && after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        {
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
