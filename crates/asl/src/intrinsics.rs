//! Intrinsic functions (`States.Format(...)` and the rest), parsed once when the
//! definition is validated and evaluated against the effective input and context.

use crate::error::Failure;
use crate::path::{ValueRef, Variables};
use base64::Engine as _;
use serde_json::{Map, Number, Value};

/// Error name for an intrinsic whose arguments are wrong at run time.
pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";

const FUNCTIONS: [&str; 18] = [
    "States.Format",
    "States.StringToJson",
    "States.JsonToString",
    "States.Array",
    "States.ArrayPartition",
    "States.ArrayContains",
    "States.ArrayRange",
    "States.ArrayGetItem",
    "States.ArrayLength",
    "States.ArrayUnique",
    "States.Base64Encode",
    "States.Base64Decode",
    "States.Hash",
    "States.JsonMerge",
    "States.MathRandom",
    "States.MathAdd",
    "States.StringSplit",
    "States.UUID",
];

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Hole,
}

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Literal(Value),
    Text(Vec<Piece>),
    Ref(ValueRef),
    Call(Call),
}

/// A parsed intrinsic function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    name: String,
    args: Vec<Arg>,
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn err(&self, msg: &str) -> String {
        format!(
            "invalid intrinsic function '{}': {msg} at character {}",
            self.text,
            self.pos + 1
        )
    }

    fn skip_ws(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn call(&mut self) -> Result<Call, String> {
        let start = self.pos;
        while self
            .chars
            .get(self.pos)
            .is_some_and(|c| c.is_alphanumeric() || *c == '.')
        {
            self.pos += 1;
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        if !FUNCTIONS.contains(&name.as_str()) {
            return Err(self.err(&format!("'{name}' is not an intrinsic function")));
        }
        if self.chars.get(self.pos) != Some(&'(') {
            return Err(self.err("expected '('"));
        }
        self.pos += 1;
        let mut args = Vec::new();
        self.skip_ws();
        if self.chars.get(self.pos) == Some(&')') {
            self.pos += 1;
            return Ok(Call { name, args });
        }
        loop {
            self.skip_ws();
            args.push(self.arg()?);
            self.skip_ws();
            match self.chars.get(self.pos) {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(Call { name, args });
                }
                _ => return Err(self.err("expected ',' or ')'")),
            }
        }
    }

    fn arg(&mut self) -> Result<Arg, String> {
        match self.chars.get(self.pos) {
            Some('\'') => self.string(),
            Some('$') => {
                let start = self.pos;
                let (mut depth, mut quote) = (0i32, None::<char>);
                while let Some(&c) = self.chars.get(self.pos) {
                    match (quote, c) {
                        (Some(q), c) if c == q => quote = None,
                        (Some(_), _) => {}
                        (None, '\'' | '"') => quote = Some(c),
                        (None, '[') => depth += 1,
                        (None, ']') => depth -= 1,
                        (None, ',' | ')') if depth == 0 => break,
                        _ => {}
                    }
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string();
                ValueRef::parse(&text)
                    .map(Arg::Ref)
                    .map_err(|e| self.err(&e.to_string()))
            }
            Some(c) if c.is_ascii_digit() || *c == '-' => {
                let start = self.pos;
                while self
                    .chars
                    .get(self.pos)
                    .is_some_and(|c| c.is_ascii_digit() || "-+.eE".contains(*c))
                {
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                let n: Value = serde_json::from_str(&text)
                    .map_err(|_| self.err(&format!("'{text}' is not a number")))?;
                Ok(Arg::Literal(n))
            }
            Some(_) => {
                for (word, value) in [
                    ("null", Value::Null),
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                ] {
                    let end = self.pos + word.len();
                    if end <= self.chars.len()
                        && self.chars[self.pos..end].iter().collect::<String>() == word
                    {
                        self.pos = end;
                        return Ok(Arg::Literal(value));
                    }
                }
                if self.chars[self.pos..]
                    .iter()
                    .collect::<String>()
                    .starts_with("States.")
                {
                    return Ok(Arg::Call(self.call()?));
                }
                Err(self
                    .err("expected a string, number, boolean, null, path or intrinsic function"))
            }
            None => Err(self.err("unexpected end")),
        }
    }

    fn string(&mut self) -> Result<Arg, String> {
        self.pos += 1;
        let mut pieces = Vec::new();
        let mut text = String::new();
        loop {
            match self.chars.get(self.pos) {
                None => return Err(self.err("unterminated string")),
                Some('\\') => {
                    let next = *self
                        .chars
                        .get(self.pos + 1)
                        .ok_or_else(|| self.err("unterminated escape"))?;
                    text.push(next);
                    self.pos += 2;
                }
                Some('\'') => {
                    self.pos += 1;
                    break;
                }
                Some('{') if self.chars.get(self.pos + 1) == Some(&'}') => {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    pieces.push(Piece::Hole);
                    self.pos += 2;
                }
                Some(&c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        pieces.push(Piece::Text(text));
        Ok(Arg::Text(pieces))
    }
}

/// Parses `States.Name(args...)`.
pub fn parse(text: &str) -> Result<Call, String> {
    let mut p = Parser {
        chars: text.trim().chars().collect(),
        pos: 0,
        text,
    };
    let call = p.call()?;
    p.skip_ws();
    if p.pos != p.chars.len() {
        return Err(p.err("unexpected text after the call"));
    }
    Ok(call)
}

fn fail(name: &str, msg: impl std::fmt::Display) -> Failure {
    Failure::new(
        INTRINSIC_FAILURE,
        format!("Invalid arguments in {name}: {msg}"),
    )
}

fn text_of(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.as_str(),
            Piece::Hole => "{}",
        })
        .collect()
}

fn as_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A value as States.Format writes it: strings as they are, and objects and arrays the
/// way Step Functions' Java runtime prints them (`{a=1, b=[x, y]}`), not as JSON.
fn format_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(format_text).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{k}={}", format_text(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// A number rounded to an integer as Step Functions' MathAdd and MathRandom round their
/// arguments: half up, like Java's `Math.round` (1.5 → 2, -1.5 → -1, -2.5 → -2).
fn rounded(name: &str, v: &Value) -> Result<i64, Failure> {
    if let Some(i) = v.as_i64() {
        return Ok(i);
    }
    v.as_f64()
        .map(|f| (f + 0.5).floor())
        .filter(|f| f.is_finite() && f.abs() < 9.0e15)
        .map(|f| f as i64)
        .ok_or_else(|| fail(name, format!("{v} is not a number")))
}

fn int(name: &str, v: &Value) -> Result<i64, Failure> {
    v.as_i64()
        .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
        .ok_or_else(|| fail(name, format!("{v} is not an integer")))
}

fn arity(name: &str, given: usize, range: std::ops::RangeInclusive<usize>) -> Result<(), Failure> {
    if range.contains(&given) {
        Ok(())
    } else {
        Err(fail(
            name,
            format!(
                "expected {} to {} arguments, got {given}",
                range.start(),
                range.end(),
            ),
        ))
    }
}

impl Call {
    /// Evaluates the call.
    pub fn eval(&self, input: &Value, context: &Value, vars: &Variables) -> Result<Value, Failure> {
        let name = self.name.as_str();
        let args = self
            .args
            .iter()
            .map(|a| match a {
                Arg::Literal(v) => Ok(v.clone()),
                Arg::Text(p) => Ok(Value::String(text_of(p))),
                Arg::Ref(r) => r
                    .read(input, context, vars)
                    .map_err(|_| fail(name, format!("the path '{r}' could not be found"))),
                Arg::Call(c) => c.eval(input, context, vars),
            })
            .collect::<Result<Vec<Value>, Failure>>()?;
        if name == "States.Format" {
            if self.args.is_empty() {
                return Err(fail(name, "a template string is required"));
            }
            // The template is a literal, or a string read from a path or variable (where
            // each "{}" is a placeholder).
            let read;
            let pieces: &[Piece] = match &self.args[0] {
                Arg::Text(pieces) => pieces,
                _ => {
                    let Value::String(template) = &args[0] else {
                        return Err(fail(name, "the template must be a string"));
                    };
                    let mut parts = Vec::new();
                    for (i, text) in template.split("{}").enumerate() {
                        if i > 0 {
                            parts.push(Piece::Hole);
                        }
                        parts.push(Piece::Text(text.to_string()));
                    }
                    read = parts;
                    &read
                }
            };
            let holes = pieces.iter().filter(|p| **p == Piece::Hole).count();
            if holes != args.len() - 1 {
                return Err(fail(
                    name,
                    format!(
                        "the template has {holes} placeholders but {} values were given",
                        args.len() - 1
                    ),
                ));
            }
            let mut values = args[1..].iter();
            let mut out = String::new();
            for p in pieces {
                match p {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Hole => {
                        out.push_str(&format_text(values.next().unwrap_or(&Value::Null)))
                    }
                }
            }
            return Ok(Value::String(out));
        }
        apply(name, args)
    }
}

/// Applies the intrinsic `name` (other than States.Format, whose template is parsed with
/// the call) to argument values. The JSONata functions Step Functions adds (`$hash`,
/// `$partition`, ...) share these implementations.
pub fn apply(name: &str, args: Vec<Value>) -> Result<Value, Failure> {
    let given = args.len();
    let arity = |range: std::ops::RangeInclusive<usize>| arity(name, given, range);
    let array = |i: usize| {
        args[i]
            .as_array()
            .ok_or_else(|| fail(name, format!("argument {} must be an array", i + 1)))
    };
    let string = |i: usize| {
        args[i]
            .as_str()
            .ok_or_else(|| fail(name, format!("argument {} must be a string", i + 1)))
    };
    match name {
        "States.StringToJson" => {
            arity(1..=1)?;
            // Step Functions gives null for an empty or blank string.
            let text = string(0)?;
            if text.trim().is_empty() {
                return Ok(Value::Null);
            }
            // "-0" is the integer 0 (as Jackson reads it), not a negative float.
            if text.trim() == "-0" {
                return Ok(Value::from(0));
            }
            serde_json::from_str(text).map_err(|e| fail(name, e))
        }
        "States.JsonToString" => {
            arity(1..=1)?;
            Ok(Value::String(args[0].to_string()))
        }
        "States.Array" => Ok(Value::Array(args)),
        "States.ArrayPartition" => {
            arity(2..=2)?;
            let size = int(name, &args[1])?;
            if size <= 0 {
                return Err(fail(name, "the chunk size must be a positive integer"));
            }
            Ok(Value::Array(
                array(0)?
                    .chunks(size as usize)
                    .map(|c| Value::Array(c.to_vec()))
                    .collect(),
            ))
        }
        "States.ArrayContains" => {
            arity(2..=2)?;
            Ok(Value::Bool(array(0)?.contains(&args[1])))
        }
        "States.ArrayRange" => {
            arity(3..=3)?;
            let (start, end, step) = (
                int(name, &args[0])?,
                int(name, &args[1])?,
                int(name, &args[2])?,
            );
            if step == 0 {
                return Err(fail(name, "the step must not be 0"));
            }
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i <= end) || (step < 0 && i >= end) {
                out.push(Value::from(i));
                if out.len() > 1000 {
                    return Err(fail(name, "the range has more than 1000 items"));
                }
                i += step;
            }
            Ok(Value::Array(out))
        }
        "States.ArrayGetItem" => {
            arity(2..=2)?;
            let i = int(name, &args[1])?;
            let items = array(0)?;
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .ok_or_else(|| fail(name, format!("index {i} is out of range")))
        }
        "States.ArrayLength" => {
            arity(1..=1)?;
            Ok(Value::from(array(0)?.len()))
        }
        "States.ArrayUnique" => {
            arity(1..=1)?;
            let mut out: Vec<Value> = Vec::new();
            for v in array(0)? {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
            Ok(Value::Array(out))
        }
        "States.Base64Encode" => {
            arity(1..=1)?;
            let s = string(0)?;
            if s.chars().count() > 10_000 {
                return Err(fail(name, "the input is longer than 10000 characters"));
            }
            Ok(Value::String(
                base64::engine::general_purpose::STANDARD.encode(s),
            ))
        }
        "States.Base64Decode" => {
            arity(1..=1)?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(string(0)?)
                .map_err(|e| fail(name, e))?;
            String::from_utf8(bytes)
                .map(Value::String)
                .map_err(|e| fail(name, e))
        }
        "States.Hash" => {
            arity(2..=2)?;
            let data = as_string(&args[0]);
            use sha2::Digest;
            let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
            let digest = match string(1)? {
                "MD5" => hex(&md5::Md5::digest(data.as_bytes())),
                "SHA-1" => hex(&sha1::Sha1::digest(data.as_bytes())),
                "SHA-256" => hex(&sha2::Sha256::digest(data.as_bytes())),
                "SHA-384" => hex(&sha2::Sha384::digest(data.as_bytes())),
                "SHA-512" => hex(&sha2::Sha512::digest(data.as_bytes())),
                other => {
                    return Err(fail(
                        name,
                        format!("'{other}' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"),
                    ))
                }
            };
            Ok(Value::String(digest))
        }
        "States.JsonMerge" => {
            arity(3..=3)?;
            if args[2] != Value::Bool(false) {
                return Err(fail(
                    name,
                    "only a shallow merge (false) is supported by Step Functions",
                ));
            }
            let (Value::Object(a), Value::Object(b)) = (&args[0], &args[1]) else {
                return Err(fail(name, "both values must be JSON objects"));
            };
            let mut out: Map<String, Value> = a.clone();
            for (k, v) in b {
                out.insert(k.clone(), v.clone());
            }
            Ok(Value::Object(out))
        }
        "States.MathRandom" => {
            arity(2..=3)?;
            let (start, end) = (rounded(name, &args[0])?, rounded(name, &args[1])?);
            if end <= start {
                return Err(fail(name, "the end must be greater than the start"));
            }
            let seed = match args.get(2) {
                Some(s) => int(name, s)? as u64,
                None => uuid::Uuid::new_v4().as_u64_pair().0,
            };
            let mut x = seed ^ 0x9E37_79B9_7F4A_7C15;
            x ^= x >> 30;
            x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x ^= x >> 27;
            Ok(Value::from(start + (x % (end - start) as u64) as i64))
        }
        "States.MathAdd" => {
            arity(2..=2)?;
            let sum = rounded(name, &args[0])?
                .checked_add(rounded(name, &args[1])?)
                .ok_or_else(|| fail(name, "overflow"))?;
            Ok(Value::Number(Number::from(sum)))
        }
        "States.StringSplit" => {
            arity(2..=2)?;
            let delims: Vec<char> = string(1)?.chars().collect();
            Ok(Value::Array(
                string(0)?
                    .split(|c| delims.contains(&c))
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_string()))
                    .collect(),
            ))
        }
        "States.UUID" => {
            arity(0..=0)?;
            Ok(Value::String(uuid::Uuid::new_v4().to_string()))
        }
        other => Err(fail(other, "unknown function")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(text: &str, input: Value) -> Result<Value, Failure> {
        parse(text).unwrap_or_else(|e| panic!("{e}")).eval(
            &input,
            &json!({"Execution": {"Name": "ex"}}),
            &Variables::new(),
        )
    }

    // Expected values follow the examples in the Step Functions developer guide.
    #[test]
    fn examples_from_the_developer_guide() {
        assert_eq!(
            eval(
                "States.Format('Hello, my name is {}.', $.name)",
                json!({"name": "Arnav"})
            )
            .unwrap(),
            json!("Hello, my name is Arnav.")
        );
        assert_eq!(
            eval(
                "States.StringToJson($.escapedJsonString)",
                json!({"escapedJsonString": "{\"foo\": \"bar\"}"})
            )
            .unwrap(),
            json!({"foo": "bar"})
        );
        assert_eq!(
            eval(
                "States.JsonToString($.unescapedJson)",
                json!({"unescapedJson": {"foo": "bar"}})
            )
            .unwrap(),
            json!("{\"foo\":\"bar\"}")
        );
        assert_eq!(
            eval(
                "States.Array('Foo', 2020, $.someJson, null)",
                json!({"someJson": {"random": "abcdefg"}})
            )
            .unwrap(),
            json!(["Foo", 2020, {"random": "abcdefg"}, null])
        );
        assert_eq!(
            eval(
                "States.ArrayPartition($.inputArray, 4)",
                json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]})
            )
            .unwrap(),
            json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]])
        );
        assert_eq!(
            eval(
                "States.ArrayContains($.inputArray, $.lookingFor)",
                json!({"inputArray": [1, 2, 3], "lookingFor": 5})
            )
            .unwrap(),
            json!(false)
        );
        assert_eq!(
            eval("States.ArrayRange(1, 9, 2)", json!({})).unwrap(),
            json!([1, 3, 5, 7, 9])
        );
        assert_eq!(
            eval(
                "States.ArrayGetItem($.inputArray, $.index)",
                json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "index": 5})
            )
            .unwrap(),
            json!(6)
        );
        assert_eq!(
            eval(
                "States.ArrayLength($.inputArray)",
                json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]})
            )
            .unwrap(),
            json!(9)
        );
        assert_eq!(
            eval(
                "States.ArrayUnique($.inputArray)",
                json!({"inputArray": [1, 2, 3, 3, 3, 3, 3, 3, 4]})
            )
            .unwrap(),
            json!([1, 2, 3, 4])
        );
        assert_eq!(
            eval(
                "States.Base64Encode($.input)",
                json!({"input": "Data to encode"})
            )
            .unwrap(),
            json!("RGF0YSB0byBlbmNvZGU=")
        );
        assert_eq!(
            eval(
                "States.Base64Decode($.base64)",
                json!({"base64": "RGVjb2RlZCBkYXRh"})
            )
            .unwrap(),
            json!("Decoded data")
        );
        assert_eq!(
            eval(
                "States.Hash($.Data, $.Algorithm)",
                json!({"Data": "input data", "Algorithm": "SHA-1"})
            )
            .unwrap(),
            json!("aaff4a450a104cd177d28d18d74485e8cae074b7")
        );
        assert_eq!(
            eval("States.JsonMerge($.json1, $.json2, false)", json!({"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}})).unwrap(),
            json!({"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3})
        );
        assert_eq!(
            eval(
                "States.MathAdd($.value1, $.step)",
                json!({"value1": 111, "step": -1})
            )
            .unwrap(),
            json!(110)
        );
        assert_eq!(
            eval(
                "States.StringSplit($.inputString, $.splitter)",
                json!({"inputString": "1,2,3,4,5", "splitter": ","})
            )
            .unwrap(),
            json!(["1", "2", "3", "4", "5"])
        );
        assert_eq!(
            eval(
                "States.StringSplit($.inputString, $.splitter)",
                json!({"inputString": "This.is+a,test=string", "splitter": ".+,="})
            )
            .unwrap(),
            json!(["This", "is", "a", "test", "string"])
        );
        let r = eval(
            "States.MathRandom($.start, $.end)",
            json!({"start": 1, "end": 999}),
        )
        .unwrap()
        .as_i64()
        .unwrap();
        assert!((1..999).contains(&r));
        assert_eq!(
            eval("States.UUID()", json!({}))
                .unwrap()
                .as_str()
                .unwrap()
                .len(),
            36
        );
    }

    #[test]
    fn nesting_escapes_and_context() {
        assert_eq!(
            eval(
                "States.Format('{} has {} items', $$.Execution.Name, States.ArrayLength($.a))",
                json!({"a": [1, 2]})
            )
            .unwrap(),
            json!("ex has 2 items")
        );
        assert_eq!(
            eval("States.Format('literal \\{\\} and \\'quote\\'')", json!({})).unwrap(),
            json!("literal {} and 'quote'")
        );
    }

    #[test]
    fn bad_calls_are_refused_with_reasons() {
        assert!(parse("States.Nope(1)")
            .unwrap_err()
            .contains("not an intrinsic function"));
        assert!(parse("States.Format('x'").is_err());
        let e = eval("States.Format('{} {}', 1)", json!({})).unwrap_err();
        assert_eq!(e.error, INTRINSIC_FAILURE);
        assert!(eval("States.ArrayGetItem($.a, 5)", json!({"a": [1]})).is_err());
        assert!(eval("States.Hash('x', 'CRC32')", json!({})).is_err());
        assert!(eval("States.JsonMerge($.a, $.a, true)", json!({"a": {}})).is_err());
    }
}
